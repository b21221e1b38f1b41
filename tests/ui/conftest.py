"""UI test fixtures: settings on a temporary file, a book context with a fixed 'today', and
helpers to build one page at a time on a real temporary book."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.services.books import Book
from tests.conftest import TODAY
from ui.context import BookContext, Navigator
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.theme import ThemeMode, apply_theme
from ui.undo import EditHistory


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    """App settings in a temporary INI file: never the real user's."""
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def _light_theme(qapp: QApplication) -> None:
    apply_theme(qapp, ThemeMode.LIGHT)


def make_context(book: Book, settings: AppSettings) -> BookContext:
    return BookContext(book, EditHistory(book), settings, Navigator(), today=lambda: TODAY)


@pytest.fixture
def ctx(book: Book, settings: AppSettings) -> Iterator[BookContext]:
    context = make_context(book, settings)
    yield context
    context.wait_for_jobs()


@pytest.fixture
def demo_ctx(demo_book: Book, settings: AppSettings) -> Iterator[BookContext]:
    context = make_context(demo_book, settings)
    yield context
    context.wait_for_jobs()


def make_window(qtbot: QtBot, settings: AppSettings) -> MainWindow:
    """The main window at 1280x800, shown, with a fixed 'today'."""
    window = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_loaded(qtbot: QtBot, page: object, action: Callable[[], None]) -> None:
    """Run ``action`` and wait for the page's ``loaded`` signal (off-thread reads)."""
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # type: ignore[attr-defined]
        action()
