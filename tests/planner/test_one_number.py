"""One number, one value: every figure of a QBR is computed once, rounded once and formatted by
the one formatter, so it reads the same on the slides, inside the charts, in the speaker notes,
in the PDF, in the e-mail agenda and in the invite.

The cross-check exports one QBR in every format (both copies) and looks for each figure of
:class:`planner.domain.qbr_figures.QbrFigures` in every output that shows it; the cases the
review found are checked by hand: a score "up" between two equal rounded values, a waterfall
whose bars do not add up to its title, a stale "days ago", cents beside a compact amount.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from planner.domain import agenda as ag
from planner.domain import formatting as fmt
from planner.domain import qbr_figures as qf
from planner.domain.enums import HealthBand
from planner.domain.health import FactorResult
from planner.services import plans, surveys
from planner.services.books import Book
from planner.services.qbr_export import ExportOptions, Sender, export_qbr
from tests.planner.test_qbr_data import LAST_TOUCH, MEETING, TODAY, build_account


def deck_text(path: Path) -> dict[str, str]:
    """The deck's text by where it is: slides (shapes and tables), charts, notes."""
    prs = Presentation(str(path))
    slides, charts, notes = [], [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                slides.append(shape.text_frame.text)
            if shape.has_table:
                slides += [c.text_frame.text for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                for plot in shape.chart.plots:
                    charts += [str(c) for c in plot.categories]
                    for series in plot.series:
                        charts.append(series.name)
                        for n in range(len(list(series.values))):
                            label = series.points[n].data_label
                            if label.has_text_frame:
                                charts.append(label.text_frame.text)
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return {"slides": "\n".join(slides), "charts": "\n".join(charts), "notes": "\n".join(notes)}


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def export(book: Book, qbr_id: str, folder: Path, *, internal: bool) -> dict[str, Path]:
    options = ExportOptions(
        formats=("pptx", "pdf", "md", "ics"),
        internal=internal,
        sender=Sender("Dana Reyes", "dana@vendor.example", "UTC"),
    )
    result = export_qbr(book, folder, options, qbr_id=qbr_id, today=TODAY)
    return {p.suffix: p for p in result.files}


def test_each_figure_reads_the_same_in_every_output(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    from planner.services.qbr_export import report_for

    built = build_account(book)
    # a second quarter of answers, so the voice of the customer is a trend chart (a passive: 0)
    surveys.create_response(
        book, built.account_id, responded_on=date(2026, 8, 14), kind=ag.SurveyKind.NPS, score=8
    )
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    f = report.figures
    files = export(book, built.qbr_id, tmp_path, internal=False)
    slides = deck_text(files[".pptx"])
    deck_all = flat("\n".join(slides.values()))
    pdf = pdf_text(files[".pdf"])
    md = flat(files[".md"].read_text(encoding="utf-8").replace("\\", ""))
    unfolded = files[".ics"].read_bytes().decode("utf-8").replace("\r\n ", "")
    ics = flat(unfolded.replace("\\n", "\n").replace("\\", ""))

    # Hand-worked: 30 -> 18 days at $1,500 a day is $18,000 delivered; 8 more days to the 10-day
    # target, $12,000. NPS 10, 9, 3 in Q4 2026: +33. CSAT 5, 2: 50%. Adoption (70+20)/2: 45%.
    onboarding = next(g for g in f.goals if g.name == "Days to onboard")
    assert (onboarding.delivered_text, onboarding.gap_text) == ("$18,000", "$12,000")
    assert (f.delivered_text, f.gap_text) == ("$18K", "$12K")
    nps, _ = f.voice.latest_with(ag.SurveyKind.NPS)
    csat, _ = f.voice.latest_with(ag.SurveyKind.CSAT)
    assert nps is not None
    assert nps.nps_text == "+33"
    assert csat is not None
    assert csat.csat_text == "50%"
    assert f.adoption_text == "45%"

    everywhere = {"deck": deck_all, "pdf": pdf}
    figures = {
        "value delivered": f.delivered_text,
        "value still to gain": f.gap_text,
        "delivered, in the table": onboarding.delivered_text,
        "goal progress": onboarding.progress_text,
        "goal headline": onboarding.headline,
        "NPS": f"NPS {nps.nps_text} in {nps.label} from 3 answers, up from 0 in Q3 2026",
        "CSAT": f"{csat.csat_text} satisfied",
        "adoption": f"averages {f.adoption_text}",
    }
    for label, text in figures.items():
        for where, content in everywhere.items():
            assert text in content, (label, where, text)
    # Inside the charts: the same texts as on the slides.
    assert onboarding.progress_text in slides["charts"].split("\n")
    assert nps.nps_point in slides["charts"].split("\n")
    assert csat.csat_point in slides["charts"].split("\n")  # "50% (2 answers)": a small sample
    # The agenda e-mail and the invite say what the slides conclude, word for word.
    for item in report.items:
        for takeaway in item.takeaways:
            assert flat(takeaway) in md, takeaway
            assert flat(takeaway) in ics, takeaway
    summary = report.main_slides[1]
    assert summary.title in deck_all
    assert summary.title in pdf
    assert summary.title in md
    # Every main slide's title is a heading of the PDF.
    for slide in report.main_slides[1:]:
        assert flat(slide.title) in pdf, slide.title
    # One value: no other rounding or format of the same amounts anywhere.
    for content in (deck_all, pdf, md, ics):
        assert not re.search(r"\$[\d,]+\.00\b", content)  # no cents beside compact amounts
        assert "$18.0K" not in content
        assert "$18,000.00" not in content


def test_yearly_value_reads_the_same_in_every_output(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    """A KPI measured per month is worth a year of its improvement, said the same way on the
    slides, in the PDF and in the agenda."""
    from planner.services.qbr_export import report_for

    built = build_account(book)
    plan = plans.current_plan(book, built.account_id)
    assert plan is not None
    plans.create_goal(
        book,
        plan.id,
        title="Fewer audit hours",
        kpi_name="Area manager time on audits",
        unit="hours/month",
        baseline=83.0,
        current=38.0,
        target=30.0,
        status=ag.GoalStatus.ON_TRACK,
        due_date=date(2027, 6, 30),
        value_per_unit_minor=6_800,
    )
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    f = report.figures
    audits = next(g for g in f.goals if g.name == "Area manager time on audits")
    # Hand-worked: 45 hours a month at $68, 12 months: $36,720 a year; 8 more hours to the
    # target: $6,528 a year. With the onboarding goal ($18,000, $12,000 to go), the totals
    # are $54,720 and $18,528, counted over a year.
    assert (audits.delivered_text, audits.gap_text) == ("$36,720 a year", "$6,528 a year")
    assert (f.delivered_text, f.gap_text) == ("$54.7K a year", "$18.5K a year")
    assert (f.delivered_full, f.gap_full) == ("$54,720 a year", "$18,528 a year")
    files = export(book, built.qbr_id, tmp_path, internal=False)
    deck_all = flat("\n".join(deck_text(files[".pptx"]).values()))
    pdf = pdf_text(files[".pdf"])
    md = flat(files[".md"].read_text(encoding="utf-8").replace("\\", ""))
    value = next(s for s in report.main_slides if s.key == "value")
    assert value.title == (
        "$54.7K a year of value delivered so far; $18.5K a year more when the targets are met"
    )
    for text in (value.title, audits.delivered_text, f.delivered_full, value.footnote):
        assert flat(text) in deck_all, text
        assert flat(text) in pdf, text
    assert value.title in md  # the goals item's takeaway
    assert "per month \u00d7 12" in value.footnote
    for content in (deck_all, pdf, md):
        assert "$3,060" not in content  # one month of it, the old reading


def test_internal_figures_agree_too(qapp: QApplication, book: Book, tmp_path: Path) -> None:
    from planner.services.qbr_export import report_for

    built = build_account(book)
    report = report_for(book, qbr_id=built.qbr_id, internal=True, today=TODAY)
    health = report.figures.health
    assert health is not None
    files = export(book, built.qbr_id, tmp_path, internal=True)
    deck_all = flat("\n".join(deck_text(files[".pptx"]).values()))
    pdf = pdf_text(files[".pdf"])
    # the last interaction, from the book, against the meeting: not a stale "3 days ago"
    days = (MEETING - LAST_TOUCH).days
    assert days == 157
    for content in (deck_all, pdf):
        assert health.headline in content
        assert f"{fmt.day(LAST_TOUCH)}" in content
        assert "157 days before this review" in content
        assert str(health.now) in content
    # the factors' points add up to the computed score, their changes to the score's change
    assert sum(x.points_now for x in health.factors) == (health.computed or health.now)


# --------------------------------------------------------------------------- by hand


def _snap(day: date, score: float, factors: tuple[FactorResult, ...]) -> ag.SnapshotView:
    return ag.SnapshotView(day, score, HealthBand.GREEN, factors, computed_score=score)


def _factor(key: str, score: float, weight: float) -> FactorResult:
    return FactorResult(key, key.title(), "", score, weight, weight)


def test_a_score_is_not_up_when_both_read_the_same() -> None:
    then = _snap(date(2026, 6, 30), 90.6, (_factor("engagement", 90.6, 1.0),))
    now = _snap(date(2026, 11, 20), 91.4, (_factor("engagement", 91.4, 1.0),))
    facts = ag.AccountFacts(
        ag.AccountView("a", "Acme", "USD", 0, "Dana"), date(2026, 11, 23), snapshots=(then, now)
    )
    health = qf.health_figures(facts, date(2026, 7, 1), date(2026, 11, 23))
    assert health is not None
    assert (health.then, health.now) == (91, 91)
    assert health.headline == "Health 91 (green), unchanged since 30 Jun 2026"


def test_bars_add_up_to_the_change_in_the_title() -> None:
    """Three factors that each moved 3.87 points: rounded one by one they would add up to 12
    (4 + 4 + 4) under a score change of 11.6 -> 12 (rounded) only by luck; parts_of makes the
    bars add up to the rounded totals, always."""
    weights = (0.3, 0.3, 0.4)
    before = tuple(_factor(k, 50.0, w) for k, w in zip(("a", "b", "c"), weights, strict=True))
    after = (_factor("a", 62.9, 0.3), _factor("b", 62.9, 0.3), _factor("c", 59.0, 0.4))
    then_score = sum(f.contribution for f in before)
    now_score = sum(f.contribution for f in after)
    facts = ag.AccountFacts(
        ag.AccountView("a", "Acme", "USD", 0, "Dana"),
        date(2026, 11, 23),
        snapshots=(
            _snap(date(2026, 6, 30), then_score, before),
            _snap(date(2026, 11, 20), now_score, after),
        ),
    )
    health = qf.health_figures(facts, date(2026, 7, 1), date(2026, 11, 23))
    assert health is not None
    assert sum(x.points_now for x in health.factors) == health.now
    assert sum(x.change or 0 for x in health.factors) == health.change
    assert health.change == fmt.round_int(now_score) - fmt.round_int(then_score)


def test_voice_chart_points_are_the_figures(qapp: QApplication, book: Book) -> None:
    from planner.services.qbr_export import report_for

    built = build_account(book)
    surveys.create_response(
        book, built.account_id, responded_on=date(2026, 8, 14), kind=ag.SurveyKind.NPS, score=8
    )
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    chart = next(s.chart for s in report.slides if s.key == "voice" and s.chart)
    quarters = report.figures.voice.quarters
    nps = next(s for s in chart.series if s.name == "NPS")
    assert nps.values == tuple(None if q.nps is None else float(q.nps) for q in quarters)
    assert nps.labels == tuple(q.nps_point if q.nps is not None else "" for q in quarters)
    assert nps.labels == ("0 (1 answer)", "+33")  # a quarter of one answer says so
    assert chart.dates == tuple(q.end for q in quarters)  # spaced by date, not by position


def test_money_reads_whole_in_tables_and_compact_on_tiles() -> None:
    assert fmt.money(58_310_000, "USD") == "$583,100"
    assert fmt.money(58_310_000, "USD", compact=True) == "$583.1K"
    goal = ag.GoalView(
        "g",
        "Faster approvals",
        ag.GoalStatus.ON_TRACK,
        kpi_name="Approval time",
        unit="h",
        baseline=52.0,
        current=23.4,
        target=24.0,
        value_per_unit_minor=2_050_000,
    )
    figure = qf.goal_figure(goal, date(2026, 12, 3), "USD")
    # 28.6 hours at $20,500 an hour: $586,300 (rounded once, to whole dollars)
    assert figure.delivered_minor == 58_630_000
    assert (figure.delivered_text, figure.delivered_compact) == ("$586,300", "$586.3K")
    assert figure.headline == "Approval time down 55%: the 24 h target is met"
