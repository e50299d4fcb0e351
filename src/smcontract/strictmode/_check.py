"""Judge one call: its parameters as botocore serializes them, against the pack's request rules.

botocore's JSON serializer (``botocore.serialize.create_serializer("json")``, public) turns the
user's parameters into the body the service receives: datetimes and ISO strings for a
timestamp member become epoch seconds, bytes and files for a blob become base64 text, tuples
become lists. The oracle (:func:`smcontract.contracts.validate`) judges that body, so a value
is right or wrong exactly as the service would see it. Parameters botocore cannot serialize
(an unknown member, a string where a structure belongs) are not judged: botocore refuses the
call itself, with its own message, and it is never sent.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any

from smcontract.contracts import ContractPack, Violation, iter_nodes, join, parse_path, validate
from smcontract.strictmode._model import Finding, provenance

__all__ = ["Checker", "botocore_paths", "value_at"]

_SHOWN = 120  # characters of an offending value kept in a finding


class Checker:
    """The pack's request rules for the calls of one process (thread-safe, caches per operation)."""

    def __init__(self, pack: ContractPack) -> None:
        from botocore.serialize import create_serializer

        self.pack = pack
        self._serializer = create_serializer("json", include_validation=False)
        self._unknown: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def holds(self, operation: str) -> bool:
        """Whether the pack has rules for ``operation``."""
        return operation in self.pack.operations

    def body(self, params: Any, model: Any) -> dict[str, Any] | None:
        """The JSON body botocore sends for ``params``; None when botocore cannot build one."""
        try:
            request = self._serializer.serialize_to_request(params, model)
            body = request["body"]
            document = json.loads(body) if body else {}
        except Exception:  # botocore's own validation (or its serializer) refuses the call
            return None
        return document if isinstance(document, dict) else None

    def unknown_members(self, operation: str, model: Any, body: dict[str, Any]) -> list[str]:
        """Member paths set in ``body`` that botocore's model has and the pack does not."""
        paths = self._unknown.get(operation)
        if paths is None:
            known = set(self.pack.operation(operation).types("input"))
            with self._lock:
                paths = self._unknown[operation] = _newer(botocore_paths(model), known)
        return [path for path in paths if any(True for _ in iter_nodes(body, parse_path(path)))]

    def findings(self, operation: str, body: dict[str, Any]) -> list[Finding]:
        """Every request rule of the pack ``body`` breaks (the oracle's answer, with context)."""
        return [
            self._finding(operation, body, v) for v in validate(operation, body, pack=self.pack)
        ]

    def _finding(self, operation: str, body: dict[str, Any], violation: Violation) -> Finding:
        constraint = self.pack.constraint(violation.constraint_id)
        found, value = value_at(body, violation.path)
        return Finding(
            operation=operation,
            constraint_id=violation.constraint_id,
            kind=violation.kind,
            path=violation.path,
            value=_show(value) if found else None,
            reason=violation.reason,
            source=provenance(constraint),
            confidence=constraint.confidence,
        )


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _newer(paths: Iterator[str], known: set[str]) -> tuple[str, ...]:
    """The paths not in ``known``, without those below another such path."""
    unknown: list[str] = []
    for path in paths:  # parents come before their children
        if path in known or any(path.startswith(p) and path[len(p)] in ".[{" for p in unknown):
            continue
        unknown.append(path)
    return tuple(unknown)


def botocore_paths(model: Any) -> Iterator[str]:
    """Every input member path of a botocore ``OperationModel``, as the pack's importer walks
    the model (``Tags[].Key``, ``Environment{value}``; a recursive shape is not entered twice)."""
    shape = model.input_shape
    if shape is not None:
        yield from _walk(shape, "", ())


def _walk(shape: Any, path: str, stack: tuple[str, ...]) -> Iterator[str]:
    if path:
        yield path
    if shape.name in stack:
        return
    stack = (*stack, shape.name)
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            yield from _walk(member, join(path, name), stack)
    elif shape.type_name == "list":
        yield from _walk(shape.member, path + "[]", stack)
    elif shape.type_name == "map":
        yield from _walk(shape.key, path + "{key}", stack)
        yield from _walk(shape.value, path + "{value}", stack)


_QUOTED = r'"(?:[^"\\]|\\.)*"'
_STEP = re.compile(rf"\.?([A-Za-z0-9_]+)|\[(\d+)\]|\[({_QUOTED})\]|\{{key=({_QUOTED})\}}")


def value_at(document: Any, path: str) -> tuple[bool, Any]:
    """``(found, value)`` at a concrete path of the oracle (``Tags[2].Key``, ``Env["A"]``,
    ``Env{key="A"}`` is the key itself); ``""`` is the document."""
    node, pos = document, 0
    while pos < len(path):
        match = _STEP.match(path, pos)
        if match is None:
            return False, None
        member, index, key, map_key = match.groups()
        if map_key is not None:
            return match.end() == len(path), json.loads(map_key)
        if index is not None:
            ok = isinstance(node, list) and int(index) < len(node)
            node = node[int(index)] if ok else None
        else:
            name = member if member is not None else json.loads(key)
            ok = isinstance(node, dict) and name in node
            node = node[name] if ok else None
        if not ok or node is None:
            return False, None
        pos = match.end()
    return True, node
