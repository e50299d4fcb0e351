"""``ReferenceService``: every operation of the pack, strictly, from the contracts alone.

Behaviour comes from the pack, not from per-operation code:

* single-request rules: the oracle (``validate``); the answer is AWS's validation message
  (``1 validation error detected: Value 'x' at 'outputConfig.targetDevice' failed to satisfy
  constraint: Member must satisfy enum value set: [...]``) for the kinds AWS names, and the
  same form with a free text naming the constraint for the others;
* resources: ``pack.resources`` says which operation creates, describes, lists, stops and
  deletes which resource, and its name member;
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
import itertools
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

from smcontract.contracts import (
    CROSS_FIELD_KINDS,
    Constraint,
    ContractPack,
    Resource,
    Role,
    Violation,
    full_match,
    parse_path,
    validate,
)

__all__ = ["Answer", "ReferenceService", "aws_path"]

#: ``(HTTP status, headers, JSON body)``.
Answer = tuple[int, dict[str, str], dict[str, Any]]

#: The kinds AWS's validation messages name.
_AWS_KINDS = frozenset({"required", "pattern", "enum", "length", "items", "entries", "range"})
_JSON = {"Content-Type": "application/x-amz-json-1.1"}
_TRIAL_COMPONENT_CREATE = "CreateTrialComponent"
_TERMINAL = ("COMPLETED", "FAILED", "STOPPED")
_TOKEN = re.compile(r"smc1-(\d+)")
_GROUP = re.compile(r"\{[^}]*\}")
_INDEX = re.compile(r"\[(\d*)\]")


class _Error(Exception):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def aws_path(path: str) -> str:
    """An smcontract path as AWS writes it: ``Tags[3].Key`` -> ``tags.4.member.key``.

    Map groups (``Environment{key="A"}``) are dropped: AWS names the map itself.
    """
    path = _GROUP.sub("", path)
    path = _INDEX.sub(lambda m: f".{int(m.group(1)) + 1 if m.group(1) else 1}.member", path)
    parts = [p for p in path.split(".") if p]
    return ".".join(p[:1].lower() + p[1:] if not p.isdigit() else p for p in parts)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "'" + str(value).lower() + "'"
    if isinstance(value, list):
        return "'[" + ", ".join(str(v) for v in value) + "]'"
    if isinstance(value, dict):
        return "'{" + ", ".join(f"{k}={v}" for k, v in value.items()) + "}'"
    return f"'{value}'"


def _lookup(document: Any, path: str) -> Any:
    for kind, name in parse_path(path):
        if kind != "member" or not isinstance(document, dict):
            return None
        document = document.get(name)
    return document


def _parents(document: Any, steps: tuple[Any, ...]) -> list[dict[str, Any]]:
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


def _value_at(request: Any, path: str) -> Any:
    """The value at a concrete path (``Tags[0].Key``), or None."""
    node = request
    for part in re.findall(r"[^.\[\]{}]+|\[\d+\]", _GROUP.sub("", path)):
        if part.startswith("["):
            index = int(part[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


class ReferenceService:
    """A strict, in-memory implementation of the pack; see the module docstring.

    ``handle(operation, body)`` returns ``(status, headers, body)``. Thread-safe.
    """

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
            self._roles.setdefault(_TRIAL_COMPONENT_CREATE, ("trial-component", "create"))

    # -- plumbing -----------------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._store.clear()

    def on(self, constraint: Constraint | None) -> bool:
        """Whether ``constraint`` exists, is active and is not switched off."""
        return constraint is not None and constraint.active and constraint.id not in self.disabled

    def _find(self, operation: str | None, kind: str, **params: Any) -> list[Constraint]:
        if operation is None or operation not in self.pack.operations:
            return []
        return [
            c
            for c in self.pack.operation(operation).constraints
            if c.kind == kind
            and c.direction == "input"
            and c.active
            and all(c.params.get(k) == v for k, v in params.items())
        ]

    def _default(self, operation: str, path: str) -> Any:
        for c in self._find(operation, "default"):
            if c.path == path and self.on(c):
                return c.params.get("value")
        return None

    def _now(self) -> float:
        """Epoch seconds in milliseconds, strictly increasing (creation order is time order)."""
        with self._lock:
            now = round(time.time(), 3)
            self._clock = max(now, round(self._clock + 0.001, 3))
            return self._clock

    def handle(self, operation: str, body: Any) -> Answer:
        """Answer one call: ``(HTTP status, headers, JSON body)``."""
        try:
            if operation not in self.pack.operations and operation not in self._roles:
                raise _Error("UnknownOperationException", f"Unknown operation {operation!r}", 400)
            if not isinstance(body, dict):
                raise _Error("SerializationException", "the request body is not a JSON object")
            self._validate(operation, body)
            resource, role = self._roles.get(operation, ("", ""))
            if not resource:
                raise _Error(
                    "UnknownOperationException", f"{operation} is not implemented here", 400
                )
            with self._lock:
                answer = getattr(self, f"_{role}")(operation, resource, copy.deepcopy(body))
            return self._success_status(operation), dict(_JSON), self._broken(operation, answer)
        except _Error as err:
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
        rules = self._find(operation, "lifecycle", rule="success-status")
        if all(self.on(c) for c in rules):
            return int(rules[0].params.get("status", 200)) if rules else 200
        return 201

    # -- validation ---------------------------------------------------------------------------

    def _validate(self, operation: str, body: dict[str, Any]) -> None:
        if operation not in self.pack.operations:
            return
        found = [
            v
            for v in validate(operation, body, pack=self.pack)
            if v.constraint_id not in self.disabled
        ]
        if not found:
            return
        model = [v for v in found if v.kind in _AWS_KINDS]
        chosen = model or found[:1]
        first = self.pack.constraint(chosen[0].constraint_id)
        expect = self.pack.expected_rejection(first)
        texts = [self._message(body, v) for v in chosen]
        count = len(texts)
        head = f"{count} validation error{'s' if count > 1 else ''} detected: "
        raise _Error(
            str(expect.get("code") or "ValidationException"),
            head + "; ".join(texts),
            int(expect.get("http_status") or 400),
        )

    def _message(self, body: dict[str, Any], violation: Violation) -> str:
        constraint = self.pack.constraint(violation.constraint_id)
        params = constraint.params
        kind = violation.kind
        path = violation.path
        if kind == "required":
            return (
                f"Value null at '{aws_path(path)}' failed to satisfy constraint: "
                "Member must not be null"
            )
        value = _value_at(body, path)
        text: str
        if kind == "pattern":
            text = f"Member must satisfy regular expression pattern: {params['pattern']}"
        elif kind == "enum":
            text = (
                "Member must satisfy enum value set: ["
                + ", ".join(map(str, params["values"]))
                + "]"
            )
        elif kind in ("length", "items", "entries", "range"):
            word = "value" if kind == "range" else "length"
            low, high = params.get("min"), params.get("max")
            size = value if kind == "range" else (len(value) if hasattr(value, "__len__") else 0)
            if high is not None and isinstance(size, int | float) and size > high:
                text = f"Member must have {word} less than or equal to {high}"
            else:
                text = f"Member must have {word} greater than or equal to {low}"
        else:
            # Kinds AWS messages cannot name: the AWS form, a free text naming the rule, cited
            # at the member it speaks of (for a cross-field rule: one of the members it relates).
            path = self._cited_member(constraint, violation)
            value = _value_at(body, path)
            text = f"{violation.reason} (rule {constraint.id})"
        return f"Value {_show(value)} at '{aws_path(path)}' failed to satisfy constraint: {text}"

    @staticmethod
    def _cited_member(constraint: Constraint, violation: Violation) -> str:
        params = constraint.params
        names: list[str] = [str(m) for m in params.get("members", ())]
        for key in ("member", "left", "right"):
            if isinstance(params.get(key), str):
                names.append(params[key])
        if not names or constraint.kind not in CROSS_FIELD_KINDS:
            return violation.path
        scope = violation.path
        member = params.get("member")
        if constraint.kind in ("present-only-if", "required-if") and isinstance(member, str):
            scope = scope.removesuffix(member).rstrip(".")
        return f"{scope}.{names[0]}" if scope else names[0]

    # -- resources ----------------------------------------------------------------------------

    def _spec(self, resource: str) -> Resource:
        return self.pack.resources[resource]

    def _name_member(self, resource: str) -> str:
        return self._spec(resource).name_member or "TrialComponentName"

    def _status_member(self, resource: str) -> tuple[str, tuple[str, ...]] | None:
        """The status member of a resource and its values (from the Describe output enum)."""
        describe = self._spec(resource).describe
        if not describe or describe not in self.pack.operations:
            return None
        member = self._name_member(resource).removesuffix("Name") + "Status"
        for c in self.pack.operation(str(describe)).select(direction="output"):
            if c.path == member and c.kind == "enum":
                return member, tuple(str(v) for v in c.params["values"])
        return None

    def _arn(self, resource: str, name: str) -> str:
        kind = "experiment-trial-component" if resource == "trial-component" else resource
        return f"arn:aws:sagemaker:{self.region}:{self.account}:{kind}/{name.lower()}"

    def _items(self, resource: str) -> dict[str, dict[str, Any]]:
        return self._store.setdefault(resource, {})

    def _error_code(self, operation: str | None, situation: str, fallback: str) -> tuple[str, int]:
        for c in self._find(operation, "error", situation=situation):
            if self.on(c):
                return str(c.params["code"]), int(c.params.get("http_status") or 400)
            return f"{fallback}Exception", 400  # switched off: another code than documented
        return fallback, 400

    def _get(self, operation: str, resource: str, body: Mapping[str, Any]) -> dict[str, Any]:
        name = body.get(self._name_member(resource))
        record = self._items(resource).get(str(name))
        if record is None:
            code, status = self._error_code(operation, "not-found", "ResourceNotFound")
            raise _Error(code, f"Could not find {resource} '{name}'.", status)
        self._settle(resource, record)
        return record

    def _settle(self, resource: str, record: dict[str, Any]) -> None:
        """A job that was stopping is stopped by the time anyone looks again."""
        pending = record.pop("__stopping_to", None)
        status = self._status_member(resource)
        if pending is not None and status is not None:
            record[status[0]] = pending
            record["LastModifiedTime"] = self._now()

    def _create(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        name_member = self._name_member(resource)
        name = str(body.get(name_member))
        items = self._items(resource)
        if name in items:
            unique = [c for c in self._find(operation, "unique") if c.path == name_member]
            if all(self.on(c) for c in unique):
                code, status = self._error_code(operation, "duplicate-name", "ResourceInUse")
                raise _Error(code, f"{resource} '{name}' already exists.", status)
        for c in self._find(operation, "default"):
            steps = parse_path(c.path)
            if not self.on(c) or steps[-1][0] != "member":
                continue
            for parent in _parents(body, steps[:-1]):
                if parent.get(steps[-1][1]) is None:
                    parent[steps[-1][1]] = c.params.get("value")
        now = self._now()
        record: dict[str, Any] = {**body, name_member: name}
        arn_member = name_member.removesuffix("Name") + "Arn"
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

    def _describe(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        shown = dict(record)
        for c in self._find(operation, "lifecycle", rule="round-trip"):
            if not self.on(c):  # forgets what Create set
                for member in c.params.get("members", ()):
                    shown.pop(member, None)
        return self._shape(operation, shown, record)

    def _stop(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        status = self._status_member(resource)
        if status is None:
            return {}
        member = status[0]
        if record.get(member) in _TERMINAL:
            raise _Error(
                "ValidationException",
                f"{resource} '{body.get(self._name_member(resource))}' is {record[member]} "
                "and cannot be stopped.",
            )
        for c in self._find(operation, "lifecycle", rule="stop-transitions"):
            if self.on(c):
                record[member] = c.params.get("via", "STOPPING")
                record["__stopping_to"] = c.params.get("to", "STOPPED")
            else:  # ignores the documented transitions
                record[member] = "COMPLETED" if "COMPLETED" in status[1] else status[1][0]
            record["LastModifiedTime"] = self._now()
        return {}

    def _delete(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        record = self._get(operation, resource, body)
        name = str(record[self._name_member(resource)])
        for c in self._find(operation, "lifecycle", rule="delete-only-in"):
            member = str(c.params.get("status_member"))
            allowed = list(c.params.get("statuses") or ())
            if self.on(c) and record.get(member) not in allowed:
                expect = self.pack.expected_rejection(c)
                raise _Error(
                    str(expect.get("code")),
                    f"{resource} '{name}' is {record.get(member)}; it can be deleted only when "
                    f"it is {', '.join(allowed)}.",
                    int(expect.get("http_status") or 400),
                )
        forget = all(
            self.on(c) for c in self._find(operation, "lifecycle", rule="not-found-after-delete")
        )
        if forget:
            del self._items(resource)[name]
        return {}

    # -- List ---------------------------------------------------------------------------------

    def _list(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        spec = self._spec(resource)
        list_key = str(spec.list_key)
        for member in ("TrialName", "ExperimentName"):
            if body.get(member) is not None:
                rules = self._find(operation, "error", situation="not-found")
                if rules and all(self.on(c) for c in rules):
                    code, status = self._error_code(operation, "not-found", "ResourceNotFound")
                    raise _Error(code, f"{member} '{body[member]}' does not exist.", status)
                return {list_key: []}
        records = list(self._items(resource).values())
        for record in records:
            self._settle(resource, record)
        for c in self._find(operation, "lifecycle", rule="filters"):
            if self.on(c):
                records = [r for r in records if self._passes(c, r, body)]
        records = self._sorted(operation, records, body)
        start = 0
        token = body.get("NextToken")
        paging = self._find(operation, "lifecycle", rule="paging")
        if token is not None and all(self.on(c) for c in paging):
            match = _TOKEN.fullmatch(str(token))
            if match is None:
                raise _Error("ValidationException", "Invalid pagination token")
            start = int(match.group(1))
        size = body.get("MaxResults")
        if size is None:
            size = self._page_size(operation)
        page = records[start : start + int(size)]
        answer: dict[str, Any] = {list_key: [self._summary(operation, list_key, r) for r in page]}
        if start + int(size) < len(records):
            answer["NextToken"] = f"smc1-{start + int(size)}"
        return answer

    def _page_size(self, operation: str) -> int:
        for c in self._find(operation, "default"):
            if c.path == "MaxResults" and isinstance(c.params.get("value"), int):
                return int(c.params["value"]) + (0 if self.on(c) else 1)
        for c in self._find(operation, "range"):
            if c.path == "MaxResults" and isinstance(c.params.get("max"), int):
                return min(int(c.params["max"]), 100)
        return 100

    def _passes(self, rule: Constraint, record: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
        for name, spec in (rule.params.get("filters") or {}).items():
            wanted = body.get(name)
            if wanted is None:
                continue
            value = _lookup(record, str(spec.get("member")))
            op = spec.get("op")
            if value is None:
                return False
            if op == "contains" and str(wanted) not in str(value):
                return False
            if op == "==" and value != wanted:
                return False
            if op == ">=" and not value >= wanted:
                return False
            if op == "<=" and not value <= wanted:
                return False
        return True

    def _sorted(
        self, operation: str, records: list[dict[str, Any]], body: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        rules = self._find(operation, "lifecycle", rule="sort-order")
        keys: Mapping[str, Any] = rules[0].params.get("sort_by") or {} if rules else {}
        honoured = all(self.on(c) for c in rules)
        sort_by = body.get("SortBy") if honoured else None
        order = body.get("SortOrder") if honoured else None
        if sort_by is None:
            sort_by = self._default(operation, "SortBy") or "CreationTime"
            if not all(self.on(c) for c in self._find(operation, "default") if c.path == "SortBy"):
                sort_by = next((k for k in keys if k != "CreationTime"), sort_by)
        if order is None:
            defaults = [c for c in self._find(operation, "default") if c.path == "SortOrder"]
            order = str(defaults[0].params.get("value")) if defaults else "Ascending"
            if not all(self.on(c) for c in defaults):  # the other order than documented
                order = "Ascending" if order == "Descending" else "Descending"
        member = str(keys.get(sort_by, sort_by))
        ordered = sorted(records, key=lambda r: (str(type(r.get(member))), r.get(member) or 0))
        return list(reversed(ordered)) if order == "Descending" else ordered

    # -- answers ------------------------------------------------------------------------------

    def _summary(self, operation: str, list_key: str, record: Mapping[str, Any]) -> dict[str, Any]:
        prefix = f"{list_key}[]."
        members = {
            c.path[len(prefix) :].split(".")[0].split("[")[0]
            for c in self.pack.operation(operation).select(direction="output")
            if c.path.startswith(prefix)
        }
        item = {k: copy.deepcopy(v) for k, v in record.items() if k in members}
        self._fill(operation, item, record, prefix)
        return item

    def _shape(
        self, operation: str, shown: Mapping[str, Any], record: Mapping[str, Any]
    ) -> dict[str, Any]:
        members = {
            c.path.split(".")[0].split("[")[0].split("{")[0]
            for c in self.pack.operation(operation).select(direction="output")
        }
        answer = {k: copy.deepcopy(v) for k, v in shown.items() if k in members}
        self._fill(operation, answer, record, "")
        return answer

    def _server_members(self, resource: str, record: dict[str, Any]) -> None:
        """Give a new record the members only the server sets (no Create input of the
        resource has them), with valid values from ``strategies.maximal_response`` of its
        Describe and its List, so every documented member of a response is shown (a
        failure reason, a recommendation, a trial component's source) and List filters see
        what List shows. Members a Create can set are kept only when it set them."""
        from smcontract.strategies import maximal_response

        spec = self._spec(resource)
        # Describe's body first; of List's item only what Describe does not show (a member
        # a Describe rule left out, such as an end time before the end, stays out).
        skip = set(self._create_members(resource)) | {"NextToken"}
        for role in ("describe", "list"):
            operation = spec.operation(Role(role))
            if not operation or operation not in self.pack.operations:
                continue
            body: Any = maximal_response(str(operation), pack=self.pack)
            if role == "list":
                listed = body.get(str(spec.list_key))
                body = listed[0] if isinstance(listed, list) and listed else {}
            for name, value in body.items() if isinstance(body, dict) else ():
                if name not in record and name not in skip:
                    record[name] = value
            skip |= self._output_members(str(operation))

    def _output_members(self, operation: str) -> set[str]:
        return {
            c.path.split(".")[0].split("[")[0].split("{")[0]
            for c in self.pack.operation(operation).select(direction="output")
        }

    def _create_members(self, resource: str) -> frozenset[str]:
        create = self._spec(resource).create
        if not create or create not in self.pack.operations:
            return frozenset()
        return frozenset(
            c.path.split(".")[0].split("[")[0].split("{")[0]
            for c in self.pack.operation(str(create)).select(direction="input")
        )

    def _fill(
        self, operation: str, answer: dict[str, Any], record: Mapping[str, Any], prefix: str
    ) -> None:
        """Give every required output member under ``prefix`` that is missing a valid value."""
        output = list(self.pack.operation(operation).select(direction="output"))
        by_path: dict[str, list[Constraint]] = {}
        for c in output:
            by_path.setdefault(c.path, []).append(c)
        required = sorted(
            (c.path for c in output if c.kind == "required" and c.path.startswith(prefix)),
            key=lambda p: p.count("."),
        )
        for path in required:
            rest = path[len(prefix) :]
            if "[" in rest or "{" in rest:
                continue
            parent_path, _, leaf = rest.rpartition(".")
            parent = _lookup(answer, parent_path) if parent_path else answer
            if not isinstance(parent, dict) or parent.get(leaf) is not None:
                continue
            parent[leaf] = self._invent(by_path.get(path, []), record, leaf)

    def _invent(self, constraints: list[Constraint], record: Mapping[str, Any], leaf: str) -> Any:
        kinds = {c.kind: c.params for c in constraints}
        model_type = str(kinds.get("type", {}).get("type", "string"))
        if model_type == "structure" or model_type == "map":
            return {}
        if model_type == "list":
            return []
        if model_type == "boolean":
            return False
        if model_type == "timestamp":
            return record.get("CreationTime") or self._now()
        if model_type in ("integer", "long", "float", "double"):
            low = kinds.get("range", {}).get("min")
            return low if low is not None else 1
        if "enum" in kinds:
            return kinds["enum"]["values"][0]
        name = next(
            (v for k, v in record.items() if k.endswith("Name") and isinstance(v, str)), "x"
        )
        candidates = itertools.chain(
            (v for k, v in record.items() if k.endswith("Arn") and isinstance(v, str)),
            [
                f"s3://smcontract-reference/{name}/output",
                name,
                "smcontract reference",
                "ml.m5.large",
                "x",
            ],
        )
        length = kinds.get("length", {})
        prefix = str(kinds.get("prefix", {}).get("value", ""))
        suffix = str(kinds.get("suffix", {}).get("value", ""))
        for bare in candidates:
            candidate = bare if bare.startswith(prefix) else prefix + bare
            candidate = candidate if candidate.endswith(suffix) else candidate + suffix
            if length.get("min") is not None and len(candidate) < length["min"]:
                continue
            if length.get("max") is not None and len(candidate) > length["max"]:
                continue
            if "pattern" in kinds and not full_match(kinds["pattern"]["pattern"], candidate):
                continue
            return candidate
        return "x" * int(length.get("min") or 1)
