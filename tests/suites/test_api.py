"""The public surface of smcontract.suites."""

from __future__ import annotations

import inspect

import smcontract.suites as suites


def test_all_is_exactly_the_public_names() -> None:
    public = {
        name for name in dir(suites) if not name.startswith(("_", "@"))
    }  # "@": pytest's assertion rewriting; dir() lists the names imported on first use
    public -= {name for name in public if inspect.ismodule(getattr(suites, name))}
    assert set(suites.__all__) == public


def test_run_takes_keyword_only_options() -> None:
    parameters = inspect.signature(suites.run).parameters
    assert [p for p in parameters if parameters[p].kind is not inspect.Parameter.KEYWORD_ONLY] == [
        "pack",
        "targets",
    ]
    assert {
        "operations",
        "mode",
        "seed",
        "max_examples",
        "max_time",
        "workers",
        "sinks",
        "database_dir",
    } <= set(parameters)
