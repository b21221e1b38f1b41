"""The QBR deck (PowerPoint), on the app's 16:9 template or the user's own.

A deck follows the agenda: a title slide, the agenda, then one or more slides per agenda item
(an overview with the item's chart, key figures and headline points; then each of its tables,
continued over as many slides as its rows need; then its other charts). Every item's speaker
notes carry its talking points and notes.

Templates: a ``.pptx`` or ``.potx`` (a template's content type is rewritten in memory so
python-pptx accepts it). Layouts are found by name ("Title Slide", "Title and Content",
"Title Only", "Section Header", "Blank" and common variants), then by their placeholders; a
template that lacks a layout still gives a complete deck (titles and text are then placed in
text boxes on the margins of the slide). Slides already in the template are dropped.

Nothing overflows: text is measured (:mod:`planner.reports.textfit`) before it is placed;
long titles and cells are shortened on the slide with an ellipsis and given in full in the
speaker notes; tables continue on further slides.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from planner.domain import agenda as ag
from planner.domain import errors
from planner.reports import textfit
from planner.reports.files import write_atomically
from planner.reports.qbr_charts import ChartSpec, chart_for
from planner.reports.qbr_report import QbrReport, ReportItem

EMU_PER_PT = 12700
EMU_PER_IN = 914400
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_MACRO_TYPES = ("application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
                "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")  # fmt: skip

BODY_PT = 18
TABLE_PT = 12
META_PT = 12
NOTES_LIMIT = 20_000
CHART_DPI = 200
CHART_SCALE = 0.72

ChartSource = Callable[[str], ChartSpec | None]


# --------------------------------------------------------------------------- templates


def default_template_bytes() -> bytes:
    return resources.files("resources.templates").joinpath("qbr_default.pptx").read_bytes()


def _template_error(path: Path, detail: str) -> errors.ValidationError:
    return errors.ValidationError(
        "template",
        f"{path.name} cannot be used as a template: {detail} Choose a PowerPoint .pptx or "
        ".potx file, or use the built-in template.",
    )


def read_template(path: Path | None) -> bytes:
    """The bytes of a usable template (.pptx, or .potx rewritten as a presentation)."""
    if path is None:
        return default_template_bytes()
    path = Path(path)
    if not path.exists():
        raise errors.ValidationError(
            "template", f"There is no template at {path}. Check the name and folder."
        )
    if path.is_dir():
        raise _template_error(path, "it is a folder.")
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise _template_error(path, f"it is larger than {MAX_TEMPLATE_BYTES // 2**20} MB.")
        data = path.read_bytes()
    except PermissionError as exc:
        raise errors.ValidationError(
            "template", f"You do not have permission to read {path}. Copy it somewhere you can."
        ) from exc
    except OSError as exc:
        raise _template_error(path, f"it could not be read ({exc.strerror or exc}).") from exc
    return as_presentation(data, path)


def as_presentation(data: bytes, path: Path) -> bytes:
    """Check ``data`` is an OOXML presentation; rewrite a template's content type in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8")
            if any(t in types for t in _MACRO_TYPES):
                raise _template_error(
                    path, "it contains macros (.potm/.pptm). Save it as a .potx without macros."
                )
            if _TEMPLATE_MAIN not in types:
                if _PRESENTATION_MAIN not in types:
                    raise _template_error(path, "it is not a PowerPoint file.")
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in archive.infolist():
                    content = archive.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        content = types.replace(_TEMPLATE_MAIN, _PRESENTATION_MAIN).encode()
                    target.writestr(info, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError) as exc:
        raise _template_error(path, "it is not a PowerPoint file.") from exc


def open_template(path: Path | None, *, data: bytes | None = None) -> Any:
    """A python-pptx Presentation from the template, with its own slides removed.

    ``data``: the template's bytes already read by :func:`read_template` (batch exports read
    the file once)."""
    from pptx import Presentation  # noqa: PLC0415 - keeps CLI start-up light

    if data is None:
        data = read_template(path)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many kinds on a broken package
        name = path.name if path else "The built-in template"
        raise errors.ValidationError(
            "template",
            f"{name} could not be opened as a PowerPoint template ({type(exc).__name__}). "
            "Open it in PowerPoint and save it again as .pptx or .potx, or use the built-in "
            "template.",
        ) from exc
    if not len(prs.slide_layouts):
        raise _template_error(path or Path("template"), "it has no slide layouts.")
    slide_ids = prs.slides._sldIdLst  # python-pptx has no public "delete slide"
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


# --------------------------------------------------------------------------- layouts


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_NAMES = {
    "title": ("titleslide", "title", "cover", "coverslide", "titlepage", "opening"),
    "content": ("titleandcontent", "titleandbody", "titlecontent", "content", "titletext",
                "titleandtext", "bullets", "text"),
    "title_only": ("titleonly", "headlineonly", "titleonlylayout", "header"),
    "section": ("sectionheader", "section", "sectiontitle", "divider", "sectionbreak",
                "sectiondivider"),
    "blank": ("blank", "empty"),
}  # fmt: skip


@dataclass
class _Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT


@dataclass
class _Layouts:
    title: Any
    content: Any
    title_only: Any
    section: Any
    blank: Any
    found: dict[str, str] = field(default_factory=dict)
    """Role -> layout name actually used (for tests and messages)."""


def _ph_types(layout: Any) -> list[Any]:
    from pptx.enum.shapes import PP_PLACEHOLDER  # noqa: PLC0415

    latent = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    return [ph.placeholder_format.type for ph in layout.placeholders
            if ph.placeholder_format.type not in latent]  # fmt: skip


def _find_layouts(prs: Any) -> _Layouts:
    from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

    layouts = list(prs.slide_layouts)
    by_name = {_norm(lay.name): lay for lay in layouts}
    titles = {PH.TITLE, PH.CENTER_TITLE, PH.VERTICAL_TITLE}
    bodies = {PH.BODY, PH.OBJECT}

    def named(role: str) -> Any:
        for alias in _NAMES[role]:
            if alias in by_name:
                return by_name[alias]
        return None

    def shaped(test: Callable[[list[Any]], bool]) -> Any:
        return next((lay for lay in layouts if test(_ph_types(lay))), None)

    def has_title(types: list[Any]) -> bool:
        return any(t in titles and t is not PH.VERTICAL_TITLE for t in types)

    title = named("title") or shaped(
        lambda t: PH.CENTER_TITLE in t and (PH.SUBTITLE in t or PH.BODY in t)
    )
    content = named("content")
    if content is not None and not (has_title(_ph_types(content))
                                    and any(t in bodies for t in _ph_types(content))):  # fmt: skip
        content = None
    content = content or shaped(
        lambda t: has_title(t) and sum(1 for x in t if x in bodies) == 1 and len(t) == 2
    )
    title_only = named("title_only")
    if title_only is not None and not has_title(_ph_types(title_only)):
        title_only = None
    title_only = title_only or shaped(lambda t: has_title(t) and len(t) == 1)
    section = named("section") or shaped(
        lambda t: has_title(t) and PH.BODY in t and len(t) == 2 and PH.OBJECT not in t
    )
    blank = named("blank") or shaped(lambda t: not t)
    roles = (("title", title), ("content", content), ("title_only", title_only),
             ("section", section), ("blank", blank))  # fmt: skip
    found = {role: lay.name for role, lay in roles if lay is not None}
    return _Layouts(title, content, title_only, section, blank, found)


def _placeholder(shape_owner: Any, kinds: Iterable[Any]) -> Any:
    wanted = set(kinds)
    return next(
        (ph for ph in shape_owner.placeholders if ph.placeholder_format.type in wanted), None
    )


def _rect_of(shape: Any) -> _Rect | None:
    try:
        x, y, w, h = shape.left, shape.top, shape.width, shape.height
    except (AttributeError, ValueError):  # a placeholder with no inherited position
        return None
    if x is None or y is None or not w or not h:
        return None
    return _Rect(int(x), int(y), int(w), int(h))


# --------------------------------------------------------------------------- the writer


@dataclass
class _Geometry:
    width: int
    height: int
    title: _Rect
    content: _Rect
    title_pt: float


class DeckWriter:
    """Writes one QBR report into a presentation made from a template."""

    def __init__(self, prs: Any, *, charts: ChartSource | None = None) -> None:
        self.prs = prs
        self.layouts = _find_layouts(prs)
        self.geometry = self._geometry()
        self.charts = charts
        self.chart_pictures = 0

    # ----------------------------------------------------------------- geometry
    def _geometry(self) -> _Geometry:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        width, height = int(self.prs.slide_width), int(self.prs.slide_height)
        margin_x = int(width * 0.045)
        title_rect = None
        for layout in (self.layouts.title_only, self.layouts.content):
            if layout is not None:
                ph = _placeholder(layout, (PH.TITLE, PH.CENTER_TITLE))
                title_rect = _rect_of(ph) if ph is not None else None
                if title_rect:
                    break
        if title_rect is None:
            title_rect = _Rect(margin_x, int(height * 0.06), width - 2 * margin_x,
                               int(height * 0.12))  # fmt: skip
        content_rect = None
        if self.layouts.content is not None:
            ph = _placeholder(self.layouts.content, (PH.BODY, PH.OBJECT))
            content_rect = _rect_of(ph) if ph is not None else None
        gap = int(0.12 * EMU_PER_IN)
        bottom_limit = int(height * 0.91)
        if content_rect is None or content_rect.w < width * 0.4 or content_rect.h < height * 0.35:
            top = title_rect.bottom + gap
            content_rect = _Rect(title_rect.x, top, title_rect.w, bottom_limit - top)
        top = max(content_rect.y, title_rect.bottom + gap // 2)
        bottom = min(content_rect.bottom, bottom_limit)
        content_rect = _Rect(content_rect.x, top, content_rect.w, max(bottom - top, height // 3))
        return _Geometry(width, height, title_rect, content_rect, self._title_size())

    def _title_size(self) -> float:
        """The title size the template's master sets (32 pt when it sets none)."""
        master = self.prs.slide_master._element
        found = master.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr/@sz")
        try:
            return int(found[0]) / 100 if found else 32.0
        except ValueError:
            return 32.0

    # ----------------------------------------------------------------- slides
    def _new_slide(self, role: str) -> Any:
        layouts = self.layouts
        order = {
            "title": (layouts.title, layouts.section, layouts.title_only, layouts.content),
            "content": (layouts.content, layouts.title_only),
            "title_only": (layouts.title_only, layouts.content),
            "section": (layouts.section, layouts.title_only, layouts.content),
        }[role]
        layout = next((lay for lay in order if lay is not None), None)
        if layout is None:
            layout = layouts.blank or self.prs.slide_layouts[0]
        return self.prs.slides.add_slide(layout)

    def _remove_empty_placeholders(self, slide: Any, keep: Iterable[Any] = ()) -> None:
        kept = {id(k) for k in keep}
        for ph in list(slide.placeholders):
            if id(ph) in kept:
                continue
            if ph.has_text_frame and ph.text_frame.text.strip():
                continue
            ph.element.getparent().remove(ph.element)

    def _set_title(self, slide: Any, text: str, *, notes: list[str]) -> Any:
        """The slide's title in its placeholder (or a text box): in the template's size when it
        fits, else a little smaller on two lines, else shortened (full text in the notes)."""
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        ph = _placeholder(slide, (PH.TITLE, PH.CENTER_TITLE))
        rect = (_rect_of(ph) if ph is not None else None) or self.geometry.title
        size = self.geometry.title_pt
        width = rect.w_pt * 0.97
        lines = max(1, min(3, int(rect.h_pt // (size * 1.15))))
        explicit: float | None = None
        if textfit.count_lines(text, size, width, bold=True) > lines:
            smaller = min(size * 0.85, rect.h_pt / (2 * 1.15))
            if smaller >= 18 and textfit.count_lines(text, smaller, width, bold=True) <= 2:
                explicit, lines = smaller, 2
        shown = textfit.fit_lines(text, explicit or size, width, lines, bold=True)
        if shown != text:
            notes.append(f"Full title: {text}")
        if ph is None:
            box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
            _write_paragraphs(box.text_frame, [shown], size=explicit or size, bold=True,
                              wrap=True)  # fmt: skip
            box.name = "Title"
            return box
        _write_paragraphs(ph.text_frame, [shown], size=explicit, align=False)
        return ph

    def _footer(self, slide: Any, report: QbrReport) -> None:
        """Account and title on the left, the slide number on the right, where the template's
        master puts its footer and number (text boxes, so every viewer renders them alike)."""
        geo = self.geometry
        footer_rect, number_rect = self.footer_rects
        text = textfit.fit_lines(f"{report.account_name} \u00b7 {report.title}", 10,
                                 footer_rect.w_pt * 0.95, 1)  # fmt: skip
        box = slide.shapes.add_textbox(footer_rect.x, footer_rect.y, footer_rect.w,
                                       footer_rect.h)  # fmt: skip
        box.name = "Footer"
        _write_paragraphs(box.text_frame, [text], size=10, muted=True, wrap=True)
        del geo
        num = slide.shapes.add_textbox(number_rect.x, number_rect.y, number_rect.w,
                                       number_rect.h)  # fmt: skip
        num.name = "Slide number"
        num.text_frame.word_wrap = True
        _slide_number_field(num.text_frame, size=10, align_right=True)

    @property
    def footer_rects(self) -> tuple[_Rect, _Rect]:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        geo = self.geometry
        master = self.prs.slide_master
        footer = _placeholder(master, (PH.FOOTER,))
        number = _placeholder(master, (PH.SLIDE_NUMBER,))
        f_rect = _rect_of(footer) if footer is not None else None
        n_rect = _rect_of(number) if number is not None else None
        low = geo.content.bottom
        y = int(geo.height * 0.93)
        h = int(geo.height * 0.05)
        if f_rect is None or f_rect.y < low or f_rect.bottom > geo.height:
            f_rect = _Rect(geo.content.x, y, int(geo.content.w * 0.7), h)
        if n_rect is None or n_rect.y < low or n_rect.bottom > geo.height:
            n_rect = _Rect(geo.content.x + int(geo.content.w * 0.8), y, int(geo.content.w * 0.2), h)
        return f_rect, n_rect

    def _notes(self, slide: Any, lines: Sequence[str]) -> None:
        text = "\n".join(line for line in lines if line is not None).strip()
        if len(text) > NOTES_LIMIT:
            text = text[: NOTES_LIMIT - 1] + textfit.ELLIPSIS
        if text:
            slide.notes_slide.notes_text_frame.text = text

    # ----------------------------------------------------------------- building blocks
    def _meta(self, slide: Any, text: str, rect: _Rect) -> int:
        """A small line under the title (time box, lead); returns the height used."""
        height = int(META_PT * 1.6 * EMU_PER_PT)
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, height)
        box.name = "Time box"
        shown = textfit.fit_lines(text, META_PT, rect.w_pt * 0.97, 1)
        _write_paragraphs(box.text_frame, [shown], size=META_PT, muted=True, wrap=True)
        return height + int(0.08 * EMU_PER_IN)

    def _bullets(self, slide: Any, points: Sequence[str], rect: _Rect, notes: list[str]) -> int:
        """Bullets that fit ``rect`` (smaller type, fewer or shortened points as needed)."""
        if not points:
            return 0
        for size in (BODY_PT, 16, 14):
            shown, height = _fit_bullets(points, size, rect)
            if len(shown) == len(points) and height <= rect.h_pt:
                break
        else:
            size = 14
            shown, height = _fit_bullets(points, size, rect)
        for original, visible in zip(points, shown, strict=False):
            if visible != original:
                notes.append(f"Shortened on the slide: {original}")
        if len(shown) < len(points):
            notes.append(f"{len(points) - len(shown)} more point(s) in the talking points.")
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Points"
        _write_paragraphs(box.text_frame, list(shown), size=size, bullet=True, wrap=True)
        return int(min(height, rect.h_pt) * EMU_PER_PT)

    def _metrics(self, slide: Any, metrics: Sequence[ag.Metric], rect: _Rect, *,
                 vertical: bool) -> int:  # fmt: skip
        """Key figures as cards; returns the height used."""
        from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
        from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415

        if not metrics:
            return 0
        shown = list(metrics[:3])
        gap = int(0.15 * EMU_PER_IN)
        card_h = int(1.05 * EMU_PER_IN)
        if vertical:
            w, h = rect.w, card_h
            positions = [(rect.x, rect.y + i * (card_h + gap)) for i in range(len(shown))]
        else:
            w = (rect.w - gap * (len(shown) - 1)) // len(shown)
            h = card_h
            positions = [(rect.x + i * (w + gap), rect.y) for i in range(len(shown))]
        for metric, (x, y) in zip(shown, positions, strict=True):
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
            card.name = f"Metric: {metric.label}"
            card.fill.solid()
            card.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
            card.fill.fore_color.brightness = 0.88
            card.line.fill.background()
            style = card._element.find(
                "{http://schemas.openxmlformats.org/presentationml/2006/main}style"
            )
            if style is not None:  # no theme shadow or outline: the card is flat
                card._element.remove(style)
            frame = card.text_frame
            frame.word_wrap = True
            inner = w / EMU_PER_PT - 20
            label = textfit.fit_lines(metric.label, 12, inner, 1, bold=True)
            detail = textfit.fit_lines(metric.detail, 11, inner, 1) if metric.detail else ""
            lines = [(metric.value, 26, True), (label, 12, True)]
            if detail:
                lines.append((detail, 11, False))
            _write_card(frame, lines)
        return (len(shown) * (card_h + gap)) if vertical else card_h + gap

    def _picture(self, slide: Any, spec: ChartSpec, rect: _Rect) -> None:
        # Drawn on a smaller figure and scaled up, so the chart's type reads at slide size;
        # the pixel density on the slide stays 200 dpi.
        width_in = rect.w / EMU_PER_IN * CHART_SCALE
        height_in = rect.h / EMU_PER_IN * CHART_SCALE
        png = spec.png(width_in=width_in, height_in=height_in, dpi=round(CHART_DPI / CHART_SCALE))
        pic = slide.shapes.add_picture(io.BytesIO(png), rect.x, rect.y, rect.w, rect.h)
        pic.name = f"Chart: {spec.title}"
        pic._element.nvPicPr.cNvPr.set("descr", spec.title)  # alternative text
        self.chart_pictures += 1

    def _table(self, slide: Any, table: ag.Table, rows: Sequence[tuple[str, ...]], rect: _Rect,
               heights: Sequence[float], header_h: float) -> None:  # fmt: skip
        from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

        widths = _column_widths(table, rect.w)
        total_h = int((header_h + sum(heights)) * EMU_PER_PT)
        shape = slide.shapes.add_table(len(rows) + 1, len(table.columns), rect.x, rect.y,
                                       rect.w, total_h)  # fmt: skip
        shape.name = f"Table: {table.title}"
        grid = shape.table
        grid.first_row = True
        grid.horz_banding = True
        for i, width in enumerate(widths):
            grid.columns[i].width = width
        grid.rows[0].height = int(header_h * EMU_PER_PT)
        for r, height in enumerate(heights, 1):
            grid.rows[r].height = int(height * EMU_PER_PT)
        for c, column in enumerate(table.columns):
            _cell(grid.cell(0, c), column.name, bold=True,
                  align=PP_ALIGN.RIGHT if column.numeric else None)  # fmt: skip
        for r, row in enumerate(rows, 1):
            for c, (column, text) in enumerate(zip(table.columns, row, strict=True)):
                _cell(grid.cell(r, c), text, align=PP_ALIGN.RIGHT if column.numeric else None)

    # ----------------------------------------------------------------- the deck
    def write(self, report: QbrReport) -> None:
        self._title_slide(report)
        self._agenda_slides(report)
        for item in report.items:
            self._item_slides(report, item)
        props = self.prs.core_properties
        props.title = report.title[:250]
        props.subject = report.account_name[:250]
        props.author = "Account Success Planner"
        props.last_modified_by = "Account Success Planner"
        props.comments = ""
        props.keywords = "QBR"
        props.category = "Quarterly Business Review"

    def _title_slide(self, report: QbrReport) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        slide = self._new_slide("title")
        notes: list[str] = []
        title = self._set_title(slide, report.title, notes=notes)
        lines = [report.account_name, report.subtitle, f"Period covered: {report.period_text}"]
        sub = _placeholder(slide, (PH.SUBTITLE, PH.BODY))
        rect = (_rect_of(sub) if sub is not None else None) or _Rect(
            self.geometry.title.x, self.geometry.title.bottom + int(0.3 * EMU_PER_IN),
            self.geometry.title.w, int(self.geometry.height * 0.25))  # fmt: skip
        size = 20.0
        shown = [textfit.fit_lines(line, size, rect.w_pt * 0.95, 2) for line in lines]
        if shown[0] != lines[0]:
            notes.append(f"Account: {lines[0]}")
        if sub is None:
            box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
            box.name = "Subtitle"
            _write_paragraphs(box.text_frame, shown, size=size, wrap=True)
            keep = [title]
        else:
            _write_paragraphs(sub.text_frame, shown, align=False)
            keep = [title, sub]
        self._remove_empty_placeholders(slide, keep)
        attendees = ", ".join(p.name for p in report.attendees)
        self._notes(slide, [f"{report.title} \u2014 {report.account_name}",
                            f"{report.subtitle}; period covered {report.period_text}.",
                            f"Attendees: {attendees}" if attendees else "", *notes])  # fmt: skip

    def _agenda_slides(self, report: QbrReport) -> None:
        table = ag.Table(
            "Agenda",
            (ag.Column("", 0.35, numeric=True), ag.Column("Item", 4.0), ag.Column("Time", 1.0),
             ag.Column("Minutes", 0.8, numeric=True), ag.Column("Lead", 1.6)),
            tuple((str(i.number), i.title, i.time_box, str(i.minutes), i.owner)
                  for i in report.items),
        )  # fmt: skip
        meta = f"{report.total_minutes} minutes \u00b7 {ag.fmt_date(report.meeting_date)}"
        if report.total_minutes != report.length_minutes:
            meta += f" (the meeting is booked for {report.length_minutes} minutes)"
        points = [f"{i.number}. {i.title} ({i.minutes} min)" for i in report.items]
        self._table_slides("Agenda", meta, table, report, ["Agenda", *points])

    def _table_slides(self, title: str, meta: str, table: ag.Table, report: QbrReport,
                      notes_head: list[str], *, first_slide: Any = None,
                      first_rect: _Rect | None = None) -> int:  # fmt: skip
        """The table over as many slides as it needs; returns the number of slides used.

        With ``first_slide``, the table starts in ``first_rect`` of that slide."""
        remaining = list(table.rows)
        total = len(remaining)
        done = pages = 0
        while True:
            notes = list(notes_head)
            if first_slide is not None and first_rect is not None and pages == 0:
                slide, area = first_slide, first_rect
            else:
                slide = self._new_slide("title_only")
                title_shape = self._set_title(slide, title, notes=notes)
                self._remove_empty_placeholders(slide, [title_shape])
                self._footer(slide, report)
                content = self.geometry.content
                label = meta if pages == 0 else f"{table.title} (continued)"
                used = self._meta(slide, label, content)
                area = _Rect(content.x, content.y + used, content.w, content.h - used)
            widths = _column_widths(table, area.w)
            cells, heights, header_h, shortened = _prepare_rows(table, remaining, widths)
            fit = max(_rows_that_fit(heights, header_h, area.h_pt), 1 if remaining else 0)
            self._table(slide, table, cells[:fit], area, heights[:fit], header_h)
            if fit < total or done:
                notes.append(f"{table.title}: rows {done + 1}-{done + fit} of {total}.")
            notes.extend(
                f"Shortened in the table: {full}" for row in shortened[:fit] for full in row
            )
            self._notes(slide, notes)
            remaining = remaining[fit:]
            done += fit
            pages += 1
            if not remaining:
                return pages

    def _item_slides(self, report: QbrReport, item: ReportItem) -> None:
        geo = self.geometry
        talking = [
            f"{item.number}. {item.title}",
            f"Time box: {item.minutes} minutes ({item.time_box})"
            + (f"; lead: {item.owner}" if item.owner else ""),
        ]
        if item.talking_points:
            talking.append("Talking points:")
            talking.extend(f"\u2022 {p}" for p in item.talking_points)
        if item.notes.strip():
            talking.append("Notes:")
            talking.append(item.notes.strip())
        charts = [c for c in (self._chart(kind) for kind in item.charts) if c is not None]
        meta = f"{item.minutes} minutes \u00b7 {item.time_box}" + (
            f" \u00b7 Lead: {item.owner}" if item.owner else "")  # fmt: skip

        slide = self._new_slide("title_only")
        notes = list(talking)
        title_shape = self._set_title(slide, item.title, notes=notes)
        self._remove_empty_placeholders(slide, [title_shape])
        self._footer(slide, report)
        content = geo.content
        used = self._meta(slide, meta, content)
        area = _Rect(content.x, content.y + used, content.w, content.h - used)
        tables = list(item.tables)
        points = list(item.slide_points)
        gap = int(0.25 * EMU_PER_IN)
        if charts:
            chart = charts.pop(0)
            side = points or item.metrics
            chart_w = int(area.w * (0.6 if side else 1.0))
            self._picture(slide, chart.spec, _Rect(area.x, area.y, chart_w, area.h))
            if side:
                column = _Rect(area.x + chart_w + gap, area.y, area.w - chart_w - gap, area.h)
                used_m = self._metrics(slide, item.metrics, column, vertical=True)
                if used_m and len(item.metrics) > 1:
                    points = []  # the cards already say it; points stay in the notes
                rest = _Rect(column.x, column.y + used_m, column.w, column.h - used_m)
                if rest.h > 0.6 * EMU_PER_IN:
                    self._bullets(slide, points, rest, notes)
            self._notes(slide, notes)
        else:
            used_m = self._metrics(slide, item.metrics, area, vertical=False)
            below = _Rect(area.x, area.y + used_m, area.w, area.h - used_m)
            if tables and _fits_with_points(points, tables[0], below):
                height = self._bullets(slide, points, _points_rect(points, below), notes)
                top = below.y + (height + gap if points else 0)
                table_area = _Rect(below.x, top, below.w, below.bottom - top)
                first = tables.pop(0)
                self._table_slides(
                    item.title, meta, first, report, notes, first_slide=slide,
                    first_rect=table_area,
                )  # fmt: skip
            else:
                self._bullets(slide, points, below, notes)
                self._notes(slide, notes)
        head = [f"{item.number}. {item.title}", "Talking points: see this item's first slide."]
        for table in tables:
            self._table_slides(item.title, table.title, table, report, head)
        for chart in charts:
            slide = self._new_slide("title_only")
            extra: list[str] = list(head)
            title_shape = self._set_title(slide, item.title, notes=extra)
            self._remove_empty_placeholders(slide, [title_shape])
            self._footer(slide, report)
            used = self._meta(slide, chart.spec.title, content)
            self._picture(slide, chart.spec, _Rect(content.x, content.y + used, content.w,
                                                   content.h - used))  # fmt: skip
            self._notes(slide, extra)

    def _chart(self, kind: str) -> _ChartRef | None:
        if self.charts is None:
            return None
        spec = self.charts(kind)
        return _ChartRef(spec) if spec is not None else None


@dataclass(frozen=True)
class _ChartRef:
    spec: ChartSpec


# --------------------------------------------------------------------------- text helpers


def _set_rtl(paragraph: Any, text: str, *, align: bool = False) -> None:
    """Right-to-left paragraphs for Hebrew/Arabic text; ``align`` also sets the alignment
    (right for RTL text, left otherwise)."""
    from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

    rtl = textfit.is_rtl(text)
    if rtl:
        paragraph._p.get_or_add_pPr().set("rtl", "1")
    if align:
        paragraph.alignment = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT


def _write_paragraphs(
    frame: Any, lines: Sequence[str], *, size: float | None = None, bold: bool = False,
    bullet: bool = False, muted: bool = False, wrap: bool | None = None, align: bool = True,
) -> None:  # fmt: skip
    from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
    from pptx.enum.text import MSO_AUTO_SIZE  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    if wrap is not None:
        frame.word_wrap = wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.clear()
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        _set_rtl(paragraph, line, align=align)
        if size is not None:
            run.font.size = Pt(size)
        if bold:
            run.font.bold = True
        if muted:
            run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
            run.font.color.brightness = 0.4
        if bullet:
            paragraph.space_after = Pt(8)
            _bullet(paragraph, size or BODY_PT)


def _bullet(paragraph: Any, size: float) -> None:
    """A real bullet (accent colour, hanging indent) so wrapped lines align with the text."""
    from pptx.util import Pt  # noqa: PLC0415

    ppr = paragraph._p.get_or_add_pPr()
    indent = int(Pt(size * 1.1))
    ppr.set("marL", str(indent))
    ppr.set("indent", str(-indent))
    colour = _element(ppr, "a:buClr")
    _element(colour, "a:schemeClr", val="accent1")
    _element(ppr, "a:buFont", typeface="Arial")
    _element(ppr, "a:buChar", char="\u2022")


def _element(parent: Any, tag: str, **attrs: str) -> Any:
    """Append a new OOXML element ``tag`` (e.g. ``a:buChar``) to ``parent``."""
    from pptx.oxml.xmlchemy import OxmlElement  # noqa: PLC0415

    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(key, value)
    parent.append(child)
    return child


def _write_card(frame: Any, lines: Sequence[tuple[str, float, bool]]) -> None:
    from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
    from pptx.enum.text import MSO_ANCHOR  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    frame.clear()
    frame.margin_left = frame.margin_right = Pt(10)
    frame.margin_top = frame.margin_bottom = Pt(4)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for i, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _set_rtl(paragraph, text, align=True)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1 if i else MSO_THEME_COLOR.ACCENT_1
        if i == 0:
            run.font.color.brightness = -0.25


def _slide_number_field(frame: Any, *, size: float | None = None,
                        align_right: bool = False) -> None:  # fmt: skip
    from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

    frame.clear()
    paragraph = frame.paragraphs[0]
    if align_right:
        paragraph.alignment = PP_ALIGN.RIGHT
    fld = _element(paragraph._p, "a:fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                   type="slidenum")  # fmt: skip
    rpr = _element(fld, "a:rPr", lang="en-US")
    if size is not None:
        rpr.set("sz", str(round(size * 100)))
        fill = _element(rpr, "a:solidFill")
        _element(_element(fill, "a:schemeClr", val="tx1"), "a:lumMod", val="60000")
    _element(fld, "a:t").text = "\u2039#\u203a"
    end = paragraph._p.find("{http://schemas.openxmlformats.org/drawingml/2006/main}endParaRPr")
    if end is not None:
        paragraph._p.remove(end)
        paragraph._p.append(end)


def _cell(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    cell.margin_left = cell.margin_right = Pt(5)
    cell.margin_top = cell.margin_bottom = Pt(3)
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(TABLE_PT)
    if bold:
        run.font.bold = True
    if align is not None:
        paragraph.alignment = align
    _set_rtl(paragraph, text)


# --------------------------------------------------------------------------- measuring


CELL_PAD_PT = 10.0  # left + right margins of a cell
CELL_VPAD_PT = 6.0
MAX_CELL_LINES = 4


def _column_widths(table: ag.Table, width: int) -> list[int]:
    """Widths by the columns' weights, widened where a header word would not fit (the
    difference is taken from the columns with room to spare)."""
    weights = [max(c.weight, 0.2) for c in table.columns]
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    needed = [
        int((max((textfit.text_width(word, TABLE_PT, bold=True) for word in c.name.split()),
                 default=0.0) + CELL_PAD_PT + 4) * EMU_PER_PT)
        for c in table.columns
    ]  # fmt: skip
    if sum(needed) <= width:
        for i, need in enumerate(needed):
            while widths[i] < need:
                donor = max(range(len(widths)), key=lambda j: widths[j] - needed[j])
                if widths[donor] - needed[donor] <= 0 or donor == i:
                    break
                step = min(need - widths[i], widths[donor] - needed[donor])
                widths[donor] -= step
                widths[i] += step
    widths[-1] += width - sum(widths)
    return widths


def _prepare_rows(
    table: ag.Table, rows: Sequence[tuple[str, ...]], widths: Sequence[int]
) -> tuple[list[tuple[str, ...]], list[float], float, list[list[str]]]:
    """Cells shortened to at most a few lines, the height of each row and of the header, and
    per row the full texts that were shortened."""
    line = textfit.line_height(TABLE_PT)
    inner = [w / EMU_PER_PT - CELL_PAD_PT - 2 for w in widths]
    header_lines = max(textfit.count_lines(c.name, TABLE_PT, inner[i], bold=True)
                       for i, c in enumerate(table.columns))  # fmt: skip
    header_h = header_lines * line + CELL_VPAD_PT + 2
    cells: list[tuple[str, ...]] = []
    heights: list[float] = []
    shortened: list[list[str]] = []
    for row in rows:
        shown = []
        most = 1
        cut: list[str] = []
        shortened.append(cut)
        for i, text in enumerate(row):
            fitted = textfit.fit_lines(text, TABLE_PT, inner[i], MAX_CELL_LINES)
            if fitted != text:
                cut.append(text)
            shown.append(fitted)
            most = max(most, textfit.count_lines(fitted, TABLE_PT, inner[i]))
        cells.append(tuple(shown))
        heights.append(most * line + CELL_VPAD_PT + 2)
    return cells, heights, header_h, shortened


def _rows_that_fit(heights: Sequence[float], header_h: float, available_pt: float) -> int:
    used = header_h
    count = 0
    for h in heights:
        if used + h > available_pt:
            break
        used += h
        count += 1
    return count


def _fit_bullets(points: Sequence[str], size: float, rect: _Rect) -> tuple[list[str], float]:
    """The points that fit in ``rect`` at ``size`` (each cut to 4 lines) and their height."""
    width = rect.w_pt - 14 - size  # text box insets and the bullet
    line = textfit.line_height(size)
    shown: list[str] = []
    used = 7.2  # the text box's top and bottom insets
    for point in points:
        text = textfit.fit_lines(point, size, width, 4)
        height = textfit.count_lines(text, size, width) * line + 8
        if used + height > rect.h_pt and shown:
            break
        shown.append(text)
        used += height
    return shown, used


def _points_rect(points: Sequence[str], area: _Rect) -> _Rect:
    _, height = _fit_bullets(points, BODY_PT, area)
    return _Rect(area.x, area.y, area.w, int(min(height, area.h_pt * 0.45) * EMU_PER_PT))


def _fits_with_points(points: Sequence[str], table: ag.Table, area: _Rect) -> bool:
    """Whether the points and at least three rows (or the whole table) share one slide."""
    shown, height = _fit_bullets(points, BODY_PT, area)
    if len(shown) < len(points) or height > area.h_pt * 0.45:
        return False
    rest = area.h_pt - height - 18
    widths = _column_widths(table, area.w)
    _, heights, header_h, _ = _prepare_rows(table, table.rows[:3], widths)
    return _rows_that_fit(heights, header_h, rest) >= min(3, len(table.rows))


# --------------------------------------------------------------------------- entry points


def build_deck(report: QbrReport, *, template: Path | None = None,
               template_data: bytes | None = None, with_charts: bool = True) -> Any:  # fmt: skip
    """The deck as a python-pptx Presentation (not yet saved)."""
    prs = open_template(template, data=template_data)
    source: ChartSource | None = None
    if with_charts:

        def source(kind: str) -> ChartSpec | None:
            return chart_for(kind, report.inputs)

    writer = DeckWriter(prs, charts=source)
    writer.write(report)
    return prs


def write_deck(report: QbrReport, path: Path, *, template: Path | None = None,
               template_data: bytes | None = None, with_charts: bool = True) -> Path:  # fmt: skip
    """Write the deck to ``path`` (atomically: the file is complete or not there)."""
    prs = build_deck(report, template=template, template_data=template_data,
                     with_charts=with_charts)  # fmt: skip
    return write_atomically(Path(path), prs.save)
