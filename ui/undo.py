"""Undo and redo for edits made through services.

Every edit in the GUI is committed at once by a service call, then recorded here so it can be
undone and redone. The first "do" runs *before* anything is pushed, so a validation error
reaches the form that made it (to show next to the field) and nothing is recorded.

    history.create("Add goal", lambda: plans.create_goal(book, plan.id, title="..."),
                   delete=lambda dto: plans.delete_goal(book, dto.id))

How each kind of edit is undone is described once, without Qt, in
:mod:`planner.services.edits`; this is the recorder that keeps the steps on a
:class:`QUndoStack` for Edit > Undo. Nobody says here which tables an edit touched: the book
tells the :class:`~ui.context.ChangeHub` after every commit, undo and redo included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.domain.errors import PlannerError
from planner.services import edits
from planner.services.books import Book
from planner.services.changes import DeletedRows

T = TypeVar("T")


class EditHistory(QObject):
    """The open book's undo stack. ``failed`` carries the message of an undo or redo the book
    refused."""

    failed = Signal(str)

    def __init__(self, book: Book, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)

    # ----------------------------------------------------------------- edits
    @contextlib.contextmanager
    def group(self, text: str) -> Iterator[None]:
        """Record the edits made inside the block as one undo step."""
        self.stack.beginMacro(text)
        try:
            yield
        finally:
            self.stack.endMacro()

    def run(
        self,
        text: str,
        do: Callable[[], T],
        undo: Callable[[T], object],
        redo: Callable[[T], object] | None = None,
    ) -> T:
        """Do an edit now; record how to undo (and redo) it. Raises what ``do`` raises."""
        result = do()
        self.stack.push(_Command(self, text, result, undo, redo or (lambda _r: do())))
        return result

    def create(
        self, text: str, create: Callable[[], T], *, delete: Callable[[T], DeletedRows]
    ) -> T:
        """Create a row; undo deletes it, redo restores the same row."""
        return edits.record_create(self, self.book, text, create, delete=delete)

    def update(
        self,
        text: str,
        update: Callable[..., T],
        row_id: str,
        new: Mapping[str, Any],
        old: Mapping[str, Any],
    ) -> T:
        """Change fields of a row; undo writes the old values back."""
        return edits.record_update(self, text, update, row_id, new, old)

    def delete(self, text: str, delete: Callable[[], DeletedRows]) -> DeletedRows:
        """Delete a row (and what hangs off it); undo restores all of it."""
        return edits.record_delete(self, self.book, text, delete)


class _Command(QUndoCommand):
    def __init__(
        self,
        history: EditHistory,
        text: str,
        result: Any,
        undo: Callable[[Any], object],
        redo: Callable[[Any], object],
    ) -> None:
        super().__init__(text)
        self._history = history
        self._result = result
        self._undo = undo
        self._redo = redo
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit was already made before the push
            self._first = False
            return
        self._call(self._redo)

    def undo(self) -> None:
        self._call(self._undo)

    def _call(self, fn: Callable[[Any], object]) -> None:
        try:
            fn(self._result)
        except PlannerError as exc:
            self.setObsolete(True)
            self._history.failed.emit(
                f"Could not {self.text().lower() or 'repeat that edit'}: {exc}"
            )
