"""Message helpers shared by every layer (no smcontract imports)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest_hint"]


def closest_hint(
    name: str, known: Iterable[str], template: str, *, n: int, cutoff: float, sep: str = ", "
) -> str:
    """A hint naming the known names closest to ``name`` (empty when none is close)."""
    close = difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)
    return template.format(sep.join(close)) if close else ""
