"""moto in-process: the request goes straight to moto's request router.

moto's own ``mock_aws`` hands botocore's prepared requests to the same router from a
``before-send`` hook (``moto.core.botocore_stubber``). Calling it directly with the exact JSON
body keeps that path, lets through bodies botocore cannot serialise, and patches nothing
process-wide: no fake environment credentials, no interception of other HTTP traffic. It
answers 2-3x faster than ``requests`` intercepted by ``responses`` (the measurement is in
``tests/targets/test_target_moto.py::test_rate``).

moto's state is global to the process: every in-process moto target (and a ``boto3`` target
backed by it) shares it, and :meth:`MotoTarget.reset` empties all of it.

Requests sent through :func:`dispatch_prepared` skip moto's per-request ``inspect.getmembers``
of the response class: :mod:`smcontract.suites.targets._moto_hook` caches it (same answers).
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Mapping
from typing import Any

from smcontract.suites.targets import _moto_hook
from smcontract.suites.targets._base import Fault, Outcome
from smcontract.suites.targets._classify import (
    classify_http,
    exception_detail,
    too_large,
    unrouted,
)

__all__ = ["MotoTarget", "dispatch_prepared", "endpoint_url", "reset_moto"]

_JSON_HEADERS = {"Content-Type": "application/x-amz-json-1.1"}


def endpoint_url(region: str) -> str:
    """The AWS endpoint URL that moto routes to its SageMaker backend for ``region``."""
    return f"https://api.sagemaker.{region}.amazonaws.com/"


def dispatch_prepared(request: Any) -> tuple[int, dict[str, str], bytes]:
    """Answer a botocore ``AWSPreparedRequest`` with moto's SageMaker backend.

    Goes through moto's own ``BotocoreStubber.process_request``, the routing ``mock_aws``
    uses, so the request is normalised the way the installed moto expects (moto 5.2.5
    changed its request object; calling a backend's ``dispatch`` directly broke there).
    Returns ``(status, headers, body)``. Raises whatever moto raises (``NotImplementedError``
    for operations it lacks, anything else when a request crashes it), exactly like the
    ``mock_aws`` hook does.
    """
    from werkzeug.exceptions import HTTPException

    for name, value in list(request.headers.items()):
        if isinstance(value, bytes):
            request.headers[name] = value.decode("utf-8")
    stubber = _stubber()
    try:
        with _moto_hook.active():
            answer = stubber.process_request(request)
    except HTTPException as exc:  # as moto.core.botocore_stubber does
        return exc.code or 500, dict(exc.get_headers()), exc.get_body().encode("utf-8")
    if answer is None:
        raise RuntimeError(f"moto routed no backend for {request.url}")
    status, headers, body = answer
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    return int(status), {str(k): str(v) for k, v in dict(headers).items()}, raw


@functools.lru_cache(maxsize=1)
def _stubber() -> Any:
    """A private instance of moto's botocore stubber (its routing only; never registered).

    Made once per process; that is also when moto's action lookup gets its cache
    (:mod:`smcontract.suites.targets._moto_hook`, effective only inside ``dispatch_prepared``).
    """
    from moto.core.botocore_stubber import BotocoreStubber

    _moto_hook.install()

    return BotocoreStubber()


def reset_moto() -> None:
    """Empty every moto backend in this process (about 0.1 ms)."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


class MotoTarget:
    """moto's SageMaker backend, called in this process.

    ``NotImplementedError`` (CreateOptimizationJob, StopCompilationJob), and an operation name
    not in the model (botocore's ``OperationNotFoundError`` before moto 5.2.6, an empty 404
    from 5.2.6 on) become ``fault="not-implemented"``; any other exception from moto becomes
    ``fault="exception"`` with its type and text in ``detail``.
    """

    def __init__(self, *, region: str = "us-east-1", max_body: int = 5 * 2**20) -> None:
        import moto
        from botocore.awsrequest import AWSPreparedRequest
        from botocore.model import OperationNotFoundError

        self.name = "moto"
        self._region = region
        self._max_body = max_body
        self._url = endpoint_url(region)
        self._prepared = AWSPreparedRequest
        self._unknown_operation = OperationNotFoundError  # moto's lookup of an unknown name
        self._moto_version = str(getattr(moto, "__version__", "unknown"))

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            data = json.dumps(params).encode("utf-8")
            headers = {"X-Amz-Target": f"SageMaker.{operation}", **_JSON_HEADERS}
            request = self._prepared("POST", self._url, headers, data, False)
            status, answer_headers, raw = dispatch_prepared(request)
        except (NotImplementedError, self._unknown_operation) as exc:
            return _fault("not-implemented", exc, start)
        except Exception as exc:  # moto crashes on many invalid bodies: report, never raise
            return _fault("exception", exc, start)
        elapsed = time.perf_counter() - start
        if len(raw) > self._max_body:
            return too_large(
                status,
                f"body of {len(raw)} bytes is larger than max_body={self._max_body}",
                elapsed,
            )
        return unrouted(operation, status, raw, elapsed) or classify_http(
            status, answer_headers, raw, elapsed=elapsed
        )

    def reset(self) -> None:
        reset_moto()

    def close(self) -> None:
        """Nothing to release: moto's state stays until the next reset."""

    def identity(self) -> dict[str, Any]:
        return {
            "kind": "moto",
            "mode": "in-process",
            "region": self._region,
            "moto_version": self._moto_version,
        }


def _fault(fault: Fault, exc: BaseException, start: float) -> Outcome:
    return Outcome(
        status=None,
        error_code=None,
        message=None,
        body=None,
        layer="server",
        fault=fault,
        detail=exception_detail(exc),
        elapsed=time.perf_counter() - start,
    )
