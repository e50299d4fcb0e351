"""The public strategies: ``valid``, ``violating`` and the list ``unviolatable``."""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from smcontract.contracts import Constraint, ContractPack
from smcontract.strategies._choosers import DrawChooser
from smcontract.strategies._context import OpContext, context, resolve_pack
from smcontract.strategies._engine import breaks_exactly, valid_request, violation, witness
from smcontract.strategies._errors import CannotViolate

__all__ = ["labelled_violations", "unviolatable", "valid", "violating"]

#: One request in this many is a documented example, when the operation has some.
EXAMPLE_ODDS = 8


@st.composite
def requests_of(draw: Any, ctx: OpContext) -> Any:
    """Valid requests of one operation (before the oracle's final check)."""
    chooser = DrawChooser(draw)
    if ctx.examples and chooser.integer(0, EXAMPLE_ODDS - 1) == EXAMPLE_ODDS - 1:
        return ctx.example(chooser.integer(0, len(ctx.examples) - 1))
    return valid_request(ctx, chooser)


def valid(operation: str, *, pack: ContractPack | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Requests of ``operation`` that keep every active single-request rule of its input.

    Optional members are present or absent, lists run from empty to their maximum (small
    sizes are likelier), strings follow the AWS patterns with Java semantics and reach
    their length bounds now and then, and documented examples and realistic samples
    (ARNs, S3 URIs, image URIs) appear among the values. Every draw is checked with
    ``smcontract.contracts.validate``, shrunk examples included.

    Raises UsageError (naming the closest operations) for an unknown operation.
    """
    return _valid(resolve_pack(pack), operation)


@functools.lru_cache(maxsize=256)
def _valid(pack: ContractPack, operation: str) -> st.SearchStrategy[dict[str, Any]]:
    ctx = context(pack, operation)
    return requests_of(ctx).filter(_Clean(ctx))


class _Clean:
    """Filter: the oracle finds no violation (a named callable, for a readable repr)."""

    def __init__(self, ctx: OpContext) -> None:
        self.ctx = ctx

    def __repr__(self) -> str:
        return f"no_violation({self.ctx.name!r})"

    def __call__(self, request: Any) -> bool:
        return request is not None and not self.ctx.verdict(request)


class _Exactly:
    """Filter: the labelled request breaks the one constraint (and at most its implies)."""

    def __init__(self, ctx: OpContext, constraint: Constraint) -> None:
        self.ctx = ctx
        self.constraint = constraint

    def __repr__(self) -> str:
        return f"breaks_only({self.constraint.id!r})"

    def __call__(self, labelled: Any) -> bool:
        return labelled is not None and breaks_exactly(self.ctx, self.constraint, labelled[1])


@st.composite
def near_misses_of(draw: Any, ctx: OpContext, constraint_id: str) -> Any:
    """Labelled near misses of one constraint (before the oracle's final check)."""
    constraint = ctx.contract.constraint(constraint_id)
    found = witness(ctx, constraint)
    if isinstance(found, str):
        raise CannotViolate(constraint.id, found)
    chooser = DrawChooser(draw)
    return violation(ctx, constraint, chooser)


def labelled_violations(
    operation: str, constraint_id: str, *, pack: ContractPack | None = None
) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """``violating()`` with the label of each near miss: ``(label, request)`` pairs."""
    return _labelled(resolve_pack(pack), operation, constraint_id)


@functools.lru_cache(maxsize=4096)
def _labelled(
    pack: ContractPack, operation: str, constraint_id: str
) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    ctx = context(pack, operation)
    constraint = ctx.contract.constraint(constraint_id)
    return near_misses_of(ctx, constraint.id).filter(_Exactly(ctx, constraint))


def _request(labelled: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return labelled[1]


def violating(
    operation: str, constraint_id: str, *, pack: ContractPack | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Requests that break ``constraint_id`` and no other rule (beyond its ``implies``).

    Each is a near miss of a valid request: one edit that breaks a pattern, a length or
    range one past its bound, an enum value in another case or with a trailing space, a
    list one item too long, a required member missing, a value of the wrong JSON type,
    both or neither members of an exactly-one, a compared value one below the other, a
    non-JSON string, a duplicate key.

    Raises UsageError for an unknown operation or constraint ID at once; a constraint that
    no single request can break raises CannotViolate when the strategy is drawn from
    (``unviolatable()`` lists those, with the reason).
    """
    return labelled_violations(operation, constraint_id, pack=pack).map(_request)


def unviolatable(operation: str, *, pack: ContractPack | None = None) -> dict[str, str]:
    """Every constraint of ``operation`` that ``violating()`` cannot break, with the reason.

    Covers all the operation's constraints (output rules, stateful kinds, inactive rules,
    bounds that exclude nothing, and rules that cannot break without breaking another that
    they do not declare in ``implies``), in contract order.
    """
    ctx = context(resolve_pack(pack), operation)
    out: dict[str, str] = {}
    for constraint in ctx.contract.constraints:
        found = witness(ctx, constraint)
        if isinstance(found, str):
            out[constraint.id] = found
    return out
