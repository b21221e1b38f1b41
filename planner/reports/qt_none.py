"""Keeps ``None`` alive under PySide6 on Python 3.11 (imports no Qt).

PySide6 6.12 returns ``None`` from its methods (every method that returns nothing, and those
that return no object, e.g. ``QTextCursor.currentTable()`` outside a table) without taking a
reference to it: code written for Python 3.12 and later, where ``None`` is immortal and its
count is never looked at. On Python 3.11 each such call uses up one reference to ``None``; a
process making enough of them (a PDF costs about 175: a batch export renders hundreds in one
worker; a long session of the app makes many more) reaches zero and Python stops with "Fatal
Python error: none_dealloc".

:func:`keep_none_alive` makes ``None`` immortal there the way 3.12 does: its count is set so
high that no run can use it up. ``None`` is never freed anyway, so nothing else changes.
"""

from __future__ import annotations

import sys

IMMORTAL = 1 << 60
"""The count given to ``None``: more calls than any process can make, with room both ways."""


def keep_none_alive() -> None:
    """Make ``None`` immortal (Python 3.11; a no-op where it already is). Call it once a
    process is about to use PySide6; calling it again changes nothing."""
    if sys.version_info >= (3, 12):  # pragma: no cover - None is immortal from 3.12
        return
    import ctypes  # noqa: PLC0415 - only where it is needed

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the object's first field
    if count.value < IMMORTAL // 2:
        count.value += IMMORTAL
