"""The constraint model: frozen, JSON-shaped, importing nothing downstream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from smcontract._hints import closest_hint
from smcontract.contracts._profiles import expand
from smcontract.contracts._resources import Resource
from smcontract.contracts.kinds import (
    CROSS_FIELD_KINDS,
    KINDS,
    SINGLE_REQUEST_KINDS,
    STATEFUL_KINDS,
    Direction,
    Kind,
    KindSpec,
    Params,
    Status,
    TypeParams,
    spec,
)
from smcontract.errors import UsageError

__all__ = [
    "CROSS_FIELD_KINDS",
    "KINDS",
    "SINGLE_REQUEST_KINDS",
    "STATEFUL_KINDS",
    "Constraint",
    "ContractPack",
    "Direction",
    "Example",
    "Kind",
    "OperationContract",
    "Status",
    "Violation",
    "unknown_operation",
]

P = TypeVar("P", bound=Params)


def unknown_operation(name: str, known: Iterable[str]) -> UsageError:
    """The error for an operation the pack does not have, naming the close ones."""
    known = sorted(known)
    hint = closest_hint(name, known, " Did you mean {}?", n=3, cutoff=0.4, sep=" or ")
    listed = ", ".join(known) if len(known) <= 20 else f"{len(known)}, list them with"
    return UsageError(
        f"unknown operation {name!r}.{hint} Known operations: {listed}"
        + (" smcontract contracts list." if len(known) > 20 else "."),
        value=name,
    )


@dataclass(frozen=True, slots=True)
class Constraint:
    """One documented rule of one operation, with where it comes from.

    ``params`` is the JSON mapping (hashed, reported); ``rule`` is the same parameters
    parsed once, at construction, into the kind's typed dataclass (``kinds.SPECS``).
    """

    id: str
    operation: str
    kind: Kind
    direction: Direction
    path: str
    params: Mapping[str, Any]
    source: Mapping[str, Any]
    confidence: str
    status: Status = Status.ACTIVE
    implies: tuple[str, ...] = ()
    expect: Mapping[str, Any] | None = None
    note: str | None = None
    superseded_by: str | None = None
    corroborated_by: tuple[Mapping[str, Any], ...] = ()
    rule: Params = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", spec(self.kind).parse(self.params))

    def rule_as(self, cls: type[P]) -> P:
        """The typed parameters, as the kind's dataclass ``cls`` (TypeError if they are not)."""
        rule = self.rule
        if not isinstance(rule, cls):
            raise TypeError(
                f"{self.id}: the params of a {self.kind} rule are {type(rule).__name__}, "
                f"not {cls.__name__}"
            )
        return rule

    @property
    def spec(self) -> KindSpec:
        """The kind's row of the kind table."""
        return spec(self.kind)

    @property
    def origin(self) -> str:
        return str(self.source.get("origin", ""))

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def single_request(self) -> bool:
        """Whether one request can break this rule (so the oracle checks it)."""
        return spec(self.kind).single_request(self.rule)

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
            kind=Kind(data["kind"]),
            direction=Direction(data["direction"]),
            path=data["path"],
            params=data.get("params", {}),
            source=data["source"],
            confidence=data["confidence"],
            status=Status(data.get("status", "active")),
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
    kind: Kind
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
                f"List them with: smcontract contracts list --operation {self.name}",
                value=constraint_id,
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
            c.path: c.rule.type
            for c in self.constraints
            if isinstance(c.rule, TypeParams) and c.direction == direction
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
        names = list(self.operations)
        if self.default_profile is None or self.default_profile not in self.profiles:
            return names
        return expand(names, self.profiles[self.default_profile])

    def expected_rejection(self, constraint: Constraint) -> Mapping[str, Any]:
        """The error code and HTTP status an implementation should answer for a violation."""
        if constraint.expect is not None:
            return constraint.expect
        reject: Mapping[str, Any] = self.defaults["reject"]
        return reject
