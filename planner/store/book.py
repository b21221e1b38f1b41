"""The book file: create, inspect, open, and the unit of work every service uses.

Opening follows RELIABILITY.md rule 1: before any SQL runs, the file's first 100 bytes are read
and checked (SQLite header, our ``application_id``, the schema version); then ``quick_check``
runs; only then is the engine made. Each refusal has its own exception and message, and a
refused file is never written to.

Every connection gets ``foreign_keys=ON`` (asserted), ``trusted_schema=OFF``,
``synchronous=FULL`` and the rollback journal (``journal_mode=DELETE``): between two writes the
book is one complete file, with no ``-wal``/``-shm`` sidecars. pysqlite's legacy transaction
handling is switched off and ``BEGIN`` is emitted explicitly, so DDL and SAVEPOINTs are
transactional (SQLAlchemy's documented recipe).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from planner import __version__
from planner.domain import errors
from planner.store import migrations
from planner.store.models import (
    APPLICATION_ID,
    Base,
    EditSession,
    Setting,
    Tracked,
    new_id,
    utcnow,
)

BOOK_SUFFIX = ".aspbook"
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True, slots=True)
class FileHeader:
    """What the first 100 bytes of a book say about it."""

    page_size: int
    user_version: int
    application_id: int


def read_header(path: Path) -> FileHeader:
    """Check the file at ``path`` is one of our books, reading only its header (no SQL).

    Raises the specific :class:`~planner.domain.errors.BookError` for each kind of bad file.
    """
    name = path.name
    if not path.exists():
        raise errors.BookMissingError(
            f"There is no file at {path}. Check the name and folder, or create a new book.", path
        )
    if path.is_dir():
        raise errors.NotABookError(f"{path} is a folder, not a book. Choose a book file.", path)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
    except PermissionError as exc:
        raise errors.BookReadOnlyError(
            f"You do not have permission to read {name}. Ask the file's owner, or copy it "
            "somewhere you can read it.",
            path,
        ) from exc
    except OSError as exc:
        raise errors.StorageError(f"{name} could not be read: {exc.strerror}.", path) from exc
    if not head:
        raise errors.BookEmptyError(
            f"{name} is empty (0 bytes), so it holds no book. It may have been cut short while "
            "copying; try the original, or restore a backup.",
            path,
        )
    if len(head) < HEADER_SIZE or not head.startswith(SQLITE_MAGIC):
        raise errors.NotABookError(
            f"{name} is not an Account Success Planner book (it is not a database file). "
            "If it is a CSV export, use File > Import instead.",
            path,
        )
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    user_version, application_id = (
        struct.unpack(">I", head[60:64])[0],
        struct.unpack(">I", head[68:72])[0],
    )
    if application_id != APPLICATION_ID:
        raise errors.ForeignDatabaseError(
            f"{name} is a database made by another program, not an Account Success Planner "
            "book. It was left unchanged.",
            path,
        )
    if user_version > migrations.SCHEMA_VERSION:
        raise errors.BookTooNewError(
            f"{name} was saved by a newer version of Account Success Planner (book format "
            f"{user_version}; this version reads up to {migrations.SCHEMA_VERSION}). Update the "
            "app to open it. The book was left unchanged.",
            path,
        )
    if user_version < 1:
        raise errors.BookDamagedError(
            f"{name} is an unfinished book (it has no format version). It may have been cut "
            "short while being created; restore a backup.",
            path,
        )
    return FileHeader(page_size, user_version, application_id)


def _connect_raw(path: Path, *, read_only: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    row = conn.execute("PRAGMA foreign_keys").fetchone()
    if not row or row[0] != 1:  # pragma: no cover - only if SQLite was built without FKs
        raise errors.BookError("This SQLite build cannot enforce foreign keys.")


def quick_check(path: Path, *, read_only: bool = True) -> None:
    """Run SQLite's ``quick_check`` and raise :class:`BookDamagedError` if it finds damage."""
    try:
        conn = _connect_raw(path, read_only=read_only)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from exc
    if [r[0] for r in rows] != ["ok"]:
        raise _damaged(path, "; ".join(str(r[0]) for r in rows[:3]))


def _damaged(path: Path, detail: str) -> errors.BookDamagedError:
    return errors.BookDamagedError(
        f"{path.name} is damaged and cannot be opened safely ({detail}). It was left unchanged. "
        "Restore a backup (File > Restore from Backup), or open a copy you trust.",
        path,
    )


class Book:
    """An open book: the only way services reach the database.

    Made by :func:`open_book` or :func:`create_book`; passed to every service call. It owns
    one engine; each unit of work opens a short session and closes it.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.edit_session_id = new_id()
        self._closed = False
        self.engine: Engine = create_engine(
            "sqlite://",
            creator=lambda: _connect_raw(path, read_only=read_only),
            pool_pre_ping=False,
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _stamp_rows)

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Book {self.path} {mode}>"

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def closed(self) -> bool:
        return self._closed

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot of the book."""
        self._check_open()
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise translate_db_error(exc, self.path) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: one transaction, committed on success, rolled back on error."""
        self._check_open()
        if self.read_only:
            raise errors.BookReadOnlyError(
                f"{self.path.name} is open read-only, so it cannot be changed. Close it and open "
                "a copy you can write, or save a copy elsewhere.",
                self.path,
            )
        try:
            with self._sessions() as session, session.begin():
                session.info["rev"] = self.edit_session_id
                session.execute(
                    insert(EditSession)
                    .prefix_with("OR IGNORE")
                    .values(
                        id=self.edit_session_id,
                        started_at=datetime.now(UTC),
                        host=socket.gethostname()[:255],
                        app_version=__version__,
                    )
                )
                yield session
        except DBAPIError as exc:
            raise translate_db_error(exc, self.path) from exc

    def setting(self, key: str, default: Any = None) -> Any:
        with self.read() as session:
            value = session.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value

    def close(self) -> None:
        if not self._closed:
            self.engine.dispose()
            self._closed = True

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise errors.BookError("This book has been closed. Open it again to continue.")


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN from pysqlite
    _apply_pragmas(dbapi_connection)


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _stamp_rows(session: Session, _context: object, _instances: object) -> None:
    """Give every new or changed row its ``updated_at`` and the edit session's ``rev``."""
    now = utcnow()
    rev = session.info.get("rev")
    for obj in session.new:
        if isinstance(obj, Tracked):
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.rev = rev
    for obj in session.dirty:
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.rev = rev


_SQLITE_MESSAGES: tuple[tuple[str, type[errors.BookError], str], ...] = (
    (
        "disk is full",
        errors.StorageError,
        "The disk is full, so the change to {name} was not saved. The book is as it was before. "
        "Free some space (or move the book to another drive) and try again.",
    ),
    (
        "readonly database",
        errors.BookReadOnlyError,
        "{name} cannot be written (the file, its folder or the drive is read-only). The book "
        "is as it was before. Save a copy somewhere writable to keep working.",
    ),
    (
        "database is locked",
        errors.BookLockedError,
        "{name} is busy: another program is writing to it. Wait a moment and try again.",
    ),
    (
        "disk i/o error",
        errors.StorageError,
        "The drive holding {name} reported an error (was it removed?). The change was not "
        "saved. Reconnect the drive and try again.",
    ),
    (
        "malformed",
        errors.BookDamagedError,
        "{name} is damaged. Stop editing it and restore a backup (File > Restore from Backup).",
    ),
    (
        "not a database",
        errors.NotABookError,
        "{name} is not a book (it is not a database file).",
    ),
    (
        "unable to open database",
        errors.StorageError,
        "{name} could not be opened (was the drive removed or the file moved?).",
    ),
)


def translate_db_error(exc: DBAPIError, path: Path) -> errors.PlannerError:
    """Turn an SQLite error into a message a person can act on."""
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    for needle, cls, message in _SQLITE_MESSAGES:
        if needle in text:
            return cls(message.format(name=path.name), path)
    if isinstance(exc, IntegrityError):
        return _integrity_message(text)
    return errors.StorageError(
        f"{path.name} could not be read or written ({exc.orig}). The last change was not saved.",
        path,
    )


def _integrity_message(text: str) -> errors.PlannerError:
    if "unique" in text and "crm_id" in text:
        return errors.ConflictError(
            "Another record already uses this CRM id. CRM ids must be unique; leave it empty "
            "or use the record's own id from your CRM."
        )
    if "foreign key" in text:
        return errors.ConflictError(
            "A linked record no longer exists (it may have been deleted). Refresh and try again."
        )
    return errors.ConflictError(f"The change conflicts with what the book holds ({text}).")


# --------------------------------------------------------------------------- open / create


def create_book(path: Path, *, currency: str = "USD") -> Book:
    """Create a new, empty book at ``path`` (which must not exist) and open it.

    The file is built beside the target under a temporary name and renamed into place, so a
    crash never leaves a half-made book under the real name.
    """
    path = Path(path)
    if path.exists():
        raise errors.ConflictError(
            f"{path.name} already exists. Choose another name, or open the existing book."
        )
    if not path.parent.exists():
        raise errors.BookMissingError(f"The folder {path.parent} does not exist.", path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    try:
        _build_schema(tmp, currency=currency)
        _fsync(tmp)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except PermissionError as exc:
        raise errors.BookReadOnlyError(
            f"The folder {path.parent} cannot be written. Choose another folder.", path
        ) from exc
    except OSError as exc:
        raise errors.StorageError(
            f"The book could not be created in {path.parent}: {exc.strerror or exc}.", path
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise errors.StorageError(f"The book could not be created: {exc}.", path) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return open_book(path)


def _build_schema(path: Path, *, currency: str) -> None:
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(str(path), isolation_level=None, check_same_thread=False),
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            now = datetime.now(UTC)
            conn.execute(
                insert(Setting),
                [
                    {"id": new_id(), "key": key, "value": value, "created_at": now,
                     "updated_at": now}
                    for key, value in initial_settings(currency).items()
                ],
            )  # fmt: skip
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")
    finally:
        engine.dispose()


def initial_settings(currency: str) -> dict[str, Any]:
    return {
        "book_id": new_id(),
        "base_currency": currency,
        "gross_margin_pct": 80,
        "fx_rates": {},
        "created_with": __version__,
    }


def open_book(path: Path, *, read_only: bool = False, migrate: bool = True) -> Book:
    """Open the book at ``path`` after checking it is ours and sound.

    A book from an older schema version is backed up and migrated (unless ``migrate`` is
    False, which raises instead). Raises a :class:`~planner.domain.errors.BookError`
    subclass for every kind of file that cannot be opened; such a file is not modified.
    """
    path = Path(path)
    header = read_header(path)
    if not read_only and not os.access(path, os.W_OK):
        read_only = True
    quick_check(path, read_only=read_only or _has_no_hot_journal(path))
    if header.user_version < migrations.SCHEMA_VERSION:
        if read_only:
            raise errors.BookReadOnlyError(
                f"{path.name} was made by an older version of the app and must be upgraded "
                "before it can be opened, but it is read-only. Copy it somewhere writable "
                "and open the copy.",
                path,
            )
        if not migrate:
            raise errors.BookTooNewError(
                f"{path.name} needs upgrading from format {header.user_version} to "
                f"{migrations.SCHEMA_VERSION}.",
                path,
            )
        migrations.upgrade(path)
    return Book(path, read_only=read_only)


def _has_no_hot_journal(path: Path) -> bool:
    return not path.with_name(path.name + "-journal").exists()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open folders for fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
