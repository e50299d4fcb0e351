"""``smcontract contracts``: list, check, import and diff the contract pack."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from smcontract.cli._common import Group, contracts_option, load_contracts, selected
from smcontract.errors import UsageError

__all__ = ["contracts"]


@click.group(cls=Group)
def contracts() -> None:
    """List, check, import and diff the contract pack."""


@contracts.command("list")
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@contracts_option
def contracts_list(operations: tuple[str, ...], fmt: str, contracts_dir: Path | None) -> None:
    """Every constraint with its kind, path and provenance."""
    pack = load_contracts(contracts_dir, operations)
    rows = [
        constraint.to_dict()
        for name in selected(pack, operations)
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
@click.option(
    "--write-stamp",
    is_flag=True,
    help="Record the shipped pack's digest, so that runs skip the meta-schema check.",
)
def contracts_check(directory: Path | None, write_stamp: bool) -> None:
    """Validate a pack against the meta-schema and compile every pattern.

    For the shipped pack, also says whether its stamp is current (--write-stamp refreshes
    it): while the pack's bytes match the stamp, a run skips the meta-schema check.
    """
    from smcontract.contracts import check_pack

    pack, stamp = check_pack(directory, stamp=write_stamp)
    counts: dict[str, int] = {}
    for constraint in pack.constraints():
        counts[constraint.kind] = counts.get(constraint.kind, 0) + 1
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    click.echo(
        f"ok: {sum(counts.values())} constraints in {len(pack.operations)} operations "
        f"({summary}); every pattern compiles; sha256 {pack.sha256[:16]}; {stamp}"
    )


def _imported(model_file: Path | None, operations: Iterable[str]) -> dict[str, dict[str, Any]]:
    from smcontract.contracts import import_operation, load_service_model

    try:
        model, version = load_service_model(model_file)
    except (OSError, ValueError, EOFError, RecursionError) as err:
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
    from smcontract.contracts import dump_document

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


@contracts.command("diff")
@click.option("--model", "model_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@contracts_option
def contracts_diff(model_file: Path | None, fmt: str, contracts_dir: Path | None) -> None:
    """What changed between the committed model constraints and another botocore model.

    Exit code 0 without drift, 1 with drift.
    """
    from smcontract.contracts import (
        diff_constraints,
        imported_constraints,
        model_constraints,
    )

    pack = load_contracts(contracts_dir)
    old = model_constraints(pack, pack.operations)
    new = imported_constraints(_imported(model_file, pack.operations))
    result = diff_constraints(old, new)
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


@contracts.command("families")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@contracts_option
def contracts_families(fmt: str, contracts_dir: Path | None) -> None:
    """The resource families (for run --family): each role's operation, the members that name
    a resource and hold its list, the resources its Create needs first; then the Create/Describe
    pairs that form no family, with why."""
    from smcontract.contracts import load_contracts as load

    pack = load(contracts_dir)
    if fmt == "json":
        families = {
            name: {
                "operations": {role.value: op for role, op in spec.roles()},
                "name_member": spec.name_member,
                "depends_on": [d.resource for d in spec.depends_on],
            }
            for name, spec in pack.resources.items()
        }
        document = {"families": families, "unresolved": dict(pack.unresolved_families)}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(pack.resources)} families ({pack.origin})")
    for column in ("family", "operations", "name member", "needs first"):
        table.add_column(column, overflow="fold")
    for name, spec in pack.resources.items():
        roles = " ".join(f"{role.value}={op}" for role, op in spec.roles())
        needs = ", ".join(d.resource for d in spec.depends_on) or "-"
        table.add_row(name, roles, spec.name_member or "-", needs)
    console = Console(width=200)
    console.print(table)
    for noun, reason in pack.unresolved_families.items():
        console.print(f"not a family: {noun}: {reason}", highlight=False)
