"""The QBR deck: re-opened with python-pptx and checked against the book's data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu

from planner.domain import errors
from planner.reports import deck
from planner.reports.export import report_for
from planner.reports.qbr_charts import chart_for
from planner.reports.qbr_report import QbrReport
from planner.services import qbrs
from planner.services.books import Book
from tests.planner.test_qbr_data import HOSTILE_NAME, LONG_TITLE, RTL_TEXT, TODAY, build_account


def make_deck(book: Book, qbr_id: str, path: Path, *, template: Path | None = None,
              charts: bool = True, safe: bool = False) -> tuple[Any, QbrReport]:  # fmt: skip
    report = report_for(book, qbr_id=qbr_id, customer_safe=safe, today=TODAY)
    deck.write_deck(report, path, template=template, with_charts=charts)
    return Presentation(str(path)), report


def title_of(slide: Any) -> str:
    if slide.shapes.title is not None:
        return str(slide.shapes.title.text_frame.text)
    named = [s for s in slide.shapes if s.name == "Title"]
    return str(named[0].text_frame.text) if named else ""


def tables(slide: Any) -> list[list[list[str]]]:
    return [[[c.text_frame.text for c in row.cells] for row in s.table.rows]
            for s in slide.shapes if s.has_table]  # fmt: skip


def notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


def assert_inside(prs: Any) -> None:
    width, height = prs.slide_width, prs.slide_height
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.left is None:
                continue  # a placeholder that inherits its position
            assert shape.left >= 0, (n, shape.name)
            assert shape.top >= 0, (n, shape.name)
            assert shape.left + shape.width <= width + Emu(12700), (n, shape.name)
            assert shape.top + shape.height <= height + Emu(12700), (n, shape.name)


def test_deck_follows_the_agenda_and_the_data(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    prs, report = make_deck(book, built.qbr_id, tmp_path / "qbr.pptx")
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    slides = list(prs.slides)
    assert title_of(slides[0]) == "Q4 2026 Business Review"
    subtitle = "\n".join(s.text_frame.text for s in slides[0].placeholders
                         if s.placeholder_format.idx == 1)  # fmt: skip
    assert "Acme & Co" in subtitle
    assert "3 Dec 2026" in subtitle

    saved = qbrs.list_agenda(book, built.qbr_id)
    assert title_of(slides[1]) == "Agenda"
    agenda_rows = tables(slides[1])[0][1:]
    assert [r[1] for r in agenda_rows] == [i.title for i in saved]
    assert [int(r[3]) for r in agenda_rows] == [i.minutes for i in saved]
    assert agenda_rows[0][2] == "0:00\u20130:05"

    titles = [title_of(s) for s in slides]
    positions = [titles.index(i.title) for i in saved]
    assert positions == sorted(positions), "item slides follow the agenda order"

    goal_tables = [t for s in slides for t in tables(s) if t[0][0] == "Goal"]
    assert goal_tables
    goal_row = next(r for r in goal_tables[0] if r[0] == "Cut onboarding time")
    assert goal_row[1:5] == ["30 days", "18 days", "10 days", "60%"]
    risk_cells = [c for s in slides for t in tables(s) for r in t for c in r]
    assert "Build the ROI case with the economic buyer" in risk_cells
    assert "$987,654.32" in risk_cells  # the full profile shows opportunity amounts

    for item in report.items:
        first = slides[titles.index(item.title)]
        text = notes(first)
        for point in item.talking_points:
            assert point in text
    health_slide = slides[titles.index("Health and adoption trend")]
    assert "Time box: " in notes(health_slide)

    expected = sum(1 for i in report.items for k in i.charts if chart_for(k, report.inputs))
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == expected >= 4
    for pic in pictures:
        assert pic.image.content_type == "image/png"
        width_px, _ = pic.image.size
        dpi = width_px / (pic.width / 914400)
        assert 190 <= dpi <= 210
        assert pic._element.nvPicPr.cNvPr.get("descr")
    assert_inside(prs)
    assert prs.core_properties.title == "Q4 2026 Business Review"


def test_deck_without_a_saved_agenda_is_generated(book: Book, tmp_path: Path) -> None:
    built = build_account(book, with_agenda=False)
    prs, report = make_deck(book, built.qbr_id, tmp_path / "gen.pptx", charts=False)
    assert [i.section for i in report.items][:2] == ["objectives", "since_last"]
    assert sum(i.minutes for i in report.items) == 60
    assert len(list(prs.slides)) > len(report.items)


def _default_with(tmp_path: Path, name: str, change: Any) -> Path:
    prs = Presentation(io.BytesIO(deck.default_template_bytes()))
    change(prs)
    path = tmp_path / name
    prs.save(str(path))
    return path


def test_potx_template_is_accepted(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    source = io.BytesIO(deck.default_template_bytes())
    potx = tmp_path / "brand.potx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(potx, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            zout.writestr(info, data)
    with pytest.raises(Exception, match="not a PowerPoint file"):
        Presentation(str(potx))  # python-pptx alone refuses a template
    prs, report = make_deck(book, built.qbr_id, tmp_path / "from_potx.pptx", template=potx,
                            charts=False)  # fmt: skip
    assert title_of(prs.slides[0]) == report.title
    with zipfile.ZipFile(tmp_path / "from_potx.pptx") as z:
        assert b"template.main+xml" not in z.read("[Content_Types].xml")


def test_template_missing_layouts_still_gives_a_full_deck(book: Book, tmp_path: Path) -> None:
    built = build_account(book)

    def only_blank(prs: Any) -> None:
        layouts = prs.slide_master.slide_layouts
        for layout in list(layouts):
            if layout.name != "Blank":
                layouts.remove(layout)

    template = _default_with(tmp_path, "blank_only.pptx", only_blank)
    prs, report = make_deck(book, built.qbr_id, tmp_path / "blank.pptx", template=template,
                            charts=False)  # fmt: skip
    titles = [title_of(s) for s in prs.slides]
    assert titles[0] == report.title
    assert "Agenda" in titles
    for item in report.items:
        assert item.title in titles
    assert all(titles), "every slide has a title, in a text box when the layout has none"
    assert_inside(prs)


def test_brand_layout_names_are_matched(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    names = {"Title Slide": "Cover", "Title and Content": "Title, Content",
             "Title Only": "Headline only", "Section Header": "Divider"}  # fmt: skip

    def rename(prs: Any) -> None:
        for layout in prs.slide_layouts:
            layout.name = names.get(layout.name, layout.name)

    template = _default_with(tmp_path, "brand.pptx", rename)
    prs = deck.open_template(template)
    found = deck.DeckWriter(prs).layouts.found
    assert found == {"title": "Cover", "content": "Title, Content", "title_only": "Headline only",
                     "section": "Divider", "blank": "Blank"}  # fmt: skip
    made, _ = make_deck(book, built.qbr_id, tmp_path / "brand_deck.pptx", template=template,
                        charts=False)  # fmt: skip
    assert made.slides[0].slide_layout.name == "Cover"
    assert made.slides[1].slide_layout.name == "Headline only"


def test_four_by_three_template_fits(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    plain = tmp_path / "plain43.pptx"
    Presentation().save(str(plain))
    prs, _ = make_deck(book, built.qbr_id, tmp_path / "43.pptx", template=plain, charts=True)
    assert prs.slide_width == 9144000
    assert_inside(prs)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just text", "notes.pptx", "not a PowerPoint file"),
        (None, "missing.pptx", "There is no template"),
        ("macro", "macro.potm", "macros"),
    ],
)
def test_bad_templates_are_refused_in_words(
    tmp_path: Path, content: bytes | str | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content == "macro":
        source = io.BytesIO(deck.default_template_bytes())
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(
                        b"application/vnd.openxmlformats-officedocument.presentationml."
                        b"presentation.main+xml",
                        b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
                    )
                zout.writestr(info, data)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(errors.ValidationError, match=message) as caught:
        deck.read_template(path)
    assert caught.value.field == "template"


def test_hostile_text_comes_out_literally_and_fits(book: Book, tmp_path: Path) -> None:
    built = build_account(book, hostile=True)
    prs, _ = make_deck(book, built.qbr_id, tmp_path / "hostile.pptx", charts=False)
    slides = list(prs.slides)
    first = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert HOSTILE_NAME in first
    xml = slides[0]._element.xml
    assert "&lt;script&gt;" in xml
    assert "<script>" not in xml

    all_cells = [c for s in slides for t in tables(s) for r in t for c in r]
    assert RTL_TEXT in all_cells
    rtl_paragraphs = [p for s in slides for sh in s.shapes if sh.has_table
                      for row in sh.table.rows for c in row.cells
                      for p in c.text_frame.paragraphs if p.text == RTL_TEXT]  # fmt: skip
    assert rtl_paragraphs
    assert all(p._p.pPr.get("rtl") == "1" for p in rtl_paragraphs)

    long_cells = [c for c in all_cells if c.startswith(LONG_TITLE[:40])]
    assert long_cells
    assert all(c.endswith("\u2026") and len(c) < 600 for c in long_cells)
    all_notes = "\n".join(notes(s) for s in slides)
    assert f"Shortened in the table: {LONG_TITLE}" in all_notes
    long_slides = [s for s in slides if title_of(s).startswith(LONG_TITLE[:40])]
    assert long_slides
    assert all(title_of(s).endswith("\u2026") for s in long_slides)
    assert f"Full title: {LONG_TITLE}" in notes(long_slides[0])
    assert f"Bring {HOSTILE_NAME}" in notes(long_slides[0])
    assert_inside(prs)


def test_long_tables_continue_on_more_slides(book: Book, tmp_path: Path) -> None:
    from planner.services import actions

    built = build_account(book)
    for n in range(45):
        actions.create_action(book, built.account_id, title=f"Follow-up number {n:02d}",
                              owner_name="Dana Reyes")  # fmt: skip
    prs, _ = make_deck(book, built.qbr_id, tmp_path / "long.pptx", charts=False)
    slides = list(prs.slides)
    plan_slides = [s for s in slides if any(t[0][0] == "Action" for t in tables(s))]
    assert len(plan_slides) >= 3
    metas = [sh.text_frame.text for s in plan_slides for sh in s.shapes if sh.name == "Time box"]
    assert "Mutual action plan (continued)" in metas
    assert all(title_of(s) == "Next quarter: goals and mutual action plan" for s in plan_slides)
    rows = [r[0] for s in plan_slides for t in tables(s) if t[0][0] == "Action" for r in t[1:]]
    assert sum(1 for r in rows if r.startswith("Follow-up number")) == 45
    assert "rows 1-" in notes(plan_slides[0])
    assert_inside(prs)
