"""Positive control: the strict reference passes the whole certify suite."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.suites import run
from smcontract.suites._events import ENFORCED, UNTESTED

#: Rules only a scenario step reaches (delete while running, a default page of 50 items, a
#: default inside a list item): the reference must get them ENFORCED too.
SCENARIO_REACHED = {
    "DeleteCompilationJob.lifecycle.delete-only-in",
    "ListOptimizationJobs.MaxResults.default",
    "CreateModel.Containers[].MultiModelConfig.ModelCacheSetting.default",
}


def test_the_reference_enforces_every_testable_constraint(pack: ContractPack) -> None:
    result = run(pack, ["reference"], mode="certify")
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
