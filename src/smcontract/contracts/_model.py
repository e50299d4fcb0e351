"""The constraint model: frozen, JSON-shaped, importing nothing downstream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract._hints import closest_hint
from smcontract.contracts._resources import Resource
from smcontract.errors import UsageError

__all__ = [
    "CROSS_FIELD_KINDS",
    "KINDS",
    "SINGLE_REQUEST_KINDS",
    "STATEFUL_KINDS",
    "Constraint",
    "ContractPack",
    "Example",
    "OperationContract",
    "Violation",
    "unknown_operation",
]


def unknown_operation(name: str, known: Iterable[str]) -> UsageError:
    """The error for an operation the pack does not have, naming the close ones."""
    known = sorted(known)
    hint = closest_hint(name, known, " Did you mean {}?", n=3, cutoff=0.4, sep=" or ")
    listed = ", ".join(known) if len(known) <= 20 else f"{len(known)}, list them with"
    return UsageError(
        f"unknown operation {name!r}.{hint} Known operations: {listed}"
        + (" smcontract contracts list." if len(known) > 20 else ".")
    )


#: Kinds a single request (or response) can show; the oracle checks these.
SINGLE_REQUEST_KINDS = frozenset(
    {
        "required",
        "type",
        "length",
        "pattern",
        "enum",
        "range",
        "items",
        "entries",
        "prefix",
        "suffix",
        "format",
        "union",
        "exactly-one",
        "at-most-one",
        "all-or-none",
        "present-only-if",
        "required-if",
        "compare",
    }
)
#: Kinds that relate several members of one object (certification level L3).
CROSS_FIELD_KINDS = frozenset(
    {
        "union",
        "exactly-one",
        "at-most-one",
        "all-or-none",
        "present-only-if",
        "required-if",
        "compare",
    }
)
#: Kinds that need state or behaviour over several calls.
STATEFUL_KINDS = frozenset({"default", "error", "lifecycle"})
KINDS = SINGLE_REQUEST_KINDS | STATEFUL_KINDS | {"unique"}


@dataclass(frozen=True, slots=True)
class Constraint:
    """One documented rule of one operation, with where it comes from."""

    id: str
    operation: str
    kind: str
    direction: str
    path: str
    params: Mapping[str, Any]
    source: Mapping[str, Any]
    confidence: str
    status: str = "active"
    implies: tuple[str, ...] = ()
    expect: Mapping[str, Any] | None = None
    note: str | None = None
    superseded_by: str | None = None
    corroborated_by: tuple[Mapping[str, Any], ...] = ()

    @property
    def origin(self) -> str:
        return str(self.source.get("origin", ""))

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def single_request(self) -> bool:
        """Whether one request can break this rule (so the oracle checks it)."""
        if self.kind == "unique":
            return "key" in self.params
        return self.kind in SINGLE_REQUEST_KINDS

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, as in the contract documents plus ``operation`` and ``origin``."""
        data: dict[str, Any] = {
            "id": self.id,
            "operation": self.operation,
            "kind": self.kind,
            "direction": self.direction,
            "path": self.path,
            "params": dict(self.params),
            "source": dict(self.source),
            "confidence": self.confidence,
            "status": self.status,
        }
        for name in ("implies", "corroborated_by"):
            value = getattr(self, name)
            if value:
                data[name] = [dict(v) if isinstance(v, Mapping) else v for v in value]
        for name in ("expect", "note", "superseded_by"):
            value = getattr(self, name)
            if value is not None:
                data[name] = dict(value) if isinstance(value, Mapping) else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], operation: str) -> Constraint:
        return cls(
            id=data["id"],
            operation=operation,
            kind=data["kind"],
            direction=data["direction"],
            path=data["path"],
            params=data.get("params", {}),
            source=data["source"],
            confidence=data["confidence"],
            status=data.get("status", "active"),
            implies=tuple(data.get("implies", ())),
            expect=data.get("expect"),
            note=data.get("note"),
            superseded_by=data.get("superseded_by"),
            corroborated_by=tuple(data.get("corroborated_by", ())),
        )


@dataclass(frozen=True, slots=True)
class Violation:
    """A constraint broken by one request (or response), at one concrete place."""

    constraint_id: str
    path: str
    kind: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {
            "constraint_id": self.constraint_id,
            "path": self.path,
            "kind": self.kind,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Example:
    """A documented request, with the sentence it comes from."""

    id: str
    operation: str
    source: Mapping[str, Any]
    request: Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class OperationContract:
    """Everything the pack says about one operation."""

    name: str
    constraints: tuple[Constraint, ...]
    examples: tuple[Example, ...] = ()
    input_shape: str | None = None
    output_shape: str | None = None
    errors: tuple[str, ...] = ()
    _by_id: dict[str, Constraint] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.constraints})

    def constraint(self, constraint_id: str) -> Constraint:
        try:
            return self._by_id[constraint_id]
        except KeyError:
            hint = closest_hint(constraint_id, self._by_id, " Closest: {}.", n=5, cutoff=0.5)
            raise UsageError(
                f"unknown constraint ID {constraint_id!r} for {self.name}.{hint} "
                f"List them with: smcontract contracts list --operation {self.name}"
            ) from None

    def select(
        self, *, direction: str | None = None, active: bool | None = True
    ) -> Iterator[Constraint]:
        for constraint in self.constraints:
            if direction is not None and constraint.direction != direction:
                continue
            if active is not None and constraint.active != active:
                continue
            yield constraint

    def types(self, direction: str = "input") -> dict[str, str]:
        """Member path -> model type, from the ``type`` constraints (the request's shape)."""
        return {
            c.path: str(c.params["type"])
            for c in self.constraints
            if c.kind == "type" and c.direction == direction
        }


@dataclass(frozen=True, eq=False)
class ContractPack:
    """A loaded, validated set of contract documents."""

    name: str
    service: Mapping[str, Any]
    operations: Mapping[str, OperationContract]
    defaults: Mapping[str, Any]
    resources: Mapping[str, Resource]
    origin: str
    sha256: str
    botocore_version: str | None = None
    #: Profile name -> operation names or globs (pack.json ``profiles``).
    profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_profile: str | None = None
    #: Create<X>/Describe<X> that form no family -> why (pack.json ``unresolved_families``).
    unresolved_families: Mapping[str, str] = field(default_factory=dict)

    def operation(self, name: str) -> OperationContract:
        try:
            return self.operations[name]
        except KeyError:
            raise unknown_operation(name, self.operations) from None

    def constraint(self, constraint_id: str) -> Constraint:
        operation = constraint_id.split(".", 1)[0].split("#", 1)[0]
        if operation not in self.operations:
            self.operation(operation)
        return self.operations[operation].constraint(constraint_id)

    def constraints(self) -> Iterator[Constraint]:
        """Every constraint of the pack (this reads every operation's documents)."""
        for operation in self.operations.values():
            yield from operation.constraints

    def default_operations(self) -> list[str]:
        """What a run checks when it names no operation: the default profile's operations
        (every operation when the pack has no default profile)."""
        from smcontract.contracts._select import pack_index, select_operations

        return select_operations(pack_index(self))

    def expected_rejection(self, constraint: Constraint) -> Mapping[str, Any]:
        """The error code and HTTP status an implementation should answer for a violation."""
        if constraint.expect is not None:
            return constraint.expect
        reject: Mapping[str, Any] = self.defaults["reject"]
        return reject
