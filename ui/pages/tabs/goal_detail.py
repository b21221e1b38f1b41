"""Under the goals of the Success Plan tab: the selected goal's readings (date, value, note),
its trend over time, and the actions linked to it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from planner.domain import formatting as fmt
from planner.domain.errors import PlannerError
from planner.services import actions, plans
from planner.services.actions import ActionItem
from planner.services.plans import Goal, GoalMeasurement
from ui.charts.widgets import GoalTrendChart
from ui.context import BookContext
from ui.models.columns import action_columns
from ui.models.table import RIGHT, Column, RowTableModel
from ui.widgets.common import Card, DataTable, heading, plain_label
from ui.widgets.fit import fit_rows

TREND_HEIGHT = 230
"""The trend chart's height (pixels): room for its title, dates and legend."""


def reading_columns(unit: str) -> tuple[Column[GoalMeasurement], ...]:
    return (
        Column(
            "Date",
            lambda r: fmt.day(r.measured_on),
            sort=lambda r: (r.measured_on, r.created_at),
            width=12,
        ),
        Column(
            "Value",
            lambda r: fmt.quantity(r.value, unit),
            sort=lambda r: r.value,
            align=RIGHT,
            width=14,
        ),
        Column("Note", lambda r: " ".join(r.note.split()), tooltip=lambda r: r.note, width=40),
    )


class GoalDetail(Card):
    """The selected goal's history and actions. ``show_goal(None)`` says how to pick one."""

    add_action_requested = Signal()
    edit_action_requested = Signal(object)
    """The linked action to edit (an :class:`ActionItem`)."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.ctx = ctx
        self.goal: Goal | None = None
        self.title = heading("A goal's readings, trend and actions")
        self.summary = plain_label("", "muted", wrap=True)
        self.hint = plain_label(
            "Select a goal above to see its readings, its trend and the actions linked to it.",
            "muted",
            wrap=True,
        )

        self.readings_model: RowTableModel[GoalMeasurement] = RowTableModel(
            reading_columns(""), self
        )
        self.readings = DataTable(
            self.readings_model,
            sort_column=0,
            sort_order=Qt.SortOrder.DescendingOrder,
            stretch=2,
            empty="No readings yet. Record Progress adds one.",
        )
        self.readings.setAccessibleName("Readings of the selected goal")
        self.trend = GoalTrendChart(ctx.book)
        self.trend.setMinimumHeight(TREND_HEIGHT)
        self.trend.setMaximumHeight(TREND_HEIGHT + 30)

        self.actions_title = heading("Actions for this goal")
        self.actions_count = plain_label("", "muted")
        self.add_action = QPushButton("Add Action for This Goal…")
        self.actions_model: RowTableModel[ActionItem] = RowTableModel(
            action_columns(ctx.today), self
        )
        self.linked = DataTable(
            self.actions_model,
            sort_column=-1,
            stretch=0,
            empty="No action is linked to this goal. Add one, or pick this goal in an "
            "action's 'For goal'.",
        )
        self.linked.setAccessibleName("Actions linked to the selected goal")

        head = QHBoxLayout()
        head.setSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.summary)
        head.addLayout(titles, 1)
        self.body.addLayout(head)
        self.body.addWidget(self.hint)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.readings, 2, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.trend, 3)
        content.addLayout(top)
        actions_head = QHBoxLayout()
        actions_head.setSpacing(8)
        actions_head.addWidget(self.actions_title, 0, Qt.AlignmentFlag.AlignBottom)
        actions_head.addWidget(self.actions_count, 0, Qt.AlignmentFlag.AlignBottom)
        actions_head.addStretch(1)
        actions_head.addWidget(self.add_action)
        content.addLayout(actions_head)
        content.addWidget(self.linked)
        self.body.addWidget(self.content)

        self.add_action.clicked.connect(self.add_action_requested)
        self.linked.activated.connect(self._action_activated)
        self.show_goal(None)

    def show_goal(self, goal: Goal | None) -> None:
        """Show ``goal``'s readings, trend and linked actions, read afresh from the book."""
        self.goal = goal
        self.content.setVisible(goal is not None)
        self.hint.setVisible(goal is None)
        self.add_action.setEnabled(goal is not None and not self.ctx.read_only)
        self.summary.setVisible(goal is not None)
        if goal is None:
            self.title.setText("A goal's readings, trend and actions")
            self.title.setToolTip("")
            self.summary.setText("")
            self.readings_model.set_rows([])
            self.actions_model.set_rows([])
            self.trend.set_goal(None)
            return
        try:
            history = plans.list_goal_progress(self.ctx.book, goal.id)
            linked = actions.list_goal_actions(self.ctx.book, goal.id)
        except PlannerError:  # the goal went (an undo, another window): nothing to show
            self.show_goal(None)
            return
        self.title.setText(f"Readings of “{' '.join(goal.title.split())}”")
        self.title.setToolTip(goal.title)
        if history:
            last = history[-1]
            self.summary.setText(
                f"{fmt.plural(len(history), 'reading')}; the newest "
                f"{fmt.quantity(last.value, goal.unit)} on {fmt.day(last.measured_on)}"
            )
        else:
            self.summary.setText("No readings yet: Record Progress keeps each one, with its date.")
        self.readings_model.columns = reading_columns(goal.unit)
        self.readings_model.set_rows(history)
        fit_rows(self.readings, len(history), least=4, most=6)
        self.trend.set_goal(goal.id)
        open_count = sum(1 for a in linked if a.status.is_open)
        self.actions_count.setText(
            f"{open_count} open of {len(linked)}" if linked else "none linked"
        )
        self.actions_model.set_rows(linked)
        fit_rows(self.linked, len(linked), least=2, most=6)

    def _action_activated(self, index: QModelIndex) -> None:
        self.edit_action_requested.emit(self.linked.proxy.row_at(index.row()))
