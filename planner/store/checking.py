"""Looking for damage SQLite's own checks miss, on a read-only connection: nothing is changed.

``PRAGMA integrity_check`` proves the pages hang together, but on a read-only connection it
skips CHECK constraints, and no SQLite check knows our types: a flipped bit can leave a date that
is not a date, JSON that does not parse, or text in a number column, which the first screen that
reads it would trip on. This module finds, with the record they are in:

* :func:`schema_problems`: objects the app does not make (a trigger, a view, a table, an index
  someone added), objects missing (except the search index's, which ``planner check
  --repair-index`` rebuilds), and definitions changed. SQL is compared with white space,
  identifier quotes and letter case folded (books migrated from format 1 store the frozen DDL of
  :mod:`planner.store.schema_v2` with other white space than a new book);
* :func:`record_problems`: values that break a CHECK or NOT NULL rule, are stored as the wrong
  kind of value, or do not decode through the model's column types;
* :func:`link_problems`: records linking to records that do not exist.

Records are named by their name or title where they have one, else by their id.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.pool import StaticPool

from planner.store import search_index
from planner.store.layout import guid_text, schema_objects
from planner.store.models import Base

_DIALECT = sqlite_dialect.dialect()
_LABELS = ("name", "title", "key", "subject")


@dataclass(frozen=True, slots=True)
class Problem:
    """One damaged record (or table)."""

    table: str
    record: str
    """How people recognise the record: ``'Acme'`` or ``id 1f0e...``; empty for a table."""
    what: str

    def __str__(self) -> str:
        where = f"{self.table} record {self.record}" if self.record else self.table
        return f"{where}: {self.what}"


# --------------------------------------------------------------------------- schema


@functools.cache
def expected_schema() -> dict[tuple[str, str], str]:
    """(type, name) -> folded SQL of every object a new book of this version has."""
    conn = sqlite3.connect(":memory:")
    try:
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        Base.metadata.create_all(engine)
        if ("table", "search_index") not in schema_objects(conn):
            # The book module makes the search index with every create_all (an event listener);
            # this module may be used before that module is imported.
            search_index.create(search_index.connection_executor(conn))
        return schema_objects(conn)
    finally:
        conn.close()


def schema_problems(conn: sqlite3.Connection, *, current: bool) -> list[str]:
    """How the schema differs from what this version makes. For a book in an older format
    (``current`` False) only what no format of ours has: triggers, views, unknown names."""
    expected = expected_schema()
    found = schema_objects(conn)
    known_names = {name for _, name in expected}
    problems: list[str] = []
    for (kind, name), sql in sorted(found.items()):
        if (kind, name) not in expected:
            if current or kind in {"trigger", "view"} or name not in known_names:
                problems.append(f"it has a {kind} '{name}' that this app does not make")
        elif current and sql != expected[(kind, name)]:
            problems.append(f"its {kind} '{name}' is not as this version of the app makes it")
    if current:
        problems += [
            f"its {kind} '{name}' is missing"
            for kind, name in sorted(set(expected) - set(found))
            if name not in search_index.OBJECTS  # the search index can be rebuilt (repair)
        ]
    return problems


# --------------------------------------------------------------------------- records


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _label_column(table: Table) -> str | None:
    return next((c for c in _LABELS if c in table.c), None)


def _record(row_id: Any, label: Any) -> str:
    if isinstance(label, str) and label.strip():
        return repr(" ".join(label.split())[:60])
    if isinstance(row_id, bytes):
        return f"id {guid_text(row_id)}"
    return f"id {row_id!r}" if row_id is not None else "(no id)"


def _words(column: Column[Any]) -> str:
    label = column.info.get("label")
    return str(label).lower() if label else column.name.replace("_", " ")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_MS_MIN, _MS_MAX = -62_135_596_800_000, 253_402_300_799_999
"""Milliseconds since 1970 of 0001-01-01 and 9999-12-31 23:59:59.999 (what a datetime holds)."""
_JSON_MAX_OPENINGS = 500
"""More brackets than this in one JSON value is not data of ours (and too deep to read)."""


def _bad_value_sql(column: Column[Any]) -> str | None:
    """An SQL condition true when the stored value cannot be read as this column's type
    (NULL rules are checked separately)."""
    col = _q(column.name)
    ctype: Any = column.type
    if isinstance(ctype, TypeDecorator):
        if isinstance(ctype.impl, Integer):  # UTCDateTime: milliseconds a datetime can hold
            return (
                f"({col} IS NOT NULL AND (typeof({col}) <> 'integer' OR {col} NOT BETWEEN "
                f"{_MS_MIN} AND {_MS_MAX}))"
            )
        ctype = ctype.impl
    if isinstance(ctype, Boolean):
        return f"({col} IS NOT NULL AND {col} NOT IN (0, 1))"
    if isinstance(ctype, Integer):
        return f"typeof({col}) NOT IN ('integer', 'null')"
    if isinstance(ctype, Float):
        return f"typeof({col}) NOT IN ('integer', 'real', 'null')"
    if isinstance(ctype, LargeBinary):
        return f"typeof({col}) NOT IN ('blob', 'null')"
    if isinstance(ctype, JSON):
        return (
            f"({col} IS NOT NULL AND (typeof({col}) = 'blob' OR NOT json_valid({col}) OR "
            f"length({col}) - length(replace(replace({col}, '[', ''), '{{', '')) > "
            f"{_JSON_MAX_OPENINGS}))"
        )
    if isinstance(ctype, Date):
        return f"({col} IS NOT NULL AND (typeof({col}) <> 'text' OR date({col}) IS NOT {col}))"
    if isinstance(ctype, String | Text | SAEnum):
        return f"typeof({col}) NOT IN ('text', 'null')"
    return None


def _check_sql(check: CheckConstraint) -> str:
    return str(check.sqltext.compile(dialect=_DIALECT, compile_kwargs={"literal_binds": True}))


def record_problems(conn: sqlite3.Connection, *, limit: int | None = None) -> list[Problem]:
    """Values that break a CHECK or NOT NULL rule, or cannot be read as the model says."""
    found: list[Problem] = []
    for problem in _record_problems(conn):
        found.append(problem)
        if limit is not None and len(found) >= limit:
            break
    return found


def _record_problems(conn: sqlite3.Connection) -> Iterator[Problem]:
    for table in Base.metadata.sorted_tables:
        yield from _rule_problems(conn, table)
        yield from _value_problems(conn, table)


def _select_record(table: Table) -> str:
    label = _label_column(table)
    return f"id, {_q(label)}" if label else "id, NULL"


def _rule_problems(conn: sqlite3.Connection, table: Table) -> Iterator[Problem]:
    head = _select_record(table)
    for check in sorted(
        (c for c in table.constraints if isinstance(c, CheckConstraint)), key=lambda c: str(c.name)
    ):
        rule = _check_sql(check)
        involved = [c for c in table.columns if re.search(rf"\b{re.escape(c.name)}\b", rule)]
        cols = "".join(f", {_q(c.name)}" for c in involved)
        sql = f"SELECT {head}{cols} FROM {_q(table.name)} WHERE NOT ({rule})"  # noqa: S608
        for row in conn.execute(sql):
            values = ", ".join(
                f"its {_words(c)} is {_shown(v)}" for c, v in zip(involved, row[2:], strict=True)
            )
            yield Problem(
                table.name,
                _record(row[0], row[1]),
                f"{values or 'a value'}, which breaks the rule {rule}",
            )
    for column in table.columns:
        if column.nullable:
            continue
        sql = f"SELECT {head} FROM {_q(table.name)} WHERE {_q(column.name)} IS NULL"  # noqa: S608
        for row in conn.execute(sql):
            yield Problem(
                table.name,
                _record(row[0], row[1]),
                f"its {_words(column)} is empty, but must be set",
            )


def _value_problems(conn: sqlite3.Connection, table: Table) -> Iterator[Problem]:
    """Values that cannot be read as their column's type: found by SQL in one pass over the
    table, then text that is not UTF-8 (which SQL cannot see) in a second pass."""
    checks = [(c, sql) for c in table.columns if (sql := _bad_value_sql(c)) is not None]
    head = _select_record(table)
    if checks:
        flags = ", ".join(f"({sql})" for _, sql in checks)
        values = ", ".join(_q(c.name) for c, _ in checks)
        where = " OR ".join(f"({sql})" for _, sql in checks)
        query = f"SELECT {head}, {flags}, {values} FROM {_q(table.name)} WHERE {where}"  # noqa: S608
        for row in _rows_as_bytes(conn, query):
            bad = row[2 : 2 + len(checks)]
            raw = row[2 + len(checks) :]
            for (column, _), flagged, value in zip(checks, bad, raw, strict=True):
                if flagged:
                    what = f"its {_words(column)} {_shown(_text(value))} cannot be read"
                    yield Problem(table.name, _record(row[0], _text(row[1])), what)
    text_columns = [
        c for c in table.columns if isinstance(c.type, String | Text | SAEnum | JSON | Date)
    ]
    if not text_columns:
        return
    names = ", ".join(_q(c.name) for c in text_columns)
    query = f"SELECT {head}, {names} FROM {_q(table.name)}"  # noqa: S608
    for row in _rows_as_bytes(conn, query):
        for column, value in zip(text_columns, row[2:], strict=True):
            if isinstance(value, bytes):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    yield Problem(
                        table.name,
                        _record(row[0], _text(row[1])),
                        f"its {_words(column)} is not readable text",
                    )


def _rows_as_bytes(conn: sqlite3.Connection, query: str) -> Iterator[tuple[Any, ...]]:
    """Rows with text as bytes (text that is not UTF-8 would stop a normal read)."""
    before = conn.text_factory
    conn.text_factory = bytes
    try:
        yield from conn.execute(query)
    finally:
        conn.text_factory = before


def _text(value: Any) -> Any:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


# --------------------------------------------------------------------------- links


def link_problems(conn: sqlite3.Connection) -> list[Problem]:
    """Records that link to a record that does not exist (``PRAGMA foreign_key_check``)."""
    found: list[Problem] = []
    for table_name, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall():
        table = Base.metadata.tables.get(table_name)
        record = f"row {rowid}"
        if table is not None and rowid is not None:
            head = _select_record(table)
            sql = f"SELECT {head} FROM {_q(table_name)} WHERE rowid = ?"  # noqa: S608
            row = conn.execute(sql, (rowid,)).fetchone()
            if row is not None:
                record = _record(row[0], row[1])
        found.append(
            Problem(
                str(table_name), record, f"it links to a record in {parent} that does not exist"
            )
        )
    return found
