"""The design limits ARCHITECTURE.md promises, checked on the source: no module over 500 lines,
no function over 60 lines. (Import circles: the acyclic_siblings contract of import-linter;
cyclomatic complexity under 15: ruff's C901, both in pyproject.toml.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import smcontract

SOURCE = Path(smcontract.__file__).parent
MODULE_LINES = 500
FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            found.append((f"{node.name} (line {node.lineno})", node.end_lineno - node.lineno + 1))
    return found


def test_the_source_is_found() -> None:
    assert len(_modules()) > 50


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_module_and_function_sizes(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{path.name} has {lines} lines (limit {MODULE_LINES}): split it"
    long = [f"{name}: {n} lines" for name, n in _functions(path) if n > FUNCTION_LINES]
    assert not long, f"functions over {FUNCTION_LINES} lines in {path.name}: {long}"


def test_the_checker_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES + 1))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def long():\n{body}\n", encoding="utf-8")
    assert _functions(sample) == [("long (line 1)", FUNCTION_LINES + 2)]
