"""``ReferenceService``: every operation of the pack, strictly, from the contracts alone.

Behaviour comes from the pack, not from per-operation code:

* single-request rules: the oracle (``validate``); the answer is AWS's validation message
  (``1 validation error detected: Value 'x' at 'outputConfig.targetDevice' failed to satisfy
  constraint: Member must satisfy enum value set: [...]``) for the kinds AWS names, and the
  same form with a free text naming the constraint for the others;
* resources: ``pack.resources`` says which operation creates, describes, lists, updates,
  stops and deletes which resource, and its name member; an Update sets the members its
  request names on the record; an operation of no family answers with its maximal valid
  response (``strategies.maximal_response``);
* error codes: the ``error`` constraints (``duplicate-name``, ``not-found``);
* defaults: ``default`` constraints of a Create (filled in and shown by Describe) and of a
  List (page size, SortBy, SortOrder);
* List: ``lifecycle`` ``sort-order`` (sort keys), ``filters`` (member and comparison),
  ``paging`` (MaxResults/NextToken);
* statuses: the Describe output's ``<Resource>Status`` enum; a job starts in the enum's
  in-progress value, ``stop-transitions`` names STOPPING and STOPPED, ``delete-only-in`` the
  statuses a Delete is allowed in (otherwise the rule's expected rejection,
  ValidationException by default).

A stopped job shows its ``via`` status (STOPPING) until the next call that reads it, which
finds it in its ``to`` status (STOPPED).

``disabled`` switches constraints off by ID: a single-request rule is no longer checked, a
stateful one behaves as an implementation that ignores it (a duplicate name answered with
another code, a List that ignores its filters ...). That is how ``smcontract selftest`` checks
that the harness notices each rule missing.
"""

from __future__ import annotations

import copy
from typing import Any

from smcontract.contracts import parse_path
from smcontract.contracts.kinds import DefaultParams, Kind
from smcontract.reference._core import parents
from smcontract.reference._listing import Listing
from smcontract.reference._messages import ApiError, aws_path, validation_error

__all__ = ["Answer", "ReferenceService", "aws_path"]

#: ``(HTTP status, headers, JSON body)``.
Answer = tuple[int, dict[str, str], dict[str, Any]]

_JSON = {"Content-Type": "application/x-amz-json-1.1"}
_TERMINAL = ("COMPLETED", "FAILED", "STOPPED")


class ReferenceService(Listing):
    """A strict, in-memory implementation of the pack; see the module docstring.

    ``handle(operation, body)`` returns ``(status, headers, body)``. Thread-safe.
    """

    def handle(self, operation: str, body: Any) -> Answer:
        """Answer one call: ``(HTTP status, headers, JSON body)``."""
        try:
            if operation not in self.pack.operations and operation not in self._roles:
                raise ApiError("UnknownOperationException", f"Unknown operation {operation!r}", 400)
            if not isinstance(body, dict):
                raise ApiError("SerializationException", "the request body is not a JSON object")
            self._validate(operation, body)
            resource, role = self._roles.get(operation, ("", ""))
            with self._lock:
                if not resource:
                    answer = self._stateless(operation)
                else:
                    answer = getattr(self, f"_{role}")(operation, resource, copy.deepcopy(body))
            return self._success_status(operation), dict(_JSON), self._broken(operation, answer)
        except ApiError as err:
            return err.status, dict(_JSON), {"__type": err.code, "message": err.message}

    def _broken(self, operation: str, answer: dict[str, Any]) -> dict[str, Any]:
        """The answer with every switched-off output rule of ``operation`` broken (where the
        answer has a place for it): what an implementation that ignores the rule may send."""
        if not self.disabled or operation not in self.pack.operations:
            return answer
        from smcontract.strategies import break_response

        for c in self.pack.operation(operation).select(direction="output"):
            if c.id in self.disabled:
                broken = break_response(operation, c.id, answer, pack=self.pack)
                answer = answer if broken is None else broken
        return answer

    def _success_status(self, operation: str) -> int:
        """HTTP 200, the documented success status; 201 when its rule is switched off."""
        rules = self._lifecycle(operation, "success-status")
        if all(self.on(c) for c, _ in rules):
            status = rules[0][1].status if rules else None
            return 200 if status is None else status
        return 201

    def _validate(self, operation: str, body: dict[str, Any]) -> None:
        if operation not in self.pack.operations:
            return
        error = validation_error(self.pack, operation, body, self.disabled)
        if error is not None:
            raise error

    def _create(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        name_member = self._name_member(resource)
        name = str(body.get(name_member))
        items = self._items(resource)
        if name in items:
            unique = [c for c in self._find(operation, Kind.UNIQUE) if c.path == name_member]
            if all(self.on(c) for c in unique):
                code, status = self._error_code(operation, "duplicate-name", "ResourceInUse")
                raise ApiError(code, f"{resource} '{name}' already exists.", status)
        for c in self._find(operation, Kind.DEFAULT):
            steps = parse_path(c.path)
            if not self.on(c) or steps[-1][0] != "member":
                continue
            for parent in parents(body, steps[:-1]):
                if parent.get(steps[-1][1]) is None:
                    parent[steps[-1][1]] = c.rule_as(DefaultParams).value
        now = self._now()
        record: dict[str, Any] = {**body, name_member: name}
        arn_member = self._arn_member(resource)
        record[arn_member] = self._arn(resource, name)
        record["CreationTime"] = now
        record["LastModifiedTime"] = now
        status_member = self._status_member(resource)
        if status_member is not None:
            member, values = status_member
            record[member] = next((v for v in values if "PROGRESS" in v), values[0])
        self._server_members(resource, record)
        items[name] = record
        answer = {arn_member: record[arn_member]}
        return (
            self._shape(operation, answer, record) if operation in self.pack.operations else answer
        )

    def _stateless(self, operation: str) -> dict[str, Any]:
        """An operation of no resource family: its maximal valid response (every optional
        member its output rules allow), required members it lacks invented."""
        from smcontract.strategies import maximal_response

        answer = maximal_response(operation, pack=self.pack)
        self._fill(operation, answer, {}, "")
        return answer

    def _update(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        """Apply the members the request sets to the record; answer with its ARN."""
        record = self._get(operation, resource, body)
        name_member = self._name_member(resource)
        record.update({k: v for k, v in body.items() if k != name_member and v is not None})
        record["LastModifiedTime"] = self._now()
        return self._arn_answer(operation, resource, record)

    def _describe(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        shown = dict(record)
        for c, rule in self._lifecycle(operation, "round-trip"):
            if not self.on(c):  # forgets what Create set
                for member in rule.members:
                    shown.pop(member, None)
        return self._shape(operation, shown, record)

    def _stop(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        status = self._status_member(resource)
        if status is None:
            return self._arn_answer(operation, resource, record)
        member = status[0]
        if record.get(member) in _TERMINAL:
            raise ApiError(
                "ValidationException",
                f"{resource} '{body.get(self._name_member(resource))}' is {record[member]} "
                "and cannot be stopped.",
            )
        for c, rule in self._lifecycle(operation, "stop-transitions"):
            if self.on(c):
                record[member] = "STOPPING" if rule.via is None else rule.via
                record["__stopping_to"] = "STOPPED" if rule.to is None else rule.to
            else:  # ignores the documented transitions
                record[member] = "COMPLETED" if "COMPLETED" in status[1] else status[1][0]
            record["LastModifiedTime"] = self._now()
        return self._arn_answer(operation, resource, record)

    def _delete(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        name = str(record[self._name_member(resource)])
        for c, rule in self._lifecycle(operation, "delete-only-in"):
            member = str(rule.status_member)
            allowed = list(rule.statuses)
            if self.on(c) and record.get(member) not in allowed:
                expect = self.pack.expected_rejection(c)
                raise ApiError(
                    str(expect.get("code")),
                    f"{resource} '{name}' is {record.get(member)}; it can be deleted only when "
                    f"it is {', '.join(allowed)}.",
                    int(expect.get("http_status") or 400),
                )
        forget = all(self.on(c) for c, _ in self._lifecycle(operation, "not-found-after-delete"))
        if forget:
            del self._items(resource)[name]
        return self._arn_answer(operation, resource, record)

    def _arn_answer(self, operation: str, resource: str, record: dict[str, Any]) -> dict[str, Any]:
        """The record's ARN, where the operation's output has a place for it (a Delete or
        Update that answers with the ARN), with the output members only the server sets (a
        pipeline's new version) from the maximal response and those the record holds from
        it; ``{}`` for one whose output is empty."""
        from smcontract.strategies import maximal_response

        arn_member = self._arn_member(resource)
        shown = maximal_response(operation, pack=self.pack)
        shown.update({k: record[k] for k in shown if k in record})
        shown[arn_member] = record.get(arn_member)
        return self._shape(operation, shown, record)
