"""Make a request keep every rule except the ones a case is meant to break.

Generation gets the structure right by construction; what it leaves to chance (a condition
met by the drawn enum value, two numbers in the wrong order, a rule broken as a side effect
of a near miss) is found by the oracle and fixed here, one small change per violation,
without touching the *guarded* places the case depends on. One function per kind, in
``REPAIRS``; a kind without one is left to the final filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from smcontract.contracts import Constraint, Violation, join, parse_path
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._generate import Generator
from smcontract.strategies._slots import Guard, Slot, blocked, find_slot
from smcontract.strategies._tree import Node, local_broken, lookup, node_at
from smcontract.strategies._values import string_value

if TYPE_CHECKING:
    from smcontract.strategies._context import OpContext

__all__ = ["REPAIRS", "remove_path", "repair", "set_path"]


class Job(NamedTuple):
    """One violation to fix: where, which rule, and what must not be touched."""

    ctx: OpContext
    request: Any
    constraint: Constraint
    violation: Violation
    chooser: Chooser
    guards: tuple[Guard, ...]


Repair = Callable[[Job], bool]
ROUNDS = 4


def repair(
    ctx: OpContext,
    request: Any,
    chooser: Chooser,
    *,
    allowed: frozenset[str] = frozenset(),
    guards: tuple[Guard, ...] = (),
) -> list[Violation]:
    """Fix what ``request`` breaks beyond ``allowed``, in place; return the final verdict."""
    violations = ctx.validate(request)
    for _ in range(ROUNDS):
        extra = [v for v in violations if v.constraint_id not in allowed]
        if not extra:
            return violations
        changed = False
        for violation in extra:
            constraint = ctx.contract.constraint(violation.constraint_id)
            fix = REPAIRS.get(constraint.kind)
            job = Job(ctx, request, constraint, violation, chooser, guards)
            if fix is not None and fix(job):
                changed = True
        if not changed:
            return violations
        violations = ctx.validate(request)
    return violations


# -- helpers --------------------------------------------------------------------------------


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set the member path ``path`` below ``obj``, creating structures on the way."""
    names = [name for _, name in parse_path(path)]
    for name in names[:-1]:
        nxt = obj.get(name)
        if not isinstance(nxt, dict):
            nxt = obj[name] = {}
        obj = nxt
    obj[names[-1]] = value


def remove_path(obj: dict[str, Any], path: str) -> None:
    """Remove the member path ``path`` below ``obj`` (nothing if absent)."""
    names = [name for _, name in parse_path(path)]
    target: Any = obj
    for name in names[:-1]:
        target = target.get(name)
        if not isinstance(target, dict):
            return
    target.pop(names[-1], None)


def is_required(scope: Node | None, path: str) -> bool:
    """Whether the member path ``path`` (relative to ``scope``) is required in its parent."""
    if scope is None:
        return False
    steps = parse_path(path)
    parent = scope
    for _, name in steps[:-1]:
        child = parent.members.get(name)
        if child is None:
            return False
        parent = child
    return steps[-1][1] in parent.required


def fresh(ctx: OpContext, node: Node | None, chooser: Chooser) -> Any:
    """A new valid value for ``node`` (None if there is no node or no value)."""
    if node is None:
        return None
    return Generator(ctx.root).value(node, chooser)


def _scope(ctx: OpContext, request: Any, c: Constraint, concrete: str) -> Slot | None:
    slot = find_slot(request, c.path, concrete)
    return slot if slot is not None and isinstance(slot.value, dict | list) else None


def _scope_of_member(
    ctx: OpContext, request: Any, c: Constraint, violation: Violation
) -> Slot | None:
    """The scope slot of a conditional rule (its violation path is scope + member)."""
    member = c.params["member"]
    if not c.path:
        return find_slot(request, "", "")
    from smcontract.strategies._slots import slots

    for slot in slots(request, parse_path(c.path)):
        if join(slot.path, member) == violation.path:
            return slot
    return None


# -- one repair per kind ----------------------------------------------------------------------


def _regenerate(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = find_slot(request, c.path, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or blocked(slot.path, guards):
        return False
    if slot.is_key:
        value = string_value(node, ch.bulk())
        if value is None or value in slot.parent:
            return False
    else:
        value = fresh(ctx, node, ch.bulk())
        if value is None:
            return False
    slot.set(value)
    return True


def _required(job: Job) -> bool:
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


def _size(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = find_slot(request, c.path, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or blocked(slot.path, guards):
        return False
    value = fresh(ctx, node, ch.bulk())
    if value is None or local_broken(node, value):
        return False
    slot.set(value)
    return True


def _count(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    scope = _scope(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    obj = scope.value
    members = list(c.params["members"])
    present = [m for m in members if obj.get(m) is not None]
    if not present and c.kind != "at-most-one":
        return _add_one(ctx, obj, scope.path, node, members, ch, guards)
    keep = [m for m in present if blocked(join(scope.path, m), guards)]
    if len(keep) > 1:
        return False
    keep = keep or present[:1]
    changed = False
    for member in present:
        if member not in keep and not blocked(join(scope.path, member), guards):
            del obj[member]
            changed = True
    return changed


def _add_one(
    ctx: OpContext,
    obj: dict[str, Any],
    where: str,
    node: Node,
    members: list[str],
    ch: Chooser,
    guards: tuple[Guard, ...],
) -> bool:
    for member in members:
        child = node.members.get(member)
        if child is None or blocked(join(where, member), guards):
            continue
        value = fresh(ctx, child, ch.bulk())
        if value is not None:
            obj[member] = value
            return True
    return False


def _conditional(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    scope = _scope_of_member(ctx, request, c, v)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    obj = scope.value
    member, cond = c.params["member"], c.params["if"]
    member_at = join(scope.path, member)
    cond_at = join(scope.path, cond["path"])
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
    cond: Any,
    cond_at: str,
    guards: tuple[Guard, ...],
    *,
    inside: bool,
) -> bool:
    """Give the condition a value in (``inside``) or out of its ``in`` list."""
    if blocked(cond_at, guards):
        return False
    cond_node = node_at(scope, cond["path"])
    if inside:
        options = list(cond["in"])
    else:
        options = [x for x in (cond_node.enum or []) if x not in cond["in"]] if cond_node else []
    for option in options:
        if cond_node is None or not local_broken(cond_node, option):
            set_path(obj, cond["path"], option)
            return True
    if not inside and not is_required(scope, cond["path"]) and None not in cond["in"]:
        remove_path(obj, cond["path"])
        return True
    return False


def _compare(job: Job) -> bool:
    ctx, request, c, v, _, guards = job
    scope = _scope(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if scope is None or node is None or not isinstance(scope.value, dict):
        return False
    obj, left, right, op = scope.value, c.params["left"], c.params["right"], c.params["op"]
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


def _all_or_none(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = _scope(ctx, request, c, v.path)
    node = ctx.node(c.path)
    if slot is None or node is None or not isinstance(slot.value, list):
        return False
    member = c.params["member"]
    items = [(i, item) for i, item in enumerate(slot.value) if isinstance(item, dict)]
    having = [i for i, item in items if item.get(member) is not None]
    lacking = [i for i, item in items if item.get(member) is None]
    here = slot.path

    def free(index: int) -> bool:
        return not blocked(join(f"{here}[{index}]", member), guards)

    item_node = node.item
    if all(free(i) for i in having) and not is_required(item_node, member):
        for index in having:
            del slot.value[index][member]
        return True
    child = item_node.members.get(member) if item_node is not None else None
    if child is not None and all(free(i) for i in lacking):
        for index in lacking:
            value = fresh(ctx, child, ch.bulk())
            if value is None:
                return False
            slot.value[index][member] = value
        return True
    return False


def _unique(job: Job) -> bool:
    ctx, request, c, v, ch, guards = job
    slot = _scope(ctx, request, c, v.path)
    node = ctx.node(c.path)
    key = c.params.get("key")
    if slot is None or node is None or key is None or not isinstance(slot.value, list):
        return False
    key_node = node.item.members.get(key) if node.item is not None else None
    seen: set[str] = set()
    order = sorted(
        range(len(slot.value)), key=lambda i: not blocked(f"{slot.path}[{i}].{key}", guards)
    )
    changed = False
    for index in order:
        item = slot.value[index]
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue
        if value in seen:
            if key_node is None or blocked(f"{slot.path}[{index}].{key}", guards):
                return False
            for _ in range(4):
                value = string_value(key_node, ch.bulk()) or value
                if value not in seen:
                    break
            item[key] = value
            changed = True
        seen.add(value)
    return changed


REPAIRS: dict[str, Repair] = {
    "type": _regenerate,
    "length": _regenerate,
    "pattern": _regenerate,
    "enum": _regenerate,
    "range": _regenerate,
    "prefix": _regenerate,
    "suffix": _regenerate,
    "format": _regenerate,
    "items": _size,
    "entries": _size,
    "required": _required,
    "union": _count,
    "exactly-one": _count,
    "at-most-one": _count,
    "present-only-if": _conditional,
    "required-if": _conditional,
    "compare": _compare,
    "all-or-none": _all_or_none,
    "unique": _unique,
}
