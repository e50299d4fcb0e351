"""Resource families: which operations create, describe, list, update, stop and delete one kind
of resource, parsed once from ``pack.json``'s ``resources`` into frozen records.

The lifecycle checks, the reference implementation and the runner's setup requests read these
fields; none of them knows a family by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Dependency", "Resource", "Role", "parse_resources"]


class Role(StrEnum):
    """What an operation does to its resource family (the keys of a family in pack.json)."""

    CREATE = "create"
    DESCRIBE = "describe"
    LIST = "list"
    UPDATE = "update"
    STOP = "stop"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Dependency:
    """A resource another family's Create names: ``member`` of the Create request holds the
    name (or ARN) of a ``resource``, which must exist first; ``sentence`` is the model's
    documentation that says so."""

    resource: str
    member: str
    sentence: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Dependency:
        return cls(
            resource=str(data["resource"]),
            member=str(data["member"]),
            sentence=str(data.get("sentence", "")),
        )


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource family of the pack."""

    name: str
    create: str | None = None
    describe: str | None = None
    list: str | None = None
    update: str | None = None
    stop: str | None = None
    delete: str | None = None
    name_member: str | None = None
    list_key: str | None = None
    arn_member: str | None = None
    depends_on: tuple[Dependency, ...] = ()

    def operation(self, role: Role) -> str | None:
        """The operation that plays ``role`` for this family, if the family has one."""
        value: str | None = getattr(self, role.value)
        return value

    def roles(self) -> Iterator[tuple[Role, str]]:
        """Every (role, operation) pair the family has, in lifecycle order."""
        for role in Role:
            operation = self.operation(role)
            if operation is not None:
                yield role, operation

    @property
    def operations(self) -> tuple[str, ...]:
        return tuple(operation for _, operation in self.roles())

    def role_of(self, operation: str) -> Role | None:
        return next((role for role, op in self.roles() if op == operation), None)

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> Resource:
        def text(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(
            name=name,
            create=text("create"),
            describe=text("describe"),
            list=text("list"),
            update=text("update"),
            stop=text("stop"),
            delete=text("delete"),
            name_member=text("name_member"),
            list_key=text("list_key"),
            arn_member=text("arn_member"),
            depends_on=tuple(Dependency.from_dict(d) for d in data.get("depends_on", ())),
        )


def parse_resources(data: Mapping[str, Mapping[str, Any]]) -> dict[str, Resource]:
    """``pack.json``'s ``resources`` object as typed records, in the document's order."""
    return {name: Resource.from_dict(name, spec) for name, spec in data.items()}
