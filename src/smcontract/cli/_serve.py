"""``smcontract serve``: the strict reference over HTTP."""

from __future__ import annotations

from pathlib import Path

import click

from smcontract.cli._common import contracts_option, load_contracts

__all__ = ["serve_command"]


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
