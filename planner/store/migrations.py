"""Numbered schema migrations, one transaction each.

``SCHEMA_VERSION`` is the format this app writes. A new book is created at that version
directly from the models. An older book is upgraded step by step: for each step, foreign keys
are switched off *outside* the transaction (so table rebuilds do not fire ON DELETE CASCADE),
the step runs inside ``BEGIN``, ``PRAGMA foreign_key_check`` must come back empty, and
``user_version`` is bumped in the same transaction before ``COMMIT``. A step that fails rolls
back whole, leaving the book at its previous version. Taking a verified backup first is the
opener's job (:func:`planner.store.book.open_book` backs up, then calls :func:`upgrade`); this
module only changes the file.

Adding a step: append a :class:`Step` to :data:`STEPS`, raise ``SCHEMA_VERSION``, change the
models to match, and commit a fixture book made by the previous version under
``tests/fixtures/books/`` (``tests/planner/test_migrations.py`` migrates every fixture and
compares the result with a freshly created book).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.domain import errors
from planner.store import search_index


@dataclass(frozen=True, slots=True)
class Step:
    to_version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _rebuild(
    conn: sqlite3.Connection, table: str, ddl: tuple[str, ...], fill: dict[str, str]
) -> None:
    """Rebuild ``table`` from its frozen ``ddl`` (CREATE TABLE, then its indexes), keeping its
    rows; columns it did not have take the SQL expressions in ``fill``.

    The old table is renamed aside with ``legacy_alter_table`` on, so other tables' foreign
    keys keep naming ``table`` (foreign keys are off during a step); the new table's stored
    SQL is exactly ``ddl``, as in a book created by this version.
    """
    old = f"_old_{table}"
    before = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
    indexes = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (old,),
    ).fetchall()
    for (name,) in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for statement in ddl:
        conn.execute(statement)
    after = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    kept = [c for c in after if c in before]
    added = [c for c in after if c not in before and c in fill]
    columns = ", ".join(f'"{c}"' for c in [*kept, *added])
    values = ", ".join([*(f'"{c}"' for c in kept), *(fill[c] for c in added)])
    conn.execute(f'INSERT INTO "{table}" ({columns}) SELECT {values} FROM "{old}"')  # noqa: S608
    conn.execute(f'DROP TABLE "{old}"')


def _v2(conn: sqlite3.Connection) -> None:
    from planner.store import schema_v2 as v2  # noqa: PLC0415 - frozen DDL, read when needed

    for table, ddl in v2.REBUILT.items():
        _rebuild(conn, table, ddl, v2.FILL.get(table, {}))
    for statement in v2.CREATED:
        conn.execute(statement)
    search_index.rebuild(search_index.connection_executor(conn))  # index what the book holds


def _v3(conn: sqlite3.Connection) -> None:
    from planner.store import schema_v3 as v3  # noqa: PLC0415 - frozen DDL, read when needed

    for statement in v3.CREATED:
        conn.execute(statement)


#: Step N upgrades a book from version N-1 to N. Version 1 is the first released format.
STEPS: tuple[Step, ...] = (
    Step(
        2,
        "goal value per unit and measurements, QBR asks, captured interactions, "
        "attention states, plan templates, forecast overrides, search index",
        _v2,
    ),
    Step(3, "an index on every record's revision, so a merge reads only what changed", _v3),
)

SCHEMA_VERSION = 1 + len(STEPS)


def upgrade(path: Path) -> int | None:
    """Apply every pending step to the book at ``path``; return the version it had (None when
    it was already current). Back the book up first (the caller's job)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        pending = [s for s in STEPS if s.to_version > version]
        if not pending:
            return None
        for step in pending:
            _apply(conn, step, path)
        return version
    finally:
        conn.close()


def _require_no_broken_links(conn: sqlite3.Connection, step: Step, path: Path) -> None:
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise errors.BookDamagedError(
            f"Upgrading {path.name} to format {step.to_version} found {len(problems)} broken "
            "links; the upgrade was undone and the book left as it was.",
            path,
        )


def _apply(conn: sqlite3.Connection, step: Step, path: Path) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            step.apply(conn)
            _require_no_broken_links(conn, step, path)
            conn.execute(f"PRAGMA user_version = {int(step.to_version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        raise errors.StorageError(
            f"{path.name} could not be upgraded ({exc}); it was left as it was.",
            path,
        ) from exc
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
