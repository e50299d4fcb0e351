"""The pytest half of strict mode: ``pytest --smcontract-strict[=raise|warn|record]``.

``smcontract.pytest_plugin`` registers :class:`StrictPlugin` only when the option is given.
It attaches one :class:`StrictMode` to every botocore session and SageMaker client, existing
and future (:class:`Everywhere`), names the running test on it, and at the end prints the
summary table and writes ``strict.json`` and ``strict.md``. Under pytest-xdist each worker
checks its own calls and hands its ledger to the controller, which prints and writes the sum
(the "first test" of a rule is then the first a worker that reported saw).
"""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from smcontract.errors import SmcontractError
from smcontract.reports import strict_lines, write_strict
from smcontract.strictmode._everywhere import Everywhere
from smcontract.strictmode._hook import StrictMode
from smcontract.strictmode._ledger import Ledger

__all__ = ["WORKER_KEY", "StrictPlugin"]

#: The key of a worker's ledger in xdist's ``workeroutput``.
WORKER_KEY = "smcontract_strict"


class StrictPlugin:
    """The hooks of ``--smcontract-strict`` (registered as the plugin ``smcontract-strict``)."""

    def __init__(self, config: pytest.Config, mode: str, report_dir: Path) -> None:
        self.config = config
        self.handle = StrictMode(mode)
        self.report_dir = report_dir
        self.worker = hasattr(config, "workerinput")
        self.everywhere = Everywhere(self.handle)
        self.everywhere.install()

    def pytest_report_header(self, config: pytest.Config) -> str:
        pack = self.handle.checker.pack
        return (
            f"smcontract strict: mode {self.handle.mode.value}, SageMaker calls checked against "
            f"{len(pack.operations)} operation(s) of the contract pack"
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        self.handle.current_test = item.nodeid
        try:
            return (yield)
        finally:
            self.handle.current_test = None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.worker:
            # execnet carries plain JSON types only (not the StrEnums of the model).
            plain = json.loads(json.dumps(self.handle.summary()))
            self.config.workeroutput[WORKER_KEY] = plain  # type: ignore[attr-defined]

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist, on the controller: add a finished worker's ledger."""
        data = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        if data:
            self.handle.ledger.merge(Ledger.from_dict(data))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.worker:
            return
        data = self.handle.summary()
        terminalreporter.write_sep("-", "smcontract strict")
        for line in strict_lines(data):
            terminalreporter.write_line(line)
        try:
            paths = write_strict(data, self.report_dir)
        except SmcontractError as error:
            terminalreporter.write_line(f"smcontract strict: no report written: {error}")
            return
        terminalreporter.write_line("smcontract strict: wrote " + ", ".join(map(str, paths)))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.everywhere.uninstall()
