"""``CallableTarget``: any Python function as a target (our in-memory transport).

The function gets ``(operation, params)`` and either returns the response body (a dict, an
answer of HTTP 200), returns a ready :class:`Outcome`, or raises:

* :class:`ServiceError` for an AWS error answer (``ServiceError("ValidationException", "...")``);
* ``NotImplementedError`` for an operation it does not have (``fault="not-implemented"``);
* anything else for a crash (``fault="exception"``, as an in-process implementation would).

>>> target = CallableTarget(lambda op, params: {"ModelArn": "arn:aws:sagemaker:::model/m"})
>>> target.invoke("CreateModel", {"ModelName": "m"}).status
200
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from smcontract.suites.targets import Outcome

__all__ = ["CallableTarget", "ServiceError"]


class ServiceError(Exception):
    """An AWS error answer: ``code`` (``"ValidationException"``), message, HTTP status."""

    def __init__(self, code: str, message: str = "", *, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


Handler = Callable[[str, dict[str, Any]], "Mapping[str, Any] | Outcome | None"]


class CallableTarget:
    """A target that calls ``fn(operation, params)``; see the module docstring.

    ``reset`` (optional) is called between cases; ``name`` names it in reports; ``identity``
    adds to what :meth:`identity` reports.
    """

    def __init__(
        self,
        fn: Handler,
        *,
        name: str = "callable",
        reset: Callable[[], None] | None = None,
        identity: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self._fn = fn
        self._reset = reset
        self._identity = dict(identity or {})

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            answer = self._fn(operation, dict(params))
        except ServiceError as err:
            return Outcome(
                status=err.status,
                error_code=err.code,
                message=err.message,
                body={"__type": err.code, "message": err.message},
                layer="server",
                fault="http-5xx" if err.status >= 500 else None,
                detail=f"HTTP {err.status}" if err.status >= 500 else None,
                elapsed=time.perf_counter() - start,
            )
        except NotImplementedError as exc:
            return _fault("not-implemented", exc, start)
        except Exception as exc:  # a crashing implementation is an answer, never a raise
            return _fault("exception", exc, start)
        if isinstance(answer, Outcome):
            return answer
        return Outcome(
            status=200,
            error_code=None,
            message=None,
            body=dict(answer or {}),
            layer="server",
            fault=None,
            elapsed=time.perf_counter() - start,
        )

    def reset(self) -> None:
        if self._reset is not None:
            self._reset()

    def close(self) -> None:
        """Nothing to release."""

    def identity(self) -> dict[str, Any]:
        return {"kind": "callable", "name": self.name, **self._identity}


def _fault(fault: Any, exc: BaseException, start: float) -> Outcome:
    text = " ".join(str(exc).split())
    return Outcome(
        status=None,
        error_code=None,
        message=None,
        body=None,
        layer="server",
        fault=fault,
        detail=f"{type(exc).__name__}: {text}" if text else type(exc).__name__,
        elapsed=time.perf_counter() - start,
    )
