"""PDF reports with QtGui: ``QTextDocument`` laid out on a ``QPdfWriter``.

The one place in ``planner/`` that uses Qt, and only as a rendering engine (QtGui and QtSvg;
never widgets). Every page gets a header (account, document title) and a footer (date,
"Page x of y"); tables repeat their header row on each page. Charts are vector drawings: the
SVG from :mod:`planner.reports.charts` is painted with ``QSvgRenderer`` through a
``QTextObjectInterface``, so the chart's text stays text in the PDF (an ``<img>`` SVG would
become a bitmap). The bundled DejaVu fonts cover Latin, Greek, Cyrillic, Hebrew, Arabic and
many symbols, so names in any of them print.

A QGuiApplication must exist; :func:`ensure_gui_application` makes one for command-line use
(offscreen, no display needed). Rendering works on any thread.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)
from PySide6.QtSvg import QSvgRenderer

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.reports import html as h
from planner.reports.files import write_bytes
from planner.reports.qbr_charts import Chart, render_svg
from planner.reports.qbr_report import INTERNAL_MARK, PlanReport, QbrReport
from planner.reports.qt_none import keep_none_alive

keep_none_alive()  # PySide6 on Python 3.11 would use None up, a PDF at a time

FONT_FAMILY = "DejaVu Sans"
INTERNAL_RED = "#B42318"
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
RESOLUTION = 300
BODY_PT = 9.5
MARGIN_MM = QMarginsF(16, 22, 16, 20)
CHART_WIDTH_IN = 6.6
CHART_HEIGHT_IN = 3.2

CHART_OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 1
CHART_ID = int(QTextFormat.Property.UserProperty) + 1
CHART_SIZE = int(QTextFormat.Property.UserProperty) + 2

_fonts_lock = threading.Lock()
_fonts_loaded = False


def ensure_gui_application(*, headless: bool = True) -> None:
    """Make sure a QGuiApplication exists (one is made, offscreen, for command-line use) and
    the bundled fonts are registered."""
    global _fonts_loaded  # noqa: PLW0603 - registering fonts is once per process
    if QGuiApplication.instance() is None:
        if headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["planner"])
    elif not isinstance(QGuiApplication.instance(), QGuiApplication):
        raise errors.PlannerError("PDF reports need a graphical Qt application object.")
    with _fonts_lock:
        if not _fonts_loaded:
            folder = resources.files("resources.fonts")
            for name in FONT_FILES:
                data = folder.joinpath(name).read_bytes()
                QFontDatabase.addApplicationFontFromData(QByteArray(data))
            _fonts_loaded = True


def page_size_for_locale() -> QPageSize:
    """US Letter where the system locale measures in inches, A4 elsewhere."""
    from PySide6.QtCore import QLocale  # noqa: PLC0415

    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if imperial else QPageSize.PageSizeId.A4)


# --------------------------------------------------------------------------- vector charts


class _SvgCharts(QPyTextObject):
    """Paints the charts of one document from their SVG, as vectors."""

    def __init__(self) -> None:
        super().__init__()
        self.renderers: dict[int, QSvgRenderer] = {}

    def intrinsicSize(self, _doc: Any, _position: int, fmt: QTextFormat) -> QSizeF:  # noqa: N802
        size = fmt.property(CHART_SIZE)
        return size if isinstance(size, QSizeF) else QSizeF(0, 0)

    def drawObject(  # noqa: N802
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        _doc: Any,
        _position: int,
        fmt: QTextFormat,
    ) -> None:
        renderer = self.renderers.get(int(fmt.property(CHART_ID)))
        if renderer is not None and renderer.isValid():
            painter.save()
            painter.setFont(text_font(BODY_PT))  # the SVG's text inherits: no ligatures
            renderer.render(painter, QRectF(rect))
            painter.restore()


@dataclass(frozen=True, slots=True)
class _Chart:
    ref: h.ChartRef
    svg: bytes


def chart_height(chart: Chart, default: float) -> float:
    """Room for what the chart shows: a row per bar, names on the stakeholder map."""
    if chart.kind == "scatter":
        return max(default, 4.0)
    if chart.kind in ("bar", "stacked_bar"):
        return min(max(1.2 + 0.36 * len(chart.categories), 1.8), 6.5)
    return default


def _chart_refs(
    charts: list[tuple[str, Chart]],
    token: str,
    start: int,
    *,
    width_in: float,
    height_in: float,
) -> list[tuple[str, _Chart]]:
    """(slide key, the chart's SVG and its placeholder) for each chart."""
    found = []
    for n, (key, chart) in enumerate(charts, start):
        height = chart_height(chart, height_in)
        svg = render_svg(chart, width_in=width_in, height_in=height)
        url = f"planner-chart-{token}-{n}"
        ref = h.ChartRef(url, round(width_in * RESOLUTION), round(height * RESOLUTION))
        found.append((key, _Chart(ref, svg)))
    return found


def _place_charts(doc: QTextDocument, charts: list[_Chart], handler: _SvgCharts) -> None:
    """Swap each chart's ``<img>`` placeholder for a vector object."""
    by_url = {c.ref.url: (i, c) for i, c in enumerate(charts)}
    block = doc.begin()
    targets: list[tuple[int, int, int, _Chart]] = []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                name = fmt.toImageFormat().name()
                if name in by_url:
                    index, chart = by_url[name]
                    targets.append((fragment.position(), fragment.length(), index, chart))
            it += 1
        block = block.next()
    for position, length, index, chart in reversed(targets):
        renderer = QSvgRenderer(QByteArray(chart.svg))
        handler.renderers[index] = renderer
        fmt = QTextCharFormat()
        fmt.setObjectType(CHART_OBJECT)
        fmt.setProperty(CHART_ID, index)
        fmt.setProperty(CHART_SIZE, QSizeF(chart.ref.width_px, chart.ref.height_px))
        cursor = QTextCursor(doc)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\ufffc", fmt)


# --------------------------------------------------------------------------- rendering


def text_font(size_pt: float) -> QFont:
    """The bundled font, without ligatures: "fi" stays two letters, so searching the PDF for
    "Qualified" finds it."""
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size_pt)
    for tag in ("liga", "clig", "dlig", "hlig"):
        font.setFeature(QFont.Tag.fromString(tag), 0)
    return font


def _alone(doc: QTextDocument, block: Any, page_height: float) -> bool:
    """Whether heading ``block`` ends its page without the start of what follows it (its
    small print and at least an eighth of a page of content: a chart, a table's first rows,
    some paragraphs)."""
    layout = doc.documentLayout()
    rect = layout.blockBoundingRect(block)
    page = int(rect.top() // page_height)
    want = page_height * 0.12
    level = block.blockFormat().headingLevel()
    following, bottom = block.next(), rect.bottom()
    while following.isValid() and not (
        following.blockFormat().headingLevel()
        and following.blockFormat().headingLevel() <= level  # a sub-heading is its content
    ):
        nxt = _block_rect(doc, following)
        top = nxt.top()
        lines = following.layout()
        if lines is not None and lines.lineCount():  # its first line may be pushed down
            top += lines.lineAt(0).y()
        bottom = max(bottom, top + min(nxt.height(), want))
        if bottom - rect.bottom() >= want:
            break
        following = following.next()
    return int(bottom // page_height) > page


def orphan_headings(doc: QTextDocument, page_height: float) -> list[str]:
    """The headings left alone at the bottom of a page (none, after
    :func:`keep_headings_with_next`)."""
    found = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and _alone(doc, block, page_height):
            found.append(block.text())
        block = block.next()
    return found


def keep_headings_with_next(doc: QTextDocument, page_height: float, *, rounds: int = 12) -> None:
    """No heading alone at the bottom of a page: such a heading starts the next page."""
    policy = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    for _ in range(rounds):
        block = doc.begin()
        moved = False
        while block.isValid():
            layout = doc.documentLayout()
            top = layout.blockBoundingRect(block).top()
            if (
                block.blockFormat().headingLevel()
                and not block.blockFormat().pageBreakPolicy() & policy
                and top % page_height > 1
                and _alone(doc, block, page_height)
            ):
                block_format = block.blockFormat()
                block_format.setPageBreakPolicy(policy)
                QTextCursor(block).setBlockFormat(block_format)
                moved = True
                break
            block = block.next()
        if not moved:
            return


def _block_rect(doc: QTextDocument, block: Any) -> QRectF:
    """Where a block is laid out; a block inside a table is placed by its table's frame."""
    rect = doc.documentLayout().blockBoundingRect(block)
    cursor = QTextCursor(block)
    table: QTextTable | None = cursor.currentTable()
    if table is not None:
        frame = doc.documentLayout().frameBoundingRect(table)
        return QRectF(frame.left(), frame.top(), frame.width(), min(frame.height(), 200.0 * 4))
    return rect


@dataclass(frozen=True, slots=True)
class PageFrame:
    """What every page shows around the body."""

    left: str
    right: str
    footer_left: str
    internal: bool = False
    """The right of the header is the INTERNAL mark, in red."""


def render_pdf(
    html_text: str,
    charts: list[_Chart],
    frame: PageFrame,
    *,
    title: str,
    page_size: QPageSize | None = None,
) -> tuple[bytes, int]:
    """The PDF bytes and page count of ``html_text`` with ``charts`` in place."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("Account Success Planner")
    layout = QPageLayout(
        page_size or page_size_for_locale(),
        QPageLayout.Orientation.Portrait,
        MARGIN_MM,
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    body = layout.paintRectPixels(RESOLUTION)
    full = layout.fullRectPixels(RESOLUTION)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(text_font(BODY_PT))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    handler = _SvgCharts()
    doc.documentLayout().registerHandler(CHART_OBJECT, handler)
    doc.setHtml(html_text)
    _place_charts(doc, charts, handler)
    # The page size is set last: it lays the whole (final) document out in one pass. Edits
    # after a layout are re-laid out lazily, and blocks after a page-spanning table could be
    # left unplaced.
    doc.setPageSize(QSizeF(body.width(), body.height()))
    keep_headings_with_next(doc, body.height())
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise errors.PlannerError("The PDF could not be started (Qt refused the painter).")
    try:
        small = text_font(7.5)
        for page in range(pages):
            if page:
                writer.newPage()
            _page_frame(painter, frame, small, page + 1, pages, body, full)
            painter.save()
            painter.translate(0, -page * body.height())
            doc.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data()), pages


def _page_frame(
    painter: QPainter, frame: PageFrame, font: QFont, number: int, total: int, body: Any, full: Any
) -> None:
    """Header and footer of one page, drawn in the margins (coordinates: the body's)."""
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor(h.MUTED))
    line = painter.fontMetrics().height()
    top = -body.top() + (body.top() - line * 2.2) * 0.55
    width = body.width()
    flags = Qt.AlignmentFlag.AlignVCenter
    half = width * 0.62
    left = painter.fontMetrics().elidedText(frame.left, Qt.TextElideMode.ElideRight, int(half))
    right = painter.fontMetrics().elidedText(
        frame.right, Qt.TextElideMode.ElideLeft, int(width - half - line)
    )
    painter.drawText(QRectF(0, top, half, line * 1.4), flags | Qt.AlignmentFlag.AlignLeft, left)
    if frame.internal:
        painter.save()
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(INTERNAL_RED))
    painter.drawText(
        QRectF(half + line, top, width - half - line, line * 1.4),
        flags | Qt.AlignmentFlag.AlignRight,
        right,
    )
    if frame.internal:
        painter.restore()
    pen = QPen(QColor(h.RULE))
    pen.setWidthF(RESOLUTION / 150)
    painter.setPen(pen)
    rule_y = top + line * 1.6
    painter.drawLine(0, int(rule_y), int(width), int(rule_y))
    painter.setPen(QColor(h.MUTED))
    bottom = body.height() + (full.height() - body.bottom()) * 0.35
    footer = painter.fontMetrics().elidedText(
        frame.footer_left, Qt.TextElideMode.ElideRight, int(half)
    )
    painter.drawText(
        QRectF(0, bottom, half, line * 1.4), flags | Qt.AlignmentFlag.AlignLeft, footer
    )
    painter.drawText(
        QRectF(half, bottom, width - half, line * 1.4),
        flags | Qt.AlignmentFlag.AlignRight,
        f"Page {number} of {total}",
    )
    painter.restore()


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class PdfResult:
    path: Path
    pages: int


def _footer(text: str, day: date) -> str:
    return f"{text} \u00b7 {fmt.day(day)}" if text else fmt.day(day)


def qbr_pdf_bytes(
    report: QbrReport,
    *,
    with_charts: bool = True,
    footer: str = "",
    page_size: QPageSize | None = None,
) -> tuple[bytes, int]:
    """The QBR report as a PDF (the deck's story, as pages); ``footer``: the book's or
    company's name."""
    token = uuid.uuid4().hex
    pairs = [(s.key, s.chart) for s in report.slides if s.chart is not None] if with_charts else []
    made = _chart_refs(pairs, token, 0, width_in=CHART_WIDTH_IN, height_in=CHART_HEIGHT_IN)
    refs: dict[str, list[h.ChartRef]] = {}
    for key, chart in made:
        refs.setdefault(key, []).append(chart.ref)
    html_text = h.qbr_html(report, refs)
    frame = PageFrame(
        left=f"{report.account_name} \u00b7 {report.title}",
        right=INTERNAL_MARK if report.internal else fmt.day(report.meeting_date),
        footer_left=_footer(footer, report.meeting_date),
        internal=report.internal,
    )
    title = f"{report.title} \u2014 {report.account_name}"
    if report.internal:
        title += " (INTERNAL)"
    return render_pdf(html_text, [c for _, c in made], frame, title=title, page_size=page_size)


def write_qbr_pdf(
    report: QbrReport, path: Path, *, with_charts: bool = True, footer: str = ""
) -> PdfResult:
    data, pages = qbr_pdf_bytes(report, with_charts=with_charts, footer=footer)
    return PdfResult(write_bytes(Path(path), data), pages)


def plan_pdf_bytes(
    report: PlanReport,
    *,
    today: date,
    with_charts: bool = True,
    footer: str = "",
    page_size: QPageSize | None = None,
) -> tuple[bytes, int]:
    token = uuid.uuid4().hex
    pairs = list(report.charts) if with_charts else []
    made = _chart_refs(pairs, token, 0, width_in=CHART_WIDTH_IN, height_in=CHART_HEIGHT_IN)
    refs: dict[str, list[h.ChartRef]] = {}
    for key, chart in made:
        refs.setdefault(key, []).append(chart.ref)
    html_text = h.plan_html(report, refs, today)
    frame = PageFrame(
        left=f"{report.facts.account.name} \u00b7 {report.title}",
        right=INTERNAL_MARK if report.internal else fmt.day(today),
        footer_left=_footer(footer, today),
        internal=report.internal,
    )
    title = f"{report.title} \u2014 {report.facts.account.name}"
    return render_pdf(html_text, [c for _, c in made], frame, title=title, page_size=page_size)


def write_plan_pdf(
    report: PlanReport, path: Path, *, today: date, with_charts: bool = True, footer: str = ""
) -> PdfResult:
    data, pages = plan_pdf_bytes(report, today=today, with_charts=with_charts, footer=footer)
    return PdfResult(write_bytes(Path(path), data), pages)


ProgressFn = Callable[[int, int], bool]
