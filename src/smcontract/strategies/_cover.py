"""The covering corpus: valid requests that, together, set every optional member.

``covering(operation, seed=...)`` starts with a *maximal* request (every optional member
present, every list and map with an item, the first member of every exactly-one /
at-most-one / union group) and adds requests until every optional member, every valid enum
value and every group member appears in at least one of them. Round ``k`` is again maximal
but takes the ``k``-th value of every enum and the ``k``-th member of every group, so a
handful of rounds covers most items at once; what is still missing after the rounds gets a
request of its own (its path forced, its enum value set and guarded). Every request is
repaired and re-checked by the oracle; an item no valid request could hold is listed with
the reason. Same pack, operation and seed, same requests.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from smcontract.contracts import Constraint, ContractPack, join, parse_path
from smcontract.contracts.kinds import MembersParams
from smcontract.strategies._choosers import Chooser, RandomChooser
from smcontract.strategies._context import OpContext, context, render, resolve_pack
from smcontract.strategies._generate import Generator
from smcontract.strategies._repair import repair
from smcontract.strategies._slots import Guard, sites
from smcontract.strategies._tree import Node, local_broken
from smcontract.strategies._values import string_span, string_value
from smcontract.strategies.kinds import GENERATION

__all__ = ["Coverage", "Item", "ItemKind", "break_response", "covering", "maximal_response"]

#: Extra attempts (fresh seeds) for an item the rounds did not cover.
ATTEMPTS = 4
#: The longest free string of a covering request (or the node's shortest valid length when
#: that is longer): covering is about members and enum values, not lengths, and a maximal
#: request with a 100,000-character ModelCardContent made CreateModelPackage's corpus 16 MB.
COVER_TEXT = 32
_GROUPS = ("union", "exactly-one", "at-most-one")
_CONTAINERS = ("structure", "list", "map")


class ItemKind(StrEnum):
    """What a coverage item asks for."""

    MEMBER = "member"
    ENUM = "enum"
    BRANCH = "branch"


@dataclass(frozen=True)
class Item:
    """One thing a covering corpus must show: an optional member, an enum value or a branch.

    ``path`` is the member path that must be present (for a branch: the member's path);
    ``value`` the enum value it must hold (None for the other kinds).
    """

    kind: ItemKind
    path: str
    value: Any = None

    @property
    def label(self) -> str:
        if self.kind is ItemKind.ENUM:
            return f"{self.path}={self.value}"
        return self.path

    def held_by(self, request: Any) -> bool:
        found = sites(request, self.path)
        if self.kind is ItemKind.ENUM:
            return any(slot.value == self.value for slot in found)
        return bool(found)


@dataclass(frozen=True)
class Coverage:
    """The covering corpus of one operation and what it covers, per item kind."""

    operation: str
    requests: tuple[dict[str, Any], ...]
    items: tuple[Item, ...]
    #: Items no valid request could hold, with the reason (label -> reason).
    missed: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per item kind (``member``, ``enum``, ``branch``): (covered, total)."""
        out: dict[str, tuple[int, int]] = {}
        for kind in ItemKind:
            mine = [i for i in self.items if i.kind is kind]
            missed = sum(1 for i in mine if i.label in self.missed)
            out[kind.value] = (len(mine) - missed, len(mine))
        return out


def covering(operation: str, *, seed: int = 0, pack: ContractPack | None = None) -> Coverage:
    """The covering corpus of ``operation`` (see the module docstring); cached per seed."""
    return _covering(resolve_pack(pack), operation, seed)


@functools.lru_cache(maxsize=128)
def _covering(pack: ContractPack, operation: str, seed: int) -> Coverage:
    ctx = context(pack, operation)
    items = tuple(coverage_items(ctx))
    requests: list[dict[str, Any]] = []
    open_items = list(items)
    for round_ in range(_rounds(ctx)):
        request = _full(ctx, round_, RandomChooser(seed * 10_007 + round_), short_text=True)
        if request is None:
            continue
        held = [i for i in open_items if i.held_by(request)]
        if held or not requests:
            requests.append(request)
            open_items = [i for i in open_items if i not in held]
    missed: dict[str, str] = {}
    for index, item in enumerate(list(open_items)):
        if any(item.held_by(r) for r in requests):
            continue
        found, why = _target(ctx, item, seed * 10_007 + 1_000 + index * ATTEMPTS)
        if found is None:
            missed[item.label] = why
        else:
            requests.append(found)
    return Coverage(operation, tuple(requests), items, missed)


def maximal_response(
    operation: str, *, seed: int = 0, pack: ContractPack | None = None
) -> dict[str, Any]:
    """A response body of ``operation`` with every optional member the output rules allow
    together, valid by ``validate_response`` (empty when none could be built); cached."""
    return copy.deepcopy(_maximal_response(resolve_pack(pack), operation, seed))


@functools.lru_cache(maxsize=128)
def _maximal_response(pack: ContractPack, operation: str, seed: int) -> dict[str, Any]:
    ctx = context(pack, operation, "output")
    for attempt in range(ATTEMPTS):
        body = _full(ctx, 0, RandomChooser(seed * 10_007 + attempt))
        if body is not None:
            return body
    return {}


def coverage_items(ctx: OpContext) -> Iterator[Item]:
    """Every optional member, valid enum value and group member of the input, in tree order."""
    for node in _walk(ctx.root):
        for name, child in node.members.items():
            if name not in node.required:
                yield Item(ItemKind.MEMBER, child.path)
        for rule in node.cross:
            if rule.kind in _GROUPS and rule.active:
                for member in rule.rule_as(MembersParams).members:
                    if member in node.members:
                        yield Item(ItemKind.BRANCH, join(node.path, member))
        for value in enum_values(node):
            yield Item(ItemKind.ENUM, node.path, value)


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children():
        yield from _walk(child)


def enum_values(node: Node) -> list[Any]:
    """The values of a leaf's enum that keep its other rules (booleans: both)."""
    if node.kind in _CONTAINERS or node.path.endswith("{key}"):
        return []
    if node.kind == "boolean" and node.enum is None:
        return []
    return [v for v in node.enum or () if not local_broken(node, v)]


def _rounds(ctx: OpContext) -> int:
    widest = 1
    for node in _walk(ctx.root):
        widest = max(widest, len(enum_values(node)))
        for rule in node.cross:
            if rule.kind in _GROUPS:
                widest = max(widest, len(rule.rule_as(MembersParams).members))
    return widest


class _Full(Generator):
    """A maximal generator: every optional member, one item per list, round-robin choices."""

    def __init__(
        self,
        root: Node,
        round_: int,
        force: frozenset[str] = frozenset(),
        *,
        short_text: bool = False,
    ) -> None:
        super().__init__(root, force)
        self.round = round_
        self.short_text = short_text

    def _presence(self, depth: int) -> float:
        return 1.0

    def _size(self, node: Node, chooser: Chooser, forced: bool) -> int:
        low, high = node.size
        return int(min(max(low, 1), high))

    def value(
        self,
        node: Node,
        chooser: Chooser,
        depth: int = 2,
        focus: bool = False,
        mode: int | None = None,
    ) -> Any:
        values = enum_values(node)
        if values:
            self.leaves += 1
            return copy.deepcopy(values[self.round % len(values)])
        if self.short_text and node.kind == "string":
            self.leaves += 1
            return string_value(node, chooser, hi=max(string_span(node)[0], COVER_TEXT))
        return super().value(node, chooser, depth, focus, mode)

    def _group_rules(self, node: Node, focus: bool) -> list[Constraint]:
        """As the base class, but groups that hold a forced member come first, so that an
        overlapping group cannot exclude it."""
        rules = super()._group_rules(node, focus)
        return sorted(rules, key=lambda r: not self._forces(node, r.rule_as(MembersParams), focus))

    def _forces(self, node: Node, params: MembersParams, focus: bool) -> bool:
        members = [m for m in params.members if m in node.members]
        return any(self.forced(node.members[m].path, focus) for m in members)

    def _pick(
        self,
        node: Node,
        kind: str,
        members: list[str],
        chosen: set[str],
        excluded: set[str],
        chooser: Chooser,
        focus: bool,
    ) -> str | None:
        for member in members:
            if member in chosen or member in node.required:
                return member
        for member in members:
            if self.forced(node.members[member].path, focus):
                return member
        open_members = [m for m in members if m not in excluded]
        return open_members[self.round % len(open_members)] if open_members else None


def _full(
    ctx: OpContext,
    round_: int,
    chooser: Chooser,
    force: frozenset[str] = frozenset(),
    item: Item | None = None,
    *,
    short_text: bool = False,
) -> dict[str, Any] | None:
    """A maximal valid request of round ``round_`` (holding ``item`` if given), or None;
    ``short_text``: free strings of at most :data:`COVER_TEXT` characters."""
    request = _Full(ctx.root, round_, force, short_text=short_text).request(chooser)
    guards: tuple[Guard, ...] = ()
    if item is not None and item.kind is ItemKind.ENUM:
        places = sites(request, item.path)
        if not places:
            return None
        places[0].set(copy.deepcopy(item.value))
        guards = ((places[0].path, False),)
    if repair(ctx, request, chooser, guards=guards):
        return None
    if ctx.validate(request):
        return None
    return request


def _target(ctx: OpContext, item: Item, seed: int) -> tuple[dict[str, Any] | None, str]:
    """A valid request holding ``item``, or None and why none was found."""
    force = frozenset(_ancestors(item.path))
    for attempt in range(ATTEMPTS):
        chooser = RandomChooser(seed + attempt)
        request = _full(ctx, attempt, chooser, force, item, short_text=True)
        if request is not None and item.held_by(request):
            return request, ""
    return None, f"no valid request holding it was found in {ATTEMPTS} attempts"


def _ancestors(path: str) -> Iterator[str]:
    """``path`` and every node path above it (``A``, ``A.B``, ``A.B[]``, ...)."""
    steps = parse_path(path)
    for end in range(1, len(steps) + 1):
        yield render(steps[:end])


def break_response(
    operation: str, constraint_id: str, body: Any, *, pack: ContractPack | None = None
) -> dict[str, Any] | None:
    """``body`` (a valid response of ``operation``) changed so that it breaks the output rule
    ``constraint_id`` and nothing outside it and its implies; None when the body has no place
    for it or no near miss keeps the rest valid. Deterministic."""
    from smcontract.strategies._choosers import MinimalChooser
    from smcontract.strategies._engine import breaks_exactly, mutate

    ctx = context(resolve_pack(pack), operation, "output")
    rule = ctx.contract.constraint(constraint_id)
    if rule.kind not in GENERATION or not isinstance(body, dict):
        return None
    kind = GENERATION[rule.kind]
    for place in sites(body, kind.site(rule)):
        for index in range(len(kind.mutations(ctx, rule, place))):
            made = mutate(ctx, rule, body, place.path, index, MinimalChooser())
            if made is not None and breaks_exactly(ctx, rule, made[1]):
                broken: dict[str, Any] = made[1]
                return broken
    return None
