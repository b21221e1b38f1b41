"""Pieces shared by the search, attention, template and forecast views.

* :func:`marked_html` turns text with matched words (:class:`planner.domain.search.Piece`)
  into HTML where *every* piece is escaped first and only the matched ones are wrapped in a
  highlight: user text can never become markup.
* :class:`MarkedTextDelegate` draws such HTML in a list or table cell (the model gives it in
  :data:`HTML_ROLE`; the plain text stays the display role, for copying and accessibility).
  ``<span class='muted'>`` is the palette's muted colour (the selection's text colour on a
  selected row, where matched words are not tinted either).
* :func:`record` records an edit for undo: the one place these views talk to the undo history.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)
from shiboken6 import isValid

from planner.domain.search import Piece
from ui.context import BookContext
from ui.theme import semantic_colors

T = TypeVar("T")
HTML_ROLE = int(Qt.ItemDataRole.UserRole) + 20
"""Escaped HTML of a cell, drawn by :class:`MarkedTextDelegate`."""


def marked_html(pieces: Sequence[Piece]) -> str:
    """The pieces as HTML: every text escaped, matched words in ``<b class='m'>`` (bold, and
    tinted by :class:`MarkedTextDelegate` unless the row is selected)."""
    out = []
    for piece in pieces:
        text = html.escape(piece.text, quote=True).replace("\n", " ")
        out.append(f"<b class='m'>{text}</b>" if piece.matched else text)
    return "".join(out)


def plain_html(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def highlight_color() -> str:
    """A soft tint for matched words that reads in light and dark themes."""
    return semantic_colors().warning_tint.name()


class MarkedTextDelegate(QStyledItemDelegate):
    """Draws the (already escaped) HTML of :data:`HTML_ROLE`, in the palette's text colour."""

    def _document(self, option: QStyleOptionViewItem, index: Any) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            on_selection = option.palette.color(QPalette.ColorRole.HighlightedText).name()
            doc.setDefaultStyleSheet(f".muted {{ color: {on_selection}; }}")
        else:
            muted = semantic_colors().muted.name()
            doc.setDefaultStyleSheet(
                f"b.m {{ background-color: {highlight_color()}; }} .muted {{ color: {muted}; }}"
            )
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        width = option.rect.width()
        view = option.widget
        if isinstance(view, QListView):  # a list's rows are as wide as the list, scroll bar
            # or not (a width that changed with the scroll bar would lay the list out forever)
            width = view.contentsRect().width() - view.verticalScrollBar().sizeHint().width()
        doc.setTextWidth(max(width, 80))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        rect = opt.rect
        painter.translate(rect.left(), rect.top())
        painter.setClipRect(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


def record(
    ctx: BookContext,
    text: str,
    do: Callable[[], T],
    undo: Callable[[T], object],
    redo: Callable[[T], object] | None = None,
) -> T:
    """Make an edit now and record it for Edit > Undo (the book itself tells the pages what
    the edit changed)."""
    return ctx.history.run(text, do, undo, redo)


def alive(widget: Any) -> bool:
    """Whether ``widget`` still exists (a read that finishes after its page was closed with
    the book must not touch it)."""
    return bool(isValid(widget))
