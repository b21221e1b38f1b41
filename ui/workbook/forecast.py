"""Renewal forecast: a page with every renewal of the next quarters (category, why, ARR at stake
and risk-weighted in the base currency, overrides), and a panel beside the Portfolio's renewals
chart with this quarter against last quarter.

Figures come from :func:`planner.services.forecast.forecast`, read off the GUI thread, and are
formatted by the one money formatter. Setting or clearing a forecast by hand is undoable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import ForecastCategory
from planner.domain.forecast import Bucket
from planner.domain.money import format_minor
from planner.services import books, forecast
from planner.services.forecast import Forecast, ForecastRow, OverrideEntry
from ui.context import BookContext
from ui.models.table import EXTRA, RIGHT, Column, RowTableModel, fmt_date
from ui.pages import tables
from ui.pages.base import Page
from ui.theme import semantic_colors
from ui.widgets.common import Card, DataTable, Tile, plain_label
from ui.workbook.common import alive, record

Category = ForecastCategory
WATCHED = tables.RENEWAL_FORECAST


def category_color(category: Category) -> QColor:
    colors = semantic_colors()
    return {
        Category.COMMIT: colors.good,
        Category.LIKELY: colors.accent,
        Category.AT_RISK: colors.warning,
        Category.CHURN_EXPECTED: colors.bad,
    }[category]


def _money(minor: int | None, currency: str) -> str:
    return "not converted" if minor is None else format_minor(minor, currency)


def row_columns(base: str) -> tuple[Column[ForecastRow], ...]:
    return (
        Column("Account", lambda r: r.account_name, width=28, min_width=14),
        Column(
            "Renewal",
            lambda r: fmt_date(r.renewal_date) + (" (passed)" if r.past_due else ""),
            sort=lambda r: r.renewal_date,
            width=16,
        ),
        Column(
            "Forecast",
            lambda r: r.category.label + (" (by hand)" if r.overridden else ""),
            sort=lambda r: list(Category).index(r.category),
            decoration=lambda r: category_color(r.category),
            bold=lambda r: r.overridden,
            width=20,
        ),
        Column(
            "Weight",
            lambda r: f"{r.weight_pct} %",
            sort=lambda r: r.weight_pct,
            align=RIGHT,
            width=7,
            priority=EXTRA,
        ),
        Column(
            "At stake",
            lambda r: _money(r.arr_base_minor, base),
            sort=lambda r: r.arr_base_minor if r.arr_base_minor is not None else -1,
            align=RIGHT,
            width=15,
            tooltip=lambda r: (
                r.conversion_problem
                or (f"Converted at 1 {r.currency} = {r.fx_rate} {base}" if r.fx_rate else "")
            ),
        ),
        Column(
            "Risk-weighted",
            lambda r: _money(r.weighted_minor, base) if r.converted else "",
            sort=lambda r: r.weighted_minor or -1,
            align=RIGHT,
            width=15,
        ),
        Column(
            "In its currency",
            lambda r: "" if r.currency == base else format_minor(r.arr_minor, r.currency),
            sort=lambda r: r.arr_minor,
            align=RIGHT,
            width=14,
            priority=EXTRA + 1,
        ),
        Column(
            "Why",
            lambda r: "; ".join(r.reasons),
            tooltip=lambda r: "\n".join(r.reasons),
            width=40,
            min_width=14,
        ),
    )


def quarter_columns(base: str) -> tuple[Column[Bucket], ...]:
    def share(category: Category) -> Column[Bucket]:
        return Column(
            category.label,
            lambda b: format_minor(b.by_category[category.value], base),
            sort=lambda b: b.by_category[category.value],
            align=RIGHT,
            width=14,
            foreground=lambda _b: category_color(category),
        )

    return (
        Column("Quarter", lambda b: b.label, sort=lambda b: b.start, width=9),
        Column(
            "Renewals", lambda b: str(b.renewals), sort=lambda b: b.renewals, align=RIGHT, width=8
        ),
        Column(
            "At stake",
            lambda b: format_minor(b.arr_at_stake_minor, base),
            sort=lambda b: b.arr_at_stake_minor,
            align=RIGHT,
            width=15,
        ),
        *(share(c) for c in Category),
        Column(
            "Risk-weighted",
            lambda b: format_minor(b.weighted_arr_minor, base),
            sort=lambda b: b.weighted_arr_minor,
            align=RIGHT,
            width=16,
            bold=lambda _b: True,
        ),
        Column(
            "Not converted",
            lambda b: str(b.not_converted) if b.not_converted else "",
            align=RIGHT,
            width=10,
            priority=EXTRA,
        ),
    )


def comparison_lines(f: Forecast) -> tuple[str, str]:
    """This quarter and last quarter, one line each (the panel and the page say the same)."""
    c = f.comparison
    this = (
        f"{c.this_quarter.label}: {f.money(c.this_quarter.weighted_arr_minor)} risk-weighted "
        f"of {f.money(c.this_quarter.arr_at_stake_minor)} at stake "
        f"({c.this_quarter.renewals} renewal{'s' if c.this_quarter.renewals != 1 else ''})"
    )
    o = c.last_quarter_outcome
    last = (
        f"{c.last_quarter.label}, as forecast on {fmt_date(c.last_quarter_as_of)}: "
        f"{f.money(c.last_quarter.weighted_arr_minor)} of "
        f"{f.money(c.last_quarter.arr_at_stake_minor)}; then {o.renewed} renewed "
        f"({f.money(o.renewed_minor)}), {o.churned} churned ({f.money(o.churned_minor)})"
        + (f", {o.undecided} not decided" if o.undecided else "")
    )
    return this, last


def fx_note(f: Forecast) -> str:
    parts = []
    if f.rates_used:
        used = ", ".join(f"1 {k} = {v} {f.base_currency}" for k, v in f.rates_used.items())
        parts.append(f"Converted with the book's rates: {used}.")
    if f.not_converted:
        parts.append(
            f"No rate for {', '.join(f.not_converted)}: those renewals are listed as not "
            "converted and left out of the totals (add the rate in Book > Settings…)."
        )
    return " ".join(parts)


class OverrideDialog(QDialog):
    """Set a renewal's forecast by hand (with a reason), or go back to the derived one; the
    history of this account's overrides is shown below."""

    def __init__(self, ctx: BookContext, row: ForecastRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setWindowTitle(f"Forecast of {row.account_name}")
        self.category = QComboBox()
        self.category.addItem(f"As derived: {row.derived.label}", "")
        for c in Category:
            self.category.addItem(c.label, c.value)
        if row.overridden:
            self.category.setCurrentIndex(self.category.findData(row.category.value))
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText("Why, for example: verbal commit from the CFO on 20 Nov")
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        history = forecast.override_history(ctx.book, row.account_id)
        lines = [self._history_line(h) for h in history] or ["Never set by hand."]
        self.history = plain_label("\n".join(lines[:12]), "muted", wrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not ctx.read_only)
        form = QFormLayout()
        form.addRow("Forecast", self.category)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"Renewal on {fmt_date(row.renewal_date)}. Derived from the account: "
                f"{row.derived.label.lower()} ({'; '.join(row.reasons[:3])}).",
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(plain_label("History", "heading"))
        layout.addWidget(self.history)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    @staticmethod
    def _history_line(h: OverrideEntry) -> str:
        what = h.category.label if h.category else "back to derived"
        reason = f": {h.reason}" if h.reason else ""
        return f"{fmt_date(h.set_on)}  {what} (renewal {fmt_date(h.renewal_date)}){reason}"

    def save(self) -> None:
        chosen = str(self.category.currentData() or "")
        book, account = self.ctx.book, self.row.account_id
        reason = self.reason.text()
        if chosen:
            text = f"Set forecast of {self.row.account_name}"

            def do() -> OverrideEntry:
                return forecast.set_override(book, account, chosen, reason)
        else:
            if not self.row.overridden:
                self.reject()
                return
            text = f"Clear forecast of {self.row.account_name}"

            def do() -> OverrideEntry:
                return forecast.clear_override(book, account, reason)

        def undo(entry: OverrideEntry) -> None:
            forecast.delete_override_entry(book, entry.id)

        try:
            record(self.ctx, text, do, undo)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


class WeightsDialog(QDialog):
    """The category weights (book settings)."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Forecast weights")
        current = forecast.get_weights(ctx.book)
        self.fields: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for c in Category:
            box = QSpinBox()
            box.setRange(0, 100)
            box.setSuffix(" %")
            box.setValue(current.of(c))
            self.fields[c.value] = box
            form.addRow(c.label, box)
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not ctx.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "The share of each renewal's ARR the risk-weighted "
                "forecast counts. Kept in the book.",
                "muted",
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        book = self.ctx.book
        before = forecast.get_weights(book)
        values = {name: box.value() for name, box in self.fields.items()}
        try:
            record(
                self.ctx,
                "Change forecast weights",
                lambda: forecast.set_weights(book, **values),
                lambda _w: forecast.set_weights(book, **{c.value: before.of(c) for c in Category}),
            )
        except Exception as exc:  # noqa: BLE001 - shown next to the fields
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


class ForecastPage(Page):
    """The sidebar page "Forecast"."""

    loaded = Signal()
    watches = WATCHED

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self.data: Forecast | None = None
        self.dialog: QDialog | None = None
        self.title = plain_label("Renewal Forecast", "title")
        self.subtitle = plain_label("Loading…", "subtitle")
        self.quarters = QSpinBox()
        self.quarters.setRange(1, forecast.MAX_QUARTERS)
        self.quarters.setValue(forecast.DEFAULT_QUARTERS)
        self.quarters.setSuffix(" quarters")
        self.quarters.setToolTip("How many quarters ahead, starting with this one")
        self.weights = QPushButton("Weights…")
        self.tiles = {
            "stake": Tile("ARR at stake"),
            "weighted": Tile("Risk-weighted ARR"),
            "this": Tile("This quarter"),
            "last": Tile("Last quarter"),
        }
        self.this_line = plain_label("", wrap=True)
        self.last_line = plain_label("", "muted", wrap=True)
        self.fx = plain_label("", "muted", wrap=True)
        base = str(books.get_settings(ctx.book).get("base_currency") or "USD")
        self.by_quarter: RowTableModel[Bucket] = RowTableModel(quarter_columns(base), self)
        self.quarter_table = DataTable(self.by_quarter, sort_column=0, stretch=None)
        self.quarter_table.setMinimumHeight(120)
        self.rows: RowTableModel[ForecastRow] = RowTableModel(row_columns(base), self)
        self.table = DataTable(
            self.rows, sort_column=1, stretch=7, empty="No renewals in these quarters."
        )
        self.set_forecast = QPushButton("Set Forecast…")
        self.set_forecast.setToolTip("Set the selected renewal's forecast by hand, with a reason")
        self.editing(self.set_forecast)
        self.open_account = QPushButton("Open Account")

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.quarters)
        head.addWidget(self.weights)
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.quarter_table)
        tl.addWidget(self.this_line)
        tl.addWidget(self.last_line)
        tl.addWidget(self.fx)
        tl.addStretch(1)  # the lines stay under the table, however tall the pane
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.set_forecast)
        row.addWidget(self.open_account)
        row.addStretch(1)
        bl.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([250, 420])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addLayout(tiles)
        layout.addWidget(split, 1)

        self.quarters.valueChanged.connect(lambda _v: self.mark_dirty())
        self.weights.clicked.connect(self.edit_weights)
        self.set_forecast.clicked.connect(self.override_selected)
        self.open_account.clicked.connect(self.open_selected)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self._selection()

    def refresh(self) -> None:
        self._generation += 1
        generation, book, quarters = self._generation, self.ctx.book, self.quarters.value()
        self.ctx.load(
            lambda: forecast.forecast(book, quarters=quarters),
            lambda data: self._loaded(generation, data),
            self._failed,
        )

    def _failed(self, message: str) -> None:
        if alive(self):
            self.subtitle.setText(f"The forecast could not be made: {message}")

    def _loaded(self, generation: int, data: Forecast) -> None:
        if generation != self._generation or not alive(self):
            return
        keep = self.selected()
        self.data = data
        base = data.base_currency
        self.subtitle.setText(
            f"Renewals from {fmt_date(data.start)} to {fmt_date(data.end)}, in {base}, as of "
            f"{fmt_date(data.today)}"
        )

        def compact(minor: int) -> str:
            return format_minor(minor, base, compact=True)

        self.tiles["stake"].set(compact(data.arr_at_stake_minor), f"{len(data.rows)} renewals")
        share = (
            round(100 * data.weighted_arr_minor / data.arr_at_stake_minor)
            if data.arr_at_stake_minor
            else 0
        )
        self.tiles["weighted"].set(
            compact(data.weighted_arr_minor), f"{share} % of what is at stake"
        )
        c = data.comparison
        self.tiles["this"].set(
            compact(c.this_quarter.weighted_arr_minor),
            f"{c.this_quarter.label}, of {compact(c.this_quarter.arr_at_stake_minor)}",
        )
        self.tiles["last"].set(
            compact(c.last_quarter.weighted_arr_minor),
            f"{c.last_quarter.label} as forecast on {fmt_date(c.last_quarter_as_of)}",
        )
        this, last = comparison_lines(data)
        self.this_line.setText(f"This quarter — {this}.")
        self.last_line.setText(f"Last quarter — {last}.")
        self.fx.setText(fx_note(data))
        self.fx.setVisible(bool(self.fx.text()))
        self.by_quarter.set_rows(data.by_quarter)
        line = self.quarter_table.verticalHeader().defaultSectionSize()
        header = self.quarter_table.horizontalHeader().height()
        self.quarter_table.setMaximumHeight(min(header + line * len(data.by_quarter) + 6, 330))
        self.rows.set_rows(data.rows)
        if keep is not None:
            for r in range(self.table.proxy.rowCount()):
                if self.table.proxy.row_at(r).account_id == keep.account_id:
                    self.table.selectRow(r)
                    break
        self._selection()
        self.loaded.emit()

    def selected(self) -> ForecastRow | None:
        row = self.table.current_row()
        return row if isinstance(row, ForecastRow) else None

    def _selection(self) -> None:
        row = self.selected()
        self.set_enabled_for_edit(self.set_forecast, row is not None)
        self.open_account.setEnabled(row is not None)

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.nav.open_account.emit(row.account_id, "overview")

    def override_selected(self) -> OverrideDialog | None:
        row = self.selected()
        if row is None or self.ctx.read_only:
            return None
        dialog = OverrideDialog(self.ctx, row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_weights(self) -> WeightsDialog:
        dialog = WeightsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog


class ForecastPanel(Card):
    """Beside the Portfolio's renewals chart: this quarter against last quarter, and the ARR
    of the coming year's renewals by category. It reloads whenever the Portfolio does."""

    loaded = Signal()

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__("Renewal forecast", parent)
        self.ctx = ctx
        self._generation = 0
        self.data: Forecast | None = None
        self.this = plain_label("Loading…", wrap=True)
        self.last = plain_label("", "muted", wrap=True)
        self.lines: dict[Category, Any] = {}
        self.body.addWidget(self.this)
        self.body.addWidget(self.last)
        for c in Category:
            label = plain_label("")
            self.lines[c] = label
            self.body.addWidget(label)
        self.note = plain_label("", "muted", wrap=True)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        more = QPushButton("Open the Forecast")
        more.setFlat(True)
        more.clicked.connect(lambda: ctx.nav.show_page.emit("forecast"))
        self.body.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
        self.setMinimumWidth(260)

    def load(self, _dashboard: object = None) -> None:
        self._generation += 1
        generation, book = self._generation, self.ctx.book
        self.ctx.load(
            lambda: forecast.forecast(book),
            lambda data: self._loaded(generation, data),
            self._failed,
        )

    def _failed(self, message: str) -> None:
        if alive(self):
            self.this.setText(f"The forecast could not be made: {message}")

    def _loaded(self, generation: int, data: Forecast) -> None:
        if generation != self._generation or not alive(self):
            return
        self.data = data
        base = data.base_currency

        def compact(minor: int) -> str:
            return format_minor(minor, base, compact=True)

        c = data.comparison
        o = c.last_quarter_outcome
        self.this.setText(
            f"This quarter ({c.this_quarter.label}): {compact(c.this_quarter.weighted_arr_minor)} "
            f"risk-weighted of {compact(c.this_quarter.arr_at_stake_minor)}"
        )
        self.last.setText(
            f"Last quarter ({c.last_quarter.label}), forecast on "
            f"{fmt_date(c.last_quarter_as_of)}: {compact(c.last_quarter.weighted_arr_minor)} of "
            f"{compact(c.last_quarter.arr_at_stake_minor)}; {o.renewed} renewed, "
            f"{o.churned} churned"
        )
        for cat, label in self.lines.items():
            label.setText(f"●  {cat.label}: {compact(data.total.by_category[cat.value])}")
            label.setStyleSheet(f"color: {category_color(cat).name()}")
        note = (
            f"Next {data.quarters} quarters: {compact(data.weighted_arr_minor)} risk-weighted of "
            f"{compact(data.arr_at_stake_minor)}."
        )
        if data.not_converted:
            note += f" Not converted: {', '.join(data.not_converted)}."
        self.note.setText(note)
        self.loaded.emit()
