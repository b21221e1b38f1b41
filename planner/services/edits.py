"""Undoable edits, without a GUI: how a create, an update or a delete made through a service is
undone and redone.

A *recorder* runs an edit at once (so a refusal reaches whoever asked, and nothing is recorded)
and remembers how to undo and redo it. The desktop app's undo stack
(:class:`ui.undo.EditHistory`) is one recorder; :class:`UndoList` is a plain one for scripts
and tests. The helpers below describe the three usual edits once, for every recorder:

* a create is undone by deleting the row (keeping what the delete removed) and redone by
  putting the very same row back (same id);
* an update is undone by writing the old values back;
* a delete is undone by restoring everything it removed, links included.

What an edit changed is not said here: the book tells its listeners after every commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from planner.services import changes, plans
from planner.services.changes import DeletedRows
from planner.store.book import Book

T = TypeVar("T")


class Recorder(Protocol):
    """Runs an edit now and records how to undo and redo it."""

    def run(
        self,
        text: str,
        do: Callable[[], T],
        undo: Callable[[T], object],
        redo: Callable[[T], object] | None = None,
    ) -> T:
        """Do the edit (raising what ``do`` raises, recording nothing then); ``redo`` defaults
        to doing it again."""
        ...


def record_create(
    recorder: Recorder,
    book: Book,
    text: str,
    create: Callable[[], T],
    *,
    delete: Callable[[T], DeletedRows],
) -> T:
    """Create a row; undo deletes it, redo restores the same row."""
    state: dict[str, DeletedRows] = {}

    def undo(dto: T) -> None:
        state["deleted"] = delete(dto)

    def redo(_dto: T) -> None:
        changes.restore(book, state.pop("deleted"))

    return recorder.run(text, create, undo, redo)


def record_update(
    recorder: Recorder,
    text: str,
    update: Callable[..., T],
    row_id: str,
    new: Mapping[str, Any],
    old: Mapping[str, Any],
) -> T:
    """Change fields of a row; undo writes the old values back."""
    return recorder.run(
        text,
        lambda: update(row_id, **new),
        lambda _dto: update(row_id, **old),
        lambda _dto: update(row_id, **new),
    )


def record_delete(
    recorder: Recorder, book: Book, text: str, delete: Callable[[], DeletedRows]
) -> DeletedRows:
    """Delete a row (and what hangs off it); undo restores all of it."""
    state: dict[str, DeletedRows] = {}

    def do() -> DeletedRows:
        state["deleted"] = delete()
        return state["deleted"]

    def undo(_d: DeletedRows) -> None:
        changes.restore(book, state["deleted"])

    def redo(_d: DeletedRows) -> None:
        state["deleted"] = delete()

    return recorder.run(text, do, undo, redo)


def record_progress(
    recorder: Recorder,
    book: Book,
    text: str,
    goal_id: str,
    value: float,
    *,
    on: date | None = None,
    note: str = "",
) -> plans.ProgressRecorded:
    """Record a reading of a goal's KPI (it becomes the goal's current value when newest);
    undo takes the reading back and restores the current value, redo puts the same reading
    back. Each of the three is one transaction."""
    state: dict[str, DeletedRows] = {}

    def undo(recorded: plans.ProgressRecorded) -> None:
        state["deleted"] = plans.withdraw_progress(book, recorded)

    def redo(recorded: plans.ProgressRecorded) -> None:
        plans.reinstate_progress(book, recorded, state.pop("deleted"))

    return recorder.run(
        text,
        lambda: plans.record_progress(book, goal_id, value, on=on, note=note),
        undo,
        redo,
    )


@dataclass
class _Step:
    text: str
    result: Any
    undo: Callable[[Any], object]
    redo: Callable[[Any], object]


class UndoList:
    """A recorder without a GUI: a list of steps with :meth:`undo` and :meth:`redo`."""

    def __init__(self) -> None:
        self._done: list[_Step] = []
        self._undone: list[_Step] = []

    def run(
        self,
        text: str,
        do: Callable[[], T],
        undo: Callable[[T], object],
        redo: Callable[[T], object] | None = None,
    ) -> T:
        result = do()
        self._done.append(_Step(text, result, undo, redo or (lambda _r: do())))
        self._undone.clear()
        return result

    @property
    def texts(self) -> list[str]:
        """What can be undone, oldest first."""
        return [step.text for step in self._done]

    def undo(self) -> str:
        step = self._done.pop()
        step.undo(step.result)
        self._undone.append(step)
        return step.text

    def redo(self) -> str:
        step = self._undone.pop()
        step.redo(step.result)
        self._done.append(step)
        return step.text
