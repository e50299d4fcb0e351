"""The result rows of ``report.html`` as compact embedded data, rendered by the page's script.

The page embeds one ``<script type="application/json" id="smc-data">``: small lookup tables
in plain JSON (targets, operations and their families, kinds, verdicts, the row fields) and
the rows themselves as gzip-compressed JSON in base64 (``rows``), which the script unpacks
with the browser's ``DecompressionStream``. Rows are lists in the order of ``fields``; the
compression is deterministic (no timestamp), so the same report gives the same bytes. A
report of 1,309 results takes about 80 kB this way instead of 2 MB of server-side HTML.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Mapping
from typing import Any

from smcontract.reports._certify import matrix
from smcontract.reports._families import family_of
from smcontract.reports._figures import change_of
from smcontract.reports._implementation import not_implemented
from smcontract.reports._model import FINDING_VERDICTS, Result
from smcontract.reports._report import Report
from smcontract.reports._text import printable

__all__ = ["FIELDS", "MATRIX_FIELDS", "embedded_data", "read_embedded", "script_json"]

#: The members of one result row, in order (the script reads them by these names).
FIELDS: tuple[str, ...] = (
    "target",  # index into targets
    "operation",  # index into operations
    "id",
    "kind",  # index into kinds
    "verdict",
    "reason",
    "level",
    "layer",
    "cases",
    "path",
    "direction",
    "request",  # the recorded request (JSON), or null without evidence
    "response",  # status, error_code, message ... or null
    "shrunk",
    "whole",  # false when only the start of a large request was kept
    "reproduce",
    "waiver",
    "baseline",  # the recorded baseline's verdict (with --baseline), else null
    "change",  # fixed | regressed | changed | same | new, with a baseline, else null
)

#: The members of one matrix row, in order.
MATRIX_FIELDS: tuple[str, ...] = (
    "id",
    "operation",
    "kind",
    "level",
    "verdicts",
    "baseline",
    "agree",
)


#: Characters :func:`printable` escapes that ``json.dumps(ensure_ascii=False)`` leaves raw.
_RAW_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
#: A run of backslashes before what could be json's escape of a C0 control other than tab
#: and newline; it is one when the run is odd (its pairs are escaped backslashes).
_C0_ESCAPE = re.compile(r"(\\+)(u00[01][0-9a-f]|[rbf])")
_SHORT = {"r": 0x0D, "b": 0x08, "f": 0x0C}


def _c0(match: re.Match[str]) -> str:
    run, escape = match.groups()
    if len(run) % 2 == 0:
        return match.group()
    code = _SHORT[escape] if len(escape) == 1 else int(escape[1:], 16)
    return f"{run[:-1]}\\\\x{code:02x}"


def printable_json(raw: str) -> str:
    """Compact JSON text whose strings read as :func:`printable` made them (what
    ``_clean`` does to the values, done on the text: the rows of a real run hold control
    characters that generated requests carry, and walking them in Python costs seconds)."""
    raw = _RAW_UNSAFE.sub(lambda m: printable(m.group()).replace("\\", "\\\\"), raw)
    return _C0_ESCAPE.sub(_c0, raw)


def _pack(rows: Any) -> str:
    """``rows`` made printable, as gzip-compressed JSON in base64."""
    raw = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    packed = gzip.compress(printable_json(raw).encode("utf-8"), compresslevel=9, mtime=0)
    return base64.b64encode(packed).decode("ascii")


def _clean(value: Any) -> Any:
    """``value`` with every string (keys too) made :func:`printable`: the page shows rows with
    ``textContent``, which would let a bidi override or a control character through."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _row(result: Result, report: Report, index: dict[str, dict[str, int]]) -> list[Any]:
    evidence = result.evidence
    baseline = report.baseline
    before = baseline.verdicts.get(result.constraint_id) if baseline is not None else None
    change = change_of(result, before).value if baseline is not None else None
    return [
        index["targets"][result.target],
        index["operations"][result.operation],
        result.constraint_id,
        index["kinds"][result.kind],
        result.verdict,
        result.reason,
        result.level,
        result.layer,
        result.cases,
        result.path,
        result.direction,
        evidence.request if evidence is not None else None,
        evidence.response if evidence is not None else None,
        bool(evidence and evidence.shrunk),
        evidence.request_is_whole if evidence is not None else True,
        list(result.reproduce),
        result.waiver,
        before,
        change,
    ]


def _matrix_rows(
    table: Mapping[str, Any] | None, index: dict[str, dict[str, int]]
) -> dict[str, Any] | None:
    if table is None:
        return None
    columns = table["columns"]
    rows = [
        [
            row["constraint_id"],
            index["operations"][row["operation"]],
            index["kinds"][row["kind"]],
            row["level"],
            [row["verdicts"].get(column) for column in columns],
            row["baseline"],
            bool(row["agree"]),
        ]
        for row in table["rows"]
    ]
    base = table["baseline"]
    return {
        "columns": columns,
        "baseline": base["column"],
        "recorded": base["source"] != "this run",
        "rows": _pack(rows),
    }


def embedded_data(
    report: Report, verdicts: list[str], compared: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The page's data: lookup tables, then the packed rows (findings first, worst first).

    ``compared`` is ``matrix(report)`` when the caller has it already.
    """
    if compared is None:
        compared = matrix(report)
    targets = list(report.target_names)
    targets += sorted({r.target for r in report.results} - set(targets))
    operations = sorted(
        {r.operation for r in report.results} | {o.operation for o in report.operations}
    )
    kinds = sorted({r.kind for r in report.results})
    index = {
        "targets": {name: i for i, name in enumerate(targets)},
        "operations": {name: i for i, name in enumerate(operations)},
        "kinds": {name: i for i, name in enumerate(kinds)},
    }
    # Findings first, worst first; those of operations a target does not implement after
    # the others (one operation is hundreds of NOT IMPLEMENTED rows), then the rest.
    missing = {(t, op) for t in report.target_names for op in not_implemented(report, t)}
    findings = report.findings()
    ordered = [
        *(r for r in findings if (r.target, r.operation) not in missing),
        *(r for r in findings if (r.target, r.operation) in missing),
        *(r for r in report.results if not r.is_finding),
    ]
    return {
        "version": 1,
        "fields": list(FIELDS),
        "matrix_fields": list(MATRIX_FIELDS),
        "targets": _clean(targets),
        "operations": operations,
        "families": [family_of(op, report.header.families) for op in operations],
        "kinds": kinds,
        "verdicts": verdicts,
        "finding_verdicts": list(FINDING_VERDICTS),
        "baseline": report.baseline.label if report.baseline is not None else None,
        "count": len(ordered),
        "rows": _pack([_row(result, report, index) for result in ordered]),
        "matrix": _matrix_rows(compared, index),
    }


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">`` (no ``</script>``,
    no ``<!--``: every ``<``, ``>`` and ``&`` is a ``\\u`` escape)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_DATA = re.compile(r'<script type="application/json" id="smc-data">(.*?)</script>', re.S)


def _unpack(text: str) -> Any:
    return json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))


def read_embedded(html: str) -> dict[str, Any]:
    """The data a ``report.html`` embeds, unpacked: ``rows`` (and ``matrix.rows``) as lists
    of dicts keyed by :data:`FIELDS` (:data:`MATRIX_FIELDS`), with target, operation and kind
    names instead of indices. For tests and tools that read the page without a browser."""
    found = _DATA.search(html)
    if found is None:
        raise ValueError("no embedded smcontract data in this HTML")
    data: dict[str, Any] = json.loads(found.group(1))
    names = {"target": data["targets"], "operation": data["operations"], "kind": data["kinds"]}

    def named(fields: list[str], row: list[Any]) -> dict[str, Any]:
        item = dict(zip(fields, row, strict=True))
        for key, table in names.items():
            if isinstance(item.get(key), int):
                item[key] = table[item[key]]
        return item

    data["rows"] = [named(data["fields"], row) for row in _unpack(data["rows"])]
    if data.get("matrix"):
        fields = data["matrix_fields"]
        data["matrix"]["rows"] = [named(fields, row) for row in _unpack(data["matrix"]["rows"])]
    return data
