"""GUI benchmarks on the 10,000-account book, each next to a bare floor measured in this run.

1. Open the book to the first painted Accounts page (the app: ``MainWindow.open_path``, which
   checks the file, reads the portfolio off the GUI thread and paints the table) against a
   bare ``QTableView`` over a minimal model of the same rows read with raw sqlite3.
2. Filter per keystroke (the work one keystroke triggers once the typing pause has passed, plus
   a synchronous repaint), against the bare view filtered by a ``QSortFilterProxyModel`` with
   ``setFilterFixedString`` on the name column.
3. The app's resident memory (RSS) with the book open on the Accounts page.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from planner.domain.clock import default_clock
from tests.perf.bench import Context, Result
from tests.perf.bench_core import RAW_PORTFOLIO

COLUMNS = ("name", "tier", "stage", "arr", "currency", "renewal", "owner", "industry", "region",
           "strategic", "archived", "crm_id", "score", "band", "open", "overdue", "achieved",
           "goals", "last")  # fmt: skip
KEYSTROKES = ("n", "no", "nor", "nort", "north", "nort", "nor", "no", "n", "")
SIZE = (1280, 800)


class BareModel(QAbstractTableModel):
    """The floor's model: raw sqlite3 tuples, each cell shown with ``str()``."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.rows[index.row()][index.column() + 1]  # column 0 is the id
        return "" if value is None else str(value)


class PaintWatch(QObject):
    """Notes when a table's viewport has painted rows."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.painted_rows = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.view.model().rowCount() > 0:
            self.painted_rows = True
        return False


def spin(app: QApplication, until: Callable[[], bool], timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not until():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the view was not painted in time")
        time.sleep(0.0005)


def rss_mb() -> float:
    with Path("/proc/self/status").open(encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


# --------------------------------------------------------------------------- the floor


def floor_open(app: QApplication, path: Path, today: date) -> tuple[float, QTableView]:
    began = time.perf_counter()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(RAW_PORTFOLIO, {"today": today.isoformat()}).fetchall()
    finally:
        conn.close()
    view = QTableView()
    model = BareModel(rows)
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view.setModel(proxy)
    view.resize(*SIZE)
    watch = PaintWatch(view)
    view.show()
    spin(app, lambda: watch.painted_rows)
    return time.perf_counter() - began, view


def floor_filter(app: QApplication, view: QTableView) -> list[float]:
    proxy = view.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    times = []
    for text in KEYSTROKES:
        began = time.perf_counter()
        proxy.setFilterFixedString(text)
        view.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - began)
    return times


# --------------------------------------------------------------------------- the app


def app_open(app: QApplication, window: Any, path: Path) -> float:
    from ui.pages.accounts import AccountsPage

    began = time.perf_counter()
    assert window.open_path(path)
    page = window.pages["accounts"]
    assert isinstance(page, AccountsPage)
    watch = PaintWatch(page.table)
    spin(app, lambda: watch.painted_rows)
    return time.perf_counter() - began


def app_filter(app: QApplication, window: Any) -> list[float]:
    page = window.pages["accounts"]
    times = []
    for text in KEYSTROKES:
        began = time.perf_counter()
        page.search.setText(text)  # starts the typing pause ...
        page.apply_filter()  # ... whose end runs this: measured without the pause itself
        page.table.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - began)
    return times


def run(ctx: Context) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from ui.main_window import MainWindow
    from ui.settings import AppSettings
    from ui.theme import ThemeMode, apply_theme

    today = default_clock().today()
    apply_theme(app, ThemeMode.LIGHT)
    results = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-ui-") as tmp:
        settings = AppSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.last_page = "accounts"
        window = MainWindow(settings)
        window.resize(*SIZE)
        window.show()
        spin(app, window.isVisible)
        base_rss = rss_mb()

        app_times, floor_times = [], []
        views: list[QWidget] = []
        for _ in range(3):
            app_times.append(app_open(app, window, ctx.book))
            seconds, view = floor_open(app, ctx.book, today)
            floor_times.append(seconds)
            views.append(view)
            window.close_book()
            settings.last_page = "accounts"
        rows = window.open_path(ctx.book)
        spin(app, lambda: window.pages["accounts"].model.rowCount() > 0)
        open_rss = rss_mb()
        shown = window.pages["accounts"].model.rowCount()
        results.append(Result(
            f"open book to first painted Accounts page, {shown:,} accounts",
            statistics.median(app_times), "s", statistics.median(floor_times),
            "bare QTableView, raw sqlite3", goal=1.5,
            note="the app also checks the file (header + quick_check) before reading it",
        ))  # fmt: skip
        app_keys, floor_keys = [], []
        for _ in range(3):
            app_keys += app_filter(app, window)
            floor_keys += floor_filter(app, views[-1])
        results.append(Result(
            "filter the Accounts page per keystroke", statistics.median(app_keys), "s",
            statistics.median(floor_keys), "bare proxy setFilterFixedString", goal=1.5,
            note=f"worst keystroke {max(app_keys) * 1000:.0f} ms (floor "
                 f"{max(floor_keys) * 1000:.0f} ms); typing waits 120 ms before filtering",
        ))  # fmt: skip
        results.append(Result(
            "app memory (RSS) with the book open on Accounts", open_rss, "MB",
            note=f"{open_rss - base_rss:+.0f} MB over the empty window ({base_rss:.0f} MB); "
                 "process also holds the floor's views",
        ))  # fmt: skip
        assert rows
        for view in views:
            view.close()
            view.deleteLater()
        window.close()
        app.processEvents()
    return results
