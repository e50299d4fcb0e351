"""The generation view of one operation (``OpContext``): its node tree, examples, oracle.

``context()`` (``_context``) builds it with the kind table; the kind modules only read and
fill it, so this module imports no kind (no import circle).
"""

from __future__ import annotations

import copy
from typing import Any

from smcontract.contracts import (
    Constraint,
    ContractPack,
    OperationContract,
    Violation,
    join,
    load_contracts,
    parse_path,
    validate,
    validate_response,
)
from smcontract.strategies._tree import Node

__all__ = ["OpContext", "render", "resolve_pack"]


def resolve_pack(pack: ContractPack | None) -> ContractPack:
    """The given pack, or the default one."""
    return load_contracts() if pack is None else pack


def render(steps: tuple[tuple[str, str], ...]) -> str:
    """Path notation for parsed steps (the inverse of ``parse_path``)."""
    path = ""
    for kind, name in steps:
        if kind == "member":
            path = join(path, name)
        elif kind == "items":
            path += "[]"
        elif kind == "keys":
            path += "{key}"
        else:
            path += "{value}"
    return path


class OpContext:
    """The generation view of one operation of one pack.

    A plain class, not a dataclass: Hypothesis pretty-prints dataclass fields in strategy
    reprs, and this one holds the whole pack.
    """

    def __init__(
        self,
        pack: ContractPack,
        name: str,
        contract: OperationContract,
        root: Node,
        nodes: dict[str, Node],
        direction: str = "input",
    ) -> None:
        self.pack = pack
        #: ``input`` (requests) or ``output`` (response bodies).
        self.direction = direction
        self.name = name
        self.contract = contract
        self.root = root
        self.nodes = nodes
        #: Documented example requests that the oracle accepts.
        self.examples: tuple[dict[str, Any], ...] = ()
        self.example_ids: tuple[str, ...] = ()
        #: Constraints of the input direction that the oracle checks, in contract order.
        self.checked: tuple[Constraint, ...] = ()
        self.cache: dict[str, Any] = {}
        self._last: tuple[Any, list[Violation]] | None = None

    def __repr__(self) -> str:
        return f"OpContext({self.name!r})"

    def validate(self, request: Any) -> list[Violation]:
        """The oracle's verdict on ``request``, remembered for ``verdict()``."""
        check = validate if self.direction == "input" else validate_response
        found = check(self.name, request, pack=self.pack)
        self._last = (request, found)
        return found

    def verdict(self, request: Any) -> list[Violation]:
        """The oracle's verdict on ``request``.

        The generators end with the oracle's check of the very object they return (the
        last call of ``repair``); the strategies' final filter takes that verdict instead
        of validating the same unchanged object twice. Any other object is validated.
        """
        last, self._last = self._last, None
        if last is not None and last[0] is request:
            return last[1]
        return self.validate(request)

    def node(self, path: str) -> Node | None:
        return self.nodes.get(path)

    def ensure(self, path: str) -> Node:
        """The node at ``path``, created (with its ancestors) if needed."""
        node = self.nodes.get(path)
        if node is not None:
            return node
        steps = parse_path(path)
        parent = self.ensure(render(steps[:-1]))
        node = Node(path)
        kind, name = steps[-1]
        if kind == "member":
            parent.members[name] = node
        elif kind == "items":
            parent.item = node
        elif kind == "keys":
            parent.key = node
        else:
            parent.value = node
        self.nodes[path] = node
        return node

    def example(self, index: int) -> dict[str, Any]:
        """A fresh copy of one clean documented example."""
        return copy.deepcopy(self.examples[index])
