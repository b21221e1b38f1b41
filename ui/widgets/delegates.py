"""Item delegates: a progress bar drawn in a table cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.table import PROGRESS_ROLE
from ui.theme import semantic_colors


class ProgressDelegate(QStyledItemDelegate):
    """Draws PROGRESS_ROLE (0.0-1.0) as a slim bar with the cell's text beside it."""

    BAR_WIDTH = 72

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(PROGRESS_ROLE)
        if not isinstance(value, float | int):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget: Any = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(6, 0, -6, 0)
        bar_w = min(self.BAR_WIDTH, max(rect.width() - 48, 24))
        bar = QRect(rect.left(), rect.center().y() - 4, bar_w, 8)
        colors = semantic_colors(opt.palette)
        fraction = min(max(float(value), 0.0), 1.0)
        fill = colors.good if fraction >= 0.999 else colors.accent
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(colors.border)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 4, 4)
        if fraction > 0:
            filled = QRect(bar)
            filled.setWidth(max(int(bar.width() * fraction), 4))
            painter.setBrush(fill)
            painter.drawRoundedRect(filled, 4, 4)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        text_rect = QRect(
            bar.right() + 8, rect.top(), rect.right() - bar.right() - 8, rect.height()
        )
        shown = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
        painter.restore()
