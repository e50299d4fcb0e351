"""The shipped pack's stamp: runs skip the meta-schema check only while the bytes match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import _loader, stamp_current
from smcontract.contracts._stamp import STAMP_FILE, stamp_digest
from smcontract.errors import ContractError

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_stamp_is_current() -> None:
    assert stamp_current(), (
        f"contracts/{STAMP_FILE} does not match the pack: after changing the pack, run "
        "smcontract contracts check --write-stamp and commit the stamp"
    )


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the documents checked against the meta-schema."""
    seen: list[str] = []
    real = _loader._check_document

    def check(document: object, label: str) -> None:
        seen.append(label)
        real(document, label)

    monkeypatch.setattr(_loader, "_check_document", check)
    return seen


def test_a_matching_stamp_skips_the_meta_schema_check(counted: list[str]) -> None:
    _loader._load(ROOT / "contracts", trust_stamp=True).operation("CreateModel")
    assert counted == []
    _loader._load(ROOT / "contracts").operation("CreateModel")
    assert counted == ["pack.json", "model/CreateModel.json", "prose/CreateModel.json"]


def test_documents_are_read_when_their_operation_is(counted: list[str]) -> None:
    pack = _loader._load(ROOT / "contracts")
    assert counted == ["pack.json"]
    assert len(pack.operations) > 400
    assert "CreateEndpoint" in pack.operations
    assert counted == ["pack.json"]  # names and membership read pack.json only
    pack.operation("DeleteModel")
    pack.operation("DeleteModel")
    assert counted == ["pack.json", "model/DeleteModel.json", "prose/DeleteModel.json"]


def _broken_copy(pack: Path) -> Path:
    """``pack`` (a seed-pack copy) with a constraint kind the meta-schema refuses."""
    file = pack / "model" / "DeleteModel.json"
    document = json.loads(file.read_text())
    document["constraints"][2]["kind"] = "maximum"
    file.write_text(json.dumps(document))
    return pack


def test_a_stale_stamp_means_the_full_check(seed_pack: Path) -> None:
    pack = _broken_copy(seed_pack)
    loaded = _loader._load(pack, trust_stamp=True)  # pack.json is fine
    with pytest.raises(ContractError, match="/constraints/2/kind"):
        loaded.operation("DeleteModel")


def _restamp(pack: Path) -> None:
    blobs = [(label, file.read_bytes()) for label, file in _loader._read_all(pack)]
    schema = (pack / "contract.schema.json").read_bytes()
    (pack / STAMP_FILE).write_text(stamp_digest(blobs, schema) + "\n")


def test_a_pack_passed_in_is_checked_in_full_even_with_a_matching_stamp(
    seed_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _broken_copy(seed_pack)
    _restamp(pack)
    assert stamp_current(pack)
    result = CliRunner().invoke(main, ["contracts", "list", "--contracts", str(pack)])
    assert result.exit_code == 2
    assert "model/DeleteModel.json at /constraints/2/kind" in result.output
    monkeypatch.setenv("SMCONTRACT_CONTRACTS", str(pack))
    with pytest.raises(ContractError, match="/constraints/2/kind"):
        _loader.load_contracts().operation("DeleteModel")


def test_check_reports_a_stale_stamp_and_writes_it_on_request(
    seed_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = seed_pack
    (pack / STAMP_FILE).write_text("0" * 64 + "\n")
    # Make the copy the shipped pack: the only root, found without --contracts.
    monkeypatch.setattr(_loader, "contract_roots", lambda explicit=None: [pack])
    monkeypatch.delenv("SMCONTRACT_CONTRACTS", raising=False)
    stale = CliRunner().invoke(main, ["contracts", "check"])
    assert stale.exit_code == 0, stale.output
    assert "stale" in stale.output
    assert "--write-stamp" in stale.output
    assert not stamp_current()
    written = CliRunner().invoke(main, ["contracts", "check", "--write-stamp"])
    assert written.exit_code == 0
    assert "wrote stamp" in written.output
    assert stamp_current()
