"""Working the book in the app, on real temporary books, driven like a user: search and open a
hit, act on an attention item (open, snooze, dismiss, undo), start a plan from a template and
save one, override a forecast, and find all of it in the main window."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from planner.domain.enums import ForecastCategory
from planner.services import (
    accounts,
    actions,
    attention,
    books,
    forecast,
    interactions,
    plan_templates,
    plans,
)
from planner.services.books import Book
from tests.conftest import TODAY
from tests.ui.conftest import make_window, wait_loaded
from ui.context import BookContext
from ui.pages.portfolio import PortfolioPage
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.settings import AppSettings
from ui.workbook.attention import AttentionPage
from ui.workbook.common import HTML_ROLE
from ui.workbook.forecast import ForecastPage, ForecastPanel
from ui.workbook.search import SearchDialog
from ui.workbook.templates import NewPlanDialog, TemplatesDialog


def fill(book: Book) -> accounts.Account:
    acme = accounts.create_account(
        book, name="Müller <b>Logistik</b>", renewal_date=date(2027, 6, 1), arr_minor=90_000_00
    )
    interactions.create_interaction(
        book,
        acme.id,
        occurred_on=TODAY - timedelta(days=3),
        subject="Escalation review",
        summary="The <script>alert(1)</script> integration credentials are missing",
    )
    actions.create_action(book, acme.id, title="Send pricing", due_date=TODAY - timedelta(days=4))
    return acme


# ------------------------------------------------------------------ search


def make_search(qtbot: QtBot, ctx: BookContext) -> SearchDialog:
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.start()
    return dialog


def test_search_as_you_type_highlights_safely_and_opens_with_enter(
    qtbot: QtBot, ctx: BookContext
) -> None:
    acme = fill(ctx.book)
    dialog = make_search(qtbot, ctx)
    with qtbot.waitSignal(dialog.results_shown, timeout=10_000) as shown:
        qtbot.keyClicks(dialog.box, "credent")
    results = shown.args[0]
    assert [h.kind.key for h in results.hits] == ["interaction"]
    hit_row = next(i for i, line in enumerate(dialog.model.lines) if line.hit is not None)
    html = dialog.model.index(hit_row).data(HTML_ROLE)
    assert "<b class='m'>credentials</b>" in html
    assert "&lt;script&gt;" in html  # the user's text is escaped, never markup
    assert "<script>" not in html
    assert "&lt;b&gt;Logistik&lt;/b&gt;" in html
    header = dialog.model.index(0).data()
    assert header == "Interactions (1)"
    with qtbot.waitSignal(ctx.nav.open_account, timeout=5_000) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == [acme.id, "timeline"]
    assert not dialog.isVisible()


def test_search_accents_kinds_and_hostile_input(qtbot: QtBot, ctx: BookContext) -> None:
    fill(ctx.book)
    dialog = make_search(qtbot, ctx)
    for typed, expected in (
        ("muller", ["account"]),
        ('NEAR("', []),
        ('"', []),
        ("*", []),
        ("escal", ["interaction"]),
    ):
        dialog.box.setText(typed)
        with qtbot.waitSignal(dialog.results_shown, timeout=10_000) as shown:
            dialog.search_now()
        assert [h.kind.key for h in shown.args[0].hits] == expected, typed
    assert "Nothing in this book matches" not in dialog.status.text()
    dialog.box.setText("pricing")
    with qtbot.waitSignal(dialog.results_shown, timeout=10_000) as shown:
        dialog.kind.setCurrentIndex(dialog.kind.findData("interaction"))
    assert shown.args[0].hits == ()
    assert "Nothing in this book matches 'pricing'" in dialog.status.text()


def test_enter_right_after_typing_searches_then_opens(qtbot: QtBot, ctx: BookContext) -> None:
    acme = fill(ctx.book)
    dialog = make_search(qtbot, ctx)
    with qtbot.waitSignal(ctx.nav.open_account, timeout=10_000) as opened:
        dialog.box.setText("send pric")
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == [acme.id, "actions"]


# ------------------------------------------------------------------ needs attention


def make_attention(qtbot: QtBot, ctx: BookContext) -> AttentionPage:
    page = AttentionPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    wait_loaded(qtbot, page, page.show)
    return page


def test_act_on_an_attention_item_snooze_dismiss_and_undo(qtbot: QtBot, ctx: BookContext) -> None:
    acme = fill(ctx.book)
    page = make_attention(qtbot, ctx)
    assert [i.kind.value for i in page.model.rows] == ["overdue_actions"]
    item = page.selected()
    assert item is not None
    assert page.detail_why.text() == item.why
    assert page.act.text() == "Work the actions"
    with qtbot.waitSignal(ctx.nav.open_account, timeout=5_000) as opened:
        qtbot.mouseClick(page.act, Qt.MouseButton.LeftButton)
    assert opened.args == [acme.id, "actions"]

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.snooze_for(7)
    assert page.model.rows == []
    assert "1 snoozed or dismissed" in page.subtitle.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        ctx.history.stack.undo()
    assert [i.key for i in page.model.rows] == [item.key]

    dialog = page.ask_dismiss()
    assert dialog is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason: refused, said in the dialog
    assert dialog.isVisible()
    assert "Say why" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "Waiting on their legal team")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert page.model.rows == []
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_hidden.setChecked(True)
    [hidden] = page.model.rows
    assert hidden.reason == "Waiting on their legal team"
    page.table.selectRow(0)
    assert page.restore_button.isVisible()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert page.model.rows[0].status is attention.ItemStatus.OPEN


def test_attention_limits_are_saved_in_the_book(qtbot: QtBot, ctx: BookContext) -> None:
    fill(ctx.book)
    page = make_attention(qtbot, ctx)
    dialog = page.edit_limits()
    dialog.fields["no_interaction_days"].setValue(2)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.save()
    assert attention.get_thresholds(ctx.book).no_interaction_days == 2
    assert {i.kind.value for i in page.model.rows} == {"overdue_actions", "no_interaction"}


def test_portfolio_shows_the_attention_count(qtbot: QtBot, ctx: BookContext) -> None:
    fill(ctx.book)
    page = PortfolioPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    wait_loaded(qtbot, page, page.show)
    qtbot.waitUntil(lambda: page.attention_count is not None, timeout=10_000)
    assert page.attention.text() == "Needs attention: 1 item"
    with qtbot.waitSignal(ctx.nav.show_page, timeout=5_000) as shown:
        qtbot.mouseClick(page.attention, Qt.MouseButton.LeftButton)
    assert shown.args == ["attention"]


# ------------------------------------------------------------------ plan templates


def make_plan_tab(qtbot: QtBot, ctx: BookContext, account: accounts.Account) -> SuccessPlanTab:
    tab = SuccessPlanTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    tab.set_account(account)
    tab.reload_now()
    return tab


def test_create_a_plan_from_a_template_and_undo(qtbot: QtBot, ctx: BookContext) -> None:
    acme = fill(ctx.book)
    tab = make_plan_tab(qtbot, ctx, acme)
    assert tab.stack.currentIndex() == 1  # the empty state
    qtbot.mouseClick(tab.create_plan, Qt.MouseButton.LeftButton)
    chooser = tab.findChild(NewPlanDialog)
    assert chooser is not None
    assert chooser.choice() is not None
    assert chooser.choice().info is None  # "Blank plan" comes first
    assert chooser.choose("Onboarding")
    assert "First team live in the product" in chooser.preview.toPlainText()
    assert chooser.create_button.text() == "Create Plan"
    chooser.start.set_value(date(2027, 1, 4))
    with qtbot.waitSignal(chooser.created, timeout=5_000) as made:
        qtbot.mouseClick(chooser.create_button, Qt.MouseButton.LeftButton)
    plan = made.args[0].plan
    assert plan.title == "Onboarding plan"
    assert tab.plan is not None
    assert tab.plan.id == plan.id
    assert tab.stack.currentIndex() == 0
    assert tab.goals.model.rowCount() == 3
    assert tab.plan_title.text() == "Onboarding plan"
    assert len(actions.list_actions(ctx.book, acme.id)) == 7  # six from the template
    ctx.history.stack.undo()
    assert plans.list_plans(ctx.book, acme.id) == []
    assert len(actions.list_actions(ctx.book, acme.id)) == 1
    ctx.history.stack.redo()
    assert [p.title for p in plans.list_plans(ctx.book, acme.id)] == ["Onboarding plan"]


def test_blank_plan_goes_to_the_plan_form(qtbot: QtBot, ctx: BookContext) -> None:
    acme = fill(ctx.book)
    tab = make_plan_tab(qtbot, ctx, acme)
    chooser = tab.choose_new_plan()
    assert chooser is not None
    assert chooser.choose("Blank plan")
    assert chooser.create_button.text() == "Continue…"
    qtbot.mouseClick(chooser.create_button, Qt.MouseButton.LeftButton)
    assert not chooser.isVisible()
    assert tab.dialog is not None
    assert tab.dialog.isVisible()
    assert tab.dialog.windowTitle() == "New success plan"


def test_save_a_plan_as_a_template_then_share_it(
    qtbot: QtBot, ctx: BookContext, tmp_path: Path
) -> None:
    acme = fill(ctx.book)
    plan = plans.create_plan(ctx.book, acme.id, title="Müller rollout", period_start=TODAY)
    plans.create_goal(ctx.book, plan.id, title="Go live at Müller", due_date=TODAY + timedelta(10))
    tab = make_plan_tab(qtbot, ctx, acme)
    dialog = tab.save_as_template()
    assert dialog is not None
    assert "Go live at the customer, due on day 10" in dialog.preview.toPlainText()
    qtbot.keyClicks(dialog.name, "Logistics rollout")
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog.save()
    assert plan_templates.find_template(ctx.book, "Logistics rollout").source == "book"

    manager = TemplatesDialog(ctx)
    qtbot.addWidget(manager)
    assert manager.select("Logistics rollout")
    assert manager.delete_button.isEnabled()
    target = tmp_path / "shared.json"
    manager.ask_save_path = lambda _name: target
    assert manager.export_selected() == target
    qtbot.mouseClick(manager.delete_button, Qt.MouseButton.LeftButton)
    assert not manager.select("Logistics rollout")
    manager.ask_open_path = lambda: target
    info = manager.import_file()
    assert info is not None
    assert manager.select("Logistics rollout")
    bad = tmp_path / "bad.json"
    bad.write_text("<html>not a template</html>", encoding="utf-8")
    manager.ask_open_path = lambda: bad
    assert manager.import_file() is None
    assert "bad.json is not valid JSON" in manager.message.text()
    assert manager.select("Onboarding")
    assert not manager.delete_button.isEnabled()  # built in


# ------------------------------------------------------------------ forecast


def make_forecast(qtbot: QtBot, ctx: BookContext) -> ForecastPage:
    page = ForecastPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    wait_loaded(qtbot, page, page.show)
    return page


def test_override_a_forecast_and_undo(qtbot: QtBot, ctx: BookContext) -> None:
    books.set_setting(ctx.book, "fx_rates", {"EUR": "1.10"})
    acme = fill(ctx.book)
    accounts.create_account(
        ctx.book, name="Yen KK", renewal_date=date(2027, 2, 1), arr_minor=9_000_000, currency="JPY"
    )
    page = make_forecast(qtbot, ctx)
    names = [r.account_name for r in page.rows.rows]
    assert names == ["Yen KK", "Müller <b>Logistik</b>"]
    assert "No rate for JPY" in page.fx.text()
    yen = page.rows.index(0, 4).data()
    assert yen == "not converted"
    page.table.selectRow(1)
    row = page.selected()
    assert row is not None
    assert row.account_id == acme.id
    dialog = page.override_selected()
    assert dialog is not None
    dialog.category.setCurrentIndex(dialog.category.findData("commit"))
    dialog.save()  # no reason: refused, said in the dialog
    assert dialog.isVisible()
    assert "Say why" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "CFO confirmed the budget")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.save()
    row = next(r for r in page.rows.rows if r.account_id == acme.id)
    assert (row.category, row.overridden) == (ForecastCategory.COMMIT, True)
    assert "CFO confirmed the budget" in row.reasons[-1]
    assert [h.reason for h in forecast.override_history(ctx.book, acme.id)] == [
        "CFO confirmed the budget"
    ]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        ctx.history.stack.undo()
    row = next(r for r in page.rows.rows if r.account_id == acme.id)
    assert not row.overridden
    assert forecast.override_history(ctx.book, acme.id) == []


def test_the_pages_reload_from_the_change_signal(qtbot: QtBot, ctx: BookContext) -> None:
    """A write made anywhere (here a service call, as another page would make it) reloads the
    Needs Attention and Forecast pages and the Portfolio's count and forecast panel."""
    acme = fill(ctx.book)
    [overdue] = actions.list_actions(ctx.book, acme.id)
    page = make_attention(qtbot, ctx)
    assert [i.kind.value for i in page.model.rows] == ["overdue_actions"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        actions.mark_done(ctx.book, overdue.id)
    assert page.model.rows == []

    forecast_page = make_forecast(qtbot, ctx)
    portfolio = PortfolioPage(ctx)
    panel = ForecastPanel(ctx)
    portfolio.add_panel(panel)
    qtbot.addWidget(portfolio)
    portfolio.resize(1280, 800)
    wait_loaded(qtbot, portfolio, portfolio.show)
    qtbot.waitUntil(lambda: panel.data is not None, timeout=10_000)
    with (
        qtbot.waitSignal(forecast_page.loaded, timeout=10_000),
        qtbot.waitSignal(panel.loaded, timeout=10_000),
    ):
        forecast.set_override(ctx.book, acme.id, "commit", "Signed order form")
    row = next(r for r in forecast_page.rows.rows if r.account_id == acme.id)
    assert (row.category, row.overridden) == (ForecastCategory.COMMIT, True)
    assert panel.data is not None
    assert panel.data.total.by_category["commit"] == 90_000_00


# ------------------------------------------------------------------ in the main window


def test_main_window_offers_all_of_it(qtbot: QtBot, settings: AppSettings, tmp_path: Path) -> None:
    path = tmp_path / "book.aspbook"
    with books.create_book(path) as book:
        fill(book)
    window = make_window(qtbot, settings)
    assert window.open_path(path)
    assert list(window.nav_buttons) == [
        "portfolio",
        "accounts",
        "mywork",
        "metrics",
        "attention",
        "forecast",
    ]
    assert window.menus.action("go_attention").shortcut().toString() == "Ctrl+5"
    assert window.menus.action("go_forecast").shortcut().toString() == "Ctrl+6"
    assert window.menus.action("search").shortcut().toString() == "Ctrl+K"
    assert window.menus.action("search") in window.menus.menus["go"].actions()
    assert window.menus.action("templates") in window.menus.menus["book"].actions()
    window.menus.action("go_attention").trigger()
    assert window.stack.currentWidget() is window.pages["attention"]
    window.menus.action("search").trigger()
    search = window._search
    assert search is not None
    assert search.isVisible()
    with qtbot.waitSignal(search.results_shown, timeout=10_000):
        qtbot.keyClicks(search.box, "escalation")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace is not None
    assert window.stack.currentWidget() is workspace
    assert workspace.tabs.currentWidget() is workspace.tab_pages["timeline"]
    window.go("forecast")
    assert window.stack.currentWidget() is window.pages["forecast"]
    templates = window.open_templates()
    assert isinstance(templates, TemplatesDialog)
    templates.close()
    window.close_book()
    assert window._search is None
    assert not window.menus.action("search").isEnabled()
    assert not window.menus.action("templates").isEnabled()
