"""What a valid request needs before it is sent, read from the pack: pure functions.

* A DescribeX / StopX / DeleteX request needs its resource: it is created first with a valid
  CreateX request of the same name (:func:`setup_table`).
* A Delete that a ``delete-only-in`` rule restricts is sent after a Stop (:func:`stop_table`).
* A paging token the server did not issue is refused for that alone, so it is dropped unless
  the case tests the token itself (:func:`token_table`, :meth:`Setup.without_token`).
* A List filter naming a parent resource (a trial, an experiment) is dropped when the pack
  says a missing parent is an error (:data:`PARENT_FILTERS`, :meth:`Setup.without_parents`):
  the run never creates parents; the lifecycle suite tests them.

:class:`Setup` holds the tables of one pack, computed once; it never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.contracts import Constraint, ContractPack, breaks
from smcontract.contracts.kinds import ErrorParams, LifecycleParams

__all__ = [
    "PARENT_FILTERS",
    "Setup",
    "parent_checked",
    "setup_table",
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
        for operation in (spec.describe, spec.stop, spec.delete):
            if operation:
                table[operation] = (create, name)
    return table


def token_table(pack: ContractPack) -> dict[str, str]:
    """Operation -> its paging token member (from the paging rules, else ``NextToken``)."""
    table: dict[str, str] = {}
    for spec in pack.resources.values():
        op = spec.list
        if op and op in pack.operations:
            table[op] = "NextToken"
    for constraint in pack.constraints():
        rule = constraint.rule
        if isinstance(rule, LifecycleParams) and rule.rule == "paging":
            table[constraint.operation] = rule.token or "NextToken"
    return table


def stop_table(pack: ContractPack) -> dict[str, str]:
    """Delete operation -> the Stop to send before a valid one (a ``delete-only-in`` rule
    allows the delete only once the job is over); the first resource that says so wins."""
    table: dict[str, str] = {}
    for spec in pack.resources.values():
        if not spec.delete or not spec.stop or spec.delete not in pack.operations:
            continue
        if any(
            c.active and isinstance(c.rule, LifecycleParams) and c.rule.rule == "delete-only-in"
            for c in pack.operation(spec.delete).constraints
        ):
            table.setdefault(spec.delete, spec.stop)
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
    tokens: Mapping[str, str] = field(init=False)
    stops: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "creates", setup_table(self.pack))
        object.__setattr__(self, "tokens", token_table(self.pack))
        object.__setattr__(self, "stops", stop_table(self.pack))

    def setup_for(self, operation: str) -> tuple[str, str] | None:
        """(create operation, name member) when ``operation`` needs an existing resource."""
        return self.creates.get(operation)

    def stop_before(self, operation: str) -> str | None:
        """The Stop to send before a valid Delete that a ``delete-only-in`` rule restricts."""
        return self.stops.get(operation)

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
