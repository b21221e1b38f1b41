"""Table models (model/view) for the health explanation and the portfolio metrics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from planner.domain import health as h
from planner.domain import metrics as mx

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    tip: Callable[[R], str] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows of one DTO type shown through :class:`Column` definitions (read-only)."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _score(value: float | None) -> str:
    return "no data" if value is None else f"{value:.1f}"


def _rule(f: h.FactorResult) -> str:
    return h.FACTOR_RULES[f.key]


FACTOR_COLUMNS: list[Column[h.FactorResult]] = [
    Column("Factor", lambda f: f.label, tip=_rule),
    Column("Raw value", lambda f: f.raw, tip=lambda f: f"{f.raw}\n\nRule: {_rule(f)}"),
    Column(
        "Score",
        lambda f: _score(f.score),
        lambda f: -1.0 if f.score is None else f.score,
        _rule,
        align_right=True,
    ),
    Column("Weight", lambda f: f"{f.weight:g}", lambda f: f.weight, align_right=True),
    Column(
        "Share",
        lambda f: f"{f.effective_weight * 100:.1f} %",
        lambda f: f.effective_weight,
        lambda _f: "Its weight as a share of the factors that have data.",
        align_right=True,
    ),
    Column(
        "Points",
        lambda f: f"{f.contribution:.1f}",
        lambda f: f.contribution,
        lambda _f: "Score x share: what this factor adds to the total.",
        align_right=True,
    ),
]


def _points(points: float) -> str:
    return "no change" if abs(points) < 0.05 else f"{points:+.1f}"


MOVE_COLUMNS: list[Column[h.FactorMove]] = [
    Column("Factor", lambda mv: mv.label),
    Column("Before", lambda mv: _score(mv.before), lambda mv: mv.before or -1.0, align_right=True),
    Column("Now", lambda mv: _score(mv.after), lambda mv: mv.after or -1.0, align_right=True),
    Column(
        "Points",
        lambda mv: _points(mv.points),
        lambda mv: mv.points,
        lambda _mv: "How much this factor moved the total score.",
        align_right=True,
    ),
]

METRIC_COLUMNS: list[Column[mx.MetricLine]] = [
    Column("Figure", lambda line: line.label),
    Column("Value", lambda line: line.value, align_right=True),
    Column(
        "How it is worked out", lambda line: line.explanation, tip=lambda line: line.explanation
    ),
]


class FactorTableModel(RowsModel[h.FactorResult]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(FACTOR_COLUMNS, parent)


class MovesTableModel(RowsModel[h.FactorMove]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(MOVE_COLUMNS, parent)


class MetricsTableModel(RowsModel[mx.MetricLine]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(METRIC_COLUMNS, parent)
