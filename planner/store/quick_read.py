"""Reading a book with the standard library alone, for short commands that only read.

Loading SQLAlchemy and the models costs a command like ``planner accounts`` most of its time.
:func:`read` opens a book the way a read-only :func:`planner.store.book.open_book` does, with
the same checks in the same order and the same functions (so a file that is not a book, an
empty file, a book from a newer version... is refused with the same message), but on a plain
read-only sqlite3 connection, and runs the caller's statements in one transaction: one
snapshot of the book, even while another program writes it (reads take no lock file).

It only takes the way it is sure of. A book in an older format (which must be upgraded), a
schema other than exactly the one this version makes (:data:`planner.store.layout.SCHEMA_DIGEST`),
or any error while reading (a busy or damaged book, a value that cannot be read) make it return
None, and the caller then reads the book the full way, which says what is wrong in its own words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from planner.store import migrations
from planner.store.fileformat import connect_raw, quick_check, read_header
from planner.store.layout import SCHEMA_DIGEST, schema_digest, schema_objects
from planner.store.search_index import Execute, connection_executor

T = TypeVar("T")


def read(path: Path, work: Callable[[Execute], T]) -> T | None:
    """``work``'s result, run in one read transaction on the book at ``path``; None when the
    book should be read the full way (see the module's documentation). Raises the same
    :class:`~planner.domain.errors.BookError` as opening the book for a file that is refused
    before any SQL runs."""
    path = Path(path)
    header = read_header(path)
    if header.user_version != migrations.SCHEMA_VERSION:
        return None  # older: opening it says it must be upgraded first
    quick_check(path, read_only=True)
    try:
        conn = connect_raw(path, read_only=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("BEGIN")
        try:
            if not _current(conn):
                return None
            return work(connection_executor(conn))
        finally:
            conn.execute("ROLLBACK")  # a read: nothing to keep
    except Exception:  # noqa: BLE001 - the full way reads it again and says what is wrong
        return None
    finally:
        conn.close()


def _current(conn: sqlite3.Connection) -> bool:
    """Whether the book is, inside this transaction, exactly what this version makes."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return bool(
        version == migrations.SCHEMA_VERSION
        and schema_digest(schema_objects(conn)) == SCHEMA_DIGEST
    )
