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
#: Drawn text of a shorter minimum is at most this long (a value at its maximum of 2048
#: characters comes from the boundaries).
LONG_TEXT = 64


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


#: Bits of one packed draw of ``flags()`` and ``modes()``. Hypothesis (6.170) draws an
#: integer of up to 8 bits about uniformly; a wider one leans towards small values (the top
#: bit of a 16-bit integer is set one time in ten), which would keep the later flags of a
#: wide word off and its later modes 0.
_WORD_BITS = 8
#: Bits of one mode (0..15), and at most of one flag (probabilities in steps of 1/16).
_FIELD_BITS = 4


def _fields(chooser: Chooser, count: int, bits: int) -> list[int]:
    """``count`` independent values of ``bits`` bits, as many to a draw as fit in
    ``_WORD_BITS``; shrinking a draw towards 0 turns all of its values to 0."""
    per_draw = _WORD_BITS // bits
    mask = (1 << bits) - 1
    out: list[int] = []
    while len(out) < count:
        batch = min(per_draw, count - len(out))
        word = chooser.integer(0, (1 << (bits * batch)) - 1)
        for _ in range(batch):
            out.append(word & mask)
            word >>= bits
    return out


@functools.lru_cache(maxsize=64)
def _flag_field(probability: float) -> tuple[int, int]:
    """(bits, cut) of a flag: the fewest bits that give ``probability`` in steps of 1/16
    (one bit for 1/2, two for 1/4), and the value from which the flag is True."""
    levels = 1 << _FIELD_BITS
    true = max(1, min(levels, round(levels * probability)))
    bits = _FIELD_BITS
    while bits > 1 and true % 2 == 0:
        true //= 2
        bits -= 1
    return bits, (1 << bits) - true


def flags(chooser: Chooser, count: int, probability: float) -> list[bool]:
    """``count`` independent choices, each True with about ``probability`` (in steps of
    1/16), packed into few draws (eight to a draw at 1/2); the simplest answer is False."""
    bits, cut = _flag_field(probability)
    return [value >= cut for value in _fields(chooser, count, bits)]


def modes(chooser: Chooser, count: int) -> list[int]:
    """``count`` independent choices in ``0..15``, two to a draw; the simplest is 0."""
    return _fields(chooser, count, _FIELD_BITS)


@functools.lru_cache(maxsize=4096)
def _integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=256)
def _reals(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


#: A piece of drawn text is one integer below 2**24: its low 8 bits choose the length
#: (:func:`_extra_length`; about uniform, whatever Hypothesis's lean towards small integers),
#: the rest seed the content (:func:`spread`). Shrinking it towards 0 first makes the
#: content the simplest (the alphabet's first character), then the text shorter.
_LENGTH_CHOICES = 256
_TEXT_WORD = (1 << 24) - 1


@functools.lru_cache(maxsize=1024)
def _extra_length(lo: int, hi: int) -> tuple[int, ...]:
    """Characters beyond ``lo`` for each length choice: geometric, about as long on average
    as Hypothesis's own text (``lo + 5``, at most halfway), 0 for the first choice and
    ``hi - lo`` for the last."""
    span = hi - lo
    mean = max(1.0, min(5.0, span / 2))
    top = _LENGTH_CHOICES - 1
    table = [
        min(span, int(-math.log(1 - (choice + 0.5) / _LENGTH_CHOICES) * mean))
        for choice in range(top)
    ]
    return (*table, span)


_MASK = (1 << 64) - 1
#: Longer text is spread by ``random.Random`` (its seeding costs as much as 50 characters).
_SPREAD_BY_BLOCKS = 64


def _mix(state: int) -> int:
    """The next 64 pseudo-random bits after ``state`` (splitmix64)."""
    z = (state + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def spread(content: int, alphabet: str, size: int) -> str:
    """``size`` characters of ``alphabet`` from the number ``content``; 0 gives the first
    character repeated, any other number a pseudo-random string it alone determines."""
    if not content or len(alphabet) == 1:
        return alphabet[:1] * size
    if size > _SPREAD_BY_BLOCKS:
        return "".join(random.Random(content).choices(alphabet, k=size))
    n = len(alphabet)
    out: list[str] = []
    state = content
    while len(out) < size:
        state = _mix(state)
        bits = state
        for _ in range(min(size - len(out), _per_block(n))):
            bits, index = divmod(bits, n)
            out.append(alphabet[index])
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _per_block(size: int) -> int:
    """Characters of a ``size``-character alphabet taken from one 64-bit block: as many as
    58 bits hold, so the 6 bits to spare keep every character within 1/64 of uniform."""
    return max(1, int(58 / math.log2(max(size, 2))))


class DrawChooser:
    """Choices drawn by Hypothesis (inside ``st.composite``).

    Every choice is an integer. Drawing one through a public strategy costs about 20
    microseconds, and a request takes 20 to 60 choices. Where Hypothesis offers the primitive
    ``draw_integer`` choice of the data behind ``draw`` (:func:`._hypothesis_private.primitives`)
    the chooser records its choices there directly, which is the same choice sequence at a
    third of the cost; otherwise, or once the primitive fails, it uses ``st.integers``. A
    piece of text is one integer (length and content, see :func:`spread`), a fifth of the
    cost of a Hypothesis string of the same alphabet.
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
        if lo <= LONG_TEXT:
            hi = min(hi, LONG_TEXT)
        content, choice = divmod(self.integer(0, _TEXT_WORD), _LENGTH_CHOICES)
        size = lo if lo >= hi else lo + _extra_length(lo, hi)[choice]
        return spread(content, alphabet, size)

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
