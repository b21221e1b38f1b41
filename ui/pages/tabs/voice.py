"""Voice of Customer: NPS and CSAT of the last twelve months, and every response with its
comment and themes."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QWidget

from planner.services import stakeholders, surveys
from planner.services.surveys import SurveyResponse
from ui.charts.widgets import VoiceTrendChart
from ui.context import BookContext
from ui.dialogs.editors import response_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import response_columns
from ui.models.table import fmt_date
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import Tile
from ui.widgets.fit import FlowGrid


class VoiceTab(WorkspaceTab):
    watches = tables.SURVEYS | tables.PEOPLE

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._names: dict[str, str] = {}
        self.nps = Tile("NPS, last 12 months")
        self.csat = Tile("CSAT, last 12 months")
        self.split = Tile("Promoters / passives / detractors")
        self.latest = Tile("Latest response")
        for tile in (self.nps, self.csat, self.split, self.latest):
            tile.setCursor(self.cursor())
        self.section = CrudSection(
            self,
            "Responses",
            response_columns(lambda sid: self._names.get(sid or "", "")),
            kind="response",
            new_dialog=self._new,
            edit_dialog=self._edit,
            name_of=lambda r: f"{r.kind.label} {r.score}",
            add_text="Add Response…",
            sort_column=0,
            descending=True,
            stretch=4,
            empty="No survey answers yet. Add NPS and CSAT responses as they come in, with the "
            "customer's comment.",
        )
        tiles = FlowGrid(180, max_columns=4)
        for tile in (self.nps, self.csat, self.split, self.latest):
            tiles.add(tile)
        layout = self.page_layout(spacing=12)
        layout.addWidget(tiles)
        layout.addLayout(self.panel_area)
        self.add_chart(VoiceTrendChart(ctx.book), height=220)
        layout.addWidget(self.section, 1)

    def refresh(self) -> None:
        if self.account is None:
            return
        book, today = self.ctx.book, self.ctx.today()
        self._names = {p.id: p.name for p in stakeholders.list_stakeholders(book, self.account.id)}
        rows = surveys.list_responses(book, self.account.id)
        self.section.set_rows(rows)
        start = today - timedelta(days=365)
        year = surveys.summarise([r for r in rows if start < r.responded_on <= today])
        if year.nps is None:
            self.nps.set("n/a", "no NPS answers in 12 months")
        else:
            tone = "good" if year.nps >= 30 else "bad" if year.nps < 0 else "warning"
            self.nps.set(f"{year.nps:+d}", f"from {year.nps_responses} answers", tone)
        if year.csat_pct is None:
            self.csat.set("n/a", "no CSAT answers in 12 months")
        else:
            tone = "good" if year.csat_pct >= 80 else "bad" if year.csat_pct < 60 else "warning"
            self.csat.set(
                f"{year.csat_pct} %", f"satisfied, of {year.csat_responses} answers", tone
            )
        self.split.set(
            f"{year.promoters} / {year.passives} / {year.detractors}",
            "NPS answers scoring 9-10 / 7-8 / 0-6",
        )
        if rows:
            r = rows[0]
            who = self._names.get(r.stakeholder_id or "", "")
            when = fmt_date(r.responded_on) + (f" · {who}" if who else "")
            self.latest.set(f"{r.kind.label} {r.score}", when)
        else:
            self.latest.set("-", "no responses yet")
        self.section.summary.setText(f"{len(rows)} in total")
        self.load_panels()

    def _new(self) -> FormDialog | None:
        return response_dialog(self.ctx, self.account.id, None, self) if self.account else None

    def _edit(self, row: SurveyResponse) -> FormDialog:
        assert self.account is not None
        return response_dialog(self.ctx, self.account.id, row, self)

    def delete_selected(self) -> bool:
        return self.section.delete_selected()
