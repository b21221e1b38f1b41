"""Recovering a book whose writer stopped mid-change, on request (``planner recover BOOK``).

A writer that dies (a crash, a pulled plug, ``kill -9``) leaves ``<book>-journal`` beside the
book: the pages as they were before the unfinished change. SQLite rolls it back into the book on
the next read-write open, which the app does when it opens the book for editing. This module
does the same explicitly and says what happened, for the command line and for a book that
cannot be opened otherwise (reading commands refuse a book with a leftover journal, because
reading it without rolling back would show a half change).

The journal is never deleted: when its book is gone (deleted or moved without it), it is kept
under another name, so a new book can be made at that path without the old change being applied
to it (see :mod:`planner.store.placing`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from planner.domain import errors
from planner.domain.clock import system_now
from planner.store.fileformat import connect_raw, read_header
from planner.store.placing import journal_of


@dataclass(frozen=True, slots=True)
class RecoveryResult:
    path: Path
    rolled_back: bool
    """A leftover journal was rolled back into the book."""
    set_aside: Path | None = None
    """Where a journal that could not be rolled back into this book was kept."""
    book_missing: bool = False


def _set_aside(journal: Path) -> Path:
    stamp = system_now().strftime("%Y%m%d-%H%M%S")
    aside = journal.with_name(f"{journal.name}.set-aside-{stamp}")
    try:
        journal.rename(aside)
    except OSError as exc:
        raise errors.StorageError(
            f"{journal.name} could not be renamed ({exc.strerror or exc}); it was left as it "
            "was. Check that its folder can be written.",
            journal,
        ) from exc
    return aside


def recover_book(path: Path) -> RecoveryResult:
    """Roll a leftover journal back into the book at ``path``, or keep an orphaned journal
    under another name. The caller holds the book's lock. Raises a
    :class:`~planner.domain.errors.BookError` in words when the book cannot be recovered here."""
    path = Path(path)
    journal = journal_of(path)
    if not path.exists():
        if not journal.exists():
            raise errors.BookMissingError(
                f"There is no book at {path}, and no leftover journal of one: nothing to recover.",
                path,
            )
        return RecoveryResult(
            path, rolled_back=False, set_aside=_set_aside(journal), book_missing=True
        )
    read_header(path)
    if not journal.exists():
        return RecoveryResult(path, rolled_back=False)
    try:
        conn = connect_raw(path, read_only=False)
        try:
            conn.execute("PRAGMA quick_check").fetchall()  # the first read rolls back
            rolled_back = not journal.exists()
            aside = None
            if not rolled_back:
                # SQLite did not use it (it is no unfinished change of this book): with the
                # write lock held, so no other program is writing, keep it aside.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if journal.exists():
                        aside = _set_aside(journal)
                finally:
                    conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith("SQLITE_READONLY") or name == "SQLITE_CANTOPEN":
            raise errors.BookReadOnlyError(
                f"{path.name} cannot be recovered here: it (or its folder, or the drive) cannot "
                "be written, and undoing the unfinished change writes to it. Copy the book and "
                f"{journal.name} together to a folder you can write, and recover the copy.",
                path,
            ) from exc
        if name == "SQLITE_BUSY":
            raise errors.BookLockedError(
                f"Another program is writing {path.name} right now; try again when it is done.",
                path,
            ) from exc
        raise errors.BookDamagedError(
            f"{path.name} could not be recovered ({exc}). Restore a backup.", path
        ) from exc
    return RecoveryResult(path, rolled_back=rolled_back, set_aside=aside)
