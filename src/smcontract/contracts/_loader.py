"""Find, read and check contract packs: an explicit folder, $SMCONTRACT_CONTRACTS, the copy
shipped inside the wheel (``smcontract/_contracts``), or the checkout's ``contracts/``."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from smcontract.contracts._model import (
    Constraint,
    ContractPack,
    Example,
    OperationContract,
    unknown_operation,
)
from smcontract.contracts._paths import parse_path
from smcontract.contracts._resources import parse_resources
from smcontract.contracts._stamp import STAMP_FILE, read_stamp, stamp_digest, write_stamp
from smcontract.errors import ContractError

__all__ = [
    "check_operations",
    "check_pack",
    "contract_roots",
    "load_contracts",
    "read_schema",
    "stamp_current",
]

ENV_VAR = "SMCONTRACT_CONTRACTS"
log = logging.getLogger(__name__)
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
    return _locate(explicit)[0]


def _locate(explicit: str | Path | None) -> tuple[Traversable, bool]:
    """The pack's folder, and whether it is the shipped one (not --contracts nor $ENV_VAR)."""
    roots = contract_roots(explicit)
    chosen = os.environ.get(ENV_VAR) if explicit is None else explicit
    if explicit is not None:
        root = roots[0]
        if not root.is_dir() or not (root / "pack.json").is_file():
            raise ContractError(
                "no contract pack here: expected a folder with pack.json, model/ and prose/. "
                "Pass the folder that holds pack.json (e.g. --contracts contracts/)",
                file=str(explicit),
            )
        return root, False
    for index, root in enumerate(roots):
        if (root / "pack.json").is_file():
            return root, not (chosen and index == 0)
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


def _read_bytes(file: Traversable, label: str) -> bytes:
    try:
        return file.read_bytes()
    except OSError as err:
        raise ContractError(
            f"cannot read it ({err.strerror or err}); check the file and its permissions",
            file=label,
        ) from None


def _parse_json(data: bytes, label: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except json.JSONDecodeError as err:
        raise ContractError(
            f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno}). "
            "Fix the syntax; every contract document is one JSON object",
            file=label,
            line=err.lineno,
            column=err.colno,
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


def _check_document(document: Any, label: str) -> None:
    import jsonschema

    schema = read_schema()
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
        value=error.instance,
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
            from smcontract.contracts._regex import PatternError, compile_pattern

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


def _read_all(root: Traversable) -> list[tuple[str, Traversable]]:
    """``(label, file)`` of pack.json and every document under model/ and prose/, in order."""
    files = [("pack.json", root / "pack.json")]
    for folder in ("model", "prose"):
        directory = root / folder
        if directory.is_dir():
            found = sorted(directory.iterdir(), key=lambda f: f.name)
            files += [(f"{folder}/{f.name}", f) for f in found if f.name.endswith(".json")]
    return files


def _load(root: Traversable, *, trust_stamp: bool = False) -> ContractPack:
    """Read and check a pack. With ``trust_stamp`` (the shipped pack only), the meta-schema
    check is skipped when the stamp written by ``contracts check`` matches these bytes."""
    files = _read_all(root)
    blobs = [(label, _read_bytes(file, label)) for label, file in files]
    stamped = trust_stamp and read_stamp(root) == stamp_digest(blobs, _schema_bytes())
    log.debug("%s: stamp %s", root, "matches, meta-schema check skipped" if stamped else "unused")
    documents = [(label, _parse_json(data, label)) for label, data in blobs]
    pack = documents[0][1]
    if not stamped:
        _check_document(pack, "pack.json")
    constraints: dict[str, list[Constraint]] = {op: [] for op in pack["operations"]}
    examples: dict[str, list[Example]] = {op: [] for op in pack["operations"]}
    meta: dict[str, dict[str, Any]] = {}
    seen: dict[str, str] = {}
    botocore_version = None
    for label, document in documents[1:]:
        folder = label.split("/", 1)[0]
        if not stamped:
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
        resources=parse_resources(pack["resources"]),
        origin=str(root),
        sha256=_digest(blobs),
        botocore_version=botocore_version,
    )


def _schema_bytes() -> bytes:
    for root in contract_roots():
        if (root / SCHEMA_FILE).is_file():
            return (root / SCHEMA_FILE).read_bytes()
    raise ContractError(f"the meta-schema {SCHEMA_FILE} is missing; reinstall smcontract")


@functools.lru_cache(maxsize=8)
def _load_cached(root: str, shipped: bool, stamp: tuple[tuple[str, int, int], ...]) -> ContractPack:
    return _load(Path(root), trust_stamp=shipped)


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of a pack's files: a rewritten pack reloads."""
    files = [
        root / "pack.json",
        root / STAMP_FILE,
        *sorted(root.glob("model/*.json")),
        *sorted(root.glob("prose/*.json")),
    ]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


def load_contracts(directory: str | Path | None = None) -> ContractPack:
    """Load and check the contract pack (cached per folder).

    The shipped pack skips the meta-schema check when its stamp (written by
    :func:`check_pack`) matches its bytes; a pack passed in (``--contracts``,
    $SMCONTRACT_CONTRACTS) is always checked in full. Raises ContractError, naming the file
    and JSON pointer, for anything malformed.
    """
    root, shipped = _locate(directory)
    if isinstance(root, Path):
        resolved = root.resolve()
        return _load_cached(str(resolved), shipped, _stamp(resolved))
    return _load(root, trust_stamp=shipped)


def check_pack(
    directory: str | Path | None = None, *, stamp: bool = False
) -> tuple[ContractPack, str]:
    """Load a pack in full, without the cache (``smcontract contracts check``).

    Returns the pack and one line about the shipped pack's stamp (what lets every run skip
    the meta-schema check): current, stale, or (with ``stamp``) written now.
    """
    root, shipped = _locate(directory)
    pack = _load(root)
    if not shipped:
        return pack, "no stamp (only the shipped pack is stamped)"
    digest = _digest_now(root)
    if read_stamp(root) == digest:
        return pack, f"stamp {STAMP_FILE} is current"
    if stamp:
        return pack, write_stamp(root, digest)
    return pack, (
        f"stamp {STAMP_FILE} is stale, so every run checks the meta-schema again; "
        "refresh it with: smcontract contracts check --write-stamp"
    )


def _digest_now(root: Traversable) -> str:
    files = _read_all(root)
    return stamp_digest([(label, _read_bytes(f, label)) for label, f in files], _schema_bytes())


def stamp_current(directory: str | Path | None = None) -> bool:
    """Whether the pack's stamp matches its bytes (a test keeps the shipped one current)."""
    root = _find_root(directory)
    return read_stamp(root) == _digest_now(root)


def check_operations(directory: str | Path | None, names: Iterable[str]) -> None:
    """Raise the UsageError of an unknown operation from pack.json alone (no meta-schema, no
    documents), so that a mistyped ``-o`` is reported at once; silent when pack.json cannot
    be read, which :func:`load_contracts` then reports in full."""
    try:
        root = _find_root(directory)
        known = json.loads((root / "pack.json").read_text("utf-8"))["operations"]
    except (ContractError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return
    if not isinstance(known, list) or not all(isinstance(op, str) for op in known):
        return
    for name in names:
        if name not in known:
            raise unknown_operation(name, known)
