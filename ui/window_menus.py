"""The main window's menus, as a table: every command with its text, shortcut, status tip, what
it runs and what it needs (an open book, a writable one). :mod:`ui.menus` builds them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from planner import APP_NAME
from ui.menus import Command, Existing, Need, Separator, Submenu
from ui.theme import ThemeMode

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PAGE_TITLES = {
    "portfolio": "Portfolio",
    "accounts": "Accounts",
    "mywork": "My Work",
    "metrics": "Metrics",
    "attention": "Needs Attention",
    "forecast": "Forecast",
}


def menu_table(window: MainWindow) -> Sequence[Submenu]:
    """Every menu of the window, as data."""
    lifecycle = window.books
    file_menu = Submenu(
        "file",
        "&File",
        (
            Command(
                "new_book",
                "New Book…",
                lifecycle.new_book,
                ("Ctrl+Shift+N",),
                tip="Create an empty book file",
            ),
            Command(
                "open", "Open…", lifecycle.choose_and_open, ("Ctrl+O",), tip="Open a book file"
            ),
            Submenu("recent", "Open Recent", on_show=window.fill_recent),
            Separator(),
            Command(
                "save_copy",
                "Save a Copy As…",
                lifecycle.save_copy,
                ("Ctrl+Shift+S",),
                tip="Write a verified copy of this book elsewhere",
                needs=Need.BOOK,
            ),
            Separator(),
            Command(
                "import",
                "Import…",
                window.import_data,
                ("Ctrl+I",),
                needs=Need.WRITABLE,
                tip="Add or update accounts, contacts, actions, surveys or revenue from a CSV file",
            ),
            Command(
                "export",
                "Export…",
                window.export_data,
                ("Ctrl+E",),
                needs=Need.BOOK,
                tip="CSV files for Excel, or a JSON archive of the whole book",
            ),
            Command(
                "merge",
                "Merge Book…",
                window.merge_book,
                needs=Need.WRITABLE,
                tip="Bring in the changes made in a copy of this book",
            ),
            Separator(),
            Command(
                "backup",
                "Back Up Now",
                window.back_up_now,
                needs=Need.BOOK,
                tip="Save a verified backup of the book in its backup folder",
            ),
            Command(
                "restore",
                "Restore from Backup…",
                window.restore_from_backup,
                needs=Need.WRITABLE,
                tip="Put the book back as it was in one of its backups",
            ),
            Separator("file_data"),
            Command("close", "Close Book", window.close_book, ("Ctrl+W",), needs=Need.BOOK),
            Command("quit", "Quit", window.close, ("Ctrl+Q",), role=QAction.MenuRole.QuitRole),
        ),
    )
    undo = window.undo_group.createUndoAction(window, "Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.undo_group.createRedoAction(window, "Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu = Submenu(
        "edit",
        "&Edit",
        (
            Existing("undo", undo),
            Existing("redo", redo),
            Separator(),
            Command(
                "new_account", "New Account…", window.new_account, ("Ctrl+N",), needs=Need.WRITABLE
            ),
            Command(
                "delete",
                "Delete",
                window.delete_selected,
                ("Delete",),
                needs=Need.WRITABLE,
                tip="Delete the selected row; undo with Ctrl+Z",
            ),
            Separator(),
            Command(
                "preferences",
                "Preferences…",
                window.open_preferences,
                ("Ctrl+,",),
                tip="Your name, e-mail and time zone (for My Work, new actions and invites)",
                role=QAction.MenuRole.PreferencesRole,
            ),
        ),
    )
    themes = tuple(
        Command(
            f"theme_{mode.value}",
            mode.label,
            partial(window.set_theme, mode),
            checked=mode is window.settings.theme,
        )
        for mode in ThemeMode
    )
    view_menu = Submenu(
        "view",
        "&View",
        (
            Command("refresh", "Refresh", window.refresh, ("F5",), needs=Need.BOOK),
            Separator(),
            Submenu("appearance", "Appearance", themes),
        ),
    )
    pages = tuple(
        Command(f"go_{key}", title, partial(window.go, key), (f"Ctrl+{n}",), needs=Need.BOOK)
        for n, (key, title) in enumerate(PAGE_TITLES.items(), start=1)
    )
    go_menu = Submenu(
        "go",
        "&Go",
        (
            *pages,
            Separator(),
            Command("find", "Find Account…", window.find_account, ("Ctrl+F",), needs=Need.BOOK),
            Command(
                "search",
                "Search Everything…",
                window.search_everything,
                ("Ctrl+K",),
                needs=Need.BOOK,
                tip="Find any text",
            ),
        ),
    )
    book_menu = Submenu(
        "book",
        "&Book",
        (
            Command(
                "book_settings",
                "Settings…",
                window.open_book_settings,
                needs=Need.BOOK,
                tip="Name, base currency, exchange rates, gross margin, fiscal year, staleness",
            ),
            Separator(),
            Command(
                "health_model",
                "Health Model…",
                window.open_health_model,
                needs=Need.BOOK,
                tip="Weights of the health factors and the red/yellow/green bands",
            ),
            Command(
                "record_health",
                "Record Health for All Accounts…",
                window.record_health_for_all,
                needs=Need.WRITABLE,
                tip="Score every active account now and save a snapshot of each",
            ),
            Command(
                "templates",
                "Plan Templates…",
                window.open_templates,
                needs=Need.BOOK,
                tip="Share plan templates as files",
            ),
            Separator(),
            Command(
                "batch_qbr",
                "Export QBRs Due Soon…",
                window.export_qbrs_due,
                needs=Need.BOOK,
                tip="Decks and PDFs for every account with a QBR or renewal in the next days",
            ),
        ),
    )
    help_menu = Submenu(
        "help",
        "&Help",
        (
            Command("shortcuts", "Keyboard Shortcuts", window.show_shortcuts, ("F1",)),
            Command(
                "about", f"About {APP_NAME}", window.show_about, role=QAction.MenuRole.AboutRole
            ),
        ),
    )
    return (file_menu, edit_menu, view_menu, go_menu, book_menu, help_menu)
