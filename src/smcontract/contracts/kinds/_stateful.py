"""Rules that need an implementation: ``unique``, ``default``, ``error``, ``lifecycle``.

The oracle checks only ``unique`` with a ``key`` (no two items of one list share it); the
rest is the suites' job, over several calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts.kinds._base import (
    Kind,
    KindSpec,
    Level,
    Nodes,
    Params,
    Reasons,
    always,
    no,
    show,
)

__all__ = [
    "STATEFUL_SPECS",
    "DefaultParams",
    "ErrorParams",
    "LifecycleParams",
    "UniqueParams",
]


@dataclass(frozen=True, slots=True)
class UniqueParams(Params):
    """``key``: unique within one list (one request); ``scope``: across resources."""

    key: str | None = None
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DefaultParams(Params):
    """The value an implementation fills in (``value_of``: another member's value)."""

    value: Any = None
    value_of: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorParams(Params):
    situation: str
    code: str
    http_status: int


@dataclass(frozen=True, slots=True)
class LifecycleParams(Params):
    """One behaviour over several calls, named by ``rule``; the fields some rules have are
    typed, ``fields`` is the whole JSON mapping for the others."""

    rule: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    members: tuple[str, ...] = ()
    status: int | None = None
    status_member: str | None = None
    statuses: tuple[str, ...] = ()
    via: str | None = None
    to: str | None = None
    filters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sort_by: Mapping[str, str] = field(default_factory=dict)
    token: str | None = None


def _unique(p: UniqueParams, nodes: Nodes) -> Reasons:
    key = p.key
    if key is None:
        return
    for path, value in nodes:
        if not isinstance(value, list):
            continue
        seen: set[str] = set()
        for item in value:
            if isinstance(item, dict) and isinstance(item.get(key), str):
                if item[key] in seen:
                    yield path, f"{key} {show(item[key])} appears more than once"
                    break
                seen.add(item[key])


def _parse_unique(params: Mapping[str, Any]) -> UniqueParams:
    key = params.get("key")
    return UniqueParams(None if key is None else str(key), tuple(params.get("scope", ())))


def _parse_default(params: Mapping[str, Any]) -> DefaultParams:
    of = params.get("value_of")
    return DefaultParams(params.get("value"), None if of is None else str(of))


def _parse_error(params: Mapping[str, Any]) -> ErrorParams:
    return ErrorParams(
        str(params.get("situation", "")),
        str(params.get("code")),
        int(params.get("http_status") or 400),
    )


def _optional(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    return None if value is None else str(value)


def _parse_lifecycle(params: Mapping[str, Any]) -> LifecycleParams:
    status = params.get("status")
    return LifecycleParams(
        rule=str(params["rule"]),
        fields=params,
        members=tuple(params.get("members", ())),
        status=None if status is None else int(status),
        status_member=_optional(params, "status_member"),
        statuses=tuple(params.get("statuses") or ()),
        via=_optional(params, "via"),
        to=_optional(params, "to"),
        filters=params.get("filters") or {},
        sort_by=params.get("sort_by") or {},
        token=_optional(params, "token"),
    )


def _unique_level(p: UniqueParams) -> Level:
    return Level.L2 if p.key is not None else Level.L4


def _unique_single(p: UniqueParams) -> bool:
    return p.key is not None


_NO_STATE = "JSON Schema describes one document, not state over several calls"

STATEFUL_SPECS = (
    KindSpec(
        Kind.UNIQUE,
        parse=_parse_unique,
        check=_unique,
        level=_unique_level,
        single_request=_unique_single,
        no_openapi="uniqueItems compares whole items, not one key",
        reference="key: oracle; scope: a second Create of a name answers the duplicate-name error",
    ),
    KindSpec(
        Kind.DEFAULT,
        parse=_parse_default,
        check=None,
        level=always(Level.L4),
        single_request=no,
        stateful=True,
        no_openapi=_NO_STATE,
        reference="Create fills it in and Describe shows it; List's page size and sort order",
    ),
    KindSpec(
        Kind.ERROR,
        parse=_parse_error,
        check=None,
        level=always(Level.L4),
        single_request=no,
        stateful=True,
        no_openapi="stated as the operation's error responses, not in a schema",
        reference="answers the documented code for duplicate-name and not-found",
    ),
    KindSpec(
        Kind.LIFECYCLE,
        parse=_parse_lifecycle,
        check=None,
        level=always(Level.L4),
        single_request=no,
        stateful=True,
        no_openapi=_NO_STATE,
        reference="success-status, round-trip, stop-transitions, delete-only-in, filters, "
        "sort-order, paging, not-found-after-delete",
    ),
)
