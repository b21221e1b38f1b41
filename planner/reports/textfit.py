"""Measure text before placing it on a slide, so nothing overflows its box.

PowerPoint files do not lay text out; the viewer does. To decide how many table rows fit on a
slide, or how far to shorten a 2,000-character title, we measure with the bundled DejaVu Sans,
which is wider than the fonts decks usually use (Calibri, Arial): an estimate made with it is
on the safe side.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

_SCALE = 4  # measure at 4 px per point for sub-point precision
ELLIPSIS = "\u2026"


@lru_cache(maxsize=16)
def _font(size_pt: float, bold: bool) -> Any:
    from PIL import ImageFont  # noqa: PLC0415 - only needed when a deck is written

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("resources.fonts") / name) as path:
        return ImageFont.truetype(str(path), max(1, round(size_pt * _SCALE)))


@lru_cache(maxsize=8192)
def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points (of its widest line, when it has line breaks: a line break
    is not measured as a glyph)."""
    if not text:
        return 0.0
    if "\n" in text or "\r" in text:
        return max(text_width(line, size_pt, bold=bold) for line in text.splitlines())
    return float(_font(size_pt, bold).getlength(text)) / _SCALE


def line_height(size_pt: float, spacing: float = 1.2) -> float:
    return size_pt * spacing


def wrap(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width_pt``.

    Explicit line breaks are kept; a word wider than the line is broken between characters.
    """
    width_pt = max(width_pt, size_pt)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size_pt, bold=bold) <= width_pt:
                current = candidate
                continue
            if current:
                lines.append(current)
            rest = word
            while text_width(rest, size_pt, bold=bold) > width_pt:
                cut = _fit_chars(rest, size_pt, width_pt, bold)
                lines.append(rest[:cut])
                rest = rest[cut:]
            current = rest
        lines.append(current)
    return lines


def _fit_chars(word: str, size_pt: float, width_pt: float, bold: bool) -> int:
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(word[:mid], size_pt, bold=bold) <= width_pt:
            low = mid
        else:
            high = mid - 1
    return max(low, 1)


def count_lines(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> int:
    return len(wrap(text, size_pt, width_pt, bold=bold))


def fit_lines(
    text: str, size_pt: float, width_pt: float, max_lines: int, *, bold: bool = False
) -> str:
    """``text`` unchanged if it wraps into ``max_lines`` lines, else cut with an ellipsis."""
    lines = wrap(text, size_pt, width_pt, bold=bold)
    if len(lines) <= max_lines:
        return text
    kept = " ".join(line for line in lines[:max_lines] if line)
    while kept and count_lines(kept + ELLIPSIS, size_pt, width_pt, bold=bold) > max_lines:
        kept = kept[: max(len(kept) - max(len(kept) // 20, 1), 0)].rstrip()
    return kept.rstrip(" ,;:") + ELLIPSIS


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False
