"""The harness's own oracle: which constraints does one request (or response) break?

The checks are the kind table's (``kinds.SPECS[kind].check``, one small function per kind,
``(typed params, nodes) -> (path, reason)...``); this module plans which rules read which
paths and runs them. A ``required`` rule is checked on its parent here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from smcontract.contracts._model import Constraint, ContractPack, Violation
from smcontract.contracts._paths import Step, iter_nodes, join, parse_path
from smcontract.contracts.kinds import Kind, matches_type, spec
from smcontract.contracts.kinds._base import show

__all__ = ["breaks", "matches_type", "validate", "validate_response"]

_show = show


# One group per distinct path: (steps, [(order, constraint, member of a required rule)]).
_Group = tuple[tuple[Step, ...], tuple[tuple[int, Constraint, str | None], ...]]


@functools.lru_cache(maxsize=64)
def _plan(pack: ContractPack, operation: str, direction: str) -> tuple[_Group, ...]:
    """The active single-request constraints of one operation, grouped by the path they read.

    A ``required`` rule reads its parent's path. Grouping lets one absent optional subtree
    skip all of its rules at once; ``order`` keeps the violations in contract order.
    """
    contract = pack.operation(operation)
    groups: dict[tuple[Step, ...], list[tuple[int, Constraint, str | None]]] = {}
    for order, constraint in enumerate(contract.select(direction=direction)):
        if not constraint.single_request:
            continue
        steps = parse_path(constraint.path)
        if spec(constraint.kind).reads_parent:
            groups.setdefault(steps[:-1], []).append((order, constraint, steps[-1][1]))
        else:
            groups.setdefault(steps, []).append((order, constraint, None))
    return tuple((steps, tuple(items)) for steps, items in groups.items())


def _check(constraint: Constraint, nodes: list[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    check = spec(constraint.kind).check
    if check is None:  # pragma: no cover - only single-request kinds are planned
        raise AssertionError(f"{constraint.kind} has no single-request check")
    return check(constraint.rule, nodes)


def _run(pack: ContractPack, operation: str, direction: str, document: Any) -> list[Violation]:
    if not isinstance(document, dict):
        return [
            Violation("", "", Kind.TYPE, f"the body must be a JSON object, got {_show(document)}")
        ]
    found: list[tuple[int, Violation]] = []
    for steps, items in _plan(pack, operation, direction):
        nodes = list(iter_nodes(document, steps))
        if not nodes:
            continue
        for order, constraint, member in items:
            if member is not None:
                for path, parent in nodes:
                    if isinstance(parent, dict) and parent.get(member) is None:
                        violation = Violation(
                            constraint.id, join(path, member), Kind.REQUIRED, f"{member} is missing"
                        )
                        found.append((order, violation))
                continue
            for path, reason in _check(constraint, nodes):
                found.append((order, Violation(constraint.id, path, constraint.kind, reason)))
    found.sort(key=lambda item: item[0])  # stable: same-rule violations keep document order
    return [violation for _, violation in found]


def validate(operation: str, request: Any, *, pack: ContractPack | None = None) -> list[Violation]:
    """The constraints ``request`` (the JSON body of ``operation``) breaks, in contract order.

    Checks every active rule that a single request can show; ``unique`` across resources,
    ``default``, ``error`` and ``lifecycle`` need an implementation and are the suites' job.
    """
    if pack is None:
        from smcontract.contracts._loader import load_contracts

        pack = load_contracts()
    return _run(pack, operation, "input", request)


def validate_response(
    operation: str, body: Any, *, pack: ContractPack | None = None
) -> list[Violation]:
    """The output constraints a response body of ``operation`` breaks."""
    if pack is None:
        from smcontract.contracts._loader import load_contracts

        pack = load_contracts()
    return _run(pack, operation, "output", body)


@functools.lru_cache(maxsize=4096)
def _rule_plan(
    pack: ContractPack, operation: str, constraint_id: str
) -> tuple[tuple[tuple[Step, ...], Constraint, str | None], ...]:
    """Where the plan of ``operation`` checks ``constraint_id`` (steps, rule, required member)."""
    return tuple(
        (steps, constraint, member)
        for steps, items in _plan(pack, operation, "input")
        for _, constraint, member in items
        if constraint.id == constraint_id
    )


def breaks(
    operation: str, constraint_id: str, request: Any, *, pack: ContractPack | None = None
) -> bool:
    """Whether ``request`` breaks ``constraint_id``: the answer of :func:`validate` for that
    one rule (``any(v.constraint_id == constraint_id for v in validate(...))``), checking
    only that rule, so it costs a fraction of a whole validation."""
    if pack is None:
        from smcontract.contracts._loader import load_contracts

        pack = load_contracts()
    if not isinstance(request, dict):
        return False  # validate reports only that the body is not an object
    for steps, rule, member in _rule_plan(pack, operation, constraint_id):
        nodes = list(iter_nodes(request, steps))
        if not nodes:
            continue
        if member is not None:
            if any(isinstance(parent, dict) and parent.get(member) is None for _, parent in nodes):
                return True
            continue
        for _ in _check(rule, nodes):
            return True
    return False
