"""A titled table of one entity with Add / Edit / Delete, as the workspace tabs use it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.dialogs.editors import delete_row
from ui.dialogs.form import FormDialog
from ui.models.table import Column, RowTableModel
from ui.pages.base import Page
from ui.widgets.common import DataTable, heading, plain_label
from ui.widgets.fit import fit_rows, flow_row, keep_rows_visible


class CrudSection(QWidget):
    """Heading, buttons and a table for one kind of row of the open account.

    ``new_dialog()`` and ``edit_dialog(row)`` build the editors (see :mod:`ui.dialogs.editors`);
    double-click or Enter edits; Delete removes the selected row through the undo history.
    """

    selected = Signal(object)
    """The selected row's DTO, or None."""

    def __init__(
        self,
        page: Page,
        title: str,
        columns: Sequence[Column[Any]],
        *,
        kind: str,
        new_dialog: Callable[[], FormDialog | None],
        edit_dialog: Callable[[Any], FormDialog],
        name_of: Callable[[Any], str],
        add_text: str = "Add…",
        empty: str = "",
        sort_column: int = 0,
        descending: bool = False,
        stretch: int | None = None,
        extra_buttons: Sequence[QWidget] = (),
        rows: tuple[int, int] = (3, 8),
        grow: bool = True,
    ) -> None:
        """``rows``: the table is always tall enough for this many of its rows (at least,
        at most; more rows scroll inside it). With ``grow`` it takes any room the page has to
        spare; without, it is exactly that tall (two tables on one page)."""
        super().__init__(page)
        self.page = page
        self.kind = kind
        self._new_dialog = new_dialog
        self._edit_dialog = edit_dialog
        self._name_of = name_of
        self.dialog: FormDialog | None = None

        self.title = heading(title)
        self.summary = plain_label("", "muted")
        self.add_button = QPushButton(add_text)
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected row (Delete). Undo with Ctrl+Z.")
        page.editing(self.add_button)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table = DataTable(
            self.model, sort_column=sort_column, sort_order=order, stretch=stretch, empty=empty
        )
        self.extra_buttons = list(extra_buttons)
        self.rows = rows
        self.grow = grow
        self._fit_height(0)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        heading_row = QHBoxLayout()
        heading_row.setSpacing(8)
        heading_row.addWidget(self.title, 0, Qt.AlignmentFlag.AlignBottom)
        heading_row.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        self.summary.setContentsMargins(0, 0, 0, 2)
        bar.addLayout(heading_row)
        bar.setAlignment(heading_row, Qt.AlignmentFlag.AlignTop)
        # The buttons pack to the right and wrap onto a second line in a narrow window.
        self.buttons = flow_row(
            *self.extra_buttons, self.add_button, self.edit_button, self.delete_button
        )
        bar.addWidget(self.buttons, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # ----------------------------------------------------------------- rows
    def set_rows(self, rows: Sequence[Any]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        self._fit_height(len(rows))
        if current is not None:
            self.table.select_id(current.id)
        self._selection_changed()

    def _fit_height(self, count: int) -> None:
        least, most = self.rows
        if self.grow:
            keep_rows_visible(self.table, count, least=least, most=most)
        else:
            fit_rows(self.table, count, least=least, most=most)

    def current(self) -> Any:
        return self.table.current_row()

    def _selection_changed(self, *_: object) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.edit_button.setText("View…" if self.page.ctx.read_only else "Edit…")
        self.page.set_enabled_for_edit(self.delete_button, row is not None)
        self.selected.emit(row)

    # ----------------------------------------------------------------- edits
    def add(self) -> FormDialog | None:
        if self.page.ctx.read_only:
            return None
        return self.open_new(self._new_dialog())

    def open_new(self, dialog: FormDialog | None) -> FormDialog | None:
        """Show a create dialog; the new row is selected once it is saved."""
        self.dialog = dialog
        if dialog is not None:
            dialog.accepted.connect(self._added)
            dialog.open()
        return dialog

    def _added(self) -> None:
        if self.dialog is not None and self.dialog.result_value is not None:
            row_id = getattr(self.dialog.result_value, "id", "")
            self.page.reload_now()
            self.table.select_id(row_id)

    def _activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.edit_selected()

    def edit_selected(self) -> FormDialog | None:
        row = self.current()
        if row is None:
            return None
        self.dialog = self._edit_dialog(row)
        self.dialog.open()
        return self.dialog

    def delete_selected(self) -> bool:
        row = self.current()
        if row is None or self.page.ctx.read_only:
            return False
        name = self._name_of(row)
        ctx = self.page.ctx
        if (
            ctx.attempt(self, "Delete", lambda: delete_row(ctx, self.kind, row.id, name))
            is not None
        ):
            ctx.nav.status.emit(f"Deleted {name}. Undo with Ctrl+Z.")
        return True
