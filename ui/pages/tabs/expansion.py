"""Expansion: upsell and cross-sell opportunities, and the revenue events behind the ARR."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from planner.domain.enums import OpportunityStatus
from planner.domain.money import format_minor
from planner.services import revenue
from planner.services.revenue import Opportunity, RevenueEvent
from ui.context import BookContext
from ui.dialogs.editors import event_dialog, opportunity_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import EVENT_COLUMNS, OPPORTUNITY_COLUMNS, whole_money
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.workspace import WorkspaceTab


class ExpansionTab(WorkspaceTab):
    watches = tables.REVENUE

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.opportunities = CrudSection(
            self,
            "Opportunities",
            OPPORTUNITY_COLUMNS,
            kind="opportunity",
            new_dialog=self._new_opp,
            edit_dialog=self._edit_opp,
            name_of=lambda o: o.title,
            add_text="Add Opportunity…",
            sort_column=5,
            stretch=0,
            rows=(3, 10),
            grow=False,
            empty="No expansion opportunities yet. Add upsells and cross-sells as you spot them.",
        )
        self.events = CrudSection(
            self,
            "Revenue events",
            EVENT_COLUMNS,
            kind="event",
            new_dialog=self._new_event,
            edit_dialog=self._edit_event,
            name_of=lambda e: f"{e.kind.label} of {format_minor(e.arr_delta_minor, e.currency)}",
            add_text="Record ARR Change…",
            sort_column=0,
            descending=True,
            stretch=3,
            rows=(3, 10),
            grow=False,
            empty="No revenue recorded. The account's ARR is the sum of its revenue events.",
        )
        layout = self.page_layout(spacing=8)
        layout.addLayout(self.panel_area)
        layout.addWidget(self.opportunities)
        layout.addSpacing(6)
        layout.addWidget(self.events)
        layout.addStretch(1)
        self.opportunities.selected.connect(lambda r: self._focus(self.opportunities, r))
        self.events.selected.connect(lambda r: self._focus(self.events, r))
        self._active: CrudSection | None = None

    def refresh(self) -> None:
        if self.account is None:
            return
        book, account = self.ctx.book, self.account
        opps = revenue.list_opportunities(book, account.id)
        events = revenue.list_events(book, account.id)
        self.opportunities.set_rows(opps)
        self.events.set_rows(events)
        pipeline = sum(o.amount_minor for o in opps if o.status is OpportunityStatus.OPEN)
        n_open = sum(1 for o in opps if o.status is OpportunityStatus.OPEN)
        won = sum(o.amount_minor for o in opps if o.status is OpportunityStatus.WON)
        self.opportunities.summary.setText(
            f"{n_open} open, {whole_money(pipeline, account.currency)} in pipeline · "
            f"{whole_money(won, account.currency)} won"
        )
        self.events.summary.setText(f"ARR now {whole_money(account.arr_minor, account.currency)}")
        self.load_panels()

    def _focus(self, section: CrudSection, row: Any) -> None:
        if row is None:
            return
        self._active = section
        other = self.events if section is self.opportunities else self.opportunities
        other.table.clearSelection()

    def _new_opp(self) -> FormDialog | None:
        return opportunity_dialog(self.ctx, self.account, None, self) if self.account else None

    def _edit_opp(self, row: Opportunity) -> FormDialog:
        assert self.account is not None
        return opportunity_dialog(self.ctx, self.account, row, self)

    def _new_event(self) -> FormDialog | None:
        return event_dialog(self.ctx, self.account, None, self) if self.account else None

    def _edit_event(self, row: RevenueEvent) -> FormDialog:
        assert self.account is not None
        return event_dialog(self.ctx, self.account, row, self)

    def delete_selected(self) -> bool:
        for section in (self._active, self.opportunities, self.events):
            if section is not None and section.current() is not None:
                return section.delete_selected()
        return False
