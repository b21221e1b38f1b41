"""UI test fixtures: settings on a temporary file, a book context on the pinned clock, the
modal-dialog guard, and helpers to build one page at a time on a real temporary book."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QFontDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from planner.services.books import Book
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


class ModalDialogError(AssertionError):
    """A test opened a modal dialog, which would wait forever offscreen."""


def _refuse(what: str, *texts: object) -> NoReturn:
    said = " | ".join(str(t) for t in texts if isinstance(t, str) and t)
    raise ModalDialogError(
        f"The test opened a modal {what} ({said or 'no text'}). Offscreen nobody can answer "
        "it: patch the function that asks, or drive the dialog without exec()."
    )


def _refuse_exec(self: QDialog, *_args: Any) -> NoReturn:
    texts: list[object] = [self.windowTitle()]
    if isinstance(self, QMessageBox):
        texts += [self.text(), self.informativeText()]
    _refuse(type(self).__name__, *texts)


def _refuse_static(what: str) -> Any:
    return staticmethod(lambda *args, **_kw: _refuse(what, *args))


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any modal dialog, message box, file or input prompt, or popup menu a test opens fails
    that test at once with the dialog's text (pytest-qt reports errors raised in slots)."""
    monkeypatch.setattr(QDialog, "exec", _refuse_exec)
    monkeypatch.setattr(QMessageBox, "exec", _refuse_exec)
    for name in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, _refuse_static(f"message box ({name})"))
    prompts = ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory")
    for name in prompts:
        monkeypatch.setattr(QFileDialog, name, _refuse_static(f"file dialog ({name})"))
    for name in ("getText", "getInt", "getDouble", "getItem", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, _refuse_static(f"input dialog ({name})"))
    monkeypatch.setattr(QColorDialog, "getColor", _refuse_static("colour dialog"))
    monkeypatch.setattr(QFontDialog, "getFont", _refuse_static("font dialog"))
    monkeypatch.setattr(QMenu, "exec", lambda self, *_a: _refuse("popup menu", self.title()))


def make_context(book: Book, settings: AppSettings) -> BookContext:
    return BookContext(book, EditHistory(book), settings, Navigator())


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
    """The main window at 1280x800, shown (its books open on the pinned clock)."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_loaded(qtbot: QtBot, page: object, action: Callable[[], None]) -> None:
    """Run ``action`` and wait for the page's ``loaded`` signal (off-thread reads)."""
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # type: ignore[attr-defined]
        action()
