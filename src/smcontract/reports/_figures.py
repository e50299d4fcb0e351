"""The figures of ``report.html``: inline SVG drawn from a :class:`Report`, no external asset.

* :func:`heatmap`: per target, operations grouped by resource family (rows) against the
  constraint verdicts, the operation verdicts and the certification levels (columns). Every
  cell is a link that sets the result filters (``data-filter``), so the keyboard reaches
  them like any link; every level cell that is not met names what blocks it (its title and
  ``aria-label``).
* :func:`changes`: with a recorded baseline, per target and operation how many constraints
  were fixed, regressed or otherwise changed since the baseline.
* :func:`verdict_bar`: one stacked bar of a target's verdicts, with a legend.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from smcontract.reports._families import grouped
from smcontract.reports._model import FINDING_VERDICTS, OperationResult, Result
from smcontract.reports._text import printable
from smcontract.suites.events import ENFORCED

if TYPE_CHECKING:
    from smcontract.reports._report import Report

__all__ = ["Change", "change_of", "changes", "heatmap", "verdict_bar"]

#: Fill of each verdict (text and cells); a newer runner's verdict falls back to grey.
VERDICT_FILL: Mapping[str, str] = {
    "NOT ENFORCED": "#cf222e",
    "WRONG ERROR": "#bc4c00",
    "SERVER ERROR": "#8250df",
    "NOT IMPLEMENTED": "#57606a",
    "ENFORCED": "#1a7f37",
    "UNTESTED": "#8c959f",
    "WAIVED": "#0969da",
}
_OTHER_FILL = "#6e7781"
_EMPTY = "#f6f8fa"
_OK, _BAD, _BAD_BG = "#1a7f37", "#a40e26", "#ffebe9"
_NAME_W, _CELL_W, _SMALL_W, _GAP, _ROW_H, _HEAD_H = 200, 74, 54, 12, 22, 38


def _e(value: object) -> str:
    return escape(printable(value), quote=True)


def _attr_json(value: Mapping[str, str]) -> str:
    return _e(json.dumps(dict(value), ensure_ascii=True, separators=(",", ":")))


def _cell(
    x: float, y: float, w: float, *, fill: str, text: str, label: str, link: Mapping[str, str]
) -> str:
    """One linked cell: a rectangle, its centred text, and a title naming what it shows."""
    return (
        f'<a href="#results" class="cell" data-filter="{_attr_json(link)}" '
        f'aria-label="{_e(label)}"><title>{_e(label)}</title>'
        f'<rect x="{x:g}" y="{y:g}" width="{w - 2:g}" height="{_ROW_H - 2}" rx="3" '
        f'fill="{fill}"/><text x="{x + (w - 2) / 2:g}" y="{y + 15:g}" fill="{_ink(fill)}">'
        f"{_e(text)}</text></a>"
    )


def _blank(x: float, y: float, w: float) -> str:
    """An empty cell: a rectangle only."""
    size = f'width="{w - 2:g}" height="{_ROW_H - 2}"'
    return f'<rect x="{x:g}" y="{y:g}" {size} rx="3" fill="{_EMPTY}"/>'


def _ink(fill: str) -> str:
    """Text colour on ``fill`` (#rrggbb): red on the not-met pink, else dark or white by the
    fill's luminance."""
    if fill == _BAD_BG:
        return _BAD
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#1b1f24" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#fff"


def _shade(colour: str, share: float) -> str:
    """``colour`` (#rrggbb) mixed with white: a small share light, the whole row full."""
    strength = 0.22 + 0.78 * max(0.0, min(1.0, share))
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * strength) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@dataclass(frozen=True)
class _Columns:
    """Where each column of the heatmap starts."""

    verdicts: list[str]

    @property
    def ops_x(self) -> float:
        return _NAME_W + len(self.verdicts) * _CELL_W + _GAP

    @property
    def levels_x(self) -> float:
        return self.ops_x + 2 * _SMALL_W + _GAP

    @property
    def cases_x(self) -> float:
        return self.levels_x + 4 * _SMALL_W + _GAP

    @property
    def width(self) -> float:
        return self.cases_x + _SMALL_W + 4


_OP_SHORT = {
    "ACCEPTS VALID": "yes",
    "REJECTS VALID": "no",
    "RESPONSE CONFORMS": "yes",
    "RESPONSE VIOLATES": "no",
    "NOT IMPLEMENTED": "n/impl",
    "SERVER ERROR": "5xx",
}


def _op_cell(x: float, y: float, verdict: str, what: str, base: Mapping[str, str]) -> str:
    good = verdict in ("ACCEPTS VALID", "RESPONSE CONFORMS")
    untested = verdict == "UNTESTED"
    fill = _OK if good else (_EMPTY if untested else _BAD_BG)
    text = _OP_SHORT.get(verdict, "–" if untested else verdict[:6].lower())
    label = f"{base['operation']} on {base['target']}: {what}: {verdict}"
    return _cell(x, y, _SMALL_W, fill=fill, text=text, label=label, link=base)


def _level_cell(
    x: float, y: float, level: str, entry: Mapping[str, Any], base: dict[str, str]
) -> str:
    info = entry["levels"][level]
    where = f"{base['operation']} on {base['target']}"
    link = {**base, "level": level, "verdict": "findings"}
    if info["met"]:
        label = f"{where}: {level} met ({info['constraints']} constraints)"
        return _cell(x, y, _SMALL_W, fill=_OK, text="met", label=label, link=link)
    label = f"{where}: {level} not met: {blockers(entry, level)}"
    count = max(int(info["findings"]), len(info["blocking"]))
    text = f"✗ {count}" if count else "✗ valid"
    return _cell(x, y, _SMALL_W, fill=_BAD_BG, text=text, label=label, link=link)


def blockers(entry: Mapping[str, Any], level: str) -> str:
    """What keeps an operation's ``level`` from being met, in words (for a level not met)."""
    info = entry["levels"][level]
    parts = []
    if level == "L1" and entry.get("note"):
        parts.append(str(entry["note"]))
    shown: list[str] = list(info["blocking"])
    if shown:
        count = max(int(info["findings"]), len(shown))
        more = f" and {count - len(shown)} more" if count > len(shown) else ""
        noun = "constraint" if count == 1 else "constraints"
        parts.append(f"{count} {noun} block it: {', '.join(shown)}{more}")
    return "; ".join(parts) or "blocked (no detail recorded)"


def _header_row(columns: _Columns) -> str:
    heads = []
    for index, verdict in enumerate(columns.verdicts):
        x = _NAME_W + index * _CELL_W + (_CELL_W - 2) / 2
        words = verdict.split(" ", 1)
        spans = "".join(
            f'<tspan x="{x:g}" dy="{0 if i == 0 else 11}">{_e(w)}</tspan>'
            for i, w in enumerate(words)
        )
        heads.append(f'<text y="{14 if len(words) > 1 else 25}">{spans}</text>')
    small = [("valid", columns.ops_x), ("responses", columns.ops_x + _SMALL_W)]
    small += [(f"L{n}", columns.levels_x + (n - 1) * _SMALL_W) for n in range(1, 5)]
    small.append(("cases", columns.cases_x))
    heads += [f'<text x="{x + (_SMALL_W - 2) / 2:g}" y="25">{_e(name)}</text>' for name, x in small]
    return f'<g class="head" text-anchor="middle">{"".join(heads)}</g>'


def _counts_title(op: OperationResult | None) -> str:
    if op is None:
        return "no operation summary"
    counts = " · ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(op.counts.items()) if v)
    return counts or "no requests"


def _op_row(
    y: float,
    operation: str,
    target: str,
    columns: _Columns,
    results: list[Result],
    op: OperationResult | None,
    entry: Mapping[str, Any],
) -> str:
    base = {"target": target, "operation": operation}
    counts = Counter(r.verdict for r in results)
    total = max(1, len(results))
    name = (
        f'<a href="#results" class="cell" data-filter="{_attr_json({**base, "verdict": "all"})}">'
        f"<title>{_e(operation)}: {len(results)} constraints; requests: "
        f"{_e(_counts_title(op))}</title>"
        f'<text x="14" y="{y + 15:g}" class="op">{_e(operation)}</text></a>'
    )
    cells = [name]
    for index, verdict in enumerate(columns.verdicts):
        n = counts.get(verdict, 0)
        fill = _shade(VERDICT_FILL.get(verdict, _OTHER_FILL), n / total) if n else _EMPTY
        label = f"{operation} on {target}: {n} of {len(results)} constraints {verdict}"
        link = {**base, "verdict": verdict}
        x = _NAME_W + index * _CELL_W
        if not n:  # an empty cell is no link: half the cells of a row, and no tab stop
            cells.append(_blank(x, y, _CELL_W))
            continue
        cells.append(_cell(x, y, _CELL_W, fill=fill, text=str(n), label=label, link=link))
    valid = op.valid_verdict if op else "UNTESTED"
    response = op.response_verdict if op else "UNTESTED"
    cells.append(_op_cell(columns.ops_x, y, valid, "valid requests", base))
    cells.append(_op_cell(columns.ops_x + _SMALL_W, y, response, "responses", base))
    for n, level in enumerate(("L1", "L2", "L3", "L4")):
        if level in entry.get("levels", {}):
            cells.append(_level_cell(columns.levels_x + n * _SMALL_W, y, level, entry, base))
    sent = op.counts.get("cases", 0) if op else 0
    cells.append(
        f'<text x="{columns.cases_x + _SMALL_W - 6:g}" y="{y + 15:g}" text-anchor="end" '
        f'class="num"><title>{_e(_counts_title(op))}</title>{sent}</text>'
    )
    return "".join(cells)


def heatmap(report: Report, target: str, certified: Mapping[str, Any], verdicts: list[str]) -> str:
    """The heatmap of ``target`` (``certified``: its entry of ``certification(report)``)."""
    columns = _Columns(verdicts)
    by_op: dict[str, list[Result]] = {}
    for result in report.results:
        if result.target == target:
            by_op.setdefault(result.operation, []).append(result)
    ops = {o.operation: o for o in report.operations if o.target == target}
    names = sorted(set(by_op) | set(ops))
    rows: list[str] = []
    y = float(_HEAD_H)
    for family, members in grouped(names, report.header.families):
        link = {"target": target, "family": family, "verdict": "all"}
        rows.append(
            f'<a href="#results" class="cell" data-filter="{_attr_json(link)}">'
            f"<title>{_e(family)}: {len(members)} operations</title>"
            f'<text x="2" y="{y + 15:g}" class="family">{_e(family)}</text></a>'
        )
        y += _ROW_H
        for operation in members:
            entry = certified.get("operations", {}).get(operation, {})
            rows.append(
                _op_row(
                    y,
                    operation,
                    target,
                    columns,
                    by_op.get(operation, []),
                    ops.get(operation),
                    entry,
                )
            )
            y += _ROW_H
    height = y + 4
    title = f"{target}: constraint verdicts, operation verdicts and levels per operation"
    return (
        f'<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'width="{columns.width:g}" height="{height:g}" viewBox="0 0 {columns.width:g} {height:g}" '
        f'aria-label="{_e(title)}" data-target="{_e(target)}"><title>{_e(title)}</title>'
        f'{_header_row(columns)}<g text-anchor="middle">{"".join(rows)}</g></svg>'
    )


# -- changes against a recorded baseline -----------------------------------------------------


class Change(enum.Enum):
    """How a constraint's verdict moved from the baseline to this run."""

    FIXED = "fixed"
    REGRESSED = "regressed"
    CHANGED = "changed"
    SAME = "same"
    NEW = "new"


def change_of(result: Result, before: str | None) -> Change:
    """The :class:`Change` of ``result`` against the baseline's verdict ``before``."""
    after = result.observed
    if before is None:
        return Change.NEW
    if before == after:
        return Change.SAME
    if before in FINDING_VERDICTS and after == ENFORCED:
        return Change.FIXED
    if before == ENFORCED and after in FINDING_VERDICTS:
        return Change.REGRESSED
    return Change.CHANGED


_CHANGE_FILL = {Change.FIXED: _OK, Change.REGRESSED: "#cf222e", Change.CHANGED: "#bf8700"}


def changes(report: Report, target: str) -> str:
    """Per operation of ``target``: constraints fixed, regressed and changed since the
    baseline (an SVG grid like the heatmap), or "" without a baseline."""
    baseline = report.baseline
    if baseline is None:
        return ""
    tally: dict[str, Counter[Change]] = {}
    for result in report.results:
        if result.target == target:
            change = change_of(result, baseline.verdicts.get(result.constraint_id))
            tally.setdefault(result.operation, Counter())[change] += 1
    kinds = list(_CHANGE_FILL)
    width = _NAME_W + len(kinds) * _CELL_W + _SMALL_W + 8
    heads = "".join(
        f'<text x="{_NAME_W + i * _CELL_W + (_CELL_W - 2) / 2:g}" y="25">{k.value}</text>'
        for i, k in enumerate(kinds)
    )
    heads += f'<text x="{_NAME_W + len(kinds) * _CELL_W + _SMALL_W / 2:g}" y="25">same</text>'
    rows: list[str] = []
    y = float(_HEAD_H)
    for family, members in grouped(tally, report.header.families):
        rows.append(f'<text x="2" y="{y + 15:g}" class="family">{_e(family)}</text>')
        y += _ROW_H
        for operation in members:
            counts = tally[operation]
            rows.append(f'<text x="14" y="{y + 15:g}" class="op">{_e(operation)}</text>')
            for i, kind in enumerate(kinds):
                n = counts.get(kind, 0)
                label = f"{operation} on {target}: {n} constraints {kind.value} since the baseline"
                link = {"target": target, "operation": operation, "change": kind.value}
                fill = _CHANGE_FILL[kind] if n else _EMPTY
                x = _NAME_W + i * _CELL_W
                rows.append(
                    _cell(
                        x, y, _CELL_W, fill=fill, text=str(n) if n else "", label=label, link=link
                    )
                )
            same = counts.get(Change.SAME, 0)
            rows.append(
                f'<text x="{_NAME_W + len(kinds) * _CELL_W + _SMALL_W / 2:g}" y="{y + 15:g}" '
                f'class="num">{same}</text>'
            )
            y += _ROW_H
    title = f"{target} against {baseline.label}: constraints fixed, regressed, changed"
    return (
        f'<svg class="changes" xmlns="http://www.w3.org/2000/svg" role="group" width="{width:g}" '
        f'height="{y + 4:g}" viewBox="0 0 {width:g} {y + 4:g}" aria-label="{_e(title)}">'
        f'<title>{_e(title)}</title><g class="head" text-anchor="middle">{heads}</g>'
        f'<g text-anchor="middle">{"".join(rows)}</g></svg>'
    )


# -- one target's verdicts as a bar ----------------------------------------------------------


def verdict_bar(counts: Mapping[str, int], verdicts: list[str]) -> str:
    """A 100 %-wide stacked bar of ``counts`` and its legend (HTML around an SVG)."""
    total = sum(counts.get(v, 0) for v in verdicts)
    if total == 0:
        return '<p class="muted">No constraint results.</p>'
    x = 0.0
    parts = []
    for verdict in verdicts:
        n = counts.get(verdict, 0)
        if not n:
            continue
        w = 1000 * n / total
        fill = VERDICT_FILL.get(verdict, _OTHER_FILL)
        parts.append(
            f'<rect x="{x:.1f}" width="{w:.1f}" height="14" fill="{fill}">'
            f"<title>{_e(verdict)}: {n}</title></rect>"
        )
        x += w
    legend = "".join(
        f'<li><span class="swatch" style="background:{VERDICT_FILL.get(v, _OTHER_FILL)}">'
        f"</span>{_e(v)} <strong>{counts[v]}</strong></li>"
        for v in verdicts
        if counts.get(v)
    )
    return (
        '<svg class="bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 14" '
        f'preserveAspectRatio="none" role="img" aria-label="verdicts of {total} constraints">'
        f'{"".join(parts)}</svg><ul class="legend">{legend}</ul>'
    )
