"""The goal editor's "Value per unit": typed in the account's currency, stored in minor units,
checked in words, and what the QBR's value slide turns progress into."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from planner.services import accounts, plans
from ui.context import BookContext
from ui.dialogs.editors import goal_dialog


def test_value_per_unit_is_typed_as_money_and_checked(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme", currency="EUR")
    plan = plans.create_plan(ctx.book, acct.id, title="FY27 plan")
    goal = plans.create_goal(
        ctx.book,
        plan.id,
        title="Faster approvals",
        kpi_name="Approval time",
        unit="h",
        baseline=52,
        current=30,
        target=24,
    )
    dialog = goal_dialog(ctx, acct.id, plan.id, plans.get_goal(ctx.book, goal.id), None)
    qtbot.addWidget(dialog)
    field = dialog.widget("value_per_unit_minor")
    assert isinstance(field, QLineEdit)
    assert field.text() == ""
    qtbot.keyClicks(field, "lots")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Value per unit" in dialog.error_text("value_per_unit_minor")
    assert plans.get_goal(ctx.book, goal.id).value_per_unit_minor is None
    field.clear()
    qtbot.keyClicks(field, "-5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be negative" in dialog.error_text("value_per_unit_minor")
    field.clear()
    qtbot.keyClicks(field, "2,050.50")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert plans.get_goal(ctx.book, goal.id).value_per_unit_minor == 205_050  # euro cents
    ctx.history.stack.undo()
    assert plans.get_goal(ctx.book, goal.id).value_per_unit_minor is None


def test_value_per_unit_is_explained_in_plain_words(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    plan = plans.create_plan(ctx.book, acct.id, title="FY27 plan")
    dialog = goal_dialog(ctx, acct.id, plan.id, None, None)
    qtbot.addWidget(dialog)
    field = dialog.widget("value_per_unit_minor")
    tip = field.toolTip()
    assert "what one unit of the kpi is worth" in tip.casefold()
    assert "one hour = 68" in tip
    assert "per-week and per-month measures" in tip
    assert "counted over a year" in tip
    shown = [w.text() for w in dialog.findChildren(QLabel)]
    assert tip in shown  # also written under the field, not only on hover
