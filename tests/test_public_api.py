"""The documented public API: README's Hypothesis example as written, and every ``__all__``."""

from __future__ import annotations
import __future__

import importlib
import inspect
import re
from pathlib import Path

import pytest
from hypothesis import given

from smcontract import validate
from smcontract.strategies import valid, violating

README = Path(__file__).resolve().parents[1] / "README.md"
COMPARE = "CreateCompilationJob.StoppingCondition.MaxWaitTimeInSeconds.compare"


# -- README, "In your own Hypothesis tests", as a user writes it ---------------------------


@given(valid("CreateCompilationJob"))
def test_my_service_accepts(request):
    assert validate("CreateCompilationJob", request) == []


@given(violating("CreateCompilationJob", COMPARE))
def test_my_service_rejects(request):
    assert [v.constraint_id for v in validate("CreateCompilationJob", request)] == [COMPARE]


def test_the_readme_example_is_the_one_tested_here() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## In your own Hypothesis tests", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    example = code.group(1)
    assert "from smcontract import validate" in example
    assert "from smcontract.strategies import valid, violating" in example
    assert '@given(valid("CreateCompilationJob"))' in example
    assert f'@given(violating("CreateCompilationJob", "{COMPARE}"))' in example
    assert 'assert validate("CreateCompilationJob", request) == []' in example


# -- __all__ ---------------------------------------------------------------------------------

PUBLIC_MODULES = [
    "smcontract",
    "smcontract.contracts",
    "smcontract.contracts.regex_ast",
    "smcontract.strategies",
    "smcontract.suites",
    "smcontract.suites.targets",
    "smcontract.reports",
    "smcontract.errors",
    "smcontract.strictmode",
]


def _public_names(module: object) -> set[str]:
    def imported_machinery(value: object) -> bool:
        return inspect.ismodule(value) or isinstance(value, __future__._Feature)

    return {
        name
        for name in dir(module)
        if not name.startswith(("_", "@")) and not imported_machinery(getattr(module, name))
    }


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_exactly_the_public_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    assert set(exported) - {"__version__"} == _public_names(module)
    for item in exported:
        assert getattr(module, item) is not None


def test_the_top_level_names_are_the_contracts_functions() -> None:
    import smcontract
    import smcontract.contracts

    assert smcontract.validate is smcontract.contracts.validate
    assert smcontract.load_contracts is smcontract.contracts.load_contracts
    assert smcontract.validate_response is smcontract.contracts.validate_response
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = smcontract.nothing  # type: ignore[attr-defined]
