"""``smcontract run``'s options live in one table and one typed value; they must agree."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from smcontract.cli import main
from smcontract.cli._run_options import RunOptions
from smcontract.errors import UsageError


def test_every_run_option_is_a_field_of_run_options_and_back() -> None:
    command = main.commands["run"]
    names = {param.name for param in command.params if param.name != "help"}
    assert names == {field.name for field in dataclasses.fields(RunOptions)}


def _given(**changes: object) -> dict[str, object]:
    context = main.commands["run"].make_context("run", [])
    return {**context.params, **changes}


def test_parse_checks_what_click_cannot() -> None:
    options = RunOptions.parse(**_given(shard="2/4", formats="json, md"))
    assert options.shard == (2, 4)
    assert options.formats == ("json", "md")
    assert options.report_dir == Path("reports")
    with pytest.raises(UsageError, match="--shard"):
        RunOptions.parse(**_given(shard="5/4"))
    with pytest.raises(UsageError, match="pdf"):
        RunOptions.parse(**_given(formats="pdf"))
    with pytest.raises(UsageError, match="NoSuchOperation"):
        RunOptions.parse(**_given(operations=("NoSuchOperation",)))
