"""The smcontract pytest plugin: one test item per (operation, constraint) of a target.

Registered through the ``pytest11`` entry point, so it loads in every pytest session where
smcontract is installed; it does nothing unless ``--smcontract-target`` is given, and imports
nothing of smcontract until then.

.. code-block:: console

    pytest --smcontract-target=moto --smcontract-operation=DescribeModel
    pytest --smcontract-target=http://127.0.0.1:4566 --smcontract-mode=fuzz --smcontract-seed=7

Items are named after the constraint IDs (``smcontract::CreateModel.ModelName.pattern``). The
suite runs once per session, on the first item that needs it; an item passes for ``ENFORCED``
and ``WAIVED``, is skipped (with the reason) for ``UNTESTED``, and fails for every other
verdict with the verdict, the reason and the smallest request that shows it.

Under pytest-xdist (``pytest -n 4 --smcontract-target=moto``) the items are split into groups
of the operations that share a resource (``model``: CreateModel, DescribeModel, ListModels,
DeleteModel; its lifecycle scenario and the creates its describe/stop/delete suites need stay
inside the group), named ``smcontract-<resource>``. A worker runs the suite of a group, once,
on the first item of that group it gets, so every operation's suite runs once in the whole
session and every item gets the verdict it gets without xdist. For that the items of a group
must go to one worker: ``--dist loadgroup`` does it, so the default ``--dist load`` that ``-n``
implies is switched to ``loadgroup`` (other tests are still handed out one by one);
``loadscope`` and ``loadfile`` send every item to one worker, and ``each`` runs the whole
suite on every worker, as it runs every test there. More workers than groups (four with the
whole pack) leave the extra ones idle.

loadgroup schedules by the ``@<group>`` suffix of a node ID. pytest-xdist 3.x writes it from
``xdist_group`` marks by assigning ``item._nodeid``, which pytest 9.2's structured node IDs no
longer read (pytest-xdist#1386: the marks then group nothing). So the plugin gives its items
that node ID when they are made (``smcontract::<ID>@<group>``, on workers of a loadgroup
session, as the controller tells them through ``workerinput``) and no mark, which older pytest
would suffix a second time.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Sequence

    from smcontract.contracts import ContractPack
    from smcontract.suites import ConstraintVerdict, RunResult, Waiver

__all__ = ["ConstraintItem", "SmcontractCollector", "VerdictFailure"]

_PASSING = ("ENFORCED", "WAIVED")
_SKIPPED = "UNTESTED"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("smcontract", "smcontract conformance suite")
    _add_suite_options(group)
    _add_strict_options(group)


def _add_suite_options(group: pytest.OptionGroup) -> None:
    """The options of the conformance suite (``--smcontract-target`` turns it on)."""
    group.addoption(
        "--smcontract-target",
        dest="smcontract_target",
        default=None,
        metavar="SPEC",
        help="Run the smcontract suite against this target (moto, moto-server, boto3, a URL, "
        "adapter:COMMAND): one test item per constraint. Without it the plugin does nothing.",
    )
    group.addoption(
        "--smcontract-operation",
        dest="smcontract_operations",
        action="append",
        default=[],
        metavar="NAME",
        help="Only this operation (repeatable; default: every operation of the pack).",
    )
    group.addoption(
        "--smcontract-mode",
        dest="smcontract_mode",
        choices=("certify", "fuzz"),
        default="certify",
        help="certify (a fixed corpus, default) or fuzz (Hypothesis).",
    )
    group.addoption(
        "--smcontract-seed",
        dest="smcontract_seed",
        type=int,
        default=0,
        metavar="N",
        help="Seed of the generated cases (default 0).",
    )
    group.addoption(
        "--smcontract-waivers",
        dest="smcontract_waivers",
        default=None,
        metavar="FILE",
        help="Waivers file (TOML, JSON or YAML): matching findings are WAIVED and pass; an "
        "expired waiver is a usage error.",
    )


def _add_strict_options(group: pytest.OptionGroup) -> None:
    """The options of strict mode (``--smcontract-strict`` turns it on)."""
    group.addoption(
        "--smcontract-strict",
        dest="smcontract_strict",
        nargs="?",
        const="raise",
        default=None,
        type=_strict_mode,
        metavar="MODE",
        help="Check every SageMaker call the tests make against the contract pack before it "
        "is sent: raise (default) fails the call with smcontract.ContractViolation, warn "
        "warns, record only records; a summary is printed and written to strict.json and "
        "strict.md.",
    )
    group.addoption(
        "--smcontract-strict-report-dir",
        dest="smcontract_strict_report_dir",
        default=None,
        metavar="DIR",
        help="Where --smcontract-strict writes strict.json and strict.md (default: reports/).",
    )


_STRICT_MODES = ("raise", "warn", "record")


def _strict_mode(text: str) -> str:
    if text in _STRICT_MODES:
        return text
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a strict mode (expected {', '.join(_STRICT_MODES)}); write "
        "--smcontract-strict=MODE, or put --smcontract-strict after the test paths"
    )


class VerdictFailure(Exception):
    """An item's constraint got a finding verdict (``NOT ENFORCED`` ...)."""


def operation_groups(pack: ContractPack, operations: list[str]) -> dict[str, list[str]]:
    """The xdist groups of ``operations``: group name -> its operations, in ``operations`` order.

    Operations that share a resource of the pack go together (the resource's lifecycle
    scenario, and the create the describe/stop/delete suites call first, touch all of them);
    a group is named ``smcontract-<resource>`` (resources joined by ``+`` if a resource spec
    ever links two), an operation without a resource ``smcontract-<operation>``. Running the
    groups one by one gives the verdicts one run of all ``operations`` gives.
    """
    parent = {op: op for op in operations}

    def root(op: str) -> str:
        while parent[op] != op:
            op = parent[op]
        return op

    resources: dict[str, list[str]] = {}
    for resource, spec in pack.resources.items():
        ops = [op for op in spec.operations if op in parent]
        for op in ops[1:]:
            parent[root(op)] = root(ops[0])
        if ops:
            resources.setdefault(root(ops[0]), []).append(resource)
    members: dict[str, list[str]] = {}
    for op in operations:
        members.setdefault(root(op), []).append(op)
    named: dict[str, list[str]] = {}
    for top, ops in members.items():
        linked = sorted({r for key, rs in resources.items() if root(key) == top for r in rs})
        named["smcontract-" + ("+".join(linked) or ops[0])] = ops
    return named


class _Session:
    """The runs shared by the items of one pytest session, each started on first use.

    Without xdist one run covers every selected operation; on an xdist worker one run per
    group of :func:`operation_groups`, for the groups whose items that worker gets.
    """

    def __init__(
        self,
        config: pytest.Config,
        pack: ContractPack,
        operations: list[str],
        grouped: bool,
        waivers: Sequence[Waiver] = (),
        loadgroup: bool = False,
    ) -> None:
        self.config = config
        self.pack = pack
        self.operations = operations
        self.groups = operation_groups(pack, operations)
        self.grouped = grouped
        self.loadgroup = loadgroup
        self.group_of = {op: name for name, ops in self.groups.items() for op in ops}
        self.results: dict[str, RunResult] = {}
        self.errors: dict[str, str] = {}
        #: Per failed run: the item that reported the failure.
        self.reported: dict[str, str] = {}
        self.waivers = tuple(waivers)

    def verdict(self, operation: str, constraint_id: str, item: str = "") -> ConstraintVerdict:
        """The verdict of ``constraint_id``, running its suite first if needed.

        A run that cannot happen (an unreachable target, say) is one failure, of the first
        item that asked (``item``); the other items of that run are skipped pointing to it.
        """
        key = self.group_of[operation] if self.grouped else ""
        if key not in self.results and key not in self.errors:
            self._run(key, self.groups[key] if key else self.operations)
        if key in self.errors:
            first = self.reported.setdefault(key, item)
            if first == item:
                raise VerdictFailure(f"the smcontract run failed: {self.errors[key]}")
            pytest.skip(f"the smcontract run failed: see {first}")
        return self.results[key].verdict(constraint_id)

    def _run(self, key: str, operations: list[str]) -> None:
        from smcontract.errors import SmcontractError
        from smcontract.suites import Waivers, run

        option = self.config.option
        try:
            self.results[key] = run(
                self.pack,
                [option.smcontract_target],
                operations=operations,
                mode=option.smcontract_mode,
                seed=option.smcontract_seed,
                database_dir=str(self.config.rootpath / ".smcontract" / "examples"),
                waivers=Waivers(self.waivers) if self.waivers else None,
            )
        except SmcontractError as error:
            self.errors[key] = str(error)


_SESSION = pytest.StashKey[_Session]()


class SmcontractCollector(pytest.Collector):
    """The virtual node ``smcontract`` the constraint items hang under."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        session = self.config.stash[_SESSION]
        items: list[pytest.Item | pytest.Collector] = []
        for name in session.operations:
            for constraint in session.pack.operation(name).constraints:
                nodeid = None
                if session.loadgroup:
                    nodeid = f"{self.nodeid}::{constraint.id}@{session.group_of[name]}"
                item = ConstraintItem.from_parent(self, name=constraint.id, nodeid=nodeid)
                item.operation = name
                items.append(item)
        return items


class ConstraintItem(pytest.Item):
    """One constraint of one operation against the session's target."""

    #: The operation of the constraint (its suite gives the verdict).
    operation: str = ""

    def runtest(self) -> None:
        result = self.config.stash[_SESSION].verdict(self.operation, self.name, self.nodeid)
        if result.verdict in _PASSING:
            return
        if result.verdict == _SKIPPED:
            pytest.skip(f"UNTESTED {self.name}: {result.reason}")
        raise VerdictFailure(_describe(result))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, VerdictFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"smcontract::{self.name}"


def _describe(result: ConstraintVerdict) -> str:
    lines = [
        f"{result.verdict}: {result.constraint_id} on {result.target}",
        f"reason: {result.reason}",
    ]
    if result.layer:
        lines.append(f"layer: {result.layer}")
    evidence = result.evidence or {}
    if "request" in evidence:
        request = json.dumps(evidence["request"], indent=2, ensure_ascii=False, sort_keys=True)
        lines.append(f"request ({result.operation}):\n{request}")
    response = evidence.get("response")
    if response:
        lines.append("response: " + json.dumps(response, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def pytest_configure(config: pytest.Config) -> None:
    strict = config.getoption("smcontract_strict", None)
    if strict:
        _configure_strict(config, strict)
    if config.getoption("smcontract_target", None):
        _configure_target(config)


def _configure_strict(config: pytest.Config, mode: str) -> None:
    """``--smcontract-strict``: register the strict-mode hooks (``smcontract.strictmode``)."""
    from smcontract.errors import SmcontractError
    from smcontract.strictmode import StrictPlugin

    given = config.getoption("smcontract_strict_report_dir", None)
    report_dir = Path(given) if given else config.invocation_params.dir / "reports"
    try:
        plugin = StrictPlugin(config, mode, report_dir)
    except SmcontractError as error:
        raise pytest.UsageError(f"smcontract: {error}") from None
    config.pluginmanager.register(plugin, "smcontract-strict")


def _configure_target(config: pytest.Config) -> None:
    from smcontract.contracts import load_contracts
    from smcontract.errors import SmcontractError
    from smcontract.suites import PackIds, load_waivers

    try:
        pack = load_contracts()
        operations = list(config.option.smcontract_operations) or pack.default_operations()
        for name in operations:
            pack.operation(name)  # unknown names: a UsageError with the closest names
        waivers = config.getoption("smcontract_waivers", None)
        entries = load_waivers(waivers, known_ids=PackIds(pack)).entries if waivers else ()
    except SmcontractError as error:
        raise pytest.UsageError(f"smcontract: {error}") from None
    worker = getattr(config, "workerinput", None)
    config.stash[_SESSION] = _Session(
        config,
        pack,
        operations,
        grouped=worker is not None,
        waivers=entries,
        loadgroup=bool(worker and worker.get(_LOADGROUP)),
    )
    if worker is None and _xdist_loaded(config):
        switched = config.getoption("dist", None) == "load" and not config.option.collectonly
        if switched:
            config.option.dist = "loadgroup"
        loadgroup = config.getoption("dist", None) == "loadgroup"
        controller = _XdistController(switched=switched, loadgroup=loadgroup)
        config.pluginmanager.register(controller, "smcontract-xdist")


def _xdist_loaded(config: pytest.Config) -> bool:
    """Whether pytest-xdist is loaded (under any plugin name): its hooks are known."""
    return hasattr(config.hook, "pytest_configure_node")


#: The workerinput key telling a worker that the controller schedules with --dist loadgroup.
_LOADGROUP = "smcontract_loadgroup"


class _XdistController:
    """The xdist hooks of the controller (registered only when pytest-xdist is loaded)."""

    def __init__(self, *, switched: bool, loadgroup: bool) -> None:
        self.switched = switched
        self.loadgroup = loadgroup

    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[_LOADGROUP] = self.loadgroup

    def pytest_report_header(self, config: pytest.Config) -> str | None:
        dist = config.getoption("dist", None)
        groups = len(config.stash[_SESSION].groups)
        if dist == "loadgroup":
            how = "--dist load -> loadgroup, " if self.switched else ""
            return f"smcontract: {how}{groups} group(s) of operations, one worker each"
        if dist == "worksteal":
            return (
                "smcontract: --dist worksteal may split a group of operations over workers, "
                "each of which then runs its suite; --dist loadgroup runs each once"
            )
        return None


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """The contracts and both botocore versions, and a warning when their models differ."""
    if _SESSION not in config.stash:
        return None
    from smcontract.contracts import installed_botocore_version, model_drift

    session = config.stash[_SESSION]
    pack = session.pack
    lines = [
        f"smcontract: contracts {pack.sha256[:16]} from botocore "
        f"{pack.botocore_version or 'unknown'}; botocore "
        f"{installed_botocore_version() or 'unknown'} installed"
    ]
    drift = model_drift(pack, session.operations)
    if drift is not None:
        lines.append(f"smcontract: {drift.message()}")
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Append the constraint items (first, so that ``-k`` and ``-m`` also select them)."""
    if _SESSION not in config.stash:
        return
    collector = SmcontractCollector.from_parent(session, name="smcontract", nodeid="smcontract")
    for node in collector.collect():
        assert isinstance(node, pytest.Item)
        items.append(node)
