"""The ``smcontract`` command line: the one place (with the pytest plugin) that wires parts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import click

from smcontract._version import __version__
from smcontract.contracts import (
    ContractPack,
    check_pack,
    load_contracts,
    validate,
)
from smcontract.errors import SmcontractError, UsageError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
contracts_option = click.option(
    "--contracts",
    "contracts_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding pack.json (default: the pack shipped with smcontract).",
)


def _fail(error: SmcontractError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    """Turns user errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SmcontractError as error:
            _fail(error)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="smcontract")
def main() -> None:
    """Contract tests and conformance reports for the Amazon SageMaker API."""


# -- contracts -----------------------------------------------------------------------------


@main.group(cls=_Group)
def contracts() -> None:
    """List, check, import and diff the contract pack."""


def _selected(pack: ContractPack, operations: Iterable[str]) -> list[str]:
    names = list(operations) or list(pack.operations)
    for name in names:
        pack.operation(name)  # raises UsageError with the known names
    return names


@contracts.command("list")
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@contracts_option
def contracts_list(operations: tuple[str, ...], fmt: str, contracts_dir: Path | None) -> None:
    """Every constraint with its kind, path and provenance."""
    pack = load_contracts(contracts_dir)
    rows = [
        constraint.to_dict()
        for name in _selected(pack, operations)
        for constraint in pack.operation(name).constraints
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} constraints ({pack.origin})")
    for column in ("id", "kind", "dir", "status", "origin", "confidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row["kind"],
            row["direction"][:2],
            row["status"],
            row["source"]["origin"],
            row["confidence"],
        )
    Console(width=200).print(table)


@contracts.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def contracts_check(directory: Path | None) -> None:
    """Validate a pack against the meta-schema and compile every pattern."""
    pack = check_pack(directory)
    counts: dict[str, int] = {}
    for constraint in pack.constraints():
        counts[constraint.kind] = counts.get(constraint.kind, 0) + 1
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    click.echo(
        f"ok: {sum(counts.values())} constraints in {len(pack.operations)} operations "
        f"({summary}); every pattern compiles; sha256 {pack.sha256[:16]}"
    )


def _imported(model_file: Path | None, operations: Iterable[str]) -> dict[str, dict[str, Any]]:
    from smcontract.contracts._importer import import_operation, load_service_model

    try:
        model, version = load_service_model(model_file)
    except (OSError, ValueError) as err:
        raise UsageError(
            f"cannot read the service model {model_file}: {err}. Pass a botocore "
            "data/sagemaker/<date>/service-2.json(.gz)"
        ) from None
    documents = {}
    for name in operations:
        if name not in model.get("operations", {}):
            raise UsageError(f"the service model {version} has no operation {name!r}")
        documents[name] = import_operation(model, name, version)
    return documents


@contracts.command("import")
@click.option("--model", "model_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write <Operation>.json into (default: the pack's model/ folder).",
)
@contracts_option
def contracts_import(model_file: Path | None, out: Path | None, contracts_dir: Path | None) -> None:
    """Regenerate model/<Operation>.json from botocore's model (deterministic)."""
    from smcontract.contracts._importer import dump_document

    pack = load_contracts(contracts_dir)
    target = out or Path(pack.origin) / "model"
    if not Path(pack.origin).is_dir() and out is None:
        raise UsageError(
            f"the pack at {pack.origin} is not a folder that can be written; pass --out DIR"
        )
    target.mkdir(parents=True, exist_ok=True)
    documents = _imported(model_file, pack.operations)
    for name, document in documents.items():
        (target / f"{name}.json").write_text(dump_document(document), encoding="utf-8")
    total = sum(len(d["constraints"]) for d in documents.values())
    click.echo(f"wrote {len(documents)} documents, {total} constraints, to {target}")


def _diff(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[Any]]:
    def strip(item: Mapping[str, Any]) -> dict[str, Any]:
        data = dict(item)
        data["source"] = {k: v for k, v in item["source"].items() if k != "botocore_version"}
        return data

    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = [
        {"id": key, "old": old[key]["params"], "new": new[key]["params"]}
        for key in sorted(set(old) & set(new))
        if strip(old[key]) != strip(new[key])
    ]
    return {"added": added, "removed": removed, "changed": changed}


@contracts.command("diff")
@click.option("--model", "model_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@contracts_option
def contracts_diff(model_file: Path | None, fmt: str, contracts_dir: Path | None) -> None:
    """What changed between the committed model constraints and another botocore model.

    Exit code 0 without drift, 1 with drift.
    """
    pack = load_contracts(contracts_dir)
    old = {c.id: c.to_dict() for c in pack.constraints() if c.origin == "model"}
    new: dict[str, dict[str, Any]] = {}
    for name, document in _imported(model_file, pack.operations).items():
        for item in document["constraints"]:
            new[item["id"]] = {**item, "operation": name, "status": "active"}
    result = _diff(old, new)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        for key in result["added"]:
            click.echo(f"+ {key}  {json.dumps(new[key]['params'], ensure_ascii=False)}")
        for key in result["removed"]:
            click.echo(f"- {key}  {json.dumps(old[key]['params'], ensure_ascii=False)}")
        for item in result["changed"]:
            click.echo(f"~ {item['id']}  {item['old']} -> {item['new']}")
        total = sum(len(v) for v in result.values())
        click.echo(
            f"{len(result['added'])} added, {len(result['removed'])} removed, "
            f"{len(result['changed'])} changed" + ("" if total else " (no drift)")
        )
    sys.exit(1 if any(result.values()) else 0)


# -- validate ------------------------------------------------------------------------------


@main.command("validate")
@click.argument("operation")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@contracts_option
def validate_command(operation: str, file: Any, contracts_dir: Path | None) -> None:
    """Print the constraints one request (a JSON file, or - for stdin) breaks.

    Exit code 0 when it breaks none, 1 when it breaks some.
    """
    pack = load_contracts(contracts_dir)
    pack.operation(operation)
    try:
        request = json.load(file)
    except json.JSONDecodeError as err:
        raise UsageError(
            f"{file.name} is not JSON: {err.msg} (line {err.lineno}, column {err.colno}); "
            "pass the request body as a JSON object"
        ) from None
    violations = validate(operation, request, pack=pack)
    for violation in violations:
        click.echo(f"{violation.constraint_id}\t{violation.path}\t{violation.reason}")
    if not violations:
        click.echo(f"ok: the request satisfies every checked constraint of {operation}")
    sys.exit(1 if violations else 0)
