"""A real boto3 SageMaker client, with its own client-side parameter validation on.

This is what a boto3 user sees: botocore validates the parameters first (required members,
types, minimum lengths and values, but no maximums, patterns or enums), and only what passes
reaches the backing implementation. A ``ParamValidationError`` becomes
``layer="client"``, ``error_code="ParamValidationError"``. Answers from the server are
classified from the raw HTTP answer (captured before botocore parses it) with the same rules
as the URL target, and keep the code, message and status that boto3's ``ClientError`` reports.

Backing: in-process moto (default; the client hands its prepared requests to moto's
dispatcher, as ``mock_aws`` does, but for this client only), a URL, or ``"moto-server"``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime
import time
from collections.abc import Mapping
from typing import Any

from smcontract.suites.targets._base import Fault, Layer, Outcome
from smcontract.suites.targets._classify import classify_http, exception_detail, too_large
from smcontract.suites.targets._credentials import (
    Creds,
    dummy_credentials,
    is_loopback,
    resolve_credentials,
)
from smcontract.suites.targets._http import check_reachable, split_url
from smcontract.suites.targets._moto import dispatch_prepared, endpoint_url, reset_moto
from smcontract.suites.targets._moto_server import MotoServer
from smcontract.suites.targets._redact import redact

__all__ = ["Boto3Target", "to_wire"]


def to_wire(value: Any) -> Any:
    """A boto3 response value in wire form: datetimes as epoch seconds, bytes as base64."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return round(value.timestamp(), 6)
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {key: to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    return value


class Boto3Target:
    """boto3's SageMaker client against in-process moto, a URL, or a moto server."""

    def __init__(
        self,
        *,
        backing: str | None = None,
        region: str = "us-east-1",
        timeout: float = 10.0,
        max_body: int = 5 * 2**20,
    ) -> None:
        import boto3
        import botocore
        from botocore.config import Config

        self._backing = backing or "moto"
        self._region = region
        self._max_body = max_body
        self._server: MotoServer | None = None
        self._raw: dict[str, Any] = {}  # the last raw answer, captured before parsing
        self._botocore_version = botocore.__version__
        self._boto3_version = boto3.__version__
        if self._backing == "moto":
            creds, endpoint = dummy_credentials(), None
        elif self._backing == "moto-server":
            self._server = MotoServer()
            creds, endpoint = dummy_credentials(), self._server.url
        else:
            _, host, _ = split_url(self._backing)
            check_reachable(self._backing, timeout=min(timeout, 3.0))
            found = resolve_credentials(loopback=is_loopback(host))
            if found is None:
                from smcontract.errors import TargetError

                raise TargetError(
                    f"no AWS credentials found to sign requests to {self._backing}: set "
                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
                )
            creds, endpoint = found, self._backing
        self._creds: Creds = creds
        frozen = creds.frozen()
        config = Config(
            parameter_validation=True,
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=min(timeout, 3.0),
            read_timeout=timeout,
            user_agent_extra="smcontract",
        )
        self.name = "boto3" if self._backing == "moto" else f"boto3:{self._backing}"
        self._client = boto3.session.Session(
            aws_access_key_id=frozen.access_key,
            aws_secret_access_key=frozen.secret_key,
            aws_session_token=frozen.token,
            region_name=region,
        ).client("sagemaker", endpoint_url=endpoint, config=config)
        events = self._client.meta.events
        events.register("before-parse.sagemaker.*", self._capture)
        if self._backing == "moto":
            events.register("before-send.sagemaker.*", _send_to_moto)
        self._operations = frozenset(self._client.meta.service_model.operation_names)

    # -- Target ---------------------------------------------------------------------------

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            outcome = self._invoke(operation, params, start)
        except Exception as exc:  # a target never raises
            outcome = _fault("exception", "server", exc, start)
        return redact(outcome, self._creds.secrets())

    def reset(self) -> None:
        if self._backing == "moto":
            reset_moto()
        elif self._server is not None:
            import requests

            with contextlib.suppress(requests.RequestException):
                requests.post(f"{self._server.url}/moto-api/reset", timeout=10)

    def close(self) -> None:
        self._client.close()
        if self._server is not None:
            self._server.stop()

    def identity(self) -> dict[str, Any]:
        backing = self._server.url if self._server is not None else self._backing
        return {
            "kind": "boto3",
            "backing": self._backing,
            "endpoint": endpoint_url(self._region) if self._backing == "moto" else backing,
            "region": self._region,
            "parameter_validation": True,
            "credentials": self._creds.source,
            "boto3_version": self._boto3_version,
            "botocore_version": self._botocore_version,
        }

    # -- internals ------------------------------------------------------------------------

    def _capture(self, response_dict: Mapping[str, Any], **_: Any) -> None:
        self._raw.clear()
        self._raw.update(response_dict)

    def _invoke(self, operation: str, params: Mapping[str, Any], start: float) -> Outcome:
        from botocore import xform_name
        from botocore.exceptions import (
            ClientError,
            ConnectionClosedError,
            ConnectTimeoutError,
            EndpointConnectionError,
            ParamValidationError,
            ReadTimeoutError,
        )

        if operation not in self._operations:
            return Outcome(
                status=None,
                error_code=None,
                message=None,
                body=None,
                layer="client",
                fault="not-implemented",
                detail=f"botocore {self._botocore_version} has no SageMaker operation "
                f"{operation!r}",
                elapsed=time.perf_counter() - start,
            )
        method = getattr(self._client, xform_name(operation))
        self._raw.clear()
        try:
            response = method(**params)
        except ParamValidationError as exc:
            return Outcome(
                status=None,
                error_code="ParamValidationError",
                message=str(exc),
                body=None,
                layer="client",
                fault=None,
                elapsed=time.perf_counter() - start,
            )
        except ClientError as exc:
            return self._from_raw(start, exc.response)
        except (ReadTimeoutError, ConnectTimeoutError) as exc:
            return _fault("timeout", "transport", exc, start)
        except (EndpointConnectionError, ConnectionClosedError) as exc:
            return _fault("connection", "transport", exc, start)
        except NotImplementedError as exc:  # in-process moto
            return _fault("not-implemented", "server", exc, start)
        except Exception as exc:
            # An answer came but botocore could not parse it (ResponseParserError, or a parser
            # that trips over a JSON array): classify the raw answer. No answer, or a raw
            # answer that is well formed: the exception is the outcome.
            if self._raw:
                raw = self._from_raw(start)
                if raw.fault is not None:
                    return raw
            return _fault("exception", "server", exc, start)
        outcome = self._from_raw(start)
        if outcome.fault is not None:
            return outcome
        wire = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        return dataclasses.replace(outcome, body=to_wire(wire))

    def _from_raw(self, start: float, parsed: Mapping[str, Any] | None = None) -> Outcome:
        """The captured raw answer, classified; with boto3's code and message for errors.

        botocore's code wins where it found one; where it only repeats the status ("500" for
        an HTML page, "400" for a code it looked for in the body only), the code read from
        the raw answer (header, then body) is used, so no status poses as an error code.
        """
        elapsed = time.perf_counter() - start
        error = (parsed or {}).get("Error") or {}
        meta = (parsed or {}).get("ResponseMetadata") or {}
        raw = self._raw
        body = raw.get("body")
        body = bytes(body) if isinstance(body, bytes | bytearray) else b""
        status = raw.get("status_code") or meta.get("HTTPStatusCode")
        if status is None:  # botocore raised an error without an HTTP answer
            return Outcome(
                status=None,
                error_code=error.get("Code"),
                message=error.get("Message"),
                body=None,
                layer="server",
                fault="exception",
                detail="botocore reported an error without an HTTP answer",
                elapsed=elapsed,
            )
        status = int(status)
        if len(body) > self._max_body:
            return too_large(
                status,
                f"body of {len(body)} bytes is larger than max_body={self._max_body} "
                "(botocore reads bodies whole)",
                elapsed,
            )
        outcome = classify_http(status, dict(raw.get("headers") or {}), body, elapsed=elapsed)
        code = error.get("Code")
        if not code or code == str(status):
            return outcome
        return dataclasses.replace(
            outcome,
            error_code=code,
            message=error.get("Message") or outcome.message,
        )


def _send_to_moto(request: Any, **_: Any) -> Any:
    """botocore ``before-send`` hook: answer from moto in this process."""
    from botocore.awsrequest import AWSResponse
    from moto.core.botocore_stubber import MockRawResponse

    status, headers, body = dispatch_prepared(request)
    return AWSResponse(request.url, status, headers, MockRawResponse(body))


def _fault(fault: Fault, layer: Layer, exc: BaseException, start: float) -> Outcome:
    return Outcome(
        status=None,
        error_code=None,
        message=None,
        body=None,
        layer=layer,
        fault=fault,
        detail=exception_detail(exc),
        elapsed=time.perf_counter() - start,
    )
