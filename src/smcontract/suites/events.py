"""The events a run emits, in order; reporters consume them and never call a target.

A run emits exactly one :class:`RunStarted`, then for every case a :class:`CaseFinished`, then
one :class:`ConstraintVerdict` per (target, constraint) of the selected operations, one
:class:`OperationSummary` per (target, operation), and finally one :class:`RunFinished`.
Every event is a frozen dataclass whose :meth:`to_dict` is plain JSON (``"event"`` names its
kind), so a sink can write NDJSON without knowing the classes.

The verdict strings are part of the report format and never change:

* constraints: :data:`VERDICTS` (``ENFORCED`` ... ``WAIVED``);
* operations: :data:`VALID_VERDICTS` and :data:`RESPONSE_VERDICTS`.

:class:`Verdict` names every one of them (a ``StrEnum``: a member *is* its string, so events
hold members and their JSON is the string). The module constants (:data:`ENFORCED` ...) are
the members under their historical names.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable

__all__ = [
    "BODY_LIMIT",
    "ENFORCED",
    "HARNESS_ERROR",
    "NOT_ENFORCED",
    "NOT_IMPLEMENTED",
    "RESPONSE_VERDICTS",
    "SERVER_ERROR",
    "UNTESTED",
    "VALID_VERDICTS",
    "VERDICTS",
    "WAIVED",
    "WRONG_ERROR",
    "CaseFinished",
    "ConstraintVerdict",
    "Event",
    "EventSink",
    "ListSink",
    "OperationSummary",
    "RunFinished",
    "RunStarted",
    "Verdict",
    "jsonable",
    "measured_body",
    "small_body",
]


class Verdict(StrEnum):
    """Every verdict string of the report format (the value is the string; it never changes).

    Constraint verdicts (:data:`VERDICTS`), the classification of a case the harness failed on
    (``HARNESS_ERROR``), what an operation does with valid requests (:data:`VALID_VERDICTS`)
    and what its 2xx responses look like (:data:`RESPONSE_VERDICTS`).
    """

    ENFORCED = "ENFORCED"
    NOT_ENFORCED = "NOT ENFORCED"
    WRONG_ERROR = "WRONG ERROR"
    SERVER_ERROR = "SERVER ERROR"
    NOT_IMPLEMENTED = "NOT IMPLEMENTED"
    UNTESTED = "UNTESTED"
    WAIVED = "WAIVED"
    HARNESS_ERROR = "HARNESS ERROR"
    ACCEPTS_VALID = "ACCEPTS VALID"
    REJECTS_VALID = "REJECTS VALID"
    RESPONSE_CONFORMS = "RESPONSE CONFORMS"
    RESPONSE_VIOLATES = "RESPONSE VIOLATES"


ENFORCED = Verdict.ENFORCED
NOT_ENFORCED = Verdict.NOT_ENFORCED
WRONG_ERROR = Verdict.WRONG_ERROR
SERVER_ERROR = Verdict.SERVER_ERROR
NOT_IMPLEMENTED = Verdict.NOT_IMPLEMENTED
UNTESTED = Verdict.UNTESTED
WAIVED = Verdict.WAIVED

#: Every verdict a constraint can get, from the worst finding to no finding.
VERDICTS: tuple[str, ...] = (
    NOT_ENFORCED,
    WRONG_ERROR,
    SERVER_ERROR,
    NOT_IMPLEMENTED,
    ENFORCED,
    UNTESTED,
    WAIVED,
)

#: The classification of a case the harness itself failed on (never a constraint verdict).
HARNESS_ERROR = Verdict.HARNESS_ERROR

#: What an operation does with valid requests.
VALID_VERDICTS: tuple[str, ...] = (
    Verdict.REJECTS_VALID,
    Verdict.SERVER_ERROR,
    Verdict.NOT_IMPLEMENTED,
    Verdict.ACCEPTS_VALID,
    Verdict.UNTESTED,
)
#: What the operation's 2xx responses look like against its output constraints.
RESPONSE_VERDICTS: tuple[str, ...] = (
    Verdict.RESPONSE_VIOLATES,
    Verdict.RESPONSE_CONFORMS,
    Verdict.UNTESTED,
)

#: A response body larger than this (in bytes of JSON) is replaced by a marker in events.
BODY_LIMIT = 4096


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON: tuples become lists, keys strings, NaN and infinities strings.

    Requests are JSON already, but a generated one may hold a float JSON cannot spell; a
    report must stay strict JSON, so ``nan`` is written as the string ``"NaN"``.
    """
    # The exact types first (the common case of every body and request), then the general
    # rules, which also cover subclasses.
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): jsonable(v) for k, v in value.items()}
    if kind is list:
        return [jsonable(v) for v in value]
    if kind is float:
        return value if math.isfinite(value) else _nonfinite(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return _nonfinite(value)
    if isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def _nonfinite(value: float) -> str:
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


_UNSET: Any = object()
#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder for every call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def small_body(body: Any, limit: int = BODY_LIMIT) -> Any:
    """``body`` if its JSON is shorter than ``limit`` bytes, else a marker with its size."""
    return measured_body(body, limit)[0]


def measured_body(body: Any, limit: int = BODY_LIMIT) -> tuple[Any, str | None]:
    """``small_body(body, limit)`` and the JSON text of ``body`` it measured (None when
    ``body`` has no JSON form), for a caller that keys on the body without dumping it again."""
    plain: Any = _UNSET
    try:
        plain = jsonable(body)
        text = _to_json(plain)
    except (TypeError, ValueError):
        plain, text = _UNSET, repr(body)
    # The JSON of plain is measured and returned: one conversion, not two (ASCII text is as
    # many bytes as characters).
    size = len(text) if text.isascii() else len(text.encode("utf-8"))
    if plain is _UNSET:
        return (jsonable(body) if size <= limit else _marker(text, size)), None
    return (plain if size <= limit else _marker(text, size)), text


def _marker(text: str, size: int) -> dict[str, Any]:
    return {"$truncated": True, "bytes": size, "head": text[:200]}


class _Event:
    """Mixin: ``to_dict`` for the dataclasses below."""

    event: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            data[f.name] = jsonable(getattr(self, f.name))
        return data


@dataclass(frozen=True)
class RunStarted(_Event):
    """A run begins: what runs, against what, with which contracts."""

    event: ClassVar[str] = "run-started"

    run_id: str
    mode: str
    seed: int | None
    targets: list[dict[str, Any]]
    operations: list[str]
    contracts_sha256: str
    contracts_origin: str
    #: The installed botocore (None without one); the pack's is ``contracts_botocore_version``.
    botocore_version: str | None
    smcontract_version: str
    python_version: str
    started_at: str
    #: ``(index, count)``, 1-based, when the run is one shard of a sharded run (``--shard``).
    shard: tuple[int, int] | None = None
    #: What else decides the corpus: ``max_examples``, ``valid_examples``, ``lifecycle``.
    settings: dict[str, Any] = field(default_factory=dict)
    #: The run's waivers as written (constraint, target, reason, expires, source).
    waivers: list[dict[str, Any]] = field(default_factory=list)
    #: The botocore the pack's model documents were imported from (None for a hand-made pack).
    contracts_botocore_version: str | None = None


@dataclass(frozen=True)
class CaseFinished(_Event):
    """One request sent to one target, and what came back.

    ``expect`` is ``"accept"`` (a valid request), ``"reject"`` (a request that breaks
    ``constraint_id``), ``"setup"`` (a request the harness needed, such as the Create before
    a Describe) or ``"lifecycle"`` (a step of a lifecycle scenario). ``outcome`` holds
    status, error_code, message, layer, fault, detail, elapsed and the body when it is small.
    ``violations_observed`` lists the output constraints a 2xx body breaks.
    ``classification`` is what this case alone says: a constraint verdict (``ENFORCED`` ...)
    for a rejection case, an operation verdict (``ACCEPTS VALID`` ...) for a valid case,
    ``SETUP``, ``LIFECYCLE``, ``UNTESTED`` (a valid case skipped because its setup failed;
    ``outcome.detail`` says why) or :data:`HARNESS_ERROR`.
    """

    event: ClassVar[str] = "case-finished"

    target: str
    operation: str
    constraint_id: str | None
    expect: str
    label: str
    request: Any
    outcome: dict[str, Any]
    violations_observed: list[dict[str, Any]] = field(default_factory=list)
    classification: str = ""


@dataclass(frozen=True)
class ConstraintVerdict(_Event):
    """The verdict on one constraint for one target, over all of its cases.

    ``reason`` says why: ``"verified"`` (the error message names the broken member and
    kind), ``"unverified"`` (the right code, a message the harness cannot parse), what was
    wrong with the error, or why the constraint was not tested. ``evidence`` is the request
    and response of the first case that showed this verdict. ``layer`` is who rejected
    (``"client"`` when an SDK refused the request before sending it). ``waiver``, on a
    ``WAIVED`` verdict, is the waiver that applied plus the ``verdict`` and ``reason`` it
    replaced.
    """

    event: ClassVar[str] = "constraint-verdict"

    target: str
    operation: str
    constraint_id: str
    kind: str
    path: str
    direction: str
    level: str
    verdict: str
    reason: str
    evidence: dict[str, Any] | None = None
    cases: int = 0
    layer: str | None = None
    waiver: dict[str, Any] | None = None


@dataclass(frozen=True)
class OperationSummary(_Event):
    """What one target does with one operation: valid requests, responses, case counts."""

    event: ClassVar[str] = "operation-summary"

    target: str
    operation: str
    valid_verdict: str
    response_verdict: str
    counts: dict[str, int]
    evidence: dict[str, Any] | None = None
    response_violations: list[str] = field(default_factory=list)
    #: Certify runs: what the covering corpus holds (``requests``, ``setups``, ``members``,
    #: ``enum_values`` and ``branches`` as [covered, total], ``missed``) and
    #: ``outputs_judged`` as [judged, testable output rules].
    coverage: dict[str, Any] | None = None


@dataclass(frozen=True)
class RunFinished(_Event):
    """The run ends (``interrupted`` when a user or a time limit stopped it early).

    ``notes`` say how the run deviated from what was asked (fewer workers than requested, and
    why); ``harness_errors`` counts the cases the harness itself failed on.
    """

    event: ClassVar[str] = "run-finished"

    finished_at: str
    interrupted: bool
    exit_code: int
    notes: list[str] = field(default_factory=list)
    harness_errors: int = 0


Event = RunStarted | CaseFinished | ConstraintVerdict | OperationSummary | RunFinished


@runtime_checkable
class EventSink(Protocol):
    """Anything that consumes the events of a run (a reporter, a progress bar, a log)."""

    def handle(self, event: Event) -> None: ...


class ListSink:
    """Keeps every event in ``events``; handy in tests and notebooks."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)
