"""Which covering case of an operation shows each of its output rules, for the selftest.

A selftest mutant of an output rule is a reference that breaks that rule in every answer with
a place for it; the certify run must notice. Sending the operation's whole covering corpus
for each of its output rules (DescribeHyperParameterTuningJob has 862) makes a whole-API
selftest hours long, and one answer with a place is enough to show the rule broken. So the
covering cases are sent once to the intact reference (:func:`places`), each 2xx answer is
kept with its case's label, and each output rule gets the first case whose answer has a
place for it (``strategies.break_response`` finds a near miss there). The mutant then sends
that case (and the Describe request every covering Create is described with), nothing more.

The answers come from a real certify run of the operation's covering cases (setups
included), recorded by a target wrapper and matched to each case as its ``CaseFinished``
event arrives: the run has one worker, so the last answer of the operation is the case's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from smcontract.contracts import ContractPack
from smcontract.reference import ReferenceService
from smcontract.suites._generators import Generators
from smcontract.suites._runner import run
from smcontract.suites.events import CaseFinished, Event
from smcontract.suites.targets import Outcome, ReferenceTarget, Target

__all__ = ["Places", "narrowed", "places"]

#: The label covering_cases gives an operation's own covering request ``i``.
_OWN = "covering {}"
#: ... and the covering request ``i`` of its resource's Create, sent as a Describe's setup.
_MADE = "covering {} {}"


class Places:
    """Output rule ID -> the label of the first covering case whose answer has a place."""

    def __init__(self, operation: str, first: Mapping[str, str]) -> None:
        self.operation = operation
        self.first = dict(first)

    def label(self, constraint_id: str) -> str | None:
        return self.first.get(constraint_id)


class _Recorder:
    """A target that keeps the body of its last 2xx answer to each operation."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner
        self.name = inner.name
        self.last: dict[str, Any] = {}

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        outcome = self.inner.invoke(operation, params)
        self.last[operation] = outcome.body if outcome.ok else None
        return outcome

    def reset(self) -> None:
        self.inner.reset()

    def close(self) -> None:
        self.inner.close()

    def identity(self) -> dict[str, Any]:
        return self.inner.identity()


class _Answers:
    """A sink that takes, for each covering case of ``operation``, the recorder's answer."""

    def __init__(self, operation: str, recorder: _Recorder) -> None:
        self.operation, self.recorder = operation, recorder
        self.bodies: list[tuple[str, dict[str, Any]]] = []

    def handle(self, event: Event) -> None:
        if not isinstance(event, CaseFinished) or event.operation != self.operation:
            return
        body = self.recorder.last.get(self.operation)
        if event.label.startswith("covering") and isinstance(body, dict):
            self.bodies.append((event.label, body))


def places(pack: ContractPack, strategies: Generators, operation: str) -> Places:
    """Send ``operation``'s covering cases (only) to the intact reference; the first case
    whose answer has a place for each of its output rules. ``strategies`` must give no
    boundary case nor valid draw (the selftest's)."""
    from smcontract.strategies import break_response

    recorder = _Recorder(ReferenceTarget(ReferenceService(pack)))
    answers = _Answers(operation, recorder)
    run(
        pack,
        [recorder],
        operations=[operation],
        sinks=[answers],
        strategies=strategies,
        valid_examples=0,
        lifecycle=False,
    )
    first: dict[str, str] = {}
    for rule in pack.operation(operation).select(direction="output"):
        for label, body in answers.bodies:
            if break_response(operation, rule.id, body, pack=pack) is not None:
                first[rule.id] = label
                break
    return Places(operation, first)


def narrowed(coverage: Any, operation: str, asked: str, label: str) -> Any:
    """``coverage`` (the covering corpus of ``asked``) cut to what the case ``label`` of
    ``operation`` needs: of the operation's own requests, the first (the Describe every
    covering Create is described with) and the labelled one; of its Create's, the labelled
    one only."""
    requests = coverage.requests
    if asked == operation:
        keep = [0] + [i for i in range(1, len(requests)) if label == _OWN.format(i)]
    else:
        keep = [i for i in range(len(requests)) if label == _MADE.format(asked, i)]
    return replace(coverage, requests=tuple(requests[i] for i in keep))
