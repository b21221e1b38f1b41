"""The portable-book dialogs driven like a user would, on real temporary books and files: the
lock prompt and the open flow, the read-only banner, the import wizard, export, restore and
merge. Each dialog is also grabbed to a PNG (into ``PLANNER_SHOTS`` when that is set)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from planner.services import accounts, books
from planner.services.books import Book, LockState
from tests.other_process import crash_while_holding, hold_in_other_process, release
from ui.portable import (
    DailyBackup,
    ExportDialog,
    ImportWizard,
    LockPromptDialog,
    MergeDialog,
    ReadOnlyBanner,
    RestoreDialog,
    open_book_interactively,
)
from ui.portable.open_flow import CANCEL, READ_ONLY, TAKE_OVER


def shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    """Grab ``widget`` to a PNG; fail if the picture is blank."""
    widget.repaint()
    target = Path(os.environ.get("PLANNER_SHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() > 200
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 8, f"{name} looks blank"
    return path


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        accounts.create_account(book, name="Acme", crm_id="001")
    return target


# --------------------------------------------------------------------------- open flow


def answer_with(qtbot: QtBot, tmp_path: Path, button: str, shots: list[LockState]) -> object:
    def ask(parent: QWidget | None, book_path: Path, state: LockState) -> str:
        dialog = LockPromptDialog(book_path.name, state, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        shoot(dialog, f"lock-prompt-{'stale' if state.stale else 'live'}", tmp_path)
        shots.append(state)
        qtbot.mouseClick(getattr(dialog, f"{button}_button"), Qt.MouseButton.LeftButton)
        return dialog.choice

    return ask


def test_in_use_book_opens_read_only_on_request(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    holder = hold_in_other_process(path)
    seen: list[LockState] = []
    try:
        prompt = answer_with(qtbot, tmp_path, "read_only", seen)
        book = open_book_interactively(None, path, ask=prompt)  # type: ignore[arg-type]
        assert book is not None
        assert book.read_only
        assert "as you asked" in book.read_only_reason
        book.close()
        [state] = seen
        assert not state.stale
        cancel = answer_with(qtbot, tmp_path, "cancel", [])
        assert open_book_interactively(None, path, ask=cancel) is None  # type: ignore[arg-type]
    finally:
        release(holder)


def test_prompt_says_who_and_offers_take_over_only_when_stale(qtbot: QtBot, path: Path) -> None:
    holder = hold_in_other_process(path)
    try:
        state = books.lock_state(path)
        assert state is not None
        dialog = LockPromptDialog(path.name, state)
        qtbot.addWidget(dialog)
        assert f"process {holder.pid}" in dialog.headline.text()
        assert "in use by" in dialog.headline.text()
        assert not dialog.take_over_button.isEnabled()
    finally:
        release(holder)
    crash_while_holding(path)
    state = books.lock_state(path)
    assert state is not None
    dialog = LockPromptDialog(path.name, state)
    qtbot.addWidget(dialog)
    assert dialog.take_over_button.isEnabled()
    assert "stale" in dialog.explanation.text()


def test_stale_lock_is_taken_over(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    crash_while_holding(path)
    prompt = answer_with(qtbot, tmp_path, "take_over", [])
    book = open_book_interactively(None, path, ask=prompt)  # type: ignore[arg-type]
    assert book is not None
    assert not book.read_only
    assert book.lock is not None
    accounts.create_account(book, name="Editing again")
    book.close()


def test_books_that_cannot_open_are_explained(path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.aspbook"
    bad.write_text("Dear diary", encoding="utf-8")
    shown: list[tuple[str, str]] = []
    assert open_book_interactively(None, bad, on_error=lambda t, m: shown.append((t, m))) is None
    assert shown == [
        (
            "The book could not be opened",
            "notes.aspbook is not an Account Success Planner book (it is not a "
            "database file). If it is a CSV export, use File > Import instead.",
        )
    ]
    book = open_book_interactively(None, path)
    assert book is not None
    assert book.lock is not None
    book.close()
    assert [CANCEL, READ_ONLY, TAKE_OVER] == ["cancel", "read-only", "take-over"]


def test_read_only_banner(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    with books.open_book(path, read_only=True) as ro:
        banner = ReadOnlyBanner.for_book(ro)
        qtbot.addWidget(banner)
        banner.resize(900, banner.sizeHint().height())
        banner.show()
        assert banner.isVisible()
        assert banner.message.text() == ro.read_only_reason
        assert banner.message.textFormat() == Qt.TextFormat.PlainText
        shoot(banner, "read-only-banner", tmp_path)
        with qtbot.waitSignal(banner.save_copy_requested, timeout=1000):
            qtbot.mouseClick(banner.save_copy, Qt.MouseButton.LeftButton)
    with books.open_book(path) as rw:
        banner.show_for(rw)
        assert not banner.isVisible()


def test_daily_backup_runs_off_the_gui_thread(qtbot: QtBot, path: Path) -> None:
    with books.open_book(path) as book:
        daily = DailyBackup(book, first_check_ms=0)
        with qtbot.waitSignal(daily.taken, timeout=10_000) as taken:
            pass
        daily.stop()
        assert Path(taken.args[0]).exists()
        assert books.list_backups(book)[0].reason == "daily"


# --------------------------------------------------------------------------- import wizard

CSV = (
    "Account Name,Account ID,Industry,Renewal Date,Employees,ARR\n"
    'Northwind,100,Health,03/04/2027,"2,400","480,000.00"\n'
    'Contoso,101,Logistics,05/06/2027,lots,"210,500.50"\n'
    'Fabrikam,102,Retail,,18000,"1,250,000.00"\n'
)


def test_import_wizard_end_to_end(
    qtbot: QtBot, book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "crm.csv"
    source.write_text(CSV, encoding="utf-8")
    wizard = ImportWizard(
        book, path=source, kind="accounts", on_error=lambda t, m: pytest.fail(f"{t}: {m}")
    )
    qtbot.addWidget(wizard)
    wizard.show()
    shoot(wizard, "import-1-file", tmp_path)
    assert wizard.file_page.isComplete()
    wizard.next()
    fmt = wizard.format_page
    assert fmt.encoding.currentText() == "UTF-8"
    assert fmt.delimiter.currentText() == "Comma"
    assert fmt.model.rowCount() == 3
    shoot(wizard, "import-2-format", tmp_path)
    wizard.next()
    page = wizard.mapping_page
    assert page.boxes["name"].currentData() == "column:Account Name"
    assert page.boxes["crm_id"].currentData() == "column:Account ID"
    assert page.boxes["industry"].currentData() == "column:Industry"
    page.boxes["industry"].setCurrentIndex(0)  # the user leaves Industry out
    assert "industry" not in wizard.mapping.columns  # type: ignore[union-attr]
    monkeypatch.setattr(
        "ui.portable.import_wizard.QInputDialog.getText", lambda *_a, **_k: ("CRM accounts", True)
    )
    page.save_button.click()
    from planner.services.interchange import mapping as mappings

    assert "CRM accounts" in mappings.saved_mappings(book)
    shoot(wizard, "import-3-mapping", tmp_path)
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.asking_date or check.report is not None, timeout=15_000)
    assert check.asking_date  # 03/04/2027: never guessed
    assert "03/04/2027" in check.date_question.text()
    shoot(wizard, "import-4-question", tmp_path)
    check.date_choice.setCurrentIndex(check.date_choice.findData("DD/MM/YYYY"))
    qtbot.waitUntil(lambda: check.report is not None, timeout=15_000)
    assert check.report is not None
    assert [(e.line, e.field) for e in check.report.errors] == [(3, "Employee count")]
    assert not check.isComplete()
    check.skip.setChecked(True)
    assert check.isComplete()
    shoot(wizard, "import-5-check", tmp_path)
    assert accounts.list_accounts(book) == []  # nothing written by the check
    with qtbot.waitSignal(wizard.imported, timeout=15_000) as imported:
        wizard.next()
    assert imported.args == ["accounts"]
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=15_000)
    assert "2 accounts were created" in wizard.import_page.summary.text()
    shoot(wizard, "import-6-summary", tmp_path)
    northwind = accounts.find_account(book, "100")
    assert northwind.renewal_date == date(2027, 4, 3)
    assert northwind.arr_minor == 48_000_000
    assert northwind.industry == ""


def test_import_wizard_asks_about_the_same_company_from_another_crm(
    qtbot: QtBot, book: Book, tmp_path: Path
) -> None:
    accounts.create_account(book, name="Acme Corp", crm_id="001A")
    source = tmp_path / "hubspot.csv"
    source.write_text(
        "Company name,Company ID,Industry\nAcme Corp,9001,Software\nGamma,9003,Retail\n",
        encoding="utf-8",
    )
    wizard = ImportWizard(
        book, path=source, kind="accounts", on_error=lambda t, m: pytest.fail(f"{t}: {m}")
    )
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.asking_match or check.report is not None, timeout=15_000)
    assert check.asking_match
    assert "Acme Corp" in check.match_question.text()
    assert "001A in the book" in check.match_question.text()
    assert not check.isComplete()
    shoot(wizard, "import-likely-match", tmp_path)
    check.match_choice.setCurrentIndex(check.match_choice.findData("name"))
    qtbot.waitUntil(lambda: check.report is not None, timeout=15_000)
    assert check.report is not None
    assert (check.report.created, check.report.updated) == (1, 1)
    with qtbot.waitSignal(wizard.imported, timeout=15_000):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=15_000)
    assert sorted(a.name for a in accounts.list_accounts(book)) == ["Acme Corp", "Gamma"]
    assert accounts.find_account(book, "001A").industry == "Software"


def test_import_can_be_cancelled(qtbot: QtBot, book: Book, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8") as out:
        out.write("Account Name,Account ID\n")
        for i in range(8_000):
            out.write(f"Account {i},{i}\n")
    wizard = ImportWizard(book, path=source)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=60_000)
    wizard.next()
    wizard.import_page.cancel.click()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=60_000)
    assert "cancelled" in wizard.import_page.summary.text()
    assert accounts.list_accounts(book) == []
    assert books.list_backups(book) == []


# --------------------------------------------------------------------------- export, restore


def test_export_dialog_writes_an_archive(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    with books.open_book(path) as book:
        dialog = ExportDialog(book)
        qtbot.addWidget(dialog)
        dialog.show()
        shoot(dialog, "export-csv", tmp_path)
        dialog.json.setChecked(True)
        target = tmp_path / "archive.json"
        dialog.target.setText(str(target))
        with qtbot.waitSignal(dialog.exported, timeout=10_000):
            dialog.export_button.click()
        assert "Exported" in dialog.result_label.text()
        shoot(dialog, "export-json-done", tmp_path)
    copy = tmp_path / "copy.aspbook"
    from planner.services.interchange import export

    export.import_archive(target, copy)
    with books.open_book(copy, read_only=True) as rebuilt:
        assert [a.name for a in accounts.list_accounts(rebuilt)] == ["Acme"]


def test_restore_dialog_lists_and_restores(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    with books.open_book(path, lock=True) as book:
        books.auto_backup(book, reason="daily")
        accounts.create_account(book, name="Added after the backup")
        books.auto_backup(book, reason="before-import")
        dialog = RestoreDialog(book)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.model.rowCount() == 2
        assert dialog.model.index(0, 1).data() == "Before import"
        assert dialog.restore_button.isEnabled()
        shoot(dialog, "restore", tmp_path)
        dialog.table.selectRow(1)
        chosen = dialog.selected()
        assert chosen is not None
        with qtbot.waitSignal(dialog.restored, timeout=10_000) as done:
            dialog.restore(chosen.path, "the daily backup", ask=False)
        assert done.args[0].safety_backup is not None
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
        assert dialog.model.rowCount() == 3  # the state it replaced is kept
        shoot(dialog, "restore-done", tmp_path)
        bad = tmp_path / "bad.aspbook"
        bad.write_text("nope", encoding="utf-8")
        dialog.restore(bad, "a text file", ask=False)
        assert "not an Account Success Planner book" in dialog.status.text()


def test_restoring_a_backup_of_another_book_asks_with_a_warning(
    qtbot: QtBot, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "Other.aspbook"
    with books.create_book(other) as made:
        accounts.create_account(made, name="Someone else")
    asked: list[str] = []

    def answer_no(_parent: object, _title: str, message: str, _yes: str) -> bool:
        asked.append(message)
        return False

    monkeypatch.setattr("ui.portable.restore_dialog.confirm", answer_no)
    with books.open_book(path, lock=True) as book:
        dialog = RestoreDialog(book)
        qtbot.addWidget(dialog)
        dialog.restore(other, "Other.aspbook")
        assert len(asked) == 1
        assert "backup of a different book" in asked[0]
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
        own = books.backup_now(book)
        dialog.restore(own, own.name)
        assert "different book" not in asked[1]


def test_restore_is_disabled_for_a_read_only_book(qtbot: QtBot, path: Path) -> None:
    books.auto_backup(path, reason="daily")
    with books.open_book(path, read_only=True) as ro:
        dialog = RestoreDialog(ro)
        qtbot.addWidget(dialog)
        assert not dialog.restore_button.isEnabled()
        assert "read-only" in dialog.status.text()


# --------------------------------------------------------------------------- merge


def test_merge_dialog_previews_asks_and_merges(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "At the client.aspbook"
    with books.open_book(path) as book:
        acme = accounts.find_account(book, "001")
        beta = accounts.create_account(book, name="Beta")
        books.save_copy_as(book, copy)
        accounts.update_account(book, acme.id, notes="written at the office")
    with books.open_book(copy) as theirs:
        accounts.update_account(theirs, acme.id, notes="written at the client")
        accounts.update_account(theirs, beta.id, industry="Software")
        accounts.create_account(theirs, name="Gamma")
    with books.open_book(path, lock=True) as book:
        dialog = MergeDialog(book, source=copy)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15_000)
        assert dialog.conflicts.rowCount() == 1
        assert dialog.changes.rowCount() >= 1
        assert not dialog.merge_button.isEnabled()  # a conflict is still open
        assert "written at the office" in dialog.detail.text()
        assert "written at the client" in dialog.detail.text()
        shoot(dialog, "merge-preview", tmp_path)
        dialog.take_theirs.setChecked(True)
        assert dialog.conflicts.index(0, 2).data() == "The copy"
        assert dialog.merge_button.isEnabled()
        with qtbot.waitSignal(dialog.merged, timeout=15_000) as merged:
            dialog.merge_button.click()
        assert merged.args[0].applied
        shoot(dialog, "merge-done", tmp_path)
        assert accounts.get_account(book, acme.id).notes == "written at the client"
        assert accounts.get_account(book, beta.id).industry == "Software"
        assert {a.name for a in accounts.list_accounts(book)} == {"Acme", "Beta", "Gamma"}
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15_000)
        assert "Nothing to merge" in dialog.summary.text()
        assert not dialog.merge_button.isEnabled()
