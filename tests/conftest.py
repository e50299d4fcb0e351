from __future__ import annotations

from pathlib import Path

import pytest

from smcontract.contracts import ContractPack, load_contracts

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def pack() -> ContractPack:
    return load_contracts()
