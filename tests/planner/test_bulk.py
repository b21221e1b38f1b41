"""Bulk loads into a new file (demo books, archive imports): what they may defer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.services import books
from planner.store import bulk


def test_indexes_on_foreign_key_columns_are_never_deferred(tmp_path: Path) -> None:
    """A load that holds a deferred foreign key makes SQLite look up the children of every
    parent row it inserts; without the child's index each lookup reads the whole table, and a
    10,000-account demo took quadratic time (288 s for 3,000 accounts against 113 s with them)."""
    path = tmp_path / "b.aspbook"
    books.create_book(path).close()
    conn = sqlite3.connect(path)
    try:
        deferred = {name for name, _sql in bulk.secondary_indexes(conn)}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            children = {row[3] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
            for _seq, index, _unique, _origin, _partial in conn.execute(
                f'PRAGMA index_list("{table}")'
            ):
                first = conn.execute(f'PRAGMA index_info("{index}")').fetchone()
                if first is not None and first[2] in children:
                    assert index not in deferred, f"{index} leads with the foreign key {first[2]}"
        assert deferred, "some plain indexes are still built once at the end"
    finally:
        conn.close()
