"""What the commands share: the group class, the ``--contracts`` option, loading the pack.

Nothing heavy is imported here: the contracts' checks, rich and the reports are imported
inside the functions, so ``smcontract --help`` and usage errors are answered at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from smcontract.errors import SmcontractError

if TYPE_CHECKING:
    from rich.console import Console

    from smcontract.contracts import ContractPack
    from smcontract.reports import Report

__all__ = [
    "CONTEXT",
    "Group",
    "contracts_option",
    "load_contracts",
    "selected",
    "stderr_console",
    "totals_line",
]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
contracts_option = click.option(
    "--contracts",
    "contracts_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding pack.json (default: the pack shipped with smcontract).",
)


def choose(
    directory: Path | None,
    operations: Iterable[str] = (),
    families: Iterable[str] = (),
    profile: str | None = None,
) -> tuple[str, ...]:
    """The operations named (exact names or globs), of the families and of the profile, from
    pack.json alone, so a mistyped name is reported before the pack loads; the pack's default
    profile when nothing is named. A pack.json that cannot be read is left to the loader."""
    from smcontract.contracts import read_index, select_operations
    from smcontract.errors import ContractError

    try:
        index = read_index(directory)
    except ContractError:
        return tuple(operations)
    return tuple(select_operations(index, operations, families, profile))


def load_contracts(directory: Path | None, operations: Iterable[str] = ()) -> ContractPack:
    """The pack; a mistyped operation is reported from pack.json before the pack loads."""
    from smcontract.contracts import load_contracts as load

    choose(directory, operations)
    return load(directory)


def selected(pack: ContractPack, operations: Iterable[str]) -> list[str]:
    """The operations asked for, names or globs (the pack's default profile when none);
    unknown names are errors naming the closest ones."""
    from smcontract.contracts import pack_index, select_operations

    return select_operations(pack_index(pack), operations)


def _fail(error: SmcontractError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


class Group(click.Group):
    """Turns user errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SmcontractError as error:
            _fail(error)


def stderr_console() -> Console:
    """A rich console on stderr, 180 columns wide when stderr is not a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.is_terminal else Console(stderr=True, width=180)


def totals_line(report: Report) -> str:
    """``N findings (constraints per verdict; operations refusing valid requests ...)``."""
    found = report.finding_count
    totals = ", ".join(f"{v} {n}" for v, n in report.verdicts.items() if n)
    from smcontract.reports import not_implemented

    absent = {(t, op) for t in report.target_names for op in not_implemented(report, t)}
    operations = [
        f"{op.operation} {v}"
        for op in report.operations
        if (op.target, op.operation) not in absent
        for v in op.finding_verdicts
    ]
    if absent:  # named once each in the reports, counted once here
        totals += f"; {len(absent)} operation(s) NOT IMPLEMENTED"
    if operations:
        totals += "; " + ", ".join(operations[:5]) + (" ..." if len(operations) > 5 else "")
    return f"{found} finding{'s' if found != 1 else ''}: {totals}"
