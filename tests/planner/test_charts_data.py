"""Chart data read from the book agrees with the book (demo book and a small one)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import errors
from planner.domain import metrics as mx
from planner.domain.enums import GoalStatus, Priority, Side, StakeholderRole, SurveyKind
from planner.services import accounts, chart_data, health, plans, stakeholders, surveys
from planner.services.books import Book
from tests.conftest import TODAY


def test_account_charts_on_the_demo_book(demo_book: Book) -> None:
    rows = accounts.list_accounts(demo_book)
    assert rows
    for account in rows[:12]:
        history = health.list_snapshots(demo_book, account.id)
        trend = chart_data.health_trend_data(demo_book, account.id)
        assert [p.score for p in trend.points] == [s.score for s in history]
        assert [p.overridden for p in trend.points] == [s.overridden for s in history]
        assert (trend.red_below, trend.green_from) == (40, 70)
        bars = chart_data.factor_contributions_data(demo_book, account.id, on=TODAY)
        assert sum(f.contribution for f in bars.factors) == pytest.approx(bars.score, abs=0.06)
        arr = chart_data.arr_history_data(demo_book, account.id, today=TODAY)
        if arr.steps:
            assert arr.steps[-1].arr_minor == account.arr_minor
        assert arr.currency == account.currency
        people = chart_data.stakeholder_map_data(demo_book, account.id)
        customers = [
            p
            for p in stakeholders.list_stakeholders(demo_book, account.id)
            if p.side is Side.CUSTOMER
        ]
        assert sorted(p.name for p in people.people) == sorted(p.name for p in customers)
        voice = chart_data.voice_trend_data(demo_book, account.id, today=TODAY)
        assert [p.label for p in voice.points][-1] == "Q4 2026"
        answers = surveys.list_responses(
            demo_book, account.id, since=date(2025, 1, 1), until=date(2026, 12, 31)
        )
        assert sum(p.nps_responses for p in voice.points) == sum(
            1 for a in answers if a.kind is SurveyKind.NPS
        )


def test_waterfall_data_compares_with_the_previous_snapshot(demo_book: Book) -> None:
    account = next(
        a
        for a in accounts.list_accounts(demo_book)
        if len(health.list_snapshots(demo_book, a.id)) >= 2
    )
    data = chart_data.factor_contributions_data(demo_book, account.id, waterfall=True, on=TODAY)
    assert data.waterfall
    assert data.previous_score is not None
    moved = sum(f.contribution - (f.previous_contribution or 0.0) for f in data.factors)
    assert data.previous_score + moved == pytest.approx(data.score, abs=0.15)


def test_portfolio_charts_on_the_demo_book(demo_book: Book) -> None:
    period = mx.Period.year_ending(TODAY)
    charts = chart_data.portfolio_charts(demo_book, period, today=TODAY)
    b = charts.bridge
    assert (
        b.start_minor + b.new_minor + b.expansion_minor - b.contraction_minor - (b.churn_minor)
        == b.end_minor
    )
    assert b.period_label == period.label
    counts = {x.band: x.accounts for x in charts.distribution.bands}
    active = [
        a for a in accounts.list_accounts(demo_book, include_archived=True) if a.arr_minor > 0
    ]
    assert sum(counts.values()) == len(active)
    months = charts.renewals.months
    assert len(months) == 12
    assert months[0].month == date(2026, 11, 1)
    assert months[-1].month == date(2027, 10, 1)
    due = [
        a
        for a in active
        if a.renewal_date and date(2026, 11, 1) <= a.renewal_date <= date(2027, 10, 31)
    ]
    assert sum(m.accounts for m in months) == len(due)
    assert sum(m.total_minor for m in months) == sum(a.arr_minor for a in due)
    labels = [p.label for p in charts.retention.points]
    assert labels == [
        "Q1 2025",
        "Q2 2025",
        "Q3 2025",
        "Q4 2025",
        "Q1 2026",
        "Q2 2026",
        "Q3 2026",
        "Q4 2026",
    ]
    assert all(p.nrr_pct is not None for p in charts.retention.points)
    alone = chart_data.retention_trend_data(demo_book, today=TODAY)
    assert alone == charts.retention
    assert chart_data.renewals_by_month_data(demo_book, today=TODAY) == charts.renewals
    assert chart_data.arr_bridge_data(demo_book, period) == charts.bridge
    assert chart_data.health_distribution_data(demo_book, period) == charts.distribution
    smb = chart_data.portfolio_charts(demo_book, period, mx.Segment("tier", "smb"), today=TODAY)
    assert smb.bridge.end_minor < b.end_minor


def test_goal_progress_order_and_customer_view(book: Book) -> None:
    acme = accounts.create_account(book, name="Acme")
    old = plans.create_plan(book, acme.id, title="2025")
    plans.create_goal(book, old.id, title="Old goal", baseline=0, current=1, target=1)
    plans.update_plan(book, old.id, status="completed")
    plan = plans.create_plan(book, acme.id, title="2026", status="active")
    plans.create_goal(
        book, plan.id, title="Medium", priority=Priority.MEDIUM, baseline=0, current=5, target=10
    )
    plans.create_goal(
        book,
        plan.id,
        title="Critical",
        priority=Priority.CRITICAL,
        baseline=48,
        current=18,
        target=8,
        unit="hours",
        status=GoalStatus.ON_TRACK,
    )
    plans.create_goal(
        book, plan.id, title="Internal", priority=Priority.HIGH, customer_visible=False
    )
    data = chart_data.goal_progress_data(book, acme.id)
    assert [g.title for g in data.goals] == ["Critical", "Internal", "Medium"]
    assert data.goals[0].progress == 0.75
    assert data.goals[1].progress is None
    shown = chart_data.goal_progress_data(book, acme.id, customer_visible_only=True)
    assert [g.title for g in shown.goals] == ["Critical", "Medium"]
    bare = accounts.create_account(book, name="Bare")
    assert chart_data.goal_progress_data(book, bare.id).goals == ()
    assert chart_data.health_trend_data(book, bare.id).points == ()
    assert chart_data.stakeholder_map_data(book, bare.id).people == ()
    assert chart_data.arr_history_data(book, bare.id).steps == ()
    stakeholders.create_stakeholder(
        book, bare.id, name="Ivy", role=StakeholderRole.CHAMPION, side=Side.INTERNAL
    )
    assert chart_data.stakeholder_map_data(book, bare.id).people == ()
    with pytest.raises(errors.NotFoundError):
        chart_data.health_trend_data(book, "00000000-0000-4000-8000-000000000000")
