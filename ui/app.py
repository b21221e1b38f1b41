"""``account-planner [BOOK]``: start the desktop app.

Opens BOOK if given; otherwise the book open last time; otherwise the default book if it
exists; otherwise (the first run) the welcome, which offers the demo book, an empty book, or a
book file. A book that cannot be opened is explained in a dialog and the welcome is shown.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from planner import APP_NAME, __version__
from planner.services import books
from ui.main_window import MainWindow
from ui.settings import AppSettings, user_settings
from ui.theme import apply_theme, icon


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="account-planner",
        description=f"{APP_NAME}: plan your customers' success, offline.",
    )
    parser.add_argument("book", nargs="?", type=Path, help="a book file to open (*.aspbook)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(list(argv))


def start(window: MainWindow, settings: AppSettings, book: Path | None) -> None:
    """Open what the app should show first (see the module docstring)."""
    if book is not None:
        window.open_path(book)
        return
    last = settings.last_book
    if last is not None and last.exists():
        window.open_path(last)
        return
    default = books.default_book_path()
    if default.exists():
        window.open_path(default)


def build(
    app: QApplication, settings: AppSettings | None = None, book: Path | None = None
) -> MainWindow:
    """Make the main window on ``settings`` (default: the user's) and open the first book."""
    settings = settings or AppSettings(user_settings())
    apply_theme(app, settings.theme)
    window = MainWindow(settings)
    window.restore_window()
    start(window, settings, book)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("account-success-planner")
    app.setDesktopFileName("account-success-planner")
    app.setWindowIcon(icon("app"))
    window = build(app, book=args.book)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
