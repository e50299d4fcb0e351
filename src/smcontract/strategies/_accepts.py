"""Valid values at the edges of a rule: the "accept" half of the boundary corpus.

``accepts(ctx, constraint, site)`` lists, per kind, the changes that put a value *on* a
bound or inside a set (a string of exactly the maximum length, a range minimum, each enum
value, each member of an exactly-one alone). They are ``Mutation``s, like the near misses,
so the corpus builds both halves the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smcontract.contracts import Constraint, join
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._repair import is_required, set_path
from smcontract.strategies._slots import Slot
from smcontract.strategies._tree import Node, local_broken, lookup, node_at
from smcontract.strategies._values import string_span, string_value
from smcontract.strategies._violations import Made, Make, Mutation, add_member, resize

if TYPE_CHECKING:
    from smcontract.strategies._context import OpContext

__all__ = ["ACCEPTS"]

Accepts = Callable[["OpContext", Constraint, Slot], list[Mutation]]
#: Lengths tried past a bound that no valid value has (a pattern needing more characters).
_SEARCH = 64


def _set(node: Node | None, label: str, value: Any) -> Mutation:
    def make(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        if (slot.is_key and value in slot.parent) or (node and local_broken(node, value)):
            return None
        slot.set(value)
        return label, ((slot.path, True),)

    return Mutation(label, make)


def _bounds(c: Constraint) -> list[tuple[str, int | float]]:
    out = []
    if c.params.get("min") is not None:
        out.append(("min", c.params["min"]))
    if c.params.get("max") is not None:
        out.append(("max", c.params["max"]))
    return out


def _length(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None:
        return []

    def make(label: str, sizes: range) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            for size in sizes:
                value = string_value(node, ch, size, size)
                if value is not None and not (slot.is_key and value in slot.parent):
                    slot.set(value)
                    suffix = "" if size == sizes[0] else f" (nearest valid: {size})"
                    return label + suffix, ((slot.path, True),)
            return None

        return apply

    low, high = _valid_lengths(node)
    out = []
    for name, declared in _bounds(c):
        if name == "min":
            start = int(max(declared, low))
            sizes = range(start, int(min(start + _SEARCH, high)) + 1)
        else:
            start = int(min(declared, high))
            sizes = range(start, int(max(start - _SEARCH, low)) - 1, -1)
        out.append(Mutation(f"length={name}", make(f"length={name}", sizes)))
    return out


def _valid_lengths(node: Node) -> tuple[float, float]:
    """The shortest and longest valid value of a string node (enum values included)."""
    if node.enum is not None:
        sizes = [len(v) for v in node.enum if isinstance(v, str) and not local_broken(node, v)]
        return (min(sizes), max(sizes)) if sizes else (0, 0)
    return string_span(node)


def _range(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    return [_set(node, f"range={name}", value) for name, value in _bounds(c)]


def _sized(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)

    def make(label: str, size: int) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if node is None or not resize(ctx, node, slot.value, size, ch):
                return None
            return label, ((slot.path, False),)

        return apply

    return [
        Mutation(f"{c.kind}={name}", make(f"{c.kind}={name}", int(size)))
        for name, size in _bounds(c)
    ]


def _enum(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    return [_set(node, f"enum={json.dumps(v, ensure_ascii=False)}", v) for v in c.params["values"]]


def _members(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    members = [m for m in c.params["members"] if m in scope.members]

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


def _conditional(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    member, cond = c.params["member"], c.params["if"]
    cond_node = node_at(scope, cond["path"])

    def make(option: Any) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            obj = slot.value
            if not isinstance(obj, dict) or (cond_node and local_broken(cond_node, option)):
                return None
            set_path(obj, cond["path"], option)
            if not add_member(ctx, obj, scope, member, ch):
                return None
            shown = json.dumps(option, ensure_ascii=False)
            guards = ((join(slot.path, cond["path"]), True), (join(slot.path, member), False))
            return f"{c.kind}: {member} present with {cond['path']} {shown}", guards

        return apply

    return [Mutation(f"{c.kind}: {option!r}", make(option)) for option in cond["in"]]


def _compare(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    left, right, op = c.params["left"], c.params["right"], c.params["op"]
    gap = {">=": 0, ">": 1, "<=": 0, "<": -1}[op]
    shown = {0: "equal to", 1: "one above", -1: "one below"}[gap]

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        if not (add_member(ctx, obj, scope, left, ch) and add_member(ctx, obj, scope, right, ch)):
            return None
        value = lookup(obj, right) + gap
        left_node = node_at(scope, left)
        if left_node is not None and local_broken(left_node, value):
            return None
        set_path(obj, left, value)
        guards = ((join(slot.path, left), True), (join(slot.path, right), True))
        return f"compare: {left} {shown} {right}", guards

    return [Mutation(f"compare: {left} {shown} {right}", apply)]


def _none(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    return []


ACCEPTS: dict[str, Accepts] = {
    "length": _length,
    "range": _range,
    "items": _sized,
    "entries": _sized,
    "enum": _enum,
    "union": _members,
    "exactly-one": _members,
    "at-most-one": _members,
    "present-only-if": _conditional,
    "required-if": _conditional,
    "compare": _compare,
}


def accepts_for(kind: str) -> Accepts:
    """The accept-case builder of ``kind`` (none for kinds without bounds or sets)."""
    return ACCEPTS.get(kind, _none)
