"""Argument checks the command line makes before it loads anything heavy (no smcontract
imports but the errors): a usage error is reported at once, not after the contracts load."""

from __future__ import annotations

from smcontract.errors import UsageError

__all__ = ["REPORT_FORMATS", "parse_formats", "parse_shard"]

#: The report formats ``smcontract run --report`` writes (``smcontract.reports.FORMATS``).
REPORT_FORMATS: tuple[str, ...] = ("json", "junit", "html", "md", "ndjson")


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> ``(I, N)`` with ``1 <= I <= N``; a :class:`UsageError` otherwise."""
    head, sep, tail = text.partition("/")
    try:
        if not sep:
            raise ValueError(text)
        index, count = int(head), int(tail)
    except ValueError:
        raise UsageError(f"--shard takes I/N (for example 2/4), got {text!r}") from None
    if count < 1 or not 1 <= index <= count:
        raise UsageError(f"--shard I/N needs 1 <= I <= N, got {text!r}")
    return index, count


def parse_formats(text: str, known: tuple[str, ...] = REPORT_FORMATS) -> tuple[str, ...]:
    """``"json,md"`` -> ``("json", "md")``; a :class:`UsageError` naming the unknown ones."""
    chosen = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise UsageError(
            f"--report {text!r}: unknown format {', '.join(unknown) or '(none)'}; "
            f"expected a comma-separated list of {', '.join(known)}"
        )
    return chosen
