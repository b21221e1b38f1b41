"""The deck as a thriving account's executive sponsor reads it: the value story does not
undersell, no "$0" tile, NPS and CSAT labels never on top of each other, and card text never
under 14 pt nor outside its box. Each deck is written and read back with python-pptx."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from planner.domain import agenda as ag
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    LifecycleStage,
    OpportunityStatus,
    RevenueKind,
    Side,
    SurveyKind,
)
from planner.reports import deck, pdf, textfit
from planner.reports.qbr_report import QbrReport, build_qbr_report

TODAY = date(2026, 12, 1)
MEETING = date(2026, 12, 28)
ARR = 54_850_000  # $548.5K


def _goal(n: int, status: GoalStatus, **values: object) -> ag.GoalView:
    fields: dict[str, object] = {
        "kpi_name": f"Measure {n}",
        "unit": "minutes",
        "baseline": 98.0,
        "current": 35.0,
        "target": 35.0,
        "due_date": date(2026, 10, 8 + n),
        "achieved_on": date(2026, 10, 1 + n),
    }
    fields.update(values)
    return ag.GoalView(f"g{n}", f"Goal {n}", status, **fields)  # type: ignore[arg-type]


def report_of(
    goals: tuple[ag.GoalView, ...] = (),
    *,
    arr_minor: int = ARR,
    actions: tuple[ag.ActionView, ...] = (),
    responses: tuple[ag.SurveyView, ...] = (),
    opportunities: tuple[ag.OpportunityView, ...] = (),
) -> QbrReport:
    account = ag.AccountView(
        "a1",
        "Ospedale Dolomiti",
        "USD",
        arr_minor,
        "Hannah Kim",
        lifecycle_stage=LifecycleStage.ADVOCACY,
        contract_start=date(2024, 1, 10),
    )
    facts = ag.AccountFacts(
        account,
        TODAY,
        goals=goals,
        actions=actions,
        responses=responses,
        opportunities=opportunities,
        revenue=(ag.RevenueView(date(2024, 1, 10), RevenueKind.NEW, arr_minor),),
    )
    inputs = ag.QbrInputs(
        facts, MEETING, date(2026, 9, 23), MEETING, title="Q1 2027 Business Review"
    )
    return build_qbr_report(inputs)


def deck_of(report: QbrReport, tmp_path: Path) -> list[Any]:
    path = tmp_path / "qbr.pptx"
    deck.write_deck(report, path)
    return list(Presentation(str(path)).slides)


def title_of(slide: Any) -> str:
    return str(slide.shapes.title.text_frame.text)


def slide_titled(slides: list[Any], report: QbrReport, key: str) -> Any:
    wanted = next(s.title for s in report.main_slides if s.key == key)
    return next(s for s in slides if title_of(s) == wanted)


def tiles(slide: Any) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.name.startswith("Tile")]


# --------------------------------------------------------------------------- 1 and 2: value


def _thriving() -> tuple[ag.GoalView, ...]:
    """Five goals achieved; only one has a worth per unit ($59 an hour a month)."""
    priced = _goal(
        0,
        GoalStatus.ACHIEVED,
        kpi_name="Nurse scheduling time",
        unit="hours/month",
        baseline=67.0,
        current=46.0,
        target=47.0,
        value_per_unit_minor=5_900,
    )
    return (priced, *(_goal(n, GoalStatus.ACHIEVED) for n in range(1, 5)))


def test_small_priced_value_follows_the_outcomes_and_says_what_it_covers(
    tmp_path: Path,
) -> None:
    """$14.9K a year against $548.5K of ARR: the outcomes lead (all 5 goals achieved), and
    the figure says it comes from the one goal with a value set; it is the one computed
    value, unchanged."""
    report = report_of(_thriving())
    figures = report.figures
    assert figures.delivered_full == "$14,868 a year"  # 21 hours x $59 x 12
    slides = deck_of(report, tmp_path)

    summary = title_of(slides[1])
    assert summary.startswith("All 5 goals achieved"), summary
    assert "$14.9K a year of value from the one goal with a value set" in summary
    column = next(s for s in slides[1].shapes if s.name == "Summary: Results so far")
    assert column is not None
    points = next(
        s.text_frame.text for s in slides[1].shapes if s.name == "Points" and s.left == column.left
    ).split("\n")
    assert points[:2] == [
        "5 goals achieved",
        "$14.9K a year of value from the one goal with a value set",
    ]

    value = slide_titled(slides, report, "value")
    assert title_of(value) == (
        "All 5 goals achieved; value so far from the one goal with a value set: $14.9K a year"
    )
    shown = tiles(value)
    assert shown[0] == "5 of 5\nGoals achieved"
    assert shown[1].startswith("$14.9K\nValue delivered so far\na year, from the one goal")
    notes = value.notes_slide.notes_text_frame.text
    assert "Not in this figure (no worth per unit agreed): Measure 1; Measure 2" in notes
    assert not figures.value_leads


def test_a_large_value_still_leads_and_says_what_it_covers(tmp_path: Path) -> None:
    report = report_of(_thriving(), arr_minor=9_000_000)  # $14.9K of $90K: it leads
    slides = deck_of(report, tmp_path)
    assert title_of(slides[1]).startswith("$14.9K a year of value delivered so far")
    value = slide_titled(slides, report, "value")
    assert tiles(value)[0].startswith("$14.9K\nValue delivered so far\na year, from the one")
    assert report.figures.value_leads


def test_nothing_left_to_gain_has_no_zero_tile_or_column(tmp_path: Path) -> None:
    report = report_of(_thriving())
    assert report.figures.gap_minor == 0
    value = slide_titled(deck_of(report, tmp_path), report, "value")
    texts = [s.text_frame.text for s in value.shapes if s.has_text_frame]
    assert not [t for t in texts if "$0" in t], texts
    assert not [t for t in texts if "Still to gain" in t], texts
    assert not [t for t in texts if "$0" in t], texts
    assert "$14,868 a year" in "\n".join(texts)  # the one valued goal, shown as a card
    assert "$0" not in value.notes_slide.notes_text_frame.text


# --------------------------------------------------------------------------- 3: voice labels


def _answers(day: date, nps: list[int], csat: list[int]) -> list[ag.SurveyView]:
    found = [ag.SurveyView(day, SurveyKind.NPS, s) for s in nps]
    return found + [ag.SurveyView(day, SurveyKind.CSAT, s) for s in csat]


def voice_labels(report: QbrReport, tmp_path: Path) -> tuple[Any, list[list[tuple[float, Any]]]]:
    """The native voice chart and, per series, (value, label position) of each labelled point."""
    slide = slide_titled(deck_of(report, tmp_path), report, "voice")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    found = []
    for series in chart.plots[0].series:
        points = []
        for n, value in enumerate(series.values):
            label = series.points[n].data_label
            if value is not None and label.has_text_frame and label.text_frame.text:
                points.append((value, label.position))
            else:
                points.append((None, None))
        found.append(points)
    return chart, found


def test_close_nps_and_csat_labels_go_on_opposite_sides(tmp_path: Path) -> None:
    """Both at 100; NPS 90 under CSAT 100; both at 0: on every quarter the higher point's
    label is above it and the lower one's below (equal: NPS above), inside the axis."""
    responses = (
        *_answers(date(2026, 2, 10), [10, 10, 10], [5, 5, 5]),  # +100 and 100%
        *_answers(date(2026, 5, 10), [10] * 9 + [8], [5, 5, 4]),  # +90 and 100%
        *_answers(date(2026, 8, 10), [10, 8, 6, 6, 9, 7, 5, 10], [2, 3, 1]),
    )
    report = report_of(_thriving(), responses=tuple(responses))
    voice = report.figures.voice.quarters
    assert [(q.nps, q.csat) for q in voice] == [(100, 100), (90, 100), (0, 0)]
    chart, series = voice_labels(report, tmp_path)
    nps, csat = series
    above, below = XL_LABEL_POSITION.ABOVE, XL_LABEL_POSITION.BELOW
    assert [p for _, p in nps] == [above, below, above]
    assert [p for _, p in csat] == [below, above, below]
    # room under the two zeros for the label below them, and above 100 for the one above
    assert chart.value_axis.minimum_scale < 0
    assert chart.value_axis.maximum_scale > 100


# --------------------------------------------------------------------------- 4: cards


LONG_ACTIONS = (
    "Confirm who signs the renewal and every approval step on the procurement side",
    "Share the November adoption report with Elisa and the ward managers before the review",
    "Draft the rollout plan for the maternity unit with dates for each ward and the training",
)


def _plan() -> tuple[ag.ActionView, ...]:
    return tuple(
        ag.ActionView(
            f"x{n}",
            title,
            ActionStatus.OPEN,
            owner="Lotte Dupont" if n % 2 else "Hannah Kim",
            owner_side=Side.CUSTOMER if n % 2 else Side.INTERNAL,
            due_date=date(2027, 1, 10 + n),
        )
        for n, title in enumerate(LONG_ACTIONS)
    )


def _card_text_height(shape: Any) -> float:
    """The height the card's text needs, in points, as the deck measures it."""
    frame = shape.text_frame
    width = shape.width / 12700 - frame.margin_left / 12700 - frame.margin_right / 12700
    height = (frame.margin_top + frame.margin_bottom) / 12700
    for n, paragraph in enumerate(frame.paragraphs):
        size = paragraph.runs[0].font.size.pt
        bold = bool(paragraph.runs[0].font.bold)
        lines = textfit.count_lines(paragraph.text, size, width, bold=bold)
        height += lines * size * 1.2 + (size * 0.5 if n else 0)
    return float(height)


def test_three_next_quarter_cards_keep_14_pt_and_fit_their_boxes(tmp_path: Path) -> None:
    opportunities = (
        ag.OpportunityView("o1", "AI discharge summaries pilot", OpportunityStatus.OPEN),
        ag.OpportunityView("o2", "Seats for the new maternity wing", OpportunityStatus.OPEN),
    )
    report = report_of(_thriving(), actions=_plan(), opportunities=opportunities)
    slide = slide_titled(deck_of(report, tmp_path), report, "next_quarter")
    cards = [s for s in slide.shapes if s.name.startswith("Card")]
    assert len(cards) == 5
    for card in cards:
        sizes = [r.font.size.pt for p in card.text_frame.paragraphs for r in p.runs]
        assert min(sizes) >= 14, (card.name, sizes)
        assert _card_text_height(card) <= card.height / 12700 + 0.5, card.name
    text = "\n".join(c.text_frame.text for c in cards)
    for title in LONG_ACTIONS:  # each action is on the slide whole, with its owner and date
        assert title in text
        card = next(c.text_frame.text for c in cards if c.text_frame.text.startswith(title))
        assert "Owner: " in card
        assert "Due: " in card
        if "Side: " not in card:  # a detail left to the notes is said there
            assert f"{title}: Side: " in slide.notes_slide.notes_text_frame.text


def test_the_pdf_tells_the_same_value_story(qapp: QApplication, tmp_path: Path) -> None:
    """The PDF report reads the same slides: outcomes first, the figure's scope, no $0."""
    report = report_of(_thriving())
    path = tmp_path / "qbr.pdf"
    pdf.write_qbr_pdf(report, path)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert "All 5 goals achieved; $14.9K a year of value from the one goal with a value set" in (
        text
    )
    assert "a year, from the one goal with a value set" in text
    assert "Still to gain" not in text
    assert "$0" not in text


def test_two_goals_read_both_not_all_2(tmp_path: Path) -> None:
    goals = _thriving()[:2]
    slides = deck_of(report_of(goals), tmp_path)
    assert title_of(slides[1]).startswith("Both goals achieved"), title_of(slides[1])
