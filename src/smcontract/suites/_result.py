"""``RunResult``: everything a run found, in memory; what :func:`smcontract.suites.run` returns.

``RunResult`` is not a report format. ``report.json`` (and junit.xml, report.html, report.md)
come from the reports layer: give a :class:`smcontract.reports.ReportBuilder` to ``run()`` as
a sink, then ``builder.report()`` is the :class:`~smcontract.reports.Report` whose
``to_dict()`` is ``report.json`` (schema: :func:`smcontract.reports.report_schema`) and which
:func:`smcontract.reports.write_reports` writes.

There is one result per (target, constraint) for every constraint of the selected operations,
in pack order, including superseded and untestable ones (``UNTESTED`` with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from smcontract.suites.events import (
    ENFORCED,
    UNTESTED,
    VERDICTS,
    WAIVED,
    ConstraintVerdict,
    OperationSummary,
    RunStarted,
    Verdict,
)

__all__ = ["RunResult"]

_OK_VALID = {Verdict.ACCEPTS_VALID, UNTESTED}
_OK_RESPONSE = {Verdict.RESPONSE_CONFORMS, UNTESTED}
_OK_VERDICTS = {ENFORCED, UNTESTED, WAIVED}


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
    #: The exit code an ``Interrupt`` asked for (130 for SIGINT ...), when one stopped the run.
    interrupt_code: int | None = None
    #: Targets that stopped answering, with the case each went silent at.
    unresponsive: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when nothing was found (every tested constraint ENFORCED, WAIVED or UNTESTED,
        valid requests accepted, responses conforming), 1 when there are findings or a target
        stopped answering; the requested code (130, 143) when an ``Interrupt`` stopped it."""
        if self.interrupt_code is not None:
            return self.interrupt_code
        if self.unresponsive:
            return 1
        if any(r.verdict not in _OK_VERDICTS for r in self.results):
            return 1
        for summary in self.operations:
            if (
                summary.valid_verdict not in _OK_VALID
                or summary.response_verdict not in _OK_RESPONSE
            ):
                return 1
        return 0

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
