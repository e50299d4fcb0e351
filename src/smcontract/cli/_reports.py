"""``smcontract merge``, ``replay`` and ``report-schema``: commands on recorded reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from smcontract._usage import parse_formats
from smcontract.cli._common import contracts_option, load_contracts, stderr_console, totals_line

__all__ = ["merge_command", "replay_command", "report_schema_command"]


@click.command("merge")
@click.argument(
    "report_files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--report-dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True
)
@click.option(
    "--report",
    "formats",
    default="json,junit,html,md",
    show_default=True,
    help="Comma-separated: json, junit, html, md.",
)
def merge_command(report_files: tuple[Path, ...], report_dir: Path, formats: str) -> None:
    """Join the report.json of every shard of one run (run --shard I/N) into one report.

    Exit code 0 or 1 as the merged run would have given, 2 when the reports are not the
    shards of one run (different contracts, mode, seed or version; overlapping or missing).
    """
    chosen = parse_formats(formats, ("json", "junit", "html", "md"))
    from smcontract._console import summary_table
    from smcontract.reports import (
        Report,
        clear_reports,
        load_report,
        merge_reports,
        replay_path,
        report_folder,
        write_reports,
    )

    loaded = [(str(path), Report.from_dict(load_report(path))) for path in report_files]
    report = merge_reports(loaded, report_path=replay_path(report_dir))
    with report_folder(report_dir) as directory:
        clear_reports(directory)
        written = write_reports(report, directory, chosen)
    console = stderr_console()
    summary_table(report, console)
    console.print(f"merged {len(loaded)} report(s): {totals_line(report)}")
    for path in written:
        console.print(f"wrote {path}")
    sys.exit(report.header.exit_code or 0)


@click.command("report-schema")
def report_schema_command() -> None:
    """Print the JSON Schema of report.json."""
    from smcontract.reports import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@click.command("replay")
@click.argument("report_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("constraint_id", required=False)
@click.option("--target", "-t", "target_spec", default=None, help="Default: the recorded target.")
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@contracts_option
def replay_command(
    report_file: Path,
    constraint_id: str | None,
    target_spec: str | None,
    region: str,
    timeout: float,
    contracts_dir: Path | None,
) -> None:
    """Send the recorded request(s) of a report again; print the old and the new verdict.

    Exit code 1 while a replayed finding stands, 0 when every replayed request now gets a
    passing verdict, 2 for usage errors.
    """
    from smcontract.reports import load_report, recorded_cases
    from smcontract.suites import rejudge
    from smcontract.suites.targets import open_target

    report = load_report(report_file)
    cases = recorded_cases(report, constraint_id)
    pack = load_contracts(contracts_dir)
    opened: dict[str, Any] = {}
    standing = 0
    try:
        for case in cases:
            spec = target_spec or case.target
            target = opened.get(spec)
            if target is None:
                target = opened[spec] = open_target(spec, region=region, timeout=timeout)
            target.reset()
            new = target.invoke(case.operation, case.request)
            old = case.old_outcome
            verdict = rejudge(pack, case.constraint_id, case.request, new, old["verdict"])
            standing += verdict.stands
            click.echo(f"{case.constraint_id} [{case.operation}] on {spec}")
            click.echo(
                f"  old: {old.get('status')} {old.get('error_code') or ''} "
                f"-> {old.get('verdict', '')}: {old.get('reason', '')}"
            )
            click.echo(
                f"  new: {new.status} {new.error_code or new.fault or ''} "
                f"-> {verdict.verdict}: {verdict.reason}"
            )
    finally:
        for target in opened.values():
            target.close()
    click.echo(
        f"{standing} of {len(cases)} replayed finding(s) stand"
        if standing
        else f"none of the {len(cases)} replayed request(s) shows a finding now"
    )
    sys.exit(1 if standing else 0)
