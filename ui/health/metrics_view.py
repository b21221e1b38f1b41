"""The portfolio metrics view: pick a period and a segment, read every figure with a plain
explanation, and see the four portfolio charts.

The figures and the charts are computed off the GUI thread (one job per change of the period
or segment; a result overtaken by a newer request is dropped), so the view stays responsive on
a 10,000-account book.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from planner.domain import formatting as fmt
from planner.domain import metrics as mx
from planner.domain.errors import PlannerError
from planner.reports import charts
from planner.services import book_settings, chart_data, metrics
from planner.services.books import Book
from ui.charts.canvas import ChartCanvas
from ui.health.common import Today, fit_rows, table_view
from ui.health.models import MetricsTableModel
from ui.widgets.common import date_edit, plain_label
from ui.widgets.fit import FlowGrid
from ui.workers import Job

CHART_MIN = (400, 270)
"""The smallest a portfolio chart is drawn (pixels)."""
PRESETS = ("This quarter", "Last quarter", "Year to date", "Last 12 months", "Last year", "Custom")


def _month_start(day: date, back: int = 0) -> date:
    """The first day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def preset_period(name: str, today: date, fiscal_start: int = 1) -> mx.Period:
    """The period a preset stands for, as of ``today``; quarters and years follow the fiscal
    year that starts in month ``fiscal_start`` (1: the calendar year)."""
    quarter = _month_start(today, (today.month - fiscal_start) % 3)
    year = _month_start(today, (today.month - fiscal_start) % 12)
    if name == "This quarter":
        return mx.Period(quarter, today)
    if name == "Last quarter":
        return mx.Period(_month_start(quarter, 3), quarter - timedelta(days=1))
    if name == "Year to date":
        return mx.Period(year, today)
    if name == "Last year":
        return mx.Period(_month_start(year, 12), year - timedelta(days=1))
    return mx.Period.year_ending(today)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PortfolioMetricsView(QWidget):
    """Figures and portfolio charts for a period and an optional segment.

    ``computed(Metrics)`` is emitted when fresh figures are shown; ``failed(str)`` when they
    cannot be computed (the message is also shown in the view).
    """

    computed = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        book: Book,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
        load_now: bool = True,
    ) -> None:
        """``load_now=False`` computes nothing until :meth:`load` is called (a page that is
        not on screen yet loads when it is first shown)."""
        super().__init__(parent)
        self.book = book
        self.today: Today = book.clock.today
        self.pool = pool or QThreadPool.globalInstance()
        self.metrics: mx.Metrics | None = None
        self._latest: Job | None = None
        self._running: set[Job] = set()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)

        self.fiscal_start = 1
        """The month the book's fiscal year starts (read again on each :meth:`load`)."""
        with contextlib.suppress(PlannerError):
            self.fiscal_start = book_settings.get(book).fiscal_year_start
        self.preset = QComboBox()
        self.preset.addItems(PRESETS)
        self.preset.setCurrentText("Last 12 months")
        self.start = date_edit()
        self.end = date_edit()
        self.segment_field = QComboBox()
        self.segment_field.addItem("All accounts", None)
        for key, label in mx.SEGMENT_FIELDS.items():
            self.segment_field.addItem(label, key)
        self.segment_value = QComboBox()
        self.segment_value.setEnabled(False)
        self.segment_value.setMinimumContentsLength(14)
        self.status = plain_label("", "muted", wrap=True)
        self.error = plain_label("", wrap=True)
        self.error.setStyleSheet("color: #d14343;")
        self.error.hide()

        self.table = MetricsTableModel(self)
        view = table_view()
        view.setModel(self.table)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fit_rows(view, 11)
        self.table_view = view

        self.canvases = {
            "distribution": ChartCanvas(self, file_stem="health_distribution"),
            "bridge": ChartCanvas(self, file_stem="arr_bridge"),
            "renewals": ChartCanvas(self, file_stem="renewals_by_month"),
            "retention": ChartCanvas(self, file_stem="retention_trend"),
        }
        # Two charts a row when there is room for both at a legible size, else one; each
        # grows with the window and never shrinks below CHART_MIN (the page scrolls).
        self.chart_grid = FlowGrid(CHART_MIN[0], max_columns=2)
        for canvas in self.canvases.values():
            canvas.setMinimumSize(*CHART_MIN)
            self.chart_grid.add(canvas)

        bar = QHBoxLayout()
        bar.addWidget(plain_label("Period:"))
        bar.addWidget(self.preset)
        bar.addWidget(self.start)
        bar.addWidget(plain_label("to"))
        bar.addWidget(self.end)
        bar.addSpacing(16)
        bar.addWidget(plain_label("Accounts:"))
        bar.addWidget(self.segment_field)
        bar.addWidget(self.segment_value)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(view)
        layout.addWidget(self.chart_grid, 1)

        self._show_fiscal_year()
        self._apply_preset()
        self.preset.currentTextChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.segment_field.currentIndexChanged.connect(self._field_changed)
        self.segment_value.currentIndexChanged.connect(lambda _i: self._debounce.start())
        if load_now:
            self.refresh()
        else:
            self._debounce.stop()

    # ----------------------------------------------------------------- choices
    def period(self) -> mx.Period:
        return mx.Period(_pydate(self.start.date()), _pydate(self.end.date()))

    def segment(self) -> mx.Segment | None:
        field = self.segment_field.currentData()
        value = self.segment_value.currentData()
        if field is None or not value:
            return None
        return mx.Segment(field, value)

    def set_period(self, period: mx.Period) -> None:
        """Show a custom period (as if typed into the date fields)."""
        with QSignalBlocker(self.preset):
            self.preset.setCurrentText("Custom")
        self._set_dates(period)
        self._debounce.start()

    def set_segment(self, segment: mx.Segment | None) -> None:
        index = self.segment_field.findData(segment.field if segment else None)
        self.segment_field.setCurrentIndex(max(index, 0))
        if segment is not None:
            found = self.segment_value.findData(segment.value)
            if found < 0:
                self.segment_value.addItem(segment.value, segment.value)
                found = self.segment_value.count() - 1
            self.segment_value.setCurrentIndex(found)
        self._debounce.start()

    def _set_dates(self, period: mx.Period) -> None:
        for edit, day in ((self.start, period.start), (self.end, period.end)):
            with QSignalBlocker(edit):
                edit.setDate(_qdate(day))

    def _apply_preset(self) -> None:
        name = self.preset.currentText()
        if name != "Custom":
            self._set_dates(preset_period(name, self.today(), self.fiscal_start))
        self._debounce.start()

    def _dates_edited(self) -> None:
        with QSignalBlocker(self.preset):
            self.preset.setCurrentText("Custom")
        self._debounce.start()

    def _field_changed(self) -> None:
        field = self.segment_field.currentData()
        with QSignalBlocker(self.segment_value):
            self.segment_value.clear()
            if field is not None:
                try:
                    values = metrics.segment_values(self.book, field)
                except PlannerError as exc:
                    values = []
                    self._show_error(str(exc))
                for value in values:
                    label = value.replace("_", " ").capitalize() if field == "tier" else value
                    self.segment_value.addItem(label, value)
            self.segment_value.setEnabled(field is not None)
        self._debounce.start()

    # ----------------------------------------------------------------- computing
    def load(self, _data: Any = None) -> None:
        """The portfolio page's panel protocol: any fresh data means "compute again" (with
        the book's fiscal year, which may have changed)."""
        try:
            fiscal_start = book_settings.get(self.book).fiscal_year_start
        except PlannerError:
            fiscal_start = self.fiscal_start
        if fiscal_start != self.fiscal_start:
            self.fiscal_start = fiscal_start
            self._show_fiscal_year()
            name = self.preset.currentText()
            if name != "Custom":
                self._set_dates(preset_period(name, self.today(), fiscal_start))
        self.refresh()

    def _show_fiscal_year(self) -> None:
        month = book_settings.MONTHS[self.fiscal_start - 1]
        self.preset.setToolTip(
            "Quarters and years follow the calendar year (Book > Settings… sets the fiscal year)"
            if self.fiscal_start == 1
            else f"Quarters and years follow the fiscal year, which starts in {month} "
            "(Book > Settings…)"
        )

    @property
    def busy(self) -> bool:
        return self._latest is not None

    def refresh(self) -> None:
        self._debounce.stop()
        try:
            period = self.period()
        except PlannerError as exc:
            self._show_error(str(exc))
            return
        segment, book, day = self.segment(), self.book, self.today()

        def work(_progress: object) -> tuple[mx.Metrics, chart_data.PortfolioCharts]:
            figures = metrics.portfolio_metrics(book, period, segment, as_of=day)
            pictures = chart_data.portfolio_charts(book, period, segment, today=day)
            return figures, pictures

        self.status.setText("Computing…")
        job = Job(work)
        job.signals.finished.connect(self._arrived)
        job.signals.failed.connect(self._broke)
        self._latest = job
        self._running.add(job)
        self.pool.start(job)

    def _reported(self) -> Job | None:
        sender = self.sender()
        job = next((j for j in self._running if j.signals is sender), None)
        if job is not None:
            self._running.discard(job)
        return job

    def _arrived(self, result: tuple[mx.Metrics, chart_data.PortfolioCharts]) -> None:
        if self._reported() is not self._latest or self._latest is None:
            return
        self._latest = None
        figures, pictures = result
        self.metrics = figures
        self.error.hide()
        self.table.set_rows(mx.describe(figures))
        scope = figures.segment.label if figures.segment else "all accounts"
        rates = "; ".join(fmt.exchange_rate(c, r, figures.currency) for c, r in figures.rates_used)
        self.status.setText(
            f"{figures.period.label}, {scope}: {figures.accounts:,} accounts. Money in "
            f"{figures.currency}"
            + (f" ({rates}, from Book > Settings…)" if rates else "")
            + f". Renewals come due up to {fmt.day(self.today())}."
        )
        self.canvases["distribution"].set_chart(
            charts.draw_health_distribution, pictures.distribution
        )
        self.canvases["bridge"].set_chart(charts.draw_arr_bridge, pictures.bridge)
        self.canvases["renewals"].set_chart(charts.draw_renewals_by_month, pictures.renewals)
        self.canvases["retention"].set_chart(charts.draw_retention_trend, pictures.retention)
        self.computed.emit(figures)

    def _broke(self, message: str) -> None:
        if self._reported() is not self._latest or self._latest is None:
            return
        self._latest = None
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.status.setText("")
        self.error.setText(message)
        self.error.show()
        self.failed.emit(message)
