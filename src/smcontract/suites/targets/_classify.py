"""Turn one AWS JSON 1.1 answer (status, headers, raw body) into an :class:`Outcome`.

The rules, shared by every target that sees raw answers:

* the error code comes from the ``X-Amzn-Errortype`` header (the part before ``:``), else the
  body's ``code`` or ``__type`` (the part after ``#``), as the Smithy awsJson1_1 spec orders
  them; the message from the body's ``message`` or ``Message``;
* an ``UnknownOperationException``, or a 5xx whose text says the operation "has not been
  implemented" (moto's 500 page), is ``"not-implemented"``;
* any other 5xx is ``"http-5xx"`` (its JSON, if any, is still parsed);
* otherwise a body that is not a JSON object is ``"not-json"``; an empty 2xx body counts as
  ``{}`` (botocore and the AWS SDKs read it that way);
* otherwise the answer is well formed: ``fault=None``.

One rule only for targets that front moto (:func:`unrouted`): moto 5.2.6 and later answer
HTTP 404 with an empty body when no operation of its SageMaker model matches the request's
``X-Amz-Target``, which is ``"not-implemented"`` there. Other endpoints keep ``"not-json"``
for it: an empty 404 from an arbitrary URL more likely means a wrong path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from smcontract.suites.targets._base import Fault, Outcome

__all__ = [
    "NOT_IMPLEMENTED_MARKERS",
    "classify_http",
    "exception_detail",
    "header",
    "normalise_code",
    "not_implemented",
    "too_large",
    "unrouted",
]

#: Text that shows an implementation does not have an operation.
NOT_IMPLEMENTED_MARKERS = (
    "has not been implemented",  # moto: NotImplementedError
    "UnknownOperationException",
    "OperationNotFoundError",  # moto: an operation name botocore does not know
)

_SNIPPET = 120
_DETAIL_MAX = 400


def header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` in ``headers``, looked up without regard to case."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    for key, candidate in headers.items():
        if key.lower() == lowered:
            return candidate
    return None


def normalise_code(code: str | None) -> str | None:
    """``"aws.foo#ValidationException:http://..."`` -> ``"ValidationException"``."""
    if not code:
        return None
    code = code.split(":", 1)[0]
    code = code.rsplit("#", 1)[-1]
    return code.strip() or None


def not_implemented(error_code: str | None, text: str | None) -> bool:
    """True when a code or a text shows that the operation is not implemented."""
    if error_code == "UnknownOperationException":
        return True
    if not text:
        return False
    return any(marker in text for marker in NOT_IMPLEMENTED_MARKERS)


def too_large(status: int | None, detail: str, elapsed: float) -> Outcome:
    """The outcome of an answer whose body is longer than the target's ``max_body``."""
    return Outcome(
        status=status,
        error_code=None,
        message=None,
        body=None,
        layer="server",
        fault="too-large",
        detail=detail,
        elapsed=elapsed,
    )


def unrouted(operation: str, status: int, raw: bytes, elapsed: float) -> Outcome | None:
    """moto's answer to an operation it has no route for, as ``"not-implemented"``; else None.

    From moto 5.2.6 its router answers 404 with an empty body when the ``X-Amz-Target`` names
    no operation of the SageMaker model (earlier versions raised botocore's
    ``OperationNotFoundError``). A target always names the operation it calls, so for moto
    that answer means the operation is missing, not that the URL is wrong.
    """
    if status != 404 or raw.strip():
        return None
    return Outcome(
        status=status,
        error_code=None,
        message=None,
        body=None,
        layer="server",
        fault="not-implemented",
        detail=f"HTTP 404 with an empty body: moto has no route for SageMaker.{operation}",
        elapsed=elapsed,
    )


def exception_detail(exc: BaseException) -> str:
    """``"Type: text"`` for an exception, shortened to one readable line."""
    text = " ".join(str(exc).split())
    return _shorten(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def classify_http(
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    *,
    elapsed: float = 0.0,
) -> Outcome:
    """Classify a complete HTTP answer; see the module docstring for the rules."""
    body, parse_error = _parse(raw, status)
    error = status >= 300
    code: str | None = None
    message: str | None = None
    if error:
        code = normalise_code(header(headers, "X-Amzn-Errortype"))
        if isinstance(body, dict):
            code = code or _body_code(body)
            message = _body_message(body)
    text = raw[:65536].decode("utf-8", "replace")
    fault: Fault | None = None
    detail: str | None = None
    if not_implemented(code, None) or (status >= 500 and not_implemented(code, text)):
        fault = "not-implemented"
        detail = f"HTTP {status}: {_snippet(raw)}"
    elif status >= 500:
        fault = "http-5xx"
        detail = f"HTTP {status}: {_snippet(raw)}"
    elif parse_error is not None:
        fault = "not-json"
        ctype = header(headers, "Content-Type") or "no Content-Type"
        detail = f"HTTP {status}, {ctype}, {len(raw)} bytes, {parse_error}: {_snippet(raw)}"
    return Outcome(
        status=status,
        error_code=code,
        message=message,
        body=body,
        layer="server",
        fault=fault,
        detail=detail,
        elapsed=elapsed,
    )


def _parse(raw: bytes, status: int) -> tuple[Any, str | None]:
    """The parsed body and, when it is not a JSON object, why not."""
    if not raw.strip():
        if 200 <= status < 300:
            return {}, None
        return None, "empty body"
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return None, f"not JSON ({type(exc).__name__})"
    if not isinstance(body, dict):
        return body, f"JSON {type(body).__name__}, not an object"
    return body, None


def _body_code(body: Mapping[str, Any]) -> str | None:
    for key in ("code", "__type"):
        value = body.get(key)
        if isinstance(value, str):
            return normalise_code(value)
    return None


def _body_message(body: Mapping[str, Any]) -> str | None:
    for key in ("message", "Message", "errorMessage"):
        value = body.get(key)
        if isinstance(value, str):
            return value
    return None


def _snippet(raw: bytes) -> str:
    text = " ".join(raw[: _SNIPPET * 4].decode("utf-8", "replace").split())
    if len(text) > _SNIPPET:
        text = text[: _SNIPPET - 3] + "..."
    return repr(text)


def _shorten(text: str) -> str:
    if len(text) > _DETAIL_MAX:
        return text[: _DETAIL_MAX - 3] + "..."
    return text
