"""Preferences... (Ctrl+,): who you are and your time zone, kept for you, not in a book.

Your name is "Mine" on My Work and the owner of actions you quick-add; your name and e-mail are
the organiser of the QBR invites the app writes; the time zone sets the times in them; the
company is printed in the footer of PDF reports. Each value is checked as you type
(:func:`planner.services.preferences.validate`) and a problem is shown next to its field.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain import errors
from planner.services import preferences
from planner.services.preferences import Preferences
from ui.health.common import error_label, show_error
from ui.widgets.common import plain_label


class PreferencesDialog(QDialog):
    """Edit the person's preferences; ``saved`` carries the :class:`Preferences` written."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.path = path or preferences.preferences_path()
        self.errors: dict[str, QLabel] = {}
        current, problem = preferences.load_or_default(self.path)
        self.current = current
        self.name = QLineEdit(current.name)
        self.name.setPlaceholderText("As it is written in the book (owners of accounts, actions)")
        self.email = QLineEdit(current.email)
        self.email.setPlaceholderText("you@example.com")
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(["", *preferences.time_zones()])
        self.timezone.setCurrentText(current.timezone)
        zone_edit = self.timezone.lineEdit()
        if zone_edit is not None:
            zone_edit.setPlaceholderText(f"This computer's ({preferences.system_timezone()})")
        completer = QCompleter(self.timezone.model(), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.company = QLineEdit(current.company)
        self.company.setPlaceholderText("Printed in the footer of PDF reports")

        form = QFormLayout()
        hints = {
            "name": "“Mine” on My Work, and the owner of the actions you quick-add.",
            "email": "With your name, the organiser of the QBR invites (.ics) you export.",
            "timezone": "The times in invites. Empty: this computer's time zone.",
            "company": "Empty: the book's name is printed instead.",
        }
        for key, widget in (
            ("name", self.name),
            ("email", self.email),
            ("timezone", self.timezone),
            ("company", self.company),
        ):
            self.errors[key] = error_label()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(plain_label(hints[key], "muted", wrap=True))
            column.addWidget(self.errors[key])
            form.addRow(preferences.LABELS[key] + ":", column)

        self.summary = plain_label(problem, "error" if problem else "muted", wrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label("These are yours, on this computer, whichever book is open.", wrap=True)
        )
        layout.addLayout(form)
        layout.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        layout.addLayout(footer)
        layout.addWidget(self.buttons)
        for edit in (self.name, self.email, self.company):
            edit.textChanged.connect(self._validate)
        self.timezone.currentTextChanged.connect(self._validate)
        self.resize(520, 340)
        self._validate()

    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "email": self.email.text(),
            "timezone": self.timezone.currentText().strip(),
            "company": self.company.text(),
        }

    def _validate(self, *_: object) -> Preferences | None:
        for label in self.errors.values():
            show_error(label, "")
        try:
            prefs = preferences.validate(self.values())
        except errors.ValidationError as exc:
            show_error(self.errors.get(exc.field, self.errors["name"]), str(exc))
            self.ok_button.setEnabled(False)
            return None
        self.ok_button.setEnabled(True)
        return prefs

    def save(self) -> bool:
        prefs = self._validate()
        if prefs is None:
            return False
        try:
            preferences.save(prefs, self.path)
        except preferences.PreferencesError as exc:
            self.summary.setText(str(exc))
            return False
        self.current = prefs
        self.saved.emit(prefs)
        self.accept()
        return True


def open_preferences(parent: QWidget | None = None) -> PreferencesDialog:
    """Open the dialog window-modal (Edit > Preferences..., Ctrl+,)."""
    dialog = PreferencesDialog(parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
