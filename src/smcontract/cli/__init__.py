"""The ``smcontract`` command line: the one place (with the pytest plugin) that wires parts.

One module per command group; this one only builds the ``main`` group. Heavy modules (the
contracts' checks, Hypothesis, moto, boto3, the suites and reports) are imported inside the
commands that need them, after the arguments are checked: ``--help`` and a usage error are
answered at once.
"""

from __future__ import annotations

import click

from smcontract._version import __version__
from smcontract.cli._badge import badge_command
from smcontract.cli._common import CONTEXT, Group
from smcontract.cli._contracts import contracts
from smcontract.cli._export import export_group
from smcontract.cli._generate import generate_command, validate_command
from smcontract.cli._reports import merge_command, replay_command, report_schema_command
from smcontract.cli._run import run_command
from smcontract.cli._selftest import selftest_command
from smcontract.cli._serve import serve_command
from smcontract.cli._verify import verify_report_command

__all__ = ["main"]


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="smcontract")
def main() -> None:
    """Contract tests and conformance reports for the Amazon SageMaker API."""


# In the order ``smcontract --help`` lists them (alphabetical, as click sorts).
for _command in (
    badge_command,
    contracts,
    export_group,
    generate_command,
    merge_command,
    replay_command,
    report_schema_command,
    run_command,
    selftest_command,
    serve_command,
    validate_command,
    verify_report_command,
):
    main.add_command(_command)
