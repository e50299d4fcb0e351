"""Near misses and values that used to be drawn and thrown away are now made right at once."""

from __future__ import annotations

import pytest

from smcontract.contracts import load_contracts
from smcontract.strategies._choosers import RandomChooser
from smcontract.strategies._context import context
from smcontract.strategies._engine import breaks_exactly, violation
from smcontract.strategies._values import string_value

SEEDS = range(120)


@pytest.mark.parametrize(
    ("operation", "constraint"),
    [
        # SourceArn is forced, but ExperimentName/TrialName (a group of their own) was
        # picked first and kept SourceArn out of the second group.
        ("ListTrialComponents", "ListTrialComponents.SourceArn.type"),
        ("ListTrialComponents", "ListTrialComponents.SourceArn.length"),
        # Two members of the three: ExperimentName and TrialName broke their own group too.
        (
            "ListTrialComponents",
            "ListTrialComponents.(ExperimentName|TrialName|SourceArn).at-most-one",
        ),
        # length=min-1 of a name whose pattern needs a character: always failed.
        ("DescribeCompilationJob", "DescribeCompilationJob.CompilationJobName.length"),
        # length=min-1 (empty) of a JSON document: always failed.
        ("CreateCompilationJob", "CreateCompilationJob.InputConfig.DataInputConfig.length"),
    ],
)
def test_every_seed_gives_an_exact_near_miss(operation: str, constraint: str) -> None:
    ctx = context(load_contracts(), operation)
    c = ctx.contract.constraint(constraint)
    for seed in SEEDS:
        made = violation(ctx, c, RandomChooser(seed))
        assert made is not None, seed
        assert breaks_exactly(ctx, c, made[1]), (seed, made)


def test_a_suffix_longer_than_the_shortest_match_still_gives_a_value() -> None:
    """S3Uri ends in .tar.gz (7 characters, its shortest length by the span) and follows
    (https|s3)://..., so "the shortest length" (one draw in sixteen) cannot be met: the
    value then takes any length of the span instead of being None."""
    node = context(load_contracts(), "CreateCompilationJob").node("InputConfig.S3Uri")
    assert node is not None
    for seed in SEEDS:
        value = string_value(node, RandomChooser(seed))
        assert value is not None
        assert value.endswith(".tar.gz")
