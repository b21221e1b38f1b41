"""Where export dialogs start, which folder they remember, and what they offer afterwards.

Every "save an export" prompt of the app goes through :func:`ask_save_file` or
:func:`ask_folder` with a *kind* (``deck``, ``pdf``, ``csv``, ``chart``...): the first time, the
prompt opens in the user's Documents folder (their home folder when there is none); after
that, in the folder last used for that kind (kept in the app's settings, which are found on
the widget's window, so nothing here is global). After an export, :class:`ExportedNote` offers
**Open** and **Show in Folder**; :func:`show_exported` shows one in a small window that does
not block anything.

Opening goes through :data:`open_url` (Qt's desktop services): tests replace it and never
open a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings import AppSettings
from ui.widgets.common import plain_label

open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
"""How files and folders are opened (replaced in tests)."""


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder when there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def settings_of(widget: QWidget) -> AppSettings | None:
    """The app's settings, from the main window ``widget`` sits in (None outside it)."""
    found = getattr(widget.window(), "settings", None)
    return found if isinstance(found, AppSettings) else None


def start_folder(widget: QWidget, kind: str) -> Path:
    """Where a prompt for ``kind`` opens: the folder last used for it, else Documents."""
    settings = settings_of(widget)
    last = settings.export_folder(kind) if settings is not None else None
    return last if last is not None and last.is_dir() else documents_folder()


def remember(widget: QWidget, kind: str, chosen: Path) -> None:
    """Remember the folder of ``chosen`` (a file or a folder) for the next ``kind`` export."""
    settings = settings_of(widget)
    if settings is not None:
        settings.set_export_folder(kind, chosen if chosen.is_dir() else chosen.parent)


def ask_save_file(
    parent: QWidget, kind: str, title: str, file_name: str, file_filter: str
) -> Path | None:
    """Ask where to save a file of ``kind`` (suggesting ``file_name``); None if cancelled."""
    start = start_folder(parent, kind) / file_name
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    remember(parent, kind, path)
    return path


def ask_folder(parent: QWidget, kind: str, title: str) -> Path | None:
    """Ask for a folder to export ``kind`` into; None if cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(parent, kind)))
    if not chosen:
        return None
    path = Path(chosen)
    remember(parent, kind, path)
    return path


def open_path(path: Path) -> bool:
    """Open a file (or a folder) with the program the system uses for it."""
    return bool(open_url(QUrl.fromLocalFile(str(path))))


def show_in_folder(path: Path) -> bool:
    """Open the folder that holds ``path`` (the folder itself when it is one)."""
    return open_path(path if path.is_dir() else path.parent)


class ExportedNote(QWidget):
    """ "Saved deck.pptx" with **Open** and **Show in Folder**; hidden until :meth:`set_files`.
    Open opens the first file written (a folder export: the folder)."""

    def __init__(self, parent: QWidget | None = None, *, with_text: bool = True) -> None:
        super().__init__(parent)
        self.files: list[Path] = []
        self.text = plain_label("", "muted", wrap=True)
        self.text.setVisible(with_text)
        self.open_button = QPushButton("Open")
        self.folder_button = QPushButton("Show in Folder")
        self.open_button.clicked.connect(self.open_first)
        self.folder_button.clicked.connect(self.show_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.hide()

    def set_files(self, files: Sequence[Path | str], text: str = "") -> None:
        self.files = [Path(f) for f in files]
        if not self.files:
            self.hide()
            return
        first = self.files[0]
        self.text.setText(text or f"Saved {', '.join(f.name for f in self.files)}.")
        self.open_button.setToolTip(f"Open {first.name}")
        self.folder_button.setToolTip(f"Show {first.parent if first.is_file() else first}")
        self.show()

    def open_first(self) -> bool:
        return bool(self.files) and open_path(self.files[0])

    def show_folder(self) -> bool:
        return bool(self.files) and show_in_folder(self.files[0])


class ExportedWindow(QDialog):
    """A small window, blocking nothing, that says what was saved and offers Open and Show in
    Folder; it closes with Close or Escape."""

    def __init__(self, parent: QWidget, files: Sequence[Path | str], title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.note = ExportedNote(self)
        self.note.set_files(files)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


def show_exported(
    parent: QWidget, files: Sequence[Path | str], title: str = "Exported"
) -> ExportedWindow:
    """Show an :class:`ExportedWindow` for ``files`` (not modal) and return it."""
    window = ExportedWindow(parent, files, title)
    window.show()
    return window
