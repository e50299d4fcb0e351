"""Every use of Hypothesis internals, in this one module.

smcontract uses Hypothesis's public API wherever one exists (``given``, ``settings``,
``seed``, strategies, the example databases, ``run_state_machine_as_test``). Three needs have
no public API, and their private access lives here, listed in :data:`PRIVATE` and checked,
one by one and by behaviour, in ``tests/strategies/test_hypothesis_private.py``, so that a
Hypothesis release that changes one fails that test naming it:

* **No local constants.** Hypothesis now and then draws a literal found in any *local* module
  in ``sys.modules`` (providers' local-constants pool). A seeded draw would then depend on
  what happens to be imported (a test file, a plugin, an editable install of smcontract), so
  the same seed could give a CLI run and a pytest-plugin run different requests.
  :func:`no_local_constants` empties the pool while smcontract draws.
* **Primitive choices.** :func:`primitives` reaches the ``ConjectureData`` behind a ``draw``
  function (its ``__self__``) and its ``draw_integer`` choice, the same choice sequence as
  ``st.integers`` at a third of the cost.
* **A database key per unit.** :func:`set_database_key` names where fuzz mode saves a unit's
  failures (``smcontract:<target>:<operation>:<constraint>``), so shared databases keep their
  entries across smcontract versions; Hypothesis's own key is a digest of the test's source,
  which is the same for every unit.

When an attribute is missing at run time the feature falls back (no patch, public strategies,
Hypothesis's own key) and :func:`missing` names it; a warning is logged once.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DATABASE_KEY",
    "DRAW_OWNER",
    "PRIVATE",
    "Primitives",
    "PrivateName",
    "missing",
    "no_local_constants",
    "primitives",
    "set_database_key",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrivateName:
    """One private attribute of Hypothesis that smcontract uses, and what for."""

    module: str
    attribute: str
    use: str

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.attribute}"


_PROVIDERS = "hypothesis.internal.conjecture.providers"
_DATA = "hypothesis.internal.conjecture.data"

LOCAL_CONSTANTS = PrivateName(_PROVIDERS, "_get_local_constants", "patched: the pool")
CONSTANTS_CACHE = PrivateName(_PROVIDERS, "CONSTANTS_CACHE.cache", "cleared with the pool")
CONSTANTS = PrivateName("hypothesis.internal.constants_ast", "Constants", "the empty pool")
DRAW_INTEGER = PrivateName(_DATA, "ConjectureData.draw_integer", "a primitive integer")
#: Every private name used below (attributes of attributes are written with dots).
PRIVATE: tuple[PrivateName, ...] = (
    LOCAL_CONSTANTS,
    CONSTANTS_CACHE,
    CONSTANTS,
    DRAW_INTEGER,
)
#: The attribute of a ``@given`` test that holds its example-database key.
DATABASE_KEY = "_hypothesis_internal_database_key"
#: What ``draw.__self__`` must be for :func:`primitives`: the engine's ``ConjectureData``.
DRAW_OWNER = f"{_DATA}.ConjectureData"


def _resolve(name: PrivateName) -> Any:
    """The object ``name`` names; raises ImportError or AttributeError when it is gone."""
    value: Any = importlib.import_module(name.module)
    for part in name.attribute.split("."):
        value = getattr(value, part)
    return value


def missing() -> list[str]:
    """The dotted names of :data:`PRIVATE` the installed Hypothesis lacks (``[]`` when none)."""
    gone = []
    for name in PRIVATE:
        try:
            _resolve(name)
        except (ImportError, AttributeError):
            gone.append(name.dotted)
    return gone


@functools.cache
def _warn_once(feature: str) -> None:
    log.warning(
        "Hypothesis lacks %s (%s): smcontract falls back to %s",
        ", ".join(missing()) or "a private name",
        "update smcontract/strategies/_hypothesis_private.py",
        feature,
    )


# -- no local constants ------------------------------------------------------------------------

_lock = threading.Lock()
_depth = 0
_saved: list[Any] = []


@contextlib.contextmanager
def no_local_constants() -> Iterator[None]:
    """Hypothesis draws without the literals of local modules, for the time of the block.

    Process-wide (Hypothesis keeps one pool), so nested and concurrent blocks (worker threads)
    share one patch: the first to enter applies it, the last to leave restores it. Hypothesis
    tests of the user that run at the same time also draw without local constants.
    """
    global _depth
    try:
        providers: Any = importlib.import_module(_PROVIDERS)
        empty = _resolve(CONSTANTS)()
        cache = _resolve(CONSTANTS_CACHE)
        original = providers._get_local_constants
    except (ImportError, AttributeError):
        _warn_once("draws that may mix in constants of imported modules")
        yield
        return
    with _lock:
        if _depth == 0:
            _saved[:] = [original]
            providers._get_local_constants = lambda: empty
            cache.clear()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                providers._get_local_constants = _saved.pop()
                cache.clear()


# -- primitive choices -------------------------------------------------------------------------

#: False once a primitive choice failed: every later chooser uses public strategies.
_PRIMITIVES_WORK = [True]


class Primitives:
    """The primitive choices of the ``ConjectureData`` behind a ``draw`` function."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def integer(self, lo: int, hi: int) -> int | None:
        """An integer in ``[lo, hi]``, or None when the primitive no longer works."""
        try:
            value: int = self._data.draw_integer(lo, hi)
        except TypeError:  # pragma: no cover - another signature
            _stop_primitives()
            return None
        return value


def _stop_primitives() -> None:
    _PRIMITIVES_WORK[0] = False
    _warn_once("public strategies for every choice (slower)")


def primitives(draw: Callable[..., Any]) -> Primitives | None:
    """The primitive choices behind ``draw`` (the ``draw`` of ``st.composite``), or None."""
    if not _PRIMITIVES_WORK[0]:
        return None
    data = getattr(draw, "__self__", None)
    owner = f"{type(data).__module__}.{type(data).__qualname__}"
    if data is None or owner != DRAW_OWNER:
        return None
    return Primitives(data)


# -- the database key --------------------------------------------------------------------------


def set_database_key(test: Any, key: bytes) -> None:
    """Save and replay the failures of the ``@given`` ``test`` under ``key``."""
    setattr(test, DATABASE_KEY, key)
