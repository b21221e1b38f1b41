"""Help > Keyboard Shortcuts (F1): every shortcut of the app, grouped by what it is for and
in the order a newcomer meets them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.models.table import KEY, Column
from ui.models.tree import TreeModel
from ui.widgets.fit import ColumnFitter
from ui.window_menus import PAGE_TITLES


@dataclass(frozen=True)
class Shortcut:
    keys: str
    what: str


@dataclass(frozen=True)
class ShortcutGroup:
    title: str
    shortcuts: tuple[Shortcut, ...]


def _group(title: str, *pairs: tuple[str, str]) -> ShortcutGroup:
    return ShortcutGroup(title, tuple(Shortcut(keys, what) for keys, what in pairs))


SHORTCUT_GROUPS: tuple[ShortcutGroup, ...] = (
    _group(
        "Find and go",
        ("Ctrl+K", "Search everything in the book"),
        ("Ctrl+F", "Find an account (search the Accounts page)"),
        *((f"Ctrl+{n}", f"Go to {title}") for n, title in enumerate(PAGE_TITLES.values(), 1)),
        ("Enter / double-click", "Open the selected account, or edit the selected row"),
        ("F5", "Refresh every page from the book"),
    ),
    _group(
        "Edit",
        ("Ctrl+N", "New account"),
        ("Delete", "Delete the selected row (undo with Ctrl+Z)"),
        ("Ctrl+Shift+P", "Record progress on the selected goal (Success Plan tab)"),
        ("Ctrl+Z", "Undo the last edit"),
        ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
        ("Ctrl+,", "Preferences: your name, e-mail and time zone"),
    ),
    _group(
        "Book",
        ("Ctrl+Shift+N", "New book"),
        ("Ctrl+O", "Open a book"),
        ("Ctrl+Shift+S", "Save a copy of the book"),
        ("Ctrl+I", "Import accounts, contacts and more from a CRM export (CSV)"),
        ("Ctrl+E", "Export the book as CSV files or a JSON archive"),
        ("Ctrl+W", "Close the book"),
        ("Ctrl+Q", "Quit"),
    ),
    _group("Help", ("F1", "These keyboard shortcuts")),
)
"""Every shortcut, in groups, each group in the order a newcomer needs them."""


Row = ShortcutGroup | Shortcut


def _keys(row: Row) -> str:
    return row.title if isinstance(row, ShortcutGroup) else row.keys


def _what(row: Row) -> str:
    return "" if isinstance(row, ShortcutGroup) else row.what


COLUMNS: tuple[Column[Row], ...] = (
    Column("Keys", _keys, bold=lambda r: isinstance(r, ShortcutGroup), width=24, priority=KEY),
    Column("What it does", _what, width=60, min_width=20),
)


class ShortcutsModel(TreeModel):
    """Groups of shortcuts, each group a heading row with its shortcuts under it."""

    def set_groups(self, groups: Sequence[ShortcutGroup]) -> None:
        def build() -> None:
            for group in groups:
                gid = self._add(group)
                for shortcut in group.shortcuts:
                    self._add(shortcut, gid)

        self._reset(build)


class ShortcutsDialog(QDialog):
    """The shortcuts, grouped and expanded; Close (or Escape) closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = ShortcutsModel(COLUMNS, self)
        self.model.set_groups(SHORTCUT_GROUPS)
        view = QTreeView()
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setItemsExpandable(False)
        view.setAlternatingRowColors(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.expandAll()
        for row in range(self.model.rowCount()):  # a group's title spans the dialog
            view.setFirstColumnSpanned(row, QModelIndex(), True)  # noqa: FBT003 - Qt API
        self.view = view
        self.fitter = ColumnFitter(view, COLUMNS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(640, 600)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
