"""Keep credentials out of outcomes, whatever a server or a library echoes back.

Targets never put credentials into an :class:`Outcome` themselves, but an answer can echo
request headers (a proxy's error page, a debugging server) and an exception text can quote
them. :func:`redact` replaces every occurrence of the given secrets in every text of an
outcome, the body included, with ``"***"``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from smcontract.suites.targets._base import Outcome

__all__ = ["MASK", "redact", "redact_text"]

MASK = "***"
_MIN_SECRET = 4  # shorter values would mask ordinary words; real keys are 16+ characters


def _usable(secrets: Iterable[str | None]) -> tuple[str, ...]:
    kept = {s for s in secrets if s and len(s) >= _MIN_SECRET}
    return tuple(sorted(kept, key=len, reverse=True))


def redact_text(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret replaced by :data:`MASK`."""
    for secret in _usable(secrets):
        text = text.replace(secret, MASK)
    return text


def _walk(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        return value
    if isinstance(value, list):
        return [_walk(item, secrets) for item in value]
    if isinstance(value, dict):
        return {_walk(key, secrets): _walk(item, secrets) for key, item in value.items()}
    return value


def redact(outcome: Outcome, secrets: Iterable[str | None]) -> Outcome:
    """``outcome`` with every secret masked in its code, message, detail, body and sent body."""
    usable = _usable(secrets)
    if not usable:
        return outcome
    changed = {
        field: _walk(getattr(outcome, field), usable)
        for field in ("error_code", "message", "detail", "body", "sent")
    }
    if all(changed[field] == getattr(outcome, field) for field in changed):
        return outcome
    return dataclasses.replace(outcome, **changed)
