"""Concrete places in a request: find, replace, rename and delete the value at one of them.

A ``Slot`` is what ``smcontract.contracts.iter_nodes`` yields plus the container that holds
the value, so a generator can change the request in place. Concrete paths are spelled the
way the oracle spells them (``Tags[3].Key``, ``Env{key="A"}``, ``Env["A"]``), so a
violation's path names the slot it is about.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from smcontract.contracts import join, parse_path

__all__ = ["Guard", "Slot", "Steps", "blocked", "find_slot", "sites", "slots", "within"]

Steps = tuple[tuple[str, str], ...]
#: A concrete path a violation depends on: ``(path, deep)``. Nothing may delete or replace
#: the value there (or add it, when the violation removed it); with ``deep``, nothing below
#: it may change either.
Guard = tuple[str, bool]


@dataclass
class Slot:
    """One value of a request, with the container and key (or index) that hold it."""

    path: str
    parent: Any
    key: Any
    value: Any
    is_key: bool = False

    def set(self, new: Any) -> None:
        """Replace the value (for a map key: rename the key, keeping the entry order)."""
        if self.is_key:
            items = list(self.parent.items())
            self.parent.clear()
            for key, value in items:
                self.parent[new if key == self.key else key] = value
            self.key = new
        else:
            self.parent[self.key] = new
        self.value = new

    def delete(self) -> None:
        """Remove the member, item or entry."""
        if isinstance(self.parent, list):
            del self.parent[self.key]
        else:
            self.parent.pop(self.key, None)


def _label(prefix: str, kind: str, name: str, label: Any) -> str:
    if kind == "member":
        return join(prefix, name)
    if kind == "items":
        return f"{prefix}[{label}]"
    text = json.dumps(label, ensure_ascii=False)
    if kind == "keys":
        return f"{prefix}{{key={text}}}"
    return f"{prefix}[{text}]"


def slots(root: Any, steps: Steps, prefix: str = "") -> Iterator[Slot]:
    """Every slot at ``steps`` below ``root`` (absent and ``null`` values are skipped)."""
    if not steps:
        return
    (kind, name), rest = steps[0], steps[1:]
    for key, value, is_key in _step(root, kind, name):
        path = _label(prefix, kind, name, key)
        if rest:
            yield from slots(value, rest, path)
        else:
            yield Slot(path, root, key, key if is_key else value, is_key)


def _step(root: Any, kind: str, name: str) -> Iterator[tuple[Any, Any, bool]]:
    if kind == "member":
        if isinstance(root, dict) and root.get(name) is not None:
            yield name, root[name], False
    elif kind == "items":
        if isinstance(root, list):
            for index, item in enumerate(root):
                if item is not None:
                    yield index, item, False
    elif isinstance(root, dict):
        for key, value in list(root.items()):
            if kind == "keys":
                yield key, key, True
            elif value is not None:
                yield key, value, False


def find_slot(root: Any, path: str, concrete: str) -> Slot | None:
    """The slot of the member path ``path`` whose concrete path is ``concrete``."""
    if not path:
        return Slot("", None, None, root)
    for slot in slots(root, parse_path(path)):
        if slot.path == concrete:
            return slot
    return None


def within(path: str, ancestor: str) -> bool:
    """Whether the concrete ``path`` is ``ancestor`` or lies below it."""
    if not ancestor:
        return True
    if path == ancestor:
        return True
    return path.startswith(ancestor) and path[len(ancestor)] in ".[{"


def sites(root: Any, path: str) -> list[Slot]:
    """Every slot of the member path ``path`` (the root itself for ``""``)."""
    if not path:
        return [Slot("", None, None, root)]
    return list(slots(root, parse_path(path)))


def blocked(path: str, guards: tuple[Guard, ...]) -> bool:
    """Whether changing, adding or deleting the value at ``path`` would touch a guard."""
    return any(
        within(guarded, path) or (deep and within(path, guarded)) for guarded, deep in guards
    )
