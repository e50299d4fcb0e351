"""Sharding a run (``--shard I/N``) and merging the shards' reports (``smcontract merge``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import load_contracts
from smcontract.errors import UsageError
from smcontract.reports import Report, ReportBuilder, merge_reports, write_reports
from smcontract.suites import parse_shard, run, shard_plan, shard_units

OPS = ["DescribeModel", "CreateModel", "DeleteModel"]


@pytest.fixture(scope="module")
def pack():
    return load_contracts()


# -- the split ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("1/1", (1, 1)), ("2/4", (2, 4)), ("4/4", (4, 4))])
def test_parse_shard(text: str, expected: tuple[int, int]) -> None:
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2", ""])
def test_parse_shard_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--shard"):
        parse_shard(text)


def test_shard_units_balances_by_cost_and_covers_once() -> None:
    keys = [("reject", "Op", f"c{i}") for i in range(10)]
    costs = [10, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    parts = shard_units(keys, costs, 2)
    assert sorted(k for part in parts for k in part) == sorted(keys)
    assert parts[0] == [("reject", "Op", "c0")]  # the big one alone, the rest together
    assert shard_units(list(reversed(keys)), list(reversed(costs)), 2) == parts


@pytest.fixture(scope="module")
def plans(pack) -> dict[int, list[list[tuple[str, ...]]]]:
    return {n: shard_plan(pack, n) for n in range(1, 6)}


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_parts_cover_every_unit_exactly_once(plans, n: int) -> None:
    everything = set(map(tuple, plans[1][0]))
    parts = [set(map(tuple, part)) for part in plans[n]]
    assert len(parts) == n
    assert set().union(*parts) == everything
    assert sum(len(part) for part in parts) == len(everything)  # pairwise disjoint
    constraints = [{k[2] for k in part if k[0] == "reject"} for part in parts]
    for i in range(n):
        for j in range(i + 1, n):
            assert not constraints[i] & constraints[j]
    lifecycle = [k for part in plans[n] for k in part if k[0] == "lifecycle"]
    assert len(lifecycle) == len(set(lifecycle)) > 0  # each scenario in exactly one shard
    sizes = [len(part) for part in parts]
    assert max(sizes) - min(sizes) <= max(2, len(everything) // (5 * n))


def test_split_is_the_same_in_another_process(plans) -> None:
    code = (
        "import json; from smcontract.contracts import load_contracts; "
        "from smcontract.suites import shard_plan; "
        "print(json.dumps(shard_plan(load_contracts(), 3)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    assert [[tuple(k) for k in part] for part in json.loads(out)] == [
        [tuple(k) for k in part] for part in plans[3]
    ]


# -- merge equals the unsharded run ---------------------------------------------------------


def _report(pack, shard: tuple[int, int] | None, **kwargs: Any) -> Report:
    builder = ReportBuilder(pack)
    run(pack, ["moto"], operations=OPS, sinks=[builder], shard=shard, **kwargs)
    return builder.report()


def _timeless(value: Any) -> Any:
    """Evidence with wall-clock values (moto's CreationTime, lifecycle time filters) masked."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    if isinstance(value, float) and value > 1e9:
        return "<time>"
    if isinstance(value, str) and value[:2] == "20" and "T" in value and ":" in value:
        return "<time>"
    return value


def _comparable(report: Report) -> dict[str, Any]:
    data = report.to_dict()
    return _timeless(
        {
            "results": data["results"],
            "operations": data["operations"],
            "summary": data["summary"],
            "exit_code": data["header"]["exit_code"],
            "operations_run": data["header"]["operations"],
        }
    )


@pytest.fixture(scope="module")
def unsharded(pack) -> Report:
    return _report(pack, None)


@pytest.mark.parametrize("n", [2, 3])
def test_merged_certify_report_equals_the_unsharded_one(pack, unsharded, n: int) -> None:
    shards = [(f"shard {i}", _report(pack, (i, n))) for i in range(1, n + 1)]
    for _, shard in shards:
        assert shard.header.shard is not None
        assert len(shard.results) < len(unsharded.results)  # no other shard's constraints
    # Every input constraint in exactly one shard, but the rules judged on every accepted
    # answer (round trip after a covering Create, HTTP 200): like output rules, each shard
    # that sees such answers judges them, and the merge folds them.
    on_answers = {"round-trip", "success-status"}
    ids = [
        r.constraint_id
        for _, shard in shards
        for r in shard.results
        if r.direction == "input"
        and pack.constraint(r.constraint_id).params.get("rule") not in on_answers
    ]
    assert len(ids) == len(set(ids))
    merged = merge_reports(shards)
    assert merged.header.shard is None
    assert _comparable(merged) == _comparable(unsharded)


def _write(report: Report, directory: Path) -> Path:
    write_reports(report, directory, ["json"])
    return directory / "report.json"


def test_cli_shards_and_merge(tmp_path: Path) -> None:
    runner = CliRunner()
    files = []
    for i in (1, 2):
        out = tmp_path / f"shard{i}"
        result = runner.invoke(
            main, ["run", "-o", "DescribeModel", "--shard", f"{i}/2", "--report-dir", str(out)]
        )
        assert result.exit_code in (0, 1), result.output
        data = json.loads((out / "report.json").read_text())
        assert data["header"]["shard"] == {"index": i, "count": 2}
        files.append(str(out / "report.json"))
    merged = tmp_path / "merged"
    result = runner.invoke(main, ["merge", *files, "--report-dir", str(merged)])
    assert result.exit_code == 1, result.output  # moto misses DescribeModel's patterns
    for name in ("report.json", "junit.xml", "report.html", "report.md"):
        assert (merged / name).is_file()
    data = json.loads((merged / "report.json").read_text())
    assert "shard" not in data["header"]
    pack = load_contracts()
    assert {r["constraint_id"] for r in data["results"]} == {
        c.id for c in pack.operation("DescribeModel").constraints
    }
    # Missing and overlapping shards, and a different seed, are refused with exit code 2.
    result = runner.invoke(main, ["merge", files[0], "--report-dir", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "shard(s) 2/2 missing" in result.output
    result = runner.invoke(main, ["merge", files[0], files[0], "--report-dir", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "given twice" in result.output
    result = runner.invoke(main, ["run", "--shard", "3/2", "--report-dir", str(tmp_path / "y")])
    assert result.exit_code == 2
    assert "--shard" in result.output


def test_merge_refuses_shards_of_different_runs(pack, tmp_path: Path) -> None:
    one = _write(_report(pack, (1, 2), seed=1), tmp_path / "a")
    two = _write(_report(pack, (2, 2), seed=2), tmp_path / "b")
    three = _write(_report(pack, (2, 3), seed=1), tmp_path / "c")
    result = CliRunner().invoke(main, ["merge", str(one), str(two), "--report-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "has seed 2 but" in result.output
    result = CliRunner().invoke(
        main, ["merge", str(one), str(three), "--report-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "split in different ways" in result.output
    data = json.loads(one.read_text())
    data["header"]["contracts"]["sha256"] = "0" * 64
    data["header"]["smcontract_version"] = "0.0.0"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    with pytest.raises(UsageError) as error:
        merge_reports(
            [("one", Report.from_dict(json.loads(one.read_text()))), ("other", _load(other))]
        )
    message = str(error.value)
    assert "contracts sha256" in message
    assert "smcontract version" in message


def _load(path: Path) -> Report:
    return Report.from_dict(json.loads(path.read_text()))
