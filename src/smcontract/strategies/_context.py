"""One operation, ready for generation: ``context()`` builds (once) its ``OpContext``.

Built once per (pack, operation) and cached, because parsing patterns and collecting seeds
is the expensive part; everything downstream reads it. Each rule enters the node tree
through its kind's ``shape`` (``strategies.kinds``).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from smcontract.contracts import ContractPack, iter_nodes, parse_path
from smcontract.strategies._opcontext import OpContext, render, resolve_pack
from smcontract.strategies._tree import Node, local_broken
from smcontract.strategies._values import REALISTIC
from smcontract.strategies.kinds import GENERATION

__all__ = ["OpContext", "context", "render", "resolve_pack"]


@functools.lru_cache(maxsize=128)
def context(pack: ContractPack, operation: str, direction: str = "input") -> OpContext:
    """Build (once) the generation view of ``operation``'s requests (or, with ``direction``
    ``"output"``, of its response bodies); UsageError if it is unknown."""
    contract = pack.operation(operation)
    root = Node("", type="structure")
    ctx = OpContext(pack, operation, contract, root, {"": root}, direction)
    checked = []
    for constraint in contract.select(direction=direction):
        if not constraint.single_request:
            continue
        checked.append(constraint)
        GENERATION[constraint.kind].shape(ctx, constraint)
    ctx.checked = tuple(checked)
    examples = contract.examples if direction == "input" else ()
    clean = [e for e in examples if not ctx.validate(e.request)]
    ctx.examples = tuple(copy.deepcopy(dict(e.request)) for e in clean)
    ctx.example_ids = tuple(e.id for e in clean)
    _collect_seeds(ctx)
    return ctx


def _collect_seeds(ctx: OpContext) -> None:
    """Give every leaf node the example values and realistic samples it accepts."""
    for path, node in ctx.nodes.items():
        if not path or node.kind in ("structure", "list", "map"):
            continue
        found: list[Any] = []
        steps = parse_path(path)
        for example in ctx.examples:
            for _, value in iter_nodes(example, steps):
                if not isinstance(value, dict | list) and value not in found:
                    found.append(value)
        if node.kind == "string" and node.enum is None and not path.endswith("{key}"):
            found.extend(s for s in REALISTIC if s not in found)
        node.seeds = [v for v in found if not local_broken(node, v)]
