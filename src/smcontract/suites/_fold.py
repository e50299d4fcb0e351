"""The fold of a run: observations (cases, judgements, 2xx bodies) -> tallies -> verdicts.

Workers report what each case showed to one :class:`Fold` (thread-safe: one lock); it sends
every event to the sinks as it comes and keeps the tallies. When the cases are over,
:func:`finish` turns the tallies into one :class:`ConstraintVerdict` per (target, constraint),
one :class:`OperationSummary` per (target, operation) and the :class:`RunFinished`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from smcontract.contracts import Constraint, ContractPack, Violation, validate_response
from smcontract.suites._plan import Seen
from smcontract.suites._tallies import BodyPlaces, OutputTally, Tally, ValidTally
from smcontract.suites.events import (
    HARNESS_ERROR,
    UNTESTED,
    CaseFinished,
    Event,
    EventSink,
)

__all__ = ["Fold"]

log = logging.getLogger("smcontract.suites")

#: :meth:`Fold.check_response` remembers up to this many bodies of up to this many characters.
_CHECKED_BODIES = 4096
_CHECKED_TEXT = 16384


class Fold:
    """What the cases of a run showed so far, per target, behind one lock."""

    def __init__(self, pack: ContractPack, sinks: Sequence[EventSink]) -> None:
        self.pack = pack
        self.sinks = list(sinks)
        self.lock = threading.RLock()
        self.tallies: dict[tuple[str, str], Tally] = {}
        self.valid: dict[tuple[str, str], ValidTally] = {}
        self.outputs: dict[tuple[str, str], OutputTally] = {}
        self.counts: dict[tuple[str, str], dict[str, int]] = {}
        self.untested_reasons: dict[tuple[str, str], str] = {}
        self.harness_errors = 0
        self.notes: list[str] = []
        self._outputs: dict[str, tuple[Constraint, ...]] = {}  # operation -> output constraints
        self._checked: dict[tuple[str, str], tuple[Any, tuple[Violation, ...], BodyPlaces]] = {}

    # -- events -------------------------------------------------------------------------------

    def emit(self, event: Event) -> None:
        with self.lock:
            if isinstance(event, CaseFinished):
                self._count_case(event)
            for sink in self.sinks:
                try:
                    sink.handle(event)
                except Exception:  # a broken reporter must not stop the run
                    log.exception("event sink %r failed on %s", sink, type(event).__name__)

    def _count_case(self, event: CaseFinished) -> None:
        counts = self.counts.setdefault((event.target, event.operation), {})
        counts["cases"] = counts.get("cases", 0) + 1
        counts[event.expect] = counts.get(event.expect, 0) + 1
        if event.classification == HARNESS_ERROR:
            counts["harness-error"] = counts.get("harness-error", 0) + 1

    def emit_skipped(self, target: str, operation: str, label: str, request: Any, why: str) -> None:
        self.emit(
            CaseFinished(
                target,
                operation,
                None,
                "accept",
                label,
                dict(request),
                {"detail": why},
                [],
                UNTESTED,
            )
        )

    def harness_error(
        self,
        target: str,
        operation: str,
        constraint_id: str | None,
        expect: str,
        label: str,
        request: Any,
        detail: str,
    ) -> None:
        with self.lock:
            self.harness_errors += 1
        log.warning("harness error on %s %s (%s): %s", target, operation, label, detail)
        self.emit(
            CaseFinished(
                target,
                operation,
                constraint_id,
                expect,
                label,
                request,
                {"fault": "harness", "detail": detail},
                [],
                HARNESS_ERROR,
            )
        )

    # -- tallies ------------------------------------------------------------------------------

    def tally(self, target: str, constraint_id: str) -> Tally:
        with self.lock:
            return self.tallies.setdefault((target, constraint_id), Tally())

    def valid_tally(self, target: str, operation: str) -> ValidTally:
        with self.lock:
            return self.valid.setdefault((target, operation), ValidTally())

    def untested(self, target: str, constraint_id: str, reason: str) -> None:
        """Why a stateful check could not judge a constraint (the first reason is kept)."""
        with self.lock:
            self.untested_reasons.setdefault((target, constraint_id), reason)

    def count(self, target: str, operation: str, key: str) -> None:
        with self.lock:
            counts = self.counts.setdefault((target, operation), {})
            counts[key] = counts.get(key, 0) + 1

    def seen(self) -> Seen:
        """What the cases observed that decides a shard's constraints (every target)."""
        with self.lock:
            judged = {key[1] for key in self.tallies} | {key[1] for key in self.untested_reasons}
            return Seen(frozenset(key[1] for key in self.outputs), frozenset(judged))

    # -- responses ----------------------------------------------------------------------------

    def check_response(
        self, operation: str, body: Any, text: str | None
    ) -> tuple[list[Violation], BodyPlaces]:
        """``validate_response(operation, body)``, once per distinct body of an operation, and
        what :meth:`OutputTally.add` learns about the places the body has.

        Most 2xx bodies repeat (the same ARN, the same empty page); ``text`` is the body's JSON
        (from the event's outcome). A body is taken as known only when its JSON is the same
        and it equals (``==``, which tells a tuple from a list) a private copy of the one
        checked, so the answer is always what ``validate_response`` says.
        """
        if text is None or len(text) > _CHECKED_TEXT:
            return validate_response(operation, body, pack=self.pack), BodyPlaces()
        key = (operation, text)
        known = self._checked.get(key)
        if known is not None and known[0] == body:
            return list(known[1]), known[2]
        found = validate_response(operation, body, pack=self.pack)
        places = BodyPlaces()
        if len(self._checked) < _CHECKED_BODIES:
            self._checked[key] = (json.loads(text), tuple(found), places)
        return found, places

    def record_response(
        self,
        target: str,
        operation: str,
        request: Any,
        outcome: Any,
        violations: Iterable[Violation],
        places: BodyPlaces | None = None,
    ) -> None:
        constraints = self._outputs.get(operation)
        if constraints is None:
            constraints = tuple(self.pack.operation(operation).select(direction="output"))
            self._outputs[operation] = constraints
        with self.lock:
            tally = self.outputs.setdefault((target, operation), OutputTally())
            tally.add(constraints, request, outcome, violations, places)
