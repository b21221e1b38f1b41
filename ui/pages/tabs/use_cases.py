"""Use Cases: how the customer uses the product, with status, adoption and value realised."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner.domain.enums import UseCaseStatus
from planner.services import use_cases
from planner.services.use_cases import UseCase
from ui.context import BookContext
from ui.dialogs.editors import use_case_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import USE_CASE_COLUMNS
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.workspace import WorkspaceTab
from ui.widgets.delegates import ProgressDelegate


class UseCasesTab(WorkspaceTab):
    watches = tables.USE_CASES

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.section = CrudSection(
            self,
            "Use cases",
            USE_CASE_COLUMNS,
            kind="use_case",
            new_dialog=self._new,
            edit_dialog=self._edit,
            name_of=lambda u: u.title,
            add_text="Add Use Case…",
            sort_column=3,
            stretch=5,
            empty="No use cases yet. Add each problem the customer solves with the product, "
            "and track its adoption to go-live.",
        )
        self.section.table.setItemDelegateForColumn(2, ProgressDelegate(self.section.table))
        layout = self.page_layout()
        layout.addLayout(self.panel_area)
        layout.addWidget(self.section, 1)

    def refresh(self) -> None:
        if self.account is None:
            return
        rows = use_cases.list_use_cases(self.ctx.book, self.account.id)
        self.section.set_rows(rows)
        in_use = [
            u
            for u in rows
            if u.status in (UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK)
        ]
        live = sum(1 for u in rows if u.status is UseCaseStatus.LIVE)
        if in_use:
            average = sum(u.adoption_pct for u in in_use) / len(in_use)
            self.section.summary.setText(f"{live} live · average adoption {average:.0f} %")
        else:
            self.section.summary.setText(f"{len(rows)} planned" if rows else "")
        self.load_panels()

    def _new(self) -> FormDialog | None:
        return use_case_dialog(self.ctx, self.account, None, self) if self.account else None

    def _edit(self, row: UseCase) -> FormDialog:
        assert self.account is not None
        return use_case_dialog(self.ctx, self.account, row, self)

    def delete_selected(self) -> bool:
        return self.section.delete_selected()
