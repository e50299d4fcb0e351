"""``smcontract validate`` and ``smcontract generate``: one request checked, requests made."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from smcontract.cli._common import contracts_option, load_contracts
from smcontract.errors import UsageError

__all__ = ["generate_command", "validate_command"]


@click.command("validate")
@click.argument("operation")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@contracts_option
def validate_command(operation: str, file: Any, contracts_dir: Path | None) -> None:
    """Print the constraints one request (a JSON file, or - for stdin) breaks.

    Exit code 0 when it breaks none, 1 when it breaks some.
    """
    pack = load_contracts(contracts_dir, [operation])
    from smcontract.contracts import validate

    try:
        request = json.load(file)
    except json.JSONDecodeError as err:
        raise UsageError(
            f"{file.name} is not JSON: {err.msg} (line {err.lineno}, column {err.colno}); "
            "pass the request body as a JSON object"
        ) from None
    except (UnicodeDecodeError, RecursionError) as err:
        what = "UTF-8 text" if isinstance(err, UnicodeDecodeError) else "shallow enough to read"
        raise UsageError(
            f"{file.name} is not {what}; pass the request body as a UTF-8 JSON object"
        ) from None
    violations = validate(operation, request, pack=pack)
    for violation in violations:
        click.echo(f"{violation.constraint_id}\t{violation.path}\t{violation.reason}")
    if not violations:
        click.echo(f"ok: the request satisfies every checked constraint of {operation}")
    sys.exit(1 if violations else 0)


@click.command("generate")
@click.argument("operation")
@click.option("--valid", "mode", flag_value="valid", default=True, help="Valid requests.")
@click.option("--violate", "constraint_id", default=None, help="Break this constraint only.")
@click.option("--boundaries", "mode", flag_value="boundaries", help="The deterministic corpus.")
@click.option("-n", "count", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@contracts_option
def generate_command(
    operation: str,
    mode: str,
    constraint_id: str | None,
    count: int,
    seed: int,
    contracts_dir: Path | None,
) -> None:
    """Write generated requests as JSON lines: operation, constraint_id, expect, request."""
    pack = load_contracts(contracts_dir, [operation])
    if constraint_id is not None:
        if mode == "boundaries":
            raise UsageError("--violate and --boundaries exclude each other; pass one of them")
        pack.operation(operation).constraint(constraint_id)
        mode = "violate"
    from smcontract.strategies import generate_cases

    chosen: Any = mode  # click.Choice has checked it is one of generate_cases' modes
    for case in generate_cases(
        operation, mode=chosen, constraint_id=constraint_id, n=count, seed=seed, pack=pack
    ):
        click.echo(json.dumps(case.to_dict(), ensure_ascii=False, sort_keys=True))
