"""The Hypothesis internals smcontract relies on, each checked by name and by behaviour.

A failure here means a Hypothesis release changed one of them: update
``src/smcontract/strategies/_hypothesis_private.py`` (and the range in pyproject.toml).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.database import InMemoryExampleDatabase

from smcontract.strategies import _hypothesis_private as private
from smcontract.strategies._seeded import draw_examples, run_seeded, with_seed

CHANGED = "Hypothesis changed {}: update smcontract/strategies/_hypothesis_private.py"


@pytest.mark.parametrize("name", private.PRIVATE, ids=lambda name: name.dotted)
def test_every_private_name_is_still_there(name: private.PrivateName) -> None:
    try:
        private._resolve(name)
    except (ImportError, AttributeError) as exc:
        pytest.fail(CHANGED.format(f"{name.dotted} ({name.use}): {exc}"))
    assert name.dotted not in private.missing()


def _pool() -> Any:
    from hypothesis.internal.conjecture import providers

    return providers._get_local_constants()


def test_no_local_constants_empties_the_pool_and_restores_it() -> None:
    from hypothesis.internal.conjecture import providers

    original = providers._get_local_constants
    with private.no_local_constants():
        assert len(_pool()) == 0, CHANGED.format(private.LOCAL_CONSTANTS.dotted)
        with private.no_local_constants():  # nested: one patch
            assert len(_pool()) == 0
        assert len(_pool()) == 0  # the inner block did not restore it early
    assert providers._get_local_constants is original


def test_concurrent_blocks_share_one_patch() -> None:
    from hypothesis.internal.conjecture import providers

    original = providers._get_local_constants
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with private.no_local_constants():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    assert inside.wait(10)
    with private.no_local_constants():
        pass
    assert len(_pool()) == 0  # still patched: the other thread is inside
    leave.set()
    thread.join(10)
    assert providers._get_local_constants is original


def test_primitives_reach_the_data_behind_draw() -> None:
    @st.composite
    def choices(draw: Any) -> int:
        fast = private.primitives(draw)
        assert fast is not None, CHANGED.format(f"draw.__self__ (not a {private.DRAW_OWNER})")
        number = fast.integer(3, 9)
        assert number is not None, CHANGED.format(private.DRAW_INTEGER.dotted)
        return number

    drawn = draw_examples(choices(), 30, seed=0)
    assert drawn == draw_examples(choices(), 30, seed=0)
    assert len(drawn) > 5
    assert all(3 <= number <= 9 for number in drawn)


def test_a_failure_is_saved_under_the_database_key() -> None:
    database = InMemoryExampleDatabase()

    @given(st.integers(0, 1000))
    def fails(value: int) -> None:
        assert value < 10

    test: Any = settings(database=database, max_examples=200)(with_seed(fails, 0))
    private.set_database_key(test, b"smcontract:probe")
    with pytest.raises(AssertionError):
        run_seeded(test)
    saved = list(database.fetch(b"smcontract:probe"))
    assert saved, CHANGED.format(private.DATABASE_KEY)


def test_seed_applied_before_settings_draws_alike_with_the_database_on() -> None:
    """``seed`` (public) switches the database off; ``settings`` applied after it on again.

    The saving half is the test above; here the same seed gives the same draws.
    """
    seen: list[int] = []
    for _ in range(2):

        @given(st.integers())
        def record(value: int) -> None:
            seen.append(value)

        database = InMemoryExampleDatabase()
        run_seeded(settings(database=database, max_examples=20)(with_seed(record, 7)))
    assert len(seen) == 40
    assert seen[:20] == seen[20:]
