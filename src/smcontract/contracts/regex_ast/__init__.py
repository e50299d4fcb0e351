"""The AWS (Java) regex dialect parsed once, to one tree that every consumer walks.

AWS publishes member patterns as ``java.util.regex`` expressions matched against the whole
value. :func:`parse_pattern` turns one into a tree of the frozen nodes below; the package
walks that tree three ways: to the ``regex`` module (``smcontract.contracts.compile_pattern``,
and the match widths of the importer), to ECMA-262 (the OpenAPI export) and to a generation
plan (``smcontract.strategies``). The parser follows Java's grammar, so a construct means the
same thing wherever it stands: ``^`` is an anchor outside a class and a literal inside one,
and a quantifier after it is a quantifier of the anchor (``${1,128}``, which Java accepts)
only outside a class (``[$?]`` is the set of ``$`` and ``?``).

A node keeps what a walk needs to write it back the way it was written (``Char.raw``,
``Repeat.raw``), so a translation changes only what the dialects spell differently.
Java rejects what the parser rejects (an unknown escape, a dangling quantifier, an
unterminated class), with :class:`PatternError` naming the position.
"""

from __future__ import annotations

from smcontract.contracts.regex_ast._nodes import (
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
    walk,
)
from smcontract.contracts.regex_ast._parser import parse_pattern

__all__ = [
    "Alternation",
    "Anchor",
    "Backref",
    "Char",
    "CharClass",
    "ClassEscape",
    "ClassItem",
    "Dot",
    "Group",
    "GroupKind",
    "InlineFlags",
    "Mode",
    "Node",
    "PatternError",
    "Property",
    "Quote",
    "Range",
    "Repeat",
    "Sequence",
    "parse_pattern",
    "walk",
]
