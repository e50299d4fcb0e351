"""Member paths: ``OutputConfig.TargetPlatform.Os``, ``Tags[].Key``, ``Env{key}``, ``Env{value}``.

A *path* names every place a rule applies to; a *concrete path* names one place in one request
(``Tags[3].Key``, ``Env{key="A"}``, ``Env["A"]``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any, Literal

__all__ = ["Step", "iter_nodes", "join", "parse_path"]

Step = tuple[Literal["member", "items", "keys", "values"], str]
_TOKEN = re.compile(r"\.?([A-Za-z0-9_]+)|(\[\])|(\{key\})|(\{value\})")


@functools.lru_cache(maxsize=8192)
def parse_path(path: str) -> tuple[Step, ...]:
    """Split ``path`` into steps; raise ValueError on anything that is not path notation."""
    steps: list[Step] = []
    pos = 0
    while pos < len(path):
        match = _TOKEN.match(path, pos)
        if match is None or (match.group(1) and pos > 0 and path[pos] != "." and not steps):
            raise ValueError(f"not a member path: {path!r} (at character {pos})")
        if match.group(1):
            if pos > 0 and path[pos] != ".":
                raise ValueError(f"not a member path: {path!r} (missing '.' at {pos})")
            steps.append(("member", match.group(1)))
        elif match.group(2):
            steps.append(("items", ""))
        elif match.group(3):
            steps.append(("keys", ""))
        else:
            steps.append(("values", ""))
        pos = match.end()
    return tuple(steps)


def join(parent: str, child: str) -> str:
    """Join two paths (either may be empty)."""
    if not parent:
        return child
    if not child:
        return parent
    if child[0] in "[{":
        return parent + child
    return f"{parent}.{child}"


def _concrete(prefix: str, step: Step, label: Any) -> str:
    kind, name = step
    if kind == "member":
        return join(prefix, name)
    if kind == "items":
        return f"{prefix}[{label}]"
    if kind == "keys":
        return f"{prefix}{{key={json.dumps(label, ensure_ascii=False)}}}"
    return f"{prefix}[{json.dumps(label, ensure_ascii=False)}]"


def iter_nodes(root: Any, steps: tuple[Step, ...], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(concrete path, value)`` for every node at ``steps`` below ``root``.

    A member that is absent or ``null`` yields nothing, and so does a node of the wrong JSON
    type on the way (a list where an object belongs): its type rule reports that, once.
    """
    if not steps:
        yield prefix, root
        return
    step, rest = steps[0], steps[1:]
    kind, name = step
    if kind == "member":
        if isinstance(root, dict):
            value = root.get(name)
            if value is not None:
                yield from iter_nodes(value, rest, _concrete(prefix, step, None))
    elif kind == "items":
        if isinstance(root, list):
            for index, item in enumerate(root):
                if item is not None:
                    yield from iter_nodes(item, rest, _concrete(prefix, step, index))
    elif isinstance(root, dict):
        for key, value in root.items():
            target = key if kind == "keys" else value
            if target is not None:
                yield from iter_nodes(target, rest, _concrete(prefix, step, key))
