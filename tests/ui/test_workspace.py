"""The account workspace and its tabs, on real temporary books, driven like a user."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from planner.domain.enums import ActionStatus, InteractionType, StakeholderRole
from planner.services import (
    accounts,
    actions,
    health,
    interactions,
    plans,
    portfolio,
    qbrs,
    stakeholders,
)
from tests.conftest import TODAY
from ui.context import BookContext
from ui.health.panel import AccountHealthPanel
from ui.models.table import PROGRESS_ROLE
from ui.pages.tabs.actions import ActionsTab
from ui.pages.tabs.stakeholders import StakeholdersTab
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.pages.tabs.timeline import TimelineTab
from ui.pages.workspace import AccountWorkspace
from ui.pages.workspace_tabs import workspace_tabs
from ui.qbr.builder import QbrBuilder


def make_workspace(qtbot: QtBot, ctx: BookContext, account_id: str) -> AccountWorkspace:
    page = AccountWorkspace(ctx, workspace_tabs())
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    assert page.show_account(account_id)
    return page


def rich_account(ctx: BookContext) -> str:
    rows = portfolio.portfolio(ctx.book, today=TODAY)
    rich = [r for r in rows if r.goals_total >= 3 and r.open_actions >= 2]
    return max(rich, key=lambda r: r.arr_minor).id


def test_open_each_tab_of_a_demo_account(qtbot: QtBot, demo_ctx: BookContext) -> None:
    aid = rich_account(demo_ctx)
    page = make_workspace(qtbot, demo_ctx, aid)
    account = accounts.get_account(demo_ctx.book, aid)
    assert page.header.name.text().startswith(account.name)
    assert page.header.health.text().startswith("Health ")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Overview",
        "Health",
        "Success Plan",
        "Stakeholders",
        "Use Cases",
        "Actions",
        "Timeline",
        "Voice of Customer",
        "Expansion",
        "QBRs",
    ]
    for spec in page.specs:
        tab = page.select_tab(spec.key)
        qtbot.waitUntil(lambda t=tab: not t._dirty and t.isVisible(), timeout=3000)
        assert tab.account is not None
        assert tab.account.id == aid
    o = page.tab_pages["overview"]
    assert o.fields["tier"].text() == account.tier.label  # type: ignore[attr-defined]
    assert o.stage_model.rowCount() >= 1  # type: ignore[attr-defined]
    plan_tab = page.tab_pages["plan"]
    assert isinstance(plan_tab, SuccessPlanTab)
    assert plan_tab.goals.model.rowCount() == len(plans.list_goals(demo_ctx.book, plan_tab.plan.id))  # type: ignore[union-attr]
    people = page.tab_pages["stakeholders"]
    assert isinstance(people, StakeholdersTab)
    assert people.people.model.rowCount() == len(stakeholders.list_stakeholders(demo_ctx.book, aid))
    assert people.org_model.rowCount() >= 1
    timeline = page.tab_pages["timeline"]
    assert isinstance(timeline, TimelineTab)
    dates = [
        timeline.section.table.proxy.row_at(r).occurred_on
        for r in range(timeline.section.table.proxy.rowCount())
    ]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert page.tab_pages["expansion"].events.model.rowCount() >= 1  # type: ignore[attr-defined]
    # The embedded health panel, QBR builder and charts show this account's data.
    health_tab = page.tab_pages["health"]
    assert isinstance(health_tab, AccountHealthPanel)
    snapshot = health.latest_snapshot(demo_ctx.book, aid)
    assert snapshot is not None
    assert health_tab.account_id == aid
    assert health_tab.score_label.text() == f"{snapshot.score:.1f}"
    qbr_tab = page.tab_pages["qbr"]
    assert isinstance(qbr_tab, QbrBuilder)
    assert qbr_tab.list_model.rowCount() == len(qbrs.list_qbrs(demo_ctx.book, aid))
    overview_charts = page.tab_pages["overview"]._panels
    assert [type(c).__name__ for c in overview_charts] == ["HealthTrendChart", "ArrHistoryChart"]
    assert all(c.account_id == aid for c in overview_charts)  # type: ignore[attr-defined]


def test_edit_a_goal_and_see_the_progress_bar_move(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    plan = plans.create_plan(ctx.book, acct.id, title="FY27 plan")
    goal = plans.create_goal(
        ctx.book, plan.id, title="Adoption", baseline=20, current=30, target=80, unit="%"
    )
    page = make_workspace(qtbot, ctx, acct.id)
    tab = page.select_tab("plan")
    assert isinstance(tab, SuccessPlanTab)
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 1, timeout=3000)
    progress_col = next(i for i, c in enumerate(tab.goals.model.columns) if c.title == "Progress")

    def bar() -> float:
        return tab.goals.table.proxy.index(0, progress_col).data(PROGRESS_ROLE)

    assert abs(bar() - 1 / 6) < 1e-9
    tab.goals.table.selectRow(0)
    dialog = tab.goals.edit_selected()
    assert dialog is not None
    current = dialog.widget("current")
    assert isinstance(current, QLineEdit)
    current.clear()
    qtbot.keyClicks(current, "fifty")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("current") == "Current value must be a number, like 20 or 12.5."
    current.clear()
    qtbot.keyClicks(current, "50")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: abs(bar() - 0.5) < 1e-9, timeout=3000)
    assert plans.get_goal(ctx.book, goal.id).current == 50

    # Undo puts the old value back (and the bar), redo brings the edit again.
    ctx.history.stack.undo()
    qtbot.waitUntil(lambda: abs(bar() - 1 / 6) < 1e-9, timeout=3000)
    assert plans.get_goal(ctx.book, goal.id).current == 30
    ctx.history.stack.redo()
    qtbot.waitUntil(lambda: abs(bar() - 0.5) < 1e-9, timeout=3000)


def test_undo_and_redo_a_delete(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    plan = plans.create_plan(ctx.book, acct.id, title="Plan")
    goal = plans.create_goal(ctx.book, plan.id, title="Keep me")
    step = actions.create_action(ctx.book, acct.id, title="Linked", goal_id=goal.id)
    page = make_workspace(qtbot, ctx, acct.id)
    tab = page.select_tab("plan")
    assert isinstance(tab, SuccessPlanTab)
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 1, timeout=3000)
    tab.goals.table.selectRow(0)
    assert page.delete_selected()
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 0, timeout=3000)
    assert plans.list_goals(ctx.book, plan.id) == []
    assert actions.get_action(ctx.book, step.id).goal_id is None
    ctx.history.stack.undo()
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 1, timeout=3000)
    assert plans.get_goal(ctx.book, goal.id).title == "Keep me"
    assert actions.get_action(ctx.book, step.id).goal_id == goal.id  # the link is back too
    ctx.history.stack.redo()
    qtbot.waitUntil(lambda: tab.goals.model.rowCount() == 0, timeout=3000)


def test_actions_quick_add_mark_done_snooze_and_filter(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    late = actions.create_action(
        ctx.book, acct.id, title="Late one", due_date=TODAY - timedelta(days=2)
    )
    page = make_workspace(qtbot, ctx, acct.id)
    tab = page.select_tab("actions")
    assert isinstance(tab, ActionsTab)
    qtbot.waitUntil(lambda: tab.section.model.rowCount() == 1, timeout=3000)
    model = tab.section.model
    bg = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg is not None  # overdue rows are highlighted
    assert "2 d late" in model.index(0, 1).data()

    qtbot.mouseClick(tab.quick_add, Qt.MouseButton.LeftButton)
    assert tab.quick_error.text() == "Type what needs doing first."
    qtbot.keyClicks(tab.quick, "Send the renewal proposal")
    qtbot.keyClick(tab.quick, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=3000)
    added = next(a for a in actions.list_actions(ctx.book, acct.id) if a.title.startswith("Send"))
    assert added.due_date == TODAY + timedelta(days=7)
    assert tab.quick.text() == ""

    tab.section.table.select_id(late.id)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    assert actions.get_action(ctx.book, late.id).status is ActionStatus.DONE
    qtbot.waitUntil(lambda: tab.section.table.proxy.rowCount() == 1, timeout=3000)  # open only
    tab.status_filter.setCurrentIndex(tab.status_filter.findText("All actions"))
    assert tab.section.table.proxy.rowCount() == 2
    tab.section.table.select_id(added.id)
    tab.snooze_selected(3)
    assert actions.get_action(ctx.book, added.id).snoozed_until == TODAY + timedelta(days=3)
    ctx.history.stack.undo()
    assert actions.get_action(ctx.book, added.id).snoozed_until is None
    ctx.history.stack.undo()
    assert actions.get_action(ctx.book, late.id).status is ActionStatus.OPEN


def test_log_a_meeting_with_attendees_and_sentiment(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    ada = stakeholders.create_stakeholder(
        ctx.book, acct.id, name="Ada", role=StakeholderRole.CHAMPION
    )
    stakeholders.create_stakeholder(ctx.book, acct.id, name="Bo")
    page = make_workspace(qtbot, ctx, acct.id)
    tab = page.select_tab("timeline")
    assert isinstance(tab, TimelineTab)
    dialog = tab.log(InteractionType.MEETING)
    assert dialog is not None
    qtbot.keyClicks(dialog.widget("subject"), "Quarterly check-in")
    checks = dialog.inputs["attendees"].checks
    checks.setData(checks.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    sentiment = dialog.inputs["sentiment"].widget
    sentiment.setCurrentIndex(sentiment.findText("Positive (+1)"))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.section.model.rowCount() == 1, timeout=3000)
    (item,) = interactions.list_interactions(ctx.book, acct.id)
    assert item.type is InteractionType.MEETING
    assert item.attendee_ids == (ada.id,)
    assert item.sentiment == 1
    assert stakeholders.get_stakeholder(ctx.book, ada.id).last_contact == TODAY
    tab.section.table.selectRow(0)
    assert "With Ada" in tab.reader.toPlainText()


def test_read_only_book_disables_editing(qtbot: QtBot, demo_path: object, settings: object) -> None:
    from planner.services import books
    from tests.ui.conftest import make_context

    book = books.open_book(demo_path, read_only=True)  # type: ignore[arg-type]
    try:
        ctx = make_context(book, settings)  # type: ignore[arg-type]
        page = make_workspace(qtbot, ctx, rich_account(ctx))
        assert not page.header.edit.isEnabled()
        tab = page.select_tab("actions")
        assert isinstance(tab, ActionsTab)
        qtbot.waitUntil(lambda: tab.section.model.rowCount() > 0, timeout=3000)
        assert not tab.quick.isEnabled()
        assert not tab.section.add_button.isEnabled()
        tab.section.table.selectRow(0)
        assert not tab.section.delete_button.isEnabled()
        assert tab.section.edit_button.text() == "View…"
        dialog = tab.section.edit_selected()
        assert dialog is not None
        assert not hasattr(dialog, "save_button")
        dialog.reject()
        ctx.wait_for_jobs()
    finally:
        book.close()


def test_editing_arr_is_one_undoable_revenue_event(qtbot: QtBot, ctx: BookContext) -> None:
    """Undoing an ARR edit removes the revenue event it recorded (no compensating event)."""
    from planner.domain.enums import RevenueKind
    from planner.services import revenue

    acct = accounts.create_account(ctx.book, name="Acme", arr_minor=10_000_000)
    page = make_workspace(qtbot, ctx, acct.id)
    dialog = page.edit_account()
    assert dialog is not None
    arr = dialog.widget("arr_minor")
    assert isinstance(arr, QLineEdit)
    arr.clear()
    qtbot.keyClicks(arr, "125000")
    owner = dialog.widget("owner")
    assert isinstance(owner, QLineEdit)
    qtbot.keyClicks(owner, "Priya")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    events = revenue.list_events(ctx.book, acct.id)
    assert [(e.kind, e.arr_delta_minor) for e in events] == [
        (RevenueKind.NEW, 10_000_000),
        (RevenueKind.EXPANSION, 2_500_000),
    ]
    assert accounts.get_account(ctx.book, acct.id).owner == "Priya"
    assert ctx.history.stack.count() == 1  # one undo step for the whole dialog
    ctx.history.stack.undo()
    assert [e.kind for e in revenue.list_events(ctx.book, acct.id)] == [RevenueKind.NEW]
    reverted = accounts.get_account(ctx.book, acct.id)
    assert (reverted.arr_minor, reverted.owner) == (10_000_000, "")
    ctx.history.stack.redo()
    assert accounts.get_account(ctx.book, acct.id).arr_minor == 12_500_000
    assert len(revenue.list_events(ctx.book, acct.id)) == 2
