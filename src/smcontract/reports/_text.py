"""Text helpers shared by the writers: safe characters, JSON for display, file names."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "FILE_NAMES",
    "encode",
    "md_cell",
    "md_code",
    "pretty_json",
    "printable",
    "response_line",
    "verdict_slug",
]

#: The file each format is written to.
FILE_NAMES: dict[str, str] = {
    "json": "report.json",
    "junit": "junit.xml",
    "html": "report.html",
    "md": "report.md",
    "ndjson": "events.ndjson",
}

# Characters shown as escapes in human formats: C0/C1 controls except tab and newline, lone
# surrogates, the two non-characters XML forbids, and bidi controls that reorder text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``str(text)`` with control, surrogate and bidi characters written as ``\\x``/``\\u``.

    The result is valid XML 1.0 character data and cannot reorder the text around it.
    """
    return _UNSAFE.sub(_escape_char, str(text))


def encode(text: str) -> bytes:
    """UTF-8 bytes; a lone surrogate (only possible inside a JSON string) becomes ``\\udXXX``."""
    return text.encode("utf-8", errors="backslashreplace")


def pretty_json(value: Any) -> str:
    """``value`` as indented JSON for people to read (and copy), human-safe characters."""
    return printable(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False))


def response_line(response: dict[str, Any] | None) -> str:
    """``HTTP 400 ValidationException: message`` (parts that are missing are left out)."""
    if not response:
        return "no response recorded"
    status = response.get("status")
    parts = [f"HTTP {status}" if status is not None else "no HTTP status"]
    if response.get("error_code"):
        parts.append(str(response["error_code"]))
    line = " ".join(parts)
    if response.get("message"):
        line += f": {response['message']}"
    extras = [f"{key} {response[key]}" for key in ("layer", "fault") if response.get(key)]
    if extras:
        line += f" ({', '.join(extras)})"
    return printable(line)


def verdict_slug(verdict: str) -> str:
    """A CSS-class-safe name for ``verdict`` (``"NOT ENFORCED"`` -> ``"not-enforced"``)."""
    return re.sub(r"[^a-z0-9]+", "-", verdict.lower()).strip("-") or "unknown"


_MAX_CELL = 160
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_cell(text: object, limit: int = _MAX_CELL) -> str:
    """``text`` as one Markdown table cell: one line, shortened, with Markdown and HTML
    syntax made literal."""
    line = " ".join(printable(text).split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    line = line.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", line)


def md_code(text: object) -> str:
    """``text`` as an inline Markdown code span that no backtick inside can close early."""
    line = " ".join(printable(text).split()).replace("|", "\\|")
    return f"`` {line} ``" if "`" in line else f"`{line}`"
