"""Slow work off the GUI thread, with progress and cancel.

    job = Job(lambda progress: services.record_health(book, progress=progress))
    job.signals.progress.connect(bar.setValue2)   # (done, total)
    job.signals.finished.connect(on_done)          # the function's result
    job.signals.failed.connect(show_error)         # a plain message
    QThreadPool.globalInstance().start(job)
    ... job.cancel()

The function receives a ``progress(done, total) -> bool`` callback; it returns False once the
user has cancelled, and the function should stop there. Services open their own short units
of work, so running them on a pool thread is safe.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from planner.domain.errors import PlannerError

ProgressFn = Callable[[int, int], bool]


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, work: Callable[[ProgressFn], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it (and its signals) alive
        self.signals = JobSignals()
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except PlannerError as exc:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - reported to the user, never lost
            traceback.print_exc()
            self.signals.failed.emit(
                f"Something went wrong ({type(exc).__name__}: {exc}). Nothing after the error "
                "was saved."
            )
            return
        if self._cancel.is_set():
            self.signals.cancelled.emit()
        else:
            self.signals.finished.emit(result)
