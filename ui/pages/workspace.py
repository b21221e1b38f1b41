"""The account workspace: a header with the account's key facts, and tabs built from one list.

The tabs are :class:`TabSpec` entries (see :mod:`ui.pages.workspace_tabs`): a key, a title and
a factory that builds a :class:`WorkspaceTab` for the book context. Adding a tab (Health, QBR)
is one entry in that list; the workspace gives every tab the account it shows. Each tab
declares the tables it watches and reloads (when shown) after a change to one of them, or when
the account itself changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import HealthBand, LifecycleStage
from planner.domain.errors import PlannerError
from planner.domain.health import health_text
from planner.services import accounts, health
from planner.services.accounts import Account
from ui.context import BookContext
from ui.dialogs.editors import edit_account_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import whole_money
from ui.models.table import fmt_date
from ui.pages import tables
from ui.pages.base import Page
from ui.theme import semantic_colors
from ui.widgets.common import plain_label, relative_day, repolish
from ui.widgets.fit import scroll_page, scroll_to_top


class WorkspaceTab(Page):
    """A tab of the account workspace. ``account`` is set before the tab is first shown.

    Subclasses declare ``watches`` like every page; a tab also reloads when the workspace
    gives it another account, or the same account changed.
    """

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.account: Account | None = None
        self.panel_area = QHBoxLayout()
        self.panel_area.setContentsMargins(0, 0, 0, 0)
        self.panel_area.setSpacing(12)
        self._panels: list[QWidget] = []

    def set_account(self, account: Account) -> None:
        changed = account != self.account  # another account, or this one was edited
        another = self.account is None or account.id != self.account.id
        self.account = account
        if another:
            scroll_to_top(self)  # a new account opens at the top of each tab
        if changed:
            self.mark_dirty()

    def page_layout(self, *, margins: int = 12, spacing: int = 10) -> QVBoxLayout:
        """The layout of the tab's content, in a scroll area: a window too small for the
        content scrolls the tab instead of squeezing its tables and charts."""
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(margins, margins, margins, margins)
        layout.setSpacing(spacing)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
        return layout

    def add_panel(self, widget: QWidget) -> None:
        """Add a panel (e.g. a chart) in the tab's panel slot. If the widget has a
        ``load(account)`` method, it is called with the account each time the tab refreshes."""
        self._panels.append(widget)
        self.panel_area.addWidget(widget, 1)

    def add_chart(self, chart: QWidget, *, height: int = 250) -> None:
        """Add a chart panel of a comfortable, fixed height."""
        chart.setMinimumHeight(height)
        chart.setMaximumHeight(height + 40)
        self.add_panel(chart)

    def load_panels(self) -> None:
        if self.account is None:
            return
        for panel in self._panels:
            load = getattr(panel, "load", None)
            if callable(load):
                load(self.account)


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    factory: Callable[[BookContext], WorkspaceTab]


class AccountHeader(QFrame):
    edit_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AccountHeader")
        self.back = QPushButton("← Accounts")
        self.back.setFlat(True)
        self.back.setToolTip("Back to the list of accounts (Ctrl+2)")
        self.name = plain_label("", "title", wrap=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = plain_label("", "subtitle", wrap=True)
        self.health = plain_label("")
        self.health.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.arr = plain_label("")
        self.arr.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.renewal = plain_label("", "muted")
        self.renewal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit = QPushButton("Edit Details…")
        left = QVBoxLayout()
        left.setSpacing(0)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addStretch(1)
        left.addLayout(row)
        left.addWidget(self.name)
        left.addWidget(self.facts)
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addWidget(self.arr)
        right.addWidget(self.renewal)
        right.addWidget(self.health)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 20, 10)
        layout.addLayout(left, 1)
        layout.addLayout(right)
        layout.addSpacing(16)
        layout.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignVCenter)
        self.edit.clicked.connect(self.edit_requested)
        self.back.clicked.connect(self.back_requested)
        font = self.arr.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.arr.setFont(font)

    def show_account(
        self, account: Account, score: float | None, band: HealthBand | None, today: date
    ) -> None:
        self.name.setText(account.name + ("  ★" if account.strategic else ""))
        facts = [account.tier.label, account.lifecycle_stage.label]
        facts += [f for f in (account.industry, account.region) if f]
        if account.owner:
            facts.append(f"CSM {account.owner}")
        if account.archived:
            facts.append("Archived")
        self.facts.setText("  ·  ".join(facts))
        self.arr.setText(f"{whole_money(account.arr_minor, account.currency)} ARR")
        if account.renewal_date:
            self.renewal.setText(
                f"Renews {fmt_date(account.renewal_date)} "
                f"({relative_day(account.renewal_date, today)})"
            )
        else:
            self.renewal.setText("No renewal date")
        colors = semantic_colors()
        if account.lifecycle_stage is LifecycleStage.CHURNED:
            self.health.setText(health_text(score, band, churned=True))  # no band for the gone
            self.health.setStyleSheet("")
        elif score is None:
            self.health.setText("Health: no score yet")
            self.health.setStyleSheet("")
        else:
            self.health.setText(f"Health {health_text(score, band)}")
            self.health.setStyleSheet(f"color: {colors.band(band).name()}; font-weight: 600;")
        repolish(self.health)


class AccountWorkspace(Page):
    """Everything about one account, in tabs. The header shows the account and its health."""

    watches = tables.ACCOUNTS | tables.HEALTH_SCORES

    account_missing = Signal(str)
    """The account shown was deleted (e.g. by undoing its creation); carries a message."""

    def __init__(
        self, ctx: BookContext, tabs: Sequence[TabSpec], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.account: Account | None = None
        self.dialog: FormDialog | None = None
        self.header = AccountHeader()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.specs = list(tabs)
        self.tab_pages: dict[str, WorkspaceTab] = {}
        for spec in self.specs:
            page = spec.factory(ctx)
            self.tab_pages[spec.key] = page
            index = self.tabs.addTab(page, spec.title)
            self.tabs.setTabToolTip(index, spec.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        body = QVBoxLayout()
        body.setContentsMargins(16, 10, 16, 12)
        body.addWidget(self.tabs, 1)
        layout.addLayout(body, 1)
        self.editing(self.header.edit)
        self.header.edit.clicked.connect(self.edit_account)
        self.header.back_requested.connect(lambda: ctx.nav.show_page.emit("accounts"))

    # ----------------------------------------------------------------- showing an account
    def show_account(self, account_id: str, tab: str = "") -> bool:
        try:
            account = accounts.get_account(self.ctx.book, account_id)
        except PlannerError as exc:
            self.account_missing.emit(str(exc))
            return False
        self.account = account
        self._dirty = False
        self._show_header(account)
        for page in self.tab_pages.values():
            page.set_account(account)
        if tab in self.tab_pages:
            self.tabs.setCurrentWidget(self.tab_pages[tab])
        return True

    def refresh(self) -> None:
        if self.account is None:
            return
        try:
            account = accounts.get_account(self.ctx.book, self.account.id)
        except PlannerError as exc:
            self.account = None
            self.account_missing.emit(str(exc))
            return
        self.account = account
        self._show_header(account)
        for page in self.tab_pages.values():
            page.set_account(account)

    def _show_header(self, account: Account) -> None:
        latest = health.latest_snapshot(self.ctx.book, account.id)
        self.header.show_account(
            account,
            latest.score if latest else None,
            latest.band if latest else None,
            self.ctx.today(),
        )

    def current_tab(self) -> WorkspaceTab:
        page = self.tabs.currentWidget()
        assert isinstance(page, WorkspaceTab)
        return page

    def select_tab(self, key: str) -> WorkspaceTab:
        page = self.tab_pages[key]
        self.tabs.setCurrentWidget(page)
        return page

    def delete_selected(self) -> bool:
        return self.current_tab().delete_selected()

    def edit_account(self) -> FormDialog | None:
        if self.account is None:
            return None
        self.dialog = edit_account_dialog(self.ctx, self.account, self)
        self.dialog.open()
        return self.dialog
