"""Small text helpers shared by every output format."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Make a CSV cell safe to open in a spreadsheet (OWASP "CSV injection").

    A cell starting with ``= + - @``, a tab or a carriage return is prefixed with a single
    quote so Excel, LibreOffice and Sheets show it as text instead of running it as a formula.
    Negative numbers written by the app itself are not passed through here.
    """
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
