"""``report.html``: one self-contained file, readable offline and without JavaScript.

Inline CSS and a small vanilla script only; a Content-Security-Policy forbids every fetch.
Every value is escaped with :func:`html.escape` (values come from targets). The script adds
filters (verdict, operation, kind, target, text) and copy buttons; without it every result
is shown. When it has run, ``<html data-ready="true">``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any

from smcontract.reports._certify import certification, matrix
from smcontract.reports._model import (
    FINDING_VERDICTS,
    OPERATION_FINDINGS,
    OperationResult,
    Report,
    Result,
)
from smcontract.reports._text import pretty_json, printable, response_line, verdict_slug
from smcontract.suites._events import VERDICTS

__all__ = ["render_html"]

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_CSS = """
:root { --fg:#1b1f24; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 1.5rem; max-width: 1400px; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all;
  margin: .3rem 0; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #b0b8c1; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.banner { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
  padding: .5rem .8rem; margin: .5rem 0; }
.verdict { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.v-not-enforced { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
.v-wrong-error { background: #fff1e5; color: #953800; border-color: #ffb77c; }
.v-server-error { background: #fbefff; color: #6e2da8; border-color: #d8b9ff; }
.v-not-implemented { background: #eaeef2; color: #24292f; border-color: #afb8c1; }
.v-enforced { background: #dafbe1; color: #116329; border-color: #4ac26b; }
.v-untested { background: #f6f8fa; color: #59636e; border-color: #d1d9e0; }
.v-waived { background: #ddf4ff; color: #0550ae; border-color: #80ccff; }
tr.disagree td { background: #fff8c5; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .8rem; position: sticky; top: 0; z-index: 1; }
form.filters label { display: flex; gap: .3rem; align-items: center; }
details.result { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0;
  padding: .3rem .7rem; }
details.result > summary { cursor: pointer; display: flex; gap: .6rem; align-items: baseline;
  flex-wrap: wrap; }
details.result .reason { color: var(--muted); }
details.result dl.meta { margin: .5rem 0;
  grid-template-columns: repeat(4, max-content minmax(6rem, 1fr)); }
td.nowrap, .tally { white-space: nowrap; }
.cmd { position: relative; }
button.copy { position: absolute; top: .3rem; right: .3rem; font-size: 11px; }
.v-accepts-valid, .v-response-conforms { background: #dafbe1; color: #116329;
  border-color: #4ac26b; }
.v-rejects-valid, .v-response-violates { background: #ffebe9; color: #a40e26;
  border-color: #ff8182; }
div.scroll { overflow-x: auto; }
[hidden] { display: none !important; }
.muted { color: var(--muted); }
td.ok { background: #dafbe1; color: #116329; } td.bad { background: #ffebe9; color: #a40e26; }
"""

_JS = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filterable]"));
  var shown = document.getElementById("shown");
  function value(name) { return form.elements[name] ? form.elements[name].value : ""; }
  function list(el, name) {
    try { return JSON.parse(el.getAttribute(name) || "[]"); } catch (e) { return []; }
  }
  function matches(el, f) {
    var verdicts = list(el, "data-verdicts");
    if (f.verdict === "findings") {
      if (el.getAttribute("data-finding") !== "yes") { return false; }
    } else if (f.verdict !== "all" && verdicts.indexOf(f.verdict) < 0) { return false; }
    if (f.operation && el.getAttribute("data-operation") !== f.operation) { return false; }
    if (f.kind && el.getAttribute("data-kind") !== f.kind) { return false; }
    if (f.target && list(el, "data-targets").indexOf(f.target) < 0) { return false; }
    if (f.text && el.textContent.toLowerCase().indexOf(f.text) < 0) { return false; }
    return true;
  }
  function apply() {
    var f = { verdict: value("verdict"), operation: value("operation"), kind: value("kind"),
              target: value("target"), text: value("text").trim().toLowerCase() };
    var results = 0, total = 0;
    items.forEach(function (el) {
      var ok = matches(el, f);
      el.hidden = !ok;
      if (el.classList.contains("result")) { total += 1; if (ok) { results += 1; } }
    });
    if (shown) { shown.textContent = "Showing " + results + " of " + total + " results"; }
  }
  function copy(pre, button) {
    var text = pre.textContent;
    function done() { button.textContent = "Copied"; setTimeout(function () {
      button.textContent = "Copy"; }, 1500); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { select(pre); });
    } else { select(pre); }
  }
  function select(pre) {
    var range = document.createRange(); range.selectNodeContents(pre);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }
  document.querySelectorAll("pre.cmd").forEach(function (pre) {
    var button = document.createElement("button");
    button.type = "button"; button.className = "copy"; button.textContent = "Copy";
    button.addEventListener("click", function () { copy(pre, button); });
    pre.appendChild(button);
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-ready", "true");
})();
"""


def _e(value: object) -> str:
    """Escape ``value`` for HTML text or a quoted attribute."""
    return escape(printable(value), quote=True)


def _verdict(verdict: str) -> str:
    return f'<span class="verdict v-{verdict_slug(verdict)}">{_e(verdict)}</span>'


def _json_attr(values: Iterable[str]) -> str:
    return _e(json.dumps(list(values), ensure_ascii=True))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _num(count: int) -> str:
    return f'<td class="num{" zero" if count == 0 else ""}">{count}</td>'


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


def _header(report: Report) -> str:
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
    return (
        f"<header><h1>smcontract conformance report</h1>{banner}"
        f'<dl class="meta">{meta}</dl><h2>Targets</h2><table id="targets"><thead><tr>'
        f"<th>Target</th><th>Identity</th></tr></thead><tbody>{targets}</tbody></table></header>"
    )


# -- summary and operations ------------------------------------------------------------------


def _summary(report: Report, columns: list[str]) -> str:
    head = "".join(f'<th class="num">{_verdict(v)}</th>' for v in columns)
    rows = []
    for s in report.summaries:
        cells = "".join(_num(s.verdicts.get(v, 0)) for v in columns)
        rows.append(
            f'<tr data-target="{_e(s.target)}"><th><code>{_e(s.target)}</code></th>{cells}'
            f"{_num(s.cases)}{_num(s.harness_errors)}</tr>"
        )
    totals = report.verdicts
    total_cells = "".join(_num(totals.get(v, 0)) for v in columns)
    cases = sum(s.cases for s in report.summaries)
    errors = sum(s.harness_errors for s in report.summaries)
    found = report.finding_count
    operations = sum(len(op.finding_verdicts) for op in report.operations)
    return (
        '<section id="summary"><h2>Summary by verdict</h2>'
        f'<p id="finding-count"><strong>{found} finding{"s" if found != 1 else ""}</strong>: '
        f"{found - operations} constraint, {operations} operation (valid requests refused, "
        'responses off-contract)</p><div class="scroll">'
        '<table class="verdicts"><thead><tr>'
        f'<th>Target</th>{head}<th class="num">Cases</th><th class="num">Harness errors</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody><tfoot><tr><th>All targets</th>"
        f"{total_cells}{_num(cases)}{_num(errors)}</tr></tfoot></table></div></section>"
    )


def _operation_is_finding(op: OperationResult) -> bool:
    """True when valid requests are not accepted or responses break the contract."""
    return op.valid_verdict in OPERATION_FINDINGS or op.response_verdict in OPERATION_FINDINGS


def _verdict_tally(results: list[Result], columns: list[str]) -> str:
    """Badges with counts for the verdicts the operation's constraints got."""
    counts = Counter(r.verdict for r in results)
    parts = [
        f'<span class="tally">{_verdict(v)}&#8239;×{counts[v]}</span>'
        for v in columns
        if counts.get(v)
    ]
    return " ".join(parts) or '<span class="muted">none</span>'


def _operation_row(op: OperationResult, results: list[Result], columns: list[str]) -> str:
    verdicts = sorted({r.verdict for r in results})
    extra = ", ".join(f"{k}: {v}" for k, v in sorted(op.counts.items()))
    note = f' <span class="muted">({_e(op.note)})</span>' if op.note else ""
    finding = any(r.is_finding for r in results) or _operation_is_finding(op)
    return (
        f'<tr data-filterable data-finding="{_yes(finding)}" '
        f'data-verdicts="{_json_attr(verdicts)}" data-operation="{_e(op.operation)}" data-kind="" '
        f'data-targets="{_json_attr([op.target])}"><td><code>{_e(op.target)}</code></td>'
        f"<td><code>{_e(op.operation)}</code>{note}</td><td>{_verdict(op.valid_verdict)}</td>"
        f"<td>{_verdict(op.response_verdict)}</td><td>{_verdict_tally(results, columns)}</td>"
        f'<td class="nowrap">{_e(extra)}</td></tr>'
    )


def _operations(report: Report, columns: list[str]) -> str:
    by_key: dict[tuple[str, str], list[Result]] = {}
    for result in report.results:
        by_key.setdefault((result.target, result.operation), []).append(result)
    rows = [
        _operation_row(op, by_key.get((op.target, op.operation), []), columns)
        for op in report.operations
    ]
    return (
        '<section id="operations"><h2>By operation</h2><div class="scroll"><table><thead><tr>'
        "<th>Target</th><th>Operation</th><th>Valid requests</th><th>Responses</th>"
        "<th>Constraint verdicts</th><th>Counts</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


# -- the target-by-constraint matrix ---------------------------------------------------------


def _matrix(report: Report) -> str:
    """Per constraint, each column's verdict, the baseline's, and whether they agree."""
    table = matrix(report)
    if table is None:
        return ""
    columns = table["columns"]
    base = table["baseline"]
    head = "".join(f"<th><code>{_e(t)}</code></th>" for t in columns)
    recorded = base["source"] != "this run"
    if recorded:
        head += f"<th><code>{_e(base['column'])}</code></th>"
    rows = [_matrix_row(row, columns, recorded) for row in table["rows"]]
    differs = ", ".join(
        f"<code>{_e(name)}</code> {count}" for name, count in table["differ_from_baseline"].items()
    )
    return (
        f'<section id="matrix"><h2>Targets compared</h2><p>{table["disagree"]} of '
        f"{table['constraints']} constraints get different verdicts from different targets. "
        f"Compared with <code>{_e(base['column'])}</code> ({_e(base['source'])}), constraints "
        f"that differ: {differs or 'none'}.</p>"
        '<div class="scroll"><table><thead><tr>'
        f"<th>Constraint</th><th>Kind</th><th>Level</th>{head}<th>Agree</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _matrix_row(row: dict[str, Any], columns: list[str], recorded: bool) -> str:
    verdicts: dict[str, str] = row["verdicts"]
    cells = [
        f'<td data-target="{_e(t)}">{_verdict(verdicts[t])}</td>'
        if t in verdicts
        else '<td class="muted">-</td>'
        for t in columns
    ]
    if recorded:
        baseline = row["baseline"]
        cells.append(f"<td>{_verdict(baseline)}</td>" if baseline else '<td class="muted">-</td>')
    agree = bool(row["agree"])
    finding = not agree or any(v in FINDING_VERDICTS for v in verdicts.values())
    flag = "yes" if agree else "no"
    return (
        f'<tr data-filterable data-agree="{flag}" class="{"" if agree else "disagree"}" '
        f'data-finding="{_yes(finding)}" '
        f'data-verdicts="{_json_attr(verdicts.values())}" data-operation="{_e(row["operation"])}" '
        f'data-kind="{_e(row["kind"])}" data-targets="{_json_attr(verdicts)}">'
        f"<td><code>{_e(row['constraint_id'])}</code></td><td>{_e(row['kind'])}</td>"
        f"<td>{_e(row['level'] or '-')}</td>{''.join(cells)}<td>{flag}</td></tr>"
    )


# -- certification ---------------------------------------------------------------------------


def _certification(report: Report) -> str:
    """Per target and operation, the highest level fully met (and the content hash)."""
    table = certification(report)
    blocks = []
    for target, entry in table["targets"].items():
        rows = []
        for name, op in entry["operations"].items():
            cells = "".join(
                f'<td class="{"ok" if level["met"] else "bad"}">'
                f"{'met' if level['met'] else _e(', '.join(level['blocking'][:3]) or 'not met')}"
                "</td>"
                for level in op["levels"].values()
            )
            waived = " (with waivers)" if op["waived"] else ""
            rows.append(
                f"<tr><td><code>{_e(name)}</code></td><td><strong>{_e(op['level'])}</strong>"
                f"{waived}</td>{cells}</tr>"
            )
        digest = entry.get("hash")
        hash_line = f" · content hash <code>{_e(digest)}</code>" if digest else ""
        levels = "".join(f"<th>{_e(level)}</th>" for level in table["levels"])
        blocks.append(
            f"<h3><code>{_e(target)}</code>: level {_e(entry['level'])}{hash_line}</h3>"
            '<div class="scroll"><table><thead><tr><th>Operation</th><th>Highest level met</th>'
            f"{levels}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
    note = "" if table["complete"] else "<p>The run is incomplete: no level is certified.</p>"
    return (
        '<section id="certification"><h2>Certification</h2><p>L1 shape, L2 values, '
        "L3 cross-field, L4 lifecycle and errors; each level includes the ones below it."
        f"</p>{note}{''.join(blocks)}</section>"
    )


# -- results ---------------------------------------------------------------------------------


def _select(name: str, label: str, options: list[tuple[str, str]], selected: str = "") -> str:
    rendered = "".join(
        f'<option value="{_e(value)}"{" selected" if value == selected else ""}>{_e(text)}</option>'
        for value, text in options
    )
    return f'<label>{_e(label)} <select name="{name}">{rendered}</select></label>'


def _filters(report: Report, columns: list[str]) -> str:
    verdicts = [("findings", "findings only"), ("all", "all verdicts")]
    verdicts += [(v, v) for v in columns]
    operations = [("", "all")] + [(o, o) for o in sorted({r.operation for r in report.results})]
    kinds = [("", "all")] + [(k, k) for k in sorted({r.kind for r in report.results})]
    targets = [("", "all")] + [(t, t) for t in report.target_names]
    return (
        '<form class="filters" id="filters" hidden>'
        + _select("verdict", "Verdict", verdicts, "findings")
        + _select("operation", "Operation", operations)
        + _select("kind", "Kind", kinds)
        + _select("target", "Target", targets)
        + '<label>Search <input type="search" name="text" placeholder="ID, message, path">'
        + '</label><output id="shown"></output></form>'
    )


def _evidence(result: Result) -> str:
    evidence = result.evidence
    if evidence is None:
        return '<p class="muted">No request was recorded.</p>'
    title = "Request (minimal: shrunk by Hypothesis)" if evidence.shrunk else "Request"
    note = ""
    if not evidence.request_is_whole:
        note = '<p class="muted">The request was too large to keep; only its start is shown.</p>'
    return (
        f'<h4>{title}</h4>{note}<pre class="request">{_e(pretty_json(evidence.request))}</pre>'
        f"<h4>Response</h4><p>{_e(response_line(evidence.response))}</p>"
        f'<pre class="response">{_e(pretty_json(evidence.response))}</pre>'
    )


def _result(result: Result) -> str:
    meta = [
        ("Target", result.target),
        ("Operation", result.operation),
        ("Kind", result.kind),
        ("Path", result.path or "-"),
        ("Direction", result.direction),
        ("Level", result.level or "-"),
        ("Rejected by", result.layer or "-"),
        ("Cases", result.cases),
    ]
    if result.waiver is not None:
        waiver = result.waiver
        meta += [
            ("Waived verdict", f"{waiver.get('verdict')}: {waiver.get('reason')}"),
            ("Waiver", f"{waiver.get('source')} (until {waiver.get('expires')})"),
        ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta)
    commands = "".join(f'<pre class="cmd">{_e(c)}</pre>' for c in result.reproduce)
    return (
        f'<details class="result" data-filterable data-id="{_e(result.constraint_id)}" '
        f'data-finding="{_yes(result.is_finding)}" '
        f'data-verdicts="{_json_attr([result.verdict])}" '
        f'data-operation="{_e(result.operation)}" data-kind="{_e(result.kind)}" '
        f'data-targets="{_json_attr([result.target])}"><summary>{_verdict(result.verdict)}'
        f"<code>{_e(result.constraint_id)}</code><span>{_e(result.target)}</span>"
        f'<span class="reason">{_e(result.reason)}</span></summary><dl class="meta">{dl}</dl>'
        f"{_evidence(result)}<h4>Reproduce</h4>{commands}</details>"
    )


def _results(report: Report, columns: list[str]) -> str:
    findings = report.findings()
    others = [r for r in report.results if not r.is_finding]
    body = "".join(_result(r) for r in [*findings, *others])
    return (
        f'<section id="results"><h2>Results</h2>{_filters(report, columns)}'
        f'<div id="result-list">{body}</div></section>'
    )


def render_html(report: Report) -> str:
    """``report.html`` for ``report`` (a redacted report: writers redact before rendering)."""
    columns = _verdict_columns(report)
    findings = report.finding_count
    title = f"smcontract: {findings} finding{'s' if findings != 1 else ''}"
    if report.interrupted:
        title += " (interrupted)"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"{_header(report)}<main>{_summary(report, columns)}{_operations(report, columns)}"
        f"{_certification(report)}{_matrix(report)}{_results(report, columns)}</main>"
        f"<script>{_JS}</script></body></html>\n"
    )
