"""Mask credentials in everything a report writes.

Three nets, applied together by :func:`redact`:

* values under a secret-named key (``Authorization``, ``SecretAccessKey``, ``token`` ...;
  compared case-insensitively and whole, so ``NextToken`` is evidence and stays);
* the current environment's ``AWS_SECRET_ACCESS_KEY`` and ``AWS_SESSION_TOKEN`` values,
  wherever they appear in a string (read once, on first use);
* secret-looking text: SigV4 signatures, the access key ID of a ``Credential=`` scope (the
  date, region and service stay readable), presigned-URL security tokens, the secret of an
  ``Authorization`` header line or of an ``aws_secret_access_key = ...`` line, and the
  password of a URL's user information.

Every writer and the NDJSON sink pass what they write through :func:`redact`; redacting twice
changes nothing.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

__all__ = ["MASK", "SECRET_ENV_VARS", "SECRET_KEYS", "redact", "redact_text", "surely_clean"]

MASK = "***"

#: Keys whose values are always masked (compared case-insensitively, whole key).
SECRET_KEYS: frozenset[str] = frozenset(
    key.lower()
    for key in (
        "Authorization",
        "X-Amz-Security-Token",
        "X-Amz-Signature",
        "X-Amz-Credential",
        "aws_secret_access_key",
        "aws_session_token",
        "SecretAccessKey",
        "SessionToken",
        "secret",
        "password",
        "token",
    )
)

#: Environment variables whose values are masked wherever they appear.
SECRET_ENV_VARS: tuple[str, ...] = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")

_MIN_SECRET = 8  # shorter values would mask ordinary words; real secrets are 40+ characters

#: (pattern, replacement) pairs for secret-looking text; group 1 is kept, the secret masked.
#: A value starting with ``$`` is a shell variable (the reproduce commands use them) and stays.
_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # SigV4 signature, in a header or a presigned URL: Signature=<hex>
    (re.compile(r"((?:X-Amz-)?Signature=)[0-9a-fA-F]{16,}", re.IGNORECASE), r"\1" + MASK),
    # Credential=<AKID>/<date>/<region>/<service>/aws4_request: keep the scope
    (
        re.compile(r"((?:X-Amz-)?Credential=)[A-Za-z0-9]{12,128}(?=/|%2F)", re.IGNORECASE),
        r"\1" + MASK,
    ),
    # presigned-URL or header security token
    (
        re.compile(r"(X-Amz-Security-Token[=:]\s*)(?!\$)[^\s&\"'<>,;]+", re.IGNORECASE),
        r"\1" + MASK,
    ),
    # an echoed Authorization header line
    (
        re.compile(r"(Authorization[\"']?\s*[:=]\s*[\"']?)(?![\s$])[^\r\n\"']+", re.IGNORECASE),
        r"\1" + MASK,
    ),
    # an echoed credentials file or JSON: aws_secret_access_key = ..., "SecretAccessKey": "..."
    (
        re.compile(
            r"((?:aws_secret_access_key|aws_session_token|SecretAccessKey|SessionToken)"
            r"[\"']?\s*[=:]\s*[\"']?)(?!\$)[A-Za-z0-9/+=]{8,}",
            re.IGNORECASE,
        ),
        r"\1" + MASK,
    ),
    # https://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?=@)", re.IGNORECASE), r"\1" + MASK),
)


@functools.cache
def _env_secrets() -> tuple[str, ...]:
    """The secret values of this process's environment, longest first (read once)."""
    values = {os.environ.get(name, "") for name in SECRET_ENV_VARS}
    return tuple(sorted((v for v in values if len(v) >= _MIN_SECRET), key=len, reverse=True))


#: The literals the patterns above need, under the same flags: text in which none of them
#: occurs cannot match a pattern, and skips them (most of a report's strings).
_LITERALS = (
    "Signature=",
    "Credential=",
    "X-Amz-Security-Token",
    "Authorization",
    "aws_secret_access_key",
    "aws_session_token",
    "SecretAccessKey",
    "SessionToken",
    "://",
)
_TRIGGERS = re.compile("|".join(re.escape(literal) for literal in _LITERALS), re.IGNORECASE)
#: The same literals but "://", case-folded, for :func:`surely_clean`'s plain search.
_FOLDED = tuple(literal.casefold() for literal in _LITERALS if literal != "://")


def redact_text(text: str) -> str:
    """``text`` with environment secrets and secret-looking substrings masked."""
    for secret in _env_secrets():
        if secret in text:
            text = text.replace(secret, MASK)
    if _TRIGGERS.search(text) is None:
        return text
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


#: A secret-named key as JSON writes it (the names hold nothing JSON escapes).
_SECRET_KEY_JSON = re.compile(
    '"(?:' + "|".join(re.escape(key) for key in sorted(SECRET_KEYS)) + ')"\\s*:', re.IGNORECASE
)


#: The URL-password pattern, loosened to hold on JSON text: a string it matches has, in its
#: JSON form, "://", characters other than "/", white space, ":" and "@", a ":", characters
#: other than "@", white space and "/", then "@" (JSON's escapes, ``\"`` ``\\`` ``\uXXXX``,
#: are none of those characters either).
_USERINFO_JSON = re.compile(r"://[^/\s:@]+:[^@\s/]+@")


def surely_clean(data: Any) -> bool:
    """Whether :func:`redact` would mask nothing in ``data``, judged at once on its JSON text
    (a whole report: one C-speed encoding and three searches instead of a walk over every
    string): no secret-named key, no environment secret, none of the literals a secret-looking
    text needs but "://" without a password after it. False when unsure (not JSON-encodable,
    a secret JSON would escape); JSON writes every character of those names, secrets and
    literals as itself."""
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return False
    if _SECRET_KEY_JSON.search(text):
        return False
    folded = _fold(text)
    if any(literal in folded for literal in _FOLDED):
        return False
    # "://" (every URL) only matters with user information after it: a URL's password
    if _USERINFO_JSON.search(text):
        return False
    for secret in _env_secrets():
        if json.dumps(secret, ensure_ascii=False)[1:-1] != secret or secret in text:
            return False
    return True


def _fold(text: str) -> str:
    """``text`` case-folded so that a plain search finds what ``re.IGNORECASE`` matches in
    the literals: ``str.casefold`` and, as ``re`` also does, both Turkish i's as ``i``."""
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i")


def _is_secret_key(key: object) -> bool:
    return isinstance(key, str) and key.lower() in SECRET_KEYS


def redact(obj: Any) -> Any:
    """A copy of ``obj`` (JSON-shaped: dicts, lists, tuples, scalars) with credentials masked.

    Values under a secret-named key become :data:`MASK` whatever their type (``None`` stays
    ``None``, so an absent header does not look present); every string, keys included, goes
    through :func:`redact_text`. Tuples come back as lists, as in JSON. What holds nothing to
    mask comes back as the same object (no copy), so a clean report costs no second copy.
    """
    if isinstance(obj, str):
        return redact_text(obj)
    if isinstance(obj, dict):
        return _redact_dict(obj)
    if isinstance(obj, list):
        items = [redact(item) for item in obj]
        return obj if all(new is old for new, old in zip(items, obj, strict=True)) else items
    if isinstance(obj, tuple):
        return [redact(item) for item in obj]
    return obj


def _redact_dict(obj: dict[Any, Any]) -> dict[Any, Any]:
    """``obj`` itself when nothing in it is masked (a clean report is not copied)."""
    same = True
    out = {}
    for key, value in obj.items():
        new_key = redact(key)
        new_value = MASK if _is_secret_key(key) and value is not None else redact(value)
        same = same and new_key is key and new_value is value
        out[new_key] = new_value
    return obj if same else out
