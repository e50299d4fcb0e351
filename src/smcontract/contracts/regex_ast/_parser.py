"""Recursive descent over ``java.util.regex.Pattern``'s grammar, to the nodes of ``_nodes``."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NoReturn

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
)

__all__ = ["parse_pattern"]

_SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\x0c", "a": "\x07", "e": "\x1b"}
_CLASS_LETTERS = frozenset("dDwWsShHvV")
_ANCHOR_LETTERS = frozenset("bBAzZG")
_SHORT_QUANTIFIERS = {"*": (0, None), "+": (1, None), "?": (0, 1)}
_COUNTED = re.compile(r"\{(\d+)(,(\d*))?\}")
_GROUP_OPENINGS = (  # longest first: "(?<=" before a named group's "(?<"
    GroupKind.LOOKBEHIND,
    GroupKind.NEGATIVE_LOOKBEHIND,
    GroupKind.NON_CAPTURE,
    GroupKind.LOOKAHEAD,
    GroupKind.NEGATIVE_LOOKAHEAD,
    GroupKind.ATOMIC,
)
_NAMED = re.compile(r"\(\?<([a-zA-Z][a-zA-Z0-9]*)>")
_FLAGS = re.compile(r"\(\?([idmsuxU]*(?:-[idmsuxU]*)?)([:)])")
_HEX = re.compile(r"[0-9a-fA-F]+")
_OCTAL = re.compile(r"[0-3][0-7]{2}|[0-7]{1,2}")
_NAME_REF = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)>")
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)


@functools.lru_cache(maxsize=4096)
def parse_pattern(pattern: str) -> Node:
    """The tree of the Java pattern ``pattern``; raise PatternError where Java would."""
    return _Parser(pattern).parse()


class _Parser:
    """One pass over the text; ``pos`` always points at the next unread character."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def parse(self) -> Node:
        node = self._alternation()
        if self.pos < len(self.text):  # only an unmatched ')' stops the top level early
            self._fail("unmatched ')'")
        return node

    def _fail(self, what: str, at: int | None = None) -> NoReturn:
        where = self.pos if at is None else at
        raise PatternError(f"pattern {self.text!r} does not compile: {what} at position {where}")

    def _peek(self, ahead: int = 0) -> str:
        return self.text[self.pos + ahead : self.pos + ahead + 1]

    # -- structure --------------------------------------------------------------------------

    def _alternation(self) -> Node:
        options = [self._sequence()]
        while self._peek() == "|":
            self.pos += 1
            options.append(self._sequence())
        return options[0] if len(options) == 1 else Alternation(tuple(options))

    def _sequence(self) -> Node:
        items: list[Node] = []
        while self._peek() not in ("", "|", ")"):
            items.append(self._quantified(self._atom()))
        return items[0] if len(items) == 1 else Sequence(tuple(items))

    def _quantified(self, atom: Node) -> Node:
        start = self.pos
        bounds = self._bounds()
        if bounds is None:
            return atom
        mode = Mode.GREEDY
        if self._peek() in ("?", "+"):
            mode = Mode(self._peek())
            self.pos += 1
        return Repeat(atom, bounds[0], bounds[1], mode, self.text[start : self.pos])

    def _bounds(self) -> tuple[int, int | None] | None:
        short = _SHORT_QUANTIFIERS.get(self._peek())
        if short is not None:
            self.pos += 1
            return short
        if self._peek() != "{":
            return None
        match = _COUNTED.match(self.text, self.pos)
        if match is None:
            self._fail("illegal repetition (a '{' that starts no {n}, {n,} or {n,m})")
        low = int(match.group(1))
        high = low if match.group(2) is None else (int(match.group(3)) if match.group(3) else None)
        if high is not None and high < low:
            self._fail(f"illegal repetition range {{{low},{high}}}")
        self.pos = match.end()
        return low, high

    def _atom(self) -> Node:
        char = self._peek()
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape(in_class=False)
        if char in ("*", "+", "?", "{"):
            self._fail(f"dangling quantifier {char!r} (nothing to repeat)")
        self.pos += 1
        if char == ".":
            return Dot()
        if char in ("^", "$"):
            return Anchor(char)
        return Char(char, char)

    def _group(self) -> Node:
        start = self.pos
        flags = _FLAGS.match(self.text, self.pos)
        named = _NAMED.match(self.text, self.pos)
        kind = next((k for k in _GROUP_OPENINGS if self.text.startswith(k.value, start)), None)
        name = flag_text = ""
        if kind is not None:
            self.pos += len(kind.value)
        elif named is not None:
            kind, name, self.pos = GroupKind.NAMED, named.group(1), named.end()
        elif flags is not None:
            self.pos = flags.end()
            if flags.group(2) == ")":
                return InlineFlags(flags.group(1))
            kind, flag_text = GroupKind.FLAGS, flags.group(1)
        elif self._peek(1) == "?":
            self._fail("unknown group construct '(?'")
        else:
            kind = GroupKind.CAPTURE
            self.pos += 1
        body = self._alternation()
        if self._peek() != ")":
            self._fail("unclosed group", start)
        self.pos += 1
        return Group(kind, body, name, flag_text)

    # -- character classes ------------------------------------------------------------------

    def _class(self) -> CharClass:
        start = self.pos
        self.pos += 1
        negated = self._peek() == "^"
        self.pos += negated
        operands: list[tuple[ClassItem, ...]] = []
        items: list[ClassItem] = []
        first = True  # a ']' right after '[' or '[^' is a literal
        while True:
            char = self._peek()
            if not char:
                self._fail("unclosed character class", start)
            if char == "]" and not first:
                self.pos += 1
                break
            if self.text.startswith("&&", self.pos):
                self.pos += 2
                operands.append(tuple(items))
                items = []
            else:
                items.append(self._class_item())
            first = False
        operands.append(tuple(items))
        return CharClass(negated, tuple(operands))

    def _class_item(self) -> ClassItem:
        if self._peek() == "[":
            return self._class()
        low = self._class_atom()
        after = self._peek(1)
        if (
            not isinstance(low, Char)
            or self._peek() != "-"
            or after in ("", "]", "[")
            or self.text.startswith("&&", self.pos + 1)
        ):
            return low
        dash = self.pos
        self.pos += 1
        high = self._class_atom()
        if not isinstance(high, Char):  # '-' before an escape class is a literal
            self.pos = dash
            return low
        if high.char < low.char:
            self._fail(f"illegal character range {low.raw}-{high.raw}", dash)
        return Range(low, high)

    def _class_atom(self) -> ClassItem:
        char = self._peek()
        if char == "\\":
            item = self._escape(in_class=True)
            if not isinstance(item, Char | ClassEscape | Property):
                self._fail("a construct that has no meaning inside a class", self.pos - 2)
            return item
        self.pos += 1
        return Char(char, char)

    # -- escapes ----------------------------------------------------------------------------

    def _escape(self, *, in_class: bool) -> Node:
        letter = self._peek(1)
        if not letter:
            self._fail("trailing backslash")
        if letter in _CLASS_LETTERS:
            self.pos += 2
            return ClassEscape(letter)
        if letter in ("p", "P"):
            return self._property()
        if in_class:
            return self._char_escape()
        if letter in _ANCHOR_LETTERS:
            self.pos += 2
            return Anchor("\\" + letter)
        if letter in "123456789":
            self.pos += 2
            return Backref(letter, "\\" + letter)
        if letter == "k":
            match = _NAME_REF.match(self.text, self.pos + 2)
            if match is None:
                self._fail(r"\k without a <name>")
            self.pos = match.end()
            return Backref(match.group(1), self.text[match.start() - 2 : match.end()])
        if letter == "Q":
            end = self.text.find("\\E", self.pos + 2)
            end = len(self.text) if end < 0 else end
            text = self.text[self.pos + 2 : end]
            self.pos = min(len(self.text), end + 2)
            return Quote(text)
        return self._char_escape()

    def _property(self) -> Property:
        start = self.pos
        negated = self._peek(1) == "P"
        if self._peek(2) == "{":
            end = self.text.find("}", self.pos)
            if end < 0:
                self._fail("unclosed property name")
            name = self.text[self.pos + 3 : end]
            self.pos = end + 1
        else:
            name = self._peek(2)
            self.pos += 3
        if not name:
            self._fail("empty property name", start)
        return Property(name, negated, self.text[start : self.pos])

    def _char_escape(self) -> Char:
        start = self.pos
        letter = self._peek(1)
        if letter in _SIMPLE_ESCAPES:
            self.pos += 2
            return Char(_SIMPLE_ESCAPES[letter], self.text[start : self.pos])
        code = self._coded(letter)
        if code is not None:
            return Char(chr(code), self.text[start : self.pos])
        if letter.isascii() and letter.isalnum():
            self._fail(f"unknown escape \\{letter}")
        self.pos += 2
        return Char(letter, "\\" + letter)

    def _coded(self, letter: str) -> int | None:
        """The code point of a ``\\u``, ``\\x``, ``\\0``, ``\\c`` or ``\\N`` escape, or None."""
        at = self.pos
        if letter == "u":
            code, self.pos = self._hex(at + 2, at + 6), at + 6
            if code in _HIGH_SURROGATES and self.text.startswith("\\u", self.pos):
                low = self._hex(at + 8, at + 12, strict=False)
                if low in _LOW_SURROGATES:
                    self.pos = at + 12
                    return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            return code
        if letter == "x" and self._peek(2) == "{":
            end = self.text.find("}", at)
            code, self.pos = self._hex(at + 3, end), end + 1
            return code
        if letter == "x":
            code, self.pos = self._hex(at + 2, at + 4), at + 4
            return code
        if letter == "0":
            match = _OCTAL.match(self.text, at + 2)
            if match is None:
                self._fail(r"\0 without octal digits")
            self.pos = match.end()
            return int(match.group(), 8)
        if letter == "c" and self._peek(2):
            self.pos += 3
            return ord(self.text[at + 2]) ^ 0x40
        if letter == "N" and self._peek(2) == "{":
            return self._named_char()
        return None

    def _named_char(self) -> int:
        end = self.text.find("}", self.pos)
        try:
            char = unicodedata.lookup(self.text[self.pos + 3 : end])
        except KeyError:
            self._fail(r"unknown character name in \N{...}")
        self.pos = end + 1
        return ord(char)

    def _hex(self, start: int, end: int, *, strict: bool = True) -> int:
        """The hexadecimal number ``text[start:end]``; -1 (or PatternError if strict) if none."""
        digits = self.text[start:end] if end > start else ""
        if _HEX.fullmatch(digits) is None or int(digits, 16) > 0x10FFFF:
            if not strict:
                return -1
            self._fail("malformed hexadecimal escape")
        return int(digits, 16)
