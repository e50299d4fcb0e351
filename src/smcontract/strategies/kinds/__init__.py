"""The kind table, generation half: one ``KindGeneration`` per kind a request can break.

Keyed by the same ``Kind`` as ``smcontract.contracts.kinds.SPECS`` (the contracts half: typed
parameters, oracle, level). A kind that is not here (``default``, ``error``, ``lifecycle``)
needs state over several calls and is never broken by one request; ``unique`` is here and
breaks only with a ``key``.
"""

from __future__ import annotations

from smcontract.strategies.kinds import _conditions, _members, _numbers, _shape, _strings
from smcontract.strategies.kinds._base import KindGeneration, Mutations, Shape, no_accepts
from smcontract.strategies.kinds._strings import PROBES

__all__ = [
    "GENERATION",
    "PROBES",
    "KindGeneration",
    "Mutations",
    "Shape",
    "generation",
    "no_accepts",
]

#: Kind -> how it enters generation. The one place that lists the generation modules.
GENERATION: dict[str, KindGeneration] = {
    g.kind: g
    for module in (_shape, _strings, _numbers, _members, _conditions)
    for g in module.GENERATION
}


def generation(kind: str) -> KindGeneration:
    """The generation row of ``kind``; KeyError naming the kind when none is registered."""
    try:
        return GENERATION[kind]
    except KeyError:
        raise KeyError(f"no KindGeneration registered for kind {kind!r}") from None
