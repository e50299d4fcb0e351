"""violations(): near misses of any rule of an operation, each naming the one rule it breaks."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from strategy_checks import OPERATIONS, PACK, assert_breaks_only

from smcontract.errors import UsageError
from smcontract.strategies import CannotViolate, Violation, unviolatable, violations


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_draw_breaks_the_rule_it_names_and_no_other(operation: str) -> None:
    breakable = set(rule_ids(operation)) - set(unviolatable(operation))
    seen: set[str] = set()

    @settings(max_examples=25, deadline=None, database=None)
    @given(violations(operation))
    def check(drawn: Violation) -> None:
        assert drawn.constraint_id in breakable
        assert drawn.label
        assert_breaks_only(operation, drawn.constraint_id, drawn.request)
        seen.add(drawn.constraint_id)

    check()
    assert len(seen) >= min(3, len(breakable)), seen


def rule_ids(operation: str) -> list[str]:
    return [c.id for c in PACK.operation(operation).constraints]


def test_every_breakable_rule_takes_its_turn() -> None:
    """Over enough draws, every rule of a small operation is broken (none is left out)."""
    operation = "DescribeCompilationJob"
    breakable = set(rule_ids(operation)) - set(unviolatable(operation))
    seen: set[str] = set()

    @settings(max_examples=120, deadline=None, database=None)
    @given(violations(operation))
    def collect(drawn: Violation) -> None:
        seen.add(drawn.constraint_id)

    collect()
    assert seen == breakable


def test_a_failure_shrinks_to_a_small_near_miss() -> None:
    """The rule is one choice and the request is built from the next ones, so Hypothesis
    shrinks both: a failing ListTrialComponents case ends as a single member."""
    smallest = find(
        violations("ListTrialComponents"),
        lambda drawn: True,
        settings=settings(max_examples=50, deadline=None, database=None, derandomize=True),
    )
    assert len(smallest.request) <= 1, smallest


def test_unknown_operation_raises_usage_error_at_once() -> None:
    with pytest.raises(UsageError, match="Did you mean"):
        violations("CreateModle")


def test_an_operation_without_breakable_rules_raises_when_drawn() -> None:
    operation = "GetSagemakerServicecatalogPortfolioStatus"
    strategy = violations(operation)

    @settings(max_examples=1, deadline=None, database=None)
    @given(strategy)
    def draw(drawn: Violation) -> None:
        raise AssertionError("unreachable")

    with pytest.raises(CannotViolate, match=operation):
        draw()
