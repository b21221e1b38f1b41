"""Fitting the window: columns that share a narrow table, pages that scroll instead of
squeezing, grids that wrap, and tables as tall as their rows.

* :class:`ColumnFitter` sizes a table's (or tree's) columns from their texts and their
  :class:`~ui.models.table.Column` declarations, again whenever the view is resized or its rows
  change: key columns keep their room, the least important ones give way first (see
  :func:`~ui.models.table.fit_widths`). The header's context menu shows or hides any column.
* :class:`SortHeader` draws the sort arrow beside the title, never over it.
* :func:`scroll_page` wraps a page's content in a vertical scroll area, so a small window
  scrolls the page instead of squeezing its charts and tables into slivers.
* :class:`FlowGrid` lays its cells out in as many columns as fit (tiles, chart cards).
* :func:`fit_rows` makes a table tall enough for its rows, within bounds.
* :func:`pass_wheel_to_page` scrolls the page under a chart, or under a table that cannot
  scroll further, instead of the wheel stopping there (touchpads latch a scroll gesture to
  the widget it started on, so the page would never move).
* :class:`FlowLayout` puts buttons on one line while they fit, and wraps them when not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLayout,
    QLayoutItem,
    QMenu,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QTreeView,
    QWidget,
)

from ui.models.table import KEY, Column, RowTableModel, fit_widths

ARROW_ROOM = 16
"""Pixels kept at the right of a header section for the sort arrow."""
CELL_PADDING = 14
"""Pixels around a cell's text (the style's margins and a little air)."""
HEADER_PADDING = 14
"""Pixels around a header title (the style sheet's section padding)."""
PROGRESS_ROOM = 80
"""The bar drawn before the text of a progress column (ProgressDelegate) and its gap."""
SAMPLE_ROWS = 300
"""How many rows are measured to size the columns (the first ones, as sorted)."""


class SortHeader(QHeaderView):
    """A horizontal header whose sort arrow sits at the right of the section, beside the
    title: the title is drawn in the room left of the arrow (elided if it must be), so a
    right-aligned title ("ARR") never runs under the arrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        if not rect.isValid():
            return
        if not (self.isSortIndicatorShown() and logical == self.sortIndicatorSection()):
            super().paintSection(painter, rect, logical)
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical)
        option.rect = rect
        ascending = option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        style = self.style()
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        painter.restore()
        label = QStyleOptionHeader(option)
        label.rect = rect.adjusted(0, 0, -ARROW_ROOM, 0)
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_HeaderLabel, label, painter, self)
        painter.restore()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.PlaceholderText), 1.6))
        x = rect.right() - ARROW_ROOM / 2 - 1
        y = rect.center().y() + 0.5
        tip = -2.5 if ascending else 2.5  # ascending: a chevron pointing up
        arrow = QPainterPath(QPointF(x - 4, y - tip))
        arrow.lineTo(x, y + tip)
        arrow.lineTo(x + 4, y - tip)
        painter.drawPath(arrow)
        painter.restore()


@dataclass(frozen=True)
class ColumnRoom:
    """What a column asks of the fitter (in characters of the view's font)."""

    title: str
    width: int | None = None
    min_width: int | None = None
    priority: int = 1
    extra: int = 0
    """Pixels drawn besides the text (a progress bar)."""

    @classmethod
    def of(cls, column: Column[Any]) -> ColumnRoom:
        return cls(
            column.title,
            column.width,
            column.min_width,
            column.priority,
            PROGRESS_ROOM if column.progress is not None else 0,
        )


class ColumnFitter(QObject):
    """Keeps the columns of ``view`` fitted to its width (see the module docstring).

    ``fill`` is the column that takes room to spare (default: the last one shown). A column
    the user resizes by hand keeps the width they gave it.
    """

    def __init__(
        self,
        view: QTableView | QTreeView,
        columns: Sequence[Column[Any] | ColumnRoom],
        *,
        fill: int | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.rooms = [c if isinstance(c, ColumnRoom) else ColumnRoom.of(c) for c in columns]
        self.fill = fill
        self.user_widths: dict[int, int] = {}
        self.user_hidden: set[int] = set()
        self.user_shown: set[int] = set()
        self.auto_hidden: set[int] = set()
        self._content: list[int] | None = None
        self._icons: list[int] = []
        self._fitting = False
        header = self.header
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(24)
        header.sectionResized.connect(self._user_resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        header.sortIndicatorChanged.connect(lambda *_: self.fit())  # the arrow needs room
        self._remeasure = QTimer(self)
        self._remeasure.setSingleShot(True)
        self._remeasure.setInterval(0)
        self._remeasure.timeout.connect(self.measure)
        self._watched_model: Any = None
        self._watch_model()
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self.fit()

    @property
    def header(self) -> QHeaderView:
        view = self.view
        return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()

    # ----------------------------------------------------------------- watching
    def _watch_model(self) -> None:
        model = self.view.model()
        if model is None or model is self._watched_model:
            return
        self._watched_model = model
        model.modelReset.connect(self._remeasure.start)  # new rows (filtering keeps the widths)
        self._content = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            self.fit()
        elif kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and watched is self.view:
            self._remeasure.start()
        return False

    def _user_resized(self, index: int, _old: int, new: int) -> None:
        if not self._fitting and 0 <= index < len(self.rooms):
            self.user_widths[index] = new
            self.fit()

    # ----------------------------------------------------------------- measuring
    def measure(self) -> None:
        """Measure the texts of the first rows again, then fit."""
        self._watch_model()
        self._content, self._icons = self._measure_content()
        self.fit()

    def _measure_content(self) -> tuple[list[int] | None, list[int]]:
        """The widest text of each column (pixels), and the room its icon takes (if any)."""
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return None, []
        columns = min(model.columnCount(), len(self.rooms))
        metrics = QFontMetrics(self.view.font())
        bold_font = QFont(self.view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        icon = self.view.iconSize().width()
        icon = (icon if icon > 0 else 16) + 6
        widest = [0] * columns
        icons = [0] * columns
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        if isinstance(source, RowTableModel):  # straight from the rows: ten times faster
            sample = [source.row_at(r) for r in range(min(source.rowCount(), SAMPLE_ROWS))]
            for c, col in enumerate(source.columns[:columns]):
                bold_rows = col.bold
                for row in sample:
                    text = col.text(row)
                    if text:
                        fm = bold if bold_rows is not None and bold_rows(row) else metrics
                        widest[c] = max(widest[c], fm.horizontalAdvance(text))
                icons[c] = icon if col.decoration is not None else 0
            return widest, icons
        tree = isinstance(self.view, QTreeView)
        indent = self.view.indentation() if isinstance(self.view, QTreeView) else 0
        for index, depth in _sample(model, SAMPLE_ROWS, tree=tree):
            for c in range(columns):
                cell = index.siblingAtColumn(c)
                text = cell.data(Qt.ItemDataRole.DisplayRole)
                if not text:
                    continue
                font = cell.data(Qt.ItemDataRole.FontRole)
                fm = bold if isinstance(font, QFont) and font.bold() else metrics
                width = fm.horizontalAdvance(str(text))
                if cell.data(Qt.ItemDataRole.DecorationRole) is not None:
                    icons[c] = icon
                if c == 0 and tree:
                    width += indent * (depth + 1)
                widest[c] = max(widest[c], width)
        return widest, icons

    def _wants(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Natural widths, minimum widths, priorities, and the widths of whole texts (pixels)."""
        metrics = QFontMetrics(self.view.font())
        # A character's room: a digit's (wider than the average letter), so a date or an
        # amount of ``width`` characters fits its hint.
        char = max(metrics.horizontalAdvance("0"), metrics.averageCharWidth(), 1)
        title_font = QFont(self.header.font())
        title_font.setBold(True)
        titles = QFontMetrics(title_font)
        content = self._content
        natural: list[int] = []
        minimum: list[int] = []
        priority: list[int] = []
        full: list[int] = []
        header = self.header
        sorted_by = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1
        for i, room in enumerate(self.rooms):
            arrow = ARROW_ROOM if i == sorted_by else 0
            title = titles.horizontalAdvance(room.title) + HEADER_PADDING + arrow
            icon = self._icons[i] if i < len(self._icons) else 0
            extra = room.extra + icon
            cap = room.width * char + CELL_PADDING + extra if room.width else None
            if content is not None and i < len(content):
                text = content[i] + CELL_PADDING + extra
                want = min(text, cap) if cap is not None else text
            else:
                text = want = cap if cap is not None else title
            want = max(want, title)
            least = (
                min(room.min_width * char + CELL_PADDING + extra, want) if room.min_width else want
            )
            rank = room.priority
            if i in self.user_widths:
                want = least = self.user_widths[i]
                rank = KEY
            if i in self.user_shown:
                rank = KEY
            natural.append(want)
            minimum.append(least)
            priority.append(rank)
            full.append(max(text, want) if i not in self.user_widths else want)
        return natural, minimum, priority, full

    # ----------------------------------------------------------------- fitting
    def fit(self) -> None:
        """Size (and show or hide) the columns for the view's width now."""
        if self._fitting:
            return
        header = self.header
        count = min(header.count(), len(self.rooms))
        if count == 0:
            return
        natural, minimum, priority, full = self._wants()
        shown = [i for i in range(count) if i not in self.user_hidden]
        available = self.view.viewport().width()
        fill = self.fill if self.fill is not None and self.fill in shown else None
        widths, hidden = fit_widths(
            [natural[i] for i in shown],
            [minimum[i] for i in shown],
            [priority[i] for i in shown],
            available,
            fill=shown.index(fill) if fill is not None else None,
            full=[full[i] for i in shown],
        )
        self.auto_hidden = {shown[j] for j in hidden}
        self._fitting = True
        try:
            for i in range(count):
                hide = i in self.user_hidden or i in self.auto_hidden
                if header.isSectionHidden(i) != hide:
                    header.setSectionHidden(i, hide)
            for j, i in enumerate(shown):
                if j not in hidden and header.sectionSize(i) != widths[j]:
                    header.resizeSection(i, widths[j])
        finally:
            self._fitting = False

    # ----------------------------------------------------------------- the header's menu
    def header_menu(self) -> QMenu:
        """Show or hide columns; "Fit columns to the window" forgets manual widths."""
        menu = QMenu(self.header)
        for i, room in enumerate(self.rooms):
            if not room.title:
                continue
            action = menu.addAction(room.title)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(i))
            if i in self.auto_hidden:
                action.setToolTip("Hidden to make room; tick to show it anyway")
            action.toggled.connect(lambda on, i=i: self.set_shown(i, shown=on))
        menu.addSeparator()
        reset = menu.addAction("Fit Columns to the Window")
        reset.triggered.connect(self.reset)
        return menu

    def set_shown(self, index: int, *, shown: bool) -> None:
        if shown:
            self.user_hidden.discard(index)
            self.user_shown.add(index)
        else:
            self.user_shown.discard(index)
            self.user_hidden.add(index)
        self.fit()

    def reset(self) -> None:
        self.user_widths.clear()
        self.user_hidden.clear()
        self.user_shown.clear()
        self.fit()

    def _show_menu(self, pos: QPoint) -> None:
        self.header_menu().popup(self.header.mapToGlobal(pos))


def _sample(model: Any, limit: int, *, tree: bool) -> list[tuple[QModelIndex, int]]:
    """Up to ``limit`` first-column indexes, top-down (children after their parent)."""
    found: list[tuple[QModelIndex, int]] = []
    stack: list[tuple[QModelIndex, int]] = [(QModelIndex(), -1)]
    while stack and len(found) < limit:
        parent, depth = stack.pop()
        rows = model.rowCount(parent)
        children = []
        for r in range(min(rows, limit - len(found))):
            index = model.index(r, 0, parent)
            found.append((index, depth + 1))
            if tree and model.hasChildren(index):
                children.append((index, depth + 1))
        stack.extend(reversed(children))
    return found


# --------------------------------------------------------------------------- pages and grids


def scroll_page(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls vertically when the window is
    shorter than the content's minimum height (it never squeezes it below that), and
    sideways only as a last resort."""
    area = QScrollArea(parent)
    area.setObjectName("PageScroll")
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    guard = WheelGuard(area)
    # The page's fields are added after this call (a page fills the layout it is given).
    QTimer.singleShot(0, area, lambda: guard_wheel(content, guard))
    return area


def scroll_to_top(widget: QWidget) -> None:
    """Scroll every page scroll area inside ``widget`` back to its top-left corner."""
    for area in widget.findChildren(QScrollArea):
        if area.objectName() == "PageScroll":
            area.verticalScrollBar().setValue(0)
            area.horizontalScrollBar().setValue(0)


class FlowGrid(QWidget):
    """Cells in rows of as many columns as fit: each cell wants at least ``cell_width``
    pixels; at most ``max_columns`` per row. Cells of a row share its width equally."""

    def __init__(
        self,
        cell_width: int,
        *,
        max_columns: int = 6,
        spacing: int = 12,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.cell_width = cell_width
        self.max_columns = max_columns
        self.cells: list[QWidget] = []
        self._columns = 0
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def add(self, widget: QWidget) -> None:
        self.cells.append(widget)
        self._columns = 0
        self._relayout(self.width() or self.cell_width * self.max_columns)

    @property
    def columns(self) -> int:
        return self._columns

    def columns_for(self, width: int) -> int:
        """As many columns as fit, then as few as make the rows equally full (six tiles that
        fit five to a row go three to a row, not five and one)."""
        spacing = self.grid.spacing()
        fits = max((width + spacing) // (self.cell_width + spacing), 1)
        count = len(self.cells) or 1
        columns = max(min(fits, self.max_columns, count), 1)
        rows = -(-count // columns)
        return -(-count // rows)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._relayout(event.size().width())

    def _relayout(self, width: int) -> None:
        columns = self.columns_for(width)
        if columns == self._columns:
            return
        self._columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 0)
        for n, cell in enumerate(self.cells):
            row, column = divmod(n, columns)
            left = len(self.cells) - row * columns
            if left < columns:  # a last row that is not full: its cells share the row's width
                span, extra = divmod(columns, left)
                start = column * span + min(column, extra)
                width = span + (1 if column < extra else 0)
                self.grid.addWidget(cell, row, start, 1, width)
            else:
                self.grid.addWidget(cell, row, column)
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)

    def minimumSizeHint(self) -> Any:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self.cell_width))
        return hint


def rows_height(view: QAbstractItemView, rows: int) -> int:
    """The height (pixels) ``view`` needs to show ``rows`` rows and its header, no more."""
    header = 0
    if isinstance(view, QTableView):
        row = view.verticalHeader().defaultSectionSize()
        if not view.horizontalHeader().isHidden():
            header = view.horizontalHeader().sizeHint().height()
    else:
        row = view.sizeHintForRow(0) if view.model() is not None else 0
        row = row if row > 0 else QFontMetrics(view.font()).height() + 8
        if isinstance(view, QTreeView) and not view.isHeaderHidden():
            header = view.header().sizeHint().height()
    return header + row * max(rows, 0) + view.frameWidth() * 2 + 2


def fit_rows(view: QAbstractItemView, rows: int, *, least: int = 3, most: int = 12) -> int:
    """Make ``view`` exactly tall enough for ``rows`` rows, but at least ``least`` and at most
    ``most`` (a longer list scrolls inside the view); return that height."""
    height = rows_height(view, max(least, min(rows, most)))
    view.setMinimumHeight(height)
    view.setMaximumHeight(height)
    return height


def keep_rows_visible(view: QAbstractItemView, rows: int, *, least: int = 3, most: int = 8) -> int:
    """Let ``view`` grow with its page, but never shrink below ``rows`` rows (at least
    ``least``, at most ``most``: a longer list scrolls inside the view); in a page that
    scrolls, a small window then scrolls the page instead of hiding rows."""
    height = rows_height(view, max(least, min(rows, most)))
    view.setMinimumHeight(height)
    return height


class FlowLayout(QLayout):
    """Widgets left to right (or packed to the right), wrapping onto more lines when the room
    is too narrow for them all: a row of buttons that never squeezes a button's text."""

    def __init__(
        self, parent: QWidget | None = None, *, spacing: int = 6, align_right: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.align_right = align_right
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible)
        width += self._spacing * max(len(visible) - 1, 0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.sizeHint())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            if item.isEmpty():
                continue
            width = item.sizeHint().width()
            needed = width if not lines[-1] else used + self._spacing + width
            if lines[-1] and needed > area.width():
                lines.append([item])
                used = width
            else:
                lines[-1].append(item)
                used = needed
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(i.sizeHint().height() for i in line)
            total = sum(i.sizeHint().width() for i in line) + self._spacing * (len(line) - 1)
            x = area.x() + (max(area.width() - total, 0) if self.align_right else 0)
            for item in line:
                hint = item.sizeHint()
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()


def flow_row(*widgets: QWidget, align_right: bool = True, spacing: int = 6) -> QWidget:
    """A widget holding ``widgets`` in a :class:`FlowLayout`."""
    holder = QWidget()
    flow = FlowLayout(holder, spacing=spacing, align_right=align_right)
    for widget in widgets:
        flow.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


# --------------------------------------------------------------------------- the wheel


def _wheel_bar(area: QAbstractScrollArea, event: QWheelEvent) -> QScrollBar:
    delta = event.angleDelta()
    sideways = abs(delta.x()) > abs(delta.y())
    return area.horizontalScrollBar() if sideways else area.verticalScrollBar()


def at_scroll_end(area: QAbstractScrollArea, event: QWheelEvent) -> bool:
    """Whether ``area`` cannot scroll any further the way ``event`` turns the wheel."""
    bar = _wheel_bar(area, event)
    delta = event.angleDelta()
    step = delta.x() if abs(delta.x()) > abs(delta.y()) else delta.y()
    if event.inverted():
        step = -step
    if step < 0:  # towards the end
        return bar.value() >= bar.maximum()
    if step > 0:
        return bar.value() <= bar.minimum()
    return True


def pass_wheel_to_page(widget: QWidget, event: QWheelEvent) -> bool:
    """Scroll the nearest scroll area around ``widget`` with ``event``; True if it moved."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return False
    target = parent.viewport()
    position = target.mapFromGlobal(event.globalPosition())
    passed = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    bar = _wheel_bar(parent, event)
    before = bar.value()
    QApplication.sendEvent(target, passed)
    return bar.value() != before


def _in_page(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.objectName() == "PageScroll":
            return True
        parent = parent.parentWidget()
    return False


class WheelGuard(QObject):
    """On a page that scrolls, a spin box or a drop-down list takes the wheel only once it has
    the keyboard focus: scrolling the page over one scrolls the page, and never changes the
    value under the pointer. :func:`scroll_page` installs one on the fields of its page."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus() or not _in_page(watched):
            return False
        assert isinstance(event, QWheelEvent)
        pass_wheel_to_page(watched, event)
        return True  # the value stays as it is


def guard_wheel(root: QWidget, guard: WheelGuard) -> None:
    """Install ``guard`` on the spin boxes and drop-down lists under ``root``."""
    for field in root.findChildren(QAbstractSpinBox) + root.findChildren(QComboBox):
        if field.property("wheel_guarded") != "yes":
            field.setProperty("wheel_guarded", "yes")
            field.installEventFilter(guard)
