"""The QBR deck (PowerPoint), on the app's 16:9 template or the user's own.

The deck lays out the slides of a :class:`planner.reports.qbr_report.QbrReport`: a title, the
executive summary, the agenda, the story's slides (each titled with its takeaway), then the
appendix. It formats nothing itself: every text is the report's.

* **Native charts.** Charts are PowerPoint charts (python-pptx's chart API), not pictures: the
  CSM can edit them, and they take the template's theme colours. Points on a date axis are
  spaced by their dates. Data labels carry the report's own texts, so a chart reads exactly
  like the slide around it.
* **Any template.** A ``.pptx`` or ``.potx`` (a template's content type is rewritten in memory
  so python-pptx accepts it). Layouts are found by name ("Title Slide", "Title and Content",
  "Title Only", "Section Header", "Blank" and common variants), then by their placeholders; a
  layout is only used for content when its title sits at the top of the slide. A template with
  no such layout (e.g. only Title and Section Header) gets its blank layout (or its plainest
  one, emptied) with our own title area, and a warning says so. Slides already in the template
  are dropped.
* **Nothing outside the slide, nothing cut while there is room.** Every shape is placed inside
  the content area computed from the template; text is measured
  (:mod:`planner.reports.textfit`) and set in the largest size that fits its box; long tables
  are split into balanced pages (never a page of two rows) in the appendix.
* **The internal copy** says INTERNAL on every slide (and its file name ends in
  ``-internal``).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, cast

from planner.domain import agenda as ag
from planner.domain import errors
from planner.reports import textfit
from planner.reports.files import write_atomically
from planner.reports.qbr_charts import Axis, Chart, label_above
from planner.reports.qbr_report import (
    INTERNAL_MARK,
    Panel,
    QbrReport,
    Slide,
    SummaryColumn,
    Tile,
)

EMU_PER_PT = 12700
EMU_PER_IN = 914400
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_MACRO_TYPES = (
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
)

BODY_PT = 18
MIN_BODY_PT = 12
TABLE_PT = 12
MIN_TABLE_PT = 10
META_PT = 12
FOOTER_PT = 10
NOTES_LIMIT = 20_000
CHART_TEXT_PT = 11
TILE_TEXT_PT = 14
"""A tile's label and detail (its figure is larger)."""
DATE_PAD_SHARE = 0.06
DATE_PAD_DAYS = 20
"""A date axis reaches at least this far (a share of its width, and these days) before its
first point and after its last, as in the PDF; further when their labels need it."""
EXCEL_EPOCH = date(1899, 12, 30)
MARK_RED = "B42318"

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
    "content": (
        "titleandcontent",
        "titleandbody",
        "titlecontent",
        "content",
        "titletext",
        "titleandtext",
        "bullets",
        "text",
    ),
    "title_only": ("titleonly", "headlineonly", "titleonlylayout", "header"),
    "section": (
        "sectionheader",
        "section",
        "sectiontitle",
        "divider",
        "sectionbreak",
        "sectiondivider",
    ),
    "blank": ("blank", "empty"),
}


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
    def right(self) -> int:
        return self.x + self.w

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT

    def below(self, used: int, gap: int = 0) -> _Rect:
        """What is left of the rectangle under its top ``used`` EMU (and a gap)."""
        taken = min(used + gap, self.h)
        return _Rect(self.x, self.y + taken, self.w, self.h - taken)


@dataclass
class _Layouts:
    title: Any
    content: Any
    """A layout whose title sits at the top (content goes under it), or None."""
    section: Any
    blank: Any
    found: dict[str, str] = field(default_factory=dict)
    """Role -> layout name actually used (for tests and messages)."""


def _ph_types(layout: Any) -> list[Any]:
    from pptx.enum.shapes import PP_PLACEHOLDER  # noqa: PLC0415

    latent = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    return [
        ph.placeholder_format.type
        for ph in layout.placeholders
        if ph.placeholder_format.type not in latent
    ]


def _title_on_top(layout: Any, height: int) -> bool:
    """The layout's title is in the top quarter of the slide (so content fits below it)."""
    from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

    ph = _placeholder(layout, (PH.TITLE, PH.CENTER_TITLE))
    rect = _rect_of(ph) if ph is not None else None
    return rect is not None and rect.y < height * 0.25 and rect.bottom < height * 0.32


def _find_layouts(prs: Any) -> _Layouts:
    from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

    layouts = list(prs.slide_layouts)
    height = int(prs.slide_height)
    by_name = {_norm(lay.name): lay for lay in layouts}
    titles = {PH.TITLE, PH.CENTER_TITLE}

    def named(role: str) -> Any:
        for alias in _NAMES[role]:
            if alias in by_name:
                return by_name[alias]
        return None

    def shaped(test: Callable[[list[Any]], bool]) -> Any:
        return next((lay for lay in layouts if test(_ph_types(lay))), None)

    def has_title(types: list[Any]) -> bool:
        return any(t in titles for t in types)

    def usable(layout: Any) -> bool:
        return layout is not None and has_title(_ph_types(layout)) and _title_on_top(layout, height)

    title = named("title") or shaped(
        lambda t: PH.CENTER_TITLE in t and (PH.SUBTITLE in t or PH.BODY in t)
    )
    content = (
        next((lay for lay in (named("title_only"), named("content")) if usable(lay)), None)
        or next((lay for lay in layouts if usable(lay) and len(_ph_types(lay)) == 1), None)
        or next((lay for lay in layouts if usable(lay) and lay is not title), None)
    )
    section = named("section") or shaped(
        lambda t: has_title(t) and PH.BODY in t and len(t) == 2 and PH.OBJECT not in t
    )
    blank = named("blank") or shaped(lambda t: not t)
    roles = (("title", title), ("content", content), ("section", section), ("blank", blank))
    found = {role: lay.name for role, lay in roles if lay is not None}
    return _Layouts(title, content, section, blank, found)


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
    footer: _Rect
    number: _Rect
    title_pt: float


@dataclass(frozen=True, slots=True)
class DeckResult:
    path: Path
    slides: int
    native_charts: int
    warnings: tuple[str, ...] = ()


class DeckWriter:
    """Writes one QBR report into a presentation made from a template."""

    def __init__(self, prs: Any, *, with_charts: bool = True) -> None:
        self.prs = prs
        self.layouts = _find_layouts(prs)
        self.with_charts = with_charts
        self.native_charts = 0
        self.warnings: list[str] = []
        if self.layouts.content is None:
            fallback = (
                self.layouts.blank.name
                if self.layouts.blank is not None
                else ("its plainest layout")
            )
            self.warnings.append(
                "The template has no layout with a title at the top for content slides, so "
                f"they use {fallback!s} with a title area of their own. Add a \u201cTitle "
                "Only\u201d or \u201cTitle and Content\u201d layout to the template to use its "
                "own titles."
            )
        self.geometry = self._geometry()

    # ----------------------------------------------------------------- geometry
    def _geometry(self) -> _Geometry:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        width, height = int(self.prs.slide_width), int(self.prs.slide_height)
        margin_x = int(width * 0.05)
        title_rect = None
        if self.layouts.content is not None:
            ph = _placeholder(self.layouts.content, (PH.TITLE, PH.CENTER_TITLE))
            title_rect = _rect_of(ph) if ph is not None else None
        if title_rect is None or title_rect.x < 0 or title_rect.right > width:
            title_rect = _Rect(
                margin_x, int(height * 0.07), width - 2 * margin_x, int(height * 0.12)
            )
        footer, number = self._footer_rects(width, height, title_rect)
        gap = int(0.1 * EMU_PER_IN)
        top = title_rect.bottom + gap
        bottom = min(footer.y, number.y) - gap
        content = _Rect(title_rect.x, top, title_rect.w, max(bottom - top, height // 3))
        return _Geometry(width, height, title_rect, content, footer, number, self._title_size())

    def _footer_rects(self, width: int, height: int, title: _Rect) -> tuple[_Rect, _Rect]:
        """Where the master puts its footer and slide number (inside the slide's bottom
        tenth), else a band of our own."""
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        master = self.prs.slide_master
        found = []
        for kind in (PH.FOOTER, PH.SLIDE_NUMBER):
            ph = _placeholder(master, (kind,))
            rect = _rect_of(ph) if ph is not None else None
            ok = (
                rect is not None
                and rect.y >= height * 0.85
                and rect.bottom <= height
                and rect.x >= 0
                and rect.right <= width
            )
            found.append(rect if ok else None)
        y = int(height * 0.925)
        h = int(height * 0.05)
        footer = found[0] or _Rect(title.x, y, int(title.w * 0.62), h)
        number = found[1] or _Rect(title.x + int(title.w * 0.85), y, int(title.w * 0.15), h)
        return footer, number

    def _title_size(self) -> float:
        """The title size the template's master sets (32 pt when it sets none), at most 36."""
        master = self.prs.slide_master._element
        found = master.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr/@sz")
        try:
            size = int(found[0]) / 100 if found else 32.0
        except ValueError:
            size = 32.0
        return min(max(size, 20.0), 36.0)

    # ----------------------------------------------------------------- slides
    def _new_slide(self, role: str) -> Any:
        layouts = self.layouts
        order = {
            "title": (layouts.title, layouts.section, layouts.content),
            "content": (layouts.content,),
            "section": (layouts.section, layouts.title, layouts.content),
        }[role]
        layout = next((lay for lay in order if lay is not None), None)
        if layout is None:
            layout = layouts.blank or min(
                self.prs.slide_layouts, key=lambda lay: len(list(lay.placeholders))
            )
        slide = self.prs.slides.add_slide(layout)
        if layout is not layouts.content and role == "content":
            for ph in list(slide.placeholders):  # our own title area replaces them
                ph.element.getparent().remove(ph.element)
            if layout is not layouts.blank:
                self._plain_background(slide)
        return slide

    def _plain_background(self, slide: Any) -> None:
        """A content slide on a layout made for something else (a cover, a divider): the
        theme's background colour over the whole slide, behind everything, so the layout's
        dark fill or decoration does not sit under text and tables."""
        from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
        from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415

        cover = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width, self.prs.slide_height
        )
        cover.name = "Background"
        cover.fill.solid()
        cover.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
        cover.line.fill.background()
        style = cover._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}style"
        )
        if style is not None:
            cover._element.remove(style)

    def _remove_empty_placeholders(self, slide: Any, keep: Iterable[Any] = ()) -> None:
        kept = {id(k) for k in keep}
        for ph in list(slide.placeholders):
            if id(ph) in kept:
                continue
            if ph.has_text_frame and ph.text_frame.text.strip():
                continue
            ph.element.getparent().remove(ph.element)

    def _set_title(
        self,
        slide: Any,
        text: str,
        *,
        notes: list[str],
        rect: _Rect | None = None,
        size: float | None = None,
        grow: bool = False,
    ) -> tuple[Any, int]:
        """The slide's title in its placeholder (or our own title area), and its bottom edge.

        One size for every slide (the template's, at most 28 pt on content slides) on up to
        two lines; with ``grow`` the box grows down to take the second line. Only a title
        that needs more gets smaller type (24, then 20 pt over three lines), and only then is
        it shortened (the full text goes to the notes)."""
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415
        from pptx.enum.text import MSO_ANCHOR  # noqa: PLC0415

        ph = _placeholder(slide, (PH.TITLE, PH.CENTER_TITLE))
        box = rect or (_rect_of(ph) if ph is not None else None) or self.geometry.title
        box = _Rect(box.x, box.y, box.w, box.h)
        width = box.w_pt - 16
        base = size or min(self.geometry.title_pt, 28.0)
        limit = self.geometry.content.y + int(self.geometry.content.h * 0.25)
        shown, chosen = text, base
        for candidate, lines in ((base, 2), (min(base, 24.0), 2), (min(base, 20.0), 3)):
            needed = textfit.count_lines(text, candidate, width, bold=True)
            height = int((needed * candidate * 1.15 + 10) * EMU_PER_PT)
            if needed <= lines and (height <= box.h or (grow and box.y + height <= limit)):
                chosen = candidate
                box.h = max(box.h, height)
                break
        else:
            chosen = min(base, 20.0)
            lines = max(1, int((box.h_pt - 10) // (chosen * 1.15)))
            if grow:
                lines = 3
                box.h = max(box.h, int((3 * chosen * 1.15 + 10) * EMU_PER_PT))
            shown = textfit.fit_lines(text, chosen, width, lines, bold=True)
        if shown != text:
            notes.append(f"Full title: {text}")
        if ph is None:
            shape = slide.shapes.add_textbox(box.x, box.y, box.w, box.h)
            shape.name = "Title"
            shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            _write_paragraphs(shape.text_frame, [shown], size=chosen, bold=True, wrap=True)
            return shape, box.bottom
        if grow and rect is None:
            ph.left, ph.top, ph.width, ph.height = box.x, box.y, box.w, box.h
            ph.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        _write_paragraphs(ph.text_frame, [shown], size=chosen, align=False)
        return ph, box.bottom

    def _chrome(self, slide: Any, report: QbrReport, *, number: bool = True) -> None:
        """Footer (account and title), the slide number and, in the internal copy, the
        INTERNAL mark: text boxes where the master puts its footer."""
        geo = self.geometry
        foot = geo.footer
        if report.internal:
            mark_w = min(int(foot.w * 0.55), int(3.3 * EMU_PER_IN))
            label = _Rect(foot.x, foot.y, foot.w - mark_w, foot.h)
            mark = _Rect(foot.right - mark_w, foot.y, mark_w, foot.h)
        else:
            label, mark = foot, None
        text = textfit.fit_lines(
            f"{report.account_name} \u00b7 {report.title}", FOOTER_PT, label.w_pt - 16, 1
        )
        box = slide.shapes.add_textbox(label.x, label.y, label.w, label.h)
        box.name = "Footer"
        _write_paragraphs(box.text_frame, [text], size=FOOTER_PT, muted=True, wrap=True)
        if mark is not None:
            self._internal_mark(slide, mark)
            tag_h = int(0.3 * EMU_PER_IN)
            tag_w = min(int(1.3 * EMU_PER_IN), geo.width // 5)
            top = int(0.08 * EMU_PER_IN)
            if geo.title.y >= top + tag_h:  # only where it cannot cover the title
                self._internal_tag(
                    slide, _Rect(geo.width - tag_w - int(0.15 * EMU_PER_IN), top, tag_w, tag_h)
                )
        if number:
            num = slide.shapes.add_textbox(geo.number.x, geo.number.y, geo.number.w, geo.number.h)
            num.name = "Slide number"
            num.text_frame.word_wrap = True
            _slide_number_field(num.text_frame, size=FOOTER_PT, align_right=True)

    def _internal_mark(self, slide: Any, rect: _Rect) -> None:
        from pptx.util import Pt  # noqa: PLC0415

        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Internal mark"
        _write_paragraphs(box.text_frame, [INTERNAL_MARK], size=FOOTER_PT, bold=True, wrap=True)
        run = box.text_frame.paragraphs[0].runs[0]
        run.font.color.rgb = _rgb(MARK_RED)
        run.font.size = Pt(FOOTER_PT)

    def _internal_tag(self, slide: Any, rect: _Rect) -> None:
        from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN  # noqa: PLC0415

        tag = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, rect.x, rect.y, rect.w, rect.h)
        tag.name = "Internal tag"
        tag.fill.solid()
        tag.fill.fore_color.rgb = _rgb(MARK_RED)
        tag.line.fill.background()
        style = tag._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}style"
        )
        if style is not None:
            tag._element.remove(style)
        frame = tag.text_frame
        _write_paragraphs(frame, ["INTERNAL"], size=11, bold=True, wrap=True, align=False)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        frame.paragraphs[0].runs[0].font.color.rgb = _rgb("FFFFFF")

    def _notes(self, slide: Any, lines: Sequence[str]) -> None:
        text = "\n".join(line for line in lines if line).strip()
        if len(text) > NOTES_LIMIT:
            text = text[: NOTES_LIMIT - 1] + textfit.ELLIPSIS
        if text:
            slide.notes_slide.notes_text_frame.text = text

    # ----------------------------------------------------------------- the deck
    def write(self, report: QbrReport) -> None:
        for slide in report.slides:
            notes = list(slide.notes)
            if slide.kind == "title":
                self._title_slide(report, slide, notes)
            elif slide.kind == "section":
                self._section_slide(report, slide, notes)
            elif slide.table is not None and slide.appendix and not slide.chart:
                self._table_pages(report, slide, notes)
            else:
                self._content_slide(report, slide, notes)
        props = self.prs.core_properties
        props.title = report.title[:250]
        props.subject = report.account_name[:250]
        props.author = "Account Success Planner"
        props.last_modified_by = "Account Success Planner"
        props.comments = ""
        props.keywords = "QBR, internal" if report.internal else "QBR"
        props.category = "Quarterly Business Review"

    def _title_slide(self, report: QbrReport, slide_data: Slide, notes: list[str]) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        slide = self._new_slide("title")
        geo = self.geometry
        ph = _placeholder(slide, (PH.TITLE, PH.CENTER_TITLE))
        rect = None
        if ph is None:
            rect = _Rect(geo.title.x, int(geo.height * 0.3), geo.title.w, int(geo.height * 0.2))
        title, _ = self._set_title(
            slide, slide_data.title, notes=notes, rect=rect, size=max(self.geometry.title_pt, 32)
        )
        lines = list(slide_data.bullets)
        if slide_data.kicker:
            lines.insert(0, slide_data.kicker)
        sub = _placeholder(slide, (PH.SUBTITLE, PH.BODY))
        sub_rect = _rect_of(sub) if sub is not None else None
        title_rect = _rect_of(title) or geo.title
        if sub_rect is None or sub_rect.bottom > geo.footer.y or sub_rect.right > geo.width:
            top = title_rect.bottom + int(0.2 * EMU_PER_IN)
            sub_rect = _Rect(
                title_rect.x,
                top,
                title_rect.w,
                max(
                    min(geo.footer.y - top - int(0.1 * EMU_PER_IN), int(geo.height * 0.3)),
                    int(0.6 * EMU_PER_IN),
                ),
            )
            if sub is not None:
                sub.element.getparent().remove(sub.element)
                sub = None
        size, shown = _fit_block(lines, sub_rect, (20, 18, 16, 14, 12), bold=False)
        if shown != lines:
            notes.extend(f"Full text: {line}" for line in lines)
        if sub is None:
            box = slide.shapes.add_textbox(sub_rect.x, sub_rect.y, sub_rect.w, sub_rect.h)
            box.name = "Subtitle"
            _write_paragraphs(box.text_frame, shown, size=size, wrap=True)
            keep = [title]
        else:
            _write_paragraphs(sub.text_frame, shown, size=size, align=False)
            keep = [title, sub]
        self._remove_empty_placeholders(slide, keep)
        self._chrome(slide, report, number=False)
        self._notes(slide, notes)

    def _section_slide(self, report: QbrReport, slide_data: Slide, notes: list[str]) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH  # noqa: PLC0415

        slide = self._new_slide("section")
        geo = self.geometry
        ph = _placeholder(slide, (PH.TITLE, PH.CENTER_TITLE))
        rect = (
            None
            if ph is not None
            else _Rect(geo.title.x, int(geo.height * 0.35), geo.title.w, int(geo.height * 0.18))
        )
        title, _ = self._set_title(slide, slide_data.title, notes=notes, rect=rect)
        keep = [title]
        body = _placeholder(slide, (PH.BODY, PH.SUBTITLE))
        body_rect = _rect_of(body) if body is not None else None
        if (
            body is not None
            and slide_data.kicker
            and body_rect is not None
            and (body_rect.bottom <= geo.footer.y)
        ):
            _write_paragraphs(body.text_frame, [slide_data.kicker], align=False)
            keep.append(body)
        self._remove_empty_placeholders(slide, keep)
        self._chrome(slide, report)
        self._notes(slide, notes)

    def _content_slide(self, report: QbrReport, data: Slide, notes: list[str]) -> None:
        slide = self._new_slide("content")
        title, bottom = self._set_title(slide, data.title, notes=notes, grow=True)
        self._remove_empty_placeholders(slide, [title])
        self._chrome(slide, report)
        area = self._content_below(bottom)
        if data.kicker:
            area = area.below(self._meta(slide, data.kicker, area))
        if data.footnote:
            area = self._footnote(slide, data.footnote, area)
        if data.kind == "summary":
            self._summary(slide, data.columns, area, notes)
        elif data.panels:
            self._panels(slide, data.panels, area, notes)
        else:
            self._body(slide, data, area, notes)
        self._notes(slide, notes)

    def _content_below(self, title_bottom: int) -> _Rect:
        content = self.geometry.content
        top = max(content.y, title_bottom + int(0.08 * EMU_PER_IN))
        return _Rect(content.x, top, content.w, content.bottom - top)

    def _body(self, slide: Any, data: Slide, area: _Rect, notes: list[str]) -> None:
        gap = int(0.2 * EMU_PER_IN)
        if data.tiles:
            area = area.below(self._tiles(slide, data.tiles, area), gap)
        chart = data.chart if self.with_charts else None
        bullets = list(data.bullets)
        if chart is None and data.kind == "content" and not data.appendix:
            # a short list on a main slide: cards that fill the slide, not a table of one row
            # or a few bullets above an empty half
            cards = _as_cards(data.table, bullets, area)
            if cards is not None:
                lead, items = cards
                if lead:
                    used = self._bullets(
                        slide, lead, _Rect(area.x, area.y, area.w, area.h // 3), notes, largest=16
                    )
                    area = area.below(used, gap)
                self._card_grid(slide, items, area, notes)
                return
        if chart is not None and data.table is None:
            if bullets:
                chart_w = int(area.w * 0.6)
                self.add_chart(slide, chart, _Rect(area.x, area.y, chart_w, area.h))
                side = _Rect(area.x + chart_w + gap, area.y, area.w - chart_w - gap, area.h)
                self._bullets(slide, bullets, side, notes, largest=16)
            else:
                self.add_chart(slide, chart, area)
            return
        if chart is not None:  # a chart and a table: side by side
            half = (area.w - gap) // 2
            self.add_chart(slide, chart, _Rect(area.x, area.y, half, area.h))
            area = _Rect(area.x + half + gap, area.y, area.w - half - gap, area.h)
        if data.table is not None:
            if bullets:
                used = self._bullets(
                    slide,
                    bullets,
                    _Rect(area.x, area.y, area.w, int(area.h * 0.38)),
                    notes,
                    largest=16,
                )
                area = area.below(used, gap)
            self._table_fit(slide, data.table, area, notes)
            return
        if bullets:
            self._bullets(slide, bullets, area, notes)

    # ----------------------------------------------------------------- building blocks
    def _meta(self, slide: Any, text: str, rect: _Rect) -> int:
        """A small line under the title (the agenda item and time box); the height used."""
        height = int(META_PT * 1.7 * EMU_PER_PT)
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, height)
        box.name = "Kicker"
        shown = textfit.fit_lines(text, META_PT, rect.w_pt - 16, 1)
        _write_paragraphs(box.text_frame, [shown], size=META_PT, muted=True, wrap=True)
        return height + int(0.06 * EMU_PER_IN)

    def _footnote(self, slide: Any, text: str, area: _Rect) -> _Rect:
        """A small note at the bottom of the content area; returns the area above it."""
        size = 11.0
        lines = textfit.count_lines(text, size, area.w_pt - 16)
        height = int((min(lines, 2) * size * 1.25 + 8) * EMU_PER_PT)
        box = slide.shapes.add_textbox(area.x, area.bottom - height, area.w, height)
        box.name = "Footnote"
        _write_paragraphs(
            box.text_frame,
            [textfit.fit_lines(text, size, area.w_pt - 16, 2)],
            size=size,
            muted=True,
            wrap=True,
        )
        return _Rect(area.x, area.y, area.w, area.h - height - int(0.06 * EMU_PER_IN))

    def _bullets(
        self,
        slide: Any,
        points: Sequence[str],
        rect: _Rect,
        notes: list[str],
        *,
        largest: float = BODY_PT,
    ) -> int:
        """Bullets in the largest size (``largest`` down to 12 pt) at which all of them fit
        ``rect`` whole; only then are the longest shortened (full text in the notes)."""
        if not points or rect.h <= 0:
            return 0
        sizes = [s for s in (20, 18, 16, 14, 13, 12) if s <= largest]
        for size in sizes:
            height = _bullets_height(points, size, rect.w_pt)
            if height <= rect.h_pt:
                shown = list(points)
                break
        else:
            size = sizes[-1]
            shown = _shorten_bullets(points, size, rect)
            height = _bullets_height(shown, size, rect.w_pt)
            for original, visible in zip(points, shown, strict=False):
                if visible != original:
                    notes.append(f"Shortened on the slide: {original}")
            if len(shown) < len(points):
                notes.extend(f"Not on the slide: {p}" for p in points[len(shown) :])
        used = int(min(height, rect.h_pt) * EMU_PER_PT)
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, used)  # as high as its text
        box.name = "Points"
        _write_paragraphs(box.text_frame, shown, size=size, bullet=True, wrap=True)
        return used

    def _tiles(self, slide: Any, tiles: Sequence[Tile], rect: _Rect) -> int:
        """Key figures as flat cards in a row; returns the height used."""
        from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
        from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415

        shown = list(tiles[:4])
        gap = int(0.15 * EMU_PER_IN)
        h = min(int(1.3 * EMU_PER_IN), rect.h // 3)
        w = min((rect.w - gap * (len(shown) - 1)) // len(shown), int(3.6 * EMU_PER_IN))
        for n, tile in enumerate(shown):
            x = rect.x + n * (w + gap)
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, rect.y, w, h)
            card.name = f"Tile: {tile.label}"
            card.fill.solid()
            card.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
            card.fill.fore_color.brightness = 0.85
            card.line.fill.background()
            style = card._element.find(
                "{http://schemas.openxmlformats.org/presentationml/2006/main}style"
            )
            if style is not None:  # no theme shadow or outline: the card is flat
                card._element.remove(style)
            inner = w / EMU_PER_PT - 22
            value_pt = 24.0
            while value_pt > 14 and textfit.text_width(tile.value, value_pt, bold=True) > inner:
                value_pt -= 2
            lines = [
                (textfit.fit_lines(tile.value, value_pt, inner, 1, bold=True), value_pt, True),
                (
                    textfit.fit_lines(tile.label, TILE_TEXT_PT, inner, 1, bold=True),
                    TILE_TEXT_PT,
                    True,
                ),
            ]
            # the detail (never under 14 pt) on up to two lines, when the tile has room
            room = h / EMU_PER_PT - 8 - (value_pt + TILE_TEXT_PT) * 1.2
            detail_lines = min(2, int(room // (TILE_TEXT_PT * 1.2)))
            if tile.detail and detail_lines >= 1:
                detail = textfit.fit_lines(tile.detail, TILE_TEXT_PT, inner, detail_lines)
                lines.append((detail, TILE_TEXT_PT, False))
            _write_card(card.text_frame, lines)
        return h

    def _card_grid(
        self,
        slide: Any,
        cards: Sequence[_Card],
        rect: _Rect,
        notes: list[str],
        *,
        cols: int = 0,
        sizes: Sequence[tuple[float, float]] | None = None,
    ) -> int:
        """``cards`` in a grid that fills ``rect`` (up to three side by side), their text in
        the largest of ``sizes`` at which every card's text fits; returns the height used."""
        if not cards or rect.h <= 0:
            return 0
        n = len(cards)
        cols = cols or (n if n <= 3 else 2 if n == 4 else 3)
        rows = math.ceil(n / cols)
        gap = int(0.18 * EMU_PER_IN)
        w = (rect.w - gap * (cols - 1)) // cols
        h = (rect.h - gap * (rows - 1)) // rows
        inner = w / EMU_PER_PT - 2 * CARD_PAD_PT
        room = h / EMU_PER_PT - 2 * CARD_PAD_PT
        for title_pt, body_pt in sizes or CARD_SIZES:
            if all(_card_height(c, title_pt, body_pt, inner) <= room for c in cards):
                break
        else:  # the smallest size: each card's last details go to the notes until it fits
            cards = [_fitted_card(c, title_pt, body_pt, inner, room, notes) for c in cards]
        need = max(_card_height(c, title_pt, body_pt, inner) for c in cards)
        # no tall empty boxes: as high as the text needs, and together at least most of rect
        h = min(h, max(int((need + 2 * CARD_PAD_PT + 6) * EMU_PER_PT), int(0.62 * rect.h / rows)))
        for k, card in enumerate(cards):
            title = card.title
            lines = card.lines(body_pt, inner)
            x = rect.x + (k % cols) * (w + gap)
            y = rect.y + (k // cols) * (h + gap)
            box = _flat_shape(slide, x, y, w, h, brightness=0.88)
            box.name = f"Card: {card.title[:40]}"
            _write_card_text(box.text_frame, title, lines, title_pt, body_pt)
        return rows * h + (rows - 1) * gap

    def _panels(self, slide: Any, panels: Sequence[Panel], area: _Rect, notes: list[str]) -> None:
        """Short sections side by side: a heading band each, its rows as cards below."""
        gap = int(0.2 * EMU_PER_IN)
        # a panel with more rows is wider (its cards would be cramped otherwise)
        weights = [max(len(p.table.rows) if p.table is not None else 1, 1) for p in panels]
        room = area.w - gap * (len(panels) - 1)
        widths = [int(room * wt / sum(weights)) for wt in weights]
        # ...and each is wide enough for its heading in full size (taken from the widest)
        for n, panel in enumerate(panels):
            need = int((textfit.text_width(panel.heading, 15, bold=True) + 24) * EMU_PER_PT)
            widest = max(range(len(widths)), key=lambda k: widths[k])
            short = min(need - widths[n], widths[widest] - need)
            if short > 0 and widest != n:
                widths[n] += short
                widths[widest] -= short
        head_h = int(0.5 * EMU_PER_IN)
        body_y = area.y + head_h + int(0.1 * EMU_PER_IN)
        body_h = area.h - head_h - int(0.1 * EMU_PER_IN)
        # one size for every panel's cards: the largest at which each panel's cards fit
        first = max(
            (
                _card_size_index(_cards_of(p.table), w, body_h)
                for p, w in zip(panels, widths, strict=True)
                if p.table is not None and p.table.rows
            ),
            default=0,
        )
        sizes = CARD_SIZES[first:]
        x = area.x - gap
        for n, panel in enumerate(panels):
            x += (widths[n - 1] if n else 0) + gap
            w = widths[n]
            self._band(slide, panel.heading, _Rect(x, area.y, w, head_h))
            body = _Rect(x, body_y, w, body_h)
            if panel.table is not None and panel.table.rows:
                cards = _cards_of(panel.table)
                # the whole column's height: fewer cards have room for all their details
                self._card_grid(slide, cards, body, notes, cols=1, sizes=sizes)
            elif panel.lines:
                self._bullets(slide, panel.lines, body, notes, largest=16)

    def _band(self, slide: Any, text: str, rect: _Rect) -> None:
        """A heading band in the accent colour (the summary's columns, the panels)."""
        from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415

        band = _flat_shape(slide, rect.x, rect.y, rect.w, rect.h, brightness=None)
        band.name = f"Summary: {text}"
        inner = rect.w / EMU_PER_PT - 16
        head_pt = 15.0
        while head_pt > 11 and textfit.text_width(text, head_pt, bold=True) > inner:
            head_pt -= 1
        frame = band.text_frame
        _write_paragraphs(
            frame,
            [textfit.fit_lines(text, head_pt, inner, 1, bold=True)],
            size=head_pt,
            bold=True,
            wrap=True,
        )
        frame.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1

    def _summary(
        self, slide: Any, columns: Sequence[SummaryColumn], area: _Rect, notes: list[str]
    ) -> None:
        """The executive summary: three titled columns of short lines."""
        if not columns:
            return
        gap = int(0.2 * EMU_PER_IN)
        w = (area.w - gap * (len(columns) - 1)) // len(columns)
        head_h = int(0.5 * EMU_PER_IN)
        body_h = area.h - head_h - int(0.1 * EMU_PER_IN)
        # one size for the three columns: the largest at which each of them fits
        size = next(
            (
                size
                for size in (22, 20, 18, 16, 14, 13)
                if all(
                    _bullets_height(c.lines, size, w / EMU_PER_PT) <= body_h / EMU_PER_PT
                    for c in columns
                )
            ),
            12,
        )
        tall = max(_bullets_height(c.lines, size, w / EMU_PER_PT) for c in columns)
        # each column on a tinted panel: as high as the longest column, and at least most of
        # the slide (a summary of a few short lines is not a strip at the top)
        panel_h = min(body_h, max(int((tall + 8) * EMU_PER_PT), int(0.62 * body_h)))
        for n, column in enumerate(columns):
            x = area.x + n * (w + gap)
            self._band(slide, column.heading, _Rect(x, area.y, w, head_h))
            top = area.y + head_h
            panel = _flat_shape(slide, x, top, w, panel_h + int(0.1 * EMU_PER_IN), brightness=0.9)
            panel.name = f"Summary panel: {column.heading}"
            body = _Rect(x, top + int(0.1 * EMU_PER_IN), w, body_h)
            self._bullets(slide, column.lines, body, notes, largest=size)

    def _table_fit(self, slide: Any, table: ag.Table, rect: _Rect, notes: list[str]) -> None:
        """The table in ``rect`` in the largest size (16 pt down to 10) at which all its rows
        fit; else as many rows as fit, the others named in the notes (the appendix has
        them)."""
        size: float
        for size in (16, 14, TABLE_PT, 11, MIN_TABLE_PT):
            widths = _column_widths(table, rect.w, size)
            cells, heights, header_h, shortened = _prepare_rows(table, table.rows, widths, size)
            fit = _rows_that_fit(heights, header_h, rect.h_pt)
            if fit >= len(table.rows):
                break
        fit = max(fit, 1 if table.rows else 0)
        self._table(slide, table, cells[:fit], rect, heights[:fit], header_h, size)
        notes.extend(f"Shortened in the table: {full}" for row in shortened[:fit] for full in row)
        if fit < len(table.rows):
            notes.append(f"{table.title}: {len(table.rows) - fit} more row(s) in the appendix.")

    def _table_pages(self, report: QbrReport, data: Slide, notes_head: list[str]) -> None:
        """An appendix table over as many slides as it needs, in balanced pages: never a last
        page of two or three rows when the pages can share them."""
        table = data.table
        assert table is not None
        geo = self.geometry
        area = geo.content
        if data.footnote:
            area = _Rect(area.x, area.y, area.w, area.h - int(0.45 * EMU_PER_IN))
        plan: tuple[float, Any] | None = None
        for size in (16, 14, TABLE_PT, 11, MIN_TABLE_PT):  # the largest type, fewest pages
            widths = _column_widths(table, area.w, size)
            prepared = _prepare_rows(table, table.rows, widths, size)
            pages = _balanced_pages(prepared[1], prepared[2], area.h_pt)
            if plan is None or len(pages) < len(plan[1][0]):
                plan = (size, (pages, prepared))
        assert plan is not None
        chosen, (pages, (cells, heights, header_h, shortened)) = plan
        for n, (start, end) in enumerate(pages, 1):
            slide = self._new_slide("content")
            notes = list(notes_head)
            title = data.title if len(pages) == 1 else f"{data.title} ({n} of {len(pages)})"
            shape, _ = self._set_title(slide, title, notes=notes)
            self._remove_empty_placeholders(slide, [shape])
            self._chrome(slide, report)
            body = area
            if data.footnote:
                body = self._footnote(slide, data.footnote, geo.content)
            self._table(slide, table, cells[start:end], body, heights[start:end], header_h, chosen)
            notes.extend(
                f"Shortened in the table: {full}" for row in shortened[start:end] for full in row
            )
            self._notes(slide, notes)

    def _table(
        self,
        slide: Any,
        table: ag.Table,
        rows: Sequence[tuple[str, ...]],
        rect: _Rect,
        heights: Sequence[float],
        header_h: float,
        size: float,
    ) -> None:
        from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

        widths = _column_widths(table, rect.w, size)
        total_h = int((header_h + sum(heights)) * EMU_PER_PT)
        shape = slide.shapes.add_table(
            len(rows) + 1, len(table.columns), rect.x, rect.y, rect.w, min(total_h, rect.h)
        )
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
            _cell(
                grid.cell(0, c),
                column.name,
                size,
                bold=True,
                align=PP_ALIGN.RIGHT if column.numeric else None,
            )
        for r, row in enumerate(rows, 1):
            for c, (column, text) in enumerate(zip(table.columns, row, strict=True)):
                _cell(grid.cell(r, c), text, size, align=PP_ALIGN.RIGHT if column.numeric else None)

    # ----------------------------------------------------------------- native charts
    def add_chart(self, slide: Any, chart: Chart, rect: _Rect) -> None:
        add_native_chart(slide, chart, rect.x, rect.y, rect.w, rect.h)
        self.native_charts += 1


# --------------------------------------------------------------------------- native charts


def add_native_chart(slide: Any, chart: Chart, x: int, y: int, w: int, h: int) -> Any:  # noqa: PLR0912, PLR0915 - one python-pptx chart: each chart kind's axes and labels set in one place
    """A native PowerPoint chart for ``chart`` at (x, y, w, h): editable in PowerPoint, in the
    template's theme colours (no colour is set), data labels carrying the report's texts."""
    from pptx.chart.data import CategoryChartData, XyChartData  # noqa: PLC0415
    from pptx.enum.chart import (  # noqa: PLC0415
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_MARKER_STYLE,
    )
    from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    if chart.kind == "scatter":
        data: Any = cast("Any", XyChartData)()
        groups = list(dict.fromkeys(p.group for p in chart.points))
        for group in groups:
            series = data.add_series(group or "People")
            for p in chart.points:
                if p.group == group:
                    series.add_data_point(p.x, p.y)
        kind = XL_CHART_TYPE.XY_SCATTER
    else:
        data = cast("Any", CategoryChartData)()
        if chart.kind == "date_line":
            data.categories = list(chart.dates)
            kind = XL_CHART_TYPE.LINE_MARKERS
            order = list(range(len(chart.dates)))
        else:
            order = list(range(len(chart.categories)))[::-1]  # first category on top
            data.categories = [_short(chart.categories[i]) for i in order]
            kind = (
                XL_CHART_TYPE.BAR_STACKED
                if chart.kind == "stacked_bar"
                else (XL_CHART_TYPE.BAR_CLUSTERED)
            )
        for s in chart.series:
            data.add_series(s.name, [s.values[i] for i in order])
    frame = slide.shapes.add_chart(kind, x, y, w, h, data)
    frame.name = f"Chart: {chart.title}"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", chart.title)  # alternative text
    native = frame.chart
    native.font.size = Pt(CHART_TEXT_PT)
    native.has_title = False
    multi = len(chart.series) > 1 or (
        chart.kind == "scatter" and len({p.group for p in chart.points}) > 1
    )
    native.has_legend = bool(chart.legend or multi)
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(CHART_TEXT_PT)
    plot = native.plots[0]
    if chart.kind in ("bar", "stacked_bar"):
        plot.gap_width = 60
        if chart.kind == "stacked_bar":
            plot.overlap = 100
    _axes(native, chart, w)
    if chart.kind == "scatter":
        index = 0
        for s_index, group in enumerate(dict.fromkeys(p.group for p in chart.points)):
            chosen = [p for p in chart.points if p.group == group]
            series = plot.series[s_index]
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 10
            series.marker.format.fill.solid()  # a theme colour per group: the brand's
            series.marker.format.fill.fore_color.theme_color = getattr(
                MSO_THEME_COLOR, f"ACCENT_{s_index % 6 + 1}"
            )
            for n, p in enumerate(chosen):
                _label(series.points[n], p.label, XL_LABEL_POSITION.RIGHT)
            index += len(chosen)
        _no_lines(plot)
    else:
        for s_index, s in enumerate(chart.series):
            series = plot.series[s_index]
            labels = [s.labels[i] if i < len(s.labels) else "" for i in order]
            position = (
                XL_LABEL_POSITION.CENTER
                if chart.kind == "stacked_bar"
                else XL_LABEL_POSITION.OUTSIDE_END
                if chart.kind == "bar"
                else XL_LABEL_POSITION.ABOVE
                if s_index % 2 == 0
                else XL_LABEL_POSITION.BELOW
            )
            for n, text in enumerate(labels):
                if not text:
                    continue
                value = s.values[order[n]]
                if chart.kind == "date_line" and value is not None:
                    # never outside the plot, never over the other line's label
                    above = label_above(chart, s_index, value, order[n])
                    position = XL_LABEL_POSITION.ABOVE if above else XL_LABEL_POSITION.BELOW
                _label(series.points[n], text, position)
            if chart.kind == "date_line":
                series.smooth = False
    if chart.kind == "date_line":
        _span_gaps(native)
    if chart.kind == "scatter" and any(chart.quadrants):
        _quadrant_labels(slide, chart.quadrants, x, y, w, h)
    return frame


def _quadrant_labels(slide: Any, labels: Sequence[str], x: int, y: int, w: int, h: int) -> None:
    """The corners' meaning, just inside the plot area (an estimate of where the viewer puts
    it: right of the axis labels, above the legend)."""
    from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

    box_w, box_h = int(w * 0.22), int(0.3 * EMU_PER_IN)
    left, right = x + int(w * 0.1), x + w - int(w * 0.03) - box_w
    top, bottom = y + int(h * 0.05), y + h - int(h * 0.25) - box_h
    for text, (bx, by), align in zip(
        labels,
        ((left, top), (right, top), (left, bottom), (right, bottom)),
        (PP_ALIGN.LEFT, PP_ALIGN.RIGHT, PP_ALIGN.LEFT, PP_ALIGN.RIGHT),
        strict=True,
    ):
        if not text:
            continue
        box = slide.shapes.add_textbox(bx, by, box_w, box_h)
        box.name = f"Chart note: {text}"
        _write_paragraphs(box.text_frame, [text], size=10, muted=True, wrap=True, align=False)
        box.text_frame.paragraphs[0].alignment = align


def _label(point: Any, text: str, position: Any) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    label = point.data_label
    label.has_text_frame = True
    label.text_frame.text = text
    label.position = position
    for paragraph in label.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(CHART_TEXT_PT)


def _axes(native: Any, chart: Chart, width: int) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    value = native.value_axis
    _axis(value, chart.value_axis)
    value.has_major_gridlines = True
    category = native.category_axis
    category.tick_labels.font.size = Pt(CHART_TEXT_PT)
    if chart.kind == "scatter":
        _axis(category, chart.x_axis)
        category.has_major_gridlines = True
    elif chart.kind == "date_line":
        category.tick_labels.number_format = chart.x_axis.number_format or "mmm yyyy"
        category.tick_labels.number_format_is_linked = False
        _date_axis_unit(category, chart.dates, _edge_share(chart, width))
    if chart.kind != "scatter":  # dates and names at the bottom, also when values go below 0
        from pptx.enum.chart import XL_TICK_LABEL_POSITION  # noqa: PLC0415

        category.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def _axis(axis: Any, spec: Axis) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    if spec.minimum is not None:
        axis.minimum_scale = spec.minimum
    if spec.maximum is not None:
        axis.maximum_scale = spec.maximum
    if spec.major_unit is not None:
        axis.major_unit = spec.major_unit
    axis.tick_labels.font.size = Pt(CHART_TEXT_PT)
    axis.tick_labels.number_format = spec.number_format
    axis.tick_labels.number_format_is_linked = False
    if spec.title:
        axis.has_title = True
        axis.axis_title.text_frame.text = spec.title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_TEXT_PT)


def _edge_share(chart: Chart, width: int) -> float:
    """How much of a date axis to leave before its first point and after its last (a share
    of its span) so that their labels, centred on them, stay inside the plot."""
    ends = [
        s.labels[i]
        for s in chart.series
        for i in (0, len(chart.dates) - 1)
        if 0 <= i < len(s.labels) and s.labels[i]
    ]
    half = max((textfit.text_width(t, CHART_TEXT_PT) for t in ends), default=0.0) / 2 + 4
    plot = width / EMU_PER_PT * 0.8  # the value axis's figures take the rest
    share = half / max(plot, 1.0)
    return min(max(share, DATE_PAD_SHARE), 0.3)


def _date_axis_unit(axis: Any, days: Sequence[date], edge: float = DATE_PAD_SHARE) -> None:
    """Ticks every one, three or six months, so a year or two of quarters read well (over a
    year or more, ticks every quarter would run into each other on a half-width chart)."""
    from pptx.oxml.xmlchemy import OxmlElement  # noqa: PLC0415

    if not days:
        return
    span = (max(days) - min(days)).days
    # room either side: the first and last points' labels stay off the value axis's figures
    pad = max(round(span * edge / (1 - 2 * edge)), DATE_PAD_DAYS)
    shown = span + 2 * pad
    months = 1 if shown < 160 else 3 if shown < 500 else 6
    axis.minimum_scale = (min(days) - EXCEL_EPOCH).days - pad
    axis.maximum_scale = (max(days) - EXCEL_EPOCH).days + pad
    ax = axis._element
    base = ax.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}baseTimeUnit")
    if base is None:
        return
    unit = OxmlElement("c:majorUnit")
    unit.set("val", str(months))
    time_unit = OxmlElement("c:majorTimeUnit")
    time_unit.set("val", "months")
    base.addnext(unit)
    unit.addnext(time_unit)


def _span_gaps(native: Any) -> None:
    """Lines go on across a quarter without answers (no drop to zero, no break)."""
    from pptx.oxml.xmlchemy import OxmlElement  # noqa: PLC0415

    chart_el = native._chartSpace.chart
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    existing = chart_el.find(f"{ns}dispBlanksAs")
    if existing is None:
        existing = OxmlElement("c:dispBlanksAs")
        plot_vis = chart_el.find(f"{ns}plotVisOnly")
        if plot_vis is not None:
            plot_vis.addnext(existing)
        else:
            chart_el.append(existing)
    existing.set("val", "span")


def _no_lines(plot: Any) -> None:
    """Scatter points only, no connecting lines."""
    from pptx.oxml.xmlchemy import OxmlElement  # noqa: PLC0415

    for series in plot.series:
        sp_pr = series.format.line
        sp_pr.fill.background()
        del sp_pr
    style = plot._element.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/chart}scatterStyle"
    )
    if style is not None:
        style.set("val", "lineMarker")
    del OxmlElement


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + textfit.ELLIPSIS


# --------------------------------------------------------------------------- text helpers


def _rgb(hex_colour: str) -> Any:
    """A python-pptx RGBColor from ``"B42318"``."""
    from pptx.dml.color import RGBColor  # noqa: PLC0415

    maker: Any = RGBColor
    return maker(*bytes.fromhex(hex_colour))


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
    frame: Any,
    lines: Sequence[str],
    *,
    size: float | None = None,
    bold: bool = False,
    bullet: bool = False,
    muted: bool = False,
    wrap: bool | None = None,
    align: bool = True,
) -> None:
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
            paragraph.space_after = Pt(size * 0.45 if size else 8)
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
    frame.word_wrap = True
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


def _slide_number_field(
    frame: Any, *, size: float | None = None, align_right: bool = False
) -> None:
    from pptx.enum.text import PP_ALIGN  # noqa: PLC0415

    frame.clear()
    paragraph = frame.paragraphs[0]
    if align_right:
        paragraph.alignment = PP_ALIGN.RIGHT
    fld = _element(
        paragraph._p, "a:fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum"
    )
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


def _cell(cell: Any, text: str, size: float, *, bold: bool = False, align: Any = None) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    cell.margin_left = cell.margin_right = Pt(5)
    cell.margin_top = cell.margin_bottom = Pt(3)
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if align is not None:
        paragraph.alignment = align
    _set_rtl(paragraph, text)


# --------------------------------------------------------------------------- measuring


CELL_PAD_PT = 10.0  # left + right margins of a cell
CELL_VPAD_PT = 6.0
MAX_CELL_LINES = 4
BULLET_BOX_PAD_PT = 7.2  # a text box's top and bottom insets


def _column_widths(table: ag.Table, width: int, size: float = TABLE_PT) -> list[int]:
    """Widths by the columns' weights, widened where a header word or a numeric cell would
    not fit on one line (the difference is taken from the columns with room to spare)."""
    weights = [max(c.weight, 0.2) for c in table.columns]
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    needed = []
    for i, c in enumerate(table.columns):
        words = [textfit.text_width(word, size, bold=True) for word in c.name.split()]
        if c.numeric:  # a figure never wraps
            words += [textfit.text_width(row[i], size) for row in table.rows]
        needed.append(int((max(words, default=0.0) + CELL_PAD_PT + 4) * EMU_PER_PT))
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
    table: ag.Table, rows: Sequence[tuple[str, ...]], widths: Sequence[int], size: float
) -> tuple[list[tuple[str, ...]], list[float], float, list[list[str]]]:
    """Cells shortened to at most a few lines, the height of each row and of the header, and
    per row the full texts that were shortened."""
    line = textfit.line_height(size)
    inner = [w / EMU_PER_PT - CELL_PAD_PT - 2 for w in widths]
    header_lines = max(
        textfit.count_lines(c.name, size, inner[i], bold=True) for i, c in enumerate(table.columns)
    )
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
            fitted = textfit.fit_lines(text, size, inner[i], MAX_CELL_LINES)
            if fitted != text:
                cut.append(text)
            shown.append(fitted)
            most = max(most, textfit.count_lines(fitted, size, inner[i]))
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


def _balanced_pages(
    heights: Sequence[float], header_h: float, available_pt: float
) -> list[tuple[int, int]]:
    """Split rows into pages that each fit, as even as the rows allow: a table that needs
    two pages is cut near its middle, not after the rows that fit the first one."""
    n = len(heights)
    if n == 0:
        return [(0, 0)]
    greedy = []
    start = 0
    while start < n:
        fit = max(_rows_that_fit(heights[start:], header_h, available_pt), 1)
        greedy.append((start, start + fit))
        start += fit
    pages = len(greedy)
    if pages == 1:
        return greedy
    target = math.ceil(n / pages)
    found: list[tuple[int, int]] = []
    start = 0
    while start < n:
        fit = max(_rows_that_fit(heights[start:], header_h, available_pt), 1)
        rest_pages = pages - len(found)
        take = min(fit, max(target, math.ceil((n - start) / max(rest_pages, 1))))
        found.append((start, start + take))
        start += take
    return found


CARD_PAD_PT = 12.0
CARD_SIZES = (
    (28, 20),
    (24, 18),
    (22, 17),
    (20, 16),
    (18, 15),
    (16, 14),
)
"""(title, text) sizes of a card, largest first: never under 14 pt (a card that does not fit
at the smallest gives its last details to the speaker notes)."""
CARD_MAX_ROWS = 4
"""A main slide's table with at most this many rows may become cards..."""
CARD_MAX_POINTS = 6
"""...and a list of at most this many points..."""
CARD_WHEN_BELOW = 0.5
"""...when as a table it would fill less than this share of the slide's body (as a list of
points, less than ``CARD_POINTS_BELOW``: a list's lines are shorter than the slide is wide)."""
CARD_POINTS_BELOW = 0.6


@dataclass(frozen=True, slots=True)
class _Card:
    title: str
    fields: tuple[str, ...] = ()
    """``Owner: Claire Dubois``: packed onto lines (`` · `` between) as the width allows."""
    details: frozenset[str] = frozenset()
    """The fields that go to the notes first when the card does not fit."""

    def lines(self, size: float, width_pt: float) -> list[str]:
        lines: list[str] = []
        for text in self.fields:
            joined = f"{lines[-1]}{CARD_JOIN}{text}" if lines else ""
            if joined and textfit.text_width(joined, size) <= width_pt:
                lines[-1] = joined
            else:
                lines.append(text)
        return lines


CARD_JOIN = "  \u00b7  "


def _cards_of(table: ag.Table) -> list[_Card]:
    """A table's rows as cards: the first cell is the card's title, the others its fields
    (``Owner: Claire Dubois``), empty cells left out."""
    cards = []
    for row in table.rows:
        fields = []
        details = set()
        for c, v in zip(table.columns[1:], row[1:], strict=True):
            if v.strip():
                fields.append(f"{c.name}: {' '.join(v.split())}")
                if c.detail:
                    details.add(fields[-1])
        cards.append(_Card(row[0], tuple(fields), frozenset(details)))
    return cards


def _as_cards(
    table: ag.Table | None, bullets: Sequence[str], area: _Rect
) -> tuple[list[str], list[_Card]] | None:
    """(points shown above, the cards) when a short table or list would leave most of a main
    slide empty; None when it fills the slide well as it is."""
    if table is not None:
        if not table.rows or len(table.rows) > CARD_MAX_ROWS or len(bullets) > 2:
            return None
        widths = _column_widths(table, area.w, 16)
        _cells, heights, header_h, _short = _prepare_rows(table, table.rows, widths, 16)
        used = header_h + sum(heights)
        if bullets:
            used += _bullets_height(bullets, 16, area.w_pt)
        if used >= CARD_WHEN_BELOW * area.h_pt:
            return None
        return list(bullets), _cards_of(table)
    if not bullets or len(bullets) > CARD_MAX_POINTS:
        return None
    if _bullets_height(bullets, 20, area.w_pt) >= CARD_POINTS_BELOW * area.h_pt:
        return None
    return [], [_Card(b) for b in bullets]


def _card_size_index(cards: Sequence[_Card], width: int, height: int) -> int:
    """The index in :data:`CARD_SIZES` of the largest size at which ``cards``, stacked in
    one column of ``width`` x ``height``, all fit (the last when none does)."""
    gap = int(0.18 * EMU_PER_IN)
    inner = width / EMU_PER_PT - 2 * CARD_PAD_PT
    room = (height - gap * (len(cards) - 1)) / len(cards) / EMU_PER_PT - 2 * CARD_PAD_PT
    for k, (title_pt, body_pt) in enumerate(CARD_SIZES):
        if all(_card_height(c, title_pt, body_pt, inner) <= room for c in cards):
            return k
    return len(CARD_SIZES) - 1


def _fitted_card(
    card: _Card, title_pt: float, body_pt: float, width_pt: float, room: float, notes: list[str]
) -> _Card:
    """``card`` as it fits ``room`` at the given sizes: its details left out (said in the
    notes), then its other last fields, then its title shortened to what the room holds."""
    if _card_height(card, title_pt, body_pt, width_pt) <= room:
        return card
    order = [f for f in card.fields if f in card.details][::-1]
    order += [f for f in card.fields if f not in card.details][::-1]
    fields = list(card.fields)
    left_out: list[str] = []
    for name in order:
        if _card_height(_Card(card.title, tuple(fields)), title_pt, body_pt, width_pt) <= room:
            break
        fields.remove(name)
        left_out.append(name)
    if left_out:
        kept = [f for f in card.fields if f in left_out]
        notes.append(f"{card.title}: " + "; ".join(kept))
    fitted = _Card(card.title, tuple(fields))
    if _card_height(fitted, title_pt, body_pt, width_pt) <= room:
        return fitted
    title_room = max(1, int(room // (title_pt * 1.2)))
    title = textfit.fit_lines(card.title, title_pt, width_pt, title_room, bold=True)
    notes.append(f"Shortened on the slide: {card.title}")
    return _Card(title)


def _card_height(card: _Card, title_pt: float, body_pt: float, width_pt: float) -> float:
    height = textfit.count_lines(card.title, title_pt, width_pt, bold=True) * title_pt * 1.2
    for line in card.lines(body_pt, width_pt):
        height += body_pt * 0.5 + textfit.count_lines(line, body_pt, width_pt) * body_pt * 1.2
    return height


def _flat_shape(slide: Any, x: int, y: int, w: int, h: int, *, brightness: float | None) -> Any:
    """A flat rectangle in the accent colour (lightened by ``brightness``), no outline or
    shadow."""
    from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
    from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
    shape.fill.solid()
    shape.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
    if brightness is not None:
        shape.fill.fore_color.brightness = brightness
    shape.line.fill.background()
    style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
    if style is not None:
        shape._element.remove(style)
    return shape


def _write_card_text(
    frame: Any, title: str, lines: Sequence[str], title_pt: float, body_pt: float
) -> None:
    """A card's title (bold, dark accent) and lines, from the top."""
    from pptx.enum.dml import MSO_THEME_COLOR  # noqa: PLC0415
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(CARD_PAD_PT)
    frame.margin_top = frame.margin_bottom = Pt(CARD_PAD_PT)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, text in enumerate((title, *lines)):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _set_rtl(paragraph, text, align=True)
        if i:
            paragraph.space_before = Pt(body_pt * 0.5)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(title_pt if i == 0 else body_pt)
        run.font.bold = i == 0
        if i == 0:
            run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
            run.font.color.brightness = -0.5
        else:
            run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1


def _bullets_height(points: Sequence[str], size: float, width_pt: float) -> float:
    width = width_pt - 14 - size * 1.1  # insets and the hanging bullet
    line = textfit.line_height(size)
    return BULLET_BOX_PAD_PT + sum(
        textfit.count_lines(p, size, width) * line + size * 0.45 for p in points
    )


def _shorten_bullets(points: Sequence[str], size: float, rect: _Rect) -> list[str]:
    """The points that fit ``rect`` at ``size``: the last ones shortened or left out."""
    width = rect.w_pt - 14 - size * 1.1
    line = textfit.line_height(size)
    shown: list[str] = []
    used = BULLET_BOX_PAD_PT
    for point in points:
        room = int((rect.h_pt - used - size * 0.45) // line)
        if room < 1:
            break
        text = textfit.fit_lines(point, size, width, room)
        shown.append(text)
        used += textfit.count_lines(text, size, width) * line + size * 0.45
    return shown


def _fit_block(
    lines: Sequence[str], rect: _Rect, sizes: Sequence[float], *, bold: bool
) -> tuple[float, list[str]]:
    """The largest size at which ``lines`` fit ``rect`` (else the smallest, shortened)."""
    width = rect.w_pt - 16
    for size in sizes:
        total = sum(textfit.count_lines(t, size, width, bold=bold) for t in lines)
        if total * textfit.line_height(size) + 8 <= rect.h_pt:
            return size, list(lines)
    size = sizes[-1]
    room = max(1, int((rect.h_pt - 8) // textfit.line_height(size)))
    per = max(1, room // max(len(lines), 1))
    return size, [textfit.fit_lines(t, size, width, per, bold=bold) for t in lines]


# --------------------------------------------------------------------------- entry points


def build_deck(
    report: QbrReport,
    *,
    template: Path | None = None,
    template_data: bytes | None = None,
    with_charts: bool = True,
) -> tuple[Any, DeckWriter]:
    """The deck as a python-pptx Presentation (not yet saved), and its writer (warnings,
    native chart count)."""
    prs = open_template(template, data=template_data)
    writer = DeckWriter(prs, with_charts=with_charts)
    writer.write(report)
    return prs, writer


def write_deck(
    report: QbrReport,
    path: Path,
    *,
    template: Path | None = None,
    template_data: bytes | None = None,
    with_charts: bool = True,
) -> DeckResult:
    """Write the deck to ``path`` (atomically: the file is complete or not there)."""
    prs, writer = build_deck(
        report, template=template, template_data=template_data, with_charts=with_charts
    )
    write_atomically(Path(path), prs.save)
    return DeckResult(Path(path), len(prs.slides), writer.native_charts, tuple(writer.warnings))
