"""Log Meeting offers a follow-up action in the same dialog, saved and undone with the entry."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from planner.domain.enums import ActionType, InteractionType
from planner.services import accounts, actions, interactions
from tests.conftest import TODAY
from ui.context import BookContext
from ui.dialogs.form import FormDialog
from ui.pages.tabs.timeline import TimelineTab
from ui.widgets.common import DateField


def test_log_a_meeting_with_a_follow_up_action(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme", owner="Dana Cole")
    tab = TimelineTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.set_account(accounts.get_account(ctx.book, acct.id))
    tab.show()
    qtbot.waitUntil(lambda: not tab.dirty)
    qtbot.mouseClick(tab.log_buttons[InteractionType.MEETING], Qt.MouseButton.LeftButton)
    dialog = tab.section.dialog
    assert isinstance(dialog, FormDialog)
    assert dialog.windowTitle() == "Log a meeting"
    check = dialog.inputs["follow_up"].widget
    assert isinstance(check, QCheckBox)
    assert check.text() == "Add a follow-up action"
    title = dialog.widget("follow_up_title")
    assert isinstance(title, QLineEdit)
    assert not title.isEnabled()  # until asked for
    qtbot.keyClicks(dialog.widget("subject"), "Renewal check-in")
    check.setChecked(True)
    assert title.isEnabled()
    due = dialog.inputs["follow_up_due"].widget
    assert isinstance(due, DateField)
    assert due.value() == TODAY + timedelta(days=7)  # a week after the meeting
    assert dialog.values()["follow_up_owner"] == "Dana Cole"  # the account's CSM
    # asked for, but not said what: the message is next to the field, nothing is written
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Say what the follow-up action is" in dialog.error_text("follow_up_title")
    assert interactions.list_interactions(ctx.book, acct.id) == []
    qtbot.keyClicks(title, "Send the pricing deck")
    due.set_value(date(2026, 12, 1))
    with qtbot.waitSignal(ctx.nav.status) as said:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert said.args == [
        "Logged Renewal check-in and its follow-up “Send the pricing deck”, due 1 Dec 2026. "
        "Undo with Ctrl+Z takes back both."
    ]
    (meeting,) = interactions.list_interactions(ctx.book, acct.id)
    (action,) = actions.list_actions(ctx.book, acct.id)
    assert (meeting.type, meeting.subject) == (InteractionType.MEETING, "Renewal check-in")
    assert (action.title, action.owner_name, action.due_date, action.type) == (
        "Send the pricing deck",
        "Dana Cole",
        date(2026, 12, 1),
        ActionType.FOLLOW_UP,
    )
    qtbot.waitUntil(lambda: tab.section.model.rowCount() == 1)
    assert tab.section.current().id == meeting.id  # the new entry is selected
    assert ctx.history.stack.count() == 1
    assert ctx.history.stack.undoText() == "Add timeline entry and its follow-up"
    ctx.history.stack.undo()
    assert interactions.list_interactions(ctx.book, acct.id) == []
    assert actions.list_actions(ctx.book, acct.id) == []


def test_log_without_a_follow_up(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    tab = TimelineTab(ctx)
    qtbot.addWidget(tab)
    tab.set_account(accounts.get_account(ctx.book, acct.id))
    tab.show()
    qtbot.waitUntil(lambda: not tab.dirty)
    dialog = tab.log(InteractionType.NOTE)
    assert dialog is not None
    qtbot.keyClicks(dialog.widget("subject"), "Budget freeze")
    qtbot.keyClicks(dialog.widget("follow_up_title"), "ignored while unticked")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(interactions.list_interactions(ctx.book, acct.id)) == 1
    assert actions.list_actions(ctx.book, acct.id) == []
    assert ctx.history.stack.undoText() == "Add timeline entry"
