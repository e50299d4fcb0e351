"""The model-derived constraints are complete and regenerate byte for byte."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import ContractPack, load_contracts
from smcontract.contracts._importer import (
    dump_document,
    import_manifest,
    import_operation,
    load_service_model,
    write_pack,
)

ROOT = Path(__file__).resolve().parents[2]


def _pinned(constraints_file: str) -> str:
    """The botocore version a constraints file of the checkout pins."""
    text = (ROOT / constraints_file).read_text("utf-8")
    match = re.search(r"^botocore==(\S+)$", text, re.MULTILINE)
    assert match, f"{constraints_file} pins no botocore"
    return match.group(1)


def _require_the_packs_botocore(committed: str) -> None:
    """Compare with the committed pack only on its botocore; under CI=true only the lowest
    set (constraints-lowest.txt, tox -e lowest) may skip, any other botocore fails.

    CI installs the lock (constraints.txt), which pins the botocore the pack is imported
    from (see test_the_pack_comes_from_the_botocore_the_lock_pins).
    """
    installed = botocore.__version__
    if committed == installed:
        return
    message = (
        f"contracts/model/ was imported from botocore {committed} but botocore {installed} is "
        'installed: install the locked set (pip install -c constraints.txt -e ".[dev]", as '
        ".ci/run does), or, after .ci/lock moved botocore, re-import the pack with "
        "`smcontract contracts import` and commit it"
    )
    lowest = installed == _pinned("constraints-lowest.txt")
    if os.environ.get("CI", "").lower() == "true" and not lowest:
        pytest.fail(message)
    pytest.skip(message + (" (the lowest tested set)" if lowest else ""))


def test_the_pack_comes_from_the_botocore_the_lock_pins(pack: ContractPack) -> None:
    assert pack.botocore_version == _pinned("constraints.txt"), (
        "constraints.txt pins another botocore than the one contracts/model/ comes from: "
        "run `smcontract contracts import` in a venv with the locked set and commit the pack"
    )


def _expected(model, shape, path, direction, seen=()):
    """Walk botocore's Shape objects (not the raw dict the importer reads) independently."""
    out = []
    if path:
        out.append((path, "type", {"type": shape.type_name}))
    if shape.name in seen:
        return out
    seen = (*seen, shape.name)
    meta = shape.metadata
    bounds = {k: meta[k] for k in ("min", "max") if k in meta}
    if shape.type_name == "string":
        if bounds:
            out.append((path, "length", bounds))
        if "pattern" in meta:
            out.append((path, "pattern", {"pattern": meta["pattern"], "dialect": "java"}))
        if shape.enum:
            out.append((path, "enum", {"values": list(shape.enum)}))
    elif shape.type_name in ("integer", "long", "float", "double") and bounds:
        out.append((path, "range", bounds))
    elif shape.type_name == "list":
        if bounds:
            out.append((path, "items", bounds))
        out += _expected(model, shape.member, path + "[]", direction, seen)
    elif shape.type_name == "map":
        if bounds:
            out.append((path, "entries", bounds))
        out += _expected(model, shape.key, path + "{key}", direction, seen)
        out += _expected(model, shape.value, path + "{value}", direction, seen)
    elif shape.type_name == "structure":
        if shape.is_tagged_union:
            out.append((path, "union", {"members": list(shape.members)}))
        for name, member in shape.members.items():
            child = f"{path}.{name}" if path else name
            if name in shape.required_members:
                out.append((child, "required", {}))
            out += _expected(model, member, child, direction, seen)
    return out


@pytest.fixture(scope="module")
def listed(pack: ContractPack) -> list[dict[str, Any]]:
    """Every model constraint the importer makes from the *installed* botocore, for every
    operation of its model, and the shipped prose rules (as ``contracts list`` shows them).

    On the botocore the pack was committed from, these are the committed documents (the
    byte-for-byte tests below); on another botocore, they show the importer is complete there.
    """
    model, version = load_service_model()
    rows = [
        {**item, "operation": name}
        for name in sorted(model["operations"])
        for item in import_operation(model, name, version)["constraints"]
    ]
    prose = [c for op in pack.default_operations() for c in pack.operation(op).constraints]
    return rows + [c.to_dict() for c in prose if c.origin != "model"]


def test_every_model_constraint_is_listed(pack: ContractPack, listed) -> None:
    assert any(row["source"]["origin"] != "model" for row in listed)  # prose rules load too
    model = botocore.session.get_session().get_service_model("sagemaker")
    found = {
        (row["operation"], row["direction"], row["path"], row["kind"]): row
        for row in listed
        if row["source"]["origin"] == "model"
    }
    missing, wrong = [], []
    total = 0
    for operation in pack.operations:
        op = model.operation_model(operation)
        for direction, shape in (("input", op.input_shape), ("output", op.output_shape)):
            if shape is None:
                continue
            for path, kind, params in _expected(model, shape, "", direction):
                total += 1
                row = found.get((operation, direction, path, kind))
                if row is None:
                    missing.append((operation, direction, path, kind))
                elif row["params"] != params:
                    wrong.append((operation, path, kind, row["params"], params))
    assert total > 1000
    assert missing == []
    assert wrong == []


def test_listed_rows_carry_provenance(listed) -> None:
    assert {
        "id",
        "operation",
        "direction",
        "kind",
        "path",
        "params",
        "source",
        "confidence",
    } <= set(listed[0])
    for row in listed:
        source = row["source"]
        if source["origin"] == "model":
            assert source["botocore_version"]
            assert source["shape"]
        else:
            assert source["quote"], row["id"]
            assert ("file" in source) == (source["origin"] == "seed"), row["id"]


def test_import_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["contracts", "import", "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == len(load_contracts().operations) == 453
    model, version = load_service_model()  # a second import, in this process
    for name in names:
        again = dump_document(import_operation(model, name.removesuffix(".json"), version))
        assert (tmp_path / "a" / name).read_text("utf-8") == again
    committed = json.loads((ROOT / "contracts" / "model" / names[0]).read_text())
    _require_the_packs_botocore(committed["botocore_version"])
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (
            ROOT / "contracts" / "model" / name
        ).read_bytes(), f"contracts/model/{name} is stale: run smcontract contracts import"


def test_pack_json_regenerates_byte_for_byte() -> None:
    """Operations, resource families and unresolved families of pack.json are the importer's;
    profiles, name, service and defaults are kept from the pack as it is."""
    committed = (ROOT / "contracts" / "pack.json").read_text("utf-8")
    manifest = json.loads(committed)
    _require_the_packs_botocore(load_contracts().botocore_version or "")
    model, _ = load_service_model()
    assert dump_document(import_manifest(model, manifest)) == committed, (
        "contracts/pack.json is stale: regenerate it with smcontract contracts import"
    )
    shuffled = {**manifest, "operations": [], "resources": {}, "unresolved_families": {}}
    assert dump_document(import_manifest(model, shuffled)) == committed


def test_write_pack_rewrites_a_pack_folder(seed_pack: Path) -> None:
    model, version = load_service_model()
    (seed_pack / "model" / "Retired.json").write_text("{}")  # an operation the model lost
    manifest = json.loads((seed_pack / "pack.json").read_text("utf-8"))
    written, constraints = write_pack(seed_pack, model, version, manifest)
    assert written == len(model["operations"])
    assert constraints > 30_000
    assert not (seed_pack / "model" / "Retired.json").exists()
    for name in ("CreateEndpoint.json", "DescribeModel.json"):
        assert (seed_pack / "model" / name).read_text("utf-8") == dump_document(
            import_operation(model, name.removesuffix(".json"), version)
        )
    assert (
        json.loads((seed_pack / "pack.json").read_text("utf-8"))["profiles"]
        == (manifest["profiles"])
    )


def _diff(model_file: Path, pack: Path) -> dict:
    result = CliRunner().invoke(
        main,
        [
            "contracts",
            "diff",
            "--model",
            str(model_file),
            "--format",
            "json",
            "--contracts",
            str(pack),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_diff_reports_drift_against_another_model(tmp_path: Path, seed_pack: Path) -> None:
    model = botocore.loaders.Loader().load_service_model("sagemaker", "service-2")
    (tmp_path / "same.json").write_text(json.dumps(model))
    baseline = _diff(tmp_path / "same.json", seed_pack)  # empty on the botocore the pack came from
    shapes = model["shapes"]
    shapes["EntityName"]["max"] = 64  # a changed bound
    shapes["TargetDevice"]["enum"].append("ml_future")  # a changed enum
    del shapes["CreateCompilationJobRequest"]["members"]["VpcConfig"]  # removed subtree
    (tmp_path / "other.json").write_text(json.dumps(model))
    diff = _diff(tmp_path / "other.json", seed_pack)
    changed = {item["id"] for item in diff["changed"]} - {i["id"] for i in baseline["changed"]}
    assert "CreateCompilationJob.CompilationJobName.length" in changed
    assert "CreateCompilationJob.OutputConfig.TargetDevice.enum" in changed
    assert "CreateCompilationJob.VpcConfig.Subnets.items" in diff["removed"]
    assert diff["added"] == baseline["added"]


def test_diff_exit_code_says_whether_there_is_drift(seed_pack: Path) -> None:
    result = CliRunner().invoke(main, ["contracts", "diff", "--contracts", str(seed_pack)])
    committed = load_contracts().botocore_version
    if committed == botocore.__version__:
        assert result.exit_code == 0, result.output
        assert "no drift" in result.output
    else:  # another botocore: its changes are the drift
        assert result.exit_code == 1, result.output
        assert "no drift" not in result.output
