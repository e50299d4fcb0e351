"""A full certify run against in-process moto: the verdicts come from moto's answers.

moto (see /work/shared/reference/moto.md) checks almost nothing, crashes on wrong JSON types,
checks InputConfig/ModelPackageVersionArn exclusivity and duplicate compilation-job names,
and does not implement CreateOptimizationJob or StopCompilationJob.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.suites import ListSink, RunResult, run


@pytest.fixture(scope="module")
def certified(pack: ContractPack) -> tuple[RunResult, ListSink, float]:
    events = ListSink()
    start = time.monotonic()
    result = run(pack, ["moto"], mode="certify", seed=0, sinks=[events])
    return result, events, time.monotonic() - start


def test_the_run_completes_with_a_verdict_for_every_constraint(
    certified: tuple[RunResult, ListSink, float], pack: ContractPack
) -> None:
    result, events, _ = certified
    assert not result.interrupted
    ids = [c.id for op in pack.default_operations() for c in pack.operation(op).constraints]
    assert [r.constraint_id for r in result.results] == ids
    assert events.events[-1].event == "run-finished"
    assert result.exit_code == 1


def test_what_moto_checks_is_enforced(certified: tuple[RunResult, ListSink, float]) -> None:
    result, _, _ = certified
    exclusive = result.verdict(
        "CreateCompilationJob.(InputConfig|ModelPackageVersionArn).exactly-one"
    )
    assert exclusive.verdict == "ENFORCED"
    assert result.verdict("CreateCompilationJob.error.duplicate-name").verdict == "ENFORCED"
    assert result.verdict("DescribeCompilationJob.error.not-found").verdict == "ENFORCED"
    assert result.verdict("DescribeModel.error.not-found").verdict == "ENFORCED"


def test_what_moto_does_not_check_is_not_enforced(
    certified: tuple[RunResult, ListSink, float],
) -> None:
    result, _, _ = certified
    pattern = result.verdict("CreateCompilationJob.CompilationJobName.pattern")
    assert pattern.verdict == "NOT ENFORCED"
    assert pattern.evidence is not None
    assert pattern.evidence["response"]["status"] == 200
    assert result.verdict("CreateModel.error.duplicate-name").verdict == "NOT ENFORCED"
    assert result.verdict("ListTrialComponents.MaxResults.default").verdict == "NOT ENFORCED"


def test_what_moto_lacks_is_not_implemented(certified: tuple[RunResult, ListSink, float]) -> None:
    result, _, _ = certified
    optimization = [
        r
        for r in result.results
        if r.operation == "CreateOptimizationJob"
        and r.direction == "input"
        and r.verdict != "UNTESTED"
    ]
    assert optimization
    # A body of the wrong JSON type crashes moto's request parsing before it reaches the
    # missing operation: those are server errors; everything else is not implemented.
    assert {r.verdict for r in optimization if r.kind != "type"} == {"NOT IMPLEMENTED"}
    assert {r.verdict for r in optimization if r.kind == "type"} <= {
        "SERVER ERROR",
        "NOT IMPLEMENTED",
    }
    stop = result.verdict("StopCompilationJob.CompilationJobName.pattern")
    assert stop.verdict == "NOT IMPLEMENTED"
    assert result.operation("CreateOptimizationJob").valid_verdict == "NOT IMPLEMENTED"


def test_moto_crashes_on_wrong_types_are_server_errors(
    certified: tuple[RunResult, ListSink, float],
) -> None:
    result, _, _ = certified
    crashed = [r for r in result.results if r.verdict == "SERVER ERROR"]
    assert crashed
    assert all(
        r.evidence is not None and r.evidence["response"]["fault"] == "exception" for r in crashed
    )


def test_response_findings_are_moto_s_known_ones(
    certified: tuple[RunResult, ListSink, float],
) -> None:
    result, _, _ = certified
    assert result.operation("DescribeModel").response_verdict == "RESPONSE VIOLATES"


@pytest.mark.slow
@pytest.mark.server
def test_moto_server_with_two_workers_gives_the_same_verdicts(
    certified: tuple[RunResult, ListSink, float], pack: ContractPack
) -> None:
    in_process, _, _ = certified
    served = run(pack, ["moto-server"], mode="certify", seed=0, workers=2)
    assert {r.constraint_id: r.verdict for r in served.results} == {
        r.constraint_id: r.verdict for r in in_process.results
    }


def test_boto3_rejections_are_enforced_by_the_client(pack: ContractPack) -> None:
    result = run(pack, ["boto3"], operations=["CreateCompilationJob"], seed=0, lifecycle=False)
    required = result.verdict("CreateCompilationJob.RoleArn.required")
    assert (required.verdict, required.reason, required.layer) == ("ENFORCED", "client", "client")
    # botocore checks no patterns: moto gets the request and accepts it.
    assert result.verdict("CreateCompilationJob.CompilationJobName.pattern").verdict == (
        "NOT ENFORCED"
    )


@pytest.mark.slow
def test_fuzz_against_moto_shrinks_and_replays(pack: ContractPack, tmp_path: Any) -> None:
    options: dict[str, Any] = {
        "operations": ["CreateCompilationJob"],
        "mode": "fuzz",
        "seed": 1,
        "max_examples": 20,
        "database_dir": str(tmp_path),
    }
    first = run(pack, ["moto"], **options)
    pattern = first.verdict("CreateCompilationJob.CompilationJobName.pattern")
    assert pattern.verdict == "NOT ENFORCED"
    assert pattern.evidence is not None
    assert pattern.evidence.get("shrunk")
    again = run(pack, ["moto"], **options)
    assert {r.constraint_id: r.verdict for r in again.results} == {
        r.constraint_id: r.verdict for r in first.results
    }


def test_certify_gives_the_same_verdicts_and_reasons_twice(
    certified: tuple[RunResult, ListSink, float], pack: ContractPack
) -> None:
    first, _, _ = certified
    again = run(pack, ["moto"], mode="certify", seed=0)

    def table(result: RunResult) -> list[tuple[str, str, str, int]]:
        return [(r.constraint_id, r.verdict, r.reason, r.cases) for r in result.results]

    assert table(again) == table(first)
