"""Positive control: the strict reference passes the whole certify suite."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.suites import run
from smcontract.suites._events import ENFORCED, UNTESTED

#: Rules the harness's fixed scenario cannot reach (not reference gaps): see the README.
SCENARIO_LIMITS = {
    # the scenario deletes its job after stopping it, so never in a forbidden status
    "DeleteCompilationJob.lifecycle.delete-only-in",
    # a default page size of 50 needs more items than the scenario creates (12)
    "ListOptimizationJobs.MaxResults.default",
    # a default inside a list item cannot be left out of the base request
    "CreateModel.Containers[].MultiModelConfig.ModelCacheSetting.default",
}


def test_the_reference_enforces_every_testable_constraint(pack: ContractPack) -> None:
    result = run(pack, ["reference"], mode="certify")
    assert result.exit_code == 0
    assert result.harness_errors == 0
    for verdict in result.results:
        if verdict.verdict == UNTESTED:
            reason = verdict.reason
            assert (
                verdict.direction == "output"
                or reason.startswith(("untestable", "superseded", "unviolatable"))
                or verdict.constraint_id in SCENARIO_LIMITS
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
