"""Checks of how a resource ends: the ``lifecycle`` rules stop-transitions, delete-only-in
(both halves) and not-found-after-delete.

A check whose precondition cannot be reached says so: a job that is ``COMPLETED`` as soon
as it is created cannot show "delete only in a terminal state" refused, nor "stop goes
through STOPPING".
"""

from __future__ import annotations

from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.contracts.kinds import LifecycleParams
from smcontract.suites._verdicts import Judgement, judge_error
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import failure, ok

__all__ = ["TERMINAL", "delete", "delete_while_running", "stop"]

#: Statuses a job does not leave (SageMaker's job status vocabulary).
TERMINAL = ("COMPLETED", "FAILED", "STOPPED")


def _statuses(constraint: Constraint) -> list[str]:
    return list(constraint.rule_as(LifecycleParams).statuses)


def _judge_refusal(scenario: Scenario, constraint: Constraint, outcome: Any) -> Judgement:
    expect = scenario.pack.expected_rejection(constraint)
    return judge_error(outcome, str(expect.get("code")), expect.get("http_status"))


@register("delete-only-in", roles=(Role.DELETE,), step=Step.DELETE_WHILE_RUNNING)
def delete_while_running(scenario: Scenario, constraints: list[Constraint]) -> None:
    """A delete-only-in rule's forbidden half: a Delete of a new resource whose status is
    not one of the rule's ``statuses`` (a job still STARTING or INPROGRESS) must be refused
    with the rule's expected rejection. :func:`delete` tries the allowed half."""
    for index, constraint in enumerate(constraints):
        name = f"smc-busy{index}"
        created = scenario.new(name, "create to delete while running")
        if not ok(created):
            what = f"{scenario.create}"
            scenario.observe(
                constraint, failure(created, what), scenario.create_request(name), created
            )
            continue
        member = str(constraint.rule_as(LifecycleParams).status_member)
        status, described = scenario.status_of(name, member)
        if status is None:
            judgement = (
                failure(described, str(scenario.describe))
                if described is not None
                else Judgement(UNTESTED, f"no {member} to tell the status by")
            )
            scenario.observe(constraint, judgement, scenario.named(name), described)
            continue
        _delete_busy(scenario, constraint, name, status)


def _delete_busy(scenario: Scenario, constraint: Constraint, name: str, status: Any) -> None:
    allowed = _statuses(constraint)
    if status in allowed:
        reason = (
            f"a new job is {status} as soon as it is created (jobs complete at once here), "
            f"so a delete outside {', '.join(allowed)} cannot be tried"
        )
        scenario.observe(constraint, Judgement(UNTESTED, reason))
        return
    request = scenario.named(name)
    outcome = scenario.call(constraint.operation, request, f"delete while {status}")
    if ok(outcome):
        scenario.forget(name)
    if outcome.fault is not None:
        scenario.observe(constraint, failure(outcome, constraint.operation), request, outcome)
        return
    judgement = _judge_refusal(scenario, constraint, outcome)
    code = str(scenario.pack.expected_rejection(constraint).get("code"))
    reason = f"refused with {code}" if judgement.verdict == ENFORCED else judgement.reason
    judgement = Judgement(judgement.verdict, f"a delete of a {status} job: {reason}")
    scenario.observe(constraint, judgement, request, outcome)


@register("stop-transitions", roles=(Role.STOP,), step=Step.STOP)
def stop(scenario: Scenario, constraints: list[Constraint]) -> None:
    """Stopping the first resource while it runs moves it to the rule's ``via`` or ``to``."""
    name = scenario.first
    for constraint in constraints:
        rule = constraint.rule_as(LifecycleParams)
        member = str(rule.status_member)
        status, _ = scenario.status_of(name, member)
        request = scenario.named(name)
        outcome = scenario.call(constraint.operation, request, "stop")
        if outcome.fault is not None:
            scenario.observe(constraint, failure(outcome, constraint.operation), request, outcome)
            continue
        if status in TERMINAL or status is None:
            reason = (
                f"the job was {status} before the stop (jobs complete at once here), so no "
                f"running job could be stopped; {constraint.operation} answered "
                f"{outcome.error_code or outcome.status}"
            )
            scenario.observe(constraint, Judgement(UNTESTED, reason))
            continue
        after, described = scenario.status_of(name, member)
        allowed = [rule.via, rule.to]
        if not ok(outcome):
            reason = f"stopping a {status} job failed: {outcome.error_code}"
            scenario.observe(constraint, Judgement(NOT_ENFORCED, reason), request, outcome)
        elif after in allowed:
            judgement = Judgement(ENFORCED, f"{status} -> {after}")
            scenario.observe(constraint, judgement, request, described)
        else:
            reason = f"after stopping a {status} job its status is {after}"
            scenario.observe(constraint, Judgement(NOT_ENFORCED, reason), request, described)


@register(
    "delete-only-in", "not-found-after-delete", roles=(Role.DELETE,), step=Step.DELETE, always=True
)
def delete(scenario: Scenario, constraints: list[Constraint]) -> None:
    """Delete the first resource (always: it also cleans up): allowed in its status, and
    then gone from Describe and List."""
    name = scenario.first
    only_in = [c for c in constraints if c.rule_as(LifecycleParams).rule == "delete-only-in"]
    after = [c for c in constraints if c.rule_as(LifecycleParams).rule == "not-found-after-delete"]
    status = None
    for constraint in only_in:
        member = str(constraint.rule_as(LifecycleParams).status_member)
        status, _ = scenario.status_of(name, member)
    request = scenario.named(name)
    outcome = scenario.call(str(scenario.delete_op), request, "delete")
    if ok(outcome):
        scenario.forget(name)  # the teardown does not delete it again
    for constraint in only_in:
        _judge_allowed_delete(scenario, constraint, status, request, outcome)
    for constraint in after:
        _gone_after_delete(scenario, constraint, name, request, outcome)


def _judge_allowed_delete(
    scenario: Scenario, constraint: Constraint, status: Any, request: Any, outcome: Any
) -> None:
    allowed = _statuses(constraint)
    if outcome.fault is not None:
        scenario.observe(constraint, failure(outcome, constraint.operation), request, outcome)
    elif status in allowed or status is None:
        # The forbidden half is judged by delete_while_running.
        if constraint.id in scenario.judged:
            return
        done = "succeeded" if ok(outcome) else f"failed ({outcome.error_code})"
        reason = (
            f"only the allowed half could be tried: a delete in {status} {done}; "
            f"no job was ever seen outside {', '.join(allowed)}"
        )
        scenario.observe(constraint, Judgement(UNTESTED, reason))
    else:
        judgement = _judge_refusal(scenario, constraint, outcome)
        scenario.observe(constraint, judgement, request, outcome)


def _gone_after_delete(
    scenario: Scenario, constraint: Constraint, name: str, request: Any, outcome: Any
) -> None:
    if not ok(outcome):
        what = f"{scenario.delete_op} of an existing resource"
        scenario.observe(constraint, failure(outcome, what), request, outcome)
        return
    scenario.forget(name)
    rule = constraint.rule_as(LifecycleParams)
    describe = str(rule.describe or scenario.describe)
    code = rule.code or "ResourceNotFound"
    probe: Any = scenario.named(name)
    described = scenario.call(describe, probe, "describe after delete")
    judgement = judge_error(described, code, None)
    if judgement.verdict == ENFORCED and scenario.list is not None:
        page = scenario.list_all({}, "list after delete")
        if page.problem is None and name in [scenario.name_of(i) for i in page.items]:
            reason = f"{scenario.list} still shows {name} after the delete"
            judgement, probe, described = (
                Judgement(NOT_ENFORCED, reason),
                page.request,
                page.outcome,
            )
    scenario.observe(constraint, judgement, probe, described)
