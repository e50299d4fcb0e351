"""The report model: a frozen, JSON-serialisable summary folded from a run's events.

:class:`ReportBuilder` is an :class:`~smcontract.suites.EventSink`. It keeps what the report
shows and nothing more: counts, one verdict per (target, constraint), one summary per
(target, operation) and, for constraints still waiting for their verdict, the first
rejection case. Memory stays flat however many cases a run sends.

:meth:`ReportBuilder.report` can be called at any point: a stream cut short (no
:class:`~smcontract.suites.RunFinished`, or one saying ``interrupted``) gives a report marked
``interrupted`` whose unfinished constraints are ``UNTESTED`` with reason ``"interrupted"``.
Everything that came from a target is redacted (:func:`~smcontract.reports.redact`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smcontract.errors import SmcontractError
from smcontract.reports._certify import Baseline, Corpus, case_digest, certification, matrix
from smcontract.reports._redact import redact
from smcontract.reports._reproduce import reproduce_commands
from smcontract.suites.events import (
    HARNESS_ERROR,
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    UNTESTED,
    VERDICTS,
    WAIVED,
    WRONG_ERROR,
    CaseFinished,
    ConstraintVerdict,
    Event,
    OperationSummary,
    RunFinished,
    RunStarted,
    jsonable,
    small_body,
)

if TYPE_CHECKING:
    from smcontract.contracts import ContractPack

__all__ = [
    "FINDING_VERDICTS",
    "FORMAT",
    "FORMAT_VERSION",
    "OPERATION_FINDINGS",
    "Evidence",
    "Header",
    "OperationResult",
    "Report",
    "ReportBuilder",
    "Result",
    "TargetInfo",
    "TargetSummary",
]

FORMAT = "smcontract-report"
FORMAT_VERSION = 1

#: Verdicts that are findings: the implementation does something the contract forbids.
FINDING_VERDICTS: tuple[str, ...] = (NOT_ENFORCED, WRONG_ERROR, SERVER_ERROR, NOT_IMPLEMENTED)

#: Operation verdicts that are findings (valid requests refused, responses off-contract).
OPERATION_FINDINGS: tuple[str, ...] = (
    "REJECTS VALID",
    SERVER_ERROR,
    NOT_IMPLEMENTED,
    "RESPONSE VIOLATES",
)

INTERRUPTED = "interrupted"
NO_VERDICT = "no verdict was emitted for this constraint"
_RESPONSE_KEYS = ("status", "error_code", "message")
_RESPONSE_EXTRAS = ("layer", "fault", "detail", "body", "sent")


def _rank(verdict: str) -> int:
    """Position of ``verdict`` in :data:`VERDICTS` (worst first); unknown verdicts last."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)


# -- the frozen model ------------------------------------------------------------------------


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
        return {"request": self.request, "response": dict(self.response), "shrunk": self.shrunk}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Evidence | None:
        """The inverse of :meth:`to_dict` (``None`` stays ``None``)."""
        if data is None:
            return None
        return cls(data["request"], dict(data["response"]), bool(data.get("shrunk", False)))


@dataclass(frozen=True)
class Result:
    """The verdict on one constraint for one target, with its evidence and how to reproduce."""

    target: str
    operation: str
    constraint_id: str
    kind: str
    path: str
    direction: str
    verdict: str
    reason: str
    level: str | None = None
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
        return {
            "target": self.target,
            "operation": self.operation,
            "constraint_id": self.constraint_id,
            "kind": self.kind,
            "path": self.path,
            "direction": self.direction,
            "level": self.level,
            "verdict": self.verdict,
            "reason": self.reason,
            "layer": self.layer,
            "cases": self.cases,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "reproduce": list(self.reproduce),
            "waiver": dict(self.waiver) if self.waiver is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """The inverse of :meth:`to_dict`."""
        return cls(
            target=data["target"],
            operation=data["operation"],
            constraint_id=data["constraint_id"],
            kind=data["kind"],
            path=data["path"],
            direction=data["direction"],
            verdict=data["verdict"],
            reason=data["reason"],
            level=data.get("level"),
            layer=data.get("layer"),
            cases=data.get("cases", 0),
            evidence=Evidence.from_dict(data.get("evidence")),
            reproduce=tuple(data.get("reproduce", ())),
            waiver=dict(data["waiver"]) if data.get("waiver") is not None else None,
        )


@dataclass(frozen=True)
class OperationResult:
    """What one target does with one operation's valid requests and responses."""

    target: str
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
        return {
            "operation": self.operation,
            "valid_verdict": self.valid_verdict,
            "response_verdict": self.response_verdict,
            "counts": dict(self.counts),
            "response_violations": list(self.response_violations),
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "note": self.note,
            "coverage": self.coverage,
        }

    @classmethod
    def from_dict(cls, target: str, data: Mapping[str, Any]) -> OperationResult:
        """The inverse of :meth:`to_dict`."""
        return cls(
            target=target,
            operation=data["operation"],
            valid_verdict=data["valid_verdict"],
            response_verdict=data["response_verdict"],
            counts=dict(data.get("counts", {})),
            response_violations=tuple(data.get("response_violations", ())),
            evidence=Evidence.from_dict(data.get("evidence")),
            note=data.get("note"),
            coverage=dict(data["coverage"]) if data.get("coverage") is not None else None,
        )


@dataclass(frozen=True)
class TargetInfo:
    """A target's name and identity (kind, URL, region, versions; never credentials)."""

    name: str
    identity: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"name": self.name, "identity": dict(self.identity)}


@dataclass(frozen=True)
class Header:
    """What ran, against what, with which contracts, and when."""

    run_id: str | None
    smcontract_version: str | None
    contracts_sha256: str | None
    contracts_origin: str | None
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
    #: ``(index, count)`` when the report is one shard of a sharded run, else None.
    shard: tuple[int, int] | None = None
    #: What else decides the corpus (``max_examples``, ``valid_examples``, ``lifecycle``).
    settings: dict[str, Any] = field(default_factory=dict)
    #: The waivers of the run, each with the ``target:constraint`` results it waived.
    waivers: tuple[dict[str, Any], ...] = ()
    #: How the run deviated from what was asked, and warnings (unused waivers, model drift).
    notes: tuple[str, ...] = ()
    #: The botocore the contracts' model documents were imported from.
    contracts_botocore_version: str | None = None
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
        shard = {"shard": {"index": self.shard[0], "count": self.shard[1]}} if self.shard else {}
        return {
            **shard,
            "run_id": self.run_id,
            "smcontract_version": self.smcontract_version,
            "contracts": {
                "sha256": self.contracts_sha256,
                "origin": self.contracts_origin,
                "botocore_version": self.contracts_botocore_version,
            },
            "botocore_version": self.botocore_version,
            "mode": self.mode,
            "seed": self.seed,
            "targets": [info.to_dict() for info in self.targets],
            "operations": list(self.operations),
            "python_version": self.python_version,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "interrupted": self.interrupted,
            "exit_code": self.exit_code,
            "settings": dict(self.settings),
            "waivers": [dict(w) for w in self.waivers],
            "notes": list(self.notes),
            "families": dict(self.families),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Header:
        """The inverse of :meth:`to_dict`.

        An older report has no ``contracts.botocore_version``: its ``botocore_version`` was the
        contracts' botocore, and the installed one is unknown.
        """
        contracts = data.get("contracts") or {}
        shard = data.get("shard")
        if "botocore_version" in contracts:
            pack_botocore, installed = contracts["botocore_version"], data.get("botocore_version")
        else:
            pack_botocore, installed = data.get("botocore_version"), None
        return cls(
            run_id=data.get("run_id"),
            smcontract_version=data.get("smcontract_version"),
            contracts_sha256=contracts.get("sha256"),
            contracts_origin=contracts.get("origin"),
            contracts_botocore_version=pack_botocore,
            botocore_version=installed,
            mode=data.get("mode"),
            seed=data.get("seed"),
            targets=tuple(TargetInfo(t["name"], dict(t["identity"])) for t in data["targets"]),
            operations=tuple(data.get("operations", ())),
            python_version=data.get("python_version"),
            started_at=data.get("started_at"),
            finished_at=data.get("finished_at"),
            interrupted=bool(data["interrupted"]),
            exit_code=data.get("exit_code"),
            shard=(int(shard["index"]), int(shard["count"])) if shard else None,
            settings=dict(data.get("settings") or {}),
            waivers=tuple(dict(w) for w in data.get("waivers") or ()),
            notes=tuple(data.get("notes") or ()),
            families={str(k): str(v) for k, v in (data.get("families") or {}).items()},
        )


@dataclass(frozen=True)
class TargetSummary:
    """Counts for one target: constraints per verdict, operation findings, cases sent,
    harness errors."""

    target: str
    verdicts: dict[str, int]
    cases: int = 0
    harness_errors: int = 0
    #: Operation verdicts that are findings (``REJECTS VALID``, ``RESPONSE VIOLATES`` ...).
    operation_findings: int = 0

    @property
    def findings(self) -> int:
        """Constraints with a verdict in :data:`FINDING_VERDICTS`, plus operation findings."""
        constraints = sum(self.verdicts.get(verdict, 0) for verdict in FINDING_VERDICTS)
        return constraints + self.operation_findings

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (the target is the key it is listed under)."""
        return {
            "verdicts": dict(self.verdicts),
            "constraints": sum(self.verdicts.values()),
            "findings": self.findings,
            "operation_findings": self.operation_findings,
            "cases": self.cases,
            "harness_errors": self.harness_errors,
        }

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
            _verdict_counts(r for r in results if r.target == target),
            cases,
            harness_errors,
            sum(len(op.finding_verdicts) for op in operations if op.target == target),
        )


def _verdict_counts(results: Iterable[Result]) -> dict[str, int]:
    counts = Counter(result.verdict for result in results)
    table = {verdict: counts.pop(verdict, 0) for verdict in VERDICTS}
    table.update(sorted(counts.items()))  # verdicts from a newer runner, kept visible
    return table


@dataclass(frozen=True)
class Report:
    """A whole run: :class:`Header`, per-target summaries, operations and results."""

    header: Header
    summaries: tuple[TargetSummary, ...]
    operations: tuple[OperationResult, ...]
    results: tuple[Result, ...]
    #: Per target, the generated cases sent in certify mode (see ``_certify``).
    corpus: Mapping[str, Corpus] = field(default_factory=dict)
    #: A recorded run to compare the targets with (``run --baseline``).
    baseline: Baseline | None = None

    @property
    def interrupted(self) -> bool:
        """True when the run did not finish normally."""
        return self.header.interrupted

    @property
    def target_names(self) -> tuple[str, ...]:
        """Target names in the order the run listed them."""
        return tuple(info.name for info in self.header.targets)

    @property
    def verdicts(self) -> dict[str, int]:
        """Constraints per verdict over every target."""
        return _verdict_counts(self.results)

    @property
    def finding_count(self) -> int:
        """Every finding: constraint results that are findings plus operation verdicts that
        are (``REJECTS VALID``, ``RESPONSE VIOLATES`` ...). Headlines give this number."""
        return sum(s.findings for s in self.summaries)

    def operation_findings(self) -> list[OperationResult]:
        """Operations with a verdict that is a finding, in report order."""
        return [op for op in self.operations if op.finding_verdicts]

    def findings(self) -> list[Result]:
        """Results whose verdict is a finding, worst verdict first, then by target and ID."""
        order = {name: index for index, name in enumerate(self.target_names)}
        found = [result for result in self.results if result.is_finding]
        return sorted(
            found,
            key=lambda r: (_rank(r.verdict), order.get(r.target, len(order)), r.constraint_id),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON, as described by :func:`~smcontract.reports.report_schema`."""
        operations: dict[str, list[dict[str, Any]]] = {name: [] for name in self.target_names}
        for op in self.operations:
            operations.setdefault(op.target, []).append(op.to_dict())
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "header": self.header.to_dict(),
            "summary": {
                "verdicts": self.verdicts,
                "findings": self.finding_count,
                "targets": {s.target: s.to_dict() for s in self.summaries},
            },
            "operations": operations,
            "results": [result.to_dict() for result in self.results],
            "certification": certification(self),
            "matrix": matrix(self),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """A report from its JSON (validate it first with ``load_report``)."""
        operations = tuple(
            OperationResult.from_dict(target, op)
            for target, ops in data["operations"].items()
            for op in ops
        )
        summaries = tuple(
            TargetSummary(
                name,
                dict(s["verdicts"]),
                s.get("cases", 0),
                s.get("harness_errors", 0),
                sum(len(op.finding_verdicts) for op in operations if op.target == name),
            )
            for name, s in data["summary"]["targets"].items()
        )
        certified = (data.get("certification") or {}).get("targets") or {}
        corpus = {
            name: Corpus.from_dict(entry["corpus"])
            for name, entry in certified.items()
            if entry.get("corpus")
        }
        return cls(
            header=Header.from_dict(data["header"]),
            summaries=summaries,
            operations=operations,
            results=tuple(Result.from_dict(r) for r in data["results"]),
            corpus=corpus,
            baseline=_baseline_of(data.get("matrix")),
        )


def _baseline_of(table: Mapping[str, Any] | None) -> Baseline | None:
    """The recorded baseline of a matrix written with ``--baseline`` (else None)."""
    if not table or table["baseline"]["source"] == "this run":
        return None
    verdicts = {row["constraint_id"]: row["baseline"] for row in table["rows"] if row["baseline"]}
    return Baseline(table["baseline"]["column"], table["baseline"]["source"], verdicts)


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


# -- folding events --------------------------------------------------------------------------


@dataclass
class _Pending:
    """A constraint with rejection cases and no verdict yet: a count and the first case."""

    operation: str
    cases: int = 0
    evidence: Evidence | None = None


def _split_id(constraint_id: str) -> tuple[str, str]:
    """``(path, kind)`` guessed from an ID shaped ``Operation.Path.To.Member.kind``."""
    parts = constraint_id.split(".")
    if len(parts) < 3:
        return "", parts[-1] if len(parts) > 1 else ""
    return ".".join(parts[1:-1]), parts[-1]


def _target_infos(entries: Iterable[Mapping[str, Any]]) -> list[TargetInfo]:
    """Targets from ``RunStarted.targets``: ``{name, **identity}`` or ``{name, identity}``."""
    infos = []
    for index, entry in enumerate(entries):
        name = entry.get("name") or entry.get("kind") or f"target-{index + 1}"
        nested = entry.get("identity")
        if isinstance(nested, Mapping):
            identity = dict(nested)
        else:
            identity = {key: value for key, value in entry.items() if key != "name"}
        infos.append(TargetInfo(str(name), redact(jsonable(identity))))
    return infos


class ReportBuilder:
    """Fold a run's events into a :class:`Report` (an :class:`~smcontract.suites.EventSink`).

    ``pack``, when given, supplies kind, path and direction for constraints whose verdict
    never came (an interrupted run); without it they are read off the constraint ID.
    ``report_path`` is the report file name the ``smcontract replay`` commands mention.
    """

    def __init__(
        self,
        pack: ContractPack | None = None,
        *,
        report_path: str = "report.json",
        baseline: Baseline | None = None,
    ) -> None:
        self._pack = pack
        self._report_path = report_path
        self._baseline = baseline
        self._corpus: dict[str, Corpus] = {}
        self._started: RunStarted | None = None
        self._finished: RunFinished | None = None
        self._targets: list[TargetInfo] = []
        self._results: dict[tuple[str, str], Result] = {}
        self._pending: dict[tuple[str, str], _Pending] = {}
        self._operations: dict[tuple[str, str], OperationResult] = {}
        self._cases: Counter[tuple[str, str]] = Counter()
        self._harness_errors: Counter[str] = Counter()

    # -- EventSink ---------------------------------------------------------------------------

    def handle(self, event: Event) -> None:
        """Take one event into account."""
        if isinstance(event, CaseFinished):
            self._on_case(event)
        elif isinstance(event, ConstraintVerdict):
            self._on_verdict(event)
        elif isinstance(event, OperationSummary):
            self._on_summary(event)
        elif isinstance(event, RunStarted):
            self._started = event
            self._targets = _target_infos(event.targets)
        elif isinstance(event, RunFinished):
            self._finished = event

    def _identity(self, target: str) -> dict[str, Any]:
        for info in self._targets:
            if info.name == target:
                return info.identity
        return {}

    def _on_case(self, event: CaseFinished) -> None:
        self._cases[(event.target, event.operation)] += 1
        # The corpus: generated cases only, not setup or lifecycle requests the server shaped.
        generated = event.expect in ("accept", "reject")
        if generated and self._started is not None and self._started.mode == "certify":
            term = case_digest(
                event.operation, event.constraint_id, event.expect, event.label, event.request
            )
            self._corpus[event.target] = self._corpus.get(event.target, Corpus()).add(term)
        if event.classification == HARNESS_ERROR:
            self._harness_errors[event.target] += 1
        if event.expect != "reject" or event.constraint_id is None:
            return
        key = (event.target, event.constraint_id)
        if key in self._results:
            return
        pending = self._pending.setdefault(key, _Pending(event.operation))
        pending.cases += 1
        if pending.evidence is None:
            pending.evidence = Evidence.from_case(event.request, event.outcome)

    def _on_verdict(self, event: ConstraintVerdict) -> None:
        key = (event.target, event.constraint_id)
        self._pending.pop(key, None)
        result = Result(
            target=event.target,
            operation=event.operation,
            constraint_id=event.constraint_id,
            kind=event.kind,
            path=event.path,
            direction=event.direction,
            verdict=event.verdict,
            reason=redact(event.reason),
            level=event.level,
            layer=event.layer,
            cases=event.cases,
            evidence=Evidence.from_raw(event.evidence),
            waiver=redact(jsonable(event.waiver)) if event.waiver is not None else None,
        )
        self._results[key] = self._with_reproduce(result)

    def _on_summary(self, event: OperationSummary) -> None:
        self._operations[(event.target, event.operation)] = OperationResult(
            target=event.target,
            operation=event.operation,
            valid_verdict=event.valid_verdict,
            response_verdict=event.response_verdict,
            counts={str(k): int(v) for k, v in event.counts.items()},
            response_violations=tuple(event.response_violations),
            evidence=Evidence.from_raw(event.evidence),
            coverage=jsonable(event.coverage) if event.coverage is not None else None,
        )

    def _with_reproduce(self, result: Result) -> Result:
        commands = reproduce_commands(
            result, self._identity(result.target), report_path=self._report_path
        )
        return dataclasses.replace(result, reproduce=tuple(commands))

    # -- the report --------------------------------------------------------------------------

    @property
    def interrupted(self) -> bool:
        """True until a :class:`RunFinished` that was not interrupted arrives."""
        return self._finished is None or self._finished.interrupted

    def report(self) -> Report:
        """The report for the events so far (``interrupted`` if the run has not finished)."""
        targets = self._all_targets()
        order = {info.name: index for index, info in enumerate(targets)}
        results = sorted(
            [*self._results.values(), *self._unfinished_results()],
            key=lambda r: (order[r.target], r.operation, r.constraint_id),
        )
        operations = sorted(
            self._operation_results(targets), key=lambda o: (order[o.target], o.operation)
        )
        return Report(
            header=self._header(targets),
            summaries=tuple(self._summary(info.name, results, operations) for info in targets),
            operations=tuple(operations),
            results=tuple(results),
            corpus=dict(self._corpus),
            baseline=self._baseline,
        )

    def _all_targets(self) -> list[TargetInfo]:
        """The run's targets, then any target only seen in later events."""
        known = {info.name for info in self._targets}
        seen = [t for t, _ in self._results] + [t for t, _ in self._pending]
        seen += [t for t, _ in self._operations] + [t for t, _ in self._cases]
        extra = sorted({name for name in seen if name not in known})
        return [*self._targets, *(TargetInfo(name, {}) for name in extra)]

    def _unfinished_results(self) -> list[Result]:
        reason = INTERRUPTED if self.interrupted else NO_VERDICT
        pending = dict(self._pending)
        pending.update(self._never_reached())
        return [
            self._with_reproduce(self._unfinished(target, constraint_id, waiting, reason))
            for (target, constraint_id), waiting in pending.items()
        ]

    def _never_reached(self) -> dict[tuple[str, str], _Pending]:
        """A stream cut short (no :class:`RunFinished`: a second ``KeyboardInterrupt`` while
        the run was finishing, say): every constraint of the run's operations that has no
        result yet, so that none is silently missing. A shard's split is not known here, so
        a shard's cut stream lists only what it saw."""
        started = self._started
        if self._finished is not None or self._pack is None or started is None or started.shard:
            return {}
        missing = {}
        for info in self._targets:
            for operation in started.operations:
                try:
                    constraints = self._pack.operation(operation).constraints
                except SmcontractError:
                    continue
                for constraint in constraints:
                    key = (info.name, constraint.id)
                    if key not in self._results and key not in self._pending:
                        missing[key] = _Pending(operation)
        return missing

    def _unfinished(
        self, target: str, constraint_id: str, pending: _Pending, reason: str
    ) -> Result:
        path, kind = _split_id(constraint_id)
        direction, level = "input", None
        if self._pack is not None:
            try:
                constraint = self._pack.constraint(constraint_id)
            except SmcontractError:
                pass
            else:
                path, kind, direction = constraint.path, constraint.kind, constraint.direction
        return Result(
            target=target,
            operation=pending.operation,
            constraint_id=constraint_id,
            kind=kind,
            path=path,
            direction=direction,
            verdict=UNTESTED,
            reason=reason,
            level=level,
            cases=pending.cases,
            evidence=pending.evidence,
        )

    def _operation_results(self, targets: list[TargetInfo]) -> list[OperationResult]:
        """Every summary, plus an UNTESTED entry for each operation that never got one."""
        listed = list(self._started.operations) if self._started else []
        wanted = {(info.name, op) for info in targets for op in listed}
        # Setup calls (e.g. CreateTrialComponent for listing) are not operations of the run.
        wanted |= {key for key in self._cases if not listed or key[1] in listed}
        note = INTERRUPTED if self.interrupted else "no summary was emitted for this operation"
        operations = list(self._operations.values())
        for target, operation in sorted(wanted - set(self._operations)):
            counts = {"cases": self._cases.get((target, operation), 0)}
            operations.append(
                OperationResult(target, operation, UNTESTED, UNTESTED, counts, note=note)
            )
        return operations

    def _summary(
        self, target: str, results: list[Result], operations: list[OperationResult]
    ) -> TargetSummary:
        cases = sum(n for (name, _), n in self._cases.items() if name == target)
        return TargetSummary.of(target, results, operations, cases, self._harness_errors[target])

    def _header(self, targets: list[TargetInfo]) -> Header:
        started, finished = self._started, self._finished
        return Header(
            run_id=started.run_id if started else None,
            smcontract_version=started.smcontract_version if started else None,
            contracts_sha256=started.contracts_sha256 if started else None,
            contracts_origin=started.contracts_origin if started else None,
            botocore_version=started.botocore_version if started else None,
            contracts_botocore_version=started.contracts_botocore_version if started else None,
            mode=started.mode if started else None,
            seed=started.seed if started else None,
            targets=tuple(targets),
            operations=tuple(started.operations) if started else (),
            python_version=started.python_version if started else None,
            started_at=started.started_at if started else None,
            finished_at=finished.finished_at if finished else None,
            interrupted=self.interrupted,
            exit_code=finished.exit_code if finished else None,
            shard=(started.shard[0], started.shard[1]) if started and started.shard else None,
            settings=dict(started.settings) if started else {},
            waivers=self._waivers(),
            notes=tuple(finished.notes) if finished else (),
            families=self._families(),
        )

    def _families(self) -> dict[str, str]:
        """Each operation of the run -> the first pack resource that names it in a role."""
        if self._pack is None or self._started is None:
            return {}
        families: dict[str, str] = {}
        for resource, spec in self._pack.resources.items():
            for _, operation in spec.roles():
                if operation in self._started.operations:
                    families.setdefault(operation, resource)
        return families

    def _waivers(self) -> tuple[dict[str, Any], ...]:
        """The run's waivers, each with the ``target:constraint`` results it waived."""
        if self._started is None:
            return ()
        return with_waived(redact(jsonable(self._started.waivers)), self._results.values())
