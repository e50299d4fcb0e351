"""The one place where smcontract speeds moto up: moto's per-request introspection, cached.

moto's ``BaseResponse.call_action`` (moto 5.x, ``moto/core/responses.py``) asks, on every
request, which actions the response class has::

    method_names = method_names_from_class(self.__class__)   # inspect.getmembers(...)

For SageMaker's response class that is ``inspect.getmembers`` over about 140 functions,
some 45 microseconds of CPU a request (``benchmarks/bench_moto_hook.py``: about 6 % of an
in-process request; a profiler, which inflates Python calls, put it at 13 %). The
answer depends only on the class, and moto's response classes do not change while it runs,
so this module remembers it per class.

How, and for whom:

* :func:`install` replaces the name ``method_names_from_class`` in ``moto.core.responses``
  (the module ``call_action`` looks it up in, at call time) by :func:`_cached`; idempotent.
  The replacement answers from the cache only inside :func:`active`, which smcontract's
  in-process moto target (``_moto.dispatch_prepared``) enters around each request; anywhere
  else (a user's own ``mock_aws`` test in the same process, moto-server) it calls moto's
  own function, unchanged. Nothing else of moto is touched.
* The cached answer is a new list each time, equal to moto's (the tests compare them for
  every response class moto registers, and compare whole answers with and without the hook).
* If the installed moto no longer has that name (a moto that changed ``call_action``),
  :func:`install` does nothing and :func:`installed` is False: moto runs as it is, slower.
  ``tests/targets/test_moto_hook.py`` fails loudly then, so the hook is revisited.

:func:`uninstall` puts moto's function back (for tests).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["active", "install", "installed", "uninstall"]

_NAME = "method_names_from_class"
_lock = threading.Lock()
_state = threading.local()
_cache: dict[type, tuple[str, ...]] = {}
_original: Callable[[object], list[str]] | None = None


def _depth() -> int:
    return int(getattr(_state, "depth", 0))


@contextlib.contextmanager
def active() -> Iterator[None]:
    """Within this block (this thread only), moto's action lookup is answered from the cache."""
    _state.depth = _depth() + 1
    try:
        yield
    finally:
        _state.depth -= 1


def _cached(clazz: object) -> list[str]:
    """moto's ``method_names_from_class``, remembered per class inside :func:`active`."""
    original = _original
    assert original is not None, "the hook is called only while installed"
    if not _depth() or not isinstance(clazz, type):
        return original(clazz)
    names = _cache.get(clazz)
    if names is None:
        names = _cache[clazz] = tuple(original(clazz))
    return list(names)


def _responses_module() -> Any:
    from moto.core import responses

    return responses


def install() -> bool:
    """Put the cached lookup in place (once per process); whether it is in place."""
    global _original
    with _lock:
        if _original is not None:
            return True
        module = _responses_module()
        current = getattr(module, _NAME, None)
        if not callable(current):
            return False
        _original = current
        setattr(module, _NAME, _cached)
        return True


def installed() -> bool:
    """Whether :func:`install` has replaced moto's lookup in this process."""
    return _original is not None and getattr(_responses_module(), _NAME, None) is _cached


def uninstall() -> None:
    """Give moto its own function back and forget the cache."""
    global _original
    with _lock:
        if _original is None:
            return
        setattr(_responses_module(), _NAME, _original)
        _original = None
        _cache.clear()
