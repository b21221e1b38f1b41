"""Stakeholders: the people table, the org chart by reports-to, and coverage flags."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTreeView, QVBoxLayout, QWidget

from planner.domain.coverage import PeopleCount
from planner.services import stakeholders
from planner.services.stakeholders import Stakeholder
from ui.charts.widgets import StakeholderMapChart
from ui.context import BookContext
from ui.dialogs.editors import stakeholder_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import sentiment_color, sentiment_text, stakeholder_columns
from ui.models.table import EXTRA, Column
from ui.models.tree import OrgChartModel
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.tabs.sentiment_history import SentimentHistory
from ui.pages.workspace import WorkspaceTab
from ui.theme import semantic_colors
from ui.widgets.common import heading, plain_label, repolish, save_splitter
from ui.widgets.fit import ColumnFitter

ORG_COLUMNS: tuple[Column[Stakeholder], ...] = (
    Column(
        "Name",
        lambda p: p.name + (" (left)" if p.left_company else ""),
        tooltip=lambda p: p.job_title,
        foreground=lambda p: semantic_colors().muted if p.left_company else None,
        width=30,
        min_width=14,
    ),
    Column("Role", lambda p: p.role.label, width=18, min_width=8),
    Column(
        "Sentiment",
        lambda p: sentiment_text(p.sentiment),
        foreground=lambda p: sentiment_color(p.sentiment),
        width=18,
        priority=EXTRA,
    ),
)


class StakeholdersTab(WorkspaceTab):
    watches = tables.PEOPLE

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people = CrudSection(
            self,
            "People",
            stakeholder_columns(ctx.today),
            kind="stakeholder",
            new_dialog=self._new,
            edit_dialog=self._edit,
            name_of=lambda p: p.name,
            add_text="Add Person…",
            sort_column=3,
            descending=True,
            stretch=1,
            empty="No stakeholders yet. Add the executive sponsor, the champion and the "
            "people you work with day to day.",
        )
        self.flags = QHBoxLayout()
        self.flags.setSpacing(6)
        self.flag_title = plain_label("Coverage", "heading")

        self.org_model = OrgChartModel(ORG_COLUMNS, self)
        self.org = QTreeView()
        self.org.setModel(self.org_model)
        self.org.setHeaderHidden(False)
        self.org.setUniformRowHeights(True)
        self.org.setAlternatingRowColors(True)
        self.org.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.org_fitter = ColumnFitter(self.org, ORG_COLUMNS)
        org_box = QWidget()
        ob = QVBoxLayout(org_box)
        ob.setContentsMargins(0, 0, 0, 0)
        ob.setSpacing(6)
        ob.addWidget(heading("Org chart"))
        ob.addWidget(self.org, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.people)
        self.splitter.addWidget(org_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 420])
        self.splitter.setChildrenCollapsible(False)
        save_splitter(ctx.settings, "stakeholders", self.splitter)

        flag_row = QHBoxLayout()
        flag_row.addWidget(self.flag_title)
        flag_row.addSpacing(6)
        flag_row.addLayout(self.flags)
        flag_row.addStretch(1)
        layout = self.page_layout()
        layout.addLayout(flag_row)
        layout.addLayout(self.panel_area)
        self.add_chart(StakeholderMapChart(ctx.book), height=230)
        layout.addWidget(self.splitter, 1)
        self.sentiment = SentimentHistory(ctx)
        layout.addWidget(self.sentiment)
        self.people.selected.connect(self.sentiment.show_person)

        self.org.activated.connect(self._org_activated)
        self.org.clicked.connect(self._org_clicked)

    def refresh(self) -> None:
        if self.account is None:
            return
        people = stakeholders.list_stakeholders(self.ctx.book, self.account.id)
        self.people.set_rows(people)
        self.org_model.set_people(people)
        self.org.expandAll()
        coverage = stakeholders.coverage(self.ctx.book, self.account.id)
        while self.flags.count():
            item = self.flags.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        if coverage.flags:
            for text in coverage.flags:
                self.flags.addWidget(plain_label(text, "flag-bad"))
            self.flags.addWidget(
                plain_label(
                    "Single-threaded: one departure could cost the relationship."
                    if coverage.single_threaded
                    else "",
                    "muted",
                )
            )
        else:
            self.flags.addWidget(
                plain_label("Sponsor and champion in place, several positive contacts", "flag-good")
            )
        for i in range(self.flags.count()):
            item = self.flags.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                repolish(widget)
        self.people.summary.setText(
            PeopleCount.of((p.side, p.left_company) for p in people).list_text()
        )
        self.load_panels()

    def _new(self) -> FormDialog | None:
        return stakeholder_dialog(self.ctx, self.account.id, None, self) if self.account else None

    def _edit(self, person: Stakeholder) -> FormDialog:
        assert self.account is not None
        return stakeholder_dialog(self.ctx, self.account.id, person, self)

    def _org_clicked(self, index: QModelIndex) -> None:
        person = self.org_model.object_at(index)
        if person is not None:
            self.people.table.select_id(person.id)

    def _org_activated(self, index: QModelIndex) -> None:
        self._org_clicked(index)
        self.people.edit_selected()

    def delete_selected(self) -> bool:
        return self.people.delete_selected()
