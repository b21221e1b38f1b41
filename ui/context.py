"""What every page needs to work on the open book, passed to it explicitly (no globals).

A :class:`BookContext` is made when a book opens and dropped when it closes. Pages get it in
their constructor; they call services with ``ctx.book``, record edits through ``ctx.history``,
hear what the book changed from ``ctx.changes`` (the one :class:`ChangeHub`), read "today"
from ``ctx.today()`` (the book's clock), ask ``ctx.nav`` to open an account, and run slow reads
with :meth:`BookContext.load` off the GUI thread.

The change flow: a service writes; the store records the tables the transaction touched; after
COMMIT the book calls its listeners on the thread that wrote; the hub passes the
:class:`~planner.services.changes.Changes` to the GUI thread through a queued signal; every
page and workspace tab that watches one of those tables (or any, for a whole-book change) is
marked dirty, and reloads when it is, or next becomes, visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.domain.errors import PlannerError
from planner.services.books import Book
from planner.services.changes import Changes
from planner.services.handle import BookHandle
from ui.settings import AppSettings
from ui.undo import EditHistory
from ui.workers import Job

T = TypeVar("T")


class Navigator(QObject):
    """Requests to move around the app; the main window carries them out."""

    open_account = Signal(str, str)
    """(account id, tab key or "") — open the account's workspace, on that tab if given."""
    show_page = Signal(str)
    """"portfolio", "accounts" or "mywork"."""
    show_accounts = Signal(str)
    """Show the Accounts page filtered to a named list (see ``AccountsPage.DRILLS``)."""
    status = Signal(str)
    """A short message for the status bar."""


class ChangeHub(QObject):
    """The one place the UI hears what the open book changed.

    ``changed`` carries a :class:`Changes` after every committed write (an edit, an undo, an
    import, a merge, a restore...), always on the GUI thread, whichever thread wrote. F5 asks
    for a whole-book refresh with :meth:`refresh_all`.
    """

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, book: BookHandle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued, so that delivery is on this object's (the GUI) thread, after the write
        # returned, whichever thread wrote.
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = book.subscribe(self._arrived.emit)

    def _deliver(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def refresh_all(self) -> None:
        """Make every page and tab reload what it shows (F5)."""
        self._arrived.emit(Changes.everything())

    def close(self) -> None:
        """Stop listening to the book (before it closes)."""
        self._unsubscribe()


def _reader_pool() -> QThreadPool:
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    return pool


@dataclass
class BookContext:
    book: Book
    history: EditHistory
    settings: AppSettings
    nav: Navigator
    pool: QThreadPool = field(default_factory=_reader_pool)
    changes: ChangeHub = field(init=False)
    """What the book changed, on the GUI thread (see the module docstring)."""
    _jobs: set[Job] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.changes = ChangeHub(self.book)

    def today(self) -> date:
        """The book clock's calendar day."""
        return self.book.clock.today()

    @property
    def read_only(self) -> bool:
        return self.book.read_only

    def load(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], object],
        failed: Callable[[str], object],
    ) -> Job:
        """Run ``work`` on a pool thread; call ``done(result)`` or ``failed(message)`` on the
        GUI thread. The job is kept alive until it reports."""
        job = Job(lambda _progress: work())
        self._jobs.add(job)

        def finish(result: object) -> None:
            self._jobs.discard(job)
            done(result)

        def fail(message: str) -> None:
            self._jobs.discard(job)
            failed(message)

        job.signals.finished.connect(finish)
        job.signals.failed.connect(fail)
        job.signals.cancelled.connect(lambda: self._jobs.discard(job))
        self.pool.start(job)
        return job

    def close(self) -> None:
        """Let reads finish, stop hearing the book, and close it."""
        self.wait_for_jobs()
        self.changes.close()
        self.changes.deleteLater()
        self.book.close()

    @property
    def loading(self) -> bool:
        """Whether reads started with :meth:`load` have not reported yet."""
        return bool(self._jobs)

    def wait_for_jobs(self, msecs: int = 10_000) -> None:
        """Let running reads finish (before the book closes under them)."""
        for job in list(self._jobs):
            job.cancel()
        self.pool.waitForDone(msecs)

    def attempt(self, parent: QWidget, what: str, fn: Callable[[], T]) -> T | None:
        """Run an edit; if the book refuses it, say so in a dialog and return None."""
        try:
            return fn()
        except PlannerError as exc:
            QMessageBox.warning(parent, what, str(exc))
            return None
