"""What every page has in common: the book context, refresh on change, read-only handling."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import BookContext
from ui.widgets.common import plain_label


class Page(QWidget):
    """A page of the main window (or a tab of the account workspace).

    Edits anywhere (and undo/redo) emit ``ctx.history.changed``; a visible page refreshes on
    the next turn of the event loop (several changes coalesce into one refresh), a hidden one
    refreshes when it is shown again. Widgets registered with :meth:`editing` are disabled when
    the book is read-only.
    """

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self._edit_widgets: list[QWidget | QAction] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_shown)
        ctx.history.changed.connect(self._on_changed)

    # ----------------------------------------------------------------- to override
    def refresh(self) -> None:
        """Reload what the page shows from the book."""

    def delete_selected(self) -> bool:
        """Delete the selected row (Edit > Delete). Return False when nothing is selected."""
        return False

    def focus_search(self) -> bool:
        """Put the keyboard focus in the page's search box, if it has one."""
        return False

    def relevant(self, _table: str) -> bool:
        """Whether a change to ``table`` can alter what the page shows."""
        return True

    # ----------------------------------------------------------------- machinery
    def editing(self, widget: QWidget | QAction) -> QWidget | QAction:
        """Register a widget that edits the book (disabled while the book is read-only)."""
        self._edit_widgets.append(widget)
        if self.ctx.read_only:
            widget.setEnabled(False)
            widget.setToolTip("This book is open read-only.")
        return widget

    def can_edit(self) -> bool:
        return not self.ctx.read_only

    def set_enabled_for_edit(self, widget: QWidget | QAction, enabled: bool) -> None:
        widget.setEnabled(enabled and not self.ctx.read_only)

    def mark_dirty(self) -> None:
        self._dirty = True
        self._refresh_timer.start()

    def _on_changed(self, table: str) -> None:
        if self.relevant(table):
            self.mark_dirty()

    def _refresh_if_shown(self) -> None:
        if self._dirty and self.isVisible():
            self._dirty = False
            self.refresh()

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if self._dirty:
            self._refresh_timer.start()

    def reload_now(self) -> None:
        """Refresh at once, visible or not (used after opening and by tests)."""
        self._dirty = False
        self.refresh()


def page_header(title: str, subtitle: str = "") -> tuple[QVBoxLayout, object, object]:
    """A title and a muted subtitle, stacked."""
    box = QVBoxLayout()
    box.setSpacing(0)
    t = plain_label(title, "title")
    s = plain_label(subtitle, "subtitle")
    box.addWidget(t)
    box.addWidget(s)
    return box, t, s
