"""The report's records: the frozen, JSON-serialisable parts of a :class:`Report`.

:class:`Evidence`, :class:`Result`, :class:`OperationResult`, :class:`TargetInfo`,
:class:`Header` and :class:`TargetSummary` are read and written by one codec
(:mod:`smcontract.reports._codec`): their JSON is their fields, in declaration order, with
the few members named or shaped otherwise declared on the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.reports._codec import from_json, member, to_json
from smcontract.reports._redact import redact
from smcontract.suites.events import (
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    VERDICTS,
    WAIVED,
    WRONG_ERROR,
    jsonable,
    small_body,
)

__all__ = [
    "FINDING_VERDICTS",
    "OPERATION_FINDINGS",
    "Evidence",
    "Header",
    "OperationResult",
    "Result",
    "TargetInfo",
    "TargetSummary",
    "rank",
    "verdict_counts",
    "with_waived",
]

#: Verdicts that are findings: the implementation does something the contract forbids.
FINDING_VERDICTS: tuple[str, ...] = (NOT_ENFORCED, WRONG_ERROR, SERVER_ERROR, NOT_IMPLEMENTED)

#: Operation verdicts that are findings (valid requests refused, responses off-contract).
OPERATION_FINDINGS: tuple[str, ...] = (
    "REJECTS VALID",
    SERVER_ERROR,
    NOT_IMPLEMENTED,
    "RESPONSE VIOLATES",
)

_RESPONSE_KEYS = ("status", "error_code", "message")
_RESPONSE_EXTRAS = ("layer", "fault", "detail", "body", "sent")


def rank(verdict: str) -> int:
    """Position of ``verdict`` in :data:`VERDICTS` (worst first); unknown verdicts last."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)


@dataclass(frozen=True)
class Evidence:
    """The request of one case and what came back (``status``, ``error_code``, ``message``).

    ``shrunk`` is true when the request is the minimal one Hypothesis shrank to.
    """

    request: Any
    response: dict[str, Any]
    shrunk: bool = False

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any] | None) -> Evidence | None:
        """Evidence from an event's ``evidence`` (``{"request", "outcome"|"response"}``)."""
        if not raw:
            return None
        outcome = raw.get("response") or raw.get("outcome") or {}
        return cls.from_case(raw.get("request"), outcome, shrunk=bool(raw.get("shrunk")))

    @classmethod
    def from_case(
        cls, request: Any, outcome: Mapping[str, Any], *, shrunk: bool = False
    ) -> Evidence:
        """Evidence from a case's request and outcome, redacted, with a small body only."""
        response: dict[str, Any] = {key: outcome.get(key) for key in _RESPONSE_KEYS}
        for key in _RESPONSE_EXTRAS:
            if outcome.get(key) is not None:
                big = key in ("body", "sent")
                response[key] = small_body(outcome[key]) if big else outcome[key]
        return cls(redact(jsonable(request)), redact(jsonable(response)), shrunk)

    @property
    def request_is_whole(self) -> bool:
        """False when the recorded request was too large and only a marker was kept."""
        return not (isinstance(self.request, dict) and self.request.get("$truncated") is True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return to_json(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Evidence | None:
        """The inverse of :meth:`to_dict` (``None`` stays ``None``)."""
        return None if data is None else from_json(cls, data)


@dataclass(frozen=True)
class Result:
    """The verdict on one constraint for one target, with its evidence and how to reproduce."""

    target: str
    operation: str
    constraint_id: str
    kind: str
    path: str
    direction: str
    #: The certification level of the constraint (keyword-only: JSON lists it here).
    level: str | None = field(default=None, kw_only=True)
    verdict: str
    reason: str
    layer: str | None = None
    cases: int = 0
    evidence: Evidence | None = None
    reproduce: tuple[str, ...] = ()
    #: On a WAIVED result: the waiver, plus the ``verdict`` and ``reason`` it replaced.
    waiver: dict[str, Any] | None = None

    @property
    def is_finding(self) -> bool:
        """True for a verdict in :data:`FINDING_VERDICTS`."""
        return self.verdict in FINDING_VERDICTS

    @property
    def observed(self) -> str:
        """What the implementation did: the verdict, or for WAIVED the one it replaced."""
        if self.verdict == WAIVED and self.waiver is not None:
            return str(self.waiver.get("verdict", WAIVED))
        return self.verdict

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return to_json(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """The inverse of :meth:`to_dict`."""
        return from_json(cls, data)


@dataclass(frozen=True)
class OperationResult:
    """What one target does with one operation's valid requests and responses."""

    #: Not written: the report lists operations under their target's name.
    target: str = field(metadata=member(omit=True))
    operation: str
    valid_verdict: str
    response_verdict: str
    counts: dict[str, int] = field(default_factory=dict)
    response_violations: tuple[str, ...] = ()
    evidence: Evidence | None = None
    note: str | None = None
    #: The covering corpus of a certify run (see ``OperationSummary.coverage``), or None.
    coverage: dict[str, Any] | None = None

    @property
    def finding_verdicts(self) -> tuple[str, ...]:
        """Its verdicts that are findings (:data:`OPERATION_FINDINGS`): valid requests refused
        or answered with errors, responses off-contract; each counts as one finding."""
        return tuple(
            v for v in (self.valid_verdict, self.response_verdict) if v in OPERATION_FINDINGS
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (the target is the key it is listed under)."""
        return to_json(self)

    @classmethod
    def from_dict(cls, target: str, data: Mapping[str, Any]) -> OperationResult:
        """The inverse of :meth:`to_dict`."""
        return from_json(cls, data, target=target)


@dataclass(frozen=True)
class TargetInfo:
    """A target's name and identity (kind, URL, region, versions; never credentials)."""

    name: str
    identity: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return to_json(self)


def _shard_json(shard: tuple[int, int]) -> dict[str, int]:
    return {"index": shard[0], "count": shard[1]}


def _shard_of(data: Mapping[str, Any]) -> tuple[int, int]:
    return int(data["index"]), int(data["count"])


@dataclass(frozen=True)
class Header:
    """What ran, against what, with which contracts, and when.

    Fields declared keyword-only sit where report.json lists them.
    """

    #: ``(index, count)`` when the report is one shard of a sharded run, else None.
    shard: tuple[int, int] | None = field(
        default=None,
        kw_only=True,
        metadata=member(when_set=True, encode=_shard_json, decode=_shard_of),
    )
    run_id: str | None
    smcontract_version: str | None
    contracts_sha256: str | None = field(metadata=member(group="contracts", key="sha256"))
    contracts_origin: str | None = field(metadata=member(group="contracts", key="origin"))
    #: The botocore the contracts' model documents were imported from.
    contracts_botocore_version: str | None = field(
        default=None, kw_only=True, metadata=member(group="contracts", key="botocore_version")
    )
    #: The botocore installed where the run ran (None: unknown, as in older reports).
    botocore_version: str | None
    mode: str | None
    seed: int | None
    targets: tuple[TargetInfo, ...]
    operations: tuple[str, ...]
    python_version: str | None
    started_at: str | None
    finished_at: str | None
    interrupted: bool
    exit_code: int | None
    #: What else decides the corpus (``max_examples``, ``valid_examples``, ``lifecycle``).
    settings: dict[str, Any] = field(default_factory=dict)
    #: The waivers of the run, each with the ``target:constraint`` results it waived.
    waivers: tuple[dict[str, Any], ...] = ()
    #: How the run deviated from what was asked, and warnings (unused waivers, model drift).
    notes: tuple[str, ...] = ()
    #: Operation -> the pack resource it belongs to (``pack.json`` ``resources``), for the
    #: per-family views; operations of no resource are absent.
    families: dict[str, str] = field(default_factory=dict)

    def identity_of(self, target: str) -> dict[str, Any]:
        """The identity of the target named ``target`` (empty when unknown)."""
        for info in self.targets:
            if info.name == target:
                return info.identity
        return {}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (``shard`` only when set)."""
        return to_json(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Header:
        """The inverse of :meth:`to_dict`.

        An older report has no ``contracts.botocore_version``: its ``botocore_version`` was the
        contracts' botocore, and the installed one is unknown.
        """
        contracts = data.get("contracts") or {}
        if "botocore_version" not in contracts:
            pack_botocore = data.get("botocore_version")
            contracts = {**contracts, "botocore_version": pack_botocore}
            data = {**data, "contracts": contracts, "botocore_version": None}
        return from_json(cls, data)


@dataclass(frozen=True)
class TargetSummary:
    """Counts for one target: constraints per verdict, operation findings, cases sent,
    harness errors."""

    #: Not written: the report lists summaries under their target's name.
    target: str = field(metadata=member(omit=True))
    verdicts: dict[str, int]
    #: Constraints with a verdict (derived: the sum of ``verdicts``).
    constraints: int = field(init=False)
    #: Constraints with a verdict in :data:`FINDING_VERDICTS`, plus operation findings
    #: (derived).
    findings: int = field(init=False)
    #: Operation verdicts that are findings (``REJECTS VALID``, ``RESPONSE VIOLATES`` ...).
    operation_findings: int = field(default=0, kw_only=True)
    cases: int = 0
    harness_errors: int = 0

    def __post_init__(self) -> None:
        found = sum(self.verdicts.get(verdict, 0) for verdict in FINDING_VERDICTS)
        object.__setattr__(self, "constraints", sum(self.verdicts.values()))
        object.__setattr__(self, "findings", found + self.operation_findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (the target is the key it is listed under)."""
        return to_json(self)

    @classmethod
    def of(
        cls,
        target: str,
        results: Iterable[Result],
        operations: Iterable[OperationResult],
        cases: int,
        harness_errors: int,
    ) -> TargetSummary:
        """The summary of ``target`` over a report's results and operations (all targets')."""
        return cls(
            target,
            verdict_counts(r for r in results if r.target == target),
            cases,
            harness_errors,
            operation_findings=sum(
                len(op.finding_verdicts) for op in operations if op.target == target
            ),
        )


def verdict_counts(results: Iterable[Result]) -> dict[str, int]:
    """Results per verdict: every known verdict (worst first), then any newer one."""
    counts = Counter(result.verdict for result in results)
    table = {verdict: counts.pop(verdict, 0) for verdict in VERDICTS}
    table.update(sorted(counts.items()))  # verdicts from a newer runner, kept visible
    return table


def with_waived(
    entries: Iterable[Mapping[str, Any]], results: Iterable[Result]
) -> tuple[dict[str, Any], ...]:
    """Each waiver entry with ``waived``: the ``target:constraint`` results it waived (matched
    by the ``source`` a WAIVED result's ``waiver`` names)."""
    waived: dict[str, list[str]] = {}
    for result in results:
        if result.waiver is not None:
            source = str(result.waiver.get("source"))
            waived.setdefault(source, []).append(f"{result.target}:{result.constraint_id}")
    return tuple(
        {**entry, "waived": sorted(waived.get(str(entry.get("source")), []))} for entry in entries
    )
