"""Titles that fit the account's state, value told as a sponsor would, statuses as of today.

Each case builds a QBR's inputs by hand (no book) and reads the report the deck, PDF and agenda
are made from: goals not started, all achieved, all missed, one goal, no goal; value counted over
a year for per-period measures and never led by "$0"; an action due between today and the
meeting is not overdue; the mutual action plan names both sides.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION, XL_TICK_LABEL_POSITION

from planner.domain import agenda as ag
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    LifecycleStage,
    Severity,
    Side,
    SurveyKind,
)
from planner.reports import deck
from planner.reports.qbr_charts import label_above
from planner.reports.qbr_report import QbrReport, build_qbr_report, commitments_text, sides_text

TODAY = date(2026, 12, 1)  # the book's today in these cases (the deck is made on 1 Dec)
MEETING = date(2026, 12, 28)


def _goal(n: int, status: GoalStatus, **values: object) -> ag.GoalView:
    fields: dict[str, object] = {
        "kpi_name": f"Measure {n}",
        "unit": "minutes",
        "baseline": 98.0,
        "current": 98.0,
        "target": 35.0,
        "due_date": date(2027, 6, 8 + n),
    }
    fields.update(values)
    return ag.GoalView(f"g{n}", f"Goal {n}", status, **fields)  # type: ignore[arg-type]


def report_of(
    goals: tuple[ag.GoalView, ...] = (),
    *,
    stage: LifecycleStage = LifecycleStage.ADOPTION,
    start: date = date(2024, 1, 10),
    actions: tuple[ag.ActionView, ...] = (),
    people: tuple[ag.PersonView, ...] = (),
    risks: tuple[ag.RiskView, ...] = (),
    responses: tuple[ag.SurveyView, ...] = (),
) -> QbrReport:
    account = ag.AccountView(
        "a1",
        "Table Bay Hotels",
        "USD",
        10_000_000,
        "Sofia Lindqvist",
        lifecycle_stage=stage,
        contract_start=start,
    )
    facts = ag.AccountFacts(
        account,
        TODAY,
        goals=goals,
        actions=actions,
        people=people,
        risks=risks,
        responses=responses,
    )
    inputs = ag.QbrInputs(
        facts, MEETING, date(2026, 9, 23), MEETING, title="Q4 2026 Business Review"
    )
    return build_qbr_report(inputs)


def titles(report: QbrReport) -> list[str]:
    return [s.title for s in report.main_slides]


def main_text(report: QbrReport) -> str:
    """What the sponsor reads on the main slides (not the speaker notes)."""
    found = []
    for s in report.main_slides:
        found += [s.title, *s.bullets, *(t.value for t in s.tiles)]
        found += [line for c in s.columns for line in c.lines]
    return "\n".join(found)


ZERO_MONEY = re.compile(r"\$0\b")


def assert_reads_well(report: QbrReport) -> None:
    text = main_text(report)
    assert not ZERO_MONEY.search(text), text
    for bad in ("1 of 1 ", "0 of ", "1 decisions", "1 goals", "all on ours"):
        assert bad not in text, (bad, text)
    assert not [t for t in titles(report) if t.startswith("0 ")]


# --------------------------------------------------------------------------- goal states


def test_goals_not_started_are_set_not_off_track() -> None:
    goals = tuple(_goal(n, GoalStatus.NOT_STARTED) for n in range(5))
    report = report_of(goals, stage=LifecycleStage.ONBOARDING, start=date(2026, 11, 16))
    goals_slide = next(s for s in report.main_slides if s.key == "goals")
    assert goals_slide.title == "5 goals set; the first is due in June 2027"
    assert goals_slide.chart is None  # every bar would be 0%: a list instead
    assert goals_slide.table is not None
    assert [r[0] for r in goals_slide.table.rows] == [f"Measure {n}" for n in range(5)]
    summary = report.main_slides[1]
    assert summary.title == "Day 42 of our work together: 5 goals set"
    standing = summary.columns[1].lines
    assert standing[0] == "Measure 0: not started yet, due 8 Jun 2027"
    text = main_text(report)
    for wrong in ("back on track", "off track", "unchanged", "Next quarter"):
        assert wrong not in text
    assert_reads_well(report)


def test_all_goals_achieved() -> None:
    goals = tuple(
        _goal(n, GoalStatus.ACHIEVED, current=30.0, achieved_on=date(2026, 10, n + 1))
        for n in range(3)
    )
    report = report_of(goals)
    goals_title = next(s.title for s in report.main_slides if s.key == "goals")
    assert goals_title.endswith("all 3 goals achieved"), goals_title
    assert "back on track" not in main_text(report)
    assert_reads_well(report)


def test_all_goals_missed() -> None:
    goals = tuple(
        _goal(n, GoalStatus.AT_RISK, current=80.0, due_date=date(2026, 10, n + 1)) for n in range(2)
    )
    report = report_of(goals)
    goals_slide = next(s for s in report.main_slides if s.key == "goals")
    assert goals_slide.title.endswith("both goals missed: to re-plan"), goals_slide.title
    assert "on track or achieved" not in main_text(report)
    assert_reads_well(report)


@pytest.mark.parametrize(
    ("status", "current", "expected"),
    [
        (GoalStatus.ON_TRACK, 70.0, "Measure 0 down 29% toward the 35 minutes target"),
        (GoalStatus.NOT_STARTED, 98.0, "1 goal set, due in June 2027"),
        (GoalStatus.ACHIEVED, 30.0, "Measure 0 down 69%: the 35 minutes target is met"),
    ],
)
def test_a_single_goal(status: GoalStatus, current: float, expected: str) -> None:
    report = report_of((_goal(0, status, current=current),))
    goals_slide = next(s for s in report.main_slides if s.key == "goals")
    assert goals_slide.title == expected
    assert_reads_well(report)


def test_no_goals() -> None:
    report = report_of()
    keys = [s.key for s in report.main_slides]
    assert "goals" not in keys
    assert "value" not in keys
    assert report.main_slides[1].title == "Where we stand, and what we ask of you today"
    assert_reads_well(report)


def test_some_goals_not_started_are_not_counted_against() -> None:
    goals = (
        _goal(0, GoalStatus.ON_TRACK, current=70.0),
        _goal(1, GoalStatus.ON_TRACK, current=75.0),
        _goal(2, GoalStatus.NOT_STARTED),
    )
    report = report_of(goals)
    summary = report.main_slides[1].title
    assert summary.startswith("2 of 3 goals on track or achieved, 1 not started yet"), summary
    assert_reads_well(report)


# --------------------------------------------------------------------------- value


ROUTE_PLANNING = {
    "kpi_name": "Route planning effort",
    "unit": "hours/week",
    "baseline": 36.0,
    "current": 36.0,
    "target": 28.0,
    "value_per_unit_minor": 6_800,
}
AUDITS = {
    "kpi_name": "Area manager time on audits",
    "unit": "hours/month",
    "baseline": 83.0,
    "current": 38.0,
    "target": 30.0,
    "value_per_unit_minor": 6_800,
}


def test_value_of_a_per_month_measure_is_counted_over_a_year() -> None:
    report = report_of((_goal(0, GoalStatus.ON_TRACK, **AUDITS),))
    f = report.figures
    # 83 -> 38 hours a month at $68 an hour: 45 x 68 x 12 = $36,720 a year (not $3,060);
    # 8 more hours a month to the target: 8 x 68 x 12 = $6,528 a year
    assert (f.delivered_minor, f.gap_minor) == (3_672_000, 652_800)
    value = next(s for s in report.main_slides if s.key == "value")
    assert value.title == (
        "$36.7K a year of value delivered so far; $6.5K a year more when the targets are met"
    )
    assert value.table is not None
    assert value.table.rows[0][2] == "$68\n\u00d7 12 months"
    assert value.table.rows[0][3] == "$36,720 a year"
    assert "per month \u00d7 12" in value.footnote
    assert report.main_slides[1].columns[0].lines[0] == ("$36.7K a year of value from its one goal")


def test_nothing_delivered_yet_says_what_is_within_reach() -> None:
    goals = (
        _goal(0, GoalStatus.ON_TRACK, current=70.0),
        _goal(1, GoalStatus.NOT_STARTED, **ROUTE_PLANNING),
    )
    report = report_of(goals)
    value = next(s for s in report.main_slides if s.key == "value")
    # 8 hours a week at $68, over 52 weeks: $28,288 a year
    assert value.title == "Up to $28.3K a year when the route planning effort target is met"
    assert [t.label for t in value.tiles] == ["Within reach"]
    assert value.table is not None
    assert "Delivered" not in value.table.headers
    summary = report.main_slides[1]
    assert summary.columns[0].heading == "Results so far"
    assert summary.columns[0].lines[0] == value.title
    assert_reads_well(report)


def test_exit_review_shows_no_value_when_nothing_was_delivered() -> None:
    goals = (_goal(0, GoalStatus.AT_RISK, **ROUTE_PLANNING),)
    report = report_of(goals, stage=LifecycleStage.CHURNED)
    assert "value" not in [s.key for s in report.slides]
    assert_reads_well(report)


# --------------------------------------------------------------------------- the action plan


def _action(n: int, due: date, side: Side, owner: str) -> ag.ActionView:
    return ag.ActionView(
        f"x{n}", f"Action {n}", ActionStatus.OPEN, owner=owner, owner_side=side, due_date=due
    )


def test_overdue_is_as_of_today_not_the_meeting() -> None:
    actions = (
        _action(1, date(2026, 11, 20), Side.INTERNAL, "Claire Dubois"),  # before today
        _action(2, date(2026, 12, 5), Side.CUSTOMER, "Megan Parker"),  # before the meeting
        _action(3, date(2027, 1, 15), Side.CUSTOMER, "Megan Parker"),
    )
    report = report_of(actions=actions)
    plan = next(s for s in report.main_slides if s.key == "plan")
    assert plan.table is not None
    status = {row[0]: row[4] for row in plan.table.rows}
    assert status == {
        "Action 1": "Open, overdue",
        "Action 2": "Open, due before the meeting",
        "Action 3": "Open",
    }
    sides = {row[0]: (row[1], row[2]) for row in plan.table.rows}
    assert sides["Action 2"] == ("Megan Parker", "Your team")
    assert sides["Action 1"] == ("Claire Dubois", "Our team")
    assert plan.title == (
        "Mutual action plan: 3 actions to 29 Mar 2027; 2 with your team, 1 with ours"
    )


def test_plan_held_by_one_side_says_so_plainly() -> None:
    ours = report_of(
        actions=tuple(_action(n, date(2027, 1, n), Side.INTERNAL, "Claire") for n in (1, 2))
    )
    assert next(s.title for s in ours.main_slides if s.key == "plan").endswith("all with our team")
    one = report_of(actions=(_action(1, date(2027, 1, 5), Side.CUSTOMER, "Megan Parker"),))
    assert next(s.title for s in one.main_slides if s.key == "plan").endswith("your team holds it")


# --------------------------------------------------------------------------- risks and voice


def test_a_risk_without_a_date_is_dated_today() -> None:
    risks = (
        ag.RiskView("r1", "Software budget cut for next year", Severity.CRITICAL),
        ag.RiskView("r2", "Reports time out", Severity.HIGH),
    )
    step = ag.ActionView(
        "x1",
        "Ship the faster export",
        ActionStatus.OPEN,
        owner="Priya Natarajan",
        owner_side=Side.INTERNAL,
        due_date=date(2027, 1, 15),
        risk_id="r2",
    )
    report = report_of(risks=risks, actions=(step,))
    path = next(s for s in report.main_slides if s.key == "path_to_green")
    assert path.table is not None
    by = {row[0]: row[4] for row in path.table.rows}
    assert by == {
        "Software budget cut for next year": "Date to agree today",
        "Reports time out": "15 Jan 2027",
    }
    assert path.title.endswith("1 without a date: to agree today")
    ask = "Agree a date to fix: Software budget cut for next year"
    assert ask in report.main_slides[1].columns[2].lines
    assert ask in next(s for s in report.main_slides if s.key == "asks").bullets


def _answer(day: date, score: int, kind: SurveyKind = SurveyKind.NPS) -> ag.SurveyView:
    return ag.SurveyView(day, kind, score)


def test_small_samples_say_how_many_answers() -> None:
    responses = (
        _answer(date(2026, 2, 10), 10),
        _answer(date(2026, 3, 2), 9),
        _answer(date(2026, 8, 14), 10),
        _answer(date(2026, 8, 20), 5, SurveyKind.CSAT),
        _answer(date(2026, 3, 20), 4, SurveyKind.CSAT),
        _answer(date(2026, 3, 21), 5, SurveyKind.CSAT),
        _answer(date(2026, 3, 22), 2, SurveyKind.CSAT),
    )
    report = report_of(responses=responses)
    voice = next(s for s in report.main_slides if s.key == "voice")
    assert voice.title == (
        "NPS +100 in Q3 2026 from 1 answer, unchanged from +100 in Q1 2026 (from 2 answers)"
    )
    assert voice.chart is not None
    nps = next(s for s in voice.chart.series if s.name == "NPS")
    assert nps.labels == ("+100 (2 answers)", "+100 (1 answer)")
    csat = next(s for s in voice.chart.series if s.name.startswith("CSAT"))
    assert csat.labels == ("67%", "100% (1 answer)")  # 3 answers in Q1: not a small sample
    assert voice.bullets[0] == (
        "CSAT: 100% satisfied (4 or 5 out of 5) in Q3 2026 from 1 answer; 67% in Q1 2026"
    )
    assert "fewer than 3 answers" in voice.footnote


def test_line_labels_stay_inside_the_plot(tmp_path: Path) -> None:
    """An NPS of -100 sits on the bottom of the axis: its label goes above the point (it was
    drawn below the plot), and the dates stay at the bottom of the chart, not on the 0 line."""
    responses = (
        _answer(date(2026, 2, 10), 2),
        _answer(date(2026, 8, 14), 10),
        _answer(date(2026, 8, 20), 1, SurveyKind.CSAT),
    )
    report = report_of(responses=responses)
    chart = next(s.chart for s in report.main_slides if s.key == "voice" and s.chart)
    assert chart.value_axis.minimum == -100
    nps = next(n for n, s in enumerate(chart.series) if s.name == "NPS")
    csat = next(n for n, s in enumerate(chart.series) if s.name.startswith("CSAT"))
    assert label_above(chart, nps, -100.0)  # at the bottom: above
    assert label_above(chart, csat, -100.0)  # whichever series
    top = chart.value_axis.maximum
    assert top is not None
    assert not label_above(chart, nps, top)  # at the top: below
    assert not label_above(chart, csat, 50.0)  # elsewhere the second series' labels go below

    path = tmp_path / "voice.pptx"
    deck.write_deck(report, path)
    native = next(
        sh.chart for s in Presentation(str(path)).slides for sh in s.shapes if sh.has_chart
    )
    series = native.plots[0].series[nps]
    first = series.points[0].data_label
    assert first.text_frame.text == "\u2212100 (1 answer)"
    assert first.position == XL_LABEL_POSITION.ABOVE
    assert native.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW


def test_a_risk_step_due_before_today_is_overdue() -> None:
    risk = ag.RiskView("r1", "Reports time out", Severity.CRITICAL)
    step = ag.ActionView(
        "x1",
        "Ship the faster export",
        ActionStatus.OPEN,
        owner="Priya Natarajan",
        owner_side=Side.INTERNAL,
        due_date=date(2026, 11, 22),
        risk_id="r1",
    )
    report = report_of(risks=(risk,), actions=(step,))
    path = next(s for s in report.main_slides if s.key == "path_to_green")
    assert path.table is not None
    assert path.table.rows[0][4] == "22 Nov 2026 (overdue)"


def test_a_goal_trend_is_shown_only_when_it_moved_and_never_twice_titled() -> None:
    points = ((date(2026, 6, 30), 83.0), (date(2026, 8, 31), 60.0), (date(2026, 10, 31), 38.0))
    moved = _goal(0, GoalStatus.ON_TRACK, **{**AUDITS, "measurements": points})
    report = report_of((moved,))
    titles = [s.title for s in report.main_slides]
    trend = next(s for s in report.main_slides if s.key == "goal_trend")
    assert trend.title == (
        "Area manager time on audits over time: 83 hours/month \u2192 38 hours/month, "
        "target 30 hours/month"
    )
    assert len(titles) == len(set(titles))
    flat = (
        (date(2026, 6, 30), 98.0),
        (date(2026, 8, 31), 98.0),
        (date(2026, 10, 31), 98.0),
    )
    still = report_of((_goal(0, GoalStatus.AT_RISK, measurements=flat),))
    assert "goal_trend" not in [s.key for s in still.main_slides]


@pytest.mark.parametrize(
    ("made", "done", "expected"),
    [
        (1, 1, "Our commitment from the 22 Sep 2026 review is done"),
        (1, 0, "Our commitment from the 22 Sep 2026 review is still open"),
        (3, 3, "All 3 commitments from our 22 Sep 2026 review done"),
        (2, 0, "2 commitments from our 22 Sep 2026 review still open"),
        (3, 2, "2 of 3 commitments from our 22 Sep 2026 review done"),
    ],
)
def test_commitments_title_fits_the_count(made: int, done: int, expected: str) -> None:
    assert commitments_text(made, done, "22 Sep 2026") == expected


@pytest.mark.parametrize(
    ("theirs", "ours", "expected"),
    [
        (3, 0, "all with your team"),
        (0, 2, "all with our team"),
        (1, 0, "your team holds it"),
        (3, 2, "3 with your team, 2 with ours"),
        (0, 0, ""),
    ],
)
def test_plan_sides_in_words(theirs: int, ours: int, expected: str) -> None:
    assert sides_text(theirs, ours) == expected
