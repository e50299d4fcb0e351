"""Join the reports of the shards of one run (``smcontract run --shard I/N``) into one report.

A shard's report holds the results of the constraints its units decided and nothing for the
others (no UNTESTED noise), so merging is a union. The only constraints several shards speak of
are output constraints (every 2xx response of an operation is checked against them, whichever
unit sent the request) and the rules judged on every accepted answer (the round trip after a
covering Create, HTTP 200 on success); they are folded the way the runner folds them: the worst
verdict wins (a tested one over UNTESTED), between two ``NOT ENFORCED`` the smaller request is
the evidence, and the cases add up. Operation summaries add their counts; the valid verdict
comes from the shard that sent the valid requests; a response verdict is ``RESPONSE VIOLATES``
when any shard saw a violating response.

The merged certify report equals the report of the same run unsharded, except for the run id
and the times.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from smcontract.errors import UsageError
from smcontract.reports._certify import Corpus
from smcontract.reports._model import (
    Header,
    OperationResult,
    Result,
    TargetSummary,
    rank,
    with_waived,
)
from smcontract.reports._report import Report
from smcontract.reports._reproduce import reproduce_commands
from smcontract.suites._unimplemented import relabel_unimplemented
from smcontract.suites.events import UNTESTED

__all__ = ["merge_reports"]

_OK_VERDICTS = ("ENFORCED", UNTESTED, "WAIVED")
_VALID_ORDER = ("REJECTS VALID", "SERVER ERROR", "NOT IMPLEMENTED", "ACCEPTS VALID", UNTESTED)
_RESPONSE_ORDER = ("RESPONSE VIOLATES", "RESPONSE CONFORMS", UNTESTED)


def _request_key(result: Result) -> tuple[int, str]:
    request = result.evidence.request if result.evidence is not None else None
    text = json.dumps(request, sort_keys=True, default=repr)
    return (len(text), text)


def _fold_result(results: Sequence[Result]) -> Result:
    """One result from the shards' results for the same (target, constraint)."""
    if len(results) == 1:
        return results[0]
    best = min(
        results,
        key=lambda r: (r.verdict == UNTESTED, rank(r.verdict), _request_key(r)),
    )
    if best.verdict == UNTESTED:
        return best
    cases = sum(r.cases for r in results if r.verdict != UNTESTED)
    return dataclasses.replace(best, cases=cases)


def _fold_operation(operations: Sequence[OperationResult]) -> OperationResult:
    if len(operations) == 1:
        return operations[0]

    def order(table: tuple[str, ...], verdict: str) -> int:
        return table.index(verdict) if verdict in table else len(table)

    valid = min(operations, key=lambda o: order(_VALID_ORDER, o.valid_verdict))
    response = min(order(_RESPONSE_ORDER, o.response_verdict) for o in operations)
    counts: dict[str, int] = {}
    for op in operations:
        for key, value in op.counts.items():
            counts[key] = counts.get(key, 0) + value
    violations = sorted({v for op in operations for v in op.response_violations})
    notes = [op.note for op in operations]
    coverage = next((op.coverage for op in operations if op.coverage is not None), None)
    return OperationResult(
        target=valid.target,
        operation=valid.operation,
        valid_verdict=valid.valid_verdict,
        response_verdict=_RESPONSE_ORDER[response]
        if response < len(_RESPONSE_ORDER)
        else operations[0].response_verdict,
        counts=dict(sorted(counts.items())),
        response_violations=tuple(violations),
        evidence=valid.evidence,
        note=notes[0] if all(notes) else None,
        coverage=coverage,
    )


def _judged_outputs(operation: OperationResult, results: Sequence[Result]) -> OperationResult:
    """The operation with ``coverage.outputs_judged`` counted over the merged results (each
    shard judged the output rules of the responses it saw; the union is what was judged)."""
    coverage = operation.coverage
    if coverage is None or "outputs_judged" not in coverage:
        return operation
    judged = sum(
        1
        for r in results
        if r.target == operation.target
        and r.operation == operation.operation
        and r.direction == "output"
        and r.verdict != UNTESTED
    )
    total = coverage["outputs_judged"][1]
    return dataclasses.replace(
        operation, coverage={**coverage, "outputs_judged": [min(judged, total), total]}
    )


def _check(reports: Sequence[tuple[str, Report]]) -> int:
    """Refuse shards of different runs, overlapping or missing shards; return N."""
    if not reports:
        raise UsageError("smcontract merge needs at least one report.json")
    problems: list[str] = []
    first_name, first = reports[0]
    fields: dict[str, Callable[[Header], Any]] = {
        "contracts sha256": lambda h: h.contracts_sha256,
        "mode": lambda h: h.mode,
        "seed": lambda h: h.seed,
        "smcontract version": lambda h: h.smcontract_version,
        "operations": lambda h: list(h.operations),
        "settings": lambda h: dict(h.settings),
        "targets": lambda h: [t.name for t in h.targets],
    }
    for name, report in reports[1:]:
        for what, get in fields.items():
            if get(report.header) != get(first.header):
                problems.append(
                    f"{name} has {what} {get(report.header)!r} but {first_name} has "
                    f"{get(first.header)!r}"
                )
    shards = [(name, report.header.shard or (1, 1)) for name, report in reports]
    counts = sorted({count for _, (_, count) in shards})
    if len(counts) > 1:
        listed = ", ".join(f"{name} is {i}/{n}" for name, (i, n) in shards)
        problems.append(f"the reports come from runs split in different ways ({listed})")
    count = counts[-1]
    seen: dict[int, str] = {}
    for name, (index, _) in shards:
        if index in seen:
            problems.append(f"shard {index}/{count} given twice ({seen[index]} and {name})")
        seen[index] = name
    missing = [str(i) for i in range(1, count + 1) if i not in seen]
    if missing and len(counts) == 1:
        problems.append(f"shard(s) {', '.join(f'{m}/{count}' for m in missing)} missing")
    if problems:
        raise UsageError(
            "cannot merge these reports: " + "; ".join(problems) + ". Pass the report.json "
            "of every shard (--shard I/N) of one run, with the same contracts, mode, seed, "
            "version and operations."
        )
    return count


def _mixed(headers: list[Header]) -> list[str]:
    """A note when the shards ran with different installed botocore versions."""
    installed = sorted({h.botocore_version or "unknown" for h in headers})
    if len(installed) < 2:
        return []
    return [
        "warning: the shards ran with different installed botocore versions "
        f"({', '.join(installed)}); the header names the first shard's"
    ]


def merge_reports(
    reports: Sequence[tuple[str, Report]], *, report_path: str = "report.json"
) -> Report:
    """One report from the ``(name, report)`` of every shard of one run (names for messages).

    The reproduce commands of its results name ``report_path`` (the merged file, as
    :func:`~smcontract.reports._reproduce.replay_path` gives it), not the shards' files.

    Raises :class:`UsageError` (one message naming every problem) for reports of different
    contracts, modes, seeds, harness versions, operations or targets, and for shards given
    twice or missing.
    """
    _check(reports)
    ordered = [report for _, report in sorted(reports, key=lambda nr: _shard_index(nr[1]))]
    first = ordered[0].header
    order = {name: index for index, name in enumerate(t.name for t in first.targets)}
    results = _merged_results(ordered, order, first, report_path)
    operations = _merged_operations(ordered, order, results)
    # What the runner decides over a whole run, decided again over the joined shards.
    results, operations = relabel_unimplemented(results, operations)
    summaries = []
    for info in first.targets:
        mine = [s for report in ordered for s in report.summaries if s.target == info.name]
        cases, errors = sum(s.cases for s in mine), sum(s.harness_errors for s in mine)
        summaries.append(TargetSummary.of(info.name, results, operations, cases, errors))
    corpus = {
        name: sum((r.corpus[name] for r in ordered if name in r.corpus), Corpus())
        for name in {name for r in ordered for name in r.corpus}
    }
    baseline = next((r.baseline for r in ordered if r.baseline is not None), None)
    header = _merged_header([r.header for r in ordered], results, operations)
    return Report(header, tuple(summaries), tuple(operations), tuple(results), corpus, baseline)


def _shard_index(report: Report) -> int:
    return (report.header.shard or (1, 1))[0]


def _merged_results(
    ordered: Sequence[Report], order: dict[str, int], first: Header, report_path: str
) -> list[Result]:
    """One result per (target, constraint), in report order, reproduced from the merged file."""
    grouped: dict[tuple[str, str], list[Result]] = {}
    for report in ordered:
        for result in report.results:
            grouped.setdefault((result.target, result.constraint_id), []).append(result)
    results = sorted(
        (_fold_result(group) for group in grouped.values()),
        key=lambda r: (order.get(r.target, len(order)), r.operation, r.constraint_id),
    )
    return [
        dataclasses.replace(
            r,
            reproduce=tuple(
                reproduce_commands(r, first.identity_of(r.target), report_path=report_path)
            ),
        )
        for r in results
    ]


def _merged_operations(
    ordered: Sequence[Report], order: dict[str, int], results: Sequence[Result]
) -> list[OperationResult]:
    """One summary per (target, operation), in report order."""
    ops: dict[tuple[str, str], list[OperationResult]] = {}
    for report in ordered:
        for op in report.operations:
            ops.setdefault((op.target, op.operation), []).append(op)
    return sorted(
        (_judged_outputs(_fold_operation(group), results) for group in ops.values()),
        key=lambda o: (order.get(o.target, len(order)), o.operation),
    )


def _merged_header(
    headers: list[Header], results: Sequence[Result], operations: Sequence[OperationResult]
) -> Header:
    """The first shard's header with what describes the merged run replaced: a Header field
    added later is carried over from the shards, never forgotten here."""
    findings = any(r.verdict not in _OK_VERDICTS for r in results) or any(
        o.valid_verdict not in ("ACCEPTS VALID", UNTESTED)
        or o.response_verdict not in ("RESPONSE CONFORMS", UNTESTED)
        for o in operations
    )
    run_ids = ",".join(sorted(str(h.run_id) for h in headers))
    started = [h.started_at for h in headers if h.started_at]
    finished = [h.finished_at for h in headers if h.finished_at]
    first = headers[0]
    return dataclasses.replace(
        first,
        run_id=hashlib.sha256(run_ids.encode()).hexdigest()[:12],
        started_at=min(started) if started else None,
        finished_at=max(finished) if len(finished) == len(headers) else None,
        interrupted=any(h.interrupted for h in headers),
        exit_code=1 if findings else 0,
        shard=None,
        settings=dict(first.settings),
        waivers=with_waived(first.waivers, results),
        notes=tuple(dict.fromkeys([*(n for h in headers for n in h.notes), *_mixed(headers)])),
    )
