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
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from smcontract.contracts import ContractPack
    from smcontract.suites import ConstraintVerdict, RunResult

__all__ = ["ConstraintItem", "SmcontractCollector", "VerdictFailure"]

_PASSING = ("ENFORCED", "WAIVED")
_SKIPPED = "UNTESTED"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("smcontract", "smcontract conformance suite")
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


class VerdictFailure(Exception):
    """An item's constraint got a finding verdict (``NOT ENFORCED`` ...)."""


class _Session:
    """The run shared by every item of one pytest session, started on first use."""

    def __init__(self, config: pytest.Config, pack: ContractPack, operations: list[str]) -> None:
        self.config = config
        self.pack = pack
        self.operations = operations
        self.result: RunResult | None = None
        self.error: str | None = None

    def verdict(self, constraint_id: str) -> ConstraintVerdict:
        if self.result is None and self.error is None:
            self._run()
        if self.error is not None:
            raise VerdictFailure(f"the smcontract run failed: {self.error}")
        assert self.result is not None
        return self.result.verdict(constraint_id)

    def _run(self) -> None:
        from smcontract.errors import SmcontractError
        from smcontract.suites import run

        option = self.config.option
        try:
            self.result = run(
                self.pack,
                [option.smcontract_target],
                operations=self.operations,
                mode=option.smcontract_mode,
                seed=option.smcontract_seed,
                database_dir=str(self.config.rootpath / ".smcontract" / "examples"),
            )
        except SmcontractError as error:
            self.error = str(error)


_SESSION = pytest.StashKey[_Session]()


class SmcontractCollector(pytest.Collector):
    """The virtual node ``smcontract`` the constraint items hang under."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        session = self.config.stash[_SESSION]
        return [
            ConstraintItem.from_parent(self, name=constraint.id)
            for name in session.operations
            for constraint in session.pack.operation(name).constraints
        ]


class ConstraintItem(pytest.Item):
    """One constraint of one operation against the session's target."""

    def runtest(self) -> None:
        result = self.config.stash[_SESSION].verdict(self.name)
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
    if not config.getoption("smcontract_target", None):
        return
    from smcontract.contracts import load_contracts
    from smcontract.errors import SmcontractError

    try:
        pack = load_contracts()
        operations = list(config.option.smcontract_operations) or list(pack.operations)
        for name in operations:
            pack.operation(name)  # unknown names: a UsageError with the closest names
    except SmcontractError as error:
        raise pytest.UsageError(f"smcontract: {error}") from None
    config.stash[_SESSION] = _Session(config, pack, operations)


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
