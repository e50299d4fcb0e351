"""Selftest: the harness notices each constraint switched off in the reference."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.suites._selftest import selftest


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
