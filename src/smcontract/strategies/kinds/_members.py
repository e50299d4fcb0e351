"""Generation of the member-count rules (``union``, ``exactly-one``, ``at-most-one``) and the
list rules (``all-or-none``, ``unique`` with a key): near misses, repairs, accept cases."""

from __future__ import annotations

import json
from typing import Any

from smcontract.contracts import Constraint, join
from smcontract.contracts.kinds import (
    Kind,
    MemberParams,
    MembersParams,
    UniqueParams,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import (
    Job,
    Made,
    Make,
    Mutation,
    add_member,
    at_least_two,
    fresh,
    is_required,
    scope_slot,
)
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Guard, Slot, blocked
from smcontract.strategies._tree import Node
from smcontract.strategies._values import string_value
from smcontract.strategies.kinds._base import (
    KindGeneration,
    force_items,
    shape_cross,
)


def _break_members(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    declared = c.rule_as(MembersParams).members
    members = [m for m in declared if scope is not None and m in scope.members]
    if scope is None or not members:
        return []
    out = []
    if len(members) >= 2:
        out.append(Mutation(f"{c.kind}: two members", _several(c, scope, members)))
    if c.kind != "at-most-one":
        out.append(Mutation(f"{c.kind}: none", _neither(c, declared)))
    return out


def _neither(c: Constraint, declared: tuple[str, ...]) -> Make:
    """Remove every member of the group."""

    def neither(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        guards = []
        for member in declared:
            obj.pop(member, None)
            guards.append((join(slot.path, member), True))
        return f"{c.kind}: none of {', '.join(declared)}", tuple(guards)

    return neither


def _several(c: Constraint, scope: Node, members: list[str]) -> Make:
    """Make two members of the group present (adding valid values where needed)."""

    def several(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        present = [m for m in members if obj.get(m) is not None]
        absent = [m for m in members if obj.get(m) is None]
        need = max(0, 2 - len(present))
        if len(absent) < need:
            return None
        start = ch.integer(0, len(absent) - 1) if absent else 0
        for member in _pair_free(c, scope, present, absent[start:] + absent[:start], need):
            if not add_member(ctx, obj, scope, member, ch):
                return None
            present.append(member)
        shown = [m for m in members if m in present]
        guards = tuple((join(slot.path, m), False) for m in shown)
        if len(shown) == 2:
            return f"{c.kind}: both {' and '.join(shown)}", guards
        return f"{c.kind}: several of {', '.join(shown)}", guards

    return several


#: The rules that allow at most one member of their group.
_GROUPS = ("union", "exactly-one", "at-most-one")


def _pair_free(
    c: Constraint, scope: Node, present: list[str], order: list[str], need: int
) -> list[str]:
    """``need`` members of ``order`` to add, preferring ones that share no other group
    rule of ``scope`` with a member already there (that pair would break that rule too);
    the first ``need`` of ``order`` when there are not enough such members."""
    others = [
        set(r.rule_as(MembersParams).members)
        for r in scope.cross
        if r.id != c.id and r.kind in _GROUPS
    ]
    taken = list(present)
    out: list[str] = []
    for member in order:
        if len(out) < need and not any(member in g and g & set(taken) for g in others):
            out.append(member)
            taken.append(member)
    return out if len(out) == need else order[:need]


def _break_all_or_none(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    member = c.rule_as(MemberParams).member
    item_node = node.item if node is not None else None
    child = item_node.members.get(member) if item_node is not None else None
    if node is None or child is None:
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        items = slot.value
        if not isinstance(items, list) or not at_least_two(ctx, node, items, ch):
            return None
        first, second = items[0], items[1]
        if not (isinstance(first, dict) and isinstance(second, dict)):
            return None
        if first.get(member) is None:
            value = fresh(ctx, child, ch)
            if value is None:
                return None
            first[member] = value
        second.pop(member, None)
        guards = (
            (slot.path, False),
            (join(f"{slot.path}[0]", member), True),
            (join(f"{slot.path}[1]", member), True),
        )
        return f"all-or-none: {member} on item 0, not on item 1", guards

    return [Mutation(f"all-or-none: {member} on some items", apply)]


def _break_unique(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    key = c.rule_as(UniqueParams).key
    item_node = node.item if node is not None else None
    if node is None or key is None or item_node is None or key not in item_node.members:
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        items = slot.value
        if not isinstance(items, list) or not at_least_two(ctx, node, items, ch):
            return None
        first, second = items[0], items[1]
        if not (isinstance(first, dict) and isinstance(second, dict)):
            return None
        if not (add_member(ctx, first, item_node, key, ch) and isinstance(first[key], str)):
            return None
        second[key] = first[key]
        guards = (
            (slot.path, False),
            (f"{slot.path}[0].{key}", True),
            (f"{slot.path}[1].{key}", True),
        )
        return f"unique: {key} {json.dumps(first[key], ensure_ascii=False)} twice", guards

    return [Mutation(f"unique: duplicate {key}", apply)]


def _fix_count(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    scope = scope_slot(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    obj = scope.value
    members = list(c.rule_as(MembersParams).members)
    present = [m for m in members if obj.get(m) is not None]
    if not present and c.kind != "at-most-one":
        return _add_one(ctx, obj, scope.path, node, members, ch, guards)
    keep = [m for m in present if blocked(join(scope.path, m), guards)]
    if len(keep) > 1:
        return False
    keep = keep or present[:1]
    changed = False
    for member in present:
        if member not in keep and not blocked(join(scope.path, member), guards):
            del obj[member]
            changed = True
    return changed


def _add_one(
    ctx: OpContext,
    obj: dict[str, Any],
    where: str,
    node: Node,
    members: list[str],
    ch: Chooser,
    guards: tuple[Guard, ...],
) -> bool:
    for member in members:
        child = node.members.get(member)
        if child is None or blocked(join(where, member), guards):
            continue
        value = fresh(ctx, child, ch.bulk())
        if value is not None:
            obj[member] = value
            return True
    return False


def _fix_all_or_none(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = scope_slot(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or not isinstance(slot.value, list):
        return False
    member = c.rule_as(MemberParams).member
    items = [(i, item) for i, item in enumerate(slot.value) if isinstance(item, dict)]
    having = [i for i, item in items if item.get(member) is not None]
    lacking = [i for i, item in items if item.get(member) is None]
    here = slot.path

    def free(index: int) -> bool:
        return not blocked(join(f"{here}[{index}]", member), guards)

    item_node = node.item
    if all(free(i) for i in having) and not is_required(item_node, member):
        for index in having:
            del slot.value[index][member]
        return True
    child = item_node.members.get(member) if item_node is not None else None
    if child is not None and all(free(i) for i in lacking):
        for index in lacking:
            value = fresh(ctx, child, ch.bulk())
            if value is None:
                return False
            slot.value[index][member] = value
        return True
    return False


def _fix_unique(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = scope_slot(ctx, request, c, v.path)
    node = ctx.node(c.path)
    key = c.rule_as(UniqueParams).key
    if slot is None or node is None or key is None or not isinstance(slot.value, list):
        return False
    key_node = node.item.members.get(key) if node.item is not None else None
    seen: set[str] = set()
    order = sorted(
        range(len(slot.value)), key=lambda i: not blocked(f"{slot.path}[{i}].{key}", guards)
    )
    changed = False
    for index in order:
        item = slot.value[index]
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue
        if value in seen:
            if key_node is None or blocked(f"{slot.path}[{index}].{key}", guards):
                return False
            for _ in range(4):
                value = string_value(key_node, ch.bulk()) or value
                if value not in seen:
                    break
            item[key] = value
            changed = True
        seen.add(value)
    return changed


def _accept_members(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    members = [m for m in c.rule_as(MembersParams).members if m in scope.members]

    def alone(keep: str | None) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            obj = slot.value
            if not isinstance(obj, dict):
                return None
            for member in members:
                if member != keep:
                    if is_required(scope, member):
                        return None
                    obj.pop(member, None)
            if keep is not None and not add_member(ctx, obj, scope, keep, ch):
                return None
            guards = tuple((join(slot.path, m), m != keep) for m in members)
            shown = f"only {keep}" if keep else "none"
            return f"{c.kind}: {shown}", guards

        return apply

    out = [Mutation(f"{c.kind}: only {m}", alone(m)) for m in members]
    if c.kind == "at-most-one":
        out.insert(0, Mutation(f"{c.kind}: none", alone(None)))
    return out


GENERATION = (
    KindGeneration(Kind.UNION, shape_cross, _break_members, _fix_count, _accept_members),
    KindGeneration(Kind.EXACTLY_ONE, shape_cross, _break_members, _fix_count, _accept_members),
    KindGeneration(Kind.AT_MOST_ONE, shape_cross, _break_members, _fix_count, _accept_members),
    KindGeneration(
        Kind.ALL_OR_NONE, shape_cross, _break_all_or_none, _fix_all_or_none, force=force_items
    ),
    KindGeneration(Kind.UNIQUE, shape_cross, _break_unique, _fix_unique, force=force_items),
)
