"""Needs Attention (sidebar page): what needs the CSM, why (in words, with the dates), and
one click to act on it: open the account where it is done, snooze it, or dismiss it.

The list comes from :func:`planner.services.attention.needs_attention`, read off the GUI
thread. Snoozes, dismissals and "show again" are undoable (Edit > Undo). The limits (45 days
without an interaction...) are book settings, changed with **Limits…**.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import attention as at
from planner.services import attention
from planner.services.attention import AttentionItem, AttentionList, ItemStatus
from ui.context import BookContext
from ui.models.table import EXTRA, Column, RowTableModel, fmt_date
from ui.pages import tables
from ui.pages.base import Page
from ui.theme import semantic_colors
from ui.widgets.common import Card, DataTable, DateField, plain_label
from ui.workbook.common import alive, record

_URGENT = {
    at.AttentionKind.CHAMPION_LEFT,
    at.AttentionKind.HEALTH_DROP,
    at.AttentionKind.RENEWAL_WITHOUT_QBR,
}


def _kind_color(item: AttentionItem) -> Any:
    colors = semantic_colors()
    if item.status is not ItemStatus.OPEN:
        return colors.muted
    return colors.bad if item.kind in _URGENT else colors.warning


def _state(item: AttentionItem) -> str:
    if item.status is ItemStatus.SNOOZED and item.snoozed_until:
        return f"Snoozed until {fmt_date(item.snoozed_until)}"
    if item.status is ItemStatus.DISMISSED:
        return f"Dismissed: {item.reason}"
    return ""


COLUMNS: tuple[Column[AttentionItem], ...] = (
    Column(
        "Kind",
        lambda i: i.kind.label,
        sort=lambda i: list(at.AttentionKind).index(i.kind),
        decoration=_kind_color,
        width=29,
    ),
    Column("Account", lambda i: i.account_name, width=26, min_width=14),
    Column("What", lambda i: i.title, width=34, tooltip=lambda i: i.why, min_width=16),
    Column("Since", lambda i: fmt_date(i.since), sort=lambda i: i.since, width=11),
    Column("Owner", lambda i: i.owner, width=14, min_width=8),
    Column("State", _state, width=24, min_width=8, priority=EXTRA),
)


class DismissDialog(QDialog):
    """Asks why an item is dismissed (the reason is kept and shown)."""

    def __init__(self, item: AttentionItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle("Dismiss")
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText("For example: the customer is on holiday until March")
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Dismiss")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{item.account_name}: {item.title}", "heading", wrap=True))
        layout.addWidget(plain_label("It comes back only if its cause changes.", "muted"))
        layout.addWidget(plain_label("Why do you dismiss it?"))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 200)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class LimitsDialog(QDialog):
    """The book's attention limits (book settings)."""

    saved = Signal(object)

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Needs attention: limits")
        current = attention.get_thresholds(ctx.book)
        self.fields: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for name, label in at.LABELS.items():
            box = QSpinBox()
            low, high = at.LIMITS[name]
            box.setRange(low, high)
            box.setValue(int(getattr(current, name)))
            box.setSuffix(" points" if name == "health_drop_points" else " days")
            self.fields[name] = box
            form.addRow(label, box)
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(not ctx.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "These limits are kept in the book, for everyone who opens it.", "muted", wrap=True
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {name: box.value() for name, box in self.fields.items()}
        book = self.ctx.book
        before = attention.get_thresholds(book)
        try:
            chosen = record(
                self.ctx,
                "Change attention limits",
                lambda: attention.set_thresholds(book, **values),
                lambda _t: attention.set_thresholds(book, **asdict(before)),
            )
        except Exception as exc:  # noqa: BLE001 - shown next to the fields
            self.error.setText(str(exc))
            self.error.show()
            return
        self.saved.emit(chosen)
        self.accept()


class AttentionPage(Page):
    """The sidebar page "Needs Attention"."""

    loaded = Signal()
    watches = tables.NEEDS_ATTENTION

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self.data: AttentionList | None = None
        self.dialog: QDialog | None = None

        self.title = plain_label("Needs Attention", "title")
        self.subtitle = plain_label("Loading…", "subtitle")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", "")
        for kind in at.AttentionKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.show_hidden = QCheckBox("Show snoozed and dismissed")
        self.limits = QPushButton("Limits…")
        self.limits.setToolTip("How many days (or points) before something needs attention")
        self.model: RowTableModel[AttentionItem] = RowTableModel(COLUMNS, self)
        self.table = DataTable(
            self.model,
            sort_column=0,
            stretch=2,
            empty="Nothing needs attention. Every account has recent contact, fresh sentiment, "
            "plans in motion and work on time.",
        )

        # the selected item: why, and what to do
        self.detail = Card("")
        self.detail_title = plain_label("", "heading", wrap=True)
        self.detail_why = plain_label("", wrap=True)
        self.detail_why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_state = plain_label("", "muted", wrap=True)
        self.act = QPushButton("Open")
        self.act.setProperty("primary", "true")
        self.snooze = QToolButton()
        self.snooze.setText("Snooze")
        self.snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze)
        for label, days in (("For a week", 7), ("For two weeks", 14), ("For a month", 30)):
            menu.addAction(label, partial(self.snooze_for, days))
        menu.addAction("Until a date…", self.ask_snooze_date)
        self.snooze.setMenu(menu)
        self.dismiss_button = QPushButton("Dismiss…")
        self.restore_button = QPushButton("Show Again")
        for w in (self.snooze, self.dismiss_button, self.restore_button):
            self.editing(w)
        buttons = QHBoxLayout()
        buttons.addWidget(self.act)
        buttons.addWidget(self.snooze)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.detail.body.addWidget(self.detail_title)
        self.detail.body.addWidget(self.detail_why)
        self.detail.body.addWidget(self.detail_state)
        self.detail.body.addLayout(buttons)
        self.detail.body.addStretch(1)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.kind_filter)
        head.addWidget(self.show_hidden)
        head.addWidget(self.limits)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([520, 180])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(split, 1)

        self.kind_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.show_hidden.toggled.connect(lambda _on: self.mark_dirty())
        self.limits.clicked.connect(self.edit_limits)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.activated.connect(lambda _index: self.act_on_selected())
        self.act.clicked.connect(self.act_on_selected)
        self.dismiss_button.clicked.connect(self.ask_dismiss)
        self.restore_button.clicked.connect(self.restore_selected)
        self._show_selected()

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        self._generation += 1
        generation, book, hidden = self._generation, self.ctx.book, self.show_hidden.isChecked()
        self.ctx.load(
            lambda: attention.needs_attention(book, include_hidden=hidden),
            lambda data: self._loaded(generation, data),
            self._failed,
        )

    def _failed(self, message: str) -> None:
        if alive(self):
            self.subtitle.setText(f"The list could not be read: {message}")

    def _loaded(self, generation: int, data: AttentionList) -> None:
        if generation != self._generation or not alive(self):
            return
        keep = self.selected()
        self.data = data
        self.model.set_rows(data.items)
        self._filter()
        count = len(data.open_items)
        hidden = f"  ·  {data.hidden} snoozed or dismissed" if data.hidden else ""
        self.subtitle.setText(
            f"{count} item{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you as "
            f"of {fmt_date(data.today)}{hidden}"
        )
        if not self._select_key(keep.key if keep else "") and self.table.proxy.rowCount():
            self.table.selectRow(0)
        self._show_selected()
        self.loaded.emit()

    def _select_key(self, key: str) -> bool:
        for r in range(self.table.proxy.rowCount()):
            if key and self.table.proxy.row_at(r).key == key:
                self.table.selectRow(r)
                return True
        return False

    def _filter(self) -> None:
        wanted = str(self.kind_filter.currentData() or "")
        self.table.proxy.set_predicate((lambda i: i.kind.value == wanted) if wanted else None)

    # ----------------------------------------------------------------- the selected item
    def selected(self) -> AttentionItem | None:
        row = self.table.current_row()
        return row if isinstance(row, AttentionItem) else None

    def _show_selected(self) -> None:
        item = self.selected()
        has = item is not None
        self.detail.setVisible(True)
        for w in (self.act, self.snooze, self.dismiss_button, self.restore_button):
            w.setEnabled(has)
        if item is None:
            self.detail_title.setText("Select an item to see why it needs you.")
            self.detail_why.setText("")
            self.detail_state.setText("")
            self.restore_button.hide()
            return
        self.detail_title.setText(f"{item.account_name}: {item.title}")
        self.detail_why.setText(item.why)
        self.detail_state.setText(_state(item))
        self.act.setText(item.action)
        self.act.setToolTip(f"Open {item.account_name} on the {item.tab.replace('_', ' ')} tab")
        hidden = item.status is not ItemStatus.OPEN
        self.restore_button.setVisible(hidden)
        self.set_enabled_for_edit(self.restore_button, hidden)
        self.set_enabled_for_edit(self.snooze, enabled=True)
        self.set_enabled_for_edit(self.dismiss_button, item.status is not ItemStatus.DISMISSED)

    def act_on_selected(self) -> None:
        """The one-click action: open the account where the item is dealt with."""
        item = self.selected()
        if item is not None:
            self.ctx.nav.open_account.emit(item.account_id, item.tab)

    # ----------------------------------------------------------------- snooze / dismiss
    def snooze_for(self, days: int) -> None:
        self.snooze_until(self.ctx.today() + timedelta(days=days))

    def snooze_until(self, until: date) -> None:
        item = self.selected()
        if item is None or self.ctx.read_only:
            return
        self._decide(
            f"Snooze “{item.title}”", lambda: attention.snooze(self.ctx.book, item.key, until)
        )
        self.ctx.nav.status.emit(f"Snoozed until {fmt_date(until)}. Undo with Ctrl+Z.")

    def ask_snooze_date(self) -> QDialog | None:
        item = self.selected()
        if item is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle("Snooze until")
        field = DateField(dialog, optional=False, today=self.ctx.today)
        field.set_value(self.ctx.today() + timedelta(days=7))
        error = plain_label("", "error", wrap=True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(dialog.reject)

        def accept() -> None:
            day = field.value()
            if day is None or day <= self.ctx.today():
                error.setText(f"Choose a day after today ({fmt_date(self.ctx.today())}).")
                return
            dialog.accept()
            self.snooze_until(day)

        buttons.accepted.connect(accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(plain_label(f"Snooze “{item.title}” until:", wrap=True))
        layout.addWidget(field)
        layout.addWidget(error)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def ask_dismiss(self) -> DismissDialog | None:
        item = self.selected()
        if item is None or self.ctx.read_only:
            return None
        dialog = DismissDialog(item, self)

        def accept() -> None:
            try:
                self._decide(
                    f"Dismiss “{item.title}”",
                    lambda: attention.dismiss(self.ctx.book, item.key, dialog.reason.text()),
                    quiet=False,
                )
            except Exception as exc:  # noqa: BLE001 - shown in the dialog
                dialog.show_error(str(exc))
                return
            dialog.accept()
            self.ctx.nav.status.emit(
                "Dismissed. It comes back if its cause changes. Undo with Ctrl+Z."
            )

        dialog.buttons.accepted.connect(accept)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore_selected(self) -> None:
        item = self.selected()
        if item is None or item.status is ItemStatus.OPEN or self.ctx.read_only:
            return
        self._decide(
            f"Show “{item.title}” again", lambda: attention.restore(self.ctx.book, item.key)
        )

    def _decide(self, text: str, do: Any, *, quiet: bool = True) -> None:
        """Record a snooze / dismissal / restore for undo (undo puts the previous state back)."""
        book = self.ctx.book

        def undo(change: attention.StateChange) -> None:
            attention.put_state(book, change.key, change.before)

        def redo(change: attention.StateChange) -> None:
            attention.put_state(book, change.key, change.after)

        if quiet:
            self.ctx.attempt(self, text, lambda: record(self.ctx, text, do, undo, redo))
        else:
            record(self.ctx, text, do, undo, redo)

    def edit_limits(self) -> LimitsDialog:
        dialog = LimitsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
