"""Small helpers shared by the health screens: field error labels, band colours, tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from planner.domain.enums import HealthBand
from ui.widgets.common import plain_label

Today = Callable[[], date]


def error_label() -> QLabel:
    """A hidden label for a field's validation message, shown next to the field."""
    label = plain_label("", "error", wrap=True)
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
