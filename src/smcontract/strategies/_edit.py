"""What the kind modules share: near misses (``Mutation``), repair jobs, edits of a request.

A ``Mutation`` has a label (``length=max+1``, ``enum: lower case``) and a ``make`` that
applies it to a copy of a base request and returns the guards the following repair must
respect. A repair (``Job -> bool``) fixes one violation with one small change, without
touching the guarded places. The helpers below edit member paths of a request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from smcontract.contracts import Constraint, Violation, join, parse_path
from smcontract.contracts.kinds import (
    BoundParams,
    ConditionParams,
    MemberParams,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._generate import Generator
from smcontract.strategies._opcontext import OpContext, render
from smcontract.strategies._slots import Guard, Slot, blocked, find_slot, slots
from smcontract.strategies._tree import Node, breaks_rule, local_broken, lookup, node_at
from smcontract.strategies._values import string_value

__all__ = [
    "Job",
    "Made",
    "Make",
    "Mutation",
    "Repair",
    "add_member",
    "allowed_ids",
    "at_least_two",
    "bounds",
    "breaks",
    "fits",
    "fresh",
    "intersect",
    "is_required",
    "member_scope_slot",
    "near",
    "parent_of",
    "prefixes",
    "regenerate",
    "remove_path",
    "replace_with",
    "resize",
    "scope_slot",
    "set_path",
    "set_to",
    "value_mutations",
]


Made = tuple[str, tuple[Guard, ...]]


Make = Callable[["OpContext", Any, Slot, Chooser], Made | None]


@dataclass(frozen=True)
class Mutation:
    """One candidate near miss at one site."""

    label: str
    make: Make


class Job(NamedTuple):
    """One violation to fix: where, which rule, and what must not be touched."""

    ctx: OpContext
    request: Any
    constraint: Constraint
    violation: Violation
    chooser: Chooser
    guards: tuple[Guard, ...]


Repair = Callable[[Job], bool]


def allowed_ids(c: Constraint) -> frozenset[str]:
    """The rules a violation of ``c`` may break: ``c`` and what it declares it implies."""
    return frozenset((c.id, *c.implies))


def near(node: Node, c: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks ``c`` and, on its node, nothing outside ``c``'s implies."""
    if not _breaks_itself(node, c, value):
        return False  # most candidates of a scan: one check instead of every rule's
    broken = {rule.id for rule in local_broken(node, value)}
    return c.id in broken and broken <= allowed_ids(c)


def breaks(node: Node, c: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks ``c`` at all (the fallback when no near miss exists, so
    that ``unviolatable()`` can name the rules that break along with it)."""
    return _breaks_itself(node, c, value) and any(
        rule.id == c.id for rule in local_broken(node, value)
    )


def _breaks_itself(node: Node, c: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks ``c``, checked alone: false means ``c`` is not among the
    rules :func:`local_broken` finds; true for a rule that is not one of the node's
    single-value rules (then :func:`local_broken` decides, and never finds it)."""
    own = next((rule for rule in node.rules if rule.id == c.id), None)
    return True if own is None else breaks_rule(own, value)


def replace_with(label: str, value: Any) -> Mutation:
    """Set the site to ``value``."""

    def make(ctx: OpContext, request: Any, slot: Slot, chooser: Chooser) -> Made | None:
        if slot.is_key and value in slot.parent:
            return None
        slot.set(value)
        return label, ((slot.path, True),)

    return Mutation(label, make)


def value_mutations(
    ctx: OpContext, c: Constraint, site: Slot, pairs: list[tuple[str, Any]]
) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None:
        return []
    out: list[Mutation] = []
    seen: list[Any] = []
    for label, value in pairs:
        if value != site.value and value not in seen and near(node, c, value):
            seen.append(value)
            out.append(replace_with(label, value))
    if not out:
        out = [replace_with(lb, v) for lb, v in pairs if breaks(node, c, v)][:1]
    return out


def set_to(node: Node | None, label: str, value: Any) -> Mutation:
    def make(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        if (slot.is_key and value in slot.parent) or (node and local_broken(node, value)):
            return None
        slot.set(value)
        return label, ((slot.path, True),)

    return Mutation(label, make)


def bounds(c: Constraint) -> list[tuple[str, int | float]]:
    p = c.rule_as(BoundParams)
    out: list[tuple[str, int | float]] = []
    if p.min is not None:
        out.append(("min", p.min))
    if p.max is not None:
        out.append(("max", p.max))
    return out


def intersect(current: tuple[float, float], c: Constraint) -> tuple[float, float]:
    low, high = current
    p = c.rule_as(BoundParams)
    if p.min is not None:
        low = max(low, p.min)
    if p.max is not None:
        high = min(high, p.max)
    return low, high


def prefixes(path: str) -> tuple[str, ...]:
    """Every ancestor path of ``path`` and ``path`` itself: ``A``, ``A[]``, ``A[].B``."""
    steps = parse_path(path)
    return tuple(render(steps[: i + 1]) for i in range(len(steps)))


def parent_of(path: str) -> str:
    return render(parse_path(path)[:-1])


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set the member path ``path`` below ``obj``, creating structures on the way."""
    names = [name for _, name in parse_path(path)]
    for name in names[:-1]:
        nxt = obj.get(name)
        if not isinstance(nxt, dict):
            nxt = obj[name] = {}
        obj = nxt
    obj[names[-1]] = value


def remove_path(obj: dict[str, Any], path: str) -> None:
    """Remove the member path ``path`` below ``obj`` (nothing if absent)."""
    names = [name for _, name in parse_path(path)]
    target: Any = obj
    for name in names[:-1]:
        target = target.get(name)
        if not isinstance(target, dict):
            return
    target.pop(names[-1], None)


def is_required(scope: Node | None, path: str) -> bool:
    """Whether the member path ``path`` (relative to ``scope``) is required in its parent."""
    if scope is None:
        return False
    steps = parse_path(path)
    parent = scope
    for _, name in steps[:-1]:
        child = parent.members.get(name)
        if child is None:
            return False
        parent = child
    return steps[-1][1] in parent.required


def fresh(ctx: OpContext, node: Node | None, chooser: Chooser) -> Any:
    """A new valid value for ``node`` (None if there is no node or no value)."""
    if node is None:
        return None
    return Generator(ctx.root).value(node, chooser)


def add_member(ctx: OpContext, obj: dict[str, Any], scope: Node, member: str, ch: Chooser) -> bool:
    """Make ``member`` (a member path relative to ``scope``) present with a valid value."""
    if lookup(obj, member) is not None:
        return True
    value = fresh(ctx, node_at(scope, member), ch)
    if value is None:
        return False
    set_path(obj, member, value)
    return True


def resize(ctx: OpContext, node: Node, value: Any, size: int, ch: Chooser) -> bool:
    """Grow or shrink a list or map in place to ``size`` valid items or entries."""
    generator = Generator(ctx.root)
    bulk = ch.bulk()
    if isinstance(value, list) and node.item is not None:
        del value[size:]
        for _ in range(size - len(value)):
            item = generator.value(node.item, bulk)
            if item is None:
                return False
            if value and isinstance(item, dict) and isinstance(value[0], dict):
                _copy_presence(node, value[0], item, generator, bulk)
            value.append(item)
        generator.keep_list_rules(node, value, bulk, False)
        return len(value) == size
    if isinstance(value, dict):
        for key in list(value)[size:]:
            del value[key]
        for _ in range(size * 2 + 3):
            if len(value) >= size:
                break
            key = generator.map_key(node, bulk)
            entry = generator.value(node.value, bulk) if node.value is not None else ""
            if key is not None and entry is not None and key not in value:
                value[key] = entry
        return len(value) == size
    return False


def _copy_presence(
    node: Node, model: dict[str, Any], item: dict[str, Any], gen: Generator, ch: Chooser
) -> None:
    """Give a new list item the all-or-none members that the first item has (or lacks)."""
    item_node = node.item
    for rule in node.cross:
        if rule.kind != "all-or-none" or item_node is None:
            continue
        member = rule.rule_as(MemberParams).member
        child = item_node.members.get(member)
        if model.get(member) is None:
            item.pop(member, None)
        elif item.get(member) is None and child is not None:
            value = gen.value(child, ch)
            if value is not None:
                item[member] = value


def at_least_two(ctx: OpContext, node: Node, items: list[Any], ch: Chooser) -> bool:
    if len(items) >= 2:
        return True
    if node.size[1] < 2 or node.item is None:
        return False
    return resize(ctx, node, items, 2, ch)


def fits(node: Node | None, value: Any) -> bool:
    return node is None or not local_broken(node, value)


def scope_slot(ctx: OpContext, request: Any, c: Constraint, concrete: str) -> Slot | None:
    slot = find_slot(request, c.path, concrete)
    return slot if slot is not None and isinstance(slot.value, dict | list) else None


def member_scope_slot(
    ctx: OpContext, request: Any, c: Constraint, violation: Violation
) -> Slot | None:
    """The scope slot of a conditional rule (its violation path is scope + member)."""
    member = c.rule_as(ConditionParams).member
    if not c.path:
        return find_slot(request, "", "")
    for slot in slots(request, parse_path(c.path)):
        if join(slot.path, member) == violation.path:
            return slot
    return None


def regenerate(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = find_slot(request, c.path, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or blocked(slot.path, guards):
        return False
    if slot.is_key:
        value = string_value(node, ch.bulk())
        if value is None or value in slot.parent:
            return False
    else:
        value = fresh(ctx, node, ch.bulk())
        if value is None:
            return False
    slot.set(value)
    return True
