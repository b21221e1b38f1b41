"""Render every page and every account tab of a demo book to PNG, light and dark, 1280x800.

    python -m tests.ui.screenshots DIR        (``make screenshots`` writes to screenshots/)

Runs offscreen. The demo book is generated for a fixed day (2026-11-23) in a temporary folder,
and the app's settings go to a temporary file, so nothing of the user's is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from planner.services import books, demo, portfolio
from tests.conftest import TODAY
from ui.main_window import MainWindow
from ui.pages.accounts import AccountsPage
from ui.pages.mywork import MyWorkPage
from ui.pages.portfolio import PortfolioPage
from ui.settings import AppSettings
from ui.theme import ThemeMode, apply_theme
from ui.workbook.attention import AttentionPage
from ui.workbook.forecast import ForecastPage

SIZE = (1280, 800)


def settle(
    app: QApplication, until: Callable[[], bool] = lambda: True, timeout: float = 15
) -> None:
    """Process events until ``until()`` holds (and a little longer, for paints)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if until():
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.005)


def shoot(app: QApplication, widget: QWidget, path: Path) -> Path:
    settle(app)
    widget.grab().save(str(path))
    return path


def pick_account(book_path: Path) -> str:
    """A rich account to show: open work, several goals, the most ARR among those."""
    with books.open_book(book_path, read_only=True) as book:
        rows = portfolio.portfolio(book, today=TODAY)
    rich = [r for r in rows if r.goals_total >= 3 and r.open_actions >= 3] or rows
    return max(rich, key=lambda r: (r.overdue_actions > 0, r.arr_minor)).id


def render(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="planner-shots-") as tmp:
        work = Path(tmp)
        book_path = work / "Demo accounts.aspbook"
        demo.generate_demo(book_path, accounts=40, seed=7, today=TODAY)
        account_id = pick_account(book_path)
        for mode in (ThemeMode.LIGHT, ThemeMode.DARK):
            name = mode.value
            settings = AppSettings(QSettings(str(work / f"{name}.ini"), QSettings.Format.IniFormat))
            settings.theme = mode
            apply_theme(app, mode)
            window = MainWindow(settings)
            window.resize(*SIZE)
            window.show()
            written.append(shoot(app, window, folder / f"{name}-00-welcome.png"))
            window.open_path(book_path)
            for n, key in enumerate(
                ("portfolio", "accounts", "mywork", "attention", "forecast"), start=1
            ):
                window.go(key)
                page = window.pages[key]
                loaded = _loaded_flag(page)
                page.mark_dirty()
                settle(app, loaded)
                written.append(shoot(app, window, folder / f"{name}-{n:02d}-{key}.png"))
            window.open_account(account_id)
            workspace = window.workspace
            assert workspace is not None
            for n, spec in enumerate(workspace.specs, start=10):
                workspace.select_tab(spec.key)
                settle(app)
                written.append(shoot(app, window, folder / f"{name}-{n:02d}-tab-{spec.key}.png"))
            accounts_page = window.pages["accounts"]
            assert isinstance(accounts_page, AccountsPage)
            window.go("accounts")
            dialog = accounts_page.new_account()
            if dialog is not None:
                settle(app)
                dialog.try_save()  # empty name: the message appears next to the field
                written.append(shoot(app, dialog, folder / f"{name}-30-new-account-dialog.png"))
                dialog.reject()
            search = window.search_everything('"data sync"')
            if search is not None:
                settle(app, lambda s=search: s.results is not None)
                written.append(shoot(app, search, folder / f"{name}-32-search.png"))
                search.close()
            window.close()
            window.deleteLater()
            settle(app)
            window = MainWindow(settings)
            window.resize(*SIZE)
            window.show()
            window.set_book(books.open_book(book_path, read_only=True))
            window.go("accounts")
            settle(app, _loaded_flag(window.pages["accounts"]))
            written.append(shoot(app, window, folder / f"{name}-31-read-only.png"))
            window.close()
            window.deleteLater()
            settle(app)
    return written


def _loaded_flag(page: QWidget) -> Callable[[], bool]:
    """True once the page has shown fresh data (pages that load off the GUI thread)."""
    loading = AccountsPage | PortfolioPage | MyWorkPage | AttentionPage | ForecastPage
    done = {"v": not isinstance(page, loading)}
    if not done["v"]:
        page.loaded.connect(lambda: done.update(v=True))  # type: ignore[attr-defined]
    return lambda: done["v"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "screenshots")
    for path in render(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
