"""Record health for the whole book, off the GUI thread, with progress and cancel.

    recorder = BookHealthRecorder(book, history, window)
    recorder.message.connect(window.statusBar().showMessage)
    recorder.start()

What was recorded (all of it, or the batches done before Cancel) is one entry in the undo
history: Undo removes those snapshots, Redo puts the very same ones back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from planner.domain.errors import PlannerError
from planner.services import changes, health
from planner.services.books import Book
from planner.services.changes import DeletedRows
from ui.health.common import Today
from ui.undo import EditHistory
from ui.workers import Job, ProgressFn


class BookHealthRecorder(QObject):
    """Runs "Record health" for every active account with a progress dialog.

    Signals: ``finished(RecordResult)`` when it ends (also after Cancel: ``cancelled`` tells),
    ``failed(str)`` with a plain message, ``message(str)`` a one-line summary for the status
    bar.
    """

    finished = Signal(object)
    failed = Signal(str)
    message = Signal(str)

    def __init__(
        self,
        book: Book,
        history: EditHistory,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
        batch: int = 500,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.history = history
        self.parent_widget = parent
        self.today: Today = book.clock.today
        self.pool = pool or QThreadPool.globalInstance()
        self.batch = batch
        self.job: Job | None = None
        self.dialog: QProgressDialog | None = None
        self._outcome: dict[str, health.RecordResult] = {}

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self) -> None:
        if self.job is not None:
            return
        book, day, outcome, batch = self.book, self.today(), self._outcome, self.batch
        outcome.clear()

        def work(progress: ProgressFn) -> health.RecordResult:
            result = health.record_snapshots(book, as_of=day, progress=progress, batch=batch)
            outcome["result"] = result  # kept even when the job reports a cancel
            return result

        dialog = QProgressDialog("Recording health…", "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Record Health")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.dialog = dialog
        job = Job(work)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._done)
        job.signals.cancelled.connect(self._done)
        job.signals.failed.connect(self._failed)
        dialog.canceled.connect(job.cancel)
        self.job = job
        self.pool.start(job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"Recording health: {done:,} of {total:,} accounts…")

    def _close(self) -> None:
        self.job = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)
        self.message.emit(f"Health was not recorded: {message}")

    def _done(self, _result: Any = None) -> None:
        self._close()
        result = self._outcome.get("result")
        if result is None:  # cancelled before anything ran
            result = health.RecordResult(0, 0, (), cancelled=True)
        if result.recorded:
            self._remember(result)
        self.finished.emit(result)
        self.message.emit(summary(result))

    def _remember(self, result: health.RecordResult) -> None:
        book, ids = self.book, result.snapshot_ids
        state: dict[str, DeletedRows] = {}

        def undo(_r: object) -> None:
            state["deleted"] = health.delete_snapshots(book, ids)

        def redo(_r: object) -> None:
            changes.restore(book, state.pop("deleted"))

        noun = "Account" if result.recorded == 1 else "Accounts"
        try:
            self.history.run(
                f"Record Health for {result.recorded:,} {noun}",
                lambda: result,
                undo,
                redo,
            )
        except PlannerError as exc:  # pragma: no cover - the "do" above cannot fail
            self.failed.emit(str(exc))


def summary(result: health.RecordResult) -> str:
    """One line for the status bar."""
    if result.cancelled:
        if not result.recorded:
            return "Recording health was cancelled; nothing was recorded."
        return (
            f"Stopped after {result.recorded:,} of {result.total:,} accounts. Their "
            "snapshots are kept; Edit > Undo removes them."
        )
    if not result.total:
        return "There are no active accounts to record health for."
    return f"Recorded health for {result.recorded:,} account{'s' if result.recorded != 1 else ''}."


def record_health_action(
    book: Book,
    history: EditHistory,
    parent: QWidget,
    *,
    on_message: Callable[[str], object] | None = None,
    pool: QThreadPool | None = None,
) -> QAction:
    """A ready "Record Health for All Accounts…" action for a menu or toolbar. Its recorder
    is the action's ``recorder`` property (a :class:`BookHealthRecorder`)."""
    action = QAction("Record Health for All Accounts…", parent)
    action.setStatusTip("Score every active account now and save a snapshot of each")
    recorder = BookHealthRecorder(book, history, parent, pool=pool)
    if on_message is not None:
        recorder.message.connect(on_message)
    action.triggered.connect(recorder.start)
    action.setProperty("recorder", recorder)
    return action
