"""The end of the fold: a run's tallies -> its verdicts, summaries and ``RunFinished``.

Every constraint of the selected operations gets one :class:`ConstraintVerdict` per target
(in pack order, this shard's only), each operation one :class:`OperationSummary`; a constraint
no case judged is ``UNTESTED`` with the reason (untestable, the target went silent, the run
stopped, no case broke it ...). Waivers turn the findings they match into ``WAIVED``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from smcontract.contracts import Constraint
from smcontract.suites._control import Control
from smcontract.suites._fold import Fold
from smcontract.suites._plan import Plan
from smcontract.suites._result import RunResult
from smcontract.suites._tallies import OutputTally, Tally, ValidTally
from smcontract.suites._unimplemented import relabel_unimplemented
from smcontract.suites._verdicts import level_of, untested_reason
from smcontract.suites._waivers import Waivers
from smcontract.suites._watchdog import unresponsive_reason
from smcontract.suites.events import (
    ConstraintVerdict,
    OperationSummary,
    RunFinished,
    Verdict,
)

__all__ = ["finish", "now"]


def now() -> str:
    """The time of day in UTC, to the second, as the events write it."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def finish(
    fold: Fold,
    control: Control,
    result: RunResult,
    names: list[str],
    operations: list[str],
    plan: Plan | None,
    interrupted: bool,
    waivers: Waivers | None = None,
) -> None:
    """Emit every verdict and summary of every target, then ``RunFinished``; fill ``result``."""
    seen = fold.seen() if plan is not None and plan.shard is not None else None
    for name in names:
        verdicts: list[ConstraintVerdict] = []
        summaries: list[OperationSummary] = []
        for op in operations:
            unviolatable = plan.unviolatable.get(op, {}) if plan is not None else {}
            for constraint in fold.pack.operation(op).constraints:
                if plan is not None and seen is not None and not plan.decides(constraint, seen):
                    continue  # another shard's constraint
                verdicts.append(
                    _verdict(fold, control, name, constraint, unviolatable, interrupted)
                )
            summaries.append(_summary(fold, name, op, plan.coverage if plan else None))
        if result.started.shard is None and not interrupted:
            # A shard or a cut-short run sees part of an operation (merge decides for shards).
            verdicts, summaries = relabel_unimplemented(verdicts, summaries)
        _emit_target(fold, result, verdicts, summaries, waivers)
    if waivers:
        known = [c.id for op in operations for c in fold.pack.operation(op).constraints]
        fold.notes.extend(f"warning: {text}" for text in waivers.unused(known))
    result.interrupted = interrupted
    result.interrupt_code = control.interrupt.exit_code if interrupted else None
    result.unresponsive = control.watchdog.unresponsive()
    result.harness_errors = fold.harness_errors
    result.notes = list(fold.notes)
    result.finished_at = now()
    fold.emit(
        RunFinished(
            finished_at=result.finished_at,
            interrupted=interrupted,
            exit_code=result.exit_code,
            notes=list(result.notes),
            harness_errors=result.harness_errors,
        )
    )


def _emit_target(
    fold: Fold,
    result: RunResult,
    verdicts: list[ConstraintVerdict],
    summaries: list[OperationSummary],
    waivers: Waivers | None,
) -> None:
    """Each operation's verdicts (waived where a waiver says so), then its summary."""
    by_op: dict[str, list[ConstraintVerdict]] = {}
    for verdict in verdicts:
        by_op.setdefault(verdict.operation, []).append(verdict)
    for summary in summaries:
        for verdict in by_op.get(summary.operation, []):
            if waivers:
                verdict = _waive(waivers, verdict)
            fold.emit(verdict)
            result.results.append(verdict)
        fold.emit(summary)
        result.operations.append(summary)


def _summary(
    fold: Fold, name: str, op: str, coverage: Mapping[str, Mapping[str, Any]] | None
) -> OperationSummary:
    valid = fold.valid.get((name, op), ValidTally())
    output = fold.outputs.get((name, op), OutputTally())
    counts = dict(fold.counts.get((name, op), {}))
    counts["responses"] = output.responses
    counts["violating_responses"] = output.violating
    return OperationSummary(
        target=name,
        operation=op,
        valid_verdict=valid.verdict or Verdict.UNTESTED,
        response_verdict=output.verdict,
        counts=dict(sorted(counts.items())),
        evidence=valid.evidence if valid.verdict != Verdict.ACCEPTS_VALID else None,
        response_violations=sorted(output.violated),
        coverage=_with_outputs(fold, coverage, op, output),
    )


def _with_outputs(
    fold: Fold,
    coverage: Mapping[str, Mapping[str, Any]] | None,
    operation: str,
    output: OutputTally,
) -> dict[str, Any] | None:
    """The operation's coverage plus how many of its testable output rules were judged."""
    if not coverage or operation not in coverage:
        return None
    rules = [
        c
        for c in fold.pack.operation(operation).select(direction="output")
        if untested_reason(c, None) is None
    ]
    judged = sum(
        1
        for c in rules
        if (tally := output.per_constraint.get(c.id)) is not None and tally.verdict is not None
    )
    return {**coverage[operation], "outputs_judged": [judged, len(rules)]}


def _waive(waivers: Waivers, verdict: ConstraintVerdict) -> ConstraintVerdict:
    """``verdict`` as WAIVED when a waiver covers its finding; the replaced one is kept."""
    waiver = waivers.waive(verdict.target, verdict.constraint_id, verdict.verdict)
    if waiver is None:
        return verdict
    return dataclasses.replace(
        verdict,
        verdict=Verdict.WAIVED,
        reason=f"waived until {waiver.expires.isoformat()}: {waiver.reason}",
        waiver={**waiver.to_dict(), "verdict": verdict.verdict, "reason": verdict.reason},
    )


def _verdict(
    fold: Fold,
    control: Control,
    target: str,
    constraint: Constraint,
    unviolatable: Mapping[str, str],
    interrupted: bool,
) -> ConstraintVerdict:
    found = _tally_of(fold, target, constraint, unviolatable)
    tally = found if isinstance(found, Tally) else None
    if tally is not None:
        verdict, reason = tally.verdict or Verdict.UNTESTED, tally.reason
    else:
        verdict = Verdict.UNTESTED
        why = found if isinstance(found, str) else None
        reason = why or _why_untested(fold, control, target, constraint, interrupted)
    return ConstraintVerdict(
        target=target,
        operation=constraint.operation,
        constraint_id=constraint.id,
        kind=constraint.kind,
        path=constraint.path,
        direction=constraint.direction,
        level=level_of(constraint),
        verdict=verdict,
        reason=reason,
        evidence=tally.evidence if tally is not None else None,
        cases=tally.cases if tally is not None else 0,
        layer=tally.layer if tally is not None else None,
    )


def _tally_of(
    fold: Fold, target: str, constraint: Constraint, unviolatable: Mapping[str, str]
) -> Tally | str | None:
    """The tally that judged ``constraint``, else why it is untested when that is known here
    (untestable, or an output rule no 2xx response had the place of), else None."""
    single = constraint.direction == "input" and constraint.single_request
    why = untested_reason(constraint, unviolatable if single else None)
    if why is not None:
        return why
    if constraint.direction == "output":
        output = fold.outputs.get((target, constraint.operation))
        tally = output.per_constraint.get(constraint.id) if output is not None else None
        if tally is None or tally.verdict is None:
            return f"no 2xx response had {constraint.path or 'a body'}"
        return tally
    tally = fold.tallies.get((target, constraint.id))
    return tally if tally is not None and tally.verdict is not None else None


def _why_untested(
    fold: Fold, control: Control, target: str, constraint: Constraint, interrupted: bool
) -> str:
    """Why no case judged ``constraint``: a stateful check said so, the target went silent,
    the run stopped, or nothing could break it."""
    known = fold.untested_reasons.get((target, constraint.id))
    if known is not None:
        return known
    since = control.watchdog.since(target)
    if since is not None:
        return unresponsive_reason(since)
    if interrupted:
        return "the run stopped before this constraint was tested"
    if not constraint.single_request:
        what = constraint.params.get("rule") or constraint.params.get("situation") or ""
        return f"no lifecycle check for {constraint.kind} {what}".strip()
    return "no case breaking it was generated"
