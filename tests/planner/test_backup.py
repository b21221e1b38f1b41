"""RELIABILITY.md rule 5: verified, rotating backups; restore that keeps what it replaces."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.domain.clock import system_now
from planner.services import accounts, books
from planner.store import backups, migrations
from tests.planner.test_book_file import make_damaged_book, make_foreign_db, make_future_book


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(path: Path) -> list[str]:
    with books.open_book(path, read_only=True) as book:
        return [a.name for a in accounts.list_accounts(book)]


def fake_backup(book_path: Path, when: datetime, reason: str) -> Path:
    """A backup file as if taken at ``when`` (rotation works from the stamped names)."""
    target = backups.backup_dir(book_path) / backups.backup_name(book_path, reason, when)
    backups.copy_book(book_path, target)
    return target


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        accounts.create_account(book, name="Original")
    return target


def test_backup_is_verified_and_beside_the_book(path: Path) -> None:
    taken = books.auto_backup(path, reason="before-import")
    assert taken.parent == path.with_name("Acme.aspbook.backups")
    assert books.verify_backup(taken) == migrations.SCHEMA_VERSION
    assert names(taken) == ["Original"]
    [info] = books.list_backups(path)
    assert info.reason == "before-import"
    assert info.reason_label == "Before import"
    assert info.size == taken.stat().st_size
    assert system_now() - info.taken_at < timedelta(minutes=1)
    assert not [p for p in taken.parent.iterdir() if p.name.startswith(".")]  # no temp files


def test_rotation_keeps_a_bounded_number_and_one_per_day(path: Path) -> None:
    now = system_now()
    for day in range(12):  # one a day for twelve days
        fake_backup(path, now - timedelta(days=day, hours=1), "daily")
    for minute in range(12):  # a busy afternoon of imports
        fake_backup(path, now - timedelta(minutes=minute), "before-import")
    manual = fake_backup(path, now - timedelta(days=40), backups.MANUAL)
    newest = [b.path for b in books.list_backups(path) if b.automatic][: backups.KEEP_AUTOMATIC]
    removed = backups.rotate(path)
    kept = books.list_backups(path)
    automatic = [b for b in kept if b.automatic]
    assert len(automatic) <= backups.KEEP_AUTOMATIC + backups.KEEP_DAYS
    assert removed
    assert set(newest) <= {b.path for b in automatic}
    days = {b.taken_at.date() for b in automatic}
    assert len(days) == backups.KEEP_DAYS  # the newest of each of the last seven days
    assert manual in [b.path for b in kept]  # asked for by hand: never rotated away


def test_backup_if_due_is_at_most_daily(path: Path) -> None:
    with books.open_book(path) as book:
        first = books.backup_if_due(book)
        assert first is not None
        assert books.backup_if_due(book) is None
    old = system_now() - timedelta(days=2)
    first.rename(first.with_name(backups.backup_name(path, "daily", old)))
    with books.open_book(path) as book:
        assert books.backup_if_due(book) is not None
    with books.open_book(path, read_only=True) as ro:
        assert books.backup_if_due(ro) is None


def test_restore_keeps_the_state_it_replaces(path: Path) -> None:
    backup = books.backup_now(path)
    with books.open_book(path, lock=True) as book:
        accounts.create_account(book, name="Added later")
        result = books.restore_backup(book, backup)
        assert [a.name for a in accounts.list_accounts(book)] == ["Original"]  # same handle
        accounts.create_account(book, name="After restore")  # and still writable
    assert result.safety_backup is not None
    assert result.safety_backup.name.split(".")[2] == "before-restore"
    assert names(result.safety_backup) == ["Added later", "Original"]
    assert names(path) == ["After restore", "Original"]
    books.check_book(path)


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged", "future", "missing", "itself"])
def test_restore_refuses_what_is_not_a_sound_book_of_ours(
    path: Path, tmp_path: Path, demo_master: Path, kind: str
) -> None:
    candidate = tmp_path / f"candidate-{kind}.aspbook"
    if kind == "text":
        candidate.write_text("Account Name,ARR\nAcme,1\n", encoding="utf-8")
    elif kind == "foreign":
        make_foreign_db(candidate)
    elif kind == "damaged":
        make_damaged_book(demo_master, candidate)
    elif kind == "future":
        make_future_book(demo_master, candidate)
    elif kind == "itself":
        candidate = path
    before = sha(path)
    with pytest.raises(errors.PlannerError) as caught:
        books.restore_backup_file(path, candidate)
    assert candidate.name in str(caught.value) or "itself" in str(caught.value)
    assert sha(path) == before
    assert books.list_backups(path) == []  # refused before anything was done


def test_restore_over_a_damaged_book_keeps_its_bytes(path: Path, demo_master: Path) -> None:
    backup = books.backup_now(path)
    make_damaged_book(demo_master, path)
    damaged = sha(path)
    result = books.restore_backup_file(path, backup)
    assert names(path) == ["Original"]
    assert result.safety_backup is not None
    assert result.safety_backup.name.endswith(".damaged")
    assert sha(result.safety_backup) == damaged


def test_restore_a_missing_book(path: Path) -> None:
    backup = books.backup_now(path)
    path.unlink()
    result = books.restore_backup_file(path, backup)
    assert result.safety_backup is None
    assert names(path) == ["Original"]


def test_save_copy_as_guards_its_target(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.aspbook"
    target.write_text("precious", encoding="utf-8")
    journal = target.with_name(target.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    with books.open_book(path) as book:
        with pytest.raises(errors.ConflictError, match="unfinished change"):
            books.save_copy_as(book, target)
        assert target.read_text(encoding="utf-8") == "precious"
        journal.unlink()
        books.save_copy_as(book, target)
    assert names(target) == ["Original"]


def test_stray_temp_file_of_a_dead_copy_is_removed(path: Path, tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above pid_max on Linux: never a live process
    stray = tmp_path / f".copy.aspbook.{dead}.partial"
    stray.write_bytes(b"half a book")
    live = tmp_path / f".other.aspbook.{os.getpid()}.partial"
    live.write_bytes(b"ours, in progress")
    backups.copy_book(path, tmp_path / "copy.aspbook")
    assert not stray.exists()
    assert live.exists()


def test_cli_backup_backups_restore(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kept.aspbook"
    assert main(["backup", str(path), "--out", str(out)]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["backup", str(path)]) == 0
    capsys.readouterr()
    assert main(["backups", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "Manual" in listing
    assert "MB" in listing
    with books.open_book(path) as book:
        accounts.create_account(book, name="Later")
    assert main(["restore", str(path), str(out)]) == 0
    text = capsys.readouterr().out
    assert "Restored" in text
    assert "kept as" in text
    assert names(path) == ["Original"]
    bad = tmp_path / "notes.aspbook"
    bad.write_text("hello", encoding="utf-8")
    assert main(["restore", str(path), str(bad)]) == 1
    assert "not an Account Success Planner book" in capsys.readouterr().err
    assert main(["backups", str(tmp_path / "none.aspbook")]) == 1
    capsys.readouterr()


def test_backup_of_a_book_on_a_read_only_folder_goes_to_the_data_folder(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access

    def folder_read_only(target: object, mode: int, **kwargs: object) -> bool:
        if Path(str(target)) == path.parent and mode & os.W_OK:
            return False
        return real_access(target, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", folder_read_only)
    taken = books.auto_backup(path, reason="daily")
    assert path.parent not in taken.parents
    assert "backups" in taken.parts
    assert names(taken) == ["Original"]
    shutil.rmtree(taken.parent)


def test_restore_writes_through_the_journal(path: Path) -> None:
    """Restoring goes through SQLite (the book's own journal), never a bare file swap, so the
    inode (and anything holding the file open) is kept."""
    backup = books.backup_now(path)
    inode = path.stat().st_ino
    books.restore_backup_file(path, backup)
    assert path.stat().st_ino == inode
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
