"""From outcomes to verdicts: small pure functions, one per question, and tallies over cases.

For one request that breaks a constraint (a *rejection case*), :func:`judge_rejection` says:

* ``NOT ENFORCED``: a well-formed 2xx answer, the request was accepted;
* ``ENFORCED``: the expected error (``pack.expected_rejection(c)``, ValidationException/400 by
  default), with ``reason`` ``"verified"`` when the AWS-shaped message names one of the
  request's real violations (member and kind), ``"unverified"`` when the message cannot be
  parsed, ``"client"`` when an SDK refused the request before sending it (``layer="client"``);
* ``WRONG ERROR``: another error code or HTTP status, a parsed message that names another
  member or kind, or (with the expected code) a message that answers another situation: a
  missing resource (``Could not find model 'a b'.``, see
  :func:`~smcontract.suites._messages.answered_situation`). AWS validates a request before it
  looks anything up, so a not-found answer to a request that breaks a rule means the value was
  looked up, not validated: the same verdict as when the not-found answer comes with its own
  code (ResourceNotFound for a Describe that expects ValidationException);
* ``SERVER ERROR``: a 5xx, a body that is not JSON, a timeout, a connection or in-process
  failure, an oversized body;
* ``NOT IMPLEMENTED``: the implementation does not have the operation.

The tallies that fold many judgements into one verdict are in :mod:`._tallies`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smcontract.contracts import (
    CROSS_FIELD_KINDS,
    Constraint,
    ContractPack,
    Violation,
    join,
)
from smcontract.suites._messages import (
    AWS_KINDS,
    Cited,
    answered_situation,
    cites,
    parse_validation_message,
)
from smcontract.suites.events import (
    ENFORCED,
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    WRONG_ERROR,
    Verdict,
    measured_body,
    small_body,
)
from smcontract.suites.targets import Outcome

__all__ = [
    "SERVER_FAULTS",
    "Judgement",
    "evidence",
    "expected_pairs",
    "judge_error",
    "judge_rejection",
    "judge_valid",
    "level_of",
    "outcome_dict",
    "outcome_with_text",
    "untested_reason",
]

#: Faults that make a case a SERVER ERROR (``not-implemented`` is its own verdict).
SERVER_FAULTS = frozenset(
    {"http-5xx", "not-json", "connection", "timeout", "too-large", "exception"}
)

_LEVELS = {
    "required": "L1",
    "type": "L1",
    "length": "L2",
    "pattern": "L2",
    "enum": "L2",
    "range": "L2",
    "items": "L2",
    "entries": "L2",
    "prefix": "L2",
    "suffix": "L2",
    "format": "L2",
    "default": "L4",
    "error": "L4",
    "lifecycle": "L4",
}


def level_of(constraint: Constraint) -> str:
    """Conformance level: L1 shape (required, type), L2 values (length, pattern, enum, range,
    items, entries ...), L3 cross-field (union, exactly-one, at-most-one, compare ...), L4
    lifecycle, defaults and errors."""
    if constraint.kind == "unique":
        return "L2" if "key" in constraint.params else "L4"
    if constraint.kind in CROSS_FIELD_KINDS:
        return "L3"
    return _LEVELS.get(constraint.kind, "L4")


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one case says about one constraint (or, for valid cases, about the operation)."""

    verdict: Verdict
    reason: str
    layer: str | None = None


def outcome_dict(outcome: Any, *, body: bool = True) -> dict[str, Any]:
    """The JSON form of an Outcome for events: every field, the body only when small."""
    if body:
        return outcome_with_text(outcome)[0]
    return _outcome_fields(outcome)


def outcome_with_text(outcome: Any) -> tuple[dict[str, Any], str | None]:
    """``outcome_dict(outcome)`` and the JSON text of the body (None when it has none)."""
    data = _outcome_fields(outcome)
    data["body"], text = measured_body(outcome.body)
    return data, text


def _outcome_fields(outcome: Any) -> dict[str, Any]:
    fields = {
        "status": outcome.status,
        "error_code": outcome.error_code,
        "message": outcome.message,
        "layer": outcome.layer,
        "fault": outcome.fault,
        "detail": outcome.detail,
        "elapsed": round(float(outcome.elapsed), 6),
    }
    if getattr(outcome, "sent", None) is not None:
        fields["sent"] = small_body(outcome.sent, 16384)
    return fields


def evidence(request: Any, outcome: Any, *, body: bool = False) -> dict[str, Any]:
    """``{"request", "response"}`` for a verdict: status, code and message (and any fault).

    ``body`` adds the (small) response body, for findings about the response itself.
    """
    response: dict[str, Any] = {
        "status": outcome.status,
        "error_code": outcome.error_code,
        "message": outcome.message,
    }
    if outcome.fault is not None:
        response["fault"] = outcome.fault
        response["detail"] = outcome.detail
    if outcome.layer != "server":
        response["layer"] = outcome.layer
    if getattr(outcome, "sent", None) is not None:
        response["sent"] = small_body(outcome.sent, 16384)
    if body:
        response["body"] = small_body(outcome.body)
    return {"request": small_body(request, 16384), "response": response}


def _is_ok(outcome: Outcome) -> bool:
    return outcome.fault is None and outcome.status is not None and 200 <= outcome.status < 300


def _fault_judgement(outcome: Outcome) -> Judgement | None:
    if outcome.fault == "not-implemented":
        return Judgement(NOT_IMPLEMENTED, _fault_text(outcome), outcome.layer)
    if outcome.fault is not None or (outcome.status is not None and outcome.status >= 500):
        return Judgement(SERVER_ERROR, _fault_text(outcome), outcome.layer)
    return None


def _fault_text(outcome: Outcome) -> str:
    fault = outcome.fault or f"http-{outcome.status}"
    return f"{fault}: {outcome.detail}" if outcome.detail else str(fault)


def _members(constraint: Constraint) -> list[str]:
    params = constraint.params
    names: list[str] = list(params.get("members", ()))
    for key in ("member", "left", "right"):
        if isinstance(params.get(key), str):
            names.append(params[key])
    condition = params.get("if")
    if isinstance(condition, Mapping) and isinstance(condition.get("path"), str):
        names.append(condition["path"])
    return names


def expected_pairs(pack: ContractPack, violations: Iterable[Violation]) -> list[tuple[str, str]]:
    """The ``(path, kind)`` pairs an error message may cite for a request with ``violations``.

    Kinds that AWS messages name (``required`` ... ``range``) must match; any other kind
    (``"*"``) matches by path alone, at the violation or at one of the members it relates.
    """
    pairs: list[tuple[str, str]] = []
    for violation in violations:
        if violation.kind in AWS_KINDS:
            pairs.append((violation.path, violation.kind))
            continue
        try:
            constraint = pack.constraint(violation.constraint_id)
        except Exception:  # a violation of a constraint the pack no longer has
            constraint = None
        if constraint is None or constraint.kind not in CROSS_FIELD_KINDS:
            pairs.append((violation.path, "*"))
            continue
        # A cross-field rule is cited through its members, never through its scope (the
        # scope may be the root, which every path is below).
        scope = violation.path
        member = constraint.params.get("member")
        if constraint.kind in ("present-only-if", "required-if") and isinstance(member, str):
            scope = scope.removesuffix(member).rstrip(".")
        pairs.extend((join(scope, name), "*") for name in _members(constraint))
    return pairs


def _describe_cited(cited: Iterable[Cited]) -> str:
    parts = [f"{c.path} ({'/'.join(c.kinds) or c.constraint[:60]})" for c in cited]
    return ", ".join(parts)


def judge_rejection(
    pack: ContractPack,
    constraint: Constraint,
    outcome: Outcome,
    violations: Iterable[Violation],
) -> Judgement:
    """The verdict one request that breaks ``constraint`` gives it; see the module docstring."""
    fault = _fault_judgement(outcome)
    if fault is not None:
        return fault
    if _is_ok(outcome):
        return Judgement(NOT_ENFORCED, f"accepted (HTTP {outcome.status})", outcome.layer)
    if outcome.layer == "client":
        return Judgement(ENFORCED, "client", "client")
    expect = pack.expected_rejection(constraint)
    code, status = expect.get("code"), expect.get("http_status")
    if outcome.error_code != code or (
        status is not None and outcome.status is not None and outcome.status != status
    ):
        got = f"{outcome.error_code} ({outcome.status})"
        text = f": {outcome.message}" if outcome.message else ""
        return Judgement(WRONG_ERROR, f"expected {code} ({status}), got {got}{text}", outcome.layer)
    violations = list(violations)
    wanted = ", ".join(f"{v.path} ({v.kind})" for v in violations) or constraint.path
    cited = parse_validation_message(outcome.message)
    if not cited:
        situation = answered_situation(outcome.message)
        if situation is not None:
            return Judgement(
                WRONG_ERROR,
                f"answered as {situation} ({outcome.error_code}: {outcome.message}), not as the "
                f"broken {wanted}: the value was looked up, not validated",
                outcome.layer,
            )
        return Judgement(ENFORCED, "unverified", outcome.layer)
    if cites(cited, expected_pairs(pack, violations)):
        return Judgement(ENFORCED, "verified", outcome.layer)
    return Judgement(
        WRONG_ERROR,
        f"the message cites {_describe_cited(cited)}, not the broken {wanted}",
        outcome.layer,
    )


def judge_error(outcome: Outcome, code: str, http_status: int | None) -> Judgement:
    """The verdict of a call that must fail with ``code`` (a lifecycle or error rule)."""
    fault = _fault_judgement(outcome)
    if fault is not None:
        return fault
    if _is_ok(outcome):
        return Judgement(NOT_ENFORCED, f"succeeded (HTTP {outcome.status}), expected {code}")
    if outcome.error_code != code or (
        http_status is not None and outcome.status is not None and outcome.status != http_status
    ):
        got = f"{outcome.error_code} ({outcome.status})"
        return Judgement(WRONG_ERROR, f"expected {code} ({http_status}), got {got}")
    return Judgement(ENFORCED, "verified")


def judge_valid(outcome: Outcome) -> Judgement:
    """What one valid request says about its operation."""
    if outcome.fault == "not-implemented":
        return Judgement(NOT_IMPLEMENTED, _fault_text(outcome), outcome.layer)
    if outcome.fault is not None or (outcome.status is not None and outcome.status >= 500):
        return Judgement(SERVER_ERROR, _fault_text(outcome), outcome.layer)
    if _is_ok(outcome):
        return Judgement(Verdict.ACCEPTS_VALID, "accepted", outcome.layer)
    text = f": {outcome.message}" if outcome.message else ""
    return Judgement(
        Verdict.REJECTS_VALID, f"{outcome.error_code} ({outcome.status}){text}", outcome.layer
    )


def untested_reason(
    constraint: Constraint, unviolatable: Mapping[str, str] | None = None
) -> str | None:
    """Why the runner cannot test ``constraint`` with single requests, or None if it can."""
    if constraint.status == "superseded":
        return f"superseded by {constraint.superseded_by}"
    if constraint.status == "untestable":
        return f"untestable: {constraint.note or 'the pack marks it untestable'}"
    if constraint.status != "active":
        return f"status {constraint.status}"
    if unviolatable and constraint.id in unviolatable:
        return f"unviolatable: {unviolatable[constraint.id]}"
    return None
