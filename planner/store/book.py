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

Carrying and locking (RELIABILITY.md rules 3 and 4): a book that cannot be written (the file,
its folder or its drive is read-only) opens read-only, with the reason in
:attr:`Book.read_only_reason`. ``open_book(..., lock=True)`` takes the book's lock file
(:mod:`planner.store.lock`) before anything is written, recovery of a leftover journal
included; any read-write open refuses a book locked by another live process. A leftover
(hot) journal is never deleted: SQLite rolls it back on the first read-write connection.

Version vectors: each open :class:`Book` is one *edit session* and numbers its write
transactions 1, 2, 3... A row's ``rev`` is a *dot*: the session's 12-byte prefix followed by the
4-byte big-endian number of the transaction that last wrote it (stored in the 16-byte GUID
column). The session's single ``edit_sessions`` row is re-keyed on every write to the dot of
its latest transaction, so ``edit_sessions`` is exactly a version vector: a book *knows* dot
``(session, n)`` when it has that session's row with a number >= n. A copy taken between two
writes (Save a Copy As with the book still open, a sync client, a user copying the file)
therefore knows exactly the transactions it contains, and nothing written after it; this is
what :mod:`planner.services.interchange.merge` relies on. Rows written before this scheme (one
random id per session) are simply sessions whose only number is their own.

Rows are stamped, and the tables each transaction writes are recorded, by
:mod:`planner.store.changes`: updates that touch only derived columns (an account's ARR kept
equal to its revenue events) do not re-stamp the row, and after every successful COMMIT the
book tells its listeners (:meth:`Book.subscribe`) which tables changed, on the thread that
wrote. Nothing is told about a transaction that rolled back.

Search: just before every write commits (whatever wrote: ORM, Core, raw SQL such as the demo
generator's bulk inserts, an attached merge), the book's full-text index is brought up to date
with the records the transaction changed (:mod:`planner.store.search_index`). The index's own
tables are bookkeeping (:data:`planner.store.changes.BOOKKEEPING`): they are never announced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool, StaticPool

from planner import __version__
from planner.domain import errors
from planner.domain.clock import Clock, default_clock
from planner.store import backups, checking, clean_close, migrations, search_index
from planner.store import lock as locks
from planner.store.changes import (
    BOOKKEEPING,
    Changes,
    is_whole_book,
    row_stamp,
    stamp_flush,
    tables_written,
)
from planner.store.fileformat import (
    BUSY_TIMEOUT_MS,
    check_schema,
    connect_raw,
    quick_check,
    read_header,
)
from planner.store.models import (
    APPLICATION_ID,
    Base,
    EditSession,
    Setting,
    guid_text,
    new_id,
    to_millis,
)
from planner.store.placing import journal_of, new_book_file

BOOK_SUFFIX = ".aspbook"

#: Listens to the changes a book commits (called on the thread that wrote).
ChangeListener = Callable[[Changes], None]

_TOUCHED = "changes.touched"
logger = logging.getLogger(__name__)


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    row = conn.execute("PRAGMA foreign_keys").fetchone()
    if not row or row[0] != 1:  # pragma: no cover - only if SQLite was built without FKs
        raise errors.BookError("This SQLite build cannot enforce foreign keys.")


class Rollback(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raise inside a write unit of work to leave it without committing anything (a dry run, a
    preview, nothing to do); catch it after the ``with`` block."""


class Book:
    """An open book: the only way services reach the database.

    Made by :func:`open_book` or :func:`create_book`; passed to every service call. It owns
    one engine; each unit of work opens a short session and closes it. When opened with
    ``lock=True`` it holds the book's lock until :meth:`close`.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        read_only_reason: str = "",
        lock: locks.BookLock | None = None,
        clock: Clock | None = None,
        check_pending: bool = False,
    ) -> None:
        self.path = path
        self.clock: Clock = clock if clock is not None else default_clock()
        """What "today" and "now" are for everything that works on this book."""
        self.read_only = read_only
        self.read_only_reason = read_only_reason if read_only else ""
        self.lock = lock
        self._session_prefix = uuid.uuid4().bytes[:12]
        self._session_started: datetime | None = None
        self._counter = 0
        self.edit_session_id = session_range(self._session_prefix)[0]
        """The ``rev`` (dot) of the current or most recent write transaction."""
        self._closed = False
        self._check_pending = check_pending
        self._check_lock = threading.Lock()
        self._damage: errors.BookError | None = None
        self._checked_sound: tuple[int, int] | None = None
        """The file's (size, mtime) when a scan last found every record readable."""
        self._listeners: list[ChangeListener] = []
        self._listeners_lock = threading.Lock()
        # A queue of connections, each used by one thread at a time and handed back. (The
        # default for a "sqlite://" URL, SingletonThreadPool, keeps one per thread and closes
        # other threads' connections, even busy ones, once more than five threads have read.)
        self.engine: Engine = create_engine(
            "sqlite://",
            creator=lambda: connect_raw(path, read_only=read_only),
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=-1,
            pool_pre_ping=False,
        )
        self._sessions = _session_factory(self.engine)

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<Book {self.path} {mode}>"

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def closed(self) -> bool:
        return self._closed

    # ----------------------------------------------------------------- changes
    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener`` with the :class:`Changes` of every transaction committed from now
        on (on the thread that committed it); returns the function that stops it."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        """Tell the listeners about ``changes`` (done after every commit; called directly by
        work that replaces the file, such as restoring a backup)."""
        if not changes:
            return
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a listener's bug must not turn a saved change into an error
                logger.exception("A change listener failed")

    @contextlib.contextmanager
    def _unit(self, sessions: sessionmaker[Session]) -> Iterator[Session]:
        """One transaction; after it commits, the listeners hear what it changed."""
        touched: set[str] = set()
        with sessions() as session:
            info = session.info
            with session.begin():
                session.info["today"] = self.clock.today()
                session.connection().info[_TOUCHED] = touched
                yield session
        touched -= BOOKKEEPING
        self.announce(Changes(frozenset(touched), whole_book=is_whole_book(info)))

    # ----------------------------------------------------------------- units of work
    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot of the book."""
        self._check_open()
        try:
            with self._unit(self._sessions) as session:
                yield session
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        except (errors.PlannerError, Rollback):
            raise
        except Exception as exc:
            raise self._damage_behind(exc) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: one transaction, committed on success, rolled back on error.

        Each call is its own change set (a fresh ``rev`` recorded in ``edit_sessions``).
        """
        with self._write_in(self._sessions) as session:
            yield session

    @contextlib.contextmanager
    def write_attached(self, attach: dict[str, Path]) -> Iterator[Session]:
        """A write unit of work on a dedicated connection with other books attached read-only
        (``{"src": path}`` makes ``src.accounts`` readable in SQL). Used by merge."""
        self._check_open()
        self._check_writable()

        def connect() -> sqlite3.Connection:
            conn = connect_raw(self.path, read_only=False)
            for alias, other in attach.items():
                if not alias.isidentifier():
                    raise ValueError(f"bad schema alias {alias!r}")
                uri = Path(other).resolve().as_uri() + "?mode=ro"
                conn.execute(f"ATTACH DATABASE ? AS {alias}", (uri,))
            return conn

        engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)
        try:
            with self._write_in(_session_factory(engine)) as session:
                yield session
        finally:
            engine.dispose()

    @contextlib.contextmanager
    def _write_in(self, sessions: sessionmaker[Session]) -> Iterator[Session]:
        self._check_open()
        self._check_writable()
        rev = self._next_rev()
        low, high = session_range(self._session_prefix)
        try:
            with self._unit(sessions) as session:
                session.info["rev"] = rev
                session.info["now"] = to_millis(self.clock.now())
                self.edit_session_id = rev
                # Re-key this session's row to its newest transaction (see the module doc).
                session.execute(delete(EditSession).where(EditSession.id.between(low, high)))
                session.execute(
                    insert(EditSession).values(
                        id=rev,
                        started_at=self._session_started,
                        host=socket.gethostname()[:255],
                        app_version=__version__,
                    )
                )
                yield session
        except DBAPIError as exc:
            self._settle_after_failed_write()
            raise self._translate(exc) from exc
        except (errors.PlannerError, Rollback):
            raise
        except Exception as exc:
            raise self._damage_behind(exc) from exc

    def _translate(self, exc: DBAPIError) -> Exception:
        """An SQLite error in words; text that is not UTF-8 (a damaged value) names its record."""
        if "decode to utf-8" in str(exc.orig).lower():
            named = self._damage_behind(exc)
            if isinstance(named, errors.BookDamagedError):
                return named
        return translate_db_error(exc, self.path)

    def _damage_behind(self, exc: Exception) -> Exception:
        """What to raise for an unexpected error inside a unit of work: when a record of the
        book cannot be read (a value damaged on disk), a :class:`BookDamagedError` that names
        it and says what to do; otherwise the error itself (a bug, reported as such)."""
        stamp = _file_stamp(self.path)
        if stamp is None or stamp == self._checked_sound:
            return exc
        try:
            conn = connect_raw(self.path, read_only=True)
            try:
                problems = checking.record_problems(conn, limit=1)
            finally:
                conn.close()
        except sqlite3.Error:
            return exc
        if not problems:
            self._checked_sound = stamp
            return exc
        return errors.BookDamagedError(
            f"A record of {self.path.name} cannot be read ({problems[0]}). The book is damaged "
            f"there: run  planner check {shlex.quote(str(self.path))}  to see every problem, "
            "or restore a backup (File > Restore from Backup).",
            self.path,
        )

    def _settle_after_failed_write(self) -> None:
        """After a write that failed half-way (a full disk, a drive error), SQLite may have left
        the book's journal for the next connection to roll back: close the connections that saw
        the failure and read once through a new one, so the file on disk is the book as it was
        before (and not a file plus a journal) as soon as possible. Best effort: when the drive
        is gone, the next open rolls it back."""
        self.engine.dispose()
        if self.read_only or not journal_of(self.path).exists():
            return
        with contextlib.suppress(sqlite3.Error):
            conn = connect_raw(self.path, read_only=False)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            finally:
                conn.close()

    def _next_rev(self) -> str:
        if self._counter >= 0xFFFF_FFFE:  # pragma: no cover - four billion writes
            self._session_prefix = uuid.uuid4().bytes[:12]
            self._counter = 0
            self._session_started = None
        if self._session_started is None:
            self._session_started = to_millis(self.clock.now())
        self._counter += 1
        return guid_text(self._session_prefix + self._counter.to_bytes(4, "big"))

    def ensure_writable(self) -> None:
        """Raise (in words) unless this book can be written now: open, not read-only, and its
        lock (if it holds one) still its own."""
        self._check_open()
        self._check_writable()

    # ----------------------------------------------------------------- the deferred check
    @property
    def check_pending(self) -> bool:
        """True while the check of a cleanly closed book, deferred at open, has not run."""
        return self._check_pending

    @property
    def damage(self) -> errors.BookError | None:
        """What the deferred check found wrong (the book then stays read-only), or None."""
        return self._damage

    def verify(self) -> None:
        """Run the check :func:`open_book` deferred (``defer_check``) if it has not run yet;
        raise what it found. Safe from any thread: a caller waits while another runs it. Every
        write calls this first, so nothing is written to a book before it has passed."""
        with self._check_lock:
            if self._check_pending:
                try:
                    quick_check(self.path, read_only=True)
                    check_schema(self.path, migrations.SCHEMA_VERSION)
                except errors.BookError as exc:
                    self._damage = _found_after_opening(self.path, exc)
                    self.read_only = True
                    self.read_only_reason = str(self._damage)
                self._check_pending = False
        if self._damage is not None:
            raise self._damage

    def _check_writable(self) -> None:
        if self._damage is not None:
            raise self._damage
        if self.read_only:
            raise errors.BookReadOnlyError(
                f"{self.path.name} is open read-only, so it cannot be changed. Close it and open "
                "a copy you can write, or save a copy elsewhere.",
                self.path,
            )
        if self.lock is not None and not self.lock.verify():
            holder = self.lock.current_holder()
            who = holder.describe() if holder else "another program"
            self.read_only = True
            self.read_only_reason = (
                f"{self.path.name} was taken over by {who}, so this window can no longer save "
                "changes to it. Close it and open it again."
            )
            raise errors.BookLockedError(
                f"{self.path.name} was taken over by {who}; your last change was not saved. "
                "Close the book and open it again (read-only, or after they close it).",
                self.path,
            )
        self.verify()  # writes wait for a deferred check, and are refused if it failed

    @property
    def lock_holder(self) -> locks.LockHolder | None:
        """This book's own lock (when it holds one)."""
        return self.lock.holder if self.lock is not None else None

    def setting(self, key: str, default: Any = None) -> Any:
        with self.read() as session:
            value = session.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value

    def close(self) -> None:
        """Close the book and release its lock. Safe to call twice."""
        if not self._closed:
            self.engine.dispose()
            self._closed = True
            if self.lock is not None:
                if self._closed_cleanly():
                    clean_close.record(self.path)
                self.lock.release()

    def _closed_cleanly(self) -> bool:
        """Whether this book, being closed, was found sound and left whole: opened for writing
        with its lock still its own, checked (at open, or the deferred check), no journal."""
        return (
            self.lock is not None
            and not self.read_only
            and not self._check_pending
            and self._damage is None
            and self.lock.verify()
            and _has_no_hot_journal(self.path)
        )

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise errors.BookError("This book has been closed. Open it again to continue.")


def _found_after_opening(path: Path, exc: errors.BookError) -> errors.BookError:
    """What the check run just after opening found, said for a book that is already open."""
    detail = exc.detail or str(exc)
    what = (
        f"was changed by another program ({detail})"
        if isinstance(exc, errors.BookAlteredError)
        else f"is damaged ({detail})"
    )
    cls = type(exc) if isinstance(exc, errors.BookDamagedError) else errors.BookDamagedError
    return cls(
        f"{path.name} {what}: the check run just after it was opened found this. Nothing was "
        "written to it, and it stays open read-only so you can still read what it holds. "
        "Restore a backup (File > Restore from Backup), or open a copy you trust.",
        path,
        detail=detail,
    )


def session_range(prefix: bytes) -> tuple[str, str]:
    """The lowest and highest dot of the edit session with this 12-byte prefix."""
    return guid_text(prefix + bytes(4)), guid_text(prefix + b"\xff" * 4)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN from pysqlite
    _apply_pragmas(dbapi_connection)


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _record_tables(conn: Connection, _cursor: object, statement: str, *_rest: object) -> None:
    """``before_cursor_execute``: note the tables a statement of a unit of work writes (ORM,
    Core and raw SQL alike; see :mod:`planner.store.changes`)."""
    touched = conn.info.get(_TOUCHED)
    if touched is not None:
        touched.update(tables_written(statement))


def _forget_unit(_dbapi_connection: object, record: ConnectionPoolEntry) -> None:
    """Pool ``checkin``: the connection no longer belongs to a unit of work."""
    record.info.pop(_TOUCHED, None)


def _update_search_index(session: Session) -> None:
    """``before_commit``: index what a write changed (see :mod:`planner.store.search_index`)."""
    if "rev" in session.info:  # a write unit of work (reads have nothing to index)
        session.flush()
        search_index.flush(search_index.session_executor(session))


@event.listens_for(Base.metadata, "after_create")
def _create_search_index(_target: object, connection: Any, **_kw: Any) -> None:
    """A new book (or one rebuilt from an archive) gets the search index with its tables."""
    search_index.create(search_index.connection_executor(connection))


def _session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine`` with our pragmas, explicit BEGIN, row stamps, change recording
    and the search index brought up to date before every write commits."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "before_cursor_execute", _record_tables)
    event.listen(engine.pool, "checkin", _forget_unit)
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "before_flush", stamp_flush)
    event.listen(sessions, "before_commit", _update_search_index)
    return sessions


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


def create_book(
    path: Path,
    *,
    currency: str = "USD",
    lock: bool = False,
    clock: Clock | None = None,
    temporary: bool = False,
) -> Book:
    """Create a new, empty book at ``path`` (which must not exist) and open it.

    The file is built beside the target under a temporary name and renamed into place, so a
    crash never leaves a half-made book under the real name (see
    :mod:`planner.store.placing` for what is refused: a leftover journal, a name too long...).
    With ``temporary``, ``path`` is itself the temporary file of a book being made (given by
    :func:`planner.store.placing.new_book_file`) and the book is built there directly.
    """
    path = Path(path)
    if temporary:
        _build_schema(path, currency=currency, clock=clock or default_clock())
    else:
        with new_book_file(path) as tmp:
            _build_schema(tmp, currency=currency, clock=clock or default_clock())
    return open_book(path, lock=lock, clock=clock)


def building_engine(path: Path) -> Engine:
    """An engine on a new file being built (our pragmas, explicit BEGIN). Dispose it after."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(str(path), isolation_level=None, check_same_thread=False),
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def stamp_as_book(conn: Any) -> None:
    """Mark a file being built as one of our books at the current format (inside its
    transaction, as the last step): its search index is brought up to date too."""
    search_index.flush(search_index.connection_executor(conn))
    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.exec_driver_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")


def _build_schema(path: Path, *, currency: str, clock: Clock) -> None:
    engine = building_engine(path)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            now = to_millis(clock.now())
            rows = [
                {
                    "id": new_id(),
                    "key": key,
                    "value": value,
                    **row_stamp(at=now, rev=None, created_at=now),
                }
                for key, value in initial_settings(currency).items()
            ]
            conn.execute(insert(Setting), rows)
            stamp_as_book(conn)
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


def open_book(
    path: Path,
    *,
    read_only: bool = False,
    migrate: bool = True,
    lock: bool = False,
    take_over: bool = False,
    clock: Clock | None = None,
    defer_check: bool = False,
) -> Book:
    """Open the book at ``path`` after checking it is ours and sound.

    A book that cannot be written (file, folder or drive read-only) opens read-only, with the
    reason in :attr:`Book.read_only_reason`. A read-write open refuses a book whose lock is held
    by another live process (:class:`~planner.store.lock.BookInUseError` says who); with
    ``lock=True`` it also takes the lock (``take_over=True`` breaks a *stale* one) and keeps it
    until the book is closed. A book from an older schema version is backed up and migrated
    (unless ``migrate`` is False, which raises instead). Raises a
    :class:`~planner.domain.errors.BookError` subclass for every kind of file that cannot be
    opened; such a file is not modified.

    ``defer_check`` (the app, showing a book as soon as it can): a book opened for writing with
    its lock, in the current format, that this computer closed cleanly and nothing changed
    since (:mod:`planner.store.clean_close`: no journal, no stale lock taken over, the file's
    stamp as recorded) skips ``quick_check`` and the schema check here (a schema changed since
    would have changed the file); they run with :meth:`Book.verify` (the app
    calls it off the GUI thread after the first page is shown), and every write waits for it.
    Any other book is checked in full first, as without it.
    """
    path = Path(path)
    header = read_header(path)
    reason = ""
    if read_only:
        reason = f"{path.name} is open read-only, as you asked; changes cannot be saved."
    else:
        problem = why_read_only(path)
        if problem is not None:
            read_only = True
            reason = (
                f"{path.name} is open read-only because {problem}. You can read everything; "
                "to make changes, save a copy somewhere you can write (File > Save a Copy As)."
            )
    held: locks.BookLock | None = None
    if not read_only:
        if lock:
            held = locks.BookLock.acquire(path, take_over=take_over)
        else:
            state = locks.inspect(path)
            if state is not None and not state.stale and not state.this_process:
                raise locks.BookInUseError(state, path)
    try:
        deferred = (
            defer_check
            and held is not None
            and not take_over
            and header.user_version == migrations.SCHEMA_VERSION
            and _has_no_hot_journal(path)
            and clean_close.closed_cleanly(path)
        )
        if not deferred:  # else Book.verify checks the pages and the schema, before any write
            quick_check(path, read_only=read_only or _has_no_hot_journal(path))
            check_schema(path, header.user_version)
        if header.user_version < migrations.SCHEMA_VERSION:
            _upgrade(path, header.user_version, read_only=read_only, migrate=migrate)
        if held is not None:
            clean_close.forget(path)  # not clean again until closed cleanly
        return Book(
            path,
            read_only=read_only,
            read_only_reason=reason,
            lock=held,
            clock=clock,
            check_pending=deferred,
        )
    except BaseException:
        if held is not None:
            held.release()
        raise


def _upgrade(path: Path, version: int, *, read_only: bool, migrate: bool) -> None:
    if read_only:
        raise errors.BookReadOnlyError(
            f"{path.name} was made by an older version of the app and must be upgraded "
            "before it can be opened, but it is read-only. Copy it somewhere writable "
            "and open the copy.",
            path,
        )
    if not migrate:
        raise errors.BookTooNewError(
            f"{path.name} needs upgrading from format {version} to {migrations.SCHEMA_VERSION}.",
            path,
        )
    backups.auto_backup(path, reason=f"before-upgrade-v{version}")
    migrations.upgrade(path)


def why_read_only(path: Path) -> str | None:
    """Why the book at ``path`` cannot be written, in words; None when it can.

    A rollback journal is created beside the book on every write, so its folder must be
    writable too.
    """
    if _on_read_only_drive(path):
        return "the drive it is on is read-only"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder cannot be written"
    return None


def _on_read_only_drive(path: Path) -> bool:
    if not hasattr(os, "statvfs"):  # pragma: no cover - Windows
        return False
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _has_no_hot_journal(path: Path) -> bool:
    return not path.with_name(path.name + "-journal").exists()
