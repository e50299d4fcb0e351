"""A pattern that accepts every string has no near miss: it is unviolatable at once, with the
reason, instead of a search over a value that may be a megabyte long."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.strategies._engine import static_reason


def test_a_pattern_that_accepts_everything_is_unviolatable(pack: ContractPack) -> None:
    rule = pack.constraint("CreatePipeline.PipelineDefinition.pattern")
    reason = static_reason(rule)
    assert reason is not None
    assert "accepts every string" in reason


def test_a_breakable_pattern_is_still_searched(pack: ContractPack) -> None:
    assert (
        static_reason(pack.constraint("DescribeCompilationJob.CompilationJobName.pattern")) is None
    )
