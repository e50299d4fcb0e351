"""What the reference shows: the members of a response, and values for those it lacks.

A Describe or List answer shows the record's members that the operation's output rules
name; a required output member the record lacks gets a valid value invented from its rules
(type, range, enum, length, prefix, suffix, pattern); members only a server sets come from
``strategies.maximal_response``.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import re
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


#: The resource type an ARN pattern spells out after the account: ``:[0-9]{12}:<type>/``.
_ARN_TYPE = re.compile(r"\{12\}:([a-z][a-z0-9-]*)/")


class Answers(Core):
    """The shaping of answers (``_shape``, ``_summary``) and the invention of values (the
    ARN of a new record among them)."""

    def _arn(self, resource: str, name: str) -> str:
        """The ARN of a new record: ``<family>/<name>``, unless the pattern of the Create
        answer's ARN member names another resource type (``experiment-trial/`` for a trial)."""
        kind = "experiment-trial-component" if resource == "trial-component" else resource
        arn = f"arn:aws:sagemaker:{self.region}:{self.account}:{kind}/{name.lower()}"
        pattern = self._arn_pattern(resource)
        if pattern is None or full_match(pattern, arn):
            return arn
        typed = _ARN_TYPE.search(pattern)
        if typed is not None:
            arn = f"arn:aws:sagemaker:{self.region}:{self.account}:{typed.group(1)}/{name.lower()}"
            if full_match(pattern, arn):
                return arn
        return self._patterned_arn(resource, name, pattern) or arn

    def _patterned_arn(self, resource: str, name: str, pattern: str) -> str | None:
        """An ARN for ``name`` where the pattern wants another form than ``<type>/<name>``
        (``cluster/[a-z0-9]{12}``, ``job/<id>/<name>``, no digit in the region): the maximal
        response's ARN (of the operation whose rule it is),
        in this region and account when the pattern allows, its last segment made from a
        digest of the name character class for character class (one name, one ARN)."""
        from smcontract.strategies import maximal_response

        found = self._arn_rule(resource)
        if found is None:
            return None
        member = self._arn_member(resource)
        example = maximal_response(found[0], pack=self.pack).get(member)
        if not isinstance(example, str):
            return None
        parts = example.split(":", 5)
        if len(parts) == 6:
            local = ":".join([*parts[:3], self.region, self.account, parts[5]])
            example = local if full_match(pattern, local) else example
        head, _, last = example.rpartition("/")
        named = f"{head}/{_digest_like(last, name)}" if head else example
        return named if full_match(pattern, named) else example

    def _arn_pattern(self, resource: str) -> str | None:
        found = self._arn_rule(resource)
        return None if found is None else found[1]

    def _arn_rule(self, resource: str) -> tuple[str, str] | None:
        """The operation whose output rules the ARN member's pattern, and the pattern: the
        Create's answer, else the Describe's (a Create that answers nothing)."""
        spec = self._spec(resource)
        member = self._arn_member(resource)
        for operation in (spec.create, spec.describe):
            if not operation or operation not in self.pack.operations:
                continue
            for c in self.pack.operation(operation).select(direction="output"):
                if c.path == member and c.kind == Kind.PATTERN:
                    return str(operation), c.rule_as(PatternParams).pattern
        return None

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
        paths: tuple[frozenset[str], frozenset[str]] | None = None
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
                elif role == "describe" and name in record:
                    paths = paths or self._paths(resource, str(operation))
                    self._enrich(record[name], value, name, paths)
            skip |= self._output_members(str(operation))

    def _paths(self, resource: str, describe: str) -> tuple[frozenset[str], frozenset[str]]:
        """The member paths of the Create's input rules, and of those and the Describe's
        output rules together."""
        create = self._spec(resource).create
        inputs = frozenset(
            c.path for c in (self.pack.operation(str(create)).constraints if create else ())
        )
        outputs = frozenset(
            c.path for c in self.pack.operation(describe).select(direction="output")
        )
        return inputs, inputs | outputs

    def _enrich(
        self, value: Any, example: Any, path: str, paths: tuple[frozenset[str], frozenset[str]]
    ) -> None:
        """Add to a member the Create set (``value``, at ``path``) the members deeper in it
        that only the server sets, from the maximal Describe ``example``: the current count
        of a cluster's instance group, a status inside an item. A member a Create input rule
        names stays as the Create left it, and a map's entries are the caller's."""
        inputs, every = paths
        if isinstance(value, list) and isinstance(example, list) and example:
            for item in value:
                self._enrich(item, example[0], f"{path}[]", paths)
            return
        if not isinstance(value, dict) or not isinstance(example, dict):
            return
        if f"{path}{{key}}" in every or f"{path}{{value}}" in every:
            return  # a map
        for key, sub in example.items():
            child = f"{path}.{key}"
            if key in value:
                self._enrich(value[key], sub, child, paths)
            elif not _names(inputs, child):
                value[key] = copy.deepcopy(sub)

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
        if model_type == "structure":
            return self._maximal_at(operation, path) or {}
        if model_type == "map":
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


def _digest_like(template: str, name: str) -> str:
    """A string shaped like ``template`` (each lower-case letter, upper-case letter and digit
    replaced by one of its class), drawn from the SHA-256 of ``name``."""
    digest = hashlib.sha256(name.encode()).digest() * (len(template) // 32 + 1)
    out = []
    for char, byte in zip(template, digest, strict=False):
        if char.islower():
            out.append(chr(ord("a") + byte % 26))
        elif char.isupper():
            out.append(chr(ord("A") + byte % 26))
        elif char.isdigit():
            out.append(chr(ord("0") + byte % 10))
        else:
            out.append(char)
    return "".join(out)


def _names(paths: frozenset[str], member: str) -> bool:
    """Whether a rule's path is ``member`` or lies below it."""
    below = (f"{member}.", f"{member}[", f"{member}{{")
    return any(path == member or path.startswith(below) for path in paths)


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
