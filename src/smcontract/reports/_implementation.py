"""The implementation-coverage table: how much of the SageMaker API a target implements.

Per target, over the run's operations and over each resource family (``Header.families``):
how many operations there are, how many are implemented (not ``NOT IMPLEMENTED``), how many
accept valid requests (``ACCEPTS VALID``) and how many meet each certification level (an
operation at L3 meets L1, L2 and L3). It is the ``implementation`` section of
``report.json`` and the first table of ``report.md`` and ``report.html``, a table an
emulator can publish as it is.

An operation is not implemented when its valid-request verdict is ``NOT IMPLEMENTED``, or
when it sent no valid request and every constraint verdict it has is ``NOT IMPLEMENTED``.
The views name such an operation once, however many constraint findings it carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from smcontract.reports._certify import LEVELS, certification
from smcontract.reports._families import grouped
from smcontract.suites.events import NOT_IMPLEMENTED, UNTESTED, Verdict

if TYPE_CHECKING:
    from smcontract.reports._certify import RunView
    from smcontract.reports._model import OperationResult, Result

__all__ = ["COLUMNS", "findings_by_operation", "implementation", "not_implemented", "tally_row"]

#: The counts of one row, in the order the tables show them (then one per level).
COLUMNS: tuple[str, ...] = ("operations", "implemented", "accepting_valid", "untested")
_RANK = {level: index for index, level in enumerate(("none", *LEVELS))}


def _unimplemented(operation: OperationResult | None, results: Sequence[Result]) -> bool:
    if operation is not None and operation.valid_verdict == NOT_IMPLEMENTED:
        return True
    untried = operation is None or operation.valid_verdict == UNTESTED
    return untried and bool(results) and all(r.verdict == NOT_IMPLEMENTED for r in results)


def not_implemented(report: RunView, target: str) -> list[str]:
    """The operations ``target`` does not implement, sorted by name."""
    by_op: dict[str, list[Result]] = {}
    for result in report.results:
        if result.target == target:
            by_op.setdefault(result.operation, []).append(result)
    ops = {o.operation: o for o in report.operations if o.target == target}
    return sorted(
        name for name in set(by_op) | set(ops) if _unimplemented(ops.get(name), by_op.get(name, []))
    )


def _tally(
    names: Iterable[str],
    missing: set[str],
    ops: Mapping[str, OperationResult],
    levels: Mapping[str, Any],
) -> dict[str, Any]:
    names = list(names)
    valid = [ops[n].valid_verdict if n in ops else UNTESTED for n in names]
    reached = [_RANK[str(levels.get(n, {}).get("level", "none"))] for n in names]
    return {
        "operations": len(names),
        "implemented": sum(n not in missing for n in names),
        "accepting_valid": sum(v == Verdict.ACCEPTS_VALID for v in valid),
        "untested": sum(
            v == UNTESTED and n not in missing for n, v in zip(names, valid, strict=True)
        ),
        "levels": {lv: sum(r >= _RANK[lv] for r in reached) for lv in LEVELS},
    }


def implementation(report: RunView) -> dict[str, Any]:
    """The ``implementation`` section of ``report.json`` (see the module docstring)."""
    table = certification(report)
    families = report.header.families
    targets: dict[str, Any] = {}
    for target in report.target_names:
        ops = {o.operation: o for o in report.operations if o.target == target}
        levels = table["targets"].get(target, {}).get("operations", {})
        names = sorted(set(ops) | set(levels))
        missing = set(not_implemented(report, target))
        entry = _tally(names, missing, ops, levels)
        entry["not_implemented"] = sorted(missing)
        entry["families"] = {
            family: _tally(members, missing, ops, levels)
            for family, members in grouped(names, families)
        }
        targets[target] = entry
    return {"levels": list(LEVELS), "complete": table["complete"], "targets": targets}


def tally_row(tally: Mapping[str, Any]) -> list[str]:
    """The cells of one table row: each count of :data:`COLUMNS` but the first shown as
    ``n (p%)`` of the operations, then the operations meeting each level."""
    total = int(tally["operations"])

    def share(n: int) -> str:
        return f"{n} ({100 * n // total}%)" if total else str(n)

    cells = [str(total), *(share(int(tally[c])) for c in COLUMNS[1:])]
    return cells + [share(int(tally["levels"][lv])) for lv in LEVELS]


def findings_by_operation(
    report: RunView, skip: Mapping[str, Iterable[str]] | None = None
) -> list[tuple[str, str, dict[str, dict[str, int]]]]:
    """``(target, operation, {kind: {verdict: count}})`` for every operation with constraint
    findings, targets in run order and operations by name; ``skip`` maps a target to the
    operations to leave out (those it does not implement, listed once elsewhere)."""
    skipped = {target: set(names) for target, names in (skip or {}).items()}
    order = {name: index for index, name in enumerate(report.target_names)}
    groups: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for result in report.results:
        if not result.is_finding or result.operation in skipped.get(result.target, set()):
            continue
        kinds = groups.setdefault((result.target, result.operation), {})
        verdicts = kinds.setdefault(result.kind, {})
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    keys = sorted(groups, key=lambda k: (order.get(k[0], len(order)), k[1]))
    return [(target, operation, groups[(target, operation)]) for target, operation in keys]
