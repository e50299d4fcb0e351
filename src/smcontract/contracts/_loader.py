"""Find, read and check contract packs: an explicit folder, $SMCONTRACT_CONTRACTS, the copy
shipped inside the wheel (``smcontract/_contracts``), or the checkout's ``contracts/``."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jsonschema

from smcontract.contracts._model import Constraint, ContractPack, Example, OperationContract
from smcontract.contracts._paths import parse_path
from smcontract.contracts._regex import PatternError, compile_pattern
from smcontract.errors import ContractError

__all__ = ["check_pack", "contract_roots", "load_contracts", "read_schema"]

ENV_VAR = "SMCONTRACT_CONTRACTS"
SCHEMA_FILE = "contract.schema.json"


def contract_roots(explicit: str | Path | None = None) -> list[Traversable]:
    """Where a pack is looked up, in order; the first one holding ``pack.json`` wins."""
    roots: list[Traversable] = []
    if explicit is not None:
        roots.append(Path(explicit))
    if env := os.environ.get(ENV_VAR):
        roots.append(Path(env))
    packaged = resources.files("smcontract") / "_contracts"
    if packaged.is_dir():
        roots.append(packaged)
    checkout = Path(__file__).resolve().parents[3] / "contracts"
    if checkout.is_dir():
        roots.append(checkout)
    return roots


def _find_root(explicit: str | Path | None) -> Traversable:
    roots = contract_roots(explicit)
    if explicit is not None:
        root = roots[0]
        if not root.is_dir() or not (root / "pack.json").is_file():
            raise ContractError(
                "no contract pack here: expected a folder with pack.json, model/ and prose/. "
                "Pass the folder that holds pack.json (e.g. --contracts contracts/)",
                file=str(explicit),
            )
        return root
    for root in roots:
        if (root / "pack.json").is_file():
            return root
    raise ContractError(
        "no contract pack found; looked in "
        + ", ".join(str(r) for r in roots)
        + f". Reinstall smcontract or set {ENV_VAR} to a folder holding pack.json"
    )


@functools.lru_cache(maxsize=1)
def read_schema() -> dict[str, Any]:
    """The meta-schema that every contract document follows."""
    for root in contract_roots():
        if (root / SCHEMA_FILE).is_file():
            schema: dict[str, Any] = json.loads((root / SCHEMA_FILE).read_text("utf-8"))
            return schema
    raise ContractError(f"the meta-schema {SCHEMA_FILE} is missing; reinstall smcontract")


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts) if parts else "/"


def _read_json(file: Traversable, label: str) -> Any:
    try:
        return json.loads(file.read_text("utf-8"))
    except json.JSONDecodeError as err:
        raise ContractError(
            f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno}). "
            "Fix the syntax; every contract document is one JSON object",
            file=label,
        ) from None
    except UnicodeDecodeError as err:
        raise ContractError(
            f"not UTF-8 text (byte {err.start}); every contract document is UTF-8 JSON",
            file=label,
        ) from None
    except RecursionError:
        raise ContractError(
            "nested too deeply to read; every contract document is one shallow JSON object",
            file=label,
        ) from None
    except OSError as err:
        raise ContractError(
            f"cannot read it ({err.strerror or err}); check the file and its permissions",
            file=label,
        ) from None


def _check_document(document: Any, label: str) -> None:
    schema = read_schema()
    kind = document.get("document") if isinstance(document, dict) else None
    if kind not in ("pack", "operation"):
        raise ContractError(
            f'found document={kind!r}, expected "pack" (pack.json) or "operation". '
            'Start the file with {"document": "operation", "operation": "<Name>", ...}',
            file=label,
            pointer="/document",
        )
    # Validate against the one branch the document names, so errors point deep, not at "/".
    branch = {**schema, "$ref": f"#/$defs/{kind}"}
    branch.pop("oneOf", None)
    validator = jsonschema.Draft202012Validator(branch)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return
    while error.context:  # inside a oneOf/anyOf: the branch that got furthest
        error = jsonschema.exceptions.best_match(error.context)
    raise ContractError(
        f"{error.message}; found {json.dumps(error.instance, ensure_ascii=False)[:120]}"
        f" ({error.validator!r} in the meta-schema). "
        f"Fix this value so the document follows {SCHEMA_FILE} (see contracts/README.md)",
        file=label,
        pointer=_pointer(error.absolute_path),
    )


def _check_semantics(document: dict[str, Any], label: str) -> None:
    for index, item in enumerate(document["constraints"]):
        pointer = f"/constraints/{index}"
        op = item["id"].split(".", 1)[0].split("#", 1)[0]
        if op != document["operation"]:
            raise ContractError(
                f"constraint ID {item['id']!r} does not start with the document's operation "
                f"{document['operation']!r}; rename it to {document['operation']}.…",
                file=label,
                pointer=pointer + "/id",
            )
        try:
            parse_path(item["path"])
        except ValueError as err:
            raise ContractError(
                f"{err}; expected member path notation such as Tags[].Key",
                file=label,
                pointer=pointer + "/path",
            ) from None
        checked_formats = ("json",)
        if (
            item["kind"] == "format"
            and item.get("status", "active") == "active"
            and item["params"]["format"] not in checked_formats
        ):
            raise ContractError(
                f"an active format rule names {item['params']['format']!r}, which the oracle "
                f"cannot check (known: {', '.join(checked_formats)}); "
                'mark it "status": "untestable" with a note, or use a known format',
                file=label,
                pointer=pointer + "/params/format",
            )
        if item["kind"] == "pattern":
            try:
                compile_pattern(item["params"]["pattern"])
            except PatternError as err:
                raise ContractError(
                    f"{err}. Fix the pattern, or extend the parser "
                    "(smcontract.contracts.regex_ast) or the translation "
                    "(smcontract.contracts._regex)",
                    file=label,
                    pointer=pointer + "/params/pattern",
                ) from None


def _digest(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _load(root: Traversable) -> ContractPack:
    blobs: list[tuple[str, bytes]] = []

    def read(file: Traversable, label: str) -> Any:
        blobs.append((label, file.read_bytes()))
        return _read_json(file, label)

    pack = read(root / "pack.json", "pack.json")
    _check_document(pack, "pack.json")
    constraints: dict[str, list[Constraint]] = {op: [] for op in pack["operations"]}
    examples: dict[str, list[Example]] = {op: [] for op in pack["operations"]}
    meta: dict[str, dict[str, Any]] = {}
    seen: dict[str, str] = {}
    botocore_version = None
    for folder in ("model", "prose"):
        directory = root / folder
        if not directory.is_dir():
            continue
        for file in sorted(directory.iterdir(), key=lambda f: f.name):
            if not file.name.endswith(".json"):
                continue
            label = f"{folder}/{file.name}"
            document = read(file, label)
            _check_document(document, label)
            _check_semantics(document, label)
            op = document["operation"]
            if op not in constraints:
                raise ContractError(
                    f"operation {op!r} is not listed in pack.json; add it to "
                    "pack.json's operations or remove this file",
                    file=label,
                    pointer="/operation",
                )
            if folder == "model":
                botocore_version = document.get("botocore_version", botocore_version)
                meta[op] = document
            for index, item in enumerate(document["constraints"]):
                if item["id"] in seen:
                    raise ContractError(
                        f"duplicate constraint ID {item['id']!r} (also in {seen[item['id']]}); "
                        "IDs must be unique across the pack: add a qualifier",
                        file=label,
                        pointer=f"/constraints/{index}/id",
                    )
                seen[item["id"]] = label
                constraints[op].append(Constraint.from_dict(item, op))
            for item in document.get("examples", ()):
                examples[op].append(Example(item["id"], op, item["source"], item["request"]))
    for items in constraints.values():
        for constraint in items:
            for ref in (*constraint.implies, *filter(None, [constraint.superseded_by])):
                if ref not in seen:
                    raise ContractError(
                        f"{constraint.id} refers to unknown constraint {ref!r}; "
                        "fix the ID or add that constraint",
                        file=seen[constraint.id],
                    )
    operations = {
        op: OperationContract(
            name=op,
            constraints=tuple(constraints[op]),
            examples=tuple(examples[op]),
            input_shape=meta.get(op, {}).get("input_shape"),
            output_shape=meta.get(op, {}).get("output_shape"),
            errors=tuple(meta.get(op, {}).get("errors", ())),
        )
        for op in pack["operations"]
    }
    return ContractPack(
        name=pack["name"],
        service=pack["service"],
        operations=operations,
        defaults=pack["defaults"],
        resources=pack["resources"],
        origin=str(root),
        sha256=_digest(blobs),
        botocore_version=botocore_version,
    )


@functools.lru_cache(maxsize=8)
def _load_cached(root: str, stamp: tuple[tuple[str, int, int], ...]) -> ContractPack:
    return _load(Path(root))


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of a pack's files: a rewritten pack reloads."""
    files = [
        root / "pack.json",
        *sorted(root.glob("model/*.json")),
        *sorted(root.glob("prose/*.json")),
    ]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


def load_contracts(directory: str | Path | None = None) -> ContractPack:
    """Load and check the contract pack (cached per folder).

    Raises ContractError, naming the file and JSON pointer, for anything malformed.
    """
    root = _find_root(directory)
    if isinstance(root, Path):
        resolved = root.resolve()
        return _load_cached(str(resolved), _stamp(resolved))
    return _load(root)


def check_pack(directory: str | Path | None = None) -> ContractPack:
    """Load a pack without the cache (``smcontract contracts check``)."""
    return _load(_find_root(directory))
