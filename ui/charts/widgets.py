"""Ready-made chart widgets: each reads its data through a service and draws it.

Account charts take ``(book, account_id)``; portfolio charts take ``(book, period, segment)``.
All have ``refresh()`` (read again and redraw) and ``load(x)`` (the pages' panel protocol:
an account DTO for account charts, anything for portfolio charts). Account charts read on
the GUI thread (a few small queries); portfolio charts read off it, in a
:class:`~ui.workers.Job`, so a 10,000-account book never freezes the window. A read that fails
shows its message in place of the chart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.domain import metrics as mx
from planner.domain.errors import PlannerError
from planner.reports import charts
from planner.services import chart_data
from planner.services.books import Book
from ui.charts.canvas import ChartCanvas, Draw
from ui.workers import Job

Today = Callable[[], date]


class ChartWidget(QWidget):
    """A chart and, when its data cannot be read, a plain message in its place.

    ``loaded`` is emitted after each successful read (with the data), ``failed`` with the
    message of a read that failed.
    """

    loaded = Signal(object)
    failed = Signal(str)
    draw: ClassVar[Draw]
    file_stem: ClassVar[str] = "chart"

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.today: Today = book.clock.today
        self.canvas = ChartCanvas(self, file_stem=self.file_stem)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.message)

    def fetch(self) -> Any:
        """Read the chart's data (runs on the GUI thread or a worker, see ``refresh``)."""
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether there is something to read (an account chart needs an account)."""
        return True

    def refresh(self) -> None:
        if not self.ready():
            return
        try:
            data = self.fetch()
        except PlannerError as exc:
            self.show_error(str(exc))
            return
        self.show_data(data)

    def show_data(self, data: Any) -> None:
        self.message.hide()
        self.canvas.show()
        self.canvas.set_chart(type(self).draw, data)
        self.loaded.emit(data)

    def show_error(self, message: str) -> None:
        self.canvas.clear_chart()
        self.canvas.hide()
        self.message.setText(message)
        self.message.show()
        self.failed.emit(message)


# --------------------------------------------------------------------------- account charts


class AccountChart(ChartWidget):
    """A chart of one account. Call :meth:`set_account` (or ``load(account)``) to switch."""

    def __init__(
        self,
        book: Book,
        account_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent)
        self.account_id = account_id
        if account_id is not None:
            self.refresh()

    def ready(self) -> bool:
        return self.account_id is not None

    def set_account(self, account_id: str) -> None:
        self.account_id = account_id
        self.refresh()

    def load(self, account: Any) -> None:
        """The workspace's panel protocol: called with the account DTO on each refresh."""
        self.set_account(account.id)


class HealthTrendChart(AccountChart):
    draw = charts.draw_health_trend
    file_stem = "health_trend"

    def fetch(self) -> charts.HealthTrendData:
        assert self.account_id is not None
        return chart_data.health_trend_data(self.book, self.account_id)


class FactorContributionsChart(AccountChart):
    """The factors of the score now; with ``waterfall``, how each moved since the latest
    snapshot."""

    draw = charts.draw_factor_contributions
    file_stem = "health_factors"

    def __init__(
        self,
        book: Book,
        account_id: str | None = None,
        parent: QWidget | None = None,
        *,
        waterfall: bool = False,
    ) -> None:
        self.waterfall = waterfall
        super().__init__(book, account_id, parent)

    def set_waterfall(self, waterfall: bool) -> None:
        self.waterfall = waterfall
        self.refresh()

    def fetch(self) -> charts.FactorContributionsData:
        assert self.account_id is not None
        return chart_data.factor_contributions_data(
            self.book, self.account_id, waterfall=self.waterfall, today=self.today()
        )


class GoalProgressChart(AccountChart):
    draw = charts.draw_goal_progress
    file_stem = "goal_progress"

    def fetch(self) -> charts.GoalProgressData:
        assert self.account_id is not None
        return chart_data.goal_progress_data(self.book, self.account_id)


class GoalTrendChart(ChartWidget):
    """One goal's readings over time; :meth:`set_goal` switches goal (None: nothing shown)."""

    draw = charts.draw_goal_trend
    file_stem = "goal_trend"

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(book, parent)
        self.goal_id: str | None = None

    def ready(self) -> bool:
        return self.goal_id is not None

    def set_goal(self, goal_id: str | None) -> None:
        self.goal_id = goal_id
        if goal_id is None:
            self.canvas.clear_chart()
            return
        self.refresh()

    def fetch(self) -> charts.GoalTrendData:
        assert self.goal_id is not None
        return chart_data.goal_trend_data(self.book, self.goal_id)


class StakeholderMapChart(AccountChart):
    draw = charts.draw_stakeholder_map
    file_stem = "stakeholder_map"

    def fetch(self) -> charts.StakeholderMapData:
        assert self.account_id is not None
        return chart_data.stakeholder_map_data(self.book, self.account_id)


class VoiceTrendChart(AccountChart):
    draw = charts.draw_voice_trend
    file_stem = "nps_csat"

    def fetch(self) -> charts.VoiceTrendData:
        assert self.account_id is not None
        return chart_data.voice_trend_data(self.book, self.account_id, today=self.today())


class ArrHistoryChart(AccountChart):
    draw = charts.draw_arr_history
    file_stem = "arr_history"

    def fetch(self) -> charts.ArrHistoryData:
        assert self.account_id is not None
        return chart_data.arr_history_data(self.book, self.account_id, today=self.today())


# --------------------------------------------------------------------------- portfolio charts


class PortfolioChart(ChartWidget):
    """A chart of the whole book (or a segment) for a period, read off the GUI thread.

    ``period`` None means the 12 months ending today.
    """

    def __init__(
        self,
        book: Book,
        period: mx.Period | None = None,
        segment: mx.Segment | None = None,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
        load_now: bool = True,
    ) -> None:
        super().__init__(book, parent)
        self.period = period
        self.segment = segment
        self.pool = pool or QThreadPool.globalInstance()
        self._latest: Job | None = None
        self._running: set[Job] = set()
        if load_now:  # else the first load() reads (a page loads its panels when shown)
            self.refresh()

    @property
    def busy(self) -> bool:
        return self._latest is not None

    def effective_period(self) -> mx.Period:
        return self.period or mx.Period.year_ending(self.today())

    def set_period(self, period: mx.Period | None, segment: mx.Segment | None = None) -> None:
        self.period = period
        self.segment = segment
        self.refresh()

    def load(self, _data: Any = None) -> None:
        """The portfolio page's panel protocol: any fresh data means "read again"."""
        self.refresh()

    def refresh(self) -> None:
        """Read again off the GUI thread; a read overtaken by a newer one is dropped."""
        job = Job(lambda _progress: self.fetch())
        job.signals.finished.connect(self._arrived)
        job.signals.failed.connect(self._broke)
        self._latest = job
        self._running.add(job)  # kept alive until it reports
        self.pool.start(job)

    def _reported(self) -> Job | None:
        sender = self.sender()
        job = next((j for j in self._running if j.signals is sender), None)
        if job is not None:
            self._running.discard(job)
        return job

    def _arrived(self, data: Any) -> None:
        if self._reported() is self._latest is not None:
            self._latest = None
            self.show_data(data)

    def _broke(self, message: str) -> None:
        if self._reported() is self._latest is not None:
            self._latest = None
            self.show_error(message)


class HealthDistributionChart(PortfolioChart):
    draw = charts.draw_health_distribution
    file_stem = "health_distribution"

    def fetch(self) -> charts.HealthDistributionData:
        return chart_data.health_distribution_data(self.book, self.effective_period(), self.segment)


class ArrBridgeChart(PortfolioChart):
    draw = charts.draw_arr_bridge
    file_stem = "arr_bridge"

    def fetch(self) -> charts.ArrBridgeData:
        return chart_data.arr_bridge_data(self.book, self.effective_period(), self.segment)


class RenewalsByMonthChart(PortfolioChart):
    """Renewals of the next 12 months from today (the period is not used)."""

    draw = charts.draw_renewals_by_month
    file_stem = "renewals_by_month"

    def fetch(self) -> charts.RenewalsByMonthData:
        return chart_data.renewals_by_month_data(self.book, self.segment, today=self.today())


class RetentionTrendChart(PortfolioChart):
    """NRR and GRR of the last eight quarters up to today (the period is not used)."""

    draw = charts.draw_retention_trend
    file_stem = "retention_trend"

    def fetch(self) -> charts.RetentionTrendData:
        return chart_data.retention_trend_data(self.book, self.segment, today=self.today())
