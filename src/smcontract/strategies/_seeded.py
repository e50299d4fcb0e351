"""Seeded Hypothesis runs: the same seed gives the same examples, whatever else is imported.

Every path of smcontract that has Hypothesis draw goes through here: :func:`draw_examples`
(the runner's certify corpus and setup requests, ``smcontract generate``), and
:func:`run_seeded` (fuzz units, the fuzz lifecycle machine), so the pytest plugin, the CLI
and the library draw alike. Each run is seeded with Hypothesis's public ``seed`` and draws
without the constants of local modules (:func:`._hypothesis_private.no_local_constants`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from smcontract.strategies._hypothesis_private import no_local_constants

__all__ = ["draw_examples", "run_seeded", "with_seed"]

T = TypeVar("T", bound=Callable[..., Any])


def with_seed(test: T, seed: int | None) -> T:
    """``test`` (a ``@given`` test or a state machine) seeded with ``seed``; as is for None.

    Apply it before ``@settings``: ``seed`` switches the example database off, and a
    later ``settings(database=...)`` switches it on again, so saved failures still replay
    first and generation then follows the seed.
    """
    if seed is None:
        return test
    seeded: T = hypothesis_seed(seed)(test)
    return seeded


def run_seeded(test: Callable[[], Any]) -> Any:
    """Call the Hypothesis ``test`` with no local constants in its draws."""
    with no_local_constants():
        return test()


def draw_examples(
    strategy: st.SearchStrategy[Any], count: int, seed: int | None, *, unique: bool = True
) -> list[Any]:
    """Up to ``count`` examples of ``strategy``: the same ones for the same seed.

    No example database, only the generate phase. ``seed=None`` derandomises (a fixed seed
    from the test's digest). With ``unique`` duplicates (by JSON) are dropped, so fewer may
    come back for a small strategy.
    """
    drawn: list[Any] = []
    seen: set[str] = set()

    def collect(value: Any) -> None:
        key = json.dumps(value, sort_keys=True, default=repr)
        if len(drawn) < count and not (unique and key in seen):
            seen.add(key)
            drawn.append(value)

    test: Any = with_seed(given(strategy)(collect), seed)
    test = settings(
        max_examples=max(count, 1),
        database=None,
        deadline=None,
        derandomize=seed is None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )(test)
    run_seeded(test)
    return drawn
