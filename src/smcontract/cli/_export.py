"""``smcontract export``: the contracts for other tools (OpenAPI for Schemathesis)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from smcontract.cli._common import Group, contracts_option, load_contracts, selected

__all__ = ["export_group"]


@click.group("export", cls=Group)
def export_group() -> None:
    """Export the contracts for other tools."""


@export_group.command("openapi")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the document here (default: stdout).",
)
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option(
    "--server-url",
    default="https://api.sagemaker.us-east-1.amazonaws.com",
    show_default=True,
    help="The document's server (Schemathesis' --url overrides it).",
)
@click.option(
    "--schemathesis-config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write a schemathesis.toml that accepts the documented 400 errors "
    "(st --config-file FILE run ...).",
)
@contracts_option
def export_openapi(
    out: Path | None,
    operations: tuple[str, ...],
    server_url: str,
    config_file: Path | None,
    contracts_dir: Path | None,
) -> None:
    """An OpenAPI 3.1 document of the operations, for Schemathesis.

    Each operation is the path /_/<Operation>; send requests through the hooks module
    smcontract.schemathesis_hooks (SCHEMATHESIS_HOOKS=smcontract.schemathesis_hooks), which
    rewrites them to POST / with X-Amz-Target and signs them (SigV4).
    """
    from smcontract.contracts._openapi import openapi_document, schemathesis_config

    pack = load_contracts(contracts_dir, operations)
    document = openapi_document(pack, operations=selected(pack, operations), server_url=server_url)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if config_file is not None:
        config_file.parent.mkdir(parents=True, exist_ok=True)
        config_file.write_text(schemathesis_config(document), encoding="utf-8")
        click.echo(f"wrote {config_file}: st --config-file {config_file} run ...", err=True)
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(
        f"wrote {out}: {len(document['paths'])} operations; run it with "
        "SCHEMATHESIS_HOOKS=smcontract.schemathesis_hooks st run "
        f"{out} --url <endpoint>",
        err=True,
    )
