"""``smcontract selftest`` on the command line: summary, JSON report, exit code, progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from smcontract.cli import main


def _selftest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["selftest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_report_keeps_every_mutant_and_the_equivalent_ones_apart(tmp_path: Path) -> None:
    report = tmp_path / "out" / "selftest.json"
    code, out, err = _selftest("-o", "ListModels", "--inputs-only", "--report", str(report))
    data = json.loads(report.read_text())
    # ListModels' NextToken rules are equivalent mutants: every token breaking one is
    # refused as a token the server never issued, rule or not
    missed = {m["constraint_id"]: m for m in data["mutants"] if not m["detected"]}
    assert missed["ListModels.NextToken.pattern"]["cause"] == "paging-token"
    assert data["missed_by_cause"] == {"paging-token": len(missed)}
    assert data["non_equivalent"] == data["total"] - len(missed)
    assert data["score"] == 100.0
    assert data["percent"] < 100.0
    assert code == 0, out  # every non-equivalent mutant was detected
    assert "undetected  ListModels.NextToken.pattern  ENFORCED [paging-token]" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith(f"detected {data['detected']} of {data['total']} (")
    assert f"; {data['detected']} of {data['non_equivalent']} non-equivalent (100.0%)" in last
    assert f"selftest: {data['total']} of {data['total']} mutants" in err


def _pack_with_an_unreachable_default(tmp_path: Path, seed_pack_source: Path) -> Path:
    """The seed operations' pack, but ListOptimizationJobs' default page size is 500: more
    items than the lifecycle scenario creates, so its mutant is missed (``unreached``, which
    is not an equivalent mutant)."""
    copy = tmp_path / "pack"
    shutil.copytree(seed_pack_source, copy)
    prose = copy / "prose" / "ListOptimizationJobs.json"
    data = json.loads(prose.read_text())
    for constraint in data["constraints"]:
        if constraint["id"] == "ListOptimizationJobs.MaxResults.default":
            constraint["params"]["value"] = 500
    prose.write_text(json.dumps(data))
    return copy


def test_fail_under_sets_the_exit_code(tmp_path: Path, seed_pack_source: Path) -> None:
    pack = str(_pack_with_an_unreachable_default(tmp_path, seed_pack_source))
    args = ("-o", "ListOptimizationJobs", "--inputs-only", "--contracts", pack)
    code, out, _ = _selftest(*args)
    assert code == 1
    assert "undetected  ListOptimizationJobs.MaxResults.default  UNTESTED [unreached]" in out
    assert "non-equivalent (100.0%)" not in out
    code, _, _ = _selftest(*args, "--fail-under", "90")
    assert code == 0
    code, _, err = _selftest("-o", "DescribeModel", "--fail-under", "101")
    assert code == 2
    assert "--fail-under" in err


def test_an_unwritable_report_is_refused_before_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = _selftest("-o", "DescribeModel", "--report", str(blocker / "x.json"))
    assert code == 2
    assert "selftest: the intact reference first" not in err
