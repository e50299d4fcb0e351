"""``smcontract run``'s options, in one place: declared for click, then checked.

:func:`run_options` puts the options on the command; :meth:`RunOptions.parse` turns what
click parsed into one typed value and reports the usage errors click cannot see (``--shard``,
``--report``, an operation pack.json does not list) before anything heavy is imported.
A new option is one entry in ``_OPTIONS`` and one field of :class:`RunOptions`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from smcontract._usage import parse_formats, parse_shard
from smcontract.cli._common import contracts_option

__all__ = ["RunOptions", "run_options"]

_F = TypeVar("_F", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--target",
        "-t",
        "targets",
        multiple=True,
        default=("moto",),
        show_default=True,
        help="moto | moto-server | reference | boto3[:BACKING] | http(s)://URL[#reset=/PATH] | "
        "adapter:COMMAND (repeatable). #reset=/PATH: POST that path before each case.",
    ),
    click.option(
        "--operation",
        "-o",
        "operations",
        multiple=True,
        metavar="NAME|GLOB",
        help="Only this operation, or those a glob matches ('*CompilationJob*'); repeatable. "
        "With no -o, --family or --profile: the pack's default profile (seeds).",
    ),
    click.option(
        "--family",
        "families",
        multiple=True,
        metavar="NAME",
        help="Every operation of this resource family (e.g. endpoint); repeatable. "
        "List them with: smcontract contracts families.",
    ),
    click.option(
        "--profile",
        default=None,
        metavar="NAME",
        help="A named set of operations in the pack: seeds (the 15 seed operations, the "
        "default), all (every SageMaker operation).",
    ),
    click.option(
        "--mode", type=click.Choice(["certify", "fuzz"]), default="certify", show_default=True
    ),
    click.option("--seed", type=int, default=0, show_default=True),
    click.option("--max-examples", type=click.IntRange(min=1), default=100, show_default=True),
    click.option("--max-time", type=click.FloatRange(min=0), default=None, help="Seconds."),
    click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True),
    click.option("--region", default="us-east-1", show_default=True),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True),
    click.option(
        "--report-dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True
    ),
    click.option(
        "--report",
        "formats",
        default="json,junit,html,md",
        show_default=True,
        help="Comma-separated: json, junit, html, md, ndjson.",
    ),
    click.option(
        "--database",
        default=".smcontract/examples",
        show_default=True,
        help="Fuzz mode's example database: DIR | redis://HOST:PORT | readonly:SPEC | "
        "multi:SPEC,SPEC.",
    ),
    click.option(
        "--shard",
        default=None,
        metavar="I/N",
        help="Run part I of N (a deterministic split by operation and constraint); "
        "join the parts' reports with smcontract merge.",
    ),
    click.option(
        "--waivers",
        "waivers_file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        help="TOML, JSON or YAML file of waivers (constraint ID or glob, target, reason, "
        "expires): matching findings become WAIVED; an expired waiver is an error.",
    ),
    click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        help="A recorded report.json whose verdicts are the column the targets are compared "
        "with in the matrix (its 'reference' target, else its first).",
    ),
    click.option(
        "--require-level",
        type=click.Choice(["L1", "L2", "L3", "L4"]),
        default=None,
        help="Exit 0 when every operation of every target meets this certification level "
        "(findings above it are reported but do not fail the run), else 1.",
    ),
    click.option(
        "--no-cache",
        is_flag=True,
        default=False,
        help="Compute the certify corpus afresh: neither read nor write the corpus cache "
        "($SMCONTRACT_CACHE_DIR, else $XDG_CACHE_HOME/smcontract or ~/.cache/smcontract).",
    ),
    contracts_option,
)


def run_options(command: _F) -> _F:
    """Put every option of ``smcontract run`` on ``command`` (in the order ``--help`` lists)."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


@dataclass(frozen=True)
class RunOptions:
    """What ``smcontract run`` was asked, checked: ``shard`` and ``formats`` are parsed."""

    targets: tuple[str, ...]
    operations: tuple[str, ...]
    families: tuple[str, ...]
    profile: str | None
    mode: str
    seed: int
    max_examples: int
    max_time: float | None
    workers: int
    region: str
    timeout: float
    report_dir: Path
    formats: tuple[str, ...]
    database: str
    shard: tuple[int, int] | None
    waivers_file: Path | None
    baseline_file: Path | None
    require_level: str | None
    no_cache: bool
    contracts_dir: Path | None

    @classmethod
    def parse(cls, **given: Any) -> RunOptions:
        """The options from click's keyword arguments; a :class:`UsageError` for a bad
        ``--shard`` or ``--report`` or an unknown operation (read from pack.json only)."""
        from smcontract.cli._common import choose

        shard = given.pop("shard")
        options = cls(
            **{**given, "formats": parse_formats(given["formats"])},
            shard=parse_shard(shard) if shard is not None else None,
        )
        chosen = choose(
            options.contracts_dir, options.operations, options.families, options.profile
        )
        return dataclasses.replace(options, operations=chosen)
