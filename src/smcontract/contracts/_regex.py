"""AWS (Java) regex dialect -> the ``regex`` module, through one documented translation.

AWS publishes patterns as Java regular expressions that must match the whole value. Java and
Python differ where it matters for us:

* ``\\d \\w \\s \\b`` (and their negations) are ASCII-only in Java but Unicode-aware in Python;
  we spell them out as ASCII classes. ``\\p{L}``, ``\\p{Z}``, ``\\p{N}`` stay Unicode
  properties, which ``regex`` understands (its ASCII flag would break them, so it is not used).
* Java's POSIX classes (``\\p{Alnum}``, ``\\p{Alpha}``, ...) are ASCII sets.
* A quantifier on an anchor (``${1,128}``, seen in CustomerMetadataKey) is accepted by Java
  and means nothing; it is dropped.
* A UTF-16 surrogate pair written as two escapes (``\\uD800\\uDC00``) is one code point in
  Java; it becomes that code point (``\\U0001XXXX``).
* Patterns compile in ``regex``'s V1 mode, whose nested classes (``[a[^b]]``) are Java's.
* ``.`` excludes all of Java's line terminators (``\\n \\r \\u0085 \\u2028 \\u2029``).
* Matching is always ``fullmatch``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import regex

__all__ = ["PatternError", "compile_pattern", "full_match", "pattern_width", "translate_pattern"]

# Java's predefined classes, ASCII by default (java.util.regex.Pattern docs).
_JAVA_SPACE = r" \t\n\x0B\f\r"
_CLASS_ESCAPES = {
    "d": "0-9",
    "w": "a-zA-Z0-9_",
    "s": _JAVA_SPACE,
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
_SURROGATE_PAIR = re.compile(r"\\u(D[89AB][0-9A-Fa-f]{2})\\u(D[C-Fa-f][0-9A-Fa-f]{2})")
_ANCHOR_QUANTIFIER = re.compile(r"(?<!\\)([$^])(\{\d+(?:,\d*)?\}|[*+?])")


class PatternError(ValueError):
    """A pattern that the translation cannot turn into a working ``regex`` pattern."""


def _join_surrogates(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    code_point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"\\U{code_point:08X}"


def translate_pattern(pattern: str) -> str:
    """Return the ``regex``-module spelling of the Java pattern ``pattern`` (not anchored)."""
    text = _SURROGATE_PAIR.sub(_join_surrogates, pattern)
    text = _ANCHOR_QUANTIFIER.sub(r"\1", text)
    out: list[str] = []
    depth = 0  # nesting of character classes; Java and regex's V1 both allow [a[b]]
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _CLASS_ESCAPES or nxt.lower() in _CLASS_ESCAPES:
                body = _CLASS_ESCAPES[nxt.lower()]
                if nxt.islower():
                    out.append(body if depth > 0 else f"[{body}]")
                else:
                    # Negated; inside a class this is a nested set ([\S\s]), which V1 allows.
                    out.append(f"[^{body}]")
                i += 2
                continue
            if nxt == "b":
                out.append(
                    r"(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))"
                )
                i += 2
                continue
            if nxt in "pP" and i + 2 < len(text) and text[i + 2] == "{":
                end = text.index("}", i + 2)
                name = text[i + 3 : end]
                posix = _POSIX.get(name.removeprefix("Is"))
                if posix is not None:
                    negated = nxt == "P"
                    if depth > 0 and not negated:
                        out.append(posix)
                    else:
                        out.append(f"[{'^' if negated else ''}{posix}]")
                else:
                    out.append(text[i : end + 1])
                i = end + 1
                continue
            out.append(text[i : i + 2])
            i += 2
            continue
        if char == "." and depth == 0:
            out.append(_JAVA_DOT)
            i += 1
            continue
        if char == "[":
            depth += 1
        elif char == "]" and depth and out and out[-1] not in ("[", "[^"):
            depth -= 1
        out.append(char)
        i += 1
    return "".join(out)


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


def full_match(pattern: str, value: str) -> bool:
    """Whether ``value`` matches the whole Java pattern ``pattern``."""
    return compile_pattern(pattern).fullmatch(value) is not None


def _skeleton(translated: str) -> str:
    """The pattern with every character class and property reduced to one literal: same widths."""
    out: list[str] = []
    i, depth = 0, 0
    while i < len(translated):
        char = translated[i]
        if char == "\\" and i + 1 < len(translated):
            nxt = translated[i + 1]
            step = 2
            if nxt in "pP" and translated[i + 2 : i + 3] == "{":
                step = translated.index("}", i) + 1 - i
            elif nxt == "U":
                step = 10
            if depth == 0:
                out.append("a" if nxt in "pPU" else translated[i : i + step])
            i += step
            continue
        if char == "[":
            if depth == 0:
                out.append("a")
            depth += 1
            # A ']' right after '[' or '[^' is a literal in both dialects.
            j = i + 1 + (translated[i + 1 : i + 2] == "^")
            i = j + 1 if translated[j : j + 1] == "]" else j
            continue
        if char == "]" and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def pattern_width(pattern: str) -> tuple[int, int | None]:
    """The shortest and longest length a full match of ``pattern`` can have (None: unbounded)."""
    import re._parser as sre_parse  # type: ignore[import-not-found]  # exact widths; no stubs

    low, high = sre_parse.parse(_skeleton(translate_pattern(pattern))).getwidth()
    return low, (None if high >= sre_parse.MAXREPEAT else high)
