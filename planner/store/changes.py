"""What a write changed: the stamps on the rows it wrote, and the tables it touched.

Stamps. Every row carries ``created_at``, ``updated_at`` and ``rev`` (the dot of the write
transaction that last changed it; see :mod:`planner.store.book`). :func:`stamp` is the one
place that decides them, for every way rows are written: ORM objects (the session's
``before_flush`` hook, :func:`stamp_flush`), Core ``insert``/``update`` values (``{**values,
**stamp(session, created=True)}``) and rows built outside a session (:func:`row_stamp`, for the
demo generator's back-dated rows). An update that changes only derived columns
(:data:`DERIVED_COLUMNS`) is not an edit and keeps its stamps.

Tables. The :class:`~planner.store.book.Book` records, per transaction, which tables its
statements wrote. It watches the SQL text itself (SQLAlchemy's ``before_cursor_execute``), so
ORM flushes, Core statements and raw SQL are all seen alike: :func:`tables_written` reads the
target of each ``INSERT``/``REPLACE``/``UPDATE``/``DELETE`` and adds the tables that the
schema's ``ON DELETE CASCADE`` / ``SET NULL`` reach (a deleted account also changes its
actions). After a successful COMMIT, never after a rollback, the book tells its listeners with
a :class:`Changes`. A unit of work that replaces the book's contents as a whole (CSV import,
merge) calls :func:`mark_whole_book`; a restore announces it directly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from planner.store import search_index
from planner.store.models import Base, Tracked, stamp_time

#: Columns that cache values derived from other rows. Changing only these is not an edit: the
#: row keeps its ``rev`` and ``updated_at``.
DERIVED_COLUMNS: dict[str, frozenset[str]] = {"accounts": frozenset({"arr_minor"})}

#: Tables every write touches for its own bookkeeping; they say nothing about what changed.
#: The search index only follows the records (its triggers and the flush before COMMIT): a
#: change to it always comes with the change to the records it indexes.
BOOKKEEPING = frozenset({"edit_sessions", *search_index.TABLES})

_WHOLE_BOOK = "changes.whole_book"


@dataclass(frozen=True, slots=True)
class Changes:
    """What one committed write changed: the tables it wrote, or the whole book (an import,
    a merge, a restore: anything may have changed)."""

    tables: frozenset[str] = frozenset()
    whole_book: bool = False

    @classmethod
    def everything(cls) -> Changes:
        return cls(whole_book=True)

    def touches(self, watched: frozenset[str]) -> bool:
        """Whether something shown from ``watched`` tables may have changed."""
        return self.whole_book or not self.tables.isdisjoint(watched)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables, self.whole_book or other.whole_book)

    def __bool__(self) -> bool:
        return self.whole_book or bool(self.tables)


# --------------------------------------------------------------------------- stamps


def row_stamp(
    *, at: datetime, rev: str | None, created_at: datetime | None = None
) -> dict[str, Any]:
    """The bookkeeping columns of a row written at ``at`` by transaction ``rev`` (with
    ``created_at`` for a new row)."""
    values: dict[str, Any] = {"updated_at": at, "rev": rev}
    if created_at is not None:
        values["created_at"] = created_at
    return values


def stamp(session: Session, *, created: bool = False) -> dict[str, Any]:
    """The bookkeeping columns for a row this unit of work writes (``created``: a new row)."""
    now = stamp_time(session)
    return row_stamp(at=now, rev=session.info.get("rev"), created_at=now if created else None)


def stamp_flush(session: Session, _context: object, _instances: object) -> None:
    """``before_flush``: stamp every new or edited ORM row of the session."""
    for obj in session.new:
        if isinstance(obj, Tracked):
            values = stamp(session, created=True)
            if obj.created_at is not None:
                del values["created_at"]
            for key, value in values.items():
                setattr(obj, key, value)
    for obj in session.dirty:
        if isinstance(obj, Tracked) and _edited(obj):
            for key, value in stamp(session).items():
                setattr(obj, key, value)


def _edited(obj: Tracked) -> bool:
    """Whether a column other than a derived one changed."""
    state = sa_inspect(obj)
    derived = DERIVED_COLUMNS.get(str(state.mapper.local_table.name), frozenset())
    return any(
        attr.key not in derived and state.attrs[attr.key].history.has_changes()
        for attr in state.mapper.column_attrs
    )


def mark_whole_book(session: Session) -> None:
    """Say that this unit of work changes the book as a whole (its listeners reload all)."""
    session.info[_WHOLE_BOOK] = True


def is_whole_book(info: dict[str, Any]) -> bool:
    return bool(info.get(_WHOLE_BOOK))


# --------------------------------------------------------------------------- tables

_IDENT = r'(?:"(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_][\w$]*)'
_TARGET = rf"(?:(?P<schema>{_IDENT})\s*\.\s*)?(?P<table>{_IDENT})"
_STATEMENTS = (
    ("insert", re.compile(rf"\bINSERT\s+(?:OR\s+(?P<how>\w+)\s+)?INTO\s+{_TARGET}", re.I)),
    ("replace", re.compile(rf"\bREPLACE\s+INTO\s+{_TARGET}", re.I)),
    (
        "update",
        re.compile(
            rf"\bUPDATE\s+(?:OR\s+\w+\s+)?{_TARGET}(?:\s+AS\s+{_IDENT})?"
            rf"(?:\s+INDEXED\s+BY\s+{_IDENT}|\s+NOT\s+INDEXED)?\s+SET\b",
            re.I,
        ),
    ),
    ("delete", re.compile(rf"\bDELETE\s+FROM\s+{_TARGET}", re.I)),
)
#: Statements that cannot write rows (checked on the first word, to skip parsing reads).
_READS = frozenset(
    {
        "SELECT",
        "PRAGMA",
        "BEGIN",
        "COMMIT",
        "END",
        "ROLLBACK",
        "SAVEPOINT",
        "RELEASE",
        "EXPLAIN",
        "ANALYZE",
        "VACUUM",
        "ATTACH",
        "DETACH",
    }
)
_FIRST_WORD = re.compile(r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*([A-Za-z]+)", re.S)


def _unquote(name: str) -> str:
    if name[:1] in {'"', "`", "["}:
        return name[1:-1].replace('""', '"')
    return name


def _reach() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Per table, the other tables a DELETE (resp. an UPDATE) of its rows can change through
    foreign-key actions, following cascades as far as they go."""
    on_delete: dict[str, set[tuple[str, str]]] = defaultdict(set)
    on_update: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            parent = fk.column.table.name
            if fk.ondelete:
                on_delete[parent].add((child.name, fk.ondelete.upper()))
            if fk.onupdate:
                on_update[parent].add((child.name, fk.onupdate.upper()))

    def closure(table: str, edges: dict[str, set[tuple[str, str]]]) -> frozenset[str]:
        found: set[str] = set()
        followed = {table}
        todo = [table]
        while todo:
            for child, action in edges.get(todo.pop(), ()):
                found.add(child)
                # A cascade deletes (or re-keys) the child's rows, whose own children are
                # then reached in turn; SET NULL only changes the child's rows.
                if action == "CASCADE" and child not in followed:
                    followed.add(child)
                    todo.append(child)
        return frozenset(found)

    names = [t.name for t in Base.metadata.sorted_tables]
    return (
        {n: closure(n, on_delete) for n in names},
        {n: closure(n, on_update) for n in names},
    )


_DELETE_REACH, _UPDATE_REACH = _reach()


@lru_cache(maxsize=1024)
def tables_written(statement: str) -> frozenset[str]:
    """The book tables that running ``statement`` may change (foreign-key actions included).

    Tables of the ``temp`` schema and of attached books are not the book's and are left out.
    """
    first = _FIRST_WORD.match(statement)
    if first is None or first.group(1).upper() in _READS:
        return frozenset()
    found: set[str] = set()
    for kind, pattern in _STATEMENTS:
        for match in pattern.finditer(statement):
            schema = match.group("schema")
            if schema is not None and _unquote(schema).lower() != "main":
                continue
            table = _unquote(match.group("table"))
            if table.lower().startswith("sqlite_"):
                continue
            found.add(table)
            how = (match.group("how") or "").upper() if kind == "insert" else ""
            if kind in {"delete", "replace"} or how == "REPLACE":
                found |= _DELETE_REACH.get(table, frozenset())
            elif kind == "update":
                found |= _UPDATE_REACH.get(table, frozenset())
    return frozenset(found)
