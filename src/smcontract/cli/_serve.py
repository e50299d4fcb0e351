"""``smcontract serve`` and ``smcontract selftest``: the strict reference, and the harness
tested against it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smcontract.cli._common import choose, contracts_option, load_contracts

__all__ = ["selftest_command", "serve_command"]


@click.command("serve")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--region", default="us-east-1", show_default=True)
@contracts_option
def serve_command(port: int, host: str, region: str, contracts_dir: Path | None) -> None:
    """Serve the strict reference implementation over HTTP (AWS JSON 1.1, POST /).

    Send X-Amz-Target: SageMaker.<Operation>; signatures are not checked. POST /reset
    forgets all state. Stop it with Ctrl-C.
    """
    from smcontract.reference import ReferenceService, make_server

    pack = load_contracts(contracts_dir)
    server = make_server(ReferenceService(pack, region=region), host, port)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"smcontract reference listening on http://{bound_host}:{bound_port}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command("selftest")
@click.option(
    "--operation",
    "-o",
    "operations",
    multiple=True,
    metavar="NAME|GLOB",
    help="Only this operation, or those a glob matches; repeatable. With no -o, --family or "
    "--profile: the pack's default profile (seeds).",
)
@click.option(
    "--family",
    "families",
    multiple=True,
    metavar="NAME",
    help="Every operation of this resource family (e.g. endpoint); repeatable.",
)
@click.option(
    "--profile", default=None, metavar="NAME", help="A named set of operations: seeds, all."
)
@click.option(
    "--inputs-only", is_flag=True, help="Mutate input and stateful rules, not output rules."
)
@contracts_option
def selftest_command(
    operations: tuple[str, ...],
    families: tuple[str, ...],
    profile: str | None,
    inputs_only: bool,
    contracts_dir: Path | None,
) -> None:
    """Switch each constraint off in the reference in turn: does the harness notice?

    Output rules too: the reference answers with a value that breaks the rule. Prints every
    constraint the harness missed, with the reason, and "detected X of Y (Z%)" last. Exit code
    0 when every constraint was detected, 1 otherwise.
    """
    from smcontract.suites import selftest

    chosen = choose(contracts_dir, operations, families, profile)
    pack = load_contracts(contracts_dir)
    result = selftest(pack, operations=chosen or None, outputs=not inputs_only)
    for mutant in result.undetected:
        click.echo(f"undetected  {mutant.constraint_id}  {mutant.verdict}: {mutant.reason}")
    click.echo(f"{result.summary()} in {result.elapsed:.1f} s")
    sys.exit(0 if result.detected == result.total else 1)
