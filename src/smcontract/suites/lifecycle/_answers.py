"""Answers with something in them: the output rules of a List item, a paging token and a
Describe are judged only on a 2xx answer that has them (``Session.call`` checks every 2xx
body), and a family whose List and Describe have no lifecycle rule is otherwise never listed
nor described after a Create.

When no earlier step listed (:attr:`Scenario.listed`) or described
(:attr:`Scenario.described`) what the scenario made, the step creates one more resource from
the Create's first covering request (every optional member the Create can hold, so that a
List item and a Describe show them), lists every item in pages of one less than their number
(so that an answer holds a paging token; with the members the List requires), and describes
that resource (the first one when the richer Create failed). A family whose rules already
list and describe sends nothing more.
"""

from __future__ import annotations

from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import ok

__all__ = ["RICH", "answers", "list_filters", "rich_create"]

#: The name of the resource made from the covering Create request.
RICH = "smc-rich"


@register(roles=(Role.LIST, Role.DESCRIBE), step=Step.ANSWERS, always=True)
def answers(scenario: Scenario, constraints: list[Constraint]) -> None:
    """List and describe what the scenario made, unless a step already did; judges no
    constraint itself (the session checks the answers against the output rules)."""
    del constraints  # none: the step has no key
    listing = scenario.list is not None and not scenario.listed
    describing = scenario.describe is not None and not scenario.described
    if not (listing or describing):
        return
    subject = RICH if rich_create(scenario) else scenario.first
    if listing:
        limit = max(1, len(scenario.created) - 1)
        paged = scenario.family.limit in scenario.list_members
        scenario.list_all(list_filters(scenario), "list", limit=limit if paged else None)
    if describing:
        scenario.call(str(scenario.describe), scenario.named(subject), "describe")


def rich_create(scenario: Scenario) -> bool:
    """Create :data:`RICH` from the Create's first covering request (with the parents the
    base request names); whether it was made."""
    request = scenario.session.state.covering_create(str(scenario.create))
    if request is None:
        return False
    # The parents, and what names it besides its name, as the first resource has them.
    shared = {edge.member for edge in scenario.spec.depends_on} | set(scenario.key_members)
    base = scenario.base or {}
    request.update({member: base[member] for member in shared if member in base})
    return ok(scenario.new(RICH, "create with every member", request))


def list_filters(scenario: Scenario) -> dict[str, Any]:
    """The List's required members: the name of a parent the scenario made, else the value
    the base Create request gave the member of that name (a List that does not require a
    parent lists every item, the scenario's among them)."""
    base = scenario.base or {}
    parents = {parent.name_member: name for parent, name in scenario.parents}
    found = {**{m: base[m] for m in scenario.list_required if m in base}, **parents}
    return {m: v for m, v in found.items() if m in scenario.list_required}
