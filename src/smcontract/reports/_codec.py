"""One typed JSON codec for the report's frozen dataclasses (stdlib ``dataclasses`` only).

A class's JSON is its fields in declaration order: nested dataclasses become objects,
tuples become lists, mappings are copied. A field's ``metadata=member(...)`` changes that:

* ``key``: the member's name (default: the field's);
* ``group``: the member sits in a nested object of that name (``"contracts": {...}``);
* ``omit``: not written; when read, the caller passes it (the key a list is listed under);
* ``when_set``: written only when not ``None``;
* ``encode``/``decode``: the value's own JSON shape (a hex digest, ``{"index", "count"}``).

Fields declared with ``init=False`` (values derived in ``__post_init__``) are written and
never read. Reading (:func:`from_json`) converts each member to its field's annotated type;
a member that is absent or ``null`` takes the field's default, or ``None`` when the type
allows it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["from_json", "member", "to_json"]

_T = TypeVar("_T")
_METADATA = "smcontract.json"


@dataclass(frozen=True)
class _Member:
    """How one field is written and read."""

    key: str | None = None
    group: str | None = None
    omit: bool = False
    when_set: bool = False
    encode: Callable[[Any], Any] | None = None
    decode: Callable[[Any], Any] | None = None


def member(
    *,
    key: str | None = None,
    group: str | None = None,
    omit: bool = False,
    when_set: bool = False,
    encode: Callable[[Any], Any] | None = None,
    decode: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """The ``metadata`` of a field written or read other than as-is (see the module doc)."""
    return {_METADATA: _Member(key, group, omit, when_set, encode, decode)}


_Members = tuple[tuple[dataclasses.Field[Any], _Member, Any], ...]
_MEMBERS: dict[type, _Members] = {}


def _members(cls: type) -> _Members:
    """Each field of ``cls`` with how it is written and its annotated type (cached)."""
    found = _MEMBERS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _MEMBERS[cls] = tuple(
            (field, field.metadata.get(_METADATA, _Member()), hints[field.name])
            for field in dataclasses.fields(cls)
        )
    return found


def to_json(obj: Any) -> dict[str, Any]:
    """The JSON object of the dataclass instance ``obj``."""
    out: dict[str, Any] = {}
    for field, member, _ in _members(type(obj)):
        value = getattr(obj, field.name)
        if member.omit or (member.when_set and value is None):
            continue
        place = out.setdefault(member.group, {}) if member.group else out
        place[member.key or field.name] = member.encode(value) if member.encode else _plain(value)
    return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def from_json(cls: type[_T], data: Mapping[str, Any], **given: Any) -> _T:
    """An instance of the dataclass ``cls`` from its JSON; ``given`` supplies fields as they
    are (the omitted ones, or values the caller derives)."""
    values = dict(given)
    for field, member, hint in _members(cls):
        if not field.init or field.name in given or member.omit:
            continue
        source = (data.get(member.group) or {}) if member.group else data
        raw = source.get(member.key or field.name)
        if raw is not None:
            values[field.name] = member.decode(raw) if member.decode else _typed(hint, raw)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            if not _takes_none(hint):
                raise KeyError(member.key or field.name)
            values[field.name] = None
    return cls(**values)


def _takes_none(hint: Any) -> bool:
    return hint is Any or type(None) in typing.get_args(hint)


def _typed(hint: Any, raw: Any) -> Any:
    """``raw`` (not None) as a value of the annotated type ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return raw
    if origin in (types.UnionType, typing.Union):
        return _typed(next(arg for arg in args if arg is not type(None)), raw)
    if dataclasses.is_dataclass(hint):
        return from_json(typing.cast(type, hint), raw)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(args[0], item) for item in raw)
        return tuple(_typed(arg, item) for arg, item in zip(args, raw, strict=True))
    if origin in (dict, Mapping):
        return {_typed(args[0], key): _typed(args[1], item) for key, item in raw.items()}
    if origin is list:
        return [_typed(args[0], item) for item in raw]
    return hint(raw)
