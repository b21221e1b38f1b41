"""The health model dialog: factor weights and the red/yellow/green bands.

Saving different settings makes a new model version (earlier snapshots keep the version they
were scored with); problems are shown next to the field that has them, as you type, and Save
stays disabled until the settings are usable. The save goes through the undo history.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain import health as h
from planner.services import changes, health
from planner.services.books import Book
from planner.services.changes import DeletedRows
from ui.health.common import error_label, show_error, table_view
from ui.health.models import Column, RowsModel
from ui.undo import EditHistory
from ui.widgets.common import plain_label


def _weights_text(version: health.HealthModelVersion) -> str:
    total = sum(version.weights.values()) or 1.0
    return ", ".join(
        f"{h.FACTOR_LABELS[k]} {version.weights.get(k, 0.0) / total * 100:.0f} %"
        for k in h.FACTORS
        if version.weights.get(k, 0.0) > 0
    )


VERSION_COLUMNS: list[Column[health.HealthModelVersion]] = [
    Column("Version", lambda v: f"v{v.version}", lambda v: v.version),
    Column("Saved", lambda v: fmt.day(v.created_at.date()) if v.created_at else "built in"),
    Column("Bands", lambda v: f"red < {v.red_below} <= yellow < {v.green_from} <= green"),
    Column("Weights", _weights_text, tip=_weights_text),
    Column("Note", lambda v: v.note, tip=lambda v: v.note),
]


class HealthSettingsDialog(QDialog):
    """Edit the weights and bands of the health model. ``saved`` models are in ``result``."""

    def __init__(self, book: Book, history: EditHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Health Model")
        self.book = book
        self.history = history
        self.result_change: health.ModelChange | None = None
        versions = health.list_models(book)
        self.current = versions[-1]
        self.weight_boxes: dict[str, QDoubleSpinBox] = {}
        self.share_labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

        weights = QGroupBox("Weights")
        grid = QGridLayout(weights)
        grid.addWidget(
            plain_label(
                "Each factor counts by its weight's share of the total. A factor "
                "with no data for an account is left out and its share spread "
                "over the others.",
                "muted",
                wrap=True,
            ),
            0,
            0,
            1,
            4,
        )
        for row, key in enumerate(h.FACTORS, start=1):
            label = plain_label(h.FACTOR_LABELS[key] + ":")
            label.setToolTip(h.FACTOR_RULES[key])
            box = QDoubleSpinBox()
            box.setRange(0, 1000)
            box.setDecimals(1)
            box.setValue(float(self.current.weights.get(key, 0.0)))
            box.setToolTip(h.FACTOR_RULES[key])
            box.setAccessibleName(f"Weight of {h.FACTOR_LABELS[key]}")
            box.valueChanged.connect(self._validate)
            share = plain_label("", "muted")
            share.setMinimumWidth(60)
            error = error_label()
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(share, row, 2)
            grid.addWidget(error, row, 3)
            self.weight_boxes[key] = box
            self.share_labels[key] = share
            self.errors[f"weight:{key}"] = error
        self.errors["weights"] = error_label()
        grid.addWidget(self.errors["weights"], len(h.FACTORS) + 1, 0, 1, 4)
        grid.setColumnStretch(3, 1)

        bands = QGroupBox("Bands")
        band_grid = QGridLayout(bands)
        self.red_below = QSpinBox()
        self.red_below.setRange(0, 100)
        self.red_below.setValue(self.current.red_below)
        self.green_from = QSpinBox()
        self.green_from.setRange(0, 100)
        self.green_from.setValue(self.current.green_from)
        self.errors["red_below"] = error_label()
        self.errors["green_from"] = error_label()
        self.band_preview = plain_label("", "muted")
        band_grid.addWidget(plain_label("Red below:"), 0, 0)
        band_grid.addWidget(self.red_below, 0, 1)
        band_grid.addWidget(self.errors["red_below"], 0, 2)
        band_grid.addWidget(plain_label("Green from:"), 1, 0)
        band_grid.addWidget(self.green_from, 1, 1)
        band_grid.addWidget(self.errors["green_from"], 1, 2)
        band_grid.addWidget(self.band_preview, 2, 0, 1, 3)
        band_grid.setColumnStretch(2, 1)
        for spin in (self.red_below, self.green_from):
            spin.valueChanged.connect(self._validate)

        self.note = QLineEdit()
        self.note.setPlaceholderText(
            "Why the model changes (optional), e.g. after the churn review"
        )
        self.note.setMaxLength(500)
        self.summary = plain_label("", wrap=True)

        self.versions = RowsModel(VERSION_COLUMNS, self)
        self.versions.set_rows(list(reversed(versions)))
        view = table_view()
        view.setModel(self.versions)
        view.setMaximumHeight(140)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save as New Version")
        self.defaults_button = QPushButton("Use Defaults")
        self.defaults_button.setToolTip(
            "Fill in the built-in weights and bands (25/20/15/15/15/10; red < 40, green from 70)"
        )
        self.buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.defaults_button.clicked.connect(self.use_defaults)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        note_row = QHBoxLayout()
        note_row.addWidget(plain_label("Note:"))
        note_row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"New snapshots are scored with the current model, v"
                f"{self.current.version}. Saving different settings makes "
                f"v{self.current.version + 1}; snapshots already recorded keep "
                "their version.",
                wrap=True,
            )
        )
        layout.addWidget(weights)
        layout.addWidget(bands)
        layout.addLayout(note_row)
        layout.addWidget(self.summary)
        layout.addWidget(plain_label("Versions", "heading"))
        layout.addWidget(view)
        layout.addWidget(self.buttons)
        self.resize(640, 640)
        self._validate()

    # ----------------------------------------------------------------- values
    def weights(self) -> dict[str, float]:
        return {key: box.value() for key, box in self.weight_boxes.items()}

    def use_defaults(self) -> None:
        for key, box in self.weight_boxes.items():
            box.setValue(float(h.DEFAULT_WEIGHTS[key]))
        self.red_below.setValue(h.DEFAULT_RED_BELOW)
        self.green_from.setValue(h.DEFAULT_GREEN_FROM)

    def unchanged(self) -> bool:
        return (
            all(abs(self.weights()[k] - self.current.weights.get(k, 0.0)) < 1e-9 for k in h.FACTORS)
            and self.red_below.value() == self.current.red_below
            and self.green_from.value() == self.current.green_from
        )

    def _validate(self) -> dict[str, str]:
        weights = self.weights()
        red, green = self.red_below.value(), self.green_from.value()
        problems = h.model_field_problems(weights, red, green)
        for key, label in self.errors.items():
            show_error(label, problems.get(key, ""))
        total = sum(weights.values())
        for key, label in self.share_labels.items():
            label.setText(f"{weights[key] / total * 100:.0f} %" if total > 0 else "")
        if "red_below" in problems or "green_from" in problems:
            self.band_preview.setText("")
        else:
            self.band_preview.setText(
                f"Red 0-{red - 1}, yellow {red}-{green - 1}, green {green}-100."
            )
        same = self.unchanged()
        self.save_button.setEnabled(not problems and not same and not self.book.read_only)
        if self.book.read_only:
            self.summary.setText("This book is open read-only: the model can be read, not changed.")
        elif problems:
            self.summary.setText("Correct the fields marked in red to save.")
        elif same:
            self.summary.setText(f"These are the settings of v{self.current.version}.")
        else:
            self.summary.setText(f"Saving makes v{self.current.version + 1}.")
        return problems

    # ----------------------------------------------------------------- saving
    def save(self) -> bool:
        """Save as a new version through the undo history; keep the dialog open on errors."""
        if self._validate():
            return False
        book = self.book
        weights, red, green = self.weights(), self.red_below.value(), self.green_from.value()
        note = self.note.text()
        state: dict[str, DeletedRows] = {}

        def do() -> health.ModelChange:
            return health.save_model(book, weights, red, green, note)

        def undo(change: health.ModelChange) -> None:
            if change.created:
                state["deleted"] = health.delete_model_version(book, change.model.version)

        def redo(change: health.ModelChange) -> None:
            if change.created:
                changes.restore(book, state.pop("deleted"))

        try:
            change = self.history.run(
                f"Change Health Model to v{self.current.version + 1}",
                do,
                undo,
                redo,
            )
        except errors.ValidationError as exc:
            label = self.errors.get(exc.field, self.errors["weights"])
            show_error(label, str(exc))
            return False
        except errors.PlannerError as exc:
            show_error(self.errors["weights"], str(exc))
            return False
        self.result_change = change
        self.accept()
        return True


def open_health_settings(
    book: Book, history: EditHistory, parent: QWidget | None = None
) -> HealthSettingsDialog:
    """Open the dialog window-modal (for a menu action: Book > Health Model...)."""
    dialog = HealthSettingsDialog(book, history, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
