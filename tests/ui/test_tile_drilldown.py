"""Portfolio tiles drill down to the list they count, by mouse or keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.domain.enums import HealthBand, LifecycleStage
from tests.conftest import TODAY
from tests.ui.conftest import make_window
from ui.pages.accounts import AccountsPage
from ui.pages.portfolio import PortfolioPage
from ui.settings import AppSettings


def test_tiles_open_the_accounts_they_count(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    settings.last_page = "portfolio"
    window = make_window(qtbot, settings)
    assert window.open_path(demo_path)
    portfolio = window.pages["portfolio"]
    accounts = window.pages["accounts"]
    assert isinstance(portfolio, PortfolioPage)
    assert isinstance(accounts, AccountsPage)
    qtbot.waitUntil(lambda: portfolio.data is not None, timeout=15_000)
    assert portfolio.data is not None
    tiles = portfolio.data.tiles
    assert tiles.at_risk > 0
    assert tiles.renewals_due > 0

    # At risk -> Accounts, filtered to red health: as many rows as the tile says
    at_risk = portfolio.tiles["at_risk"]
    assert "filtered to red health" in at_risk.toolTip()
    qtbot.mouseClick(at_risk, Qt.MouseButton.LeftButton)
    assert window.current_page() is accounts
    qtbot.waitUntil(lambda: accounts.model.rowCount() > 0, timeout=15_000)
    shown = [accounts.table.proxy.row_at(r) for r in range(accounts.table.proxy.rowCount())]
    assert len(shown) == tiles.at_risk
    assert all(r.health_band == HealthBand.RED for r in shown)
    assert all(r.stage != LifecycleStage.CHURNED for r in shown)
    assert accounts.health.currentData() == HealthBand.RED
    assert accounts.drill_label.text() == "Showing at-risk accounts: red health, not churned"
    assert accounts.subtitle.text().startswith(f"{tiles.at_risk:,} of ")

    # Renewals due -> Accounts renewing in the next 90 days, by the keyboard this time
    window.go("portfolio")
    renewals = portfolio.tiles["renewals"]
    renewals.setFocus()
    qtbot.waitUntil(renewals.hasFocus)
    qtbot.keyClick(renewals, Qt.Key.Key_Return)
    assert window.current_page() is accounts
    shown = [accounts.table.proxy.row_at(r) for r in range(accounts.table.proxy.rowCount())]
    assert len(shown) == tiles.renewals_due
    assert all(
        r.renewal_date is not None and 0 <= (r.renewal_date - TODAY).days <= 90 for r in shown
    )
    assert accounts.health.currentData() is None  # the at-risk filter went

    # Show All Accounts clears the list's filter
    qtbot.mouseClick(accounts.drill_clear, Qt.MouseButton.LeftButton)
    assert accounts.drill_row.isHidden()
    assert accounts.table.proxy.rowCount() == accounts.model.rowCount()

    # Open actions -> My Work (Space works like Enter)
    window.go("portfolio")
    open_tile = portfolio.tiles["open"]
    open_tile.setFocus()
    qtbot.waitUntil(open_tile.hasFocus)
    qtbot.keyClick(open_tile, Qt.Key.Key_Space)
    assert window.current_page() is window.pages["mywork"]
