"""What every page has in common: the book context, reloading on change, read-only handling
and the page's message line."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.domain.errors import PlannerError
from planner.services.changes import Changes
from ui.context import BookContext
from ui.widgets.common import plain_label

T = TypeVar("T")

READ_ONLY_TIP = "This book is open read-only."


class Page(QWidget):
    """A page of the main window (or a tab of the account workspace).

    Every page declares the tables it shows in ``watches`` (a class attribute; there is no
    default). When the book's :class:`~ui.context.ChangeHub` says one of them changed (or the
    whole book did), the page is marked dirty: a visible page reloads on the next turn of the
    event loop (several changes coalesce into one reload), a hidden one when it is shown again.
    Widgets registered with :meth:`editing` are disabled while the book is read-only.
    :meth:`attempt` runs an edit and shows a refusal in the status bar and in the page's
    message line, if the page placed one (``layout.addWidget(self.message_line())``).
    """

    watches: ClassVar[frozenset[str]]
    """The tables whose rows this page shows."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not isinstance(getattr(type(self), "watches", None), frozenset):
            raise TypeError(f"{type(self).__name__} must declare the tables it watches")
        self.ctx = ctx
        self._dirty = True
        self._edit_widgets: list[QWidget | QAction] = []
        self.message: QLabel = plain_label("", "error", wrap=True)
        """The page's message line: what went wrong with the last thing tried here."""
        self.message.hide()
        self._message_placed = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        ctx.changes.changed.connect(self._on_changed)

    # ----------------------------------------------------------------- to override
    def refresh(self) -> None:
        """Reload what the page shows from the book."""

    def delete_selected(self) -> bool:
        """Delete the selected row (Edit > Delete). Return False when nothing is selected."""
        return False

    def focus_search(self) -> bool:
        """Put the keyboard focus in the page's search box, if it has one."""
        return False

    def relevant(self, changes: Changes) -> bool:
        """Whether ``changes`` can alter what the page shows."""
        return changes.touches(self.watches)

    # ----------------------------------------------------------------- read-only
    def editing(self, widget: QWidget | QAction) -> QWidget | QAction:
        """Register a widget that edits the book (disabled while the book is read-only)."""
        self._edit_widgets.append(widget)
        if self.ctx.read_only:
            widget.setEnabled(False)
            widget.setToolTip(READ_ONLY_TIP)
        return widget

    def can_edit(self) -> bool:
        return not self.ctx.read_only

    def set_enabled_for_edit(self, widget: QWidget | QAction, enabled: bool) -> None:
        widget.setEnabled(enabled and not self.ctx.read_only)

    # ----------------------------------------------------------------- messages
    def message_line(self) -> QLabel:
        """The page's message line, to place in its layout (hidden while there is nothing to
        say)."""
        self._message_placed = True
        return self.message

    def say(self, text: str) -> None:
        """Show ``text`` in the message line and the status bar ("" hides the line)."""
        self.message.setText(text)
        self.message.setVisible(bool(text) and self._message_placed)
        if text:
            self.ctx.nav.status.emit(text)

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run ``action`` (an edit); if the book refuses it, say why and return None."""
        try:
            result = action()
        except PlannerError as exc:
            self.say(str(exc))
            return None
        self.say("")
        return result

    # ----------------------------------------------------------------- reloading
    def mark_dirty(self) -> None:
        self._dirty = True
        self._refresh_timer.start()

    def _on_changed(self, changes: Changes) -> None:
        if self.relevant(changes):
            self.mark_dirty()

    def _refresh_if_shown(self) -> None:
        if self._dirty and self.isVisible():
            self._dirty = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self._refresh_timer.start()

    def reload_now(self) -> None:
        """Refresh at once, visible or not (used after opening and by tests)."""
        self._dirty = False
        self.refresh()

    @property
    def dirty(self) -> bool:
        """Whether the page will reload the next time it is shown."""
        return self._dirty


def page_header(title: str, subtitle: str = "") -> tuple[QVBoxLayout, QLabel, QLabel]:
    """A title and a muted subtitle, stacked."""
    box = QVBoxLayout()
    box.setSpacing(0)
    t = plain_label(title, "title")
    s = plain_label(subtitle, "subtitle")
    box.addWidget(t)
    box.addWidget(s)
    return box, t, s
