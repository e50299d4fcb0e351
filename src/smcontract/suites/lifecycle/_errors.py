"""Checks of rejections a scenario provokes on purpose: a name that does not exist, and a
name that does (``error`` not-found and duplicate-name, ``unique`` with a scope)."""

from __future__ import annotations

from smcontract.contracts import Constraint, Role
from smcontract.suites._verdicts import Judgement, judge_error
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._family import parent_filters
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import MISSING

__all__ = ["duplicate", "list_not_found", "not_found"]


@register("error:not-found", roles=(Role.DESCRIBE, Role.STOP, Role.DELETE), step=Step.NOT_FOUND)
def not_found(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A Describe, Stop or Delete of a name no scenario creates answers the documented
    not-found error."""
    for constraint in constraints:
        request = scenario.named(MISSING)
        outcome = scenario.call(constraint.operation, request, "not-found")
        scenario.observe_error(constraint, request, outcome)


@register("error:not-found", roles=(Role.LIST,), step=Step.LIST_NOT_FOUND)
def list_not_found(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A List filtered by a parent resource that does not exist answers not-found (see
    :func:`~._family.parent_filters` for which members name a parent)."""
    for constraint in constraints:
        members = parent_filters(scenario.pack, scenario.family, constraint)
        if not members:
            scenario.observe(constraint, Judgement(UNTESTED, "no filter names a parent resource"))
        for member in members:
            request = {member: MISSING}
            outcome = scenario.call(constraint.operation, request, f"not-found ({member})")
            scenario.observe_error(constraint, request, outcome)


@register("error:duplicate-name", "unique", roles=(Role.CREATE,), step=Step.DUPLICATE)
def duplicate(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A second Create with the first resource's name is refused: with the documented code
    (``error`` duplicate-name), or at all (``unique`` of the name member)."""
    errors = [c for c in constraints if c.kind == "error"]
    unique = [c for c in constraints if c.kind == "unique" and c.path == scenario.name_member]
    if not errors and not unique:
        return
    request = scenario.create_request(scenario.first)
    outcome = scenario.call(str(scenario.create), request, "duplicate name")
    for constraint in errors:
        scenario.observe_error(constraint, request, outcome)
    for constraint in unique:
        # Any rejection keeps the name unique; the error constraint judges the code.
        judgement = judge_error(outcome, outcome.error_code or "", None)
        if judgement.verdict == NOT_ENFORCED:
            judgement = Judgement(
                NOT_ENFORCED,
                f"a second {scenario.create} with the same {scenario.name_member} succeeded",
            )
        elif judgement.verdict == ENFORCED:
            judgement = Judgement(ENFORCED, f"rejected with {outcome.error_code}")
        scenario.observe(constraint, judgement, request, outcome)
