"""The ``smcontract`` command line: the one place (with the pytest plugin) that wires parts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from smcontract._badge_command import badge_command
from smcontract._usage import parse_formats, parse_shard
from smcontract._version import __version__
from smcontract.errors import SmcontractError, UsageError

if TYPE_CHECKING:
    from smcontract.contracts import ContractPack

# Heavy modules (the contracts' checks, Hypothesis, moto, boto3, the suites and reports) are
# imported inside the commands that need them, after the arguments are checked: --help and
# a usage error are answered at once.

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
contracts_option = click.option(
    "--contracts",
    "contracts_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding pack.json (default: the pack shipped with smcontract).",
)


def load_contracts(directory: Path | None, operations: Iterable[str] = ()) -> ContractPack:
    """The pack; a mistyped operation is reported from pack.json before the pack loads."""
    from smcontract.contracts import check_operations
    from smcontract.contracts import load_contracts as load

    check_operations(directory, operations)
    return load(directory)


def _fail(error: SmcontractError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    """Turns user errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SmcontractError as error:
            _fail(error)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="smcontract")
def main() -> None:
    """Contract tests and conformance reports for the Amazon SageMaker API."""


# -- contracts -----------------------------------------------------------------------------


@main.group(cls=_Group)
def contracts() -> None:
    """List, check, import and diff the contract pack."""


def _selected(pack: ContractPack, operations: Iterable[str]) -> list[str]:
    names = list(operations) or list(pack.operations)
    for name in names:
        pack.operation(name)  # raises UsageError with the known names
    return names


@contracts.command("list")
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@contracts_option
def contracts_list(operations: tuple[str, ...], fmt: str, contracts_dir: Path | None) -> None:
    """Every constraint with its kind, path and provenance."""
    pack = load_contracts(contracts_dir, operations)
    rows = [
        constraint.to_dict()
        for name in _selected(pack, operations)
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
    from smcontract.contracts._importer import import_operation, load_service_model

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
    from smcontract.contracts._importer import dump_document

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
    from smcontract.contracts._drift import (
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


# -- validate ------------------------------------------------------------------------------


@main.command("validate")
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


# -- run -----------------------------------------------------------------------------------


def _versions_line(header: Any) -> str:
    """Which contracts ran, and the botocore they came from next to the one installed."""
    return (
        f"contracts {(header.contracts_sha256 or 'unknown')[:16]} from botocore "
        f"{header.contracts_botocore_version or 'unknown'}; botocore "
        f"{header.botocore_version or 'unknown'} installed"
    )


def _totals(report: Any) -> str:
    """``N findings (constraints per verdict; operations refusing valid requests ...)``."""
    found = report.finding_count
    totals = ", ".join(f"{v} {n}" for v, n in report.verdicts.items() if n)
    operations = [f"{op.operation} {v}" for op in report.operations for v in op.finding_verdicts]
    if operations:
        totals += "; " + ", ".join(operations[:5]) + (" ..." if len(operations) > 5 else "")
    return f"{found} finding{'s' if found != 1 else ''}: {totals}"


def _baseline(path: Path, pack: ContractPack) -> Any:
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


def _with_level_gate(report: Any, level: str) -> tuple[Any, list[str]]:
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


def _levels_line(report: Any, console: Any) -> None:
    """One line per target: the certification level met, and the content hash if any."""
    from smcontract.reports import certification

    for name, entry in certification(report)["targets"].items():
        ops = entry["operations"]
        line = f"{name}: certification level {entry['level']} (lowest over {len(ops)} operations)"
        if entry.get("hash"):
            line += f"; content hash {entry['hash'][:16]}"
        console.print(line)


@main.command("run")
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    default=("moto",),
    show_default=True,
    help="moto | moto-server | reference | boto3[:BACKING] | http(s)://URL[#reset=/PATH] | "
    "adapter:COMMAND (repeatable). #reset=/PATH: POST that path before each case.",
)
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option(
    "--mode", type=click.Choice(["certify", "fuzz"]), default="certify", show_default=True
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-examples", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--max-time", type=click.FloatRange(min=0), default=None, help="Seconds.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@click.option(
    "--report-dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True
)
@click.option(
    "--report",
    "formats",
    default="json,junit,html,md",
    show_default=True,
    help="Comma-separated: json, junit, html, md, ndjson.",
)
@click.option(
    "--database",
    default=".smcontract/examples",
    show_default=True,
    help="Fuzz mode's example database: DIR | redis://HOST:PORT | readonly:SPEC | multi:SPEC,SPEC.",
)
@click.option(
    "--shard",
    default=None,
    metavar="I/N",
    help="Run part I of N (a deterministic split by operation and constraint); "
    "join the parts' reports with smcontract merge.",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="TOML, JSON or YAML file of waivers (constraint ID or glob, target, reason, "
    "expires): matching findings become WAIVED; an expired waiver is an error.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A recorded report.json whose verdicts are the column the targets are compared "
    "with in the matrix (its 'reference' target, else its first).",
)
@click.option(
    "--require-level",
    type=click.Choice(["L1", "L2", "L3", "L4"]),
    default=None,
    help="Exit 0 when every operation of every target meets this certification level "
    "(findings above it are reported but do not fail the run), else 1.",
)
@contracts_option
def run_command(
    targets: tuple[str, ...],
    operations: tuple[str, ...],
    mode: str,
    seed: int,
    max_examples: int,
    max_time: float | None,
    workers: int,
    region: str,
    timeout: float,
    report_dir: Path,
    formats: str,
    database: str,
    shard: str | None,
    waivers_file: Path | None,
    baseline_file: Path | None,
    require_level: str | None,
    contracts_dir: Path | None,
) -> None:
    """Send generated requests to each target and give every constraint a verdict.

    Exit code 0 when every tested constraint is enforced (with --require-level: when every
    operation meets that level), 1 otherwise, 2 for usage errors, 130 (SIGINT) or 143
    (SIGTERM) when interrupted (the reports of the cases done so far are written).
    """
    options = dict(locals())
    # Usage errors first, before the heavy imports (the suites, the reports, moto).
    options["part"] = parse_shard(shard) if shard is not None else None
    options["chosen"] = parse_formats(formats)
    from smcontract.contracts import check_operations

    check_operations(contracts_dir, operations)
    from smcontract._signals import SignalGuard

    # From here on a signal stops the run between cases; it never cuts the reports short.
    with SignalGuard() as guard:
        code = _run(guard, options)
    sys.exit(code)


def _run(guard: Any, o: dict[str, Any]) -> int:
    """``smcontract run`` inside its :class:`SignalGuard` (options by name); the exit code."""
    part, chosen = o["part"], o["chosen"]
    from rich.console import Console

    from smcontract._console import Progress, fuzz_storage, summary_table
    from smcontract._signals import write_final
    from smcontract.reports import (
        NdjsonSink,
        ReportBuilder,
        clear_reports,
        replay_path,
        report_folder,
        write_reports,
    )
    from smcontract.suites import load_waivers, open_database, run
    from smcontract.suites.targets import open_target

    storage: tuple[Path, bool] | None = None
    if o["mode"] == "fuzz":
        storage = fuzz_storage(o["database"])  # before anything writes there
        open_database(o["database"])  # a bad spec is a usage error before anything runs
    pack = load_contracts(o["contracts_dir"], o["operations"])
    selected = _selected(pack, o["operations"])
    waivers = None
    if o["waivers_file"] is not None:
        waivers = load_waivers(o["waivers_file"], known_ids=(c.id for c in pack.constraints()))
    baseline = _baseline(o["baseline_file"], pack) if o["baseline_file"] is not None else None
    console = Console(stderr=True)
    if not console.is_terminal:
        console = Console(stderr=True, width=180)
    with report_folder(o["report_dir"]) as directory:
        opened = [
            open_target(spec, region=o["region"], timeout=o["timeout"]) for spec in o["targets"]
        ]
        clear_reports(directory)  # the run can start: no older report stays beside its own
        builder = ReportBuilder(pack, baseline=baseline, report_path=replay_path(directory))
        sinks: list[Any] = [builder]
        ndjson = NdjsonSink(directory / "events.ndjson") if "ndjson" in chosen else None
        if ndjson is not None:
            sinks.append(ndjson)
        if console.is_terminal:
            sinks.append(Progress(console))
        try:
            run(
                pack,
                opened,
                operations=selected,
                mode=o["mode"],
                seed=o["seed"],
                max_examples=o["max_examples"],
                max_time=o["max_time"],
                workers=o["workers"],
                sinks=sinks,
                database_dir=o["database"],
                shard=part,
                waivers=waivers,
                interrupt=guard.interrupt,
            )
        finally:
            if ndjson is not None:
                ndjson.close()
        report = builder.report()
        gate: list[str] = []
        if o["require_level"] is not None and not guard.interrupt.requested:
            report, gate = _with_level_gate(report, o["require_level"])
        report, written = write_final(
            report, lambda r: write_reports(r, directory, chosen), guard.interrupt
        )
    summary_table(report, console)
    _levels_line(report, console)
    console.print(_totals(report))
    console.print(_versions_line(report.header), markup=False)
    for note in report.header.notes:
        click.echo(note, err=True)
    for path in written:
        console.print(f"wrote {path}")
    if storage is not None and storage[1] and storage[0].exists():
        console.print(
            f"note: fuzz mode keeps found examples and Hypothesis's cache in {storage[0]}/ "
            "(--database moves them; add it to .gitignore)"
        )
    if guard.interrupt.requested:
        console.print("interrupted: the reports hold the cases done so far")
    else:
        for line in gate:
            console.print(line)
    code: int = report.header.exit_code if report.header.exit_code is not None else 1
    return code


@main.command("merge")
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
    from rich.console import Console

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
    console = Console(stderr=True)
    if not console.is_terminal:
        console = Console(stderr=True, width=180)
    summary_table(report, console)
    console.print(f"merged {len(loaded)} report(s): {_totals(report)}")
    for path in written:
        console.print(f"wrote {path}")
    sys.exit(report.header.exit_code or 0)


# -- reports -------------------------------------------------------------------------------


@main.command("report-schema")
def report_schema_command() -> None:
    """Print the JSON Schema of report.json."""
    from smcontract.reports import report_schema

    click.echo(json.dumps(report_schema(), indent=2))


@main.command("replay")
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


@main.command("verify-report")
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
    from smcontract.reports import (
        Report,
        ReportBuilder,
        certification,
        clear_reports,
        compare_certified,
        load_report,
        replay_path,
        report_folder,
        write_reports,
    )
    from smcontract.suites import run
    from smcontract.suites.targets import open_target

    recorded = Report.from_dict(load_report(report_file))
    header = recorded.header
    names = list(recorded.target_names)
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
    if recorded_name is None:
        if len(names) == 1:
            recorded_name = names[0]
        elif target_spec in names:
            recorded_name = target_spec
        else:
            raise UsageError(
                f"{report_file} has {len(names)} targets ({', '.join(names)}); say which one "
                "to compare with: --against NAME"
            )
    elif recorded_name not in names:
        raise UsageError(
            f"--against {recorded_name!r}: {report_file} has no such target; it has "
            f"{', '.join(names)}"
        )
    pack = load_contracts(contracts_dir)
    if header.contracts_sha256 and pack.sha256 != header.contracts_sha256:
        raise UsageError(
            f"{report_file} was made with contracts {header.contracts_sha256[:16]}, but the "
            f"contracts loaded now are {pack.sha256[:16]} ({pack.origin}); pass the same pack "
            "with --contracts"
        )
    # Held until the command ends: no other command writes the folder meanwhile.
    context = click.get_current_context()
    directory = context.with_resource(report_folder(report_dir)) if report_dir else None
    spec = target_spec or recorded_name
    target = open_target(spec, region=region, timeout=timeout)
    settings = header.settings
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
    rerun_name = rerun.target_names[0]
    differences = compare_certified(recorded, recorded_name, rerun, rerun_name)
    old_hash = certification(recorded)["targets"][recorded_name].get("hash")
    new_hash = certification(rerun)["targets"][rerun_name].get("hash")
    if not differences:
        click.echo(f"verified: {spec} reproduces {recorded_name} of {report_file}")
        click.echo(f"content hash {new_hash}")
        sys.exit(0)
    click.echo(f"NOT verified: {spec} does not reproduce {recorded_name} of {report_file}")
    click.echo(f"recorded hash {old_hash}")
    click.echo(f"re-run hash   {new_hash}")
    for line in differences:
        click.echo(f"  {line}")
    sys.exit(1)


# -- generate ------------------------------------------------------------------------------


@main.command("generate")
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


# -- strict reference and selftest ----------------------------------------------------------


@main.command("serve")
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


@main.command("selftest")
@click.option("--operation", "-o", "operations", multiple=True, help="Only this operation.")
@click.option(
    "--inputs-only", is_flag=True, help="Mutate input and stateful rules, not output rules."
)
@contracts_option
def selftest_command(
    operations: tuple[str, ...], inputs_only: bool, contracts_dir: Path | None
) -> None:
    """Switch each constraint off in the reference in turn: does the harness notice?

    Output rules too: the reference answers with a value that breaks the rule. Prints every
    constraint the harness missed, with the reason, and "detected X of Y (Z%)" last. Exit code
    0 when every constraint was detected, 1 otherwise.
    """
    from smcontract.suites._selftest import selftest

    pack = load_contracts(contracts_dir, operations)
    result = selftest(
        pack,
        operations=_selected(pack, operations) if operations else None,
        outputs=not inputs_only,
    )
    for mutant in result.undetected:
        click.echo(f"undetected  {mutant.constraint_id}  {mutant.verdict}: {mutant.reason}")
    click.echo(f"{result.summary()} in {result.elapsed:.1f} s")
    sys.exit(0 if result.detected == result.total else 1)


# -- export --------------------------------------------------------------------------------


@main.group("export", cls=_Group)
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
    document = openapi_document(pack, operations=_selected(pack, operations), server_url=server_url)
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


main.add_command(badge_command)

if __name__ == "__main__":
    main()
