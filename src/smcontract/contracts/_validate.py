"""The harness's own oracle: which constraints does one request (or response) break?

One small function per kind, all with the signature ``(constraint, nodes) -> reasons``, wired
up in ``_CHECKS``. A value of the wrong JSON type is reported by its ``type`` rule only; the
other single-value rules look at values of the right type, so one mistake is one violation.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from smcontract.contracts._model import Constraint, ContractPack, Violation
from smcontract.contracts._paths import Step, iter_nodes, join, parse_path
from smcontract.contracts._regex import compile_pattern

__all__ = ["breaks", "matches_type", "validate", "validate_response"]

Nodes = list[tuple[str, Any]]
Check = Callable[[Constraint, Nodes], Iterator[tuple[str, str]]]

_NUMBER_TYPES = {"integer", "long", "float", "double", "timestamp"}


def matches_type(value: Any, model_type: str) -> bool:
    """Whether a JSON value has the wire type of a model type."""
    if isinstance(value, bool):
        return model_type == "boolean"
    if model_type in ("integer", "long"):
        return isinstance(value, int)
    if model_type in ("float", "double", "timestamp"):
        return isinstance(value, int | float)
    if model_type in ("string", "blob"):
        return isinstance(value, str)
    if model_type in ("structure", "map"):
        return isinstance(value, dict)
    if model_type == "list":
        return isinstance(value, list)
    return False


def _present(obj: Mapping[str, Any], member: str) -> bool:
    return obj.get(member) is not None


def _lookup(obj: Any, path: str) -> Any:
    for step in parse_path(path):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(step[1])
    return obj


def _type(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    expected = c.params["type"]
    for path, value in nodes:
        if not matches_type(value, expected):
            yield path, f"expected a {expected}, got {type(value).__name__} {_show(value)}"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _bounded(
    c: Constraint, nodes: Nodes, size: Callable[[Any], int | float | None], unit: str
) -> Iterator[tuple[str, str]]:
    low, high = c.params.get("min"), c.params.get("max")
    for path, value in nodes:
        measure = size(value)
        if measure is None:
            continue
        if low is not None and measure < low:
            yield path, f"{unit} {measure} is below the minimum {low}"
        elif high is not None and measure > high:
            yield path, f"{unit} {measure} is above the maximum {high}"


def _length(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _bounded(c, nodes, lambda v: len(v) if isinstance(v, str) else None, "length")


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _range(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _bounded(c, nodes, _number, "value")


def _items(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _bounded(c, nodes, lambda v: len(v) if isinstance(v, list) else None, "item count")


def _entries(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _bounded(c, nodes, lambda v: len(v) if isinstance(v, dict) else None, "entry count")


def _pattern(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    compiled = compile_pattern(c.params["pattern"])
    for path, value in nodes:
        if isinstance(value, str) and compiled.fullmatch(value) is None:
            yield path, f"{_show(value)} does not match {c.params['pattern']}"


def _enum(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    values = c.params["values"]
    for path, value in nodes:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        if type(value) is not type(values[0]) and not (
            isinstance(value, int | float) and isinstance(values[0], int | float)
        ):
            continue
        if value not in values:
            yield path, f"{_show(value)} is not one of the {len(values)} allowed values"


def _prefix(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    for path, value in nodes:
        if isinstance(value, str) and not value.startswith(c.params["value"]):
            yield path, f"{_show(value)} does not start with {c.params['value']!r}"


def _suffix(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    for path, value in nodes:
        if isinstance(value, str) and not value.endswith(c.params["value"]):
            yield path, f"{_show(value)} does not end with {c.params['value']!r}"


def _format(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    for path, value in nodes:
        if not isinstance(value, str):
            continue
        try:
            json.loads(value)
        except ValueError:
            yield path, f"{_show(value)} is not JSON"


def _count(
    c: Constraint, nodes: Nodes, ok: Callable[[int], bool], rule: str
) -> Iterator[tuple[str, str]]:
    members = c.params["members"]
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        present = [m for m in members if _present(value, m)]
        if not ok(len(present)):
            found = ", ".join(present) if present else "none"
            yield path, f"{rule} of {', '.join(members)} must be set; found {found}"


def _union(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _count(c, nodes, lambda n: n == 1, "exactly one")


def _exactly_one(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _count(c, nodes, lambda n: n == 1, "exactly one")


def _at_most_one(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _count(c, nodes, lambda n: n <= 1, "at most one")


def _all_or_none(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    member = c.params["member"]
    for path, value in nodes:
        if not isinstance(value, list):
            continue
        items = [item for item in value if isinstance(item, dict)]
        having = sum(1 for item in items if _present(item, member))
        if 0 < having < len(items):
            yield path, f"{member} is set on {having} of {len(items)} items; set it on all or none"


def _conditional(c: Constraint, nodes: Nodes, required: bool) -> Iterator[tuple[str, str]]:
    member, cond = c.params["member"], c.params["if"]
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        holds = _lookup(value, cond["path"]) in cond["in"]
        present = _lookup(value, member) is not None
        if required and holds and not present:
            yield join(path, member), f"{member} is required when {cond['path']} is in {cond['in']}"
        elif not required and present and not holds:
            yield (
                join(path, member),
                f"{member} is allowed only when {cond['path']} is in {cond['in']}",
            )


def _present_only_if(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _conditional(c, nodes, required=False)


def _required_if(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    return _conditional(c, nodes, required=True)


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


def _compare(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    left, right, op = c.params["left"], c.params["right"], c.params["op"]
    for path, value in nodes:
        if not isinstance(value, dict):
            continue
        a, b = _number(_lookup(value, left)), _number(_lookup(value, right))
        if a is not None and b is not None and not _OPS[op](a, b):
            yield path, f"{left} ({a}) must be {op} {right} ({b})"


def _unique(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    key = c.params.get("key")
    if key is None:
        return
    for path, value in nodes:
        if not isinstance(value, list):
            continue
        seen: set[str] = set()
        for item in value:
            if isinstance(item, dict) and isinstance(item.get(key), str):
                if item[key] in seen:
                    yield path, f"{key} {_show(item[key])} appears more than once"
                    break
                seen.add(item[key])


def _required(c: Constraint, nodes: Nodes) -> Iterator[tuple[str, str]]:
    raise AssertionError("required is checked on the parent")  # pragma: no cover


_CHECKS: dict[str, Check] = {
    "type": _type,
    "length": _length,
    "pattern": _pattern,
    "enum": _enum,
    "range": _range,
    "items": _items,
    "entries": _entries,
    "prefix": _prefix,
    "suffix": _suffix,
    "format": _format,
    "union": _union,
    "exactly-one": _exactly_one,
    "at-most-one": _at_most_one,
    "all-or-none": _all_or_none,
    "present-only-if": _present_only_if,
    "required-if": _required_if,
    "compare": _compare,
    "unique": _unique,
}


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
        if constraint.kind == "required":
            groups.setdefault(steps[:-1], []).append((order, constraint, steps[-1][1]))
        else:
            groups.setdefault(steps, []).append((order, constraint, None))
    return tuple((steps, tuple(items)) for steps, items in groups.items())


def _run(pack: ContractPack, operation: str, direction: str, document: Any) -> list[Violation]:
    if not isinstance(document, dict):
        return [Violation("", "", "type", f"the body must be a JSON object, got {_show(document)}")]
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
                            constraint.id, join(path, member), "required", f"{member} is missing"
                        )
                        found.append((order, violation))
                continue
            for path, reason in _CHECKS[constraint.kind](constraint, nodes):
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
        for _ in _CHECKS[rule.kind](rule, nodes):
            return True
    return False
