"""Find, read and check contract packs: an explicit folder, $SMCONTRACT_CONTRACTS, the copy
shipped inside the wheel (``smcontract/_contracts``), or the checkout's ``contracts/``."""

from __future__ import annotations

import contextlib
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

from smcontract.contracts._families import check_dependencies
from smcontract.contracts._lazy import LazyOperations, load_all
from smcontract.contracts._metaschema import check_document
from smcontract.contracts._model import (
    Constraint,
    ContractPack,
    Example,
    OperationContract,
    unknown_operation,
)
from smcontract.contracts._paths import parse_path
from smcontract.contracts._resources import parse_resources
from smcontract.contracts._select import PackIndex, check_profiles, index_of, pack_index
from smcontract.contracts._stamp import (
    STAMP_FILE,
    read_stamp,
    stamp_digest,
    stamp_of_hashes,
    write_stamp,
)
from smcontract.errors import ContractError, UsageError

__all__ = [
    "check_operations",
    "check_pack",
    "contract_roots",
    "load_contracts",
    "read_index",
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
    check_document(document, label, _schema_bytes().decode("utf-8"))


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


def _digest(hashes: list[tuple[str, bytes]]) -> str:
    """The pack's sha256, from each document's name and sha256."""
    digest = hashlib.sha256()
    for name, data in sorted(hashes):
        digest.update(name.encode() + b"\0" + data)
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
    """Read a pack's bytes and pack.json; each operation's documents are parsed and checked
    on first access. With ``trust_stamp`` (the shipped pack only), the meta-schema check is
    skipped when the stamp written by ``contracts check`` matches these bytes."""
    files = _read_all(root)
    blobs = [(label, _read_bytes(file, label)) for label, file in files]
    hashes = [(label, hashlib.sha256(data).digest()) for label, data in blobs]
    stamped = trust_stamp and read_stamp(root) == stamp_of_hashes(hashes, _schema_bytes())
    log.debug("%s: stamp %s", root, "matches, checks skipped" if stamped else "unused")
    pack = _parse_json(blobs[0][1], "pack.json")
    if not stamped:
        _check_document(pack, "pack.json")
    names = tuple(pack["operations"])
    by_operation: dict[str, list[tuple[str, bytes]]] = {op: [] for op in names}
    for label, data in blobs[1:]:
        op = label.split("/", 1)[1].removesuffix(".json")
        if op not in by_operation:
            raise ContractError(
                f"operation {op!r} is not listed in pack.json; add it to "
                "pack.json's operations or remove this file",
                file=label,
                pointer="/operation",
            )
        by_operation[op].append((label, data))
    resources = parse_resources(pack["resources"])
    check_dependencies(resources, names)
    build = functools.partial(_build_operation, by_operation, checked=not stamped)
    first_model = next((data for label, data in blobs if label.startswith("model/")), None)
    version = None if first_model is None else _parse_json(first_model, "model/")
    return ContractPack(
        name=pack["name"],
        service=pack["service"],
        operations=LazyOperations(names, build),
        defaults=pack["defaults"],
        resources=resources,
        origin=str(root),
        sha256=_digest(hashes),
        botocore_version=None if version is None else version.get("botocore_version"),
        profiles={
            name: tuple(spec["operations"]) for name, spec in pack.get("profiles", {}).items()
        },
        default_profile=pack.get("default_profile"),
        unresolved_families={
            name: spec["reason"] for name, spec in pack.get("unresolved_families", {}).items()
        },
    )


def _build_operation(
    by_operation: dict[str, list[tuple[str, bytes]]], name: str, *, checked: bool
) -> OperationContract:
    """One operation's contract from its model and prose documents (checked as it is read)."""
    constraints: list[Constraint] = []
    examples: list[Example] = []
    meta: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for label, data in by_operation[name]:
        document = _parse_json(data, label)
        if checked:  # a current stamp says check_pack passed on these very bytes
            _check_document(document, label)
            _check_semantics(document, label)
        if document["operation"] != name:
            raise ContractError(
                f"the document names operation {document['operation']!r} but its file is "
                f"{name}.json; name the file after its operation",
                file=label,
                pointer="/operation",
            )
        if label.startswith("model/"):
            meta = document
        for index, item in enumerate(document["constraints"]):
            if item["id"] in seen:
                raise ContractError(
                    f"duplicate constraint ID {item['id']!r} (also in {seen[item['id']]}); "
                    "IDs must be unique across the pack: add a qualifier",
                    file=label,
                    pointer=f"/constraints/{index}/id",
                )
            seen[item["id"]] = label
            constraints.append(Constraint.from_dict(item, name))
        for item in document.get("examples", ()):
            examples.append(Example(item["id"], name, item["source"], item["request"]))
    _check_references(constraints, seen, by_operation)
    return OperationContract(
        name=name,
        constraints=tuple(constraints),
        examples=tuple(examples),
        input_shape=meta.get("input_shape"),
        output_shape=meta.get("output_shape"),
        errors=tuple(meta.get("errors", ())),
    )


def _check_references(
    constraints: list[Constraint], seen: dict[str, str], operations: Iterable[str]
) -> None:
    """``implies`` and ``superseded_by`` name a constraint of this operation, or one of a
    known operation (which :func:`check_pack` resolves when it reads the whole pack)."""
    for constraint in constraints:
        for ref in (*constraint.implies, *filter(None, [constraint.superseded_by])):
            op = ref.split(".", 1)[0].split("#", 1)[0]
            if ref not in seen and (op == constraint.operation or op not in operations):
                raise ContractError(
                    f"{constraint.id} refers to unknown constraint {ref!r}; "
                    "fix the ID or add that constraint",
                    file=seen[constraint.id],
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
    found: list[tuple[str, int, int]] = []
    for name in ("pack.json", STAMP_FILE):
        with contextlib.suppress(OSError):
            info = (root / name).stat()
            found.append((name, info.st_mtime_ns, info.st_size))
    for folder in ("model", "prose"):
        with contextlib.suppress(OSError), os.scandir(root / folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    info = entry.stat()
                    found.append((f"{folder}/{entry.name}", info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


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
    load_all(pack.operations)
    _check_pack_references(pack)
    check_profiles(pack_index(pack))
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


def _check_pack_references(pack: ContractPack) -> None:
    """Every ``implies`` and ``superseded_by`` names a constraint somewhere in the pack."""
    for constraint in pack.constraints():
        for ref in (*constraint.implies, *filter(None, [constraint.superseded_by])):
            try:
                pack.constraint(ref)
            except UsageError:
                raise ContractError(
                    f"{constraint.id} refers to unknown constraint {ref!r}; "
                    "fix the ID or add that constraint",
                    file=f"{constraint.operation}.json",
                ) from None


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


def read_index(directory: str | Path | None = None) -> PackIndex:
    """What operation selection needs, from pack.json alone (no documents, no meta-schema):
    so that ``--profile``, ``--family`` and ``-o`` globs are checked before the pack loads.
    Raises ContractError when pack.json cannot be read or lacks the operations list."""
    root = _find_root(directory)
    manifest = _parse_json(_read_bytes(root / "pack.json", "pack.json"), "pack.json")
    try:
        return index_of(manifest)
    except ValueError as err:
        raise ContractError(
            f"{err}; check the pack with: smcontract contracts check", file="pack.json"
        ) from None
