"""The public strategies: ``valid``, ``violating``, ``violations`` and the list ``unviolatable``."""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from hypothesis import reject
from hypothesis import strategies as st

from smcontract.contracts import Constraint, ContractPack
from smcontract.strategies._choosers import DrawChooser
from smcontract.strategies._context import OpContext, context, resolve_pack
from smcontract.strategies._engine import breaks_exactly, valid_request, violation, witness
from smcontract.strategies._errors import CannotViolate

__all__ = ["Violation", "labelled_violations", "unviolatable", "valid", "violating", "violations"]

#: One request in this many is a documented example, when the operation has some.
EXAMPLE_ODDS = 8
#: Near misses drawn for one example of ``violations()`` before it is rejected (the three
#: tries of a Hypothesis filter).
TRIES = 3


class Violation(NamedTuple):
    """One request of ``violations()``: the constraint it breaks, how, and the request."""

    constraint_id: str
    label: str
    request: dict[str, Any]


@st.composite
def valid_requests(draw: Any, ctx: OpContext) -> Any:
    """Valid requests of one operation, each checked by the oracle (up to ``TRIES`` drawn)."""
    chooser = DrawChooser(draw)
    for _ in range(TRIES):
        request = _candidate(ctx, chooser)
        if request is not None and not ctx.verdict(request):
            return request
    return reject()  # Hypothesis: no example here, draw another


def _candidate(ctx: OpContext, chooser: DrawChooser) -> Any:
    """A documented example now and then, else a generated request (not yet checked)."""
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
    return valid_requests(context(pack, operation))


@st.composite
def near_misses(draw: Any, ctx: OpContext, constraint_id: str) -> Any:
    """Near misses of one constraint, each checked by the oracle."""
    return _near_miss(draw, ctx, constraint_id)[1]


@st.composite
def labelled_near_misses(draw: Any, ctx: OpContext, constraint_id: str) -> Any:
    """``(label, request)`` near misses of one constraint, each checked by the oracle."""
    return _near_miss(draw, ctx, constraint_id)


def _near_miss(draw: Any, ctx: OpContext, constraint_id: str) -> tuple[str, Any]:
    constraint = ctx.contract.constraint(constraint_id)
    found = witness(ctx, constraint)
    if isinstance(found, str):
        raise CannotViolate(constraint.id, found)
    near = first_near_miss(ctx, constraint, DrawChooser(draw))
    return reject() if near is None else near


def first_near_miss(
    ctx: OpContext, constraint: Constraint, chooser: DrawChooser
) -> tuple[str, Any] | None:
    """The first of up to ``TRIES`` near misses that breaks ``constraint`` alone."""
    for _ in range(TRIES):
        near = violation(ctx, constraint, chooser)
        if near is not None and breaks_exactly(ctx, constraint, near[1]):
            return near
    return None


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
    return labelled_near_misses(ctx, ctx.contract.constraint(constraint_id).id)


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
    return _violating(resolve_pack(pack), operation, constraint_id)


@functools.lru_cache(maxsize=4096)
def _violating(
    pack: ContractPack, operation: str, constraint_id: str
) -> st.SearchStrategy[dict[str, Any]]:
    ctx = context(pack, operation)
    return near_misses(ctx, ctx.contract.constraint(constraint_id).id)


def violations(operation: str, *, pack: ContractPack | None = None) -> st.SearchStrategy[Violation]:
    """Near misses of ``operation``, each breaking one of its rules and no other.

    Every rule ``violating()`` can break takes its turn (a failing case shrinks to the
    smallest near miss, of whichever rule); each value names the rule it breaks and the
    edit that broke it, so a test can expect that rule's error. The operation's negative
    cases as one strategy, cheaper to draw than a ``st.one_of`` over ``violating()``: the
    rule is one choice and the near miss is built in the same draw.

    Raises UsageError for an unknown operation at once, and CannotViolate when drawn from
    if the operation has no rule a single request can break.
    """
    return _violations(resolve_pack(pack), operation)


@functools.lru_cache(maxsize=256)
def _violations(pack: ContractPack, operation: str) -> st.SearchStrategy[Violation]:
    return any_near_miss(context(pack, operation))


@st.composite
def any_near_miss(draw: Any, ctx: OpContext) -> Violation:
    """One near miss of any rule of the operation that a single request can break."""
    targets = breakable(ctx)
    if not targets:
        raise CannotViolate(ctx.name, "no rule of the operation can be broken by one request")
    chooser = DrawChooser(draw)
    constraint = targets[chooser.integer(0, len(targets) - 1)]
    near = first_near_miss(ctx, constraint, chooser)
    return reject() if near is None else Violation(constraint.id, *near)


def breakable(ctx: OpContext) -> tuple[Constraint, ...]:
    """The rules of the operation that one request can break alone, in contract order."""
    key = "breakable"
    if key not in ctx.cache:
        rules = ctx.contract.constraints
        ctx.cache[key] = tuple(c for c in rules if not isinstance(witness(ctx, c), str))
    found: tuple[Constraint, ...] = ctx.cache[key]
    return found


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
