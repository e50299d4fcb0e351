"""The oracle checked by code it does not share: botocore's own ``ParamValidator``.

botocore validates what an SDK user passes before it serializes anything: required members,
JSON types, the *minimum* of lengths, list and map sizes and numbers, and tagged unions (not
maxima, patterns or enums). :func:`crosscheck` sends the same seeded requests
(``strategies.sample``: valid ones and one-violation ones) to both and compares, per request,
the findings of the kinds both check, as ``(kind, path)`` pairs:

========================  ======================================================
oracle (``validate``)     botocore report line
========================  ======================================================
``required``              ``Missing required parameter in X: "M"``
``type``                  ``Invalid type for parameter X, ...``
``length``/``items``/     ``Invalid length for parameter X, ..., valid min length``
``entries`` below min
``range`` below min       ``Invalid value for parameter X, ..., valid min value``
``union``                 ``Invalid number of parameters set for tagged union`` /
                          ``Must set one of the following keys for tagged union``
========================  ======================================================

A disagreement is a bug in one of them. Known botocore behaviours are explained in
``botocore_explained.json`` (next to this module): each entry names the side that reports
alone, the kind, the model type and the Python type of the value, the reason, and an example
request; a disagreement no entry explains is a finding.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from smcontract.contracts import ContractPack, Violation, iter_nodes, parse_path, validate

__all__ = ["CrossCheck", "Disagreement", "Explanation", "crosscheck", "load_explanations"]

#: The operations the seed documents describe (10,000 requests each in the full run).
SEED_OPERATIONS = (
    "CreateCompilationJob",
    "DescribeCompilationJob",
    "CreateOptimizationJob",
    "CreateModel",
    "ListTrialComponents",
)
Finding = tuple[str, str]  # (kind, path as botocore spells it)
#: What explains a finding: (model type of the member, Python type of the value sent).
Types = tuple[str, str]

#: botocore's error types (``ValidationErrors`` entries) -> the kind compared.
_KINDS = {
    "missing required field": "required",
    "invalid type": "type",
    "invalid length": "min",
    "invalid range": "min",
    "more than one input": "union",
    "empty input": "union",
}
_MAP_KEY = re.compile(r'\{key=("(?:[^"\\]|\\.)*")\}')
_MAP_VALUE = re.compile(r'\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True)
class Explanation:
    """A known, recorded reason why botocore and the oracle differ on one kind of value."""

    id: str
    side: str  # "oracle" or "botocore": who reports alone
    kind: str
    model_type: str
    value_type: str
    reason: str
    example: dict[str, Any] = field(default_factory=dict)

    def explains(self, side: str, kind: str, model_type: str, value_type: str) -> bool:
        return (self.side, self.kind, self.model_type, self.value_type) == (
            side,
            kind,
            model_type,
            value_type,
        )


@dataclass(frozen=True)
class Disagreement:
    """One request on which the two validators differ."""

    operation: str
    constraint_id: str | None
    request: dict[str, Any]
    oracle_only: tuple[Finding, ...]
    botocore_only: tuple[Finding, ...]
    explained_by: tuple[str, ...]

    @property
    def explained(self) -> bool:
        return bool(self.explained_by)


@dataclass
class CrossCheck:
    """The result over all requests sent."""

    requests: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def explained(self) -> int:
        return sum(1 for d in self.disagreements if d.explained)

    def summary(self) -> str:
        return (
            f"{self.requests} requests, {len(self.disagreements)} disagreements "
            f"({self.explained} explained)"
        )


def load_explanations() -> list[Explanation]:
    """The recorded botocore behaviours (``botocore_explained.json``)."""
    text = resources.files(__package__).joinpath("botocore_explained.json").read_text("utf-8")
    return [Explanation(**entry) for entry in json.loads(text)["explained"]]


@functools.lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def botocore_errors(operation: str, request: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """botocore's ``ValidationErrors`` entries ``(error type, name, details)`` for ``request``.

    The entries are a private attribute (``_errors``); the report text cannot be parsed
    safely, since map keys may hold line breaks. This is the one place that reads it, and
    it fails loudly if its shape changes (``tests/suites/test_crosscheck.py`` checks it).
    """
    from botocore.validate import ParamValidator

    shape = _service_model().operation_model(operation).input_shape
    errors = getattr(ParamValidator().validate(dict(request), shape), "_errors", None)
    if not isinstance(errors, list) or not all(
        isinstance(e, tuple) and len(e) == 3 and isinstance(e[2], dict) for e in errors
    ):
        raise RuntimeError(
            "botocore.validate.ValidationErrors._errors is no longer a list of "
            "(type, name, details): update smcontract.suites._crosscheck.botocore_errors"
        )
    return [(str(kind), str(name), details) for kind, name, details in errors]


def botocore_findings(
    pack: ContractPack, operation: str, request: Mapping[str, Any]
) -> dict[Finding, Types]:
    """What botocore's ``ParamValidator`` reports for ``request``: ``(kind, path)`` ->
    (model type, type of the value)."""
    types = pack.operation(operation).types()
    found: dict[Finding, Types] = {}
    for error_type, name, details in botocore_errors(operation, request):
        kind = _KINDS.get(error_type)
        if kind is None:
            continue
        where = name[1:] if name.startswith(".") else name
        if kind == "required":
            member = str(details.get("required_name"))
            where = f"{where}.{member}" if where else member
        model_type = _model_type(types, where)
        value_type = type(details["param"]).__name__ if "param" in details else "missing"
        found[(kind, where)] = (model_type, value_type)
    return found


def oracle_findings(
    pack: ContractPack, violations: Iterable[Violation], request: Any
) -> dict[Finding, Types]:
    """The oracle's violations of the kinds botocore checks, spelled as botocore spells them:
    ``(kind, path)`` -> (model type, type of the value)."""
    found: dict[Finding, Types] = {}
    for v in violations:
        kind: str = v.kind
        if kind in ("length", "items", "entries", "range"):
            if not _below_min(pack, v, request):
                continue
            kind = "min"
        elif kind not in ("required", "type", "union"):
            continue
        rule = pack.constraint(v.constraint_id)
        types = pack.operation(rule.operation).types()
        found[(kind, botocore_path(v.path))] = (
            types.get(rule.path, "unknown"),
            _value_type(request, rule.path, v.path),
        )
    return found


def _value_type(request: Any, generic: str, concrete: str) -> str:
    """The Python type of the value at ``concrete`` (``NoneType`` for a null, ``missing``)."""
    steps = parse_path(generic)
    for path, value in iter_nodes(request, steps):
        if path == concrete:
            return type(value).__name__
    parent = [v for p, v in iter_nodes(request, steps[:-1]) if concrete.startswith(p)]
    name = steps[-1][1] if steps else ""
    if any(isinstance(p, dict) and name in p and p[name] is None for p in parent):
        return "NoneType"
    return "missing"


def _below_min(pack: ContractPack, violation: Violation, request: Any) -> bool:
    """Whether a size or range violation is below the minimum (botocore checks no maxima)."""
    rule = pack.constraint(violation.constraint_id)
    low = rule.params.get("min")
    if low is None:
        return False
    for concrete, value in iter_nodes(request, parse_path(rule.path)):
        if concrete == violation.path:
            measure = value if rule.kind == "range" else len(value)
            return bool(measure < low)
    return False


def botocore_path(path: str) -> str:
    """An oracle path as botocore names it: ``Env{key="A"}`` -> ``Env (key: A)``,
    ``Env["A"]`` -> ``Env.A``."""
    path = _MAP_KEY.sub(lambda m: f" (key: {json.loads(m.group(1))})", path)
    return _MAP_VALUE.sub(lambda m: f".{json.loads(m.group(1))}", path)


def crosscheck(
    pack: ContractPack,
    operations: Iterable[str] = SEED_OPERATIONS,
    *,
    count: int = 10_000,
    seed: int = 0,
    explanations: list[Explanation] | None = None,
) -> CrossCheck:
    """Send ``count`` sampled requests per operation to both validators; collect disagreements."""
    from smcontract.strategies import sample

    known = load_explanations() if explanations is None else explanations
    result = CrossCheck()
    for operation in operations:
        drift = _Drift(pack, operation)
        for constraint_id, request in sample(operation, count, seed=seed, pack=pack):
            result.requests += 1
            ours = oracle_findings(pack, validate(operation, request, pack=pack), request)
            theirs = botocore_findings(pack, operation, request)
            if ours.keys() == theirs.keys():
                continue
            only_ours = tuple(sorted(ours.keys() - theirs.keys()))
            only_theirs = tuple(sorted(theirs.keys() - ours.keys()))
            sides = {**{("oracle", f): ours[f] for f in only_ours}}
            sides.update({("botocore", f): theirs[f] for f in only_theirs})
            reasons = list(_explain(known, sides, drift))
            complete = len(reasons) == len(only_ours) + len(only_theirs)
            result.disagreements.append(
                Disagreement(
                    operation,
                    constraint_id,
                    request,
                    only_ours,
                    only_theirs,
                    tuple(dict.fromkeys(reasons)) if complete else (),
                )
            )
    return result


def _explain(
    known: list[Explanation], sides: Mapping[tuple[str, Finding], Types], drift: _Drift
) -> Iterator[str]:
    """The ID of the explanation of each one-sided finding that has one."""
    for (side, (kind, path)), (model_type, value_type) in sides.items():
        moved = drift.explain(kind, path)
        if moved is not None:
            yield moved
            continue
        for entry in known:
            if entry.explains(side, kind, model_type, value_type) or entry.explains(
                side, kind, "*", value_type
            ):
                yield entry.id
                break


class _Drift:
    """Minimums that differ between the pack's botocore model and the installed one."""

    def __init__(self, pack: ContractPack, operation: str) -> None:
        self.operation = operation
        self.mins = {
            c.path: c.params["min"]
            for c in pack.operation(operation).select(direction="input")
            if c.kind in ("length", "items", "entries", "range")
            and c.origin == "model"
            and c.params.get("min") is not None
        }
        self.pack_version = pack.botocore_version

    def explain(self, kind: str, path: str) -> str | None:
        if kind != "min":
            return None
        generic = re.sub(r"\[\d+\]", "[]", path)
        ours = self.mins.get(generic, 0)
        theirs = _installed_min(self.operation, generic)
        if theirs is None or theirs == ours:
            return None
        import botocore

        return (
            f"model drift: {generic} min {ours} in botocore {self.pack_version}, "
            f"{theirs} in the installed {botocore.__version__}"
        )


def _installed_min(operation: str, generic: str) -> int | None:
    """The ``min`` of the installed botocore model at a member path (no map steps)."""
    shape = _service_model().operation_model(operation).input_shape
    for part in generic.split("."):
        name = part.removesuffix("[]")
        members = getattr(shape, "members", None)
        if not isinstance(members, Mapping) or name not in members:
            return None
        shape = members[name]
        if part.endswith("[]"):
            shape = shape.member
    value = shape.metadata.get("min")
    return int(value) if value is not None else 0


def _model_type(types: Mapping[str, str], path: str) -> str:
    """The model type at a botocore path (a map value: ``Env.KEY`` -> ``Env{value}``)."""
    generic = re.sub(r"\[\d+\]", "[]", path)
    if generic in types:
        return types[generic]
    for candidate in types:
        if candidate.endswith("{value}") and generic.startswith(candidate[:-7] + "."):
            return types[candidate]
    return "unknown"
