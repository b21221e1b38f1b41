"""The book's file format: what makes a file one of our books, checked without changing it.

A book is an SQLite database whose header (its first 100 bytes) carries our
``application_id`` and, in ``user_version``, the format it was written in. :func:`read_header`
checks those bytes before any SQL runs; :func:`quick_check` asks SQLite whether the pages hang
together. Each refusal is its own :class:`~planner.domain.errors.BookError` with a message that
names the problem; a refused file is never written to (every connection here is read-only).

Deciding what to do about an older format (back it up, then upgrade it) is the opener's job
(:func:`planner.store.book.open_book`); this module only says what the file is.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from planner.domain import errors
from planner.store import migrations, placing
from planner.store.layout import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 5000
UNREADABLE_SCHEMA = "the description of its tables holds text that cannot be read"


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
    kind = placing.kind_of(path)
    if kind is not None:  # never open a pipe (it would wait forever) or a device
        raise placing.not_a_file_error(path, kind)
    full = placing.path_bytes(path)
    if full > placing.SQLITE_MAX_PATH - len(placing.JOURNAL_SUFFIX):
        raise errors.StorageError(
            f"The full path of {name} is too long ({full} bytes) for the database library books "
            f"are kept with (at most {placing.SQLITE_MAX_PATH - len(placing.JOURNAL_SUFFIX)}). "
            "Move it to a folder with a shorter path, or give it a shorter name.",
            path,
        )
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
    if application_id == APPLICATION_ID:
        _check_header_fields(path, head, page_size)
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


_FIELDS = (
    # (offset, what it is, the values an SQLite file of ours can hold)
    (18, "file format write version", {1, 2}),
    (19, "file format read version", {1, 2}),
    (21, "maximum payload fraction", {64}),
    (22, "minimum payload fraction", {32}),
    (23, "leaf payload fraction", {32}),
)


def _check_header_fields(path: Path, head: bytes, page_size: int) -> None:
    """The header fields SQLite fixes: a flipped bit there would be misread (as "read-only",
    or as text in another encoding), so it is reported as what it is: damage."""
    problems = [
        f"its {what} is {head[offset]}"
        for offset, what, allowed in _FIELDS
        if head[offset] not in allowed
    ]
    if page_size < 512 or page_size & (page_size - 1):
        problems.append(f"its page size is {page_size}")
    schema_format = struct.unpack(">I", head[44:48])[0]
    if schema_format not in {1, 2, 3, 4}:
        problems.append(f"its schema format is {schema_format}")
    encoding = struct.unpack(">I", head[56:60])[0]
    if encoding != 1:
        problems.append(f"its text encoding is {encoding} (books are UTF-8, 1)")
    if problems:
        raise errors.BookDamagedError(
            f"The header of {path.name} is damaged: {summarize(problems)}. It was left "
            "unchanged. Restore a backup (File > Restore from Backup), or open a copy you "
            "trust.",
            path,
        )


def summarize(problems: list[str], *, shown: int = 3) -> str:
    """The first few of a list of problems (one line each) and how many more there are: a
    damaged book can have hundreds, and a message is read by a person."""
    lines = [line.strip() for p in problems for line in str(p).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("*** in database")]
    text = "; ".join(lines[:shown])
    more = len(lines) - shown
    if more > 0:
        text += f"; and {more:,} more problem{'s' if more != 1 else ''}"
    return text


def connect_raw(path: Path, *, read_only: bool, lenient_text: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection to the book (no pragmas beyond the busy timeout). With
    ``lenient_text``, text that is not UTF-8 (damage, or SQLite quoting a damaged page in a
    check's findings) is read with replacement characters instead of failing."""
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if lenient_text:
        lenient(conn)
    return conn


def lenient(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Read text that is not UTF-8 with replacement characters (for checks and copies, which
    must report damage rather than trip on it)."""
    conn.text_factory = lambda data: data.decode("utf-8", errors="replace")
    return conn


def quick_check(path: Path, *, read_only: bool = True) -> None:
    """Run SQLite's ``quick_check`` and raise :class:`BookDamagedError` if it finds damage."""
    try:
        conn = connect_raw(path, read_only=read_only, lenient_text=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            raise errors.BookReadOnlyError(
                f"{path.name} holds an unfinished change from a program that stopped while "
                "saving. It must be opened once where it can be written, so the change can be "
                "undone safely; it cannot be read safely from here. Nothing was modified. Open "
                f"it in the app (not read-only), or run: {placing.recover_command(path)}",
                path,
            ) from exc
        raise _damaged(path, str(exc)) from exc
    except UnicodeDecodeError as exc:  # SQLite quoted damaged text in its error message
        raise _damaged(path, UNREADABLE_SCHEMA) from exc
    if [r[0] for r in rows] != ["ok"]:
        raise _damaged(path, summarize([str(r[0]) for r in rows]))


def check_schema(path: Path, version: int) -> None:
    """Refuse a book whose schema another program changed (see
    :func:`planner.store.checking.schema_problems`): a trigger added to it would fire on our
    next write."""
    # Imported here: it builds the expected schema from the models (SQLAlchemy), which a
    # quick read of a book in the current format does not need (see planner.store.quick_read).
    from planner.store import checking  # noqa: PLC0415

    try:
        conn = connect_raw(path, read_only=True, lenient_text=True)
        try:
            problems = checking.schema_problems(conn, current=version == migrations.SCHEMA_VERSION)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise _damaged(path, UNREADABLE_SCHEMA) from exc
    if problems:
        raise errors.BookAlteredError(
            f"{path.name} was changed by another program ({summarize(problems)}), so it was "
            "not opened; it was left unchanged. Restore a backup (File > Restore from Backup), "
            "or undo that change if you made it on purpose.",
            path,
            detail=summarize(problems),
        )


def read_book_id(path: Path) -> str | None:
    """The id a book was given when it was made (kept by every copy and backup of it), or None
    when it cannot be read."""
    try:
        conn = connect_raw(path, read_only=True, lenient_text=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'book_id'").fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return value if isinstance(value, str) else None


def _damaged(path: Path, detail: str) -> errors.BookDamagedError:
    return errors.BookDamagedError(
        f"{path.name} is damaged and cannot be opened safely ({detail}). It was left unchanged. "
        "Restore a backup (File > Restore from Backup), or open a copy you trust.",
        path,
        detail=detail,
    )
