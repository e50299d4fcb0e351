"""One valid request, one near miss, and the search that proves a rule can be broken alone.

These functions work with any chooser; the public strategies call them with Hypothesis
draws, ``boundaries()`` with the minimal chooser, and ``unviolatable()`` with a handful of
seeded ones.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from typing import Any

from smcontract.contracts import STATEFUL_KINDS, Constraint, compile_pattern
from smcontract.contracts.kinds import BoundParams, PatternParams, UniqueParams
from smcontract.strategies._choosers import Chooser, MinimalChooser, RandomChooser
from smcontract.strategies._context import OpContext
from smcontract.strategies._edit import allowed_ids
from smcontract.strategies._generate import Generator
from smcontract.strategies._repair import repair
from smcontract.strategies._slots import find_slot, sites
from smcontract.strategies.kinds import GENERATION, PROBES

__all__ = [
    "Witness",
    "breaks_exactly",
    "mutate",
    "static_reason",
    "valid_request",
    "violation",
    "witness",
]

#: Seeded attempts before a rule is declared impossible to break alone.
ATTEMPTS = 24


@dataclass(frozen=True)
class Witness:
    """A request that breaks one rule (and at most what it implies), with its label."""

    label: str
    request: dict[str, Any]


def valid_request(ctx: OpContext, chooser: Chooser, force: frozenset[str] = frozenset()) -> Any:
    """A request the oracle accepts (None in the rare case repair cannot get there)."""
    request = Generator(ctx.root, force).request(chooser)
    if repair(ctx, request, chooser):
        return None
    return request


def breaks_exactly(ctx: OpContext, c: Constraint, request: Any) -> bool:
    """Whether ``request`` breaks ``c`` and nothing outside ``c`` and its implies."""
    ids = {v.constraint_id for v in ctx.verdict(request)}
    return c.id in ids and ids <= allowed_ids(c)


def _force(ctx: OpContext, c: Constraint) -> frozenset[str]:
    key = "force:" + c.id
    if key not in ctx.cache:
        ctx.cache[key] = frozenset(GENERATION[c.kind].force(c))
    force: frozenset[str] = ctx.cache[key]
    return force


def violation(ctx: OpContext, c: Constraint, chooser: Chooser) -> tuple[str, Any] | None:
    """A labelled near miss of ``c`` built on a fresh valid base (None if this one failed)."""
    # A lean base (optional members half as likely) keeps the near miss the point of the
    # case. It is not repaired on its own: the repair after the mutation fixes whatever
    # the base left to chance too, in one oracle call instead of two.
    base = Generator(ctx.root, _force(ctx, c), lean=True).request(chooser)
    kind = GENERATION[c.kind]
    places = sites(base, kind.site(c))
    if not places:
        return None
    place = places[chooser.integer(0, len(places) - 1)].path
    count = len(kind.mutations(ctx, c, find_slot(base, kind.site(c), place) or places[0]))
    if not count:
        return None
    return mutate(ctx, c, base, place, chooser.integer(0, count - 1), chooser)


def mutate(
    ctx: OpContext, c: Constraint, base: Any, place: str, index: int, chooser: Chooser
) -> tuple[str, Any] | None:
    """Apply mutation ``index`` of ``c`` at the concrete place ``place`` of a copy of ``base``."""
    kind = GENERATION[c.kind]
    request = copy.deepcopy(base)
    slot = find_slot(request, kind.site(c), place)
    if slot is None:
        return None
    mutations = kind.mutations(ctx, c, slot)
    if index >= len(mutations):
        return None
    made = mutations[index].make(ctx, request, slot, chooser)
    if made is None:
        return None
    label, guards = made
    repair(ctx, request, chooser, allowed=allowed_ids(c), guards=guards)
    return label, request


def static_reason(c: Constraint) -> str | None:
    """Why no request can break ``c``, when the constraint alone says so."""
    if c.direction != "input":
        return "an output rule: it constrains responses, which requests cannot break"
    if c.status == "superseded":
        return f"superseded by {c.superseded_by}: recorded, not checked"
    if c.status != "active":
        return f"{c.status}: {c.note or 'not checked by the oracle'}"
    if c.kind in STATEFUL_KINDS:
        article = "an" if c.kind[0] in "aeiou" else "a"
        return f"{article} {c.kind} rule: it needs an implementation's behaviour, not one request"
    if isinstance(c.rule, UniqueParams) and c.rule.key is None:
        scope = "/".join(c.rule.scope)
        return f"unique per {scope}: it needs existing resources, not one request"
    if c.kind not in GENERATION:
        return f"kind {str(c.kind)!r} has no generator"
    bounded = isinstance(c.rule, BoundParams) and (c.rule.min or c.rule.max is not None)
    if c.kind in ("length", "items", "entries") and not bounded:
        return f"{c.kind} with min 0 and no max: every value satisfies it"
    if c.kind == "type" and c.path.endswith("{key}"):
        return "JSON object keys are always strings"
    if isinstance(c.rule, PatternParams) and _accepts_anything(c.rule.pattern):
        return (
            "the pattern accepts every string tried (empty, each probe character, their mix): "
            "no edit of a valid value can break it"
        )
    return None


def _accepts_anything(pattern: str, *, empty: bool = True) -> bool:
    """Whether ``pattern`` matches the empty string (unless ``empty`` is False), every probe
    character alone and all of them together: then no near miss exists, and searching for
    one over a value that may be a megabyte long (``.*(?:[ \\r\\n\\t].*)*``) only costs
    time."""
    compiled = compile_pattern(pattern)
    tries = ("", *PROBES, PROBES, PROBES[::-1] * 3)[0 if empty else 1 :]
    return all(compiled.fullmatch(text) is not None for text in tries)


def _accepts_every_valid_length(ctx: OpContext, c: Constraint) -> bool:
    """Whether ``c`` is a pattern that accepts every non-empty string tried on a node whose
    length rule wants at least one character (``[\\S\\s]+``): only the empty string breaks
    it, and that breaks the length rule too, so no edit breaks the pattern alone (the search
    would scan every position of 24 values to find that out: 3.4 s of CreateCompilationJob's
    planning for ``DataInputConfig``)."""
    node = ctx.node(c.path)
    if node is None or not isinstance(c.rule, PatternParams):
        return False
    lengths = [r.rule for r in node.rules if r.kind == "length" and r.id not in c.implies]
    shortest = max((b.min or 0 for b in lengths if isinstance(b, BoundParams)), default=0)
    return shortest >= 1 and _accepts_anything(c.rule.pattern, empty=False)


_NO_CANDIDATE = {
    "pattern": "no one-character edit of a valid value breaks the pattern (it accepts"
    " every string tried)",
    "length": "no string of the out-of-bounds length keeps the node's other rules",
    "enum": "no case or spacing variant of a value keeps the node's other rules",
}


def witness(ctx: OpContext, c: Constraint) -> Witness | str:
    """A near miss that breaks ``c`` alone, or the reason none exists (cached)."""
    key = "witness:" + c.id
    if key not in ctx.cache:
        ctx.cache[key] = _search(ctx, c)
    found: Witness | str = ctx.cache[key]
    return found


def _search(ctx: OpContext, c: Constraint) -> Witness | str:
    reason = static_reason(c)
    if reason is not None:
        return reason
    if _accepts_every_valid_length(ctx, c):
        return _NO_CANDIDATE["pattern"]
    also: Counter[str] = Counter()
    for seed in range(ATTEMPTS):
        chooser: Chooser = MinimalChooser() if seed == 0 else RandomChooser(seed)
        out = violation(ctx, c, chooser)
        if out is None:
            continue
        ids = {v.constraint_id for v in ctx.validate(out[1])}
        if c.id in ids and ids <= allowed_ids(c):
            return Witness(*out)
        also.update(ids - allowed_ids(c) - {c.id})
    if also:
        names = ", ".join(sorted(also))
        return f"every near miss found also broke {names} (missing from its implies?)"
    return _NO_CANDIDATE.get(c.kind, "no near miss found that keeps every other rule")
