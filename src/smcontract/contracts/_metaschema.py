"""Check one contract document against the meta-schema, naming the JSON pointer of the first
error.

An operation document's constraints are checked one by one, and a constraint that differs
from one already found valid only in its ``id``, ``path`` and ``source.shape`` (strings the
meta-schema checks by pattern, or not at all) is not checked again: the 38,000 constraints of
the whole-API pack have about 3,600 distinct forms.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

from smcontract.errors import ContractError

__all__ = ["check_document"]

SCHEMA_FILE = "contract.schema.json"


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts) if parts else "/"


@functools.lru_cache(maxsize=4)
def _validator(schema_text: str, definition: str) -> Any:
    import jsonschema

    schema = json.loads(schema_text)
    branch = {**schema, "$ref": f"#/$defs/{definition}"}
    branch.pop("oneOf", None)
    return jsonschema.Draft202012Validator(branch)


class _Forms:
    """The constraint forms found valid, for one meta-schema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        properties = schema["$defs"]["constraint"]["properties"]
        self.id = re.compile(properties["id"]["pattern"])
        self.path = re.compile(properties["path"]["pattern"])
        self.valid: set[str] = set()

    def key(self, item: Any) -> str | None:
        """The form of ``item``, or None when its id or path needs the full check."""
        if not isinstance(item, dict):
            return None
        ident, path, source = item.get("id"), item.get("path"), item.get("source")
        if not (isinstance(ident, str) and self.id.search(ident)):
            return None
        if not (isinstance(path, str) and self.path.search(path)):
            return None
        form = {**item, "id": "", "path": ""}
        if isinstance(source, dict) and isinstance(source.get("shape"), str):
            form["source"] = {**source, "shape": ""}
        return json.dumps(form, sort_keys=True, ensure_ascii=False)


@functools.lru_cache(maxsize=4)
def _forms(schema_text: str) -> _Forms:
    return _Forms(json.loads(schema_text))


def _raise(error: Any, label: str, prefix: tuple[Any, ...] = ()) -> None:
    import jsonschema

    while error.context:  # inside a oneOf/anyOf: the branch that got furthest
        error = jsonschema.exceptions.best_match(error.context)
    raise ContractError(
        f"{error.message}; found {json.dumps(error.instance, ensure_ascii=False)[:120]}"
        f" ({error.validator!r} in the meta-schema). "
        f"Fix this value so the document follows {SCHEMA_FILE} (see contracts/README.md)",
        file=label,
        pointer=_pointer((*prefix, *error.absolute_path)),
        value=error.instance,
    )


def _first_error(validator: Any, instance: Any) -> Any:
    import jsonschema

    return jsonschema.exceptions.best_match(validator.iter_errors(instance))


def check_document(document: Any, label: str, schema_text: str) -> None:
    """Raise ContractError, with file and JSON pointer, unless ``document`` follows the
    meta-schema (``schema_text``) branch its ``document`` member names."""
    kind = document.get("document") if isinstance(document, dict) else None
    if kind not in ("pack", "operation"):
        raise ContractError(
            f'found document={kind!r}, expected "pack" (pack.json) or "operation". '
            'Start the file with {"document": "operation", "operation": "<Name>", ...}',
            file=label,
            pointer="/document",
            value=kind,
        )
    # Validate against the one branch the document names, so errors point deep, not at "/".
    constraints = document.get("constraints") if kind == "operation" else None
    if not isinstance(constraints, list):
        error = _first_error(_validator(schema_text, kind), document)
        if error is not None:
            _raise(error, label)
        return
    error = _first_error(_validator(schema_text, kind), {**document, "constraints": []})
    if error is not None:
        _raise(error, label)
    forms = _forms(schema_text)
    for index, item in enumerate(constraints):
        key = forms.key(item)
        if key is not None and key in forms.valid:
            continue
        error = _first_error(_validator(schema_text, "constraint"), item)
        if error is not None:
            _raise(error, label, ("constraints", index))
        if key is not None:
            forms.valid.add(key)
