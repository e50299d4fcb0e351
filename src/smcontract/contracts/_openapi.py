"""The pack as an OpenAPI 3.1 document, for Schemathesis and other OpenAPI tools.

AWS JSON 1.1 services take every operation as ``POST /`` with an ``X-Amz-Target`` header, which
OpenAPI cannot tell apart. The document gives each operation a path of its own,
``/_/<Operation>``; a request hook (``smcontract.schemathesis_hooks``) sends it to ``/`` with
``X-Amz-Target: SageMaker.<Operation>`` and ``Content-Type: application/x-amz-json-1.1``,
SigV4-signed. Request bodies are declared as ``application/json`` (what OpenAPI tools know how
to serialize); responses as ``application/x-amz-json-1.1``.

Schemas come from the active ``type``, ``required``, ``length``, ``pattern``, ``enum``,
``range``, ``items``, ``entries`` and ``union`` rules. Patterns are AWS's Java regexes matched
in full; they are translated to ECMA-262 (``^(?:...)$``, ``\\s`` spelled as its ASCII class) where
that keeps their meaning. Where it cannot (``\\p{L}`` and the other Unicode or POSIX property
classes, possessive quantifiers, nested classes ...) the pattern is left out and
``x-smcontract-note`` says so. Rules JSON Schema cannot state (cross-field rules, prefixes,
lifecycle ...) are listed by ID in the operation's ``x-smcontract-unexpressed``.
"""

from __future__ import annotations

from typing import Any

from smcontract._version import __version__
from smcontract.contracts._model import Constraint, ContractPack
from smcontract.contracts._paths import parse_path
from smcontract.contracts._regex_ecma import ecma_pattern

__all__ = ["PATH_PREFIX", "ecma_pattern", "openapi_document"]

#: Operation ``X`` lives at ``PATH_PREFIX + X`` in the document.
PATH_PREFIX = "/_/"

_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "long": {"type": "integer"},
    "float": {"type": "number"},
    "double": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "number", "description": "epoch seconds"},
    "structure": {"type": "object"},
    "list": {"type": "array"},
    "map": {"type": "object"},
}
_EXPRESSED = frozenset(
    {"type", "required", "length", "pattern", "enum", "range", "items", "entries", "union"}
)


def _node(schema: dict[str, Any], steps: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    node = schema
    for kind, name in steps:
        if kind == "member":
            node = node.setdefault("properties", {}).setdefault(name, {})
        elif kind == "items":
            node = node.setdefault("items", {})
        elif kind == "keys":
            node = node.setdefault("propertyNames", {})
        else:
            node = node.setdefault("additionalProperties", {})
    return node


def _apply(schema: dict[str, Any], constraint: Constraint) -> bool:
    """Add ``constraint`` to ``schema``; False when JSON Schema cannot state it."""
    if constraint.kind not in _EXPRESSED:
        return False
    params = constraint.params
    steps = parse_path(constraint.path)
    if constraint.kind == "required":
        if not steps or steps[-1][0] != "member":
            return False
        parent = _node(schema, steps[:-1])
        names = parent.setdefault("required", [])
        if steps[-1][1] not in names:
            names.append(steps[-1][1])
        return True
    node = _node(schema, steps)
    kind = constraint.kind
    if kind == "type":
        node.update(_TYPES.get(str(params.get("type")), {}))
    elif kind == "length":
        _bounds(node, params, "minLength", "maxLength")
    elif kind == "range":
        _bounds(node, params, "minimum", "maximum")
    elif kind == "items":
        _bounds(node, params, "minItems", "maxItems")
    elif kind == "entries":
        _bounds(node, params, "minProperties", "maxProperties")
    elif kind == "enum":
        node["enum"] = list(params["values"])
    elif kind == "union":
        node["minProperties"] = node["maxProperties"] = 1
    elif kind == "pattern":
        translated, why = ecma_pattern(str(params["pattern"]))
        if translated is None:
            node["x-smcontract-note"] = (
                f"pattern {params['pattern']!r} ({constraint.id}) left out: {why}"
            )
        else:
            node["pattern"] = translated
    return True


def _bounds(node: dict[str, Any], params: Any, low: str, high: str) -> None:
    if params.get("min") is not None:
        node[low] = params["min"]
    if params.get("max") is not None:
        node[high] = params["max"]


def _schema(constraints: list[Constraint], direction: str) -> tuple[dict[str, Any], list[str]]:
    schema: dict[str, Any] = {"type": "object"}
    unexpressed: list[str] = []
    for constraint in constraints:
        if constraint.direction != direction or not constraint.active:
            continue
        if not _apply(schema, constraint):
            unexpressed.append(constraint.id)
    return schema, unexpressed


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"__type": {"type": "string"}, "message": {"type": "string"}},
}


def openapi_document(
    pack: ContractPack,
    *,
    operations: list[str] | None = None,
    server_url: str = "https://api.sagemaker.us-east-1.amazonaws.com",
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``operations`` (default: every operation of the pack)."""
    names = operations or list(pack.operations)
    service = dict(pack.service)
    prefix = str(service.get("targetPrefix", "SageMaker"))
    content_type = str(service.get("contentType", "application/x-amz-json-1.1"))
    status = str(pack.defaults.get("reject", {}).get("http_status", 400))
    paths: dict[str, Any] = {}
    for name in names:
        contract = pack.operation(name)
        constraints = list(contract.constraints)
        request, unexpressed = _schema(constraints, "input")
        response, unexpressed_out = _schema(constraints, "output")
        paths[f"{PATH_PREFIX}{name}"] = {
            "post": {
                "operationId": name,
                "summary": f"{prefix}.{name}",
                "x-amz-target": f"{prefix}.{name}",
                "x-smcontract-unexpressed": unexpressed + unexpressed_out,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": request}},
                },
                "responses": {
                    "200": {
                        "description": f"{name} succeeded",
                        "content": {content_type: {"schema": response}},
                    },
                    status: {
                        "description": "the request was rejected",
                        "content": {content_type: {"schema": _ERROR_SCHEMA}},
                    },
                    "default": {
                        "description": "another error",
                        "content": {content_type: {"schema": _ERROR_SCHEMA}},
                    },
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{service.get('serviceId', pack.name)} ({', '.join(names)})",
            "version": str(service.get("apiVersion", "")),
            "description": (
                f"Generated by smcontract {__version__} from the contract pack {pack.sha256[:16]}"
                f" (botocore {pack.botocore_version}). Every operation is really POST / with "
                f"X-Amz-Target: {prefix}.<Operation> and Content-Type: {content_type}, "
                "SigV4-signed: send it through smcontract.schemathesis_hooks."
            ),
        },
        "servers": [{"url": server_url}],
        "x-smcontract": {
            "contracts_sha256": pack.sha256,
            "target_prefix": prefix,
            "content_type": content_type,
            "signing_name": str(service.get("signingName", "sagemaker")),
            "path_prefix": PATH_PREFIX,
        },
        "paths": paths,
    }
