"""Finding the pack (checkout and installed wheel) and rejecting malformed contracts clearly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import load_contracts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pack_copy(seed_pack: Path) -> Path:
    return seed_pack


def _check(directory: Path):
    return CliRunner().invoke(main, ["contracts", "check", str(directory)])


@pytest.mark.slow  # every document of the whole API against the meta-schema: ~10 s
def test_the_checkout_pack_loads_and_checks() -> None:
    result = CliRunner().invoke(main, ["contracts", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    assert " in 453 operations " in result.output
    assert load_contracts().origin.endswith("contracts")


def test_a_seed_pack_copy_checks(seed_pack: Path) -> None:
    result = _check(seed_pack)
    assert result.exit_code == 0, result.output
    assert " in 15 operations " in result.output


def test_broken_json_names_file_line_and_fix(pack_copy: Path) -> None:
    (pack_copy / "model" / "DeleteModel.json").write_text('{"document": "operation",,}')
    result = _check(pack_copy)
    assert result.exit_code == 2
    assert "model/DeleteModel.json" in result.output
    assert "not valid JSON" in result.output
    assert "line 1" in result.output
    assert "Traceback" not in result.output


def test_unknown_kind_names_the_json_pointer(pack_copy: Path) -> None:
    file = pack_copy / "model" / "DeleteModel.json"
    document = json.loads(file.read_text())
    document["constraints"][2]["kind"] = "maximum"
    file.write_text(json.dumps(document))
    result = _check(pack_copy)
    assert result.exit_code == 2
    assert "model/DeleteModel.json at /constraints/2/kind" in result.output
    assert "'maximum'" in result.output


def test_untranslatable_pattern_is_an_error_not_a_drop(pack_copy: Path) -> None:
    file = pack_copy / "model" / "DeleteModel.json"
    document = json.loads(file.read_text())
    pattern = next(c for c in document["constraints"] if c["kind"] == "pattern")
    pattern["params"]["pattern"] = "[a-z"
    file.write_text(json.dumps(document))
    result = _check(pack_copy)
    assert result.exit_code == 2
    assert "/params/pattern" in result.output
    assert "does not compile" in result.output


def test_duplicate_ids_are_refused(pack_copy: Path) -> None:
    file = pack_copy / "model" / "DeleteModel.json"
    document = json.loads(file.read_text())
    document["constraints"].append(document["constraints"][0])
    file.write_text(json.dumps(document))
    result = _check(pack_copy)
    assert result.exit_code == 2
    assert "duplicate constraint ID 'DeleteModel.ModelName.required'" in result.output


def test_not_a_pack_folder(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result.exit_code == 2
    assert "pack.json" in result.output


def test_unknown_operation_lists_known_ones() -> None:
    result = CliRunner().invoke(main, ["contracts", "list", "--operation", "CreateModle"])
    assert result.exit_code == 2
    assert "Did you mean CreateModel" in result.output


def test_bad_flag_exits_2() -> None:
    result = CliRunner().invoke(main, ["contracts", "list", "--frmat", "json"])
    assert result.exit_code == 2
    assert "--frmat" in result.output


def test_validate_command(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"ModelName": "model-1"}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"ModelName": "model_1"}))
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "DescribeModel", str(good)]).exit_code == 0
    result = runner.invoke(main, ["validate", "DescribeModel", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("DescribeModel.ModelName.pattern\tModelName\t")
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = runner.invoke(main, ["validate", "DescribeModel", str(broken)])
    assert result.exit_code == 2
    assert "is not JSON" in result.output


def test_installed_wheel_ships_and_finds_the_pack(tmp_path: Path) -> None:
    # The PEP 517 hook of the build backend (a dev dependency): no pip needed, no network.
    build = f"import hatchling.build as b; b.build_wheel({str(tmp_path)!r})"
    subprocess.run([sys.executable, "-c", build], cwd=ROOT, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("smcontract-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    shipped = {n for n in names if n.startswith("smcontract/_contracts/")}
    in_checkout = {
        "smcontract/_contracts/" + p.relative_to(ROOT / "contracts").as_posix()
        for p in (ROOT / "contracts").rglob("*")
        if p.is_file()
    }
    assert in_checkout <= shipped
    # Import from the unpacked wheel only (no checkout on the path, no env override).
    env = {k: v for k, v in os.environ.items() if k != "SMCONTRACT_CONTRACTS"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    probe = (
        "import smcontract, smcontract.contracts as c; p = c.load_contracts(); "
        "print(smcontract.__file__); print(p.origin); print(len(list(p.constraints())))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(tmp_path / "site"))
    assert out[1].endswith(os.path.join("smcontract", "_contracts"))
    assert int(out[2]) == len(list(load_contracts().constraints()))


# -- the error keeps what it is about as fields ------------------------------------------------


def test_a_meta_schema_error_keeps_file_pointer_and_value(pack_copy: Path) -> None:
    from smcontract.contracts import check_pack
    from smcontract.errors import ContractError

    file = pack_copy / "model" / "DeleteModel.json"
    document = json.loads(file.read_text())
    document["constraints"][2]["kind"] = "maximum"
    file.write_text(json.dumps(document))
    with pytest.raises(ContractError) as caught:
        check_pack(pack_copy)
    err = caught.value
    assert (err.file, err.pointer, err.value) == (
        "model/DeleteModel.json",
        "/constraints/2/kind",
        "maximum",
    )
    assert str(err) == f"{err.file} at {err.pointer}: {err.reason}"
    assert (err.line, err.column) == (None, None)


def test_a_parse_error_keeps_file_line_and_column(pack_copy: Path) -> None:
    from smcontract.contracts import check_pack
    from smcontract.errors import ContractError

    (pack_copy / "model" / "DeleteModel.json").write_text('{"document": "operation",,}')
    with pytest.raises(ContractError) as caught:
        check_pack(pack_copy)
    err = caught.value
    assert (err.file, err.pointer, err.value) == ("model/DeleteModel.json", None, None)
    assert (err.line, err.column) == (1, 26)
    assert str(err) == f"{err.file}: {err.reason}"
    assert "(line 1, column 26)" in err.reason


def test_an_unknown_operation_keeps_the_name() -> None:
    from smcontract.errors import UsageError

    pack = load_contracts()
    with pytest.raises(UsageError) as caught:
        pack.operation("CreateModle")
    assert caught.value.value == "CreateModle"
    with pytest.raises(UsageError) as caught:
        pack.constraint("CreateModel.NoSuch.required")
    assert caught.value.value == "CreateModel.NoSuch.required"
