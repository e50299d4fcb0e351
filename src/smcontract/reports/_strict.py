"""Strict mode's summary (``pytest --smcontract-strict``): the terminal table, ``strict.json``
and ``strict.md``.

The input is the JSON form of a strict session (``smcontract.strictmode``'s ledger plus a
header: mode, versions, the pack), so reports need nothing from the layer above. Both files
are redacted (an offending value may be an Environment entry holding a secret) and written
atomically, as every report is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smcontract.reports._io import atomic_write, check_writable
from smcontract.reports._redact import redact
from smcontract.reports._text import encode, md_cell, md_code, printable

__all__ = ["STRICT_FILES", "render_strict_md", "strict_lines", "write_strict"]

#: The files :func:`write_strict` writes.
STRICT_FILES = ("strict.json", "strict.md")
_COLUMNS = ("Operation", "Constraint", "Calls", "First test")


def _headline(data: Mapping[str, Any]) -> str:
    calls = data["calls"]
    outside = data.get("outside_pack", {})
    text = (
        f"{calls['checked']} SageMaker call(s) checked against the contract pack "
        f"(mode {data['mode']}), {calls['violating']} broke a request rule; "
        f"{calls['outside_pack']} call(s) to {len(outside)} operation(s) outside the pack "
        "passed through"
    )
    if calls.get("not_serializable"):
        text += f"; {calls['not_serializable']} botocore refused to serialize (not judged)"
    return text


def _row(item: Mapping[str, Any]) -> tuple[str, str, str, str]:
    test = item.get("first_test") or "(outside a test)"
    return item["operation"], item["constraint_id"], str(item["count"]), test


def strict_lines(data: Mapping[str, Any]) -> list[str]:
    """The terminal summary: a headline, the table (operation, constraint, calls, first test),
    and the members the pack does not know."""
    clean = redact(dict(data))
    lines = ["smcontract strict: " + _headline(clean)]
    rows = [_row(item) for item in clean["violations"]]
    if rows:
        widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(_COLUMNS)]
        for cells in (_COLUMNS, *rows):
            padded = (printable(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            lines.append("  ".join(padded).rstrip())
    for member in clean["unknown_members"]:
        lines.append(
            f"not checked: {member['operation']} member {member['member']} is not in the pack "
            "(see `smcontract contracts diff`)"
        )
    return lines


def render_strict_md(data: Mapping[str, Any]) -> str:
    """``strict.md``: the headline, one row per broken rule, the unknown members."""
    lines = ["## smcontract strict mode", "", md_cell(_headline(data), 600), ""]
    if data["violations"]:
        lines += [
            "| Operation | Constraint | Calls | First test | Example | Source |",
            "|---|---|---:|---|---|---|",
        ]
        for item in data["violations"]:
            value = "absent" if item["value"] is None else item["value"]
            example = f"{md_code(item['path'] or '(request)')} = {md_cell(value, 80)}"
            lines.append(
                f"| {md_cell(item['operation'])} | {md_code(item['constraint_id'])} "
                f"| {item['count']} | {md_cell(item.get('first_test') or '')} "
                f"| {example} | {md_cell(item['source'], 200)} |"
            )
    if data["unknown_members"]:
        lines += [
            "",
            "Members the contract pack does not know (not checked; see "
            "`smcontract contracts diff`):",
            "",
        ]
        for member in data["unknown_members"]:
            first = md_cell(member["first_test"] or "")
            lines.append(
                f"- {md_cell(member['operation'])} {md_code(member['member'])} (first: {first})"
            )
    return "\n".join(lines) + "\n"


def write_strict(data: Mapping[str, Any], directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``strict.json`` and ``strict.md`` into ``directory`` (redacted, atomic)."""
    target = check_writable(directory)
    clean = redact(dict(data))
    text = json.dumps(clean, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return [
        atomic_write(target / STRICT_FILES[0], encode(text)),
        atomic_write(target / STRICT_FILES[1], encode(render_strict_md(clean))),
    ]
