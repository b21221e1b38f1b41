"""File > Merge Book...: bring back the changes made in a copy of this book.

Choose the copy; a preview lists what would be added, updated and deleted here, and every
record changed on both sides (or deleted on one side and changed on the other), for you to
decide: keep this book's version, or take the copy's. Nothing is written until Merge; a backup
is taken first. Merging the same copy again changes nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.services.books import Book
from planner.services.interchange import merge
from planner.services.interchange.merge import FROM, INTO, Conflict, MergePlan, TableChanges
from ui.models.table import RIGHT, Column, RowTableModel
from ui.portable.common import Runner, reserve_lines
from ui.widgets.common import DataTable, plain_label, set_plain

CHANGE_COLUMNS: tuple[Column[TableChanges], ...] = (
    Column("Records", lambda c: c.label, width=18),
    Column("Added", lambda c: str(c.added), sort=lambda c: c.added, align=RIGHT, width=7),
    Column("Updated", lambda c: str(c.updated), sort=lambda c: c.updated, align=RIGHT, width=7),
    Column("Deleted", lambda c: str(c.deleted), sort=lambda c: c.deleted, align=RIGHT, width=7),
)
KIND_TEXT = {
    merge.BOTH_CHANGED: "Changed in both",
    merge.DELETED_HERE: "Deleted here, changed there",
    merge.DELETED_THERE: "Changed here, deleted there",
}


class MergeDialog(QDialog):
    """Merge a copy into ``book``. ``merged`` carries the MergeResult once written."""

    merged = Signal(object)

    def __init__(
        self, book: Book, parent: QWidget | None = None, *, source: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.plan: MergePlan | None = None
        self.choices: dict[str, str] = {}
        self.setWindowTitle("Merge a copy of this book")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"Bring the changes made in a copy of {book.path.name} (for example the one you "
                "took to a client) into this book.",
                wrap=True,
            )
        )
        row = QHBoxLayout()
        self.source = QLineEdit(str(source) if source else "")
        self.source.setPlaceholderText("The copy (.aspbook)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.preview_button = QPushButton("Preview")
        self.preview_button.clicked.connect(self.preview)
        row.addWidget(self.source, 1)
        row.addWidget(browse)
        row.addWidget(self.preview_button)
        layout.addLayout(row)
        self.summary = reserve_lines(plain_label("", wrap=True), 3)
        layout.addWidget(self.summary)
        split = QSplitter()
        self.changes: RowTableModel[TableChanges] = RowTableModel(CHANGE_COLUMNS)
        self.changes_table = DataTable(self.changes, empty="No changes to bring over.")
        split.addWidget(self.changes_table)
        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        self.conflicts: RowTableModel[Conflict] = RowTableModel(
            (
                Column("Record", lambda c: c.label, width=28),
                Column("What happened", lambda c: KIND_TEXT[c.kind], width=24),
                Column("Keep", self._choice_text, width=14),
            )
        )
        self.conflict_table = DataTable(self.conflicts, stretch=0, empty="No conflicts.")
        rlayout.addWidget(self.conflict_table, 1)
        self.detail_box = QGroupBox("Decide")
        dlayout = QVBoxLayout(self.detail_box)
        self.detail = reserve_lines(plain_label("", wrap=True), 4)
        dlayout.addWidget(self.detail)
        self.keep_mine = QRadioButton("Keep this book's version")
        self.take_theirs = QRadioButton("Take the copy's version")
        group = QButtonGroup(self)
        group.addButton(self.keep_mine)
        group.addButton(self.take_theirs)
        dlayout.addWidget(self.keep_mine)
        dlayout.addWidget(self.take_theirs)
        all_row = QHBoxLayout()
        self.all_mine = QPushButton("Keep Mine for All")
        self.all_theirs = QPushButton("Take Theirs for All")
        all_row.addWidget(self.all_mine)
        all_row.addWidget(self.all_theirs)
        all_row.addStretch(1)
        dlayout.addLayout(all_row)
        rlayout.addWidget(self.detail_box)
        split.addWidget(right)
        split.setSizes([400, 580])
        layout.addWidget(split, 1)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_mine.toggled.connect(partial(self._choose_if, INTO))
        self.take_theirs.toggled.connect(partial(self._choose_if, FROM))
        self.all_mine.clicked.connect(lambda: self.choose_all(INTO))
        self.all_theirs.clicked.connect(lambda: self.choose_all(FROM))
        self.conflict_table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.runner = Runner(self, self.bar)
        self.runner.busy.connect(lambda _busy: self._update())
        self._update()
        self.resize(1000, 620)

    # ----------------------------------------------------------------- preview
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the copy to merge",
            str(self.book.path.parent),
            "Books (*.aspbook);;All files (*)",
        )
        if path:
            self.source.setText(path)
            self.preview()

    def preview(self) -> None:
        text = self.source.text().strip()
        if not text:
            set_plain(self.summary, "Choose the copy to merge first.")
            return
        book, path = self.book, Path(text)
        self.plan = None
        self.choices = {}
        set_plain(self.summary, "Comparing the two books…")
        self.runner.start(
            lambda _p: merge.preview_merge(book, path), done=self._previewed, failed=self._failed
        )

    def _previewed(self, plan: Any) -> None:
        assert isinstance(plan, MergePlan)
        self.plan = plan
        self.changes.set_rows(plan.changes)
        self.conflicts.set_rows(plan.conflicts)
        if plan.nothing_to_do:
            set_plain(
                self.summary,
                f"Nothing to merge: this book already has everything in {plan.source.name}.",
            )
        else:
            text = plan.summary()
            if plan.conflicts:
                text += " Choose which version to keep for each conflict on the right."
            set_plain(self.summary, text)
        if plan.conflicts:
            self.conflict_table.selectRow(0)
        self._update()

    # ----------------------------------------------------------------- conflicts
    def _choice_text(self, conflict: Conflict) -> str:
        choice = self.choices.get(conflict.key)
        if choice is None:
            return "Choose…"
        return "This book" if choice == INTO else "The copy"

    def current(self) -> Conflict | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.conflicts.row_at(self.conflict_table.proxy.mapToSource(rows[0]).row())

    def _selected(self) -> None:
        conflict = self.current()
        self.detail_box.setEnabled(conflict is not None)
        if conflict is None:
            set_plain(self.detail, "")
            return
        lines = [f"{conflict.label[:1].upper()}{conflict.label[1:]}: {conflict.detail}"]
        lines.extend(
            f"{d.field}: here {d.here!r}; in the copy {d.there!r}" for d in conflict.differences
        )
        set_plain(self.detail, "\n".join(lines))
        kept = conflict.kind != merge.DELETED_HERE
        self.keep_mine.setText("Keep this book's version" if kept else "Keep it deleted")
        self.take_theirs.setText(
            "Take the copy's version"
            if conflict.kind != merge.DELETED_THERE
            else "Delete it here too"
        )
        choice = self.choices.get(conflict.key)
        for button, value in ((self.keep_mine, INTO), (self.take_theirs, FROM)):
            button.blockSignals(True)  # noqa: FBT003 - Qt's API
            button.setChecked(choice == value)
            button.blockSignals(False)  # noqa: FBT003 - Qt's API

    def _choose_if(self, side: str, on: bool) -> None:
        if on:
            self._choose(side)

    def _choose(self, choice: str) -> None:
        conflict = self.current()
        if conflict is not None:
            self.choices[conflict.key] = choice
            self.conflicts.update_row(conflict)
            self._update()

    def choose_all(self, choice: str) -> None:
        if self.plan is None:
            return
        self.choices = {c.key: choice for c in self.plan.conflicts}
        self.conflicts.set_rows(self.plan.conflicts)
        self._selected()
        self._update()

    def _update(self) -> None:
        idle = not self.runner.running
        decided = self.plan is not None and all(c.key in self.choices for c in self.plan.conflicts)
        ready = self.plan is not None and not self.plan.nothing_to_do and decided
        self.merge_button.setEnabled(idle and ready and not self.book.read_only)
        self.preview_button.setEnabled(idle)
        self.detail_box.setEnabled(idle and self.current() is not None)
        has_conflicts = bool(self.plan and self.plan.conflicts)
        self.all_mine.setEnabled(idle and has_conflicts)
        self.all_theirs.setEnabled(idle and has_conflicts)

    # ----------------------------------------------------------------- merge
    def apply(self) -> None:
        if self.plan is None:
            return
        book, path, choices = self.book, self.plan.source, dict(self.choices)
        set_plain(self.summary, "Merging…")
        self.runner.start(
            lambda _p: merge.merge(book, path, choices=choices),
            done=self._merged,
            failed=self._failed,
        )

    def _merged(self, result: Any) -> None:
        assert isinstance(result, merge.MergeResult)
        text = f"Merged {result.plan.source.name} into {self.book.path.name}: " + (
            result.plan.summary(settled=True)
        )
        if result.backup:
            text += f" The book as it was before is kept as {result.backup.name}."
        set_plain(self.summary, text)
        self.plan = None
        self._update()
        self.merged.emit(result)

    def _failed(self, message: str) -> None:
        set_plain(self.summary, f"Nothing was merged. {message}")
        self._update()
