"""The :class:`Report` of a whole run, and ``report.json``, the document it reads and writes.

The document is the report's records (:mod:`smcontract.reports._model`, written by the
codec) arranged for readers, plus what is derived from them: the summary, the
certification levels and content hashes, the target matrix (:mod:`._certify`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.reports._certify import Baseline, Corpus, certification, matrix
from smcontract.reports._codec import from_json
from smcontract.reports._implementation import implementation
from smcontract.reports._model import (
    Header,
    OperationResult,
    Result,
    TargetSummary,
    rank,
    verdict_counts,
)

__all__ = ["FORMAT", "FORMAT_VERSION", "Report"]

FORMAT = "smcontract-report"
FORMAT_VERSION = 1


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
        return verdict_counts(self.results)

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
            key=lambda r: (rank(r.verdict), order.get(r.target, len(order)), r.constraint_id),
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
            "implementation": implementation(self),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """A report from its JSON (validate it first with ``load_report``).

        Derived members are not read back: operation findings are counted again from the
        operations, the corpus comes from ``certification`` and the baseline from ``matrix``.
        """
        operations = tuple(
            OperationResult.from_dict(target, op)
            for target, ops in data["operations"].items()
            for op in ops
        )
        summaries = tuple(
            from_json(
                TargetSummary,
                summary,
                target=name,
                operation_findings=sum(
                    len(op.finding_verdicts) for op in operations if op.target == name
                ),
            )
            for name, summary in data["summary"]["targets"].items()
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
