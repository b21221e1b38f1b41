"""Verified copies of a book, made with SQLite's online backup API; and restoring them.

A copy is written under a temporary name beside its target, checked with ``quick_check``,
synced to disk and only then renamed into place (``os.replace``): there is never a half-written
file under the target's name, and a copy interrupted before the rename leaves the target exactly
as it was. A temporary file left by a copy that was killed is removed by the next copy to that
folder once its process is gone.

Automatic backups live in a folder beside the book (``<book name>.backups/``), fall back to the
user's data folder when the book's folder cannot be written, and are rotated: the newest
:data:`KEEP_AUTOMATIC` are kept, plus the newest of each of the last :data:`KEEP_DAYS` days on
which one was taken. Backups you ask for by hand (reason ``manual``) are never rotated away.

Restoring writes the backup *into* the book with the backup API, inside one transaction of the
book's own rollback journal: an interrupted restore leaves the book as it was. The state being
replaced is backed up first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planner.domain import errors
from planner.domain.clock import system_now
from planner.store import lock as locks
from planner.store import migrations, placing
from planner.store.durable import fsync_file, replacing
from planner.store.fileformat import check_schema, lenient, quick_check, read_header
from planner.store.placing import check_target, remove_stray_partials

KEEP_AUTOMATIC = 10
KEEP_DAYS = 7
MANUAL = "manual"
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    reason: str

    @property
    def automatic(self) -> bool:
        return self.reason != MANUAL

    @property
    def reason_label(self) -> str:
        """``before-import`` -> ``Before import``."""
        text = self.reason.replace("-", " ").strip()
        return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class RestoreResult:
    book: Path
    restored_from: Path
    safety_backup: Path | None
    """The backup of the state that was replaced (None when there was no book)."""
    upgraded_from: int | None = None


def backup_dir(book_path: Path) -> Path:
    """Where automatic backups of ``book_path`` go (created on demand): beside the book, or in
    the user's data folder when the book's folder cannot be written or its path leaves no room
    for backups' names."""
    beside = book_path.with_name(book_path.name + ".backups")
    room = placing.path_bytes(beside) + 1 + 16 + _DECORATION_BYTES <= placing.SQLITE_MAX_PATH
    if room and (os.access(book_path.parent, os.W_OK) or beside.is_dir()):
        return beside
    import platformdirs  # noqa: PLC0415 - only needed for books on read-only media

    name = book_path.stem.encode("utf-8", errors="surrogateescape")[:100]
    return (
        Path(platformdirs.user_data_dir("account-success-planner"))
        / "backups"
        / name.decode("utf-8", errors="ignore")
    )


# --------------------------------------------------------------------------- copying


def copy_book(source: Path, target: Path) -> Path:
    """Copy the book at ``source`` to ``target`` atomically, verified; return ``target``.

    Refuses a target that another program has locked, or that holds an unfinished change
    (a leftover journal, which would be applied to the new file). On any failure the target
    is as it was and no temporary file is left.
    """
    source, target = Path(source), Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failure(exc, source, target) from exc
    _guard_target(target)
    remove_stray_partials(target.parent)
    try:
        with replacing(target, suffix=".partial") as tmp:
            _backup_to(source, tmp)
    except sqlite3.DatabaseError as exc:
        raise _sqlite_failure(exc, source, target) from exc
    except UnicodeDecodeError as exc:  # SQLite quoted damaged text in an error message
        raise errors.BookDamagedError(
            f"{source.name} is damaged, so it could not be copied to {target.name}; nothing "
            "was written.",
            source,
        ) from exc
    except OSError as exc:
        raise _write_failure(exc, source, target) from exc
    return target


def _guard_target(target: Path) -> None:
    check_target(target, replace=True)
    state = locks.inspect(target)
    if state is not None and not state.stale and not state.this_process:
        who = state.holder.describe() if state.holder else "another program"
        raise errors.BookLockedError(
            f"{target.name} is open in {who}, so it was not replaced. Choose another name, or "
            "ask them to close it.",
            target,
        )


def _backup_to(source: Path, tmp: Path) -> None:
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        src.execute("PRAGMA busy_timeout = 5000")
        dst = lenient(sqlite3.connect(str(tmp)))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA quick_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if not result or result[0] != "ok":
        raise errors.StorageError(
            f"The copy of {source.name} did not verify ({result}); nothing was written."
        )


def _sqlite_failure(exc: sqlite3.DatabaseError, source: Path, target: Path) -> errors.BookError:
    text = str(exc).lower()
    name = getattr(exc, "sqlite_errorname", "")
    if "full" in text or name == "SQLITE_FULL":
        return errors.StorageError(
            f"The disk is full, so {target.name} was not written. {source.name} is unchanged. "
            "Free some space, or choose another drive, and try again.",
            target,
        )
    if "readonly" in text or "unable to open" in text:
        if name == "SQLITE_READONLY_ROLLBACK":
            return errors.BookReadOnlyError(
                f"{source.name} holds an unfinished change from a program that stopped while "
                "saving; open it once where it can be written, then try again.",
                source,
            )
        return errors.BookReadOnlyError(
            f"{target.parent} cannot be written, so {target.name} was not saved. Choose a "
            "folder you can write to.",
            target,
        )
    if "i/o" in text:
        return errors.StorageError(
            f"The drive reported an error while writing {target.name} (was it removed?). "
            "Nothing was replaced; try again.",
            target,
        )
    return errors.StorageError(
        f"{source.name} could not be copied to {target}: {exc}. Nothing was written.", target
    )


def _write_failure(exc: OSError, source: Path, target: Path) -> errors.BookError:
    if exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
        return errors.StorageError(
            f"The disk is full, so {target.name} was not written. {source.name} is unchanged. "
            "Free some space, or choose another drive, and try again.",
            target,
        )
    if isinstance(exc, PermissionError) or exc.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        return errors.BookReadOnlyError(
            f"{target.parent} cannot be written, so {target.name} was not saved. Choose a "
            "folder you can write to.",
            target,
        )
    return errors.StorageError(
        f"{source.name} could not be copied to {target}: {exc.strerror or exc}. "
        "Nothing was written.",
        target,
    )


# --------------------------------------------------------------------------- automatic


_STEM_BYTES = 150
"""Backup names start with the book's name cut to this many bytes, so that with the time, the
reason (40 at most) and the temporary endings of a copy they fit the 255 a file system allows."""
_DECORATION_BYTES = 1 + 22 + 1 + 40 + 8 + 30
"""What a backup's name adds to the book's (time, reason, ending) and a copy's temporary
file adds to that."""


def _backup_stem(book_path: Path) -> str:
    """The start of the book's backups' names: its name, cut so that the names fit both the
    file system (255 bytes a name) and SQLite (512 bytes a full path)."""
    stem = book_path.stem
    room = placing.SQLITE_MAX_PATH - placing.path_bytes(backup_dir(book_path)) - 1
    budget = max(16, min(_STEM_BYTES, room - _DECORATION_BYTES))
    data = stem.encode("utf-8", errors="surrogateescape")
    if len(data) <= budget:
        return stem
    return data[:budget].decode("utf-8", errors="ignore").rstrip(".")


def backup_name(book_path: Path, reason: str, when: datetime | None = None) -> str:
    stamp = (when or system_now()).strftime(_STAMP)
    return f"{_backup_stem(book_path)}.{stamp}.{_slug(reason)}{book_path.suffix or '.aspbook'}"


def auto_backup(book_path: Path, *, reason: str) -> Path:
    """Take a rotating automatic backup of ``book_path``; return its path."""
    target = backup_dir(book_path) / backup_name(book_path, reason)
    copy_book(book_path, target)
    rotate(book_path)
    return target


def backup_if_due(book_path: Path, *, every: timedelta = timedelta(days=1)) -> Path | None:
    """Take a ``daily`` backup unless one (of any kind) was taken within ``every``."""
    newest = next(iter(list_backups(book_path)), None)
    if newest is not None and system_now() - newest.taken_at < every:
        return None
    return auto_backup(book_path, reason="daily")


def list_backups(book_path: Path) -> list[BackupInfo]:
    """Backups of ``book_path`` in its backup folder, newest first."""
    folder = backup_dir(book_path)
    if not folder.is_dir():
        return []
    suffix = book_path.suffix or ".aspbook"
    found: list[BackupInfo] = []
    for candidate in folder.iterdir():
        if candidate.name.startswith(".") or not candidate.is_file():
            continue
        stem = _backup_stem(book_path)
        if candidate.suffix != suffix or not candidate.name.startswith(stem + "."):
            continue
        parts = candidate.name.removeprefix(stem + ".").split(".")
        if len(parts) < 3:
            continue
        try:
            taken = datetime.strptime(parts[0], _STAMP).replace(tzinfo=UTC)
            size = candidate.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(candidate, taken, size, parts[1]))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def rotate(book_path: Path, keep: int = KEEP_AUTOMATIC, days: int = KEEP_DAYS) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep`` and one per day for ``days`` days."""
    automatic = [b for b in list_backups(book_path) if b.automatic]
    kept = {b.path for b in automatic[:keep]}
    seen_days: set[object] = set()
    for info in automatic:
        day = info.taken_at.date()
        if day not in seen_days and len(seen_days) < days:
            seen_days.add(day)
            kept.add(info.path)
    removed = []
    for info in automatic:
        if info.path not in kept:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    return removed


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in text.lower())[:40] or "auto"


# --------------------------------------------------------------------------- restoring


def verify_backup(path: Path) -> int:
    """Check ``path`` is a sound book of ours (header, version, full integrity check); return
    its schema version. Raises a :class:`~planner.domain.errors.BookError` saying why not."""
    path = Path(path)
    header = read_header(path)
    check_schema(path, header.user_version)
    try:
        conn = lenient(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True))
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        problems, broken = [str(exc)], []
    if problems != ["ok"] or broken:
        detail = "; ".join(problems[:2]) if problems != ["ok"] else "broken links"
        raise errors.BookDamagedError(
            f"{path.name} is damaged ({detail}), so it cannot be restored. Choose another backup.",
            path,
        )
    return header.user_version


def restore_into(book_path: Path, backup: Path) -> RestoreResult:
    """Replace the contents of the book at ``book_path`` with the backup at ``backup``.

    The backup must be a sound book of ours (see :func:`verify_backup`). The state being
    replaced is backed up first (reason ``before-restore``; a damaged book is kept byte for
    byte), which also covers upgrading a backup from an older format. The caller holds the
    book's lock.
    """
    book_path, backup = Path(book_path), Path(backup)
    if book_path.exists() and book_path.resolve() == backup.resolve():
        raise errors.ConflictError("That backup is the book itself; choose another backup.")
    version = verify_backup(backup)
    safety: Path | None = None
    if book_path.exists():
        safety = _keep_current_state(book_path)
        try:
            _write_into(backup, book_path)
        except sqlite3.DatabaseError:
            # The book is too damaged to be written through SQLite: replace the file instead,
            # keeping its leftover journal (if any) with the damaged copy rather than applying
            # it to the restored file.
            journal = book_path.with_name(book_path.name + "-journal")
            if journal.exists() and safety is not None:
                journal.replace(safety.with_name(safety.name + "-journal"))
            copy_book(backup, book_path)
    else:
        copy_book(backup, book_path)
    quick_check(book_path, read_only=False)
    upgraded = None
    if version < migrations.SCHEMA_VERSION:
        migrations.upgrade(book_path)
        upgraded = version
    return RestoreResult(book_path, backup, safety, upgraded)


def _keep_current_state(book_path: Path) -> Path:
    try:
        return auto_backup(book_path, reason="before-restore")
    except errors.BookError:
        # Damaged (the usual reason to restore): keep its bytes as they are.
        target = backup_dir(book_path) / (
            backup_name(book_path, "damaged-before-restore") + ".damaged"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(book_path, target)
        fsync_file(target)
        return target


def _write_into(backup: Path, book_path: Path) -> None:
    """Copy every page of ``backup`` into the book in one journaled transaction."""
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(book_path.resolve().as_uri() + "?mode=rw", uri=True)
        try:
            dst.execute("PRAGMA busy_timeout = 5000")
            dst.execute("PRAGMA synchronous = FULL")
            dst.execute("PRAGMA journal_mode = DELETE")
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
