"""The open book's life in the main window: opening it (asking what to do when someone else has
it open), creating a new or the default book, generating and opening the demo book, saving a
copy, its daily backup, and closing it.

:class:`BookLifecycle` owns the open book's :class:`~ui.context.BookContext`. It says
``opened(ctx)`` once a book is open (the window builds its pages on it), ``closing(ctx)`` just
before it closes (the window drops them) and ``closed()`` after. A book that cannot be opened
is refused with the core's own message, and the book already open stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from planner.domain.errors import PlannerError
from planner.services import books
from planner.services.books import BOOK_SUFFIX, Book
from ui.context import BookContext, Navigator
from ui.portable import DailyBackup, open_book_interactively
from ui.portable.open_flow import ask_about_lock
from ui.settings import AppSettings
from ui.undo import EditHistory
from ui.workers import Job

DEMO_BOOK_NAME = f"Demo accounts{BOOK_SUFFIX}"
BOOK_FILTER = f"Account Success Planner books (*{BOOK_SUFFIX});;All files (*)"

CHECK_POLL_MS = 50
CHECK_WAITS_AT_MOST_MS = 5_000
"""The check of a book shown before it was checked starts once the first page has loaded (and
painted), or after this long at most."""

ShowError = Callable[[str, str], object]
"""(title, text): tell the user what went wrong, without blocking."""
Status = Callable[[str, int], None]
"""(text, milliseconds): a short message for the status bar."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _with_suffix(path: Path) -> Path:
    return path if path.suffix == BOOK_SUFFIX else path.with_name(path.name + BOOK_SUFFIX)


class BookLifecycle(QObject):
    """Opens, creates and closes the window's book; see the module docstring."""

    opened = Signal(object)
    """A :class:`BookContext`: the book is open."""
    closing = Signal(object)
    """A :class:`BookContext`: the book is about to close."""
    closed = Signal()
    demo_busy = Signal(bool, str)
    """(busy, message) while the demo book is being generated."""
    demo_progress = Signal(int, int)
    damaged = Signal(str)
    """The check run after the first page was shown found the open book damaged: it is now
    read-only (nothing was written to it); the message says what was found and what to do."""

    def __init__(
        self,
        window: QWidget,
        settings: AppSettings,
        nav: Navigator,
        *,
        show_error: ShowError,
        status: Status,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.nav = nav
        self.show_error = show_error
        self.status = status
        self.ctx: BookContext | None = None
        self.ask_about_lock = ask_about_lock
        """Asks what to do with a book someone else has open (replaced in tests)."""
        self.daily_backup_delay_ms = DailyBackup.FIRST_CHECK_MS
        """How long after opening a book its daily backup is checked (tests shorten it)."""
        self.demo_job: Job | None = None
        self._daily_backup: DailyBackup | None = None
        self._check_for: BookContext | None = None
        self._check_waited_ms = 0
        self._check_timer = QTimer(self)
        self._check_timer.setInterval(CHECK_POLL_MS)
        self._check_timer.timeout.connect(self._poll_check)

    # ----------------------------------------------------------------- opening
    def open_path(self, path: Path) -> bool:
        """Open the book at ``path`` for editing (with its lock), or read-only when it must be.

        When someone else has the book open, the user is told who and chooses: read-only,
        take over a stale lock, or cancel. On refusal, say why and keep the open book.
        """
        path = Path(path)
        if self.ctx is not None and _same_file(self.ctx.book.path, path):
            self.status(f"{path.name} is already open.", 5000)
            return True
        book = open_book_interactively(
            self.window, path, ask=self.ask_about_lock, on_error=self.show_error
        )
        if book is None:
            if not path.exists():
                self.settings.remove_recent(path)
            return False
        self.set_book(book)
        return True

    def set_book(self, book: Book) -> BookContext:
        """Make ``book`` the open book (closing the previous one)."""
        self.close()
        ctx = BookContext(book, EditHistory(book, self), self.settings, self.nav)
        self.ctx = ctx
        self.settings.last_book = book.path.resolve()
        self.settings.add_recent(book.path)
        if not book.read_only:
            self._start_daily_backup(book)
        self.opened.emit(ctx)
        self.status(f"Opened {book.path.name}", 5000)
        if book.check_pending:
            self._check_after_first_paint(ctx)
        return ctx

    def _check_after_first_paint(self, ctx: BookContext) -> None:
        """The book was shown before its file was checked (it was closed cleanly here and is
        unchanged since): check it, off the GUI thread, once the first page has its data and
        has painted (so the check does not compete with it). Writes wait for this check."""
        self._check_for = ctx
        self._check_waited_ms = 0
        self._check_timer.start()

    def _poll_check(self) -> None:
        ctx = self._check_for
        if ctx is None or self.ctx is not ctx or not ctx.book.check_pending:
            self._check_timer.stop()
            self._check_for = None
            return
        self._check_waited_ms += CHECK_POLL_MS
        if ctx.loading and self._check_waited_ms < CHECK_WAITS_AT_MOST_MS:
            return  # the first page is still reading
        self._check_timer.stop()
        self._check_for = None

        def failed(message: str) -> None:
            if self.ctx is ctx:
                self.damaged.emit(ctx.book.read_only_reason or message)

        ctx.load(ctx.book.verify, lambda _result: None, failed)

    def _start_daily_backup(self, book: Book) -> None:
        daily = DailyBackup(book, self, first_check_ms=self.daily_backup_delay_ms)
        daily.taken.connect(
            lambda saved: self.status(
                f"Today's backup of {book.path.name} is in {Path(saved).parent}", 8000
            )
        )
        daily.failed.connect(lambda text: self.status(text, 0))
        self._daily_backup = daily

    def choose_and_open(self) -> None:
        start = self.ctx.book.path.parent if self.ctx else books.default_book_path().parent
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a book", str(start), BOOK_FILTER)
        if name:
            self.open_path(Path(name))

    # ----------------------------------------------------------------- creating
    def new_book(self) -> None:
        start = books.default_book_path().parent / f"New book{BOOK_SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(self.window, "New book", str(start), BOOK_FILTER)
        if name:
            self._create(_with_suffix(Path(name)))

    def start_empty(self) -> bool:
        """Open the default book, creating it (empty) the first time."""
        path = books.default_book_path()
        if path.exists():
            return self.open_path(path)
        return self._create(path)

    def _create(self, path: Path) -> bool:
        try:
            book = books.create_book(path, lock=True)
        except PlannerError as exc:
            self.show_error("The book could not be created", str(exc))
            return False
        self.set_book(book)
        return True

    def demo_path(self) -> Path:
        return books.default_book_path().parent / DEMO_BOOK_NAME

    def open_demo(self) -> Job | None:
        """Open the demo book, generating it first (with progress) if it does not exist."""
        path = self.demo_path()
        if path.exists():
            self.open_path(path)
            return None
        self.demo_busy.emit(True, "Creating the demo book…")  # noqa: FBT003 - a signal's argument
        from planner.services import demo  # noqa: PLC0415 - only when the demo is asked for

        job = Job(lambda progress: demo.generate_demo(path, accounts=40, progress=progress))
        self.demo_job = job
        job.signals.progress.connect(self.demo_progress)
        job.signals.finished.connect(lambda _result: self._demo_ready(path))
        job.signals.failed.connect(self._demo_failed)
        job.signals.cancelled.connect(self._demo_cancelled)
        QThreadPool.globalInstance().start(job)
        return job

    def _demo_ready(self, path: Path) -> None:
        self.demo_job = None
        self.demo_busy.emit(False, "")  # noqa: FBT003 - a signal's argument
        self.open_path(path)

    def _demo_failed(self, message: str) -> None:
        self.demo_job = None
        self.demo_busy.emit(False, "")  # noqa: FBT003 - a signal's argument
        self.show_error("The demo book could not be created", message)

    def _demo_cancelled(self) -> None:
        self.demo_job = None
        self.demo_busy.emit(False, "Cancelled.")  # noqa: FBT003 - a signal's argument

    def cancel_demo(self) -> None:
        if self.demo_job is not None:
            self.demo_job.cancel()

    # ----------------------------------------------------------------- copies
    def save_copy(self) -> None:
        """File > Save a Copy As: a verified copy of the open book, written off the GUI thread."""
        ctx = self.ctx
        if ctx is None:
            return
        start = ctx.book.path.with_name(f"{ctx.book.name} copy{BOOK_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy as", str(start), BOOK_FILTER
        )
        if not name:
            return
        target = _with_suffix(Path(name))
        self.status(f"Saving a copy to {target}…", 0)
        book = ctx.book
        ctx.load(
            lambda: books.save_copy_as(book, target),
            lambda saved: self.status(f"Saved a copy to {saved}", 8000),
            lambda message: self.show_error("The copy could not be saved", message),
        )

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        """Close the open book (if any): its backup and reads finish first."""
        ctx = self.ctx
        if ctx is None:
            return
        ctx.wait_for_jobs()  # before the pages that asked for them go
        if self._daily_backup is not None:
            self._daily_backup.stop()
            if self._daily_backup.runner.running:  # let a backup in progress finish first
                QThreadPool.globalInstance().waitForDone(30_000)
            self._daily_backup.deleteLater()
            self._daily_backup = None
        self.closing.emit(ctx)
        ctx.close()
        ctx.history.deleteLater()
        self.ctx = None
        self.closed.emit()

    def shut_down(self) -> None:
        """The window is closing: close the book and stop generating the demo."""
        self.close()
        if self.demo_job is not None:
            self.demo_job.cancel()
