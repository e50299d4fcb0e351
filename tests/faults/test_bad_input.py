"""No traceback for any input: random bytes, truncated and garbled JSON, TOML and YAML given as
waivers, baselines, reports to replay/merge/verify-report and contract folders each get one
``error:`` line and exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smcontract.cli import main
from smcontract.contracts import load_contracts
from smcontract.reports import ReportBuilder, write_reports
from smcontract.suites import run

CASES = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WAIVERS = (
    '[[waivers]]\nconstraint = "DescribeModel.ModelName.pattern"\ntarget = "moto"\n'
    'reason = "known"\nexpires = 2999-12-31\n'
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def report_text(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    builder = ReportBuilder(load_contracts())
    run(load_contracts(), ["reference"], operations=["DescribeModel"], sinks=[builder])
    folder = tmp_path_factory.mktemp("report")
    write_reports(builder.report(), folder, ("json",))
    return (folder / "report.json").read_bytes()


def _damaged(draw: Any, text: bytes, suffix: str) -> bytes:
    """Random bytes, a truncation of ``text``, bytes flipped in it, or (JSON) a member of it
    replaced by another JSON value."""
    how = draw(st.sampled_from(["random", "truncated", "flipped", "replaced"]))
    if how == "random":
        return bytes(draw(st.binary(min_size=0, max_size=400)))
    if how == "truncated":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if how == "flipped" or suffix != ".json":
        at = draw(st.integers(0, len(text) - 1))
        return text[:at] + bytes([draw(st.integers(0, 255))]) + text[at + 1 :]
    data = json.loads(text)
    node = data
    path = []
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if path:
        parent[path[-1]] = draw(JSON_VALUES)
    return json.dumps(data).encode()


def _one_error(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output


@CASES
@given(data=st.data(), suffix=st.sampled_from([".toml", ".json", ".yaml"]))
def test_waivers(tmp_path: Path, data: st.DataObject, suffix: str) -> None:
    text = WAIVERS.encode()
    if suffix == ".json":
        entry = {"constraint": "DescribeModel.*", "reason": "r", "expires": "2999-01-01"}
        text = json.dumps({"waivers": [entry]}).encode()
    file = tmp_path / f"w{suffix}"
    file.write_bytes(data.draw(st.composite(lambda d: _damaged(d, text, suffix))()))
    # a waivers file that survives the damage still fails the run's start: the folder is a file
    (tmp_path / "blocked").write_text("")
    _one_error(
        [
            "run",
            "-o",
            "DescribeModel",
            "--waivers",
            str(file),
            "--report-dir",
            str(tmp_path / "blocked"),
        ]
    )


@CASES
@given(data=st.data(), command=st.sampled_from(["baseline", "replay", "merge", "verify"]))
def test_reports(tmp_path: Path, report_text: bytes, data: st.DataObject, command: str) -> None:
    file = tmp_path / "report.json"
    file.write_bytes(data.draw(st.composite(lambda d: _damaged(d, report_text, ".json"))()))
    (tmp_path / "blocked").write_text("")
    args = {
        "baseline": [
            "run",
            "-o",
            "DescribeModel",
            "--baseline",
            str(file),
            "--report-dir",
            str(tmp_path / "blocked"),
        ],
        "replay": ["replay", str(file), "No.such.constraint"],
        "merge": ["merge", str(file), str(file), "--report-dir", str(tmp_path / "m")],
        "verify": ["verify-report", str(file), "--against", "no-such-target"],
    }[command]
    _one_error(args)


@pytest.fixture(scope="module")
def pack_files(seed_pack_source: Path) -> list[Path]:
    return sorted(p.relative_to(seed_pack_source) for p in seed_pack_source.rglob("*.json"))


@settings(CASES, max_examples=12)
@given(data=st.data())
def test_contract_folders(
    tmp_path: Path, pack_files: list[Path], seed_pack_source: Path, data: st.DataObject
) -> None:
    root = seed_pack_source  # the seed operations' documents: checking all 453 takes seconds
    copy = tmp_path / "contracts"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    chosen = data.draw(st.sampled_from(pack_files))
    damaged = data.draw(
        st.composite(lambda d: _damaged(d, (root / chosen).read_bytes(), ".json"))()
    )
    (copy / chosen).write_bytes(damaged)
    result = CliRunner().invoke(main, ["contracts", "check", str(copy)])
    if result.exit_code == 0:  # the damage kept the document valid (a description changed)
        return
    _one_error(["contracts", "check", str(copy)])
    (tmp_path / "blocked").write_text("")
    run_args = ["run", "--contracts", str(copy), "-o", "DescribeModel", "--report-dir"]
    _one_error([*run_args, str(tmp_path / "blocked")])
