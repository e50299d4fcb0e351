"""What a scenario needs before its checks: the valid Create request, the parent resources
its Create names (``depends_on`` in the pack), the first resource and enough to list; and
the parents' removal afterwards.

Parents are created in :func:`~._family.setup_chain` order, each from its own valid Create
request (drawn the way the scenario draws its own), under the names ``smc-up0``, ``smc-up1``
...; a dependency member gets the parent's ARN when its name ends in ``Arn`` and the Create
answered one, else the parent's name.
"""

from __future__ import annotations

import time
from typing import Any

from smcontract.contracts import Resource
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import UNTESTED
from smcontract.suites.lifecycle._family import Family, setup_chain
from smcontract.suites.lifecycle._paging import item_count
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import failure, names, ok

__all__ = ["draw_base", "make_parents", "populate", "prepare", "teardown"]


def _valid_request(scenario: Scenario, create: str) -> dict[str, Any] | None:
    """The run's valid request for ``create``; ``{}`` for a Create outside the pack (it gets
    just the name)."""
    if create not in scenario.pack.operations:
        return {}
    return scenario.session.state.valid_create(create)


def draw_base(scenario: Scenario) -> Judgement | None:
    """Set the scenario's base Create request; why not, when it cannot be drawn."""
    if scenario.create is None:
        return Judgement(UNTESTED, f"{scenario.resource} has no Create operation")
    base = _valid_request(scenario, scenario.create)
    if base is None:
        return Judgement(UNTESTED, f"no valid {scenario.create} request could be drawn")
    scenario.base = dict(base)
    return None


def _links(spec: Resource, made: dict[str, tuple[str, str | None]]) -> dict[str, Any]:
    """The members of ``spec``'s Create that name its parents, as ``made``."""
    out: dict[str, Any] = {}
    for edge in spec.depends_on:
        name, arn = made[edge.resource]
        out[edge.member] = arn if edge.member.endswith("Arn") and arn else name
    return out


def make_parents(scenario: Scenario) -> bool:
    """Create the resources the family's Create names, and put them in the base request;
    on failure, judge every constraint with it."""
    made: dict[str, tuple[str, str | None]] = {}
    scenario.parents.clear()
    for index, spec in enumerate(setup_chain(scenario.pack, scenario.resource)):
        parent = Family.of(scenario.pack, spec)
        create = str(parent.create)
        drawn = _valid_request(scenario, create) if parent.create else None
        if drawn is None:
            reason = f"no valid {create} request could be drawn for the parent {spec.name}"
            scenario.fail_all(Judgement(UNTESTED, reason))
            return False
        name = f"smc-up{index}"
        request = {**drawn, **_links(spec, made), parent.name_member: name}
        outcome = scenario.call(create, request, f"create parent {spec.name}")
        if not ok(outcome):
            what = f"precondition {create} (parent {spec.name})"
            scenario.fail_all(failure(outcome, what), request, outcome)
            return False
        body = outcome.body if isinstance(outcome.body, dict) else {}
        arn = body.get(parent.arn_member)
        made[spec.name] = (name, arn if isinstance(arn, str) else None)
        scenario.parents.append((parent, name))
    scenario.base = {**(scenario.base or {}), **_links(scenario.spec, made)}
    return True


def prepare(scenario: Scenario) -> bool:
    """Create the first resource (after its parents); on failure, judge everything that
    needed it."""
    drawn = draw_base(scenario)
    if drawn is not None:
        scenario.fail_all(drawn)
        return False
    if not make_parents(scenario):
        return False
    first = names(1)[0]
    outcome = scenario.new(first, f"create ({scenario.create})")
    if not ok(outcome):
        judgement = failure(outcome, f"precondition {scenario.create}")
        scenario.fail_all(judgement, scenario.create_request(first), outcome)
        return False
    scenario.first = first
    return True


def populate(scenario: Scenario) -> None:
    """Create the items the list checks need (spaced so that CreationTime orders them)."""
    if scenario.list is None:
        return
    for name in names(item_count(scenario))[1:]:
        time.sleep(scenario.spacing)
        scenario.new(name, "create for list")


def teardown(scenario: Scenario) -> None:
    """Delete the parents the scenario created, children first (nothing without parents)."""
    if not scenario.parents:
        return
    if scenario.delete_op is not None:
        for name in list(scenario.created):
            scenario.call(scenario.delete_op, scenario.named(name), "teardown")
            scenario.forget(name)
    for parent, name in reversed(scenario.parents):
        if parent.resource.delete is not None:
            request = {parent.name_member: name}
            scenario.call(parent.resource.delete, request, f"teardown parent {parent.name}")
    scenario.parents.clear()
