"""events.ndjson: one event a line, flushed as the run goes, parseable back into the events."""

from __future__ import annotations

import dataclasses
import json

import pytest

from smcontract.reports import NdjsonSink, ReportDirError, write_reports
from smcontract.suites import events

_CLASSES = {
    cls.event: cls
    for cls in (
        events.RunStarted,
        events.CaseFinished,
        events.ConstraintVerdict,
        events.OperationSummary,
        events.RunFinished,
    )
}


def _event_from(data: dict):
    data = dict(data)
    cls = _CLASSES[data.pop("event")]
    return cls(**data)


def test_lines_parse_and_reproduce_the_events(stream, tmp_path):
    path = tmp_path / "events.ndjson"
    with NdjsonSink(path) as sink:
        for event in stream:
            sink.handle(event)
    lines = path.read_text("utf-8").split("\n")
    assert lines[-1] == ""
    parsed = [json.loads(line) for line in lines[:-1]]
    assert len(parsed) == len(stream)
    assert [_event_from(d) for d in parsed] == stream
    assert all(line.isascii() for line in lines)


def test_each_line_is_flushed_before_the_next_event(stream, tmp_path):
    path = tmp_path / "events.ndjson"
    sink = NdjsonSink(path)
    try:
        for count, event in enumerate(stream[:10], start=1):
            sink.handle(event)
            assert len(path.read_text("utf-8").splitlines()) == count
    finally:
        sink.close()


def test_a_killed_run_leaves_a_readable_prefix(stream, tmp_path):
    path = tmp_path / "events.ndjson"
    sink = NdjsonSink(path)
    for event in stream[:25]:
        sink.handle(event)
    # no close(): the process "dies" here
    parsed = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [_event_from(d) for d in parsed] == stream[:25]
    sink.close()


def test_opening_truncates_a_previous_run(stream, tmp_path):
    path = tmp_path / "events.ndjson"
    path.write_text('{"event": "stale"}\n' * 3, "utf-8")
    with NdjsonSink(path) as sink:
        sink.handle(stream[0])
    assert len(path.read_text("utf-8").splitlines()) == 1


def test_events_after_close_are_refused(stream, tmp_path):
    sink = NdjsonSink(tmp_path / "events.ndjson")
    sink.close()
    sink.close()
    with pytest.raises(ValueError, match="closed"):
        sink.handle(stream[0])


def test_unwritable_place_fails_when_the_sink_is_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    with pytest.raises(ReportDirError):
        NdjsonSink(blocker / "events.ndjson")


def test_write_reports_lists_the_streamed_file(stream, fold, tmp_path):
    with NdjsonSink(tmp_path / "events.ndjson") as sink:
        for event in stream:
            sink.handle(event)
    paths = write_reports(fold(stream).report(), tmp_path, formats=["json", "ndjson"])
    assert [p.name for p in paths] == ["report.json", "events.ndjson"]


def test_nan_in_a_request_is_still_strict_json(tmp_path):
    event = events.CaseFinished(
        "t", "Op", None, "accept", "nan", {"X": float("nan")}, {"status": 200}
    )
    with NdjsonSink(tmp_path / "e.ndjson") as sink:
        sink.handle(event)
    data = json.loads((tmp_path / "e.ndjson").read_text("utf-8"))
    assert data["request"] == {"X": "NaN"}
    assert dataclasses.asdict(event)["target"] == data["target"]
