"""Certification: the level each operation fully meets, the content hash, the target matrix.

Levels (``Result.level``, from :func:`smcontract.suites._verdicts.level_of`) are cumulative:

* **L1** shape: required members and types, and the operation accepts valid requests;
* **L2** values: length, pattern, enum, range, items, entries ...;
* **L3** cross-field: union, exactly-one, at-most-one, compare ...;
* **L4** lifecycle, documented defaults and errors.

An operation meets level *n* on a target when it accepts valid requests and no constraint of
levels 1 to *n* has a finding (``NOT ENFORCED``, ``WRONG ERROR``, ``SERVER ERROR``,
``NOT IMPLEMENTED``) or was left untested because the run stopped. ``WAIVED`` counts as met,
and the level says so (``waived``). Constraints nobody can test (output rules with no 2xx
body, superseded or unviolatable ones) do not block a level; their count is shown.

The content hash of a certify run, per target, is the SHA-256 of a canonical JSON document
holding the contracts' SHA-256, the run settings that decide the corpus, the corpus digest
and every verdict (the observed one: a waiver does not change the hash). The corpus digest
is the sum modulo 2**256 of the SHA-256 of each generated case (operation, constraint,
expectation, label, request): the order cases ran in, the workers and the sharding do not
change it, so the shards of a run merge to the digest of the whole. Lifecycle and setup
requests, which hold values the server chose, are not part of the corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from smcontract.reports._codec import from_json, member, to_json

if TYPE_CHECKING:
    from smcontract.reports._model import Header, OperationResult, Result

__all__ = [
    "LEVELS",
    "Baseline",
    "Corpus",
    "RunView",
    "below_level",
    "case_digest",
    "certification",
    "content_hash",
    "matrix",
]

LEVELS: tuple[str, ...] = ("L1", "L2", "L3", "L4")
#: Every level an operation can reach, lowest first ("none": not even L1).
_ORDER: tuple[str, ...] = ("none", *LEVELS)
_FINDINGS = frozenset({"NOT ENFORCED", "WRONG ERROR", "SERVER ERROR", "NOT IMPLEMENTED"})
#: UNTESTED reasons that mean "the run did not get there", which block a level.
_STOPPED = ("interrupted", "the run stopped before", "no verdict was emitted")
_MODULUS = 2**256
_BLOCKING_SHOWN = 10


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def case_digest(
    operation: str, constraint_id: str | None, expect: str, label: str, request: Any
) -> int:
    """The SHA-256 of one generated case, as an integer (a term of :class:`Corpus`)."""
    digest = hashlib.sha256(_canonical([operation, constraint_id, expect, label, request]))
    return int.from_bytes(digest.digest(), "big")


def _hex(total: int) -> str:
    return f"{total:064x}"


def _unhex(digest: Any) -> int:
    return int(str(digest), 16)


@dataclass(frozen=True)
class Corpus:
    """The generated cases sent to one target: how many, and their order-free digest."""

    cases: int = 0
    #: The sum of the cases' digests, written as ``digest`` (64 hex digits).
    total: int = field(default=0, metadata=member(key="digest", encode=_hex, decode=_unhex))

    def add(self, term: int) -> Corpus:
        """This corpus plus one case (a :func:`case_digest`)."""
        return Corpus(self.cases + 1, (self.total + term) % _MODULUS)

    def __add__(self, other: Corpus) -> Corpus:
        return Corpus(self.cases + other.cases, (self.total + other.total) % _MODULUS)

    @property
    def digest(self) -> str:
        """64 hex digits."""
        return _hex(self.total)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON."""
        return to_json(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Corpus:
        """The inverse of :meth:`to_dict`."""
        return from_json(cls, data)


class RunView(Protocol):
    """What certification reads of a report (a :class:`~smcontract.reports.Report`)."""

    @property
    def header(self) -> Header: ...

    @property
    def target_names(self) -> tuple[str, ...]: ...

    @property
    def results(self) -> tuple[Result, ...]: ...

    @property
    def operations(self) -> tuple[OperationResult, ...]: ...

    @property
    def corpus(self) -> Mapping[str, Corpus]: ...

    @property
    def baseline(self) -> Baseline | None: ...


@dataclass(frozen=True)
class Baseline:
    """A recorded run's verdicts on one target, to compare this run's targets with."""

    label: str
    source: str
    verdicts: Mapping[str, str]

    @classmethod
    def from_report(cls, report: RunView, source: str, target: str | None = None) -> Baseline:
        """The column of ``target`` in ``report`` (default: ``reference`` if present, else
        the first target)."""
        names = report.target_names
        if target is None:
            target = "reference" if "reference" in names else (names[0] if names else "")
        verdicts = {r.constraint_id: r.observed for r in report.results if r.target == target}
        return cls(f"{target} (baseline)", source, verdicts)


# -- levels ------------------------------------------------------------------------------------


def _stopped(result: Result) -> bool:
    return result.verdict == "UNTESTED" and result.reason.startswith(_STOPPED)


def operation_levels(
    results: Sequence[Result], operation: OperationResult | None
) -> dict[str, Any]:
    """The highest level one operation fully meets on one target, and each level's counts."""
    accepts = operation is not None and operation.valid_verdict == "ACCEPTS VALID"
    levels: dict[str, dict[str, Any]] = {}
    highest, waived, open_ = "none", False, accepts
    for level in LEVELS:
        mine = [r for r in results if (r.level or "L4") == level]
        blocking = [r.constraint_id for r in mine if r.is_finding or _stopped(r)]
        counts = {
            verdict: sum(r.verdict == verdict for r in mine)
            for verdict in ("ENFORCED", "WAIVED", "UNTESTED")
        }
        met = not blocking and (accepts or level != "L1")
        levels[level] = {
            "met": met,
            "constraints": len(mine),
            "enforced": counts["ENFORCED"],
            "waived": counts["WAIVED"],
            "untested": counts["UNTESTED"],
            "findings": sum(r.is_finding for r in mine),
            "blocking": blocking[:_BLOCKING_SHOWN],
        }
        open_ = open_ and met
        if open_:
            highest = level
            waived = waived or counts["WAIVED"] > 0
    entry: dict[str, Any] = {"level": highest, "waived": waived, "levels": levels}
    if not accepts:
        verdict = operation.valid_verdict if operation is not None else "UNTESTED"
        entry["note"] = f"valid requests: {verdict} (L1 needs ACCEPTS VALID)"
    return entry


def _lowest(levels: Iterable[str]) -> str:
    found = [_ORDER.index(level) for level in levels]
    return _ORDER[min(found)] if found else "none"


# -- the content hash ------------------------------------------------------------------------


def content_hash(report: RunView, target: str, corpus: Corpus) -> str:
    """The SHA-256 of what a certify run of ``target`` showed (see the module docstring)."""
    header = report.header
    document = {
        "contracts_sha256": header.contracts_sha256,
        "mode": header.mode,
        "seed": header.seed,
        "operations": sorted(header.operations),
        "settings": {
            k: header.settings.get(k) for k in ("max_examples", "valid_examples", "lifecycle")
        },
        "corpus": corpus.digest,
        "verdicts": sorted(
            [r.constraint_id, r.observed] for r in report.results if r.target == target
        ),
        "operation_verdicts": sorted(
            [o.operation, o.valid_verdict, o.response_verdict]
            for o in report.operations
            if o.target == target
        ),
    }
    return hashlib.sha256(_canonical(document)).hexdigest()


def certification(report: RunView) -> dict[str, Any]:
    """The ``certification`` section of ``report.json``: levels, and hashes in certify mode."""
    header = report.header
    complete = not header.interrupted and header.shard is None
    targets: dict[str, Any] = {}
    for target in report.target_names:
        by_op: dict[str, list[Result]] = {}
        for result in report.results:
            if result.target == target:
                by_op.setdefault(result.operation, []).append(result)
        ops = {o.operation: o for o in report.operations if o.target == target}
        operations = {
            name: operation_levels(by_op.get(name, []), ops.get(name))
            for name in sorted(set(by_op) | set(ops))
        }
        entry: dict[str, Any] = {
            "level": _lowest(op["level"] for op in operations.values()) if complete else "none",
            "operations": operations,
        }
        if header.mode == "certify":
            corpus = report.corpus.get(target, Corpus())
            entry["corpus"] = corpus.to_dict()
            entry["hash"] = content_hash(report, target, corpus) if complete else None
        targets[target] = entry
    return {"levels": list(LEVELS), "complete": complete, "targets": targets}


# -- the target matrix -----------------------------------------------------------------------


def matrix(report: RunView) -> dict[str, Any] | None:
    """Per constraint, each target's verdict and whether they agree (None with one column).

    The baseline column is ``report.baseline`` (a recorded run, ``--baseline``) when given,
    else the target named ``reference``, else the first target. Agreement compares what the
    implementations did: a WAIVED cell counts as the verdict it replaced.
    """
    columns = list(report.target_names)
    baseline = report.baseline
    if len(columns) + (baseline is not None) < 2:
        return None
    if baseline is not None:
        base_name = baseline.label
    else:
        base_name = "reference" if "reference" in columns else columns[0]
    grid: dict[str, dict[str, Result]] = {}
    for result in report.results:
        grid.setdefault(result.constraint_id, {})[result.target] = result
    rows = [_matrix_row(cid, grid[cid], columns, base_name, baseline) for cid in sorted(grid)]
    agreeing = sum(row["agree"] for row in rows)
    return {
        "columns": columns,
        "baseline": {
            "column": base_name,
            "source": baseline.source if baseline is not None else "this run",
        },
        "constraints": len(rows),
        "agree": agreeing,
        "disagree": len(rows) - agreeing,
        "differ_from_baseline": {
            name: sum(name in row["differ_from_baseline"] for row in rows)
            for name in columns
            if name != base_name
        },
        "rows": rows,
    }


def _matrix_row(
    cid: str,
    cells: Mapping[str, Result],
    columns: list[str],
    base_name: str,
    baseline: Baseline | None,
) -> dict[str, Any]:
    """One constraint's row: each column's verdict, the baseline's, and who differs."""
    any_result = next(iter(cells.values()))
    verdicts = {name: cells[name].verdict for name in columns if name in cells}
    observed = {name: cells[name].observed for name in columns if name in cells}
    reference = baseline.verdicts.get(cid) if baseline is not None else observed.get(base_name)
    different = sorted(
        (n for n, v in observed.items() if n != base_name and v != reference),
        key=columns.index,
    )
    values = set(observed.values()) | ({reference} if baseline is not None else set())
    return {
        "constraint_id": cid,
        "operation": any_result.operation,
        "kind": any_result.kind,
        "level": any_result.level,
        "verdicts": verdicts,
        "baseline": reference,
        "agree": len(values) == 1 and len(observed) == len(columns),
        "differ_from_baseline": different,
    }


# -- verify-report -----------------------------------------------------------------------------


def compare_certified(
    recorded: RunView, recorded_target: str, rerun: RunView, rerun_target: str
) -> list[str]:
    """What differs between a recorded certify run of one target and its re-run.

    Empty when the content hashes are equal. Otherwise one line per difference: contracts,
    settings, corpus, each constraint whose verdict changed, each operation verdict.
    """
    old_entry = certification(recorded)["targets"].get(recorded_target) or {}
    new_entry = certification(rerun)["targets"].get(rerun_target) or {}
    if old_entry.get("hash") and old_entry.get("hash") == new_entry.get("hash"):
        return []
    lines: list[str] = []
    if not old_entry.get("hash"):
        lines.append(
            f"the recorded report has no content hash for {recorded_target!r} (not a complete "
            "certify run)"
        )
    old, new = recorded.header, rerun.header
    if old.contracts_sha256 != new.contracts_sha256:
        lines.append(f"contracts: recorded {old.contracts_sha256}, now {new.contracts_sha256}")
    if old.smcontract_version != new.smcontract_version:
        lines.append(
            f"smcontract version: recorded {old.smcontract_version}, now "
            f"{new.smcontract_version} (the corpus may differ between versions)"
        )
    old_corpus, new_corpus = old_entry.get("corpus") or {}, new_entry.get("corpus") or {}
    if old_corpus != new_corpus:
        lines.append(
            f"corpus: recorded {old_corpus.get('cases')} cases, digest "
            f"{str(old_corpus.get('digest'))[:16]}; now {new_corpus.get('cases')} cases, digest "
            f"{str(new_corpus.get('digest'))[:16]}"
        )
    before = {r.constraint_id: r.observed for r in recorded.results if r.target == recorded_target}
    after = {r.constraint_id: r.observed for r in rerun.results if r.target == rerun_target}
    for cid in sorted(before.keys() | after.keys()):
        if before.get(cid) != after.get(cid):
            lines.append(f"{cid}: recorded {before.get(cid)}, now {after.get(cid)}")
    old_ops = {o.operation: o for o in recorded.operations if o.target == recorded_target}
    new_ops = {o.operation: o for o in rerun.operations if o.target == rerun_target}
    for name in sorted(old_ops.keys() | new_ops.keys()):
        a, b = old_ops.get(name), new_ops.get(name)
        pair_a = (a.valid_verdict, a.response_verdict) if a else None
        pair_b = (b.valid_verdict, b.response_verdict) if b else None
        if pair_a != pair_b:
            lines.append(f"{name}: recorded {pair_a}, now {pair_b}")
    if not lines:
        lines.append("the content hashes differ, but no verdict, corpus or setting does")
    return lines


def below_level(report: RunView, level: str) -> list[tuple[str, str, str]]:
    """``(target, operation, level met)`` for every operation short of ``level``.

    Empty when every operation of every target meets ``level`` (an incomplete run meets none).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    table = certification(report)
    short = []
    for target, entry in table["targets"].items():
        for operation, op in entry["operations"].items():
            met = op["level"] if table["complete"] else "none"
            if _ORDER.index(met) < _ORDER.index(level):
                short.append((target, operation, met))
    return short
