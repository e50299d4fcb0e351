"""``smcontract replay``'s judgement: the verdict one recorded request gets from a new answer.

A rule one request can break (a single-request input rule) is judged exactly as the run
judges a rejection case (:func:`judge_rejection`); an output rule by checking the new 2xx
body against it. A lifecycle, default or error rule needs its scenario (the state that came
before the request), so one request cannot judge it: :func:`rejudge` says so, and such a
finding counts as standing (replay never calls a finding fixed without evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smcontract.contracts import ContractPack, validate, validate_response
from smcontract.errors import UsageError
from smcontract.suites._verdicts import Judgement, judge_rejection, judge_valid
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED

__all__ = ["FINDINGS", "Replayed", "rejudge"]

#: Verdicts that keep a finding standing (WAIVED is what a waiver did, not the target).
FINDINGS = frozenset({NOT_ENFORCED, "WRONG ERROR", "SERVER ERROR", "NOT IMPLEMENTED"})


@dataclass(frozen=True)
class Replayed:
    """The new verdict of one replayed request; ``judged`` is False when one request cannot
    decide (then ``stands`` follows the recorded verdict)."""

    verdict: str
    reason: str
    judged: bool
    stands: bool


def rejudge(
    pack: ContractPack, constraint_id: str, request: Any, outcome: Any, old_verdict: str
) -> Replayed:
    """The verdict ``outcome`` (the new answer to ``request``) gives ``constraint_id``."""
    try:
        constraint = pack.constraint(constraint_id)
    except (KeyError, UsageError):
        return _unjudged(f"the contracts loaded now have no {constraint_id}", old_verdict)
    if constraint.direction == "output":
        judgement = _judge_output(constraint.operation, constraint_id, outcome, pack)
    elif constraint.single_request:
        violations = validate(constraint.operation, request, pack=pack)
        judgement = judge_rejection(pack, constraint, outcome, violations)
    else:
        return _unjudged(
            f"a {constraint.kind} rule needs its scenario, not one request: run "
            f"`smcontract run -o {constraint.operation}` to judge it again",
            old_verdict,
        )
    return Replayed(
        judgement.verdict, judgement.reason, judged=True, stands=judgement.verdict in FINDINGS
    )


def _judge_output(
    operation: str, constraint_id: str, outcome: Any, pack: ContractPack
) -> Judgement:
    answered = judge_valid(outcome)
    if answered.verdict in FINDINGS:  # a 5xx or a missing operation
        return answered
    if answered.verdict != "ACCEPTS VALID":
        return Judgement(UNTESTED, f"no 2xx body to check ({answered.reason})")
    broken = [
        v
        for v in validate_response(operation, outcome.body, pack=pack)
        if v.constraint_id == constraint_id
    ]
    if broken:
        return Judgement(
            NOT_ENFORCED, f"response breaks it at {broken[0].path}: {broken[0].reason}"
        )
    return Judgement(ENFORCED, "the response conforms")


def _unjudged(why: str, old_verdict: str) -> Replayed:
    return Replayed("not judged", why, judged=False, stands=old_verdict in FINDINGS)
