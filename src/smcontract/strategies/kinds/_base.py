"""A row of the generation half of the kind table: ``KindGeneration``.

* ``shape(ctx, constraint)``: the kind's contribution to valid generation (a length rule
  narrows the node's length, an enum fixes its values, an exactly-one joins the scope's
  groups, a ``required`` makes the member always present);
* ``mutations(ctx, constraint, site)``: the near misses that break it at one site;
* ``repair(job)``: one small change that fixes one violation of it (False: not fixed);
* ``accepts(ctx, constraint, site)``: valid values on its bounds or in its sets (the
  "accept" half of the boundary corpus; none for kinds without bounds or sets);
* ``site(constraint)``: the member path whose concrete places are the sites;
* ``force(constraint)``: the member paths a base request must contain to be broken there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from smcontract.contracts import Constraint, join
from smcontract.contracts.kinds import Kind
from smcontract.strategies._edit import Mutation, Repair, parent_of, prefixes
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Slot

__all__ = [
    "KindGeneration",
    "Mutations",
    "Shape",
    "force_items",
    "force_members",
    "force_own",
    "force_parent",
    "no_accepts",
    "own_path",
    "parent_path",
    "shape_cross",
]

Shape = Callable[[OpContext, Constraint], None]
Mutations = Callable[[OpContext, Constraint, Slot], list[Mutation]]


def own_path(c: Constraint) -> str:
    return c.path


def parent_path(c: Constraint) -> str:
    return parent_of(c.path)


def force_own(c: Constraint) -> tuple[str, ...]:
    return prefixes(c.path) if c.path else ()


def force_parent(c: Constraint) -> tuple[str, ...]:
    parent = parent_of(c.path)
    return prefixes(parent) if parent else ()


def force_members(
    members: Callable[[Constraint], tuple[str, ...]],
) -> Callable[[Constraint], tuple[str, ...]]:
    """Force the rule's own path and the members ``members(c)`` names below it."""

    def force(c: Constraint) -> tuple[str, ...]:
        extra: tuple[str, ...] = ()
        for name in members(c):
            extra += prefixes(join(c.path, name))
        return force_own(c) + extra

    return force


def force_items(c: Constraint) -> tuple[str, ...]:
    return (*force_own(c), c.path + "[]")


def shape_cross(ctx: OpContext, c: Constraint) -> None:
    ctx.ensure(c.path).cross.append(c)


def no_accepts(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    return []


@dataclass(frozen=True)
class KindGeneration:
    """How one kind of constraint enters generation (valid, violating, repaired, accepted)."""

    kind: Kind
    shape: Shape
    mutations: Mutations
    repair: Repair
    accepts: Mutations = no_accepts
    site: Callable[[Constraint], str] = own_path
    force: Callable[[Constraint], tuple[str, ...]] = force_own
