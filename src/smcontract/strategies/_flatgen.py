"""A repetition of character sets, generated from one text draw and repaired to match.

``(-*[a-zA-Z0-9]){0,62}`` walked one repetition at a time costs a choice (and a few dozen
Python calls) for every repetition. Its body holds only *atoms*: a character set, a literal
character, or a set repeated ``low``..``high`` times. A sequence of *segments* (atoms
repeated ``kmin``..``kmax`` times; a plain set or literal is a segment repeated once) is a
small counter automaton, whose states are (segment, its repetitions done, atom, characters
in the atom). This module draws one text over the union of the atoms' alphabets and walks
it through the automaton, keeping each drawn character where a transition takes it and
replacing it by one of that atom's alphabet otherwise (the same character for the same
draw, so generation stays deterministic and a simpler draw gives a simpler string). The
walk only takes transitions from which the rest of the length can still end in an
accepting state, so the result always matches; the table of those states (by remaining
length) is computed once per plan, bottom up, and kept.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

__all__ = ["FLAT_MAX", "Atom", "Flat", "Segment"]

#: Lengths above this go through the general walk (the feasibility table stays small).
FLAT_MAX = 256
#: Automata with more states than this are not built (very wide counted repetitions).
_MAX_STATES = 1024


@dataclass(frozen=True)
class Atom:
    """A character set repeated ``low`` to ``high`` times (``high`` None: unbounded)."""

    alphabet: str
    low: int = 1
    high: int | None = 1


@dataclass(frozen=True)
class Segment:
    """``atoms`` in sequence, repeated ``kmin`` to ``kmax`` times (``kmax`` None: unbounded)."""

    atoms: tuple[Atom, ...]
    kmin: int = 1
    kmax: int | None = 1


# A state: (segment, its repetitions done, atom index, characters in the atom, capped).
_State = tuple[int, int, int, int]


@dataclass
class Flat:
    """``segments`` one after the other: a counter automaton over their characters."""

    segments: tuple[Segment, ...]
    #: The union of the atoms' alphabets, in the universe's order (simplest first).
    alphabet: str = ""
    #: Per state: the (alphabet, characters, next state) of every transition, in order.
    _moves: list[list[tuple[str, frozenset[str], int]]] = field(default_factory=list)
    _accepts: list[bool] = field(default_factory=list)
    #: ``_feasible[r]``: the states from which exactly ``r`` more characters can end, as a
    #: bit mask (bit ``s`` for state ``s``).
    _feasible: list[int] = field(default_factory=list)
    #: Each state's successors, as a bit mask.
    _next: list[int] = field(default_factory=list)
    _cache: dict[tuple[int, int], list[tuple[str, frozenset[str], int]]] = field(
        default_factory=dict
    )
    #: Where each character of ``alphabet`` is (a replaced character's choice).
    _places: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, segments: tuple[Segment, ...], order: str) -> Flat | None:
        """The automaton, or None when it would be too large."""
        chars = {c for segment in segments for atom in segment.atoms for c in atom.alphabet}
        flat = cls(segments, "".join(c for c in order if c in chars))
        flat._places = {c: i for i, c in enumerate(flat.alphabet)}
        return flat if flat._explore() else None

    # -- the automaton ------------------------------------------------------------------

    def _skips(self, state: _State) -> list[_State]:
        """The states one step without a character away from ``state``."""
        s, k, i, j = state
        if s == len(self.segments):
            return []
        segment = self.segments[s]
        out: list[_State] = []
        if i == 0 and j == 0 and k >= segment.kmin:
            out.append((s + 1, 0, 0, 0))
        if j < segment.atoms[i].low:
            return out
        if i + 1 < len(segment.atoms):
            out.append((s, k, i + 1, 0))
        elif segment.kmax is None:
            out.append((s, min(k + 1, segment.kmin), 0, 0))
        elif k + 1 <= segment.kmax:
            out.append((s, k + 1, 0, 0))
        return out

    def _closure(self, state: _State) -> list[_State]:
        """``state`` and the states reachable from it without a character, in order."""
        seen = [state]
        index = 0
        while index < len(seen):
            for nxt in self._skips(seen[index]):
                if nxt not in seen:
                    seen.append(nxt)
            index += 1
        return seen

    def _consume(self, state: _State) -> tuple[Atom, _State] | None:
        """The atom ``state`` can take a character of, and the state after it."""
        s, k, i, j = state
        if s == len(self.segments):
            return None
        segment = self.segments[s]
        atom = segment.atoms[i]
        if (segment.kmax is not None and k >= segment.kmax) or (
            atom.high is not None and j >= atom.high
        ):
            return None
        # Unbounded: counts past ``low`` are alike, but j == 0 marks the boundary.
        cap = max(atom.low, 1) if atom.high is None else atom.high
        return atom, (s, k, i, min(j + 1, cap))

    def _explore(self) -> bool:
        ids: dict[_State, int] = {(0, 0, 0, 0): 0}
        todo: list[_State] = [(0, 0, 0, 0)]
        while todo:
            if len(ids) > _MAX_STATES:
                return False
            state = todo.pop()
            moves: list[tuple[str, frozenset[str], _State]] = []
            accepts = False
            for near in self._closure(state):
                accepts = accepts or near[0] == len(self.segments)
                step = self._consume(near)
                if step is not None:
                    atom, nxt = step
                    moves.append((atom.alphabet, frozenset(atom.alphabet), nxt))
            for *_, nxt in moves:
                if nxt not in ids:
                    ids[nxt] = len(ids)
                    todo.append(nxt)
            self._store(ids[state], [(a, c, ids[n]) for a, c, n in moves], accepts)
        return True

    def _store(self, sid: int, moves: list[tuple[str, frozenset[str], int]], accepts: bool) -> None:
        while len(self._moves) <= sid:
            self._moves.append([])
            self._accepts.append(False)
        self._moves[sid] = moves
        self._accepts[sid] = accepts

    def feasible(self, remaining: int) -> int:
        """The states from which exactly ``remaining`` characters can end, as a bit mask
        (cached)."""
        table = self._feasible
        if not table:
            self._next = [sum({1 << n for *_, n in moves}) for moves in self._moves]
            table.append(sum(1 << s for s, ok in enumerate(self._accepts) if ok))
        while len(table) <= remaining:
            last = table[-1]
            table.append(sum(1 << s for s, nxt in enumerate(self._next) if nxt & last))
        return table[remaining]

    # -- generation ---------------------------------------------------------------------

    def length(self, wanted: int, lo: int, hi: int) -> int | None:
        """The length in ``[lo, hi]`` nearest to ``wanted`` (shorter first) that can match."""
        wanted = max(lo, min(wanted, hi))
        for size in itertools.chain(range(wanted, lo - 1, -1), range(wanted + 1, hi + 1)):
            if self.feasible(size) & 1:
                return size
        return None

    def walk(self, text: str, size: int) -> str:
        """A matching string of ``size`` characters that keeps what it can of ``text``."""
        out: list[str] = []
        state = 0
        for position in range(size):
            char = text[position] if position < len(text) else ""
            options = self._options(state, size - position - 1)
            for alphabet, chars, state in options:  # noqa: B007 - the state taken
                if char in chars:
                    out.append(char)
                    break
            else:
                alphabet, _, state = options[0]
                out.append(alphabet[self._places.get(char, 0) % len(alphabet)])
        return "".join(out)

    def _options(self, state: int, remaining: int) -> list[tuple[str, frozenset[str], int]]:
        """The transitions of ``state`` after which ``remaining`` characters can end."""
        key = (state, remaining)
        options = self._cache.get(key)
        if options is None:
            ahead = self.feasible(remaining)
            options = [m for m in self._moves[state] if ahead >> m[2] & 1]
            self._cache[key] = options
        return options
