"""The whole window: opening books (good, bad, read-only), the welcome, keyboard shortcuts,
and what is remembered in settings (always a temporary settings file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from planner.domain.errors import NotFoundError
from planner.services import accounts, books, plans
from tests.ui.conftest import make_window
from ui import app as app_module
from ui.main_window import MainWindow
from ui.pages.accounts import AccountsPage
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.settings import AppSettings


def accounts_page(window: MainWindow) -> AccountsPage:
    page = window.pages["accounts"]
    assert isinstance(page, AccountsPage)
    return page


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty (0 bytes)"),
        (b"name,arr\nAcme,100\n" * 20, "is not an Account Success Planner book"),
        (None, "is a database made by another program"),
    ],
)
def test_a_bad_file_is_refused_and_the_open_book_stays(
    qtbot: QtBot,
    settings: AppSettings,
    demo_path: Path,
    tmp_path: Path,
    content: bytes | None,
    expected: str,
) -> None:
    bad = tmp_path / "bad.aspbook"
    if content is None:
        import sqlite3

        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    else:
        bad.write_bytes(content)
    before = bad.read_bytes()
    window = make_window(qtbot, settings)
    assert window.open_path(demo_path)
    ctx = window.ctx
    assert ctx is not None
    assert not window.open_path(bad)
    assert window.last_message is not None
    assert expected in window.last_message.text()
    assert window.ctx is ctx  # the previous book is still open, and still works
    assert not ctx.book.closed
    assert len(accounts.list_accounts(ctx.book)) == 40
    assert bad.read_bytes() == before  # the refused file was not touched
    window.last_message.close()
    assert str(demo_path) in window.path_label.text()


def test_keyboard_shortcuts(qtbot: QtBot, settings: AppSettings, demo_path: Path) -> None:
    window = make_window(qtbot, settings)
    window.open_path(demo_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    for key, page in (
        (Qt.Key.Key_3, "mywork"),
        (Qt.Key.Key_1, "portfolio"),
        (Qt.Key.Key_2, "accounts"),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.pages[page]
        assert window.nav_buttons[page].isChecked()

    window.go("portfolio")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = accounts_page(window)
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search, timeout=3000)

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    name = dialog.widget("name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Shortcut Co")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    ctx = window.ctx
    assert ctx is not None
    created = accounts.find_account(ctx.book, "Shortcut Co")

    # The new account opened in the workspace; undo and redo it from the keyboard.
    workspace = window.workspace
    assert workspace is not None
    assert window.stack.currentWidget() is workspace
    assert workspace.account is not None
    assert workspace.account.id == created.id
    window.activateWindow()  # offscreen has no window manager to hand focus back
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with pytest.raises(NotFoundError):
        accounts.get_account(ctx.book, created.id)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=3000)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, ctrl_shift)
    assert accounts.get_account(ctx.book, created.id).name == "Shortcut Co"


def test_delete_key_deletes_the_selected_row_and_undo_brings_it_back(
    qtbot: QtBot, settings: AppSettings, book: books.Book
) -> None:
    acct = accounts.create_account(book, name="Acme")
    plan = plans.create_plan(book, acct.id, title="Plan")
    plans.create_goal(book, plan.id, title="Goal one")
    path = book.path
    book.close()
    window = make_window(qtbot, settings)
    window.open_path(path)
    window.open_account(acct.id, "plan")
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.current_tab()
    assert isinstance(tab, SuccessPlanTab)
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 1, timeout=3000)
    tab.goals.table.setFocus()
    tab.goals.table.selectRow(0)
    window.activateWindow()
    qtbot.keyClick(tab.goals.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 0, timeout=3000)
    assert window.menus.action("undo").text() == "Undo Delete goal “Goal one”"
    window.menus.action("undo").trigger()
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 1, timeout=3000)


def test_read_only_book_opens_with_editing_off(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    window = make_window(qtbot, settings)
    window.set_book(books.open_book(demo_path, read_only=True))
    assert window.read_only_banner.isVisible()
    assert "read-only" in window.read_only_banner.message.text()
    assert "(read-only)" in window.windowTitle()
    assert not window.menus.action("new_account").isEnabled()
    assert not window.menus.action("delete").isEnabled()
    assert not window.menus.action("undo").isEnabled()
    page = accounts_page(window)
    assert not page.new_button.isEnabled()
    assert page.new_account() is None


def test_welcome_start_empty_and_settings_are_remembered(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    window = make_window(qtbot, settings)
    assert window.stack.currentWidget() is window.welcome
    assert not window.menus.action("new_account").isEnabled()
    assert not window.nav_buttons["accounts"].isEnabled()
    qtbot.mouseClick(window.welcome.empty, Qt.MouseButton.LeftButton)
    default = books.default_book_path()
    assert default.exists()
    assert window.ctx is not None
    assert window.ctx.book.path == default
    window.go("mywork")
    window.close()
    assert settings.last_book == default.resolve()
    assert settings.last_page == "mywork"
    assert settings.recent_books == [default.resolve()]

    # A new start on the same settings opens the last book, on the last page, same size.
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.restore_window()  # the saved geometry was found and applied
    app_module.start(again, settings, None)
    assert again.ctx is not None
    assert again.ctx.book.path.resolve() == default.resolve()
    assert again.stack.currentWidget() is again.pages["mywork"]
    again.close()


def test_first_run_welcome_opens_the_demo_with_progress(
    qtbot: QtBot, settings: AppSettings
) -> None:
    window = make_window(qtbot, settings)
    steps: list[tuple[int, int]] = []
    with qtbot.waitSignal(window.book_opened, timeout=60_000):
        job = window.books.open_demo()
        assert job is not None
        job.signals.progress.connect(lambda d, t: steps.append((d, t)))
    assert window.ctx is not None
    assert window.ctx.book.path == window.books.demo_path()
    assert len(accounts.list_accounts(window.ctx.book, include_archived=True)) == 40
    assert not window.welcome.progress.isVisible()


def test_settings_file_is_the_injected_one(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    settings.add_recent(tmp_path / "a.aspbook")
    settings.add_recent(tmp_path / "b.aspbook")
    settings.add_recent(tmp_path / "a.aspbook")
    assert settings.recent_books == [
        (tmp_path / "a.aspbook").resolve(),
        (tmp_path / "b.aspbook").resolve(),
    ]
    settings.sync()
    assert "a.aspbook" in (tmp_path / "s.ini").read_text()


def test_first_run_creates_the_default_book_and_shows_the_welcome(
    qtbot: QtBot, settings: AppSettings
) -> None:
    window = make_window(qtbot, settings)
    default = books.default_book_path()
    assert not default.exists()
    app_module.start(window, settings, None)
    assert default.exists()  # created on first use, in the data folder
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.empty, Qt.MouseButton.LeftButton)
    assert window.ctx is not None
    assert window.ctx.book.path == default


def test_smoke_test_of_a_first_run_on_a_clean_account(tmp_path: Path) -> None:
    """What packaging runs against the built bundle: a first start on an empty home folder."""
    import json
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("ACCOUNT_PLANNER_HOME", None)
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["welcome"] is True
    assert report["open_book"] is None
    book = Path(report["book"])
    assert book.is_file()
    assert home / "data" in book.parents
    assert list((home / "config").rglob("*.ini"))  # settings went to the clean account too


def test_about_shows_the_versions(qtbot: QtBot, settings: AppSettings) -> None:
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    window = make_window(qtbot, settings)
    dialog = window.show_about()
    qtbot.addWidget(dialog)
    text = window.about_versions.text()
    assert f"Python {platform.python_version()}" in text
    assert f"Qt {qVersion()} (PySide6 {PySide6.__version__})" in text
    for name in ("SQLAlchemy 2.", "matplotlib 3.", "python-pptx 1."):
        assert name in text
    import sqlite3

    assert f"SQLite {sqlite3.sqlite_version}" in text
    assert not window.windowIcon().isNull()


def test_pages_not_on_screen_compute_nothing_until_shown(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    """Opening on the Accounts page must not compute the Metrics page or the Portfolio charts
    behind it (on a large book that work slowed the first page down)."""
    from ui.charts.widgets import PortfolioChart
    from ui.pages.metrics import MetricsPage

    settings.last_page = "accounts"
    window = make_window(qtbot, settings)
    assert window.open_path(demo_path)
    qtbot.waitUntil(lambda: accounts_page(window).model.rowCount() == 40, timeout=10_000)
    qtbot.wait(300)  # past the metrics view's typing pause
    metrics_page = window.pages["metrics"]
    assert isinstance(metrics_page, MetricsPage)
    assert metrics_page.view.metrics is None
    assert not metrics_page.view.busy
    portfolio_charts = window.pages["portfolio"].findChildren(PortfolioChart)
    assert len(portfolio_charts) == 2
    assert all(not c.busy and c.canvas.builds == 0 for c in portfolio_charts)
    window.go("metrics")
    qtbot.waitUntil(lambda: metrics_page.view.metrics is not None, timeout=15_000)
    window.go("portfolio")
    qtbot.waitUntil(lambda: all(c.canvas.builds >= 1 for c in portfolio_charts), timeout=15_000)
