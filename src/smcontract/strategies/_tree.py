"""The request shape of one operation, rebuilt from its constraints as a tree of nodes.

Each node is one member path (``Tags[].Key``) with its model type, the single-value rules
that apply to its values, and the cross-field rules whose scope it is. The per-kind
``shape`` functions of ``_kinds.KINDS`` fill the nodes in; the generators read them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import Constraint, compile_pattern, join, matches_type, parse_path
from smcontract.contracts.kinds import (
    AffixParams,
    BoundParams,
    EnumParams,
    FormatParams,
    Params,
    PatternParams,
    TypeParams,
    breaks_enum,
)

__all__ = ["Node", "child_path", "local_broken", "lookup", "node_at"]

#: Default bounds of numbers the model leaves unbounded (AWS integers are 32-bit).
INT_BOUNDS = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
#: Epoch seconds between 2010 and 2030: realistic timestamps.
TIMESTAMP_BOUNDS = (1_262_304_000, 1_893_456_000)
REAL_BOUNDS = (-1e6, 1e6)


@dataclass(eq=False)
class Node:
    """One member path of the request, everything generation needs to know about it."""

    path: str
    type: str | None = None
    members: dict[str, Node] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    item: Node | None = None
    key: Node | None = None
    value: Node | None = None
    #: Single-value rules on this path (type, length, pattern, enum, range, ...).
    rules: list[Constraint] = field(default_factory=list)
    #: Rules whose scope is this node (exactly-one, compare, all-or-none, unique, ...).
    cross: list[Constraint] = field(default_factory=list)
    # Effective bounds, the intersection of every rule of that kind.
    length: tuple[int, float] = (0, math.inf)
    bounds: tuple[float, float] = (-math.inf, math.inf)
    size: tuple[int, float] = (0, math.inf)
    patterns: list[str] = field(default_factory=list)
    enum: list[Any] | None = None
    prefix: str = ""
    suffix: str = ""
    formats: list[str] = field(default_factory=list)
    #: Known-valid values for this node (documented examples, realistic samples).
    seeds: list[Any] = field(default_factory=list)
    # Caches filled by the generators.
    span: tuple[int, float] | None = None
    valid_enum: list[Any] | None = None

    def __repr__(self) -> str:
        return f"Node({self.path!r}, {self.kind})"

    @property
    def kind(self) -> str:
        """The model type, or the one the node's children and rules imply."""
        if self.type is not None:
            return self.type
        if self.members:
            return "structure"
        if self.item is not None:
            return "list"
        if self.key is not None or self.value is not None:
            return "map"
        if math.isfinite(self.bounds[0]) or math.isfinite(self.bounds[1]):
            return "integer"
        return "string"

    def children(self) -> Iterator[Node]:
        yield from self.members.values()
        for child in (self.item, self.key, self.value):
            if child is not None:
                yield child

    def number_bounds(self) -> tuple[float, float]:
        """The inclusive bounds generation uses for a number node."""
        kind = self.kind
        if kind in INT_BOUNDS:
            default: tuple[float, float] = INT_BOUNDS[kind]
        elif kind == "timestamp":
            default = TIMESTAMP_BOUNDS
        else:
            default = REAL_BOUNDS
        low = self.bounds[0] if math.isfinite(self.bounds[0]) else default[0]
        high = self.bounds[1] if math.isfinite(self.bounds[1]) else default[1]
        if kind == "timestamp" and not (low <= high):
            low, high = self.bounds
        return low, max(low, high)


def child_path(node: Node, step: str) -> str:
    """The path of a child: ``member`` name, ``[]``, ``{key}`` or ``{value}``."""
    if step in ("[]", "{key}", "{value}"):
        return node.path + step
    return join(node.path, step)


def node_at(root: Node, path: str) -> Node | None:
    """The node at ``path`` (relative to ``root``), or None."""
    node: Node | None = root
    for kind, name in parse_path(path):
        if node is None:
            return None
        if kind == "member":
            node = node.members.get(name)
        elif kind == "items":
            node = node.item
        elif kind == "keys":
            node = node.key
        else:
            node = node.value
    return node


def lookup(obj: Any, path: str) -> Any:
    """The value at the member path ``path`` below ``obj`` (None when absent)."""
    for _, name in parse_path(path):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)
    return obj


def breaks_rule(rule: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks the single-value ``rule`` of its node, checked alone."""
    return _breaks(rule, value)


def _breaks(rule: Constraint, value: Any) -> bool:
    """Whether ``value`` (of this node) breaks the single-value ``rule``, as the oracle says."""
    kind, params = rule.kind, rule.rule
    if isinstance(params, TypeParams):
        return not matches_type(value, params.type)
    if isinstance(params, BoundParams):
        return _breaks_bound(kind, params, value)
    if isinstance(value, str) and kind in ("pattern", "prefix", "suffix", "format"):
        return _breaks_string(kind, params, value)
    if isinstance(params, EnumParams):
        return breaks_enum(params.values, value)
    return False


def _breaks_bound(kind: str, params: BoundParams, value: Any) -> bool:
    if kind == "length":
        return isinstance(value, str) and _outside(params, len(value))
    if kind == "range":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return _outside(params, value)
    if kind == "items":
        return isinstance(value, list) and _outside(params, len(value))
    if kind == "entries":
        return isinstance(value, dict) and _outside(params, len(value))
    return False


def _breaks_string(kind: str, params: Params, value: str) -> bool:
    if isinstance(params, PatternParams):
        return compile_pattern(params.pattern).fullmatch(value) is None
    if isinstance(params, AffixParams):
        affix = params.value
        return not (value.startswith(affix) if kind == "prefix" else value.endswith(affix))
    return isinstance(params, FormatParams) and params.format == "json" and not _is_json(value)


def _outside(params: BoundParams, measure: float) -> bool:
    low, high = params.min, params.max
    return (low is not None and measure < low) or (high is not None and measure > high)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def local_broken(node: Node, value: Any) -> list[Constraint]:
    """The single-value rules of ``node`` that ``value`` breaks (type first)."""
    for rule in node.rules:
        if rule.kind == "type" and _breaks(rule, value):
            return [rule]
    return [rule for rule in node.rules if rule.kind != "type" and _breaks(rule, value)]
