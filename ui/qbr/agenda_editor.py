"""The QBR builder's agenda: generated from the book, then edited in place (titles, minutes,
leads, notes), reordered by dragging or with Move up/down, items added and removed, time boxes
fitted to the meeting's length; the chosen item's talking points below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.services.qbr_session import QbrSession
from planner.services.qbrs import AgendaItem
from ui.models.table import EXTRA, KEY
from ui.pages.base import Page
from ui.qbr.models import AgendaModel
from ui.qbr.part import BuilderPart
from ui.widgets.common import plain_label
from ui.widgets.fit import ColumnFitter, ColumnRoom, flow_row, keep_rows_visible


def _tool(text: str, slot: Callable[[], object], tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _=False: slot())
    return button


class AgendaEditor(BuilderPart):
    def __init__(
        self,
        session: QbrSession,
        page: Page,
        redraw: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, page, redraw, parent)
        self.model = AgendaModel(self._edit_item, self._reorder, self)
        self.model.read_only = self.read_only
        self.view = QTableView()
        self.view.setModel(self.model)
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.verticalHeader().hide()
        view.setWordWrap(False)
        # The item's title takes the room; notes and lead give way in a narrow window.
        self.fitter = ColumnFitter(
            view,
            [
                ColumnRoom("#", 3, priority=KEY),
                ColumnRoom("Time", 11, priority=KEY),
                ColumnRoom("Item", 48, min_width=18),
                ColumnRoom("Minutes", 7, priority=KEY),
                ColumnRoom("Lead", 18, min_width=8, priority=EXTRA),
                ColumnRoom("Notes", 30, min_width=8, priority=EXTRA + 1),
            ],
            fill=2,
        )
        view.selectionModel().currentRowChanged.connect(self._show_points)

        self.generate_button = QPushButton("Generate agenda")
        self.generate_button.setToolTip(
            "Build the agenda from the book: commitments, wins, health, goals, risks, feedback, "
            "opportunities and next steps, time-boxed to the meeting length. Replaces the "
            "current agenda (Ctrl+Z brings it back)."
        )
        self.generate_button.clicked.connect(self.generate)
        self.add_button = _tool("Add item", self.add_item)
        self.remove_button = _tool("Remove", self.remove_item)
        self.up_button = _tool("Move up", lambda: self.move_item(-1))
        self.down_button = _tool("Move down", lambda: self.move_item(1))
        self.fit_button = _tool(
            "Fit to length",
            self.fit_to_length,
            "Scale every time box so the agenda fills the meeting exactly",
        )
        self.total_label = plain_label("", wrap=True)  # wraps rather than widen the tab
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        tools = (
            self.generate_button,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.fit_button,
        )
        for widget in tools:
            page.editing(widget)
        # The buttons wrap onto a second line rather than squeeze their texts.
        bar.addWidget(flow_row(*tools, align_right=False), 3)
        bar.addWidget(self.total_label, 1)

        self.points = QPlainTextEdit()
        self.points.setReadOnly(True)
        self.points.setPlaceholderText("Talking points of the chosen item appear here.")
        self.points.setMaximumHeight(120)
        keep_rows_visible(view, 6, least=6, most=6)  # the agenda, not the notes, gets the room
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        layout.addWidget(
            plain_label(
                "Talking points (from the book's data; they go in the speaker notes)", "muted"
            )
        )
        layout.addWidget(self.points)
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            view,
            self.remove_item,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    # ----------------------------------------------------------------- showing
    def show_session(self, select: str | None = None) -> None:
        """Show the session's agenda, keeping the chosen item (or choosing ``select``)."""
        current = self.current_item()
        self.model.set_items(self.session.agenda)
        wanted = select or (current.id if current else None)
        row = self.model.row_of(wanted) if wanted else -1
        if row >= 0:
            self.view.selectRow(row)
        self.total_label.setText(self.session.total_text() if self.session.qbr else "")
        self._show_points()

    def current_item(self) -> AgendaItem | None:
        index = self.view.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _show_points(self, *_args: object) -> None:
        self.points.setPlainText(self.session.talking_points(self.current_item()))

    # ----------------------------------------------------------------- editing
    def generate(self) -> None:
        """Generate the agenda from the book (replacing the current one; undoable)."""
        qbr = self.session.qbr
        if qbr is None:
            return
        count = self.edit(self.session.generate)
        if count is not None:
            self.page.ctx.nav.status.emit(
                f"Agenda generated: {count} items, {qbr.length_minutes} minutes. Ctrl+Z brings "
                "back the previous one."
            )

    def _edit_item(self, item_id: str, field: str, value: Any) -> bool:
        done = self.page.attempt(lambda: self.session.edit_item(item_id, field, value))
        self._redraw_later()
        return done is not None

    def _redraw_later(self) -> None:
        # Never reset the model in the middle of its own setData/drop: after this event.
        self.page.mark_dirty()

    def _reorder(self, order: list[str]) -> None:
        self.page.attempt(lambda: self.session.reorder(order))
        self._redraw_later()

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None or self.session.qbr is None:
            return
        self.edit(lambda: self.session.move_item(item.id, step))

    def add_item(self) -> None:
        if self.session.qbr is None:
            return
        current = self.current_item()
        made = self.edit(lambda: self.session.add_item(after=current.id if current else None))
        if made is not None:
            self.show_session(select=made.id)
            self.view.edit(self.model.index(self.model.row_of(made.id), 2))

    def remove_item(self) -> None:
        item = self.current_item()
        if item is None or self.session.qbr is None:
            return
        self.edit(lambda: self.session.remove_item(item.id))

    def fit_to_length(self) -> None:
        if self.session.qbr is None:
            return
        self.edit(self.session.fit_to_length)
