from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest
from hypothesis import settings

from smcontract.contracts import ContractPack, load_contracts

# Hypothesis's 200 ms deadline is a wall-clock assertion: on a loaded 2-core CI machine a
# valid example of CreateCompilationJob can take longer. The tests judge behaviour, not time.
settings.register_profile("smcontract-tests", deadline=None)
settings.load_profile("smcontract-tests")

ROOT = Path(__file__).resolve().parents[1]
#: The seed API documents the prose contracts quote (not in the repository).
SEEDS = Path(os.environ.get("SMCONTRACT_SEEDS") or ROOT.parent / "shared" / "seeds")


@pytest.fixture(autouse=True)
def corpus_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test's corpus cache is a new empty folder (never the user's ~/.cache)."""
    folder = tmp_path_factory.mktemp("corpus-cache")
    monkeypatch.setenv("SMCONTRACT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def plan_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs plan in their own process unless a test asks for workers: a run of several
    operations would otherwise start a worker process (about a second of CPU) in each of the
    hundreds of tests that run one. tests/suites/test_stream.py and test_prefill.py, and the
    golden report's runs, use the workers."""
    monkeypatch.setenv("SMCONTRACT_PLAN_WORKERS", "1")


@pytest.fixture(scope="session")
def pack() -> ContractPack:
    return load_contracts()


_ROLES = ("create", "describe", "list", "update", "stop", "delete")


def copy_seed_pack(target: Path) -> Path:
    """Write a copy of the shipped pack reduced to its default profile (the 15 seed
    operations) into ``target``: a valid pack, a 30th of the whole API's bytes, for tests
    that damage or re-check a copy. No stamp: a copy is checked in full."""
    shipped = load_contracts()
    source = Path(shipped.origin)
    keep = shipped.default_operations()
    manifest = json.loads((source / "pack.json").read_text("utf-8"))
    manifest["operations"] = keep
    manifest["resources"] = {
        name: family
        for name, family in manifest["resources"].items()
        if all(family[role] in keep for role in _ROLES if role in family)
    }
    manifest["unresolved_families"] = {}
    for folder in ("model", "prose"):
        (target / folder).mkdir(parents=True, exist_ok=True)
        for name in keep:
            if (source / folder / f"{name}.json").is_file():
                shutil.copy(source / folder / f"{name}.json", target / folder)
    shutil.copy(source / "contract.schema.json", target)
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (target / "pack.json").write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def seed_pack(tmp_path: Path) -> Path:
    """A fresh :func:`copy_seed_pack` in ``tmp_path / "contracts"``."""
    return copy_seed_pack(tmp_path / "contracts")


@pytest.fixture(scope="session")
def seed_pack_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One :func:`copy_seed_pack` per session, for tests that copy it again and again."""
    return copy_seed_pack(tmp_path_factory.mktemp("seed-pack") / "contracts")


class Needs:
    """What a test needs from outside the project: an extra, a tool, a download, documents.

    Locally a missing one skips the test, saying what is missing and how to install it.
    Under ``CI=true`` (``.ci/run`` sets it, as GitHub Actions does) it fails the test with
    the same message: CI must run every test, so a missing dependency is a broken CI set-up.
    """

    def __init__(self, ci: bool) -> None:
        self.ci = ci

    def missing(self, what: str, hint: str) -> NoReturn:
        """Skip (locally) or fail (``CI=true``): ``what`` is missing; ``hint`` installs it."""
        message = f"{what}; {hint}"
        if self.ci:
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)

    def module(self, name: str, hint: str) -> ModuleType:
        """The imported module ``name`` (of an extra), else :meth:`missing`."""
        try:
            return importlib.import_module(name)
        except ImportError as exc:
            self.missing(f"the Python package {name!r} is not installed ({exc})", hint)

    def tool(self, *names: str, hint: str) -> str:
        """The path of the first command of ``names`` found, else :meth:`missing`.

        Looks next to the interpreter first, so a venv's commands are found without
        activating it.
        """
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        found = next(filter(None, (shutil.which(name, path=path) for name in names)), None)
        if found is None:
            self.missing(f"no {' or '.join(names)} on PATH", hint)
        return found


@pytest.fixture(scope="session")
def needs() -> Needs:
    """Skip a test whose dependency is missing, or fail it under ``CI=true``."""
    return Needs(os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"})


@pytest.fixture(scope="session")
def seeds(needs: Needs) -> Path:
    """The folder of seed documents (``$SMCONTRACT_SEEDS``, else ``../shared/seeds``)."""
    if not SEEDS.is_dir():
        needs.missing(
            f"the seed documents are not at {SEEDS}",
            "set SMCONTRACT_SEEDS to the folder of the seed API documents",
        )
    return SEEDS
