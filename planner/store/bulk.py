"""Writing many rows at once in the form the file stores them.

SQLAlchemy's ``session.execute(insert(table), rows)`` turns every value of every row through its
column type, then builds each row's parameters again; for bulk writes (an archive rebuilt into a
book, a CSV import) that per-row bookkeeping costs more than SQLite's own insert. Here each
table's column types are asked once for their bind processors (the very functions SQLAlchemy
would call, so the stored values are the same: 16-byte ids, millisecond timestamps, ISO dates,
JSON text, 0/1 booleans), and the rows go to SQLite in one ``executemany`` as driver SQL (which
SQLAlchemy passes through untouched, still telling the book which tables were written).

The caller's unit of work is used as is: the rows are written inside its transaction (with its
lock, its search-index flush before commit, its change recording), never outside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Date
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from planner.store import models as m

_DIALECT = sqlite_dialect.dialect()

Processor = Callable[[Any], Any] | None


@cache
def processors(table: str) -> tuple[tuple[str, ...], tuple[Processor, ...]]:
    """A table's column names and, per column, the function that turns a Python value into the
    stored one (None where the value is stored as it is)."""
    columns = list(m.Base.metadata.tables[table].columns)
    return (
        tuple(c.name for c in columns),
        tuple(c.type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for c in columns),
    )


@cache
def insert_sql(table: str, names: tuple[str, ...], verb: str = "INSERT") -> str:
    """``INSERT INTO table (names) VALUES (?, ...)``; names come from our own schema."""
    marks = ", ".join("?" * len(names))
    quoted = ", ".join(f'"{n}"' for n in names)
    return f'{verb} INTO "{table}" ({quoted}) VALUES ({marks})'


def stored_rows(table: str, rows: Iterable[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows given as Python values by column name (missing columns are NULL) in stored form,
    in the column order of :func:`processors`."""
    names, procs = processors(table)
    kept = _remembered(table)
    procs = tuple(
        _remembering(proc) if keep and proc is not None else proc
        for proc, keep in zip(procs, kept, strict=True)
    )
    triples = list(zip(names, procs, _defaults(table), strict=True))
    every = itemgetter(*names)
    turned = [(i, proc) for i, proc in enumerate(procs) if proc is not None]
    out = []
    for row in rows:
        try:  # the usual row: every column given
            values = list(every(row))
        except KeyError:
            pass
        else:
            for i, turn in turned:
                values[i] = turn(values[i])
            out.append(tuple(values))
            continue
        values = []
        for name, proc, default in triples:
            value = row[name] if name in row else (default() if callable(default) else default)
            values.append(value if proc is None else proc(value))
        out.append(tuple(values))
    return out


_REMEMBERED_TYPES = (m.GUID, m.UTCDateTime, Date, SAEnum)
"""Column types whose stored form depends only on the value (so equal values are stored
alike): ids, timestamps, dates, choices. Rows written together repeat them (the same stamps,
the same account, the same stage)."""


@cache
def _remembered(table: str) -> tuple[bool, ...]:
    return tuple(
        isinstance(c.type, _REMEMBERED_TYPES) for c in m.Base.metadata.tables[table].columns
    )


def _remembering(proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``proc`` remembering what it made for each value (bounded)."""
    made: dict[Any, Any] = {}

    def store(value: Any) -> Any:
        try:
            return made[value]
        except KeyError:
            if len(made) >= 4096:
                made.clear()
            result = made[value] = proc(value)
            return result
        except TypeError:  # not hashable
            return proc(value)

    return store


@cache
def _defaults(table: str) -> tuple[Any, ...]:
    """Each column's Python-side default, as SQLAlchemy would apply it to a row that leaves the
    column out: a value, or a function called per row (None: no default)."""
    out: list[Any] = []
    for column in m.Base.metadata.tables[table].columns:
        default = column.default
        arg = getattr(default, "arg", None) if default is not None else None
        out.append((lambda fn=arg: fn(None)) if callable(arg) else arg)
    return tuple(out)


def driver(bind: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy ``Session`` or ``Connection`` (the same one its
    unit of work runs on)."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("Bulk writes go through sqlite3.")
    return raw


def secondary_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index that is not UNIQUE and does not lead with a
    foreign key column: those a bulk load of a new file can drop and build once at the end
    (from sorted keys, instead of row by row).

    Indexes on foreign key columns stay: while a load holds a deferred foreign key (a row
    written before the row it points to), SQLite looks up the children of every parent row it
    inserts, and without those indexes each lookup reads the whole child table, so the load
    would slow down with the size of the book."""
    return [
        (name, sql)
        for name, table, sql in conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        if not sql.lstrip().upper().startswith("CREATE UNIQUE")
        and _leading_column(conn, name) not in _foreign_key_columns(conn, table)
    ]


def _leading_column(conn: sqlite3.Connection, index: str) -> str | None:
    row = conn.execute(f'PRAGMA index_info("{index}")').fetchone()
    return None if row is None else str(row[2])


def _foreign_key_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[3]) for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}


def triggers(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every trigger (the search index's: a bulk load of a new file
    drops them and indexes every record once at the end instead)."""
    return list(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def insert_stored(
    conn: Connection,
    table: str,
    rows: Sequence[Sequence[Any]],
    names: tuple[str, ...] | None = None,
    *,
    verb: str = "INSERT",
) -> int:
    """Insert rows already in stored form (columns as :func:`processors` lists them, or
    ``names``) with one ``executemany`` on the unit of work's connection (so the book still
    records which tables its transaction wrote); return how many."""
    if not rows:
        return 0
    conn.exec_driver_sql(insert_sql(table, names or processors(table)[0], verb), list(rows))
    return len(rows)
