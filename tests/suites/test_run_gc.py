"""A run freezes the heap it starts with for its length, and leaves a frozen heap alone."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.suites import run
from smcontract.suites.targets import Outcome


class _Watching:
    """A target that notes how many objects are frozen while the run sends."""

    name = "watching"

    def __init__(self) -> None:
        self.frozen: list[int] = []

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        self.frozen.append(gc.get_freeze_count())
        return Outcome(404, "ResourceNotFound", "no", {}, "server", None)

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass

    def identity(self) -> dict[str, Any]:
        return {"kind": "test"}


def test_a_run_freezes_what_exists_and_unfreezes_it(pack: ContractPack) -> None:
    assert gc.get_freeze_count() == 0
    target = _Watching()
    run(pack, [target], operations=["DescribeModel"], lifecycle=False)
    assert target.frozen
    assert min(target.frozen) > 10_000  # the modules and the pack, at least
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_heap_keeps_it_frozen(
    pack: ContractPack, request: pytest.FixtureRequest
) -> None:
    gc.freeze()
    request.addfinalizer(gc.unfreeze)
    before = gc.get_freeze_count()
    target = _Watching()
    run(pack, [target], operations=["DescribeModel"], lifecycle=False)
    assert gc.get_freeze_count() > before / 2  # not unfrozen (a few frozen objects die)
    assert max(target.frozen) <= before  # nothing of the run's own was frozen
