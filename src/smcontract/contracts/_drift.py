"""Whether the installed botocore models the pack's operations as the pack's model documents do.

The model documents come from one botocore (``ContractPack.botocore_version``); a run may
import another. :func:`model_drift` pays a package-metadata lookup when the two versions are
equal; when they differ it imports the selected operations from the installed model, once
per process and operation, and compares them with the pack's model constraints the way
``smcontract contracts diff`` does (:func:`diff_constraints`).
"""

from __future__ import annotations

import functools
import importlib.metadata
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smcontract.contracts._importer import import_operation, load_service_model
from smcontract.contracts._model import ContractPack

__all__ = [
    "ModelDrift",
    "diff_constraints",
    "imported_constraints",
    "installed_botocore_version",
    "model_constraints",
    "model_drift",
]


def installed_botocore_version() -> str | None:
    """The version of the installed botocore (None without one)."""
    module = sys.modules.get("botocore")
    if module is not None:  # already imported (targets import it): no metadata lookup
        return str(module.__version__)
    try:
        return importlib.metadata.version("botocore")
    except importlib.metadata.PackageNotFoundError:
        return None


def model_constraints(pack: ContractPack, operations: Iterable[str]) -> dict[str, dict[str, Any]]:
    """ID -> JSON form of the model-derived constraints of ``operations`` in ``pack``."""
    return {
        c.id: c.to_dict()
        for name in operations
        for c in pack.operation(name).constraints
        if c.origin == "model"
    }


def imported_constraints(
    documents: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, Any]]:
    """ID -> JSON form (as :func:`model_constraints` gives it) of freshly imported documents."""
    return {
        item["id"]: {**item, "operation": name, "status": "active"}
        for name, document in documents.items()
        for item in document["constraints"]
    }


def diff_constraints(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[Any]]:
    """``added`` and ``removed`` IDs and ``changed`` rules (``id``, ``old`` and ``new`` params).

    A rule whose only change is the botocore version in its source is unchanged.
    """

    def strip(item: Mapping[str, Any]) -> dict[str, Any]:
        data = dict(item)
        data["source"] = {k: v for k, v in item["source"].items() if k != "botocore_version"}
        return data

    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = [
        {"id": key, "old": old[key]["params"], "new": new[key]["params"]}
        for key in sorted(set(old) & set(new))
        if strip(old[key]) != strip(new[key])
    ]
    return {"added": added, "removed": removed, "changed": changed}


@dataclass(frozen=True)
class ModelDrift:
    """The selected operations the installed botocore models differently from the pack."""

    pack_version: str
    installed_version: str
    #: The selected operations with at least one added, removed or changed model rule.
    operations: tuple[str, ...]
    #: How many model rules of those operations are added, removed or changed.
    differences: int

    def message(self) -> str:
        """One warning line for stderr and the report's ``header.notes``."""
        return (
            f"warning: the installed botocore {self.installed_version} models "
            f"{', '.join(self.operations)} differently from the contracts (imported from "
            f"botocore {self.pack_version}): {self.differences} model rule(s) added, removed or "
            "changed. Verdicts follow the contracts; `smcontract contracts diff` lists the "
            f"differences (install botocore {self.pack_version}, or re-import the pack with "
            "`smcontract contracts import`)"
        )


def model_drift(pack: ContractPack, operations: Iterable[str]) -> ModelDrift | None:
    """How the installed botocore differs from ``pack`` on ``operations``; None if it does not.

    Equal versions (or no botocore, or a pack without a botocore version) give None without
    reading a model.
    """
    installed = installed_botocore_version()
    if installed is None or pack.botocore_version is None or installed == pack.botocore_version:
        return None
    counts = {name: _differences(pack, name, installed) for name in operations}
    touched = tuple(name for name, count in counts.items() if count)
    if not touched:
        return None
    return ModelDrift(
        pack_version=pack.botocore_version,
        installed_version=installed,
        operations=touched,
        differences=sum(counts.values()),
    )


@functools.lru_cache(maxsize=1)
def _installed_model(installed: str) -> Mapping[str, Any]:
    """The installed botocore's SageMaker model (``installed`` keys the cache)."""
    model, _ = load_service_model()
    return model


@functools.lru_cache(maxsize=256)
def _differences(pack: ContractPack, operation: str, installed: str) -> int:
    """How many model rules of ``operation`` the installed model adds, removes or changes."""
    model = _installed_model(installed)
    documents = (
        {operation: import_operation(model, operation, installed)}
        if operation in model.get("operations", {})
        else {}  # an operation the installed model lacks has every model rule removed
    )
    diff = diff_constraints(model_constraints(pack, [operation]), imported_constraints(documents))
    return sum(len(ids) for ids in diff.values())
