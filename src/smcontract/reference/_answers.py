"""What the reference shows: the members of a response, and values for those it lacks.

A Describe or List answer shows the record's members that the operation's output rules
name; a required output member the record lacks gets a valid value invented from its rules
(type, range, enum, length, prefix, suffix, pattern); members only a server sets come from
``strategies.maximal_response``.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping
from typing import Any

from smcontract.contracts import Constraint, Role, full_match, parse_path
from smcontract.contracts.kinds import (
    AffixParams,
    BoundParams,
    EnumParams,
    Kind,
    Params,
    PatternParams,
    TypeParams,
)
from smcontract.reference._core import Core, parents

__all__ = ["Answers"]


class Answers(Core):
    """The shaping of answers (``_shape``, ``_summary``) and the invention of values."""

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
        """Give every required output member under ``prefix`` that is missing a valid value
        (in every item of a list or map on the way)."""
        output = list(self.pack.operation(operation).select(direction="output"))
        by_path: dict[str, list[Constraint]] = {}
        for c in output:
            by_path.setdefault(c.path, []).append(c)
        required = sorted(
            (c.path for c in output if c.kind == "required" and c.path.startswith(prefix)),
            key=lambda p: p.count("."),
        )
        for path in required:
            steps = parse_path(path[len(prefix) :])
            if not steps or steps[-1][0] != "member":
                continue
            leaf = steps[-1][1]
            for parent in parents(answer, steps[:-1]):
                if parent.get(leaf) is None:
                    parent[leaf] = self._invent(operation, path, by_path, record, leaf)

    def _invent(
        self,
        operation: str,
        path: str,
        by_path: Mapping[str, list[Constraint]],
        record: Mapping[str, Any],
        leaf: str,
    ) -> Any:
        rules: dict[str, Params] = {c.kind: c.rule for c in by_path.get(path, [])}
        typed = rules.get(Kind.TYPE)
        model_type = typed.type if isinstance(typed, TypeParams) else "string"
        if model_type == "structure" or model_type == "map":
            return {}
        if model_type == "list":
            items = rules.get(Kind.ITEMS)
            if isinstance(items, BoundParams) and items.min:
                return self._maximal_at(operation, path) or []
            return []
        if model_type == "boolean":
            return False
        if model_type == "timestamp":
            return record.get("CreationTime") or self._now()
        if model_type in ("integer", "long", "float", "double"):
            bound = rules.get(Kind.RANGE)
            low = bound.min if isinstance(bound, BoundParams) else None
            return low if low is not None else 1
        enum = rules.get(Kind.ENUM)
        if isinstance(enum, EnumParams):
            return enum.values[0]
        return _invent_string(rules, record)

    def _maximal_at(self, operation: str, path: str) -> Any:
        """The value at ``path`` of the operation's maximal response (first item of each
        list or map), for a member whose valid value is more than a stand-in: a list that
        must hold items, each with its own rules."""
        from smcontract.strategies import maximal_response

        node: Any = maximal_response(operation, pack=self.pack)
        for kind, name in parse_path(path):
            if kind == "member" and isinstance(node, dict):
                node = node.get(name)
            elif kind == "items" and isinstance(node, list) and node:
                node = node[0]
            elif kind == "values" and isinstance(node, dict) and node:
                node = next(iter(node.values()))
            else:
                return None
        return node


def _text(rule: Params | None) -> str:
    return rule.value if isinstance(rule, AffixParams) else ""


def _invent_string(rules: Mapping[str, Params], record: Mapping[str, Any]) -> str:
    """A string that keeps the rules: a name or ARN of the record, or a plain stand-in."""
    name = next((v for k, v in record.items() if k.endswith("Name") and isinstance(v, str)), "x")
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
    length = rules.get(Kind.LENGTH)
    low, high = (length.min, length.max) if isinstance(length, BoundParams) else (None, None)
    prefix, suffix = _text(rules.get(Kind.PREFIX)), _text(rules.get(Kind.SUFFIX))
    pattern = rules.get(Kind.PATTERN)
    for bare in candidates:
        candidate = bare if bare.startswith(prefix) else prefix + bare
        candidate = candidate if candidate.endswith(suffix) else candidate + suffix
        if low is not None and len(candidate) < low:
            continue
        if high is not None and len(candidate) > high:
            continue
        if isinstance(pattern, PatternParams) and not full_match(pattern.pattern, candidate):
            continue
        return candidate
    return "x" * int(low or 1)
