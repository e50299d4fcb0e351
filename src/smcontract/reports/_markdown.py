"""``report.md``: summaries first, then the findings, short enough for a pull request.

The order: the verdict counts, the implementation-coverage table (per target, then per
resource family), the findings grouped by operation and kind (an operation a target does not
implement is named once, not once per constraint), the first :data:`MAX_FINDINGS` findings
in detail, then the per-operation tables, folded (``<details>``) when a run has more than
:data:`FOLD_ROWS` operations. Long lists end with "... and N more". Cell text is escaped so
that a target's message cannot add rows, links or HTML.
"""

from __future__ import annotations

from typing import Any

from smcontract.reports._certify import LEVELS, certification, matrix
from smcontract.reports._implementation import (
    COLUMNS,
    findings_by_operation,
    implementation,
    tally_row,
)
from smcontract.reports._model import OperationResult, Result
from smcontract.reports._report import Report
from smcontract.reports._text import FILE_NAMES, md_cell, md_code
from smcontract.suites.events import VERDICTS

__all__ = ["MAX_FINDINGS", "render_markdown"]

MAX_FINDINGS = 50
#: Operations named in a list of those a target does not implement before "... and N more".
MAX_NAMED = 40
#: A per-operation table longer than this is folded into ``<details>``.
FOLD_ROWS = 30
_HEADS = {
    "operations": "Operations",
    "implemented": "Implemented",
    "accepting_valid": "Accepting valid",
    "untested": "Untested",
}


def _absent_note(report: Report, missing: dict[str, list[str]]) -> str:
    """`` (N of them in K operations not implemented)``, or nothing."""
    skipped = {(t, op) for t, ops in missing.items() for op in ops}
    if not skipped:
        return ""
    inside = sum(r.is_finding for r in report.results if (r.target, r.operation) in skipped)
    inside += sum(
        len(op.finding_verdicts) for op in report.operations if (op.target, op.operation) in skipped
    )
    return f" ({inside} of them in {len(skipped)} operation(s) not implemented)"


def _headline(report: Report, missing: dict[str, list[str]]) -> list[str]:
    h = report.header
    findings = report.finding_count
    total = len(report.results)
    ops = len(report.operations)
    sha = (h.contracts_sha256 or "unknown")[:12]
    lines = [
        "## smcontract conformance report",
        "",
        f"**{findings} finding{'s' if findings != 1 else ''}**{_absent_note(report, missing)} "
        f"in {total} constraint results "
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


def _names(names: list[str], limit: int = MAX_NAMED) -> str:
    shown = ", ".join(md_code(name) for name in names[:limit])
    return shown + (f" ... and {len(names) - limit} more" if len(names) > limit else "")


def _implementation(report: Report, table: dict[str, Any]) -> list[str]:
    """Per target the coverage totals, then per family; unimplemented operations named once."""
    if not table["targets"]:
        return []
    heads = [_HEADS[c] for c in COLUMNS] + [f"{lv} met" for lv in LEVELS]
    head = "| Target | " + " | ".join(heads) + " |"
    rule = "|---|" + "---:|" * len(heads)
    lines = [
        "",
        "### Implementation coverage",
        "",
        "Operations implemented (not NOT IMPLEMENTED), accepting valid requests, and meeting "
        "each certification level (each includes the ones below)"
        + ("." if table["complete"] else "; the run is incomplete, so no level is certified."),
        "",
        head,
        rule,
    ]
    lines += [
        f"| {md_code(name)} | " + " | ".join(tally_row(entry)) + " |"
        for name, entry in table["targets"].items()
    ]
    for name, entry in table["targets"].items():
        if entry["not_implemented"]:
            missing = entry["not_implemented"]
            lines += ["", f"{md_code(name)} does not implement {len(missing)}: {_names(missing)}."]
    for name, entry in table["targets"].items():
        rows = [
            f"| {md_cell(family)} | " + " | ".join(tally_row(tally)) + " |"
            for family, tally in entry["families"].items()
        ]
        family_head = "| Resource | " + " | ".join(heads) + " |"
        lines += _folded(f"{md_code(name)} per resource ({len(rows)})", [family_head, rule, *rows])
    return lines


def _folded(title: str, table: list[str]) -> list[str]:
    """A table under a bold title, folded into ``<details>`` when it is long."""
    if len(table) - 2 <= FOLD_ROWS:
        return ["", f"**{title}**", "", *table]
    return ["", f"<details><summary>{title}</summary>", "", *table, "", "</details>"]


def _kinds(kinds: dict[str, dict[str, int]]) -> str:
    parts = []
    for kind, verdicts in sorted(kinds.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        counts = ", ".join(f"{n} {md_cell(v)}" for v, n in verdicts.items())
        parts.append(f"{md_code(kind)} {counts}")
    return "; ".join(parts)


def _grouped(report: Report, missing: dict[str, list[str]]) -> list[str]:
    """Constraint findings per operation and kind (operations not implemented left out)."""
    groups = findings_by_operation(report, missing)
    if not groups:
        return []
    lines = [
        "",
        f"By operation and kind ({len(groups)} operation{'s' if len(groups) != 1 else ''}):",
        "",
        "| Target | Operation | Findings | Kinds |",
        "|---|---|---:|---|",
    ]
    for target, operation, kinds in groups[:MAX_FINDINGS]:
        total = sum(sum(v.values()) for v in kinds.values())
        lines.append(f"| {md_code(target)} | {md_code(operation)} | {total} | {_kinds(kinds)} |")
    if len(groups) > MAX_FINDINGS:
        more = len(groups) - MAX_FINDINGS
        lines += ["", f"... and {more} more operations, see {FILE_NAMES['html']}."]
    return lines


def _findings(report: Report, missing: dict[str, list[str]]) -> list[str]:
    skipped = {t: set(ops) for t, ops in missing.items()}
    findings = [r for r in report.findings() if r.operation not in skipped.get(r.target, set())]
    absent = sum(len(ops) for ops in missing.values())
    lines = ["", "### Findings"]
    if absent:
        lines += [
            "",
            f"{absent} operation{'s' if absent != 1 else ''} not implemented (named under "
            "Implementation coverage); their constraint results are not listed here.",
        ]
    if not findings:
        ops = sum(len(op.finding_verdicts) for op in _operation_rows(report, missing))
        if ops:
            return [
                *lines,
                "",
                f"No other constraint findings; {ops} operation "
                f"finding{'s' if ops != 1 else ''}, listed under Operations.",
            ]
        return [*lines, "", "No other findings." if absent else "No findings."]
    lines += _grouped(report, missing)
    lines += [
        "",
        f"The first {min(len(findings), MAX_FINDINGS)} of {len(findings)}, worst first:",
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


def _operation_rows(report: Report, missing: dict[str, list[str]]) -> list[OperationResult]:
    skipped = {t: set(ops) for t, ops in missing.items()}
    return [
        op
        for op in report.operation_findings()
        if op.operation not in skipped.get(op.target, set())
    ]


def _operation_findings(report: Report, missing: dict[str, list[str]]) -> list[str]:
    ops = _operation_rows(report, missing)
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
    ]
    rows = [
        "| Target | Operation | Requests | Optional members | Enum values | Branches "
        "| Output rules judged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for op in ops:
        cov = op.coverage or {}
        requests = f"{cov.get('requests', 0)}" + (
            f" + {cov['setups']} setups" if cov.get("setups") else ""
        )
        rows.append(
            f"| {md_code(op.target)} | {md_code(op.operation)} | {requests} | "
            f"{_pair(cov.get('members'))} | {_pair(cov.get('enum_values'))} | "
            f"{_pair(cov.get('branches'))} | {_pair(cov.get('outputs_judged'))} |"
        )
    lines += _folded(f"Per operation ({len(ops)})", rows)
    missed = [(op, m) for op in ops for m in (op.coverage or {}).get("missed", ())]
    for op, item in missed[:MAX_FINDINGS]:
        lines.append(f"\n{md_code(op.operation)} misses {md_code(item['item'])}: {item['reason']}")
    if len(missed) > MAX_FINDINGS:
        lines.append(f"\n... and {len(missed) - MAX_FINDINGS} more, see {FILE_NAMES['json']}.")
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
        ]
        rows = [
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
            rows.append(f"| {md_code(name)} | {op['level']}{waived} | " + " | ".join(cells) + " |")
        lines += _folded(f"{md_code(target)} per operation ({len(rows) - 2})", rows)
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
    table = implementation(report)
    missing = {name: entry["not_implemented"] for name, entry in table["targets"].items()}
    lines = [
        *_headline(report, missing),
        *_summary(report),
        *_implementation(report, table),
        *_findings(report, missing),
        *_operation_findings(report, missing),
        *_coverage(report),
        *_certification(report),
        *_matrix(report),
        *_notes(report),
    ]
    return "\n".join(lines) + "\n"
