"""Reports: fold a run's events into a :class:`Report` and write it for people and machines.

>>> from smcontract.reports import ReportBuilder, write_reports
>>> builder = ReportBuilder()          # an EventSink: give it to the runner
>>> # ... run ...
>>> # write_reports(builder.report(), "reports/")   # report.json, junit.xml, report.html, md

Writers only consume events; they never call a target. Everything they write goes through
:func:`redact`. ``report.json`` validates against :func:`report_schema`.
"""

from smcontract.reports._badge import Badge, badges, write_badges
from smcontract.reports._builder import ReportBuilder
from smcontract.reports._certify import (
    LEVELS,
    Baseline,
    Corpus,
    below_level,
    certification,
    compare_certified,
    matrix,
)
from smcontract.reports._folder import ReportFolderBusy, clear_reports, report_folder
from smcontract.reports._implementation import implementation, not_implemented
from smcontract.reports._io import ReportDirError, atomic_write, check_writable
from smcontract.reports._merge import merge_reports
from smcontract.reports._model import (
    FINDING_VERDICTS,
    Evidence,
    Header,
    OperationResult,
    Result,
    TargetInfo,
    TargetSummary,
)
from smcontract.reports._ndjson import NdjsonSink
from smcontract.reports._redact import redact
from smcontract.reports._replay import RecordedCase, load_report, recorded_cases, report_schema
from smcontract.reports._report import Report
from smcontract.reports._reproduce import replay_path, reproduce_commands
from smcontract.reports._strict import STRICT_FILES, render_strict_md, strict_lines, write_strict
from smcontract.reports._text import FILE_NAMES
from smcontract.reports._writers import (
    DEFAULT_FORMATS,
    FORMATS,
    write_html,
    write_json,
    write_junit,
    write_md,
    write_reports,
)

__all__ = [
    "DEFAULT_FORMATS",
    "FILE_NAMES",
    "FINDING_VERDICTS",
    "FORMATS",
    "LEVELS",
    "STRICT_FILES",
    "Badge",
    "Baseline",
    "Corpus",
    "Evidence",
    "Header",
    "NdjsonSink",
    "OperationResult",
    "RecordedCase",
    "Report",
    "ReportBuilder",
    "ReportDirError",
    "ReportFolderBusy",
    "Result",
    "TargetInfo",
    "TargetSummary",
    "atomic_write",
    "badges",
    "below_level",
    "certification",
    "check_writable",
    "clear_reports",
    "compare_certified",
    "implementation",
    "load_report",
    "matrix",
    "merge_reports",
    "not_implemented",
    "recorded_cases",
    "redact",
    "render_strict_md",
    "replay_path",
    "report_folder",
    "report_schema",
    "reproduce_commands",
    "strict_lines",
    "write_badges",
    "write_html",
    "write_json",
    "write_junit",
    "write_md",
    "write_reports",
    "write_strict",
]
