"""My Work: open action items across every account, under Overdue / Today / This week / Later,
with mark done and snooze.

Whose work it shows: **Mine** (your name from Preferences...: the actions you own and the
actions nobody owns on your accounts), **Everyone**, or one CSM of the book (the owners of its
accounts). Without a name in your preferences, Mine shows everyone's and says how to set it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.formatting import plural
from planner.domain.text import shorten
from planner.domain.worklist import WorkGroup
from planner.services import actions, preferences
from planner.services.actions import OpenCount, WorkItem
from ui.context import BookContext
from ui.dialogs.editors import action_dialog, delete_row, mark_done, snooze
from ui.dialogs.form import FormDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.models.table import EXTRA, KEY, Column, fmt_date
from ui.models.tree import Group, WorkModel
from ui.pages import tables
from ui.pages.base import Page
from ui.theme import semantic_colors
from ui.widgets.common import plain_label, snooze_menu
from ui.widgets.fit import ColumnFitter

MINE = "__mine__"
EVERYONE = "__everyone__"


def _group_color(group: WorkGroup) -> Any:
    c = semantic_colors()
    return {WorkGroup.OVERDUE: c.bad, WorkGroup.TODAY: c.warning}.get(group)


def work_columns(model_today: Any) -> tuple[Column[Any], ...]:
    def title(o: Any) -> str:
        if isinstance(o, Group):
            return f"{o.group.label}  ({o.count})"
        return shorten(o.action.title, 120)

    def due(o: Any) -> str:
        if isinstance(o, Group) or o.action.due_date is None:
            return ""
        text = fmt_date(o.action.due_date)
        late = (model_today() - o.action.due_date).days
        return f"{text} ({late} d late)" if late > 0 else text

    return (
        Column(
            "Action",
            title,
            bold=lambda o: isinstance(o, Group),
            foreground=lambda o: _group_color(o.group) if isinstance(o, Group) else None,
            tooltip=lambda o: "" if isinstance(o, Group) else o.action.title,
            width=60,
            min_width=24,
        ),
        Column(
            "Account",
            lambda o: "" if isinstance(o, Group) else o.account_name,
            width=26,
            min_width=12,
            priority=KEY,
        ),
        Column(
            "Due",
            due,
            sort=lambda o: None if isinstance(o, Group) else o.action.due_date,
            foreground=lambda o: (
                None
                if isinstance(o, Group) or o.group is not WorkGroup.OVERDUE
                else semantic_colors().bad
            ),
            width=24,
            priority=KEY,
        ),
        Column(
            "Priority",
            lambda o: "" if isinstance(o, Group) else o.action.priority.label,
            width=9,
            priority=EXTRA,
        ),
        Column(
            "Status",
            lambda o: "" if isinstance(o, Group) else o.action.status.label,
            width=12,
            min_width=7,
        ),
        Column(
            "Owner",
            lambda o: "" if isinstance(o, Group) else o.action.owner_name,
            width=18,
            priority=KEY,
        ),
    )


class MyWorkPage(Page):
    watches = tables.ACTIONS | tables.ACCOUNTS

    loaded = Signal()

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self.dialog: FormDialog | None = None
        self.title = plain_label("My Work", "title")
        self.subtitle = plain_label("Loading…", "subtitle", wrap=True)
        self.me = ""
        """Your name from your preferences ("" when it is not set)."""
        self.who = QComboBox()
        self.who.setToolTip("Whose actions: yours, everyone's, or one CSM's")
        self.who.addItem("Mine", MINE)
        self.who.addItem("Everyone", EVERYONE)
        self.who.setMinimumContentsLength(14)
        self.no_name = plain_label(
            "Your name is not set, so Mine shows everyone's actions. Set it in Preferences.",
            "muted",
            wrap=True,
        )
        self.preferences_button = QPushButton("Preferences…")
        self.preferences_button.setToolTip("Your name, e-mail and time zone (Ctrl+,)")
        self.preferences_button.clicked.connect(self.open_preferences)
        self.preferences_dialog: PreferencesDialog | None = None
        self.include_snoozed = QCheckBox("Show snoozed")
        self.done_button = QPushButton("Mark Done")
        self.snooze_button = QPushButton("Snooze")
        self.snooze_button.setMenu(snooze_menu(self, self.snooze_selected))
        self.edit_button = QPushButton("Edit…")
        self.open_button = QPushButton("Open Account")
        for w in (self.done_button, self.snooze_button):
            self.editing(w)
        self.model = WorkModel(work_columns(ctx.today), self)
        self.tree = QTreeView()
        self.tree.setObjectName("WorkTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fitter = ColumnFitter(self.tree, self.model.columns)
        self.empty = plain_label(
            "Nothing open. Actions you add to accounts appear here, grouped by when they are due.",
            "muted",
            wrap=True,
        )
        self.empty.hide()

        top = QHBoxLayout()
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(self.title)
        head.addWidget(self.subtitle)
        top.addLayout(head, 1)
        top.addWidget(plain_label("Show", "muted"))
        top.addWidget(self.who)
        top.addWidget(self.include_snoozed)
        top.addSpacing(12)
        for b in (self.open_button, self.edit_button, self.snooze_button, self.done_button):
            top.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        name_row = QHBoxLayout()
        name_row.addWidget(self.no_name, 1)
        name_row.addWidget(self.preferences_button)
        self.name_row = QWidget()
        self.name_row.setLayout(name_row)
        name_row.setContentsMargins(0, 0, 0, 0)
        self.name_row.hide()
        layout.addWidget(self.name_row)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)

        self.include_snoozed.toggled.connect(self.mark_dirty)
        self.who.currentIndexChanged.connect(lambda _i: self.mark_dirty())
        self.done_button.clicked.connect(self.mark_selected_done)
        self.edit_button.clicked.connect(self.edit_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # ----------------------------------------------------------------- loading
    def person(self) -> str | None:
        """Whose work is shown (None: everyone's)."""
        chosen = self.who.currentData()
        if chosen == MINE:
            return self.me or None
        return None if chosen == EVERYONE else str(chosen)

    def refresh(self) -> None:
        self._generation += 1
        generation, book, day = self._generation, self.ctx.book, self.ctx.today()
        snoozed = self.include_snoozed.isChecked()
        self.me = preferences.load_or_default()[0].name
        self.name_row.setVisible(self.who.currentData() == MINE and not self.me)
        self.who.setItemText(0, f"Mine ({self.me})" if self.me else "Mine")
        person = self.person()

        def work() -> tuple[list[WorkItem], OpenCount, list[str]]:
            found = actions.my_work(book, today=day, include_snoozed=snoozed, person=person)
            count = actions.open_count(book, today=day, person=person)
            return found, count, actions.account_owners(book)

        self.ctx.load(work, lambda result: self._loaded(generation, *result), self.say)

    def preferences_changed(self) -> None:
        """Your preferences were saved: Mine may be someone else now."""
        self.mark_dirty()

    def open_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _prefs: self.preferences_changed())
        dialog.open()
        self.preferences_dialog = dialog
        return dialog

    def _set_owners(self, owners: list[str]) -> None:
        current = [str(self.who.itemData(i)) for i in range(2, self.who.count())]
        if current == owners:
            return
        chosen = self.who.currentData()
        with QSignalBlocker(self.who):
            while self.who.count() > 2:
                self.who.removeItem(2)
            for name in owners:
                self.who.addItem(name, name)
            index = self.who.findData(chosen)
            self.who.setCurrentIndex(max(index, 0))

    def _loaded(
        self, generation: int, items: list[WorkItem], count: OpenCount, owners: list[str]
    ) -> None:
        if generation != self._generation:
            return
        self._set_owners(owners)
        keep = self.selected()
        self.model.set_items(items)
        self.tree.expandAll()
        self.subtitle.setText(self.summary(items, count))
        self.include_snoozed.setText(
            f"Show snoozed ({count.snoozed:,})" if count.snoozed else "Show snoozed"
        )
        self.empty.setVisible(not items)
        self.tree.setVisible(bool(items))
        if keep is not None:
            self.select_action(keep.action.id)
        self._selection_changed()
        self.loaded.emit()

    def summary(self, items: list[WorkItem], count: OpenCount) -> str:
        """``73 open actions: 3 overdue, 68 later · 2 snoozed, hidden``: the open count is
        the Portfolio tile's, and snoozed ones hidden here are said, never silently dropped."""
        person = self.person()
        whose = f" for {person}" if person else ""
        if not count.open:
            return f"Nothing open{whose}."
        counts = {g: sum(1 for i in items if i.group is g) for g in WorkGroup}
        parts = ", ".join(f"{counts[g]:,} {g.label.lower()}" for g in WorkGroup if counts[g])
        head = plural(count.open, "open action") + whose
        if self.include_snoozed.isChecked() or not count.snoozed:
            of_them = f" ({count.snoozed_text()} of them)" if count.snoozed else ""
            return f"{head}: {parts}{of_them}"
        if not items:
            return f"{head}, all snoozed: tick Show snoozed to see them."
        return f"{head}: {parts} · {count.snoozed_text()}, hidden"

    # ----------------------------------------------------------------- selection
    def selected(self) -> WorkItem | None:
        obj = self.model.object_at(self.tree.currentIndex())
        return obj if isinstance(obj, WorkItem) else None

    def select_action(self, action_id: str) -> bool:
        index = self.model.index_of(lambda o: isinstance(o, WorkItem) and o.action.id == action_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            return True
        return False

    def _selection_changed(self, *_: object) -> None:
        item = self.selected()
        for b in (self.done_button, self.snooze_button):
            self.set_enabled_for_edit(b, item is not None)
        self.open_button.setEnabled(item is not None)
        self.edit_button.setEnabled(item is not None)

    def _activated(self, index: QModelIndex) -> None:
        if isinstance(self.model.object_at(index), WorkItem):
            self.open_selected()

    # ----------------------------------------------------------------- actions
    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.ctx.nav.open_account.emit(item.action.account_id, "actions")

    def edit_selected(self) -> FormDialog | None:
        item = self.selected()
        if item is None:
            return None
        self.dialog = action_dialog(self.ctx, item.action.account_id, item.action, self)
        self.dialog.open()
        return self.dialog

    def mark_selected_done(self) -> None:
        item = self.selected()
        if item is None:
            return
        if self.ctx.attempt(self, "Mark done", lambda: mark_done(self.ctx, item.action)):
            self.ctx.nav.status.emit(f"Done: {item.action.title}. Undo with Ctrl+Z.")

    def snooze_selected(self, days: int) -> None:
        item = self.selected()
        if item is None:
            return
        if self.ctx.attempt(self, "Snooze", lambda: snooze(self.ctx, item.action, days)):
            self.ctx.nav.status.emit(f"Snoozed {item.action.title}. Undo with Ctrl+Z.")

    def delete_selected(self) -> bool:
        item = self.selected()
        if item is None or self.ctx.read_only:
            return False
        a = item.action
        if self.ctx.attempt(self, "Delete", lambda: delete_row(self.ctx, "action", a.id, a.title)):
            self.ctx.nav.status.emit(f"Deleted {a.title}. Undo with Ctrl+Z.")
        return True
