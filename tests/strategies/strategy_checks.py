"""Shared helpers of the strategy tests: the oracle checks every test makes."""

from __future__ import annotations

from typing import Any

from smcontract.contracts import ContractPack, load_contracts, validate

PACK = load_contracts()
OPERATIONS = PACK.default_operations()


def violation_ids(operation: str, request: Any, pack: ContractPack = PACK) -> set[str]:
    """The IDs of the constraints ``request`` breaks, by the oracle."""
    return {v.constraint_id for v in validate(operation, request, pack=pack)}


def assert_valid(operation: str, request: Any, pack: ContractPack = PACK) -> None:
    found = validate(operation, request, pack=pack)
    assert found == [], f"a valid {operation} request breaks {[v.to_dict() for v in found]}"


def assert_breaks_only(
    operation: str, constraint_id: str, request: Any, pack: ContractPack = PACK
) -> None:
    """``request`` breaks ``constraint_id`` and nothing outside its ``implies``."""
    constraint = pack.constraint(constraint_id)
    ids = violation_ids(operation, request, pack)
    assert constraint_id in ids, f"{constraint_id} is not broken; the oracle found {sorted(ids)}"
    extra = ids - {constraint_id, *constraint.implies}
    assert not extra, f"breaking {constraint_id} also broke {sorted(extra)}"
