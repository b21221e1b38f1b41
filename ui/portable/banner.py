"""The strip at the top of the window that says a book is read-only, and why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from planner.services.books import Book
from ui.widgets.common import plain_label, set_plain

_STYLE = """
QFrame#readOnlyBanner { background: #fff4ce; border: 1px solid #e3c565; border-radius: 4px; }
QFrame#readOnlyBanner QLabel { color: #4a3b00; background: transparent; }
QFrame#readOnlyBanner QPushButton {
    color: #4a3b00; background: #ffe9a8; border: 1px solid #d4b24c; border-radius: 4px;
    padding: 4px 12px;
}
QFrame#readOnlyBanner QPushButton:hover { background: #ffe08a; }
QFrame#readOnlyBanner QPushButton:focus { border: 2px solid #8a6d00; }
"""


class ReadOnlyBanner(QFrame):
    """Shows ``book.read_only_reason`` ("... is open read-only because the file is read-only.
    ...") with a Save a Copy As button; hidden for a book that can be edited.

    ``save_copy_requested`` asks the main window to run File > Save a Copy As.
    """

    save_copy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        self.title = plain_label("Read-only", "heading")
        self.message = plain_label("", wrap=True)
        self.save_copy = QPushButton("Save a Copy As…")
        self.save_copy.clicked.connect(self.save_copy_requested)
        layout.addWidget(self.title)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.save_copy)
        self.hide()

    def show_for(self, book: Book | None) -> None:
        """Show the banner when ``book`` is read-only (hide it otherwise, or without a book)."""
        if book is None or not book.read_only:
            self.hide()
            set_plain(self.message, "")
            return
        set_plain(self.message, book.read_only_reason or f"{book.path.name} is open read-only.")
        self.show()

    @classmethod
    def for_book(cls, book: Book, parent: QWidget | None = None) -> ReadOnlyBanner:
        banner = cls(parent)
        banner.show_for(book)
        return banner
