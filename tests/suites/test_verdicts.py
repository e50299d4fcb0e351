"""The verdict functions on hand-made outcomes (pure, no target)."""

from __future__ import annotations

from typing import Any

import pytest

from smcontract.contracts import validate
from smcontract.suites._tallies import PRECEDENCE, Tally
from smcontract.suites._verdicts import (
    Judgement,
    judge_error,
    judge_rejection,
    judge_valid,
    level_of,
)
from smcontract.suites.targets import Outcome

from . import toy

KIND = toy.PACK.constraint("CreateThing.Kind.enum")
REQUEST = {**toy.BASE["CreateThing"], "Kind": "C"}
VIOLATIONS = validate("CreateThing", REQUEST, pack=toy.PACK)
ENUM_MESSAGE = (
    "1 validation error detected: Value 'C' at 'kind' failed to satisfy constraint: "
    "Member must satisfy enum value set: [A, B]"
)


def outcome(
    status: int | None = 400,
    code: str | None = "ValidationException",
    message: str | None = None,
    *,
    layer: Any = "server",
    fault: Any = None,
) -> Outcome:
    return Outcome(status, code, message, None, layer, fault, "detail" if fault else None, 0.0)


@pytest.mark.parametrize(
    ("answer", "verdict", "reason"),
    [
        (outcome(200, None), "NOT ENFORCED", "accepted (HTTP 200)"),
        (outcome(message=ENUM_MESSAGE), "ENFORCED", "verified"),
        (outcome(message="Kind is not valid"), "ENFORCED", "unverified"),
        (outcome(None, "ParamValidationError", layer="client"), "ENFORCED", "client"),
        (
            outcome(400, "SerializationException"),
            "WRONG ERROR",
            "expected ValidationException (400), got SerializationException (400)",
        ),
        (
            outcome(403, "ValidationException"),
            "WRONG ERROR",
            "expected ValidationException (400), got ValidationException (403)",
        ),
        (
            outcome(message=ENUM_MESSAGE.replace("'kind'", "'size'")),
            "WRONG ERROR",
            "the message cites size (enum), not the broken Kind (enum)",
        ),
        (
            # the expected code, but the answer to a missing resource: looked up, not validated
            outcome(message="Could not find thing 'C'."),
            "WRONG ERROR",
            "answered as not-found (ValidationException: Could not find thing 'C'.), not as the "
            "broken Kind (enum): the value was looked up, not validated",
        ),
        (outcome(message="Kind 'C' not found in [A, B]"), "ENFORCED", "unverified"),
        (outcome(500, None, fault="http-5xx"), "SERVER ERROR", "http-5xx: detail"),
        (
            outcome(None, None, fault="timeout", layer="transport"),
            "SERVER ERROR",
            "timeout: detail",
        ),
        (
            outcome(None, None, fault="not-implemented"),
            "NOT IMPLEMENTED",
            "not-implemented: detail",
        ),
    ],
)
def test_judge_rejection(answer: Outcome, verdict: str, reason: str) -> None:
    judgement = judge_rejection(toy.PACK, KIND, answer, VIOLATIONS)
    assert (judgement.verdict, judgement.reason) == (verdict, reason)


def test_judge_error_and_valid() -> None:
    assert judge_error(outcome(400, "ResourceNotFound"), "ResourceNotFound", 400).verdict == (
        "ENFORCED"
    )
    assert judge_error(outcome(200, None), "ResourceNotFound", 400).verdict == "NOT ENFORCED"
    assert judge_error(outcome(), "ResourceNotFound", 400).verdict == "WRONG ERROR"
    assert judge_valid(outcome(200, None)).verdict == "ACCEPTS VALID"
    assert judge_valid(outcome()).verdict == "REJECTS VALID"
    assert judge_valid(outcome(None, None, fault="exception")).verdict == "SERVER ERROR"


def test_the_worst_verdict_wins_and_keeps_its_first_evidence() -> None:
    assert PRECEDENCE[:5] == (
        "NOT ENFORCED",
        "WRONG ERROR",
        "SERVER ERROR",
        "NOT IMPLEMENTED",
        "ENFORCED",
    )
    tally = Tally()
    tally.add(Judgement("ENFORCED", "verified"), {"n": 1}, outcome())
    tally.add(Judgement("SERVER ERROR", "boom"), {"n": 2}, outcome(500, None, fault="http-5xx"))
    tally.add(
        Judgement("NOT IMPLEMENTED", "no"), {"n": 3}, outcome(None, None, fault="not-implemented")
    )
    tally.add(Judgement("SERVER ERROR", "boom again"), {"n": 4}, outcome(500, None))
    assert (tally.verdict, tally.reason, tally.cases) == ("SERVER ERROR", "boom", 4)
    assert tally.evidence is not None
    assert tally.evidence["request"] == {"n": 2}
    tally.add(Judgement("NOT ENFORCED", "accepted"), {"n": 5}, outcome(200, None))
    assert tally.verdict == "NOT ENFORCED"
    assert tally.evidence["request"] == {"n": 5}


def test_one_unverified_rejection_makes_the_constraint_unverified() -> None:
    tally = Tally()
    tally.add(Judgement("ENFORCED", "verified"), {}, outcome())
    tally.add(Judgement("ENFORCED", "unverified"), {}, outcome())
    tally.add(Judgement("ENFORCED", "verified"), {}, outcome())
    assert (tally.verdict, tally.reason) == ("ENFORCED", "unverified")


def test_levels() -> None:
    levels = {c.id: level_of(c) for c in toy.PACK.constraints()}
    assert levels["CreateThing.ThingName.required"] == "L1"
    assert levels["CreateThing.Kind.enum"] == "L2"
    assert levels["CreateThing.(Alpha|Beta).exactly-one"] == "L3"
    assert levels["CreateThing.error.duplicate-name"] == "L4"
    assert levels["CreateThing.ThingName.unique"] == "L4"
