"""The ``needs`` fixture: a missing dependency skips locally and fails under CI=true."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Needs


def test_a_missing_module_skips_locally_and_fails_under_ci(needs: Needs) -> None:
    local, ci = type(needs)(ci=False), type(needs)(ci=True)
    with pytest.raises(pytest.skip.Exception, match=r"'no_such_extra' is not installed.*pip"):
        local.module("no_such_extra", "pip install it")
    with pytest.raises(pytest.fail.Exception, match="CI=true and the Python package"):
        ci.module("no_such_extra", "pip install it")
    assert ci.module("json", "stdlib").dumps([]) == "[]"


def test_tools_are_found_next_to_the_interpreter_first(
    needs: Needs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    found = type(needs)(ci=True).tool("no-such-tool", Path(sys.executable).name, hint="-")
    assert Path(found).parent == Path(sys.executable).parent
    with pytest.raises(pytest.fail.Exception, match="no no-such-tool on PATH; apt-get"):
        type(needs)(ci=True).tool("no-such-tool", hint="apt-get install it")
