"""Success Plan: the plan's header, its goals with progress bars, and the account's risks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import formatting as fmt
from planner.domain.enums import GoalStatus, PlanStatus
from planner.services import plans
from planner.services.actions import ActionItem
from planner.services.plans import Goal, Risk, SuccessPlan
from ui.charts.widgets import GoalProgressChart
from ui.context import BookContext
from ui.dialogs.editors import action_dialog, delete_row, goal_dialog, plan_dialog, risk_dialog
from ui.dialogs.form import FormDialog
from ui.dialogs.progress import progress_dialog
from ui.models.columns import RISK_COLUMNS, goal_columns
from ui.models.table import fmt_date
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.tabs.goal_detail import GoalDetail
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import plain_label
from ui.widgets.delegates import ProgressDelegate
from ui.widgets.fit import flow_row, scroll_page
from ui.workbook.templates import NewPlanDialog, SaveTemplateDialog

TITLE_MIN_WIDTH = 280
"""The plan's title and facts keep at least this much room (pixels); its buttons wrap."""
RECORD_PROGRESS_KEYS = "Ctrl+Shift+P"


class SuccessPlanTab(WorkspaceTab):
    watches = tables.PLANS | tables.PEOPLE | tables.ACTIONS  # actions: those under a goal

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.plans: list[SuccessPlan] = []
        self.plan: SuccessPlan | None = None
        self.dialog: FormDialog | None = None

        # Plan header
        self.plan_picker = QComboBox()
        self.plan_picker.setMinimumWidth(260)
        self.plan_picker.setToolTip("The account's plans; the active one is shown first")
        self.new_plan = QPushButton("New Plan…")
        self.edit_plan = QPushButton("Edit Plan…")
        self.delete_plan = QPushButton("Delete Plan")
        self.save_template = QPushButton("Save as Template…")
        self.save_template.setToolTip("Save this plan as a template for other accounts")
        self.editing(self.new_plan)
        self.plan_title = plain_label("", "heading", wrap=True)
        self.plan_meta = plain_label("", "muted", wrap=True)
        self.outcomes = plain_label("", wrap=True)
        self.outcomes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QFrame()
        header.setObjectName("Card")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(14, 10, 14, 10)
        # The title and its facts on the left (wrapping, never cut); the plan's buttons on the
        # right, wrapping onto a second line in a narrow window.
        top = QHBoxLayout()
        title_box = QWidget()
        title_box.setMinimumWidth(TITLE_MIN_WIDTH)
        titles = QVBoxLayout(title_box)
        titles.setContentsMargins(0, 0, 0, 0)
        titles.setSpacing(0)
        titles.addWidget(self.plan_title)
        titles.addWidget(self.plan_meta)
        top.addWidget(title_box, 1)
        self.plan_buttons = flow_row(
            self.plan_picker, self.edit_plan, self.delete_plan, self.save_template, self.new_plan
        )
        top.addWidget(self.plan_buttons)
        hl.addLayout(top)
        hl.addWidget(self.outcomes)

        # Goals and risks
        self.record = QPushButton("Record Progress…")
        self.record.setToolTip(
            f"Record a new reading of the selected goal's KPI ({RECORD_PROGRESS_KEYS}); "
            "every reading is kept"
        )
        self.goals = CrudSection(
            self,
            "Goals",
            goal_columns(ctx.today),
            kind="goal",
            new_dialog=self._new_goal,
            edit_dialog=self._edit_goal,
            name_of=lambda g: g.title,
            add_text="Add Goal…",
            sort_column=4,
            stretch=0,
            rows=(3, 10),
            grow=False,
            extra_buttons=(self.record,),
            empty="No goals in this plan yet. Add the outcomes the customer wants to reach, "
            "with a baseline, a target and a due date.",
        )
        self.record.clicked.connect(self.record_progress)
        self.record_action = QAction("Record Progress…", self)
        self.record_action.setShortcut(QKeySequence(RECORD_PROGRESS_KEYS))
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.record_action.triggered.connect(self.record_progress)
        self.addAction(self.record_action)
        edit_goal = QAction("Edit Goal…", self)
        edit_goal.triggered.connect(self.goals.edit_selected)
        add_for_goal = QAction("Add Action for This Goal…", self)
        add_for_goal.triggered.connect(self.add_goal_action)
        self.goals.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.goals.table.addActions([self.record_action, edit_goal, add_for_goal])
        self.goal_detail = GoalDetail(ctx)
        self.goal_detail.add_action_requested.connect(self.add_goal_action)
        self.goal_detail.edit_action_requested.connect(self.edit_goal_action)
        self.goals.table.setItemDelegateForColumn(2, ProgressDelegate(self.goals.table))
        self.risks = CrudSection(
            self,
            "Risks",
            RISK_COLUMNS,
            kind="risk",
            new_dialog=self._new_risk,
            edit_dialog=self._edit_risk,
            name_of=lambda r: r.title,
            add_text="Add Risk…",
            sort_column=1,
            descending=True,
            stretch=4,
            rows=(2, 8),
            grow=False,
            empty="No risks recorded. Add what could stop the customer succeeding, and how "
            "you will mitigate it.",
        )

        plan_body = QWidget()
        pb = QVBoxLayout(plan_body)
        pb.setContentsMargins(12, 12, 12, 12)
        pb.setSpacing(10)
        pb.addWidget(header)
        pb.addLayout(self.panel_area)
        self.add_chart(GoalProgressChart(ctx.book), height=210)
        pb.addWidget(self.goals)
        pb.addWidget(self.goal_detail)
        pb.addSpacing(6)
        pb.addWidget(self.risks)
        pb.addStretch(1)

        # Empty state
        empty = QWidget()
        el = QVBoxLayout(empty)
        el.addStretch(1)
        msg = plain_label("This account has no success plan yet.", "heading")
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub = plain_label(
            "A plan holds the outcomes the customer wants (goals with targets) "
            "and the risks to them.",
            "muted",
            wrap=True,
        )
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.create_plan = QPushButton("Create a Success Plan…")
        self.create_plan.setProperty("primary", "true")
        self.editing(self.create_plan)
        el.addWidget(msg)
        el.addWidget(sub)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_plan)
        row.addStretch(1)
        el.addLayout(row)
        el.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(scroll_page(plan_body))
        self.stack.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.plan_picker.currentIndexChanged.connect(self._plan_chosen)
        self.new_plan.clicked.connect(self.choose_new_plan)
        self.create_plan.clicked.connect(self.choose_new_plan)
        self.save_template.clicked.connect(self.save_as_template)
        self.edit_plan.clicked.connect(self.edit_current_plan)
        self.delete_plan.clicked.connect(self.delete_current_plan)
        self.goals.selected.connect(lambda row: self._focus(self.goals, row))
        self.goals.selected.connect(self._goal_selected)
        self.risks.selected.connect(lambda row: self._focus(self.risks, row))
        self._active: CrudSection | None = None

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        if self.account is None:
            return
        book = self.ctx.book
        self.plans = plans.list_plans(book, self.account.id)
        self.plans.sort(key=lambda p: p.status is not PlanStatus.ACTIVE)  # active first, stable
        keep = self.plan.id if self.plan else None
        index = next((i for i, p in enumerate(self.plans) if p.id == keep), 0)
        with QSignalBlocker(self.plan_picker):
            self.plan_picker.clear()
            for p in self.plans:
                self.plan_picker.addItem(f"{p.title} ({p.status.label})", p.id)
            self.plan_picker.setCurrentIndex(index if self.plans else -1)
        self.plan_picker.setVisible(len(self.plans) > 1)
        self.plan = self.plans[index] if self.plans else None
        self.risks.set_rows(plans.list_risks(book, self.account.id))
        self._show_plan()
        self.load_panels()

    def _plan_chosen(self, index: int) -> None:
        self.plan = self.plans[index] if 0 <= index < len(self.plans) else None
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.plan
        self.stack.setCurrentIndex(0 if plan is not None else 1)
        self.set_enabled_for_edit(self.edit_plan, plan is not None)
        self.edit_plan.setEnabled(plan is not None)
        self.set_enabled_for_edit(self.delete_plan, plan is not None)
        self.set_enabled_for_edit(self.save_template, plan is not None)
        self.set_enabled_for_edit(self.goals.add_button, plan is not None)
        if plan is None:
            self.goals.set_rows([])
            return
        self.plan_title.setText(plan.title)
        period = ""
        if plan.period_start or plan.period_end:
            period = f"{fmt_date(plan.period_start, '…')} to {fmt_date(plan.period_end, '…')}"
        goals = plans.list_goals(self.ctx.book, plan.id)
        achieved = sum(1 for g in goals if g.status is GoalStatus.ACHIEVED)
        meta = [plan.status.label, period, f"{achieved} of {len(goals)} goals achieved"]
        self.plan_meta.setText("  ·  ".join(m for m in meta if m))
        self.outcomes.setText(
            plan.desired_outcomes
            or "No desired outcomes written yet. Use Edit Plan to add them in the customer's words."
        )
        self.goals.set_rows(goals)
        self.goals.summary.setText(f"{len(goals)} goal{'s' if len(goals) != 1 else ''}")
        open_risks = sum(
            1 for r in self.risks.model.rows if r.status.value in {"open", "mitigating"}
        )
        self.risks.summary.setText(f"{open_risks} open")

    def _focus(self, section: CrudSection, row: Any) -> None:
        if row is None:
            return
        self._active = section
        other = self.risks if section is self.goals else self.goals
        other.table.clearSelection()

    # ----------------------------------------------------------------- editing
    def _new_goal(self) -> FormDialog | None:
        if self.account is None or self.plan is None:
            return None
        return goal_dialog(self.ctx, self.account.id, self.plan.id, None, self)

    def _edit_goal(self, goal: Goal) -> FormDialog:
        assert self.account is not None
        return goal_dialog(self.ctx, self.account.id, goal.plan_id, goal, self)

    def _goal_selected(self, goal: Goal | None) -> None:
        self.set_enabled_for_edit(self.record, goal is not None)
        self.record_action.setEnabled(goal is not None and not self.ctx.read_only)
        self.goal_detail.show_goal(goal)

    def record_progress(self) -> FormDialog | None:
        """Record Progress on the selected goal (a reading: value, date, note)."""
        goal = self.goals.current()
        if goal is None or self.ctx.read_only:
            return None
        self.dialog = progress_dialog(self.ctx, goal, self)
        dialog = self.dialog

        def recorded() -> None:
            done = dialog.result_value
            if done is None:
                return
            self.ctx.nav.status.emit(
                f"Recorded {fmt.quantity(done.measurement.value, goal.unit)} for {goal.title} "
                f"on {fmt.day(done.measurement.measured_on)}. Undo with Ctrl+Z."
            )

        dialog.accepted.connect(recorded)
        dialog.open()
        return dialog

    def add_goal_action(self) -> FormDialog | None:
        goal = self.goals.current()
        if goal is None or self.account is None or self.ctx.read_only:
            return None
        self.dialog = action_dialog(self.ctx, self.account.id, None, self, goal_id=goal.id)
        self.dialog.open()
        return self.dialog

    def edit_goal_action(self, action: ActionItem) -> FormDialog | None:
        if self.account is None:
            return None
        self.dialog = action_dialog(self.ctx, self.account.id, action, self)
        self.dialog.open()
        return self.dialog

    def _new_risk(self) -> FormDialog | None:
        return risk_dialog(self.ctx, self.account.id, None, self) if self.account else None

    def _edit_risk(self, risk: Risk) -> FormDialog:
        assert self.account is not None
        return risk_dialog(self.ctx, self.account.id, risk, self)

    def choose_new_plan(self) -> NewPlanDialog | None:
        """New Plan: blank, or from a template (see :mod:`ui.workbook.templates`)."""
        if self.account is None or self.ctx.read_only:
            return None
        chooser = NewPlanDialog(self.ctx, self.account.id, self, blank=self.add_plan)
        chooser.created.connect(lambda made: self._plan_made(made.plan))
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.open()
        return chooser

    def _plan_made(self, plan: SuccessPlan) -> None:
        self.plan = plan
        self.reload_now()

    def save_as_template(self) -> SaveTemplateDialog | None:
        if self.plan is None or self.ctx.read_only:
            return None
        dialog = SaveTemplateDialog(self.ctx, self.plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_plan(self) -> FormDialog | None:
        if self.account is None or self.ctx.read_only:
            return None
        self.dialog = plan_dialog(self.ctx, self.account.id, None, self)
        self.dialog.accepted.connect(self._plan_added)
        self.dialog.open()
        return self.dialog

    def _plan_added(self) -> None:
        if self.dialog is not None and self.dialog.result_value is not None:
            self.plan = self.dialog.result_value
            self.reload_now()

    def edit_current_plan(self) -> FormDialog | None:
        if self.account is None or self.plan is None:
            return None
        self.dialog = plan_dialog(self.ctx, self.account.id, self.plan, self)
        self.dialog.open()
        return self.dialog

    def delete_current_plan(self) -> None:
        plan = self.plan
        if plan is None or self.ctx.read_only:
            return
        deleted = self.ctx.attempt(
            self, "Delete plan", lambda: delete_row(self.ctx, "plan", plan.id, plan.title)
        )
        if deleted is not None:
            self.plan = None
            self.ctx.nav.status.emit(
                f"Deleted the plan {plan.title} and its goals. Undo with Ctrl+Z."
            )

    def delete_selected(self) -> bool:
        for section in (self._active, self.goals, self.risks):
            if section is not None and section.current() is not None:
                return section.delete_selected()
        return False
