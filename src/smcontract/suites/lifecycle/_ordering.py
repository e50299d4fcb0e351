"""Checks of list order: the ``lifecycle`` sort-order rule (every documented SortBy, both
ways) and the ``default`` of SortBy and SortOrder (a list with neither is in the documented
order)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Listing, Scenario
from smcontract.suites.lifecycle._values import comparable, judge_order, monotone

__all__ = ["SORT_BY", "SORT_ORDER", "default_order", "sort_order"]

#: The request members that choose a list's order (the API's convention).
SORT_BY, SORT_ORDER = "SortBy", "SortOrder"
_ORDERS = ("Ascending", "Descending")


def _sort_key(constraint: Constraint, sort_by: str) -> str | None:
    """The item member a SortBy value sorts by, as the sort-order rule maps it."""
    value = (constraint.params.get("sort_by") or {}).get(sort_by)
    return str(value) if value else None


@register("sort-order", roles=(Role.LIST,), step=Step.SORT_ORDER)
def sort_order(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A list sorted by each documented SortBy, in both orders, is in that order."""
    for constraint in constraints:
        scenario.judge_lists(
            constraint,
            _orderings(scenario, constraint),
            counted="orderings",
            unjudged="every sort key had the same value on all items",
        )


def _orderings(scenario: Scenario, constraint: Constraint) -> Iterator[Listing]:
    """A sorted list for every documented SortBy, in both orders."""
    for sort_by in sorted(constraint.params.get("sort_by") or {}):
        member = _sort_key(constraint, sort_by)
        for order in _ORDERS:
            yield Listing(
                {SORT_BY: sort_by, SORT_ORDER: order},
                f"sort {sort_by} {order}",
                f"{scenario.list} sorted",
                functools.partial(judge_order, sort_by, member, order),
            )


@register("default", roles=(Role.LIST,), step=Step.DEFAULT_ORDER)
def default_order(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A list without SortBy and SortOrder is ordered by the documented default key, in the
    documented default direction (either direction proves the key)."""
    sort_by = next((c for c in constraints if c.path == SORT_BY), None)
    sort_order = next((c for c in constraints if c.path == SORT_ORDER), None)
    targets = [c for c in (sort_by, sort_order) if c is not None]
    if not targets:
        return
    rule = next(iter(scenario.find(scenario.list, "lifecycle", rule="sort-order")), None)
    rule_params = rule.params if rule is not None else {}
    key_name = sort_by.params["value"] if sort_by else rule_params.get("default_sort_by")
    member = (_sort_key(rule, str(key_name)) if rule else None) or key_name
    order = str(sort_order.params["value"] if sort_order else _default_direction(rule_params))
    page = scenario.list_all({}, "default order")
    if page.problem is not None:
        for constraint in targets:
            judgement = scenario.page_failure(page, str(scenario.list))
            scenario.observe(constraint, judgement, page.request, page.outcome)
        return
    values = comparable([i.get(str(member)) for i in page.items]) if member else None
    if values is None or len(set(values)) < 2:
        for constraint in targets:
            reason = f"the listed items do not show distinct {member} values"
            scenario.observe(constraint, Judgement(UNTESTED, reason))
        return
    forward = monotone(values, order)
    backward = monotone(values, _ORDERS[1] if order == _ORDERS[0] else _ORDERS[0])
    evidence = (page.request, page.outcome)
    if sort_by is not None:
        scenario.observe(sort_by, _judge_key(str(member), forward or backward), *evidence)
    if sort_order is not None:
        judgement = _judge_direction(str(member), order, forward, backward)
        scenario.observe(sort_order, judgement, *evidence)


def _default_direction(rule_params: Any) -> str:
    return str(rule_params.get("default_sort_order") or _ORDERS[0])


def _judge_key(member: str, ordered: bool) -> Judgement:
    if ordered:
        return Judgement(ENFORCED, f"ordered by {member}")
    return Judgement(NOT_ENFORCED, f"without SortBy the items are not ordered by {member}")


def _judge_direction(member: str, order: str, forward: bool, backward: bool) -> Judgement:
    if forward:
        return Judgement(ENFORCED, f"{member} {order}")
    if backward:
        return Judgement(
            NOT_ENFORCED,
            f"without SortOrder the items come {member} in the opposite order, expected {order}",
        )
    return Judgement(
        UNTESTED, f"the default order is not by {member}, so its direction cannot be judged"
    )
