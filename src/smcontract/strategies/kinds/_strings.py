"""Generation of string rules: ``length``, ``pattern``, ``enum``, affixes and ``format``.

Valid values narrow the node (a length rule its length, an enum its values); the near misses
are one-edit or one-character changes, nearest first; a repair draws a new valid value."""

from __future__ import annotations

import json
from typing import Any

from smcontract.contracts import Constraint
from smcontract.contracts.kinds import (
    AffixParams,
    BoundParams,
    EnumParams,
    FormatParams,
    Kind,
    PatternParams,
)
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import (
    Made,
    Make,
    Mutation,
    allowed_ids,
    bounds,
    breaks,
    intersect,
    near,
    regenerate,
    set_to,
    value_mutations,
)
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Slot
from smcontract.strategies._tree import Node, local_broken
from smcontract.strategies._values import pattern_allows, string_span, string_value
from smcontract.strategies.kinds._base import (
    KindGeneration,
)

#: Characters tried, in this order, to break a pattern with one edit.
PROBES = " \n-_./:@é#%*!A0a\t\x00漢"


#: Positions scanned when the drawn one allows no breaking edit.
SCAN = 64


#: Lengths tried past a bound that no valid value has (a pattern needing more characters).
_SEARCH = 64


def _shape_length(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    low, high = intersect(node.length, c)
    node.length = (int(low), high)


def _shape_pattern(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.patterns.append(c.rule_as(PatternParams).pattern)


def _shape_enum(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    values = list(c.rule_as(EnumParams).values)
    node.enum = values if node.enum is None else [v for v in node.enum if v in values]


def _shape_affix(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    value = c.rule_as(AffixParams).value
    if c.kind == "prefix" and len(value) > len(node.prefix):
        node.prefix = value
    elif c.kind == "suffix" and len(value) > len(node.suffix):
        node.suffix = value


def _shape_format(ctx: OpContext, c: Constraint) -> None:
    node = ctx.ensure(c.path)
    node.rules.append(c)
    node.formats.append(c.rule_as(FormatParams).format)


def _break_length(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    bound = c.rule_as(BoundParams)
    low, high = bound.min, bound.max
    targets = []
    if high is not None:
        targets.append(("length=max+1", int(high) + 1))
    if low is not None and low >= 1:
        targets.append(("length=min-1", int(low) - 1))
    if node is not None:  # a length the pattern cannot take would only ever fail
        targets = [(label, size) for label, size in targets if pattern_allows(node, size)]

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


def _break_pattern(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None or not isinstance(site.value, str):
        return []

    def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
        value: str = slot.value
        index = ch.integer(0, len(value))
        options = [(lb, v) for lb, v in _edits(value, index) if near(node, c, v)]
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
    for test in (near, breaks):
        for index in range(min(len(value), SCAN) + 1):
            options = [(lb, v) for lb, v in _edits(value, index) if test(node, c, v)]
            if options:
                return options[:1]
    return []


def _break_enum(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    value = site.value
    if isinstance(value, bool):
        return value_mutations(ctx, c, site, [("enum: negated", not value)])
    if isinstance(value, int | float):
        return value_mutations(
            ctx, c, site, [("enum: value+1", value + 1), ("enum: value-1", value - 1)]
        )
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
    return value_mutations(ctx, c, site, pairs)


def _break_affix(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    value, affix = site.value, c.rule_as(AffixParams).value
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
    return value_mutations(ctx, c, site, pairs)


def _break_format(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
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
    return value_mutations(ctx, c, site, pairs)


def _accept_length(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    if node is None:
        return []

    def make(label: str, sizes: range) -> Make:
        def apply(ctx: OpContext, request: Any, slot: Slot, ch: Chooser) -> Made | None:
            for size in sizes:
                value = string_value(node, ch, size, size)
                if value is not None and not (slot.is_key and value in slot.parent):
                    slot.set(value)
                    suffix = "" if size == sizes[0] else f" (nearest valid: {size})"
                    return label + suffix, ((slot.path, True),)
            return None

        return apply

    low, high = _valid_lengths(node)
    out = []
    for name, declared in bounds(c):
        if name == "min":
            start = int(max(declared, low))
            sizes = range(start, int(min(start + _SEARCH, high)) + 1)
        else:
            start = int(min(declared, high))
            sizes = range(start, int(max(start - _SEARCH, low)) - 1, -1)
        out.append(Mutation(f"length={name}", make(f"length={name}", sizes)))
    return out


def _valid_lengths(node: Node) -> tuple[float, float]:
    """The shortest and longest valid value of a string node (enum values included)."""
    if node.enum is not None:
        sizes = [len(v) for v in node.enum if isinstance(v, str) and not local_broken(node, v)]
        return (min(sizes), max(sizes)) if sizes else (0, 0)
    return string_span(node)


def _accept_enum(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    node = ctx.node(c.path)
    return [
        set_to(node, f"enum={json.dumps(v, ensure_ascii=False)}", v)
        for v in c.rule_as(EnumParams).values
    ]


GENERATION = (
    KindGeneration(Kind.LENGTH, _shape_length, _break_length, regenerate, _accept_length),
    KindGeneration(Kind.PATTERN, _shape_pattern, _break_pattern, regenerate),
    KindGeneration(Kind.ENUM, _shape_enum, _break_enum, regenerate, _accept_enum),
    KindGeneration(Kind.PREFIX, _shape_affix, _break_affix, regenerate),
    KindGeneration(Kind.SUFFIX, _shape_affix, _break_affix, regenerate),
    KindGeneration(Kind.FORMAT, _shape_format, _break_format, regenerate),
)
