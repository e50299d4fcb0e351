"""Any SageMaker endpoint over HTTP(S): AWS JSON 1.1, always signed with SigV4.

Every request is ``POST`` to the URL with ``X-Amz-Target: SageMaker.<Op>`` and
``Content-Type: application/x-amz-json-1.1``, signed by botocore's own ``SigV4Auth`` for
service ``sagemaker`` in the target's region. Unsigned requests are not an option: moto's
server answers them with S3 XML.

The answer is streamed and reading stops past ``max_body`` bytes or past ``timeout`` seconds
in all, so a huge or trickling body costs neither memory nor time. Requests go over one pooled
``requests.Session`` that ignores ``.netrc`` (it would replace the signature) but keeps the
environment's proxy settings for the URL.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from smcontract._version import __version__
from smcontract.errors import TargetError, TargetTimeout, UsageError
from smcontract.suites.targets._base import Fault, Layer, Outcome
from smcontract.suites.targets._classify import (
    classify_http,
    exception_detail,
    header,
    too_large,
    unrouted,
)
from smcontract.suites.targets._credentials import Creds, is_loopback, resolve_credentials
from smcontract.suites.targets._redact import redact

__all__ = ["UrlTarget", "check_reachable", "split_url"]

_CHUNK = 64 * 1024
_REQUESTS_VERSION = str(getattr(requests, "__version__", "unknown"))
_PROBE_TIMEOUT = 3.0


def split_url(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an ``http://`` or ``https://`` URL; UsageError otherwise."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        shown = url.replace(parts.netloc, parts.netloc.rpartition("@")[2])
        raise UsageError(
            f"target URL {shown!r} carries a user name or password; leave them out: requests "
            "are signed with SigV4 using the AWS credential chain (AWS_ACCESS_KEY_ID, ...)"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"target URL {url!r} is not an http:// or https:// URL with a host; "
            "pass e.g. --target http://127.0.0.1:5000"
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UsageError(f"target URL {url!r} has a bad port ({exc})") from None
    return parts.scheme, parts.hostname, port


def check_reachable(url: str, *, timeout: float = _PROBE_TIMEOUT) -> None:
    """Open (and close) one TCP connection to the URL's host and port; TargetError if none."""
    _, host, port = split_url(url)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except ConnectionRefusedError:
        reason = "connection refused"
    except TimeoutError:
        reason = f"no answer within {timeout:g} s"
    except socket.gaierror as exc:
        reason = f"host name {host!r} not resolved: {exc.strerror or exc}"
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
    else:
        return
    raise TargetError(
        f"cannot reach {url} ({reason}); is the service running? start it or pass another --target"
    )


def _reset_path(fragment: str, spec: str) -> str | None:
    """The ``reset=PATH`` of a URL spec's fragment (``http://host:port#reset=/moto-api/reset``)."""
    if not fragment:
        return None
    key, sep, path = fragment.partition("=")
    if key != "reset" or not sep or not path.startswith("/"):
        raise UsageError(
            f"target {spec!r}: the only URL fragment understood is #reset=/PATH (a path to POST "
            "before each case, e.g. #reset=/moto-api/reset for a moto server)"
        )
    return path


class UrlTarget:
    """A SageMaker endpoint at ``url``, called over HTTP(S) with signed AWS JSON 1.1."""

    def __init__(
        self,
        url: str,
        *,
        region: str = "us-east-1",
        timeout: float = 10.0,
        max_body: int = 5 * 2**20,
        credentials: Creds | None = None,
        name: str | None = None,
        check: bool = True,
        moto: bool = False,
    ) -> None:
        spec = url
        url, _, fragment = url.partition("#")
        reset_path = _reset_path(fragment, spec)
        _, host, _ = split_url(url)
        if check:
            check_reachable(url, timeout=min(timeout, _PROBE_TIMEOUT))
        if urlsplit(url).path == "":
            url += "/"
        if credentials is None:
            credentials = resolve_credentials(loopback=is_loopback(host))
        if credentials is None:
            raise TargetError(
                f"no AWS credentials found to sign requests to {url}: set AWS_ACCESS_KEY_ID "
                "and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or use a loopback URL"
            )
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        self.name = name or spec
        self.url = url
        self.reset_path = reset_path
        self._moto = moto  # moto's server: an empty 404 is an operation it lacks (unrouted)
        self._region = region
        self._timeout = timeout
        self._max_body = max_body
        self._creds = credentials
        self._auth = SigV4Auth
        self._request = AWSRequest
        self._credentials = Credentials
        self._session = requests.Session()
        self._session.trust_env = False  # no .netrc: it would overwrite Authorization
        self._session.proxies = dict(requests.utils.get_environ_proxies(url))
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=4, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = (
            f"smcontract/{__version__} python-requests/{_REQUESTS_VERSION}"
        )

    # -- Target ---------------------------------------------------------------------------

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            outcome = self._invoke(operation, params, start)
        except Exception as exc:  # a target never raises (unserialisable params, signing)
            outcome = _outcome("exception", "transport", exc, start)
        return redact(outcome, self._creds.secrets())

    def reset(self) -> None:
        """POST the spec's ``#reset=PATH`` on the same host, if given; else state stays.

        A reset the server refuses raises :class:`TargetError` (the runner records it as a
        harness error of the case, so a wrong path shows on every case rather than silently).
        """
        if self.reset_path is None:
            return
        try:
            answer = self.post(self.reset_path)
        except requests.exceptions.Timeout:
            raise TargetTimeout(
                f"reset got no answer within {self._timeout:g} s: POST "
                f"{self.url.rstrip('/')}{self.reset_path}"
            ) from None
        if answer.status_code >= 300:
            raise TargetError(
                f"reset failed: POST {self.url.rstrip('/')}{self.reset_path} answered HTTP "
                f"{answer.status_code}; check the #reset= path of the target"
            )

    def close(self) -> None:
        self._session.close()

    def identity(self) -> dict[str, Any]:
        import botocore

        return {
            "kind": "url",
            "url": self.url,
            "reset": self.reset_path,
            "region": self._region,
            "protocol": "awsJson1_1",
            "signing": "sigv4",
            "credentials": self._creds.source,
            "botocore_version": botocore.__version__,
            "requests_version": _REQUESTS_VERSION,
        }

    # -- internals ------------------------------------------------------------------------

    def post(self, path: str, *, timeout: float | None = None) -> requests.Response:
        """An unsigned ``POST`` to ``path`` on the same host (moto's ``/moto-api/reset``)."""
        url = self.url.rstrip("/") + path
        return self._session.post(url, timeout=timeout or self._timeout)

    def _signed(self, operation: str, data: bytes, frozen: Any) -> dict[str, str]:
        headers = {
            "X-Amz-Target": f"SageMaker.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
        }
        request = self._request(method="POST", url=self.url, data=data, headers=headers)
        credentials = self._credentials(frozen.access_key, frozen.secret_key, frozen.token)
        self._auth(credentials, "sagemaker", self._region).add_auth(request)
        return {str(k): str(v) for k, v in request.headers.items()}

    def _invoke(self, operation: str, params: Mapping[str, Any], start: float) -> Outcome:
        data = json.dumps(params).encode("utf-8")
        headers = self._signed(operation, data, self._creds.frozen())
        deadline = start + self._timeout
        try:
            response = self._session.post(
                self.url,
                data=data,
                headers=headers,
                timeout=(min(self._timeout, _PROBE_TIMEOUT), self._timeout),
                stream=True,
                allow_redirects=False,
            )
        except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError) as exc:
            return _outcome("timeout", "transport", exc, start)
        except requests.exceptions.ConnectionError as exc:
            return _outcome("connection", "transport", exc, start)
        with response:
            return self._read(operation, response, start, deadline)

    def _read(
        self, operation: str, response: requests.Response, start: float, deadline: float
    ) -> Outcome:
        status = response.status_code
        declared = header(response.headers, "Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > self._max_body:
            return self._too_large(status, f"Content-Length {declared}", start)
        raw = bytearray()
        try:
            for chunk in _chunks(response.raw):
                raw += chunk
                if len(raw) > self._max_body:
                    return self._too_large(status, f"more than {len(raw) - len(chunk)}", start)
                if time.perf_counter() > deadline:
                    return _outcome(
                        "timeout",
                        "transport",
                        None,
                        start,
                        status=status,
                        detail=f"body not complete after {self._timeout:g} s "
                        f"({len(raw)} bytes read)",
                    )
        except (urllib3.exceptions.ReadTimeoutError, requests.exceptions.Timeout) as exc:
            return _outcome("timeout", "transport", exc, start, status=status)
        except (
            urllib3.exceptions.ProtocolError,
            requests.exceptions.ConnectionError,
            ConnectionError,
        ) as exc:
            return _outcome("connection", "transport", exc, start, status=status)
        elapsed = time.perf_counter() - start
        missing = unrouted(operation, status, bytes(raw), elapsed) if self._moto else None
        return missing or classify_http(status, response.headers, bytes(raw), elapsed=elapsed)

    def _too_large(self, status: int, seen: str, start: float) -> Outcome:
        return too_large(
            status,
            f"body larger than max_body={self._max_body} bytes ({seen}); stopped reading",
            time.perf_counter() - start,
        )


def _chunks(raw: Any) -> Iterator[bytes]:
    """The decoded body, a piece per socket read: a trickle cannot hold one read past the
    deadline, as ``stream(amt)`` would while it waits to fill ``amt`` bytes."""
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # urllib3 < 2.3
        yield from raw.stream(_CHUNK, decode_content=True)
        return
    while chunk := read1(_CHUNK, decode_content=True):
        yield chunk


def _root(exc: BaseException) -> BaseException:
    """The innermost cause of a requests/urllib3 exception (ConnectionRefusedError, ...)."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        reason = getattr(exc, "reason", None)
        if isinstance(reason, BaseException):
            exc = reason
        elif exc.args and isinstance(exc.args[0], BaseException):
            exc = exc.args[0]
        elif exc.__cause__ is not None:
            exc = exc.__cause__
        elif exc.__context__ is not None and not exc.__suppress_context__:
            exc = exc.__context__
        else:
            break
    return exc


def _outcome(
    fault: Fault,
    layer: Layer,
    exc: BaseException | None,
    start: float,
    *,
    status: int | None = None,
    detail: str | None = None,
) -> Outcome:
    if detail is None and exc is not None:
        root = _root(exc)
        detail = exception_detail(exc)
        if root is not exc:
            detail = f"{type(exc).__name__} ({exception_detail(root)})"
    return Outcome(
        status=status,
        error_code=None,
        message=None,
        body=None,
        layer=layer,
        fault=fault,
        detail=detail,
        elapsed=time.perf_counter() - start,
    )
