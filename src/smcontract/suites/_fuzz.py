"""Fuzz mode: one Hypothesis test per unit, with shrinking and the example database.

The test ``assume``-s that a request still breaks its constraint (by the oracle,
``validate``), so a shrunk request is always a single-fault counterexample; a finding raises
:class:`Finding` so that Hypothesis shrinks it, and failures saved before replay first.
"""

from __future__ import annotations

import warnings
from typing import Any

from smcontract.contracts import Constraint, validate
from smcontract.suites._control import Stop
from smcontract.suites._plan import Unit
from smcontract.suites._session import Finding, Session, guarded
from smcontract.suites._verdicts import Judgement, evidence
from smcontract.suites.events import Verdict

__all__ = ["fuzz_unit"]

#: Verdicts that make Hypothesis shrink (a finding about the target).
_FINDINGS = frozenset({Verdict.NOT_ENFORCED, Verdict.WRONG_ERROR, Verdict.SERVER_ERROR})
_VALID_FINDINGS = frozenset({Verdict.REJECTS_VALID, Verdict.SERVER_ERROR})


def fuzz_unit(session: Session, unit: Unit) -> None:
    """One Hypothesis test: shrink a finding to its smallest request, replay saved ones first."""
    from hypothesis.errors import HypothesisWarning

    from smcontract.strategies._seeded import run_seeded

    state = session.state
    constraint = state.pack.constraint(unit.constraint_id) if unit.constraint_id else None
    last: list[tuple[Judgement, Any, Any]] = []
    test = _hypothesis_test(session, unit, constraint, last)
    try:
        with warnings.catch_warnings():
            # Hypothesis warns when it writes the repr of a large failing request; the
            # request is in the evidence already.
            warnings.simplefilter("ignore", HypothesisWarning)
            run_seeded(test)
    except Finding:
        # Hypothesis replays the shrunk example last: that call is the evidence.
        if last:
            judgement, request, outcome = last[-1]
            _shrunk_evidence(session, unit, request, judgement, outcome)
    except Stop:
        return
    except Exception as exc:  # Hypothesis itself gave up (unsatisfiable assume, flaky ...)
        session.fold.harness_error(
            session.name,
            unit.operation,
            unit.constraint_id,
            "reject",
            "fuzz",
            None,
            f"{type(exc).__name__}: {exc}",
        )


def _hypothesis_test(
    session: Session,
    unit: Unit,
    constraint: Constraint | None,
    last: list[tuple[Judgement, Any, Any]],
) -> Any:
    """The unit's Hypothesis test, seeded, with its database key; findings go to ``last``."""
    from hypothesis import HealthCheck, Phase, given, settings

    from smcontract.strategies._hypothesis_private import set_database_key
    from smcontract.strategies._seeded import with_seed

    state = session.state
    operation = unit.operation
    if constraint is not None:
        strategy = state.generators.violating(operation, constraint.id)
    else:
        strategy = state.generators.valid(operation)
    check = _check(session, unit, constraint, last)
    decorate: Any = given(strategy)
    test: Any = with_seed(decorate(check), state.settings.seed)  # before settings: keeps the db
    test = settings(
        max_examples=state.settings.max_examples,
        deadline=None,
        database=state.database,
        derandomize=False,
        phases=[Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )(test)
    key = f"smcontract:{session.name}:{operation}:{unit.constraint_id or 'valid'}"
    set_database_key(test, key.encode())
    return test


def _check(
    session: Session,
    unit: Unit,
    constraint: Constraint | None,
    last: list[tuple[Judgement, Any, Any]],
) -> Any:
    """The body of the unit's Hypothesis test: one request, sent as a guarded case."""
    from hypothesis import assume

    state = session.state
    operation = unit.operation

    def check(request: dict[str, Any]) -> None:
        if state.out_of_time():
            raise Stop
        violations = validate(operation, request, pack=state.pack)
        if constraint is not None:
            # Violation-preserving shrinking: a candidate must still break this constraint.
            assume(any(v.constraint_id == constraint.id for v in violations))
        else:
            assume(not violations)
        judgement = guarded(
            session,
            operation,
            unit.constraint_id,
            request,
            "fuzz",
            lambda: (
                session.reject_case(operation, constraint, request, "fuzz")
                if constraint is not None
                else session.valid_case(operation, request, "fuzz")
            ),
        )
        if judgement is None:
            return
        findings = _FINDINGS if constraint is not None else _VALID_FINDINGS
        if judgement.verdict in findings:
            last.append((judgement, request, session.last_outcome))
            raise Finding(judgement.verdict)

    return check


def _shrunk_evidence(
    session: Session, unit: Unit, request: Any, judgement: Judgement, outcome: Any
) -> None:
    """Make the shrunk request the evidence of its verdict, if it shows the reported one."""
    fold = session.fold
    shrunk = {**evidence(request, outcome), "shrunk": True}
    with fold.lock:
        if unit.constraint_id is None:
            valid = fold.valid_tally(session.name, unit.operation)
            if valid.verdict == judgement.verdict:
                valid.evidence, valid.reason = shrunk, judgement.reason
            return
        tally = fold.tally(session.name, unit.constraint_id)
        if tally.verdict == judgement.verdict:
            tally.evidence, tally.reason = shrunk, judgement.reason
