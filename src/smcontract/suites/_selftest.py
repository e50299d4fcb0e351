"""Selftest: does the harness notice when one constraint is missing from an implementation?

A mutation test of the harness. The strict reference (:mod:`smcontract.reference`) enforces
every constraint; for each active, violatable input constraint the certify suite of its
operation runs against a reference with only that constraint switched off (``disabled``). The
constraint is *detected* when its verdict is no longer ``ENFORCED`` (``NOT ENFORCED``, or for
an ``error``/``lifecycle``/``default`` rule a failed check: ``WRONG ERROR`` ...).

To stay fast, one mutant runs only the units of its constraint: the runner gets strategies
that keep the boundary cases of that constraint and call every other input constraint of the
operation "not selected" (so they get no unit), no valid draws, and the lifecycle scenario only
for a stateful constraint. A baseline run against the intact reference comes first: a
constraint that is not ``ENFORCED`` there cannot be detected, and is reported with its
baseline reason.

Each missed constraint carries a ``cause`` (:data:`CAUSES`) saying why:

* ``unreached``: not ``ENFORCED`` against the intact reference either (the baseline reason
  says what the suite could not do, e.g. a lifecycle precondition the scenario never reaches);
* ``paging-token``: a rule on the paging token (``NextToken``). Every token that breaks it is
  one a conforming server never issues, and a server that refuses tokens it did not issue
  refuses it with the same code whether it checks the rule or not (the reference: "Invalid
  pagination token"); only an AWS-format message citing the token's rule could tell the two
  apart, so the verdict drops from verified to unverified but stays ``ENFORCED``. No request
  shows this rule missing alone;
* ``implied``: every request that breaks it also breaks a rule that implies it (or that it
  implies), which the mutant still enforces, citing the same member;
* ``weakened``: the verdict only dropped from verified to unverified: with the rule off the
  request met another error with the same code and a message that names no other situation
  (a not-found answer is judged ``WRONG ERROR``, so it is detected);
* ``no-place``: an output rule no near miss of the operation's maximal response breaks alone
  (``strategies.break_response`` finds none), so the reference has no wrong answer to give
  that keeps every other rule;
* ``still-enforced``: anything else that stayed ``ENFORCED``.

Output rules are mutants too (``outputs=True``, the default): the reference answers every
response of the operation with that rule broken where the answer has a place for it
(``strategies.break_response``), and the run sends the covering case whose intact answer
first has that place (:mod:`._places`; when none has, every valid request the baseline sent:
boundary cases, draws and the covering corpus; for a List, its covering corpus and lifecycle
scenario), so the output check must notice.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from smcontract.contracts import Constraint, ContractPack
from smcontract.contracts.kinds import LifecycleParams
from smcontract.reference import ReferenceService
from smcontract.suites._generators import Generators, PackBound
from smcontract.suites._places import Places, narrowed, places
from smcontract.suites._runner import run
from smcontract.suites.events import ENFORCED, UNTESTED, ConstraintVerdict
from smcontract.suites.lifecycle import stateful
from smcontract.suites.targets import ReferenceTarget, Target

__all__ = ["CAUSES", "EQUIVALENT", "Mutant", "SelftestResult", "selftest"]

_NOT_SELECTED = "not selected by selftest"
#: ``lifecycle`` rules the runner judges on every accepted answer of a valid case.
_ON_ANSWERS = ("success-status", "round-trip")

#: Why a constraint was missed (see the module docstring); ``""`` for a detected one.
CAUSES = ("unreached", "paging-token", "implied", "weakened", "no-place", "still-enforced")
#: The causes of an *equivalent* mutant: no request tells it from the intact reference, so
#: no harness could detect it. ``weakened``, ``unreached`` and ``still-enforced`` are not: a
#: better suite could.
EQUIVALENT = ("paging-token", "implied", "no-place")


@dataclass(frozen=True, slots=True)
class Mutant:
    """One constraint switched off, and what the harness said about it."""

    constraint_id: str
    operation: str
    kind: str
    detected: bool
    verdict: str
    reason: str
    #: Other constraints whose verdict left ENFORCED with this one off (stateful runs only).
    collateral: tuple[str, ...] = ()
    #: Why it was missed, one of :data:`CAUSES`; ``""`` when detected.
    cause: str = ""


@dataclass
class SelftestResult:
    mutants: list[Mutant] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def total(self) -> int:
        return len(self.mutants)

    @property
    def detected(self) -> int:
        return sum(1 for m in self.mutants if m.detected)

    @property
    def undetected(self) -> list[Mutant]:
        return [m for m in self.mutants if not m.detected]

    @property
    def percent(self) -> float:
        return 100.0 * self.detected / self.total if self.total else 100.0

    @property
    def equivalent(self) -> list[Mutant]:
        """The missed mutants no request can show (:data:`EQUIVALENT`)."""
        return [m for m in self.mutants if m.cause in EQUIVALENT]

    @property
    def scored(self) -> int:
        """The non-equivalent mutants: those a harness can be asked to detect."""
        return self.total - len(self.equivalent)

    @property
    def score(self) -> float:
        """Percent of the non-equivalent mutants detected."""
        return 100.0 * self.detected / self.scored if self.scored else 100.0

    def summary(self) -> str:
        return (
            f"detected {self.detected} of {self.total} ({self.percent:.1f}%); "
            f"{self.detected} of {self.scored} non-equivalent ({self.score:.1f}%)"
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON data: the figures, the misses counted by cause, every mutant."""
        causes = Counter(m.cause for m in self.undetected)
        return {
            "total": self.total,
            "detected": self.detected,
            "percent": round(self.percent, 2),
            "non_equivalent": self.scored,
            "score": round(self.score, 2),
            "missed_by_cause": {cause: causes[cause] for cause in CAUSES if causes[cause]},
            "elapsed_s": round(self.elapsed, 1),
            "mutants": [asdict(m) for m in self.mutants],
        }


class _Cached:
    """The default strategies, each operation's boundaries and unviolatable map computed once."""

    def __init__(self, pack: ContractPack) -> None:
        import smcontract.strategies as strategies

        self._base = PackBound(strategies, pack)
        self._boundaries: dict[str, list[Any]] = {}
        self._unviolatable: dict[str, dict[str, str]] = {}
        self._covering: dict[tuple[str, int], Any] = {}
        self._places: Places | None = None

    def covering(self, operation: str, seed: int) -> Any:
        key = (operation, seed)
        if key not in self._covering:
            self._covering[key] = self._base.covering(operation, seed)
        return self._covering[key]

    def valid(self, operation: str) -> Any:
        return self._base.valid(operation)

    def violating(self, operation: str, constraint_id: str) -> Any:
        return self._base.violating(operation, constraint_id)

    def boundaries(self, operation: str) -> list[Any]:
        if operation not in self._boundaries:
            self._boundaries[operation] = self._base.boundaries(operation)
        return self._boundaries[operation]

    def unviolatable(self, operation: str) -> dict[str, str]:
        if operation not in self._unviolatable:
            self._unviolatable[operation] = self._base.unviolatable(operation)
        return self._unviolatable[operation]

    def places(self, pack: ContractPack, rule: Constraint) -> Places:
        """Which covering case shows each output rule of ``rule``'s operation (computed for
        one operation at a time: the last one is kept)."""
        if self._places is None or self._places.operation != rule.operation:
            self._places = places(pack, _Only(self, pack, rule), rule.operation)
        return self._places


class _Only:
    """Strategies that give only ``constraint`` a rejection unit (see the module docstring).
    With ``label``, an output rule's covering cases are cut to that case (:mod:`._places`)."""

    def __init__(
        self,
        base: _Cached,
        pack: ContractPack,
        constraint: Constraint,
        label: str | None = None,
        *,
        valid: bool = False,
    ) -> None:
        self._base = base
        self._pack = pack
        self._constraint = constraint
        self._label = label
        self._valid = valid

    def valid(self, operation: str) -> Any:
        return self._base.valid(operation)

    def violating(self, operation: str, constraint_id: str) -> Any:
        return self._base.violating(operation, constraint_id)

    def covering(self, operation: str, seed: int) -> Any:
        """The covering corpus, for a mutant that accepted requests show: an output rule, or
        a rule judged on every accepted answer (HTTP 200, the round trip)."""
        rule = self._constraint.rule
        on_answers = isinstance(rule, LifecycleParams) and rule.rule in _ON_ANSWERS
        if self._constraint.direction != "output" and not on_answers:
            return None
        coverage = self._base.covering(operation, seed)
        if self._label is None or coverage is None:
            return coverage
        return narrowed(coverage, self._constraint.operation, operation, self._label)

    def boundaries(self, operation: str) -> list[Any]:
        """The constraint's boundary cases (and with ``valid``, the valid ones too)."""
        return [
            case
            for case in self._base.boundaries(operation)
            if getattr(case, "constraint_id", None) == self._constraint.id
            or (self._valid and getattr(case, "expect", None) == "accept")
        ]

    def unviolatable(self, operation: str) -> dict[str, str]:
        found = dict(self._base.unviolatable(operation))
        for c in self._pack.operation(operation).constraints:
            if c.id != self._constraint.id and c.direction == "input":
                found.setdefault(c.id, _NOT_SELECTED)
        return found


def candidates(
    pack: ContractPack, operations: Iterable[str], *, outputs: bool = True
) -> list[Constraint]:
    """The active input constraints a single request or the lifecycle suite can break, and
    (with ``outputs``) the active output rules a response can break.

    (:func:`selftest` leaves out those the strategies find unviolatable.)"""
    return [
        c
        for op in operations
        for c in pack.operation(op).constraints
        if c.active and _mutable(c, outputs)
    ]


def _mutable(c: Constraint, outputs: bool) -> bool:
    if c.direction == "input":
        return c.single_request or stateful(c)
    return outputs and c.single_request


def selftest(
    pack: ContractPack,
    *,
    operations: Sequence[str] | None = None,
    progress: Callable[[Mutant, int, int], None] | None = None,
    outputs: bool = True,
) -> SelftestResult:
    """Switch each constraint of ``operations`` off in turn (output rules too, unless
    ``outputs`` is False); see the module docstring. ``progress(mutant, done, total)`` is
    called after each mutant."""
    start = time.monotonic()
    selected = list(operations) if operations is not None else pack.default_operations()
    for op in selected:
        pack.operation(op)  # raises UsageError with suggestions
    cached = _Cached(pack)
    baseline = run(
        pack,
        [lambda: _target(pack, frozenset())],
        operations=selected,
        mode="certify",
        strategies=cached,
    )
    before = {v.constraint_id: v for v in baseline.results}
    result = SelftestResult()
    # a rule no request can break alone is not one a mutant could show
    chosen = [
        c for c in candidates(pack, selected, outputs=outputs) if not _unviolatable(before[c.id])
    ]
    for done, constraint in enumerate(chosen, 1):
        intact = before[constraint.id]
        if intact.verdict != ENFORCED:
            mutant = Mutant(
                constraint.id,
                constraint.operation,
                constraint.kind,
                False,
                intact.verdict,
                f"not ENFORCED even when implemented: {intact.reason}",
                cause="unreached",
            )
        else:
            mutant = _mutate(pack, cached, constraint, before)
        result.mutants.append(mutant)
        if progress is not None:
            progress(mutant, done, len(chosen))
    result.elapsed = time.monotonic() - start
    return result


def _unviolatable(intact: ConstraintVerdict) -> bool:
    return intact.verdict == UNTESTED and intact.reason.startswith("unviolatable:")


def _target(pack: ContractPack, disabled: frozenset[str]) -> Target:
    return ReferenceTarget(ReferenceService(pack, disabled=disabled))


def _mutate(
    pack: ContractPack, cached: _Cached, constraint: Constraint, before: dict[str, Any]
) -> Mutant:
    is_stateful = stateful(constraint)
    listed = any(spec.list == constraint.operation for spec in pack.resources.values())
    label = None
    if constraint.direction == "output" and not listed:  # a List's answers: its scenario's
        label = cached.places(pack, constraint).label(constraint.id)
    # no covering answer shows the rule: the valid requests the baseline sent may
    valid = constraint.direction == "output" and not listed and label is None
    strategies: Generators = _Only(cached, pack, constraint, label, valid=valid)
    outcome = run(
        pack,
        [lambda: _target(pack, frozenset({constraint.id}))],
        operations=[constraint.operation],
        mode="certify",
        strategies=strategies,
        valid_examples=5 if valid else 0,
        lifecycle=is_stateful or (constraint.direction == "output" and listed),
    )
    after = {v.constraint_id: v for v in outcome.results}
    verdict = after[constraint.id]
    collateral = tuple(
        cid
        for cid, v in after.items()
        if cid != constraint.id
        and is_stateful
        and v.direction == "input"
        and before[cid].verdict == ENFORCED
        and v.verdict != ENFORCED
        and v.reason != f"unviolatable: {_NOT_SELECTED}"
    )
    detected = verdict.verdict not in (ENFORCED, UNTESTED)
    reason = verdict.reason
    cause = "" if detected else "still-enforced"
    if verdict.verdict == ENFORCED:
        cause, reason = _why_still_enforced(pack, constraint, before[constraint.id], verdict)
    return Mutant(
        constraint.id,
        constraint.operation,
        constraint.kind,
        detected,
        verdict.verdict,
        reason,
        collateral,
        cause,
    )


def _why_still_enforced(
    pack: ContractPack,
    constraint: Constraint,
    before: ConstraintVerdict,
    verdict: ConstraintVerdict,
) -> tuple[str, str]:
    """(cause, reason) of a mutant whose constraint is still ENFORCED with its rule off."""
    cause = "still-enforced"
    reason = f"still ENFORCED with the rule switched off ({verdict.reason})"
    was = before.reason
    if was != verdict.reason:
        cause = "weakened"
        evidence = (verdict.evidence or {}).get("response") or {}
        answer = f"{evidence.get('error_code')}: {evidence.get('message')}"
        reason = (
            f"only weakened: ENFORCED ({was}) became ENFORCED ({verdict.reason}); "
            f"with the rule off the request met another error with the same code ({answer})"
        )
        token = _paging_token(pack, constraint)
        if token is not None:
            cause = "paging-token"
            reason += (
                f"; every {token} that breaks this rule is one a conforming server never "
                f"issues, which it refuses with the same code whether it checks the rule "
                f"or not: no request shows this rule missing alone"
            )
    implied = [
        c.id for c in pack.operation(constraint.operation).constraints if constraint.id in c.implies
    ]
    if constraint.direction == "output" and _unbreakable(pack, constraint):
        cause = "no-place"
        reason += (
            "; no near miss of the maximal response breaks it alone, so the reference "
            "has no wrong answer that keeps the other rules"
        )
    if constraint.implies or implied:
        cause = "implied"
        reason += "; every request breaking it also breaks " + ", ".join(
            list(constraint.implies) or implied
        )
    return cause, reason


def _unbreakable(pack: ContractPack, constraint: Constraint) -> bool:
    from smcontract.strategies import break_response, maximal_response

    op = constraint.operation
    body = maximal_response(op, pack=pack)
    return break_response(op, constraint.id, body, pack=pack) is None


def _paging_token(pack: ContractPack, constraint: Constraint) -> str | None:
    """The paging token member ``constraint`` is a rule on (``NextToken``), or None: the
    token a paging rule names, else a family List's ``NextToken`` (its usual name)."""
    for c in pack.operation(constraint.operation).constraints:
        rule = c.rule
        if not (c.active and isinstance(rule, LifecycleParams) and rule.rule == "paging"):
            continue
        return rule.token if rule.token is not None and constraint.path == rule.token else None
    listed = any(spec.list == constraint.operation for spec in pack.resources.values())
    return "NextToken" if listed and constraint.path == "NextToken" else None
