"""Opening a book the way a person expects: locked for editing, or read-only when it must be.

    book = open_book_interactively(self, path)
    if book is not None:
        self.set_book(book)          # and show ReadOnlyBanner.for_book(book)

When another instance or machine has the book, :class:`LockPromptDialog` says who, since when,
and offers: Open Read-Only, Take Over (only when the lock is stale), or Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from planner.domain.clock import system_now
from planner.domain.errors import PlannerError
from planner.services import books
from planner.services.books import Book, LockState
from ui.portable.common import ErrorSink, Runner, show_error
from ui.widgets.common import plain_label

READ_ONLY, TAKE_OVER, CANCEL = "read-only", "take-over", "cancel"


class LockPromptDialog(QDialog):
    """ "Acme.aspbook is in use by jane on LAPTOP-7 since ...": read-only, take over, cancel."""

    def __init__(self, book_name: str, state: LockState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Book in use")
        self.choice = CANCEL
        holder = state.holder
        who = holder.who if holder else "another program"
        first = f"{book_name} is in use by {who}"
        if holder is not None:
            first += f" since {books.format_when(holder.since)} (process {holder.pid})"
        first += "."
        if state.stale:
            second = (
                f"That lock looks stale: {state.reason}. If you are sure nobody is using the "
                "book, you can take it over and edit it here. Otherwise open it read-only."
            )
        else:
            second = (
                "Only one person can edit a book at a time. You can open it read-only now, or "
                "ask them to close it and try again."
            )
        if holder is not None and not state.stale:
            age = system_now() - holder.refreshed
            if age.total_seconds() > 600:
                second += (
                    f" (Its last sign of life was {int(age.total_seconds() // 60)} minutes ago.)"
                )
        layout = QVBoxLayout(self)
        self.headline = plain_label(first, "heading", wrap=True)
        self.explanation = plain_label(second, wrap=True)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        buttons = QDialogButtonBox(self)
        self.read_only_button = buttons.addButton(
            "Open Read-Only", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.take_over_button = buttons.addButton(
            "Take Over", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.take_over_button.setEnabled(state.stale)
        if not state.stale:
            self.take_over_button.setToolTip(
                "Only a lock left behind by a program that stopped can be taken over."
            )
        self.read_only_button.setDefault(True)
        self.read_only_button.clicked.connect(lambda: self._done(READ_ONLY))
        self.take_over_button.clicked.connect(lambda: self._done(TAKE_OVER))
        self.cancel_button.clicked.connect(lambda: self._done(CANCEL))
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != CANCEL else self.reject()


def ask_about_lock(parent: QWidget | None, path: Path, state: LockState) -> str:
    dialog = LockPromptDialog(path.name, state, parent)
    dialog.exec()
    return dialog.choice


def open_book_interactively(
    parent: QWidget | None,
    path: Path,
    *,
    ask: Callable[[QWidget | None, Path, LockState], str] = ask_about_lock,
    on_error: ErrorSink | None = None,
) -> Book | None:
    """Open ``path`` for editing with its lock; handle "in use" and read-only; None if not opened.

    A book that cannot be written (file, folder or drive read-only) comes back read-only with
    ``book.read_only_reason`` set; so does one the user chose to open read-only because someone
    else has it. Errors (not a book, damaged, newer version...) are shown in plain words.
    """
    path = Path(path)

    def error(title: str, message: str) -> None:
        (on_error or (lambda t, m: show_error(parent, t, m)))(title, message)

    try:
        # A book this computer closed cleanly is shown first and checked just after.
        return books.open_book(path, lock=True, defer_check=True)
    except books.BookInUseError as exc:
        choice = ask(parent, path, exc.state)
    except PlannerError as exc:
        error("The book could not be opened", str(exc))
        return None
    try:
        if choice == READ_ONLY:
            return books.open_book(path, read_only=True)
        if choice == TAKE_OVER:
            return books.open_book(path, lock=True, take_over=True)
    except PlannerError as exc:
        error("The book could not be opened", str(exc))
    return None


class DailyBackup(QObject):
    """Takes the at-most-daily backup of the open book (off the GUI thread): a little after
    opening, so it does not compete with the first page, and then every hour it checks again.
    ``taken`` carries the backup's path, ``failed`` a message."""

    taken = Signal(str)
    failed = Signal(str)
    CHECK_EVERY_MS = 60 * 60 * 1000
    FIRST_CHECK_MS = 20 * 1000

    def __init__(
        self, book: Book, parent: QObject | None = None, *, first_check_ms: int | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.runner = Runner(self)
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check)
        self.first.start(self.FIRST_CHECK_MS if first_check_ms is None else first_check_ms)

    def check(self) -> None:
        if self.runner.running or self.book.closed or self.book.read_only:
            return
        self.runner.start(
            lambda _progress: books.backup_if_due(self.book),
            done=lambda path: self.taken.emit(str(path)) if path else None,
            failed=lambda message: self.failed.emit(
                f"Today's automatic backup could not be taken: {message}"
            ),
        )

    def stop(self) -> None:
        self.first.stop()
        self.timer.stop()


def banner_text(book: Book) -> str:
    """What the read-only banner says for ``book`` (empty when it can be edited)."""
    return book.read_only_reason if book.read_only else ""
