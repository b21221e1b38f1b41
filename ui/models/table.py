"""One table model for every list of DTOs, and a filter proxy that stays fast at 10,000 rows.

A table is declared as columns::

    COLUMNS = (
        Column("Name", lambda r: r.name),
        Column("ARR", lambda r: format_minor(r.arr_minor, r.currency),
               sort=lambda r: r.arr_minor, align=RIGHT),
    )
    model = RowTableModel(COLUMNS)
    model.set_rows(rows)          # a model reset
    model.update_row(row)         # one dataChanged for that row only

Roles: ``Qt.DisplayRole`` is plain text; :data:`SORT_ROLE` gives the real value (a date, an
amount in minor units, a number) so sorting never compares display strings; :data:`OBJECT_ROLE`
gives the DTO itself; :data:`ID_ROLE` its id.

Widths: ``width`` is the most room (in characters) a column asks for; a view gives it what its
longest text needs, up to that. When the view is too narrow for every column,
:func:`fit_widths` decides who gives way, by ``priority``: the least important columns are
squeezed first (their text elided, down to ``min_width``) and hidden when even that is not
enough; key columns (priority 0, such as the name) keep their room.

Sorting is done by the source model over precomputed keys (one Python ``sorted`` call), not by
Qt calling ``lessThan`` through Python a million times; :class:`RowFilterProxy` forwards
``sort`` to it and filters with a predicate on the DTO.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from planner.domain import formatting as fmt

R = TypeVar("R")

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
OBJECT_ROLE = int(Qt.ItemDataRole.UserRole) + 2
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 3
PROGRESS_ROLE = int(Qt.ItemDataRole.UserRole) + 4
"""A float 0.0-1.0 (or None) drawn as a bar by :class:`ui.widgets.delegates.ProgressDelegate`."""

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    """The real value to sort by; default: the display text, ignoring case."""
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[R], str] | None = None
    foreground: Callable[[R], QColor | None] | None = None
    background: Callable[[R], QColor | None] | None = None
    decoration: Callable[[R], QColor | None] | None = None
    bold: Callable[[R], bool] | None = None
    progress: Callable[[R], float | None] | None = None
    width: int | None = None
    """The most room the column asks for, in characters (its longest text may be elided)."""
    header_tip: str = ""
    min_width: int | None = None
    """The narrowest the column may be squeezed to, in characters, when the view is too narrow
    for every column (its text is elided); None: it is never squeezed."""
    priority: int = 1
    """Who gives way when the view is too narrow: ``KEY`` columns never do; ``NORMAL`` ones are
    squeezed down to ``min_width``; ``EXTRA`` ones (and ``EXTRA + n``, which go earlier) are
    squeezed first and hidden when that is not enough (the header's context menu shows them
    again)."""


KEY = 0
"""Column priority: always shown, at full width unless it has a ``min_width`` and even the
other columns' giving way is not enough (the name of the row, its key figures)."""
NORMAL = 1
"""Column priority: squeezed to its ``min_width`` when the view is narrow."""
EXTRA = 2
"""Column priority: squeezed first, hidden when the view is still too narrow (``EXTRA + 1``
gives way before ``EXTRA``)."""


class _Missing:
    """Sorts after every real value, in either direction (see :meth:`RowTableModel.sort`)."""


def sort_key(value: Any) -> Any:
    if isinstance(value, str):
        return value.casefold()
    return value


def row_id(row: Any) -> str | None:
    value = getattr(row, "id", None)
    return value if isinstance(value, str) else None


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of DTOs (editing happens in dialogs, through services)."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[R], ...] = tuple(columns)
        self._rows: list[R] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # ----------------------------------------------------------------- contents
    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace every row (a model reset), keeping the current sort order."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows = self._sorted(self._rows, *self._sort)
        self.endResetModel()

    def row_of(self, rid: str) -> int:
        for i, r in enumerate(self._rows):
            if row_id(r) == rid:
                return i
        return -1

    def update_row(self, row: R) -> bool:
        """Replace the row with the same id; emit dataChanged for that row only."""
        i = self.row_of(row_id(row) or "")
        if i < 0:
            return False
        self._rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
        return True

    # ----------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground is not None:
            color = col.foreground(row)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and col.background is not None:
            color = col.background(row)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.DecorationRole and col.decoration is not None:
            return col.decoration(row)
        if role == Qt.ItemDataRole.FontRole and col.bold is not None and col.bold(row):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip is not None else None
        if role == SORT_ROLE:
            return self._key(col, row)
        if role == OBJECT_ROLE:
            return row
        if role == ID_ROLE:
            return row_id(row)
        if role == PROGRESS_ROLE and col.progress is not None:
            return col.progress(row)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title
        if role == Qt.ItemDataRole.ToolTipRole and col.header_tip:
            return col.header_tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        return None

    # ----------------------------------------------------------------- sorting
    @staticmethod
    def _key(col: Column[R], row: R) -> Any:
        value = col.sort(row) if col.sort is not None else col.text(row)
        return sort_key(value)

    def _sorted(self, rows: list[R], column: int, order: Qt.SortOrder) -> list[R]:
        if not 0 <= column < len(self.columns):
            return rows
        col = self.columns[column]
        keyed = [(self._key(col, r), r) for r in rows]
        present = [kr for kr in keyed if kr[0] is not None and kr[0] != ""]
        missing = [kr[1] for kr in keyed if kr[0] is None or kr[0] == ""]
        present.sort(key=lambda kr: kr[0], reverse=order == Qt.SortOrder.DescendingOrder)
        return [r for _, r in present] + missing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the column's real values; empty values always go last."""
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        if self._sort is None or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old_positions = {id(r): i for i, r in enumerate(self._rows)}
        self._rows = self._sorted(self._rows, column, order)
        new_positions = {id(r): i for i, r in enumerate(self._rows)}
        moved = {old_positions[key]: new for key, new in new_positions.items()}
        persistent = self.persistentIndexList()
        if persistent:
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(moved.get(p.row(), p.row()), p.column()) if p.isValid() else p
                    for p in persistent
                ],
            )
        self.layoutChanged.emit()


class RowFilterProxy(QSortFilterProxyModel):
    """Filters a :class:`RowTableModel` with a predicate on the DTO; sorting is delegated to
    the source model (fast at any size). With no predicate every row is shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._predicate: Callable[[Any], bool] | None = None
        self.setDynamicSortFilter(False)
        self.setSortRole(SORT_ROLE)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: Index) -> bool:  # noqa: N802
        if self._predicate is None:
            return True
        source = self.sourceModel()
        if not isinstance(source, RowTableModel):
            return True
        return self._predicate(source.row_at(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.sort(column, order)
        else:  # pragma: no cover - every proxy here sits on a RowTableModel
            super().sort(column, order)

    def row_at(self, proxy_row: int) -> Any:
        source = self.sourceModel()
        assert isinstance(source, RowTableModel)
        return source.row_at(self.mapToSource(self.index(proxy_row, 0)).row())


def fmt_date(day: date | None, empty: str = "") -> str:
    """Dates as the app shows them: ``23 Nov 2026`` (unambiguous in every locale)."""
    return fmt.day(day, empty)


def fit_widths(
    natural: Sequence[int],
    minimum: Sequence[int],
    priority: Sequence[int],
    available: int,
    *,
    fill: int | None = None,
    full: Sequence[int] | None = None,
) -> tuple[list[int], set[int]]:
    """Widths (pixels) for columns that want ``natural`` in a view ``available`` wide, and the
    columns to hide.

    Room to spare first lets columns whose text is longer than their ``natural`` width grow
    up to their ``full`` width (their whole text), left to right; what is left goes to the
    ``fill`` column (default: the last one shown). When the columns
    do not fit, they give way in this order until they do: ``EXTRA`` columns (priority 2 or
    more, the highest first, then right to left) shrink to their ``minimum``; then they are
    hidden one by one in the same order; then ``NORMAL`` columns shrink to their minimum,
    right to left; last, ``KEY`` columns that have a minimum (a long name) shrink to it,
    right to left, so the name, leftmost, gives way last of all. When everything has given
    way and the columns still do not fit, the view scrolls sideways.
    """
    count = len(natural)
    extras = sorted(
        (i for i in range(count) if priority[i] >= EXTRA), key=lambda i: (-priority[i], -i)
    )
    normals = [i for i in reversed(range(count)) if priority[i] == NORMAL]
    keys = [i for i in reversed(range(count)) if priority[i] == KEY]
    hidden: set[int] = set()
    while True:
        widths = list(natural)
        shown = [i for i in range(count) if i not in hidden]
        if not shown:
            return widths, hidden
        deficit = sum(widths[i] for i in shown) - available
        if deficit <= 0:
            spare = -deficit
            wanted = full if full is not None else widths
            for i in shown:
                grow = min(max(wanted[i] - widths[i], 0), spare)
                widths[i] += grow
                spare -= grow
            target = fill if fill is not None and fill in shown else shown[-1]
            widths[target] += spare
            return widths, hidden
        deficit = _squeeze(widths, minimum, [i for i in extras if i not in hidden], deficit)
        if deficit <= 0:
            return widths, hidden
        still = [i for i in extras if i not in hidden]
        if still:
            hidden.add(still[0])
            continue
        deficit = _squeeze(widths, minimum, normals, deficit)
        _squeeze(widths, minimum, keys, deficit)
        return widths, hidden


def _squeeze(widths: list[int], minimum: Sequence[int], order: Sequence[int], deficit: int) -> int:
    """Take up to ``deficit`` pixels from the columns in ``order``, each down to its minimum;
    return what is still missing."""
    for i in order:
        give = min(max(widths[i] - minimum[i], 0), deficit)
        widths[i] -= give
        deficit -= give
        if deficit <= 0:
            break
    return deficit
