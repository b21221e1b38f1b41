"""The one chart canvas of the app: matplotlib embedded the documented way.

:class:`ChartCanvas` is a ``FigureCanvasQTAgg(Figure())`` that draws a chart from
:mod:`planner.reports.charts` (a builder and its plain data):

* :meth:`ChartCanvas.set_chart` may be called as often as data changes: the builder runs once
  per turn of the event loop and the drawing is coalesced with ``draw_idle()``, so typing is
  never blocked by redraws;
* it follows the light/dark palette (it redraws with :data:`~planner.reports.charts.DARK`
  when the window colour is dark, and again when the palette changes);
* hovering a point or a bar shows its tooltip (the texts the builder registered);
* right-click offers "Save Chart as PNG..." and "Save Chart as SVG..." (the same builder
  renders the file, at print resolution, in the theme shown);
* it is built again when its size changes (a builder shortens titles and drops detail to fit
  the figure's size), and never shrinks below a legible minimum (pages scroll instead);
* the mouse wheel over it scrolls the page it is on: the canvas passes wheel events on to its
  parents unless the chart says it uses them (``uses_wheel``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCursor,
    QGuiApplication,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QMessageBox, QSizePolicy, QToolTip, QWidget

from planner.reports import charts
from ui.widgets.export_files import ask_save_file, show_exported
from ui.widgets.fit import pass_wheel_to_page

Draw = Callable[[Figure, Any, charts.ChartTheme], None]

MIN_WIDTH = 320
MIN_HEIGHT = 220
"""The smallest a chart is drawn (pixels): below it, axis labels and titles get cut."""
REBUILD_STEP = 24
"""A chart is built again once its size has changed by this many pixels since it was built."""


def theme_for(palette: QPalette) -> charts.ChartTheme:
    """DARK when the palette's window colour is dark, else LIGHT."""
    window = palette.color(QPalette.ColorRole.Window)
    return charts.DARK if window.lightnessF() < 0.5 else charts.LIGHT


class ChartCanvas(FigureCanvasQTAgg):
    """A chart widget. ``saved`` carries the path of a chart saved from the context menu."""

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, file_stem: str = "chart") -> None:
        # matplotlib's Qt backend is not annotated: its calls carry ignore[no-untyped-call].
        super().__init__(Figure())  # type: ignore[no-untyped-call]
        if parent is not None:
            self.setParent(parent)
        self.file_stem = file_stem
        self._draw: Draw | None = None
        self._data: Any = None
        self.theme = theme_for(self.source_palette())
        self.builds = 0
        """How many times a builder ran (tests check that changes coalesce)."""
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._build_if_shown)
        self._deferred = False
        self._palette_check = QTimer(self)
        self._palette_check.setSingleShot(True)
        self._palette_check.setInterval(0)
        self._palette_check.timeout.connect(self._follow_palette)
        self._watched: QWidget | None = None
        self._watch_parent()
        self._built_size: tuple[int, int] | None = None
        self.uses_wheel = False
        """Set by a chart that zooms or scrolls with the wheel; else the page scrolls."""
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.mpl_connect("motion_notify_event", self._hover)
        self.mpl_connect("figure_leave_event", lambda _event: QToolTip.hideText())
        self.setAccessibleName("Chart")

    # ----------------------------------------------------------------- content
    @property
    def data(self) -> Any:
        return self._data

    @property
    def draw_function(self) -> Draw | None:
        return self._draw

    def set_chart(self, draw: Draw, data: Any) -> None:
        """Show ``data`` with ``draw``; several calls in a row build the chart once."""
        self._draw = draw
        self._data = data
        title = getattr(data, "title", "") or self.file_stem.replace("_", " ").capitalize()
        self.setAccessibleName(f"Chart: {title}")
        self._pending.start()

    def clear_chart(self) -> None:
        self._draw = None
        self._data = None
        self._pending.stop()
        self._deferred = False
        self.figure.clear()
        self.draw_idle()  # type: ignore[no-untyped-call]

    def flush(self) -> None:
        """Build now what :meth:`set_chart` scheduled (for tests and before grabbing)."""
        if self._pending.isActive() or self._deferred:
            self._pending.stop()
            self._deferred = False
            self._build()

    def _build_if_shown(self) -> None:
        """Build a chart that is on screen; one that is hidden builds when it is shown."""
        if not self.isVisible():
            self._deferred = True
            return
        self._build()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[no-untyped-call]
        if self._deferred:
            self._deferred = False
            self._pending.start()

    def _build(self) -> None:
        if self._draw is None:
            return
        self.theme = theme_for(self.source_palette())
        self._draw(self.figure, self._data, self.theme)
        self.builds += 1
        self._built_size = (self.width(), self.height())
        self.draw_idle()  # type: ignore[no-untyped-call]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[no-untyped-call]
        built = self.__dict__.get("_built_size")
        if built is None or self._draw is None:
            return
        size = event.size()
        if max(abs(size.width() - built[0]), abs(size.height() - built[1])) >= REBUILD_STEP:
            self._pending.start()  # titles and detail were chosen for the old size

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        """Pass the wheel to the page (its scroll area) unless the chart uses it."""
        if self.uses_wheel:
            super().wheelEvent(event)  # type: ignore[no-untyped-call]
        elif pass_wheel_to_page(self, event):
            event.accept()
        else:
            event.ignore()

    # ----------------------------------------------------------------- palette
    def source_palette(self) -> QPalette:
        """The palette the chart follows: its parent's (matplotlib gives the canvas itself a
        fixed white palette), else the application's."""
        parent = self.parentWidget()
        return parent.palette() if parent is not None else QGuiApplication.palette()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        ready = "_pending" in self.__dict__  # matplotlib sets a palette while constructing
        kind = event.type()
        if ready and kind == QEvent.Type.ParentChange:
            self._watch_parent()
        if ready and kind in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.ParentChange,
        ):
            self._palette_check.start()  # after every widget has its new palette
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        check = self.__dict__.get("_palette_check")  # None while constructing
        if (
            check is not None
            and watched is self.__dict__.get("_watched")
            and event.type() == QEvent.Type.PaletteChange
        ):
            check.start()
        return False

    def _watch_parent(self) -> None:
        previous = self.__dict__.get("_watched")
        if previous is not None:
            with contextlib.suppress(RuntimeError):  # the old parent may be gone already
                previous.removeEventFilter(self)
        self._watched = self.parentWidget()
        if self._watched is not None:
            self._watched.installEventFilter(self)

    def _follow_palette(self) -> None:
        theme = theme_for(self.source_palette())
        if theme is not self.theme:
            self.theme = theme
            if self._draw is not None:
                self._pending.start()

    # ----------------------------------------------------------------- tooltips
    def tooltip_for(self, event: Any) -> str | None:
        return charts.tooltip_at(self.figure, event)

    def _hover(self, event: Any) -> None:
        tip = self.tooltip_for(event) if event.inaxes is not None else None
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self)
        else:
            QToolTip.hideText()

    # ----------------------------------------------------------------- saving
    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        png = QAction("Save Chart as PNG…", menu)
        svg = QAction("Save Chart as SVG…", menu)
        png.triggered.connect(lambda: self.save_as("png"))
        svg.triggered.connect(lambda: self.save_as("svg"))
        for action in (png, svg):
            action.setEnabled(self._draw is not None)
            menu.addAction(action)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        self.context_menu().exec(self.mapToGlobal(pos))

    def save_as(self, kind: str) -> Path | None:
        """Ask where to save the chart as ``kind`` ("png" or "svg"), then save it."""
        if self._draw is None:
            return None
        label = "PNG image (*.png)" if kind == "png" else "SVG image (*.svg)"
        path = ask_save_file(
            self, "chart", f"Save Chart as {kind.upper()}", f"{self.file_stem}.{kind}", label
        )
        if path is None:
            return None
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        try:
            self.save_to(path, kind)
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Chart Not Saved",
                f"The chart could not be saved to {path} ({exc.strerror or exc}). Choose "
                "another folder and try again.",
            )
            return None
        show_exported(self, [path], "Chart saved")
        return path

    def save_to(self, path: Path, kind: str) -> None:
        """Write the chart to ``path`` as PNG (200 dpi) or SVG, in the theme shown."""
        if self._draw is None:
            raise ValueError("there is no chart to save")
        width = max(self.width() / max(self.figure.dpi, 1.0), 4.0)
        height = max(self.height() / max(self.figure.dpi, 1.0), 2.5)
        if kind == "png":
            content = charts.render_png(
                self._draw, self._data, width_in=width, height_in=height, theme=self.theme
            )
        elif kind == "svg":
            content = charts.render_svg(
                self._draw, self._data, width_in=width, height_in=height, theme=self.theme
            )
        else:
            raise ValueError(f"unknown chart format {kind!r}")
        tmp = path.with_name(f".{path.name}.saving")
        tmp.write_bytes(content)
        tmp.replace(path)
        self.saved.emit(str(path))
