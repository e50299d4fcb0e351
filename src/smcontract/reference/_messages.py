"""The reference's validation answer: AWS's message for the rules a request breaks.

``1 validation error detected: Value 'x' at 'outputConfig.targetDevice' failed to satisfy
constraint: Member must satisfy enum value set: [...]`` for the kinds AWS names
(``KindSpec.aws_named``), and the same form with a free text naming the constraint for the
others, cited at the member it speaks of (for a cross-field rule: one of the members it
relates, ``KindSpec.members``).
"""

from __future__ import annotations

import re
from typing import Any

from smcontract.contracts import Constraint, ContractPack, Violation, validate
from smcontract.contracts.kinds import BoundParams, EnumParams, PatternParams, spec

__all__ = ["ApiError", "aws_path", "validation_error", "value_at"]

_GROUP = re.compile(r"\{[^}]*\}")
_INDEX = re.compile(r"\[(\d*)\]")


class ApiError(Exception):
    """An error answer: its ``__type`` code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def aws_path(path: str) -> str:
    """An smcontract path as AWS writes it: ``Tags[3].Key`` -> ``tags.4.member.key``.

    Map groups (``Environment{key="A"}``) are dropped: AWS names the map itself.
    """
    path = _GROUP.sub("", path)
    path = _INDEX.sub(lambda m: f".{int(m.group(1)) + 1 if m.group(1) else 1}.member", path)
    parts = [p for p in path.split(".") if p]
    return ".".join(p[:1].lower() + p[1:] if not p.isdigit() else p for p in parts)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "'" + str(value).lower() + "'"
    if isinstance(value, list):
        return "'[" + ", ".join(str(v) for v in value) + "]'"
    if isinstance(value, dict):
        return "'{" + ", ".join(f"{k}={v}" for k, v in value.items()) + "}'"
    return f"'{value}'"


def value_at(request: Any, path: str) -> Any:
    """The value at a concrete path (``Tags[0].Key``), or None."""
    node = request
    for part in re.findall(r"[^.\[\]{}]+|\[\d+\]", _GROUP.sub("", path)):
        if part.startswith("["):
            index = int(part[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def validation_error(
    pack: ContractPack, operation: str, body: dict[str, Any], disabled: frozenset[str]
) -> ApiError | None:
    """The answer to a request that breaks rules not in ``disabled`` (None: it breaks none)."""
    found = [v for v in validate(operation, body, pack=pack) if v.constraint_id not in disabled]
    if not found:
        return None
    model = [v for v in found if spec(v.kind).aws_named]
    chosen = model or found[:1]
    first = pack.constraint(chosen[0].constraint_id)
    expect = pack.expected_rejection(first)
    texts = [_message(pack, body, v) for v in chosen]
    count = len(texts)
    head = f"{count} validation error{'s' if count > 1 else ''} detected: "
    return ApiError(
        str(expect.get("code") or "ValidationException"),
        head + "; ".join(texts),
        int(expect.get("http_status") or 400),
    )


def _message(pack: ContractPack, body: dict[str, Any], violation: Violation) -> str:
    constraint = pack.constraint(violation.constraint_id)
    kind = violation.kind
    path = violation.path
    if kind == "required":
        return (
            f"Value null at '{aws_path(path)}' failed to satisfy constraint: "
            "Member must not be null"
        )
    value = value_at(body, path)
    rule = constraint.rule
    text: str
    if isinstance(rule, PatternParams):
        text = f"Member must satisfy regular expression pattern: {rule.pattern}"
    elif isinstance(rule, EnumParams):
        text = "Member must satisfy enum value set: [" + ", ".join(map(str, rule.values)) + "]"
    elif isinstance(rule, BoundParams):
        text = _bound_text(kind, rule, value)
    else:
        # Kinds AWS messages cannot name: the AWS form, a free text naming the rule, cited
        # at the member it speaks of (for a cross-field rule: one of the members it relates).
        path = _cited_member(constraint, violation)
        value = value_at(body, path)
        text = f"{violation.reason} (rule {constraint.id})"
    return f"Value {_show(value)} at '{aws_path(path)}' failed to satisfy constraint: {text}"


def _bound_text(kind: str, rule: BoundParams, value: Any) -> str:
    word = "value" if kind == "range" else "length"
    low, high = rule.min, rule.max
    size = value if kind == "range" else (len(value) if hasattr(value, "__len__") else 0)
    if high is not None and isinstance(size, int | float) and size > high:
        return f"Member must have {word} less than or equal to {high}"
    return f"Member must have {word} greater than or equal to {low}"


def _cited_member(constraint: Constraint, violation: Violation) -> str:
    kind = constraint.spec
    names = kind.members(constraint.rule)
    if not names or not kind.cross_field:
        return violation.path
    scope = violation.path
    if kind.scoped_member:
        scope = scope.removesuffix(names[0]).rstrip(".")
    return f"{scope}.{names[0]}" if scope else names[0]
