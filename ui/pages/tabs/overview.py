"""Overview: the account's facts (editable), its lifecycle stage with history, renewal and ARR."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QWidget,
)

from planner.services import accounts, actions, plans, stakeholders
from planner.services.accounts import Account, StageChange
from ui.charts.widgets import ArrHistoryChart, HealthTrendChart
from ui.context import BookContext
from ui.dialogs.editors import edit_account_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import SENTIMENT_TEXT, whole_money
from ui.models.table import EXTRA, Column, RowTableModel, fmt_date
from ui.pages import tables
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import Card, DataTable, plain_label, relative_day


def _stage_columns(today: date, history: list[StageChange]) -> tuple[Column[StageChange], ...]:
    ends = {
        h.id: (history[i + 1].changed_on if i + 1 < len(history) else today)
        for i, h in enumerate(history)
    }

    def days(s: StageChange) -> int:
        return max((ends.get(s.id, today) - s.changed_on).days, 0)

    return (
        Column("Stage", lambda s: s.stage.label, width=16),
        Column("Entered", lambda s: fmt_date(s.changed_on), sort=lambda s: s.changed_on, width=12),
        Column("Time in stage", lambda s: f"{days(s)} days", sort=days, width=12, priority=EXTRA),
        Column("Note", lambda s: s.note, width=40, min_width=10, priority=EXTRA + 1),
    )


class OverviewTab(WorkspaceTab):
    watches = (
        tables.ACCOUNTS | tables.ACTIONS | tables.PLANS | tables.REVENUE | tables.HEALTH_SCORES
    )

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: FormDialog | None = None

        # Facts
        self.facts = Card("Account")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("tier", "Tier"),
            ("stage", "Lifecycle stage"),
            ("owner", "CSM owner"),
            ("industry", "Industry"),
            ("region", "Region"),
            ("employees", "Employees"),
            ("crm_id", "CRM id"),
            ("website", "Website"),
            ("strategic", "Strategic"),
        ):
            value = plain_label("")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(plain_label(label, "muted"), value)
        self.facts.body.addLayout(form)
        self.facts.body.addStretch(1)

        # Revenue and renewal
        self.money = Card("Revenue and renewal")
        self.arr = plain_label("")
        font = self.arr.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.arr.setFont(font)
        self.renewal = plain_label("", wrap=True)
        self.contract = plain_label("", "muted", wrap=True)
        self.money.body.addWidget(self.arr)
        self.money.body.addWidget(self.renewal)
        self.money.body.addWidget(self.contract)
        self.money.body.addStretch(1)

        # Work at a glance
        self.glance = Card("At a glance")
        self.glance_text = plain_label("", wrap=True)
        self.glance.body.addWidget(self.glance_text)
        self.glance.body.addStretch(1)

        # Sentiment and notes
        self.sentiment = Card("Your sentiment")
        self.sentiment_text = plain_label("", wrap=True)
        self.sentiment.body.addWidget(self.sentiment_text)
        self.sentiment.body.addStretch(1)
        self.notes = Card("Notes")
        self.notes_text = plain_label("", wrap=True)
        self.notes_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.body.addWidget(self.notes_text, 1)

        # Lifecycle
        self.stages = Card("Lifecycle")
        self.stage_model: RowTableModel[StageChange] = RowTableModel(
            _stage_columns(ctx.today(), []), self
        )
        self.stage_table = DataTable(
            self.stage_model, sort_column=1, sort_order=Qt.SortOrder.DescendingOrder, stretch=3
        )
        self.stage_table.setMinimumHeight(150)
        self.stages.body.addWidget(self.stage_table, 1)

        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.facts, 0, 0, 2, 1)
        grid.addWidget(self.money, 0, 1)
        grid.addWidget(self.glance, 0, 2)
        grid.addWidget(self.stages, 1, 1, 1, 2)
        grid.addWidget(self.sentiment, 2, 0)
        grid.addWidget(self.notes, 2, 1, 1, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(1, 1)

        body = self.page_layout(spacing=12)
        body.addLayout(grid, 1)
        body.addLayout(self.panel_area)
        self.add_chart(HealthTrendChart(ctx.book), height=260)
        self.add_chart(ArrHistoryChart(ctx.book), height=260)

    def refresh(self) -> None:
        if self.account is None:
            return
        book, today = self.ctx.book, self.ctx.today()
        a: Account = accounts.get_account(book, self.account.id)
        self.account = a
        f = self.fields
        f["tier"].setText(a.tier.label)
        f["stage"].setText(a.lifecycle_stage.label)
        f["owner"].setText(a.owner or "Not set")
        f["industry"].setText(a.industry or "Not set")
        f["region"].setText(a.region or "Not set")
        f["employees"].setText(f"{a.employee_count:,}" if a.employee_count else "Not set")
        f["crm_id"].setText(a.crm_id or "Not set")
        f["website"].setText(a.website or "Not set")
        f["strategic"].setText("Yes" if a.strategic else "No")

        self.arr.setText(whole_money(a.arr_minor, a.currency))
        if a.renewal_date:
            self.renewal.setText(
                f"Renews on {fmt_date(a.renewal_date)} ({relative_day(a.renewal_date, today)})"
            )
        else:
            self.renewal.setText("No renewal date yet. Add one with Edit Details.")
        self.contract.setText(
            f"Customer since {fmt_date(a.contract_start)}" if a.contract_start else ""
        )

        open_actions = actions.list_actions(book, a.id, statuses=actions.OPEN_STATUSES)
        overdue = sum(1 for x in open_actions if x.is_overdue(today))
        goals = plans.list_account_goals(book, a.id)
        achieved = sum(1 for g in goals if g.status.value == "achieved")
        risks = plans.list_risks(book, a.id, open_only=True)
        coverage = stakeholders.coverage(book, a.id)
        lines = [
            f"{len(open_actions)} open action{'s' if len(open_actions) != 1 else ''}"
            + (f", {overdue} overdue" if overdue else ""),
            f"{achieved} of {len(goals)} goals achieved" if goals else "No goals yet",
            f"{len(risks)} open risk{'s' if len(risks) != 1 else ''}",
            f"{coverage.customer_contacts} customer contacts, "
            f"{coverage.positive_contacts} positive",
        ]
        if coverage.flags:
            lines.append("Coverage: " + "; ".join(coverage.flags))
        self.glance_text.setText("\n".join(lines))

        if a.csm_sentiment is None:
            self.sentiment_text.setText(
                "Not set. Record your read of the relationship with "
                "Edit Details; it feeds the health score."
            )
        else:
            when = f" (since {fmt_date(a.csm_sentiment_on)})" if a.csm_sentiment_on else ""
            note = f"\n{a.csm_sentiment_note}" if a.csm_sentiment_note else ""
            self.sentiment_text.setText(
                f"{SENTIMENT_TEXT.get(a.csm_sentiment, '')} ({a.csm_sentiment:+d}){when}{note}"
            )
        self.notes_text.setText(a.notes or "No notes yet.")

        history = accounts.stage_history(book, a.id)
        self.stage_model.columns = _stage_columns(today, history)
        self.stage_model.set_rows(history)
        self.load_panels()

    def edit(self) -> FormDialog | None:
        if self.account is None:
            return None
        self.dialog = edit_account_dialog(self.ctx, self.account, self)
        self.dialog.open()
        return self.dialog
