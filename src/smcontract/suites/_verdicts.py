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

A :class:`Tally` folds the cases of one (target, constraint) into one verdict: the worst one
wins (:data:`PRECEDENCE`), and the first case that showed it is the evidence.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import (
    CROSS_FIELD_KINDS,
    Constraint,
    ContractPack,
    Violation,
    join,
    parse_path,
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
    UNTESTED,
    WAIVED,
    WRONG_ERROR,
    measured_body,
    small_body,
)

__all__ = [
    "PRECEDENCE",
    "SERVER_FAULTS",
    "BodyPlaces",
    "Judgement",
    "OutputTally",
    "Tally",
    "ValidTally",
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

    verdict: str
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


def _is_ok(outcome: Any) -> bool:
    return outcome.fault is None and outcome.status is not None and 200 <= outcome.status < 300


def _fault_judgement(outcome: Any) -> Judgement | None:
    if outcome.fault == "not-implemented":
        return Judgement(NOT_IMPLEMENTED, _fault_text(outcome), outcome.layer)
    if outcome.fault is not None or (outcome.status is not None and outcome.status >= 500):
        return Judgement(SERVER_ERROR, _fault_text(outcome), outcome.layer)
    return None


def _fault_text(outcome: Any) -> str:
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
    outcome: Any,
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


def judge_error(outcome: Any, code: str, http_status: int | None) -> Judgement:
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


def judge_valid(outcome: Any) -> Judgement:
    """What one valid request says about its operation."""
    if outcome.fault == "not-implemented":
        return Judgement(NOT_IMPLEMENTED, _fault_text(outcome), outcome.layer)
    if outcome.fault is not None or (outcome.status is not None and outcome.status >= 500):
        return Judgement(SERVER_ERROR, _fault_text(outcome), outcome.layer)
    if _is_ok(outcome):
        return Judgement("ACCEPTS VALID", "accepted", outcome.layer)
    text = f": {outcome.message}" if outcome.message else ""
    return Judgement(
        "REJECTS VALID", f"{outcome.error_code} ({outcome.status}){text}", outcome.layer
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


@dataclass
class Tally:
    """Folds the judgements of one (target, constraint) into its verdict and evidence."""

    verdict: str | None = None
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


_VALID_RANK = {"REJECTS VALID": 0, SERVER_ERROR: 1, NOT_IMPLEMENTED: 2, "ACCEPTS VALID": 3}


@dataclass
class ValidTally:
    """Folds the valid cases of one (target, operation): the worst verdict and its evidence."""

    verdict: str | None = None
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
        body = outcome.body
        present = places.steps  # several constraints share one place
        found: list[Constraint] = []
        per_constraint = self.per_constraint
        for constraint in constraints:
            hit = broken.get(constraint.id) if broken else None
            if hit is None:
                steps = _presence_steps(constraint.path, constraint.kind == "required")
                there = present.get(steps)
                if there is None:
                    there = present[steps] = _exists(body, steps)
                if not there:
                    continue
                found.append(constraint)
            tally = per_constraint.get(constraint.id)
            if tally is None:
                tally = per_constraint[constraint.id] = Tally()
            if hit is not None:
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
            elif tally.verdict == NOT_ENFORCED or (
                tally.verdict == ENFORCED and tally.reason == "conforms"
            ):
                tally.cases += 1  # what tally.add(_CONFORMS) does to a verdict it cannot beat
            else:
                tally.add(_CONFORMS)
        if not broken:
            places.present, places.of = tuple(found), constraints

    def _conforms(self, constraints: Iterable[Constraint]) -> None:
        """What :meth:`add` does with a response that breaks nothing and has the places of
        ``constraints`` (and of no other of its constraints)."""
        per_constraint = self.per_constraint
        for constraint in constraints:
            tally = per_constraint.get(constraint.id)
            if tally is None:
                tally = per_constraint[constraint.id] = Tally()
            if tally.verdict == NOT_ENFORCED or (
                tally.verdict == ENFORCED and tally.reason == "conforms"
            ):
                tally.cases += 1  # what tally.add(_CONFORMS) does to a verdict it cannot beat
            else:
                tally.add(_CONFORMS)

    @property
    def verdict(self) -> str:
        if not self.responses:
            return UNTESTED
        return "RESPONSE VIOLATES" if self.violated else "RESPONSE CONFORMS"
