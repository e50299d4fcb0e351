"""Cases: labelled requests with the verdict expected, as the CLI prints them.

``boundaries(operation)`` is a deterministic corpus, built without Hypothesis: for every
rule with bounds or a set of values, the valid values on each bound ("accept") and the
invalid ones just outside ("reject"), and one near miss for every other rule that one
request can break. ``generate_cases`` draws ``valid``/``violating`` cases with a fixed
Hypothesis seed, or returns the corpus.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from hypothesis import strategies as st

from smcontract.contracts import Constraint, ContractPack
from smcontract.errors import UsageError
from smcontract.strategies._choosers import MinimalChooser
from smcontract.strategies._context import OpContext, context, resolve_pack
from smcontract.strategies._edit import Mutation
from smcontract.strategies._engine import (
    Witness,
    breaks_exactly,
    mutate,
    valid_request,
    witness,
)
from smcontract.strategies._errors import CannotViolate
from smcontract.strategies._repair import repair
from smcontract.strategies._seeded import draw_examples
from smcontract.strategies._slots import find_slot, sites
from smcontract.strategies._strategies import labelled_violations, valid
from smcontract.strategies.kinds import GENERATION

__all__ = ["Case", "boundaries", "generate_cases"]

Expect = Literal["accept", "reject"]
Mode = Literal["valid", "violate", "boundaries"]


@dataclass(frozen=True)
class Case:
    """One request and the verdict an implementation should give it."""

    operation: str
    constraint_id: str | None
    expect: Expect
    request: dict[str, Any]
    label: str
    implies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form the CLI prints (one line per case)."""
        return {
            "operation": self.operation,
            "constraint_id": self.constraint_id,
            "expect": self.expect,
            "request": self.request,
            "label": self.label,
        }


# -- seeded generation ------------------------------------------------------------------------


def generate_cases(
    operation: str,
    *,
    mode: Mode,
    constraint_id: str | None = None,
    n: int = 10,
    seed: int = 0,
    pack: ContractPack | None = None,
) -> Iterator[Case]:
    """Cases for ``smcontract generate``: the same arguments give the same cases.

    ``mode="valid"`` draws up to ``n`` valid requests, ``mode="violate"`` up to ``n`` near
    misses of ``constraint_id``, both with Hypothesis seeded by ``seed`` (fewer when the
    operation has fewer distinct requests). ``mode="boundaries"`` yields the whole
    ``boundaries()`` corpus and ignores ``n`` and ``seed``.

    Raises UsageError for a bad mode, ``n`` or ID, and CannotViolate for a constraint that
    no single request breaks alone, when called (before any case is produced).
    """
    ctx = context(resolve_pack(pack), operation)
    if mode == "boundaries":
        _no_constraint(mode, constraint_id)
        return iter(boundaries(operation, pack=ctx.pack))
    if n < 1:
        raise UsageError(f"-n must be at least 1, got {n}")
    if mode == "valid":
        _no_constraint(mode, constraint_id)
        labelled: st.SearchStrategy[tuple[str, dict[str, Any]]] = st.tuples(
            st.just("valid"), valid(operation, pack=ctx.pack)
        )
        drawn = draw_examples(labelled, n, seed, unique=False)
        return iter([Case(operation, None, "accept", r, label) for label, r in drawn])
    if mode != "violate":
        raise UsageError(f"unknown mode {mode!r}; expected 'valid', 'violate' or 'boundaries'")
    if constraint_id is None:
        raise UsageError(
            "--violate needs a constraint ID; list them with smcontract contracts list"
        )
    constraint = ctx.contract.constraint(constraint_id)
    found = witness(ctx, constraint)
    if isinstance(found, str):
        raise CannotViolate(constraint.id, found)
    labelled = labelled_violations(operation, constraint.id, pack=ctx.pack)
    drawn = draw_examples(labelled, n, seed, unique=False)
    return iter(
        [
            Case(operation, constraint.id, "reject", r, label, constraint.implies)
            for label, r in drawn
        ]
    )


def _no_constraint(mode: str, constraint_id: str | None) -> None:
    if constraint_id is not None:
        raise UsageError(f"a constraint ID goes with --violate, not with --{mode}")


# -- the boundary corpus ----------------------------------------------------------------------


def boundaries(operation: str, *, pack: ContractPack | None = None) -> list[Case]:
    """The deterministic boundary corpus of ``operation`` (no Hypothesis, no randomness).

    First the documented examples and a minimal valid request ("accept"); then, for each
    active rule in contract order, the accept cases on its bounds or set and the reject
    cases just outside (or its near misses), each built on a fixed valid base request
    and checked with the oracle. The same on every run and machine.
    """
    ctx = context(resolve_pack(pack), operation)
    if "boundaries" not in ctx.cache:
        ctx.cache["boundaries"] = tuple(_corpus(ctx))
    return [copy.deepcopy(case) for case in ctx.cache["boundaries"]]


def _corpus(ctx: OpContext) -> Iterator[Case]:
    for index, example in enumerate(ctx.examples):
        label = f"example: {ctx.example_ids[index]}"
        yield Case(ctx.name, None, "accept", copy.deepcopy(example), label)
    minimal = valid_request(ctx, MinimalChooser())
    if minimal is not None:
        yield Case(ctx.name, None, "accept", minimal, "minimal valid request")
    ctx.cache["dropped-accepts"] = []
    for constraint in ctx.checked:
        cases = list(_constraint_cases(ctx, constraint))
        if not any(case.expect == "reject" for case in cases):
            found = witness(ctx, constraint)
            if isinstance(found, Witness):
                cases.append(_reject(ctx, constraint, found.label, found.request))
        yield from cases


def _reject(ctx: OpContext, c: Constraint, label: str, request: Any) -> Case:
    return Case(ctx.name, c.id, "reject", copy.deepcopy(request), label, c.implies)


def _base(ctx: OpContext, c: Constraint) -> tuple[Any, str] | None:
    """A valid request with a place for ``c``: a documented example, else a minimal one."""
    site = GENERATION[c.kind].site(c)
    for example in ctx.examples:
        places = sites(example, site)
        if places:
            return example, places[0].path
    force = frozenset(GENERATION[c.kind].force(c))
    key = "minimal:" + ",".join(sorted(force))
    if key not in ctx.cache:
        ctx.cache[key] = valid_request(ctx, MinimalChooser(), force)
    base = ctx.cache[key]
    if base is None:
        return None
    places = sites(base, site)
    return (base, places[0].path) if places else None


def _constraint_cases(ctx: OpContext, c: Constraint) -> Iterator[Case]:
    if c.kind not in GENERATION:
        return
    found = _base(ctx, c)
    if found is None:
        return
    base, place = found
    kind = GENERATION[c.kind]
    slot = find_slot(base, kind.site(c), place)
    if slot is None:
        return
    for mutation in kind.accepts(ctx, c, slot):
        accepted = _apply(ctx, c, base, place, mutation)
        if accepted is not None and not ctx.validate(accepted[1]):
            yield Case(ctx.name, c.id, "accept", accepted[1], accepted[0])
        else:  # kept for the tests: a bound with no valid value is a contract problem
            ctx.cache["dropped-accepts"].append(f"{c.id}: {mutation.label}")
    seen: list[Any] = []
    for index in range(len(kind.mutations(ctx, c, slot))):
        made = _mutate(ctx, c, base, place, index)
        if made is None or made[1] in seen:
            continue
        label, request = made
        if breaks_exactly(ctx, c, request):
            seen.append(request)
            yield _reject(ctx, c, label, request)


def _apply(
    ctx: OpContext, c: Constraint, base: Any, place: str, mutation: Mutation
) -> tuple[str, Any] | None:
    """Apply an accept change to a copy of ``base`` and repair the rest around it."""
    request = copy.deepcopy(base)
    slot = find_slot(request, GENERATION[c.kind].site(c), place)
    if slot is None:
        return None
    chooser = MinimalChooser()
    made = mutation.make(ctx, request, slot, chooser)
    if made is None:
        return None
    repair(ctx, request, chooser, guards=made[1])
    return made[0], request


def _mutate(
    ctx: OpContext, c: Constraint, base: Any, place: str, index: int
) -> tuple[str, Any] | None:
    return mutate(ctx, c, base, place, index, MinimalChooser())
