"""A pattern that accepts every string has no near miss: it is unviolatable at once, with the
reason, instead of a search over a value that may be a megabyte long."""

from __future__ import annotations

from smcontract.contracts import ContractPack
from smcontract.strategies._context import context
from smcontract.strategies._engine import _accepts_every_valid_length, static_reason, witness


def test_a_pattern_that_accepts_everything_is_unviolatable(pack: ContractPack) -> None:
    rule = pack.constraint("CreatePipeline.PipelineDefinition.pattern")
    reason = static_reason(rule)
    assert reason is not None
    assert "accepts every string" in reason


def test_a_breakable_pattern_is_still_searched(pack: ContractPack) -> None:
    assert (
        static_reason(pack.constraint("DescribeCompilationJob.CompilationJobName.pattern")) is None
    )


def test_a_pattern_only_the_empty_string_breaks_is_unviolatable_beside_a_minimum_length(
    pack: ContractPack,
) -> None:
    # [\S\s]+ with length min 1: only "" breaks the pattern, and "" breaks the length too
    rule = pack.constraint("CreateCompilationJob.InputConfig.DataInputConfig.pattern")
    assert static_reason(rule) is None  # the empty string matters here
    ctx = context(pack, "CreateCompilationJob")
    assert _accepts_every_valid_length(ctx, rule)
    assert witness(ctx, rule) == "no one-character edit of a valid value breaks the pattern" + (
        " (it accepts every string tried)"
    )
    name = pack.constraint("DescribeCompilationJob.CompilationJobName.pattern")
    assert not _accepts_every_valid_length(context(pack, "DescribeCompilationJob"), name)
