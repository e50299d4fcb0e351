"""Checks of how a list pages: the ``lifecycle`` paging rule (every MaxResults from 1 lists
every item once) and the ``default`` of the page size (a list with no MaxResults stops at
the documented size when there is one more item)."""

from __future__ import annotations

import time
from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import failure, names, ok, paging_problem

__all__ = ["BASE_ITEMS", "MAX_ITEMS", "PAGE_CAP", "default_page_size", "item_count", "paging"]

#: The most resources one scenario creates for its list checks.
MAX_ITEMS = 12
#: Items a scenario creates when no documented page size asks for more.
BASE_ITEMS = 5
#: The most resources the default page size check creates (a documented default page size
#: of up to ``PAGE_CAP - 1`` items can be observed).
PAGE_CAP = 101


def _page_size_defaults(scenario: Scenario, constraints: list[Constraint]) -> list[Constraint]:
    return [c for c in constraints if c.kind == "default" and c.path == scenario.family.limit]


def item_count(scenario: Scenario) -> int:
    """How many resources the list checks need: a few, or two more than a documented default
    page size, at most :data:`MAX_ITEMS`."""
    count = BASE_ITEMS
    for constraint in _page_size_defaults(scenario, scenario.find(scenario.list, "default")):
        if isinstance(constraint.params.get("value"), int):
            count = max(count, int(constraint.params["value"]) + 2)
    return min(count, MAX_ITEMS)


@register("paging", roles=(Role.LIST,), step=Step.PAGING)
def paging(scenario: Scenario, constraints: list[Constraint]) -> None:
    """List with MaxResults 1, 2, ... up to the number of items: each lists them all once."""
    for constraint in constraints:
        verdict: Judgement | None = None
        evidence: tuple[Any, Any] = (None, None)
        for size in range(1, len(scenario.created) + 1):
            page = scenario.list_all({}, f"paging by {size}", limit=size)
            listed = [scenario.name_of(i) for i in page.items]
            if page.problem == "failed":
                what = f"{scenario.list} {scenario.family.limit}={size}"
                verdict = failure(page.outcome, what, promised=True)
                evidence = (page.request, page.outcome)
                break
            wrong = page.problem or paging_problem(listed, page.sizes, size, scenario.created)
            if wrong:
                verdict = Judgement(NOT_ENFORCED, f"{scenario.family.limit}={size}: {wrong}")
                evidence = (page.request, page.outcome)
                break
        if verdict is None:
            count = len(scenario.created)
            verdict = Judgement(
                ENFORCED, f"{scenario.family.limit} 1..{count} each listed the {count} items once"
            )
        scenario.observe(constraint, verdict, *evidence)


@register("default", roles=(Role.LIST,), step=Step.DEFAULT_PAGE_SIZE)
def default_page_size(scenario: Scenario, constraints: list[Constraint]) -> None:
    """Top the items up to one more than the documented page size, then list without one."""
    for constraint in _page_size_defaults(scenario, constraints):
        size = constraint.params.get("value")
        if not isinstance(size, int) or size < 1 or size >= PAGE_CAP:
            reason = f"needs more than {size} items; the scenario creates at most {PAGE_CAP}"
            scenario.observe(constraint, Judgement(UNTESTED, reason))
            continue
        topped = top_up(scenario, size + 1)
        if topped is not None:
            what = f"{scenario.create} for a full page"
            scenario.observe(constraint, failure(topped, what), None, topped)
            continue
        request: dict[str, Any] = {}
        outcome = scenario.call(str(scenario.list), request, "default page size")
        if not ok(outcome):
            scenario.observe(constraint, failure(outcome, str(scenario.list)), request, outcome)
            continue
        scenario.observe(constraint, _judge_first_page(scenario, size, outcome), request, outcome)


def _judge_first_page(scenario: Scenario, size: int, outcome: Any) -> Judgement:
    body = outcome.body
    page = body.get(scenario.list_key) if isinstance(body, dict) else None
    got = len(page) if isinstance(page, list) else None
    count = len(scenario.created)
    if got == size and body.get(scenario.family.token):
        return Judgement(ENFORCED, f"first page held {size} of {count} items")
    return Judgement(
        NOT_ENFORCED,
        f"with {count} items and no {scenario.family.limit} the first page held {got}, "
        f"expected {size}",
    )


def top_up(scenario: Scenario, count: int) -> Any:
    """Create resources until the scenario has ``count`` of them (for a default page size
    the first items do not reach); the failed create's outcome, or None."""
    fresh = iter(n for n in names(count + len(scenario.created)) if n not in scenario.created)
    while len(scenario.created) < count:
        time.sleep(scenario.spacing)
        outcome = scenario.new(next(fresh), "create for a full page")
        if not ok(outcome):
            return outcome
    return None
