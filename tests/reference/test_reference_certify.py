"""Positive control: the strict reference passes the whole certify suite."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.suites import RunResult, run
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.targets import Outcome
from smcontract.suites.targets._reference import ReferenceTarget

#: Rules only a scenario step reaches (delete while running, a default page of 50 items, a
#: default inside a list item): the reference must get them ENFORCED too.
SCENARIO_REACHED = {
    "DeleteCompilationJob.lifecycle.delete-only-in",
    "ListOptimizationJobs.MaxResults.default",
    "CreateModel.Containers[].MultiModelConfig.ModelCacheSetting.default",
}
NO_2XX = "no 2xx response had"


@pytest.fixture(scope="module")
def reference_run(pack: ContractPack) -> RunResult:
    return run(pack, ["reference"], mode="certify")


def test_the_reference_enforces_every_testable_constraint(reference_run: RunResult) -> None:
    result = reference_run
    assert result.exit_code == 0
    assert result.harness_errors == 0
    verdicts = {v.constraint_id: v.verdict for v in result.results}
    assert {verdicts[cid] for cid in SCENARIO_REACHED} == {ENFORCED}
    for verdict in result.results:
        if verdict.verdict == UNTESTED:
            reason = verdict.reason
            assert verdict.direction == "output" or reason.startswith(
                ("untestable", "superseded", "unviolatable")
            ), (verdict.constraint_id, reason)
            continue
        assert verdict.verdict == ENFORCED, (verdict.constraint_id, verdict.reason)
        if verdict.direction == "input" and verdict.kind not in (
            "lifecycle",
            "error",
            "default",
            "unique",
        ):
            assert verdict.reason == "verified", verdict.constraint_id
    for summary in result.operations:
        assert summary.valid_verdict == "ACCEPTS VALID", summary.operation
        assert summary.response_verdict == "RESPONSE CONFORMS", summary.operation


def test_the_covering_corpus_lets_95_percent_of_output_rules_be_judged(
    reference_run: RunResult,
) -> None:
    outputs = [v for v in reference_run.results if v.direction == "output"]
    testable = [v for v in outputs if v.verdict != UNTESTED or v.reason.startswith(NO_2XX)]
    judged = [v for v in testable if v.verdict != UNTESTED]
    assert len(judged) >= 0.95 * len(testable), (len(judged), len(testable))
    per_op = {s.operation: s.coverage for s in reference_run.operations}
    assert sum(c["outputs_judged"][0] for c in per_op.values() if c) == len(judged)
    create = per_op["CreateModel"]
    assert create is not None
    assert create["members"][0] == create["members"][1] > 0
    assert create["missed"] == []
    describe = per_op["DescribeModel"]
    assert describe is not None
    assert describe["setups"] == create["requests"]


class _Corrupting:
    """The reference, but DescribeModel answers a bad subnet ID (only when it has one)."""

    def __init__(self, pack: ContractPack) -> None:
        self.inner = ReferenceTarget(pack=pack)
        self.name = "corrupting"

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        outcome = self.inner.invoke(operation, params)
        body = outcome.body
        if operation == "DescribeModel" and isinstance(body, dict) and "VpcConfig" in body:
            body["VpcConfig"]["Subnets"] = ["not a subnet!"]
        return outcome

    def reset(self) -> None:
        self.inner.reset()

    def close(self) -> None:
        self.inner.close()

    def identity(self) -> dict[str, Any]:
        return {"kind": "test", "name": self.name}


def test_an_optional_member_that_breaks_its_output_rule_is_found(pack: ContractPack) -> None:
    """VpcConfig comes back only when a Create set it: the covering corpus sets it."""
    result = run(pack, [_Corrupting(pack)], operations=["DescribeModel"], lifecycle=False)
    verdicts = {v.constraint_id: v for v in result.results}
    found = verdicts["DescribeModel#out.VpcConfig.Subnets[].pattern"]
    assert found.verdict == NOT_ENFORCED, found.reason
    assert verdicts["DescribeModel#out.VpcConfig.Subnets[].length"].verdict == ENFORCED


def test_a_describe_that_forgets_a_member_fails_the_round_trip(pack: ContractPack) -> None:
    rule = "DescribeModel.lifecycle.round-trip"
    forgetful = ReferenceTarget(pack=pack, disabled=frozenset({rule}))
    result = run(pack, [forgetful], operations=["DescribeModel"], lifecycle=False)
    verdict = next(v for v in result.results if v.constraint_id == rule)
    assert verdict.verdict == NOT_ENFORCED, verdict.reason
    assert "covering CreateModel" in verdict.reason
