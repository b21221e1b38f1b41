"""Files dropped on a widget: :class:`FileDrops` takes .ics / .eml files and opens the capture
dialog (:mod:`ui.dialogs.capture`) on them. Kept apart from the dialog so that the main window
can take drops without importing the reading of calendars and e-mails before it is needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from ui.context import BookContext

if TYPE_CHECKING:
    from ui.dialogs.capture import CaptureDialog

ACCEPTED = frozenset({".ics", ".ical", ".ifb", ".eml", ".msg"})
"""The suffixes of :data:`planner.services.capture.sources.SUFFIXES`; .msg is accepted too, so
the dialog can say how to save the mail as .eml instead."""


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files in a drag that could be meetings or e-mails."""
    if not mime.hasUrls():
        return []
    found = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in ACCEPTED:
                found.append(path)
    return found


class FileDrops(QObject):
    """Lets a widget take dropped .ics / .eml files: installed as its event filter.

    ``context()`` gives the open book's context (None: no book, drops are refused);
    ``account()`` the account to log on (None: the files tell it)."""

    opened = Signal(object)
    """The :class:`CaptureDialog` a drop opened."""

    def __init__(
        self,
        widget: QWidget,
        context: Callable[[], BookContext | None],
        account: Callable[[], str | None],
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.context = context
        self.account = account
        self.dialog: CaptureDialog | None = None
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def _usable(self, mime: QMimeData) -> bool:
        ctx = self.context()
        return ctx is not None and not ctx.read_only and bool(dropped_files(mime))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is not self.widget:
            return False
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if self._usable(event.mimeData()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            ctx = self.context()
            paths = dropped_files(event.mimeData())
            if ctx is None or ctx.read_only or not paths:
                event.ignore()
                return True
            event.acceptProposedAction()
            from ui.dialogs.capture import open_capture  # noqa: PLC0415 - on the first drop

            self.dialog = open_capture(ctx, paths, account_id=self.account(), parent=self.widget)
            self.opened.emit(self.dialog)
            return True
        return False
