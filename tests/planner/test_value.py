"""What a goal's improvement is worth: per-period KPIs are counted over a year (one rule)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import agenda as ag
from planner.domain import qbr_figures as qf
from planner.domain import value


@pytest.mark.parametrize(
    ("unit", "per_year"),
    [
        ("hours/week", 52),
        ("hours / week", 52),
        ("calls/week", 52),
        ("per store/week", 52),
        ("hours a week", 52),
        ("Hours/Wk", 52),
        ("weekly hours", 52),
        ("per fortnight", 26),
        ("hours/month", 12),
        ("per month", 12),
        ("applications per mo.", 12),
        ("per quarter", 4),
        ("clashes each quarter", 4),
        ("/qtr", 4),
        ("/day", 365),
        ("stock-outs per day", 365),
        ("calls per working day", 250),
        ("hours/workday", 250),
        ("per year", 1),
    ],
)
def test_per_period_units_recur(unit: str, per_year: int) -> None:
    found = value.recurrence(unit)
    assert found is not None
    assert found.per_year == per_year


@pytest.mark.parametrize(
    "unit",
    ["", "days", "minutes", "hours", "%", "of 10", "hotels", "calls per outage", "per cent"],
)
def test_other_units_are_one_off(unit: str) -> None:
    assert value.recurrence(unit) is None


def test_worth_is_counted_over_a_year() -> None:
    # 83 -> 38 hours/month at $68 an hour: 45 hours a month, $36,720 a year (not $3,060)
    assert value.yearly_worth(45, 6_800, "hours/month") == 3_672_000
    assert value.yearly_worth(8, 6_800, "hours/week") == 2_828_800
    assert value.yearly_worth(12, 150_000, "days") == 1_800_000  # one-off: once


def test_goal_figure_says_a_year() -> None:
    goal = ag.GoalView(
        "g",
        "Fewer audit hours",
        ag.GoalStatus.ACHIEVED,
        kpi_name="Area manager time on audits",
        unit="hours/month",
        baseline=83.0,
        current=38.0,
        target=40.0,
        value_per_unit_minor=6_800,
    )
    figure = qf.goal_figure(goal, date(2026, 12, 28), "USD")
    assert figure.delivered_minor == 3_672_000
    assert figure.delivered_text == "$36,720 a year"
    assert figure.delivered_compact == "$36.7K"
    assert figure.gap_text == "$0 a year"
    assert figure.counted_text == "\u00d7 12 months"
    assert figure.yearly


def test_footnote_names_the_periods_used() -> None:
    text = value.how_counted(["hours/week", "per month", "days", "hours/week"])
    assert text.startswith("Value = the improvement since the baseline")
    assert "per week \u00d7 52, per month \u00d7 12" in text
    assert value.how_counted(["days"]).endswith("as agreed with you.")
