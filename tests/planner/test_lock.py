"""RELIABILITY.md rule 4, one writer: the lock file, who holds it, stale locks, take-over."""

from __future__ import annotations

import errno
import json
import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.domain.clock import system_now
from planner.services import accounts, books
from planner.store import lock as locks
from tests.other_process import child, crash_while_holding, hold_in_other_process, release
from tests.planner.test_reliability_support import run_unprivileged


def write_lock(path: Path, **fields: object) -> None:
    now = system_now()
    content = {
        "host": "LAPTOP-7",
        "pid": 4242,
        "user": "jane",
        "since": now.isoformat(),
        "refreshed": now.isoformat(),
        "app_version": "0.1.0",
        "token": "feedbeef",
        "boot_id": "",
        **fields,
    }
    locks.lock_path(path).write_text(json.dumps(content), encoding="utf-8")


def file_system_now(folder: Path) -> float:
    """The time the file system stamps a new file in ``folder`` with (the kernel's or the file
    server's clock: not this process's, which ``make test-other-day`` moves)."""
    probe = folder / ".clock-probe"
    probe.write_bytes(b"")
    try:
        return probe.stat().st_mtime
    finally:
        probe.unlink()


def silent_for(path: Path, seconds: float) -> None:
    """Make the lock of ``path`` look untouched for ``seconds``, by the file system's clock."""
    lock = locks.lock_path(path)
    then = file_system_now(lock.parent) - seconds
    os.utime(lock, (then, then))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    books.create_book(target).close()
    return target


def test_lock_file_names_the_holder_and_goes_on_close(path: Path) -> None:
    book = books.open_book(path, lock=True)
    content = json.loads(locks.lock_path(path).read_text(encoding="utf-8"))
    assert content["host"] == socket.gethostname()
    assert content["pid"] == os.getpid()
    assert datetime.fromisoformat(content["since"]) <= system_now()
    assert {"user", "token", "refreshed", "app_version"} <= set(content)
    assert book.lock_holder is not None
    book.close()
    assert not locks.lock_path(path).exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["Acme.aspbook"]  # no temp files


def test_second_process_is_told_who_and_offered_read_only(path: Path) -> None:
    holder = hold_in_other_process(path)
    try:
        with pytest.raises(books.BookInUseError) as caught:
            books.open_book(path, lock=True)
        message = str(caught.value)
        assert socket.gethostname() in message
        assert f"process {holder.pid}" in message
        assert "since" in message
        assert "read-only" in message
        assert not caught.value.stale
        with pytest.raises(books.BookInUseError):  # a plain read-write open respects it too
            books.open_book(path)
        with pytest.raises(books.BookInUseError):  # a live lock is never broken
            books.open_book(path, lock=True, take_over=True)
        with books.open_book(path, read_only=True) as ro:
            assert ro.read_only
            assert "read-only" in ro.read_only_reason
            assert accounts.list_accounts(ro) == []
    finally:
        release(holder)
    with books.open_book(path, lock=True) as book:  # released on close in the other process
        accounts.create_account(book, name="Acme")


def test_same_window_cannot_open_twice(path: Path) -> None:
    with books.open_book(path, lock=True):
        with pytest.raises(books.BookInUseError, match="already open in this window"):
            books.open_book(path, lock=True)
        with books.open_book(path) as again:  # an unlocked handle of this process is allowed
            assert not again.read_only


def test_stale_lock_of_a_dead_process_is_recognised_and_taken_over(path: Path) -> None:
    pid = crash_while_holding(path)
    assert locks.lock_path(path).exists()  # the crash left it behind
    state = books.lock_state(path)
    assert state is not None
    assert state.stale
    assert "no longer running" in state.reason
    with pytest.raises(books.BookInUseError) as caught:
        books.open_book(path, lock=True)
    assert caught.value.stale
    assert f"process {pid}" in str(caught.value)
    assert "take over" in str(caught.value)
    with books.open_book(path) as plain:  # a stale lock does not block a plain open
        assert not plain.read_only
    with books.open_book(path, lock=True, take_over=True) as book:
        holder = json.loads(locks.lock_path(path).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        accounts.create_account(book, name="After the crash")
    assert not locks.lock_path(path).exists()


@pytest.mark.parametrize(
    ("fields", "silent", "stale", "reason"),
    [
        ({}, 0, False, "active"),
        (
            {"refreshed": (system_now() - timedelta(hours=3)).isoformat()},
            3 * 3600,
            True,
            "no sign of life for 3 hours",
        ),
        (
            {"host": socket.gethostname(), "boot_id": "an-earlier-boot", "pid": os.getpid()},
            0,
            True,
            "restarted",
        ),
    ],
)
def test_staleness_of_other_hosts_and_boots(
    path: Path, fields: dict[str, object], silent: float, stale: bool, reason: str
) -> None:
    if "boot_id" in fields and not Path("/proc/sys/kernel/random/boot_id").exists():
        pytest.skip("no boot id on this system")
    write_lock(path, **fields)
    silent_for(path, silent)
    state = books.lock_state(path)
    assert state is not None
    assert state.stale is stale
    assert reason in state.reason
    assert state.holder is not None
    assert "jane on" in state.holder.describe()


def test_another_computer_with_a_slow_clock_still_holds_its_lock(path: Path) -> None:
    """Its clock is half a year behind, so the time it wrote says "silent for months"; the file
    system saw it write a moment ago, so it is alive (taking over would make two writers)."""
    months_ago = (system_now() - timedelta(days=183)).isoformat()
    write_lock(path, since=months_ago, refreshed=months_ago)
    state = books.lock_state(path)
    assert state is not None
    assert not state.stale
    with pytest.raises(books.BookInUseError):
        books.open_book(path, lock=True, take_over=True)


def test_another_computer_with_a_fast_clock_can_still_go_stale(path: Path) -> None:
    """Its clock is a month ahead, so the time it wrote is "in the future"; the file system has
    seen nothing from it for three hours: the lock is stale and can be taken over."""
    ahead = (system_now() + timedelta(days=30)).isoformat()
    write_lock(path, since=ahead, refreshed=ahead)
    silent_for(path, 3 * 3600)
    state = books.lock_state(path)
    assert state is not None
    assert state.stale
    assert "no sign of life for 3 hours" in state.reason
    with books.open_book(path, lock=True, take_over=True) as book:
        accounts.create_account(book, name="Taken over")


def test_a_live_process_on_this_computer_keeps_its_lock_whatever_the_clocks_say(
    path: Path,
) -> None:
    """Same computer: the process is asked directly (is it running?), never the clocks: a
    holder whose heartbeat stopped while the laptop slept, or whose clock jumped, keeps it."""
    holder = hold_in_other_process(path)
    try:
        lock = locks.lock_path(path)
        content = json.loads(lock.read_text(encoding="utf-8"))
        content["refreshed"] = (system_now() - timedelta(days=183)).isoformat()
        lock.write_text(json.dumps(content), encoding="utf-8")
        silent_for(path, 3 * 3600)
        state = books.lock_state(path)
        assert state is not None
        assert not state.stale
        with pytest.raises(books.BookInUseError):
            books.open_book(path, lock=True, take_over=True)
    finally:
        release(holder)


def test_a_process_id_used_again_by_another_program_is_not_the_holder(path: Path) -> None:
    """The holder crashed and its process id now belongs to another program: the lock records
    when its process started, so the newcomer is not mistaken for the holder."""
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        pytest.skip("no process start times on this system")
    other = child("import sys; print('READY', flush=True); sys.stdin.read()")
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "READY"
        write_lock(
            path, host=socket.gethostname(), pid=other.pid, pid_start="1", boot_id=locks._boot_id()
        )
        state = books.lock_state(path)
        assert state is not None
        assert state.stale
        assert "no longer running" in state.reason
    finally:
        release(other)


def test_the_heartbeat_counts_its_beats(path: Path) -> None:
    with books.open_book(path, lock=True) as book:
        assert book.lock is not None
        first = json.loads(locks.lock_path(path).read_text(encoding="utf-8"))["beat"]
        assert book.lock.refresh()
        assert book.lock.refresh()
        assert json.loads(locks.lock_path(path).read_text(encoding="utf-8"))["beat"] == first + 2


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_two_paths_to_one_file_are_one_book(
    path: Path, link: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other_folder = tmp_path / "elsewhere"
    other_folder.mkdir()
    other = other_folder / "Another name.aspbook"
    if link == "symlink":
        other.symlink_to(path)
    else:
        os.link(path, other)
    for held, opened in ((path, other), (other, path)):
        holder = hold_in_other_process(held)
        try:
            with pytest.raises(books.BookInUseError, match=f"process {holder.pid}"):
                books.open_book(opened, lock=True)
            with pytest.raises(books.BookInUseError):
                books.open_book(opened)
            assert main(["record-health", str(opened)]) == 1
            assert f"process {holder.pid}" in capsys.readouterr().err
        finally:
            release(holder)
    with books.open_book(other, lock=True) as book:
        accounts.create_account(book, name="Through the other name")
    assert list(tmp_path.rglob("*.lock")) == []


def test_a_lock_path_that_is_a_folder_is_explained(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locks.lock_path(path).mkdir()
    with pytest.raises(errors.BookLockedError, match="is a folder") as caught:
        books.open_book(path, lock=True)
    assert "read-only" in str(caught.value)
    with books.open_book(path, read_only=True) as ro:
        assert accounts.list_accounts(ro) == []
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("Account Name,Account ID\nAcme,001\n", encoding="utf-8")
    assert main(["import", str(path), str(csv_file), "--kind", "accounts"]) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err
    assert "unexpected" not in err
    assert main(["info", str(path)]) == 0


def test_an_unreadable_lock_file_is_explained(path: Path) -> None:
    write_lock(path)
    lock = locks.lock_path(path)
    lock.chmod(0o000)
    try:
        result = run_unprivileged(f"""
            import json
            from planner.domain import errors
            from planner.services import books
            try:
                books.open_book({str(path)!r}, lock=True)
                said = "opened"
            except errors.BookLockedError as exc:
                said = str(exc)
            print(json.dumps({{"said": said}}))
        """)
    finally:
        lock.chmod(0o644)
    assert "cannot be read (permission denied)" in result["said"]
    assert "read-only" in result["said"]


def test_unreadable_lock_file(path: Path) -> None:
    lock = locks.lock_path(path)
    lock.write_bytes(b"")
    state = books.lock_state(path)
    assert state is not None
    assert not state.stale  # a lock being written right now
    silent_for(path, 3600)
    state = books.lock_state(path)
    assert state is not None
    assert state.stale
    assert "unreadable" in state.reason


def test_taken_over_holder_stops_writing(path: Path) -> None:
    book = books.open_book(path, lock=True)
    accounts.create_account(book, name="Before")
    # Someone judged this lock stale (say the laptop slept for hours) and took it over.
    write_lock(path, token="someone-else", host="DESKTOP-2", user="marc")
    with pytest.raises(errors.BookLockedError, match="taken over by marc on DESKTOP-2"):
        accounts.create_account(book, name="After")
    assert book.read_only
    assert "taken over" in book.read_only_reason
    book.close()
    assert locks.lock_path(path).exists()  # their lock is not ours to remove
    with books.open_book(path, read_only=True) as ro:
        assert [a.name for a in accounts.list_accounts(ro)] == ["Before"]


def test_lock_file_deleted_by_hand_is_recreated(path: Path) -> None:
    with books.open_book(path, lock=True) as book:
        locks.lock_path(path).unlink()
        accounts.create_account(book, name="Still mine")
        assert locks.lock_path(path).exists()


def test_heartbeat_refreshes_the_sign_of_life(path: Path) -> None:
    with books.open_book(path, lock=True) as book:
        assert book.lock is not None
        before = book.lock.holder.refreshed
        book.lock.holder = locks.LockHolder(
            **{
                **{n: getattr(book.lock.holder, n) for n in locks.LockHolder.__slots__},
                "refreshed": before - timedelta(hours=2),
            }
        )
        assert book.lock.refresh()
        on_disk = json.loads(locks.lock_path(path).read_text(encoding="utf-8"))
        assert datetime.fromisoformat(on_disk["refreshed"]) >= before


def test_file_systems_without_hard_links(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with books.open_book(path, lock=True):
        assert json.loads(locks.lock_path(path).read_text(encoding="utf-8"))["pid"] == os.getpid()
        with pytest.raises(books.BookInUseError):
            locks.BookLock.acquire(path)


def test_lock_is_released_at_normal_exit(path: Path) -> None:
    proc = child(f"""
        from planner.services import books
        books.open_book({str(path)!r}, lock=True)  # never closed
        print("READY", flush=True)
    """)
    proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert not locks.lock_path(path).exists()


def test_cli_write_commands_respect_the_lock(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("Account Name,Account ID\nAcme,001\n", encoding="utf-8")
    holder = hold_in_other_process(path)
    try:
        for argv in (
            ["import", path, csv_file, "--kind", "accounts"],
            ["merge", path, tmp_path / "other.aspbook"],
            ["restore", path, tmp_path / "backup.aspbook"],
            ["record-health", path],
            ["csm-sentiment", path, "--account", "Acme", "--value", "1", "--note", "x"],
        ):
            code = main([str(a) for a in argv])
            err = capsys.readouterr().err
            assert code == 1, argv
            assert f"process {holder.pid}" in err
            assert socket.gethostname() in err
            assert "Traceback" not in err
        for argv in (
            ["info", path],
            ["accounts", path],
            ["export", path, "--format", "json", "--out", tmp_path / "x.json"],
            ["backup", path, "--out", tmp_path / "b.aspbook"],
        ):
            assert main([str(a) for a in argv]) == 0, argv
            capsys.readouterr()
    finally:
        release(holder)
    with books.open_book(path, read_only=True) as ro:
        assert accounts.list_accounts(ro) == []


def test_cli_offers_take_over_for_a_stale_lock(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_while_holding(path)
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("Account Name,Account ID\nAcme,001\n", encoding="utf-8")
    assert main(["import", str(path), str(csv_file), "--kind", "accounts"]) == 1
    assert "--take-over" in capsys.readouterr().err
    assert main(["import", str(path), str(csv_file), "--kind", "accounts", "--take-over"]) == 0
    capsys.readouterr()
    with books.open_book(path, read_only=True) as ro:
        assert [a.name for a in accounts.list_accounts(ro)] == ["Acme"]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_opens_read_only(path: Path, what: str) -> None:
    """Permissions enforced for real (a user namespace when running as root)."""
    target = path if what == "file" else path.parent
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        result = run_unprivileged(f"""
            import json
            from planner.domain import errors
            from planner.services import accounts, books
            book = books.open_book({str(path)!r}, lock=True)
            try:
                accounts.create_account(book, name="Nope")
                refused = ""
            except errors.BookReadOnlyError as exc:
                refused = str(exc)
            print(json.dumps({{"read_only": book.read_only, "reason": book.read_only_reason,
                               "refused": refused, "listed": len(accounts.list_accounts(book))}}))
        """)
    finally:
        target.chmod(0o644 if what == "file" else 0o755)
    assert result["read_only"]
    expected = "the file is read-only" if what == "file" else "its folder cannot be written"
    assert expected in result["reason"]
    assert "Save a Copy As" in result["reason"]
    assert "cannot be changed" in result["refused"]
    assert not locks.lock_path(path).exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["Acme.aspbook"]
