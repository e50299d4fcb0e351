"""L1, the shape of a request: ``required`` and ``type``."""

from __future__ import annotations

from collections.abc import Mapping
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
    show,
    yes,
)

__all__ = ["REQUIRED", "TYPE", "RequiredParams", "TypeParams", "matches_type"]


@dataclass(frozen=True, slots=True)
class RequiredParams(Params):
    """``required`` has no parameters: the member is the last step of the rule's path."""


@dataclass(frozen=True, slots=True)
class TypeParams(Params):
    type: str


def matches_type(value: Any, model_type: str) -> bool:
    """Whether a JSON value has the wire type of a model type."""
    if isinstance(value, bool):
        return model_type == "boolean"
    if model_type in ("integer", "long"):
        return isinstance(value, int)
    if model_type in ("float", "double", "timestamp"):
        return isinstance(value, int | float)
    if model_type in ("string", "blob"):
        return isinstance(value, str)
    if model_type in ("structure", "map"):
        return isinstance(value, dict)
    if model_type == "list":
        return isinstance(value, list)
    return False


def _type(p: TypeParams, nodes: Nodes) -> Reasons:
    expected = p.type
    for path, value in nodes:
        if not matches_type(value, expected):
            yield path, f"expected a {expected}, got {type(value).__name__} {show(value)}"


def _parse_required(params: Mapping[str, Any]) -> RequiredParams:
    return RequiredParams()


def _parse_type(params: Mapping[str, Any]) -> TypeParams:
    return TypeParams(str(params["type"]))


REQUIRED = KindSpec(
    Kind.REQUIRED,
    parse=_parse_required,
    check=None,
    reads_parent=True,
    level=always(Level.L1),
    single_request=yes,
    aws_named=True,
    openapi=("required",),
    reference="oracle: 'Member must not be null'",
)
TYPE = KindSpec(
    Kind.TYPE,
    parse=_parse_type,
    check=_type,
    level=always(Level.L1),
    single_request=yes,
    openapi=("type", "format"),
    reference="oracle: free text naming the rule",
)
