"""``sample(operation, count, seed=...)``: many seeded requests fast, without Hypothesis.

Every second request is valid; the others break one rule each (and at most what it
implies), taking the violatable rules in turn. Built with the same engine as ``valid`` and
``violating`` from a seeded PRNG and checked by the oracle, so a cross-check can send tens
of thousands of requests in seconds. Same pack, operation, count and seed, same requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smcontract.contracts import ContractPack
from smcontract.strategies._choosers import RandomChooser
from smcontract.strategies._context import context, resolve_pack
from smcontract.strategies._engine import Witness, breaks_exactly, valid_request, violation, witness

__all__ = ["sample"]

#: Fresh seeds tried for one request before it is left out.
TRIES = 8


def sample(
    operation: str, count: int, *, seed: int = 0, pack: ContractPack | None = None
) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """``count`` pairs ``(constraint ID or None, request)``: valid and one-violation in turn."""
    ctx = context(resolve_pack(pack), operation)
    rules = [c for c in ctx.checked if isinstance(witness(ctx, c), Witness)]
    made = 0
    for index in range(count * TRIES):
        if made >= count:
            return
        chooser = RandomChooser(seed * 1_000_003 + index)
        if made % 2 == 0 or not rules:
            request = valid_request(ctx, chooser)
            if request is not None and not ctx.validate(request):
                made += 1
                yield None, request
            continue
        rule = rules[(made // 2) % len(rules)]
        found = violation(ctx, rule, chooser)
        if found is not None and breaks_exactly(ctx, rule, found[1]):
            made += 1
            yield rule.id, found[1]
