"""The pack as an OpenAPI 3.1 document, for Schemathesis and other OpenAPI tools.

AWS JSON 1.1 services take every operation as ``POST /`` with an ``X-Amz-Target`` header, which
OpenAPI cannot tell apart. The document gives each operation a path of its own,
``/_/<Operation>``; a request hook (``smcontract.schemathesis_hooks``) sends it to ``/`` with
``X-Amz-Target: SageMaker.<Operation>`` and ``Content-Type: application/x-amz-json-1.1``,
SigV4-signed, keeping its method. Each operation declares its documented errors: one response
per HTTP status, naming every error code and situation (``x-amz-errors``) from the default
rejection and the operation's ``error`` rules. :func:`schemathesis_config` writes the
``schemathesis.toml`` that lets Schemathesis accept those 400s for schema-valid requests.
Request bodies are declared as ``application/json`` (what OpenAPI tools know how to
serialize); responses as ``application/x-amz-json-1.1``.

Schemas come from the active ``type``, ``required``, ``length``, ``pattern``, ``enum``,
``range``, ``items``, ``entries`` and ``union`` rules. Patterns are AWS's Java regexes matched
in full; they are translated to ECMA-262 (``^(?:...)$``, ``\\s`` spelled as its ASCII class) where
that keeps their meaning. Where it cannot (``\\p{L}`` and the other Unicode or POSIX property
classes, possessive quantifiers, nested classes ...) the pattern is left out and
``x-smcontract-note`` says so. Rules JSON Schema cannot state (cross-field rules, prefixes,
lifecycle ...) are listed by ID in the operation's ``x-smcontract-unexpressed``.
"""

from __future__ import annotations

import json
from typing import Any

from smcontract._version import __version__
from smcontract.contracts._model import Constraint, ContractPack
from smcontract.contracts._paths import parse_path
from smcontract.contracts._regex_ecma import ecma_pattern
from smcontract.contracts.kinds import (
    SPECS,
    BoundParams,
    EnumParams,
    ErrorParams,
    PatternParams,
    TypeParams,
)

__all__ = [
    "PATH_PREFIX",
    "documented_errors",
    "ecma_pattern",
    "openapi_document",
    "schemathesis_config",
]

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
#: The kinds JSON Schema states (``KindSpec.openapi``); the others are listed as unexpressed.
_EXPRESSED = frozenset(kind for kind, spec in SPECS.items() if spec.openapi)


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
    rule = constraint.rule
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
    if isinstance(rule, TypeParams):
        node.update(_TYPES.get(rule.type, {}))
    elif isinstance(rule, BoundParams):
        low, high = constraint.spec.openapi  # minLength/maxLength, minimum/maximum ...
        if rule.min is not None:
            node[low] = rule.min
        if rule.max is not None:
            node[high] = rule.max
    elif isinstance(rule, EnumParams):
        node["enum"] = list(rule.values)
    elif constraint.kind == "union":
        node["minProperties"] = node["maxProperties"] = 1
    elif isinstance(rule, PatternParams):
        translated, why = ecma_pattern(rule.pattern)
        if translated is None:
            node["x-smcontract-note"] = (
                f"pattern {rule.pattern!r} ({constraint.id}) left out: {why}"
            )
        else:
            node["pattern"] = translated
    return True


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


def documented_errors(pack: ContractPack, operation: str) -> list[dict[str, Any]]:
    """The errors the contracts document for ``operation``: the default rejection of a
    broken rule, then each active ``error`` rule's code, HTTP status and situation."""
    reject = pack.defaults.get("reject", {})
    errors: list[dict[str, Any]] = [
        {
            "code": str(reject.get("code", "ValidationException")),
            "http_status": int(reject.get("http_status", 400)),
            "situation": "a broken rule",
        }
    ]
    for constraint in pack.operation(operation).constraints:
        if constraint.kind != "error" or not constraint.active:
            continue
        rule = constraint.rule_as(ErrorParams)
        entry = {
            "code": rule.code,
            "http_status": rule.http_status,
            "situation": rule.situation,
            "constraint": constraint.id,
        }
        if entry not in errors:
            errors.append(entry)
    return errors


def _error_responses(errors: list[dict[str, Any]], content_type: str) -> dict[str, Any]:
    """One response per documented HTTP status, naming every documented error it carries."""
    responses: dict[str, Any] = {}
    for status in sorted({e["http_status"] for e in errors}):
        here = [e for e in errors if e["http_status"] == status]
        named = "; ".join(f"{e['code']} ({e['situation']})" for e in here)
        responses[str(status)] = {
            "description": f"a documented error: {named}",
            "x-amz-errors": here,
            "content": {content_type: {"schema": _ERROR_SCHEMA}},
        }
    return responses


def openapi_document(
    pack: ContractPack,
    *,
    operations: list[str] | None = None,
    server_url: str = "https://api.sagemaker.us-east-1.amazonaws.com",
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``operations`` (default: the pack's default profile)."""
    names = operations or pack.default_operations()
    service = dict(pack.service)
    prefix = str(service.get("targetPrefix", "SageMaker"))
    content_type = str(service.get("contentType", "application/x-amz-json-1.1"))
    paths = {f"{PATH_PREFIX}{name}": _path_item(pack, name, prefix, content_type) for name in names}
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


def _path_item(pack: ContractPack, name: str, prefix: str, content_type: str) -> dict[str, Any]:
    """The ``POST`` of one operation: its request and response schemas, its errors."""
    constraints = list(pack.operation(name).constraints)
    request, unexpressed = _schema(constraints, "input")
    response, unexpressed_out = _schema(constraints, "output")
    return {
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
                **_error_responses(documented_errors(pack, name), content_type),
                "default": {
                    "description": "another error",
                    "content": {content_type: {"schema": _ERROR_SCHEMA}},
                },
            },
        }
    }


#: Schemathesis' default ``positive_data_acceptance`` statuses, plus the documented 400.
_ACCEPTED = ("2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx")


def schemathesis_config(document: dict[str, Any]) -> str:
    """A ``schemathesis.toml`` for the document: per operation whose schema-valid requests
    may rightly get a 400 (it documents a 400 error for a situation such as not-found or
    duplicate-name, or it has rules JSON Schema cannot state), 400 joins the statuses
    Schemathesis' ``positive_data_acceptance`` check accepts for schema-valid data."""
    lines = [
        "# Written by smcontract export openapi --schemathesis-config: AWS JSON 1.1 answers a",
        "# documented situation (a name not found, a duplicate name) with HTTP 400, and a",
        "# schema-valid request can still break a cross-field rule the schema cannot state.",
        "# Use it as: st --config-file THIS_FILE run openapi.json --url ...",
    ]
    for item in document["paths"].values():
        operation = item["post"]
        situations = [
            e
            for response in operation["responses"].values()
            for e in response.get("x-amz-errors", ())
            if e["http_status"] == 400 and "constraint" in e
        ]
        if not situations and not operation["x-smcontract-unexpressed"]:
            continue
        why = ", ".join(sorted({f"{e['code']} ({e['situation']})" for e in situations}))
        lines += [
            "",
            "[[operations]]",
            f"include-operation-id = {json.dumps(operation['operationId'])}",
            f"# {why or 'rules the schema cannot state'}",
            "checks.positive_data_acceptance.expected-statuses = " + json.dumps(list(_ACCEPTED)),
        ]
    return "\n".join(lines) + "\n"
