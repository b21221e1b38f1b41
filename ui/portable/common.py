"""Pieces shared by the portable-book dialogs: running a job with progress, plain messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QWidget

from ui.workers import Job, ProgressFn

ErrorSink = Callable[[str, str], object]
"""(title, message): how a dialog reports a problem (a message box unless a test says so)."""


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, yes: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


class Runner(QObject):
    """Runs one :class:`Job` at a time for a dialog and keeps it alive until it ends.

    ``busy`` tells the dialog to disable its buttons while work runs.
    """

    busy = Signal(bool)

    def __init__(self, parent: QObject | None = None, bar: QProgressBar | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.job: Job | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(
        self,
        work: Callable[[ProgressFn], Any],
        *,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        cancelled: Callable[[], None] | None = None,
    ) -> Job:
        job = Job(work)
        self.job = job
        if self.bar is not None:
            self.bar.setRange(0, 0)
            self.bar.show()
            job.signals.progress.connect(self._progress)

        def finish(handler: Callable[..., None], *args: Any) -> None:
            self.job = None
            if self.bar is not None:
                self.bar.hide()
            self.busy.emit(self.running)
            handler(*args)

        job.signals.finished.connect(lambda result: finish(done, result))
        job.signals.failed.connect(lambda message: finish(failed, message))
        job.signals.cancelled.connect(lambda: finish(cancelled or (lambda: None)))
        self.busy.emit(self.running)
        QThreadPool.globalInstance().start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        scale = max(total // 1_000_000, 1)  # QProgressBar takes int32 values
        self.bar.setRange(0, total // scale)
        self.bar.setValue(min(done, total) // scale)


def reserve_lines(label: QLabel, lines: int) -> QLabel:
    """Keep room for ``lines`` lines of wrapped text, so a long message is never clipped."""
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines + 4)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def megabytes(size: int) -> str:
    if size < 1_048_576:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / 1_048_576:.1f} MB"
