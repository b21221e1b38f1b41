"""Dropping invites and e-mails on an account's Timeline and on the main window: real drop
events with file URLs, the confirm dialog driven like a user, undo."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from planner.domain.enums import InteractionType, Side
from planner.services import accounts, books, interactions, stakeholders
from planner.services.capture.person import preferences_file
from tests.conftest import FIXTURES
from tests.ui.conftest import make_window
from tests.ui.test_workspace import make_workspace
from ui.context import BookContext
from ui.dialogs.capture import CaptureDialog
from ui.pages.tabs.timeline import TimelineTab
from ui.settings import AppSettings

SAMPLES = FIXTURES / "capture"
ME = "tom.baker@beacon.example"


@pytest.fixture(autouse=True)
def prefs() -> None:
    path = preferences_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"name": "Tom Baker", "email": ME, "timezone": "America/New_York"}), "utf-8"
    )


def people(ctx: BookContext) -> tuple[accounts.Account, accounts.Account]:
    acme = accounts.create_account(ctx.book, name="Acme Analytics")
    globex = accounts.create_account(ctx.book, name="Globex Foods")
    stakeholders.create_stakeholder(
        ctx.book, acme.id, name="Jane Doe", email="jane.doe@acme-analytics.com"
    )
    stakeholders.create_stakeholder(
        ctx.book, acme.id, name="Raj Patel", email="raj.patel@acme-analytics.com"
    )
    stakeholders.create_stakeholder(
        ctx.book, globex.id, name="Maria Garcia", email="maria.garcia@globex.example"
    )
    for account in (acme, globex):
        stakeholders.create_stakeholder(
            ctx.book, account.id, name="Tom Baker", email=ME, side=Side.INTERNAL
        )
    return acme, globex


def mime_of(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_and_drop(widget: QWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Send a drag-enter and a drop to ``widget``; return whether each was accepted."""
    where = QPointF(widget.rect().center())
    enter = QDragEnterEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def opened_dialog(qtbot: QtBot, holder: object) -> CaptureDialog:
    dialog = holder.drops.dialog if hasattr(holder, "drops") else holder.file_drops.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, CaptureDialog)
    if dialog.plan is None:
        with qtbot.waitSignal(dialog.ready, timeout=10_000):
            pass
    return dialog


def timeline_tab(qtbot: QtBot, ctx: BookContext, account_id: str) -> TimelineTab:
    """The account's Timeline tab, shown in its workspace (kept alive by the tab's parent)."""
    page = make_workspace(qtbot, ctx, account_id)
    tab = page.select_tab("timeline")
    assert isinstance(tab, TimelineTab)
    qtbot.waitUntil(lambda: not tab._dirty, timeout=3000)
    KEEP.append(page)
    return tab


KEEP: list[QWidget] = []
"""Workspaces of the running test (qtbot closes them; this keeps Python from freeing them)."""


@pytest.fixture(autouse=True)
def _release_pages() -> Iterator[None]:
    yield
    KEEP.clear()


def test_drop_on_the_timeline_logs_on_that_account(
    qtbot: QtBot, ctx: BookContext, tmp_path: Path
) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    files = [SAMPLES / "gmail_reply.eml", SAMPLES / "apple_calendar_export.ics"]
    assert drag_and_drop(tab, mime_of(*files)) == (True, True)
    dialog = opened_dialog(qtbot, tab)
    assert dialog.windowTitle() == "Log on the Timeline"
    assert dialog.title.text() == "Log 2 files on the timeline of Acme Analytics"
    rows = dialog.model.rows
    assert [r.captured.subject for r in rows] == [
        "Data model workshop (onsite)",
        "Re: Finance dashboards \u2013 next steps",
        "Acme go-live day",
    ]
    assert {r.account_name for r in rows} == {"Acme Analytics"}
    # the unknown customers are offered, ticked, and already counted as attendees
    listed = [dialog.people_model.index(i, 0).data() for i in range(dialog.people_model.rowCount())]
    dot = "  \u00b7  "
    assert listed == [
        f"J\u00fcrgen M\u00fcller <juergen.mueller@acme-analytics.com>{dot}customer{dot}Acme"
        " Analytics",
        f"Li Wei <li.wei@acme-analytics.com>{dot}customer{dot}Acme Analytics",
    ]
    assert dialog.people.isVisible()
    assert "Li Wei" in rows[1].attendees
    # untick Jürgen: he is not added and not an attendee
    index = dialog.people_model.index(0, 0)
    dialog.people_model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert "J\u00fcrgen M\u00fcller" not in dialog.model.rows[0].attendees
    assert dialog.log_button.text() == "Log 3 Items"
    dialog.grab().save(str(tmp_path / "capture-dialog.png"))

    with qtbot.waitSignal(dialog.logged, timeout=5000):
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.section.model.rowCount() == 3, timeout=3000)
    logged = interactions.list_interactions(ctx.book, acme.id)
    assert {i.type for i in logged} == {InteractionType.MEETING, InteractionType.EMAIL}
    names = {s.name for s in stakeholders.list_stakeholders(ctx.book, acme.id)}
    assert "Li Wei" in names
    assert "J\u00fcrgen M\u00fcller" not in names

    # one step of the undo history takes all of it back, and redo puts it back
    assert ctx.history.stack.undoText() == "Log 3 items on the timeline"
    ctx.history.stack.undo()
    assert interactions.list_interactions(ctx.book, acme.id) == []
    assert "Li Wei" not in {s.name for s in stakeholders.list_stakeholders(ctx.book, acme.id)}
    ctx.history.stack.redo()
    assert len(interactions.list_interactions(ctx.book, acme.id)) == 3


def test_dropping_the_same_file_again_changes_nothing(qtbot: QtBot, ctx: BookContext) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    drag_and_drop(tab, mime_of(SAMPLES / "google_calendar_invite.ics"))
    dialog = opened_dialog(qtbot, tab)
    dialog.people_model.setData(
        dialog.people_model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    with qtbot.waitSignal(dialog.logged, timeout=5000):
        dialog.log_button.click()
    drag_and_drop(tab, mime_of(SAMPLES / "google_calendar_invite.ics"))
    again = opened_dialog(qtbot, tab)
    assert again is not dialog
    assert [r.outcome for r in again.model.rows] == ["unchanged"]
    assert again.status.text() == "Everything in these files is on the timeline already, unchanged."
    assert not again.log_button.isEnabled()
    again.reject()


def test_files_that_cannot_be_read_are_explained(
    qtbot: QtBot, ctx: BookContext, tmp_path: Path
) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    msg = tmp_path / "Renewal.msg"
    msg.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    script = tmp_path / "evil.eml"
    script.write_bytes(
        b"From: Jane <jane.doe@acme-analytics.com>\r\nTo: tom.baker@beacon.example\r\n"
        b"Subject: <script>alert(1)</script>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
        b"Content-Type: text/html\r\n\r\n<p>Hi</p><script>alert('x')</script>"
    )
    drag_and_drop(tab, mime_of(msg, script))
    dialog = opened_dialog(qtbot, tab)
    assert "Renewal.msg is an Outlook message (.msg)" in dialog.problem_label.text()
    assert "Download as EML" in dialog.problem_label.text()
    assert dialog.problem_label.textFormat() == Qt.TextFormat.PlainText
    (row,) = dialog.model.rows
    assert row.captured.subject == "<script>alert(1)</script>"  # kept as text, shown as text
    assert row.captured.summary == "Hi"
    with qtbot.waitSignal(dialog.logged, timeout=5000):
        dialog.log_button.click()
    assert [i.subject for i in interactions.list_interactions(ctx.book, acme.id)] == [
        "<script>alert(1)</script>"
    ]


def test_other_drops_are_refused(qtbot: QtBot, ctx: BookContext, tmp_path: Path) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert drag_and_drop(tab, mime_of(notes)) == (False, False)
    text = QMimeData()
    text.setText("just text")
    assert drag_and_drop(tab, text) == (False, False)
    assert tab.drops.dialog is None


def test_drop_on_the_main_window_asks_which_account(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    window = make_window(qtbot, settings)
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None
    acme, globex = people(ctx)
    stakeholders.create_stakeholder(
        ctx.book, acme.id, name="Maria (Acme too)", email="maria.garcia@globex.example"
    )
    reply = tmp_path / "reply.eml"
    shutil.copyfile(SAMPLES / "outlook_reply.eml", reply)
    files = [reply, SAMPLES / "gmail_reply.eml"]
    assert drag_and_drop(window, mime_of(*files)) == (True, True)
    dialog = opened_dialog(qtbot, window)
    assert dialog.title.text() == "Log 2 files on the timeline"
    by_subject = {r.captured.subject: r for r in dialog.model.rows}
    assert by_subject["RE: Renewal proposal - revised pricing"].outcome == "problem"
    assert by_subject["Re: Finance dashboards \u2013 next steps"].account_name == "Acme Analytics"
    assert dialog.choose_label.isVisible()
    (combo,) = dialog.choices.values()
    assert [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)][:3] == [
        "Choose the account\u2026 (else it is not logged)",
        "Acme Analytics (maria.garcia@globex.example)",
        "Globex Foods (maria.garcia@globex.example)",
    ]
    assert dialog.log_button.text() == "Log 1 Item"
    dialog.grab().save(str(tmp_path / "capture-ask.png"))
    combo.setCurrentIndex(combo.findData(globex.id))
    assert {r.captured.subject: r.account_name for r in dialog.model.rows}[
        "RE: Renewal proposal - revised pricing"
    ] == "Globex Foods"
    assert dialog.log_button.text() == "Log 2 Items"
    with qtbot.waitSignal(dialog.logged, timeout=5000):
        dialog.log_button.click()
    assert [i.subject for i in interactions.list_interactions(ctx.book, globex.id)] == [
        "RE: Renewal proposal - revised pricing"
    ]
    assert "Logged on the timeline: 2 new" in window.statusBar().currentMessage()


def test_read_only_book_refuses_drops(qtbot: QtBot, demo_path: Path, settings: AppSettings) -> None:
    from tests.ui.conftest import make_context

    book = books.open_book(demo_path, read_only=True)
    ctx = make_context(book, settings)
    try:
        account = accounts.list_accounts(book)[0]
        tab = timeline_tab(qtbot, ctx, account.id)
        assert drag_and_drop(tab, mime_of(SAMPLES / "gmail_reply.eml")) == (False, False)
        assert not tab.files_button.isEnabled()
    finally:
        ctx.wait_for_jobs()
        book.close()


def test_log_from_files_button(
    qtbot: QtBot, ctx: BookContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    chosen = [str(SAMPLES / "thunderbird_message.eml")]
    monkeypatch.setattr(
        "ui.pages.tabs.timeline.QFileDialog.getOpenFileNames", lambda *_a, **_k: (chosen, "")
    )
    dialog = tab.choose_files()
    assert dialog is not None
    with qtbot.waitSignal(dialog.ready, timeout=10_000):
        pass
    assert [r.captured.subject for r in dialog.model.rows] == [
        "Workshop-Notizen und n\u00e4chste Schritte"
    ]
    dialog.reject()


def test_closing_before_the_files_are_read(qtbot: QtBot, ctx: BookContext) -> None:
    acme, _ = people(ctx)
    tab = timeline_tab(qtbot, ctx, acme.id)
    drag_and_drop(tab, mime_of(SAMPLES / "outlook_reply.eml"))
    dialog = tab.drops.dialog
    assert dialog is not None
    dialog.reject()
    ctx.pool.waitForDone(10_000)
    QApplication.processEvents()  # the finished read arrives after the dialog closed
    assert interactions.list_interactions(ctx.book, acme.id) == []
