"""Small helpers shared by the health screens: plain-text labels and field error labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from planner.domain.enums import HealthBand

Today = Callable[[], date]


def plain(text: str = "", role: str = "", *, wrap: bool = False) -> QLabel:
    """A label that shows ``text`` literally, never as rich text. ``role`` is a style hook
    ("heading", "muted", "title", "error") the app's style sheet may use."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    if role == "muted":
        palette = label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        label.setPalette(palette)
    return label


def error_label() -> QLabel:
    """A hidden label for a field's validation message, shown next to the field."""
    label = plain("", "error", wrap=True)
    label.setStyleSheet("color: #d14343;")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def band_colour(band: HealthBand | None, *, dark: bool) -> str:
    colours = {
        HealthBand.RED: ("#b91c1c", "#f87171"),
        HealthBand.YELLOW: ("#b45309", "#fbbf24"),
        HealthBand.GREEN: ("#15803d", "#4ade80"),
    }
    light, on_dark = colours.get(band, ("#6b7280", "#9ca3af")) if band else ("#6b7280", "#9ca3af")
    return on_dark if dark else light


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5


def table_view(parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(False)
    view.setSortingEnabled(False)
    return view


def fit_rows(view: QTableView, rows: int) -> None:
    """Make a table exactly tall enough for ``rows`` rows (no empty space, no scrolling)."""
    header = view.horizontalHeader().sizeHint().height()
    row = view.verticalHeader().defaultSectionSize()
    frame = view.frameWidth() * 2
    view.setFixedHeight(header + row * rows + frame + 2)
