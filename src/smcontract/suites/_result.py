"""``RunResult``: everything a run found, as ``report.json``, and the sink that writes it.

``report.json`` (see :meth:`RunResult.to_dict`)::

    {"smcontract_version", "contracts": {"sha256", "origin", "botocore_version"},
     "mode", "seed", "run_id", "python_version", "targets": [identity, ...],
     "selected_operations": [name, ...], "started_at", "finished_at", "interrupted",
     "exit_code", "summary": {verdict: count, ...}, "summary_by_target": {name: {...}},
     "harness_errors": n, "notes": [...], "verdicts": {"constraint", "valid", "response"},
     "operations": [{"target", "operation", "valid_verdict", "response_verdict", "counts",
                     "evidence", "response_violations"}, ...],
     "results": [{"target", "operation", "constraint_id", "kind", "path", "direction",
                  "level", "verdict", "reason", "layer", "cases",
                  "evidence": {"request", "response": {"status", "error_code", "message"}}
                              | null}, ...]}

There is one result per (target, constraint) for every constraint of the selected operations,
in pack order, including superseded and untestable ones (``UNTESTED`` with the reason).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smcontract.suites._events import (
    ENFORCED,
    RESPONSE_VERDICTS,
    UNTESTED,
    VALID_VERDICTS,
    VERDICTS,
    WAIVED,
    ConstraintVerdict,
    Event,
    OperationSummary,
    RunFinished,
    RunStarted,
)

__all__ = ["JsonReportSink", "RunResult", "exit_code_of"]

_OK_VALID = {"ACCEPTS VALID", UNTESTED}
_OK_RESPONSE = {"RESPONSE CONFORMS", UNTESTED}
_OK_VERDICTS = {ENFORCED, UNTESTED, WAIVED}


def exit_code_of(results: list[ConstraintVerdict], operations: list[OperationSummary]) -> int:
    """0 when nothing was found (every tested constraint ENFORCED, WAIVED or UNTESTED, valid
    requests accepted, responses conforming), 1 when there are findings."""
    if any(r.verdict not in _OK_VERDICTS for r in results):
        return 1
    for summary in operations:
        if summary.valid_verdict not in _OK_VALID or summary.response_verdict not in _OK_RESPONSE:
            return 1
    return 0


@dataclass
class RunResult:
    """The outcome of :func:`smcontract.suites.run`."""

    started: RunStarted
    results: list[ConstraintVerdict] = field(default_factory=list)
    operations: list[OperationSummary] = field(default_factory=list)
    finished_at: str = ""
    interrupted: bool = False
    harness_errors: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code_of(self.results, self.operations)

    def summary(self, target: str | None = None) -> dict[str, int]:
        """Count of results per verdict (all of :data:`VERDICTS`, zeros included)."""
        counts = dict.fromkeys(VERDICTS, 0)
        for result in self.results:
            if target is None or result.target == target:
                counts[result.verdict] = counts.get(result.verdict, 0) + 1
        return counts

    def verdict(self, constraint_id: str, target: str | None = None) -> ConstraintVerdict:
        """The result for one constraint (of the only or the named target)."""
        for result in self.results:
            if result.constraint_id == constraint_id and target in (None, result.target):
                return result
        raise KeyError(constraint_id)

    def operation(self, operation: str, target: str | None = None) -> OperationSummary:
        for summary in self.operations:
            if summary.operation == operation and target in (None, summary.target):
                return summary
        raise KeyError(operation)

    def to_dict(self) -> dict[str, Any]:
        started = self.started
        by_target = {
            str(identity.get("name", "")): self.summary(str(identity.get("name", "")))
            for identity in started.targets
        }
        return {
            "smcontract_version": started.smcontract_version,
            "contracts": {
                "sha256": started.contracts_sha256,
                "origin": started.contracts_origin,
                "botocore_version": started.botocore_version,
            },
            "run_id": started.run_id,
            "mode": started.mode,
            "seed": started.seed,
            "python_version": started.python_version,
            "targets": started.targets,
            "selected_operations": started.operations,
            "started_at": started.started_at,
            "finished_at": self.finished_at,
            "interrupted": self.interrupted,
            "exit_code": self.exit_code,
            "summary": self.summary(),
            "summary_by_target": by_target,
            "harness_errors": self.harness_errors,
            "notes": list(self.notes),
            "verdicts": {
                "constraint": list(VERDICTS),
                "valid": list(VALID_VERDICTS),
                "response": list(RESPONSE_VERDICTS),
            },
            "operations": [_strip(s.to_dict()) for s in self.operations],
            "results": [_result(r) for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    def write_json(self, path: str | Path) -> Path:
        """Write ``report.json`` to ``path`` (a file, or a folder to put it in)."""
        target = Path(path)
        if target.is_dir():
            target = target / "report.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.to_json(), encoding="utf-8")
        return target


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    data.pop("event", None)
    return data


def _result(verdict: ConstraintVerdict) -> dict[str, Any]:
    data = _strip(verdict.to_dict())
    return {
        "target": data["target"],
        "operation": data["operation"],
        "constraint_id": data["constraint_id"],
        "kind": data["kind"],
        "path": data["path"],
        "direction": data["direction"],
        "level": data["level"],
        "verdict": data["verdict"],
        "reason": data["reason"],
        "layer": data["layer"],
        "cases": data["cases"],
        "evidence": data["evidence"],
    }


class JsonReportSink:
    """An :class:`EventSink` that writes ``report.json`` when the run finishes.

    It rebuilds the :class:`RunResult` from the events alone, so it works for any producer.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._started: RunStarted | None = None
        self._results: list[ConstraintVerdict] = []
        self._operations: list[OperationSummary] = []
        self._errors = 0
        self.result: RunResult | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._started = event
            self._results, self._operations, self._errors = [], [], 0
        elif isinstance(event, ConstraintVerdict):
            self._results.append(event)
        elif isinstance(event, OperationSummary):
            self._operations.append(event)
        elif isinstance(event, RunFinished) and self._started is not None:
            self.result = RunResult(
                started=self._started,
                results=self._results,
                operations=self._operations,
                finished_at=event.finished_at,
                interrupted=event.interrupted,
                harness_errors=event.harness_errors,
                notes=list(event.notes),
            )
            self.result.write_json(self.path)
