"""File > Export...: the book as CSV files (one per table) or as one JSON archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.services.books import Book
from planner.services.interchange import export
from ui.portable.common import Runner, reserve_lines
from ui.widgets.common import plain_label, set_plain
from ui.widgets.export_files import ExportedNote, ask_folder, ask_save_file, remember, start_folder

CSV, JSON = "csv", "json"


class ExportDialog(QDialog):
    """Choose CSV (for spreadsheets) or JSON (the whole book, exactly) and where; export off
    the GUI thread. ``exported`` carries the path written."""

    exported = Signal(str)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle("Export the book")
        layout = QVBoxLayout(self)
        self.csv = QRadioButton("CSV files, one per table, for spreadsheets and other tools")
        self.json = QRadioButton(
            "A JSON archive of the whole book, to rebuild it exactly (planner import-archive)"
        )
        group = QButtonGroup(self)
        group.addButton(self.csv)
        group.addButton(self.json)
        self.csv.setChecked(True)
        layout.addWidget(self.csv)
        layout.addWidget(self.json)
        form = QFormLayout()
        self.target = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form.addRow("Save to:", row)
        layout.addLayout(form)
        self.note = reserve_lines(plain_label("", "muted", wrap=True), 3)
        layout.addWidget(self.note)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.result_label = reserve_lines(plain_label("", wrap=True), 2)
        layout.addWidget(self.result_label)
        self.exported_note = ExportedNote(self, with_text=False)
        layout.addWidget(self.exported_note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.runner = Runner(self, self.bar)
        self.runner.busy.connect(lambda busy: self.export_button.setEnabled(not busy))
        self.csv.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.setMinimumWidth(560)

    def kind(self) -> str:
        return CSV if self.csv.isChecked() else JSON

    def _default_target(self) -> Path:
        folder = start_folder(self, "csv" if self.kind() == CSV else "archive")
        if self.kind() == CSV:
            return folder / f"{self.book.name} CSV"
        return folder / f"{self.book.name}.json"

    def _kind_changed(self) -> None:
        self.target.setText(str(self._default_target()))
        if self.kind() == CSV:
            set_plain(
                self.note,
                "A folder of files in UTF-8 (they open correctly in Excel). "
                "Amounts are given in cents and in currency units; cells that a "
                "spreadsheet could run as a formula start with an apostrophe.",
            )
        else:
            set_plain(
                self.note,
                "One file with every record, setting and history entry. "
                "Import it into a new book to get an exact copy.",
            )

    def _browse(self) -> None:
        if self.kind() == CSV:
            chosen = ask_folder(self, "csv", "Folder for the CSV files")
        else:
            chosen = ask_save_file(
                self, "archive", "Save the archive", Path(self.target.text()).name, "JSON (*.json)"
            )
        if chosen is not None:
            self.target.setText(str(chosen))

    def start(self) -> None:
        target = Path(self.target.text().strip())
        if not self.target.text().strip():
            set_plain(self.result_label, "Choose where to save the export.")
            return
        book, kind = self.book, self.kind()
        self.exported_note.set_files([])

        def work(progress: Any) -> export.ExportResult:
            if kind == CSV:
                return export.export_csv(book, target, progress=progress)
            return export.export_archive(book, target, progress=progress)

        set_plain(self.result_label, "Exporting…")
        self.runner.start(work, done=self._done, failed=self._failed)

    def _done(self, result: Any) -> None:
        assert isinstance(result, export.ExportResult)
        count = len(result.files)
        set_plain(
            self.result_label,
            f"Exported {result.total_rows:,} records to {result.path} "
            f"({count} file{'s' if count != 1 else ''}).",
        )
        remember(self, "csv" if self.kind() == CSV else "archive", result.path)
        self.exported_note.set_files([result.path], " ")
        self.exported.emit(str(result.path))

    def _failed(self, message: str) -> None:
        set_plain(self.result_label, f"The export did not finish. {message}")
