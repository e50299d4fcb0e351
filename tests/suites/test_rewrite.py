"""A request an SDK rewrote before sending: the verdict says so, and does not blame the server."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from smcontract.suites import CallableTarget, run
from smcontract.suites._rewrite import first_difference
from smcontract.suites.targets import Outcome

from . import toy

STRATEGIES = toy.ToyStrategies()


class RewritingSdk:
    """A target in front of the enforcing toy service that rewrites requests as ``rewrite``
    says and reports what it sent, like an adapter whose SDK changes the body."""

    def __init__(self, rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.service = toy.ToyService()
        self.inner = CallableTarget(self.service, name="toy")
        self.rewrite = rewrite
        self.name = "sdk"

    def invoke(self, operation: str, params: Any) -> Outcome:
        sent = self.rewrite(dict(params)) if operation == "CreateThing" else dict(params)
        outcome = self.inner.invoke(operation, sent)
        return dataclasses.replace(outcome, sent=sent if sent != dict(params) else None)

    def reset(self) -> None:
        self.service.reset()

    def close(self) -> None:
        """Nothing to release."""

    def identity(self) -> dict[str, Any]:
        return {"kind": "callable"}


def _drop_bad_size(request: dict[str, Any]) -> dict[str, Any]:
    size = request.get("Size")
    if isinstance(size, int) and not 1 <= size <= 5:
        return {k: v for k, v in request.items() if k != "Size"}
    return request


def test_a_repaired_request_is_not_enforced_by_the_sdk_not_the_server() -> None:
    result = run(
        toy.PACK,
        [RewritingSdk(_drop_bad_size)],
        strategies=STRATEGIES,
        operations=["CreateThing"],
        lifecycle=False,
    )
    verdict = result.verdict("CreateThing.Size.range")
    assert verdict.verdict == "NOT ENFORCED"
    assert verdict.layer == "client"
    assert "the SDK rewrote the request before sending (Size left out)" in verdict.reason
    assert "the SDK, not the server" in verdict.reason
    assert verdict.evidence is not None
    assert "Size" in verdict.evidence["request"]
    assert "Size" not in verdict.evidence["response"]["sent"]
    # Requests it left alone are judged as ever: the service enforces them.
    assert result.verdict("CreateThing.Kind.enum").verdict == "ENFORCED"


def test_a_rewrite_that_still_breaks_the_rule_is_judged_and_noted() -> None:
    def extra(request: dict[str, Any]) -> dict[str, Any]:
        return {**request, "Extra": "sdk"}

    sdk = RewritingSdk(extra)
    sdk.service.skip = frozenset({"CreateThing.Kind.enum"})
    result = run(toy.PACK, [sdk], strategies=STRATEGIES, operations=["CreateThing"])
    finding = result.verdict("CreateThing.Kind.enum")
    assert finding.verdict == "NOT ENFORCED"
    assert finding.layer == "server"  # the server accepted a request that still broke it
    assert finding.reason == (
        'accepted (HTTP 200) (the SDK rewrote the request, Extra added as "sdk"; what it '
        "sent still breaks the rule)"
    )
    enforced = result.verdict("CreateThing.Size.range")
    assert (enforced.verdict, enforced.reason) == ("ENFORCED", "verified")
    assert enforced.evidence is not None
    assert enforced.evidence["response"]["sent"]["Extra"] == "sdk"


def test_first_difference_names_the_place() -> None:
    assert first_difference({"A": {"B": [1]}}, {"A": {"B": {}}}) == "A.B: a list sent as {}"
    assert first_difference({"A": 1}, {"A": 1, "C": 2}) == "C added as 2"
    assert first_difference({"T": [{"K": "a"}]}, {"T": [{"K": "b"}]}) == 'T[0].K: "a" sent as "b"'
