"""What the lifecycle checks know of one resource family, read from its :class:`Resource`
and its constraints, never from a family's name.

Where the pack leaves a value out, it follows the API's naming convention from the
operations the family has: ``ListTrialComponents`` is the list of ``TrialComponent``, made
by ``CreateTrialComponent`` and named by ``TrialComponentName``; ``FooName`` has its ARN in
``FooArn``. A paging rule names its token and limit members.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from smcontract.contracts import Constraint, ContractPack, Resource, setup_order
from smcontract.contracts.kinds import ErrorParams, LifecycleParams, UniqueParams
from smcontract.errors import ContractError

__all__ = [
    "DependencyCycle",
    "Family",
    "lifecycle_resources",
    "parent_filters",
    "resource_operations",
    "setup_chain",
    "stateful",
]

#: The paging members when a list has no paging rule naming them.
TOKEN, LIMIT = "NextToken", "MaxResults"
_VERBS = ("Create", "Describe", "Delete", "Stop", "Update")


def stateful(constraint: Constraint) -> bool:
    """Whether the lifecycle suites (not single requests) judge this constraint."""
    if constraint.kind == "unique":
        return constraint.rule_as(UniqueParams).across_resources
    return constraint.kind in ("lifecycle", "error", "default")


def resource_operations(spec: Resource) -> list[str]:
    """The operations of a family, in lifecycle order."""
    return list(spec.operations)


def lifecycle_resources(pack: ContractPack, operations: Iterable[str]) -> list[str]:
    """The resources with an active stateful constraint on one of ``operations``, or whose
    List is one of them and which have a Create: a List answer holds an item (whose output
    rules can be judged) only after a scenario's creates."""
    selected = set(operations)
    found = []
    for resource, spec in pack.resources.items():
        ops = [op for op in spec.operations if op in selected and op in pack.operations]
        listed = spec.list in ops and Family.of(pack, spec).create is not None
        if listed or any(
            stateful(c) and c.active for op in ops for c in pack.operation(op).constraints
        ):
            found.append(resource)
    return found


def _noun(spec: Resource) -> str:
    """The family's noun in its operation names (``TrialComponent``), or ``""``."""
    for operation in (spec.create, spec.describe, spec.delete, spec.stop, spec.update):
        for verb in _VERBS:
            if operation and operation.startswith(verb):
                return operation.removeprefix(verb)
    if spec.list and spec.list.startswith("List"):
        plural = spec.list.removeprefix("List")
        return re.sub(r"ies$", "y", plural) if plural.endswith("ies") else plural[:-1]
    return ""


@dataclass(frozen=True, slots=True)
class Family:
    """A resource family with every member the checks need filled in."""

    resource: Resource
    #: The Create operation: the family's own, else the one its name implies.
    create: str | None
    name_member: str
    arn_member: str
    list_key: str
    token: str
    limit: str

    @classmethod
    def of(cls, pack: ContractPack, spec: Resource) -> Family:
        noun = _noun(spec)
        name_member = spec.name_member or f"{noun}Name"
        paging = _paging_rule(pack, spec.list)
        return cls(
            resource=spec,
            create=spec.create or (f"Create{noun}" if noun else None),
            name_member=name_member,
            arn_member=spec.arn_member or name_member.removesuffix("Name") + "Arn",
            list_key=spec.list_key or "",
            token=str(paging.get("token") or TOKEN),
            limit=str(paging.get("limit") or LIMIT),
        )

    @property
    def name(self) -> str:
        return self.resource.name


def _paging_rule(pack: ContractPack, operation: str | None) -> dict[str, object]:
    if operation is None or operation not in pack.operations:
        return {}
    for constraint in pack.operation(operation).constraints:
        rule = constraint.rule
        if isinstance(rule, LifecycleParams) and rule.rule == "paging":
            return dict(rule.fields)
    return {}


def parent_filters(pack: ContractPack, family: Family, constraint: Constraint) -> list[str]:
    """The members of the List request that name another resource, for a not-found check.

    The constraint's ``members`` when it gives them; else the List request's top-level
    string members named ``...Name`` other than the family's own name, the last in the
    model's order first (the model names the outer container first, the nearest last)."""
    given = constraint.rule_as(ErrorParams).members
    if given:
        return [str(member) for member in given]
    if family.resource.list is None:
        return []
    types = pack.operation(family.resource.list).types()
    found = [
        member
        for member, kind in types.items()
        if kind == "string"
        and member.endswith("Name")
        and member.isidentifier()
        and member != family.name_member
    ]
    return found[::-1]


class DependencyCycle(ValueError):
    """The pack's ``depends_on`` edges go round; the message names the edge that closes it."""


def setup_chain(pack: ContractPack, resource_name: str) -> list[Resource]:
    """The resources that must exist before ``resource_name`` can be created, parents before
    children (a topological order over ``depends_on``), without ``resource_name`` itself.

    Raises :class:`DependencyCycle` naming the edge that closes a cycle, and ``KeyError`` for
    an edge to a family the pack does not have."""
    try:
        names = setup_order(pack.resources, resource_name)
    except ContractError as err:
        if not isinstance(err.value, dict):
            raise
        (name, parent, member), path = err.value["edge"], err.value["path"]
        raise DependencyCycle(
            f"depends_on cycle: {name} -> {parent} (member {member}) "
            f"closes {' -> '.join((*path, parent))}"
        ) from None
    for name in (*names, resource_name):
        for edge in pack.resources[name].depends_on:
            if edge.resource not in pack.resources:
                raise KeyError(f"{name} depends on {edge.resource}, which the pack lacks")
    return [pack.resources[name] for name in names]
