"""Send the requests of ``smcontract export openapi``'s document the way AWS JSON 1.1 wants.

The exported document gives every operation a path of its own, ``/_/<Operation>``. Before a
request leaves, :class:`AwsJsonAuth` (a ``requests`` auth) sends it to ``/`` with
``X-Amz-Target: SageMaker.<Operation>`` and ``Content-Type: application/x-amz-json-1.1``, then
SigV4-signs it. The HTTP method is left as Schemathesis chose it: the document declares
``POST``, and a request of another method (Schemathesis' unsupported-method check) reaches the
server as that method, so the server's answer to it is what the check judges. Signing is
botocore's ``SigV4Auth``: credentials from the AWS chain (environment,
profile, ...), or the dummy pair ``testing``/``testing`` for a loopback endpoint (an emulator)
when the chain has none.

With the Schemathesis CLI, load this module as hooks, and the configuration ``smcontract export
openapi --schemathesis-config`` writes (AWS answers documented situations such as a name not
found with HTTP 400, which Schemathesis would otherwise take for rejected valid data)::

    SCHEMATHESIS_HOOKS=smcontract.schemathesis_hooks st --config-file schemathesis.toml \
        run openapi.json --url http://127.0.0.1:5000

With its Python API, pass the auth to ``case.call``::

    response = case.call(base_url=url, auth=AwsJsonAuth(region="us-east-1"))

The region comes from ``AWS_REGION`` / ``AWS_DEFAULT_REGION`` (default ``us-east-1``).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests.auth

from smcontract.contracts import PATH_PREFIX

__all__ = ["AwsJsonAuth", "before_call", "deserialize_aws_json"]


class AwsJsonAuth(requests.auth.AuthBase):
    """A ``requests`` auth: ``/_/<Operation>`` -> ``/`` + ``X-Amz-Target``, SigV4-signed; the
    method is kept."""

    def __init__(
        self,
        *,
        region: str | None = None,
        target_prefix: str = "SageMaker",
        signing_name: str = "sagemaker",
        content_type: str = "application/x-amz-json-1.1",
        credentials: Any = None,
    ) -> None:
        self.region = region or _default_region()
        self.target_prefix = target_prefix
        self.signing_name = signing_name
        self.content_type = content_type
        self.credentials = credentials  # botocore Credentials; None: resolved per host

    def __repr__(self) -> str:
        return f"AwsJsonAuth(region={self.region!r}, target_prefix={self.target_prefix!r})"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        url = urlsplit(str(request.url))
        head, marker, operation = url.path.rpartition(PATH_PREFIX)
        if not marker or not operation or "/" in operation:
            return request  # not a path of the exported document: leave it alone
        url = url._replace(path=(head or "") + "/")
        request.url = urlunsplit(url)
        raw: Any = request.body if request.body is not None else b"{}"
        body: bytes = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        request.body = body
        request.headers["Content-Length"] = str(len(body))
        request.headers["X-Amz-Target"] = f"{self.target_prefix}.{operation}"
        request.headers["Content-Type"] = self.content_type
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            request.headers.pop(name, None)
        method = str(request.method or "POST")
        signed = AWSRequest(
            method=method,
            url=request.url,
            data=body,
            headers={
                "X-Amz-Target": request.headers["X-Amz-Target"],
                "Content-Type": self.content_type,
            },
        )
        SigV4Auth(self._credentials(url.hostname or ""), self.signing_name, self.region).add_auth(
            signed
        )
        for name, value in signed.headers.items():
            request.headers[name] = value
        return request

    def _credentials(self, host: str) -> Any:
        if self.credentials is not None:
            return self.credentials
        from smcontract.suites.targets import is_loopback, resolve_credentials

        found = resolve_credentials(loopback=is_loopback(host))
        if found is None:
            from smcontract.errors import TargetError

            raise TargetError(
                f"no AWS credentials to sign requests to {host}; set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY or AWS_PROFILE"
            )
        return found.frozen()


def _default_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


_AUTH: AwsJsonAuth | None = None


def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Schemathesis ``before_call`` hook: send every case through :class:`AwsJsonAuth`."""
    global _AUTH
    if _AUTH is None:
        _AUTH = AwsJsonAuth()
    kwargs["auth"] = _AUTH


def deserialize_aws_json(context: Any, response: Any) -> Any:
    """Schemathesis deserializer: AWS JSON 1.1 bodies are JSON (so responses get validated)."""
    import json

    return json.loads(response.content or b"{}")


def _register() -> None:
    try:
        import schemathesis
    except ImportError:  # the module is usable without Schemathesis (AwsJsonAuth alone)
        return
    schemathesis.hook(before_call)
    schemathesis.deserializer("application/x-amz-json-1.1")(deserialize_aws_json)


_register()
