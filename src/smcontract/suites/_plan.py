"""The plan of a run: its units, their costs and shards, and what the report needs; pure.

A *unit* is owned by one worker with its own target instance: the valid requests of one
operation, the violating requests of one constraint, or the lifecycle scenario of one
resource. The plan is computed once per run (:mod:`._build`) and shared by every target;
nothing in it calls a target. With ``shard=(i, n)`` only the units of part ``i`` of ``n`` are
kept (:func:`shard_units`); :meth:`Plan.decides` says which constraints a shard judges.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import Constraint, ContractPack
from smcontract.errors import UsageError

__all__ = [
    "MODES",
    "Case",
    "Plan",
    "Seen",
    "Settings",
    "Unit",
    "UnitKey",
    "select_operations",
    "shard_units",
    "unit_cost",
    "unit_key",
]

MODES = ("certify", "fuzz")

#: Estimated cases of one lifecycle scenario (creates, describes, list pages, stops, deletes).
LIFECYCLE_COST = 60


@dataclass(frozen=True)
class Settings:
    """How a run draws and sends its cases (the ``run()`` arguments the plan needs)."""

    mode: str = "certify"
    seed: int | None = 0
    max_examples: int = 100
    valid_examples: int = 5


@dataclass
class Case:
    """One prepared request of a certify unit."""

    expect: str
    request: dict[str, Any]
    label: str
    #: The Create request that makes the case's resource first (else the run's one).
    setup: dict[str, Any] | None = None


@dataclass
class Unit:
    kind: str  # "valid" | "reject" | "lifecycle"
    operation: str
    constraint_id: str | None = None
    resource: str | None = None
    cases: list[Case] = field(default_factory=list)


#: (kind, operation or resource, constraint ID or "").
UnitKey = tuple[str, str, str]


def unit_key(unit: Unit) -> UnitKey:
    """A stable key of a unit: (kind, operation or resource, constraint ID or "")."""
    if unit.kind == "lifecycle":
        return ("lifecycle", str(unit.resource), "")
    return (unit.kind, unit.operation, unit.constraint_id or "")


def unit_cost(unit: Unit, settings: Settings, setups: Collection[str]) -> int:
    """The expected number of requests of a unit, from its boundary cases (before draws);
    ``setups`` are the operations whose valid requests need a setup Create."""
    if unit.kind == "lifecycle":
        return LIFECYCLE_COST
    certify = settings.mode == "certify"
    fuzz = settings.max_examples if not certify else 0
    if unit.kind == "valid":
        count = len(unit.cases) + (settings.valid_examples if certify else 0)
        per_case = 2 if unit.operation in setups else 1
        return (count + fuzz) * per_case
    return max(len(unit.cases), 3 if certify else 0) + fuzz


def shard_units(
    keys: Sequence[tuple[str, ...]], costs: Sequence[int], count: int
) -> list[list[tuple[str, ...]]]:
    """Split units into ``count`` parts of about equal cost, the same way in every process.

    Greedy longest-processing-time: units by cost (largest first, then by key), each to the
    part with the least cost so far (the lowest index on a tie). Every key lands in exactly
    one part; nothing depends on hashing or on the order ``keys`` come in.
    """
    if count < 1:
        raise UsageError(f"a run has at least 1 shard, got {count}")
    parts: list[list[tuple[str, ...]]] = [[] for _ in range(count)]
    loads = [0] * count
    for cost, key in sorted(zip(costs, keys, strict=True), key=lambda ck: (-ck[0], ck[1])):
        index = min(range(count), key=lambda i: (loads[i], i))
        parts[index].append(key)
        loads[index] += max(cost, 1)
    return parts


def select_operations(pack: ContractPack, operations: Iterable[str] | None) -> list[str]:
    """The selected operations in order, without repeats (the default profile when None)."""
    if operations is None:
        return pack.default_operations()
    selected = []
    for name in operations:
        pack.operation(name)  # raises UsageError with suggestions
        if name not in selected:
            selected.append(name)
    return selected


@dataclass(frozen=True)
class Seen:
    """What a shard's cases observed that decides more constraints (see :meth:`Plan.decides`):
    operations with a 2xx response, constraints with a judgement or a reason left untested."""

    operations: frozenset[str] = frozenset()
    constraints: frozenset[str] = frozenset()


@dataclass
class Plan:
    """The units of one run (this shard's, with their cases) and what the report needs."""

    operations: list[str]
    shard: tuple[int, int] | None
    #: Every unit of the run, of every shard (boundary cases only).
    all_units: list[Unit]
    #: This shard's units, with their drawn cases.
    units: list[Unit]
    unviolatable: dict[str, dict[str, str]]
    lifecycle_resources: list[str]
    resource_operations: dict[str, tuple[str, ...]]
    #: Operation -> the report's ``coverage`` of its covering corpus (certify runs).
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The unit keys of this shard and of the whole run (computed on first use).
    _unit_keys: tuple[frozenset[UnitKey], frozenset[UnitKey]] | None = field(
        default=None, repr=False, compare=False
    )

    def _keys(self) -> tuple[frozenset[UnitKey], frozenset[UnitKey]]:
        """The unit keys of this shard and of every shard, computed once: :meth:`decides`
        asks for each of a run's constraints (38,023 over the whole API)."""
        if self._unit_keys is None:
            self._unit_keys = (
                frozenset(unit_key(u) for u in self.units),
                frozenset(unit_key(u) for u in self.all_units),
            )
        return self._unit_keys

    def decides(self, constraint: Constraint, seen: Seen) -> bool:
        """Whether this shard gives ``constraint`` its verdict (always, when not sharded).

        A constraint with a rejection unit belongs to that unit's shard; an output constraint
        to every shard that saw a 2xx of its operation, or holds the operation's valid unit
        (the merge folds them); any other to the shard of its resource's lifecycle scenario,
        else to the shard of its operation's valid unit.
        """
        if self.shard is None:
            return True
        mine, every = self._keys()
        op = constraint.operation
        if ("reject", op, constraint.id) in mine:
            return True
        if constraint.direction == "output":
            return ("valid", op, "") in mine or op in seen.operations
        if constraint.id in seen.constraints:
            return True
        if ("reject", op, constraint.id) in every:
            return False
        for resource in self.lifecycle_resources:
            if op in self.resource_operations[resource]:
                return ("lifecycle", resource, "") in mine
        return ("valid", op, "") in mine
