"""Writers: ``write_<format>(report, directory) -> Path``, and :func:`write_reports`.

Every writer redacts the report first, renders it, and writes the file atomically (a
temporary file in the same directory, then :func:`os.replace`). NDJSON is not written from a
report: :class:`~smcontract.reports.NdjsonSink` streams it during the run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from smcontract._usage import REPORT_FORMATS
from smcontract.errors import UsageError
from smcontract.reports._html import render_html
from smcontract.reports._io import atomic_write, check_writable
from smcontract.reports._junit import render_junit
from smcontract.reports._markdown import render_markdown
from smcontract.reports._redact import redact, surely_clean
from smcontract.reports._report import Report
from smcontract.reports._text import FILE_NAMES, encode

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "render_json",
    "write_html",
    "write_json",
    "write_junit",
    "write_md",
    "write_reports",
]

#: Every format, by the name ``--format`` takes.
FORMATS: tuple[str, ...] = REPORT_FORMATS
#: The formats written when none are asked for.
DEFAULT_FORMATS: tuple[str, ...] = ("json", "junit", "html", "md")

Directory = str | os.PathLike[str]


def _redacted(report: Report) -> Report:
    """``report`` with every credential masked (a report that is clean already is itself)."""
    return _clean(report)[0]


def _clean(report: Report) -> tuple[Report, dict[str, Any]]:
    """The redacted report and its dict (the report itself when it holds nothing to mask)."""
    data = report.to_dict()
    cleaned = data if surely_clean(data) else redact(data)
    return (report if cleaned is data else Report.from_dict(cleaned)), cleaned


def render_json(report: Report) -> str:
    """``report.json`` text: the redacted report, indented, strict JSON."""
    return _json_text(redact(report.to_dict()))


def _json_text(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _write(directory: Directory, fmt: str, text: str) -> Path:
    return atomic_write(Path(directory) / FILE_NAMES[fmt], encode(text))


def write_json(report: Report, directory: Directory) -> Path:
    """Write ``report.json`` (valid against :func:`~smcontract.reports.report_schema`)."""
    return _write(directory, "json", render_json(report))


def write_junit(report: Report, directory: Directory) -> Path:
    """Write ``junit.xml``."""
    return _write(directory, "junit", render_junit(_redacted(report)))


def write_html(report: Report, directory: Directory) -> Path:
    """Write ``report.html``."""
    return _write(directory, "html", render_html(_redacted(report)))


def write_md(report: Report, directory: Directory) -> Path:
    """Write ``report.md``."""
    return _write(directory, "md", render_markdown(_redacted(report)))


#: The renderers of a report that is redacted already (:func:`write_reports` redacts once for
#: all formats; redacting again would change nothing and cost as much as the rendering).
_RENDER_CLEAN: dict[str, Callable[[Report], str]] = {
    "junit": render_junit,
    "html": render_html,
    "md": render_markdown,
}


def _check_formats(formats: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(map(repr, unknown))}; "
            f"expected some of {', '.join(FORMATS)}"
        )
    return chosen


def _streamed_ndjson(directory: Path) -> Path:
    path = directory / FILE_NAMES["ndjson"]
    if not path.is_file():
        raise UsageError(
            f"no {path}: the ndjson format is streamed during the run by "
            f"NdjsonSink({path}), it cannot be written from a finished report"
        )
    return path


def write_reports(
    report: Report, directory: Directory, formats: Iterable[str] = DEFAULT_FORMATS
) -> list[Path]:
    """Write ``report`` in each of ``formats`` into ``directory``; return the paths.

    ``"ndjson"`` adds the ``events.ndjson`` an :class:`~smcontract.reports.NdjsonSink` wrote
    there during the run. Raises :class:`~smcontract.errors.UsageError` for an unknown format
    and :class:`~smcontract.reports.ReportDirError` when the directory is not writable.
    """
    chosen = _check_formats(formats)
    target = check_writable(directory)
    clean, cleaned = _clean(report)
    paths = []
    for fmt in chosen:
        if fmt == "ndjson":
            paths.append(_streamed_ndjson(target))
        elif fmt == "json":  # the dict redacted already: no second to_dict of a big report
            paths.append(_write(target, fmt, _json_text(cleaned)))
        else:
            paths.append(_write(target, fmt, _RENDER_CLEAN[fmt](clean)))
    return paths
