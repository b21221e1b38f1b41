"""One writer per book: a lock file beside it, naming who holds it.

Opening a book for writing creates ``<book file>.lock`` next to it (``Acme.aspbook.lock``),
holding JSON: host, process id, user, since when, the time of its last sign of life, a random
token, and the computer's boot id. The file is created atomically with its full content: it is
written under a temporary name and hard-linked into place (``link`` fails if the lock exists),
falling back to ``O_CREAT | O_EXCL`` on file systems without hard links (FAT/exFAT sticks). A
second instance, or a second machine seeing the same synced folder, finds the lock and is told
who holds it.

A lock is *stale*, and may be taken over, when the holder cannot still be running: same host
and its process is gone (or the computer restarted since), or no sign of life for
:data:`STALE_AFTER` (the holder refreshes the lock every :data:`HEARTBEAT_SECONDS`). Taking over
renames the stale file aside (only one contender can) and creates a fresh lock.

Before every write the holder checks the lock is still its own (one ``stat`` when nothing
changed), so a holder whose lock was taken over (a laptop that slept for hours) stops writing
instead of silently competing. Locks are released on close and, as a safety net, at normal
interpreter exit.

Pure Python, no Qt (QLockFile would make the core depend on Qt).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import getpass
import json
import os
import secrets
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from planner import __version__
from planner.domain import errors
from planner.domain.clock import system_now
from planner.store.durable import fsync_dir

LOCK_SUFFIX = ".lock"
HEARTBEAT_SECONDS = 60.0
STALE_AFTER = timedelta(hours=1)
CREATING_GRACE = timedelta(seconds=15)
"""An empty or half-written lock file younger than this is a lock being created."""
_MAX_LOCK_BYTES = 4096


def lock_path(book_path: Path) -> Path:
    """Where the lock of ``book_path`` lives: beside it, ``<file name>.lock``."""
    return book_path.with_name(book_path.name + LOCK_SUFFIX)


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a book's lock, as written in the lock file."""

    host: str
    pid: int
    user: str
    since: datetime
    refreshed: datetime
    app_version: str
    token: str
    boot_id: str = ""

    @property
    def who(self) -> str:
        """``jane on LAPTOP-7`` (the user may be unknown on some systems)."""
        return f"{self.user} on {self.host}" if self.user else self.host

    def describe(self) -> str:
        """``jane on LAPTOP-7 (process 4242) since 23 Nov 2026 09:15 UTC``."""
        return f"{self.who} (process {self.pid}) since {format_when(self.since)}"


@dataclass(frozen=True, slots=True)
class LockState:
    """What a lock file says and what we make of it."""

    path: Path
    holder: LockHolder | None
    """None when the file cannot be read (being created, or damaged)."""
    stale: bool
    reason: str
    """Why it is stale (or why not), in words: "the process is no longer running"."""
    this_process: bool = False

    def message(self, book_name: str) -> str:
        if self.this_process:
            return f"{book_name} is already open in this window. Switch to it instead."
        who = self.holder.describe() if self.holder else "another program"
        text = f"{book_name} is in use by {who}."
        if self.stale:
            return (
                f"{text} That lock looks stale ({self.reason}); you can open the book "
                "read-only, or take over the lock if you are sure nobody is using it."
            )
        return (
            f"{text} Only one person can edit a book at a time: open it read-only, or ask "
            f"them to close it and try again."
        )


class BookInUseError(errors.BookLockedError):
    """Someone else holds the book's lock. ``state`` says who, and whether it is stale."""

    def __init__(self, state: LockState, book_path: Path, message: str | None = None) -> None:
        super().__init__(message or state.message(book_path.name), book_path)
        self.state = state

    @property
    def holder(self) -> LockHolder | None:
        return self.state.holder

    @property
    def stale(self) -> bool:
        return self.state.stale


def format_when(moment: datetime) -> str:
    """A timestamp for people: local time with its zone name."""
    local = moment.astimezone()
    return local.strftime("%d %b %Y %H:%M ") + (local.tzname() or "")


# --------------------------------------------------------------------------- this machine


def _hostname() -> str:
    return socket.gethostname() or "this computer"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user database entry (containers)
        return ""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (True when we cannot tell)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes  # noqa: PLC0415

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, 0, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists but belongs to someone else
        return True
    return True


# --------------------------------------------------------------------------- reading


def _parse(data: bytes) -> LockHolder | None:
    try:
        raw: Any = json.loads(data.decode("utf-8"))
        return LockHolder(
            host=str(raw["host"]),
            pid=int(raw["pid"]),
            user=str(raw.get("user", "")),
            since=datetime.fromisoformat(raw["since"]),
            refreshed=datetime.fromisoformat(raw.get("refreshed", raw["since"])),
            app_version=str(raw.get("app_version", "")),
            token=str(raw["token"]),
            boot_id=str(raw.get("boot_id", "")),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def _dump(holder: LockHolder) -> bytes:
    return json.dumps(
        {
            "app": "Account Success Planner",
            "host": holder.host,
            "pid": holder.pid,
            "user": holder.user,
            "since": holder.since.isoformat(),
            "refreshed": holder.refreshed.isoformat(),
            "app_version": holder.app_version,
            "token": holder.token,
            "boot_id": holder.boot_id,
        },
        indent=1,
    ).encode("utf-8")


def _read(path: Path) -> tuple[LockHolder | None, os.stat_result] | None:
    """The lock file's holder and stat, or None when there is no lock file."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read(_MAX_LOCK_BYTES)
    except FileNotFoundError:
        return None
    return _parse(data), stat


def judge(path: Path, holder: LockHolder | None, mtime: float, now: datetime) -> LockState:
    """Decide whether the lock at ``path`` is stale, and why."""
    if holder is None:
        age = now - datetime.fromtimestamp(mtime, UTC)
        if age < CREATING_GRACE:
            return LockState(path, None, stale=False, reason="the lock is being created")
        return LockState(path, None, stale=True, reason="the lock file is unreadable")
    this_process = (
        holder.host.casefold() == _hostname().casefold()
        and holder.pid == os.getpid()
        and holder.token in _held_tokens()
    )
    if this_process:
        return LockState(path, holder, stale=False, reason="held by this window",
                         this_process=True)  # fmt: skip
    if holder.host.casefold() == _hostname().casefold():
        if holder.boot_id and _boot_id() and holder.boot_id != _boot_id():
            return LockState(path, holder, stale=True,
                             reason="this computer has restarted since")  # fmt: skip
        if not pid_alive(holder.pid) or holder.pid == os.getpid():
            return LockState(path, holder, stale=True,
                             reason="the process that held it is no longer running")  # fmt: skip
    silent = now - holder.refreshed
    if silent > STALE_AFTER:
        return LockState(path, holder, stale=True,
                         reason=f"no sign of life for {_duration(silent)}")  # fmt: skip
    return LockState(path, holder, stale=False, reason="the holder is active")


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return f"{max(int(hours), 1)} hour{'s' if int(hours) != 1 else ''}"
    return f"{int(hours // 24)} days"


def inspect(book_path: Path, *, now: datetime | None = None) -> LockState | None:
    """The lock of ``book_path``: None when it is not locked."""
    path = lock_path(Path(book_path))
    found = _read(path)
    if found is None:
        return None
    holder, stat = found
    return judge(path, holder, stat.st_mtime, now or system_now())


# --------------------------------------------------------------------------- holding

_HELD: dict[str, BookLock] = {}
_HELD_GUARD = threading.Lock()


def _held_tokens() -> set[str]:
    with _HELD_GUARD:
        return set(_HELD)


def _release_all() -> None:
    with _HELD_GUARD:
        held = list(_HELD.values())
    for lock in held:
        with contextlib.suppress(OSError):
            lock.release()


atexit.register(_release_all)


def _write_file(path: Path, data: bytes, flags: int) -> None:
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_exclusive(path: Path, data: bytes, token: str) -> None:
    """Create ``path`` with ``data`` if it does not exist; FileExistsError otherwise."""
    tmp = path.with_name(f".{path.name}.{token}.tmp")
    try:
        _write_file(tmp, data, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK, errno.ENOSYS, errno.EACCES}:  # fmt: skip
                raise
            # No hard links here (FAT, exFAT, some network shares): exclusive create.
            _write_file(path, data, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_dir(path.parent, best_effort=True)


def _cannot_lock(book_path: Path, exc: OSError) -> errors.BookError:
    if isinstance(exc, PermissionError) or exc.errno in {errno.EROFS, errno.EACCES}:
        return errors.BookReadOnlyError(
            f"{book_path.name} cannot be locked for editing because its folder cannot be "
            "written. Open it read-only, or copy it somewhere you can write.",
            book_path,
        )
    return errors.StorageError(
        f"{book_path.name} could not be locked for editing ({exc.strerror or exc}). Open it "
        "read-only, or try again.",
        book_path,
    )


class BookLock:
    """A held lock. Made by :meth:`acquire`; give it back with :meth:`release`."""

    def __init__(self, book_path: Path, holder: LockHolder) -> None:
        self.book_path = book_path
        self.path = lock_path(book_path)
        self.holder = holder
        self.lost = False
        self._stat: tuple[int, int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    @classmethod
    def acquire(
        cls, book_path: Path, *, take_over: bool = False, heartbeat: bool = True
    ) -> BookLock:
        """Lock ``book_path`` for this process.

        Raises :class:`BookInUseError` (with who holds it and whether it is stale) when the
        book is locked by someone else; with ``take_over=True`` a *stale* lock is broken and
        taken. A live lock is never broken.
        """
        book_path = Path(book_path)
        path = lock_path(book_path)
        now = system_now().replace(microsecond=0)
        holder = LockHolder(
            host=_hostname(), pid=os.getpid(), user=_user(), since=now, refreshed=now,
            app_version=__version__, token=secrets.token_hex(8), boot_id=_boot_id(),
        )  # fmt: skip
        data = _dump(holder)
        for _attempt in range(5):
            try:
                _create_exclusive(path, data, holder.token)
            except FileExistsError:
                state = inspect(book_path)
                if state is None:
                    continue  # released in the meantime: try again
                if not (state.stale and take_over):
                    raise BookInUseError(state, book_path) from None
                _break(path, state, holder.token)
                continue
            except OSError as exc:
                raise _cannot_lock(book_path, exc) from exc
            lock = cls(book_path, holder)
            lock._remember_stat()
            with _HELD_GUARD:
                _HELD[holder.token] = lock
            if heartbeat:
                lock._start_heartbeat()
            return lock
        state = inspect(book_path) or LockState(path, None, stale=False, reason="busy")
        raise BookInUseError(state, book_path)

    @property
    def held(self) -> bool:
        with _HELD_GUARD:
            return self.holder.token in _HELD and not self.lost

    def _remember_stat(self) -> None:
        try:
            st = self.path.stat()
        except OSError:
            self._stat = None
            return
        self._stat = (st.st_ino, st.st_mtime_ns, st.st_size)

    def verify(self) -> bool:
        """Whether the lock file is still ours (cheap when it has not changed)."""
        if self.lost or not self.held:
            return False
        with self._guard:
            try:
                st = self.path.stat()
            except FileNotFoundError:
                return self._recreate()
            except OSError:
                return True  # the drive hiccupped: the write itself will report it
            if self._stat == (st.st_ino, st.st_mtime_ns, st.st_size):
                return True
            found = _read(self.path)
            if found is None:
                return self._recreate()
            holder, _ = found
            if holder is not None and holder.token == self.holder.token:
                self._remember_stat()
                return True
            self.lost = True
            return False

    def _recreate(self) -> bool:
        """Our lock file vanished (deleted by hand?): take it again if nobody else has."""
        try:
            _create_exclusive(self.path, _dump(self.holder), self.holder.token)
        except OSError:
            self.lost = True
            return False
        self._remember_stat()
        return True

    def current_holder(self) -> LockHolder | None:
        """Who holds the lock file now (after :meth:`verify` said it is not ours)."""
        found = _read(self.path)
        return found[0] if found else None

    def refresh(self) -> bool:
        """Write a new sign of life into the lock; False if the lock is no longer ours."""
        if not self.verify():
            return False
        with self._guard:
            now = system_now().replace(microsecond=0)
            fresh = LockHolder(**{**_fields(self.holder), "refreshed": now})
            tmp = self.path.with_name(f".{self.path.name}.{self.holder.token}.tmp")
            try:
                _write_file(tmp, _dump(fresh), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                tmp.replace(self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                return True  # could not refresh (drive busy); still ours
            self.holder = fresh
            self._remember_stat()
        return True

    def _start_heartbeat(self) -> None:
        def beat() -> None:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    if not self.refresh():
                        return
                except Exception:  # noqa: BLE001 - a heartbeat must never crash the app
                    return

        self._thread = threading.Thread(target=beat, name=f"lock {self.book_path.name}",
                                        daemon=True)  # fmt: skip
        self._thread.start()

    def release(self) -> None:
        """Remove the lock file if it is still ours. Safe to call twice."""
        self._stop.set()
        with _HELD_GUARD:
            was_held = _HELD.pop(self.holder.token, None) is not None
        if not was_held:
            return
        found = _read(self.path)
        if found is not None and found[0] is not None and found[0].token == self.holder.token:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            fsync_dir(self.path.parent, best_effort=True)

    def __repr__(self) -> str:
        return f"<BookLock {self.path} {self.holder.token}>"


def _fields(holder: LockHolder) -> dict[str, Any]:
    return {name: getattr(holder, name) for name in LockHolder.__slots__}


def _break(path: Path, state: LockState, token: str) -> None:
    """Move a stale lock aside so a fresh one can be created; only one contender wins."""
    aside = path.with_name(f".{path.name}.{token}.stale")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return  # someone else moved it first: the caller retries and sees their lock
    found = _read(aside)
    moved = found[0] if found else None
    expected = state.holder.token if state.holder else None
    if moved is not None and moved.token != expected:
        # We moved a lock someone created after we judged the old one stale: put it back.
        with contextlib.suppress(OSError):
            os.link(aside, path)
    with contextlib.suppress(OSError):
        aside.unlink()
