"""Actions: the account's action items, with a quick-add line, mark done, snooze and a status
filter; overdue items are highlighted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from planner.domain.enums import ActionStatus
from planner.domain.errors import PlannerError
from planner.services import actions
from planner.services.actions import ActionItem
from ui.context import BookContext
from ui.dialogs.editors import action_dialog, mark_done, quick_add_action, snooze
from ui.dialogs.form import FormDialog
from ui.models.columns import action_columns
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import DateField, plain_label, snooze_menu

OPEN = "open"
ALL = "all"


class ActionsTab(WorkspaceTab):
    watches = tables.ACTIONS | tables.PEOPLE

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Open (open, in progress, blocked)", OPEN)
        self.status_filter.addItem("All actions", ALL)
        for status in ActionStatus:
            self.status_filter.addItem(status.label, status)
        self.done_button = QPushButton("Mark Done")
        self.done_button.setToolTip("Mark the selected action done (undo with Ctrl+Z)")
        self.snooze_button = QPushButton("Snooze")
        self.snooze_button.setToolTip("Hide the selected action from My Work for a while")
        self.snooze_button.setMenu(snooze_menu(self, self.snooze_selected))
        self.section = CrudSection(
            self,
            "Actions",
            action_columns(ctx.today),
            kind="action",
            new_dialog=self._new,
            edit_dialog=self._edit,
            name_of=lambda a: a.title,
            add_text="New Action…",
            sort_column=1,
            stretch=0,
            extra_buttons=[self.done_button, self.snooze_button],
            empty="Nothing to do here. Type an action above and press Enter to add one.",
        )

        self.quick = QLineEdit()
        self.quick.setPlaceholderText("Add an action: type it and press Enter")
        self.quick_due = DateField(today=ctx.today)
        self.quick_due.setToolTip("Due date of the new action")
        self.quick_due.setMaximumWidth(170)
        self.quick_add = QPushButton("Add")
        self.quick_error = plain_label("", "error", wrap=True)
        self.quick_error.hide()
        for w in (self.quick, self.quick_due, self.quick_add, self.done_button, self.snooze_button):
            self.editing(w)
        quick_row = QHBoxLayout()
        quick_row.setSpacing(6)
        quick_row.addWidget(self.quick, 1)
        quick_row.addWidget(plain_label("due", "muted"))
        quick_row.addWidget(self.quick_due)
        quick_row.addWidget(self.quick_add)
        quick_row.addSpacing(16)
        quick_row.addWidget(plain_label("Show", "muted"))
        quick_row.addWidget(self.status_filter)

        layout = self.page_layout(spacing=8)
        layout.addLayout(quick_row)
        layout.addWidget(self.quick_error)
        layout.addLayout(self.panel_area)
        layout.addWidget(self.section, 1)

        self.quick.returnPressed.connect(self.add_quick)
        self.quick_add.clicked.connect(self.add_quick)
        self.done_button.clicked.connect(self.mark_selected_done)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.section.selected.connect(self._selection)
        self._selection(None)

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        if self.account is None:
            return
        rows = actions.list_actions(self.ctx.book, self.account.id)
        self.section.set_rows(rows)
        self._apply_filter()
        if not self.quick_due.text():
            self.quick_due.set_value(self.ctx.today() + timedelta(days=7))
        self.load_panels()

    def _apply_filter(self) -> None:
        choice: Any = self.status_filter.currentData()
        if choice == ALL:
            self.section.table.proxy.set_predicate(None)
        elif choice == OPEN:
            self.section.table.proxy.set_predicate(lambda a: a.status.is_open)
        else:
            self.section.table.proxy.set_predicate(lambda a: a.status == choice)
        rows = self.section.model.rows
        today = self.ctx.today()
        open_n = sum(1 for a in rows if a.status.is_open)
        late = sum(1 for a in rows if a.is_overdue(today))
        self.section.summary.setText(f"{open_n} open" + (f" · {late} overdue" if late else ""))

    def _selection(self, row: ActionItem | None) -> None:
        is_open = row is not None and row.status.is_open
        self.set_enabled_for_edit(self.done_button, is_open)
        self.set_enabled_for_edit(self.snooze_button, is_open)

    # ----------------------------------------------------------------- editing
    def add_quick(self) -> ActionItem | None:
        if self.account is None or self.ctx.read_only:
            return None
        title = self.quick.text().strip()
        self.quick_error.hide()
        if not title:
            self.quick_error.setText("Type what needs doing first.")
            self.quick_error.show()
            return None
        due: Any = self.quick_due.value() or self.quick_due.text() or None
        try:
            created = quick_add_action(self.ctx, self.account.id, title, due)
        except PlannerError as exc:  # shown next to the line
            self.quick_error.setText(str(exc))
            self.quick_error.show()
            return None
        self.quick.clear()
        self.reload_now()
        self.section.table.select_id(created.id)
        self.ctx.nav.status.emit(f"Added {created.title}. Undo with Ctrl+Z.")
        return created

    def mark_selected_done(self) -> None:
        row = self.section.current()
        if row is None or not row.status.is_open:
            return
        updated = self.ctx.attempt(self, "Mark done", lambda: mark_done(self.ctx, row))
        if updated is not None:
            self.section.model.update_row(updated)
            self.ctx.nav.status.emit(f"Done: {row.title}. Undo with Ctrl+Z.")

    def snooze_selected(self, days: int) -> None:
        row = self.section.current()
        if row is None or not row.status.is_open:
            return
        updated = self.ctx.attempt(self, "Snooze", lambda: snooze(self.ctx, row, days))
        if updated is not None:
            self.section.model.update_row(updated)
            self.ctx.nav.status.emit(f"Snoozed {row.title}. Undo with Ctrl+Z.")

    def _new(self) -> FormDialog | None:
        return action_dialog(self.ctx, self.account.id, None, self) if self.account else None

    def _edit(self, row: ActionItem) -> FormDialog:
        assert self.account is not None
        return action_dialog(self.ctx, self.account.id, row, self)

    def delete_selected(self) -> bool:
        return self.section.delete_selected()
