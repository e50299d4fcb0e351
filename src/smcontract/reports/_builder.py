"""Folding a run's events into a :class:`~smcontract.reports.Report`.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smcontract.errors import SmcontractError
from smcontract.reports._certify import Baseline, Corpus, case_digest
from smcontract.reports._model import (
    Evidence,
    Header,
    OperationResult,
    Result,
    TargetInfo,
    TargetSummary,
    with_waived,
)
from smcontract.reports._redact import redact
from smcontract.reports._report import Report
from smcontract.reports._reproduce import reproduce_commands
from smcontract.suites.events import (
    HARNESS_ERROR,
    UNTESTED,
    CaseFinished,
    ConstraintVerdict,
    Event,
    OperationSummary,
    RunFinished,
    RunStarted,
    jsonable,
)

if TYPE_CHECKING:
    from smcontract.contracts import ContractPack

__all__ = ["ReportBuilder"]

INTERRUPTED = "interrupted"
NO_VERDICT = "no verdict was emitted for this constraint"


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
