"""The Metrics page: churn, retention, NRR/GRR, renewals, NPS/CSAT, CLV and time-to-value for
any period and segment, with the portfolio charts."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import BookContext
from ui.health.metrics_view import PortfolioMetricsView
from ui.pages import tables
from ui.pages.base import Page, page_header
from ui.widgets.fit import scroll_page


class MetricsPage(Page):
    watches = (
        tables.EVERYTHING - tables.QBRS - tables.ATTENTION - tables.FORECASTS - tables.TEMPLATES
    )

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view = PortfolioMetricsView(ctx.book, pool=ctx.pool, load_now=False)
        self.view.failed.connect(ctx.nav.status.emit)
        header, _title, _sub = page_header(
            "Metrics", "Retention, revenue and voice of the customer for any period"
        )
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(20, 16, 20, 12)
        body.addLayout(header)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll_page(content))

    def refresh(self) -> None:
        self.view.load()
