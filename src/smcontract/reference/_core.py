"""The reference's store and the pack lookups every part of it shares (``Core``).

Resources come from ``pack.resources`` (which operation creates, describes, lists, stops and
deletes which resource, and its name member); rules from the pack, typed by their kind
(``Constraint.rule``). ``disabled`` switches constraints off by ID (see ``_service``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from smcontract.contracts import Constraint, ContractPack, Resource, parse_path
from smcontract.contracts.kinds import (
    DefaultParams,
    EnumParams,
    ErrorParams,
    Kind,
    LifecycleParams,
)
from smcontract.reference._messages import ApiError

__all__ = ["TRIAL_COMPONENT_CREATE", "Core", "lookup", "parents"]

TRIAL_COMPONENT_CREATE = "CreateTrialComponent"


def lookup(document: Any, path: str) -> Any:
    for kind, name in parse_path(path):
        if kind != "member" or not isinstance(document, dict):
            return None
        document = document.get(name)
    return document


def parents(document: Any, steps: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The objects at ``steps`` in ``document`` (every item of a list, ``[]``)."""
    nodes = [document]
    for kind, name in steps:
        if kind == "member":
            nodes = [n.get(name) for n in nodes if isinstance(n, dict)]
        elif kind == "items":
            nodes = [i for n in nodes if isinstance(n, list) for i in n]
        elif kind == "values":
            nodes = [v for n in nodes if isinstance(n, dict) for v in n.values()]
        else:
            return []
    return [n for n in nodes if isinstance(n, dict)]


class Core:
    """The store, the roles of the operations and the rules of the pack, by kind."""

    def __init__(
        self,
        pack: ContractPack,
        *,
        disabled: frozenset[str] = frozenset(),
        region: str = "us-east-1",
        account: str = "123456789012",
    ) -> None:
        self.pack = pack
        self.disabled = frozenset(disabled)
        self.region = region
        self.account = account
        self._lock = threading.RLock()
        self._store: dict[str, dict[str, dict[str, Any]]] = {}
        self._clock = 0.0
        self._roles: dict[str, tuple[str, str]] = {}
        for resource, spec in pack.resources.items():
            for role, operation in spec.roles():
                self._roles[operation] = (resource, role.value)
        if "trial-component" in pack.resources:
            self._roles.setdefault(TRIAL_COMPONENT_CREATE, ("trial-component", "create"))

    def reset(self) -> None:
        with self._lock:
            self._store.clear()

    def on(self, constraint: Constraint | None) -> bool:
        """Whether ``constraint`` exists, is active and is not switched off."""
        return constraint is not None and constraint.active and constraint.id not in self.disabled

    def _find(self, operation: str | None, kind: Kind) -> list[Constraint]:
        """The active input rules of ``kind`` of ``operation`` (switched off or not)."""
        if operation is None or operation not in self.pack.operations:
            return []
        return [
            c
            for c in self.pack.operation(operation).constraints
            if c.kind == kind and c.direction == "input" and c.active
        ]

    def _lifecycle(
        self, operation: str | None, rule: str
    ) -> list[tuple[Constraint, LifecycleParams]]:
        """The ``lifecycle`` rules named ``rule`` of ``operation``, with their typed params."""
        return [
            (c, p)
            for c in self._find(operation, Kind.LIFECYCLE)
            if (p := c.rule_as(LifecycleParams)).rule == rule
        ]

    def _errors(self, operation: str | None, situation: str) -> list[tuple[bool, ErrorParams]]:
        """The ``error`` rules of ``situation`` of ``operation``, each with whether it is on."""
        return [
            (self.on(c), p)
            for c in self._find(operation, Kind.ERROR)
            if (p := c.rule_as(ErrorParams)).situation == situation
        ]

    def _default(self, operation: str, path: str) -> Any:
        for c in self._find(operation, Kind.DEFAULT):
            if c.path == path and self.on(c):
                return c.rule_as(DefaultParams).value
        return None

    def _now(self) -> float:
        """Epoch seconds in milliseconds, strictly increasing (creation order is time order)."""
        with self._lock:
            now = round(time.time(), 3)
            self._clock = max(now, round(self._clock + 0.001, 3))
            return self._clock

    def _spec(self, resource: str) -> Resource:
        return self.pack.resources[resource]

    def _name_member(self, resource: str) -> str:
        return self._spec(resource).name_member or "TrialComponentName"

    def _arn_member(self, resource: str) -> str:
        """The member holding a record's ARN: its name member's, ``Name`` -> ``Arn``."""
        return self._name_member(resource).removesuffix("Name") + "Arn"

    def _status_member(self, resource: str) -> tuple[str, tuple[str, ...]] | None:
        """The status member of a resource and its values (from the Describe output enum)."""
        describe = self._spec(resource).describe
        if not describe or describe not in self.pack.operations:
            return None
        member = self._name_member(resource).removesuffix("Name") + "Status"
        for c in self.pack.operation(str(describe)).select(direction="output"):
            if c.path == member and c.kind == "enum":
                return member, tuple(str(v) for v in c.rule_as(EnumParams).values)
        return None

    def _items(self, resource: str) -> dict[str, dict[str, Any]]:
        return self._store.setdefault(resource, {})

    def _error_code(self, operation: str | None, situation: str, fallback: str) -> tuple[str, int]:
        for on, rule in self._errors(operation, situation):
            if on:
                return rule.code, rule.http_status
            return f"{fallback}Exception", 400  # switched off: another code than documented
        return fallback, 400

    def _get(self, operation: str, resource: str, body: Mapping[str, Any]) -> dict[str, Any]:
        name_member = self._name_member(resource)
        name = body.get(name_member)
        arn_member = self._arn_member(resource)
        if name is None and body.get(arn_member) is not None:  # named by its ARN
            arn = body[arn_member]
            found = (r for r in self._items(resource).values() if r.get(arn_member) == arn)
            name = next((r[name_member] for r in found), arn)
        record = self._items(resource).get(str(name))
        if record is None:
            code, status = self._error_code(operation, "not-found", "ResourceNotFound")
            raise ApiError(code, f"Could not find {resource} '{name}'.", status)
        self._settle(resource, record)
        return record

    def _settle(self, resource: str, record: dict[str, Any]) -> None:
        """A job that was stopping is stopped by the time anyone looks again."""
        pending = record.pop("__stopping_to", None)
        status = self._status_member(resource)
        if pending is not None and status is not None:
            record[status[0]] = pending
            record["LastModifiedTime"] = self._now()
