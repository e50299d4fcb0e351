"""A run warns, once, when the installed botocore models its operations unlike the pack.

The drifted pack is imported from the installed botocore, then labelled with another
botocore version and one rule changed, so the tests hold on any botocore.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import ContractPack, _drift, load_contracts, model_drift

ROOT = Path(__file__).resolve().parents[2]
OLD = "0.0.1"  # the botocore the drifted pack claims to come from


@pytest.fixture(scope="module")
def drifted_dir(tmp_path_factory: pytest.TempPathFactory, seed_pack_source: Path) -> Path:
    """A pack imported from the installed botocore, labelled OLD, DeleteModel's length changed."""
    root = tmp_path_factory.mktemp("drifted") / "contracts"
    shutil.copytree(seed_pack_source, root)
    result = CliRunner().invoke(main, ["contracts", "import", "--contracts", str(root)])
    assert result.exit_code == 0, result.output
    for file in (root / "model").glob("*.json"):
        document = json.loads(file.read_text("utf-8"))
        document["botocore_version"] = OLD
        if document["operation"] == "DeleteModel":
            rule = next(c for c in document["constraints"] if c["id"].endswith("ModelName.length"))
            rule["params"]["max"] += 1
        file.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return root


@pytest.fixture
def drifted(drifted_dir: Path) -> ContractPack:
    return load_contracts(drifted_dir)


def test_the_drift_names_the_operations_whose_rules_differ(drifted: ContractPack) -> None:
    drift = model_drift(drifted, ["ListModels", "DeleteModel", "DescribeModel"])
    assert drift is not None
    assert drift.operations == ("DeleteModel",)
    assert drift.differences == 1
    assert drift.pack_version == OLD
    assert drift.installed_version == _drift.installed_botocore_version()
    message = drift.message()
    assert "smcontract contracts diff" in message
    assert OLD in message
    assert drift.installed_version in message
    assert "DeleteModel" in message
    assert model_drift(drifted, ["ListModels", "DescribeModel"]) is None  # same rules there


def test_an_operation_the_installed_model_lacks_is_drift(
    drifted: ContractPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _drift._installed_model(str(_drift.installed_botocore_version()))
    without = {**model, "operations": dict(model["operations"].items())}
    del without["operations"]["ListModels"]
    monkeypatch.setattr(_drift, "_installed_model", lambda installed: without)
    _drift._differences.cache_clear()
    try:
        drift = model_drift(drifted, ["ListModels"])
    finally:
        _drift._differences.cache_clear()
    assert drift is not None
    assert drift.operations == ("ListModels",)
    assert drift.differences == sum(
        c.origin == "model" for c in drifted.operation("ListModels").constraints
    )


def test_equal_versions_read_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheap path: a pack from the installed botocore is not compared at all."""

    def fail(installed: str) -> None:
        raise AssertionError("the installed model was read although the versions are equal")

    pack = load_contracts()
    monkeypatch.setattr(_drift, "_installed_model", fail)
    monkeypatch.setattr(_drift, "installed_botocore_version", lambda: pack.botocore_version)
    _drift._differences.cache_clear()
    assert model_drift(pack, list(pack.operations)) is None


def test_a_run_warns_once_on_stderr_and_in_the_header(drifted_dir: Path, tmp_path: Path) -> None:
    args = ["run", "-t", "reference", "-o", "DeleteModel", "--contracts", str(drifted_dir)]
    result = CliRunner().invoke(main, [*args, "--report-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("smcontract contracts diff") == 1, result.stderr
    header = json.loads((tmp_path / "report.json").read_text("utf-8"))["header"]
    warnings = [note for note in header["notes"] if "smcontract contracts diff" in note]
    assert len(warnings) == 1
    assert "DeleteModel" in warnings[0]
    assert header["contracts"]["botocore_version"] == OLD
    assert header["botocore_version"] == _drift.installed_botocore_version()
    assert f"contracts from botocore {OLD}" in (tmp_path / "report.md").read_text("utf-8")


def test_a_run_on_operations_without_drift_says_nothing(drifted_dir: Path, tmp_path: Path) -> None:
    args = ["run", "-t", "reference", "-o", "ListModels", "--contracts", str(drifted_dir)]
    result = CliRunner().invoke(main, [*args, "--report-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "contracts diff" not in result.stderr
    header = json.loads((tmp_path / "report.json").read_text("utf-8"))["header"]
    assert not any("contracts diff" in note for note in header["notes"])
