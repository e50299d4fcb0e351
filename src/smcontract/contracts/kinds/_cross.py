"""L3, rules relating several members of one object.

``union``, ``exactly-one``, ``at-most-one`` count the members set; ``all-or-none`` compares
the items of a list; ``present-only-if`` and ``required-if`` tie a member to a condition on
another; ``compare`` orders two numbers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from smcontract.contracts._paths import join
from smcontract.contracts.kinds._base import (
    Kind,
    KindSpec,
    Level,
    Nodes,
    Params,
    Reasons,
    always,
    lookup,
    number,
    present,
    yes,
)

__all__ = [
    "CROSS_SPECS",
    "CompareParams",
    "ConditionParams",
    "MemberParams",
    "MembersParams",
]


@dataclass(frozen=True, slots=True)
class MembersParams(Params):
    """``union``, ``exactly-one``, ``at-most-one``: the members counted."""

    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberParams(Params):
    """``all-or-none``: the member set on every item of the list or on none."""

    member: str


@dataclass(frozen=True, slots=True)
class ConditionParams(Params):
    """``present-only-if``, ``required-if``: ``member`` and the condition ``path`` in ``values``."""

    member: str
    path: str
    values: tuple[Any, ...]

    @property
    def shown(self) -> str:
        """The condition's values as the JSON document writes them (a Python list)."""
        return str(list(self.values))


@dataclass(frozen=True, slots=True)
class CompareParams(Params):
    left: str
    op: str
    right: str


def _count(p: MembersParams, nodes: Nodes, ok: Callable[[int], bool], rule: str) -> Reasons:
    members = p.members
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        found_members = [m for m in members if present(value, m)]
        if not ok(len(found_members)):
            found = ", ".join(found_members) if found_members else "none"
            yield path, f"{rule} of {', '.join(members)} must be set; found {found}"


def _exactly_one(p: MembersParams, nodes: Nodes) -> Reasons:
    return _count(p, nodes, lambda n: n == 1, "exactly one")


def _at_most_one(p: MembersParams, nodes: Nodes) -> Reasons:
    return _count(p, nodes, lambda n: n <= 1, "at most one")


def _all_or_none(p: MemberParams, nodes: Nodes) -> Reasons:
    member = p.member
    for path, value in nodes:
        if not isinstance(value, list):
            continue
        items = [item for item in value if isinstance(item, dict)]
        having = sum(1 for item in items if present(item, member))
        if 0 < having < len(items):
            yield path, f"{member} is set on {having} of {len(items)} items; set it on all or none"


def _conditional(p: ConditionParams, nodes: Nodes, required: bool) -> Reasons:
    member = p.member
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        holds = lookup(value, p.path) in p.values
        is_present = lookup(value, member) is not None
        if required and holds and not is_present:
            yield join(path, member), f"{member} is required when {p.path} is in {p.shown}"
        elif not required and is_present and not holds:
            yield (
                join(path, member),
                f"{member} is allowed only when {p.path} is in {p.shown}",
            )


def _present_only_if(p: ConditionParams, nodes: Nodes) -> Reasons:
    return _conditional(p, nodes, required=False)


def _required_if(p: ConditionParams, nodes: Nodes) -> Reasons:
    return _conditional(p, nodes, required=True)


OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


def _compare(p: CompareParams, nodes: Nodes) -> Reasons:
    left, right, op = p.left, p.right, p.op
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        a, b = number(lookup(value, left)), number(lookup(value, right))
        if a is not None and b is not None and not OPS[op](a, b):
            yield path, f"{left} ({a}) must be {op} {right} ({b})"


def _parse_members(params: Mapping[str, Any]) -> MembersParams:
    return MembersParams(tuple(params["members"]))


def _parse_member(params: Mapping[str, Any]) -> MemberParams:
    return MemberParams(str(params["member"]))


def _parse_condition(params: Mapping[str, Any]) -> ConditionParams:
    cond = params["if"]
    return ConditionParams(str(params["member"]), str(cond["path"]), tuple(cond["in"]))


def _parse_compare(params: Mapping[str, Any]) -> CompareParams:
    return CompareParams(str(params["left"]), str(params["op"]), str(params["right"]))


def _cited_members(p: MembersParams) -> tuple[str, ...]:
    return p.members


def _cited_member(p: MemberParams) -> tuple[str, ...]:
    return (p.member,)


def _cited_condition(p: ConditionParams) -> tuple[str, ...]:
    return (p.member, p.path)


def _cited_sides(p: CompareParams) -> tuple[str, ...]:
    return (p.left, p.right)


_FREE = "oracle: free text naming the rule, cited at one of the members it relates"
_NO_JSON_SCHEMA = "the OpenAPI document states single members only"


def _cross(
    kind: Kind,
    parse: Callable[[Mapping[str, Any]], Params],
    check: Any,
    members: Callable[[Any], tuple[str, ...]],
    **kw: Any,
) -> KindSpec:
    kw.setdefault("no_openapi", _NO_JSON_SCHEMA)
    return KindSpec(
        kind,
        parse=parse,
        check=check,
        level=always(Level.L3),
        single_request=yes,
        cross_field=True,
        members=members,
        reference=_FREE,
        **kw,
    )


CROSS_SPECS = (
    _cross(
        Kind.UNION,
        _parse_members,
        _exactly_one,
        _cited_members,
        openapi=("minProperties", "maxProperties"),
        no_openapi="",
    ),
    _cross(Kind.EXACTLY_ONE, _parse_members, _exactly_one, _cited_members),
    _cross(Kind.AT_MOST_ONE, _parse_members, _at_most_one, _cited_members),
    _cross(Kind.ALL_OR_NONE, _parse_member, _all_or_none, _cited_member),
    _cross(
        Kind.PRESENT_ONLY_IF,
        _parse_condition,
        _present_only_if,
        _cited_condition,
        scoped_member=True,
    ),
    _cross(Kind.REQUIRED_IF, _parse_condition, _required_if, _cited_condition, scoped_member=True),
    _cross(Kind.COMPARE, _parse_compare, _compare, _cited_sides),
)
