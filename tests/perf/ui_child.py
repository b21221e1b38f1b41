"""One cold process for the GUI benchmarks: the app (``ui.app.main``, as the desktop launcher
starts it) or the floor (a bare ``QTableView`` over the same rows read with raw sqlite3) opens a
book and shows its accounts table.

    python -m tests.perf.ui_child app|floor BOOK TODAY SETTLE_SECONDS

It prints ``painted`` the moment a table showing rows has painted (the parent times the process
from its start to that line), then, ``SETTLE_SECONDS`` later (the app finishing what it does
after its first paint), one JSON line with the process's resident memory, and exits at once.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication

SIZE = (1280, 800)


def _status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as handle:  # noqa: PTH123
        for line in handle:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


class PaintWatch(QObject):
    """Application-wide: the first paint of a visible table viewport that shows rows."""

    def __init__(self, settle: float) -> None:
        super().__init__()
        self.settle = settle
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.done or event.type() != QEvent.Type.Paint:
            return False
        view = watched.parent()
        if (
            isinstance(view, QAbstractItemView)
            and watched is view.viewport()
            and view.isVisible()
            and view.model() is not None
            and view.model().rowCount() > 0
        ):
            self.done = True
            sys.stdout.write("painted\n")
            sys.stdout.flush()
            QTimer.singleShot(int(self.settle * 1000), self.report)
        return False

    def report(self) -> None:
        data = {
            "rss_mb": _status_mb("VmRSS:"),
            "hwm_mb": _status_mb("VmHWM:"),
            "modules": len(sys.modules),
        }
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        for window in app.topLevelWidgets():
            window.close()  # the app closes its book: its lock is released
        os._exit(0)


class BareModel(QAbstractTableModel):
    """The floor's model: raw sqlite3 tuples, each cell shown with ``str()``."""

    def __init__(self, rows: list[tuple[Any, ...]], columns: int) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.columns

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.rows[index.row()][index.column() + 1]  # column 0 is the id
        return "" if value is None else str(value)


def floor(app: QApplication, book: str, today: str) -> int:
    from PySide6.QtWidgets import QTableView

    from tests.perf.floors import COLUMNS, raw_rows

    view = QTableView()
    view.setModel(BareModel(raw_rows(book, today), len(COLUMNS)))
    view.resize(*SIZE)
    view.show()
    return app.exec()


def main() -> int:
    mode, book, today, settle = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    app = QApplication(sys.argv[:1])
    watch = PaintWatch(settle)
    app.installEventFilter(watch)
    if mode == "floor":
        return floor(app, book, today)
    from ui import app as desktop

    return desktop.main([book])


if __name__ == "__main__":
    sys.exit(main())
