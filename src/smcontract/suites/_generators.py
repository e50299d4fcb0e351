"""What the runner needs from :mod:`smcontract.strategies`, bound to one run's pack and seed.

The strategies layer is imported on first use, so that importing the runner does not import
Hypothesis. A strategy that fails for one operation costs that operation its cases, not the
run (:func:`safe`).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any, Protocol

from smcontract.contracts import ContractPack, validate

__all__ = [
    "Generators",
    "PackBound",
    "SeededCovering",
    "default_generators",
    "draw_examples",
    "pick_valid",
    "safe",
]

log = logging.getLogger("smcontract.suites")


class Generators(Protocol):
    """What the runner needs from :mod:`smcontract.strategies`."""

    def valid(self, operation: str) -> Any: ...

    def violating(self, operation: str, constraint_id: str) -> Any: ...

    def boundaries(self, operation: str) -> list[Any]: ...

    def unviolatable(self, operation: str) -> dict[str, str]: ...


def default_generators(pack: ContractPack) -> Generators:
    """The strategies package bound to ``pack``."""
    import smcontract.strategies as default_strategies

    return PackBound(default_strategies, pack)


def draw_examples(strategy: Any, count: int, seed: int | None) -> list[Any]:
    """``count`` distinct examples of ``strategy``, the same ones for the same seed.

    The strategies' one seeded draw (:mod:`smcontract.strategies._seeded`), imported on first
    use so that importing the runner does not import Hypothesis.
    """
    from smcontract.strategies._seeded import draw_examples as draw

    return draw(strategy, count, seed)


class PackBound:
    """A strategies module called with this run's pack (when its functions take ``pack``)."""

    def __init__(self, module: Any, pack: ContractPack) -> None:
        self._module = module
        self._pack = pack

    def _call(self, name: str, *args: Any) -> Any:
        fn = getattr(self._module, name)
        try:
            takes_pack = "pack" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            takes_pack = False
        return fn(*args, pack=self._pack) if takes_pack else fn(*args)

    def valid(self, operation: str) -> Any:
        return self._call("valid", operation)

    def violating(self, operation: str, constraint_id: str) -> Any:
        return self._call("violating", operation, constraint_id)

    def boundaries(self, operation: str) -> list[Any]:
        if not hasattr(self._module, "boundaries"):
            return []  # an older strategies package: violating draws stand in
        return list(self._call("boundaries", operation))

    def unviolatable(self, operation: str) -> dict[str, str]:
        return dict(self._call("unviolatable", operation))

    def covering(self, operation: str, seed: int) -> Any:
        if not hasattr(self._module, "covering"):
            return None  # an older strategies package: no covering corpus
        fn = self._module.covering
        return fn(operation, seed=seed, pack=self._pack)


class SeededCovering:
    """``generators.covering`` with the run's seed bound (what ``covering_cases`` calls)."""

    def __init__(self, generators: Any, seed: int) -> None:
        self._generators, self._seed = generators, seed

    def covering(self, operation: str) -> Any:
        return self._generators.covering(operation, self._seed)


def pick_valid(
    pack: ContractPack, generators: Generators, operation: str, seed: int | None
) -> dict[str, Any] | None:
    """A documented example if the pack has one, else the first valid deterministic draw."""
    if operation not in pack.operations:
        return None
    for example in pack.operation(operation).examples:
        if not validate(operation, dict(example.request), pack=pack):
            return dict(example.request)
    try:
        drawn = draw_examples(generators.valid(operation), 5, seed if seed is not None else 0)
    except Exception:
        log.exception("cannot draw a valid %s request", operation)
        return None
    for request in drawn:
        if not validate(operation, request, pack=pack):
            return dict(request)
    return None


def safe(default: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)``, or ``default`` (logged) when the strategies fail for this operation."""
    try:
        return fn(*args)
    except Exception as exc:
        log.warning(
            "strategies failed on %s (%s: %s); continuing without these cases",
            args[1:],
            type(exc).__name__,
            exc,
        )
        return default
