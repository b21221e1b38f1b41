"""What every page needs to work on the open book, passed to it explicitly (no globals).

A :class:`BookContext` is made when a book opens and dropped when it closes. Pages get it in
their constructor; they call services with ``ctx.book``, record edits through ``ctx.history``
(which also tells them, with ``history.changed``, when to refresh), read "today" from
``ctx.today()`` (the book's clock), ask ``ctx.nav`` to open an account, and run slow reads with
:meth:`BookContext.load` off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.domain.errors import PlannerError
from planner.services.books import Book
from ui.settings import AppSettings
from ui.undo import EditHistory
from ui.workers import Job


class Navigator(QObject):
    """Requests to move around the app; the main window carries them out."""

    open_account = Signal(str, str)
    """(account id, tab key or "") — open the account's workspace, on that tab if given."""
    show_page = Signal(str)
    """"portfolio", "accounts" or "mywork"."""
    status = Signal(str)
    """A short message for the status bar."""


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
    _jobs: set[Job] = field(default_factory=set)

    def today(self) -> date:
        """The book clock's calendar day."""
        return self.book.clock.today()

    @property
    def read_only(self) -> bool:
        return self.book.read_only

    def load(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
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

    def wait_for_jobs(self, msecs: int = 10_000) -> None:
        """Let running reads finish (before the book closes under them)."""
        for job in list(self._jobs):
            job.cancel()
        self.pool.waitForDone(msecs)

    def attempt(self, parent: QWidget, what: str, fn: Callable[[], Any]) -> Any:
        """Run an edit; if the book refuses it, say so in a dialog and return None."""
        try:
            return fn()
        except PlannerError as exc:
            QMessageBox.warning(parent, what, str(exc))
            return None
