"""The Portfolio page: the book's figures as tiles, and the four lists a CSM acts on.

The figures and lists come from :func:`planner.services.dashboard.dashboard` (a fixed number of
SQL statements at any book size), read off the GUI thread. Every row opens its account.
Other panels (charts) can be added with :meth:`PortfolioPage.add_panel`: they sit between the
tiles and the lists and receive each fresh :class:`~planner.services.dashboard.Dashboard`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import formatting as fmt
from planner.domain.money import format_minor
from planner.services import attention, dashboard
from planner.services.dashboard import Dashboard, Tiles
from ui.charts.widgets import HealthDistributionChart, RenewalsByMonthChart
from ui.context import BookContext
from ui.models.columns import (
    AT_RISK_COLUMNS,
    OVERDUE_COLUMNS,
    RENEWAL_COLUMNS,
    SINGLE_THREADED_COLUMNS,
)
from ui.models.table import Column, RowTableModel
from ui.pages import tables
from ui.pages.base import Page
from ui.widgets.common import Card, DataTable, Tile, plain_label, repolish
from ui.widgets.fit import FlowGrid, keep_rows_visible, scroll_page
from ui.workbook.common import alive

TILE_WIDTH = 150
PANEL_WIDTH = 330
PANEL_HEIGHT = 260
LIST_WIDTH = 400
"""The least room (pixels) a tile, a chart panel and a list get before they wrap."""


def money_lines(amounts: Sequence[tuple[str, int]]) -> tuple[str, str]:
    """The first currency's amount as the value; others as a note."""
    if not amounts:
        return "0", ""
    first, *rest = amounts
    value = format_minor(first[1], first[0], compact=True)
    note = " + ".join(format_minor(m, c, compact=True) for c, m in rest)
    return value, note


def total_lines(
    amounts: Sequence[tuple[str, int]],
    total: int | None,
    base: str,
    rates: Sequence[tuple[str, Decimal]],
    missing: Sequence[str],
) -> tuple[str, str, str]:
    """A money tile's value, note and tooltip: the total in the base currency with the rates
    it used, or, when a rate is missing, the base currency's amount and what to do."""
    parts = "\n".join(f"{fmt.money(m, c)} in {c}" for c, m in amounts)
    if total is not None:
        value = fmt.money(total, base, compact=True)
        used = [fmt.exchange_rate(c, r, base) for c, r in rates]
        if not used:
            return value, "", ""
        note = used[0] if len(used) == 1 else f"{len(used)} currencies converted to {base}"
        tip = f"{parts}\n\nConverted to {base}: " + "; ".join(used) + " (Book > Settings…)."
        return value, note, tip
    value, _others = money_lines(amounts)
    names = " and ".join(missing)
    note = f"{names} not counted: no rate"
    tip = (
        f"{parts}\n\nThe book has no exchange rate from {names} to {base}, so the total is "
        f"not worked out. Add one in Book > Settings…."
    )
    return value, note, tip


class ListCard(Card):
    """A titled list on the Portfolio page; activating a row opens its account."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column[Any]],
        empty: str,
        parent: QWidget | None = None,
        *,
        stretch: int = 0,
    ) -> None:
        super().__init__(title, parent)
        self.count = plain_label("", "muted")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count)
        self.body.removeWidget(self.title)
        self.body.addLayout(head)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.table = DataTable(self.model, sort_column=-1, stretch=stretch, empty=empty)
        keep_rows_visible(self.table, 0, least=5, most=6)
        self.body.addWidget(self.table, 1)

    def set_rows(self, rows: Sequence[Any], total: int) -> None:
        self.model.set_rows(rows)
        keep_rows_visible(self.table, len(rows), least=5, most=6)
        self.count.setText(f"{len(rows)} of {total}" if total > len(rows) else str(total))


class PortfolioPage(Page):
    watches = (
        tables.ACCOUNTS
        | tables.ACTIONS
        | tables.PEOPLE
        | tables.HEALTH_SCORES
        | tables.SETTINGS
        | tables.NEEDS_ATTENTION  # the count of items that need attention
        | tables.RENEWAL_FORECAST  # the forecast panel beside the renewals chart
    )

    loaded = Signal()

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self.data: Dashboard | None = None
        self._panels: list[QWidget] = []
        self.attention_count: int | None = None

        self.title = plain_label("Portfolio", "title")
        self.subtitle = plain_label("Loading…", "subtitle")
        self.tiles = {
            "arr": Tile("Total ARR"),
            "accounts": Tile("Active accounts"),
            "at_risk": Tile("At risk (red health)"),
            "renewals": Tile("Renewals in 90 days"),
            "open": Tile("Open actions"),
            "overdue": Tile("Overdue actions"),
        }
        # Each tile opens the list it counts (Enter or Space on a focused tile, too).
        drills = {
            "arr": ("", "Opens the Accounts page"),
            "accounts": ("", "Opens the Accounts page"),
            "at_risk": ("at_risk", "Opens the Accounts page filtered to red health"),
            "renewals": ("renewals", "Opens the Accounts page filtered to these renewals"),
        }
        for key, (drill, what) in drills.items():
            self.tiles[key].clicked.connect(lambda d=drill: ctx.nav.show_accounts.emit(d))
            self.tiles[key].set_action(what)
        for key in ("open", "overdue"):
            self.tiles[key].clicked.connect(lambda: ctx.nav.show_page.emit("mywork"))
            self.tiles[key].set_action("Opens My Work, your open actions across accounts")
        self.attention = QPushButton("Needs attention: …")
        self.attention.setObjectName("AttentionCount")
        self.attention.setToolTip(
            "What needs you: stale accounts, renewals without a QBR, overdue work (Ctrl+5)"
        )
        self.attention.clicked.connect(lambda: ctx.nav.show_page.emit("attention"))

        self.renewals = ListCard(
            "Renewals due soon", RENEWAL_COLUMNS, "No renewals in the next 90 days.", stretch=0
        )
        self.overdue = ListCard(
            "Overdue actions", OVERDUE_COLUMNS, "Nothing overdue. Well done.", stretch=0
        )
        self.at_risk = ListCard(
            "At-risk accounts", AT_RISK_COLUMNS, "No account has a red health score.", stretch=0
        )
        self.single = ListCard(
            "Single-threaded accounts",
            SINGLE_THREADED_COLUMNS,
            "Every account has a sponsor, a champion and several positive contacts.",
            stretch=1,
        )
        for card in (self.renewals, self.overdue, self.at_risk, self.single):
            card.table.activated.connect(lambda index, c=card: self._open(c, index))

        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setContentsMargins(20, 16, 20, 16)
        body.setSpacing(14)
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(self.title)
        head.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addLayout(head, 1)
        top.addWidget(self.attention, 0, Qt.AlignmentFlag.AlignBottom)
        body.addLayout(top)
        # Tiles, charts and lists wrap into as many columns as fit the window.
        self.tile_grid = FlowGrid(TILE_WIDTH, max_columns=len(self.tiles))
        for tile in self.tiles.values():
            self.tile_grid.add(tile)
        body.addWidget(self.tile_grid)
        self.panel_grid = FlowGrid(PANEL_WIDTH, max_columns=3)
        body.addWidget(self.panel_grid)
        for chart in (
            HealthDistributionChart(ctx.book, pool=ctx.pool, load_now=False),
            RenewalsByMonthChart(ctx.book, pool=ctx.pool, load_now=False),
        ):
            chart.setMinimumHeight(PANEL_HEIGHT)
            chart.setMaximumHeight(PANEL_HEIGHT + 60)
            self.add_panel(chart)
        self.list_grid = FlowGrid(LIST_WIDTH, max_columns=2)
        for card in (self.renewals, self.overdue, self.at_risk, self.single):
            self.list_grid.add(card)
        body.addWidget(self.list_grid, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll_page(inner))

    def add_panel(self, widget: QWidget) -> None:
        """Add a panel between the tiles and the lists. If it has ``load(dashboard)``, it gets
        every fresh :class:`Dashboard`."""
        self._panels.append(widget)
        self.panel_grid.add(widget)
        if self.data is not None:
            self._load_panel(widget, self.data)

    @staticmethod
    def _load_panel(widget: QWidget, data: Dashboard) -> None:
        load = getattr(widget, "load", None)
        if callable(load):
            load(data)

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        self._generation += 1
        generation, book, day = self._generation, self.ctx.book, self.ctx.today()
        self.ctx.load(
            lambda: dashboard.dashboard(book, today=day),
            lambda data: self._loaded(generation, data),
            self._failed,
        )
        self.ctx.load(
            lambda: attention.attention_count(book),
            lambda count: self._attention(generation, count),
            self._failed,
        )

    def _attention(self, generation: int, count: int) -> None:
        if generation == self._generation and alive(self):
            self.attention_count = count
            self.attention.setText(f"Needs attention: {count:,} item{'s' if count != 1 else ''}")
            self.attention.setProperty("primary", "true" if count else "false")
            repolish(self.attention)

    def _failed(self, message: str) -> None:
        self.subtitle.setText("The portfolio could not be read.")
        QMessageBox.warning(self, "Portfolio", message)

    def _loaded(self, generation: int, data: Dashboard) -> None:
        if generation != self._generation:
            return
        self.data = data
        t = data.tiles
        value, note, tip = total_lines(
            t.arr_by_currency, t.arr_total, t.base_currency, t.rates_used, t.missing_rates
        )
        self.tiles["arr"].set(value, note or "annual recurring revenue")
        if tip:
            self.tiles["arr"].setToolTip(f"Total ARR: {value}\n\n{tip}")
        self.tiles["accounts"].set(f"{t.accounts:,}", "not archived or churned")
        risk_value = self._amount(t.at_risk_arr_by_currency, t.at_risk_arr_total, t)
        self.tiles["at_risk"].set(
            f"{t.at_risk:,}",
            f"{risk_value} ARR" if t.at_risk else "none in the red",
            "bad" if t.at_risk else "good",
        )
        renew_value = self._amount(t.renewals_arr_by_currency, t.renewals_arr_total, t)
        self.tiles["renewals"].set(
            f"{t.renewals_due:,}",
            f"{renew_value} ARR renewing" if t.renewals_due else "none due",
            "warning" if t.renewals_due else "",
        )
        # The tile is narrow: the snoozed count (which My Work hides) matters more than "all".
        snoozed = f"{t.snoozed_actions:,} of them snoozed" if t.snoozed_actions else ""
        self.tiles["open"].set(f"{t.open_actions:,}", snoozed or "across all accounts")
        self.tiles["overdue"].set(
            f"{t.overdue_actions:,}",
            "past their due date" if t.overdue_actions else "all on time",
            "bad" if t.overdue_actions else "good",
        )
        self.subtitle.setText(
            (f"{t.book_name}  ·  " if t.book_name else "")
            + f"As of {data.today:%A %d %B %Y}".replace(" 0", " ")
            + f"  ·  {t.single_threaded:,} single-threaded"
        )
        self.renewals.set_rows(data.renewals, t.renewals_due)
        self.overdue.set_rows(data.overdue, t.overdue_actions)
        self.at_risk.set_rows(data.at_risk, t.at_risk)
        self.single.set_rows(data.single_threaded, t.single_threaded)
        for panel in self._panels:
            self._load_panel(panel, data)
        self.loaded.emit()

    @staticmethod
    def _amount(amounts: Sequence[tuple[str, int]], total: int | None, t: Tiles) -> str:
        """An amount for a tile's note: the converted total when there is one."""
        if total is not None:
            return fmt.money(total, t.base_currency, compact=True)
        return money_lines(amounts)[0]

    def _open(self, card: ListCard, index: QModelIndex) -> None:
        row = card.table.proxy.row_at(index.row())
        tab = "actions" if card is self.overdue else "stakeholders" if card is self.single else ""
        self.ctx.nav.open_account.emit(row.account_id, tab)
