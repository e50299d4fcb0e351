"""The ``lifecycle`` filters rule: a list filtered by a documented filter shows just the
items that pass it, tried at values taken from the items themselves."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Listing, Scenario
from smcontract.suites.lifecycle._values import filter_problem, lookup, pivots

__all__ = ["filters"]


@register("filters", roles=(Role.LIST,), step=Step.FILTERS)
def filters(scenario: Scenario, constraints: list[Constraint]) -> None:
    """List everything, then list by each filter at each of its values (see
    :func:`~._values.pivots`) and compare."""
    for constraint in constraints:
        page = scenario.list_all({}, "filters: all")
        if page.problem is not None:
            judgement = scenario.page_failure(page, str(scenario.list))
            scenario.observe(constraint, judgement, page.request, page.outcome)
            continue
        scenario.judge_lists(
            constraint,
            _filterings(scenario, constraint, page.items),
            counted="filter values",
            unjudged="no filter member is shown on the listed items",
        )


def _filterings(
    scenario: Scenario, constraint: Constraint, everything: list[dict[str, Any]]
) -> Iterator[Listing]:
    """A filtered list for every documented filter whose member at least two of
    ``everything`` show, at each of its pivots."""
    for name, rule in sorted((constraint.params.get("filters") or {}).items()):
        member, op = str(rule.get("member")), str(rule.get("op"))
        values = [(scenario.name_of(i), lookup(i, member)) for i in everything]
        values = [(n, v) for n, v in values if v is not None]
        if len(values) < 2:
            continue
        for where, pivot in pivots(op, values):
            yield Listing(
                {name: pivot},
                f"filter {name}",
                f"{scenario.list} {name}",
                functools.partial(_judge_filter, scenario, name, op, pivot, values, where),
            )


def _judge_filter(
    scenario: Scenario,
    name: str,
    op: str,
    pivot: Any,
    values: list[tuple[Any, Any]],
    where: str,
    items: list[dict[str, Any]],
) -> Judgement:
    """Whether a list filtered by ``name`` = ``pivot`` shows just the items that pass it."""
    listed = [scenario.name_of(i) for i in items]
    wrong = filter_problem(name, op, pivot, values, listed, where)
    return Judgement(NOT_ENFORCED, wrong) if wrong else Judgement(ENFORCED, f"{name} = {where}")
