"""Building a run's plan: each operation's corpus, read from the cache or computed, then drawn.

:func:`build_plan` gives the :class:`~._plan.Plan` of a run: per operation the valid unit and
a rejection unit per testable constraint with their boundary cases, the lifecycle units, this
shard's units (:func:`~._plan.shard_units`), and the drawn cases of those. The boundary corpus
of every operation is computed in every shard, since it estimates the cost of each unit. With
a :class:`~._corpus_cache.CorpusCache` (:func:`open_cache`) an operation's corpus is read from
disk when stored, and what the plan computed is stored (:class:`_Corpora`, which
:class:`~._stream.PlanStream` shares).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from smcontract.contracts import Constraint, ContractPack
from smcontract.suites._corpus_cache import (
    CorpusCache,
    CorpusKey,
    NotPlain,
    OperationCorpus,
    cache_dir,
    plain,
)
from smcontract.suites._generators import (
    Generators,
    SeededCovering,
    attempt,
    default_generators,
    draw_examples,
)
from smcontract.suites._plan import (
    Case,
    Plan,
    Settings,
    Unit,
    select_operations,
    shard_units,
    unit_cost,
    unit_key,
)
from smcontract.suites._setup import setup_table
from smcontract.suites._verdicts import untested_reason

__all__ = [
    "build_plan",
    "lifecycle_units",
    "open_cache",
    "resource_operations",
    "shard_plan",
    "uncached",
]

log = logging.getLogger("smcontract.suites")


def _testable(constraint: Constraint, unviolatable: Mapping[str, str]) -> bool:
    return (
        constraint.direction == "input"
        and constraint.single_request
        and untested_reason(constraint, unviolatable) is None
    )


def _case_data(case: Case) -> dict[str, Any]:
    return {
        "expect": case.expect,
        "request": case.request,
        "label": case.label,
        "setup": case.setup,
    }


def _case(data: Mapping[str, Any]) -> Case:
    return Case(data["expect"], data["request"], data["label"], data["setup"])


def _units(corpus: OperationCorpus) -> list[Unit]:
    """The units of an operation's corpus, with their boundary cases (new objects)."""
    return [
        Unit(
            data["kind"],
            corpus.operation,
            data["constraint_id"],
            cases=[_case(case) for case in data["cases"]],
        )
        for data in corpus.units
    ]


def _draw_name(unit: Unit) -> str | None:
    """The name of a unit's drawn cases in its corpus; None when it draws nothing."""
    if unit.kind == "valid":
        return "valid"
    if unit.kind == "reject" and not unit.cases and unit.constraint_id is not None:
        return f"reject {unit.constraint_id}"
    return None


def _draw_valid(gen: Generators, op: str, count: int, seed: int | None) -> list[Any]:
    return draw_examples(gen.valid(op), count, seed)


def _draw_violating(gen: Generators, op: str, cid: str, seed: int | None) -> list[Any]:
    return draw_examples(gen.violating(op, cid), 3, seed)


class _Corpora:
    """The corpus of each operation of a plan: read from ``cache``, else computed; what was
    computed is stored by :meth:`save` (not an operation the strategies failed on, whose
    corpus is short of cases a later run may get)."""

    def __init__(
        self,
        pack: ContractPack,
        generators: Generators,
        settings: Settings,
        cache: CorpusCache | None,
    ) -> None:
        self.pack, self.generators, self.settings, self.cache = pack, generators, settings, cache
        self.corpus: dict[str, OperationCorpus] = {}
        #: Operation -> the draws computed (not read) by this plan.
        self.computed: dict[str, list[str]] = {}
        self.failed: set[str] = set()

    def _safe(self, op: str, default: Any, fn: Callable[..., Any], *args: Any) -> Any:
        value, ok = attempt(default, fn, *args)
        if not ok:
            self.failed.add(op)
        return value

    def load(self, op: str) -> OperationCorpus:
        """The corpus of ``op`` (its unviolatable rules and units with boundary cases)."""
        corpus = self.cache.load(op) if self.cache is not None else None
        if corpus is None:
            corpus = self._compute(op)
            self.computed[op] = []
        self.corpus[op] = corpus
        return corpus

    def units(self, op: str, stopped: bool) -> tuple[dict[str, str], list[Unit]]:
        """``op``'s unviolatable rules and its units with their boundary cases (read or
        computed); without cases when ``stopped``."""
        corpus = self.skeleton(op) if stopped else self.load(op)
        return dict(corpus.unviolatable), _units(corpus)

    def skeleton(self, op: str) -> OperationCorpus:
        """The units of ``op`` without cases (a plan stopped before it reached ``op``);
        neither stored nor kept."""
        corpus = self._corpus(op, {}, [], {})
        self.corpus[op] = corpus
        return corpus

    def _compute(self, op: str) -> OperationCorpus:
        """The valid unit of ``op`` and a rejection unit per testable constraint, each with
        its boundary cases."""
        unviolatable = dict(self._safe(op, {}, self.generators.unviolatable, op))
        valid: list[dict[str, Any]] = []
        by_constraint: dict[str, list[dict[str, Any]]] = {}
        for index, case in enumerate(self._safe(op, [], self.generators.boundaries, op)):
            label = f"boundary: {getattr(case, 'label', '') or f'boundary {index}'}"
            request = dict(case.request)
            if case.expect == "accept":
                valid.append(_case_data(Case("accept", request, label)))
            elif case.constraint_id:
                by_constraint.setdefault(case.constraint_id, []).append(
                    _case_data(Case("reject", request, label))
                )
        return self._corpus(op, unviolatable, valid, by_constraint)

    def _corpus(
        self,
        op: str,
        unviolatable: dict[str, str],
        valid: list[dict[str, Any]],
        by_constraint: Mapping[str, list[dict[str, Any]]],
    ) -> OperationCorpus:
        """The valid unit of ``op`` with ``valid`` and a rejection unit per testable
        constraint with its cases of ``by_constraint``."""
        units = [{"kind": "valid", "constraint_id": None, "cases": valid}]
        for constraint in self.pack.operation(op).constraints:
            if _testable(constraint, unviolatable):
                cases = by_constraint.get(constraint.id, [])
                units.append({"kind": "reject", "constraint_id": constraint.id, "cases": cases})
        return OperationCorpus(op, unviolatable, units)

    def draw(self, plan: Plan, unit: Unit) -> None:
        """Add a certify unit's drawn cases: valid draws and covering cases, or violating
        draws for a constraint no boundary case breaks."""
        name = _draw_name(unit)
        if name is None:
            return
        corpus = self.corpus[unit.operation]
        drawn = corpus.drawn.get(name)
        if drawn is None:
            drawn = self._drawn(unit)
            corpus.drawn[name] = drawn
            self.computed.setdefault(unit.operation, []).append(name)
        cases = [_case(case) for case in drawn["cases"]]
        if unit.kind == "valid":
            unit.cases.extend(cases)
        else:
            unit.cases = cases
        if drawn["coverage"] is not None:
            plan.coverage[unit.operation] = drawn["coverage"]

    def _drawn(self, unit: Unit) -> dict[str, Any]:
        """The drawn cases of ``unit`` (and the coverage of its covering cases)."""
        op, gen, seed = unit.operation, self.generators, self.settings.seed
        if unit.kind != "valid":
            cid = unit.constraint_id
            drawn = self._safe(op, [], _draw_violating, gen, op, cid, seed)
            cases = [Case("reject", dict(r), f"violating draw {i}") for i, r in enumerate(drawn)]
            return {"cases": [_case_data(c) for c in cases], "coverage": None}
        count = self.settings.valid_examples
        drawn = self._safe(op, [], _draw_valid, gen, op, count, seed)
        cases = [Case("accept", dict(r), f"valid draw {i}") for i, r in enumerate(drawn)]
        coverage = self._covering(op, cases)
        return {"cases": [_case_data(c) for c in cases], "coverage": coverage}

    def _covering(self, op: str, cases: list[Case]) -> dict[str, Any] | None:
        """Append the operation's covering cases to ``cases``; their coverage (or None)."""
        from smcontract.suites._covering import coverage_summary, covering_cases

        if not hasattr(self.generators, "covering"):
            return None
        seed = self.settings.seed
        bound = SeededCovering(self.generators, seed if seed is not None else 0)
        found, coverage = self._safe(op, ([], None), covering_cases, self.pack, bound, op)
        if coverage is None:
            return None
        cases.extend(Case("accept", case.request, case.label, case.setup) for case in found)
        setups = sum(1 for case in found if case.setup is not None)
        summary: dict[str, Any] = coverage_summary(coverage, setups)
        return summary

    def save(self) -> None:
        """Store the corpus of every operation this plan computed a part of."""
        if self.cache is None:
            return
        for op, names in self.computed.items():
            corpus = self.corpus[op]
            if op in self.failed:
                continue
            try:
                plain(corpus.to_json())
            except NotPlain as exc:
                log.info("not caching the corpus of %s: it holds %s", op, exc)
                continue
            self.cache.merge_store(corpus, names)


def open_cache(
    pack: ContractPack, settings: Settings, directory: Path | None = None
) -> CorpusCache:
    """The corpus cache of runs of ``pack`` with ``settings`` (in :func:`cache_dir`, or in
    ``directory``)."""
    key = CorpusKey.of(pack.sha256, settings.seed, settings.valid_examples)
    return CorpusCache(directory if directory is not None else cache_dir(), key)


def lifecycle_units(
    pack: ContractPack, operations: list[str], lifecycle: bool
) -> tuple[list[str], list[Unit]]:
    """The resources whose lifecycle scenario a run of ``operations`` has (none without
    ``lifecycle``), and a unit for each."""
    if not lifecycle:
        return [], []
    from smcontract.suites.lifecycle import lifecycle_resources

    resources = lifecycle_resources(pack, operations)
    units = []
    for resource in resources:
        spec = pack.resources[resource]
        units.append(Unit("lifecycle", spec.create or spec.list or resource, resource=resource))
    return resources, units


def resource_operations(pack: ContractPack, resources: list[str]) -> dict[str, tuple[str, ...]]:
    """Resource -> the operations of its family (:attr:`Plan.resource_operations`)."""
    return {r: tuple(pack.resources[r].operations) for r in resources}


def uncached(operations: Iterable[str], store: CorpusCache | None) -> list[str]:
    """The operations whose corpus ``store`` does not hold (all of them without a store)."""
    return [op for op in operations if store is None or not store.path(op).is_file()]


def build_plan(
    pack: ContractPack,
    generators: Generators,
    settings: Settings,
    operations: list[str],
    lifecycle: bool,
    shard: tuple[int, int] | None = None,
    *,
    draw: bool = True,
    cache: CorpusCache | None = None,
    stop: Callable[[], bool] | None = None,
) -> Plan:
    """The plan of a run; ``draw=False`` leaves out the drawn cases (boundary cases only).
    With a ``cache``, an operation's corpus is read from it when stored, else stored. Once
    ``stop()`` is true, the operations left get their units without cases (nor draws)."""
    corpora = _Corpora(pack, generators, settings, cache)
    unviolatable: dict[str, dict[str, str]] = {}
    units: list[Unit] = []
    stopped = False
    for op in operations:  # in this order: a strategy may remember what it computed
        stopped = stopped or (stop is not None and stop())
        unviolatable[op], found = corpora.units(op, stopped)
        units.extend(found)
    resources, scenarios = lifecycle_units(pack, operations, lifecycle)
    units.extend(scenarios)
    mine = units
    if shard is not None:
        setups = setup_table(pack)
        costs = [unit_cost(unit, settings, setups) for unit in units]
        parts = shard_units([unit_key(u) for u in units], costs, shard[1])
        keys = set(parts[shard[0] - 1])
        mine = [u for u in units if unit_key(u) in keys]
    plan = Plan(
        operations,
        shard,
        units,
        mine,
        unviolatable,
        resources,
        resource_operations(pack, resources),
    )
    if draw and not stopped and settings.mode == "certify":
        for unit in mine:
            if stop is not None and stop():
                break
            corpora.draw(plan, unit)
    corpora.save()
    return plan


def shard_plan(
    pack: ContractPack,
    count: int,
    *,
    operations: Iterable[str] | None = None,
    mode: str = "certify",
    max_examples: int = 100,
    valid_examples: int = 5,
    lifecycle: bool = True,
    strategies: Generators | None = None,
    cache: bool = True,
) -> list[list[tuple[str, ...]]]:
    """The units of each of ``count`` shards of a run, as ``run(shard=(i, count))`` splits
    them: ``(kind, operation or resource, constraint ID or "")`` per unit. ``cache``: read
    and store the corpus cache (only with the default strategies)."""
    generators = strategies if strategies is not None else default_generators(pack)
    settings = Settings(mode, 0, max_examples, valid_examples)
    selected = select_operations(pack, operations)
    store = open_cache(pack, settings) if cache and strategies is None else None
    plan = build_plan(pack, generators, settings, selected, lifecycle, draw=False, cache=store)
    setups = setup_table(pack)
    units = plan.all_units
    costs = [unit_cost(u, settings, setups) for u in units]
    return shard_units([unit_key(u) for u in units], costs, count)
