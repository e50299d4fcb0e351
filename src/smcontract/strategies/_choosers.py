"""Where generation gets its choices from: Hypothesis draws, a seeded PRNG, or the minimum.

The generators in this package never call Hypothesis directly. They ask a *chooser* for an
integer, a float or a piece of text, so one interpreter serves three purposes:

* ``DrawChooser`` wraps a Hypothesis ``draw``: strategies that shrink (smaller integers,
  shorter text, absent members);
* ``RandomChooser`` wraps ``random.Random(seed)``: cheap filler content (the 40 other tags
  of a list drawn at its maximum) and the witness search of ``unviolatable()``;
* ``MinimalChooser`` always answers the smallest choice: the deterministic base requests of
  ``boundaries()``.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable
from typing import Any, Protocol

from hypothesis import strategies as st

from smcontract.strategies._hypothesis_private import primitives

__all__ = [
    "Chooser",
    "DrawChooser",
    "MinimalChooser",
    "RandomChooser",
    "chance",
    "flags",
    "modes",
]

#: Text lengths drawn without an upper bound stop here.
FREE_TEXT = 24
#: Longer text is drawn by Hypothesis only up to this length; a longer one (a value at
#: its maximum of 2048 characters) comes from a seeded PRNG in one draw.
LONG_TEXT = 64
#: Text of a longer minimum draws this many characters from Hypothesis (each one costs
#: about 3 microseconds there), the rest from a seeded PRNG.
HEAD_TEXT = 16


class Chooser(Protocol):
    """A source of choices. Lower answers are "simpler" (absent, shorter, first)."""

    def integer(self, lo: int, hi: int) -> int:
        """An integer in ``[lo, hi]``."""
        ...

    def real(self, lo: float, hi: float) -> float:
        """A finite float in ``[lo, hi]``."""
        ...

    def text(self, alphabet: str, lo: int, hi: int) -> str:
        """A string of ``lo`` to ``hi`` characters taken from ``alphabet``."""
        ...

    def bulk(self) -> Chooser:
        """A cheap chooser for filler content (one choice of this chooser at most)."""
        ...


def chance(chooser: Chooser, probability: float) -> bool:
    """True with about ``probability``; the simplest answer is False."""
    cut = 16 - round(16 * probability)
    return chooser.integer(0, 15) >= cut


#: Bits per flag of ``flags()``: probabilities come in steps of 1/8.
_FLAG_BITS = 3
_FLAGS_PER_DRAW = 20


def flags(chooser: Chooser, count: int, probability: float) -> list[bool]:
    """``count`` independent choices, each True with about ``probability``, in few draws.

    One integer holds three bits per flag; shrinking it towards 0 turns flags off.
    """
    levels = 1 << _FLAG_BITS
    cut = levels - max(1, round(levels * probability))
    out: list[bool] = []
    while len(out) < count:
        batch = min(_FLAGS_PER_DRAW, count - len(out))
        word = chooser.integer(0, (1 << (_FLAG_BITS * batch)) - 1)
        for _ in range(batch):
            out.append((word & (levels - 1)) >= cut)
            word >>= _FLAG_BITS
    return out


#: Modes (0..15) per draw of ``modes()``.
_MODES_PER_DRAW = 15


def modes(chooser: Chooser, count: int) -> list[int]:
    """``count`` independent choices in ``0..15``, in few draws (four bits each; shrinking
    the word towards 0 turns every one to 0)."""
    out: list[int] = []
    while len(out) < count:
        batch = min(_MODES_PER_DRAW, count - len(out))
        word = chooser.integer(0, (1 << (4 * batch)) - 1)
        for _ in range(batch):
            out.append(word & 15)
            word >>= 4
    return out


@functools.lru_cache(maxsize=4096)
def _integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=256)
def _reals(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@functools.lru_cache(maxsize=4096)
def _texts(alphabet: str, lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=lo, max_size=hi)


class DrawChooser:
    """Choices drawn by Hypothesis (inside ``st.composite``).

    Drawing through public strategies costs about 20 microseconds per choice, and a request
    takes 20 to 60 choices. Where Hypothesis offers the primitive ``draw_integer`` and
    ``draw_string`` choices of the data behind ``draw`` (:func:`._hypothesis_private.primitives`)
    the chooser records its choices there directly, which is the same choice sequence at a
    third of the cost; otherwise, or once a primitive fails, it uses public strategies.
    """

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw
        self._fast = primitives(draw)

    def __repr__(self) -> str:
        return "DrawChooser()"

    def integer(self, lo: int, hi: int) -> int:
        if lo >= hi:
            return lo
        if self._fast is not None:
            fast = self._fast.integer(lo, hi)
            if fast is not None:
                return fast
            self._fast = None
        value: int = self._draw(_integers(lo, hi))
        return value

    def real(self, lo: float, hi: float) -> float:
        if lo >= hi:
            return lo
        value: float = self._draw(_reals(lo, hi))
        return value

    def text(self, alphabet: str, lo: int, hi: int) -> str:
        if hi <= 0 or not alphabet:
            return ""
        if lo > LONG_TEXT:
            return self.bulk().text(alphabet, lo, hi)
        hi = min(hi, LONG_TEXT)
        if lo > HEAD_TEXT:
            head = self._text(alphabet, HEAD_TEXT, HEAD_TEXT)
            return head + self.bulk().text(alphabet, lo - HEAD_TEXT, hi - HEAD_TEXT)
        return self._text(alphabet, lo, hi)

    def _text(self, alphabet: str, lo: int, hi: int) -> str:
        if self._fast is not None:
            fast = self._fast.text(alphabet, lo, hi)
            if fast is not None:
                return fast
            self._fast = None
        value: str = self._draw(_texts(alphabet, lo, hi))
        return value

    def bulk(self) -> Chooser:
        return RandomChooser(self.integer(0, 2**32 - 1))


class RandomChooser:
    """Choices from ``random.Random(seed)``: fast, reproducible, no shrinking."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._random = random.Random(seed)

    def __repr__(self) -> str:
        return f"RandomChooser({self.seed})"

    def integer(self, lo: int, hi: int) -> int:
        if lo >= hi:
            return lo
        return self._random.randint(lo, hi)

    def real(self, lo: float, hi: float) -> float:
        if lo >= hi:
            return lo
        return self._random.uniform(lo, hi)

    def text(self, alphabet: str, lo: int, hi: int) -> str:
        if hi <= 0 or not alphabet:
            return ""
        rng = self._random
        roll = rng.random()
        if hi - lo <= 4:
            size = rng.randint(lo, hi)
        elif roll < 0.05:
            size = hi
        elif roll < 0.25:
            size = lo
        else:
            size = min(hi, lo + int(rng.expovariate(1 / 8)))
        return "".join(rng.choices(alphabet, k=size))

    def bulk(self) -> Chooser:
        return self


class MinimalChooser:
    """The smallest answer every time; ``bulk()`` gives reproducible filler."""

    def __init__(self, seed: int = 0) -> None:
        self._next = seed

    def __repr__(self) -> str:
        return "MinimalChooser()"

    def integer(self, lo: int, hi: int) -> int:
        return lo

    def real(self, lo: float, hi: float) -> float:
        if lo <= 0.0 <= hi:
            return 0.0
        return lo if math.isfinite(lo) else hi

    def text(self, alphabet: str, lo: int, hi: int) -> str:
        if not alphabet:
            return ""
        return alphabet[0] * lo

    def bulk(self) -> Chooser:
        self._next += 1
        return RandomChooser(self._next)
