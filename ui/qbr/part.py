"""What the pieces of the QBR builder share: the session they show and edit, and the page that
says what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from planner.services.qbr_session import QbrSession
from ui.pages.base import Page

T = TypeVar("T")


def to_qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class BuilderPart(QWidget):
    """A piece of the QBR builder (agenda, meeting, commitments, exports).

    Each piece has a ``show_session()`` that shows ``session`` as it is now (the builder
    calls it whenever the session was reloaded), and edits the session through :meth:`edit`:
    a refusal is said on ``page``'s message line, and afterwards ``redraw`` shows every piece
    again (an edit may change what the others show, such as the heading or the total).
    """

    def __init__(
        self,
        session: QbrSession,
        page: Page,
        redraw: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.page = page
        self._redraw = redraw

    @property
    def read_only(self) -> bool:
        return self.page.ctx.read_only

    def edit(self, action: Callable[[], T]) -> T | None:
        """Run an edit of the session; say why if the book refused it; show the result."""
        result = self.page.attempt(action)
        self._redraw()
        return result
