"""The interpreter: one valid request (or one valid subtree) from the node tree.

Structure members are present or absent (required ones always; optional ones with a
probability that falls with depth and once the request holds enough leaves); the groups of
``union``/``exactly-one``/``at-most-one`` pick their member before the values are drawn;
lists and maps draw their size with a bias to small, reaching their maximum one time in
sixteen; ``all-or-none`` and ``unique`` (with a key) are kept while a list is built. The
other cross-field rules (``required-if``, ``present-only-if``, ``compare``) are met
afterwards by ``_repair``, which the oracle drives.

*Forced* paths make the request contain a place: ``Tags[].Key`` forced means at least one
tag, whose first item has a key. Violation strategies force the path of the rule they
break.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from smcontract.contracts.kinds import MemberParams, MembersParams, UniqueParams
from smcontract.strategies._choosers import Chooser, flags, modes
from smcontract.strategies._tree import Node
from smcontract.strategies._values import draws_mode, leaf_value, string_value

if TYPE_CHECKING:
    from smcontract.contracts import Constraint

__all__ = ["Generator"]

#: Probability that an optional member is present, by depth (root members first).
PRESENCE = (0.5, 0.4, 0.3, 0.25, 0.2)
#: Once a request holds this many leaves, optional members become rare.
BUDGET = 48
LATE_PRESENCE = 0.1
#: Items drawn with the caller's chooser; the rest of a long list comes from ``bulk()``.
SHRINKABLE_ITEMS = 2
_GROUPS = ("union", "exactly-one", "at-most-one")
_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"


class Generator:
    """Builds valid values for the nodes of one operation's tree."""

    def __init__(
        self, root: Node, force: frozenset[str] = frozenset(), *, lean: bool = False
    ) -> None:
        self.root = root
        self.force = force
        #: Halve the presence of optional members (the bases of near misses stay small).
        self.scale = 0.5 if lean else 1.0
        self.leaves = 0

    def request(self, chooser: Chooser) -> dict[str, Any]:
        """A request: the root structure."""
        value = self.value(self.root, chooser, 0, True)
        return value if isinstance(value, dict) else {}

    def value(
        self,
        node: Node,
        chooser: Chooser,
        depth: int = 2,
        focus: bool = False,
        mode: int | None = None,
    ) -> Any:
        """A valid value for ``node``, None if the node cannot be satisfied (``mode``: a
        string leaf's mode, drawn with its siblings')."""
        kind = node.kind
        if kind == "structure":
            return self.structure(node, chooser, depth, focus)
        if kind == "list":
            return self.items(node, chooser, depth, focus)
        if kind == "map":
            return self.entries(node, chooser, depth, focus)
        self.leaves += 1
        return leaf_value(node, chooser, mode)

    def forced(self, path: str, focus: bool) -> bool:
        return focus and path in self.force

    def _presence(self, depth: int) -> float:
        if self.leaves >= BUDGET:
            return LATE_PRESENCE
        return PRESENCE[min(depth, len(PRESENCE) - 1)] * self.scale

    # -- structures -----------------------------------------------------------------------

    def structure(self, node: Node, chooser: Chooser, depth: int, focus: bool) -> dict[str, Any]:
        chosen, excluded = self._groups(node, chooser, focus)
        optional = [
            name
            for name, child in node.members.items()
            if name not in node.required
            and name not in chosen
            and name not in excluded
            and not self.forced(child.path, focus)
        ]
        drawn = dict(
            zip(optional, flags(chooser, len(optional), self._presence(depth)), strict=True)
        )
        present = [
            (name, child)
            for name, child in node.members.items()
            if drawn.get(name, True)
            and (name not in excluded or name in node.required or name in chosen)
        ]
        # The string leaves' modes in one draw (one each when there is only one).
        leaves = [name for name, child in present if draws_mode(child)]
        mode = (
            dict(zip(leaves, modes(chooser, len(leaves)), strict=True)) if len(leaves) > 1 else {}
        )
        obj: dict[str, Any] = {}
        for name, child in present:
            value = self.value(child, chooser, depth + 1, focus, mode.get(name))
            if value is not None:
                obj[name] = value
        return obj

    def _groups(self, node: Node, chooser: Chooser, focus: bool) -> tuple[set[str], set[str]]:
        """Pick the member of every exactly-one / at-most-one group of ``node``."""
        chosen: set[str] = set()
        excluded: set[str] = set()
        rules = self._group_rules(node, focus)
        for rule in rules:  # a required or forced member keeps the others of its groups out
            members = [m for m in rule.rule_as(MembersParams).members if m in node.members]
            fixed = [m for m in members if self._fixed(node, m, focus)]
            excluded.update(m for m in members if fixed and m != fixed[0])
        for rule in rules:
            members = [m for m in rule.rule_as(MembersParams).members if m in node.members]
            pick = self._pick(node, rule.kind, members, chosen, excluded, chooser, focus)
            if pick is not None:
                chosen.add(pick)
            excluded.update(m for m in members if m != pick)
        return chosen, excluded

    def _fixed(self, node: Node, member: str, focus: bool) -> bool:
        return member in node.required or self.forced(node.members[member].path, focus)

    def _group_rules(self, node: Node, focus: bool) -> list[Constraint]:
        """The group rules of ``node``, in the order :meth:`_groups` decides them."""
        return [rule for rule in node.cross if rule.kind in _GROUPS]

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
            if member in chosen:
                return member
        for member in members:
            if self._fixed(node, member, focus):
                return member
        open_members = [m for m in members if m not in excluded]
        if not open_members:
            return None
        if kind == "at-most-one":
            index = chooser.integer(0, len(open_members))
            return None if index == 0 else open_members[index - 1]
        return open_members[chooser.integer(0, len(open_members) - 1)]

    # -- lists and maps -------------------------------------------------------------------

    def _size(self, node: Node, chooser: Chooser, forced: bool) -> int:
        low, high = node.size
        low = max(low, 1) if forced and high >= 1 else low
        roll = chooser.integer(0, 15)
        if roll == 15 and math.isfinite(high):
            return int(high)
        if self.leaves >= BUDGET:
            return low
        return int(min(low + roll // 4, high))

    def items(self, node: Node, chooser: Chooser, depth: int, focus: bool) -> list[Any]:
        if node.item is None:
            return []
        count = self._size(node, chooser, self.forced(node.path + "[]", focus))
        items: list[Any] = []
        bulk: Chooser | None = None
        for index in range(count):
            source = chooser
            if index >= SHRINKABLE_ITEMS:
                bulk = bulk or chooser.bulk()
                source = bulk
            item = self.value(node.item, source, depth + 1, focus and index == 0)
            if item is not None:
                items.append(item)
        self.keep_list_rules(node, items, bulk or chooser, focus)
        return items

    def keep_list_rules(self, node: Node, items: list[Any], chooser: Chooser, focus: bool) -> None:
        """Make ``items`` keep the node's ``all-or-none`` and ``unique`` (key) rules."""
        for rule in node.cross:
            if isinstance(rule.rule, MemberParams):  # all-or-none
                self._all_or_none(node, items, rule.rule.member, chooser, focus)
        for rule in node.cross:
            if isinstance(rule.rule, UniqueParams) and rule.rule.key is not None:
                self._unique(node, items, rule.rule.key, chooser)

    def _all_or_none(
        self, node: Node, items: list[Any], member: str, chooser: Chooser, focus: bool
    ) -> None:
        item_node = node.item
        child = item_node.members.get(member) if item_node is not None else None
        dicts = [item for item in items if isinstance(item, dict)]
        if child is None or not dicts:
            return
        every = self.forced(child.path, focus) or member in (
            item_node.required if item_node else ()
        )
        if not every:
            every = any(member in item for item in dicts) and chooser.integer(0, 1) == 1
        for item in dicts:
            if every and item.get(member) is None:
                value = self.value(child, chooser)
                if value is not None:
                    item[member] = value
            elif not every:
                item.pop(member, None)

    def _unique(self, node: Node, items: list[Any], key: str, chooser: Chooser) -> None:
        key_node = node.item.members.get(key) if node.item is not None else None
        seen: set[str] = set()
        kept: list[Any] = []
        for index, item in enumerate(items):
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, str):
                tries = 0
                while value in seen and key_node is not None and tries < 4:
                    value = string_value(key_node, chooser.bulk()) or value
                    tries += 1
                if value in seen:
                    if len(kept) + len(items) - index - 1 >= node.size[0]:
                        continue
                else:
                    item[key] = value
                    seen.add(value)
            kept.append(item)
        items[:] = kept

    def entries(self, node: Node, chooser: Chooser, depth: int, focus: bool) -> dict[str, Any]:
        forced = self.forced(node.path + "{key}", focus) or self.forced(
            node.path + "{value}", focus
        )
        count = self._size(node, chooser, forced)
        out: dict[str, Any] = {}
        bulk: Chooser | None = None
        for _ in range(count + 3):
            if len(out) >= count:
                break
            source = chooser
            if len(out) >= SHRINKABLE_ITEMS:
                bulk = bulk or chooser.bulk()
                source = bulk
            key = self._map_key(node, source)
            value = self.value(node.value, source, depth + 1) if node.value is not None else ""
            if key is None or value is None or key in out:
                continue
            out[key] = value
        return out

    def map_key(self, node: Node, chooser: Chooser) -> str | None:
        """A valid key for the map ``node``."""
        return self._map_key(node, chooser)

    def _map_key(self, node: Node, chooser: Chooser) -> str | None:
        self.leaves += 1
        if node.key is None:
            return chooser.text(_KEY_ALPHABET, 1, 16)
        return string_value(node.key, chooser)
