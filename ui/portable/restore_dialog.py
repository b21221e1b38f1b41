"""File > Restore from Backup...: the book's backups with date and size; restore one.

The state being replaced is backed up first, so a restore can itself be undone by restoring
that backup. The book stays open; the main window refreshes every page afterwards (and clears
its undo history, which no longer applies).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.services import books
from planner.services.books import BackupInfo, Book, RestoreResult
from ui.models.table import Column, RowTableModel
from ui.portable.common import Runner, confirm, megabytes, reserve_lines
from ui.widgets.common import DataTable, plain_label, set_plain

BACKUP_COLUMNS: tuple[Column[BackupInfo], ...] = (
    Column("Taken", lambda b: books.format_when(b.taken_at), sort=lambda b: b.taken_at, width=22),
    Column("Why", lambda b: b.reason_label, width=20),
    Column("Size", lambda b: megabytes(b.size), sort=lambda b: b.size, width=9),
    Column("File", lambda b: b.path.name, tooltip=lambda b: str(b.path), width=40),
)


class RestoreDialog(QDialog):
    """Lists ``book``'s backups, newest first. ``restored`` carries the RestoreResult."""

    restored = Signal(object)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle("Restore from a backup")
        layout = QVBoxLayout(self)
        self.intro = plain_label(
            f"Backups of {book.path.name}. Restoring replaces what the book holds now with the "
            "backup; what it holds now is kept as another backup first.",
            wrap=True,
        )
        layout.addWidget(self.intro)
        self.model: RowTableModel[BackupInfo] = RowTableModel(BACKUP_COLUMNS)
        self.table = DataTable(
            self.model, sort_order=Qt.SortOrder.DescendingOrder, stretch=3, empty="No backups yet."
        )  # newest first
        layout.addWidget(self.table, 1)
        self.where = plain_label("", "muted", wrap=True)
        layout.addWidget(self.where)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.status = reserve_lines(plain_label("", wrap=True), 3)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.ActionRole)
        self.file_button = buttons.addButton(
            "Restore a File…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self._restore_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.runner = Runner(self, self.bar)
        self.runner.busy.connect(lambda _busy: self._update_buttons())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()
        self.resize(760, 420)

    def refresh(self) -> None:
        backups = books.list_backups(self.book)
        self.model.set_rows(backups)
        if backups:
            self.table.selectRow(0)
            set_plain(self.where, f"Kept in {backups[0].path.parent}")
        else:
            set_plain(
                self.where,
                "Backups are taken before imports, merges and upgrades, and "
                "once a day while the book is open.",
            )
        if self.book.read_only:
            set_plain(
                self.status,
                "This book is open read-only, so it cannot be restored. Open it for editing first.",
            )
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        index = self.table.proxy.mapToSource(rows[0])
        return self.model.row_at(index.row())

    def _update_buttons(self) -> None:
        idle = not self.runner.running and not self.book.read_only
        self.restore_button.setEnabled(idle and self.selected() is not None)
        self.file_button.setEnabled(idle)

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.restore(chosen.path, f"the backup taken {books.format_when(chosen.taken_at)}")

    def _restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", str(self.book.path.parent), "Books (*.aspbook);;All files (*)"
        )
        if path:
            self.restore(Path(path), Path(path).name)

    def restore(self, path: Path, what: str, *, ask: bool = True) -> None:
        try:
            books.verify_backup(path)
        except PlannerError as exc:
            set_plain(self.status, str(exc))
            return
        question = (
            f"Replace everything in {self.book.path.name} with {what}? What the book "
            "holds now is kept as a backup first, so you can go back."
        )
        warning = books.restore_warning(self.book.path, path)
        if warning is not None:
            question = f"{warning}\n\n{question}"
        if ask and not confirm(self, "Restore from a backup", question, "Restore"):
            return
        book = self.book
        set_plain(self.status, "Restoring…")
        self.runner.start(
            lambda _progress: books.restore_backup(book, path), done=self._done, failed=self._failed
        )

    def _done(self, result: Any) -> None:
        assert isinstance(result, RestoreResult)
        text = f"Restored {self.book.path.name} from {result.restored_from.name}."
        if result.safety_backup:
            text += f" What it held before is kept as {result.safety_backup.name}."
        set_plain(self.status, text)
        self.refresh()
        self.restored.emit(result)

    def _failed(self, message: str) -> None:
        set_plain(self.status, f"Nothing was restored. {message}")
