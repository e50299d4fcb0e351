"""``smcontract --help`` and usage errors load none of the heavy modules (issue 17).

No timing here: each case runs the click command in a fresh interpreter and lists the modules
it imported. Heavy ones (moto, boto3/botocore, Hypothesis, jsonschema, the suites, the
strategies, the reports) belong to the commands that run, after the arguments are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "moto",
    "boto3",
    "botocore",
    "hypothesis",
    "jsonschema",
    "regex",
    "smcontract.suites",
    "smcontract.strategies",
    "smcontract.reports",
)

PROBE = """
import json, sys
from smcontract.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
    outcome = "returned"
except SystemExit as exc:
    outcome = f"exit {exc.code}"
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({"outcome": outcome, "modules": sorted(sys.modules)}))
"""


def _modules(*args: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return result["outcome"], result["modules"]


@pytest.mark.parametrize(
    ("args", "outcome"),
    [
        (["--help"], "returned"),
        (["run", "--help"], "returned"),
        (["run", "-o", "NoSuchOperation"], "exit 2"),
        (["run", "--shard", "3/2"], "exit 2"),
        (["run", "--report", "pdf"], "exit 2"),
        (["run", "--mode", "nope"], "BadParameter"),
        (["run", "--waivers", "no-such-waivers.toml"], "BadParameter"),
        (["merge", "a.json", "--report", "pdf"], "exit 2"),
        (["validate", "NoSuchOperation", "-"], "exit 2"),
        (["generate", "NoSuchOperation"], "exit 2"),
        (["contracts", "list", "-o", "NoSuchOperation"], "exit 2"),
    ],
)
def test_help_and_usage_errors_import_nothing_heavy(args: list[str], outcome: str) -> None:
    got, modules = _modules(*args)
    assert got == outcome
    loaded = [m for m in modules if m in HEAVY or m.startswith(tuple(f"{h}." for h in HEAVY))]
    assert loaded == [], f"smcontract {' '.join(args)} imported {loaded[:10]}"


def test_the_probe_sees_heavy_imports_when_a_command_runs() -> None:
    """The check above can fail: a command that does its work imports jsonschema's pack."""
    got, modules = _modules("contracts", "check")
    assert got == "returned"
    assert "jsonschema" in modules


def test_a_run_against_moto_imports_no_url_transport_nor_jsonschema(tmp_path: Path) -> None:
    """A quick start writes reports and reads no waivers: jsonschema (the waivers' and the
    report reader's check) and the URL targets stay unimported until a run needs them."""
    out = tmp_path / "r"
    args = ["run", "-t", "moto", "-o", "DescribeModel", "--report", "json,html", "--report-dir"]
    got, modules = _modules(*args, str(out))
    assert got == "exit 0" or got == "exit 1"
    assert (out / "report.json").is_file()
    assert "moto" in modules
    assert "jsonschema" not in modules
    assert "smcontract.suites.targets._http" not in modules
    assert "smcontract.reference" not in modules
