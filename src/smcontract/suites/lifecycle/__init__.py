"""Stateful suites: create, describe, list, stop and delete one resource family, and judge
its ``lifecycle``, ``error``, ``default`` and scoped ``unique`` constraints.

Each check is a small function registered for the constraint keys it judges (a
``lifecycle`` rule by ``params.rule``, an ``error`` by ``params.situation``, ``default``,
``unique``), like a JSON Schema validator's keyword table: :mod:`._registry` holds the one
table, the modules :mod:`._errors`, :mod:`._roundtrip`, :mod:`._paging`, :mod:`._ordering`,
:mod:`._filters`, :mod:`._defaults`, :mod:`._answers` and :mod:`._ending` the checks, and
:mod:`._run` the fixed order (see its table). Nothing knows a family by name: what differs
between families comes from the pack's :class:`~smcontract.contracts.Resource` and the
constraints (:mod:`._family`), and a family whose Create names other resources
(``depends_on``) gets them created first (:func:`setup_chain`) and deleted after.

A family gets a scenario when one of the run's operations has a stateful rule, or is its List
(a List answer holds items, whose output rules the session checks, only after creates).

In ``certify`` mode the scenario is a fixed sequence. In ``fuzz`` mode, after the fixed
sequence, a Hypothesis state machine interleaves creates, describes, deletes and paged lists
(:func:`run_machine`). The package uses a run through the :class:`Session` protocol only.
"""

from smcontract.suites.lifecycle._family import (
    DependencyCycle,
    Family,
    lifecycle_resources,
    parent_filters,
    resource_operations,
    setup_chain,
    stateful,
)
from smcontract.suites.lifecycle._machine import run_machine
from smcontract.suites.lifecycle._paging import BASE_ITEMS, MAX_ITEMS, PAGE_CAP
from smcontract.suites.lifecycle._registry import (
    JUDGED_BY_THE_RUNNER,
    Check,
    Step,
    checks,
    key_of,
    registered_keys,
)
from smcontract.suites.lifecycle._run import run_lifecycle, run_scenario
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._session import RunState, Session
from smcontract.suites.lifecycle._values import MISSING, differences

__all__ = [
    "BASE_ITEMS",
    "JUDGED_BY_THE_RUNNER",
    "MAX_ITEMS",
    "MISSING",
    "PAGE_CAP",
    "Check",
    "DependencyCycle",
    "Family",
    "RunState",
    "Scenario",
    "Session",
    "Step",
    "checks",
    "differences",
    "key_of",
    "lifecycle_resources",
    "parent_filters",
    "registered_keys",
    "resource_operations",
    "run_lifecycle",
    "run_machine",
    "run_scenario",
    "setup_chain",
    "stateful",
]
