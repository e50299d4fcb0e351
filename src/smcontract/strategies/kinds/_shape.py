"""Generation of L1 rules, ``type`` and ``required``: shape, near misses, repairs."""

from __future__ import annotations

import datetime
import json
from typing import Any

from smcontract.contracts import Constraint, join, parse_path
from smcontract.contracts.kinds import (
    Kind,
    TypeParams,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import (
    Job,
    Made,
    Make,
    Mutation,
    fresh,
    parent_of,
    regenerate,
    replace_with,
)
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Slot, blocked, find_slot
from smcontract.strategies.kinds._base import (
    KindGeneration,
    force_parent,
    parent_path,
)


def _shape_type(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.type = c.rule_as(TypeParams).type
    node.rules.append(c)


def _shape_required(ctx: OpContext, c: Constraint) -> None:
    parent = ctx.ensure(parent_of(c.path))
    ctx.ensure(c.path)
    name = parse_path(c.path)[-1][1]
    if name not in parent.required:
        parent.required.append(name)


def _wrong_types(expected: str, value: Any) -> list[tuple[str, Any]]:
    """Values of another JSON type, nearest first."""
    if expected == "string":
        text = str(value)
        number = int(text) if text.isdigit() and len(text) < 16 else len(text)
        return [("integer", number), ("boolean", True), ("list", [value]), ("object", {})]
    if expected in ("integer", "long"):
        return [("string", str(value)), ("float", value + 0.5), ("boolean", True)]
    if expected in ("float", "double"):
        return [("string", str(value)), ("boolean", True)]
    if expected == "timestamp":
        stamp = datetime.datetime.fromtimestamp(value, tz=datetime.UTC).isoformat()
        return [("string", stamp), ("boolean", False)]
    if expected == "boolean":
        return [("string", "true" if value else "false"), ("integer", int(value))]
    if expected == "structure":
        return [("list", [value]), ("string", json.dumps(value, ensure_ascii=False))]
    if expected == "list":
        first = [("item", value[0])] if value and not isinstance(value[0], list) else []
        return [*first, ("object", {}), ("string", ",".join(map(str, value)))]
    if expected == "map":
        return [("list", [[k, v] for k, v in value.items()]), ("string", "")]
    return [("integer", 0)]


def _break_type(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    if site.is_key:
        return []
    expected = c.rule_as(TypeParams).type
    return [
        replace_with(f"type: {label} for {expected}", wrong)
        for label, wrong in _wrong_types(expected, site.value)
    ]


def _break_required(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    member = parse_path(c.path)[-1][1]

    def make(null: bool) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if not isinstance(slot.value, dict) or slot.value.get(member) is None:
                return None
            if null:
                slot.value[member] = None
            else:
                del slot.value[member]
            how = "null" if null else "missing"
            return f"required: {member} {how}", ((join(slot.path, member), True),)

        return apply

    return [
        Mutation(f"required: {member} missing", make(False)),
        Mutation(f"required: {member} null", make(True)),
    ]


def _fix_required(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    if blocked(v.path, guards):
        return False
    steps = parse_path(c.path)
    member = steps[-1][1]
    parent_path = c.path[: len(c.path) - len(member)].rstrip(".")
    parent_concrete = v.path[: len(v.path) - len(member)].rstrip(".")
    parent = find_slot(request, parent_path, parent_concrete)
    if parent is None or not isinstance(parent.value, dict):
        return False
    value = fresh(ctx, ctx.node(c.path), ch.bulk())
    if value is None:
        return False
    parent.value[member] = value
    return True


GENERATION = (
    KindGeneration(Kind.TYPE, _shape_type, _break_type, regenerate),
    KindGeneration(
        Kind.REQUIRED,
        _shape_required,
        _break_required,
        _fix_required,
        site=parent_path,
        force=force_parent,
    ),
)
