"""AWS (Java) regex dialect -> ECMA-262 (JSON Schema's ``pattern``): a walk over the tree.

ECMA-262 and Java agree on most of what AWS patterns use, so a node is written back as it
was, anchored (``^(?:...)$``, JSON Schema patterns search). ``\\s`` is spelled as Java's ASCII
class and ``\\v`` as Java's vertical whitespace. What ECMA-262 cannot state (property classes,
nested classes and ``&&``, possessive quantifiers, atomic groups, inline flags, quoting,
``\\A \\Z \\z \\G``, a quantified anchor, ``\\h``) makes the whole pattern inexpressible, with
the first reason in reading order.
"""

from __future__ import annotations

import re

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
    GroupKind,
    InlineFlags,
    Mode,
    Node,
    PatternError,
    Property,
    Quote,
    Range,
    Repeat,
    Sequence,
    parse_pattern,
)

__all__ = ["ecma_pattern"]

_WHITESPACE = r"\t\n\v\f\r "
_VERTICAL = r"\n\v\f\r\x85\u2028\u2029"
_JAVA_ONLY_GROUPS = "atomic groups and inline flags (Java only)"
_JAVA_ONLY_ANCHORS = frozenset({"\\A", "\\Z", "\\z", "\\G"})


class _Inexpressible(Exception):
    """ECMA-262 has no way to say this node; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _lacks(what: str) -> _Inexpressible:
    return _Inexpressible(f"ECMA-262 regexes have no {what}")


def ecma_pattern(pattern: str) -> tuple[str | None, str | None]:
    """``(ECMA-262 regex matching what the Java pattern fully matches, None)``, or
    ``(None, why)`` when ECMA-262 cannot express it."""
    try:
        translated = "^(?:" + _emit(parse_pattern(pattern)) + ")$"
    except PatternError as err:
        return None, str(err)
    except _Inexpressible as err:
        return None, err.reason
    try:
        re.compile(translated)
    except re.error as err:
        return None, f"it does not compile after translation ({err})"
    return translated, None


def _emit(node: Node) -> str:
    _refuse_java_only(node)
    match node:
        case Char() | Anchor() | Backref():
            return node.raw
        case Dot():
            return "."
        case ClassEscape() | Property():
            return _set_escape(node, in_class=False)
        case CharClass():
            return _class(node)
        case Group():
            return node.opening + _emit(node.body) + ")"
        case Repeat():
            return _repeat(node)
        case Sequence():
            return "".join(map(_emit, node.items))
        case Alternation():
            return "|".join(map(_emit, node.options))
    raise AssertionError(f"unhandled regex node {node!r}")  # pragma: no cover


def _refuse_java_only(node: Node) -> None:
    """Raise for the constructs ECMA-262 has no form of."""
    match node:
        case Anchor() if node.raw in _JAVA_ONLY_ANCHORS:
            raise _lacks(f"the {node.raw} anchor")
        case Quote():
            raise _lacks("quoting (\\Q...\\E)")
        case InlineFlags():
            raise _Inexpressible(_JAVA_ONLY_GROUPS)
        case Group() if node.kind in (GroupKind.ATOMIC, GroupKind.FLAGS):
            raise _Inexpressible(_JAVA_ONLY_GROUPS)


def _repeat(node: Repeat) -> str:
    if isinstance(node.body, Anchor):
        raise _Inexpressible("a quantified anchor")
    body = _emit(node.body)
    if node.mode is Mode.POSSESSIVE:
        raise _Inexpressible("a possessive quantifier (Java only)")
    return body + node.raw


def _set_escape(node: ClassEscape | Property, *, in_class: bool) -> str:
    if isinstance(node, Property):
        raise _lacks(f"Unicode/POSIX property classes (\\{node.raw[1]}{{...}})")
    letter = node.letter
    if letter in "hH":
        raise _lacks(f"\\{letter}")
    if letter in "sv":
        body = _WHITESPACE if letter == "s" else _VERTICAL
        return body if in_class else f"[{body}]"
    if letter == "V" or (letter == "S" and not in_class):
        if in_class:
            raise _Inexpressible("a nested or intersected character class (Java only)")
        return f"[^{_WHITESPACE if letter == 'S' else _VERTICAL}]"
    return "\\" + letter


def _class(node: CharClass) -> str:
    out = ["[^" if node.negated else "["]
    for index, items in enumerate(node.operands):
        if index:
            raise _Inexpressible("a character class intersection (&&, Java only)")
        out.extend(_class_item(item, first=position == 0) for position, item in enumerate(items))
    return "".join(out) + "]"


def _class_item(item: ClassItem, *, first: bool) -> str:
    match item:
        case Char():
            # A ']' right after '[' or '[^' is a literal in Java; ECMA needs it escaped.
            return "\\]" if first and item.raw == "]" else item.raw
        case Range():
            return item.low.raw + "-" + item.high.raw
        case ClassEscape() | Property():
            return _set_escape(item, in_class=True)
        case CharClass():
            raise _Inexpressible("a nested or intersected character class (Java only)")
