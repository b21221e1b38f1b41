"""Export prompts open in Documents, remember the last folder of each kind, and offer Open and
Show in Folder afterwards (without opening anything in the tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from planner.services import accounts, books
from planner.services.books import Book
from tests.planner.test_qbr_data import build_account
from tests.ui.conftest import make_window
from tests.ui.test_qbr_builder import make_builder
from ui.portable import ExportDialog
from ui.settings import AppSettings
from ui.widgets import export_files
from ui.widgets.export_files import ExportedNote, ask_folder, ask_save_file, show_exported


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What would have been opened (files and folders), instead of opening it."""
    seen: list[str] = []

    def fake_open(url: QUrl) -> bool:
        seen.append(url.toLocalFile())
        return True

    monkeypatch.setattr(export_files, "open_url", fake_open)
    return seen


def test_documents_first_then_the_last_folder_of_each_kind(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(export_files, "documents_folder", lambda: documents)
    window = make_window(qtbot, settings)
    asked: list[str] = []
    answers = iter([str(tmp_path / "decks" / "acme.pptx"), ""])

    def fake_save(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return next(answers), ""

    (tmp_path / "decks").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    chosen = ask_save_file(window, "deck", "Export", "acme.pptx", "PowerPoint (*.pptx)")
    assert chosen == tmp_path / "decks" / "acme.pptx"
    assert asked == [str(documents / "acme.pptx")]  # the first time: Documents
    assert settings.export_folder("deck") == tmp_path / "decks"
    assert ask_save_file(window, "deck", "Export", "beta.pptx", "PowerPoint (*.pptx)") is None
    assert asked[1] == str(tmp_path / "decks" / "beta.pptx")  # remembered for decks...
    folders: list[str] = []

    def fake_folder(_parent: Any, _title: str, start: str) -> str:
        folders.append(start)
        return ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake_folder))
    assert ask_folder(window, "csv", "Folder for the CSV files") is None
    assert folders == [str(documents)]  # ...not for CSV files
    # A remembered folder that has gone: back to Documents.
    settings.set_export_folder("pdf", tmp_path / "gone")
    assert export_files.start_folder(window, "pdf") == documents


def test_documents_folder_exists() -> None:
    assert export_files.documents_folder().is_dir()


def test_exported_note_opens_the_file_and_its_folder(
    qtbot: QtBot, tmp_path: Path, opened: list[str]
) -> None:
    deck = tmp_path / "acme.pptx"
    deck.write_bytes(b"x")
    note = ExportedNote()
    qtbot.addWidget(note)
    assert note.isHidden()
    note.set_files([deck, tmp_path / "acme.pdf"])
    assert not note.isHidden()
    assert note.text.text() == "Saved acme.pptx, acme.pdf."
    note.open_button.click()
    note.folder_button.click()
    assert opened == [str(deck), str(tmp_path)]
    window = show_exported(note, [deck], "Chart saved")
    qtbot.addWidget(window)
    assert window.isVisible()
    assert not window.isModal()
    window.note.open_button.click()
    assert opened[-1] == str(deck)
    window.close()


def test_the_book_export_offers_to_open_what_it_wrote(
    qtbot: QtBot, tmp_path: Path, opened: list[str]
) -> None:
    path = tmp_path / "b.aspbook"
    with books.create_book(path) as book:
        accounts.create_account(book, name="Acme")
    with books.open_book(path) as book:
        dialog = ExportDialog(book)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not dialog.exported_note.isVisibleTo(dialog)
        dialog.json.setChecked(True)
        target = tmp_path / "archive.json"
        dialog.target.setText(str(target))
        with qtbot.waitSignal(dialog.exported, timeout=10_000):
            dialog.export_button.click()
        assert dialog.exported_note.isVisibleTo(dialog)
        dialog.exported_note.folder_button.click()
        assert opened == [str(tmp_path)]


def test_the_qbr_export_bar_offers_to_open_the_deck(
    qtbot: QtBot, book: Book, settings: AppSettings, tmp_path: Path, opened: list[str]
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    builder.resize(1024, 700)
    note = builder.exports.exported_note
    assert not note.isVisibleTo(builder)
    with qtbot.waitSignal(builder.exports.exported, timeout=60_000):
        builder.exports.export_to(tmp_path / "acme.md", ("md",))
    assert note.isVisibleTo(builder)
    builder.exports.grab().save(str(tmp_path / "export-bar.png"))
    note.open_button.click()
    assert opened == [str(tmp_path / "acme.md")]
