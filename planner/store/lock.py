"""One writer per book: a lock file beside it, naming who holds it.

Opening a book for writing creates ``<book file>.lock`` next to it (``Acme.aspbook.lock``),
holding JSON: host, process id (and when that process started), user, since when, the time of
its last sign of life with a count of heartbeats, a random token, and the computer's boot id.
The file is created atomically with its full content: it is written under a temporary name and
hard-linked into place (``link`` fails if the lock exists), falling back to ``O_CREAT |
O_EXCL`` on file systems without hard links (FAT/exFAT sticks). A second instance, or a second
machine seeing the same synced folder, finds the lock and is told who holds it.

Two paths to one file are one book: the lock is named after the book's real path (symbolic
links followed), and a file with more than one name (hard links) also takes a second lock
named after the file's identity on this computer (device and inode), which every name shares.

A lock is *stale*, and may be taken over, when the holder cannot still be running. Clocks are
not trusted to decide that, because the holder's clock, this computer's and the file system's
can disagree by months (a stick written by a machine with a wrong clock, ``faketime``):

* same computer (same host name and boot): the holder is alive exactly while its process is
  running (process id, and the process's start time where the system records one); no clock
  is read. A computer restarted since the lock was taken means it is stale.
* another computer: the lock is refreshed every :data:`HEARTBEAT_SECONDS`. It is stale when no
  witness says the holder is alive and one says it has been silent for :data:`STALE_AFTER`.
  The witnesses each compare two times written by one clock: the file's modification time
  with the time the file system gives a new file now (both stamped by the file server on a
  share), the holder's own "last refreshed" with this computer's clock (both UTC), and, in a
  long-running window, the heartbeat count seen to advance or not by this process's
  monotonic clock. A time "from the future" (a clock running ahead) is no evidence either way.

Taking over renames the stale file aside (only one contender can) and creates a fresh lock.

Before every write the holder checks the lock is still its own (one ``stat`` when nothing
changed), so a holder whose lock was taken over (a laptop that slept for hours) stops writing
instead of silently competing. Locks are released on close and, as a safety net, at normal
interpreter exit. Within one process a lock can be *shared* (``BookLock.acquire(...,
shared=True)``): a command that takes a book's lock first, then opens the book, holds one lock,
released when both are done.

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
import stat as stat_module
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
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
CLOCK_TOLERANCE = timedelta(minutes=5)
"""A time this far "in the future" says a clock runs ahead: it is no evidence of life."""
_MAX_LOCK_BYTES = 4096
INODE_LOCKS = "account-success-planner-locks"
"""The folder (in the computer's temporary folder) for the locks of files with several names."""


def lock_path(book_path: Path) -> Path:
    """Where the lock of ``book_path`` lives: beside the file itself (symbolic links followed,
    so every path to the book names the same lock), ``<file name>.lock``."""
    real = Path(os.path.realpath(book_path))
    return real.with_name(real.name + LOCK_SUFFIX)


def inode_lock_path(book_path: Path) -> Path | None:
    """For a book file with more than one name (hard links), the second lock that every name
    shares: named after the file's device and inode. None for a file with one name."""
    try:
        st = Path(book_path).stat()
    except OSError:
        return None
    if st.st_nlink < 2 or not stat_module.S_ISREG(st.st_mode):
        return None
    return Path(tempfile.gettempdir()) / INODE_LOCKS / f"{st.st_dev:x}-{st.st_ino:x}.lock"


def _lock_paths(book_path: Path) -> list[Path]:
    second = inode_lock_path(book_path)
    return [lock_path(book_path)] + ([second] if second is not None else [])


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
    pid_start: str = ""
    """When the process started (clock ticks since boot, Linux): tells the holder from a later
    process that was given the same id. Empty where the system does not say."""
    beat: int = 0
    """How many times the holder has refreshed the lock."""

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


def _process_start(pid: int) -> str:
    """When process ``pid`` started, in clock ticks since boot (Linux); "" when unknown."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = data.rsplit(")", 1)[-1].split()  # the name (field 2) may hold spaces
    return fields[19] if len(fields) > 19 else ""  # field 22, "starttime"


def _holder_running(holder: LockHolder) -> bool:
    """Whether the lock's process (on this computer) is still running."""
    if not pid_alive(holder.pid):
        return False
    if holder.pid_start:
        now_started = _process_start(holder.pid)
        if now_started and now_started != holder.pid_start:
            return False  # the id was given to another process since
    return True


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
            pid_start=str(raw.get("pid_start", "")),
            beat=int(raw.get("beat", 0)),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, OverflowError):
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
            "pid_start": holder.pid_start,
            "beat": holder.beat,
        },
        indent=1,
    ).encode("utf-8")


def _read(path: Path) -> tuple[LockHolder | None, os.stat_result] | None:
    """The lock file's holder and stat, or None when there is no lock file. Raises OSError when
    the path cannot be read as a file (a folder, no permission)."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read(_MAX_LOCK_BYTES)
    except FileNotFoundError:
        return None
    return _parse(data), stat


class LockUnreadableError(errors.BookLockedError):
    """The lock path exists but cannot be read, so nobody can tell who holds the book."""


def _unreadable(book_path: Path, path: Path, exc: OSError) -> LockUnreadableError:
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        what = "is a folder, not a lock file"
        fix = "if nobody uses the book, move that folder away and try again"
    elif isinstance(exc, PermissionError):
        what = "cannot be read (permission denied)"
        fix = "ask the owner of that file to remove it if nobody uses the book"
    else:
        what = f"cannot be read ({exc.strerror or exc})"
        fix = "check the drive, then try again"
    return LockUnreadableError(
        f"{book_path.name} cannot be opened for editing: its lock file {path} {what}, so the "
        f"app cannot tell whether someone else is editing the book. Open it read-only, or {fix}.",
        book_path,
    )


def _file_system_now(folder: Path) -> float | None:
    """The time the file system gives a file created in ``folder`` now (the clock that also
    stamped the lock file: this computer's kernel, or the file server), or None."""
    probe = folder / f".clock.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        return os.fstat(fd).st_mtime
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            probe.unlink()


_OBSERVED: dict[tuple[str, str], tuple[int, float, float]] = {}
"""(lock file, token) -> (heartbeat count, monotonic time first seen, monotonic time it last
changed) as seen by this process."""


def _observe(path: Path, holder: LockHolder) -> tuple[float | None, float]:
    """(seconds since this process saw the heartbeat count change (None: never seen it
    change), seconds this process has watched it)."""
    key = (str(path), holder.token)
    seen_now = time.monotonic()
    beat, first, changed = _OBSERVED.get(key, (holder.beat, seen_now, -1.0))
    if beat != holder.beat:
        changed = seen_now
    _OBSERVED[key] = (holder.beat, first, changed)
    return (seen_now - changed if changed >= 0 else None), seen_now - first


def judge(
    path: Path,
    holder: LockHolder | None,
    mtime: float,
    now: datetime,
    *,
    fs_now: float | None = None,
) -> LockState:
    """Decide whether the lock at ``path`` is stale, and why (see the module docstring).

    ``mtime`` is the lock file's modification time; ``fs_now`` the file system's time now
    (when known); ``now`` this computer's time.
    """
    if holder is None:
        age = (fs_now if fs_now is not None else now.timestamp()) - mtime
        if age < CREATING_GRACE.total_seconds():
            return LockState(path, None, stale=False, reason="the lock is being created")
        return LockState(path, None, stale=True, reason="the lock file is unreadable")
    this_process = (
        holder.host.casefold() == _hostname().casefold()
        and holder.pid == os.getpid()
        and holder.token in _held_tokens()
    )
    if this_process:
        return LockState(path, holder, stale=False, reason="held by this window", this_process=True)
    if holder.host.casefold() == _hostname().casefold():
        if holder.boot_id and _boot_id() and holder.boot_id != _boot_id():
            return LockState(path, holder, stale=True, reason="this computer has restarted since")
        if holder.pid == os.getpid() or not _holder_running(holder):
            return LockState(
                path, holder, stale=True, reason="the process that held it is no longer running"
            )
        return LockState(path, holder, stale=False, reason="the holder is running on this computer")
    return _judge_other_computer(path, holder, mtime, now, fs_now)


def _judge_other_computer(
    path: Path, holder: LockHolder, mtime: float, now: datetime, fs_now: float | None
) -> LockState:
    limit = STALE_AFTER.total_seconds()
    ahead = -CLOCK_TOLERANCE.total_seconds()
    silences = [(now - holder.refreshed).total_seconds()]  # its clock against ours (UTC)
    if fs_now is not None:
        silences.append(fs_now - mtime)  # the file system's clock against itself
    since_change, watched = _observe(path, holder)
    alive = any(ahead <= s <= limit for s in silences) or (
        since_change is not None and since_change <= limit
    )
    silent = [s for s in silences if s > limit]
    if since_change is None and watched > limit:
        silent.append(watched)  # we have watched it not beat for that long
    if alive or not silent:
        return LockState(path, holder, stale=False, reason="the holder is active")
    quiet = _duration(timedelta(seconds=min(silent)))
    return LockState(path, holder, stale=True, reason=f"no sign of life for {quiet}")


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return f"{max(int(hours), 1)} hour{'s' if int(hours) != 1 else ''}"
    return f"{int(hours // 24)} days"


def _state_at(path: Path, book_path: Path, now: datetime | None) -> LockState | None:
    try:
        found = _read(path)
    except OSError as exc:
        raise _unreadable(book_path, path, exc) from exc
    if found is None:
        return None
    holder, stat = found
    needs_fs = holder is None or holder.host.casefold() != _hostname().casefold()
    fs_now = _file_system_now(path.parent) if needs_fs else None
    return judge(path, holder, stat.st_mtime, now or system_now(), fs_now=fs_now)


def inspect(book_path: Path, *, now: datetime | None = None) -> LockState | None:
    """The lock of ``book_path``: None when it is not locked. Raises
    :class:`LockUnreadableError` when its lock file cannot be read."""
    book_path = Path(book_path)
    for path in _lock_paths(book_path):
        state = _state_at(path, book_path, now)
        if state is not None:
            return state
    return None


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
            lock._drop()


def _shared_lock_for(book_path: Path) -> BookLock | None:
    target = lock_path(book_path)
    with _HELD_GUARD:
        for lock in _HELD.values():
            if lock.shared and lock.path == target and not lock.lost:
                return lock
    return None


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
    # The pid lets a later writer remove this file if its process died (placing); 6 hex of
    # the token keep the name within the 30 bytes a book name leaves (placing.MAX_NAME_BYTES).
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{token[:6]}.tmp")
    try:
        _write_file(tmp, data, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in {
                errno.EPERM,
                errno.ENOTSUP,
                errno.EOPNOTSUPP,
                errno.EXDEV,
                errno.EMLINK,
                errno.ENOSYS,
                errno.EACCES,
            }:
                raise
            # No hard links here (FAT, exFAT, some network shares): exclusive create.
            _write_file(path, data, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_dir(path.parent, best_effort=True)


def _cannot_lock(book_path: Path, exc: OSError) -> errors.BookError:
    if exc.errno == errno.ENAMETOOLONG:
        return errors.StorageError(
            f"{book_path.name} cannot be locked for editing: its name is too long for this "
            "drive once the lock's ending is added. Open it read-only, or rename it to "
            "something shorter.",
            book_path,
        )
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

    def __init__(self, book_path: Path, holder: LockHolder, *, shared: bool = False) -> None:
        self.book_path = book_path
        self.path = lock_path(book_path)
        self.second: Path | None = None
        """The lock shared by every name of a file with several names (hard links)."""
        self.holder = holder
        self.lost = False
        self.shared = shared
        self._users = 1
        self._stat: tuple[int, int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    @classmethod
    def acquire(
        cls,
        book_path: Path,
        *,
        take_over: bool = False,
        heartbeat: bool = True,
        shared: bool = False,
    ) -> BookLock:
        """Lock ``book_path`` for this process.

        Raises :class:`BookInUseError` (with who holds it and whether it is stale) when the
        book is locked by someone else; with ``take_over=True`` a *stale* lock is broken and
        taken. A live lock is never broken. When this process already holds the book's lock
        with ``shared`` (a command's lock), that lock is returned (and must be released once
        more); a second non-shared lock of one book in one process is refused ("already open
        in this window").
        """
        book_path = Path(book_path)
        existing = _shared_lock_for(book_path)
        if existing is not None:
            with _HELD_GUARD:
                existing._users += 1
            return existing
        now = system_now().replace(microsecond=0)
        holder = LockHolder(
            host=_hostname(),
            pid=os.getpid(),
            user=_user(),
            since=now,
            refreshed=now,
            app_version=__version__,
            token=secrets.token_hex(8),
            boot_id=_boot_id(),
            pid_start=_process_start(os.getpid()),
        )
        _take(lock_path(book_path), book_path, holder, take_over=take_over)
        lock = cls(book_path, holder, shared=shared)
        second = inode_lock_path(book_path)
        if second is not None:
            try:
                _take_second(second, book_path, holder, take_over=take_over)
            except BaseException:
                lock._remove_files()
                raise
            lock.second = second
        lock._remember_stat()
        with _HELD_GUARD:
            _HELD[holder.token] = lock
        if heartbeat:
            lock._start_heartbeat()
        return lock

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
            try:
                found = _read(self.path)
            except OSError:
                return True  # as above
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
        try:
            found = _read(self.path)
        except OSError:
            return None
        return found[0] if found else None

    def refresh(self) -> bool:
        """Write a new sign of life into the lock; False if the lock is no longer ours."""
        if not self.verify():
            return False
        with self._guard:
            now = system_now().replace(microsecond=0)
            fresh = LockHolder(
                **{**_fields(self.holder), "refreshed": now, "beat": self.holder.beat + 1}
            )
            mine = f"{os.getpid()}.{self.holder.token[:6]}"
            tmp = self.path.with_name(f".{self.path.name}.{mine}.tmp")
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

        self._thread = threading.Thread(
            target=beat, name=f"lock {self.book_path.name}", daemon=True
        )
        self._thread.start()

    def release(self) -> None:
        """Give the lock back: the lock file is removed (if it is still ours) once every user
        of a shared lock has released it. Safe to call twice."""
        with _HELD_GUARD:
            self._users -= 1
            if self._users > 0:
                return
        self._drop()

    def _drop(self) -> None:
        self._stop.set()
        with _HELD_GUARD:
            was_held = _HELD.pop(self.holder.token, None) is not None
        if was_held:
            self._remove_files()

    def _remove_files(self) -> None:
        for path in (self.path, self.second):
            if path is None:
                continue
            try:
                found = _read(path)
            except OSError:
                continue
            if found is not None and found[0] is not None and found[0].token == self.holder.token:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                fsync_dir(path.parent, best_effort=True)

    def __repr__(self) -> str:
        return f"<BookLock {self.path} {self.holder.token}>"


def _take(path: Path, book_path: Path, holder: LockHolder, *, take_over: bool) -> None:
    """Create the lock file ``path`` for ``holder``, breaking a stale one with ``take_over``."""
    data = _dump(holder)
    for _attempt in range(5):
        try:
            _create_exclusive(path, data, holder.token)
        except FileExistsError:
            state = _state_at(path, book_path, None)
            if state is None:
                continue  # released in the meantime: try again
            if not (state.stale and take_over):
                raise BookInUseError(state, book_path) from None
            _break(path, state, holder.token)
            continue
        except OSError as exc:
            raise _cannot_lock(book_path, exc) from exc
        return
    state = _state_at(path, book_path, None) or LockState(path, None, stale=False, reason="busy")
    raise BookInUseError(state, book_path)


def _take_second(path: Path, book_path: Path, holder: LockHolder, *, take_over: bool) -> None:
    """The lock every name of a hard-linked file shares (in this computer's temporary folder,
    which everyone may write). Where that folder cannot be used, the book's own lock stands
    alone."""
    try:
        path.parent.mkdir(mode=0o1777, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            path.parent.chmod(0o1777)
    except OSError:
        return
    try:
        _take(path, book_path, holder, take_over=take_over)
    except errors.BookLockedError:
        raise
    except errors.BookError:
        return


def _fields(holder: LockHolder) -> dict[str, Any]:
    return {name: getattr(holder, name) for name in LockHolder.__slots__}


def _break(path: Path, state: LockState, token: str) -> None:
    """Move a stale lock aside so a fresh one can be created; only one contender wins."""
    aside = path.with_name(f".{path.name}.{token}.stale")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return  # someone else moved it first: the caller retries and sees their lock
    try:
        found = _read(aside)
    except OSError:
        found = None
    moved = found[0] if found else None
    expected = state.holder.token if state.holder else None
    if moved is not None and moved.token != expected:
        # We moved a lock someone created after we judged the old one stale: put it back.
        with contextlib.suppress(OSError):
            os.link(aside, path)
    with contextlib.suppress(OSError):
        aside.unlink()
