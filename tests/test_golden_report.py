"""A refactor changes no verdict: the recorded certify run of moto, reference and boto3 is
reproduced, content hash for content hash (run id, times and server clocks aside).

See tests/golden/README.md for when and how the recording is renewed.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "certify-15-ops.report.json.gz"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "report.json"
    path.write_bytes(gzip.decompress(GOLDEN.read_bytes()))
    return path


@pytest.mark.parametrize("target", ["moto", "reference", "boto3"])
def test_the_recorded_certify_run_is_reproduced(recorded: Path, target: str) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "smcontract.cli", "verify-report", str(recorded)),
            *("--against", target, "--report-dir", str(recorded.parent / target)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # planned as it is sent, by a worker process beside the run's own
        env={**os.environ, "PYTHONHASHSEED": "0", "SMCONTRACT_PLAN_WORKERS": "2"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"verified: {target} reproduces {target}" in done.stdout
