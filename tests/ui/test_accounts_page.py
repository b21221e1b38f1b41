"""The Accounts page on a real temporary book, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from planner.domain.enums import Tier
from planner.services import accounts
from tests.ui.conftest import wait_loaded
from ui.context import BookContext
from ui.pages.accounts import AccountsPage


def make_page(qtbot: QtBot, ctx: BookContext) -> AccountsPage:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    wait_loaded(qtbot, page, page.show)
    return page


def shown_names(page: AccountsPage) -> list[str]:
    proxy = page.table.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_create_an_account_through_the_dialog(qtbot: QtBot, ctx: BookContext) -> None:
    page = make_page(qtbot, ctx)
    opened: list[tuple[str, str]] = []
    ctx.nav.open_account.connect(lambda aid, tab: opened.append((aid, tab)))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    assert dialog.isVisible()

    # Nothing typed: the message sits under the Name field, and nothing is saved.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("name") == "Name is required."
    assert dialog.isVisible()
    # A bad date and a bad amount are reported next to their own fields.
    qtbot.keyClicks(dialog.widget("name"), "Northwind Traders")
    qtbot.keyClicks(dialog.widget("arr_minor"), "12,000.505")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "decimal places" in dialog.error_text("arr_minor")
    arr = dialog.widget("arr_minor")
    assert isinstance(arr, QLineEdit)
    arr.clear()
    qtbot.keyClicks(arr, "12,000.50")
    renewal = dialog.inputs["renewal_date"].widget
    qtbot.keyClicks(renewal.edit, "2027-02-30")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("renewal_date").startswith(
        "Renewal date: '2027-02-30' is not a date: February has no day 30. Type it like"
    )
    assert dialog.error_text("arr_minor") == ""
    renewal.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(renewal.edit, "2027-02-28")  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    (created,) = accounts.list_accounts(ctx.book)
    assert created.name == "Northwind Traders"
    assert created.arr_minor == 1_200_050
    assert str(created.renewal_date) == "2027-02-28"
    assert shown_names(page) == ["Northwind Traders"]
    assert opened == [(created.id, "overview")]
    assert ctx.history.stack.undoText() == "Add account"


def test_filter_by_typing_and_by_tier(qtbot: QtBot, demo_ctx: BookContext) -> None:
    page = make_page(qtbot, demo_ctx)
    everyone = shown_names(page)
    assert len(everyone) == 40
    assert page.subtitle.text() == "40 accounts"
    target = everyone[7]
    word = target.split()[0][:5].lower()
    qtbot.keyClicks(page.search, word)
    expected = sorted(n for n in everyone if word in n.lower())
    qtbot.waitUntil(lambda: sorted(shown_names(page)) == expected, timeout=3000)
    assert target in shown_names(page)
    assert page.subtitle.text() == f"{len(expected)} of 40 accounts shown"
    page.search.clear()
    qtbot.waitUntil(lambda: len(shown_names(page)) == 40, timeout=3000)

    page.tier.setCurrentIndex(page.tier.findData(Tier.STRATEGIC))
    strategic = {a.name for a in accounts.list_accounts(demo_ctx.book) if a.tier is Tier.STRATEGIC}
    assert set(shown_names(page)) == strategic
    qtbot.keyClicks(page.search, "zzzz-no-such-account")
    qtbot.waitUntil(lambda: shown_names(page) == [], timeout=3000)
    assert page.table.empty_message == "No account matches these filters."


def test_sort_by_arr_and_open_with_enter(qtbot: QtBot, demo_ctx: BookContext) -> None:
    page = make_page(qtbot, demo_ctx)
    arr_col = next(i for i, c in enumerate(page.model.columns) if c.title == "ARR")
    page.table.sortByColumn(arr_col, Qt.SortOrder.DescendingOrder)
    rows = [page.table.proxy.row_at(r) for r in range(page.table.proxy.rowCount())]
    assert [r.arr_minor for r in rows] == sorted((r.arr_minor for r in rows), reverse=True)
    opened: list[str] = []
    demo_ctx.nav.open_account.connect(lambda aid, _tab: opened.append(aid))
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [rows[0].id]


def test_archive_and_undo(qtbot: QtBot, demo_ctx: BookContext) -> None:
    page = make_page(qtbot, demo_ctx)
    page.table.selectRow(0)
    first = page.table.current_row()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert accounts.get_account(demo_ctx.book, first.id).archived
    assert first.name not in shown_names(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        demo_ctx.history.stack.undo()
    assert not accounts.get_account(demo_ctx.book, first.id).archived
    assert first.name in shown_names(page)
