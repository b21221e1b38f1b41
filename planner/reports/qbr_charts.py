"""The charts of QBR decks and PDFs, made from the same (profile-filtered) views as the text.

The drawing is :mod:`planner.reports.charts`' (one builder per chart, PNG for decks, SVG for
PDFs); this module only turns :mod:`planner.domain.agenda` views into each builder's data, so
a customer-safe export draws its charts from customer-safe data too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.domain import agenda as ag
from planner.domain.enums import Side, StakeholderRole, SurveyKind
from planner.reports import charts as ch

TREND_DAYS = 2 * 366
"""How far back trend charts look from the end of the period."""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    kind: str
    title: str
    """Also the picture's alternative text."""
    draw: Callable[[Any, Any, ch.ChartTheme], None]
    data: Any

    def png(self, *, width_in: float, height_in: float, dpi: int = 200) -> bytes:
        return ch.render_png(self.draw, self.data, width_in=width_in, height_in=height_in,
                             dpi=dpi)  # fmt: skip

    def svg(self, *, width_in: float, height_in: float) -> bytes:
        return ch.render_svg(self.draw, self.data, width_in=width_in, height_in=height_in)


def chart_for(kind: str, inputs: ag.QbrInputs) -> ChartSpec | None:
    """The chart ``kind`` (an ``ag.*`` chart name) for a QBR, or None when it has no data."""
    return _make(kind, inputs.facts, inputs.period_start, inputs.period_end, inputs.previous)


def plan_chart_for(kind: str, facts: ag.AccountFacts) -> ChartSpec | None:
    """The chart ``kind`` for the success plan document (as of ``facts.as_of``)."""
    start = facts.as_of - timedelta(days=91)
    return _make(kind, facts, start, facts.as_of, None)


def _make(
    kind: str, facts: ag.AccountFacts, start: date, end: date, previous: ag.PreviousQbr | None
) -> ChartSpec | None:
    if kind == ag.HEALTH_TREND:
        return _health_trend(facts, end)
    if kind == ag.FACTOR_CONTRIBUTIONS:
        return _factors(facts, previous.meeting_date if previous else start, end)
    if kind == ag.GOAL_PROGRESS:
        return _goal_progress(facts)
    if kind == ag.ARR_HISTORY:
        return _arr_history(facts, end)
    if kind == ag.STAKEHOLDER_MAP:
        return _stakeholder_map(facts)
    if kind == ag.VOICE_TREND:
        return _voice_trend(facts, end)
    return None


def _health_trend(facts: ag.AccountFacts, end: date) -> ChartSpec | None:
    since = end - timedelta(days=TREND_DAYS)
    points = tuple(
        ch.HealthPoint(
            day=s.taken_on, score=s.score, band=s.band, model_version=s.model_version,
            computed_score=s.computed_score if s.computed_score is not None else s.score,
            overridden=s.overridden, override_reason=s.override_reason,
        )
        for s in facts.snapshots if since <= s.taken_on <= end
    )  # fmt: skip
    if not points:
        return None
    data = ch.HealthTrendData(points, red_below=facts.red_below, green_from=facts.green_from,
                              title="Health score over time")  # fmt: skip
    return ChartSpec(ag.HEALTH_TREND, data.title, ch.draw_health_trend, data)


def _factors(facts: ag.AccountFacts, then_day: date, end: date) -> ChartSpec | None:
    now = facts.snapshot_on(end)
    if now is None or not now.factors:
        return None
    then = facts.snapshot_on(then_day)
    before = {f.key: f for f in then.factors} if then is not None and then != now else {}
    bars = tuple(
        ch.FactorBar(
            key=f.key, label=f.label, contribution=round(f.contribution, 2), score=f.score,
            share=f.effective_weight,
            previous_contribution=round(before[f.key].contribution, 2) if f.key in before else None,
        )
        for f in now.factors
    )  # fmt: skip
    total = round(sum(b.contribution for b in bars), 1)
    previous = round(sum(f.contribution for f in before.values()), 1) if before else None
    data = ch.FactorContributionsData(
        bars, score=total, previous_score=previous, waterfall=previous is not None,
        override_score=now.score if now.overridden else None,
        title="What moved the health score" if previous is not None else "What makes up the score",
    )  # fmt: skip
    return ChartSpec(ag.FACTOR_CONTRIBUTIONS, data.title, ch.draw_factor_contributions, data)


def _goal_progress(facts: ag.AccountFacts) -> ChartSpec | None:
    if not facts.goals:
        return None
    data = ch.GoalProgressData(
        tuple(ch.GoalBar(g.title, g.baseline, g.current, g.target, g.unit, g.status)
              for g in facts.goals),
        title="Goals: progress from baseline to target",
    )  # fmt: skip
    return ChartSpec(ag.GOAL_PROGRESS, data.title, ch.draw_goal_progress, data)


def _arr_history(facts: ag.AccountFacts, end: date) -> ChartSpec | None:
    events = [e for e in facts.revenue if e.occurred_on <= end]
    if not events:
        return None
    level = 0
    steps = []
    for e in events:
        level += e.arr_delta_minor
        steps.append(ch.ArrStep(e.occurred_on, max(level, 0), e.kind, e.arr_delta_minor))
    data = ch.ArrHistoryData(tuple(steps), facts.account.currency, until=end,
                             title="ARR over time")  # fmt: skip
    return ChartSpec(ag.ARR_HISTORY, data.title, ch.draw_arr_history, data)


def _stakeholder_map(facts: ag.AccountFacts) -> ChartSpec | None:
    if facts.customer_safe:
        return None
    people = tuple(
        ch.StakeholderDot(
            name=p.name, role=p.role or StakeholderRole.END_USER, influence=p.influence or 3,
            sentiment=p.sentiment or 0, left_company=p.left_company, job_title=p.job_title,
        )
        for p in facts.people if p.side is Side.CUSTOMER
    )  # fmt: skip
    if not people:
        return None
    data = ch.StakeholderMapData(people, title="Stakeholder map: influence and sentiment")
    return ChartSpec(ag.STAKEHOLDER_MAP, data.title, ch.draw_stakeholder_map, data)


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _voice_trend(facts: ag.AccountFacts, end: date) -> ChartSpec | None:
    since = end - timedelta(days=TREND_DAYS)
    chosen = [r for r in facts.responses if since < r.responded_on <= end]
    if not chosen:
        return None
    quarters: dict[tuple[int, int], list[ag.SurveyView]] = {}
    for r in sorted(chosen, key=lambda r: r.responded_on):
        quarters.setdefault(_quarter(r.responded_on), []).append(r)
    points = []
    for (year, q), answers in quarters.items():
        nps = [r.score for r in answers if r.kind is SurveyKind.NPS]
        csat = [r.score for r in answers if r.kind is SurveyKind.CSAT]
        nps_value = (
            (sum(1 for s in nps if s >= 9) - sum(1 for s in nps if s <= 6)) * 100 / len(nps)
            if nps else None
        )  # fmt: skip
        csat_value = sum(1 for s in csat if s >= 4) * 100 / len(csat) if csat else None
        points.append(ch.VoicePoint(f"Q{q} {year}", nps_value, len(nps), csat_value, len(csat)))
    data = ch.VoiceTrendData(tuple(points), title="NPS and CSAT by quarter")
    return ChartSpec(ag.VOICE_TREND, data.title, ch.draw_voice_trend, data)
