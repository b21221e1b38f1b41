"""Putting a new book file in place: the checks before one is created or replaced, the temporary
file it is built in, and failures told in words that name the book (not the temporary file).

A new book (``planner new``, a demo, a book rebuilt from an archive, a copy) is written under a
temporary name beside its target and renamed into place only when complete
(:func:`planner.store.durable.replacing`). Before that:

* a leftover journal beside the target (``x.aspbook-journal``, left by a writer that died) is
  never rolled into the new file: SQLite would apply it to whatever file has that name and
  damage it. The journal belongs to the book that was there; it is never deleted here either.
  ``planner recover`` rolls it back into its own book, or sets it aside when that book is gone.
* the target must be a file (or nothing): not a folder, a pipe or a device;
* its name must leave room for the lock and temporary files made beside it;
* temporary files left by a writer that was killed (a demo stopped half-way) are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shlex
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from planner.domain import errors
from planner.store import lock as locks
from planner.store.durable import replacing

MAX_NAME_BYTES = 225
"""The longest book file name (UTF-8 bytes) this app creates: file systems allow 255, and the
lock and temporary files made beside a book add up to 30 to its name."""
SQLITE_MAX_PATH = 512
"""The longest full path SQLite opens (its default SQLITE_MAX_PATHNAME), in bytes."""
MAX_PATH_BYTES = SQLITE_MAX_PATH - 30
"""The longest full path of a book: its journal and temporary files add up to 30 bytes."""
JOURNAL_SUFFIX = "-journal"
_TEMPORARY = re.compile(
    r"^\.(?P<target>.+)\.(?P<pid>\d+)\.(?:partial|creating|demo)(?:-journal)?$"
    r"|^\.(?P<lock>.+\.lock)\.(?P<lock_pid>\d+)\.[0-9a-f]+\.tmp$"
)
"""Temporary files of a book being written (``.x.aspbook.4242.partial``): ``creating`` and
``demo`` were made by earlier versions."""


def journal_of(path: Path) -> Path:
    """Where SQLite keeps the rollback journal of the book at ``path``."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


def recover_command(path: Path) -> str:
    """The command that rolls a leftover journal of ``path`` back: ``planner recover BOOK``."""
    return f"planner recover {shlex.quote(str(path))}"


def leftover_journal_error(path: Path, *, replacing_book: bool) -> errors.ConflictError:
    journal = journal_of(path)
    if path.exists():
        why = (
            f"{path.name} holds an unfinished change from a program that stopped while saving "
            f"(the file {journal.name} beside it)"
        )
        todo = (
            f"Open it in the app, or run: {recover_command(path)}, so the change is undone "
            "safely; then try again."
        )
    else:
        why = (
            f"{journal.name} is left beside it: an unfinished change of a book that was "
            "deleted or moved. A new book written here would have that change applied to it "
            "and be damaged"
        )
        todo = (
            "If you moved the book, move this file next to it (with the same name followed by "
            f"{JOURNAL_SUFFIX}) and open it there. Otherwise run: {recover_command(path)}, "
            "which keeps the journal under another name and frees this one."
        )
    verb = "replaced" if replacing_book else "created"
    return errors.ConflictError(f"{why}, so {path.name} was not {verb}. {todo}")


def kind_of(path: Path) -> str | None:
    """What ``path`` is when it is neither missing nor a regular file (after symbolic links)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def not_a_file_error(path: Path, kind: str) -> errors.NotABookError:
    return errors.NotABookError(
        f"{path} is {kind}, not a file, so it cannot be a book. Choose a book file.", path
    )


def path_bytes(path: Path) -> int:
    """How long ``path`` is in full, in bytes (what SQLite's limit counts)."""
    return len(str(Path(path).resolve()).encode("utf-8", errors="surrogateescape"))


def check_name(path: Path) -> None:
    """Refuse a book name too long for the file system once our own endings are added, or a
    full path too long for SQLite."""
    size = len(path.name.encode("utf-8", errors="surrogateescape"))
    if size > MAX_NAME_BYTES:
        raise errors.ValidationError(
            "file",
            f"The name {path.name[:40]}... is too long ({size} bytes; at most {MAX_NAME_BYTES}, "
            "so the app has room for its lock and backup files beside it). Choose a shorter "
            "name.",
        )
    full = path_bytes(path)
    if full > MAX_PATH_BYTES:
        raise errors.ValidationError(
            "file",
            f"The full path of {path.name[:40]} is too long ({full} bytes; the database library "
            f"books are kept with opens at most {MAX_PATH_BYTES} with the files beside it). "
            "Choose a folder with a shorter path, or a shorter name.",
        )


def check_target(path: Path, *, replace: bool) -> None:
    """Whether a new book may be written at ``path``: raises the error that says why not."""
    check_name(path)
    if not path.parent.is_dir():
        raise errors.BookMissingError(
            f"The folder {path.parent} does not exist. Choose an existing folder.", path
        )
    kind = kind_of(path)
    if kind is not None:
        raise not_a_file_error(path, kind)
    if path.exists() and not replace:
        raise errors.ConflictError(
            f"{path.name} already exists. Choose another name, or open the existing book."
        )
    if journal_of(path).exists():
        raise leftover_journal_error(path, replacing_book=path.exists())


def remove_stray_partials(folder: Path) -> list[Path]:
    """Delete temporary books (and their journals) in ``folder`` left by writers whose process
    has died; return what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if not match or not entry.is_file():
            continue
        pid = int(match["pid"] or match["lock_pid"])
        if pid == os.getpid() or locks.pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            entry.unlink()
            removed.append(entry)
    return removed


@contextlib.contextmanager
def new_book_file(path: Path, *, replace: bool = False) -> Iterator[Path]:
    """Build a new book for ``path``: yields the temporary path to build it at (beside the
    target, hidden; it does not exist yet). When the body succeeds the file is synced and
    renamed into place; whatever happens, no temporary file is left and the target is as it
    was on failure. The caller holds the target's lock when it replaces a book."""
    path = Path(path)
    check_target(path, replace=replace)
    remove_stray_partials(path.parent)
    verb = "replaced" if path.exists() else "created"
    try:
        with replacing(path, suffix=".partial") as tmp:
            yield tmp
    except errors.PlannerError as exc:
        found = _in_words(exc, path, verb)
        if found is None:
            raise
        raise found from exc
    except Exception as exc:
        if not isinstance(exc, OSError | sqlite3.Error) and not _is_dbapi_error(exc):
            raise
        found = _in_words(exc, path, verb)
        if found is None:
            raise errors.StorageError(
                f"{path.name} could not be {verb} ({exc}). Nothing was written.", path
            ) from exc
        raise found from exc


def _is_dbapi_error(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLAlchemy's ``DBAPIError`` (a database error it wrapped). Looked up
    only when SQLAlchemy is loaded: without it no error can be one, and this module is also
    used by quick reads that do not load it (see :mod:`planner.store.quick_read`)."""
    dbapi_error = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
    return isinstance(dbapi_error, type) and isinstance(exc, dbapi_error)


def _in_words(exc: BaseException, path: Path, verb: str) -> errors.BookError | None:
    """A message naming the book (not the temporary file) for a storage failure, found in
    ``exc`` or the errors that caused it; None when it is not one."""
    cause = storage_cause(exc)
    return _message(cause, path, verb) if cause is not None else None


def storage_cause(exc: BaseException) -> str | None:
    """What the storage said, found in ``exc`` or the errors that caused it: ``full`` (disk
    full, file too large), ``io`` (a drive error), ``read-only``, ``long`` (a name too long), or
    None for anything else."""
    seen: BaseException | None = exc
    while seen is not None:
        cause = _cause(seen)
        if cause is not None:
            return cause
        seen = seen.__cause__ or seen.__context__
    return None


def _cause(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None) if _is_dbapi_error(exc) else None
    if isinstance(orig, BaseException):
        return _cause(orig)
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "")
        text = str(exc).lower()
        if name == "SQLITE_FULL" or "full" in text:
            return "full"
        if name.startswith("SQLITE_IOERR") or "i/o" in text:
            return "io"
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return "read-only"
        return None
    if isinstance(exc, OSError):
        if exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
            return "full"
        if exc.errno == errno.ENAMETOOLONG:
            return "long"
        if isinstance(exc, PermissionError) or exc.errno in {errno.EROFS, errno.EACCES}:
            return "read-only"
        if exc.errno == errno.EIO:
            return "io"
    return None


def _message(cause: str, path: Path, verb: str) -> errors.BookError:
    unchanged = (
        f" The old {path.name} is as it was." if verb == "replaced" else " Nothing was written."
    )
    if cause == "full":
        return errors.StorageError(
            f"The disk is full, so {path.name} was not {verb}.{unchanged} Free some space (or "
            "choose another drive) and try again.",
            path,
        )
    if cause == "long":
        return errors.StorageError(
            f"The name {path.name} is too long for this drive, so it was not {verb}. Choose a "
            "shorter name.",
            path,
        )
    if cause == "read-only":
        return errors.BookReadOnlyError(
            f"{path.parent} cannot be written, so {path.name} was not {verb}. Choose a folder "
            "you can write to.",
            path,
        )
    return errors.StorageError(
        f"The drive reported an error while writing {path.name} (was it removed?), so it was "
        f"not {verb}.{unchanged} Try again.",
        path,
    )
