"""Generation of ``range``, ``items`` and ``entries``: bounds, values one past them, resizes."""

from __future__ import annotations

from typing import Any

from smcontract.contracts import Constraint
from smcontract.contracts.kinds import (
    BoundParams,
    Kind,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import (
    Job,
    Made,
    Make,
    Mutation,
    bounds,
    fresh,
    intersect,
    regenerate,
    resize,
    set_to,
    value_mutations,
)
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Slot, blocked, find_slot
from smcontract.strategies._tree import local_broken
from smcontract.strategies.kinds._base import (
    KindGeneration,
)


def _shape_size(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    low, high = intersect(node.size, c)
    node.size = (int(low), high)


def _shape_range(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.bounds = intersect(node.bounds, c)


def _break_range(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    bound = c.rule_as(BoundParams)
    low, high = bound.min, bound.max
    pairs = []
    if low is not None:
        pairs.append(("range=min-1", low - 1))
    if high is not None:
        pairs.append(("range=max+1", high + 1))
    return value_mutations(ctx, c, site, pairs)


def _break_sized(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    bound = c.rule_as(BoundParams)
    low, high = bound.min, bound.max
    unit = "items" if c.kind == "items" else "entries"
    targets = []
    if high is not None:
        targets.append((f"{unit}=max+1", int(high) + 1))
    if low is not None and low >= 1:
        targets.append((f"{unit}=min-1", int(low) - 1))

    def make(label: str, size: int) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if node is None or not resize(ctx, node, slot.value, size, ch):
                return None
            return label, ((slot.path, False),)

        return apply

    return [Mutation(label, make(label, size)) for label, size in targets]


def _fix_size(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = find_slot(request, c.path, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or blocked(slot.path, guards):
        return False
    value = fresh(ctx, node, ch.bulk())
    if value is None or local_broken(node, value):
        return False
    slot.set(value)
    return True


def _accept_range(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    return [set_to(node, f"range={name}", value) for name, value in bounds(c)]


def _accept_sized(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)

    def make(label: str, size: int) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if node is None or not resize(ctx, node, slot.value, size, ch):
                return None
            return label, ((slot.path, False),)

        return apply

    return [
        Mutation(f"{c.kind}={name}", make(f"{c.kind}={name}", int(size)))
        for name, size in bounds(c)
    ]


GENERATION = (
    KindGeneration(Kind.RANGE, _shape_range, _break_range, regenerate, _accept_range),
    KindGeneration(Kind.ITEMS, _shape_size, _break_sized, _fix_size, _accept_sized),
    KindGeneration(Kind.ENTRIES, _shape_size, _break_sized, _fix_size, _accept_sized),
)
