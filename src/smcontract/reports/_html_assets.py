"""The inline stylesheet and script of ``report.html`` (no external asset, no network).

The script reads ``#smc-data`` (see :mod:`._html_data`), unpacks the rows, fills the result
list and the target matrix a page at a time, and wires the filters: the form's controls and
every heatmap cell (a link with ``data-filter``). Evidence of a result is built when its
``<details>`` is opened. When the rows are shown it sets ``<html data-ready="true">``.
"""

from __future__ import annotations

__all__ = ["CSP", "CSS", "JS"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

CSS = """
:root { --fg:#1b1f24; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem; max-width: 1280px; }
h1 { font-size: 1.5rem; margin: 0 0 .4rem; } h2 { font-size: 1.2rem; margin: 1.8rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; display: flex; gap: .6rem; align-items: center;
  flex-wrap: wrap; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { overflow-wrap: anywhere; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: .6rem .8rem; white-space: pre-wrap; word-break: break-all; margin: .3rem 0; }
table { border-collapse: collapse; margin: .5rem 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; }
table.fixed { table-layout: fixed; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .6rem 0; }
.banner { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
  padding: .5rem .8rem; margin: .5rem 0; }
.badges { display: flex; flex-wrap: wrap; gap: .4rem; margin: .3rem 0; }
.verdict { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.v-not-enforced { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
.v-wrong-error { background: #fff1e5; color: #953800; border-color: #ffb77c; }
.v-server-error { background: #fbefff; color: #6e2da8; border-color: #d8b9ff; }
.v-not-implemented { background: #eaeef2; color: #24292f; border-color: #afb8c1; }
.v-enforced { background: #dafbe1; color: #116329; border-color: #4ac26b; }
.v-untested { background: #f6f8fa; color: #59636e; border-color: #d1d9e0; }
.v-waived { background: #ddf4ff; color: #0550ae; border-color: #80ccff; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem; margin: .4rem 0; padding: 0; }
figure.stat { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .3rem .7rem;
  min-width: 6.5rem; background: var(--soft); }
figure.stat .n { display: block; font-size: 1.35rem; font-weight: 650;
  font-variant-numeric: tabular-nums; }
figure.stat figcaption { color: var(--muted); font-size: 12px; }
figure.stat.bad .n { color: #a40e26; } figure.stat.good .n { color: #116329; }
svg.bar { width: 100%; height: 14px; display: block; border-radius: 3px; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; padding: 0;
  margin: .3rem 0; font-size: 12px; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  margin-right: .3rem; vertical-align: -1px; }
.figure { max-width: 100%; overflow: hidden; }
svg.heatmap, svg.changes { max-width: 100%; height: auto; display: block;
  font: 11.5px system-ui, -apple-system, "Segoe UI", sans-serif; }
svg .head { fill: var(--muted); font-size: 10.5px; }
svg .family { font-weight: 700; text-anchor: start; fill: var(--fg); }
svg .op { text-anchor: start; fill: var(--fg); }
svg .num { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg a.cell:focus { outline: none; }
svg a.cell:focus rect, svg a.cell:hover rect { stroke: #0969da; stroke-width: 2; }
svg a.cell:focus text.op, svg a.cell:focus text.family { text-decoration: underline; }
td.ok { background: #dafbe1; color: #116329; } td.bad { background: #ffebe9; color: #a40e26; }
td.bad small { color: var(--fg); display: block; }
tr.disagree td { background: #fff8c5; }
form.filters { display: flex; flex-wrap: wrap; gap: .4rem .9rem; align-items: center;
  background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .8rem; position: sticky; top: 0; z-index: 1; }
form.filters label { display: flex; gap: .3rem; align-items: center; }
form.filters select { max-width: 15rem; }
:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
details.result { border: 1px solid var(--line); border-radius: 6px; margin: .35rem 0;
  padding: .3rem .7rem; }
details.result > summary { cursor: pointer; display: flex; gap: .6rem; align-items: baseline;
  flex-wrap: wrap; }
details.result .reason { color: var(--muted); overflow-wrap: anywhere; }
details.result dl.meta { margin: .5rem 0;
  grid-template-columns: repeat(4, max-content minmax(4rem, 1fr)); }
.cmd { position: relative; padding-right: 4.5rem; }
button.copy { position: absolute; top: .3rem; right: .3rem; font-size: 11px; }
button.more { margin: .5rem 0; }
[hidden] { display: none !important; }
#results-heading, #matrix { scroll-margin-top: 6rem; }
#matrix-shown, #shown { margin-left: 1rem; color: var(--muted); }
.muted { color: var(--muted); }
"""

JS = r"""
(function () {
  "use strict";
  var PAGE = 100;
  var data = JSON.parse(document.getElementById("smc-data").textContent);
  var form = document.getElementById("filters");
  var list = document.getElementById("result-list");
  var shown = document.getElementById("shown");
  var more = document.getElementById("more");
  var findingSet = {};
  data.finding_verdicts.forEach(function (v) { findingSet[v] = true; });
  var rows = [], matrixRows = [], limit = PAGE, matrixLimit = PAGE;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function slug(v) { return String(v).toLowerCase().replace(/[^a-z0-9]+/g, "-"); }
  function pill(v) { return el("span", "verdict v-" + slug(v), v); }
  function objects(fields, packed) {
    return packed.map(function (row) {
      var o = {};
      fields.forEach(function (name, i) { o[name] = row[i]; });
      return o;
    });
  }
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i += 1) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  function value(name) { return form.elements[name] ? form.elements[name].value : ""; }
  function filters() {
    return { verdict: value("verdict"), target: value("target"), family: value("family"),
             operation: value("operation"), kind: value("kind"), level: value("level"),
             change: value("change"), text: value("text").trim().toLowerCase() };
  }
  function common(f, op, kind, level, text) {
    if (f.family && data.families[op] !== f.family) { return false; }
    if (f.operation && data.operations[op] !== f.operation) { return false; }
    if (f.kind && data.kinds[kind] !== f.kind) { return false; }
    if (f.level && level !== f.level) { return false; }
    if (f.text && text.toLowerCase().indexOf(f.text) < 0) { return false; }
    return true;
  }
  function matches(r, f) {
    if (f.verdict === "findings") { if (!findingSet[r.verdict]) { return false; } }
    else if (f.verdict !== "all" && f.verdict && r.verdict !== f.verdict) { return false; }
    if (f.target && data.targets[r.target] !== f.target) { return false; }
    if (f.change === "changed") { if (r.change === "same" || !r.change) { return false; } }
    else if (f.change && r.change !== f.change) { return false; }
    return common(f, r.operation, r.kind, r.level, r.id + " " + r.reason + " " + r.path);
  }
  function meta(r) {
    var dl = el("dl", "meta");
    var items = [["Target", data.targets[r.target]], ["Operation", data.operations[r.operation]],
      ["Kind", data.kinds[r.kind]], ["Path", r.path || "-"], ["Direction", r.direction],
      ["Level", r.level || "-"], ["Rejected by", r.layer || "-"], ["Cases", r.cases]];
    if (r.baseline) { items.push(["Baseline", r.baseline + " (" + r.change + ")"]); }
    if (r.waiver) {
      items.push(["Waived verdict", r.waiver.verdict + ": " + r.waiver.reason]);
      items.push(["Waiver", r.waiver.source + " (until " + r.waiver.expires + ")"]);
    }
    items.forEach(function (kv) {
      dl.appendChild(el("dt", "", kv[0]));
      dl.appendChild(el("dd", "", kv[1]));
    });
    return dl;
  }
  function copyButton(pre) {
    var button = el("button", "copy", "Copy");
    button.type = "button";
    button.addEventListener("click", function () {
      var text = pre.firstChild.textContent;
      var done = function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { select(pre); });
      } else { select(pre); }
    });
    pre.appendChild(button);
  }
  function select(pre) {
    var range = document.createRange(); range.selectNodeContents(pre.firstChild);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }
  function responseLine(s) {
    if (!s) { return "no response"; }
    var parts = ["HTTP " + (s.status === null || s.status === undefined ? "-" : s.status)];
    if (s.error_code) { parts.push(s.error_code); }
    if (s.message) { parts.push(s.message); }
    return parts.join(" · ");
  }
  function body(r, box) {
    box.appendChild(meta(r));
    if (r.request === null && r.response === null) {
      box.appendChild(el("p", "muted", "No request was recorded."));
    } else {
      var title = r.shrunk ? "Request (minimal: shrunk by Hypothesis)" : "Request";
      box.appendChild(el("h4", "", title));
      if (!r.whole) {
        var cut = "The request was too large to keep; only its start is shown.";
        box.appendChild(el("p", "muted", cut));
      }
      box.appendChild(el("pre", "request", JSON.stringify(r.request, null, 2)));
      box.appendChild(el("h4", "", "Response"));
      box.appendChild(el("p", "", responseLine(r.response)));
      box.appendChild(el("pre", "response", JSON.stringify(r.response, null, 2)));
    }
    box.appendChild(el("h4", "", "Reproduce"));
    r.reproduce.forEach(function (command) {
      var pre = el("pre", "cmd");
      pre.appendChild(el("span", "", command));
      copyButton(pre);
      box.appendChild(pre);
    });
  }
  function item(r) {
    var d = el("details", "result");
    d.setAttribute("data-id", r.id);
    d.setAttribute("data-verdict", r.verdict);
    d.setAttribute("data-target", data.targets[r.target]);
    var s = el("summary");
    s.appendChild(pill(r.verdict));
    s.appendChild(el("code", "", r.id));
    s.appendChild(el("span", "", data.targets[r.target]));
    if (r.change && r.change !== "same") {
      s.appendChild(el("span", "muted", r.change + " (was " + (r.baseline || "-") + ")"));
    }
    s.appendChild(el("span", "reason", r.reason));
    d.appendChild(s);
    var box = el("div");
    d.appendChild(box);
    d.addEventListener("toggle", function () {
      if (d.open && !box.firstChild) { body(r, box); }
    });
    return d;
  }
  function render() {
    var f = filters(), hits = rows.filter(function (r) { return matches(r, f); });
    var frag = document.createDocumentFragment();
    hits.slice(0, limit).forEach(function (r) { frag.appendChild(item(r)); });
    list.textContent = "";
    list.appendChild(frag);
    shown.textContent = "Showing " + Math.min(limit, hits.length) + " of " + hits.length +
      " matching results (" + rows.length + " in all)";
    more.hidden = hits.length <= limit;
    renderMatrix(f);
  }
  function renderMatrix(f) {
    var table = document.getElementById("matrix-body");
    if (!table || !data.matrix) { return; }
    var only = document.getElementById("disagree-only").checked;
    var hits = matrixRows.filter(function (m) {
      if (only && m.agree) { return false; }
      return common(f, m.operation, m.kind, m.level, m.id);
    });
    var frag = document.createDocumentFragment();
    hits.slice(0, matrixLimit).forEach(function (m) {
      var tr = el("tr", m.agree ? "" : "disagree");
      tr.setAttribute("data-agree", m.agree ? "yes" : "no");
      var first = el("td"); first.appendChild(el("code", "", m.id)); tr.appendChild(first);
      tr.appendChild(el("td", "", m.level || "-"));
      var cells = m.verdicts.slice();
      if (data.matrix.recorded) { cells.push(m.baseline); }
      cells.forEach(function (v) {
        var td = el("td"); if (v) { td.appendChild(pill(v)); } else { td.textContent = "-"; }
        tr.appendChild(td);
      });
      tr.appendChild(el("td", "", m.agree ? "yes" : "no"));
      frag.appendChild(tr);
    });
    table.textContent = "";
    table.appendChild(frag);
    document.getElementById("matrix-shown").textContent = "Showing " +
      Math.min(matrixLimit, hits.length) + " of " + hits.length + " constraints";
    document.getElementById("matrix-more").hidden = hits.length <= matrixLimit;
  }
  function setFilter(spec) {
    form.reset();
    Object.keys(spec).forEach(function (name) {
      if (form.elements[name]) { form.elements[name].value = spec[name]; }
    });
    limit = PAGE;
    render();
    var heading = document.getElementById("results-heading");
    heading.scrollIntoView();
    heading.focus();
  }
  function ready() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-filter]") : null;
      if (!link) { return; }
      event.preventDefault();
      setFilter(JSON.parse(link.getAttribute("data-filter")));
    });
    form.addEventListener("input", function () { limit = PAGE; matrixLimit = PAGE; render(); });
    form.addEventListener("change", function () { limit = PAGE; matrixLimit = PAGE; render(); });
    form.addEventListener("reset", function () { setTimeout(render, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { limit += PAGE; render(); });
    var mm = document.getElementById("matrix-more");
    if (mm) { mm.addEventListener("click", function () { matrixLimit += PAGE; render(); }); }
    var only = document.getElementById("disagree-only");
    if (only) { only.addEventListener("change", function () { matrixLimit = PAGE; render(); }); }
    form.hidden = false;
    render();
    document.documentElement.setAttribute("data-ready", "true");
  }
  if (typeof DecompressionStream === "undefined") {
    shown.textContent = "This browser cannot unpack the result rows (no DecompressionStream); " +
      "every result is in report.json.";
    return;
  }
  function start() {
    var jobs = [unpack(data.rows).then(function (packed) { rows = objects(data.fields, packed); })];
    if (data.matrix) {
      jobs.push(unpack(data.matrix.rows).then(function (packed) {
        matrixRows = objects(data.matrix_fields, packed);
      }));
    }
    Promise.all(jobs).then(ready, function (error) {
      shown.textContent = "The result rows could not be read (" + error + "); see report.json.";
    });
  }
  // The figures paint first; the rows are unpacked after that frame.
  requestAnimationFrame(function () { setTimeout(start, 0); });
})();
"""
