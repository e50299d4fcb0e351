"""The nodes of the tree (see the package docstring)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


class PatternError(ValueError):
    """A pattern Java would reject, or one the translation cannot turn into a working regex."""


class GroupKind(enum.StrEnum):
    """What a parenthesised group is; the value is how it opens."""

    CAPTURE = "("
    NON_CAPTURE = "(?:"
    NAMED = "(?<name>"
    LOOKAHEAD = "(?="
    NEGATIVE_LOOKAHEAD = "(?!"
    LOOKBEHIND = "(?<="
    NEGATIVE_LOOKBEHIND = "(?<!"
    ATOMIC = "(?>"
    FLAGS = "(?flags:"

    @property
    def zero_width(self) -> bool:
        """Whether the group is a look-around (matches no characters)."""
        return self in _LOOKAROUNDS


_LOOKAROUNDS = frozenset(
    {
        GroupKind.LOOKAHEAD,
        GroupKind.NEGATIVE_LOOKAHEAD,
        GroupKind.LOOKBEHIND,
        GroupKind.NEGATIVE_LOOKBEHIND,
    }
)


class Mode(enum.StrEnum):
    """How a quantifier repeats; the value is its suffix."""

    GREEDY = ""
    LAZY = "?"
    POSSESSIVE = "+"


@dataclass(frozen=True, slots=True)
class Char:
    """One literal character (a UTF-16 surrogate pair written as two escapes is one)."""

    char: str
    raw: str


@dataclass(frozen=True, slots=True)
class Dot:
    """``.``: any character but Java's line terminators."""


@dataclass(frozen=True, slots=True)
class ClassEscape:
    """``\\d \\D \\w \\W \\s \\S \\h \\H \\v \\V`` (ASCII-only in Java, except ``\\h \\v``)."""

    letter: str

    @property
    def negated(self) -> bool:
        """Whether the escape is the complement (an upper-case letter)."""
        return self.letter.isupper()


@dataclass(frozen=True, slots=True)
class Property:
    """``\\p{Name}``, ``\\P{Name}`` or ``\\pL``: a Unicode or POSIX property class."""

    name: str
    negated: bool
    raw: str


@dataclass(frozen=True, slots=True)
class Range:
    """``a-z`` inside a class."""

    low: Char
    high: Char


@dataclass(frozen=True, slots=True)
class CharClass:
    """``[...]``: the union of each operand's items, intersected across operands (``&&``)."""

    negated: bool
    operands: tuple[tuple[ClassItem, ...], ...]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A zero-width assertion written as one token: ``^ $ \\b \\B \\A \\z \\Z \\G``."""

    raw: str


@dataclass(frozen=True, slots=True)
class Backref:
    """A back-reference, ``\\1`` or ``\\k<name>``: ``group`` is the number or the name."""

    group: str
    raw: str


@dataclass(frozen=True, slots=True)
class Quote:
    """``\\Q...\\E``: literal text."""

    text: str


@dataclass(frozen=True, slots=True)
class InlineFlags:
    """``(?i)``, ``(?i-s)``: flags switched on or off for the rest of the group."""

    flags: str


@dataclass(frozen=True, slots=True)
class Group:
    """A parenthesised group; ``name`` for a named group, ``flags`` for ``(?i:...)``."""

    kind: GroupKind
    body: Node
    name: str = ""
    flags: str = ""

    @property
    def opening(self) -> str:
        """How the group opens, as Java (and the ``regex`` module) spell it."""
        if self.kind is GroupKind.NAMED:
            return f"(?<{self.name}>"
        if self.kind is GroupKind.FLAGS:
            return f"(?{self.flags}:"
        return self.kind.value


@dataclass(frozen=True, slots=True)
class Repeat:
    """``body`` repeated ``low`` to ``high`` times (None: unbounded); ``raw`` as written."""

    body: Node
    low: int
    high: int | None
    mode: Mode
    raw: str


@dataclass(frozen=True, slots=True)
class Sequence:
    """Items one after the other (one item is never wrapped; none is the empty string)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Alternation:
    """``a|b|c`` (two options at least)."""

    options: tuple[Node, ...]


ClassItem = Char | Range | ClassEscape | Property | CharClass
Node = (
    Char
    | Dot
    | ClassEscape
    | Property
    | CharClass
    | Anchor
    | Backref
    | Quote
    | InlineFlags
    | Group
    | Repeat
    | Sequence
    | Alternation
)


def walk(node: Node | ClassItem) -> Iterator[Node | ClassItem]:
    """``node`` and every node below it, in reading order (a pre-order walk)."""
    yield node
    match node:
        case Group() | Repeat():
            yield from walk(node.body)
        case Sequence():
            for item in node.items:
                yield from walk(item)
        case Alternation():
            for option in node.options:
                yield from walk(option)
        case CharClass():
            for items in node.operands:
                for member in items:
                    yield from walk(member)
        case Range():
            yield node.low
            yield node.high
        case _:
            pass
