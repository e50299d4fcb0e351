"""``smcontract run``: send generated requests to each target, write the reports, exit 0/1."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from smcontract.cli._common import load_contracts, stderr_console, totals_line
from smcontract.cli._run_options import RunOptions, run_options

if TYPE_CHECKING:
    from rich.console import Console

    from smcontract._signals import SignalGuard
    from smcontract.contracts import ContractPack
    from smcontract.reports import Baseline, Header, Report
    from smcontract.suites import Waivers

__all__ = ["run_command"]


@click.command("run")
@run_options
def run_command(**given: Any) -> None:
    """Send generated requests to each target and give every constraint a verdict.

    Exit code 0 when every tested constraint is enforced (with --require-level: when every
    operation meets that level), 1 otherwise, 2 for usage errors, 130 (SIGINT) or 143
    (SIGTERM) when interrupted (the reports of the cases done so far are written).
    """
    # Usage errors first, before the heavy imports (the suites, the reports, moto).
    options = RunOptions.parse(**given)
    from smcontract._signals import SignalGuard

    # From here on a signal stops the run between cases; it never cuts the reports short.
    with SignalGuard() as guard:
        code = _run(guard, options)
    sys.exit(code)


@dataclass(frozen=True)
class _Plan:
    """What the run needs once the options are read: the pack, the operations, waivers,
    the baseline column, and the fuzz database folder (with whether it is new)."""

    pack: ContractPack
    operations: list[str]
    waivers: Waivers | None
    baseline: Baseline | None
    storage: tuple[Path, bool] | None


def _plan(o: RunOptions) -> _Plan:
    from smcontract._console import fuzz_storage
    from smcontract.suites import PackIds, load_waivers, open_database

    storage = None
    if o.mode == "fuzz":
        open_database(o.database)  # a bad spec is a usage error before anything runs
        storage = fuzz_storage(o.database)  # before Hypothesis first writes there
    pack = load_contracts(o.contracts_dir)
    operations = list(o.operations)  # chosen from pack.json by RunOptions.parse
    waivers = None
    if o.waivers_file is not None:
        waivers = load_waivers(o.waivers_file, known_ids=PackIds(pack))
    baseline = _baseline(o.baseline_file, pack) if o.baseline_file is not None else None
    return _Plan(pack, operations, waivers, baseline, storage)


def _run(guard: SignalGuard, o: RunOptions) -> int:
    """``smcontract run`` inside its :class:`SignalGuard`; the exit code."""
    from smcontract._signals import write_final
    from smcontract.reports import report_folder, write_reports

    plan = _plan(o)
    console = stderr_console()
    with report_folder(o.report_dir) as directory:
        report = _report_of_run(guard, o, plan, directory, console)
        gate: list[str] = []
        if o.require_level is not None and not guard.interrupt.requested:
            report, gate = _with_level_gate(report, o.require_level)
        report, written = write_final(
            report, lambda r: write_reports(r, directory, o.formats), guard.interrupt
        )
    _show(console, report, written)
    if plan.storage is not None and plan.storage[1] and plan.storage[0].exists():
        console.print(
            f"note: fuzz mode keeps found examples and Hypothesis's cache in {plan.storage[0]}/ "
            "(--database moves them; add it to .gitignore)"
        )
    if guard.interrupt.requested:
        console.print("interrupted: the reports hold the cases done so far")
    else:
        for line in gate:
            console.print(line)
    code: int = report.header.exit_code if report.header.exit_code is not None else 1
    return code


def _report_of_run(
    guard: SignalGuard, o: RunOptions, plan: _Plan, directory: Path, console: Console
) -> Report:
    """Open the targets, clear the folder, run with the sinks; the report of what ran."""
    from smcontract._console import Progress
    from smcontract.reports import NdjsonSink, ReportBuilder, clear_reports, replay_path
    from smcontract.suites import run
    from smcontract.suites.targets import open_target

    opened = [open_target(spec, region=o.region, timeout=o.timeout) for spec in o.targets]
    clear_reports(directory)  # the run can start: no older report stays beside its own
    builder = ReportBuilder(plan.pack, baseline=plan.baseline, report_path=replay_path(directory))
    sinks: list[Any] = [builder]
    ndjson = NdjsonSink(directory / "events.ndjson") if "ndjson" in o.formats else None
    if ndjson is not None:
        sinks.append(ndjson)
    if console.is_terminal:
        sinks.append(Progress(console))
    try:
        run(
            plan.pack,
            opened,
            operations=plan.operations,
            mode=o.mode,
            seed=o.seed,
            max_examples=o.max_examples,
            max_time=o.max_time,
            workers=o.workers,
            sinks=sinks,
            database_dir=o.database,
            shard=o.shard,
            waivers=plan.waivers,
            interrupt=guard.interrupt,
            cache=not o.no_cache,
        )
    finally:
        if ndjson is not None:
            ndjson.close()
    return builder.report()


def _show(console: Console, report: Report, written: list[Path]) -> None:
    """The verdict table, the levels, the totals, the versions, notes and files written."""
    from smcontract._console import summary_table

    summary_table(report, console)
    _levels_line(report, console)
    console.print(totals_line(report))
    console.print(_versions_line(report.header), markup=False)
    for note in report.header.notes:
        click.echo(note, err=True)
    for path in written:
        console.print(f"wrote {path}")


def _versions_line(header: Header) -> str:
    """Which contracts ran, and the botocore they came from next to the one installed."""
    return (
        f"contracts {(header.contracts_sha256 or 'unknown')[:16]} from botocore "
        f"{header.contracts_botocore_version or 'unknown'}; botocore "
        f"{header.botocore_version or 'unknown'} installed"
    )


def _baseline(path: Path, pack: ContractPack) -> Baseline:
    """The baseline column of a recorded report (``--baseline``); warns when the recorded run
    used other contracts, whose constraint IDs and verdicts may not line up."""
    from smcontract.reports import Baseline, Report, load_report

    recorded = Report.from_dict(load_report(path))
    sha = recorded.header.contracts_sha256
    if sha and sha != pack.sha256:
        click.echo(
            f"warning: the baseline {path} was made with contracts {sha[:16]}, this run uses "
            f"{pack.sha256[:16]}; constraints the packs do not share have no baseline verdict",
            err=True,
        )
    return Baseline.from_report(recorded, str(path))


def _with_level_gate(report: Report, level: str) -> tuple[Report, list[str]]:
    """``--require-level``: the report whose exit code says whether every operation meets
    ``level`` (0) or not (1), with ``require_level`` in its settings, and what to print."""
    import dataclasses

    from smcontract.reports import below_level

    short = below_level(report, level)
    lines = [f"{t} {op}: level {met}, below the required {level}" for t, op, met in short]
    header = dataclasses.replace(
        report.header,
        exit_code=1 if short else 0,
        settings={**report.header.settings, "require_level": level},
    )
    return dataclasses.replace(report, header=header), lines or [f"every operation meets {level}"]


def _levels_line(report: Report, console: Console) -> None:
    """One line per target: the certification level met, and the content hash if any."""
    from smcontract.reports import certification

    for name, entry in certification(report)["targets"].items():
        ops = entry["operations"]
        line = f"{name}: certification level {entry['level']} (lowest over {len(ops)} operations)"
        if entry.get("hash"):
            line += f"; content hash {entry['hash'][:16]}"
        console.print(line)
