"""``smcontract badge``: shields.io endpoint badges from a recorded ``report.json``.

Imports of the reports layer are lazy so ``smcontract --help`` stays cheap.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["badge_command"]


@click.command("badge")
@click.argument("report_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the badge files (default: the report's folder).",
)
def badge_command(report_file: Path, out_dir: Path | None) -> None:
    """Write badge-<target>.json per target: a shields.io endpoint (level met, findings).

    Publish the file and point https://img.shields.io/endpoint?url=<its URL> at it. The
    colour follows the level: none red, L1 orange, L2 yellow, L3 yellow-green, L4 green; an
    interrupted or sharded run is grey ("incomplete run"). Exit code 2 when REPORT_FILE is
    not a report.json.
    """
    from smcontract.reports import Report, badges, load_report, write_badges

    report = Report.from_dict(load_report(report_file))
    directory = out_dir if out_dir is not None else report_file.parent
    written = write_badges(report, directory)
    for badge, path in zip(badges(report), written, strict=True):
        click.echo(f"wrote {path}: {badge.label}: {badge.message}")
