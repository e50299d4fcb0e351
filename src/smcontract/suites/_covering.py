"""The covering cases of a certify run: every optional member in a valid request.

``strategies.covering(op)`` gives, per operation, valid requests that together set every
optional member, every enum value and every union branch. The certify run sends them as
valid cases, and sends each covering request of a resource's Create once more as the setup
of a Describe, so the Describe answer carries every member the Create can set and the output
rules of those members are judged. :func:`coverage_summary` is what the report shows per
operation. :func:`round_trip` judges the ``lifecycle`` round-trip rules on each of those
Describes: every value the covering Create set must come back, member by member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from smcontract.contracts import Constraint, ContractPack
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED

__all__ = [
    "CoveringCase",
    "CoveringSource",
    "coverage_summary",
    "covering_cases",
    "round_trip",
]

#: Differences named in a round-trip reason.
MAX_DIFFERENCES = 4

#: Missed items listed in a summary (the count is always complete).
MAX_MISSED = 20


class CoveringSource(Protocol):
    """What the covering cases need from the strategies (``strategies.covering``)."""

    def covering(self, operation: str) -> Any: ...


@dataclass(frozen=True)
class CoveringCase:
    """One valid request; ``setup`` is the Create request that makes its resource first."""

    request: dict[str, Any]
    label: str
    setup: dict[str, Any] | None = None


def covering_cases(
    pack: ContractPack, source: CoveringSource, operation: str
) -> tuple[list[CoveringCase], Any]:
    """The covering cases of ``operation`` and its ``Coverage`` (None without one)."""
    coverage = source.covering(operation)
    if coverage is None:
        return [], None
    cases = [
        CoveringCase(dict(request), f"covering {i}") for i, request in enumerate(coverage.requests)
    ]
    create = _create_of_describe(pack, operation)
    if create is not None and cases:
        made = source.covering(create)
        describe = cases[0].request
        for i, request in enumerate(made.requests if made is not None else ()):
            cases.append(
                CoveringCase(dict(describe), f"covering {create} {i}", setup=dict(request))
            )
    return cases, coverage


def _create_of_describe(pack: ContractPack, operation: str) -> str | None:
    for spec in pack.resources.values():
        create = spec.create
        if spec.describe == operation and create and create in pack.operations:
            return create
    return None


def round_trip(
    pack: ContractPack, operation: str, create: str, sent: Mapping[str, Any], body: Any
) -> list[tuple[Constraint, Judgement]]:
    """Judge ``operation``'s round-trip rules on one Describe ``body`` of the resource that
    the Create request ``sent`` made: each value ``sent`` set in a member the rule names
    must come back (the body may hold more: defaults, server members)."""
    from smcontract.suites.lifecycle import differences as _differences

    out: list[tuple[Constraint, Judgement]] = []
    for rule in pack.operation(operation).constraints:
        params = rule.params
        if rule.kind != "lifecycle" or not rule.active or params.get("rule") != "round-trip":
            continue
        if params.get("create") not in (None, create):
            continue
        members = {m: sent[m] for m in params.get("members", ()) if sent.get(m) is not None}
        diffs = _differences(members, body)
        if diffs:
            shown = "; ".join(diffs[:MAX_DIFFERENCES])
            more = len(diffs) - MAX_DIFFERENCES
            reason = f"Describe after a covering {create} differs: {shown}" + (
                f" (+{more} more)" if more > 0 else ""
            )
            out.append((rule, Judgement(NOT_ENFORCED, reason)))
        else:
            values = _leaves(members)
            reason = f"{values} values of {len(members)} members came back"
            out.append((rule, Judgement(ENFORCED, reason)))
    return out


def _leaves(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def coverage_summary(coverage: Any, setups: int = 0) -> dict[str, Any]:
    """The report's ``coverage`` of one operation: per item kind covered of total, and what
    no valid request could hold (with the reason)."""
    counts: Mapping[str, tuple[int, int]] = coverage.counts()
    missed = dict(coverage.missed)
    return {
        "requests": len(coverage.requests),
        "setups": setups,
        "members": list(counts.get("member", (0, 0))),
        "enum_values": list(counts.get("enum", (0, 0))),
        "branches": list(counts.get("branch", (0, 0))),
        "missed": [
            {"item": item, "reason": reason} for item, reason in list(missed.items())[:MAX_MISSED]
        ],
    }
