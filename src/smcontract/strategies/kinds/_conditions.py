"""Generation of ``present-only-if``, ``required-if`` and ``compare``: the condition met or
not, the member present or missing, two numbers one step out of order."""

from __future__ import annotations

import json
from typing import Any

from smcontract.contracts import Constraint, join
from smcontract.contracts.kinds import (
    CompareParams,
    ConditionParams,
    Kind,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import (
    Job,
    Made,
    Make,
    Mutation,
    add_member,
    fits,
    fresh,
    is_required,
    member_scope_slot,
    remove_path,
    scope_slot,
    set_path,
)
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Guard, Slot, blocked
from smcontract.strategies._tree import Node, local_broken, lookup, node_at
from smcontract.strategies.kinds._base import (
    KindGeneration,
    force_members,
    shape_cross,
)


def _condition_values(scope: Node, cond: ConditionParams, inside: bool) -> list[Any]:
    cond_node = node_at(scope, cond.path)
    if inside:
        options = list(cond.values)
    else:
        options = [x for x in (cond_node.enum or []) if x not in cond.values] if cond_node else []
    return [x for x in options if cond_node is None or not local_broken(cond_node, x)]


def _break_conditional(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    cond = c.rule_as(ConditionParams)
    member = cond.member
    inside = c.kind == "required-if"
    options: list[Any] = _condition_values(scope, cond, inside)
    removable = not inside and not is_required(scope, cond.path) and None not in cond.values

    def make(option: Any, remove: bool) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            obj = slot.value
            if not isinstance(obj, dict):
                return None
            if remove:
                remove_path(obj, cond.path)
            else:
                set_path(obj, cond.path, option)
            if inside:
                remove_path(obj, member)
            elif not add_member(ctx, obj, scope, member, ch):
                return None
            shown = "absent" if remove else json.dumps(option, ensure_ascii=False)
            state = "missing" if inside else "present"
            guards = ((join(slot.path, cond.path), True), (join(slot.path, member), inside))
            return f"{c.kind}: {member} {state} with {cond.path} {shown}", guards

        return apply

    out = [Mutation(f"{c.kind}: {option!r}", make(option, False)) for option in options]
    if removable:
        out.append(Mutation(f"{c.kind}: condition absent", make(None, True)))
    return out


def _break_compare(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    rule = c.rule_as(CompareParams)
    left, right, op = rule.left, rule.right, rule.op
    left_node, right_node = node_at(scope, left), node_at(scope, right)
    gap = {">=": -1, ">": 0, "<=": 1, "<": 0}[op]
    shown = {">=": "one below", ">": "equal to", "<=": "one above", "<": "equal to"}[op]

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict) or not (
            add_member(ctx, obj, scope, left, ch) and add_member(ctx, obj, scope, right, ch)
        ):
            return None
        a, b = lookup(obj, left), lookup(obj, right)
        for new_a, new_b in ((b + gap, b), (a, a - gap)):
            if fits(left_node, new_a) and fits(right_node, new_b):
                set_path(obj, left, new_a)
                set_path(obj, right, new_b)
                guards = ((join(slot.path, left), True), (join(slot.path, right), True))
                return f"compare: {left} {shown} {right}", guards
        return None

    return [Mutation(f"compare: {left} {shown} {right}", apply)]


def _fix_conditional(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    scope = member_scope_slot(ctx, request, c, v)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    obj = scope.value
    cond = c.rule_as(ConditionParams)
    member = cond.member
    member_at = join(scope.path, member)
    cond_at = join(scope.path, cond.path)
    if c.kind == "present-only-if":
        if not blocked(member_at, guards) and not is_required(node, member):
            remove_path(obj, member)
            return True
        return _set_condition(obj, node, cond, cond_at, guards, inside=True)
    if not blocked(member_at, guards):
        value = fresh(ctx, node_at(node, member), ch.bulk())
        if value is not None:
            set_path(obj, member, value)
            return True
    return _set_condition(obj, node, cond, cond_at, guards, inside=False)


def _set_condition(
    obj: dict[str, Any],
    scope: Node,
    cond: ConditionParams,
    cond_at: str,
    guards: tuple[Guard, ...],
    *,
    inside: bool,
) -> bool:
    """Give the condition a value in (``inside``) or out of its ``in`` list."""
    if blocked(cond_at, guards):
        return False
    cond_node = node_at(scope, cond.path)
    if inside:
        options = list(cond.values)
    else:
        options = [x for x in (cond_node.enum or []) if x not in cond.values] if cond_node else []
    for option in options:
        if cond_node is None or not local_broken(cond_node, option):
            set_path(obj, cond.path, option)
            return True
    if not inside and not is_required(scope, cond.path) and None not in cond.values:
        remove_path(obj, cond.path)
        return True
    return False


def _fix_compare(job: Job) -> bool:
    ctx, request, c, v, _, guards = job
    scope = scope_slot(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    rule = c.rule_as(CompareParams)
    obj, left, right, op = scope.value, rule.left, rule.right, rule.op
    a, b = lookup(obj, left), lookup(obj, right)
    step = 0 if op in (">=", "<=") else 1
    sign = 1 if op in (">=", ">") else -1
    attempts = ((left, b + sign * step), (right, a - sign * step))
    for side, value in attempts:
        side_node = node_at(node, side)
        if blocked(join(scope.path, side), guards):
            continue
        if side_node is None or not local_broken(side_node, value):
            set_path(obj, side, value)
            return True
    for side in (left, right):
        if not blocked(join(scope.path, side), guards) and not is_required(node, side):
            remove_path(obj, side)
            return True
    return False


def _accept_conditional(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    cond = c.rule_as(ConditionParams)
    member = cond.member
    cond_node = node_at(scope, cond.path)

    def make(option: Any) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            obj = slot.value
            if not isinstance(obj, dict) or (cond_node and local_broken(cond_node, option)):
                return None
            set_path(obj, cond.path, option)
            if not add_member(ctx, obj, scope, member, ch):
                return None
            shown = json.dumps(option, ensure_ascii=False)
            guards = ((join(slot.path, cond.path), True), (join(slot.path, member), False))
            return f"{c.kind}: {member} present with {cond.path} {shown}", guards

        return apply

    return [Mutation(f"{c.kind}: {option!r}", make(option)) for option in cond.values]


def _accept_compare(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    rule = c.rule_as(CompareParams)
    left, right, op = rule.left, rule.right, rule.op
    gap = {">=": 0, ">": 1, "<=": 0, "<": -1}[op]
    shown = {0: "equal to", 1: "one above", -1: "one below"}[gap]

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        if not (add_member(ctx, obj, scope, left, ch) and add_member(ctx, obj, scope, right, ch)):
            return None
        value = lookup(obj, right) + gap
        left_node = node_at(scope, left)
        if left_node is not None and local_broken(left_node, value):
            return None
        set_path(obj, left, value)
        guards = ((join(slot.path, left), True), (join(slot.path, right), True))
        return f"compare: {left} {shown} {right}", guards

    return [Mutation(f"compare: {left} {shown} {right}", apply)]


def _condition_member(c: Constraint) -> tuple[str, ...]:
    return (c.rule_as(ConditionParams).member,)


def _compared(c: Constraint) -> tuple[str, ...]:
    p = c.rule_as(CompareParams)
    return (p.left, p.right)


GENERATION = (
    KindGeneration(
        Kind.PRESENT_ONLY_IF,
        shape_cross,
        _break_conditional,
        _fix_conditional,
        _accept_conditional,
        force=force_members(_condition_member),
    ),
    KindGeneration(
        Kind.REQUIRED_IF, shape_cross, _break_conditional, _fix_conditional, _accept_conditional
    ),
    KindGeneration(
        Kind.COMPARE,
        shape_cross,
        _break_compare,
        _fix_compare,
        _accept_compare,
        force=force_members(_compared),
    ),
)
