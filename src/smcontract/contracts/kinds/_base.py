"""What every kind module shares: the enums of the model, ``KindSpec`` and the oracle's helpers.

A ``KindSpec`` is one row of the kind table (as jsonschema's keyword table): the kind's
typed parameters, how the oracle checks it, its certification level, which family it is in,
its OpenAPI form (or why it has none) and what the reference implementation does with it.
The generation half (valid values, near misses, repairs) is ``smcontract.strategies.kinds``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from smcontract.contracts._paths import parse_path

__all__ = [
    "Check",
    "Direction",
    "Kind",
    "KindSpec",
    "Level",
    "Nodes",
    "Params",
    "Reasons",
    "Status",
    "always",
    "lookup",
    "no",
    "number",
    "present",
    "show",
    "yes",
]


class Kind(StrEnum):
    """The kinds of the meta-schema (``contract.schema.json``); the values are its strings."""

    REQUIRED = "required"
    TYPE = "type"
    LENGTH = "length"
    PATTERN = "pattern"
    ENUM = "enum"
    RANGE = "range"
    ITEMS = "items"
    ENTRIES = "entries"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    FORMAT = "format"
    UNION = "union"
    EXACTLY_ONE = "exactly-one"
    AT_MOST_ONE = "at-most-one"
    ALL_OR_NONE = "all-or-none"
    PRESENT_ONLY_IF = "present-only-if"
    REQUIRED_IF = "required-if"
    COMPARE = "compare"
    UNIQUE = "unique"
    DEFAULT = "default"
    ERROR = "error"
    LIFECYCLE = "lifecycle"


class Direction(StrEnum):
    """Whether a rule speaks of requests or of response bodies."""

    INPUT = "input"
    OUTPUT = "output"


class Status(StrEnum):
    """Whether a rule is checked (``active``), replaced or left out as untestable."""

    ACTIVE = "active"
    SUPERSEDED = "superseded"
    UNTESTABLE = "untestable"


class Level(StrEnum):
    """Certification level: L1 shape, L2 values, L3 cross-field, L4 state and behaviour."""

    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"


class Params:
    """Base of the typed parameters of one kind, parsed once from the JSON ``params``."""

    __slots__ = ()


#: The concrete places one rule reads: (concrete path, value).
Nodes = list[tuple[str, Any]]
#: What a check finds: (concrete path, reason) per violation.
Reasons = Iterator[tuple[str, str]]
Check = Callable[[Any, Nodes], Reasons]


def _no_members(params: Any) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class KindSpec:
    """Everything the contracts layer knows about one kind.

    * ``parse``: the JSON ``params`` -> the kind's typed parameters (``Constraint.rule``);
    * ``check``: the oracle, ``(params, nodes) -> (path, reason)...`` over the concrete places
      of the rule's path (None: a single request cannot show it, or, for ``required``, the
      oracle checks it on the parent);
    * ``level(params)``: the certification level;
    * ``single_request(params)``: whether one request can break it (the oracle checks it);
    * ``cross_field``: it relates several members of one object (L3);
    * ``stateful``: it needs state or behaviour over several calls;
    * ``aws_named``: AWS validation messages name this kind;
    * ``members(params)``: the member paths (relative to the rule's path) a message about a
      violation may cite; ``scoped_member`` when the violation path is scope + ``member``;
    * ``openapi``: the JSON Schema keywords that state it in the OpenAPI document, or
      ``no_openapi``, why it has none;
    * ``reference``: what the reference implementation does with it.
    """

    kind: Kind
    parse: Callable[[Mapping[str, Any]], Params]
    check: Check | None
    level: Callable[[Any], Level]
    single_request: Callable[[Any], bool]
    reference: str
    openapi: tuple[str, ...] = ()
    no_openapi: str = ""
    cross_field: bool = False
    stateful: bool = False
    aws_named: bool = False
    members: Callable[[Any], tuple[str, ...]] = _no_members
    scoped_member: bool = False
    reads_parent: bool = False


def show(value: Any) -> str:
    """A value in a reason, as JSON, cut at 60 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def present(obj: Mapping[str, Any], member: str) -> bool:
    return obj.get(member) is not None


def lookup(obj: Any, path: str) -> Any:
    """The value at the member path ``path`` below ``obj`` (None when absent)."""
    for step in parse_path(path):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(step[1])
    return obj


def number(value: Any) -> int | float | None:
    """``value`` when it is a JSON number (not a boolean), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def always(level: Level) -> Callable[[Any], Level]:
    """A level function for kinds whose level does not depend on the parameters."""

    def of(params: Any) -> Level:
        return level

    return of


def yes(params: Any) -> bool:
    return True


def no(params: Any) -> bool:
    return False
