"""The runner against the toy service: every verdict computed from the service's answers."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smcontract.contracts import installed_botocore_version, validate
from smcontract.reports import ReportBuilder, report_schema, write_reports
from smcontract.suites import (
    HARNESS_ERROR,
    ListSink,
    RunResult,
    run,
)

from . import toy

STRATEGIES = toy.ToyStrategies()
VIOLATABLE = toy.violatable(toy.PACK, STRATEGIES)
AWS_KINDS = {"required", "length", "pattern", "enum", "range", "items"}


def run_toy(*, lifecycle: bool = False, **switches: Any) -> RunResult:
    return run(
        toy.PACK, [toy.target(**switches)], strategies=STRATEGIES, seed=0, lifecycle=lifecycle
    )


def test_an_enforcing_service_gets_enforced_everywhere() -> None:
    result = run_toy()
    for cid in VIOLATABLE:
        verdict = result.verdict(cid)
        assert verdict.verdict == "ENFORCED", (cid, verdict.reason)
        if verdict.kind in AWS_KINDS:
            assert verdict.reason == "verified", cid
        else:
            assert verdict.reason == "unverified", cid
    assert {s.valid_verdict for s in result.operations} == {"ACCEPTS VALID"}
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "dropped",
    [
        "CreateThing.ThingName.length",
        "CreateThing.Size.range",
        "CreateThing.Tags[].Key.required",
        "CreateThing.(Alpha|Beta).exactly-one",
        "ListThings.MaxResults.range",
    ],
)
def test_a_dropped_rule_is_not_enforced_and_only_that_one(dropped: str) -> None:
    result = run_toy(skip=frozenset({dropped}))
    verdicts = toy.verdicts(result, VIOLATABLE)
    assert verdicts.pop(dropped) == "NOT ENFORCED"
    assert set(verdicts.values()) == {"ENFORCED"}
    evidence = result.verdict(dropped).evidence
    assert evidence is not None
    assert [
        v.constraint_id for v in validate(dropped.split(".")[0], evidence["request"], pack=toy.PACK)
    ] == [dropped]
    assert evidence["response"]["status"] == 200
    assert result.exit_code == 1


def test_the_wrong_error_code_is_a_wrong_error() -> None:
    result = run_toy(code="InvalidParameterValue")
    assert set(toy.verdicts(result, VIOLATABLE).values()) == {"WRONG ERROR"}
    reason = result.verdict("CreateThing.Size.range").reason
    assert reason.startswith("expected ValidationException (400), got InvalidParameterValue")


def test_a_message_citing_another_member_is_a_wrong_error() -> None:
    result = run_toy(misquote=True)
    assert set(toy.verdicts(result, VIOLATABLE).values()) == {"WRONG ERROR"}
    assert "unrelated" in result.verdict("CreateThing.Kind.enum").reason.lower()


def test_a_crashing_service_is_a_server_error() -> None:
    result = run_toy(crash=True)
    assert set(toy.verdicts(result, VIOLATABLE).values()) == {"SERVER ERROR"}
    assert result.verdict("CreateThing.Kind.enum").reason == "exception: RuntimeError: boom"
    assert result.operation("ListThings").valid_verdict == "SERVER ERROR"


def test_a_missing_operation_is_not_implemented() -> None:
    result = run_toy(lifecycle=True, unimplemented=frozenset(toy.PACK.operations))
    verdicts = toy.verdicts(result, VIOLATABLE)
    assert set(verdicts.values()) == {"NOT IMPLEMENTED"}
    assert result.verdict("DescribeThing.lifecycle.round-trip").verdict == "NOT IMPLEMENTED"
    assert result.operation("CreateThing").valid_verdict == "NOT IMPLEMENTED"


def test_the_worst_case_wins_and_is_the_evidence() -> None:
    # Size 0 is rejected, Size 6 accepted: NOT ENFORCED dominates ENFORCED.
    def service(op: str, params: dict[str, Any]) -> Any:
        if op == "CreateThing" and params.get("Size") == 6:
            return {"ThingArn": "arn:toy:thing/x"}
        return toy.ToyService()(op, params)

    target = toy.CallableTarget(service, name="toy")
    result = run(
        toy.PACK, [target], strategies=STRATEGIES, operations=["CreateThing"], lifecycle=False
    )
    verdict = result.verdict("CreateThing.Size.range")
    assert (verdict.verdict, verdict.cases) == ("NOT ENFORCED", 2)
    assert verdict.evidence is not None
    assert verdict.evidence["request"]["Size"] == 6


def test_untested_constraints_say_why() -> None:
    result = run_toy()
    reasons = {r.constraint_id: r.reason for r in result.results if r.verdict == "UNTESTED"}
    assert reasons["CreateThing.Kind.enum.old"] == "superseded by CreateThing.Kind.enum"
    assert reasons["CreateThing.Role.lifecycle.permission"] == "untestable: needs IAM"
    assert reasons["ListThings.SortBy.enum"] == "unviolatable: toy: left out"
    assert reasons["DescribeThing#out.Extra.length"] == "no 2xx response had Extra"
    # Lifecycle switched off: the stateful rules are untested, with the reason.
    assert reasons["ListThings.lifecycle.paging"] == "no lifecycle check for lifecycle paging"


def test_every_constraint_gets_exactly_one_result() -> None:
    result = run_toy()
    ids = [r.constraint_id for r in result.results]
    assert ids == [c.id for op in toy.PACK.operations.values() for c in op.constraints]


def test_a_bad_response_is_reported_per_output_constraint() -> None:
    result = run_toy(bad_arn=True)
    summary = result.operation("CreateThing")
    assert summary.response_verdict == "RESPONSE VIOLATES"
    assert summary.response_violations == ["CreateThing#out.ThingArn.pattern"]
    verdict = result.verdict("CreateThing#out.ThingArn.pattern")
    assert verdict.verdict == "NOT ENFORCED"
    assert verdict.evidence is not None
    assert verdict.evidence["response"]["body"] == {"ThingArn": "bad"}
    assert result.verdict("CreateThing#out.ThingArn.required").verdict == "ENFORCED"
    assert result.operation("DescribeThing").response_verdict == "RESPONSE CONFORMS"
    assert result.exit_code == 1


def test_a_harness_bug_is_noted_and_the_run_goes_on() -> None:
    class BrokenSink:
        def handle(self, event: Any) -> None:
            raise RuntimeError("reporter bug")

    events = ListSink()
    result = run(
        toy.PACK,
        [toy.target()],
        strategies=toy.ToyStrategies(bogus="CreateThing.Size.range"),
        sinks=[BrokenSink(), events],
        lifecycle=False,
    )
    harness = [e for e in events.events if getattr(e, "classification", "") == HARNESS_ERROR]
    assert len(harness) == 1
    assert "does not break CreateThing.Size.range" in harness[0].outcome["detail"]
    assert result.harness_errors == 1
    assert result.verdict("CreateThing.Size.range").verdict == "ENFORCED"
    assert events.events[-1].event == "run-finished"


def test_a_target_that_raises_is_a_harness_error_not_a_crash() -> None:
    class Raising:
        name = "raising"

        def invoke(self, operation: str, params: Any) -> Any:
            raise RuntimeError("adapter bug")

        def reset(self) -> None: ...
        def close(self) -> None: ...
        def identity(self) -> dict[str, Any]:
            return {"kind": "raising"}

    result = run(toy.PACK, [Raising()], strategies=STRATEGIES, operations=["DescribeThing"])
    assert result.harness_errors > 0
    assert result.verdict("DescribeThing.ThingName.pattern").verdict == "UNTESTED"


def _stable(builder: ReportBuilder) -> dict[str, Any]:
    data = builder.report().to_dict()
    for key in ("run_id", "started_at", "finished_at"):
        data["header"].pop(key)
    return data


def test_certify_is_deterministic_and_workers_do_not_change_it() -> None:
    def once(workers: int) -> dict[str, Any]:
        builder = ReportBuilder(toy.PACK)
        run(toy.PACK, [toy.target], strategies=STRATEGIES, seed=3, workers=workers, sinks=[builder])
        return _stable(builder)

    first = once(1)
    assert once(1) == first
    parallel = once(3)
    assert parallel["results"] == first["results"]

    def valid_verdicts(data: dict[str, Any]) -> list[str]:
        return [s["valid_verdict"] for ops in data["operations"].values() for s in ops]

    assert valid_verdicts(parallel) == valid_verdicts(first)
    assert valid_verdicts(first)


def test_report_json(tmp_path: Path) -> None:
    builder = ReportBuilder(toy.PACK)
    result = run(
        toy.PACK,
        [toy.target(skip=frozenset({"CreateThing.Kind.enum"}))],
        strategies=STRATEGIES,
        sinks=[builder],
    )
    data = builder.report().to_dict()
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    assert set(data) >= {"format", "format_version", "header", "summary", "operations", "results"}
    header = data["header"]
    assert set(header) >= {
        "smcontract_version",
        "contracts",
        "botocore_version",
        "mode",
        "seed",
        "targets",
        "started_at",
        "finished_at",
        "interrupted",
        "exit_code",
    }
    assert header["contracts"] == {
        "sha256": "0" * 64,
        "origin": "tests/suites/toy.py",
        "botocore_version": None,  # a hand-made pack, imported from no botocore
    }
    assert header["botocore_version"] == installed_botocore_version()
    assert header["botocore_version"] is not None
    assert header["targets"][0]["name"] == "toy"
    assert data["summary"]["verdicts"]["NOT ENFORCED"] == 1
    assert data["summary"]["targets"]["toy"]["verdicts"]["NOT ENFORCED"] == 1
    assert header["exit_code"] == 1 == result.exit_code
    row = next(r for r in data["results"] if r["constraint_id"] == "CreateThing.Kind.enum")
    assert set(row) == {
        "target",
        "operation",
        "constraint_id",
        "kind",
        "path",
        "direction",
        "level",
        "verdict",
        "reason",
        "layer",
        "cases",
        "evidence",
        "reproduce",
        "waiver",
    }
    assert row["evidence"]["request"]["Kind"] == "C"
    assert set(row["evidence"]["response"]) >= {"status", "error_code", "message"}
    # The report folded from the events says what run() returned.
    assert data["summary"]["verdicts"] == result.summary()
    assert sorted(
        (r["target"], r["constraint_id"], r["verdict"], r["reason"]) for r in data["results"]
    ) == sorted((r.target, r.constraint_id, r.verdict, r.reason) for r in result.results)
    assert {
        (s["operation"], s["valid_verdict"], s["response_verdict"])
        for s in data["operations"]["toy"]
    } == {(s.operation, s.valid_verdict, s.response_verdict) for s in result.operations}
    # ... and report.json on disk is that report, strict JSON.
    (path,) = write_reports(builder.report(), tmp_path / "out", formats=["json"])
    assert path == tmp_path / "out" / "report.json"
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_max_time_stops_early_and_says_so() -> None:
    result = run(toy.PACK, [toy.target()], strategies=STRATEGIES, max_time=0)
    assert result.interrupted
    assert {r.verdict for r in result.results} == {"UNTESTED"}
    assert result.exit_code == 0


def test_fuzz_shrinks_to_the_smallest_single_fault_request(tmp_path: Path) -> None:
    dropped = "CreateThing.ThingName.length"
    result = run(
        toy.PACK,
        [toy.target(skip=frozenset({dropped}))],
        strategies=STRATEGIES,
        operations=["CreateThing"],
        mode="fuzz",
        max_examples=30,
        database_dir=str(tmp_path / "db"),
    )
    verdict = result.verdict(dropped)
    assert verdict.verdict == "NOT ENFORCED"
    assert verdict.evidence is not None
    assert verdict.evidence["shrunk"] is True
    request = verdict.evidence["request"]
    # The toy strategy draws 11..30 lowercase letters: the smallest failure is 11 a's.
    assert request["ThingName"] == "a" * 11
    assert [v.constraint_id for v in validate("CreateThing", request, pack=toy.PACK)] == [dropped]
    assert result.verdict("CreateThing.Kind.enum").verdict == "ENFORCED"
    # The failure was saved: the next run replays it first.
    assert any((tmp_path / "db").rglob("*"))


def test_fuzz_lifecycle_machine_finds_a_broken_duplicate_check(tmp_path: Path) -> None:
    result = run(
        toy.PACK,
        [toy.target(duplicates_ok=True)],
        strategies=STRATEGIES,
        mode="fuzz",
        max_examples=10,
        database_dir=str(tmp_path / "db"),
    )
    assert result.verdict("CreateThing.error.duplicate-name").verdict == "NOT ENFORCED"
    assert result.verdict("ListThings.lifecycle.paging").verdict == "ENFORCED"
    assert result.verdict("DescribeThing.error.not-found").verdict == "ENFORCED"


def test_max_time_stops_a_fuzz_run_inside_hypothesis(tmp_path: Path) -> None:
    def slow(op: str, params: dict[str, Any]) -> Any:
        time.sleep(0.01)
        return toy.ToyService()(op, params)

    start = time.monotonic()
    result = run(
        toy.PACK,
        [toy.CallableTarget(slow, name="slow")],
        strategies=STRATEGIES,
        mode="fuzz",
        max_examples=10_000,
        max_time=0.5,
        database_dir=str(tmp_path),
    )
    assert time.monotonic() - start < 5
    assert result.interrupted
    assert result.harness_errors == 0
    assert {r.verdict for r in result.results} <= {"ENFORCED", "UNTESTED"}
