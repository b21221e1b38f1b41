"""GUI benchmarks, each next to a bare floor measured in this run, app and floor alternating
(:func:`tests.perf.bench.paired`: the ratio is the median of the paired ratios).

1. Open the 10,000-account book to the first painted Accounts page (the app: ``MainWindow.
   open_path``, which checks the file, reads the portfolio off the GUI thread and paints the
   table) against a bare ``QTableView`` over a minimal model of the same rows read with raw
   sqlite3, in the same process.
2. Filter per keystroke (the work one keystroke triggers once the typing pause has passed, plus
   a synchronous repaint), against the bare view filtered by a ``QSortFilterProxyModel`` with
   ``setFilterFixedString`` on the name column.
3. Cold start: a new process started as the desktop launcher starts the app
   (``ui.app.main(BOOK)``, settings saying the Accounts page was shown last) until the 40-account
   demo book's accounts table has painted, against a new process showing a bare ``QTableView``
   of the same rows (``tests/perf/ui_child.py``).
4. Memory: the resident size of those two processes a second after the first paint, on the
   40-account and on the 10,000-account book.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
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
from tests.perf.bench import ROOT, Context, Result, paired_values
from tests.perf.floors import COLUMNS, RAW_PORTFOLIO

KEYSTROKES = ("n", "no", "nor", "nort", "north", "nort", "nor", "no", "n", "")
SIZE = (1280, 800)
PAIRS = 5
SMALL_BOOK_ACCOUNTS = 40
CHILD_TIMEOUT = 180.0


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


# --------------------------------------------------------------------------- cold processes


def child(
    mode: str, book: Path, today: date, settle: float, env: dict[str, str]
) -> tuple[float, float]:
    """Start ``tests.perf.ui_child`` (``mode`` "app" or "floor"): seconds from starting the
    process to its first painted table, and its resident MB ``settle`` seconds later."""
    command = [
        sys.executable,
        "-m",
        "tests.perf.ui_child",
        mode,
        str(book),
        today.isoformat(),
        str(settle),
    ]
    began = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    killer = threading.Timer(CHILD_TIMEOUT, proc.kill)
    killer.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        seconds = time.perf_counter() - began
        if line != "painted":
            raise RuntimeError(f"the {mode} process did not paint its table ({line!r})")
        report = json.loads(proc.stdout.readline())
        proc.wait()
    finally:
        killer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return seconds, float(report["rss_mb"])


def child_env(folder: Path) -> dict[str, str]:
    """A fresh user: settings (Accounts page shown last) and data folders of its own."""
    config = folder / "config"
    ini = config / "account-success-planner" / "Account Success Planner.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text("[window]\nlast_page=accounts\n", encoding="utf-8")
    return {
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(folder / "data"),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }


def cold_rows(ctx: Context, today: date) -> list[Result]:
    from planner.services import demo

    small = ctx.folder / "small.aspbook"
    demo.generate_demo(small, accounts=SMALL_BOOK_ACCOUNTS)
    env = child_env(ctx.folder)
    for mode in ("app", "floor"):  # warm the file cache and the compiled modules
        child(mode, small, today, 0.0, env)
    start = paired_values(
        lambda: child("app", small, today, 0.0, env)[0],
        lambda: child("floor", small, today, 0.0, env)[0],
        PAIRS,
    )
    results = [
        start.result(
            f"cold start to the painted Accounts page, {SMALL_BOOK_ACCOUNTS}-account demo",
            "bare PySide6 window, same table",
            goal=4.0,
            note="new processes; the app as the desktop launcher starts it",
        )
    ]
    for book, label in (
        (small, f"{SMALL_BOOK_ACCOUNTS} accounts"),
        (ctx.book, f"{ctx.accounts:,} accounts"),
    ):
        memory = paired_values(
            lambda b=book: child("app", b, today, 1.0, env)[1],
            lambda b=book: child("floor", b, today, 1.0, env)[1],
            PAIRS,
        )
        results.append(
            memory.result(
                f"memory (RSS) with the book open on Accounts, {label}",
                "bare PySide6 process, same table",
                unit="MB",
                goal=1.3,
                note="each a new process, measured 1 s after its first paint",
            )
        )
    return results


# --------------------------------------------------------------------------- the section


def run(ctx: Context) -> list[Result]:
    # The app opens the book for writing (its lock, its daily backup): on a copy of its own,
    # so nothing is written next to the book the run was given (``--book`` may be shared).
    copy = ctx.folder / f"ui-{ctx.book.name}"
    shutil.copyfile(ctx.book, copy)
    try:
        return _run(replace(ctx, book=copy))
    finally:
        copy.unlink(missing_ok=True)
        shutil.rmtree(copy.with_name(copy.name + ".backups"), ignore_errors=True)


def _run(ctx: Context) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication), "another section made a QGuiApplication first"
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
        views: list[QWidget] = []

        def app_once() -> float:
            seconds = app_open(app, window, ctx.book)
            window.close_book()
            settings.last_page = "accounts"
            return seconds

        def floor_once() -> float:
            seconds, view = floor_open(app, ctx.book, today)
            views.append(view)
            return seconds

        from planner.store import clean_close

        def app_full_check() -> float:
            clean_close.forget(ctx.book)  # as a book from elsewhere: checked before it is shown
            return app_once()

        app_once()  # warm-up: the file cache, the modules of the pages; closes the book cleanly
        floor_once()
        opened = paired_values(app_once, floor_once, PAIRS)
        first = paired_values(app_full_check, floor_once, PAIRS)
        assert window.open_path(ctx.book)
        spin(app, lambda: window.pages["accounts"].model.rowCount() > 0)
        shown = window.pages["accounts"].model.rowCount()
        results.append(
            opened.result(
                f"open book to first painted Accounts page, {shown:,} accounts",
                "bare QTableView, raw sqlite3",
                goal=1.5,
                note="reopening a book the app closed cleanly: "
                "its check runs after the first paint",
            )
        )
        results.append(
            first.result(
                f"open a book from elsewhere (checked first), {shown:,} accounts",
                "bare QTableView, raw sqlite3",
                note="no clean close recorded: "
                "quick_check and the schema check before the first read",
            )
        )
        keys = paired_values(
            lambda: statistics.median(app_filter(app, window)),
            lambda: statistics.median(floor_filter(app, views[-1])),
            PAIRS,
        )
        results.append(
            keys.result(
                "filter the Accounts page per keystroke (median of 10 keys)",
                "bare proxy setFilterFixedString",
                goal=1.5,
                note="typing waits 120 ms before filtering",
            )
        )
        for view in views:
            view.close()
            view.deleteLater()
        window.close()
        app.processEvents()
        with tempfile.TemporaryDirectory(prefix="planner-bench-cold-") as cold:
            results += cold_rows(Context(ctx.accounts, Path(cold), ctx.book), today)
    return results
