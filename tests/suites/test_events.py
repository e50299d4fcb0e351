"""Events are frozen, and their to_dict() is strict JSON."""

from __future__ import annotations

import dataclasses
import json

import pytest

from smcontract.suites import (
    VERDICTS,
    CaseFinished,
    ConstraintVerdict,
    ListSink,
    OperationSummary,
    RunFinished,
    RunStarted,
)
from smcontract.suites.events import small_body


def test_verdict_strings_are_the_published_ones() -> None:
    assert set(VERDICTS) == {
        "ENFORCED",
        "NOT ENFORCED",
        "WRONG ERROR",
        "SERVER ERROR",
        "NOT IMPLEMENTED",
        "UNTESTED",
        "WAIVED",
    }


def test_every_event_serialises_to_strict_json() -> None:
    events = [
        RunStarted("r", "certify", 0, [{"kind": "fake"}], ["Op"], "ab", "x", None, "0", "3", "t"),
        CaseFinished(
            "fake",
            "Op",
            "Op.X.range",
            "reject",
            "nan",
            {"X": float("nan")},
            {"status": 400},
            [],
            "ENFORCED",
        ),
        ConstraintVerdict(
            "fake", "Op", "Op.X.range", "range", "X", "input", "L2", "ENFORCED", "verified", None, 1
        ),
        OperationSummary("fake", "Op", "ACCEPTS VALID", "RESPONSE CONFORMS", {"cases": 1}),
        RunFinished("t", False, 0),
    ]
    sink = ListSink()
    for event in events:
        sink.handle(event)
        data = event.to_dict()
        text = json.dumps(data, allow_nan=False)
        assert json.loads(text)["event"] == event.event
    assert sink.events == events
    assert events[1].to_dict()["request"] == {"X": "NaN"}


def test_events_are_frozen() -> None:
    event = RunFinished("t", False, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.exit_code = 1  # type: ignore[misc]


def test_large_bodies_are_replaced_by_a_marker() -> None:
    assert small_body({"a": 1}) == {"a": 1}
    marker = small_body({"a": "x" * 10_000})
    assert marker["$truncated"] is True
    assert marker["bytes"] > 10_000
