"""Regenerate the model-derived constraints from botocore's SageMaker service model.

Deterministic: the same model gives byte-identical documents. Every member path of every
operation of the pack, input and output, gets its JSON ``type``; and ``required``, ``length``,
``pattern``, ``enum``, ``range``, ``items``, ``entries`` and ``union`` wherever the model
states them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from smcontract.contracts._families import infer_families
from smcontract.contracts._paths import join
from smcontract.contracts._regex import pattern_width

__all__ = [
    "dump_document",
    "import_manifest",
    "import_operation",
    "load_service_model",
    "write_pack",
]

_NUMERIC = {"integer", "long", "float", "double"}


def load_service_model(path: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """The raw SageMaker model and its version label.

    With no ``path``, the installed botocore's model (label: botocore's version). A path names a
    ``service-2.json`` or ``service-2.json.gz`` of another botocore (label: the file's path).
    """
    if path is None:
        import botocore
        import botocore.loaders

        loader = botocore.loaders.Loader()
        model = loader.load_service_model("sagemaker", "service-2")
        return model, str(botocore.__version__)
    file = Path(path)
    raw = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
    model = json.loads(raw)
    label = str(model.get("metadata", {}).get("botocore_version", file.name))
    return model, label


def _constraint(
    operation: str,
    direction: str,
    path: str,
    kind: str,
    params: Mapping[str, Any],
    shape: str,
    version: str,
) -> dict[str, Any]:
    prefix = operation if direction == "input" else f"{operation}#out"
    ident = f"{prefix}.{path}.{kind}" if path else f"{prefix}.{kind}"
    return {
        "id": ident,
        "kind": kind,
        "direction": direction,
        "path": path,
        "params": dict(params),
        "source": {"origin": "model", "botocore_version": version, "shape": shape},
        "confidence": "documented",
    }


def _bounds(shape: Mapping[str, Any]) -> dict[str, Any]:
    return {key: shape[key] for key in ("min", "max") if key in shape}


def _rules(shape: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, params) of the rules a shape states about its own value, in document order."""
    kind = shape["type"]
    bounded = "min" in shape or "max" in shape
    if kind == "string":
        if bounded:
            yield "length", _bounds(shape)
        if "pattern" in shape:
            yield "pattern", {"pattern": shape["pattern"], "dialect": "java"}
        if "enum" in shape:
            yield "enum", {"values": list(shape["enum"])}
    elif bounded and kind in _NUMERIC | {"list", "map"}:
        yield {"list": "items", "map": "entries"}.get(kind, "range"), _bounds(shape)
    elif kind == "structure" and shape.get("union"):
        yield "union", {"members": list(shape.get("members", {}))}


def _children(shape: Mapping[str, Any], path: str) -> Iterator[tuple[str, str, bool]]:
    """(shape name, path, required) of the values inside a list, map or structure."""
    if shape["type"] == "list":
        yield shape["member"]["shape"], path + "[]", False
    elif shape["type"] == "map":
        yield shape["key"]["shape"], path + "{key}", False
        yield shape["value"]["shape"], path + "{value}", False
    elif shape["type"] == "structure":
        required = set(shape.get("required", ()))
        for name, ref in shape.get("members", {}).items():
            yield ref["shape"], join(path, name), name in required


def _walk(
    model: Mapping[str, Any],
    operation: str,
    direction: str,
    shape_name: str,
    path: str,
    version: str,
    stack: tuple[str, ...],
) -> Iterator[dict[str, Any]]:
    shape = model["shapes"][shape_name]
    if path:
        yield _constraint(
            operation, direction, path, "type", {"type": shape["type"]}, shape_name, version
        )
    if shape_name in stack:  # a recursive shape: its rules were emitted one level up
        return
    stack = (*stack, shape_name)
    for kind, params in _rules(shape):
        yield _constraint(operation, direction, path, kind, params, shape_name, version)
    for child_shape, child, required in _children(shape, path):
        if required:
            yield _constraint(operation, direction, child, "required", {}, shape_name, version)
        yield from _walk(model, operation, direction, child_shape, child, version, stack)


def _link_implications(constraints: list[dict[str, Any]]) -> None:
    """Declare where breaking a length bound necessarily breaks the pattern too.

    A 19-character RoleArn cannot match a pattern whose shortest match is 31 characters, so
    ``RoleArn.length`` implies ``RoleArn.pattern``; the strategies and the runner accept both.
    """
    patterns = {(c["direction"], c["path"]): c for c in constraints if c["kind"] == "pattern"}
    for constraint in constraints:
        pattern = patterns.get((constraint["direction"], constraint["path"]))
        if constraint["kind"] != "length" or pattern is None:
            continue
        shortest, longest = pattern_width(pattern["params"]["pattern"])
        low, high = constraint["params"].get("min"), constraint["params"].get("max")
        below = low is not None and low > 0 and shortest > low - 1
        above = high is not None and longest is not None and longest < high + 1
        if below or above:
            constraint["implies"] = [pattern["id"]]


def import_operation(model: Mapping[str, Any], operation: str, version: str) -> dict[str, Any]:
    """The model-derived contract document of ``operation``."""
    op = model["operations"][operation]
    constraints: list[dict[str, Any]] = []
    input_shape = op.get("input", {}).get("shape")
    output_shape = op.get("output", {}).get("shape")
    if input_shape:
        constraints += _walk(model, operation, "input", input_shape, "", version, ())
    if output_shape:
        constraints += _walk(model, operation, "output", output_shape, "", version, ())
    _link_implications(constraints)
    return {
        "document": "operation",
        "operation": operation,
        "origin": "model",
        "botocore_version": version,
        "input_shape": input_shape,
        "output_shape": output_shape,
        "errors": [error["shape"] for error in op.get("errors", ())],
        "constraints": constraints,
    }


def dump_document(document: Mapping[str, Any]) -> str:
    """The canonical text of a contract document (what ``import`` writes)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


#: pack.json's keys in the order ``import`` writes them.
_MANIFEST_KEYS = (
    "document",
    "name",
    "service",
    "operations",
    "profiles",
    "default_profile",
    "defaults",
    "resources",
    "unresolved_families",
)


def _profile_operations(manifest: Mapping[str, Any], name: str | None) -> tuple[str, ...]:
    profile = manifest.get("profiles", {}).get(name or "", {})
    return tuple(op for op in profile.get("operations", ()) if "*" not in op)


def import_manifest(model: Mapping[str, Any], manifest: Mapping[str, Any]) -> dict[str, Any]:
    """pack.json regenerated from the model: every operation, the inferred resource families
    and the candidates that are not families. Name, service, defaults and profiles are the
    pack's own and stay as ``manifest`` has them."""
    first = _profile_operations(manifest, manifest.get("default_profile"))
    inferred = infer_families(model, first)
    generated = {
        "operations": sorted(model["operations"]),
        "resources": inferred.families,
        "unresolved_families": inferred.unresolved,
    }
    merged = {**manifest, **generated}
    return {key: merged[key] for key in _MANIFEST_KEYS if key in merged}


def write_pack(
    root: Path, model: Mapping[str, Any], version: str, manifest: Mapping[str, Any]
) -> tuple[int, int]:
    """Rewrite ``root``'s pack.json and model/<Operation>.json for every operation of the
    model, removing model documents of operations the model no longer has.

    Returns (documents written, constraints in them).
    """
    folder = root / "model"
    folder.mkdir(parents=True, exist_ok=True)
    new = import_manifest(model, manifest)
    total = 0
    for name in new["operations"]:
        document = import_operation(model, name, version)
        total += len(document["constraints"])
        (folder / f"{name}.json").write_text(dump_document(document), encoding="utf-8")
    for stale in folder.glob("*.json"):
        if stale.stem not in model["operations"]:
            stale.unlink()
    (root / "pack.json").write_text(dump_document(new), encoding="utf-8")
    return len(new["operations"]), total
