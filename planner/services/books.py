"""Opening, creating, checking and describing books; book settings; the default book;
locks, backups and restoring.

The UI and the CLI reach the book file only through these functions: they hold a
:class:`Book` handle and pass it to the other services, and never touch the database.

Opening for editing (``open_book(path, lock=True)``) takes the book's lock; when someone else
holds it, :class:`BookInUseError` says who (host, process, user, since when) and whether the
lock is stale; the caller then offers read-only (``read_only=True``) or, for a stale lock,
taking it over (``take_over=True``). A book that cannot be written opens read-only and says why
in ``book.read_only_reason``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from planner.domain import errors
from planner.domain.money import is_currency_code
from planner.store import backups, checking, migrations, placing
from planner.store import lock as locks
from planner.store import models as m
from planner.store.backups import BackupInfo, RestoreResult
from planner.store.book import BOOK_SUFFIX, Book, create_book, open_book
from planner.store.book import why_read_only as book_module_why_read_only
from planner.store.changes import Changes
from planner.store.fileformat import (
    check_schema,
    connect_raw,
    quick_check,
    read_book_id,
    read_header,
    summarize,
)
from planner.store.lock import BookInUseError, BookLock, LockHolder, LockState, format_when
from planner.store.recovery import RecoveryResult, recover_book

__all__ = [
    "BOOK_SUFFIX",
    "BackupInfo",
    "Book",
    "BookInUseError",
    "BookInfo",
    "BookLock",
    "CheckResult",
    "LockHolder",
    "LockState",
    "RecoveryResult",
    "RestoreNeedsConfirmationError",
    "RestoreResult",
    "auto_backup",
    "backup_if_due",
    "backup_now",
    "check_book",
    "create_book",
    "default_book_path",
    "format_when",
    "get_settings",
    "hold_lock",
    "list_backups",
    "lock_state",
    "new_book_file",
    "open_book",
    "recover_book",
    "restore_backup",
    "restore_backup_file",
    "restore_warning",
    "save_copy_as",
    "set_setting",
    "sqlite_version",
    "verify_backup",
]

#: The entities counted by ``planner info`` (table -> plural label).
COUNTED: dict[str, str] = {
    "accounts": "accounts",
    "success_plans": "success plans",
    "goals": "goals",
    "risks": "risks",
    "stakeholders": "stakeholders",
    "use_cases": "use cases",
    "action_items": "action items",
    "interactions": "interactions",
    "health_snapshots": "health snapshots",
    "survey_responses": "survey responses",
    "opportunities": "opportunities",
    "revenue_events": "revenue events",
    "qbrs": "QBRs",
    "qbr_agenda_items": "QBR agenda items",
    "stage_changes": "stage changes",
}


MAX_PROBLEMS = 10_000
"""A check stops listing problems after this many (a book can be damaged everywhere)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    path: Path
    schema_version: int
    application_id: int
    size: int
    accounts: int

    @property
    def summary(self) -> str:
        return (
            f"{self.path.name}: sound (format {self.schema_version}, {self.accounts} accounts, "
            f"{self.size / 1_048_576:.1f} MB)"
        )


@dataclass(frozen=True, slots=True)
class BookInfo:
    path: Path
    schema_version: int
    application_id: int
    app_schema_version: int
    book_id: str
    base_currency: str
    counts: dict[str, int]
    read_only: bool


def sqlite_version() -> str:
    """The version of the SQLite library books are read and written with."""
    return sqlite3.sqlite_version


def default_book_path() -> Path:
    """The default book in the user's data folder (the folder is created if needed)."""
    import platformdirs  # noqa: PLC0415 - keeps CLI start-up light

    override = os.environ.get("ACCOUNT_PLANNER_HOME")
    folder = (
        Path(override)
        if override
        else Path(platformdirs.user_data_dir("account-success-planner", appauthor=False))
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"My accounts{BOOK_SUFFIX}"


def check_book(path: Path) -> CheckResult:
    """Check a book without changing it, and raise :class:`BookDamagedError` naming the first
    few problems (and how many there are) when it is not sound.

    Everything a read could trip on: the header, our application id and format, SQLite's full
    ``integrity_check``, a schema changed by another program, CHECK and NOT NULL rules (which
    ``integrity_check`` skips on a read-only connection), links to missing records, and every
    value decoded through the model's types.
    """
    path = Path(path)
    header = read_header(path)
    quick_check(path)
    check_schema(path, header.user_version)
    conn = connect_raw(path, read_only=True, lenient_text=True)
    try:
        problems: list[object] = [
            r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"
        ]
        if not problems:
            problems += checking.link_problems(conn)
            if header.user_version == migrations.SCHEMA_VERSION:
                problems += checking.record_problems(conn, limit=MAX_PROBLEMS)
        accounts = conn.execute("SELECT count(*) FROM accounts").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise errors.BookDamagedError(
            f"{path.name} is damaged ({exc}). Restore a backup.", path
        ) from exc
    finally:
        conn.close()
    if problems:
        count = (
            "more than " + f"{MAX_PROBLEMS:,}"
            if len(problems) >= MAX_PROBLEMS
            else (f"{len(problems):,}")
        )
        raise errors.BookDamagedError(
            f"{path.name} is damaged ({count} problem{'s' if len(problems) != 1 else ''}): "
            f"{summarize([str(p) for p in problems])}. It was left unchanged. Restore a backup "
            "(File > Restore from Backup, or planner restore).",
            path,
        )
    return CheckResult(
        path, header.user_version, header.application_id, path.stat().st_size, accounts
    )


def book_info(book: Book) -> BookInfo:
    header = read_header(book.path)
    with book.read() as session:
        counts = {}
        for table_name in COUNTED:
            table = m.Base.metadata.tables[table_name]
            counts[table_name] = session.scalar(select(func.count()).select_from(table)) or 0
        settings: dict[str, Any] = {
            row[0]: row[1] for row in session.execute(select(m.Setting.key, m.Setting.value))
        }
    return BookInfo(
        path=book.path,
        schema_version=header.user_version,
        application_id=header.application_id,
        app_schema_version=migrations.SCHEMA_VERSION,
        book_id=str(settings.get("book_id", "")),
        base_currency=str(settings.get("base_currency", "USD")),
        counts=counts,
        read_only=book.read_only,
    )


def get_settings(book: Book) -> dict[str, Any]:
    with book.read() as session:
        return {row[0]: row[1] for row in session.execute(select(m.Setting.key, m.Setting.value))}


_SETTING_RULES = {
    "base_currency": lambda v: isinstance(v, str) and is_currency_code(v),
    "gross_margin_pct": lambda v: (
        isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 100
    ),
    "fx_rates": lambda v: (
        isinstance(v, dict)
        and all(is_currency_code(k) and isinstance(r, str) for k, r in v.items())
    ),
}
_SETTING_MESSAGES = {
    "base_currency": "The base currency must be a three-letter code such as USD.",
    "gross_margin_pct": "Gross margin must be a percentage above 0 and at most 100.",
    "fx_rates": "Exchange rates must map currency codes to decimal numbers written as text.",
}


def set_setting(book: Book, key: str, value: Any) -> None:
    rule = _SETTING_RULES.get(key)
    if rule is not None and not rule(value):
        raise errors.ValidationError(key, _SETTING_MESSAGES[key])
    if key == "book_id":
        raise errors.ValidationError(key, "The book's id cannot be changed.")
    with book.write() as session:
        row = session.scalars(select(m.Setting).where(m.Setting.key == key)).first()
        if row is None:
            session.add(m.Setting(key=key, value=value))
        else:
            row.value = value


@contextlib.contextmanager
def new_book_file(path: Path, *, replace: bool = False) -> Iterator[Path]:
    """Build a new book for ``path`` under a temporary name (yielded; it does not exist yet),
    renamed into place when the body succeeds. Refused, in words, beside a leftover journal, at
    a name too long, or over something that is not a file; when it replaces a book of ours, a
    backup of that book is taken first. Hold the book's lock when replacing one."""
    path = Path(path)
    with placing.new_book_file(path, replace=replace) as tmp:
        if replace and path.exists() and _is_our_book(path):
            backups.auto_backup(path, reason="before-replace")
        yield tmp


def _is_our_book(path: Path) -> bool:
    try:
        read_header(path)
    except errors.BookError:
        return False
    return True


def save_copy_as(book: Book, target: Path) -> Path:
    """Write a verified copy of the open book to ``target`` atomically.

    The copy is made beside the target under a temporary name, verified, synced and renamed
    into place: an interrupted save leaves ``target`` as it was. A target that is open
    elsewhere, or holds an unfinished change, is refused.
    """
    target = Path(target)
    if target.resolve() == book.path.resolve():
        raise errors.ConflictError("Choose a different file than the open book.")
    return backups.copy_book(book.path, target)


# --------------------------------------------------------------------------- locks


def lock_state(path: Path) -> LockState | None:
    """Who holds the lock of the book at ``path`` (None when nobody does)."""
    return locks.inspect(Path(path))


def hold_lock(path: Path, *, take_over: bool = False) -> BookLock:
    """Lock the book at ``path`` (which need not exist yet) for a job that will write it; every
    ``open_book(..., lock=True)`` of the same book in this process meanwhile shares this lock.
    Release it when the job is done. Raises :class:`BookInUseError` when someone else has it."""
    return locks.BookLock.acquire(Path(path), take_over=take_over, shared=True)


# --------------------------------------------------------------------------- backups


def _path_of(book: Book | Path) -> Path:
    return book.path if isinstance(book, Book) else Path(book)


def list_backups(book: Book | Path) -> list[BackupInfo]:
    """The book's backups (automatic and manual), newest first."""
    return backups.list_backups(_path_of(book))


def auto_backup(book: Book | Path, *, reason: str) -> Path:
    """A verified, rotating automatic backup (``reason`` such as ``before-import``)."""
    return backups.auto_backup(_path_of(book), reason=reason)


def backup_if_due(book: Book) -> Path | None:
    """The at-most-daily backup of an open book: taken unless one was made in the last day.

    Read-only books are not backed up (nothing can change them from here).
    """
    if book.read_only:
        return None
    return backups.backup_if_due(book.path)


def backup_now(book: Book | Path, out: Path | None = None) -> Path:
    """A backup you ask for: to ``out``, or into the book's backup folder (never rotated)."""
    path = _path_of(book)
    read_header(path)
    if out is None:
        return backups.copy_book(
            path, backups.backup_dir(path) / backups.backup_name(path, "manual")
        )
    out = Path(out)
    if out.is_dir():
        out = out / backups.backup_name(path, "manual")
    if out.exists() and out.resolve() == path.resolve():
        raise errors.ConflictError("Choose a different file than the book itself.")
    return backups.copy_book(path, out)


def verify_backup(path: Path) -> int:
    """Check a backup is a sound book of ours; return its format version (or raise)."""
    return backups.verify_backup(Path(path))


def restore_backup(book: Book, backup: Path) -> RestoreResult:
    """Replace the open book's contents with ``backup`` (a sound book of ours).

    The current state is backed up first; the book stays open (and locked) and its change
    listeners hear that the whole book changed. Undo history from before the restore no
    longer applies.
    """
    if book.read_only:
        raise errors.BookReadOnlyError(
            f"{book.path.name} is open read-only, so it cannot be restored over. Close it and "
            "open it for editing first.",
            book.path,
        )
    book.ensure_writable()
    result = backups.restore_into(book.path, Path(backup))
    book.engine.dispose()
    book.announce(Changes.everything())
    return result


class RestoreNeedsConfirmationError(errors.ConflictError):
    """The backup is of a different book, or the file it would replace is not a book of ours:
    restoring needs the person to say so (``--force``, or yes in the app's question)."""


def restore_warning(path: Path, backup: Path) -> str | None:
    """Why restoring ``backup`` over ``path`` deserves a second thought, in words: the file
    there is not a book of ours, or the backup is of a different book. None when it is a backup
    of the same book (or the book is damaged or missing, which is why one restores)."""
    path, backup = Path(path), Path(backup)
    if not path.exists():
        return None
    try:
        read_header(path)
    except (errors.NotABookError, errors.ForeignDatabaseError, errors.BookEmptyError):
        return (
            f"{path.name} is not an Account Success Planner book; restoring replaces that file "
            f"with {backup.name}."
        )
    except errors.BookError:
        return None
    try:
        quick_check(path)
    except errors.BookError:
        return None  # damaged (or holding an unfinished change): restoring is the remedy
    ours, theirs = read_book_id(path), read_book_id(backup)
    if ours and theirs and ours != theirs:
        return (
            f"{backup.name} is a backup of a different book, not of {path.name}: restoring "
            f"replaces every record of {path.name} with that book's."
        )
    return None


def restore_backup_file(
    path: Path, backup: Path, *, take_over: bool = False, force: bool = False
) -> RestoreResult:
    """Restore ``backup`` over the book at ``path`` (which need not exist), holding its lock.

    Without ``force``, a backup of a different book, or a file at ``path`` that is not a book
    of ours, is refused with :class:`RestoreNeedsConfirmationError` (see
    :func:`restore_warning`)."""
    path = Path(path)
    held = locks.BookLock.acquire(path, take_over=take_over, heartbeat=False)
    try:
        if not force:
            verify_backup(backup)
            warning = restore_warning(path, backup)
            if warning is not None:
                raise RestoreNeedsConfirmationError(f"{warning} Nothing was restored.")
        if path.exists():
            problem = book_module_why_read_only(path)
            if problem is not None:
                raise errors.BookReadOnlyError(
                    f"{path.name} cannot be restored over because {problem}.", path
                )
        return backups.restore_into(path, Path(backup))
    finally:
        held.release()
