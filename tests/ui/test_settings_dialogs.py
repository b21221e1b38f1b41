"""Book > Settings... and Preferences... (Ctrl+,): driven like a user, on a real book, without
exec(); the pages that show money hear the change."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from planner.domain import metrics as mx
from planner.services import accounts, actions, book_settings, preferences, qbr_export
from planner.services.books import Book
from tests.conftest import TODAY
from tests.ui.conftest import make_window, wait_loaded
from ui.context import BookContext
from ui.dialogs.book_settings import BookSettingsDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.health.metrics_view import preset_period
from ui.pages.metrics import MetricsPage
from ui.pages.mywork import MyWorkPage
from ui.pages.portfolio import PortfolioPage
from ui.pages.tabs.actions import ActionsTab
from ui.settings import AppSettings
from ui.undo import EditHistory


def test_settings_dialog_checks_next_to_the_field_and_saves_once_with_undo(
    qtbot: QtBot, book: Book
) -> None:
    accounts.create_account(book, name="Euro Co", currency="EUR", arr_minor=10_000_00)
    history = EditHistory(book)
    dialog = BookSettingsDialog(book, history)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    assert dialog.summary.text() == "No changes yet."
    assert "Accounts in EUR have no rate yet" in dialog.rates_hint.text()

    dialog.margin.clear()
    qtbot.keyClicks(dialog.margin, "120")
    assert dialog.errors["gross_margin"].isVisibleTo(dialog)
    assert "above 0 and at most 100" in dialog.errors["gross_margin"].text()
    assert not dialog.ok_button.isEnabled()
    dialog.margin.setText("75")
    assert not dialog.errors["gross_margin"].isVisibleTo(dialog)

    row = dialog.rates.add()
    dialog.rates.setData(dialog.rates.index(row, 0), "eur", Qt.ItemDataRole.EditRole)
    assert "Give the rate for EUR" in dialog.errors["fx"].text()
    assert not dialog.ok_button.isEnabled()
    dialog.rates.setData(dialog.rates.index(row, 1), "-1", Qt.ItemDataRole.EditRole)
    assert "The rate for EUR must be a positive number" in dialog.errors["fx"].text()
    dialog.rates.setData(dialog.rates.index(row, 1), "1.08", Qt.ItemDataRole.EditRole)
    assert not dialog.errors["fx"].isVisibleTo(dialog)
    assert dialog.rates.index(row, 2).data() == "EUR at 1.08 $ per €"
    assert "have no rate yet" not in dialog.rates_hint.text()
    qtbot.keyClicks(dialog.name, "Acme portfolio")
    dialog.fiscal.setCurrentIndex(3)  # April
    dialog.limits["attention.plan_days"].setValue(30)
    assert dialog.ok_button.isEnabled()
    assert dialog.summary.text() == "OK saves 5 changes; undo with Ctrl+Z."

    heard: list[object] = []
    book.subscribe(heard.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(heard) == 1  # one write
    s = book_settings.get(book)
    assert (s.name, s.rate("EUR"), s.gross_margin, s.fiscal_year_start) == (
        "Acme portfolio",
        Decimal("1.08"),
        Decimal(75),
        4,
    )
    assert s.thresholds.plan_days == 30
    assert history.stack.undoText() == "Change book settings"
    history.stack.undo()
    assert book_settings.get(book) == dialog.current
    history.stack.redo()
    assert book_settings.get(book).rate("EUR") == Decimal("1.08")


def test_removing_a_rate_and_changing_the_base_currency(qtbot: QtBot, book: Book) -> None:
    book_settings.update(book, {"fx.EUR": "1.08", "fx.GBP": "1.25"})
    dialog = BookSettingsDialog(book, EditHistory(book))
    qtbot.addWidget(dialog)
    dialog.show()
    assert [r[0] for r in dialog.rates.rows] == ["EUR", "GBP"]
    dialog.rates.setData(dialog.rates.index(0, 1), "1.080", Qt.ItemDataRole.EditRole)
    dialog.name.setText("  ")
    assert dialog.changes() == {}  # the same rate written differently, no name: no change
    assert not dialog.ok_button.isEnabled()
    dialog.rates_view.setCurrentIndex(dialog.rates.index(1, 0))
    dialog.remove_selected_rate()
    assert dialog.changes() == {"fx.GBP": ""}
    dialog.base.setCurrentText("CHF")
    assert "first add a rate for CHF" in dialog.errors["base_currency"].text()
    assert not dialog.ok_button.isEnabled()
    dialog.base.setCurrentText("EUR")
    assert dialog.save()
    s = book_settings.get(book)
    assert s.base_currency == "EUR"
    assert s.fx_rates == (("USD", Decimal("0.925926")),)


def test_a_read_only_book_shows_its_settings_and_cannot_save(
    qtbot: QtBot, book: Book, tmp_path: Path
) -> None:
    from planner.services import books

    path = book.path
    book.close()
    with books.open_book(path, read_only=True) as readonly:
        dialog = BookSettingsDialog(readonly, EditHistory(readonly))
        qtbot.addWidget(dialog)
        dialog.margin.setText("70")
        assert not dialog.ok_button.isEnabled()
        assert "read-only" in dialog.summary.text()
        dialog.close()


def test_preferences_dialog_checks_and_saves(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    dialog = PreferencesDialog(path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Dana Reyes")
    qtbot.keyClicks(dialog.email, "dana")
    assert "is not an e-mail address" in dialog.errors["email"].text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.email, "@vendor.example")
    dialog.timezone.setCurrentText("Mars/Base")
    assert "is not a time zone name" in dialog.errors["timezone"].text()
    dialog.timezone.setCurrentText("Europe/Berlin")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].name == "Dana Reyes"
    assert preferences.load(path) == preferences.Preferences(
        "Dana Reyes", "dana@vendor.example", "Europe/Berlin", ""
    )


def test_menus_open_settings_and_preferences(
    qtbot: QtBot, settings: AppSettings, book: Book
) -> None:
    window = make_window(qtbot, settings)
    action = window.menus.action("preferences")
    assert QKeySequence("Ctrl+,") in action.shortcuts()
    prefs = window.open_preferences()
    assert prefs.isVisible()
    assert prefs.windowModality() == Qt.WindowModality.WindowModal
    prefs.reject()
    assert not window.menus.action("book_settings").isEnabled()  # no book yet
    ctx: BookContext = window.set_book(book)
    assert window.menus.action("book_settings").isEnabled()
    dialog = window.open_book_settings()
    assert dialog is not None
    assert dialog.isVisible()
    assert window.sidebar_book.text() == "Book: test"  # the file's name
    dialog.margin.setText("70")
    dialog.name.setText("Acme portfolio")
    assert dialog.save()
    assert book_settings.get(ctx.book).gross_margin == 70
    assert window.undo_group.undoText() == "Change book settings"
    qtbot.waitUntil(lambda: window.sidebar_book.text() == "Book: Acme portfolio")


# ------------------------------------------------------------------ what the settings change


def test_portfolio_total_converts_and_names_the_rate(qtbot: QtBot, ctx: BookContext) -> None:
    accounts.create_account(ctx.book, name="Acme", arr_minor=100_000_00)
    accounts.create_account(ctx.book, name="Euro Co", currency="EUR", arr_minor=50_000_00)
    page = PortfolioPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    wait_loaded(qtbot, page, page.show)
    tile = page.tiles["arr"]
    assert tile.value.text() == "$100K"
    assert tile.note.text() == "EUR not counted: no rate"
    assert "Add one in Book > Settings…" in tile.toolTip()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        book_settings.update(ctx.book, {"fx.EUR": "1.08", "name": "Acme portfolio"})
    assert tile.value.text() == "$154K"  # 100,000 + 50,000 x 1.08
    assert tile.note.text() == "EUR at 1.08 $ per €"
    assert "€50,000 in EUR" in tile.toolTip()
    assert page.subtitle.text().startswith("Acme portfolio  ·  As of")


def test_metrics_say_the_rate_and_follow_the_fiscal_year(qtbot: QtBot, ctx: BookContext) -> None:
    accounts.create_account(
        ctx.book, name="Euro Co", currency="EUR", arr_minor=10_000, contract_start=date(2025, 1, 1)
    )
    book_settings.update(ctx.book, {"fx.EUR": "1.1", "fiscal_year_start": "4"})
    page = MetricsPage(ctx)
    qtbot.addWidget(page)
    view = page.view
    view.preset.setCurrentText("Year to date")
    with qtbot.waitSignal(view.computed, timeout=15_000):
        page.show()
    assert view.period() == mx.Period(date(2026, 4, 1), TODAY)
    assert "Money in USD (EUR at 1.1 $ per €, from Book > Settings…)" in view.status.text()
    assert "starts in April" in view.preset.toolTip()
    with qtbot.waitSignal(view.computed, timeout=15_000):
        book_settings.update(ctx.book, {"fiscal_year_start": "1"})
    assert view.period() == mx.Period(date(2026, 1, 1), TODAY)


def test_fiscal_presets() -> None:
    day = date(2026, 11, 23)
    assert preset_period("This quarter", day, 2) == mx.Period(date(2026, 11, 1), day)
    assert preset_period("Last quarter", day, 2) == mx.Period(date(2026, 8, 1), date(2026, 10, 31))
    assert preset_period("Year to date", day, 2) == mx.Period(date(2026, 2, 1), day)
    assert preset_period("Last year", day, 2) == mx.Period(date(2025, 2, 1), date(2026, 1, 31))
    january = date(2026, 1, 15)
    assert preset_period("Year to date", january, 7) == mx.Period(date(2025, 7, 1), january)
    assert preset_period("Last quarter", january, 1) == mx.Period.quarter(2025, 4)


# ------------------------------------------------------------------ whose work


def my_work_book(book: Book) -> None:
    dana = accounts.create_account(book, name="Acme", owner="Dana Reyes")
    sam = accounts.create_account(book, name="Beta", owner="Sam Ortiz")
    soon = TODAY + timedelta(days=2)
    actions.create_action(book, dana.id, title="Dana's own", owner_name="Dana Reyes", due_date=soon)
    actions.create_action(book, dana.id, title="Nobody's on Acme", due_date=soon)
    actions.create_action(book, sam.id, title="Sam's own", owner_name="Sam Ortiz", due_date=soon)
    actions.create_action(
        book, sam.id, title="Dana helps Sam", owner_name="dana reyes ", due_date=soon
    )
    actions.create_action(book, sam.id, title="Nobody's on Beta", due_date=soon)


def shown(page: MyWorkPage) -> set[str]:
    found: set[str] = set()
    for r in range(page.model.rowCount()):
        group = page.model.index(r, 0)
        for c in range(page.model.rowCount(group)):
            obj = page.model.object_at(page.model.index(c, 0, group))
            found.add(obj.action.title)
    return found


def test_my_work_shows_mine_everyone_or_one_csm(qtbot: QtBot, ctx: BookContext) -> None:
    my_work_book(ctx.book)
    page = MyWorkPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    wait_loaded(qtbot, page, page.show)
    # No name in the preferences yet: Mine shows everyone's and says how to set it.
    assert page.who.currentText() == "Mine"
    assert page.name_row.isVisibleTo(page)
    assert len(shown(page)) == 5
    assert [page.who.itemText(i) for i in range(page.who.count())] == [
        "Mine",
        "Everyone",
        "Dana Reyes",
        "Sam Ortiz",
    ]
    dialog = page.open_preferences()
    qtbot.keyClicks(dialog.name, "Dana Reyes")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert dialog.save()
    assert not page.name_row.isVisibleTo(page)
    assert page.who.currentText() == "Mine (Dana Reyes)"
    assert shown(page) == {"Dana's own", "Nobody's on Acme", "Dana helps Sam"}
    assert "for Dana Reyes" in page.subtitle.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.who.setCurrentText("Sam Ortiz")
    assert shown(page) == {"Sam's own", "Nobody's on Beta"}
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.who.setCurrentText("Everyone")
    assert len(shown(page)) == 5


def test_quick_added_actions_are_yours(qtbot: QtBot, ctx: BookContext) -> None:
    acme = accounts.create_account(ctx.book, name="Acme")
    preferences.update({"name": "Dana Reyes"})
    tab = ActionsTab(ctx)
    qtbot.addWidget(tab)
    tab.set_account(acme)
    tab.reload_now()
    qtbot.keyClicks(tab.quick, "Send the renewal quote")
    created = tab.add_quick()
    assert created is not None
    assert created.owner_name == "Dana Reyes"
    preferences.update({"name": ""})
    qtbot.keyClicks(tab.quick, "Nobody's yet")
    later = tab.add_quick()
    assert later is not None
    assert later.owner_name == ""


def test_invites_come_from_the_preferences(book: Book) -> None:
    prefs_path = preferences.preferences_path()
    dialog_values = {"name": "Dana Reyes", "email": "dana@vendor.example"}
    preferences.update(dialog_values, prefs_path)
    options, warnings = qbr_export.resolve_options(book, qbr_export.ExportOptions(("ics",)))
    assert options.sender is not None
    assert (options.sender.name, options.sender.email) == ("Dana Reyes", "dana@vendor.example")
    assert warnings == []
    preferences.update({"email": ""}, prefs_path)
    _options, warnings = qbr_export.resolve_options(book, qbr_export.ExportOptions(("ics",)))
    assert "Edit > Preferences…" in warnings[0]
