"""Menus described as data: each menu is a list of entries (commands, separators, submenus),
and :func:`build_menus` turns the table into Qt menus and actions.

A :class:`Command` says what it is called, what it runs, its shortcut and status tip, and what
it needs to be available: nothing, an open book, or a book that can be written
(:class:`Need`). :meth:`Menus.update` enables every action for the book now open. The main
window's table is :func:`ui.main_window.menu_table`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

Shortcut = str | QKeySequence


class Need(enum.Enum):
    """When a command can be used."""

    NOTHING = "always"
    BOOK = "a book is open"
    WRITABLE = "the open book can be written"


@dataclass(frozen=True)
class Command:
    key: str
    """How the window refers to the action (``menus.action("import")``)."""
    text: str
    run: Callable[[], object]
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    needs: Need = Need.NOTHING
    role: QAction.MenuRole | None = None
    checked: bool | None = None
    """Checkable (True/False: its first state); commands of one submenu that are checkable are
    exclusive, like radio buttons."""


@dataclass(frozen=True)
class Existing:
    """An action made elsewhere, which keeps its own enabled state (undo and redo come from
    the undo group, enabled when there is something to undo or redo)."""

    key: str
    action: QAction


@dataclass(frozen=True)
class Separator:
    key: str = ""
    """A named separator is kept (``menus.separators[key]``) as a place to insert at."""


@dataclass(frozen=True)
class Submenu:
    key: str
    title: str
    entries: Sequence[Entry] = ()
    on_show: Callable[[QMenu], None] | None = None
    """Fills the submenu each time it opens (recent books)."""


Entry = Command | Existing | Separator | Submenu


@dataclass
class Menus:
    """The menus and actions built from a table."""

    menus: dict[str, QMenu] = field(default_factory=dict)
    actions: dict[str, QAction] = field(default_factory=dict)
    separators: dict[str, QAction] = field(default_factory=dict)
    needs: dict[str, Need] = field(default_factory=dict)

    def action(self, key: str) -> QAction:
        return self.actions[key]

    def update(self, *, has_book: bool, writable: bool) -> None:
        """Enable each action when what it needs is there."""
        allowed = {Need.NOTHING: True, Need.BOOK: has_book, Need.WRITABLE: writable}
        for key, need in self.needs.items():
            self.actions[key].setEnabled(allowed[need])


def build_menus(bar: QMenuBar, table: Sequence[Submenu], parent: QObject) -> Menus:
    """Add the menus of ``table`` to ``bar``; actions are owned by ``parent``."""
    built = Menus()
    for menu in table:
        _fill(bar.addMenu(menu.title), menu, built, parent)
    return built


def _fill(qmenu: QMenu, spec: Submenu, built: Menus, parent: QObject) -> None:
    built.menus[spec.key] = qmenu
    if spec.on_show is not None:
        on_show = spec.on_show
        qmenu.aboutToShow.connect(lambda: on_show(qmenu))
    group: QActionGroup | None = None
    for entry in spec.entries:
        if isinstance(entry, Separator):
            separator = qmenu.addSeparator()
            if entry.key:
                built.separators[entry.key] = separator
        elif isinstance(entry, Submenu):
            _fill(qmenu.addMenu(entry.title), entry, built, parent)
        elif isinstance(entry, Existing):
            qmenu.addAction(entry.action)
            built.actions[entry.key] = entry.action
        else:
            action = _action(entry, parent)
            if entry.checked is not None:
                group = group or QActionGroup(parent)
                group.addAction(action)
            qmenu.addAction(action)
            built.actions[entry.key] = action
            built.needs[entry.key] = entry.needs


def _action(command: Command, parent: QObject) -> QAction:
    action = QAction(command.text, parent)
    if command.shortcuts:
        action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
    if command.tip:
        action.setStatusTip(command.tip)
    if command.role is not None:
        action.setMenuRole(command.role)
    if command.checked is not None:
        action.setCheckable(True)
        action.setChecked(command.checked)
    run = command.run
    action.triggered.connect(lambda _=False: run())
    return action
