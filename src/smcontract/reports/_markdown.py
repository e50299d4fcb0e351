"""``report.md``: a summary table and the findings, short enough for a pull request.

At most :data:`MAX_FINDINGS` findings are listed, worst first, then "... and N more, see
report.html". Cell text is escaped so that a target's message cannot add rows, links or HTML.
"""

from __future__ import annotations

from smcontract.reports._certify import certification, matrix
from smcontract.reports._model import OperationResult, Result
from smcontract.reports._report import Report
from smcontract.reports._text import FILE_NAMES, md_cell, md_code
from smcontract.suites.events import VERDICTS

__all__ = ["MAX_FINDINGS", "render_markdown"]

MAX_FINDINGS = 50


def _headline(report: Report) -> list[str]:
    h = report.header
    findings = report.finding_count
    total = len(report.results)
    ops = len(report.operations)
    sha = (h.contracts_sha256 or "unknown")[:12]
    lines = [
        "## smcontract conformance report",
        "",
        f"**{findings} finding{'s' if findings != 1 else ''}** in {total} constraint results "
        f"and {ops} operation results across {len(report.target_names)} target(s) · "
        f"mode {md_code(h.mode)} · "
        f"seed {md_code(h.seed)} · contracts {md_code(sha)} ({md_cell(h.contracts_origin)}) · "
        f"smcontract {md_cell(h.smcontract_version)} · "
        f"botocore {md_cell(h.botocore_version or 'unknown')} installed, contracts from botocore "
        f"{md_cell(h.contracts_botocore_version or 'unknown')}",
    ]
    if h.interrupted:
        lines += [
            "",
            "> **Interrupted:** the run did not finish; constraints without a verdict are "
            "UNTESTED (interrupted).",
        ]
    return lines


def _summary(report: Report) -> list[str]:
    columns = list(VERDICTS)
    head = "| Target | " + " | ".join(columns) + " | Cases |"
    rule = "|---|" + "---:|" * (len(columns) + 1)
    rows = [
        f"| {md_code(s.target)} | "
        + " | ".join(str(s.verdicts.get(v, 0)) for v in columns)
        + f" | {s.cases} |"
        for s in report.summaries
    ]
    return ["", "### Summary", "", head, rule, *rows]


def _finding_row(result: Result) -> str:
    return (
        f"| {md_cell(result.verdict)} | {md_code(result.target)} "
        f"| {md_code(result.constraint_id)} | {md_cell(result.reason)} |"
    )


def _findings(report: Report) -> list[str]:
    findings = report.findings()
    if not findings:
        ops = sum(len(op.finding_verdicts) for op in report.operations)
        if ops:
            return [
                "",
                "### Findings",
                "",
                f"No constraint findings; {ops} operation "
                f"finding{'s' if ops != 1 else ''}, listed under Operations.",
            ]
        return ["", "### Findings", "", "No findings."]
    lines = [
        "",
        "### Findings",
        "",
        "| Verdict | Target | Constraint | Reason |",
        "|---|---|---|---|",
    ]
    lines += [_finding_row(result) for result in findings[:MAX_FINDINGS]]
    if len(findings) > MAX_FINDINGS:
        more = len(findings) - MAX_FINDINGS
        lines += ["", f"... and {more} more, see [{FILE_NAMES['html']}]({FILE_NAMES['html']})."]
    first = findings[0]
    lines += [
        "",
        "Reproduce a finding: "
        + md_code(first.reproduce[0] if first.reproduce else "")
        + " (each finding's commands are in report.html and report.json).",
    ]
    return lines


def _operation_findings(report: Report) -> list[str]:
    ops: list[OperationResult] = report.operation_findings()
    if not ops:
        return []
    lines = ["", "### Operations", "", "| Target | Operation | Valid requests | Responses |"]
    lines.append("|---|---|---|---|")
    for op in ops[:MAX_FINDINGS]:
        lines.append(
            f"| {md_code(op.target)} | {md_code(op.operation)} | {md_cell(op.valid_verdict)} | "
            f"{md_cell(op.response_verdict)} |"
        )
    if len(ops) > MAX_FINDINGS:
        lines.append(f"\n... and {len(ops) - MAX_FINDINGS} more, see {FILE_NAMES['html']}.")
    return lines


def _pair(value: object) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]} of {value[1]}"
    return ""


def _coverage(report: Report) -> list[str]:
    """Per operation: what the covering corpus held and how many output rules were judged."""
    ops = [op for op in report.operations if op.coverage is not None]
    if not ops:
        return []
    lines = [
        "",
        "### Member coverage",
        "",
        "Valid requests that together set every optional member, enum value and union "
        "branch; a Describe is also sent after each covering request of its Create.",
        "",
        "| Target | Operation | Requests | Optional members | Enum values | Branches "
        "| Output rules judged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for op in ops:
        cov = op.coverage or {}
        requests = f"{cov.get('requests', 0)}" + (
            f" + {cov['setups']} setups" if cov.get("setups") else ""
        )
        lines.append(
            f"| {md_code(op.target)} | {md_code(op.operation)} | {requests} | "
            f"{_pair(cov.get('members'))} | {_pair(cov.get('enum_values'))} | "
            f"{_pair(cov.get('branches'))} | {_pair(cov.get('outputs_judged'))} |"
        )
    missed = [(op, m) for op in ops for m in (op.coverage or {}).get("missed", ())]
    for op, item in missed[:MAX_FINDINGS]:
        lines.append(f"\n{md_code(op.operation)} misses {md_code(item['item'])}: {item['reason']}")
    return lines


def _certification(report: Report) -> list[str]:
    """Per target: the level met, the content hash, and each operation's level."""
    table = certification(report)
    levels = table["levels"]
    lines = [
        "",
        "### Certification",
        "",
        "Highest level fully met (L1 shape, L2 values, L3 cross-field, L4 lifecycle and "
        "errors; each includes the ones below)."
        + ("" if table["complete"] else " The run is incomplete: no level is certified."),
    ]
    for target, entry in table["targets"].items():
        digest = entry.get("hash")
        lines += [
            "",
            f"**{md_code(target)}: {entry['level']}**"
            + (f" · content hash {md_code(digest)}" if digest else ""),
            "",
            "| Operation | Level | " + " | ".join(levels) + " |",
            "|---|---|" + "---|" * len(levels),
        ]
        for name, op in entry["operations"].items():
            cells = [
                "met"
                if level["met"]
                else f"{level['findings']} finding(s)"
                if level["findings"]
                else "not met"
                for level in op["levels"].values()
            ]
            waived = " (waivers)" if op["waived"] else ""
            lines.append(f"| {md_code(name)} | {op['level']}{waived} | " + " | ".join(cells) + " |")
    return lines


def _matrix(report: Report) -> list[str]:
    """The constraints the targets disagree on, with every column and the baseline."""
    table = matrix(report)
    if table is None:
        return []
    columns, base = table["columns"], table["baseline"]
    recorded = base["source"] != "this run"
    differs = ", ".join(f"{md_code(n)} {c}" for n, c in table["differ_from_baseline"].items())
    lines = [
        "",
        "### Targets compared",
        "",
        f"{table['agree']} of {table['constraints']} constraints get the same verdict from "
        f"every target. Baseline: {md_code(base['column'])} ({md_cell(base['source'])}); "
        f"constraints that differ from it: {differs or 'none'}.",
    ]
    rows = [row for row in table["rows"] if not row["agree"]]
    if not rows:
        return lines
    head = [*(md_code(c) for c in columns), *([md_code(base["column"])] if recorded else [])]
    lines += [
        "",
        "| Constraint | " + " | ".join(head) + " | Agree |",
        "|---|" + "---|" * (len(head) + 1),
    ]
    for row in rows[:MAX_FINDINGS]:
        cells = [md_cell(row["verdicts"].get(c, "-")) for c in columns]
        if recorded:
            cells.append(md_cell(row["baseline"] or "-"))
        lines.append(f"| {md_code(row['constraint_id'])} | " + " | ".join(cells) + " | no |")
    if len(rows) > MAX_FINDINGS:
        lines += [
            "",
            f"... and {len(rows) - MAX_FINDINGS} more, see {FILE_NAMES['html']} "
            f"or {FILE_NAMES['json']} (matrix).",
        ]
    return lines


def _notes(report: Report) -> list[str]:
    notes = report.header.notes
    return ["", "### Notes", "", *(f"- {md_cell(note, 400)}" for note in notes)] if notes else []


def render_markdown(report: Report) -> str:
    """``report.md`` for ``report`` (a redacted report: writers redact before rendering)."""
    lines = [
        *_headline(report),
        *_summary(report),
        *_findings(report),
        *_operation_findings(report),
        *_coverage(report),
        *_certification(report),
        *_matrix(report),
        *_notes(report),
    ]
    return "\n".join(lines) + "\n"
