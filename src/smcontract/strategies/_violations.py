"""Near misses: for each kind, the ways one valid request is changed to break one rule.

``mutations(ctx, constraint, site)`` lists the candidate changes at one *site* (a concrete
place of the rule's path in a valid base request). Each ``Mutation`` has a label (``length=
max+1``, ``enum: lower case``, ``exactly-one: both``) and a ``make`` that applies it to a copy
of the base and returns the guards that the following repair must respect. Candidates
whose new value already breaks a second rule of the same node are left out here, so the
final filter rarely has anything to reject.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smcontract.contracts import Constraint, join, parse_path
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._generate import Generator
from smcontract.strategies._repair import fresh, is_required, remove_path, set_path
from smcontract.strategies._slots import Guard, Slot
from smcontract.strategies._tree import Node, local_broken, lookup, node_at
from smcontract.strategies._values import string_value

if TYPE_CHECKING:
    from smcontract.strategies._context import OpContext

__all__ = ["MUTATIONS", "Made", "Make", "Mutation", "add_member", "allowed_ids", "resize"]

Made = tuple[str, tuple[Guard, ...]]
Make = Callable[["OpContext", Any, Slot, Chooser], Made | None]
#: Characters tried, in this order, to break a pattern with one edit.
PROBES = " \n-_./:@é#%*!A0a\t\x00漢"
#: Positions scanned when the drawn one allows no breaking edit.
SCAN = 64


@dataclass(frozen=True)
class Mutation:
    """One candidate near miss at one site."""

    label: str
    make: Make


def allowed_ids(c: Constraint) -> frozenset[str]:
    """The rules a violation of ``c`` may break: ``c`` and what it declares it implies."""
    return frozenset((c.id, *c.implies))


def _near(node: Node, c: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks ``c`` and, on its node, nothing outside ``c``'s implies."""
    broken = {rule.id for rule in local_broken(node, value)}
    return c.id in broken and broken <= allowed_ids(c)


def _breaks(node: Node, c: Constraint, value: Any) -> bool:
    """Whether ``value`` breaks ``c`` at all (the fallback when no near miss exists, so
    that ``unviolatable()`` can name the rules that break along with it)."""
    return any(rule.id == c.id for rule in local_broken(node, value))


def _replace(label: str, value: Any) -> Mutation:
    """Set the site to ``value``."""

    def make(ctx: OpContext, request: Any, slot: Slot, chooser: Chooser) -> Made | None:
        if slot.is_key and value in slot.parent:
            return None
        slot.set(value)
        return label, ((slot.path, True),)

    return Mutation(label, make)


def _values(
    ctx: OpContext, c: Constraint, site: Slot, pairs: list[tuple[str, Any]]
) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None:
        return []
    out: list[Mutation] = []
    seen: list[Any] = []
    for label, value in pairs:
        if value != site.value and value not in seen and _near(node, c, value):
            seen.append(value)
            out.append(_replace(label, value))
    if not out:
        out = [_replace(lb, v) for lb, v in pairs if _breaks(node, c, v)][:1]
    return out


# -- type and required ----------------------------------------------------------------------


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


def _type(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    if site.is_key:
        return []
    expected = c.params["type"]
    return [
        _replace(f"type: {label} for {expected}", wrong)
        for label, wrong in _wrong_types(expected, site.value)
    ]


def _required(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
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


# -- strings ---------------------------------------------------------------------------------


def _length(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    low, high = c.params.get("min"), c.params.get("max")
    targets = []
    if high is not None:
        targets.append(("length=max+1", int(high) + 1))
    if low is not None and low >= 1:
        targets.append(("length=min-1", int(low) - 1))

    def make(label: str, size: int) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if node is None:
                return None
            value = string_value(node, ch, size, size, allowed=allowed_ids(c))
            if value is None:
                every = frozenset(rule.id for rule in node.rules)
                value = string_value(node, ch, size, size, allowed=every)
            if value is None or (slot.is_key and value in slot.parent):
                return None
            slot.set(value)
            return label, ((slot.path, True),)

        return apply

    return [Mutation(label, make(label, size)) for label, size in targets]


def _edits(value: str, index: int) -> list[tuple[str, str]]:
    """Every one-character edit at ``index``: (label, new value)."""
    out = [(f"inserted {p!r} at {index}", value[:index] + p + value[index:]) for p in PROBES]
    if index < len(value):
        old = value[index]
        out += [
            (f"replaced {old!r} by {p!r} at {index}", value[:index] + p + value[index + 1 :])
            for p in PROBES
            if p != old
        ]
        out.append((f"deleted {old!r} at {index}", value[:index] + value[index + 1 :]))
    return out


def _pattern(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None or not isinstance(site.value, str):
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        value: str = slot.value
        index = ch.integer(0, len(value))
        options = [(lb, v) for lb, v in _edits(value, index) if _near(node, c, v)]
        if not options:
            options = _scan(node, c, value)
        if not options:
            return None
        label, new = options[ch.integer(0, len(options) - 1)]
        if slot.is_key and new in slot.parent:
            return None
        slot.set(new)
        return f"pattern: {label}", ((slot.path, True),)

    return [Mutation("pattern: one edit", apply)]


def _scan(node: Node, c: Constraint, value: str) -> list[tuple[str, str]]:
    for test in (_near, _breaks):
        for index in range(min(len(value), SCAN) + 1):
            options = [(lb, v) for lb, v in _edits(value, index) if test(node, c, v)]
            if options:
                return options[:1]
    return []


def _enum(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    value = site.value
    if isinstance(value, bool):
        return _values(ctx, c, site, [("enum: negated", not value)])
    if isinstance(value, int | float):
        return _values(ctx, c, site, [("enum: value+1", value + 1), ("enum: value-1", value - 1)])
    if not isinstance(value, str):
        return []
    pairs = [
        ("enum: lower case", value.lower()),
        ("enum: upper case", value.upper()),
        ("enum: swapped case", value.swapcase()),
        ("enum: trailing space", value + " "),
        ("enum: leading space", " " + value),
        ("enum: last character dropped", value[:-1]),
    ]
    return _values(ctx, c, site, pairs)


def _affix(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    value, affix = site.value, c.params["value"]
    if not isinstance(value, str):
        return []
    if c.kind == "suffix":
        core = value[: len(value) - len(affix)] if value.endswith(affix) else value
        pairs = [
            (f"suffix: {affix!r} cut short", core + affix[:-1]),
            (f"suffix: {affix!r} in another case", core + affix.swapcase()),
            (f"suffix: character appended after {affix!r}", value + "x"),
            (f"suffix: {affix!r} then '/'", value + "/"),
            (f"suffix: {affix!r} removed", core),
            (f"suffix: space after {affix!r}", value + " "),
        ]
    else:
        core = value[len(affix) :] if value.startswith(affix) else value
        pairs = [
            (f"prefix: {affix!r} cut short", affix[1:] + core),
            (f"prefix: {affix!r} in another case", affix.swapcase() + core),
            (f"prefix: character before {affix!r}", "x" + value),
            (f"prefix: {affix!r} removed", core),
            (f"prefix: space before {affix!r}", " " + value),
        ]
    return _values(ctx, c, site, pairs)


def _format(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    value = site.value
    if not isinstance(value, str):
        return []
    pairs = [
        ("format: single quotes (Python dict style)", value.replace('"', "'")),
        ("format: last character dropped", value[:-1]),
        ("format: trailing comma", value + ","),
        ("format: unbalanced brace", "{" + value),
        ("format: not JSON", "not json"),
    ]
    return _values(ctx, c, site, pairs)


# -- numbers and sizes ---------------------------------------------------------------------


def _range(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    low, high = c.params.get("min"), c.params.get("max")
    pairs = []
    if low is not None:
        pairs.append(("range=min-1", low - 1))
    if high is not None:
        pairs.append(("range=max+1", high + 1))
    return _values(ctx, c, site, pairs)


def _sized(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    low, high = c.params.get("min"), c.params.get("max")
    unit = "items" if c.kind == "items" else "entries"
    targets = []
    if high is not None:
        targets.append((f"{unit}=max+1", int(high) + 1))
    if low is not None and low >= 1:
        targets.append((f"{unit}=min-1", int(low) - 1))

    def make(label: str, size: int) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            if node is None or not resize(ctx, node, slot.value, size, ch):
                return None
            return label, ((slot.path, False),)

        return apply

    return [Mutation(label, make(label, size)) for label, size in targets]


def resize(ctx: OpContext, node: Node, value: Any, size: int, ch: Chooser) -> bool:
    """Grow or shrink a list or map in place to ``size`` valid items or entries."""
    generator = Generator(ctx.root)
    bulk = ch.bulk()
    if isinstance(value, list) and node.item is not None:
        del value[size:]
        for _ in range(size - len(value)):
            item = generator.value(node.item, bulk)
            if item is None:
                return False
            if value and isinstance(item, dict) and isinstance(value[0], dict):
                _copy_presence(node, value[0], item, generator, bulk)
            value.append(item)
        generator.keep_list_rules(node, value, bulk, False)
        return len(value) == size
    if isinstance(value, dict):
        for key in list(value)[size:]:
            del value[key]
        for _ in range(size * 2 + 3):
            if len(value) >= size:
                break
            key = generator.map_key(node, bulk)
            entry = generator.value(node.value, bulk) if node.value is not None else ""
            if key is not None and entry is not None and key not in value:
                value[key] = entry
        return len(value) == size
    return False


def _copy_presence(
    node: Node, model: dict[str, Any], item: dict[str, Any], gen: Generator, ch: Chooser
) -> None:
    """Give a new list item the all-or-none members that the first item has (or lacks)."""
    item_node = node.item
    for rule in node.cross:
        if rule.kind != "all-or-none" or item_node is None:
            continue
        member = rule.params["member"]
        child = item_node.members.get(member)
        if model.get(member) is None:
            item.pop(member, None)
        elif item.get(member) is None and child is not None:
            value = gen.value(child, ch)
            if value is not None:
                item[member] = value


# -- cross-field rules -----------------------------------------------------------------------


def add_member(ctx: OpContext, obj: dict[str, Any], scope: Node, member: str, ch: Chooser) -> bool:
    """Make ``member`` (a member path relative to ``scope``) present with a valid value."""
    if lookup(obj, member) is not None:
        return True
    value = fresh(ctx, node_at(scope, member), ch)
    if value is None:
        return False
    set_path(obj, member, value)
    return True


def _members(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    members = [m for m in c.params["members"] if scope is not None and m in scope.members]
    if scope is None or not members:
        return []

    def neither(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        guards = []
        for member in c.params["members"]:
            obj.pop(member, None)
            guards.append((join(slot.path, member), True))
        return f"{c.kind}: none of {', '.join(c.params['members'])}", tuple(guards)

    def several(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        obj = slot.value
        if not isinstance(obj, dict):
            return None
        present = [m for m in members if obj.get(m) is not None]
        absent = [m for m in members if obj.get(m) is None]
        need = max(0, 2 - len(present))
        if len(absent) < need:
            return None
        start = ch.integer(0, len(absent) - 1) if absent else 0
        for member in (absent[start:] + absent[:start])[:need]:
            if not add_member(ctx, obj, scope, member, ch):
                return None
            present.append(member)
        shown = [m for m in members if m in present]
        guards = tuple((join(slot.path, m), False) for m in shown)
        if len(shown) == 2:
            return f"{c.kind}: both {' and '.join(shown)}", guards
        return f"{c.kind}: several of {', '.join(shown)}", guards

    out = []
    if len(members) >= 2:
        out.append(Mutation(f"{c.kind}: two members", several))
    if c.kind != "at-most-one":
        out.append(Mutation(f"{c.kind}: none", neither))
    return out


def _condition_values(scope: Node, cond: Any, inside: bool) -> list[Any]:
    cond_node = node_at(scope, cond["path"])
    if inside:
        options = list(cond["in"])
    else:
        options = [x for x in (cond_node.enum or []) if x not in cond["in"]] if cond_node else []
    return [x for x in options if cond_node is None or not local_broken(cond_node, x)]


def _conditional(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    member, cond = c.params["member"], c.params["if"]
    inside = c.kind == "required-if"
    options: list[Any] = _condition_values(scope, cond, inside)
    removable = not inside and not is_required(scope, cond["path"]) and None not in cond["in"]

    def make(option: Any, remove: bool) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            obj = slot.value
            if not isinstance(obj, dict):
                return None
            if remove:
                remove_path(obj, cond["path"])
            else:
                set_path(obj, cond["path"], option)
            if inside:
                remove_path(obj, member)
            elif not add_member(ctx, obj, scope, member, ch):
                return None
            shown = "absent" if remove else json.dumps(option, ensure_ascii=False)
            state = "missing" if inside else "present"
            guards = ((join(slot.path, cond["path"]), True), (join(slot.path, member), inside))
            return f"{c.kind}: {member} {state} with {cond['path']} {shown}", guards

        return apply

    out = [Mutation(f"{c.kind}: {option!r}", make(option, False)) for option in options]
    if removable:
        out.append(Mutation(f"{c.kind}: condition absent", make(None, True)))
    return out


def _compare(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    scope = ctx.node(c.path)
    if scope is None:
        return []
    left, right, op = c.params["left"], c.params["right"], c.params["op"]
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
            if _fits(left_node, new_a) and _fits(right_node, new_b):
                set_path(obj, left, new_a)
                set_path(obj, right, new_b)
                guards = ((join(slot.path, left), True), (join(slot.path, right), True))
                return f"compare: {left} {shown} {right}", guards
        return None

    return [Mutation(f"compare: {left} {shown} {right}", apply)]


def _fits(node: Node | None, value: Any) -> bool:
    return node is None or not local_broken(node, value)


def _all_or_none(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    member = c.params["member"]
    item_node = node.item if node is not None else None
    child = item_node.members.get(member) if item_node is not None else None
    if node is None or child is None:
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        items = slot.value
        if not isinstance(items, list) or not _at_least_two(ctx, node, items, ch):
            return None
        first, second = items[0], items[1]
        if not (isinstance(first, dict) and isinstance(second, dict)):
            return None
        if first.get(member) is None:
            value = fresh(ctx, child, ch)
            if value is None:
                return None
            first[member] = value
        second.pop(member, None)
        guards = (
            (slot.path, False),
            (join(f"{slot.path}[0]", member), True),
            (join(f"{slot.path}[1]", member), True),
        )
        return f"all-or-none: {member} on item 0, not on item 1", guards

    return [Mutation(f"all-or-none: {member} on some items", apply)]


def _at_least_two(ctx: OpContext, node: Node, items: list[Any], ch: Chooser) -> bool:
    if len(items) >= 2:
        return True
    if node.size[1] < 2 or node.item is None:
        return False
    return resize(ctx, node, items, 2, ch)


def _unique(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    key = c.params.get("key")
    item_node = node.item if node is not None else None
    if node is None or key is None or item_node is None or key not in item_node.members:
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        items = slot.value
        if not isinstance(items, list) or not _at_least_two(ctx, node, items, ch):
            return None
        first, second = items[0], items[1]
        if not (isinstance(first, dict) and isinstance(second, dict)):
            return None
        if not (add_member(ctx, first, item_node, key, ch) and isinstance(first[key], str)):
            return None
        second[key] = first[key]
        guards = (
            (slot.path, False),
            (f"{slot.path}[0].{key}", True),
            (f"{slot.path}[1].{key}", True),
        )
        return f"unique: {key} {json.dumps(first[key], ensure_ascii=False)} twice", guards

    return [Mutation(f"unique: duplicate {key}", apply)]


MUTATIONS: dict[str, Callable[[OpContext, Constraint, Slot], list[Mutation]]] = {
    "type": _type,
    "required": _required,
    "length": _length,
    "pattern": _pattern,
    "enum": _enum,
    "prefix": _affix,
    "suffix": _affix,
    "format": _format,
    "range": _range,
    "items": _sized,
    "entries": _sized,
    "union": _members,
    "exactly-one": _members,
    "at-most-one": _members,
    "present-only-if": _conditional,
    "required-if": _conditional,
    "compare": _compare,
    "all-or-none": _all_or_none,
    "unique": _unique,
}
