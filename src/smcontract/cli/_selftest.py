"""``smcontract selftest``: the harness tested against the reference, one rule off at a time.

Prints each missed constraint with its reason on stdout and the summary last; progress goes
to stderr (a line every few seconds, so a whole-API run shows it is alive). ``--report``
keeps every mutant as JSON. The exit code is 0 when at least ``--fail-under`` percent of the
non-equivalent mutants are detected (the equivalent ones, which no request can show, are
counted apart), 1 otherwise.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smcontract.cli._common import choose, contracts_option, load_contracts

if TYPE_CHECKING:
    from smcontract.suites import Mutant

__all__ = ["selftest_command"]

#: Seconds between two progress lines on stderr.
_EVERY = 10.0


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
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write every mutant, its verdict, reason and cause, as JSON to FILE.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=100.0,
    show_default=True,
    metavar="PERCENT",
    help="Exit 1 when fewer than PERCENT of the non-equivalent mutants are detected.",
)
@contracts_option
def selftest_command(
    operations: tuple[str, ...],
    families: tuple[str, ...],
    profile: str | None,
    inputs_only: bool,
    report_file: Path | None,
    fail_under: float,
    contracts_dir: Path | None,
) -> None:
    """Switch each constraint off in the reference in turn: does the harness notice?

    Output rules too: the reference answers with a value that breaks the rule. Prints every
    constraint the harness missed, with the reason and its cause, and last "detected X of Y
    (Z%); D of N non-equivalent (S%)": a mutant is equivalent when no request can tell it
    from the intact reference (causes paging-token, implied, no-place). Exit code 0 when at
    least --fail-under percent of the non-equivalent mutants are detected, 1 otherwise.
    """
    from smcontract.suites import selftest

    chosen = choose(contracts_dir, operations, families, profile)
    if report_file is not None:
        from smcontract.reports import check_writable

        check_writable(report_file.parent)  # before a run that can take many minutes
    pack = load_contracts(contracts_dir)
    count = len(chosen) if chosen else len(pack.default_operations())
    click.echo(f"selftest: the intact reference first, over {count} operation(s)", err=True)
    result = selftest(
        pack, operations=chosen or None, outputs=not inputs_only, progress=_Progress()
    )
    for mutant in result.undetected:
        click.echo(
            f"undetected  {mutant.constraint_id}  {mutant.verdict} [{mutant.cause}]: "
            f"{mutant.reason}"
        )
    click.echo(f"{result.summary()} in {result.elapsed:.1f} s")
    if report_file is not None:
        from smcontract.reports import atomic_write

        data = json.dumps(result.to_dict(), indent=1, sort_keys=True) + "\n"
        atomic_write(report_file, data.encode())
    sys.exit(0 if result.score >= fail_under else 1)


class _Progress:
    """A line on stderr at most every :data:`_EVERY` seconds, and after the last mutant."""

    def __init__(self) -> None:
        self._start = self._last = time.monotonic()

    def __call__(self, mutant: Mutant, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < _EVERY and done != total:
            return
        self._last = now
        click.echo(
            f"selftest: {done} of {total} mutants, {now - self._start:.0f} s ({mutant.operation})",
            err=True,
        )
