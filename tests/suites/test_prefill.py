"""A cold plan computed in worker processes sends the requests a plan in one process sends,
and a stop ends the workers at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from smcontract.contracts import ContractPack, load_contracts
from smcontract.suites import _prefill
from smcontract.suites._build import build_plan, open_cache
from smcontract.suites._corpus_cache import CorpusCache, CorpusKey
from smcontract.suites._generators import default_generators
from smcontract.suites._plan import Settings, unit_key
from smcontract.suites._prefill import ENV_VAR, plan_workers, prefilled

from .test_corpus_cache import _certify, _files

#: A few operations, each planned in a worker of its own.
PLANNED = ["DescribeCompilationJob", "ListTrialComponents", "DeleteModel"]


@pytest.fixture(scope="module")
def pack() -> ContractPack:
    return load_contracts()


@pytest.fixture
def pool_for_few(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a pool plan even a handful of operations (the threshold is for real runs)."""
    monkeypatch.setattr(_prefill, "MIN_OPERATIONS", 1)
    monkeypatch.setenv(ENV_VAR, "2")


def test_a_sharded_plan_from_workers_sends_what_one_process_sends(
    pack: ContractPack, pool_for_few: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a shard's plan needs every operation's boundary corpus first: the blocking pool
    monkeypatch.setenv(ENV_VAR, "1")
    alone = _shard_units(pack)
    monkeypatch.setenv(ENV_VAR, "2")
    pooled = _shard_units(pack)
    assert pooled == alone
    assert sum(len(cases) for _, cases in alone) > 20
    assert multiprocessing.active_children() == []


def _shard_units(pack: ContractPack) -> list[tuple[Any, list[Any]]]:
    """The units of shard 1 of 2 of a cold plan of ``PLANNED``, with their cases."""
    store = open_cache(pack, Settings())
    with prefilled(pack, Settings(), PLANNED, None, lambda: False, draw=False) as filled:
        plan = build_plan(
            pack, default_generators(pack), Settings(), PLANNED, True, (1, 2), cache=filled
        )
    assert not store.path(PLANNED[0]).is_file()  # the user's cache was not written
    return [(unit_key(u), [vars(c) for c in u.cases]) for u in plan.units]


def test_without_the_cache_the_workers_write_to_a_temporary_folder(
    pack: ContractPack, corpus_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "3")  # the run plans as it sends, with two workers
    sent, _ = _certify(pack, cache=False)
    assert len(sent) > 50
    assert _files(corpus_cache_dir) == {}


def test_a_stop_ends_the_workers_without_waiting(pack: ContractPack, tmp_path: Path) -> None:
    settings = Settings()
    store = CorpusCache(tmp_path, CorpusKey.of(pack.sha256, 0, settings.valid_examples))
    asked = []

    def stop() -> bool:  # false for the check before the pool starts, true after
        asked.append(True)
        return len(asked) > 1

    with prefilled(pack, settings, PLANNED, store, stop, workers=2) as filled:
        assert filled is store
    assert multiprocessing.active_children() == []
    # the workers were ended while they were still starting: nothing was computed
    assert [op for op in PLANNED if store.path(op).is_file()] == []


def test_a_plan_stopped_before_an_operation_gives_it_units_without_cases(
    pack: ContractPack,
) -> None:
    generators = default_generators(pack)
    plan = build_plan(pack, generators, Settings(), PLANNED, False, stop=lambda: True)
    assert {unit.operation for unit in plan.all_units} == set(PLANNED)
    assert all(unit.cases == [] for unit in plan.all_units)
    rejects = [u for u in plan.all_units if u.kind == "reject"]
    assert rejects  # the constraints are still there, to be UNTESTED (interrupted)


def test_the_pool_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "3")
    assert plan_workers() == 3
    monkeypatch.setenv(ENV_VAR, "0")
    assert plan_workers() == 1
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setattr(_prefill.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert plan_workers() == 2  # the usable CPUs
    monkeypatch.setattr(_prefill.os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert plan_workers() == _prefill.MAX_WORKERS  # at most that many
    monkeypatch.setenv(ENV_VAR, "many")
    assert plan_workers() == _prefill.MAX_WORKERS  # not a number: the usable CPUs
