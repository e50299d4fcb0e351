"""Resource families inferred from botocore's service model, and the checks of their
dependency edges.

A family ``<X>`` is ``Create<X>`` with ``Describe<X>`` and a name member: ``<X>Name`` in the
Create request and the Describe request (else ``<S>Name`` for the longest suffix ``S`` of
``X``, e.g. ``JobDefinitionName`` of ``DataQualityJobDefinition``). ``List<X>s`` gives the
list operation and its list key (the one list-of-structures member of its output),
``Update<X>``, ``Stop<X>`` and ``Delete<X>`` the other roles, ``<X>Arn`` (or ``<S>Arn``) in
the Create answer the ARN member. A Create request member that names another family's
resource is a dependency edge when every object above it is required and the member is
required or its documentation says it names an existing resource; the edge keeps that
sentence. What cannot be inferred is listed with the reason.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from smcontract.contracts._resources import Resource
from smcontract.errors import ContractError

__all__ = [
    "KEPT_FAMILIES",
    "Inferred",
    "check_dependencies",
    "family_name",
    "infer_families",
    "setup_order",
]

#: Families whose pack entry is kept as written instead of inferred, with the reason.
#: trial-component: the seed pack lists it for ListTrialComponents alone; its lifecycle checks
#: create trial components with a bare ``{"TrialComponentName": ...}`` request, and a Create
#: role would make them draw a full CreateTrialComponent request instead (changing the seed
#: runs' requests).
KEPT_FAMILIES: Mapping[str, Mapping[str, Any]] = {
    "trial-component": {
        "list": "ListTrialComponents",
        "list_key": "TrialComponentSummaries",
    },
}

#: Documentation that says a member names a resource that must exist already.
_EXISTING = re.compile(r"\bexisting\b|specified when creating|you created", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def family_name(noun: str) -> str:
    """``EndpointConfig`` -> ``endpoint-config``, ``AutoMLJobV2`` -> ``auto-ml-job-v2``."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z][a-z]*\d*|\d+|[a-z]+", noun)
    return "-".join(word.lower() for word in words)


def plain_text(documentation: str | None) -> str:
    """Model documentation as the prose quotes use it: tags stripped, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", documentation or ""))
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class Inferred:
    """What the model says about resource families: the families in pack order and the
    candidates that are not families, each with its reason."""

    families: dict[str, dict[str, Any]]
    unresolved: dict[str, dict[str, Any]]


class _Model:
    def __init__(self, model: Mapping[str, Any]) -> None:
        self.operations: Mapping[str, Any] = model["operations"]
        self.shapes: Mapping[str, Any] = model["shapes"]

    def members(self, operation: str, direction: str) -> Mapping[str, Any]:
        name = self.operations.get(operation, {}).get(direction, {}).get("shape")
        members: Mapping[str, Any] = self.shapes[name].get("members", {}) if name else {}
        return members

    def required(self, operation: str) -> frozenset[str]:
        name = self.operations.get(operation, {}).get("input", {}).get("shape")
        return frozenset(self.shapes[name].get("required", ())) if name else frozenset()

    def list_key(self, operation: str) -> list[str]:
        """Members of the answer that hold a list of structures."""
        found = []
        for member, ref in self.members(operation, "output").items():
            shape = self.shapes[ref["shape"]]
            if shape["type"] == "list" and self.shapes[shape["member"]["shape"]]["type"] == (
                "structure"
            ):
                found.append(member)
        return found


def _stems(noun: str) -> Iterator[str]:
    """``noun`` and its suffixes at word boundaries, longest first (``V2`` dropped too)."""
    base = re.sub(r"V\d+$", "", noun)
    starts = [m.start() for m in re.finditer(r"[A-Z][a-z0-9]|(?<=[a-z0-9])[A-Z]", base)]
    yield noun
    for start in starts:
        yield base[start:]
    yield ""


def _list_operation(model: _Model, noun: str) -> str | None:
    plurals = [noun + "s", noun + "es"]
    if noun.endswith("y"):
        plurals.insert(0, noun[:-1] + "ies")
    return next((f"List{p}" for p in plurals if f"List{p}" in model.operations), None)


def _infer_one(model: _Model, noun: str) -> tuple[dict[str, Any] | None, str]:
    """The family of ``noun`` (pack.json form), or None and why not."""
    create, describe = f"Create{noun}", f"Describe{noun}"
    if create not in model.operations:
        return None, f"no {create} (only {describe})"
    if describe not in model.operations:
        return None, f"no {describe} to read the resource back"
    create_in, describe_in = model.members(create, "input"), model.members(describe, "input")
    stem = next(
        (s for s in _stems(noun) if f"{s}Name" in create_in and f"{s}Name" in describe_in), None
    )
    if stem is None:
        return None, (
            f"no name member: {describe} takes {', '.join(sorted(describe_in)) or 'nothing'}, "
            f"none of them a <{noun}>Name that {create} takes too"
        )
    family: dict[str, Any] = {"create": create, "describe": describe}
    listing = _list_operation(model, noun)
    keys = model.list_key(listing) if listing else []
    if listing and len(keys) == 1:
        family["list"] = listing
    for role in ("update", "stop", "delete"):
        operation = f"{role.capitalize()}{noun}"
        if operation in model.operations:
            family[role] = operation
    family["name_member"] = f"{stem}Name"
    if "list" in family:
        family["list_key"] = keys[0]
    created = model.members(create, "output")
    arn = next((f"{s}Arn" for s in (noun, stem) if f"{s}Arn" in created), None)
    if arn:
        family["arn_member"] = arn
    return family, ""


def _walk(
    model: _Model, shape: str, path: str, seen: frozenset[str]
) -> Iterator[tuple[str, str, bool, str]]:
    """(path, member, required, documentation) of every member below ``shape`` reached
    through required members only (list items included)."""
    node = model.shapes[shape]
    if shape in seen:
        return
    seen = seen | {shape}
    if node["type"] == "list":
        yield from _walk(model, node["member"]["shape"], path + "[]", seen)
        return
    if node["type"] != "structure":
        return
    required = set(node.get("required", ()))
    for member, ref in node.get("members", {}).items():
        child = f"{path}.{member}" if path else member
        yield child, member, member in required, str(ref.get("documentation", ""))
        if member in required:
            yield from _walk(model, ref["shape"], child, seen)


def _sentence(documentation: str) -> str:
    """The sentence of the member's documentation that states the need (else its first)."""
    sentences = _SENTENCE_END.split(plain_text(documentation))
    return next((s for s in sentences if _EXISTING.search(s)), sentences[0])


def _dependencies(
    model: _Model, name: str, family: Mapping[str, Any], owners: Mapping[str, str]
) -> list[dict[str, str]]:
    shape = model.operations[family["create"]]["input"]["shape"]
    edges: list[dict[str, str]] = []
    for path, member, required, documentation in _walk(model, shape, "", frozenset()):
        owner = owners.get(member)
        if owner is None or owner == name or member == family["name_member"]:
            continue
        if required or _EXISTING.search(plain_text(documentation)):
            edge = {"resource": owner, "member": path, "sentence": _sentence(documentation)}
            if edge not in edges:
                edges.append(edge)
    return edges


def _owners(families: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Name and ARN members that name one family's resource: ``<X>Name`` / ``<X>Arn`` of the
    whole noun, held by that family alone (``JobDefinitionName`` names four, so none)."""
    claims: dict[str, list[str]] = {}
    for name, family in families.items():
        noun = family.get("create", "")[len("Create") :]
        for key in ("name_member", "arn_member"):
            if noun and family.get(key) in (f"{noun}Name", f"{noun}Arn"):
                claims.setdefault(family[key], []).append(name)
    return {member: names[0] for member, names in claims.items() if len(names) == 1}


def infer_families(model: Mapping[str, Any], first: tuple[str, ...] = ()) -> Inferred:
    """Every family of the model, and every Create<X>/Describe<X> that is not one.

    Families whose operations come first in ``first`` (the default profile) keep that order
    ahead of the rest, which follow by name; :data:`KEPT_FAMILIES` replace their inferred
    entry.
    """
    view = _Model(model)
    nouns = {op[len("Create") :] for op in view.operations if op.startswith("Create")}
    nouns |= {op[len("Describe") :] for op in view.operations if op.startswith("Describe")}
    families: dict[str, dict[str, Any]] = {}
    unresolved: dict[str, dict[str, Any]] = {}
    for noun in sorted(nouns):
        name = family_name(noun)
        if name in KEPT_FAMILIES:
            families[name] = dict(KEPT_FAMILIES[name])
            continue
        family, reason = _infer_one(view, noun)
        if family is None:
            ops = [f"{r}{noun}" for r in ("Create", "Describe") if f"{r}{noun}" in view.operations]
            unresolved[name] = {"operations": ops, "reason": reason}
        else:
            families[name] = family
    owners = _owners(families)
    for name, family in families.items():
        if "create" in family and name not in KEPT_FAMILIES:
            edges = _dependencies(view, name, family, owners)
            if edges:
                family["depends_on"] = edges

    def rank(item: tuple[str, dict[str, Any]]) -> tuple[int, str]:
        ops = [op for key, op in item[1].items() if isinstance(op, str) and op in first]
        return (min((first.index(op) for op in ops), default=len(first)), item[0])

    return Inferred(dict(sorted(families.items(), key=rank)), unresolved)


def check_dependencies(resources: Mapping[str, Resource], operations: tuple[str, ...]) -> None:
    """Raise ContractError naming the first edge (or role) that names an unknown family or
    operation, or that closes a cycle."""
    known = set(operations)
    for name, family in resources.items():
        for role, operation in family.roles():
            if operation not in known:
                raise ContractError(
                    f"family {name!r} names unknown operation {operation!r} as its "
                    f"{role.value}; list it in pack.json's operations or fix the family",
                    file="pack.json",
                    pointer=f"/resources/{name}/{role.value}",
                )
        for index, edge in enumerate(family.depends_on):
            if edge.resource not in resources:
                raise ContractError(
                    f"dependency edge {name} -> {edge.resource} ({edge.member}) names an "
                    f"unknown family; known: {', '.join(sorted(resources))}",
                    file="pack.json",
                    pointer=f"/resources/{name}/depends_on/{index}/resource",
                )
    for name in resources:
        setup_order(resources, name)


def setup_order(resources: Mapping[str, Resource], name: str) -> list[str]:
    """The families to create before ``name``, dependencies first (each once).

    Raises ContractError naming the edge that closes a cycle.
    """
    order: list[str] = []
    done: set[str] = set()

    def visit(family: str, path: tuple[str, ...]) -> None:
        stack = (*path, family)
        for edge in resources[family].depends_on:
            if edge.resource in stack:
                cycle = " -> ".join((*stack[stack.index(edge.resource) :], edge.resource))
                raise ContractError(
                    f"dependency edge {family} -> {edge.resource} ({edge.member}) closes a "
                    f"cycle: {cycle}; a Create cannot need what needs it, drop one edge",
                    file="pack.json",
                    pointer=f"/resources/{family}/depends_on",
                    value={"edge": (family, edge.resource, edge.member), "path": stack},
                )
            if edge.resource not in done and edge.resource in resources:
                visit(edge.resource, stack)
                done.add(edge.resource)
                order.append(edge.resource)

    visit(name, ())
    return order
