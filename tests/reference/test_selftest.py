"""Selftest: the harness notices each constraint switched off in the reference."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.suites._selftest import CAUSES, selftest


def test_every_rule_of_small_operations_is_detected(pack: ContractPack) -> None:
    result = selftest(pack, operations=["DescribeCompilationJob", "DeleteOptimizationJob"])
    assert result.total >= 8
    assert result.undetected == [], [(m.constraint_id, m.reason) for m in result.undetected]
    assert result.summary().startswith(f"detected {result.total} of {result.total} (100.0%)")


def test_a_rule_the_harness_cannot_reach_is_reported_with_its_reason(pack: ContractPack) -> None:
    result = selftest(pack, operations=["DeleteCompilationJob"])
    missed = {m.constraint_id: m.reason for m in result.undetected}
    assert "DeleteCompilationJob.lifecycle.delete-only-in" in missed
    assert (
        "not ENFORCED even when implemented"
        in missed["DeleteCompilationJob.lifecycle.delete-only-in"]
    )
    assert result.detected == result.total - len(missed)


def test_a_name_looked_up_instead_of_validated_is_detected(pack: ContractPack) -> None:
    # With its rule off, the reference looks the broken ModelName up and answers the
    # operation's not-found error, ValidationException "Could not find model '...'.": the
    # same code as the validation, but the answer to another situation.
    result = selftest(pack, operations=["DescribeModel", "DeleteModel"])
    names = [m for m in result.mutants if ".ModelName." in m.constraint_id]
    assert len(names) == 8
    for mutant in names:
        assert mutant.detected, (mutant.constraint_id, mutant.reason)
        assert mutant.verdict == "WRONG ERROR"
        assert mutant.reason.startswith("answered as not-found (ValidationException: Could not")
        assert mutant.cause == ""


def test_each_miss_carries_its_cause(pack: ContractPack) -> None:
    result = selftest(
        pack, operations=["ListModels", "ListTrialComponents", "DeleteCompilationJob"]
    )
    missed = {m.constraint_id: m for m in result.undetected}
    assert all(m.cause in CAUSES for m in missed.values())
    for kind in ("type", "length", "pattern"):
        token = missed[f"ListModels.NextToken.{kind}"]
        assert token.cause == "paging-token"
        assert "Invalid pagination token" in token.reason
        assert "no request shows this rule missing alone" in token.reason
    implied = missed["ListTrialComponents.(ExperimentName|TrialName).at-most-one"]
    assert implied.cause == "implied"
    assert "ListTrialComponents.(ExperimentName|TrialName|SourceArn).at-most-one" in implied.reason
    unreached = missed["DeleteCompilationJob.lifecycle.delete-only-in"]
    assert unreached.cause == "unreached"
    assert "deletes a job only after stopping it" in unreached.reason
    assert all(m.cause == "" for m in result.mutants if m.detected)
