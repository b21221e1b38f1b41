"""Opening a book this computer closed cleanly: the app shows it first and checks it just after
(``open_book(..., defer_check=True)``), with every write held until the check passes. Any sign
of an unclean shutdown or of a change since (no record, a different file stamp, a journal, a
stale lock taken over, an older format) checks in full first, as every other open does. A book
found damaged by the deferred check is never written to (RELIABILITY.md rule 1)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from planner.domain import errors
from planner.services import accounts, books
from planner.store import clean_close


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_cleanly(tmp_path: Path) -> Path:
    path = tmp_path / "clean.aspbook"
    with books.create_book(path, lock=True) as book:
        accounts.create_account(book, name="Acme")
    assert clean_close.closed_cleanly(path)
    return path


def _damage_accounts_table(path: Path) -> None:
    """Make the accounts table's root page unreadable (an invalid page type)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'accounts'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x0B
    path.write_bytes(bytes(data))


def test_a_cleanly_closed_book_opens_with_its_check_deferred(closed_cleanly: Path) -> None:
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        assert book.check_pending
        assert not clean_close.closed_cleanly(closed_cleanly)  # open: not clean until closed
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
        book.verify()
        assert not book.check_pending
        accounts.create_account(book, name="Beta")
    assert clean_close.closed_cleanly(closed_cleanly)


def test_the_first_write_runs_the_check_when_nobody_did(closed_cleanly: Path) -> None:
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        assert book.check_pending
        accounts.create_account(book, name="Beta")
        assert not book.check_pending


def test_writes_wait_while_another_thread_checks(
    closed_cleanly: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    from planner.store import book as book_module

    real = book_module.quick_check

    def slow_check(path: Path, *, read_only: bool = True) -> None:
        started.set()
        assert release.wait(30)
        real(path, read_only=read_only)

    monkeypatch.setattr(book_module, "quick_check", slow_check)
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        checker = threading.Thread(target=book.verify)
        checker.start()
        assert started.wait(30)
        wrote = threading.Event()
        writer = threading.Thread(
            target=lambda: (accounts.create_account(book, name="Beta"), wrote.set())
        )
        writer.start()
        assert not wrote.wait(0.3)  # held while the check runs
        release.set()
        checker.join(30)
        writer.join(30)
        assert wrote.is_set()


def test_damage_the_stamp_cannot_see_is_found_before_any_write(
    closed_cleanly: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bits that rot on the disk leave the file's stamp as it was: the open is deferred, and
    the check refuses the first write; the file is never written to."""
    _damage_accounts_table(closed_cleanly)
    monkeypatch.setattr(clean_close, "closed_cleanly", lambda _path: True)
    before = _digest(closed_cleanly)
    book = books.open_book(closed_cleanly, lock=True, defer_check=True)
    try:
        assert book.check_pending
        with pytest.raises(errors.BookDamagedError):
            book.verify()
        assert book.read_only
        assert "damaged" in book.read_only_reason
        assert "Nothing was written" in book.read_only_reason
        with pytest.raises(errors.BookDamagedError):
            accounts.create_account(book, name="Beta")
    finally:
        book.close()
    assert _digest(closed_cleanly) == before
    monkeypatch.undo()
    assert not clean_close.closed_cleanly(closed_cleanly)  # a damaged book is never "clean"


def test_a_changed_file_is_checked_in_full_first(closed_cleanly: Path) -> None:
    _damage_accounts_table(closed_cleanly)  # another program wrote it: the stamp differs
    before = _digest(closed_cleanly)
    with pytest.raises(errors.BookDamagedError):
        books.open_book(closed_cleanly, lock=True, defer_check=True)
    assert _digest(closed_cleanly) == before


def test_a_copy_has_no_record_and_is_checked_in_full(closed_cleanly: Path) -> None:
    copy = closed_cleanly.with_name("copy.aspbook")
    shutil.copy2(closed_cleanly, copy)
    with books.open_book(copy, lock=True, defer_check=True) as book:
        assert not book.check_pending


def test_touching_the_file_is_a_change(closed_cleanly: Path) -> None:
    st = closed_cleanly.stat()
    os.utime(closed_cleanly, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        assert not book.check_pending


def test_only_the_app_defers_and_only_for_writing(closed_cleanly: Path) -> None:
    with books.open_book(closed_cleanly, lock=True) as book:  # the CLI, services
        assert not book.check_pending
    with books.open_book(closed_cleanly, read_only=True, defer_check=True) as book:
        assert not book.check_pending


def test_a_stale_lock_taken_over_is_checked_in_full(closed_cleanly: Path) -> None:
    with books.open_book(closed_cleanly, lock=True, defer_check=True, take_over=True) as book:
        assert not book.check_pending


def test_a_leftover_journal_is_checked_in_full(closed_cleanly: Path) -> None:
    journal = closed_cleanly.with_name(closed_cleanly.name + "-journal")
    journal.write_bytes(b"")  # an empty journal is not hot; SQLite ignores it
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        assert not book.check_pending


def test_a_schema_changed_behind_the_stamp_is_refused_before_any_write(
    closed_cleanly: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(closed_cleanly)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON accounts BEGIN DELETE FROM accounts; END")
    conn.commit()
    conn.close()
    monkeypatch.setattr(clean_close, "closed_cleanly", lambda _path: True)
    before = _digest(closed_cleanly)
    with books.open_book(closed_cleanly, lock=True, defer_check=True) as book:
        assert book.check_pending
        with pytest.raises(errors.BookAlteredError):
            accounts.create_account(book, name="Beta")
        assert book.read_only
    assert _digest(closed_cleanly) == before
