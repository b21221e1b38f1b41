"""Tree models: the stakeholder org chart (by reports-to) and My Work grouped by due date.

Both are read-only trees built from DTO lists. Nodes live in a flat list and an index's
``internalId`` is the node's position in it, so no Python object is handed to Qt as a pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from planner.domain.worklist import WorkGroup
from planner.services.actions import WorkItem
from planner.services.stakeholders import Stakeholder
from ui.models.table import ID_ROLE, OBJECT_ROLE, SORT_ROLE, Column, sort_key

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Node:
    parent: int  # -1 for top level
    row: int
    obj: Any
    children: list[int] = field(default_factory=list)


class TreeModel(QAbstractItemModel):
    """A read-only tree of objects shown with :class:`Column` definitions."""

    def __init__(self, columns: Sequence[Column[Any]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._nodes: list[Node] = []
        self._top: list[int] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # ----------------------------------------------------------------- building
    def _reset(self, build: Any) -> None:
        self.beginResetModel()
        self._nodes, self._top = [], []
        build()
        self.endResetModel()

    def _add(self, obj: Any, parent: int = -1) -> int:
        siblings = self._top if parent < 0 else self._nodes[parent].children
        self._nodes.append(Node(parent, len(siblings), obj))
        nid = len(self._nodes) - 1
        siblings.append(nid)
        return nid

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        nid = int(index.internalId())
        return self._nodes[nid] if 0 <= nid < len(self._nodes) else None

    def object_at(self, index: Index) -> Any:
        n = self.node(index)
        return n.obj if n else None

    def index_of(self, predicate: Any) -> QModelIndex:
        for nid, n in enumerate(self._nodes):
            if predicate(n.obj):
                return self.createIndex(n.row, 0, nid)
        return QModelIndex()

    # ----------------------------------------------------------------- Qt model API
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.columns):
            return QModelIndex()
        siblings = self._top if not parent.isValid() else self._children_of(parent)
        if not 0 <= row < len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def _children_of(self, parent: Index) -> list[int]:
        n = self.node(parent)
        return n.children if n is not None and parent.column() == 0 else []

    # PySide6's stubs type QAbstractItemModel.parent as QObject.parent() and parent(index) in
    # one overload set that no Python override can match; Qt calls this one with an index.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        n = self.node(index)
        if n is None or n.parent < 0:
            return QModelIndex()
        p = self._nodes[n.parent]
        return self.createIndex(p.row, 0, n.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._top)
        return len(self._children_of(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, ARG002, N802
        return len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        n = self.node(index)
        if n is None:
            return None
        col = self.columns[index.column()]
        obj = n.obj
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(obj)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(obj) or None
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground is not None:
            color = col.foreground(obj)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and col.background is not None:
            color = col.background(obj)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.DecorationRole and col.decoration is not None:
            return col.decoration(obj)
        if role == Qt.ItemDataRole.FontRole and col.bold is not None and col.bold(obj):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        if role == SORT_ROLE:
            return sort_key(col.sort(obj) if col.sort else col.text(obj))
        if role == OBJECT_ROLE:
            return obj
        if role == ID_ROLE:
            value = getattr(obj, "id", None)
            return value if isinstance(value, str) else None
        return None


class OrgChartModel(TreeModel):
    """Stakeholders arranged by who reports to whom; people without a manager at the top."""

    def set_people(self, people: Sequence[Stakeholder]) -> None:
        def build() -> None:
            by_id = {p.id: p for p in people}
            kids: dict[str | None, list[Stakeholder]] = {}
            for p in people:
                boss = p.reports_to_id if p.reports_to_id in by_id else None
                kids.setdefault(boss, []).append(p)
            for group in kids.values():
                group.sort(key=lambda p: (p.left_company, -p.influence, p.name.casefold()))

            def add(person: Stakeholder, parent: int, seen: set[str]) -> None:
                nid = self._add(person, parent)
                seen.add(person.id)
                for child in kids.get(person.id, []):
                    if child.id not in seen:  # the core forbids cycles; stay safe anyway
                        add(child, nid, seen)

            seen: set[str] = set()
            for root in kids.get(None, []):
                add(root, -1, seen)

        self._reset(build)


@dataclass(frozen=True)
class Group:
    """A heading row of My Work: the group and how many items it holds."""

    group: WorkGroup
    count: int
    id: str = ""


class WorkModel(TreeModel):
    """Open actions across the book, under Overdue / Today / This week / Later."""

    def set_items(self, items: Sequence[WorkItem]) -> None:
        def build() -> None:
            for group in WorkGroup:
                members = [i for i in items if i.group is group]
                if not members:
                    continue
                gid = self._add(Group(group, len(members)))
                for item in members:
                    self._add(item, gid)

        self._reset(build)

    def items(self) -> list[WorkItem]:
        return [n.obj for n in self._nodes if isinstance(n.obj, WorkItem)]
