"""``account-planner [BOOK]``: start the desktop app.

Opens BOOK if given; otherwise the book open last time; otherwise the default book if it
exists. On the very first run the default book is created (empty) in the user's data folder and
the welcome is shown, offering the demo book, that empty book, or a book file. A book that
cannot be opened is explained in a dialog and the welcome is shown.

``--smoke-test`` starts the app as usual, waits for the window to be painted, prints one JSON
line (the default book, whether the welcome is showing, the open book) and exits: packaging
uses it to check a freshly built bundle on a clean user account.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from planner import APP_NAME, __version__
from planner.domain.errors import PlannerError
from planner.services import books
from ui import preflight
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
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
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
        return
    try:  # first run: the default book is created on first use, then the welcome offers choices
        books.create_book(default).close()
    except PlannerError as exc:
        window.show_error("Your default book could not be created", str(exc))


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
    problem = preflight.check()
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
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
    if args.smoke_test:
        QTimer.singleShot(0, lambda: _report_and_quit(app, window))
    return app.exec()


def _report_and_quit(app: QApplication, window: MainWindow) -> None:
    window.repaint()
    report = {
        "book": str(books.default_book_path()),
        "welcome": window.stack.currentWidget() is window.welcome,
        "open_book": str(window.ctx.book.path) if window.ctx else None,
        "title": window.windowTitle(),
    }
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    window.close()  # saves the settings and releases the book, as a user's quit would
    app.exit(0)


if __name__ == "__main__":
    sys.exit(main())
