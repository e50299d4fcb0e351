"""The runner: send generated requests to targets and give every constraint a verdict.

``run(pack, targets, ...)`` works in *units*, each owned by one worker with its own target
instance: the valid requests of one operation, the violating requests of one constraint, or
the lifecycle scenario of one resource.

* ``certify`` sends a fixed corpus: the boundary cases of ``strategies.boundaries(op)``,
  valid requests drawn deterministically from ``strategies.valid(op)`` (seeded, no example
  database), a few draws of ``strategies.violating(op, id)`` for a constraint no boundary case
  breaks, and the lifecycle scenarios in a fixed order. The same target gives the same report.
* ``fuzz`` runs one Hypothesis test per unit (``@given(violating(op, id))``) with an example
  database, so failures found before replay first and Hypothesis shrinks each finding to its
  smallest request. The test ``assume``-s that a request still breaks its constraint (by the
  oracle, ``validate``), so a shrunk request is always a single-fault counterexample.

State is reset (``target.reset()``) before every case, except inside lifecycle scenarios.
A valid DescribeX / StopX / DeleteX request first gets its resource created with a valid
CreateX request of the same name. Nothing a single case does can stop the run: an exception
of the harness itself becomes a ``HARNESS ERROR`` case, is logged, and the run goes on.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import logging
import platform
import queue
import threading
import time
import traceback
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from smcontract._usage import parse_shard
from smcontract._version import __version__
from smcontract.contracts import (
    Constraint,
    ContractPack,
    Violation,
    breaks,
    installed_botocore_version,
    model_drift,
    validate,
    validate_response,
)
from smcontract.errors import TargetTimeout, UsageError
from smcontract.suites._database import open_database
from smcontract.suites._events import (
    ENFORCED,
    HARNESS_ERROR,
    NOT_ENFORCED,
    SERVER_ERROR,
    UNTESTED,
    WAIVED,
    WRONG_ERROR,
    CaseFinished,
    ConstraintVerdict,
    Event,
    EventSink,
    OperationSummary,
    RunFinished,
    RunStarted,
)
from smcontract.suites._interrupt import Interrupt
from smcontract.suites._result import RunResult
from smcontract.suites._rewrite import judge_rewritten, note_rewrite
from smcontract.suites._unimplemented import relabel_unimplemented
from smcontract.suites._verdicts import (
    BodyPlaces,
    Judgement,
    OutputTally,
    Tally,
    ValidTally,
    evidence,
    judge_rejection,
    judge_valid,
    level_of,
    outcome_with_text,
    untested_reason,
)
from smcontract.suites._waivers import Waivers
from smcontract.suites._watchdog import Watchdog, unresponsive_reason
from smcontract.suites.targets import Outcome, Target

__all__ = [
    "MODES",
    "Generators",
    "TargetSource",
    "parse_shard",
    "run",
    "shard_plan",
    "shard_units",
]

log = logging.getLogger("smcontract.suites")

MODES = ("certify", "fuzz")

#: A target, a zero-argument factory of targets (one instance per worker), or a target spec.
TargetSource = Target | Callable[[], Target] | str

#: Verdicts that make Hypothesis shrink (a finding about the target).
_FINDINGS = frozenset({NOT_ENFORCED, WRONG_ERROR, SERVER_ERROR})
_VALID_FINDINGS = frozenset({"REJECTS VALID", SERVER_ERROR})
#: Members of a List request that name a parent resource (which must exist).
PARENT_FILTERS = ("TrialName", "ExperimentName")


class Generators(Protocol):
    """What the runner needs from :mod:`smcontract.strategies`."""

    def valid(self, operation: str) -> Any: ...

    def violating(self, operation: str, constraint_id: str) -> Any: ...

    def boundaries(self, operation: str) -> list[Any]: ...

    def unviolatable(self, operation: str) -> dict[str, str]: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def draw_examples(strategy: Any, count: int, seed: int | None) -> list[Any]:
    """``count`` distinct examples of ``strategy``, the same ones for the same seed.

    The strategies' one seeded draw (:mod:`smcontract.strategies._seeded`), imported on first
    use so that importing the runner does not import Hypothesis.
    """
    from smcontract.strategies._seeded import draw_examples as draw

    return draw(strategy, count, seed)


@dataclass
class _Case:
    """One prepared request of a certify unit."""

    expect: str
    request: dict[str, Any]
    label: str
    #: The Create request that makes the case's resource first (else the run's one).
    setup: dict[str, Any] | None = None


@dataclass
class _Unit:
    kind: str  # "valid" | "reject" | "lifecycle"
    operation: str
    constraint_id: str | None = None
    resource: str | None = None
    cases: list[_Case] = field(default_factory=list)


class _Stop(BaseException):
    """Raised inside a Hypothesis test when the run must stop (time or interrupt)."""


class _Finding(Exception):
    """Raised inside a Hypothesis test so that it shrinks a finding."""


class Session:
    """One target instance in one worker: sends cases and records what they show.

    The lifecycle scenarios use :meth:`call` too, so every request of a run becomes a
    :class:`CaseFinished` event and every 2xx body is checked against the output constraints.
    """

    def __init__(self, state: _RunState, target: Target, target_name: str) -> None:
        self.state = state
        self.target = target
        self.name = target_name
        self.pack = state.pack
        self.last_outcome: Outcome | None = None
        self.last_judgement: Judgement | None = None

    # -- sending ----------------------------------------------------------------------------

    def call(
        self,
        operation: str,
        request: Mapping[str, Any],
        *,
        expect: str,
        label: str,
        constraint_id: str | None = None,
        judge: Callable[[Outcome], Judgement] | None = None,
        classification: str | None = None,
    ) -> Outcome:
        """Send one request, check a 2xx body, emit a :class:`CaseFinished`.

        ``judge`` classifies the outcome (its verdict is the event's classification and is
        kept in :attr:`last_judgement`); otherwise ``classification`` or ``expect`` in
        capitals is used. Target failures come back as outcomes; only harness bugs raise.
        Raises :class:`_Stop` once the target has stopped answering (see ``_watchdog``).
        """
        if self.state.watchdog.since(self.name) is not None:
            raise _Stop
        outcome = self.target.invoke(operation, dict(request))
        self._watch(operation, request, timed_out=outcome.fault == "timeout")
        self.last_outcome = outcome
        data, text = outcome_with_text(outcome)
        observed: list[Violation] = []
        if _ok(outcome) and operation in self.pack.operations:
            observed, places = self.state.check_response(operation, outcome.body, text)
            self.state.record_response(self.name, operation, request, outcome, observed, places)
        judgement = judge(outcome) if judge is not None else None
        self.last_judgement = judgement
        if judgement is not None:
            classification = judgement.verdict
        self.state.emit(
            CaseFinished(
                target=self.name,
                operation=operation,
                constraint_id=constraint_id,
                expect=expect,
                label=label,
                request=dict(request),
                outcome=data,
                violations_observed=[v.to_dict() for v in observed],
                classification=classification or expect.upper(),
            )
        )
        return outcome

    def reset(self) -> None:
        if self.state.watchdog.since(self.name) is not None:
            raise _Stop
        try:
            self.target.reset()
        except TargetTimeout:
            self._watch("reset", {}, timed_out=True)
            raise

    def _watch(self, operation: str, request: Mapping[str, Any], *, timed_out: bool) -> None:
        """Count a request for the watchdog; the one that makes the target count as gone
        becomes the run's one harness finding about it."""
        since = self.state.watchdog.sent(self.name, timed_out=timed_out)
        if since is None:
            return
        why = unresponsive_reason(since)
        self.state.notes.append(
            f"warning: {self.name}: {why} ({self.state.watchdog.after} requests in a row got no "
            "answer within the timeout); its remaining cases were not sent"
        )
        self.state.harness_error(
            self.name, operation, None, "accept", why, dict(request), f"{why}; nothing more sent"
        )

    # -- one case of a unit -------------------------------------------------------------------

    def reject_case(
        self, operation: str, constraint: Constraint, request: dict[str, Any], label: str
    ) -> Judgement | None:
        """Send a request that breaks ``constraint``; tally and return its judgement.

        Returns None (and records a HARNESS ERROR case) when the oracle says the request does
        not break the constraint after all.
        """
        request = self.state.without_token(operation, request, constraint)
        if not breaks(operation, constraint.id, request, pack=self.pack):
            oracle = validate(operation, request, pack=self.pack)
            found = ", ".join(sorted({v.constraint_id for v in oracle})) or "nothing"
            self.state.harness_error(
                self.name,
                operation,
                constraint.id,
                "reject",
                label,
                request,
                f"the generated request does not break {constraint.id} (the oracle found "
                f"{found}); the case was not sent",
            )
            return None
        self.reset()
        # All of the request's violations matter only when an error message is compared with
        # them: the oracle runs in full then (on the same request), not before every case.
        violations = _Violations(self.pack, operation, request)
        outcome = self.call(
            operation,
            request,
            expect="reject",
            label=label,
            constraint_id=constraint.id,
            judge=lambda o: judge_rewritten(
                self.pack,
                constraint,
                request,
                o,
                judge_rejection(self.pack, constraint, o, violations),
            ),
        )
        judgement = self.last_judgement
        assert judgement is not None
        with self.state.lock:
            self.state.tally(self.name, constraint.id).add(judgement, request, outcome)
        return judgement

    def valid_case(
        self,
        operation: str,
        request: dict[str, Any],
        label: str,
        create_request: dict[str, Any] | None = None,
    ) -> Judgement | None:
        """Send a valid request (creating its resource first when it needs one, with
        ``create_request`` as the Create request when given)."""
        request = self.state.without_token(operation, request, None)
        request = self.state.without_parents(operation, request)
        self.reset()
        setup = self.state.setup_for(operation)
        if setup is not None:
            create, name_member = setup
            name = request.get(name_member)
            base = create_request or self.state.valid_create(create)
            if base is None or not isinstance(name, str):
                self.state.count(self.name, operation, "setup-failed")
                self.state.emit_skipped(
                    self.name,
                    operation,
                    label,
                    request,
                    f"no valid {create} request to create the resource",
                )
                return None
            created = self.call(
                create, {**base, name_member: name}, expect="setup", label=f"setup for {label}"
            )
            if not _ok(created):
                self.state.count(self.name, operation, "setup-failed")
                why = created.error_code or created.fault or created.status
                self.state.emit_skipped(
                    self.name, operation, label, request, f"setup {create} failed ({why})"
                )
                return None
            stop = self.state.stop_before(operation)
            if stop is not None:
                # The delete is allowed only once the job is over: stop it (any answer will do).
                self.call(stop, {name_member: name}, expect="setup", label=f"setup for {label}")
        outcome = self.call(
            operation,
            request,
            expect="accept",
            label=label,
            judge=lambda o: note_rewrite(request, o, judge_valid(o)),
        )
        judgement = self.last_judgement
        assert judgement is not None
        with self.state.lock:
            self.state.valid_tally(self.name, operation).add(judgement, request, outcome)
        if setup is not None and create_request is not None and _ok(outcome):
            self._round_trip(operation, setup, create_request, request, outcome)
        if _ok(outcome):
            self._success_status(operation, request, outcome)
        return judgement

    def _success_status(self, operation: str, request: dict[str, Any], outcome: Outcome) -> None:
        """Judge the ``lifecycle`` success-status rules: an accepted request gets exactly the
        documented status (HTTP 200), not just any 2xx."""
        for rule in self.pack.operation(operation).constraints:
            if rule.kind != "lifecycle" or not rule.active:
                continue
            if rule.params.get("rule") != "success-status":
                continue
            expected = int(rule.params.get("status", 200))
            if outcome.status == expected:
                verdict = Judgement(ENFORCED, f"accepted requests answered HTTP {expected}")
            else:
                verdict = Judgement(
                    NOT_ENFORCED, f"answered HTTP {outcome.status}, documented: {expected}"
                )
            with self.state.lock:
                self.state.tally(self.name, rule.id).add(verdict, request, outcome)

    def _round_trip(
        self,
        operation: str,
        setup: tuple[str, str],
        create_request: dict[str, Any],
        request: dict[str, Any],
        outcome: Outcome,
    ) -> None:
        """Judge the round-trip rules on a Describe of a resource a covering Create made."""
        from smcontract.suites._covering import round_trip

        create, name_member = setup
        sent = {**create_request, name_member: request.get(name_member)}
        for rule, verdict in round_trip(self.pack, operation, create, sent, outcome.body):
            with self.state.lock:
                self.state.tally(self.name, rule.id).add(verdict, request, outcome)


class _Violations:
    """The oracle's violations of one request (``validate``), computed on first use."""

    __slots__ = ("_found", "_operation", "_pack", "_request")

    def __init__(self, pack: ContractPack, operation: str, request: Any) -> None:
        self._pack, self._operation, self._request = pack, operation, request
        self._found: list[Violation] | None = None

    def __iter__(self) -> Iterator[Violation]:
        if self._found is None:
            self._found = validate(self._operation, self._request, pack=self._pack)
        return iter(self._found)


def _ok(outcome: Any) -> bool:
    return bool(
        outcome.fault is None and outcome.status is not None and 200 <= outcome.status < 300
    )


class _RunState:
    """Everything the workers share, behind one lock."""

    def __init__(
        self,
        pack: ContractPack,
        generators: Generators,
        sinks: Sequence[EventSink],
        *,
        mode: str,
        seed: int | None,
        max_examples: int,
        deadline: float | None,
        database_dir: str | None,
        valid_examples: int,
        interrupt: Interrupt | None = None,
    ) -> None:
        self.pack = pack
        self.interrupt = interrupt or Interrupt()
        self.watchdog = Watchdog()
        self.generators = generators
        self.sinks = list(sinks)
        self.mode = mode
        self.seed = seed
        self.max_examples = max_examples
        self.deadline = deadline
        self.database_dir = database_dir
        self.database = open_database(database_dir) if database_dir else None
        self.valid_examples = valid_examples
        self.lock = threading.RLock()
        self.stop = threading.Event()
        self.tallies: dict[tuple[str, str], Tally] = {}
        self.valid: dict[tuple[str, str], ValidTally] = {}
        self.outputs: dict[tuple[str, str], OutputTally] = {}
        self.counts: dict[tuple[str, str], dict[str, int]] = {}
        self.untested_reasons: dict[tuple[str, str], str] = {}
        self.harness_errors = 0
        self.notes: list[str] = []
        self._creates: dict[str, dict[str, Any] | None] = {}
        self._setup = _setup_table(pack)
        self._tokens: dict[str, str | None] = {}  # operation -> paging token member
        self._outputs: dict[str, tuple[Constraint, ...]] = {}  # operation -> output constraints
        self._missing_parent: dict[str, bool] = {}  # operation -> a not-found error rule
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
        violations: list[Violation],
        places: BodyPlaces | None = None,
    ) -> None:
        constraints = self._outputs.get(operation)
        if constraints is None:
            constraints = tuple(self.pack.operation(operation).select(direction="output"))
            self._outputs[operation] = constraints
        with self.lock:
            tally = self.outputs.setdefault((target, operation), OutputTally())
            tally.add(constraints, request, outcome, violations, places)

    # -- setup ----------------------------------------------------------------------------------

    def setup_for(self, operation: str) -> tuple[str, str] | None:
        return self._setup.get(operation)

    def valid_create(self, create: str) -> dict[str, Any] | None:
        """A valid request for ``create`` (the same one for the whole run), or None."""
        with self.lock:
            if create in self._creates:
                return self._creates[create]
        request = _pick_valid(self.pack, self.generators, create, self.seed)
        with self.lock:
            self._creates.setdefault(create, request)
            return self._creates[create]

    def without_token(
        self, operation: str, request: dict[str, Any], constraint: Constraint | None
    ) -> dict[str, Any]:
        """``request`` without its paging token, unless the case tests the token itself.

        A token the server did not issue is refused for that reason alone (moto answers
        InvalidToken, AWS a ValidationException), which would hide what the case tests;
        tokens are tested by the lifecycle paging checks, with tokens the server issued.
        """
        if operation not in self._tokens:
            self._tokens[operation] = _token_of(self.pack, operation)
        token = self._tokens[operation]
        if token is None or token not in request:
            return request
        if constraint is not None and constraint.path.split(".")[0].split("[")[0] == token:
            return request
        stripped = {k: v for k, v in request.items() if k != token}
        if constraint is not None and not breaks(
            operation, constraint.id, stripped, pack=self.pack
        ):
            return request
        return stripped

    def without_parents(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        """A valid List request without the filters that name a parent resource (a trial, an
        experiment) when the pack says a missing one is an error: the run never creates them,
        so such a request would be refused for that alone (the lifecycle suite tests it)."""
        missing_parent = self._missing_parent.get(operation)
        if missing_parent is None:
            missing_parent = self._missing_parent[operation] = any(
                c.kind == "error" and c.active and c.params.get("situation") == "not-found"
                for c in self.pack.operation(operation).constraints
            )
        if not missing_parent or not any(member in request for member in PARENT_FILTERS):
            return request
        return {k: v for k, v in request.items() if k not in PARENT_FILTERS}

    def stop_before(self, operation: str) -> str | None:
        """The Stop to send before a valid Delete that a ``delete-only-in`` rule restricts."""
        for spec in self.pack.resources.values():
            if (
                spec.delete == operation
                and spec.stop
                and any(
                    c.kind == "lifecycle" and c.active and c.params.get("rule") == "delete-only-in"
                    for c in self.pack.operation(operation).constraints
                )
            ):
                return spec.stop
        return None

    def out_of_time(self) -> bool:
        if self.stop.is_set():
            return True
        if self.interrupt.requested:
            self.stop.set()
            return True
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stop.set()
            return True
        return False


#: :meth:`_RunState.check_response` remembers up to this many bodies of up to this many characters.
_CHECKED_BODIES = 4096
_CHECKED_TEXT = 16384


def _setup_table(pack: ContractPack) -> dict[str, tuple[str, str]]:
    """Operation -> (create operation, name member) for ops that need an existing resource."""
    table: dict[str, tuple[str, str]] = {}
    for spec in pack.resources.values():
        create, name = spec.create, spec.name_member
        if not create or not name:
            continue
        for operation in (spec.describe, spec.stop, spec.delete):
            if operation:
                table[operation] = (create, name)
    return table


def _token_of(pack: ContractPack, operation: str) -> str | None:
    """The paging token member of ``operation`` (from its paging rules, else ``NextToken`` for
    a family's List); reads that operation's contracts only."""
    token = "NextToken" if any(spec.list == operation for spec in pack.resources.values()) else None
    for constraint in pack.operation(operation).constraints if operation in pack.operations else ():
        if constraint.kind == "lifecycle" and constraint.params.get("rule") == "paging":
            token = str(constraint.params.get("token") or "NextToken")
    return token


def _pick_valid(
    pack: ContractPack, generators: Generators, operation: str, seed: int | None
) -> dict[str, Any] | None:
    """A documented example if the pack has one, else the first valid deterministic draw."""
    if operation not in pack.operations:
        return None
    for example in pack.operation(operation).examples:
        if not validate(operation, dict(example.request), pack=pack):
            return dict(example.request)
    try:
        drawn = draw_examples(generators.valid(operation), 5, seed if seed is not None else 0)
    except Exception:
        log.exception("cannot draw a valid %s request", operation)
        return None
    for request in drawn:
        if not validate(operation, request, pack=pack):
            return dict(request)
    return None


# -- the units --------------------------------------------------------------------------------


def _run_unit(session: Session, unit: _Unit) -> None:
    state = session.state
    if unit.kind == "lifecycle":
        from smcontract.suites._lifecycle import run_lifecycle

        assert unit.resource is not None
        run_lifecycle(
            session,
            unit.resource,
            mode=state.mode,
            seed=state.seed,
            max_examples=state.max_examples,
            stop=state.out_of_time,
        )
        return
    constraint = (
        state.pack.constraint(unit.constraint_id) if unit.constraint_id is not None else None
    )
    # Boundary cases first (both modes); fuzz mode then lets Hypothesis search and shrink.
    for case in unit.cases:
        if state.out_of_time():
            return
        action = functools.partial(_send, session, unit.operation, constraint, case)
        _guarded(session, unit, case.request, case.label, action)
    if state.mode == "fuzz" and not state.out_of_time():
        _fuzz_unit(session, unit)


def _send(session: Session, operation: str, constraint: Constraint | None, case: _Case) -> None:
    if constraint is not None:
        session.reject_case(operation, constraint, case.request, case.label)
    else:
        session.valid_case(operation, case.request, case.label, case.setup)


def _guarded(
    session: Session, unit: _Unit, request: Any, label: str, action: Callable[[], Any]
) -> Any:
    """Run one case; a harness exception becomes a HARNESS ERROR case and the run goes on."""
    try:
        return action()
    except (_Stop, _Finding, KeyboardInterrupt):
        raise
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
        session.state.harness_error(
            session.name,
            unit.operation,
            unit.constraint_id,
            "reject" if unit.constraint_id else "accept",
            label,
            request,
            detail,
        )
        return None


def _fuzz_unit(session: Session, unit: _Unit) -> None:
    """One Hypothesis test: shrink a finding to its smallest request, replay saved ones first."""
    from hypothesis import HealthCheck, Phase, assume, given, settings
    from hypothesis.errors import HypothesisWarning

    from smcontract.strategies._hypothesis_private import set_database_key
    from smcontract.strategies._seeded import run_seeded, with_seed

    state = session.state
    pack = state.pack
    operation = unit.operation
    constraint = pack.constraint(unit.constraint_id) if unit.constraint_id else None
    if constraint is not None:
        strategy = state.generators.violating(operation, constraint.id)
    else:
        strategy = state.generators.valid(operation)
    last: list[tuple[Judgement, Any, Any]] = []

    def check(request: dict[str, Any]) -> None:
        if state.out_of_time():
            raise _Stop
        violations = validate(operation, request, pack=pack)
        if constraint is not None:
            # Violation-preserving shrinking: a candidate must still break this constraint.
            assume(any(v.constraint_id == constraint.id for v in violations))
        else:
            assume(not violations)
        judgement = _guarded(
            session,
            unit,
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
            raise _Finding(judgement.verdict)

    decorate: Any = given(strategy)
    test: Any = with_seed(decorate(check), state.seed)  # before settings: keeps the database
    database = state.database
    test = settings(
        max_examples=state.max_examples,
        deadline=None,
        database=database,
        derandomize=False,
        phases=[Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )(test)
    key = f"smcontract:{session.name}:{operation}:{unit.constraint_id or 'valid'}"
    set_database_key(test, key.encode())
    try:
        with warnings.catch_warnings():
            # Hypothesis warns when it writes the repr of a large failing request; the
            # request is in the evidence already.
            warnings.simplefilter("ignore", HypothesisWarning)
            run_seeded(test)
    except _Finding:
        # Hypothesis replays the shrunk example last: that call is the evidence.
        if last:
            judgement, request, outcome = last[-1]
            _shrunk_evidence(session, unit, request, judgement, outcome)
    except _Stop:
        return
    except Exception as exc:  # Hypothesis itself gave up (unsatisfiable assume, flaky ...)
        session.state.harness_error(
            session.name,
            operation,
            unit.constraint_id,
            "reject",
            "fuzz",
            None,
            f"{type(exc).__name__}: {exc}",
        )


def _shrunk_evidence(
    session: Session, unit: _Unit, request: Any, judgement: Judgement, outcome: Any
) -> None:
    """Make the shrunk request the evidence of its verdict, if it shows the reported one."""
    state = session.state
    shrunk = {**evidence(request, outcome), "shrunk": True}
    with state.lock:
        if unit.constraint_id is None:
            valid = state.valid_tally(session.name, unit.operation)
            if valid.verdict == judgement.verdict:
                valid.evidence, valid.reason = shrunk, judgement.reason
            return
        tally = state.tally(session.name, unit.constraint_id)
        if tally.verdict == judgement.verdict:
            tally.evidence, tally.reason = shrunk, judgement.reason


# -- the run ----------------------------------------------------------------------------------


class _PackBound:
    """A strategies module called with this run's pack (when its functions take ``pack``)."""

    def __init__(self, module: Any, pack: ContractPack) -> None:
        self._module = module
        self._pack = pack

    def _call(self, name: str, *args: Any) -> Any:
        fn = getattr(self._module, name)
        try:
            takes_pack = "pack" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            takes_pack = False
        return fn(*args, pack=self._pack) if takes_pack else fn(*args)

    def valid(self, operation: str) -> Any:
        return self._call("valid", operation)

    def violating(self, operation: str, constraint_id: str) -> Any:
        return self._call("violating", operation, constraint_id)

    def boundaries(self, operation: str) -> list[Any]:
        if not hasattr(self._module, "boundaries"):
            return []  # an older strategies package: violating draws stand in
        return list(self._call("boundaries", operation))

    def unviolatable(self, operation: str) -> dict[str, str]:
        return dict(self._call("unviolatable", operation))

    def covering(self, operation: str, seed: int) -> Any:
        if not hasattr(self._module, "covering"):
            return None  # an older strategies package: no covering corpus
        fn = self._module.covering
        return fn(operation, seed=seed, pack=self._pack)


def _open(source: TargetSource) -> Target:
    if isinstance(source, str):
        from smcontract.suites.targets import open_target

        return open_target(source)
    if callable(source) and not hasattr(source, "invoke"):
        return source()
    return source  # type: ignore[return-value]


def _reopen(source: TargetSource, target: Target) -> Target | None:
    """Another instance of a target for another worker (its name is a spec), or None."""
    if not hasattr(source, "invoke"):
        return _open(source)
    try:
        from smcontract.suites.targets import open_target

        region = _identity(target).get("region") or "us-east-1"
        return open_target(str(target.name), region=str(region))
    except Exception:
        return None


def _shares_process_state(identity: Mapping[str, Any]) -> bool:
    kind = identity.get("kind")
    return kind == "moto" or (kind == "boto3" and identity.get("backing") == "moto")


def _select_operations(pack: ContractPack, operations: Iterable[str] | None) -> list[str]:
    if operations is None:
        return pack.default_operations()
    selected = []
    for name in operations:
        pack.operation(name)  # raises UsageError with suggestions
        if name not in selected:
            selected.append(name)
    return selected


def _testable(constraint: Constraint, unviolatable: Mapping[str, str]) -> bool:
    return (
        constraint.direction == "input"
        and constraint.single_request
        and untested_reason(constraint, unviolatable) is None
    )


class _Plan:
    """The units of one run, computed once and shared by every target.

    With ``shard=(i, n)`` only the units of part ``i`` of ``n`` are kept (:func:`shard_units`),
    and only they get their (costly) drawn cases; the boundary corpus of every operation is
    computed in every shard, since it estimates the cost of each unit.
    """

    def __init__(
        self,
        state: _RunState,
        operations: list[str],
        lifecycle: bool,
        shard: tuple[int, int] | None = None,
        *,
        draw: bool = True,
    ) -> None:
        self.state = state
        self.operations = operations
        self.shard = shard
        self.unviolatable: dict[str, dict[str, str]] = {}
        #: Operation -> the report's ``coverage`` of its covering corpus (certify runs).
        self.coverage: dict[str, dict[str, Any]] = {}
        self.units: list[_Unit] = []
        self.lifecycle_resources: list[str] = []
        gen, pack = state.generators, state.pack
        units: list[_Unit] = []
        for op in operations:
            self.unviolatable[op] = dict(_safe({}, gen.unviolatable, op))
            boundary = list(_safe([], gen.boundaries, op))
            valid = _Unit("valid", op)
            by_constraint: dict[str, list[_Case]] = {}
            for index, case in enumerate(boundary):
                label = str(getattr(case, "label", "") or f"boundary {index}")
                request = dict(case.request)
                if case.expect == "accept":
                    valid.cases.append(_Case("accept", request, f"boundary: {label}"))
                elif case.constraint_id:
                    by_constraint.setdefault(case.constraint_id, []).append(
                        _Case("reject", request, f"boundary: {label}")
                    )
            units.append(valid)
            for constraint in pack.operation(op).constraints:
                if not _testable(constraint, self.unviolatable[op]):
                    continue
                unit = _Unit("reject", op, constraint.id)
                unit.cases = by_constraint.get(constraint.id, [])
                units.append(unit)
        if lifecycle:
            from smcontract.suites._lifecycle import lifecycle_resources

            self.lifecycle_resources = lifecycle_resources(pack, operations)
            for resource in self.lifecycle_resources:
                spec = pack.resources[resource]
                op = spec.create or spec.list or resource
                units.append(_Unit("lifecycle", op, resource=resource))
        self.all_units = units
        if shard is not None:
            costs = [_unit_cost(state, unit) for unit in units]
            parts = shard_units([_unit_key(u) for u in units], costs, shard[1])
            mine = set(parts[shard[0] - 1])
            units = [u for u in units if _unit_key(u) in mine]
        for unit in units:
            if not draw or state.mode != "certify" or unit.kind == "lifecycle":
                continue
            if unit.kind == "valid":
                drawn = _safe(
                    [], _draw_valid, gen, unit.operation, state.valid_examples, state.seed
                )
                for i, request in enumerate(drawn):
                    unit.cases.append(_Case("accept", dict(request), f"valid draw {i}"))
                self._add_covering(unit)
            elif not unit.cases and unit.constraint_id is not None:
                drawn = _safe(
                    [], _draw_violating, gen, unit.operation, unit.constraint_id, state.seed
                )
                unit.cases = [
                    _Case("reject", dict(r), f"violating draw {i}") for i, r in enumerate(drawn)
                ]
        self.units = units

    def _add_covering(self, unit: _Unit) -> None:
        """Append the operation's covering cases to its valid unit; note its coverage."""
        from smcontract.suites._covering import coverage_summary, covering_cases

        source = self.state.generators
        if not hasattr(source, "covering"):
            return
        seed = self.state.seed if self.state.seed is not None else 0
        bound = _SeededCovering(source, seed)
        cases, coverage = _safe(([], None), covering_cases, self.state.pack, bound, unit.operation)
        if coverage is None:
            return
        for case in cases:
            unit.cases.append(_Case("accept", case.request, case.label, case.setup))
        setups = sum(1 for case in cases if case.setup is not None)
        self.coverage[unit.operation] = coverage_summary(coverage, setups)

    def reports(self, constraint: Constraint) -> bool:
        """Whether this shard gives ``constraint`` its verdict (always, when not sharded).

        A constraint with a rejection unit belongs to that unit's shard; an output constraint
        to every shard that saw a 2xx of its operation, or holds the operation's valid unit
        (the merge folds them); any other to the shard of its resource's lifecycle scenario,
        else to the shard of its operation's valid unit.
        """
        if self.shard is None:
            return True
        mine = {_unit_key(u) for u in self.units}
        op = constraint.operation
        if ("reject", op, constraint.id) in mine:
            return True
        if constraint.direction == "output":
            return ("valid", op, "") in mine or any(key[1] == op for key in self.state.outputs)
        if any(key[1] == constraint.id for key in self.state.tallies) or any(
            key[1] == constraint.id for key in self.state.untested_reasons
        ):
            return True
        if any(_unit_key(u) == ("reject", op, constraint.id) for u in self.all_units):
            return False
        from smcontract.suites._lifecycle import _resource_ops

        for resource in self.lifecycle_resources:
            if op in _resource_ops(self.state.pack.resources[resource]):
                return ("lifecycle", resource, "") in mine
        return ("valid", op, "") in mine


class _SeededCovering:
    """``generators.covering`` with the run's seed bound (what ``covering_cases`` calls)."""

    def __init__(self, generators: Any, seed: int) -> None:
        self._generators, self._seed = generators, seed

    def covering(self, operation: str) -> Any:
        return self._generators.covering(operation, self._seed)


def _unit_key(unit: _Unit) -> tuple[str, str, str]:
    """A stable key of a unit: (kind, operation or resource, constraint ID or "")."""
    if unit.kind == "lifecycle":
        return ("lifecycle", str(unit.resource), "")
    return (unit.kind, unit.operation, unit.constraint_id or "")


#: Estimated cases of one lifecycle scenario (creates, describes, list pages, stops, deletes).
_LIFECYCLE_COST = 60


def _unit_cost(state: _RunState, unit: _Unit) -> int:
    """The expected number of requests of a unit, from its boundary cases (before draws)."""
    if unit.kind == "lifecycle":
        return _LIFECYCLE_COST
    fuzz = state.max_examples if state.mode == "fuzz" else 0
    if unit.kind == "valid":
        count = len(unit.cases) + (state.valid_examples if state.mode == "certify" else 0)
        per_case = 2 if state.setup_for(unit.operation) is not None else 1
        return (count + fuzz) * per_case
    return max(len(unit.cases), 3 if state.mode == "certify" else 0) + fuzz


def shard_units(
    keys: Sequence[tuple[str, ...]], costs: Sequence[int], count: int
) -> list[list[tuple[str, ...]]]:
    """Split units into ``count`` parts of about equal cost, the same way in every process.

    Greedy longest-processing-time: units by cost (largest first, then by key), each to the
    part with the least cost so far (the lowest index on a tie). Every key lands in exactly
    one part; nothing depends on hashing or on the order ``keys`` come in.
    """
    if count < 1:
        raise UsageError(f"a run has at least 1 shard, got {count}")
    parts: list[list[tuple[str, ...]]] = [[] for _ in range(count)]
    loads = [0] * count
    for cost, key in sorted(zip(costs, keys, strict=True), key=lambda ck: (-ck[0], ck[1])):
        index = min(range(count), key=lambda i: (loads[i], i))
        parts[index].append(key)
        loads[index] += max(cost, 1)
    return parts


def shard_plan(
    pack: ContractPack,
    count: int,
    *,
    operations: Iterable[str] | None = None,
    mode: str = "certify",
    max_examples: int = 100,
    valid_examples: int = 5,
    lifecycle: bool = True,
    strategies: Generators | None = None,
) -> list[list[tuple[str, ...]]]:
    """The units of each of ``count`` shards of a run, as ``run(shard=(i, count))`` splits
    them: ``(kind, operation or resource, constraint ID or "")`` per unit."""
    if strategies is None:
        import smcontract.strategies as default_strategies

        strategies = _PackBound(default_strategies, pack)
    state = _RunState(
        pack,
        strategies,
        (),
        mode=mode,
        seed=0,
        max_examples=max_examples,
        deadline=None,
        database_dir=None,
        valid_examples=valid_examples,
    )
    plan = _Plan(state, _select_operations(pack, operations), lifecycle, draw=False)
    units = plan.all_units
    return shard_units([_unit_key(u) for u in units], [_unit_cost(state, u) for u in units], count)


def _safe(default: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)``, or ``default`` (logged) when the strategies fail for this operation."""
    try:
        return fn(*args)
    except Exception as exc:
        log.warning(
            "strategies failed on %s (%s: %s); continuing without these cases",
            args[1:],
            type(exc).__name__,
            exc,
        )
        return default


def _draw_valid(gen: Generators, op: str, count: int, seed: int | None) -> list[Any]:
    return draw_examples(gen.valid(op), count, seed)


def _draw_violating(gen: Generators, op: str, cid: str, seed: int | None) -> list[Any]:
    return draw_examples(gen.violating(op, cid), 3, seed)


def _work(state: _RunState, target: Target, name: str, units: queue.Queue[_Unit]) -> None:
    session = Session(state, target, name)
    while not state.out_of_time() and state.watchdog.since(name) is None:
        try:
            unit = units.get_nowait()
        except queue.Empty:
            return
        try:
            _run_unit(session, unit)
        except _Stop:
            return
        except Exception as exc:  # a unit-level harness bug: note it, keep going
            state.harness_error(
                name,
                unit.operation,
                unit.constraint_id,
                unit.kind,
                unit.kind,
                None,
                f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}",
            )


def run(
    pack: ContractPack,
    targets: Sequence[TargetSource],
    *,
    operations: Iterable[str] | None = None,
    mode: str = "certify",
    seed: int | None = 0,
    max_examples: int = 100,
    max_time: float | None = None,
    workers: int = 1,
    sinks: Sequence[EventSink] = (),
    database_dir: str | None = ".smcontract/examples",
    strategies: Generators | None = None,
    valid_examples: int = 5,
    lifecycle: bool = True,
    shard: tuple[int, int] | None = None,
    waivers: Waivers | None = None,
    interrupt: Interrupt | None = None,
) -> RunResult:
    """Run the suites against every target; return the verdicts (also sent to ``sinks``).

    ``targets`` are Target instances, zero-argument factories (one instance per worker) or
    target specs (``"moto"``, a URL ...; opened with ``open_target``). ``operations`` selects
    operations (default: all of the pack). ``mode`` is ``"certify"`` (a fixed, deterministic
    corpus) or ``"fuzz"`` (Hypothesis with shrinking and the example database in
    ``database_dir``). ``max_examples`` bounds each Hypothesis test (fuzz) and ``max_time``
    the whole run in seconds (what is not reached is UNTESTED, and the run is marked
    interrupted). ``workers`` threads share (operation, constraint) units per target; a target
    given as an instance, and in-process moto (its state is global to the process), use one.
    ``shard=(i, n)`` runs part ``i`` (1-based) of ``n`` (see :func:`shard_units`); its results
    are those of its own constraints only, and ``smcontract merge`` joins the parts.
    ``database_dir`` is a directory or a spec of :func:`open_database` (``redis://``,
    ``readonly:``, ``multi:``). ``waivers`` (:func:`load_waivers`) turn the findings they
    match into ``WAIVED``; a waiver that matches nothing is a note of :class:`RunFinished`,
    and so is an installed botocore that models the selected operations differently from the
    pack (:func:`~smcontract.contracts.model_drift`).
    ``interrupt`` (:class:`Interrupt`) ends the run early when requested (from a signal
    handler, say), as ``KeyboardInterrupt`` does; the result's exit code is the one requested.
    A target whose requests time out a few times in a row is sent nothing more (``_watchdog``).
    """
    if mode not in MODES:
        raise UsageError(f"unknown mode {mode!r}; expected one of: {', '.join(MODES)}")
    if workers < 1:
        raise UsageError(f"workers must be at least 1, got {workers}")
    if max_examples < 1:
        raise UsageError(f"max_examples must be at least 1, got {max_examples}")
    if not targets:
        raise UsageError("no target given; pass at least one (for example 'moto')")
    if shard is not None:
        parse_shard(f"{shard[0]}/{shard[1]}")
    selected = _select_operations(pack, operations)
    if strategies is None:
        import smcontract.strategies as default_strategies

        strategies = _PackBound(default_strategies, pack)
    deadline = time.monotonic() + max_time if max_time is not None else None
    state = _RunState(
        pack,
        strategies,
        sinks,
        mode=mode,
        seed=seed,
        max_examples=max_examples,
        deadline=deadline,
        database_dir=database_dir if mode == "fuzz" else None,
        valid_examples=valid_examples,
        interrupt=interrupt,
    )
    opened: list[tuple[TargetSource, Target, str]] = []
    extra: list[Target] = []
    interrupted = False
    result: RunResult | None = None
    plan: _Plan | None = None
    running: list[threading.Thread] = []
    try:
        names: set[str] = set()
        for source in targets:
            target = _open(source)
            name = str(getattr(target, "name", "target"))
            base, n = name, 2
            while name in names:
                name, n = f"{base}#{n}", n + 1
            names.add(name)
            opened.append((source, target, name))
        identities = [{**_identity(t), "name": name} for _, t, name in opened]
        started = RunStarted(
            run_id=uuid.uuid4().hex[:12],
            mode=mode,
            seed=seed,
            targets=identities,
            operations=selected,
            contracts_sha256=pack.sha256,
            contracts_origin=pack.origin,
            botocore_version=installed_botocore_version(),
            smcontract_version=__version__,
            python_version=platform.python_version(),
            started_at=_now(),
            shard=(shard[0], shard[1]) if shard is not None else None,
            settings={
                "max_examples": max_examples,
                "valid_examples": valid_examples,
                "lifecycle": lifecycle,
            },
            waivers=[w.to_dict() for w in waivers.entries] if waivers else [],
            contracts_botocore_version=pack.botocore_version,
        )
        drift = model_drift(pack, selected)
        if drift is not None:
            state.notes.append(drift.message())
        state.emit(started)
        result = RunResult(started=started)
        # Stopped before it started: the plan still says which constraints the run has.
        plan = _Plan(state, selected, lifecycle, shard, draw=not state.out_of_time())
        for source, target, name in opened:
            if state.out_of_time():
                interrupted = True
                break
            count = workers
            if count > 1 and _shares_process_state(_identity(target)):
                count = 1
                state.notes.append(
                    f"{name}: in-process moto keeps process-global state, so it "
                    f"runs with 1 worker (asked for {workers})"
                )
            instances = [target]
            for _ in range(count - 1):
                clone = _reopen(source, target)
                if clone is None:
                    state.notes.append(
                        f"{name}: given as an instance whose name is not a target spec, so it "
                        f"runs with {len(instances)} worker(s); pass a factory for more"
                    )
                    break
                extra.append(clone)
                instances.append(clone)
            units: queue.Queue[_Unit] = queue.Queue()
            for unit in plan.units:
                units.put(unit)
            threads = [
                threading.Thread(
                    target=_work,
                    args=(state, inst, name, units),
                    name=f"smcontract-{name}-{i}",
                    daemon=True,
                )
                for i, inst in enumerate(instances)
            ]
            running = threads
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)
            if state.stop.is_set():
                interrupted = True
    except KeyboardInterrupt:
        state.stop.set()
        interrupted = True
        # Workers stop between cases; wait for them before closing their targets.
        for thread in running:
            thread.join(30)
    finally:
        for target in [t for _, t, _ in opened] + extra:
            try:
                target.close()
            except Exception:
                log.exception("closing target %r failed", getattr(target, "name", target))
    if result is None:  # interrupted before the run started
        raise KeyboardInterrupt
    interrupted = interrupted or state.interrupt.requested
    _finish(
        state,
        result,
        [name for _, _, name in opened],
        selected,
        plan.unviolatable if plan is not None else {},
        interrupted,
        plan.reports if plan is not None else None,
        waivers,
        plan.coverage if plan is not None else {},
    )
    return result


def _identity(target: Target) -> dict[str, Any]:
    try:
        return dict(target.identity())
    except Exception as exc:
        return {"kind": "unknown", "error": f"{type(exc).__name__}: {exc}"}


def _finish(
    state: _RunState,
    result: RunResult,
    names: list[str],
    operations: list[str],
    unviolatable: Mapping[str, Mapping[str, str]],
    interrupted: bool,
    reports: Callable[[Constraint], bool] | None = None,
    waivers: Waivers | None = None,
    coverage: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    pack = state.pack
    for name in names:
        verdicts: list[ConstraintVerdict] = []
        summaries: list[OperationSummary] = []
        for op in operations:
            for constraint in pack.operation(op).constraints:
                if reports is not None and not reports(constraint):
                    continue  # another shard's constraint
                verdicts.append(
                    _verdict(state, name, constraint, unviolatable.get(op, {}), interrupted)
                )
            summaries.append(_summary(state, name, op, coverage))
        if result.started.shard is None and not interrupted:
            # A shard or a cut-short run sees part of an operation (merge decides for shards).
            verdicts, summaries = relabel_unimplemented(verdicts, summaries)
        by_op: dict[str, list[ConstraintVerdict]] = {}
        for verdict in verdicts:
            by_op.setdefault(verdict.operation, []).append(verdict)
        for summary in summaries:
            for verdict in by_op.get(summary.operation, []):
                if waivers:
                    verdict = _waive(waivers, verdict)
                state.emit(verdict)
                result.results.append(verdict)
            state.emit(summary)
            result.operations.append(summary)
    if waivers:
        known = [c.id for op in operations for c in pack.operation(op).constraints]
        state.notes.extend(f"warning: {text}" for text in waivers.unused(known))
    result.interrupted = interrupted
    result.interrupt_code = state.interrupt.exit_code if interrupted else None
    result.unresponsive = state.watchdog.unresponsive()
    result.harness_errors = state.harness_errors
    result.notes = list(state.notes)
    result.finished_at = _now()
    state.emit(
        RunFinished(
            finished_at=result.finished_at,
            interrupted=interrupted,
            exit_code=result.exit_code,
            notes=list(result.notes),
            harness_errors=result.harness_errors,
        )
    )


def _summary(
    state: _RunState, name: str, op: str, coverage: Mapping[str, Mapping[str, Any]] | None
) -> OperationSummary:
    valid = state.valid.get((name, op), ValidTally())
    output = state.outputs.get((name, op), OutputTally())
    counts = dict(state.counts.get((name, op), {}))
    counts["responses"] = output.responses
    counts["violating_responses"] = output.violating
    return OperationSummary(
        target=name,
        operation=op,
        valid_verdict=valid.verdict or UNTESTED,
        response_verdict=output.verdict,
        counts=dict(sorted(counts.items())),
        evidence=valid.evidence if valid.verdict != "ACCEPTS VALID" else None,
        response_violations=sorted(output.violated),
        coverage=_with_outputs(coverage, op, output, state.pack),
    )


def _with_outputs(
    coverage: Mapping[str, Mapping[str, Any]] | None,
    operation: str,
    output: OutputTally,
    pack: ContractPack,
) -> dict[str, Any] | None:
    """The operation's coverage plus how many of its testable output rules were judged."""
    if not coverage or operation not in coverage:
        return None
    rules = [
        c
        for c in pack.operation(operation).select(direction="output")
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
        verdict=WAIVED,
        reason=f"waived until {waiver.expires.isoformat()}: {waiver.reason}",
        waiver={**waiver.to_dict(), "verdict": verdict.verdict, "reason": verdict.reason},
    )


def _verdict(
    state: _RunState,
    target: str,
    constraint: Constraint,
    unviolatable: Mapping[str, str],
    interrupted: bool,
) -> ConstraintVerdict:
    def make(verdict: str, reason: str, tally: Tally | None = None) -> ConstraintVerdict:
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

    single = constraint.direction == "input" and constraint.single_request
    why = untested_reason(constraint, unviolatable if single else None)
    if why is not None:
        return make(UNTESTED, why)
    if constraint.direction == "output":
        output = state.outputs.get((target, constraint.operation))
        tally = output.per_constraint.get(constraint.id) if output is not None else None
        if tally is None or tally.verdict is None:
            return make(UNTESTED, f"no 2xx response had {constraint.path or 'a body'}")
        return make(tally.verdict, tally.reason, tally)
    tally = state.tallies.get((target, constraint.id))
    if tally is not None and tally.verdict is not None:
        return make(tally.verdict, tally.reason, tally)
    known = state.untested_reasons.get((target, constraint.id))
    if known is not None:
        return make(UNTESTED, known)
    since = state.watchdog.since(target)
    if since is not None:
        return make(UNTESTED, unresponsive_reason(since))
    if interrupted:
        return make(UNTESTED, "the run stopped before this constraint was tested")
    if not constraint.single_request:
        what = constraint.params.get("rule") or constraint.params.get("situation") or ""
        return make(UNTESTED, f"no lifecycle check for {constraint.kind} {what}".strip())
    return make(UNTESTED, "no case breaking it was generated")
