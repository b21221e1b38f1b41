"""The data of every chart, read from the book (the charts themselves are in
:mod:`planner.reports.charts`; the screens, the QBR deck and the PDF all draw these).

Account charts take ``(book, account_id, ...)``; portfolio charts take ``(book, period,
segment, ...)``. Each function is one unit of work returning a frozen dataclass of plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from planner.domain import chart_data as c
from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain import metrics as mx
from planner.domain.enums import HealthBand, PlanStatus, Priority, Side
from planner.services import health
from planner.services.metrics import BookFacts, bands_on_day, facts_in
from planner.store import models as m
from planner.store.book import Book

# --------------------------------------------------------------------------- account charts


def _require_account(book: Book, account_id: str) -> m.Account:
    with book.read() as session:
        account = session.get(m.Account, account_id)
        if account is None:
            raise errors.NotFoundError("That account no longer exists.")
        return account


def health_trend_data(book: Book, account_id: str) -> c.HealthTrendData:
    """Every snapshot of the account, with the current model's bands."""
    _require_account(book, account_id)
    history = health.list_snapshots(book, account_id)
    model = health.current_model(book)
    points = tuple(
        c.HealthPoint(
            day=s.taken_on,
            score=s.score,
            band=s.band,
            model_version=s.model_version,
            computed_score=s.computed_score,
            overridden=s.overridden,
            override_reason=s.override_reason,
        )
        for s in history
    )
    return c.HealthTrendData(points, model.red_below, model.green_from)


def factor_contributions_data(
    book: Book,
    account_id: str,
    *,
    waterfall: bool = False,
    on: date | None = None,
    today: date | None = None,
) -> c.FactorContributionsData:
    """The factors of the account's score now (``on`` None: computed as of ``today``) or of
    the snapshot in force on a day; with ``waterfall``, how each moved since the snapshot
    before."""
    explanation = health.explain_health(book, account_id, on, today=today)
    previous = explanation.previous.result() if explanation.previous else None
    before = {f.key: f.contribution for f in previous.factors} if previous else {}
    bars = tuple(
        c.FactorBar(
            key=f.key,
            label=f.label,
            contribution=f.contribution,
            score=f.score,
            share=f.effective_weight,
            previous_contribution=before.get(f.key, 0.0) if previous else None,
        )
        for f in explanation.result.factors
    )
    return c.FactorContributionsData(
        factors=bars,
        score=explanation.result.score,
        previous_score=previous.score if previous else None,
        waterfall=waterfall and previous is not None,
        override_score=explanation.override_score,
    )


def goal_progress_data(
    book: Book, account_id: str, *, customer_visible_only: bool = False
) -> c.GoalProgressData:
    """Goals of the account's current plans (active and draft; the completed ones when there
    is nothing else), highest priority and soonest due first."""
    _require_account(book, account_id)
    priority_order = case(
        (m.Goal.priority == Priority.CRITICAL, 0),
        (m.Goal.priority == Priority.HIGH, 1),
        (m.Goal.priority == Priority.MEDIUM, 2),
        else_=3,
    )
    with book.read() as session:
        stmt = (
            select(m.Goal, m.SuccessPlan.status)
            .join(m.SuccessPlan, m.SuccessPlan.id == m.Goal.plan_id)
            .where(m.SuccessPlan.account_id == account_id)
            .order_by(priority_order, m.Goal.due_date.is_(None), m.Goal.due_date, m.Goal.title)
        )
        if customer_visible_only:
            stmt = stmt.where(m.Goal.customer_visible.is_(True))
        found = session.execute(stmt).all()
        current = [g for g, status in found if status is not PlanStatus.COMPLETED]
        chosen = current or [g for g, _status in found]
        history = _readings(session, [g.id for g in chosen])
    bars = []
    for g in chosen:
        readings = history.get(g.id, [])
        before = readings[-2] if len(readings) >= 2 else None
        bars.append(
            c.GoalBar(
                g.title,
                g.baseline,
                g.current,
                g.target,
                g.unit,
                g.status,
                previous=before[1] if before else None,
                previous_on=before[0] if before else None,
                readings=len(readings),
            )
        )
    return c.GoalProgressData(tuple(bars))


def goal_trend_data(book: Book, goal_id: str) -> c.GoalTrendData:
    """One goal's readings, oldest first, with its baseline and target."""
    with book.read() as session:
        goal = session.get(m.Goal, goal_id)
        if goal is None:
            raise errors.NotFoundError("That goal no longer exists (it may have been deleted).")
        readings = tuple(
            c.GoalReading(day, float(value), note)
            for day, value, note in session.execute(
                select(
                    m.GoalMeasurement.measured_on,
                    m.GoalMeasurement.value,
                    m.GoalMeasurement.note,
                )
                .where(m.GoalMeasurement.goal_id == goal_id)
                .order_by(m.GoalMeasurement.measured_on, m.GoalMeasurement.created_at)
            )
        )
        return c.GoalTrendData(readings, goal.unit, goal.baseline, goal.target)


def _readings(session: Session, goal_ids: list[str]) -> dict[str, list[tuple[date, float]]]:
    """Each goal's readings (date, value), oldest first."""
    found: dict[str, list[tuple[date, float]]] = {}
    if not goal_ids:
        return found
    for goal_id, day, value in session.execute(
        select(m.GoalMeasurement.goal_id, m.GoalMeasurement.measured_on, m.GoalMeasurement.value)
        .where(m.GoalMeasurement.goal_id.in_(goal_ids))
        .order_by(m.GoalMeasurement.measured_on, m.GoalMeasurement.created_at)
    ):
        found.setdefault(goal_id, []).append((day, float(value)))
    return found


def stakeholder_map_data(
    book: Book, account_id: str, *, today: date | None = None
) -> c.StakeholderMapData:
    """The customer's people (those who left are shown hollow), each with where their
    sentiment stood :data:`~planner.domain.chart_data.SENTIMENT_LOOKBACK_DAYS` days ago when it
    has moved since (their first reading, for someone first recorded since then)."""
    _require_account(book, account_id)
    day = today or book.clock.today()
    since = day - timedelta(days=c.SENTIMENT_LOOKBACK_DAYS)
    with book.read() as session:
        people = session.scalars(
            select(m.Stakeholder)
            .where(m.Stakeholder.account_id == account_id)
            .order_by(m.Stakeholder.influence.desc(), m.Stakeholder.name)
        ).all()
        start: dict[str, int] = {}
        for sid, on, value in session.execute(
            select(
                m.StakeholderSentiment.stakeholder_id,
                m.StakeholderSentiment.recorded_on,
                m.StakeholderSentiment.sentiment,
            )
            .where(m.StakeholderSentiment.stakeholder_id.in_([p.id for p in people]))
            .order_by(m.StakeholderSentiment.recorded_on, m.StakeholderSentiment.created_at)
        ):
            if on <= since or sid not in start:  # the last reading by then, else the first
                start[sid] = value
        dots = tuple(
            c.StakeholderDot(
                p.name,
                p.role,
                p.influence,
                p.sentiment,
                p.left_company,
                p.job_title,
                was=start[p.id] if start.get(p.id, p.sentiment) != p.sentiment else None,
            )
            for p in people
            if p.side == Side.CUSTOMER
        )
    return c.StakeholderMapData(dots, ours=len(people) - len(dots))


def voice_trend_data(
    book: Book, account_id: str, *, quarters: int = 8, today: date | None = None
) -> c.VoiceTrendData:
    """NPS and CSAT of the account per calendar quarter, the current quarter last."""
    _require_account(book, account_id)
    day = today or book.clock.today()
    periods = mx.quarters_ending(day, quarters)
    with book.read() as session:
        answers = [
            mx.SurveyFact(d, kind, score)
            for d, kind, score in session.execute(
                select(
                    m.SurveyResponse.responded_on, m.SurveyResponse.kind, m.SurveyResponse.score
                ).where(
                    m.SurveyResponse.account_id == account_id,
                    m.SurveyResponse.responded_on >= periods[0].start,
                    m.SurveyResponse.responded_on <= periods[-1].end,
                )
            )
        ]
    points = []
    for period in periods:
        nps = mx.nps(answers, period)
        csat = mx.csat(answers, period)
        points.append(
            c.VoicePoint(
                period.quarter_label,
                None if nps.score is None else float(nps.score),
                nps.responses,
                None if csat.score is None else float(csat.score),
                csat.responses,
            )
        )
    return c.VoiceTrendData(tuple(points))


def arr_history_data(book: Book, account_id: str, *, today: date | None = None) -> c.ArrHistoryData:
    """The account's ARR after each revenue event, in its own currency."""
    account = _require_account(book, account_id)
    with book.read() as session:
        events = session.execute(
            select(m.RevenueEvent.occurred_on, m.RevenueEvent.kind, m.RevenueEvent.arr_delta_minor)
            .where(m.RevenueEvent.account_id == account_id)
            .order_by(m.RevenueEvent.occurred_on, m.RevenueEvent.created_at)
        ).all()
    level = 0
    steps = []
    for day, kind, delta in events:
        level += delta
        steps.append(c.ArrStep(day, level, kind, delta))
    return c.ArrHistoryData(tuple(steps), account.currency, until=today or book.clock.today())


# --------------------------------------------------------------------------- portfolio charts


@dataclass(frozen=True, slots=True)
class PortfolioCharts:
    """The four portfolio charts of one selection, read together (one pass over the book)."""

    distribution: c.HealthDistributionData
    bridge: c.ArrBridgeData
    renewals: c.RenewalsByMonthData
    retention: c.RetentionTrendData


def _distribution(facts: BookFacts, period: mx.Period) -> c.HealthDistributionData:
    shares = mx.health_distribution(facts.accounts, period)
    return c.HealthDistributionData(
        tuple(c.BandCount(s.band, s.accounts, s.arr_minor) for s in shares),
        facts.currency,
        title=f"Health distribution on {fmt.day(period.end)}",
    )


def _bridge(facts: BookFacts, period: mx.Period) -> c.ArrBridgeData:
    b = mx.arr_bridge(facts.accounts, period)
    return c.ArrBridgeData(
        b.start_minor,
        b.new_minor,
        b.expansion_minor,
        b.contraction_minor,
        b.churn_minor,
        b.end_minor,
        facts.currency,
        period.label,
    )


def _month_start(day: date, months_ahead: int) -> date:
    index = day.year * 12 + day.month - 1 + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def _renewals(facts: BookFacts, bands: dict[str, HealthBand], today: date) -> c.RenewalsByMonthData:
    months = [_month_start(today, i) for i in range(12)]
    end = _month_start(today, 12) - timedelta(days=1)
    slots: dict[date, dict[str, int]] = {mo: {} for mo in months}
    for account in facts.accounts:
        due = account.renewal_date
        if due is None or not months[0] <= due <= end or not account.active_on(today):
            continue
        band = bands.get(account.id)
        key = "unscored_minor" if band is None else f"{band.value}_minor"
        slot = slots[_month_start(due, 0)]
        slot[key] = slot.get(key, 0) + account.arr_on(today)
        slot["accounts"] = slot.get("accounts", 0) + 1
    return c.RenewalsByMonthData(
        tuple(c.RenewalMonth(mo, **slots[mo]) for mo in months), facts.currency
    )


def _retention(facts: BookFacts, today: date, quarters: int) -> c.RetentionTrendData:
    points = []
    for period in mx.quarters_ending(today, quarters):
        rr = mx.revenue_retention(facts.accounts, period)
        points.append(
            c.RetentionPoint(
                period.quarter_label,
                None if rr.nrr is None else float(rr.nrr * 100),
                None if rr.grr is None else float(rr.grr * 100),
            )
        )
    return c.RetentionTrendData(tuple(points))


def portfolio_charts(
    book: Book,
    period: mx.Period,
    segment: mx.Segment | None = None,
    *,
    today: date | None = None,
    quarters: int = 8,
) -> PortfolioCharts:
    """Health distribution (at the period end), ARR bridge (over the period), renewals of the
    next 12 months and NRR/GRR of the last ``quarters`` quarters (both from ``today``)."""
    day = today or book.clock.today()
    with book.read() as session:
        facts = facts_in(session, segment, period.end)
        bands = (
            {a.id: a.health_band for a in facts.accounts if a.health_band is not None}
            if period.end == day
            else bands_on_day(session, segment, day)
        )
    return PortfolioCharts(
        _distribution(facts, period),
        _bridge(facts, period),
        _renewals(facts, bands, day),
        _retention(facts, day, quarters),
    )


def health_distribution_data(
    book: Book, period: mx.Period, segment: mx.Segment | None = None
) -> c.HealthDistributionData:
    """Active accounts at the period end by the band of their latest snapshot by then."""
    with book.read() as session:
        facts = facts_in(session, segment, period.end)
    return _distribution(facts, period)


def arr_bridge_data(
    book: Book, period: mx.Period, segment: mx.Segment | None = None
) -> c.ArrBridgeData:
    """Start ARR, new, expansion, contraction, churn and end ARR over the period."""
    with book.read() as session:
        facts = facts_in(session, segment, period.end)
    return _bridge(facts, period)


def renewals_by_month_data(
    book: Book, segment: mx.Segment | None = None, *, today: date | None = None
) -> c.RenewalsByMonthData:
    """ARR renewing in each of the next 12 months (this month first), by latest health."""
    day = today or book.clock.today()
    with book.read() as session:
        facts = facts_in(session, segment, day)
    bands = {a.id: a.health_band for a in facts.accounts if a.health_band is not None}
    return _renewals(facts, bands, day)


def retention_trend_data(
    book: Book,
    segment: mx.Segment | None = None,
    *,
    quarters: int = 8,
    today: date | None = None,
) -> c.RetentionTrendData:
    """NRR and GRR of each of the last ``quarters`` calendar quarters (the current one last)."""
    day = today or book.clock.today()
    with book.read() as session:
        facts = facts_in(session, segment, day)
    return _retention(facts, day, quarters)
