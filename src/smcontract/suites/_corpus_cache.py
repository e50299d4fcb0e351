"""The certify corpus on disk: one JSON file per operation, read back request for request.

What the plan computes for an operation from (pack, seed, settings) alone, before any target
is called: the rules no single request can break (:meth:`Generators.unviolatable`), the units
with their boundary cases, and, unit by unit, the drawn cases (valid draws and covering
cases with their coverage, violating draws). A
:class:`CorpusCache` stores it under a folder named by the digest of a :class:`CorpusKey`:
the pack's sha256, the smcontract version, the seed, ``valid_examples``, the Hypothesis
version and a digest of the source of the code that draws (the strategies package and the
plan's modules, so an edited checkout never reads a stale corpus).

A file is written whole to a temporary file and moved into place (:func:`os.replace`), so a
reader sees an old file or a new one, never half of one. A file that cannot be read, that is
not JSON, whose digest or key does not match, is ignored (and rewritten by the run). Only
plain JSON values are stored (dicts with string keys, lists, strings, numbers, booleans,
None): they read back equal and in the same key order, so the requests sent are the same
bytes; an operation whose corpus holds anything else is not stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "CorpusCache",
    "CorpusKey",
    "NotPlain",
    "OperationCorpus",
    "cache_dir",
    "code_digest",
    "plain",
]

log = logging.getLogger("smcontract.suites")

#: The layout of a cached file; a new layout gets a new number (and a new folder).
FORMAT = 1

#: The modules of this package whose code shapes the corpus (with the strategies package).
_PLAN_MODULES = ("_plan.py", "_generators.py", "_covering.py", "_corpus_cache.py")


def cache_dir() -> Path:
    """``$SMCONTRACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/smcontract``, else
    ``~/.cache/smcontract``."""
    own = os.environ.get("SMCONTRACT_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "smcontract"
    return Path.home() / ".cache" / "smcontract"


@cache
def code_digest() -> str:
    """sha256 over the source of the code that computes the corpus (names and bytes)."""
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    files = [here / name for name in _PLAN_MODULES]
    spec = find_spec("smcontract.strategies")  # found, not imported (nor Hypothesis)
    if spec is None or spec.origin is None:  # pragma: no cover - part of this package
        raise RuntimeError("smcontract.strategies is not installed")
    files += sorted(Path(spec.origin).resolve().parent.rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _hypothesis_version() -> str:
    from importlib.metadata import version

    return version("hypothesis")


@dataclass(frozen=True)
class CorpusKey:
    """What the certify corpus is drawn from: the same key gives the same corpus."""

    pack_sha256: str
    smcontract_version: str
    seed: int | None
    valid_examples: int
    hypothesis_version: str
    code: str
    format: int = FORMAT

    @classmethod
    def of(cls, pack_sha256: str, seed: int | None, valid_examples: int) -> CorpusKey:
        """The key of a run of this pack and these settings with the installed code."""
        from smcontract._version import __version__

        return cls(
            pack_sha256, __version__, seed, valid_examples, _hypothesis_version(), code_digest()
        )

    def digest(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


class NotPlain(ValueError):
    """A value that JSON would not read back as it is (a tuple, bytes, a date ...)."""


def plain(value: Any) -> Any:
    """``value`` if it reads back from JSON equal and with the same types, else NotPlain."""
    _check_plain(value)
    return value


def _check_plain(value: Any) -> None:
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain(f"a {type(key).__name__} key")
            _check_plain(item)
    elif kind is list:
        for item in value:
            _check_plain(item)
    elif kind is float:
        if not math.isfinite(value):
            raise NotPlain(f"the float {value!r}")
    elif value is not None and kind not in (str, int, bool):
        raise NotPlain(f"a {kind.__name__}")


@dataclass
class OperationCorpus:
    """The cached corpus of one operation, as plain JSON values.

    ``units``: the operation's units with their boundary cases, each
    ``{"kind", "constraint_id", "cases": [case]}`` with a case ``{"expect", "request",
    "label", "setup"}``; ``drawn``: per unit (``valid`` or ``reject <constraint ID>``)
    ``{"cases": [case], "coverage": summary or None}``.
    """

    operation: str
    unviolatable: dict[str, str]
    units: list[dict[str, Any]]
    drawn: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "unviolatable": self.unviolatable,
            "units": self.units,
            "drawn": self.drawn,
        }

    @classmethod
    def from_json(cls, data: Any) -> OperationCorpus:
        """The corpus of a file's ``corpus``; ValueError when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        corpus = cls(data["operation"], data["unviolatable"], data["units"], data["drawn"])
        if not isinstance(corpus.operation, str) or not all(
            isinstance(part, kind)
            for part, kind in (
                (corpus.unviolatable, dict),
                (corpus.units, list),
                (corpus.drawn, dict),
            )
        ):
            raise ValueError("a part of the wrong type")
        return corpus


#: What comes before the corpus, the file's last member: its digest is that of the text after.
_CORPUS = ',"corpus":'


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class CorpusCache:
    """The cached corpora of one :class:`CorpusKey`: ``DIR/corpus/DIGEST/OPERATION.json``."""

    def __init__(self, directory: Path, key: CorpusKey) -> None:
        self.key = key
        self.folder = directory / "corpus" / key.digest()[:32]

    def path(self, operation: str) -> Path:
        return self.folder / f"{operation}.json"

    def load(self, operation: str) -> OperationCorpus | None:
        """The stored corpus of ``operation``, or None (absent, unreadable, another key)."""
        path = self.path(operation)
        try:
            raw = path.read_text(encoding="utf-8")
            data = json.loads(raw)
            if data.get("key") != asdict(self.key):
                raise ValueError("another key")
            if data.get("digest") != _digest(raw[raw.index(_CORPUS) + len(_CORPUS) : -1]):
                raise ValueError("the digest does not match")
            corpus = OperationCorpus.from_json(data["corpus"])
            if corpus.operation != operation:
                raise ValueError("another operation")
            return corpus
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.info("ignoring the cached corpus %s (%s: %s)", path, type(exc).__name__, exc)
            return None

    def store(self, corpus: OperationCorpus) -> None:
        """Write ``corpus`` (atomically); a failure to write is logged, not raised."""
        body = _text(corpus.to_json())
        head = _text({"key": asdict(self.key), "digest": _digest(body)})
        path = self.path(corpus.operation)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=self.folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    file.write(f"{head[:-1]}{_CORPUS}{body}}}")
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("cannot write the corpus cache %s (%s)", path, exc)

    def merge_store(self, corpus: OperationCorpus, new_draws: Iterable[str]) -> None:
        """Store ``corpus`` with the draws another process stored meanwhile, so that shards
        drawing different units of one operation keep each other's."""
        stored = self.load(corpus.operation)
        if stored is not None and stored.units == corpus.units:
            fresh = set(new_draws)
            for name, drawn in stored.drawn.items():
                if name not in fresh:
                    corpus.drawn.setdefault(name, drawn)
        self.store(corpus)
