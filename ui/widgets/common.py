"""Small building blocks shared by the pages: labels that never interpret user text as HTML,
a configured table view, tiles, section headings, a date field that may be empty."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from planner.domain import formatting as fmt
from ui.models.table import RowFilterProxy, RowTableModel
from ui.settings import AppSettings
from ui.widgets.fit import (
    CELL_PADDING,
    ColumnFitter,
    SortHeader,
    at_scroll_end,
    pass_wheel_to_page,
)


def plain_label(text: str = "", role: str = "", *, wrap: bool = False) -> QLabel:
    """A QLabel that shows ``text`` literally (never as rich text), with a style role."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label


def heading(text: str) -> QLabel:
    return plain_label(text, "heading")


def set_plain(label: QLabel, text: str) -> None:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (role, tone, invalid) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class DataTable(QTableView):
    """A table view as every page uses it: whole rows, one selection, sortable headers,
    alternating rows, plain text, columns fitted to the view's width (:class:`ColumnFitter`)."""

    delete_pressed = Signal()

    def __init__(
        self,
        model: RowTableModel[Any],
        proxy: RowFilterProxy | None = None,
        *,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        stretch: int | None = None,
        empty: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.empty_message = empty
        self.source = model
        self.proxy = proxy or RowFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalHeader(SortHeader(self))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setSectionsClickable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Column widths follow the texts and the view's width; the ``stretch`` column takes
        # the room the others leave. In a narrow view the least important columns give way.
        self.fitter = ColumnFitter(self, model.columns, fill=stretch)
        self.setSortingEnabled(True)
        self.sortByColumn(sort_column, sort_order)

    def current_row(self) -> Any:
        """The DTO of the selected row, or None."""
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            return None
        return self.proxy.row_at(index.row())

    def select_id(self, rid: str) -> bool:
        for r in range(self.proxy.rowCount()):
            if getattr(self.proxy.row_at(r), "id", None) == rid:
                self.selectRow(r)
                self.scrollTo(self.proxy.index(r, 0))
                return True
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.empty_message and self.proxy.rowCount() == 0:
            viewport = self.viewport()
            painter = QPainter(viewport)
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = viewport.rect().adjusted(24, 16, -24, -16)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, int(flags), self.empty_message)
            painter.end()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A cell whose text is shortened to fit shows all of it as its tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            text = index.data() if index.isValid() else None
            if text and not index.data(Qt.ItemDataRole.ToolTipRole):
                rect = self.visualRect(index)
                room = rect.width() - CELL_PADDING
                if index.data(Qt.ItemDataRole.DecorationRole) is not None:
                    room -= self.iconSize().width() if self.iconSize().width() > 0 else 16
                if self.fontMetrics().horizontalAdvance(str(text)) > room:
                    QToolTip.showText(event.globalPos(), str(text), self.viewport(), rect)
                    return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        """A table that cannot scroll further lets the wheel scroll the page it is on."""
        if at_scroll_end(self, event) and pass_wheel_to_page(self, event):
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Delete and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class Tile(QFrame):
    """A figure: big value, label, a note. One that acts (:meth:`set_action`) is clicked, or
    focused with Tab and activated with Enter or Space."""

    clicked = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Tile")
        self.setAccessibleName(label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        self.label = plain_label(label)
        self.label.setObjectName("TileLabel")
        self.value = plain_label("-")
        self.value.setObjectName("TileValue")
        self.note = plain_label("")
        self.note.setObjectName("TileNote")
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._action = ""

    def _tip(self) -> None:
        value, note = self.value.text(), self.note.text()
        tip = f"{self.label.text()}: {value}" + (f" ({note})" if note else "")
        self.setToolTip(tip + (f"\n{self._action}" if self._action else ""))

    def set(self, value: str, note: str = "", tone: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self._tip()
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            for w in (self, self.value):
                repolish(w)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._action:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._action and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def set_action(self, what: str) -> None:
        """Say what activating the tile does (its tooltip's last line, and for screen readers)."""
        self._action = what
        self.setAccessibleDescription(what)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._tip()


class Card(QFrame):
    """A framed panel with a heading and a body layout."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.title = heading(title)
        if title:
            self.body.addWidget(self.title)


DATE_FORMAT = "d MMM yyyy"
"""How a QDateEdit shows a date: as :func:`planner.domain.formatting.day` writes it."""
_DATE_LOCALE = QLocale.c()
"""Month names of a QDateEdit: the app's own (31 Mar 2027, 2 Sep 2026), whatever the system
language (the C locale's English names are those of formatting.day; weeks start on Monday)."""


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    """A date picker (never empty) that shows dates as the rest of the app does, with a
    calendar popup."""
    edit = QDateEdit(parent)
    edit.setLocale(_DATE_LOCALE)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


class DateField(QWidget):
    """A date that may be left empty: typed as it is shown (31 Mar 2027), as 2027-03-31 or
    31/03/2027 (:func:`planner.domain.formatting.parse_day`), or picked from a calendar.

    ``text()`` is what the services receive: the ISO form of a readable date, else the text as
    typed (they name this field in their message); ``problem()`` says why text is not a date.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("31 Mar 2027" + (" (optional)" if optional else ""))
        self.edit.setToolTip(
            f"Type a date like {fmt.DAY_FORMS}, or pick one from the calendar (Alt+Down)."
        )
        self.edit.setMaxLength(40)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._tidy)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Pick a date from a calendar (Alt+Down)")
        self.button.setAccessibleName("Pick a date")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(_DATE_LOCALE)
        self.calendar.setGridVisible(False)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare)
        self.button.setMenu(menu)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.button.showMenu()
            return True
        return super().eventFilter(watched, event)

    def set_today(self, today: Callable[[], date]) -> None:
        """Where the calendar opens when the field is empty: the book's today."""
        self._today = today

    def _prepare(self) -> None:
        current = self.value() or (self._today() if self._today else None)
        if current is not None:  # else Qt's own default, until a caller gives the book's today
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _picked(self, day: QDate) -> None:
        self.set_value(date(day.year(), day.month(), day.day()))
        menu = self.button.menu()
        if menu is not None:
            menu.hide()
        self.edit.setFocus()

    def _tidy(self) -> None:
        """Show a readable date the way the app shows dates (2027-03-31 becomes 31 Mar 2027)."""
        day = self.value()
        if day is not None and self.edit.text() != fmt.day(day):
            self.edit.setText(fmt.day(day))

    def raw(self) -> str:
        return self.edit.text().strip()

    def text(self) -> str:
        day = self.value()
        return day.isoformat() if day is not None else self.raw()

    def value(self) -> date | None:
        try:
            return fmt.parse_day(self.raw())
        except ValueError:
            return None

    def problem(self) -> str:
        """Why the typed text is not a date ("" when it is one, or empty)."""
        if not self.raw():
            return ""
        try:
            fmt.parse_day(self.raw())
        except ValueError as exc:
            return str(exc)
        return ""

    def set_value(self, day: date | None) -> None:
        self.edit.setText(fmt.day(day))


def save_splitter(settings: AppSettings, key: str, splitter: QSplitter) -> None:
    """Restore a splitter's sizes now and save them whenever the user moves it."""
    state = settings.splitter(key)
    if state is not None:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda *_: settings.set_splitter(key, splitter.saveState()))


def button_row(*widgets: QWidget, stretch_at: int | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for i, w in enumerate(widgets):
        if stretch_at == i:
            row.addStretch(1)
        row.addWidget(w)
    if stretch_at is None or stretch_at >= len(widgets):
        row.addStretch(1)
    return row


def snooze_menu(parent: QWidget, on_pick: Callable[[int], None]) -> QMenu:
    """Snooze choices: tomorrow, in 3 days, a week, two weeks."""
    menu = QMenu(parent)
    for label, days in (
        ("Until tomorrow", 1),
        ("For 3 days", 3),
        ("For a week", 7),
        ("For two weeks", 14),
    ):
        menu.addAction(label, partial(on_pick, days))
    return menu


def days_text(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def relative_day(day: date | None, today: date) -> str:
    return days_text((day - today).days) if day else ""
