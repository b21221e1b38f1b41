"""Which books this computer last closed cleanly, and what their file looked like then.

When the app closes a book it held the lock of (nothing half-written: no journal beside it, and
the book was found sound when it was opened or since), it records the file's identity and
stamp: size, modification and change times, device and inode, and the SQLite header's change
counter. Opening the book again, the app may then show it first and run SQLite's
``quick_check`` just after, off the GUI thread, holding every write until the check passes
(:meth:`planner.store.book.Book.verify`). Whenever the file is not exactly as recorded (another
program or computer wrote it, a sync client replaced it, bytes changed on the disk), a crash
left its lock or a journal, or there is no record (a book from elsewhere), the check runs in
full before anything is read, as always (RELIABILITY.md rule 1).

The records live in the app's data folder (``$ACCOUNT_PLANNER_HOME`` when set), one small file
per book, named after a hash of the book's real path; a record that cannot be written or read
only means the next open checks in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

FOLDER = "clean-closes"


def folder() -> Path:
    override = os.environ.get("ACCOUNT_PLANNER_HOME")
    if override:
        return Path(override) / FOLDER
    import platformdirs  # noqa: PLC0415 - keeps CLI start-up light

    return Path(platformdirs.user_data_dir("account-success-planner", appauthor=False)) / FOLDER


def _record_path(book: Path) -> Path:
    real = os.path.realpath(book)
    return folder() / (hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:40])


def stamp(book: Path) -> dict[str, int] | None:
    """What identifies the file's present content without reading it all (None: unreadable)."""
    try:
        with Path(book).open("rb") as handle:
            st = os.fstat(handle.fileno())
            head = handle.read(100)
    except OSError:
        return None
    if len(head) < 100:
        return None
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
        "dev": st.st_dev,
        "ino": st.st_ino,
        "change_counter": int.from_bytes(head[24:28], "big"),
    }


def record(book: Path) -> None:
    """Note that ``book`` was closed cleanly as it is now (best effort)."""
    found = stamp(book)
    if found is None:
        return
    target = _record_path(book)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        tmp.write_text(json.dumps(found), encoding="utf-8")
        tmp.replace(target)


def forget(book: Path) -> None:
    """The book is open for writing: until it is closed cleanly again, it is not clean."""
    with contextlib.suppress(OSError):
        _record_path(book).unlink(missing_ok=True)


def closed_cleanly(book: Path) -> bool:
    """Whether ``book`` is exactly as this computer left it when it last closed it cleanly."""
    try:
        recorded = json.loads(_record_path(book).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    found = stamp(book)
    return found is not None and recorded == found
