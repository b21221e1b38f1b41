"""The portable-book commands as the main window offers them: the lock taken on open and the
"in use" prompt, the read-only banner, and File > Import, Export, Merge, Back Up Now and
Restore from Backup, each driven through the window on a real temporary book."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from planner.services import accounts, books
from planner.services.books import LockState
from tests.other_process import hold_in_other_process, release
from tests.ui.conftest import make_window
from ui.main_window import MainWindow
from ui.pages.accounts import AccountsPage
from ui.portable import ExportDialog, ImportWizard, MergeDialog, RestoreDialog
from ui.portable.open_flow import CANCEL, READ_ONLY
from ui.settings import AppSettings


def account_names(window: MainWindow) -> set[str]:
    """The names the Accounts page shows right now."""
    page = window.pages["accounts"]
    assert isinstance(page, AccountsPage)
    return {row.name for row in page.model.rows}


def shows(qtbot: QtBot, window: MainWindow, names: set[str]) -> None:
    qtbot.waitUntil(lambda: account_names(window) == names, timeout=15_000)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        accounts.create_account(book, name="Acme", crm_id="001")
    return target


def test_the_window_holds_the_lock_while_the_book_is_open(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    window = make_window(qtbot, settings)
    window.books.daily_backup_delay_ms = 0
    assert window.open_path(path)
    state = books.lock_state(path)
    assert state is not None
    assert state.this_process
    assert window.open_path(path)  # opening it again just keeps it open
    assert window.last_message is None
    # The at-most-daily backup is taken off the GUI thread soon after opening.
    qtbot.waitUntil(lambda: len(books.list_backups(path)) == 1, timeout=15_000)
    window.close_book()
    assert books.lock_state(path) is None


def test_a_book_in_use_elsewhere_asks_and_opens_read_only(
    qtbot: QtBot, settings: AppSettings, path: Path, demo_path: Path
) -> None:
    window = make_window(qtbot, settings)
    assert window.open_path(demo_path)
    ctx = window.ctx
    asked: list[LockState] = []
    holder = hold_in_other_process(path)
    try:

        def answer(choice: str) -> object:
            def ask(_parent: QWidget | None, _path: Path, state: LockState) -> str:
                asked.append(state)
                return choice

            return ask

        window.books.ask_about_lock = answer(CANCEL)  # type: ignore[assignment]
        assert not window.open_path(path)
        assert window.ctx is ctx  # cancelled: the book that was open stays open
        assert window.books.ask_about_lock is not None
        window.books.ask_about_lock = answer(READ_ONLY)  # type: ignore[assignment]
        assert window.open_path(path)
        assert [s.stale for s in asked] == [False, False]
        assert asked[0].holder is not None
        assert asked[0].holder.pid == holder.pid
        assert window.ctx is not None
        assert window.ctx.read_only
        assert window.read_only_banner.isVisible()
        assert "as you asked" in window.read_only_banner.message.text()
        assert "(read-only)" in window.windowTitle()
        for action in (
            window.menus.action("import"),
            window.menus.action("merge"),
            window.menus.action("restore"),
        ):
            assert not action.isEnabled(), action.text()
        for action in (
            window.menus.action("export"),
            window.menus.action("backup"),
            window.menus.action("save_copy"),
        ):
            assert action.isEnabled(), action.text()
        assert window.import_data() is None
        assert window.merge_book() is None
        assert window.restore_from_backup() is None
    finally:
        release(holder)


def test_the_banner_saves_an_editable_copy(
    qtbot: QtBot, settings: AppSettings, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, settings)
    window.set_book(books.open_book(path, read_only=True))
    assert window.read_only_banner.isVisible()
    target = tmp_path / "Editable copy"
    monkeypatch.setattr(
        "ui.book_lifecycle.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(target), "")
    )
    qtbot.mouseClick(window.read_only_banner.save_copy, Qt.MouseButton.LeftButton)
    saved = target.with_name("Editable copy.aspbook")
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert window.open_path(saved)
    assert window.ctx is not None
    assert not window.ctx.read_only
    assert not window.read_only_banner.isVisible()
    assert window.menus.action("import").isEnabled()


def test_file_menu_lists_the_data_commands_in_order(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    window = make_window(qtbot, settings)
    titles = [a.text() for a in window.menus.menus["file"].actions() if not a.isSeparator()]
    start = titles.index("Save a Copy As…")
    assert titles[start : start + 6] == [
        "Save a Copy As…",
        "Import…",
        "Export…",
        "Merge Book…",
        "Back Up Now",
        "Restore from Backup…",
    ]
    actions = window.menus.menus["file"].actions()
    assert actions.index(window.menus.action("restore")) < actions.index(
        window.menus.separators["file_data"]
    )
    assert not window.menus.action("import").isEnabled()  # no book yet
    assert window.open_path(path)
    assert window.menus.action("import").shortcut().toString() == "Ctrl+I"
    assert window.menus.action("export").shortcut().toString() == "Ctrl+E"


def test_import_from_the_file_menu_shows_the_new_accounts(
    qtbot: QtBot, settings: AppSettings, path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "salesforce.csv"
    source.write_text(
        'Account Name,Account ID,Annual Revenue\nNorthwind,100,"1,200"\nContoso,101,800\n',
        encoding="utf-8-sig",
    )
    window = make_window(qtbot, settings)
    assert window.open_path(path)
    window.go("accounts")
    shows(qtbot, window, {"Acme"})
    window.menus.action("import").trigger()
    wizard = window.findChild(ImportWizard)
    assert isinstance(wizard, ImportWizard)
    wizard.file_page.path_edit.setText(str(source))
    wizard.next()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=15_000)
    assert wizard.check_page.isComplete()
    with qtbot.waitSignal(wizard.imported, timeout=15_000):
        wizard.next()
    assert "Imported accounts" in window.statusBar().currentMessage()
    shows(qtbot, window, {"Acme", "Northwind", "Contoso"})  # the page reloaded by itself
    assert any(b.reason == "before-import" for b in books.list_backups(path))


def test_export_back_up_and_restore_from_the_window(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    window = make_window(qtbot, settings)
    window.books.daily_backup_delay_ms = 0
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None
    export = window.export_data()
    assert isinstance(export, ExportDialog)
    export.close()
    qtbot.waitUntil(lambda: len(books.list_backups(path)) == 1, timeout=15_000)  # daily
    window.menus.action("backup").trigger()
    qtbot.waitUntil(
        lambda: "Backup saved to" in window.statusBar().currentMessage(), timeout=15_000
    )
    assert len(books.list_backups(path)) == 2
    manual = next(b for b in books.list_backups(path) if b.reason == "manual")
    # An edit after the backup, undoable from the Edit menu...
    window.go("accounts")
    book = ctx.book
    ctx.history.create(
        "Add account",
        lambda: accounts.create_account(book, name="Added later"),
        delete=lambda dto: accounts.delete_account(book, dto.id),
    )
    shows(qtbot, window, {"Acme", "Added later"})
    assert window.menus.action("undo").isEnabled()
    # ...is gone after restoring the backup taken before it, and so is its undo step.
    dialog = window.restore_from_backup()
    assert isinstance(dialog, RestoreDialog)
    with qtbot.waitSignal(dialog.restored, timeout=15_000):
        dialog.restore(manual.path, "the manual backup", ask=False)
    shows(qtbot, window, {"Acme"})
    assert not window.menus.action("undo").isEnabled()  # old undo steps no longer apply
    assert "Restored the backup" in window.statusBar().currentMessage()
    dialog.close()
    assert isinstance(window.merge_book(), MergeDialog)
