"""The QBR deck: re-opened with python-pptx and checked as the customer's sponsor would read it.

The story (summary, takeaway titles, appendix), native charts, the storyline per account, and
the layout on four templates: the built-in 16:9, a plain 4:3, one with renamed layouts and one
with only a title and a section layout.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu
from PySide6.QtWidgets import QApplication

from planner.domain import errors
from planner.domain.enums import GoalStatus, LifecycleStage, Severity
from planner.reports import deck
from planner.reports.qbr_report import INTERNAL_MARK, QbrReport, main_budget
from planner.services import accounts, actions, health, plans
from planner.services.books import Book
from planner.services.qbr_export import report_for
from tests.planner.test_qbr_data import (
    HOSTILE_NAME,
    LONG_TITLE,
    RTL_TEXT,
    TODAY,
    build_account,
)

EMU_TOLERANCE = Emu(12700)  # one point


def make_deck(
    book: Book,
    qbr_id: str,
    path: Path,
    *,
    template: Path | None = None,
    internal: bool = False,
) -> tuple[Any, QbrReport, deck.DeckResult]:
    report = report_for(book, qbr_id=qbr_id, internal=internal, today=TODAY)
    result = deck.write_deck(report, path, template=template)
    return Presentation(str(path)), report, result


def title_of(slide: Any) -> str:
    if slide.shapes.title is not None and slide.shapes.title.text_frame.text:
        return str(slide.shapes.title.text_frame.text)
    named = [s for s in slide.shapes if s.name == "Title"]
    return str(named[0].text_frame.text) if named else ""


def tables(slide: Any) -> list[list[list[str]]]:
    return [
        [[c.text_frame.text for c in row.cells] for row in s.table.rows]
        for s in slide.shapes
        if s.has_table
    ]


def notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


def charts(slide: Any) -> list[Any]:
    return [s.chart for s in slide.shapes if s.has_chart]


def assert_inside(prs: Any) -> None:
    """Every shape of every slide lies inside the slide."""
    width, height = prs.slide_width, prs.slide_height
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.left is None:
                continue  # a placeholder that inherits its (template) position
            assert shape.left >= 0, (n, shape.name)
            assert shape.top >= 0, (n, shape.name)
            assert shape.left + shape.width <= width + EMU_TOLERANCE, (n, shape.name)
            assert shape.top + shape.height <= height + EMU_TOLERANCE, (n, shape.name)


def main_body(prs: Any) -> list[Any]:
    slides = list(prs.slides)
    titles = [title_of(s) for s in slides]
    return slides[: titles.index("Appendix")] if "Appendix" in titles else slides


# --------------------------------------------------------------------------- the story


def test_deck_tells_the_story(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    prs, report, result = make_deck(book, built.qbr_id, tmp_path / "qbr.pptx")
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    slides = list(prs.slides)
    titles = [title_of(s) for s in slides]
    assert titles[0] == "Q4 2026 Business Review"
    first = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "Acme & Co" in first
    assert "3 Dec 2026" in first

    # Slide 2: the executive summary with numbers, each goal, and the asks.
    summary = "\n".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    figures = report.figures
    assert figures.delivered_text == "$18K"  # 30 -> 18 days at $1,500 a day
    assert titles[1].startswith("$18K of value delivered so far")
    for heading in ("Value delivered", "Where each goal stands", "What we ask today"):
        assert heading in summary
    assert "Name an executive owner for the 2027 rollout" in summary
    assert "Days to onboard: on track, 60% of the way" in summary

    # Titles state the takeaway: no title is repeated, none is a bare section name.
    body = main_body(prs)
    body_titles = [title_of(s) for s in body]
    assert len(body_titles) == len(set(body_titles))
    assert "Goals: progress against target" not in body_titles
    goal_title = next(t for t in body_titles if "Days to onboard" in t)
    assert goal_title.startswith("Days to onboard down 40% toward the 10 days target")
    assert "$18K of value delivered so far; $12K more when the targets are met" in body_titles
    assert len(body) <= main_budget(60) == 15

    # The appendix follows a slide titled "Appendix" and holds the detail tables.
    assert "Appendix" in titles
    appendix = slides[titles.index("Appendix") + 1 :]
    detail = [t[0][0] for s in appendix for t in tables(s)]
    assert "Goal" in detail
    assert "Use case" in detail

    # Native charts (at least two), no pictures, their labels the report's texts.
    native = [c for s in slides for c in charts(s)]
    assert result.native_charts == len(native) >= 2
    assert not [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    progress = next(c for c in native if c.plots[0].categories[-1] == "Days to onboard")
    labels = [p.data_label.text_frame.text for p in progress.plots[0].series[0].points]
    assert "60%" in labels

    # Speaker notes carry the talking points; no interface text anywhere.
    goals_slide = body[body_titles.index(goal_title)]
    assert "Time box" not in notes(goals_slide)
    assert "10 minutes" in notes(goals_slide) or "minutes (" in notes(goals_slide)
    everything = "\n".join(
        sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame
    )
    for interface in ("Hover", "Click", "right-click", "tooltip"):
        assert interface not in everything
    assert_inside(prs)
    assert prs.core_properties.title == "Q4 2026 Business Review"
    assert result.warnings == ()


def test_internal_copy_says_internal_on_every_slide(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    prs, report, _ = make_deck(book, built.qbr_id, tmp_path / "in.pptx", internal=True)
    assert report.internal
    for n, slide in enumerate(prs.slides, 1):
        marks = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == INTERNAL_MARK]
        assert marks, f"slide {n} has no INTERNAL mark"
    titles = [title_of(s) for s in prs.slides]
    assert any(t.startswith("Health ") for t in titles)  # our score: internal copy only
    assert any(t.startswith("Stakeholder map") for t in titles)
    customer, _, _ = make_deck(book, built.qbr_id, tmp_path / "out.pptx")
    for slide in customer.slides:
        assert not [s for s in slide.shapes if s.has_text_frame and "INTERNAL" in s.text_frame.text]
    assert_inside(prs)


def _storyline_deck(book: Book, tmp_path: Path, change: Callable[[Any], None]) -> list[str]:
    built = build_account(book)
    change(built)
    prs, _report, _ = make_deck(book, built.qbr_id, tmp_path / "story.pptx")
    assert_inside(prs)
    return [title_of(s) for s in main_body(prs)]


def test_at_risk_account_gets_a_path_to_green_and_no_upsell(book: Book, tmp_path: Path) -> None:
    def at_risk(built: Any) -> None:
        risk = plans.create_risk(
            book,
            built.account_id,
            title="Sponsor questions the value",
            severity=Severity.CRITICAL,
            mitigation="Value review",
            owner_name="Dana Reyes",
            raised_on=date(2026, 11, 1),
        )
        actions.create_action(
            book,
            built.account_id,
            title="Run the value review",
            risk_id=risk.id,
            owner_name="Dana Reyes",
            due_date=date(2026, 12, 12),
        )

    titles = _storyline_deck(book, tmp_path, at_risk)
    path = [t for t in titles if t.startswith("Path to green")]
    assert path, titles
    # risks first: right after the summary and the agenda
    assert titles.index(path[0]) == 3
    assert path[0] == "Path to green: 2 issues to fix first; 1 without a date: to agree today"
    assert not [t for t in titles if "help next" in t or "Pipeline" in t or "ways we can" in t]


def test_churned_account_gets_an_exit_review(book: Book, tmp_path: Path) -> None:
    def churned(built: Any) -> None:
        accounts.update_account(book, built.account_id, lifecycle_stage=LifecycleStage.CHURNED)

    titles = _storyline_deck(book, tmp_path, churned)
    text = "\n".join(titles)
    assert titles[1].startswith("Together we reached 1 goal and delivered $18K of value")
    assert any(t.startswith("What we achieved together") for t in titles)
    assert any(t.startswith("What we learned") for t in titles)
    assert any(t.startswith("The door stays open") for t in titles)
    for absent in ("Mutual action plan", "Next quarter", "help next", "Path to green"):
        assert absent not in text


def test_new_account_shows_onboarding_and_time_to_value(book: Book, tmp_path: Path) -> None:
    def new(built: Any) -> None:
        accounts.update_account(
            book,
            built.account_id,
            contract_start=date(2026, 9, 1),
            lifecycle_stage=LifecycleStage.ONBOARDING,
        )

    titles = _storyline_deck(book, tmp_path, new)
    # Invoice approvals went live on 5 Oct 2026, 34 days after the 1 Sep start (before the
    # portal goal was achieved on 20 Oct)
    assert titles[1] == "$18K of value in our first 93 days; 1 of 2 use cases live"
    assert "1 of 2 use cases live; first value 34 days after the start" in titles[3:]


def test_missed_goal_is_shown_missed_and_replanned(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    plans.update_goal(
        book, built.goals["onboarding"], due_date=date(2026, 11, 1), status=GoalStatus.AT_RISK
    )
    prs, _report, _ = make_deck(book, built.qbr_id, tmp_path / "missed.pptx")
    cells = [c for s in prs.slides for t in tables(s) for r in t for c in r]
    assert "Missed (was due 1 Nov 2026): to re-plan" in cells
    titles = [title_of(s) for s in prs.slides]
    assert any("1 missed goal to re-plan with a new date" in t for t in titles), titles


# --------------------------------------------------------------------------- templates


def _default_with(tmp_path: Path, name: str, change: Callable[[Any], None]) -> Path:
    prs = Presentation(io.BytesIO(deck.default_template_bytes()))
    change(prs)
    path = tmp_path / name
    prs.save(str(path))
    return path


def _rename(prs: Any) -> None:
    names = {
        "Title Slide": "Cover",
        "Title and Content": "Title, Content",
        "Title Only": "Headline only",
        "Section Header": "Divider",
    }
    for layout in prs.slide_layouts:
        layout.name = names.get(layout.name, layout.name)


def _title_and_section_only(prs: Any) -> None:
    layouts = prs.slide_master.slide_layouts
    for layout in list(layouts):
        if layout.name not in ("Title Slide", "Section Header"):
            layouts.remove(layout)


def _plain_four_by_three(tmp_path: Path) -> Path:
    path = tmp_path / "plain43.pptx"
    Presentation().save(str(path))
    return path


@pytest.mark.parametrize("kind", ["default", "4:3", "renamed", "title and section only"])
def test_every_shape_is_inside_the_slide_on_every_template(
    book: Book, tmp_path: Path, kind: str
) -> None:
    built = build_account(book, hostile=True)
    template = {
        "default": None,
        "4:3": _plain_four_by_three(tmp_path),
        "renamed": _default_with(tmp_path, "renamed.pptx", _rename),
        "title and section only": _default_with(tmp_path, "two.pptx", _title_and_section_only),
    }[kind]
    for internal in (False, True):
        prs, _report, result = make_deck(
            book, built.qbr_id, tmp_path / f"{kind}.pptx", template=template, internal=internal
        )
        assert_inside(prs)
        titles = [title_of(s) for s in prs.slides]
        assert all(titles), "every slide has a title"
        assert result.native_charts >= 2
        if kind == "title and section only":
            assert result.warnings
            assert "title area of their own" in result.warnings[0]
            content = [s for s in prs.slides if s.slide_layout.name != "Title Slide"]
            assert content
            # the section header's centred title is never used for content
            for slide in content[1:]:
                tops = [s.top for s in slide.shapes if s.name == "Title"]
                assert tops
                assert tops[0] < prs.slide_height * 0.25
                if slide.slide_layout.name == "Title Slide":  # the cover's dark fill, covered
                    assert slide.shapes[0].name == "Background"
        else:
            assert result.warnings == ()
        if kind == "4:3":
            assert prs.slide_width == 9144000


def test_brand_layout_names_are_matched(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    template = _default_with(tmp_path, "brand.pptx", _rename)
    found = deck.DeckWriter(deck.open_template(template)).layouts.found
    assert found == {
        "title": "Cover",
        "content": "Headline only",
        "section": "Divider",
        "blank": "Blank",
    }
    made, _, _ = make_deck(book, built.qbr_id, tmp_path / "brand_deck.pptx", template=template)
    assert made.slides[0].slide_layout.name == "Cover"
    assert made.slides[1].slide_layout.name == "Headline only"


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
    prs, report, _ = make_deck(book, built.qbr_id, tmp_path / "from_potx.pptx", template=potx)
    assert title_of(prs.slides[0]) == report.title
    with zipfile.ZipFile(tmp_path / "from_potx.pptx") as z:
        assert b"template.main+xml" not in z.read("[Content_Types].xml")


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


# --------------------------------------------------------------------------- text that fits


def test_hostile_text_comes_out_literally_and_fits(book: Book, tmp_path: Path) -> None:
    built = build_account(book, hostile=True)
    prs, _, _ = make_deck(book, built.qbr_id, tmp_path / "hostile.pptx")
    slides = list(prs.slides)
    first = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert HOSTILE_NAME in first
    xml = slides[0]._element.xml
    assert "&lt;script&gt;" in xml
    assert "<script>" not in xml

    all_cells = [c for s in slides for t in tables(s) for r in t for c in r]
    assert RTL_TEXT in all_cells
    rtl_paragraphs = [
        p
        for s in slides
        for sh in s.shapes
        if sh.has_table
        for row in sh.table.rows
        for c in row.cells
        for p in c.text_frame.paragraphs
        if p.text == RTL_TEXT
    ]
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
    assert_inside(prs)


def test_text_is_not_cut_while_its_box_has_room(book: Book, tmp_path: Path) -> None:
    """The key objective is shown whole: a long purpose is set smaller, not shortened."""
    built = build_account(book)
    purpose = (
        "Agree the 2027 rollout to the four regional finance teams, with a named owner "
        "on each side, the budget for the second wave, and the success measures the "
        "board will see in March."
    )
    from planner.services import qbrs

    qbrs.update_qbr(book, built.qbr_id, objectives=purpose)
    prs, _, _ = make_deck(book, built.qbr_id, tmp_path / "purpose.pptx")
    agenda = prs.slides[2]
    shown = "\n".join(s.text_frame.text for s in agenda.shapes if s.has_text_frame)
    assert f"Purpose: {purpose}" in shown
    assert "Shortened on the slide" not in notes(agenda)


def test_long_tables_are_paginated_in_balanced_pages(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    for n in range(45):
        actions.create_action(
            book,
            built.account_id,
            title=f"Follow-up number {n:02d}",
            owner_name="Dana Reyes",
            due_date=date(2026, 12, 30),
        )
    prs, report, _ = make_deck(book, built.qbr_id, tmp_path / "long.pptx")
    slides = list(prs.slides)
    titles = [title_of(s) for s in slides]
    main = main_body(prs)
    plan = next(s for s in main if title_of(s).startswith("Mutual action plan:"))
    footnotes = [sh.text_frame.text for sh in plan.shapes if sh.name == "Footnote"]
    assert footnotes
    assert "more rows in the appendix" in footnotes[0]
    pages = [
        s
        for s, t in zip(slides, titles, strict=True)
        if t.startswith("Mutual action plan in detail")
    ]
    assert len(pages) >= 2
    counts = [len(tables(s)[0]) - 1 for s in pages]
    total = sum(counts)
    assert total == len(report.figures.plan)
    assert min(counts) >= max(counts) - 1, counts  # balanced: never a page of 2-3 rows
    assert_inside(prs)


def test_goals_chart_data_labels_match_the_table(book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    health.record_snapshot(book, built.account_id, as_of=date(2026, 11, 21))
    prs, report, _ = make_deck(book, built.qbr_id, tmp_path / "labels.pptx")
    native = [c for s in prs.slides for c in charts(s)]
    progress = next(c for c in native if "Days to onboard" in list(c.plots[0].categories))
    categories = list(progress.plots[0].categories)[::-1]  # first goal on top
    labels = [p.data_label.text_frame.text for p in progress.plots[0].series[0].points][::-1]
    by_name = {g.name: g for g in report.figures.goals}
    for name, label in zip(categories, labels, strict=True):
        goal = by_name[name]
        assert label in (goal.progress_text, "Achieved", f"Missed, {goal.progress_text}")


def test_a_cell_with_a_line_break_is_measured_by_its_widest_line() -> None:
    """A numeric cell of two lines ("$68" over "x 12 months") is as wide as its longer line
    (PIL's layout engine refuses a line break)."""
    from planner.reports import textfit

    two_lines = textfit.text_width("$68\n\u00d7 12 months", 12)
    assert two_lines == textfit.text_width("\u00d7 12 months", 12) > 0


# --------------------------------------------------------------------------- no empty slides

CHROME = ("Title", "Kicker", "Footnote", "Footer", "Slide number", "Internal mark", "Internal tag")


def body_fill(prs: Any, slide: Any) -> float:
    """The share of a slide's body (below the title and its kicker, above the footnote and
    footer) that its content covers, top to bottom."""
    named = {s.name: s for s in slide.shapes}
    top = max(
        (named[n].top + named[n].height for n in ("Title", "Kicker") if n in named),
        default=0,
    )
    bottom = min(
        (named[n].top for n in ("Footnote", "Footer") if n in named),
        default=prs.slide_height,
    )
    spans = sorted(
        (max(s.top, top), min(s.top + s.height, bottom))
        for s in slide.shapes
        if s.name not in CHROME and not s.name.startswith("Chart note") and s.top is not None
    )
    covered, reach = 0, top
    for begin, end in spans:
        start = max(begin, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / max(bottom - top, 1)


def test_no_main_slide_is_mostly_empty_on_the_demo_accounts(
    demo_book: Book, tmp_path: Path
) -> None:
    """For two accounts of each storyline (growing, at risk, churned, new), both copies:
    every main-body slide after the title fills at least half of its body (short lists become
    cards, short "what next" sections share a slide)."""
    from planner.services import portfolio

    found: dict[str, list[QbrReport]] = {}
    for row in portfolio.portfolio(demo_book, today=TODAY):
        report = report_for(demo_book, account_id=row.id, today=TODAY)
        chosen = found.setdefault(report.storyline.value, [])
        if len(chosen) < 2:
            chosen.append(report)
    assert sorted(found) == ["at_risk", "churned", "growing", "new"]
    for story, reports in found.items():
        for customer in reports:
            account = customer.inputs.facts.account.id
            internal = report_for(demo_book, account_id=account, internal=True, today=TODAY)
            for report in (customer, internal):
                path = tmp_path / f"{story}-{account}-{report.internal}.pptx"
                deck.write_deck(report, path)
                prs = Presentation(str(path))
                for n, slide in enumerate(main_body(prs)[1:], 2):
                    fill = body_fill(prs, slide)
                    where = (report.account_name, report.internal, n, title_of(slide))
                    assert fill >= 0.5, (*where, round(fill, 2))


def test_internal_copy_carries_the_renewal_forecast(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    """The internal deck's appendix has the account's renewal forecast, with the forecast
    service's category, weight, ARR and reasons; the customer copy has none of it."""
    from planner.domain import formatting as fmt
    from planner.services import forecast

    built = build_account(book)
    found = forecast.forecast_for_account(book, built.account_id)
    assert found is not None
    prs, report, _ = make_deck(book, built.qbr_id, tmp_path / "in.pptx", internal=True)
    slide = next(s for s in report.appendix_slides if s.key == "appendix:forecast")
    weighted = fmt.money(found.weighted_minor, found.currency, compact=True)
    at_stake = fmt.money(found.arr_minor, found.currency, compact=True)
    assert slide.title == (
        f"Renewal forecast: {found.category.label.lower()} ({found.weight_pct}%), "
        f"{weighted} of {at_stake} ARR on {fmt.day(found.renewal_date)}"
    )
    assert list(found.reasons) == [b for b in slide.bullets if b in found.reasons]
    assert found.reasons
    shown = [title_of(s) for s in prs.slides]
    assert slide.title in shown
    page = prs.slides[shown.index(slide.title)]
    text = "\n".join(sh.text_frame.text for sh in page.shapes if sh.has_text_frame)
    assert weighted in text
    assert found.category.label in text
    assert [s for s in page.shapes if s.has_text_frame and s.text_frame.text == INTERNAL_MARK]

    from planner.reports import pdf

    written = pdf.write_qbr_pdf(report, tmp_path / "in.pdf")
    from pypdf import PdfReader

    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(str(written.path)).pages
    )
    assert slide.title in text
    assert f"{weighted} Weighted ARR" in text  # the tiles, in the PDF's appendix too

    customer, customer_report, _ = make_deck(book, built.qbr_id, tmp_path / "out.pptx")
    assert not [s for s in customer_report.slides if "forecast" in s.key]
    assert not [t for t in (title_of(s) for s in customer.slides) if "forecast" in t.casefold()]
