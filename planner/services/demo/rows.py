"""Rows of the demo book: stamped, kept as plain dicts, written in bulk.

A story adds rows as dicts with Python values (dates, enums, bytes ids). :meth:`Rows.write`
turns each table's rows into the values the file stores (the same ones the models'
column types would bind: 16-byte ids, millisecond timestamps, ISO dates, JSON text) and
inserts them with one ``executemany`` per table, so the cost of a demo book is close to the
cost of inserting its rows. Foreign keys are checked at commit, so a manager and their
reports can arrive in any order.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Date
from sqlalchemy.orm import Session

from planner.store import models as m

Row = dict[str, Any]

_EPOCH_DAY = date(1970, 1, 1).toordinal()
_DAY_MS = 86_400_000
_HOUR_MS = 3_600_000
_NINE = 9 * _HOUR_MS
_ID_SPAN_MS = 400 * _DAY_MS
"""Ids of a demo book count up one millisecond at a time from this long before its day."""
_UUID_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_UUID_V4 = (0x4 << 76) | (0x2 << 62)
_UUID_V7 = (0x7 << 76) | (0x2 << 62)
_MILLIS48 = (1 << 48) - 1
_V7_CLEAR = _UUID_CLEAR & ((1 << 80) - 1)


def millis(day: date, hour: int = 9) -> int:
    """``day`` at ``hour``:00 UTC as the stored timestamp (milliseconds since 1970)."""
    return (day.toordinal() - _EPOCH_DAY) * _DAY_MS + hour * _HOUR_MS


def random_id(rng: random.Random) -> bytes:
    """A version 4 UUID drawn from ``rng``, as the 16 bytes the file stores."""
    return ((rng.getrandbits(128) & _UUID_CLEAR) | _UUID_V4).to_bytes(16, "big")


def ordered_id(rng: random.Random, millis: int) -> bytes:
    """A version 7 UUID (time-ordered, as the app makes them) at ``millis`` with random bits
    drawn from ``rng`` (as many as :func:`random_id` draws, so the rest of the book is the same),
    as the 16 bytes the file stores."""
    bits = rng.getrandbits(128) & _V7_CLEAR
    return (bits | _UUID_V7 | (millis & _MILLIS48) << 80).to_bytes(16, "big")


def stamp(row: Row, day: date, rev: bytes) -> Row:
    """Give a new demo row its created/updated time (``day`` at 09:00 UTC) and edit session."""
    row["created_at"] = row["updated_at"] = (day.toordinal() - _EPOCH_DAY) * _DAY_MS + _NINE
    row["rev"] = rev
    return row


class Rows:
    """The rows of some accounts, by table, waiting to be written."""

    def __init__(self, rng: random.Random, rev: bytes, today: date) -> None:
        self.rng = rng
        self.rev = rev
        self.today = today
        self.tables: defaultdict[str, list[Row]] = defaultdict(list)
        self._clock = millis(today, 0) - _ID_SPAN_MS

    def uid(self) -> bytes:
        """The next id: time-ordered, one millisecond after the last (so a big book's rows are
        appended to its indexes rather than scattered through them)."""
        self._clock += 1
        return ordered_id(self.rng, self._clock)

    def add(self, table: str, day: date, **values: Any) -> Row:
        """A new row of ``table``, stamped as written on ``day`` (never after today)."""
        if "id" not in values:
            values["id"] = self.uid()
        stamp(values, min(day, self.today), self.rev)
        self.tables[table].append(values)
        return values

    def count(self) -> int:
        return sum(len(batch) for batch in self.tables.values())

    def clear(self) -> None:
        self.tables.clear()

    def write(self, session: Session) -> int:
        """Insert every row, table by table, in this unit of work; return how many."""
        driver = session.connection().connection.driver_connection
        if not isinstance(driver, sqlite3.Connection):
            raise TypeError("A demo book is written through sqlite3.")
        driver.execute("PRAGMA defer_foreign_keys = ON")
        written = 0
        for table in m.Base.metadata.sorted_tables:
            batch = self.tables.get(table.name)
            if not batch:
                continue
            names, fixes, defaults = _layout(table.name)
            take = itemgetter(*names)
            try:
                values = [list(take(row)) for row in batch]
            except KeyError:  # some rows leave columns to their defaults
                pairs = list(zip(names, defaults, strict=True))
                values = [[row.get(name, default) for name, default in pairs] for row in batch]
            for position, fix in fixes:
                for stored in values:
                    if stored[position] is not None:
                        stored[position] = fix(stored[position])
            driver.executemany(_insert_sql(table.name, names), values)
            written += len(batch)
        return written


Fix = Callable[[Any], Any]
_LAYOUTS: dict[str, tuple[list[str], list[tuple[int, Fix]], list[Any]]] = {}


def _layout(name: str) -> tuple[list[str], list[tuple[int, Fix]], list[Any]]:
    """A table's column names, how to store the columns that need it (by position), and each
    column's default."""
    if name not in _LAYOUTS:
        table = m.Base.metadata.tables[name]
        names: list[str] = []
        fixes: list[tuple[int, Fix]] = []
        defaults: list[Any] = []
        for position, column in enumerate(table.columns):
            names.append(column.name)
            kind = column.type
            if isinstance(kind, Date):
                fixes.append((position, date.isoformat))
            elif isinstance(kind, JSON):
                fixes.append((position, json.dumps))
            arg = getattr(column.default, "arg", None)
            defaults.append(None if callable(arg) else arg)
        _LAYOUTS[name] = (names, fixes, defaults)
    return _LAYOUTS[name]


def _insert_sql(table: str, names: list[str]) -> str:
    """The INSERT of a whole row; table and column names come from our own schema."""
    marks = ", ".join("?" * len(names))
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608
