"""One format, one count, on screen: date fields accept what they show, amount fields show and
accept what tables show, counts agree between pages, a churned account shows no band, and the
QBR builder shows one period. Real widgets on a real temporary book."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from planner.domain import formatting as fmt
from planner.domain.coverage import PeopleCount
from planner.domain.enums import LifecycleStage
from planner.services import accounts, actions, chart_data, portfolio, revenue, stakeholders
from planner.services.books import Book
from tests.conftest import TODAY
from tests.planner.test_cli import run
from tests.planner.test_qbr_data import MEETING, PREVIOUS, build_account
from tests.ui.conftest import make_context, wait_loaded
from tests.ui.test_accounts_page import make_page as make_accounts_page
from tests.ui.test_qbr_builder import make_builder
from tests.ui.test_workspace import make_workspace
from ui.context import BookContext
from ui.health.panel import AccountHealthPanel
from ui.models.columns import EVENT_COLUMNS, account_columns
from ui.pages.mywork import MyWorkPage
from ui.pages.portfolio import PortfolioPage
from ui.pages.tabs.stakeholders import StakeholdersTab
from ui.settings import AppSettings
from ui.widgets.common import DateField

# --------------------------------------------------------------------------- date fields


def test_a_date_field_accepts_what_it_shows(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.set_value(date(2027, 3, 31))
    assert field.edit.text() == "31 Mar 2027"
    assert field.value() == date(2027, 3, 31)
    assert field.text() == "2027-03-31"  # what the services receive
    for typed in ("31 March 2027", "2027-03-31", "31/03/2027", "Mar 31, 2027"):
        field.edit.clear()
        qtbot.keyClicks(field.edit, typed)  # nothing is cut at ten characters
        assert field.edit.text() == typed
        assert field.value() == date(2027, 3, 31), typed
        field.edit.editingFinished.emit()
        assert field.edit.text() == "31 Mar 2027"  # tidied into the form the app shows
    field.edit.clear()
    qtbot.keyClicks(field.edit, "03/04/2027")
    assert field.value() is None
    assert field.problem() == (
        "'03/04/2027' could be 3 Apr 2027 or 4 Mar 2027; type the month in letters, like 3 Apr 2027"
    )


def test_a_date_field_has_a_calendar(qtbot: QtBot) -> None:
    field = DateField(today=lambda: TODAY)
    qtbot.addWidget(field)
    menu = field.button.menu()
    assert menu is not None
    field._prepare()
    assert field.calendar.selectedDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    field.calendar.clicked.emit(QDate(2027, 1, 4))
    assert field.edit.text() == "4 Jan 2027"
    assert field.value() == date(2027, 1, 4)


# --------------------------------------------------------------------------- amounts


def test_the_edit_dialog_shows_amounts_as_tables_do_and_reads_them_back(
    qtbot: QtBot, ctx: BookContext
) -> None:
    acct = accounts.create_account(
        ctx.book, name="Acme", arr_minor=58_310_000, renewal_date=date(2027, 3, 31)
    )
    page = make_workspace(qtbot, ctx, acct.id)
    dialog = page.edit_account()
    assert dialog is not None
    arr = dialog.widget("arr_minor")
    assert isinstance(arr, QLineEdit)
    assert arr.text() == "$583,100"  # not 583100.00
    renewal = dialog.inputs["renewal_date"].widget
    assert isinstance(renewal, DateField)
    assert renewal.edit.text() == "31 Mar 2027"
    unchanged = dialog.changed(dialog.values())  # shown as read back: nothing changes
    assert "arr_minor" not in unchanged
    assert "renewal_date" not in unchanged
    arr.setText("€5,000")  # (QTest types Latin-1 only)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("arr_minor") == (
        "ARR: '€5,000' is written in €, but this amount is in USD."
    )
    arr.clear()
    qtbot.keyClicks(arr, "583.2K")  # as a tile shows it
    renewal.edit.clear()
    qtbot.keyClicks(renewal.edit, "30 Apr 2027")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = accounts.get_account(ctx.book, acct.id)
    assert (saved.arr_minor, saved.renewal_date) == (58_320_000, date(2027, 4, 30))


# --------------------------------------------------------------------------- counts


def test_portfolio_and_my_work_show_one_open_count(qtbot: QtBot, demo_ctx: BookContext) -> None:
    book = demo_ctx.book
    count = actions.open_count(book, today=TODAY)
    assert count.snoozed  # the demo book snoozes some
    board = PortfolioPage(demo_ctx)
    qtbot.addWidget(board)
    board.resize(1280, 800)
    wait_loaded(qtbot, board, board.show)
    tile = board.tiles["open"]
    assert tile.value.text() == fmt.count(count.open)
    assert tile.note.text() == f"{count.snoozed} of them snoozed"
    work = MyWorkPage(demo_ctx)
    qtbot.addWidget(work)
    work.resize(1280, 800)
    wait_loaded(qtbot, work, work.show)
    said = work.subtitle.text()
    assert said.startswith(f"{count.open} open actions: ")
    assert said.endswith(f" · {count.snoozed} snoozed, hidden")
    assert work.include_snoozed.text() == f"Show snoozed ({count.snoozed})"
    listed = sum(work.model.rowCount(work.model.index(g, 0)) for g in range(work.model.rowCount()))
    assert listed == count.awake
    with qtbot.waitSignal(work.loaded, timeout=10_000):
        work.include_snoozed.setChecked(True)
    assert work.subtitle.text().startswith(f"{count.open} open actions: ")
    assert work.subtitle.text().endswith(f"({count.snoozed} snoozed of them)")


def test_the_stakeholder_list_says_the_count_the_map_shows(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    built = build_account(book)
    ctx = make_context(book, settings)
    page = make_workspace(qtbot, ctx, built.account_id)
    tab = page.select_tab("stakeholders")
    assert isinstance(tab, StakeholdersTab)
    qtbot.waitUntil(lambda: not tab._dirty and tab.isVisible(), timeout=5_000)
    people = stakeholders.list_stakeholders(book, built.account_id)
    count = PeopleCount.of((p.side, p.left_company) for p in people)
    assert tab.people.summary.text() == count.list_text()
    assert chart_data.stakeholder_map_data(book, built.account_id).count == count
    ctx.wait_for_jobs()


# --------------------------------------------------------------------------- churned


def test_a_churned_account_shows_churned_in_the_table_and_the_health_panel(
    qtbot: QtBot, demo_ctx: BookContext
) -> None:
    rows = portfolio.portfolio(demo_ctx.book, today=TODAY)
    churned = next(
        r for r in rows if r.stage is LifecycleStage.CHURNED and r.health_score is not None
    )
    page = make_accounts_page(qtbot, demo_ctx)
    proxy = page.table.proxy
    titles = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    health_column = titles.index("Health")
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == churned.name)
    assert proxy.index(row, health_column).data() == "Churned"
    panel = AccountHealthPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.resize(1280, 800)
    panel.set_account(accounts.get_account(demo_ctx.book, churned.id))
    panel.show()
    panel.reload_now()
    assert panel.score_label.text() == "Churned"
    assert panel.band_label.text() == ""  # no band
    assert panel.status_label.text().startswith("This account has churned, so it has no health")
    demo_ctx.wait_for_jobs()


# --------------------------------------------------------------------------- the QBR period


def test_the_qbr_builder_shows_one_period(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    built = build_account(book)
    builder, _ = make_builder(qtbot, book, built.account_id, settings)
    assert builder.qbr is not None
    assert builder.qbr.id == built.qbr_id
    start, end = builder.session.period()
    assert (start, end) == (date(PREVIOUS.year, PREVIOUS.month, PREVIOUS.day + 1), MEETING)
    form = builder.meeting
    assert form.start_edit.date() == QDate(start.year, start.month, start.day)
    assert form.end_edit.date() == QDate(end.year, end.month, end.day)
    assert form.start_edit.text() == fmt.day(start)
    assert f"period covered: {fmt.period(start, end)}" in builder.subheading.text()


# --------------------------------------------------------------------------- money


def test_money_reads_one_way_in_tables_dialogs_and_the_command_line(
    ctx: BookContext, capsys: pytest.CaptureFixture[str]
) -> None:
    """$583,100 in the Accounts table, the revenue events and the CLI; +$126,100 for a
    change; never $583,100.00 or 583100.00 (cents only when there are some)."""
    acct = accounts.create_account(ctx.book, name="Acme", arr_minor=45_700_000)
    accounts.update_account(ctx.book, acct.id, arr_minor=58_310_000)
    row = next(r for r in portfolio.portfolio(ctx.book, today=TODAY) if r.id == acct.id)
    arr = next(c for c in account_columns(lambda: TODAY) if c.title == "ARR")
    assert arr.text(row) == "$583,100" == fmt.money(58_310_000, "USD")
    change = next(c for c in EVENT_COLUMNS if c.title == "ARR change")
    texts = [change.text(e) for e in revenue.list_events(ctx.book, acct.id)]
    assert texts == ["+$457,000", "+$126,100"]
    code, out, _ = run(capsys, "accounts", ctx.book.path)
    assert code == 0
    assert "$583,100 " in out
    assert ".00" not in out


def test_an_empty_date_field_in_a_form_opens_its_calendar_on_the_books_today(
    qtbot: QtBot, ctx: BookContext
) -> None:
    """The book's clock, not the computer's, says where the calendar opens (TODAY is pinned
    days before the real date)."""
    from ui.dialogs.editors import action_dialog

    account = accounts.create_account(ctx.book, name="Calendar Co")
    dialog = action_dialog(ctx, account.id, None, None)
    qtbot.addWidget(dialog)
    field = dialog.inputs["due_date"].widget
    assert isinstance(field, DateField)
    field.set_value(None)
    field._prepare()
    assert field.calendar.selectedDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
