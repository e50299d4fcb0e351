"""A certify plan given out operation by operation, so that sending starts before planning ends.

:func:`~._plan.build_plan` computes every operation's corpus, then the run sends. A
:class:`PlanStream` is the same plan (an unsharded certify run's: the same units, cases and
coverage, in the same order) handed to the executor one operation at a time: the units of an
operation go out as soon as its corpus is ready, while later operations are still being
planned, by worker processes (:class:`~._prefill.Prefetch`) or by this one. Each operation's
corpus depends only on the pack, the seed and the code (which is why it can be cached), so the
order in which they are computed changes no request.

After the stream is consumed, :meth:`PlanStream.finish` gives the :class:`~._plan.Plan`. A
stream stopped part way (a signal, the deadline) gives the operations left units without cases,
as a stopped :func:`~._plan.build_plan` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from smcontract.contracts import ContractPack
from smcontract.suites._corpus_cache import CorpusCache
from smcontract.suites._generators import Generators
from smcontract.suites._plan import Plan, Settings, Unit, _Corpora, _units

__all__ = ["PlanStream"]


class PlanStream:
    """The units of an unsharded certify plan, given out as each operation's are ready.

    ``ready(op)`` is called before ``op`` is planned and returns once its corpus is in
    ``cache`` or this process should compute it itself; ``stop()`` true turns the rest into
    skeletons (units without cases).
    """

    def __init__(
        self,
        pack: ContractPack,
        generators: Generators,
        settings: Settings,
        operations: list[str],
        lifecycle: bool,
        *,
        cache: CorpusCache | None,
        stop: Callable[[], bool],
        ready: Callable[[str], None] = lambda op: None,
    ) -> None:
        self._corpora = _Corpora(pack, generators, settings, cache)
        self._stop, self._ready = stop, ready
        resources: list[str] = []
        if lifecycle:
            from smcontract.suites.lifecycle import lifecycle_resources

            resources = lifecycle_resources(pack, operations)
        units: list[Unit] = []  # this shard's units are every unit: one list, as build_plan
        self._plan = Plan(
            operations,
            None,
            units,
            units,
            {},
            resources,
            {r: tuple(pack.resources[r].operations) for r in resources},
        )
        self._given = 0  # operations given out
        self._done = False

    def __iter__(self) -> Iterator[Unit]:
        plan, corpora = self._plan, self._corpora
        while self._given < len(plan.operations):
            op = plan.operations[self._given]
            self._given += 1
            stopped = self._stop()
            if not stopped:
                self._ready(op)
            corpus = corpora.skeleton(op) if stopped else corpora.load(op)
            plan.unviolatable[op] = dict(corpus.unviolatable)
            units = _units(corpus)
            for unit in units:
                if not stopped and not self._stop():
                    corpora.draw(plan, unit)
            plan.units.extend(units)
            yield from units
        if not self._done:
            self._done = True
            corpora.save()
            resources = [corpora.pack.resources[r] for r in plan.lifecycle_resources]
            units = [
                Unit("lifecycle", spec.create or spec.list or spec.name, resource=spec.name)
                for spec in resources
            ]
            plan.units.extend(units)
            yield from units

    def finish(self) -> Plan:
        """The whole plan; what was not given out yet gets units without cases."""
        if not self._done:
            self._stop = lambda: True
            for _ in self:
                pass
        return self._plan
