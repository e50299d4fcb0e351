"""The ``default`` of a Create member: a resource created without it shows the documented
value in its Describe (in a list, the member of the first item)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from smcontract.contracts import Constraint, Role, parse_path, validate
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import failure, lookup, ok

__all__ = ["create_defaults", "without"]


@register("default", roles=(Role.CREATE,), step=Step.CREATE_DEFAULTS)
def create_defaults(scenario: Scenario, constraints: list[Constraint]) -> None:
    """Create one resource without each defaulted member and read it back."""
    for index, constraint in enumerate(constraints):
        request = without(scenario, constraint.path)
        if request is None:
            reason = f"the valid {scenario.create} request has no place for {constraint.path}"
            scenario.observe(constraint, Judgement(UNTESTED, reason))
            continue
        if scenario.describe is None:
            scenario.observe(constraint, Judgement(UNTESTED, "no Describe to read it back"))
            continue
        name = f"smc-dflt{index}"
        request[scenario.name_member] = name
        label = f"default {constraint.path}"
        created = scenario.call(str(scenario.create), request, label)
        if not ok(created):
            what = f"{scenario.create} without {constraint.path}"
            scenario.observe(constraint, failure(created, what), request, created)
            continue
        described = scenario.call(str(scenario.describe), scenario.named(name), label)
        if not ok(described):
            judgement = failure(described, str(scenario.describe))
            scenario.observe(constraint, judgement, request, described)
            continue
        scenario.observe(constraint, _judge_default(constraint, described), request, described)


def _judge_default(constraint: Constraint, described: Any) -> Judgement:
    got = lookup(described.body, constraint.path)
    want = constraint.params.get("value")
    if got == want:
        return Judgement(ENFORCED, f"Describe shows {want!r}")
    shown = "does not show it" if got is None else f"shows {got!r}"
    return Judgement(
        NOT_ENFORCED, f"created without {constraint.path}; Describe {shown}, expected {want!r}"
    )


def without(scenario: Scenario, path: str) -> dict[str, Any] | None:
    """A valid Create request with ``path`` left out and its parents present.

    A list item step (``Containers[]``) goes into the first item, so the request must
    already have one: the base Create request is tried first, then the pack's documented
    examples of the Create (for a list the base request leaves out, such as ``Containers``
    next to a ``PrimaryContainer``)."""
    steps = parse_path(path)
    if not steps or steps[-1][0] != "member":
        return None
    operation = str(scenario.create)
    examples = [dict(e.request) for e in scenario.pack.operation(operation).examples]
    for candidate in [scenario.base or {}, *examples]:
        request = copy.deepcopy(candidate)
        node = _parent_of(request, steps[:-1])
        if not isinstance(node, dict):
            continue
        node.pop(steps[-1][1], None)
        if not validate(operation, request, pack=scenario.pack):
            return request
    return None


def _parent_of(request: dict[str, Any], steps: Iterable[tuple[str, str]]) -> Any:
    """The object ``steps`` lead to in ``request``, made where a member is missing."""
    node: Any = request
    for kind, name in steps:
        if kind == "member" and isinstance(node, dict):
            node = node.setdefault(name, {})
        elif kind == "items" and isinstance(node, list) and node:
            node = node[0]
        else:
            return None
    return node
