"""What a valid request needs before it is sent, read from the pack: pure functions.

* A DescribeX / UpdateX / StopX / DeleteX request needs its resource: it is created first
  with a valid CreateX request of the same name (:func:`setup_table`).
* A Delete that a ``delete-only-in`` rule restricts is sent after a Stop (:func:`stop_table`).
* A paging token the server did not issue is refused for that alone, so it is dropped unless
  the case tests the token itself (:func:`token_table`, :meth:`Setup.without_token`).
* A List filter naming a parent resource (a trial, an experiment) is dropped when the pack
  says a missing parent is an error (:data:`PARENT_FILTERS`, :meth:`Setup.without_parents`):
  the run never creates parents; the lifecycle suite tests them.

:class:`Setup` holds the tables of one pack, computed once; it never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import Constraint, ContractPack, breaks
from smcontract.contracts.kinds import ErrorParams, LifecycleParams

__all__ = [
    "PARENT_FILTERS",
    "Setup",
    "parent_checked",
    "setup_table",
    "stop_of",
    "stop_table",
    "token_table",
]

#: Members of a List request that name a parent resource (which must exist).
PARENT_FILTERS = ("TrialName", "ExperimentName")


def setup_table(pack: ContractPack) -> dict[str, tuple[str, str]]:
    """Operation -> (create operation, name member) for ops that need an existing resource."""
    table: dict[str, tuple[str, str]] = {}
    for spec in pack.resources.values():
        create, name = spec.create, spec.name_member
        if not create or not name:
            continue
        for operation in (spec.describe, spec.update, spec.stop, spec.delete):
            if operation:
                table[operation] = (create, name)
    return table


def token_of(pack: ContractPack, operation: str) -> str | None:
    """The paging token member of ``operation``: its paging rule's, else ``NextToken`` for a
    family's List (reads that operation's contracts only)."""
    listed = any(spec.list == operation for spec in pack.resources.values())
    token = "NextToken" if listed and operation in pack.operations else None
    for constraint in pack.operation(operation).constraints if operation in pack.operations else ():
        rule = constraint.rule
        if isinstance(rule, LifecycleParams) and rule.rule == "paging":
            token = rule.token or "NextToken"
    return token


class _Tokens(Mapping[str, str]):
    """:func:`token_table` computed per operation on first lookup, so that a run reads the
    contracts of the operations it checks only (the pack holds every operation)."""

    def __init__(self, pack: ContractPack) -> None:
        self._pack = pack
        self._found: dict[str, str | None] = {}

    def __getitem__(self, operation: str) -> str:
        if operation not in self._found:
            self._found[operation] = token_of(self._pack, operation)
        token = self._found[operation]
        if token is None:
            raise KeyError(operation)
        return token

    def __iter__(self) -> Iterator[str]:
        return iter(token_table(self._pack))

    def __len__(self) -> int:
        return len(token_table(self._pack))


def token_table(pack: ContractPack) -> dict[str, str]:
    """Operation -> its paging token member (from the paging rules, else ``NextToken``)."""
    table = {op: token_of(pack, op) for op in pack.operations}
    return {op: token for op, token in table.items() if token is not None}


def stop_of(pack: ContractPack, operation: str) -> str | None:
    """The Stop to send before a valid ``operation`` when it is a Delete that a
    ``delete-only-in`` rule restricts (reads that operation's contracts only); the first
    resource that says so wins."""
    if operation not in pack.operations:
        return None
    specs = [spec for spec in pack.resources.values() if spec.delete == operation and spec.stop]
    if not specs or not any(
        c.active and isinstance(c.rule, LifecycleParams) and c.rule.rule == "delete-only-in"
        for c in pack.operation(operation).constraints
    ):
        return None
    return specs[0].stop


def stop_table(pack: ContractPack) -> dict[str, str]:
    """Delete operation -> the Stop to send before a valid one (:func:`stop_of` of every
    family's Delete)."""
    table: dict[str, str] = {}
    for spec in pack.resources.values():
        if spec.delete and spec.delete not in table:
            stop = stop_of(pack, spec.delete)
            if stop is not None:
                table[spec.delete] = stop
    return table


def parent_checked(pack: ContractPack, operation: str) -> bool:
    """Whether the pack says a missing resource is an error of ``operation`` (not-found)."""
    return any(
        c.active and isinstance(c.rule, ErrorParams) and c.rule.situation == "not-found"
        for c in pack.operation(operation).constraints
    )


@dataclass(frozen=True, eq=False)
class Setup:
    """The setup tables of one pack (:func:`setup_table`, :func:`token_table`,
    :func:`stop_table`) and what they do to a request."""

    pack: ContractPack
    creates: Mapping[str, tuple[str, str]] = field(init=False)
    #: Create operation -> the ARN member of its family (looked up per valid request).
    arns: Mapping[str, str | None] = field(init=False)
    tokens: Mapping[str, str] = field(init=False)
    #: Delete operation -> its Stop (:func:`stop_of`), filled on first lookup.
    stops: dict[str, str | None] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "creates", setup_table(self.pack))
        arns: dict[str, str | None] = {}
        for spec in self.pack.resources.values():
            if spec.create:
                arns.setdefault(spec.create, spec.arn_member)  # the first family, as before
        object.__setattr__(self, "arns", arns)
        object.__setattr__(self, "tokens", _Tokens(self.pack))
        object.__setattr__(self, "stops", {})

    def setup_for(self, operation: str) -> tuple[str, str] | None:
        """(create operation, name member) when ``operation`` needs an existing resource."""
        return self.creates.get(operation)

    def arn_member(self, create: str) -> str | None:
        """The ARN member of the family ``create`` makes (an Update or Delete may name its
        resource by ARN instead of by name: UpdateModelPackage's ``ModelPackageArn``)."""
        return self.arns.get(create)

    def stop_before(self, operation: str) -> str | None:
        """The Stop to send before a valid Delete that a ``delete-only-in`` rule restricts
        (reads the contracts of ``operation`` only, once)."""
        if operation not in self.stops:
            self.stops[operation] = stop_of(self.pack, operation)
        return self.stops[operation]

    def without_token(
        self, operation: str, request: dict[str, Any], constraint: Constraint | None
    ) -> dict[str, Any]:
        """``request`` without its paging token, unless the case tests the token itself.

        A token the server did not issue is refused for that reason alone (moto answers
        InvalidToken, AWS a ValidationException), which would hide what the case tests;
        tokens are tested by the lifecycle paging checks, with tokens the server issued.
        """
        token = self.tokens.get(operation)
        if token is None or token not in request:
            return request
        if constraint is not None and constraint.path.split(".")[0].split("[")[0] == token:
            return request
        stripped = {k: v for k, v in request.items() if k != token}
        if constraint is not None and not breaks(
            operation, constraint.id, stripped, pack=self.pack
        ):
            return request
        return stripped

    def without_parents(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        """A valid List request without the filters that name a parent resource, when the
        pack says a missing one is an error (such a request would be refused for that alone)."""
        if not any(member in request for member in PARENT_FILTERS):
            return request
        if not parent_checked(self.pack, operation):
            return request
        return {k: v for k, v in request.items() if k not in PARENT_FILTERS}
