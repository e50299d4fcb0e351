"""One target instance in one worker: sends cases and reports what they show to the fold.

The lifecycle scenarios get a :class:`Session` too (its :meth:`~Session.call`,
:meth:`~Session.reset`, ``name``, ``pack`` and ``state``), so every request of a run becomes a
:class:`CaseFinished` event and every 2xx body is checked against the output constraints.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from smcontract.contracts import Constraint, ContractPack, Violation, breaks, validate
from smcontract.contracts.kinds import LifecycleParams
from smcontract.errors import TargetTimeout
from smcontract.suites._control import Stop
from smcontract.suites._rewrite import judge_rewritten, note_rewrite
from smcontract.suites._state import RunState
from smcontract.suites._verdicts import (
    Judgement,
    judge_rejection,
    judge_valid,
    outcome_with_text,
)
from smcontract.suites._watchdog import unresponsive_reason
from smcontract.suites.events import CaseFinished, Verdict
from smcontract.suites.targets import Outcome, Target

__all__ = ["Finding", "Session", "Violations", "guarded", "ok"]


class Finding(Exception):
    """Raised inside a Hypothesis test so that it shrinks a finding."""


def ok(outcome: Outcome) -> bool:
    """Whether ``outcome`` is a well-formed 2xx answer."""
    return bool(
        outcome.fault is None and outcome.status is not None and 200 <= outcome.status < 300
    )


class Violations:
    """The oracle's violations of one request (``validate``), computed on first use."""

    __slots__ = ("_found", "_operation", "_pack", "_request")

    def __init__(self, pack: ContractPack, operation: str, request: Any) -> None:
        self._pack, self._operation, self._request = pack, operation, request
        self._found: list[Violation] | None = None

    def __iter__(self) -> Iterator[Violation]:
        if self._found is None:
            self._found = validate(self._operation, self._request, pack=self._pack)
        return iter(self._found)


class Session:
    """One target instance in one worker: sends cases and records what they show."""

    def __init__(self, state: RunState, target: Target, target_name: str) -> None:
        self.state = state
        self.fold = state.fold
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
        Raises :class:`Stop` once the target has stopped answering (see ``_watchdog``).
        """
        if self.state.control.gone(self.name):
            raise Stop
        outcome = self.target.invoke(operation, dict(request))
        self._watch(operation, request, timed_out=outcome.fault == "timeout")
        self.last_outcome = outcome
        data, text = outcome_with_text(outcome)
        observed: list[Violation] = []
        if ok(outcome) and operation in self.pack.operations:
            observed, places = self.fold.check_response(operation, outcome.body, text)
            self.fold.record_response(self.name, operation, request, outcome, observed, places)
        judgement = judge(outcome) if judge is not None else None
        self.last_judgement = judgement
        if judgement is not None:
            classification = judgement.verdict
        self.fold.emit(
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
        if self.state.control.gone(self.name):
            raise Stop
        try:
            self.target.reset()
        except TargetTimeout:
            self._watch("reset", {}, timed_out=True)
            raise

    def _watch(self, operation: str, request: Mapping[str, Any], *, timed_out: bool) -> None:
        """Count a request for the watchdog; the one that makes the target count as gone
        becomes the run's one harness finding about it."""
        watchdog = self.state.control.watchdog
        since = watchdog.sent(self.name, timed_out=timed_out)
        if since is None:
            return
        why = unresponsive_reason(since)
        self.fold.notes.append(
            f"warning: {self.name}: {why} ({watchdog.after} requests in a row got no "
            "answer within the timeout); its remaining cases were not sent"
        )
        self.fold.harness_error(
            self.name, operation, None, "accept", why, dict(request), f"{why}; nothing more sent"
        )

    def observe(self, constraint_id: str, judgement: Judgement, request: Any, outcome: Any) -> None:
        """Fold one judgement of (this target, ``constraint_id``)."""
        with self.fold.lock:
            self.fold.tally(self.name, constraint_id).add(judgement, request, outcome)

    # -- one case of a unit -------------------------------------------------------------------

    def reject_case(
        self, operation: str, constraint: Constraint, request: dict[str, Any], label: str
    ) -> Judgement | None:
        """Send a request that breaks ``constraint``; tally and return its judgement.

        Returns None (and records a HARNESS ERROR case) when the oracle says the request does
        not break the constraint after all.
        """
        request = self.state.setup.without_token(operation, request, constraint)
        if not breaks(operation, constraint.id, request, pack=self.pack):
            oracle = validate(operation, request, pack=self.pack)
            found = ", ".join(sorted({v.constraint_id for v in oracle})) or "nothing"
            self.fold.harness_error(
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
        violations = Violations(self.pack, operation, request)
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
        self.observe(constraint.id, judgement, request, outcome)
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
        setup = self.state.setup
        request = setup.without_parents(operation, setup.without_token(operation, request, None))
        self.reset()
        needs = setup.setup_for(operation)
        if needs is not None and not self._make_resource(
            operation, needs, request, label, create_request
        ):
            return None
        outcome = self.call(
            operation,
            request,
            expect="accept",
            label=label,
            judge=lambda o: note_rewrite(request, o, judge_valid(o)),
        )
        judgement = self.last_judgement
        assert judgement is not None
        with self.fold.lock:
            self.fold.valid_tally(self.name, operation).add(judgement, request, outcome)
        if ok(outcome):
            if needs is not None and create_request is not None:
                self._round_trip(operation, needs, create_request, request, outcome)
            self._success_status(operation, request, outcome)
        return judgement

    def _make_resource(
        self,
        operation: str,
        needs: tuple[str, str],
        request: dict[str, Any],
        label: str,
        create_request: dict[str, Any] | None,
    ) -> bool:
        """Create the resource a valid request of ``operation`` needs (and stop it before a
        Delete that needs that); False, with the case skipped, when that cannot be done."""
        create, name_member = needs
        base = create_request or self.state.valid_create(create)
        arn = self.state.setup.arn_member(create)
        by_arn = name_member not in request and arn is not None and arn in request
        name = self._name_for(create, name_member, base) if by_arn else request.get(name_member)
        if base is None or not isinstance(name, str):
            why = f"no valid {create} request to create the resource"
            return self._skip(operation, label, request, why)
        created = self.call(
            create, {**base, name_member: name}, expect="setup", label=f"setup for {label}"
        )
        if not ok(created):
            failed = created.error_code or created.fault or created.status
            return self._skip(operation, label, request, f"setup {create} failed ({failed})")
        if by_arn and arn is not None and isinstance(created.body, dict) and arn in created.body:
            request[arn] = created.body[arn]  # named by ARN: the one the Create answered
        stop = self.state.setup.stop_before(operation)
        if stop is not None:
            # The delete is allowed only once the job is over: stop it (any answer will do).
            self.call(stop, {name_member: name}, expect="setup", label=f"setup for {label}")
        return True

    def _name_for(self, create: str, member: str, base: dict[str, Any] | None) -> Any:
        """The name of a resource the request names by ARN: the Create request's own, else
        a plain one the Create's rules accept (the name may be optional there)."""
        if base is None or isinstance(base.get(member), str):
            return None if base is None else base[member]
        plain = "smcontract-setup"
        return plain if not validate(create, {**base, member: plain}, pack=self.pack) else None

    def _skip(self, operation: str, label: str, request: dict[str, Any], why: str) -> bool:
        self.fold.count(self.name, operation, "setup-failed")
        self.fold.emit_skipped(self.name, operation, label, request, why)
        return False

    def _success_status(self, operation: str, request: dict[str, Any], outcome: Outcome) -> None:
        """Judge the ``lifecycle`` success-status rules: an accepted request gets exactly the
        documented status (HTTP 200), not just any 2xx."""
        for rule in self.pack.operation(operation).constraints:
            if rule.kind != "lifecycle" or not rule.active:
                continue
            params = rule.rule_as(LifecycleParams)
            if params.rule != "success-status":
                continue
            expected = 200 if params.status is None else params.status
            if outcome.status == expected:
                verdict = Judgement(Verdict.ENFORCED, f"accepted requests answered HTTP {expected}")
            else:
                verdict = Judgement(
                    Verdict.NOT_ENFORCED, f"answered HTTP {outcome.status}, documented: {expected}"
                )
            self.observe(rule.id, verdict, request, outcome)

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
            self.observe(rule.id, verdict, request, outcome)


def guarded(
    session: Session,
    operation: str,
    constraint_id: str | None,
    request: Any,
    label: str,
    action: Callable[[], Any],
) -> Any:
    """Run one case; a harness exception becomes a HARNESS ERROR case and the run goes on."""
    try:
        return action()
    except (Stop, Finding, KeyboardInterrupt):
        raise
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
        session.fold.harness_error(
            session.name,
            operation,
            constraint_id,
            "reject" if constraint_id else "accept",
            label,
            request,
            detail,
        )
        return None
