"""The Accounts page: the portfolio as a sortable, filterable table.

The rows come from the one-statement portfolio query, read off the GUI thread. Filtering runs
in the proxy on a precomputed lower-case text per row, after a short pause in typing, so a
10,000-account book filters per keystroke without freezing the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import HealthBand, LifecycleStage, Tier
from planner.services import accounts, portfolio
from planner.services.portfolio import RENEWAL_WINDOW_DAYS, PortfolioRow
from ui.context import BookContext
from ui.dialogs.form import FormDialog
from ui.models.columns import account_columns
from ui.models.table import RowTableModel
from ui.pages import tables
from ui.pages.base import Page
from ui.widgets.common import DataTable, plain_label

NO_SCORE = "none"


@dataclass(frozen=True)
class Drill:
    """A named list of accounts that a Portfolio tile opens: what it says, and its rule."""

    says: str
    band: HealthBand | None = None
    renewing_within: int | None = None
    """Days: renewal dates from today to that many days ahead."""


DRILLS: dict[str, Drill] = {
    "at_risk": Drill("at-risk accounts: red health, not churned", band=HealthBand.RED),
    "renewals": Drill(
        f"accounts renewing in the next {RENEWAL_WINDOW_DAYS} days, not churned",
        renewing_within=RENEWAL_WINDOW_DAYS,
    ),
}
"""The Portfolio tiles' drill-downs; each shows the accounts its tile counts."""
STRATEGIC_LEGEND = "Bold: strategic account"
FILTER_DELAY_MS = 120


def haystack(row: PortfolioRow) -> str:
    """The text a search matches against: name, owner, industry, region and CRM id."""
    return " ".join((row.name, row.owner, row.industry, row.region, row.crm_id or "")).casefold()


class AccountsPage(Page):
    watches = (
        tables.ACCOUNTS | tables.ACTIONS | tables.PLANS | tables.INTERACTIONS | tables.HEALTH_SCORES
    )

    loaded = Signal()
    """Emitted each time a fresh list of accounts is shown."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self._hay: dict[str, str] = {}
        self.dialog: FormDialog | None = None

        self.title = plain_label("Accounts", "title")
        self.subtitle = plain_label("Loading accounts…", "subtitle")
        self.legend = plain_label(STRATEGIC_LEGEND, "subtitle")
        bold = self.legend.font()
        bold.setBold(True)
        self.legend.setFont(bold)
        self.legend.setToolTip("Strategic accounts are marked on the account (Edit Details)")
        self.legend.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, owner, industry, region, CRM id  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.tier = QComboBox()
        self.tier.addItem("All tiers", None)
        for t in Tier:
            self.tier.addItem(t.label, t)
        self.stage = QComboBox()
        self.stage.addItem("All stages", None)
        for s in LifecycleStage:
            self.stage.addItem(s.label, s)
        self.health = QComboBox()
        self.health.addItem("Any health", None)
        for b in reversed(HealthBand):
            self.health.addItem(b.label, b)
        self.health.addItem("No score yet", NO_SCORE)
        self.archived = QCheckBox("Include archived")
        self.new_button = QPushButton("New Account…")
        self.new_button.setProperty("primary", "true")
        self.new_button.setToolTip("Add an account (Ctrl+N)")
        self.archive_button = QPushButton("Archive")
        self.archive_button.setToolTip("Hide the selected account from lists; nothing is deleted")
        self.open_button = QPushButton("Open")
        self.editing(self.new_button)
        self.drilled: Drill | None = None
        self.drill_label = plain_label("", "chip")
        self.drill_clear = QPushButton("Show All Accounts")
        self.drill_clear.setToolTip("Clear this list's filter and the others")
        self.drill_clear.clicked.connect(self.clear_filters)
        self.drill_row = QWidget()
        drill_layout = QHBoxLayout(self.drill_row)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        drill_layout.addWidget(self.drill_label)
        drill_layout.addWidget(self.drill_clear)
        drill_layout.addStretch(1)
        self.drill_row.hide()

        self.model: RowTableModel[PortfolioRow] = RowTableModel(account_columns(ctx.today), self)
        self.table = DataTable(self.model, stretch=0, empty="Loading accounts…")
        self.table.setObjectName("AccountsTable")

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        counts = QHBoxLayout()
        counts.setSpacing(12)
        counts.addWidget(self.subtitle)
        counts.addWidget(self.legend)
        counts.addStretch(1)
        heading.addLayout(counts)
        top.addLayout(heading)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.archive_button)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.tier)
        filters.addWidget(self.stage)
        filters.addWidget(self.health)
        filters.addWidget(self.archived)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.drill_row)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._filter_timer.start)
        self.search.returnPressed.connect(self._open_first_match)
        for combo in (self.tier, self.stage, self.health):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.archived.toggled.connect(self.mark_dirty)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.new_account)
        self.archive_button.clicked.connect(self.toggle_archive)
        self.open_button.clicked.connect(self.open_selected)
        self._selection_changed()

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        book, day, archived = self.ctx.book, self.ctx.today(), self.archived.isChecked()
        self.ctx.load(
            lambda: portfolio.portfolio(book, today=day, include_archived=archived),
            lambda rows: self._loaded(generation, rows),
            self._failed,
        )

    def _loaded(self, generation: int, rows: list[PortfolioRow]) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        selected = self.table.current_row()
        self._hay = {r.id: haystack(r) for r in rows}
        self.model.set_rows(rows)
        self.legend.setVisible(any(r.strategic for r in rows))
        self.table.empty_message = (
            "No accounts yet. Click New Account… (Ctrl+N) to add your first customer."
            if not rows
            else "No account matches these filters."
        )
        self.apply_filter()
        if selected is not None:
            self.table.select_id(selected.id)
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.subtitle.setText("The accounts could not be read.")
        QMessageBox.warning(self, "Accounts", message)

    # ----------------------------------------------------------------- filtering
    def apply_filter(self) -> None:
        """Filter now (typing waits a moment first, so fast typists do not queue work)."""
        self._filter_timer.stop()
        needle = self.search.text().strip().casefold()
        # Combo data come back as plain strings: compare by value, never by identity.
        tier: str | None = self.tier.currentData()
        stage: str | None = self.stage.currentData()
        band: str | None = self.health.currentData()
        hay = self._hay
        words = needle.split()
        drilled, today = self.drilled, self.ctx.today()
        if not (words or tier or stage or band or drilled):
            self.table.proxy.set_predicate(None)
        else:

            def accept(r: PortfolioRow) -> bool:
                if drilled is not None and not _in_drill(drilled, r, today):
                    return False
                if tier is not None and r.tier != tier:
                    return False
                if stage is not None and r.stage != stage:
                    return False
                if band is not None:
                    if r.stage == LifecycleStage.CHURNED:  # no band, no "not scored": Churned
                        return False
                    if band == NO_SCORE:
                        if r.health_band is not None:
                            return False
                    elif r.health_band != band:
                        return False
                text = hay.get(r.id, "")
                return all(w in text for w in words)

            self.table.proxy.set_predicate(accept)
        self._update_counts()

    def drill(self, key: str) -> None:
        """Show only the accounts of a named list (:data:`DRILLS`), the other filters cleared:
        the count shown is the count on the tile that asked."""
        drill = DRILLS.get(key)
        self._reset_filters()
        self.drilled = drill
        if drill is not None:
            self.drill_label.setText(f"Showing {drill.says}")
            if drill.band is not None:
                self.health.setCurrentIndex(max(self.health.findData(drill.band), 0))
        self.drill_row.setVisible(drill is not None)
        self.apply_filter()

    def clear_filters(self) -> None:
        """Show every account: the search, the drop-downs and a tile's list cleared."""
        self.drill("")

    def _reset_filters(self) -> None:
        for combo in (self.tier, self.stage, self.health):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        with QSignalBlocker(self.search):
            self.search.clear()

    def _update_counts(self) -> None:
        total, shown = self.model.rowCount(), self.table.proxy.rowCount()
        noun = "account" if total == 1 else "accounts"
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        self.subtitle.setText(text)

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # ----------------------------------------------------------------- actions
    def _selection_changed(self, *_: object) -> None:
        row = self.table.current_row()
        self.open_button.setEnabled(row is not None)
        self.set_enabled_for_edit(self.archive_button, row is not None)
        self.archive_button.setText("Unarchive" if row is not None and row.archived else "Archive")

    def _activated(self, index: QModelIndex) -> None:
        row = self.table.proxy.row_at(index.row())
        self.ctx.nav.open_account.emit(row.id, "")

    def _open_first_match(self) -> None:
        self.apply_filter()
        if self.table.proxy.rowCount() > 0:
            self._activated(self.table.proxy.index(0, 0))

    def open_selected(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.ctx.nav.open_account.emit(row.id, "")

    def new_account(self) -> FormDialog | None:
        if self.ctx.read_only:
            return None
        from ui.dialogs.editors import new_account_dialog  # noqa: PLC0415 - on first use

        self.dialog = new_account_dialog(self.ctx, self)
        self.dialog.accepted.connect(self._created)
        self.dialog.open()
        return self.dialog

    def _created(self) -> None:
        if self.dialog is not None and self.dialog.result_value is not None:
            created = self.dialog.result_value
            self.ctx.nav.status.emit(f"Added {created.name}. Undo with Ctrl+Z.")
            self.ctx.nav.open_account.emit(created.id, "overview")

    def toggle_archive(self) -> None:
        row = self.table.current_row()
        if row is None or self.ctx.read_only:
            return
        book = self.ctx.book
        verb = "Unarchive" if row.archived else "Archive"
        done = self.ctx.attempt(
            self,
            verb,
            lambda: self.ctx.history.update(
                f"{verb} {row.name}",
                lambda rid, **kw: accounts.update_account(book, rid, **kw),
                row.id,
                {"archived": not row.archived},
                {"archived": row.archived},
            ),
        )
        if done is not None:
            self.ctx.nav.status.emit(f"{verb}d {row.name}. Undo with Ctrl+Z.")

    def delete_selected(self) -> bool:
        row = self.table.current_row()
        if row is None or self.ctx.read_only:
            return False
        answer = QMessageBox.question(
            self,
            "Delete account",
            f"Delete {row.name} and everything recorded for it (plans, goals, stakeholders, "
            "actions, timeline, surveys, revenue, QBRs)?\n\nYou can undo this with Ctrl+Z. "
            "To keep it but hide it from lists, archive it instead.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return True
        from ui.dialogs.editors import delete_row  # noqa: PLC0415 - on first use

        done = self.ctx.attempt(
            self, "Delete account", lambda: delete_row(self.ctx, "account", row.id, row.name)
        )
        if done is not None:
            self.ctx.nav.status.emit(f"Deleted {row.name}. Undo with Ctrl+Z.")
        return True


def _in_drill(drill: Drill, row: PortfolioRow, today: date) -> bool:
    if row.stage is LifecycleStage.CHURNED or row.archived:
        return False
    if drill.band is not None and row.health_band != drill.band:
        return False
    if drill.renewing_within is not None:
        due = row.renewal_date
        if due is None or not today <= due <= today + timedelta(days=drill.renewing_within):
            return False
    return True
