"""Tallies: many judgements of one (target, constraint) or (target, operation) -> one verdict.

A :class:`Tally` folds the cases of one (target, constraint) into one verdict: the worst one
wins (:data:`PRECEDENCE`), and the first case that showed it is the evidence. A
:class:`ValidTally` does the same for the valid cases of an operation, an
:class:`OutputTally` for its 2xx responses against its output constraints.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import Constraint, Violation, parse_path
from smcontract.suites._verdicts import Judgement, evidence
from smcontract.suites.events import (
    ENFORCED,
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    UNTESTED,
    WAIVED,
    WRONG_ERROR,
    Verdict,
    small_body,
)

__all__ = ["PRECEDENCE", "BodyPlaces", "OutputTally", "Tally", "ValidTally"]

#: Worst first: when the cases of one constraint disagree, the earliest verdict here wins.
PRECEDENCE: tuple[str, ...] = (
    NOT_ENFORCED,
    WRONG_ERROR,
    SERVER_ERROR,
    NOT_IMPLEMENTED,
    ENFORCED,
    UNTESTED,
    WAIVED,
)
_RANK = {verdict: index for index, verdict in enumerate(PRECEDENCE)}
# Within ENFORCED, a weaker proof is the one to report: one unverified case makes it unverified.
_REASON_RANK = {"unverified": 0, "client": 1, "verified": 2}


@dataclass
class Tally:
    """Folds the judgements of one (target, constraint) into its verdict and evidence."""

    verdict: Verdict | None = None
    reason: str = ""
    layer: str | None = None
    evidence: dict[str, Any] | None = None
    cases: int = 0

    def add(
        self, judgement: Judgement, request: Any = None, outcome: Any = None, *, body: bool = False
    ) -> None:
        self.cases += 1
        if self._worse(judgement):
            self.verdict = judgement.verdict
            self.reason = judgement.reason
            self.layer = judgement.layer
            self.evidence = evidence(request, outcome, body=body) if outcome is not None else None

    def _worse(self, judgement: Judgement) -> bool:
        if self.verdict is None:
            return True
        new, old = _RANK[judgement.verdict], _RANK[self.verdict]
        if new != old:
            return new < old
        if judgement.verdict == ENFORCED:
            return _REASON_RANK.get(judgement.reason, 0) < _REASON_RANK.get(self.reason, 0)
        return False


_VALID_RANK: dict[str, int] = {
    Verdict.REJECTS_VALID: 0,
    Verdict.SERVER_ERROR: 1,
    Verdict.NOT_IMPLEMENTED: 2,
    Verdict.ACCEPTS_VALID: 3,
}


@dataclass
class ValidTally:
    """Folds the valid cases of one (target, operation): the worst verdict and its evidence."""

    verdict: Verdict | None = None
    reason: str = ""
    evidence: dict[str, Any] | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, judgement: Judgement, request: Any, outcome: Any) -> None:
        self.counts[judgement.verdict] = self.counts.get(judgement.verdict, 0) + 1
        if self.verdict is None or _VALID_RANK[judgement.verdict] < _VALID_RANK[self.verdict]:
            self.verdict, self.reason = judgement.verdict, judgement.reason
            self.evidence = evidence(request, outcome)


def _size_key(request: Any) -> tuple[int, str]:
    """Orders requests by the size of their JSON, then by the JSON (the same as the merge)."""
    text = json.dumps(small_body(request, 16384), sort_keys=True, default=repr)
    return (len(text), text)


def _present(body: Any, constraint: Constraint) -> bool:
    """Whether a response body has the place an output constraint speaks of."""
    return _exists(body, _presence_steps(constraint.path, constraint.kind == "required"))


@functools.lru_cache(maxsize=4096)
def _presence_steps(path: str, required: bool) -> tuple[tuple[str, str], ...]:
    """The steps :func:`_present` looks for: the path, or its parent for a ``required`` rule."""
    steps = parse_path(path)
    return steps[:-1] if required else steps


def _exists(root: Any, steps: tuple[tuple[str, str], ...], index: int = 0) -> bool:
    """Whether ``iter_nodes(root, steps)`` yields anything (without building its paths)."""
    if index == len(steps):
        return True
    kind, name = steps[index]
    if kind == "member":
        if not isinstance(root, dict):
            return False
        value = root.get(name)
        return value is not None and _exists(value, steps, index + 1)
    if kind == "items":
        if not isinstance(root, list):
            return False
        return any(item is not None and _exists(item, steps, index + 1) for item in root)
    if not isinstance(root, dict):
        return False
    if kind == "keys":
        return any(key is not None and _exists(key, steps, index + 1) for key in root)
    return any(value is not None and _exists(value, steps, index + 1) for value in root.values())


#: What a 2xx body that has a constraint's place and does not break it says (shared: frozen).
_CONFORMS = Judgement(ENFORCED, "conforms")


@dataclass(slots=True)
class BodyPlaces:
    """What :meth:`OutputTally.add` learnt about one response body: which places (steps) it
    has, and which of the constraints ``of`` have their place in it (``present``)."""

    steps: dict[tuple[tuple[str, str], ...], bool] = field(default_factory=dict)
    present: tuple[Constraint, ...] | None = None
    of: Iterable[Constraint] | None = None


@dataclass
class OutputTally:
    """Folds the 2xx responses of one (target, operation) against its output constraints.

    Per output constraint: ``ENFORCED`` when no response that had its path broke it,
    ``NOT ENFORCED`` when one did (the smallest such request is the evidence), ``UNTESTED``
    when no 2xx response had its path.
    """

    responses: int = 0
    violating: int = 0
    per_constraint: dict[str, Tally] = field(default_factory=dict)
    violated: list[str] = field(default_factory=list)

    def add(
        self,
        constraints: Iterable[Constraint],
        request: Any,
        outcome: Any,
        violations: Iterable[Violation],
        places: BodyPlaces | None = None,
    ) -> None:
        """Fold one 2xx response. ``places`` remembers which places ``outcome.body`` has; a
        caller may pass the same one again with a body equal to this one (and the same
        ``constraints``)."""
        self.responses += 1
        broken: dict[str, Violation] = {}
        for violation in violations:
            broken.setdefault(violation.constraint_id, violation)
        if broken:
            self.violating += 1
        if places is None:
            places = BodyPlaces()
        elif not broken and places.present is not None and places.of is constraints:
            self._conforms(places.present)  # this body again: only the places it has
            return
        present = places.steps  # several constraints share one place
        found: list[Constraint] = []
        for constraint in constraints:
            hit = broken.get(constraint.id) if broken else None
            if hit is not None:
                self._broken(constraint, hit, request, outcome)
                continue
            steps = _presence_steps(constraint.path, constraint.kind == "required")
            there = present.get(steps)
            if there is None:
                there = present[steps] = _exists(outcome.body, steps)
            if there:
                found.append(constraint)
                self._conform(constraint)
        if not broken:
            places.present, places.of = tuple(found), constraints

    def _tally(self, constraint: Constraint) -> Tally:
        tally = self.per_constraint.get(constraint.id)
        if tally is None:
            tally = self.per_constraint[constraint.id] = Tally()
        return tally

    def _broken(self, constraint: Constraint, hit: Violation, request: Any, outcome: Any) -> None:
        """Fold a response that breaks ``constraint`` (at ``hit``)."""
        tally = self._tally(constraint)
        if constraint.id not in self.violated:
            self.violated.append(constraint.id)
        if tally.verdict == NOT_ENFORCED and _size_key(request) < _size_key(
            (tally.evidence or {}).get("request")
        ):
            # The smallest violating request is the evidence, whatever the order the
            # responses came in (so the shards of a run merge to the same report).
            tally.verdict = None
        tally.add(
            Judgement(NOT_ENFORCED, f"response breaks it at {hit.path}: {hit.reason}"),
            request,
            outcome,
            body=True,
        )

    def _conform(self, constraint: Constraint) -> None:
        """Fold a response that has ``constraint``'s place and does not break it."""
        tally = self._tally(constraint)
        if tally.verdict == NOT_ENFORCED or (
            tally.verdict == ENFORCED and tally.reason == "conforms"
        ):
            tally.cases += 1  # what tally.add(_CONFORMS) does to a verdict it cannot beat
        else:
            tally.add(_CONFORMS)

    def _conforms(self, constraints: Iterable[Constraint]) -> None:
        """What :meth:`add` does with a response that breaks nothing and has the places of
        ``constraints`` (and of no other of its constraints)."""
        for constraint in constraints:
            self._conform(constraint)

    @property
    def verdict(self) -> Verdict:
        if not self.responses:
            return Verdict.UNTESTED
        return Verdict.RESPONSE_VIOLATES if self.violated else Verdict.RESPONSE_CONFORMS
