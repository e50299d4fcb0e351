"""A cold plan computed in worker processes sends the requests a plan in one process sends,
and a stop ends the workers at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from smcontract.contracts import ContractPack, load_contracts
from smcontract.suites import _prefill
from smcontract.suites._corpus_cache import CorpusCache, CorpusKey
from smcontract.suites._generators import default_generators
from smcontract.suites._plan import Settings, build_plan
from smcontract.suites._prefill import ENV_VAR, plan_workers, prefilled

from .test_corpus_cache import OPS, _certify, _files, _no_strategies

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


def test_a_plan_from_workers_sends_what_one_process_sends(
    pack: ContractPack,
    corpus_cache_dir: Path,
    pool_for_few: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, "1")
    alone, alone_hash = _certify(pack, cache=False)
    monkeypatch.setenv(ENV_VAR, "2")
    _no_strategies(monkeypatch)  # in this process: only the workers can plan
    pooled, pooled_hash = _certify(pack)
    assert pooled == alone
    assert pooled_hash == alone_hash
    assert len(alone) > 50
    assert sorted(_files(corpus_cache_dir)) == sorted(OPS)
    assert multiprocessing.active_children() == []


def test_without_the_cache_the_workers_write_to_a_temporary_folder(
    pack: ContractPack,
    corpus_cache_dir: Path,
    pool_for_few: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_strategies(monkeypatch)
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
    assert 1 <= plan_workers() <= _prefill.MAX_WORKERS
