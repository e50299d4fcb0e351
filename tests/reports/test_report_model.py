"""ReportBuilder folds any event stream, whole or cut short, into a consistent Report."""

from __future__ import annotations

import dataclasses
import json
import tracemalloc
from collections import Counter

import pytest

from smcontract.reports import FINDING_VERDICTS, Report, ReportBuilder
from smcontract.reports._model import OPERATION_FINDINGS
from smcontract.suites.events import (
    HARNESS_ERROR,
    UNTESTED,
    VERDICTS,
    CaseFinished,
    ConstraintVerdict,
    OperationSummary,
    RunFinished,
    RunStarted,
)


def _verdict_events(events):
    return [e for e in events if isinstance(e, ConstraintVerdict)]


def test_one_result_per_target_and_constraint(stream, fold):
    report = fold(stream).report()
    verdicts = _verdict_events(stream)
    assert len(report.results) == len(verdicts)
    assert {(r.target, r.constraint_id) for r in report.results} == {
        (v.target, v.constraint_id) for v in verdicts
    }
    by_key = {(r.target, r.constraint_id): r for r in report.results}
    for event in verdicts:
        result = by_key[(event.target, event.constraint_id)]
        assert (result.verdict, result.kind, result.path, result.operation) == (
            event.verdict,
            event.kind,
            event.path,
            event.operation,
        )
        assert result.evidence is not None
        assert result.evidence.request == event.evidence["request"]
        assert result.evidence.response["status"] == event.evidence["outcome"]["status"]


def test_every_verdict_is_exercised_by_the_stream(stream):
    assert {v.verdict for v in _verdict_events(stream)} == set(VERDICTS)


def test_summary_counts_match_the_verdict_events(stream, fold):
    report = fold(stream).report()
    for summary in report.summaries:
        expected = Counter(v.verdict for v in _verdict_events(stream) if v.target == summary.target)
        assert {k: n for k, n in summary.verdicts.items() if n} == dict(expected)
        operations = [
            v
            for e in stream
            if isinstance(e, OperationSummary) and e.target == summary.target
            for v in (e.valid_verdict, e.response_verdict)
            if v in OPERATION_FINDINGS
        ]
        assert summary.operation_findings == len(operations)
        assert summary.findings == sum(expected[v] for v in FINDING_VERDICTS) + len(operations)
        cases = [e for e in stream if isinstance(e, CaseFinished) and e.target == summary.target]
        assert summary.cases == len(cases)
        assert summary.harness_errors == sum(e.classification == HARNESS_ERROR for e in cases)
    assert sum(report.verdicts.values()) == len(report.results)


def test_header_carries_the_run_identity(stream, fold):
    started = stream[0]
    assert isinstance(started, RunStarted)
    header = fold(stream).report().header
    assert header.seed == started.seed
    assert header.contracts_sha256 == started.contracts_sha256
    assert header.contracts_origin == started.contracts_origin
    assert header.botocore_version == started.botocore_version
    assert header.contracts_botocore_version == started.contracts_botocore_version
    assert header.python_version == started.python_version
    assert [t.name for t in header.targets] == [t["name"] for t in started.targets]
    assert header.targets[1].identity["url"] == started.targets[1]["url"]
    assert header.interrupted is False
    assert header.finished_at is not None


def test_operations_come_from_the_summaries(stream, fold):
    report = fold(stream).report()
    summaries = [e for e in stream if isinstance(e, OperationSummary)]
    assert {(o.target, o.operation, o.valid_verdict) for o in report.operations} == {
        (s.target, s.operation, s.valid_verdict) for s in summaries
    }


def test_report_is_frozen_and_round_trips_through_json(stream, fold):
    report = fold(stream).report()
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.results[0].verdict = "ENFORCED"  # type: ignore[misc]
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert Report.from_dict(data).to_dict() == report.to_dict()


def test_findings_are_sorted_worst_first(stream, fold):
    findings = fold(stream).report().findings()
    ranks = [VERDICTS.index(f.verdict) for f in findings]
    assert ranks == sorted(ranks)
    assert all(f.verdict in FINDING_VERDICTS for f in findings)


@pytest.mark.parametrize("cut", ["before-verdicts", "half-verdicts", "no-run-finished"])
def test_a_truncated_stream_gives_an_interrupted_report(stream, fold, cut):
    first_verdict = next(i for i, e in enumerate(stream) if isinstance(e, ConstraintVerdict))
    n_verdicts = len(_verdict_events(stream))
    end = {
        "before-verdicts": first_verdict,
        "half-verdicts": first_verdict + n_verdicts // 2,
        "no-run-finished": len(stream) - 1,
    }[cut]
    events = stream[:end]
    report = fold(events).report()
    assert report.interrupted
    assert report.header.finished_at is None
    got = {(v.target, v.constraint_id) for v in _verdict_events(events)}
    rejected = {(e.target, e.constraint_id) for e in events if isinstance(e, CaseFinished)}
    assert {(r.target, r.constraint_id) for r in report.results} == got | rejected
    for result in report.results:
        if (result.target, result.constraint_id) not in got:
            assert (result.verdict, result.reason) == (UNTESTED, "interrupted")
            assert result.cases > 0
            assert result.evidence is not None
    summary_keys = {(e.target, e.operation) for e in events if isinstance(e, OperationSummary)}
    for op in report.operations:
        if (op.target, op.operation) not in summary_keys:
            assert op.valid_verdict == UNTESTED
            assert op.note == "interrupted"


def test_unfinished_constraints_take_kind_and_path_from_the_pack(stream, fold, pack):
    cut = next(i for i, e in enumerate(stream) if isinstance(e, ConstraintVerdict))
    constraint = next(iter(pack.operation("CreateModel").constraints))
    case = CaseFinished(
        "moto", "CreateModel", constraint.id, "reject", "x", {}, {"status": 200}, [], "ENFORCED"
    )
    report = fold([*stream[:cut], case], pack=pack).report()
    result = next(r for r in report.results if r.constraint_id == constraint.id)
    assert (result.kind, result.path, result.direction) == (
        constraint.kind,
        constraint.path,
        constraint.direction,
    )


def test_an_interrupted_run_finished_event_marks_the_report(stream, fold):
    events = [*stream[:-1], RunFinished("2026-11-24T13:01:00Z", interrupted=True, exit_code=130)]
    report = fold(events).report()
    assert report.interrupted
    assert report.header.exit_code == 130


def test_an_empty_stream_still_gives_a_report():
    report = ReportBuilder().report()
    assert report.interrupted
    assert report.results == ()
    assert report.header.targets == ()


def test_targets_only_seen_in_events_are_listed(fold):
    verdict = ConstraintVerdict(
        "ghost", "Op", "Op.X.length", "length", "X", "input", "L2", "ENFORCED", "verified"
    )
    report = fold([verdict]).report()
    assert report.target_names == ("ghost",)


def test_memory_stays_flat_however_many_cases(fold):
    """100x more cases must not cost anywhere near 100x the memory: cases are not kept."""

    def cases(n: int):
        for i in range(n):
            yield CaseFinished(
                "moto",
                "CreateModel",
                f"CreateModel.M{i % 20}.length",
                "reject",
                "x",
                {"ModelName": "x" * 500 + str(i)},
                {"status": 400, "message": "m" * 500},
                [],
                "ENFORCED",
            )

    def cost(n: int) -> int:
        tracemalloc.start()
        builder = ReportBuilder()
        for event in cases(n):
            builder.handle(event)
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(builder.report().results) == 20
        return size

    small, large = cost(200), cost(20_000)
    assert large < small * 3, (small, large)


def test_evidence_in_the_runner_shape_keeps_response_and_shrunk(fold):
    verdict = ConstraintVerdict(
        "t",
        "Op",
        "Op.X.length",
        "length",
        "X",
        "input",
        "L2",
        "NOT ENFORCED",
        "accepted",
        {
            "request": {"X": "xx"},
            "response": {"status": 200, "error_code": None, "message": None, "layer": "client"},
            "shrunk": True,
        },
    )
    (result,) = fold([verdict]).report().results
    assert result.evidence.shrunk is True
    assert result.evidence.request == {"X": "xx"}
    assert result.evidence.response["layer"] == "client"
