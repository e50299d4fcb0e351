"""Badges: per target, the certification level met and the findings count.

:func:`badges` computes them from a :class:`Report`; :func:`endpoint_json` is the document
shields.io's endpoint badge reads (``https://img.shields.io/endpoint?url=...``), and
:func:`badge_svg` draws the same badge inline for ``report.html``. The colour follows the
level: none red, L1 orange, L2 yellow, L3 yellow-green, L4 bright green; a run that is
incomplete (interrupted, or one shard) certifies nothing and is grey.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from smcontract.reports._certify import certification
from smcontract.reports._io import atomic_write, check_writable
from smcontract.reports._report import Report
from smcontract.reports._text import encode, printable

__all__ = [
    "Badge",
    "Colour",
    "badge_file_name",
    "badge_svg",
    "badges",
    "endpoint_json",
    "write_badges",
]


class Colour(enum.Enum):
    """A shields.io named colour and the hex it stands for."""

    RED = ("red", "#e05d44")
    ORANGE = ("orange", "#fe7d37")
    YELLOW = ("yellow", "#dfb317")
    YELLOWGREEN = ("yellowgreen", "#a4a61d")
    BRIGHTGREEN = ("brightgreen", "#4c1")
    LIGHTGREY = ("lightgrey", "#9f9f9f")

    @property
    def shields(self) -> str:
        """The name shields.io takes."""
        return self.value[0]

    @property
    def hex(self) -> str:
        """The colour the inline SVG is drawn with."""
        return self.value[1]


_BY_LEVEL: Mapping[str, Colour] = {
    "none": Colour.RED,
    "L1": Colour.ORANGE,
    "L2": Colour.YELLOW,
    "L3": Colour.YELLOWGREEN,
    "L4": Colour.BRIGHTGREEN,
}


@dataclass(frozen=True)
class Badge:
    """One target's badge: ``label`` left, ``message`` right, ``colour`` behind the message."""

    target: str
    label: str
    message: str
    colour: Colour
    level: str
    findings: int


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def badges(report: Report) -> list[Badge]:
    """One badge per target of ``report``, in the report's target order."""
    table = certification(report)
    findings = {s.target: s.findings for s in report.summaries}
    made = []
    for target, entry in table["targets"].items():
        count = findings.get(target, 0)
        level = str(entry["level"])
        if table["complete"]:
            shown = "no level" if level == "none" else level
            colour = _BY_LEVEL.get(level, Colour.RED)
        else:
            shown, colour = "incomplete run", Colour.LIGHTGREY
        made.append(
            Badge(
                target=target,
                label=f"smcontract {target}",
                message=f"{shown} · {_plural(count, 'finding')}",
                colour=colour,
                level=level,
                findings=count,
            )
        )
    return made


def endpoint_json(badge: Badge) -> dict[str, Any]:
    """The shields.io endpoint document of ``badge`` (schemaVersion 1)."""
    return {
        "schemaVersion": 1,
        "label": printable(badge.label),
        "message": printable(badge.message),
        "color": badge.colour.shields,
    }


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def badge_file_name(target: str, taken: set[str]) -> str:
    """``badge-<target>.json`` with the name made safe for a file and a URL, unique in
    ``taken`` (which it updates)."""
    stem = _UNSAFE.sub("-", target).strip("-.") or "target"
    name, n = f"badge-{stem}.json", 1
    while name in taken:
        n += 1
        name = f"badge-{stem}-{n}.json"
    taken.add(name)
    return name


def write_badges(report: Report, directory: Path) -> list[Path]:
    """Write one endpoint JSON per target into ``directory`` (atomically); return the paths."""
    target = check_writable(directory)
    taken: set[str] = set()
    written = []
    for badge in badges(report):
        text = json.dumps(endpoint_json(badge), ensure_ascii=False) + "\n"
        written.append(atomic_write(target / badge_file_name(badge.target, taken), encode(text)))
    return written


# -- the inline SVG ------------------------------------------------------------------------

_CHAR = 6.6  # average advance of 11 px Verdana/DejaVu Sans, in px
_PAD = 6


def _width(text: str) -> int:
    return round(len(text) * _CHAR) + 2 * _PAD


def badge_svg(badge: Badge) -> str:
    """``badge`` drawn as a flat shields-style SVG (text, not an image; no external font)."""
    label, message = printable(badge.label), printable(badge.message)
    left, right = _width(label), _width(message)
    total = left + right
    title = escape(f"{label}: {message}", quote=True)
    return (
        f'<svg class="badge" xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect width="{left}" height="20" rx="3" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" rx="3" fill="{badge.colour.hex}"/>'
        f'<rect x="{left}" width="4" height="20" fill="{badge.colour.hex}"/>'
        '<g font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">'
        f"{_text(left / 2, label)}{_text(left + right / 2, message)}</g></svg>"
    )


def _text(x: float, text: str) -> str:
    """White text with shields' dark shadow one pixel below, readable on every colour."""
    shown = escape(text)
    return (
        f'<text x="{x:g}" y="15" fill="#010101" fill-opacity=".3">{shown}</text>'
        f'<text x="{x:g}" y="14" fill="#fff">{shown}</text>'
    )
