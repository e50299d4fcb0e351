"""Badges: the level and findings of each target, as shields.io endpoint JSON and inline SVG."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smcontract.reports import Report, ReportBuilder, certification, write_reports
from smcontract.reports._badge import Colour, badge_file_name, badge_svg, badges, endpoint_json
from smcontract.suites import run
from smcontract.suites.events import NOT_ENFORCED
from smcontract.suites.targets import open_target

OP = "DescribeCompilationJob"


@pytest.fixture(scope="module")
def reference(pack) -> Report:
    builder = ReportBuilder(pack)
    run(pack, [open_target("reference")], operations=[OP], sinks=[builder])
    return builder.report()


def _break(report: Report, level: str) -> Report:
    """``report`` with one constraint of ``level`` turned into a finding."""
    results = list(report.results)
    index = next(i for i, r in enumerate(results) if r.level == level and r.verdict == "ENFORCED")
    results[index] = dataclasses.replace(results[index], verdict=NOT_ENFORCED)
    return dataclasses.replace(report, results=tuple(results))


def _summaries_of(report: Report) -> Report:
    """Recount the summaries after results changed (as a fresh fold would)."""
    data = report.to_dict()
    for target, summary in data["summary"]["targets"].items():
        mine = [r for r in report.results if r.target == target]
        summary["verdicts"] = {v: sum(r.verdict == v for r in mine) for v in summary["verdicts"]}
    return Report.from_dict(data)


@pytest.mark.parametrize(
    ("broken", "level", "colour"),
    [
        (None, "L4", Colour.BRIGHTGREEN),
        ("L4", "L3", Colour.YELLOWGREEN),
        ("L3", "L2", Colour.YELLOW),
        ("L2", "L1", Colour.ORANGE),
        ("L1", "none", Colour.RED),
    ],
)
def test_the_colour_and_message_follow_the_level(reference, broken, level, colour) -> None:
    report = reference if broken is None else _summaries_of(_break(reference, broken))
    assert certification(report)["targets"]["reference"]["level"] == level
    (badge,) = badges(report)
    findings = 0 if broken is None else 1
    shown = "no level" if level == "none" else level
    assert badge.message == f"{shown} · {findings} finding{'' if findings == 1 else 's'}"
    assert endpoint_json(badge) == {
        "schemaVersion": 1,
        "label": "smcontract reference",
        "message": badge.message,
        "color": colour.shields,
    }


def test_an_incomplete_run_is_grey(reference) -> None:
    header = dataclasses.replace(reference.header, interrupted=True)
    (badge,) = badges(dataclasses.replace(reference, header=header))
    assert badge.colour is Colour.LIGHTGREY
    assert badge.message.startswith("incomplete run · ")


def test_the_html_shows_the_same_badge(reference, tmp_path) -> None:
    (path,) = write_reports(reference, tmp_path, formats=["html"])
    (badge,) = badges(reference)
    assert badge_svg(badge) in path.read_text("utf-8")
    assert f'fill="{Colour.BRIGHTGREEN.hex}"' in badge_svg(badge)


def test_file_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    assert badge_file_name("moto", taken) == "badge-moto.json"
    assert badge_file_name("http://127.0.0.1:4566#reset=/x", taken) == (
        "badge-http-127.0.0.1-4566-reset-x.json"
    )
    assert badge_file_name("local<&>", taken) == "badge-local.json"
    assert badge_file_name("local?!", taken) == "badge-local-2.json"
    assert badge_file_name("../..", taken) == "badge-target.json"


# -- the command -----------------------------------------------------------------------------


def _badge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smcontract.cli", "badge", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_writes_one_endpoint_per_target(stream, fold, tmp_path) -> None:
    report = fold(stream).report()
    write_reports(report, tmp_path, formats=["json"])
    done = _badge(str(tmp_path / "report.json"), "--out", str(tmp_path / "badges"))
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "badges").iterdir())
    assert [f.name for f in files] == ["badge-aws.json", "badge-local.json", "badge-moto.json"]
    for summary in report.summaries:
        name = badge_file_name(summary.target, set())
        data = json.loads((tmp_path / "badges" / name).read_text("utf-8"))
        assert data["message"] == f"no level · {summary.findings} findings"
        assert data["color"] == "red"
        assert f"{data['label']}: {data['message']}" in done.stdout


def test_the_command_defaults_to_the_reports_folder(reference, tmp_path) -> None:
    write_reports(reference, tmp_path, formats=["json"])
    assert _badge(str(tmp_path / "report.json")).returncode == 0
    data = json.loads((tmp_path / "badge-reference.json").read_text("utf-8"))
    assert data == {
        "schemaVersion": 1,
        "label": "smcontract reference",
        "message": "L4 · 0 findings",
        "color": "brightgreen",
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read report"),
        ("{not json", "invalid JSON at line 1"),
        ('{"format": "something else"}', "is not an smcontract report"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(tmp_path: Path, content, expected) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = _badge(str(path))
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("badge-*"))


def test_an_unwritable_out_folder_is_exit_2(reference, tmp_path) -> None:
    write_reports(reference, tmp_path, formats=["json"])
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    done = _badge(str(tmp_path / "report.json"), "--out", str(blocker / "sub"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
