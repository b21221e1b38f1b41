"""The QBR builder's meeting form: title, date, length, status, the period covered, the
meeting's purpose, our asks, internal notes, and who attends (ticked from the account's people)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import QbrStatus
from planner.services.qbr_session import QbrSession
from ui.pages.base import Page
from ui.qbr.models import AttendeeModel
from ui.qbr.part import BuilderPart, from_qdate, to_qdate
from ui.widgets.common import date_edit, plain_label


class MeetingForm(BuilderPart):
    def __init__(
        self,
        session: QbrSession,
        page: Page,
        redraw: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, page, redraw, parent)
        self._showing = False
        self.title_edit = QLineEdit()
        self.title_edit.editingFinished.connect(
            lambda: self.set_field("title", self.title_edit.text().strip())
        )
        self.date_edit = date_edit()
        self.date_edit.editingFinished.connect(
            lambda: self.set_field("meeting_date", from_qdate(self.date_edit.date()))
        )
        self.length_spin = QSpinBox()
        self.length_spin.setRange(10, 480)
        self.length_spin.setSingleStep(5)
        self.length_spin.setSuffix(" minutes")
        self.length_spin.editingFinished.connect(
            lambda: self.set_field("length_minutes", self.length_spin.value())
        )
        self.status_combo = QComboBox()
        for status in QbrStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.activated.connect(
            lambda _i: self.set_field("status", self.status_combo.currentData())
        )
        self.start_edit = date_edit()
        self.end_edit = date_edit()
        self.start_edit.editingFinished.connect(self.save_period)
        self.end_edit.editingFinished.connect(self.save_period)
        period = QHBoxLayout()
        period.addWidget(self.start_edit)
        period.addWidget(plain_label("to"))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        self.objectives_edit = QPlainTextEdit()
        self.objectives_edit.setPlaceholderText(
            "What this meeting is for, in the customer's words (shown on the opening slide)"
        )
        self.objectives_edit.setMaximumHeight(70)
        self.asks_edit = QPlainTextEdit()
        self.asks_edit.setPlaceholderText(
            "What you ask the customer for, or want decided, one per line (on the executive "
            "summary and the asks slide)"
        )
        self.asks_edit.setMaximumHeight(70)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Internal notes: only in the internal copy")
        self.notes_edit.setMaximumHeight(70)
        self.save_texts_button = QPushButton("Save purpose, asks and notes")
        self.save_texts_button.clicked.connect(self.save_texts)
        page.editing(self.save_texts_button)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Meeting date", self.date_edit)
        form.addRow("Length", self.length_spin)
        form.addRow("Status", self.status_combo)
        form.addRow("Period covered", period)
        form.addRow("Purpose", self.objectives_edit)
        form.addRow("Our asks", self.asks_edit)
        form.addRow("Internal notes", self.notes_edit)
        form.addRow("", self.save_texts_button)

        self.attendee_model = AttendeeModel(self.set_attendees, self)
        self.attendee_model.read_only = self.read_only
        self.attendee_view = QListView()
        self.attendee_view.setModel(self.attendee_model)
        # A long name and title wrap onto a second line rather than run off the list.
        self.attendee_view.setWordWrap(True)
        self.attendee_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attendee_view.setResizeMode(QListView.ResizeMode.Adjust)
        people = QVBoxLayout()
        people.addWidget(plain_label("Attendees (tick who comes)", "heading"))
        people.addWidget(self.attendee_view, 1)
        fields = QVBoxLayout()
        fields.addLayout(form)
        fields.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(fields, 3)
        layout.addLayout(people, 2)

    # ----------------------------------------------------------------- showing
    def show_session(self) -> None:
        qbr = self.session.qbr
        if qbr is None:
            self.attendee_model.set_people(self.session.people, ())
            return
        self._showing = True
        try:
            self.title_edit.setText(qbr.title)
            self.date_edit.setDate(to_qdate(qbr.meeting_date))
            self.length_spin.setValue(qbr.length_minutes)
            self.status_combo.setCurrentIndex(self.status_combo.findData(qbr.status))
            start, end = self.session.period()
            self.start_edit.setDate(to_qdate(start))
            self.end_edit.setDate(to_qdate(end))
            self.objectives_edit.setPlainText(qbr.objectives)
            self.asks_edit.setPlainText(qbr.asks)
            self.notes_edit.setPlainText(qbr.notes)
            self.attendee_model.set_people(self.session.people, qbr.attendee_ids)
        finally:
            self._showing = False

    # ----------------------------------------------------------------- editing
    def _can_edit(self) -> bool:
        return self.session.qbr is not None and not self._showing and not self.read_only

    def set_field(self, field: str, value: Any) -> None:
        if self._can_edit():
            self.edit(lambda: self.session.set_field(field, value))

    def save_period(self) -> None:
        if self._can_edit():
            start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
            self.edit(lambda: self.session.set_period(start, end))

    def save_texts(self) -> None:
        if self._can_edit():
            objectives = self.objectives_edit.toPlainText()
            asks, notes = self.asks_edit.toPlainText(), self.notes_edit.toPlainText()
            self.edit(lambda: self.session.set_texts(objectives, asks, notes))

    def set_attendees(self, chosen: list[str]) -> None:
        """A tick in the attendee list (called from the model's setData: the list is shown
        again after this event, never in the middle of it)."""
        if self._can_edit():
            self.page.attempt(lambda: self.session.set_attendees(chosen))
            self.page.mark_dirty()
