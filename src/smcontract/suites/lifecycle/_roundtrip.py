"""The ``lifecycle`` round-trip rule: a Describe of a just-created resource shows what the
Create set (the members the rule names, the name, and the ARN the Create answered)."""

from __future__ import annotations

from typing import Any

from smcontract.contracts import Constraint, Role
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED
from smcontract.suites.lifecycle._registry import Step, register
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._values import differences, failure, ok

__all__ = ["round_trip"]

#: The most differences a reason lists.
SHOWN = 4


@register("round-trip", roles=(Role.DESCRIBE,), step=Step.ROUND_TRIP)
def round_trip(scenario: Scenario, constraints: list[Constraint]) -> None:
    """Describe the first resource once per rule and compare it with its Create request."""
    name = scenario.first
    for constraint in constraints:
        request = scenario.named(name)
        outcome = scenario.call(constraint.operation, request, "round-trip")
        if not ok(outcome):
            what = f"{scenario.describe} of a just-created resource"
            scenario.observe(constraint, failure(outcome, what, promised=True), request, outcome)
            continue
        base = scenario.base or {}
        sent = {m: base[m] for m in constraint.params.get("members", ()) if base.get(m) is not None}
        sent[scenario.name_member] = name
        diffs = differences(sent, outcome.body) + _arn_difference(scenario, name, outcome.body)
        if diffs:
            more = f" (+{len(diffs) - SHOWN} more)" if len(diffs) > SHOWN else ""
            judgement = Judgement(
                NOT_ENFORCED, f"Describe differs: {'; '.join(diffs[:SHOWN])}{more}"
            )
        else:
            judgement = Judgement(ENFORCED, f"{len(sent)} members came back")
        scenario.observe(constraint, judgement, request, outcome)


def _arn_difference(scenario: Scenario, name: str, body: Any) -> list[str]:
    """The family's ARN member, when the Describe shows another ARN than the Create said."""
    key = scenario.family.arn_member
    if name not in scenario.arns or not isinstance(body, dict) or key not in body:
        return []
    if body[key] == scenario.arns[name]:
        return []
    return [f"{key}: Create said {scenario.arns[name]!r}, Describe says {body[key]!r}"]
