"""AWS (Java) regex dialect -> the ``regex`` module: one walk over the parsed tree.

AWS publishes patterns as Java regular expressions that must match the whole value. The
pattern is parsed once (:mod:`smcontract.contracts.regex_ast`); this walk writes each node
back as the ``regex`` module spells it, unchanged unless the dialects differ:

* ``\\d \\w \\s \\b`` (and their negations) are ASCII-only in Java but Unicode-aware in Python;
  we spell them out as ASCII classes. ``\\h`` and ``\\v`` are Java's horizontal and vertical
  whitespace. ``\\p{L}``, ``\\p{Z}``, ``\\p{N}`` stay Unicode properties, which ``regex``
  understands (its ASCII flag would break them, so it is not used).
* Java's POSIX classes (``\\p{Alnum}``, ``\\p{Alpha}``, ...) are ASCII sets.
* A quantifier on an anchor (``${1,128}``, seen in CustomerMetadataKey) is accepted by Java
  and means nothing; it is dropped. Inside a class ``^`` and ``$`` are literals, so ``[^+]+``
  and ``[$?]`` keep their quantifier and their ``?``.
* A UTF-16 surrogate pair written as two escapes (``\\uD800\\uDC00``) is one code point in
  Java; it becomes that code point (``\\U0001XXXX``). Escapes ``regex`` lacks (``\\e``,
  ``\\cX``, ``\\x{...}``, ``\\0nnn``, ``\\N{...}``) become ``\\uXXXX``; ``\\Q...\\E`` is escaped.
* Patterns compile in ``regex``'s V1 mode, whose nested classes (``[a[^b]]``) and
  intersections (``&&``) are Java's; a doubled ``-``, ``|`` or ``~`` in a class (an operator
  in V1, literals in Java) is escaped.
* ``.`` excludes all of Java's line terminators (``\\n \\r \\u0085 \\u2028 \\u2029``).
* Matching is always ``fullmatch``.

:func:`pattern_width` is a second walk: the shortest and longest match.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import regex

from smcontract.contracts.regex_ast import (
    Alternation,
    Anchor,
    Backref,
    Char,
    CharClass,
    ClassEscape,
    ClassItem,
    Dot,
    Group,
    InlineFlags,
    Node,
    PatternError,
    Property,
    Quote,
    Range,
    Repeat,
    Sequence,
    parse_pattern,
)

__all__ = [
    "PatternError",
    "compile_node",
    "compile_pattern",
    "full_match",
    "pattern_width",
    "translate_node",
    "translate_pattern",
]

# Java's predefined classes, ASCII by default (java.util.regex.Pattern docs).
_JAVA_SPACE = r" \t\n\x0B\f\r"
_CLASS_ESCAPES = {
    "d": "0-9",
    "w": "a-zA-Z0-9_",
    "s": _JAVA_SPACE,
    "h": r" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000",
    "v": r"\n\x0B\f\r\x85\u2028\u2029",
}
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": r"\x00-\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": r"!-/:-@\[-`{-~",
    "Graph": r"!-~",
    "Print": r" -~",
    "Blank": r" \t",
    "Cntrl": r"\x00-\x1F\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": _JAVA_SPACE,
}
# Java's '.' excludes every line terminator, not only '\n'.
_JAVA_DOT = r"[^\n\r\u0085\u2028\u2029]"
_WORD = "[a-zA-Z0-9_]"
_ANCHORS = {
    "^": "^",
    "$": "$",
    "\\A": "\\A",
    "\\G": "\\G",
    "\\z": "\\Z",  # regex's \Z is the very end, Java's \z
    "\\Z": "(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?\\Z)",
    "\\b": f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))",
    "\\B": f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))",
}
# A Char written like this means the same character to ``regex``; others are re-spelled.
_PORTABLE_RAW = re.compile(r"[^\\]|\\[^0-9A-Za-z]|\\[tnrfa]|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")
# Doubled, these are set operators in V1 classes; literals in Java.
_CLASS_OPERATOR_CHARS = frozenset("-|~")


def translate_pattern(pattern: str) -> str:
    """Return the ``regex``-module spelling of the Java pattern ``pattern`` (not anchored)."""
    return translate_node(parse_pattern(pattern))


def translate_node(node: Node) -> str:
    """The ``regex``-module spelling of one node of a parsed Java pattern."""
    return _emit(node)


def _emit(node: Node) -> str:
    match node:
        case Char():
            return _char(node)
        case Dot():
            return _JAVA_DOT
        case ClassEscape() | Property():
            return _set_escape(node, in_class=False)
        case CharClass():
            return _class(node)
        case Anchor():
            return _ANCHORS[node.raw]
        case Backref():
            return f"(?:\\g<{node.group}>)"
        case Quote():
            return "".join(map(_escape, node.text))
        case InlineFlags():
            return f"(?{node.flags})"
        case Group():
            return node.opening + _emit(node.body) + ")"
        case Repeat():
            body = _emit(node.body)
            return body if isinstance(node.body, Anchor) else body + node.raw
        case Sequence():
            return "".join(map(_emit, node.items))
        case Alternation():
            return "|".join(map(_emit, node.options))


def _escape(char: str) -> str:
    code = ord(char)
    if char.isascii() and char.isalnum():
        return char
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _char(char: Char) -> str:
    return char.raw if _PORTABLE_RAW.fullmatch(char.raw) else _escape(char.char)


def _set_escape(node: ClassEscape | Property, *, in_class: bool) -> str:
    """A class escape or property; inside a class a positive set is spliced in as its body."""
    if isinstance(node, ClassEscape):
        body = _CLASS_ESCAPES[node.letter.lower()]
    elif (posix := _POSIX.get(node.name.removeprefix("Is"))) is not None:
        body = posix
    else:
        return node.raw  # a Unicode property: regex spells it as Java does
    if node.negated:
        return f"[^{body}]"  # inside a class this is a nested set ([\S\s]), which V1 allows
    return body if in_class else f"[{body}]"


def _class(node: CharClass) -> str:
    operands = ["".join(_class_items(items)) for items in node.operands]
    first = operands[0]
    if first.startswith(":"):  # V1 would read "[:" as the start of a POSIX class
        operands[0] = "\\" + first
    return "[" + ("^" if node.negated else "") + "&&".join(operands) + "]"


def _class_items(items: tuple[ClassItem, ...]) -> list[str]:
    out: list[str] = []
    for item in items:
        text = _class_item(item)
        if out and text[:1] in _CLASS_OPERATOR_CHARS and out[-1].endswith(text[0]):
            text = "\\" + text
        out.append(text)
    return out


def _class_item(item: ClassItem) -> str:
    match item:
        case Char():
            return _char(item)
        case Range():
            low, high = (_char(end) for end in (item.low, item.high))
            return "-".join("\\-" if end == "-" else end for end in (low, high))
        case ClassEscape() | Property():
            return _set_escape(item, in_class=True)
        case CharClass():
            return _class(item)


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """Compile the Java pattern ``pattern`` for full matching; raise PatternError if impossible."""
    translated = translate_pattern(pattern)
    try:
        return regex.compile(translated, flags=regex.V1)
    except (regex.error, ValueError, OverflowError) as err:
        raise PatternError(
            f"pattern {pattern!r} does not compile after translation to {translated!r}: {err}"
        ) from None


@functools.lru_cache(maxsize=4096)
def compile_node(node: Node) -> Any:
    """Compile one node of a parsed Java pattern (a character set, say) for full matching."""
    translated = translate_node(node)
    try:
        return regex.compile(translated, flags=regex.V1)
    except (regex.error, ValueError, OverflowError) as err:
        raise PatternError(f"{translated!r} does not compile: {err}") from None


def full_match(pattern: str, value: str) -> bool:
    """Whether ``value`` matches the whole Java pattern ``pattern``."""
    return compile_pattern(pattern).fullmatch(value) is not None


# -- match widths -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def pattern_width(pattern: str) -> tuple[int, int | None]:
    """The shortest and longest length a full match of ``pattern`` can have (None: unbounded)."""
    low, high = _width(parse_pattern(pattern))
    return low, (None if math.isinf(high) else int(high))


def _width(node: Node) -> tuple[int, float]:
    match node:
        case Char() | Dot() | ClassEscape() | Property() | CharClass():
            return 1, 1
        case Anchor() | InlineFlags():
            return 0, 0
        case Backref():
            return 0, math.inf
        case Quote():
            return len(node.text), len(node.text)
        case Group():
            return (0, 0) if node.kind.zero_width else _width(node.body)
        case Repeat():
            low, high = _width(node.body)
            if high == 0 or node.high == 0:
                return 0, 0
            return low * node.low, high * (math.inf if node.high is None else node.high)
        case Sequence():
            widths = [_width(item) for item in node.items]
            return sum(w[0] for w in widths), sum(w[1] for w in widths)
        case Alternation():
            widths = [_width(option) for option in node.options]
            return min(w[0] for w in widths), max(w[1] for w in widths)
