"""``report.html``: one self-contained file, pictures first, no network.

Server-side HTML holds what a person reads at a glance and needs no script: the header, one
badge per target, the counts as small labelled figures, the heatmaps of operations by
verdict and level, the changes since a recorded baseline and the certification table (every
level not met names what blocks it). The result rows and the target matrix are compact
embedded data (:mod:`._html_data`) that the inline script renders a page at a time, with
keyboard-usable filters. A Content-Security-Policy forbids every fetch. Every value is
escaped with :func:`html.escape` (values come from targets). When the script has shown the
rows, ``<html data-ready="true">``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from smcontract.reports._badge import badge_svg, badges
from smcontract.reports._certify import certification, matrix
from smcontract.reports._families import grouped
from smcontract.reports._figures import changes, heatmap, verdict_bar
from smcontract.reports._html_assets import CSP, CSS, JS
from smcontract.reports._html_data import embedded_data, script_json
from smcontract.reports._implementation import implementation, tally_row
from smcontract.reports._model import TargetSummary
from smcontract.reports._report import Report
from smcontract.reports._text import printable
from smcontract.suites.events import VERDICTS

__all__ = ["render_html"]


def _e(value: object) -> str:
    """Escape ``value`` for HTML text or a quoted attribute."""
    return escape(printable(value), quote=True)


def _verdict_columns(report: Report) -> list[str]:
    """:data:`VERDICTS`, then any verdict a newer runner used."""
    extra = sorted({r.verdict for r in report.results} - set(VERDICTS))
    return [*VERDICTS, *extra]


# -- header ----------------------------------------------------------------------------------


def _identity_text(identity: dict[str, object]) -> str:
    shown = ("kind", "url", "endpoint", "region", "backing")
    parts = [f"{key}={identity[key]}" for key in shown if identity.get(key) is not None]
    rest = [f"{k}={v}" for k, v in sorted(identity.items()) if k not in shown]
    return "; ".join(parts + rest)


def _header(report: Report, compared: bool) -> str:
    h = report.header
    sha = h.contracts_sha256 or "unknown"
    rows = [
        ("smcontract", h.smcontract_version),
        ("Contracts", f"sha256 {sha} ({h.contracts_origin or 'unknown origin'})"),
        ("botocore installed", h.botocore_version or "unknown"),
        ("Contracts from botocore", h.contracts_botocore_version),
        ("Mode / seed", f"{h.mode} / {h.seed}"),
        ("Python", h.python_version),
        ("Started", h.started_at),
        ("Finished", h.finished_at or "not finished"),
        ("Exit code", h.exit_code),
        ("Run", h.run_id),
    ]
    meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v if v is not None else '-')}</dd>" for k, v in rows)
    targets = "".join(
        f"<tr><td><code>{_e(t.name)}</code></td><td>{_e(_identity_text(t.identity))}</td></tr>"
        for t in h.targets
    )
    banner = ""
    if h.interrupted:
        banner = (
            '<p class="banner" id="interrupted"><strong>Interrupted.</strong> The run did not '
            "finish; constraints without a verdict are UNTESTED (interrupted).</p>"
        )
    shown = "".join(badge_svg(b) for b in badges(report))
    return (
        f'<header><h1>smcontract conformance report</h1><div class="badges" id="badges">'
        f"{shown}</div>{banner}"
        '<nav class="toc" aria-label="Sections"><a href="#glance">At a glance</a>'
        '<a href="#implementation">Implementation</a><a href="#heatmaps">Heatmaps</a>'
        + ('<a href="#changes">Changes</a>' if report.baseline is not None else "")
        + '<a href="#certification">Certification</a>'
        + ('<a href="#matrix">Targets compared</a>' if compared else "")
        + '<a href="#results">Results</a><a href="#run">Run details</a></nav></header>'
        f'<details id="run"><summary>Run details</summary><dl class="meta">{meta}</dl>'
        '<table id="targets" class="fixed"><thead><tr><th style="width:14rem">Target</th>'
        f"<th>Identity</th></tr></thead><tbody>{targets}</tbody></table></details>"
    )


# -- at a glance -----------------------------------------------------------------------------


def _stat(number: object, caption: str, tone: str = "") -> str:
    return (
        f'<figure class="stat {tone}"><span class="n">{_e(number)}</span>'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _glance_target(summary: TargetSummary, entry: Mapping[str, Any], columns: list[str]) -> str:
    ops = entry["operations"]
    met = sum(op["level"] != "none" for op in ops.values())
    level = entry["level"]
    figures = [
        _stat(
            level if level != "none" else "none",
            "level met (lowest over operations)",
            "good" if level != "none" else "bad",
        ),
        _stat(summary.findings, "findings", "bad" if summary.findings else "good"),
        _stat(f"{met} / {len(ops)}", "operations at L1 or above"),
        _stat(summary.verdicts.get("ENFORCED", 0), "constraints enforced"),
        _stat(sum(summary.verdicts.values()), "constraints checked"),
        _stat(summary.verdicts.get("UNTESTED", 0), "untested"),
        _stat(summary.cases, "requests sent"),
    ]
    if summary.verdicts.get("WAIVED"):
        figures.append(_stat(summary.verdicts["WAIVED"], "waived"))
    if summary.harness_errors:
        figures.append(_stat(summary.harness_errors, "harness errors", "bad"))
    return (
        f'<div class="glance" data-target="{_e(summary.target)}"><h3><code>{_e(summary.target)}'
        f'</code></h3><div class="stats">{"".join(figures)}</div>'
        f"{verdict_bar(summary.verdicts, columns)}</div>"
    )


def _glance(report: Report, table: Mapping[str, Any], columns: list[str]) -> str:
    parts = [
        _glance_target(s, table["targets"][s.target], columns)
        for s in report.summaries
        if s.target in table["targets"]
    ]
    found = report.finding_count
    operations = sum(len(op.finding_verdicts) for op in report.operations)
    count = (
        f'<p id="finding-count"><strong>{found} finding{"s" if found != 1 else ""}</strong>: '
        f"{found - operations} constraint, {operations} operation (valid requests refused, "
        "responses off-contract)</p>"
    )
    return f'<section id="glance"><h2>At a glance</h2>{count}{"".join(parts)}</section>'


# -- implementation coverage -----------------------------------------------------------------

_HEADS = ("Operations", "Implemented", "Accepting valid", "Untested")
_SHOWN_MISSING = 60


def _tally_table(
    first: str, rows: Iterable[tuple[str, Mapping[str, Any]]], levels: list[str]
) -> str:
    heads = "".join(f"<th>{_e(h)}</th>" for h in (*_HEADS, *(f"{lv} met" for lv in levels)))
    body = "".join(
        f"<tr><td><code>{_e(name)}</code></td>"
        + "".join(f'<td class="num">{_e(cell)}</td>' for cell in tally_row(tally))
        + "</tr>"
        for name, tally in rows
    )
    return (
        f'<table class="coverage"><thead><tr><th>{_e(first)}</th>{heads}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _missing(target: str, names: list[str]) -> str:
    if not names:
        return ""
    shown = ", ".join(f"<code>{_e(n)}</code>" for n in names[:_SHOWN_MISSING])
    more = f" and {len(names) - _SHOWN_MISSING} more" if len(names) > _SHOWN_MISSING else ""
    return (
        f'<p class="not-implemented"><code>{_e(target)}</code> does not implement '
        f"{len(names)} operation{'s' if len(names) != 1 else ''}: {shown}{more}. Their "
        "constraint results are NOT IMPLEMENTED and listed after the other findings.</p>"
    )


def _implementation(table: Mapping[str, Any]) -> str:
    """Per target the coverage totals, the operations not implemented, then per family."""
    levels = list(table["levels"])
    targets = table["targets"]
    families = "".join(
        f"<details><summary><code>{_e(t)}</code> per resource ({len(e['families'])})</summary>"
        f"{_tally_table('Resource', e['families'].items(), levels)}</details>"
        for t, e in targets.items()
    )
    note = "" if table["complete"] else " The run is incomplete: no level is certified."
    return (
        '<section id="implementation"><h2>Implementation coverage</h2><p class="muted">'
        "Operations implemented (not NOT IMPLEMENTED), accepting valid requests, and meeting "
        f"each certification level (each includes the ones below).{note}</p>"
        f"{_tally_table('Target', targets.items(), levels)}"
        + "".join(_missing(t, e["not_implemented"]) for t, e in targets.items())
        + f"{families}</section>"
    )


def _heatmaps(report: Report, table: Mapping[str, Any], columns: list[str]) -> str:
    maps = "".join(
        f'<h3><code>{_e(target)}</code></h3><div class="figure">'
        f"{heatmap(report, target, entry, columns)}</div>"
        for target, entry in table["targets"].items()
    )
    return (
        '<section id="heatmaps"><h2>Heatmaps</h2><p class="muted">Rows: operations grouped by '
        "resource. Left: how many of the operation's constraints got each verdict (darker: a "
        "larger share). Middle: whether valid requests are accepted and responses conform. "
        "Right: each certification level, met or the number of constraints that block it. "
        "Select a cell (click, or Tab then Enter) to list its results below.</p>"
        f"{maps}</section>"
    )


def _changes(report: Report) -> str:
    if report.baseline is None:
        return ""
    maps = "".join(
        f'<h3><code>{_e(t)}</code></h3><div class="figure">{changes(report, t)}</div>'
        for t in report.target_names
    )
    return (
        f'<section id="changes"><h2>Changes since the baseline</h2><p class="muted">Against '
        f"<code>{_e(report.baseline.label)}</code> ({_e(report.baseline.source)}): fixed is a "
        "finding now ENFORCED, regressed an ENFORCED constraint now a finding, changed any "
        f"other move. Select a cell to list those results.</p>{maps}</section>"
    )


# -- certification ---------------------------------------------------------------------------


_SHOWN_IN_CELL = 3
#: A target's certification table is shown open up to this many operations, else folded.
_OPEN_ROWS = 30


def _open(rows: int) -> str:
    return " open" if rows <= _OPEN_ROWS else ""


def _level_td(entry: Mapping[str, Any], level: str, operation: str, target: str) -> str:
    """A level cell: "met", or "not met" and what blocks it (the first IDs, shortened)."""
    info = entry["levels"][level]
    if info["met"]:
        return '<td class="ok">met</td>'
    parts = []
    if level == "L1" and entry.get("note"):
        parts.append(_e(entry["note"]))
    blocking: list[str] = list(info["blocking"])
    if blocking:
        count = max(int(info["findings"]), len(blocking))
        prefix = operation + "."
        ids = ", ".join(
            f"<code>{_e(cid.removeprefix(prefix))}</code>" for cid in blocking[:_SHOWN_IN_CELL]
        )
        rest = count - min(len(blocking), _SHOWN_IN_CELL)
        link = _e(
            json.dumps(
                {"target": target, "operation": operation, "level": level, "verdict": "findings"}
            )
        )
        more = f' <a href="#results" data-filter="{link}">and {rest} more</a>' if rest else ""
        noun = "constraint blocks" if count == 1 else "constraints block"
        parts.append(f"{count} {noun} it: {ids}{more}")
    detail = "; ".join(parts) or "no detail recorded"
    return f'<td class="bad">not met<small>{detail}</small></td>'


def _certification(report: Report, table: Mapping[str, Any]) -> str:
    """Per target and operation, the highest level fully met (and the content hash)."""
    blocks = []
    for target, entry in table["targets"].items():
        rows = []
        for family, members in grouped(entry["operations"], report.header.families):
            rows.append(f'<tr><th colspan="6">{_e(family)}</th></tr>')
            for name in members:
                op = entry["operations"][name]
                cells = "".join(_level_td(op, lv, name, target) for lv in table["levels"])
                waived = " (with waivers)" if op["waived"] else ""
                rows.append(
                    f"<tr><td><code>{_e(name)}</code></td><td><strong>{_e(op['level'])}"
                    f"</strong>{waived}</td>{cells}</tr>"
                )
        digest = entry.get("hash")
        hash_line = f" · content hash <code>{_e(digest)}</code>" if digest else ""
        levels = "".join(f"<th>{_e(level)}</th>" for level in table["levels"])
        blocks.append(
            f"<details{_open(len(entry['operations']))}><summary><strong><code>{_e(target)}"
            f"</code>: level "
            f"{_e(entry['level'])}</strong>{hash_line}</summary>"
            '<table class="fixed certification"><colgroup><col style="width:14rem">'
            '<col style="width:7rem"></colgroup><thead><tr><th>Operation</th>'
            f"<th>Highest level met</th>{levels}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></details>"
        )
    note = "" if table["complete"] else "<p>The run is incomplete: no level is certified.</p>"
    return (
        '<section id="certification"><h2>Certification</h2><p>L1 shape, L2 values, '
        "L3 cross-field, L4 lifecycle and errors; each level includes the ones below it. A "
        f"level not met names the constraints that block it.</p>{note}{''.join(blocks)}"
        "</section>"
    )


# -- the matrix and the results (rendered by the script) -------------------------------------


def _matrix(table: Mapping[str, Any] | None) -> str:
    if table is None:
        return ""
    base = table["baseline"]
    head = "".join(f"<th><code>{_e(t)}</code></th>" for t in table["columns"])
    if base["source"] != "this run":
        head += f"<th><code>{_e(base['column'])}</code></th>"
    differs = ", ".join(
        f"<code>{_e(name)}</code> {count}" for name, count in table["differ_from_baseline"].items()
    )
    return (
        f'<section id="matrix"><h2>Targets compared</h2><p>{table["disagree"]} of '
        f"{table['constraints']} constraints get different verdicts from different targets. "
        f"Compared with <code>{_e(base['column'])}</code> ({_e(base['source'])}), constraints "
        f"that differ: {differs or 'none'}. The filters below apply here too.</p>"
        '<label><input type="checkbox" id="disagree-only" checked> only constraints the '
        'targets disagree on</label> <output id="matrix-shown"></output>'
        '<table class="fixed"><colgroup><col style="width:40%"><col style="width:4.5rem">'
        f"</colgroup><thead><tr><th>Constraint</th><th>Level</th>{head}<th>Agree</th></tr>"
        '</thead><tbody id="matrix-body"></tbody></table>'
        '<button type="button" class="more" id="matrix-more" hidden>Show 100 more</button>'
        "</section>"
    )


def _select(name: str, label: str, options: Iterable[tuple[str, str]], selected: str = "") -> str:
    rendered = "".join(
        f'<option value="{_e(value)}"{" selected" if value == selected else ""}>{_e(text)}</option>'
        for value, text in options
    )
    return f'<label>{_e(label)} <select name="{name}">{rendered}</select></label>'


def _filters(report: Report, data: Mapping[str, Any]) -> str:
    verdicts = [("findings", "findings only"), ("all", "all verdicts")]
    verdicts += [(v, v) for v in data["verdicts"]]
    every = [("", "all")]
    families = sorted(set(data["families"]))
    fields = [
        _select("verdict", "Verdict", verdicts, "findings"),
        _select("target", "Target", every + [(t, t) for t in data["targets"]]),
        _select("family", "Resource", every + [(f, f) for f in families]),
        _select("operation", "Operation", every + [(o, o) for o in data["operations"]]),
        _select("kind", "Kind", every + [(k, k) for k in data["kinds"]]),
        _select("level", "Level", every + [(lv, lv) for lv in ("L1", "L2", "L3", "L4")]),
    ]
    if report.baseline is not None:
        changes = ("changed", "fixed", "regressed", "same", "new")
        fields.append(_select("change", "Since baseline", every + [(c, c) for c in changes]))
    return (
        '<form class="filters" id="filters" hidden aria-label="Filter the results">'
        + "".join(fields)
        + '<label>Search <input type="search" name="text" placeholder="ID, message, path">'
        + '</label><button type="reset">Reset</button></form>'
    )


def _results(report: Report, data: Mapping[str, Any], compared: Mapping[str, Any] | None) -> str:
    return (
        f'<section id="results">{_filters(report, data)}{_matrix(compared)}'
        '<h2 id="results-heading" tabindex="-1">Results</h2>'
        '<output id="shown" aria-live="polite"></output>'
        "<noscript><p>The result rows are shown by the page's script; every result is also "
        "in report.json.</p></noscript>"
        '<div id="result-list"></div>'
        '<button type="button" class="more" id="more" hidden>Show 100 more</button></section>'
    )


def render_html(report: Report) -> str:
    """``report.html`` for ``report`` (a redacted report: writers redact before rendering)."""
    columns = _verdict_columns(report)
    table = certification(report)
    compared = matrix(report)
    data = embedded_data(report, columns, compared)
    findings = report.finding_count
    title = f"smcontract: {findings} finding{'s' if findings != 1 else ''}"
    if report.interrupted:
        title += " (interrupted)"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"{_header(report, compared is not None)}<main>{_glance(report, table, columns)}"
        f"{_implementation(implementation(report))}{_heatmaps(report, table, columns)}"
        f"{_changes(report)}"
        f"{_certification(report, table)}{_results(report, data, compared)}</main>"
        f'<script type="application/json" id="smc-data">{script_json(data)}</script>'
        f"<script>{JS}</script></body></html>\n"
    )
