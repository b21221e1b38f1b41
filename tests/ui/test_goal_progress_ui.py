"""Work the plan where you see it: Record Progress on the goals table, the selected goal's
readings, trend and linked actions, and a current value edited in the goal's editor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from planner.domain.enums import ActionStatus
from planner.services import accounts, actions, plans
from tests.conftest import TODAY
from ui.context import BookContext
from ui.dialogs.form import FormDialog
from ui.pages.tabs.success_plan import RECORD_PROGRESS_KEYS, SuccessPlanTab
from ui.widgets.common import DateField


@pytest.fixture
def goal(ctx: BookContext) -> plans.Goal:
    acct = accounts.create_account(ctx.book, name="Acme")
    plan = plans.create_plan(ctx.book, acct.id, title="FY27 plan")
    return plans.create_goal(
        ctx.book,
        plan.id,
        title="Faster approvals",
        kpi_name="Approval time",
        unit="h",
        baseline=52,
        current=30,
        target=24,
    )


def plan_tab(qtbot: QtBot, ctx: BookContext, goal: plans.Goal) -> SuccessPlanTab:
    tab = SuccessPlanTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    account_id = plans.get_plan(ctx.book, goal.plan_id).account_id
    tab.set_account(accounts.get_account(ctx.book, account_id))
    tab.show()
    qtbot.waitUntil(lambda: not tab.dirty and tab.goals.model.rowCount() == 1)
    assert not tab.record.isEnabled()  # nothing selected yet: the detail says how
    assert not tab.goal_detail.hint.isHidden()
    tab.goals.table.select_id(goal.id)
    return tab


def type_into(qtbot: QtBot, dialog: FormDialog, key: str, text: str) -> None:
    widget = dialog.widget(key)
    if isinstance(widget, DateField):
        widget = widget.edit
    assert isinstance(widget, QLineEdit | QPlainTextEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_record_progress_from_the_goals_table(
    qtbot: QtBot, ctx: BookContext, goal: plans.Goal
) -> None:
    tab = plan_tab(qtbot, ctx, goal)
    # the selected goal's readings show under the table
    assert tab.goals.current().id == goal.id
    assert tab.goal_detail.readings_model.rowCount() == 0
    assert "No readings yet" in tab.goal_detail.summary.text()
    assert tab.record.isEnabled()
    qtbot.mouseClick(tab.record, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, FormDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Record progress: “Faster approvals”"
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(t.startswith("Baseline 52 h, now 30 h, target 24 h.") for t in shown)
    date_field = dialog.inputs["measured_on"].widget
    assert isinstance(date_field, DateField)
    assert date_field.value() == TODAY  # the book clock's today
    # not a number, then no number, then a day after today: each said next to its field
    type_into(qtbot, dialog, "value", "about 20")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "must be a number" in dialog.error_text("value")
    type_into(qtbot, dialog, "value", "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Type the value you measured" in dialog.error_text("value")
    type_into(qtbot, dialog, "value", "27.5")
    type_into(qtbot, dialog, "measured_on", (TODAY + timedelta(days=1)).isoformat())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be dated after today" in dialog.error_text("measured_on")
    assert plans.list_goal_progress(ctx.book, goal.id) == []
    type_into(qtbot, dialog, "measured_on", "2026-11-02")
    type_into(qtbot, dialog, "note", "From the approvals report")
    with qtbot.waitSignal(ctx.nav.status) as said:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert said.args == ["Recorded 27.5 h for Faster approvals on 2 Nov 2026. Undo with Ctrl+Z."]
    assert plans.get_goal(ctx.book, goal.id).current == 27.5
    # the tab reloads: the reading, the trend and the goal's new progress
    qtbot.waitUntil(lambda: tab.goal_detail.readings_model.rowCount() == 1)
    reading = tab.goal_detail.readings_model.rows[0]
    assert (reading.measured_on, reading.value, reading.note) == (
        date(2026, 11, 2),
        27.5,
        "From the approvals report",
    )
    assert "the newest 27.5 h on 2 Nov 2026" in tab.goal_detail.summary.text()
    trend = tab.goal_detail.trend
    assert [r.value for r in trend.canvas.data.readings] == [27.5]
    assert tab.goals.current().current == 27.5
    # one undo step takes back the reading and the current value
    assert ctx.history.stack.count() == 1
    ctx.history.stack.undo()
    assert plans.get_goal(ctx.book, goal.id).current == 30
    qtbot.waitUntil(lambda: tab.goal_detail.readings_model.rowCount() == 0)
    ctx.history.stack.redo()
    assert plans.get_goal(ctx.book, goal.id).current == 27.5
    assert [m.id for m in plans.list_goal_progress(ctx.book, goal.id)] == [reading.id]


def test_record_progress_by_shortcut_and_context_menu(
    qtbot: QtBot, ctx: BookContext, goal: plans.Goal
) -> None:
    tab = plan_tab(qtbot, ctx, goal)
    menu = [a.text() for a in tab.goals.table.actions()]
    assert menu == ["Record Progress…", "Edit Goal…", "Add Action for This Goal…"]
    assert tab.goals.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert tab.record_action.shortcut().toString() == RECORD_PROGRESS_KEYS
    tab.goals.table.setFocus()
    qtbot.waitUntil(tab.goals.table.hasFocus)
    qtbot.keyClick(
        tab.goals.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    assert tab.dialog is not None
    assert tab.dialog.windowTitle().startswith("Record progress")
    tab.dialog.reject()
    tab.goals.table.clearSelection()
    assert not tab.record.isEnabled()
    assert tab.record_progress() is None  # no goal selected: nothing to record on
    assert "Select a goal" in tab.goal_detail.hint.text()
    assert not tab.goal_detail.hint.isHidden()


def test_a_current_value_edited_in_the_goal_editor_is_kept_as_a_reading(
    qtbot: QtBot, ctx: BookContext, goal: plans.Goal
) -> None:
    tab = plan_tab(qtbot, ctx, goal)
    dialog = tab.goals.edit_selected()
    assert dialog is not None
    type_into(qtbot, dialog, "current", "26")
    type_into(qtbot, dialog, "kpi_name", "Median approval time")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    after = plans.get_goal(ctx.book, goal.id)
    assert (after.current, after.kpi_name) == (26, "Median approval time")
    history = plans.list_goal_progress(ctx.book, goal.id)
    assert [(h.measured_on, h.value, h.note) for h in history] == [
        (TODAY, 26.0, "Changed in the goal's editor")
    ]
    ctx.history.stack.undo()  # one step: the edit and the reading
    before = plans.get_goal(ctx.book, goal.id)
    assert (before.current, before.kpi_name) == (30, "Approval time")
    assert plans.list_goal_progress(ctx.book, goal.id) == []


def test_actions_linked_to_a_goal_are_listed_under_it(
    qtbot: QtBot, ctx: BookContext, goal: plans.Goal
) -> None:
    account_id = plans.get_plan(ctx.book, goal.plan_id).account_id
    actions.create_action(ctx.book, account_id, title="Unlinked")
    actions.create_action(
        ctx.book, account_id, title="Old kick-off", goal_id=goal.id, status=ActionStatus.DONE
    )
    tab = plan_tab(qtbot, ctx, goal)
    detail = tab.goal_detail
    assert [a.title for a in detail.actions_model.rows] == ["Old kick-off"]
    assert detail.actions_count.text() == "0 open of 1"
    dialog = tab.add_goal_action()
    assert dialog is not None
    assert dialog.values()["goal_id"] == goal.id  # the new action is for this goal
    type_into(qtbot, dialog, "title", "Train the approvers")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: detail.actions_model.rowCount() == 2)
    assert [a.title for a in detail.actions_model.rows] == ["Train the approvers", "Old kick-off"]
    assert detail.actions_count.text() == "1 open of 2"
    # activating a linked action opens it for editing
    detail.linked.activated.emit(detail.linked.model().index(0, 0))
    assert tab.dialog is not None
    assert tab.dialog.windowTitle() == "Edit action"
    tab.dialog.reject()
