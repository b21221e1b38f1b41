"""Verified copies of a book, made with SQLite's online backup API.

A backup is written under a temporary name, checked with ``quick_check``, synced to disk and
only then renamed into place: there is never a half-written file under a backup's name.
Automatic backups live in a folder beside the book (``<book name>.backups/``), fall back to
the user's data folder when the book's folder cannot be written, and are rotated.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from planner.domain import errors

KEEP_AUTOMATIC = 10


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    reason: str


def backup_dir(book_path: Path) -> Path:
    """Where automatic backups of ``book_path`` go (created on demand)."""
    beside = book_path.with_name(book_path.name + ".backups")
    if os.access(book_path.parent, os.W_OK) or beside.is_dir():
        return beside
    import platformdirs  # noqa: PLC0415 - only needed for books on read-only media

    return (
        Path(platformdirs.user_data_dir("account-success-planner")) / "backups" / (book_path.stem)
    )


def copy_book(source: Path, target: Path) -> Path:
    """Copy the book at ``source`` to ``target`` atomically, verified; return ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(tmp))
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
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(target)
    except sqlite3.DatabaseError as exc:
        raise errors.StorageError(
            f"{source.name} could not be copied to {target}: {exc}. Nothing was written."
        ) from exc
    except OSError as exc:
        raise errors.StorageError(
            f"{source.name} could not be copied to {target}: {exc.strerror or exc}. "
            "Nothing was written."
        ) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return target


def auto_backup(book_path: Path, *, reason: str) -> Path:
    """Take a rotating automatic backup of ``book_path``; return its path."""
    folder = backup_dir(book_path)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{book_path.stem}.{stamp}.{_slug(reason)}{book_path.suffix or '.aspbook'}"
    copy_book(book_path, target)
    rotate(book_path)
    return target


def list_backups(book_path: Path) -> list[BackupInfo]:
    """Automatic backups of ``book_path``, newest first."""
    folder = backup_dir(book_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for candidate in folder.iterdir():
        if candidate.name.startswith(".") or not candidate.is_file():
            continue
        parts = candidate.name.removeprefix(book_path.stem + ".").split(".")
        if len(parts) < 3:
            continue
        try:
            taken = datetime.strptime(parts[0], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupInfo(candidate, taken, candidate.stat().st_size, parts[1]))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def rotate(book_path: Path, keep: int = KEEP_AUTOMATIC) -> None:
    for old in list_backups(book_path)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in text.lower())[:40] or "auto"
