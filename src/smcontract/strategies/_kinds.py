"""The table of kinds: what each kind contributes to valid values, and how it is broken.

``KINDS[kind]`` is a ``Kind`` with

* ``shape(ctx, constraint)``: the kind's contribution to valid generation (a length rule
  narrows the node's length, an enum fixes its values, an exactly-one joins the scope's
  groups, a ``required`` makes the member always present);
* ``mutations(ctx, constraint, site)``: the near misses that break it at one site
  (``_violations``);
* ``site(constraint)``: the member path whose concrete places are the sites;
* ``force(constraint)``: the member paths a base request must contain to be broken there.

A kind that is not in the table (``default``, ``error``, ``lifecycle``, and ``unique``
across resources) is never a single-request rule and cannot be broken by one request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smcontract.contracts import Constraint, join, parse_path
from smcontract.strategies._slots import Slot
from smcontract.strategies._violations import MUTATIONS, Mutation

if TYPE_CHECKING:
    from smcontract.strategies._context import OpContext

__all__ = ["KINDS", "Kind", "prefixes"]

Shape = Callable[["OpContext", Constraint], None]
Mutations = Callable[["OpContext", Constraint, Slot], list[Mutation]]


@dataclass(frozen=True)
class Kind:
    """How one kind of constraint enters generation (valid and violating)."""

    shape: Shape
    mutations: Mutations
    site: Callable[[Constraint], str]
    force: Callable[[Constraint], tuple[str, ...]]


def prefixes(path: str) -> tuple[str, ...]:
    """Every ancestor path of ``path`` and ``path`` itself: ``A``, ``A[]``, ``A[].B``."""
    from smcontract.strategies._context import render

    steps = parse_path(path)
    return tuple(render(steps[: i + 1]) for i in range(len(steps)))


def _parent(path: str) -> str:
    from smcontract.strategies._context import render

    return render(parse_path(path)[:-1])


# -- valid contributions ------------------------------------------------------------------------


def _shape_type(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.type = str(c.params["type"])
    node.rules.append(c)


def _shape_required(ctx: OpContext, c: Constraint) -> None:
    parent = ctx.ensure(_parent(c.path))
    ctx.ensure(c.path)
    name = parse_path(c.path)[-1][1]
    if name not in parent.required:
        parent.required.append(name)


def _intersect(current: tuple[float, float], c: Constraint) -> tuple[float, float]:
    low, high = current
    if c.params.get("min") is not None:
        low = max(low, c.params["min"])
    if c.params.get("max") is not None:
        high = min(high, c.params["max"])
    return low, high


def _shape_length(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    low, high = _intersect(node.length, c)
    node.length = (int(low), high)


def _shape_size(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    low, high = _intersect(node.size, c)
    node.size = (int(low), high)


def _shape_range(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.bounds = _intersect(node.bounds, c)


def _shape_pattern(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.patterns.append(str(c.params["pattern"]))


def _shape_enum(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    values = list(c.params["values"])
    node.enum = values if node.enum is None else [v for v in node.enum if v in values]


def _shape_affix(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    value = str(c.params["value"])
    if c.kind == "prefix" and len(value) > len(node.prefix):
        node.prefix = value
    elif c.kind == "suffix" and len(value) > len(node.suffix):
        node.suffix = value


def _shape_format(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.formats.append(str(c.params["format"]))


def _shape_cross(ctx: OpContext, c: Constraint) -> None:
    ctx.ensure(c.path).cross.append(c)


# -- where a violation happens, and what the base request must contain ---------------------------


def _own_path(c: Constraint) -> str:
    return c.path


def _parent_path(c: Constraint) -> str:
    return _parent(c.path)


def _force_own(c: Constraint) -> tuple[str, ...]:
    return prefixes(c.path) if c.path else ()


def _force_parent(c: Constraint) -> tuple[str, ...]:
    parent = _parent(c.path)
    return prefixes(parent) if parent else ()


def _force_members(*names: str) -> Callable[[Constraint], tuple[str, ...]]:
    def force(c: Constraint) -> tuple[str, ...]:
        extra: tuple[str, ...] = ()
        for name in names:
            extra += prefixes(join(c.path, c.params[name]))
        return _force_own(c) + extra

    return force


def _force_items(c: Constraint) -> tuple[str, ...]:
    return (*_force_own(c), c.path + "[]")


def _kind(
    shape: Shape,
    kind: str,
    site: Callable[[Constraint], str] = _own_path,
    force: Callable[[Constraint], tuple[str, ...]] = _force_own,
) -> Kind:
    return Kind(shape=shape, mutations=MUTATIONS[kind], site=site, force=force)


KINDS: dict[str, Kind] = {
    "type": _kind(_shape_type, "type"),
    "required": _kind(_shape_required, "required", _parent_path, _force_parent),
    "length": _kind(_shape_length, "length"),
    "pattern": _kind(_shape_pattern, "pattern"),
    "enum": _kind(_shape_enum, "enum"),
    "range": _kind(_shape_range, "range"),
    "items": _kind(_shape_size, "items"),
    "entries": _kind(_shape_size, "entries"),
    "prefix": _kind(_shape_affix, "prefix"),
    "suffix": _kind(_shape_affix, "suffix"),
    "format": _kind(_shape_format, "format"),
    "union": _kind(_shape_cross, "union"),
    "exactly-one": _kind(_shape_cross, "exactly-one"),
    "at-most-one": _kind(_shape_cross, "at-most-one"),
    "present-only-if": _kind(_shape_cross, "present-only-if", force=_force_members("member")),
    "required-if": _kind(_shape_cross, "required-if"),
    "compare": _kind(_shape_cross, "compare", force=_force_members("left", "right")),
    "all-or-none": _kind(_shape_cross, "all-or-none", force=_force_items),
    "unique": _kind(_shape_cross, "unique", force=_force_items),
}
