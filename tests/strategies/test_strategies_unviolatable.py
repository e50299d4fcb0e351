"""unviolatable(): nothing is silently skipped."""

from __future__ import annotations

from collections import Counter

import pytest
from strategy_checks import OPERATIONS, PACK

from smcontract.strategies import unviolatable


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_constraint_is_violatable_or_listed_with_a_reason(operation: str) -> None:
    from smcontract.strategies._context import context
    from smcontract.strategies._engine import witness

    ctx = context(PACK, operation)
    listed = unviolatable(operation)
    for constraint in PACK.operation(operation).constraints:
        found = witness(ctx, constraint)
        if constraint.id in listed:
            assert isinstance(found, str)
            assert listed[constraint.id] == found
            assert found.strip()
        else:
            assert not isinstance(found, str), constraint.id
    assert set(listed) <= {c.id for c in PACK.operation(operation).constraints}


def test_reasons_by_kind() -> None:
    listed = unviolatable("CreateCompilationJob")
    assert listed["CreateCompilationJob#out.CompilationJobArn.pattern"].startswith("an output rule")
    assert listed["CreateCompilationJob.error.duplicate-name"].startswith("an error rule")
    assert listed["CreateCompilationJob.CompilationJobName.unique"].startswith("unique per")
    assert "superseded by" in listed["CreateCompilationJob.InputConfig.required.seed-2020"]


def test_a_length_with_min_zero_and_no_max_cannot_be_broken() -> None:
    from smcontract.contracts import Constraint
    from smcontract.strategies._engine import static_reason

    source = {"origin": "model", "botocore_version": "0", "shape": "S"}
    c = Constraint("Op.A.length", "Op", "length", "input", "A", {"min": 0}, source, "documented")
    assert static_reason(c) == "length with min 0 and no max: every value satisfies it"


def test_a_pattern_that_accepts_everything_cannot_be_broken() -> None:
    reason = unviolatable("CreateModel")["CreateModel.PrimaryContainer.Environment{value}.pattern"]
    assert "accepts every string" in reason


def test_map_keys_cannot_have_the_wrong_type() -> None:
    listed = unviolatable("CreateModel")
    assert listed["CreateModel.PrimaryContainer.Environment{key}.type"] == (
        "JSON object keys are always strings"
    )


def test_inactive_constraints_are_listed() -> None:
    for operation in OPERATIONS:
        listed = unviolatable(operation)
        for constraint in PACK.operation(operation).constraints:
            if not constraint.active:
                assert constraint.id in listed


def test_reason_counts_are_stable_categories() -> None:
    counts: Counter[str] = Counter()
    for operation in OPERATIONS:
        for reason in unviolatable(operation).values():
            counts[reason.split(":")[0].split(" (")[0]] += 1
    assert counts["an output rule"] > 100
