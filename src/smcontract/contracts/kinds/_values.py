"""L2, the values of single members: sizes, ranges, patterns, enums, affixes and formats.

A value of the wrong JSON type is reported by its ``type`` rule only; these checks look at
values of the right type, so one mistake is one violation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from smcontract.contracts.kinds._base import (
    Kind,
    KindSpec,
    Level,
    Nodes,
    Params,
    Reasons,
    always,
    number,
    show,
    yes,
)

__all__ = [
    "VALUE_SPECS",
    "AffixParams",
    "BoundParams",
    "EnumParams",
    "FormatParams",
    "PatternParams",
    "breaks_enum",
]


@dataclass(frozen=True, slots=True)
class BoundParams(Params):
    """``length``, ``range``, ``items``, ``entries``: inclusive bounds, either may be absent."""

    min: int | float | None = None
    max: int | float | None = None


@dataclass(frozen=True, slots=True)
class PatternParams(Params):
    pattern: str


@dataclass(frozen=True, slots=True)
class EnumParams(Params):
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class AffixParams(Params):
    """``prefix`` and ``suffix``: the text the value starts or ends with."""

    value: str


@dataclass(frozen=True, slots=True)
class FormatParams(Params):
    format: str


def _bounded(
    p: BoundParams, nodes: Nodes, size: Callable[[Any], int | float | None], unit: str
) -> Reasons:
    low, high = p.min, p.max
    for path, value in nodes:
        measure = size(value)
        if measure is None:
            continue
        if low is not None and measure < low:
            yield path, f"{unit} {measure} is below the minimum {low}"
        elif high is not None and measure > high:
            yield path, f"{unit} {measure} is above the maximum {high}"


def _length(p: BoundParams, nodes: Nodes) -> Reasons:
    return _bounded(p, nodes, lambda v: len(v) if isinstance(v, str) else None, "length")


def _range(p: BoundParams, nodes: Nodes) -> Reasons:
    return _bounded(p, nodes, number, "value")


def _items(p: BoundParams, nodes: Nodes) -> Reasons:
    return _bounded(p, nodes, lambda v: len(v) if isinstance(v, list) else None, "item count")


def _entries(p: BoundParams, nodes: Nodes) -> Reasons:
    return _bounded(p, nodes, lambda v: len(v) if isinstance(v, dict) else None, "entry count")


def _pattern(p: PatternParams, nodes: Nodes) -> Reasons:
    from smcontract.contracts._regex import compile_pattern  # regex only when checking

    compiled = compile_pattern(p.pattern)
    for path, value in nodes:
        if isinstance(value, str) and compiled.fullmatch(value) is None:
            yield path, f"{show(value)} does not match {p.pattern}"


def breaks_enum(values: tuple[Any, ...], value: Any) -> bool:
    """Whether ``value`` is of the enum's JSON type and not one of ``values``."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    first = values[0]
    if type(value) is not type(first) and not (
        isinstance(value, int | float) and isinstance(first, int | float)
    ):
        return False
    return value not in values


def _enum(p: EnumParams, nodes: Nodes) -> Reasons:
    for path, value in nodes:
        if breaks_enum(p.values, value):
            yield path, f"{show(value)} is not one of the {len(p.values)} allowed values"


def _prefix(p: AffixParams, nodes: Nodes) -> Reasons:
    for path, value in nodes:
        if isinstance(value, str) and not value.startswith(p.value):
            yield path, f"{show(value)} does not start with {p.value!r}"


def _suffix(p: AffixParams, nodes: Nodes) -> Reasons:
    for path, value in nodes:
        if isinstance(value, str) and not value.endswith(p.value):
            yield path, f"{show(value)} does not end with {p.value!r}"


def _format(p: FormatParams, nodes: Nodes) -> Reasons:
    for path, value in nodes:
        if not isinstance(value, str):
            continue
        try:
            json.loads(value)
        except ValueError:
            yield path, f"{show(value)} is not JSON"


def _parse_bounds(params: Mapping[str, Any]) -> BoundParams:
    return BoundParams(params.get("min"), params.get("max"))


def _parse_pattern(params: Mapping[str, Any]) -> PatternParams:
    return PatternParams(str(params["pattern"]))


def _parse_enum(params: Mapping[str, Any]) -> EnumParams:
    return EnumParams(tuple(params["values"]))


def _parse_affix(params: Mapping[str, Any]) -> AffixParams:
    return AffixParams(str(params["value"]))


def _parse_format(params: Mapping[str, Any]) -> FormatParams:
    return FormatParams(str(params["format"]))


_ORACLE_AWS = "oracle: AWS's validation message for the kind"


def _bounds(kind: Kind, check: Callable[[BoundParams, Nodes], Reasons], low: str) -> KindSpec:
    high = low.replace("min", "max")
    return KindSpec(
        kind,
        parse=_parse_bounds,
        check=check,
        level=always(Level.L2),
        single_request=yes,
        aws_named=True,
        openapi=(low, high),
        reference=_ORACLE_AWS,
    )


def _value(
    kind: Kind, parse: Callable[[Mapping[str, Any]], Params], check: Any, **kw: Any
) -> KindSpec:
    return KindSpec(
        kind, parse=parse, check=check, level=always(Level.L2), single_request=yes, **kw
    )


_FREE = "oracle: free text naming the rule"
_NO_KEYWORD = "JSON Schema has no keyword for it (a pattern could say it, but none is derived)"

VALUE_SPECS = (
    _bounds(Kind.LENGTH, _length, "minLength"),
    _bounds(Kind.RANGE, _range, "minimum"),
    _bounds(Kind.ITEMS, _items, "minItems"),
    _bounds(Kind.ENTRIES, _entries, "minProperties"),
    _value(
        Kind.PATTERN,
        _parse_pattern,
        _pattern,
        aws_named=True,
        openapi=("pattern",),
        reference=_ORACLE_AWS,
    ),
    _value(Kind.ENUM, _parse_enum, _enum, aws_named=True, openapi=("enum",), reference=_ORACLE_AWS),
    _value(Kind.PREFIX, _parse_affix, _prefix, no_openapi=_NO_KEYWORD, reference=_FREE),
    _value(Kind.SUFFIX, _parse_affix, _suffix, no_openapi=_NO_KEYWORD, reference=_FREE),
    _value(
        Kind.FORMAT,
        _parse_format,
        _format,
        no_openapi="JSON Schema's format names no 'JSON text' format",
        reference=_FREE,
    ),
)
