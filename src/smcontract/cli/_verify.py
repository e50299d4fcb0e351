"""``smcontract verify-report``: run a recorded certify run again and compare its hash."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smcontract.cli._common import contracts_option, load_contracts
from smcontract.errors import UsageError

if TYPE_CHECKING:
    from smcontract.contracts import ContractPack
    from smcontract.reports import Report
    from smcontract.suites.targets import Target

__all__ = ["verify_report_command"]


@click.command("verify-report")
@click.argument("report_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--target",
    "-t",
    "target_spec",
    default=None,
    help="The implementation to run again (default: the recorded target's name as a spec).",
)
@click.option(
    "--against",
    "recorded_name",
    default=None,
    help="The recorded target to compare with (default: the report's only target, or the "
    "one named like --target).",
)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--report-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the re-run's reports here.",
)
@contracts_option
def verify_report_command(
    report_file: Path,
    target_spec: str | None,
    recorded_name: str | None,
    region: str,
    timeout: float,
    workers: int,
    report_dir: Path | None,
    contracts_dir: Path | None,
) -> None:
    """Run a recorded certify run again and compare its content hash.

    Re-runs the recorded operations with the recorded seed and settings against --target and
    compares contracts, corpus and every verdict. Exit code 0 when the hashes are equal, 1
    with the differences listed, 2 when the report cannot be verified as asked.
    """
    from smcontract.reports import Report, compare_certified, load_report, report_folder
    from smcontract.suites.targets import open_target

    recorded = Report.from_dict(load_report(report_file))
    _check_verifiable(report_file, recorded)
    name = _recorded_name(report_file, recorded, recorded_name, target_spec)
    pack = _same_pack(report_file, recorded, contracts_dir)
    # Held until the command ends: no other command writes the folder meanwhile.
    context = click.get_current_context()
    directory = context.with_resource(report_folder(report_dir)) if report_dir else None
    spec = target_spec or name
    target = open_target(spec, region=region, timeout=timeout)
    rerun = _rerun(recorded, pack, target, workers, directory)
    differences = compare_certified(recorded, name, rerun, rerun.target_names[0])
    _print_verdict(recorded, rerun, differences, f"{name} of {report_file}", spec, name)
    sys.exit(1 if differences else 0)


def _check_verifiable(report_file: Path, recorded: Report) -> None:
    """Only a complete certify run (not interrupted, not a shard) has a content hash."""
    header = recorded.header
    if header.mode != "certify":
        raise UsageError(
            f"{report_file} is a {header.mode} run; only certify runs carry a content hash. "
            "Record one with: smcontract run --mode certify"
        )
    if recorded.interrupted or header.shard is not None:
        what = "was interrupted" if recorded.interrupted else "is one shard"
        raise UsageError(
            f"{report_file} {what}, so it has no content hash; verify a complete run "
            "(join shards first with smcontract merge)"
        )


def _recorded_name(
    report_file: Path, recorded: Report, asked: str | None, target_spec: str | None
) -> str:
    """The recorded target to compare with: ``--against``, the only one, or ``--target``."""
    names = list(recorded.target_names)
    if asked is not None:
        if asked not in names:
            raise UsageError(
                f"--against {asked!r}: {report_file} has no such target; it has {', '.join(names)}"
            )
        return asked
    if len(names) == 1:
        return names[0]
    if target_spec in names:
        return target_spec
    raise UsageError(
        f"{report_file} has {len(names)} targets ({', '.join(names)}); say which one "
        "to compare with: --against NAME"
    )


def _same_pack(report_file: Path, recorded: Report, contracts_dir: Path | None) -> ContractPack:
    """The contracts to load, which must be the recorded ones (same SHA-256)."""
    pack = load_contracts(contracts_dir)
    sha = recorded.header.contracts_sha256
    if sha and pack.sha256 != sha:
        raise UsageError(
            f"{report_file} was made with contracts {sha[:16]}, but the contracts loaded now "
            f"are {pack.sha256[:16]} ({pack.origin}); pass the same pack with --contracts"
        )
    return pack


def _rerun(
    recorded: Report, pack: ContractPack, target: Target, workers: int, directory: Path | None
) -> Report:
    """The recorded operations run again with the recorded seed and settings; its reports
    are written to ``directory`` when given."""
    from smcontract.reports import ReportBuilder, clear_reports, replay_path, write_reports
    from smcontract.suites import run

    header, settings = recorded.header, recorded.header.settings
    builder = ReportBuilder(pack, report_path=replay_path(directory or "."))
    run(
        pack,
        [target],
        operations=list(header.operations),
        mode="certify",
        seed=header.seed,
        max_examples=int(settings.get("max_examples", 100)),
        valid_examples=int(settings.get("valid_examples", 5)),
        lifecycle=bool(settings.get("lifecycle", True)),
        workers=workers,
        sinks=[builder],
        database_dir=None,
    )
    rerun = builder.report()
    if directory is not None:
        clear_reports(directory)
        for path in write_reports(rerun, directory, ("json", "md")):
            click.echo(f"wrote {path}", err=True)
    return rerun


def _print_verdict(
    recorded: Report, rerun: Report, differences: list[str], what: str, spec: str, name: str
) -> None:
    """``verified`` with the hash, or ``NOT verified`` with both hashes and what differs
    (``what``: the recorded target ``name`` and its file; ``spec``: the re-run target)."""
    from smcontract.reports import certification

    old_hash = certification(recorded)["targets"][name].get("hash")
    new_hash = certification(rerun)["targets"][rerun.target_names[0]].get("hash")
    if not differences:
        click.echo(f"verified: {spec} reproduces {what}")
        click.echo(f"content hash {new_hash}")
        return
    click.echo(f"NOT verified: {spec} does not reproduce {what}")
    click.echo(f"recorded hash {old_hash}")
    click.echo(f"re-run hash   {new_hash}")
    for line in differences:
        click.echo(f"  {line}")
