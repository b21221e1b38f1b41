"""The window shows a book it closed cleanly at once and checks it just after, off the GUI
thread; when that check finds damage the window says so, the banner explains, and nothing can
be written (the file is left exactly as it was)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.services import accounts, books
from planner.store import clean_close
from tests.ui.conftest import make_window
from ui.settings import AppSettings


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target, lock=True) as book:
        accounts.create_account(book, name="Acme")
    return target


def test_a_cleanly_closed_book_is_checked_after_it_is_shown(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    window = make_window(qtbot, settings)
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None
    qtbot.waitUntil(lambda: not ctx.book.check_pending, timeout=15_000)
    assert ctx.book.damage is None
    assert not ctx.read_only
    assert window.last_message is None
    window.close_book()
    assert clean_close.closed_cleanly(path)


def test_damage_found_after_the_first_paint_is_shown_and_nothing_is_written(
    qtbot: QtBot, settings: AppSettings, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(path)
    # A table the first page does not read (a page that reads a damaged table says so itself).
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'qbr_attendees'"
    ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x0B  # bits rotted on the disk: the file's stamp is as it was
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setattr(clean_close, "closed_cleanly", lambda _path: True)
    window = make_window(qtbot, settings)
    with qtbot.waitSignal(window.books.damaged, timeout=15_000):
        assert window.open_path(path)
    assert window.ctx is not None
    assert window.ctx.read_only
    assert window.read_only_banner.isVisibleTo(window)
    assert "damaged" in window.read_only_banner.message.text()
    assert window.last_message is not None
    assert "damaged" in window.last_message.text()
    assert not window.menus.action("new_account").isEnabled()
    window.close_book()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
