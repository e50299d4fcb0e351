"""Certification from the command line: waivers, levels, the matrix, --baseline, verify-report.

Every run is a real ``smcontract`` process; the checks read the files it writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from smcontract.reports import report_schema
from smcontract.reports._html_data import read_embedded

OP = ["-o", "DescribeCompilationJob"]
FOUND = "DescribeCompilationJob.CompilationJobName.pattern"  # moto does not check it right


def _smcontract(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "smcontract.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def _report(directory: Path) -> dict:
    report = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, report_schema())
    return report


@pytest.fixture(scope="module")
def moto_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("moto")
    done = _smcontract("run", *OP, "--report-dir", str(out), "--report", "json")
    assert done.returncode == 1, done.stderr
    return out


# -- waivers ---------------------------------------------------------------------------------


def test_waivers_turn_findings_into_waived_and_warn_about_unused_ones(
    moto_run: Path, tmp_path: Path
) -> None:
    before = {r["constraint_id"]: r for r in _report(moto_run)["results"]}
    findings = sorted(
        cid
        for cid, r in before.items()
        if r["verdict"] in ("NOT ENFORCED", "WRONG ERROR", "SERVER ERROR", "NOT IMPLEMENTED")
    )
    assert FOUND in findings
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        "[[waivers]]\n"
        'constraint = "DescribeCompilationJob*"\n'
        'target = "moto"\n'
        'reason = "moto validates nothing here (upstream issue)"\n'
        "expires = 2099-12-31\n"
        "\n[[waivers]]\n"
        'constraint = "ListModels.*"\n'
        'reason = "not part of this run"\n'
        "expires = 2099-12-31\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = _smcontract(
        "run", *OP, "--waivers", str(waivers), "--report-dir", str(out), "--report", "json,html"
    )
    report = _report(out)
    after = {r["constraint_id"]: r for r in report["results"]}
    # Every finding is waived, with the reason and the verdict it replaced; nothing else moved.
    for cid, result in after.items():
        if cid in findings:
            assert result["verdict"] == "WAIVED"
            assert result["reason"].endswith("moto validates nothing here (upstream issue)")
            assert result["waiver"]["verdict"] == before[cid]["verdict"]
        else:
            assert result["verdict"] == before[cid]["verdict"]
    assert report["header"]["waivers"][0]["waived"] == sorted(f"moto:{c}" for c in findings)
    # Operation-level findings are not waivable by constraint waivers, so the exit code
    # follows them; without any, a fully waived run exits 0.
    operations = report["operations"]["moto"]
    clean = all(
        o["valid_verdict"] in ("ACCEPTS VALID", "UNTESTED")
        and o["response_verdict"] in ("RESPONSE CONFORMS", "UNTESTED")
        for o in operations
    )
    assert done.returncode == (0 if clean else 1)
    assert "waiver waivers.toml#2 ('ListModels.*')" in done.stderr
    assert "matches no constraint" in done.stderr
    assert any("ListModels.*" in note for note in report["header"]["notes"])
    rows = read_embedded((out / "report.html").read_text(encoding="utf-8"))["rows"]
    waived = [r for r in rows if r["waiver"] is not None]
    assert sorted(r["id"] for r in waived) == findings
    assert all(r["waiver"]["source"].endswith("waivers.toml#1") for r in waived)
    assert {r["waiver"]["expires"] for r in waived} == {"2099-12-31"}


def test_an_expired_waiver_stops_the_run_with_exit_code_2(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.json"
    waivers.write_text(
        json.dumps({"waivers": [{"constraint": FOUND, "reason": "old", "expires": "2020-01-31"}]}),
        encoding="utf-8",
    )
    done = _smcontract("run", *OP, "--waivers", str(waivers), "--report-dir", str(tmp_path))
    assert done.returncode == 2
    assert "expired on 2020-01-31" in done.stderr
    assert "waivers.json#1" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "report.json").exists()


# -- three targets: matrix and levels in every format -------------------------------------------


def test_a_three_target_run_writes_the_matrix_in_json_html_and_markdown(tmp_path: Path) -> None:
    done = _smcontract(
        "run", *OP, "-t", "moto", "-t", "reference", "-t", "boto3", "--report-dir", str(tmp_path)
    )
    assert done.returncode == 1, done.stderr
    report = _report(tmp_path)
    table = report["matrix"]
    assert table["columns"] == ["moto", "reference", "boto3"]
    assert table["baseline"]["column"] == "reference"
    by_target: dict[str, dict[str, str]] = {}
    for r in report["results"]:
        by_target.setdefault(r["constraint_id"], {})[r["target"]] = r["verdict"]
    for row in table["rows"]:
        assert row["verdicts"] == by_target[row["constraint_id"]]
        assert row["agree"] == (len(set(row["verdicts"].values())) == 1)
    assert table["agree"] + table["disagree"] == table["constraints"] == len(by_target)
    row = next(r for r in table["rows"] if r["constraint_id"] == FOUND)
    assert row["verdicts"]["reference"] == "ENFORCED"
    assert "moto" in row["differ_from_baseline"]
    # The reference meets every level; the levels of the others come from their findings.
    levels = report["certification"]["targets"]
    assert levels["reference"]["level"] == "L4"
    assert levels["moto"]["operations"]["DescribeCompilationJob"]["level"] == "none"
    assert all(len(levels[t]["hash"]) == 64 for t in ("moto", "reference", "boto3"))
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### Targets compared" in markdown
    assert f"{table['agree']} of {table['constraints']} constraints" in markdown
    assert "| Constraint | `moto` | `reference` | `boto3` | Agree |" in markdown
    assert "### Certification" in markdown
    assert "**`reference`: L4**" in markdown
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="matrix"' in html
    assert 'id="certification"' in html
    rows = read_embedded(html)["matrix"]["rows"]
    assert sum(not r["agree"] for r in rows) == table["disagree"]


def test_a_recorded_reference_run_is_the_baseline(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert (
        _smcontract(*("run", *OP, "-t", "reference", "--report-dir", str(reference))).returncode
        == 0
    )
    out = tmp_path / "out"
    _smcontract("run", *OP, "--baseline", str(reference / "report.json"), "--report-dir", str(out))
    table = _report(out)["matrix"]
    assert table["columns"] == ["moto"]
    assert table["baseline"] == {
        "column": "reference (baseline)",
        "source": str(reference / "report.json"),
    }
    row = next(r for r in table["rows"] if r["constraint_id"] == FOUND)
    assert row["baseline"] == "ENFORCED"
    assert row["verdicts"]["moto"] in ("NOT ENFORCED", "WRONG ERROR")
    assert row["agree"] is False
    assert table["differ_from_baseline"]["moto"] == table["disagree"]


def test_a_baseline_that_is_not_a_report_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "nope.json"
    bad.write_text("{}", encoding="utf-8")
    done = _smcontract("run", *OP, "--baseline", str(bad), "--report-dir", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "nope.json" in done.stderr
    assert "Traceback" not in done.stderr


# -- verify-report ------------------------------------------------------------------------------


def test_verify_report_reproduces_the_hash_in_a_fresh_process(moto_run: Path) -> None:
    recorded = _report(moto_run)["certification"]["targets"]["moto"]["hash"]
    done = _smcontract("verify-report", str(moto_run / "report.json"), seed="4242")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified: moto reproduces moto" in done.stdout
    assert f"content hash {recorded}" in done.stdout


def test_verify_report_against_another_implementation_lists_what_differs(moto_run: Path) -> None:
    recorded = {r["constraint_id"]: r["verdict"] for r in _report(moto_run)["results"]}
    done = _smcontract("verify-report", str(moto_run / "report.json"), "--target", "reference")
    assert done.returncode == 1
    assert "NOT verified: reference does not reproduce moto" in done.stdout
    assert f"{FOUND}: recorded {recorded[FOUND]}, now ENFORCED" in done.stdout


def test_verify_report_refuses_what_it_cannot_verify(tmp_path: Path) -> None:
    fuzz = tmp_path / "fuzz"
    _smcontract(
        *("run", *OP, "--mode", "fuzz", "--max-examples", "2", "--report-dir", str(fuzz)),
        *("--report", "json", "--database", str(tmp_path / "db")),
    )
    done = _smcontract("verify-report", str(fuzz / "report.json"))
    assert done.returncode == 2
    assert "only certify runs carry a content hash" in done.stderr
    two = tmp_path / "two"
    _smcontract("run", *OP, "-t", "moto", "-t", "reference", "--report-dir", str(two))
    done = _smcontract("verify-report", str(two / "report.json"), "--target", "moto-server")
    assert done.returncode == 2
    assert "say which one to compare with: --against NAME" in done.stderr
    done = _smcontract("verify-report", str(two / "report.json"), "--against", "reference")
    assert done.returncode == 0, done.stdout + done.stderr


def test_require_level_gates_the_exit_code_on_the_level_met(tmp_path: Path) -> None:
    done = _smcontract(
        *("run", *OP, "-t", "reference", "--require-level", "L4"),
        *("--report-dir", str(tmp_path / "ref"), "--report", "json"),
    )
    assert done.returncode == 0, done.stderr
    assert "every operation meets L4" in done.stderr
    assert _report(tmp_path / "ref")["header"]["exit_code"] == 0
    done = _smcontract(
        *("run", *OP, "--require-level", "L1", "--report-dir", str(tmp_path / "moto")),
        *("--report", "json"),
    )
    assert done.returncode == 1
    assert "moto DescribeCompilationJob: level none, below the required L1" in done.stderr
    header = _report(tmp_path / "moto")["header"]
    assert (header["exit_code"], header["settings"]["require_level"]) == (1, "L1")
    bad = _smcontract("run", *OP, "--require-level", "L9", "--report-dir", str(tmp_path / "x"))
    assert bad.returncode == 2
    assert "L9" in bad.stderr


def test_a_baseline_from_other_contracts_is_warned_about(moto_run: Path, tmp_path: Path) -> None:
    data = json.loads((moto_run / "report.json").read_text(encoding="utf-8"))
    data["header"]["contracts"]["sha256"] = "0" * 64
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    done = _smcontract(
        *("run", *OP, "--baseline", str(other), "--report-dir", str(tmp_path / "o")),
        *("--report", "json"),
    )
    assert done.returncode == 1
    assert f"warning: the baseline {other} was made with contracts 0000000000000000" in done.stderr
    assert _report(tmp_path / "o")["matrix"]["baseline"]["source"] == str(other)


def test_require_level_passes_a_target_whose_findings_are_above_the_level(tmp_path: Path) -> None:
    # boto3's client-side validation covers DeleteCompilationJob's L1 rules, not its L2 ones.
    # (DescribeCompilationJob no longer: moto's answer drops InputConfig, an L1 output rule.)
    op = ["-o", "DeleteCompilationJob"]
    args = ("run", *op, "-t", "boto3", "--report-dir", str(tmp_path), "--report", "json")
    plain = _smcontract(*args)
    report = _report(tmp_path)
    levels = report["certification"]["targets"]["boto3"]["operations"]["DeleteCompilationJob"]
    assert plain.returncode == 1  # findings
    assert levels["level"] == "L1"
    assert levels["levels"]["L2"]["findings"] > 0
    gated = _smcontract(*args, "--require-level", "L1")
    assert gated.returncode == 0, gated.stderr
    assert _report(tmp_path)["header"]["exit_code"] == 0
    assert _smcontract(*args, "--require-level", "L2").returncode == 1
