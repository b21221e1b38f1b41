"""The QBR builder and the batch export dialog, on a real temporary book, driven like a user."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from planner.domain.enums import ActionStatus, QbrStatus
from planner.services import accounts, actions, books, qbrs
from planner.services.books import Book
from tests.planner.test_qbr_data import HOSTILE_NAME, build_account
from tests.ui.conftest import make_context
from ui.qbr import BatchExportDialog, QbrBuilder
from ui.settings import AppSettings
from ui.undo import EditHistory


@pytest.fixture
def pool() -> QThreadPool:
    return QThreadPool()


def make_builder(
    qtbot: QtBot, book: Book, account_id: str, settings: AppSettings
) -> tuple[QbrBuilder, EditHistory]:
    ctx = make_context(book, settings)
    builder = QbrBuilder(ctx)
    qtbot.addWidget(builder)
    builder.resize(1200, 760)
    builder.set_account(accounts.get_account(book, account_id))
    builder.show()
    builder.reload_now()
    return builder, ctx.history


def titles(book: Book, qbr_id: str) -> list[str]:
    return [i.title for i in qbrs.list_agenda(book, qbr_id)]


def test_shows_the_history_and_the_planned_qbr(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    assert [q.title for q in builder.list_model.rows] == [
        "Q4 2026 Business Review",
        "Q3 2026 Business Review",
    ]
    assert builder.qbr is not None
    assert builder.qbr.id == built.qbr_id
    model = builder.agenda.model
    shown = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert shown == titles(book, built.qbr_id)
    assert model.index(0, 1).data() == "0:00\u20130:05"
    assert builder.agenda.total_label.text() == "60 of 60 minutes"
    builder.agenda.view.selectRow(0)
    assert (
        "From our team: Dana Reyes (Customer Success Manager)"
        in builder.agenda.points.toPlainText()
    )
    builder.list_view.setCurrentIndex(builder.list_model.index(1))
    assert builder.qbr.id == built.previous_qbr_id
    assert builder.heading.text() == "Q3 2026 Business Review"


def test_new_qbr_is_generated_and_undoable(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    acct = accounts.create_account(book, name="Fresh Start Ltd", owner="Sam Lee")
    builder, history = make_builder(qtbot, book, acct.id, settings)
    assert builder.empty_hint.isVisibleTo(builder)
    qtbot.mouseClick(builder.new_button, Qt.MouseButton.LeftButton)
    made = qbrs.list_qbrs(book, acct.id)
    assert len(made) == 1
    assert made[0].status is QbrStatus.PLANNED
    assert made[0].meeting_date == date(2026, 12, 7)  # two weeks on, moved off the weekend
    items = qbrs.list_agenda(book, made[0].id)
    assert sum(i.minutes for i in items) == 60
    assert items[0].section == "objectives"
    assert builder.agenda.model.rowCount() == len(items)
    history.stack.undo()
    assert qbrs.list_qbrs(book, acct.id) == []
    qtbot.waitUntil(lambda: builder.qbr is None)
    history.stack.redo()
    assert [q.id for q in qbrs.list_qbrs(book, acct.id)] == [made[0].id]
    qtbot.waitUntil(lambda: builder.agenda.model.rowCount() == len(items))


def test_drag_reorder_saves_and_undoes(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    before = titles(book, built.qbr_id)
    model = builder.agenda.model
    data = model.mimeData([model.index(0, 0), model.index(0, 2)])
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    after = titles(book, built.qbr_id)
    assert after == [*before[1:3], before[0], *before[3:]]
    qtbot.waitUntil(lambda: model.index(2, 2).data() == before[0])
    history.stack.undo()
    assert titles(book, built.qbr_id) == before
    qtbot.waitUntil(lambda: model.index(0, 2).data() == before[0])  # the view reloads
    builder.agenda.view.selectRow(1)
    qtbot.mouseClick(builder.agenda.down_button, Qt.MouseButton.LeftButton)
    assert titles(book, built.qbr_id)[2] == before[1]
    assert builder.agenda.model.index(2, 2).data() == before[1]


def test_edit_title_and_minutes_in_place(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    view = builder.agenda.view
    index = builder.agenda.model.index(1, 2)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Since September: what we promised")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(book, built.qbr_id)[1] == "Since September: what we promised")
    qtbot.waitUntil(
        lambda: builder.agenda.model.index(1, 2).data() == "Since September: what we promised"
    )

    minutes = builder.agenda.model.index(1, 3)
    view.setCurrentIndex(minutes)
    view.edit(minutes)
    spin = view.findChild(QSpinBox)
    assert spin is not None
    spin.setValue(20)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: qbrs.list_agenda(book, built.qbr_id)[1].minutes == 20)
    total = sum(i.minutes for i in qbrs.list_agenda(book, built.qbr_id))
    assert total > 60
    qtbot.waitUntil(lambda: f"{total} of 60 minutes" in builder.agenda.total_label.text())
    assert builder.agenda.model.setData(minutes, 900) is False
    assert "Minutes must be between 0 and 480" in builder.message.text()
    history.stack.undo()
    history.stack.undo()
    assert titles(book, built.qbr_id)[1] != "Since September: what we promised"
    qtbot.waitUntil(lambda: builder.agenda.total_label.text() == "60 of 60 minutes")


def test_add_remove_fit_and_undo(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    before = titles(book, built.qbr_id)
    builder.agenda.view.selectRow(0)
    qtbot.mouseClick(builder.agenda.add_button, Qt.MouseButton.LeftButton)
    after = titles(book, built.qbr_id)
    assert after == [before[0], "New item", *before[1:]]
    builder.agenda.view.selectRow(3)
    removed = titles(book, built.qbr_id)[3]
    qtbot.mouseClick(builder.agenda.remove_button, Qt.MouseButton.LeftButton)
    assert removed not in titles(book, built.qbr_id)
    history.stack.undo()
    assert titles(book, built.qbr_id) == after  # back in its place
    qtbot.mouseClick(builder.agenda.fit_button, Qt.MouseButton.LeftButton)
    assert sum(i.minutes for i in qbrs.list_agenda(book, built.qbr_id)) == 60
    history.stack.undo()
    assert sum(i.minutes for i in qbrs.list_agenda(book, built.qbr_id)) == 65
    history.stack.undo()
    assert titles(book, built.qbr_id) == before


def test_attendees_then_generate_again(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    people = builder.meeting.attendee_model
    row = next(r for r in range(people.rowCount()) if "Boris Keene" in people.index(r).data())
    assert people.setData(people.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert built.people["detractor"] in qbrs.get_qbr(book, built.qbr_id).attendee_ids
    old_ids = [i.id for i in qbrs.list_agenda(book, built.qbr_id)]
    qtbot.mouseClick(builder.agenda.generate_button, Qt.MouseButton.LeftButton)
    fresh = qbrs.list_agenda(book, built.qbr_id)
    assert [i.id for i in fresh] != old_ids
    assert "Boris Keene (IT Director)" in "\n".join(fresh[0].talking_points)
    assert sum(i.minutes for i in fresh) == 60
    history.stack.undo()
    assert [i.id for i in qbrs.list_agenda(book, built.qbr_id)] == old_ids
    history.stack.redo()
    assert [i.id for i in qbrs.list_agenda(book, built.qbr_id)] == [i.id for i in fresh]
    history.stack.undo()
    history.stack.undo()  # the attendee
    assert built.people["detractor"] not in qbrs.get_qbr(book, built.qbr_id).attendee_ids


def test_meeting_fields_are_saved(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    builder.tabs.setCurrentIndex(1)
    builder.meeting.title_edit.selectAll()
    qtbot.keyClicks(builder.meeting.title_edit, "Year-end review")
    builder.meeting.title_edit.editingFinished.emit()
    assert qbrs.get_qbr(book, built.qbr_id).title == "Year-end review"
    builder.meeting.length_spin.setValue(45)
    builder.meeting.length_spin.editingFinished.emit()
    assert qbrs.get_qbr(book, built.qbr_id).length_minutes == 45
    assert "60 of 45 minutes" in builder.agenda.total_label.text()
    builder.meeting.notes_edit.setPlainText("Ask about the budget")
    qtbot.mouseClick(builder.meeting.save_texts_button, Qt.MouseButton.LeftButton)
    assert qbrs.get_qbr(book, built.qbr_id).notes == "Ask about the budget"
    history.stack.undo()
    history.stack.undo()
    history.stack.undo()
    assert qbrs.get_qbr(book, built.qbr_id).title == "Q4 2026 Business Review"


def test_commitments_become_actions(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    builder.tabs.setCurrentIndex(2)
    qtbot.keyClicks(builder.commitments.title, "Send the rollout plan")
    owner_row = builder.commitments.owner.findText("Grace Hopper")
    assert owner_row >= 0
    builder.commitments.owner.setCurrentIndex(owner_row)
    qtbot.mouseClick(builder.commitments.add_button, Qt.MouseButton.LeftButton)
    made = qbrs.list_commitments(book, built.qbr_id)
    assert [a.title for a in made] == ["Send the rollout plan"]
    assert made[0].owner_stakeholder_id == built.people["sponsor"]
    assert made[0].due_date == date(2026, 12, 17)
    assert builder.commitments.model.index(0, 1).data() == "Grace Hopper"
    assert builder.commitments.title.text() == ""
    builder.commitments.view.selectRow(0)
    qtbot.mouseClick(builder.commitments.done_button, Qt.MouseButton.LeftButton)
    assert actions.get_action(book, made[0].id).status is ActionStatus.DONE
    history.stack.undo()
    assert actions.get_action(book, made[0].id).status is ActionStatus.OPEN
    qtbot.mouseClick(
        builder.commitments.add_button, Qt.MouseButton.LeftButton
    )  # empty: refused in words
    assert "Write what was agreed first" in builder.message.text()


def test_export_runs_off_the_gui_thread(
    qtbot: QtBot, book: Book, settings: AppSettings, tmp_path: Path
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    assert not builder.exports.internal_check.isChecked()  # the customer copy by default
    assert not builder.session.default_stem().endswith("-internal")
    builder.exports.internal_check.setChecked(True)
    assert builder.session.default_stem().endswith("2026-12-03-internal")
    with qtbot.waitSignal(builder.exports.exported, timeout=60_000) as blocker:
        job = builder.exports.export_to(tmp_path / "acme.pptx", ("pptx", "md"))
        assert job is not None
        assert not builder.exports.export_button.isEnabled()
    files = [Path(p) for p in blocker.args[0]]
    assert [f.name for f in files] == ["acme.pptx", "acme.md"]
    assert all(f.exists() for f in files)
    assert builder.exports.export_button.isEnabled()
    assert qbrs.get_qbr(book, built.qbr_id).generated_files == [str(f) for f in files]
    with qtbot.waitSignal(builder.exports.exported, timeout=60_000):
        builder.exports.export_plan_to(tmp_path / "plan.pdf")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_export_warnings_are_said_after_what_was_saved(
    qtbot: QtBot, book: Book, settings: AppSettings, tmp_path: Path
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    with qtbot.waitSignal(builder.exports.exported, timeout=60_000):
        builder.exports.export_to(tmp_path / "acme.ics", ("ics",))
    said = builder.exports.state.text()
    assert said.startswith("Saved acme.ics. ")  # no preferences yet: the invite has no organiser
    assert "The invite has no organiser" in said
    with qtbot.waitSignal(builder.exports.exported, timeout=60_000):
        builder.exports.export_to(tmp_path / "acme.pptx", ("pptx",))
    assert builder.exports.state.text() == "Saved acme.pptx"  # nothing more to say
    assert "-internal" not in builder.session.default_stem()


def test_batch_button_opens_the_dialog_on_the_chosen_copy(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    builder.exports.internal_check.setChecked(True)
    qtbot.mouseClick(builder.batch_button, Qt.MouseButton.LeftButton)
    dialog = builder.findChild(BatchExportDialog)
    assert dialog is not None
    assert dialog.internal_radio.isChecked()
    assert not dialog.customer_radio.isChecked()
    dialog.reject()
    dialog.deleteLater()
    builder.exports.internal_check.setChecked(False)
    qtbot.mouseClick(builder.batch_button, Qt.MouseButton.LeftButton)
    fresh = [d for d in builder.findChildren(BatchExportDialog) if d is not dialog]
    assert len(fresh) == 1
    assert fresh[0].customer_radio.isChecked()
    fresh[0].reject()


def test_bad_template_is_refused_in_words(
    qtbot: QtBot, book: Book, settings: AppSettings, tmp_path: Path
) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    bad = tmp_path / "logo.pptx"
    bad.write_text("not a deck", encoding="utf-8")
    builder.exports.set_template(bad)
    assert builder.session.template is None
    assert "not a PowerPoint file" in builder.message.text()


def test_hostile_names_show_literally(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book, hostile=True)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    assert builder.heading.textFormat() == Qt.TextFormat.PlainText
    builder.agenda.view.selectRow(builder.agenda.model.rowCount() - 1)
    row = builder.agenda.model.rowCount() - 1
    assert builder.agenda.model.index(row, 5).data() == f"Bring {HOSTILE_NAME}"


def test_read_only_book_cannot_be_edited(
    qtbot: QtBot, tmp_path: Path, settings: AppSettings
) -> None:
    path = tmp_path / "ro.aspbook"
    with books.create_book(path) as book:
        built = build_account(book)
    with books.open_book(path, read_only=True) as book:
        builder, _ = make_builder(qtbot, book, built.account_id, settings)
        assert not builder.agenda.generate_button.isEnabled()
        assert not builder.new_button.isEnabled()
        index = builder.agenda.model.index(0, 2)
        assert not builder.agenda.model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert builder.exports.export_button.isEnabled()


def test_batch_dialog_exports_with_progress(
    qtbot: QtBot, book: Book, pool: QThreadPool, tmp_path: Path
) -> None:
    build_account(book)
    accounts.create_account(book, name="Renewing Soon", renewal_date=date(2026, 12, 1))
    dialog = BatchExportDialog(book, pool=pool)
    qtbot.addWidget(dialog)
    dialog.days.setValue(14)
    assert dialog.due_label.text().startswith("2 accounts: Renewing Soon, Acme & Co")
    dialog.format_checks["pdf"].setChecked(False)
    dialog.format_checks["md"].setChecked(True)
    dialog.folder.setText(str(tmp_path / "batch"))
    steps: list[tuple[int, int]] = []
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=60_000):
        job = dialog.start()
        assert job is not None
        job.signals.progress.connect(lambda d, t: steps.append((d, t)))
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.batch_result is not None
    assert len(dialog.batch_result.results) == 2
    assert "Exported 2 of 2 accounts (customer copies, 4 files)" in dialog.report.toPlainText()
    assert sorted(p.suffix for p in (tmp_path / "batch").iterdir()) == [
        ".md",
        ".md",
        ".pptx",
        ".pptx",
    ]
    assert dialog.progress.value() == 2
    assert dialog.open_button.isEnabled()


def test_batch_dialog_cancel_and_missing_folder(
    qtbot: QtBot, book: Book, pool: QThreadPool, tmp_path: Path
) -> None:
    build_account(book)
    for n in range(4):
        accounts.create_account(book, name=f"Renewal {n}", renewal_date=date(2026, 12, 1 + n))
    dialog = BatchExportDialog(book, pool=pool)
    qtbot.addWidget(dialog)
    dialog.days.setValue(20)
    assert dialog.start() is None
    assert "Choose a folder" in dialog.report.toPlainText()
    dialog.folder.setText(str(tmp_path / "out"))
    job = dialog.start()
    assert job is not None
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    text = dialog.report.toPlainText()
    assert "Cancelled" in text or "cancelled" in text
    assert dialog.batch_result is None or len(dialog.batch_result.results) < 5
    assert dialog.start_button.isEnabled()


def test_asks_are_written_in_the_builder(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, history = make_builder(qtbot, book, built.account_id, settings)
    builder.tabs.setCurrentIndex(1)
    assert builder.meeting.asks_edit.toPlainText() == qbrs.get_qbr(book, built.qbr_id).asks
    builder.meeting.asks_edit.setPlainText("Approve the second wave\nName a finance lead")
    qtbot.mouseClick(builder.meeting.save_texts_button, Qt.MouseButton.LeftButton)
    assert qbrs.get_qbr(book, built.qbr_id).asks == "Approve the second wave\nName a finance lead"
    history.stack.undo()
    assert qbrs.get_qbr(book, built.qbr_id).asks.startswith("Name an executive owner")


def test_batch_dialog_names_the_accounts_left_out(
    qtbot: QtBot, book: Book, pool: QThreadPool, tmp_path: Path
) -> None:
    from planner.domain.enums import LifecycleStage

    accounts.create_account(book, name="Renewing Soon", renewal_date=date(2026, 12, 1))
    accounts.create_account(
        book,
        name="Gone Ltd",
        renewal_date=date(2026, 12, 2),
        lifecycle_stage=LifecycleStage.CHURNED,
    )
    dialog = BatchExportDialog(book, pool=pool)
    qtbot.addWidget(dialog)
    dialog.days.setValue(14)
    assert "1 left out (churned or archived)" in dialog.due_label.text()
    dialog.format_checks["pdf"].setChecked(False)
    dialog.internal_radio.setChecked(True)
    dialog.folder.setText(str(tmp_path / "batch"))
    assert dialog.start() is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    text = dialog.report.toPlainText()
    assert "Exported 1 of 1 accounts (internal copies" in text
    assert "Gone Ltd: churned: no QBR is planned" in text
    assert [p.name.endswith("-internal.pptx") for p in (tmp_path / "batch").iterdir()] == [True]
