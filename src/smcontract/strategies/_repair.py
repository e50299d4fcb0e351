"""Make a request keep every rule except the ones a case is meant to break.

Generation gets the structure right by construction; what it leaves to chance (a condition
met by the drawn enum value, two numbers in the wrong order, a rule broken as a side effect
of a near miss) is found by the oracle and fixed here, one small change per violation,
without touching the *guarded* places the case depends on. The change is the kind's
``repair`` (``strategies.kinds``); a kind without one is left to the final filter.
"""

from __future__ import annotations

from typing import Any

from smcontract.contracts import Violation
from smcontract.strategies._choosers import Chooser
from smcontract.strategies._edit import Job
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Guard
from smcontract.strategies.kinds import GENERATION

__all__ = ["repair"]


ROUNDS = 4


def repair(
    ctx: OpContext,
    request: Any,
    chooser: Chooser,
    *,
    allowed: frozenset[str] = frozenset(),
    guards: tuple[Guard, ...] = (),
) -> list[Violation]:
    """Fix what ``request`` breaks beyond ``allowed``, in place; return the final verdict."""
    violations = ctx.validate(request)
    for _ in range(ROUNDS):
        extra = [v for v in violations if v.constraint_id not in allowed]
        if not extra:
            return violations
        changed = False
        for violation in extra:
            constraint = ctx.contract.constraint(violation.constraint_id)
            gen = GENERATION.get(constraint.kind)
            fix = gen.repair if gen is not None else None
            job = Job(ctx, request, constraint, violation, chooser, guards)
            if fix is not None and fix(job):
                changed = True
        if not changed:
            return violations
        violations = ctx.validate(request)
    return violations
