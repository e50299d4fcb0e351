"""The public API of smcontract.reports is exactly __all__, and every name is documented."""

from __future__ import annotations

import inspect

import smcontract.reports as reports
from smcontract.suites import EventSink

BRIEF = {
    "ReportBuilder",
    "Report",
    "write_reports",
    "NdjsonSink",
    "report_schema",
    "redact",
    "reproduce_commands",
    "FORMATS",
    "load_report",
    "recorded_cases",
    "check_writable",
    "ReportDirError",
}


def test_all_is_the_public_names():
    public = {
        name for name in vars(reports) if not name.startswith(("_", "@"))
    }  # "@": pytest's assertion rewriting
    assert set(reports.__all__) == public
    assert set(reports.__all__) >= BRIEF


def test_every_public_callable_has_a_docstring():
    for name in reports.__all__:
        obj = getattr(reports, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name


def test_sinks_are_event_sinks(tmp_path):
    assert isinstance(reports.ReportBuilder(), EventSink)
    with reports.NdjsonSink(tmp_path / "e.ndjson") as sink:
        assert isinstance(sink, EventSink)
