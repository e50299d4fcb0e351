"""``ReferenceTarget``: the strict reference implementation, in process (``-t reference``)."""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from typing import Any

from smcontract.contracts import ContractPack
from smcontract.reference import ReferenceService
from smcontract.suites.targets._base import Outcome

__all__ = ["ReferenceTarget"]


class ReferenceTarget:
    """Calls a :class:`ReferenceService` directly (no HTTP); ``reset`` forgets its state."""

    def __init__(
        self,
        service: ReferenceService | None = None,
        *,
        pack: ContractPack | None = None,
        disabled: frozenset[str] = frozenset(),
        region: str = "us-east-1",
        name: str = "reference",
    ) -> None:
        if service is None:
            if pack is None:
                from smcontract.contracts import load_contracts

                pack = load_contracts()
            service = ReferenceService(pack, disabled=disabled, region=region)
        self.service = service
        self.name = name

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            status, _, body = self.service.handle(operation, copy.deepcopy(dict(params)))
        except Exception as exc:  # a reference bug is an answer, never a raise
            return Outcome(
                status=None,
                error_code=None,
                message=None,
                body=None,
                layer="server",
                fault="exception",
                detail=f"{type(exc).__name__}: {exc}",
                elapsed=time.perf_counter() - start,
            )
        error = status >= 300
        return Outcome(
            status=status,
            error_code=str(body.get("__type")) if error else None,
            message=str(body.get("message")) if error else None,
            body=body,
            layer="server",
            fault="http-5xx" if status >= 500 else None,
            elapsed=time.perf_counter() - start,
        )

    def reset(self) -> None:
        self.service.reset()

    def close(self) -> None:
        """Nothing to release."""

    def identity(self) -> dict[str, Any]:
        identity: dict[str, Any] = {
            "kind": "reference",
            "name": self.name,
            "region": self.service.region,
            "contracts_sha256": self.service.pack.sha256,
        }
        if self.service.disabled:
            identity["disabled"] = sorted(self.service.disabled)
        return identity
