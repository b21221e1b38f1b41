"""Models of the QBR builder: the agenda (editable, reorderable by drag), the attendees
(checkable), the commitments and the QBR history. They hold DTOs only; every change goes back
through the builder, which records it as an undoable edit and reloads from the book.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from planner.domain.agenda import fmt_date
from planner.domain.enums import Side
from planner.services.actions import ActionItem
from planner.services.qbrs import AgendaItem, Qbr
from planner.services.stakeholders import Stakeholder

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-planner-agenda-rows"
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1

EditFn = Callable[[str, str, Any], bool]
"""(item id, field, new value) -> whether the change was accepted."""
ReorderFn = Callable[[list[str]], None]


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class AgendaModel(QAbstractTableModel):
    """The agenda: #, time, title, minutes, lead, notes. Title, minutes, lead and notes are
    edited in place; rows are moved by dragging them."""

    COLUMNS = ("#", "Time", "Item", "Minutes", "Lead", "Notes")
    FIELDS: ClassVar[dict[int, str]] = {2: "title", 3: "minutes", 4: "owner", 5: "notes"}
    TIPS: ClassVar[dict[int, str]] = {
        5: "Notes print with the item in the deck's speaker notes, the PDF and the email "
        "agenda. Keep private remarks in the QBR's internal notes.",
        3: "Minutes for this item. The total is shown under the agenda.",
    }

    def __init__(self, on_edit: EditFn, on_reorder: ReorderFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._on_edit = on_edit
        self._on_reorder = on_reorder
        self.read_only = False

    # ----------------------------------------------------------------- contents
    @property
    def items(self) -> list[AgendaItem]:
        return list(self._items)

    def set_items(self, items: Sequence[AgendaItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> AgendaItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: str) -> int:
        return next((i for i, it in enumerate(self._items) if it.id == item_id), -1)

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for i in self._items)

    def _start(self, row: int) -> int:
        return sum(i.minutes for i in self._items[:row])

    # ----------------------------------------------------------------- Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.TIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                start = self._start(index.row())
                return f"{clock(start)}\u2013{clock(start + item.minutes)}"
            if col == 3:
                return item.minutes if role == Qt.ItemDataRole.EditRole else str(item.minutes)
            if col == 5 and role == Qt.ItemDataRole.DisplayRole:
                return " ".join(item.notes.split())
            return getattr(item, self.FIELDS[col]) if col in self.FIELDS else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 2 and item.talking_points:
                return "\n".join(f"\u2022 {p}" for p in item.talking_points[:8])
            if col == 5 and item.notes:
                return item.notes
            if col == 2:
                return item.title
        if role == ID_ROLE:
            return item.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if index.column() in self.FIELDS and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.item_at(index.row()) if index.isValid() else None
        field = self.FIELDS.get(index.column())
        if item is None or field is None or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        if field == "minutes":
            try:
                value = int(value)
            except (TypeError, ValueError):
                return False
        elif isinstance(value, str) and field != "notes":
            value = " ".join(value.split())
        if getattr(item, field) == value:
            return False
        return self._on_edit(item.id, field, value)

    # ----------------------------------------------------------------- drag and drop
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._items[r].id for r in rows if r < len(self._items)]
        mime = QMimeData()
        mime.setData(MIME, QByteArray(json.dumps(ids).encode()))
        return mime

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        del row, column, parent
        return not self.read_only and action == Qt.DropAction.MoveAction and data.hasFormat(MIME)

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged rows before ``row`` (or before ``parent``'s row, or to the end);
        the builder saves the new order."""
        del column
        if not self.canDropMimeData(data, action, row, 0, parent):
            return False
        try:
            moved = [str(i) for i in json.loads(bytes(data.data(MIME).data()).decode())]
        except ValueError:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        target = self._items[row].id if row < len(self._items) else None
        order = [i.id for i in self._items if i.id not in moved]
        place = order.index(target) if target in order else len(order)
        if target in moved:  # dropped onto one of the dragged rows: nothing moves
            return False
        new_order = order[:place] + [i for i in moved if self.row_of(i) >= 0] + order[place:]
        if new_order == [i.id for i in self._items]:
            return False
        self._on_reorder(new_order)
        return False  # the builder reloads the rows; Qt must not remove the "moved" ones


class AttendeeModel(QAbstractListModel):
    """The account's stakeholders with a check box each (checked: attends the QBR)."""

    def __init__(self, on_toggle: Callable[[list[str]], None], parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[Stakeholder] = []
        self._chosen: set[str] = set()
        self._on_toggle = on_toggle
        self.read_only = False

    def set_people(self, people: Sequence[Stakeholder], chosen: Sequence[str]) -> None:
        self.beginResetModel()
        self._people = sorted(
            people, key=lambda p: (p.side is not Side.CUSTOMER, p.left_company, p.name.casefold())
        )
        self._chosen = set(chosen)
        self.endResetModel()

    @property
    def chosen(self) -> list[str]:
        return [p.id for p in self._people if p.id in self._chosen]

    def person_at(self, row: int) -> Stakeholder | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._people)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            side = "our team" if person.side is Side.INTERNAL else person.role.label
            left = ", left the company" if person.left_company else ""
            title = f" \u2014 {person.job_title}" if person.job_title else ""
            return f"{person.name}{title} ({side}{left})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if person.id in self._chosen else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return person.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None or role != Qt.ItemDataRole.CheckStateRole or self.read_only:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        chosen = set(self._chosen)
        if checked:
            chosen.add(person.id)
        else:
            chosen.discard(person.id)
        if chosen == self._chosen:
            return False
        self._on_toggle([p.id for p in self._people if p.id in chosen])
        return True


class CommitmentModel(QAbstractTableModel):
    """Action items agreed at this QBR."""

    COLUMNS = ("Commitment", "Owner", "Due", "Status")

    def __init__(self, names: Callable[[str | None], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionItem] = []
        self._names = names

    def set_rows(self, rows: Sequence[ActionItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ActionItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        action = self.row_at(index.row()) if index.isValid() else None
        if action is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return action.title
            if col == 1:
                return self._names(action.owner_stakeholder_id) or action.owner_name
            if col == 2:
                return fmt_date(action.due_date)
            return action.status.label
        if role == ID_ROLE:
            return action.id
        return None


class QbrListModel(QAbstractListModel):
    """The account's QBRs, newest first: the builder's history."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Qbr] = []

    def set_rows(self, rows: Sequence[Qbr]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Qbr]:
        return list(self._rows)

    def row_of(self, qbr_id: str | None) -> int:
        return next((i for i, q in enumerate(self._rows) if q.id == qbr_id), -1)

    def row_at(self, row: int) -> Qbr | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        qbr = self.row_at(index.row()) if index.isValid() else None
        if qbr is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{qbr.title}\n{fmt_date(qbr.meeting_date)} \u00b7 {qbr.status.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            files = "\n".join(qbr.generated_files[-5:])
            return f"{qbr.title}\n{qbr.length_minutes} minutes" + (
                f"\nExported:\n{files}" if files else ""
            )
        if role == ID_ROLE:
            return qbr.id
        return None
