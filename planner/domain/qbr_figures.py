"""The figures of one QBR, computed once and rounded once.

Every number a QBR shows (on a slide, inside a chart, in the speaker notes, in the PDF, in the
agenda sent by e-mail) is read from one :class:`QbrFigures`, built by :func:`compute` from the
QBR's inputs. Each figure is rounded here, once, with the app's one rounding rule, and carries
its text made by :mod:`planner.domain.formatting`; outputs copy those texts and never format a
figure again. Parts are rounded so that they add up to the rounded whole (a waterfall's bars add
up to the change in its title), and a change is the difference of the rounded values (a score
"up since 30 Jun" is never shown when both read 91).

Which story the deck tells also starts here (:func:`storyline`): an account at risk gets a path
to green and no upsell, a churned one an exit review with no "next quarter", a new one its
onboarding progress and time to value.

Pure logic over the plain views of :mod:`planner.domain.agenda`; nothing here reads a book.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from planner.domain import formatting as fmt
from planner.domain import value as worth
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalStatus,
    HealthBand,
    LifecycleStage,
    Likelihood,
    OpportunityStatus,
    RiskStatus,
    Severity,
    Side,
    SurveyKind,
    UseCaseStatus,
)
from planner.domain.health import FactorResult

if TYPE_CHECKING:  # the views of planner.domain.agenda (which uses this module)
    from planner.domain.agenda import (
        AccountFacts,
        ActionView,
        GoalView,
        OpportunityView,
        PersonView,
        QbrInputs,
        RiskView,
        SnapshotView,
    )

NEXT_QUARTER_DAYS = 91
NEW_ACCOUNT_DAYS = 120
"""An account whose contract started this recently (or still onboarding) is new."""
VOICE_QUARTERS = 6
"""How many quarters of NPS/CSAT the voice of the customer looks back over."""
RENEWAL_HORIZON_DAYS = 180
SMALL_SAMPLE = 3
"""A quarter with fewer survey answers than this is a small sample: every figure from it says
how many answers it comes from (in titles, bullets and chart labels)."""
YEAR_SUFFIX = " a year"
"""After an amount counted over a year (a per-period KPI's value)."""
VALUE_LEADS_SHARE = 0.1
"""The value delivered leads the story (titles, the summary's first line) when it is at least
this share of the account's ARR; a smaller figure (often only a few goals have a worth per
unit) follows the outcomes achieved, so it never undersells the account."""


class Storyline(StrEnum):
    """Which story a QBR tells."""

    GROWING = "growing"
    """Healthy or steady: results, value, and what to do next (expansion may be discussed)."""
    AT_RISK = "at_risk"
    """Path to green first; no upsell."""
    CHURNED = "churned"
    """Exit review: what was achieved, what we learned, the door left open; no next quarter."""
    NEW = "new"
    """Onboarding progress and time to value."""


@dataclass(frozen=True, slots=True)
class RenewalForecast:
    """The account's next renewal as forecast (internal copy only): what the forecast service
    says, in plain values the QBR report formats with the one formatter."""

    category: str
    """Its label: ``Likely``."""
    weight_pct: int
    renewal_date: date
    days_to_renewal: int
    currency: str
    arr_minor: int
    weighted_minor: int
    """Risk-weighted ARR (``arr_minor`` x ``weight_pct``)."""
    reasons: tuple[str, ...] = ()
    overridden: bool = False
    derived: str = ""
    """The computed category's label, when a person set another by hand."""
    base_currency: str = ""
    weighted_base_minor: int | None = None
    """In the book's base currency when the account's is another (None: not converted)."""

    @property
    def weighted_text(self) -> str:
        return fmt.money(self.weighted_minor, self.currency, compact=True)

    @property
    def arr_text(self) -> str:
        return fmt.money(self.arr_minor, self.currency, compact=True)

    @property
    def headline(self) -> str:
        """``Renewal forecast: likely (80%), $96K of $120K ARR on 1 Mar 2027``."""
        return (
            f"Renewal forecast: {self.category.lower()} ({fmt.percent(self.weight_pct)}), "
            f"{self.weighted_text} of {self.arr_text} ARR on {fmt.day(self.renewal_date)}"
        )


# --------------------------------------------------------------------------- storyline


def _serious(risk: RiskView) -> bool:
    if not risk.is_open or risk.internal:
        return False
    if risk.severity is Severity.CRITICAL:
        return True
    likely = risk.likelihood in (Likelihood.LIKELY, Likelihood.ALMOST_CERTAIN)
    return risk.severity is Severity.HIGH and likely


def storyline(facts: AccountFacts, meeting_date: date) -> Storyline:
    """The story for the account, decided on the full (internal) facts.

    Churned when its lifecycle stage is churned; at risk when its latest health is red or a
    risk shared with the customer is critical (or high and likely); new within
    :data:`NEW_ACCOUNT_DAYS` of its contract start, or while onboarding in its first year;
    otherwise growing."""
    account = facts.account
    if account.lifecycle_stage is LifecycleStage.CHURNED:
        return Storyline.CHURNED
    latest = facts.snapshot_on(facts.as_of)
    if (latest is not None and latest.band is HealthBand.RED) or any(
        _serious(r) for r in facts.risks
    ):
        return Storyline.AT_RISK
    start = account.contract_start
    age = None if start is None else (meeting_date - start).days
    if age is not None and 0 <= age <= NEW_ACCOUNT_DAYS:
        return Storyline.NEW
    if account.lifecycle_stage is LifecycleStage.ONBOARDING and (age is None or age <= 365):
        return Storyline.NEW  # still onboarding in its first year (a stage left at its
        # default for years says nothing)
    return Storyline.GROWING


# --------------------------------------------------------------------------- goals


class GoalState(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MISSED = "missed"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_STATE = {
    GoalStatus.ACHIEVED: GoalState.ACHIEVED,
    GoalStatus.ON_TRACK: GoalState.ON_TRACK,
    GoalStatus.AT_RISK: GoalState.AT_RISK,
    GoalStatus.OFF_TRACK: GoalState.OFF_TRACK,
    GoalStatus.MISSED: GoalState.MISSED,
    GoalStatus.NOT_STARTED: GoalState.NOT_STARTED,
}


@dataclass(frozen=True, slots=True)
class GoalFigure:
    goal: GoalView
    state: GoalState
    """MISSED also when its due date passed before the meeting without it being achieved."""
    progress: int | None
    """Percent of the way from baseline to target, 0-100."""
    change_pct: int | None
    """Percent change from baseline to now (absolute value), None when not measurable."""
    delivered_minor: int | None
    """What the improvement so far is worth (whole units of the currency, in minor units): a
    year of it when the KPI is measured per period (:mod:`planner.domain.value`)."""
    gap_minor: int | None
    """What reaching the target would add (a year of it, likewise)."""
    recurrence: worth.Recurrence | None
    """How often the improvement comes back in a year; None: a one-off (counted once)."""
    name: str
    """The KPI's name (else the goal's title)."""
    baseline_text: str
    current_text: str
    target_text: str
    progress_text: str
    delivered_text: str
    """``$36,720 a year`` (``$18,000`` for a one-off)."""
    gap_text: str
    delivered_compact: str
    """``$36.7K`` (the amount alone: a tile's label says "a year")."""
    gap_compact: str
    value_per_unit_text: str
    """What one unit of the KPI is worth (``$1,500``), empty when not valued."""
    counted_text: str
    """How the unit value is counted over a year (``x 52 weeks``, with a multiplication sign),
    empty for a one-off."""
    headline: str
    """The takeaway: "Invoice approval time down 55% toward the 24 h target"."""
    status_text: str
    """"On track, due 31 Jan 2027"; "Missed (was due 30 Sep 2026): to re-plan"."""

    @property
    def valued(self) -> bool:
        return self.delivered_minor is not None

    @property
    def yearly(self) -> bool:
        """Its value is counted over a year (the KPI is measured per period)."""
        return self.recurrence is not None

    @property
    def missed(self) -> bool:
        return self.state is GoalState.MISSED


def _improvement(goal: GoalView) -> tuple[float, float] | None:
    """(gained so far, still to gain) in KPI units, in the direction of the target."""
    b, c, t = goal.baseline, goal.current, goal.target
    if b is None or c is None or t is None or t == b:
        return None
    direction = 1.0 if t > b else -1.0
    gained = max((c - b) * direction, 0.0)
    remaining = max((t - c) * direction, 0.0)
    return gained, remaining


def _goal_headline(g: GoalView, state: GoalState, change: int | None) -> str:
    """The goal's takeaway: "Invoice approval time down 55% toward the 24 h target" (with a
    KPI name), "Cut onboarding time: down 40% toward the 10 days target" (without)."""
    target = fmt.quantity(g.target, g.unit)
    current = fmt.quantity(g.current, g.unit)
    name = g.kpi_name.strip()
    subject = name if name else f"{g.title}:"
    if state is GoalState.ACHIEVED and (change is None or g.baseline is None):
        when = f" on {fmt.day(g.achieved_on)}" if g.achieved_on else ""
        return f"{g.title}: achieved{when}"
    if g.current is None:
        return f"{name or g.title}: not measured yet" + (
            f" (target {target})" if g.target is not None else ""
        )
    if g.target is None:
        return f"{subject} at {current}; no target agreed yet"
    if g.baseline is not None and g.current != g.baseline and (change is not None or g.unit == "%"):
        way = "down" if g.current < g.baseline else "up"
        if g.unit == "%":  # a rate moves in points, not in per cent of itself
            points = fmt.number(abs(g.current - g.baseline), 1)
            moved = f"{subject} {way} {points} points"
        else:
            moved = f"{subject} {way} {fmt.percent(change)}"
        improving = (g.current - g.baseline) * (g.target - g.baseline) > 0
        reached = (g.target - g.current) * (g.target - g.baseline) <= 0
        if reached:
            return f"{moved}: the {target} target is met"
        if state is GoalState.MISSED:
            return f"{moved}, short of the {target} target"
        if improving:
            return f"{moved} toward the {target} target"
        return f"{moved}, away from the {target} target"
    if g.baseline is not None and g.current == g.baseline:
        return f"{subject} unchanged at {current}; target {target}"
    return f"{subject} at {current} against a {target} target"


def goal_figure(
    g: GoalView, meeting_date: date, currency: str, *, ended: bool = False
) -> GoalFigure:
    """The goal's figures; ``ended``: the account has churned, so an open goal was not reached
    (and nothing is re-planned)."""
    state = _STATE[g.status]
    if (
        state not in (GoalState.ACHIEVED, GoalState.MISSED)
        and g.due_date is not None
        and g.due_date < meeting_date
    ):
        state = GoalState.MISSED
    progress_share = g.progress
    progress = None if progress_share is None else fmt.round_int(progress_share * 100)
    change = None
    if g.baseline not in (None, 0) and g.current is not None:
        assert g.baseline is not None
        change = fmt.round_int(abs(g.current - g.baseline) * 100 / abs(g.baseline))
    delivered = gap = None
    moved = _improvement(g)
    recurs = worth.recurrence(g.unit) if g.value_per_unit_minor is not None else None
    if g.value_per_unit_minor is not None and moved is not None:
        unit_value = g.value_per_unit_minor
        delivered, gap = (
            fmt.whole_minor(fmt.round_int(worth.yearly_worth(n, unit_value, g.unit)), currency)
            for n in moved
        )
    a_year = YEAR_SUFFIX if recurs is not None else ""
    name = g.kpi_name.strip() or g.title
    if state is GoalState.ACHIEVED:
        status = "Achieved" + (f" {fmt.day(g.achieved_on)}" if g.achieved_on else "")
    elif ended:
        state = GoalState.MISSED
        status = "Not reached" + (
            f" (target {fmt.quantity(g.target, g.unit)})" if g.target is not None else ""
        )
    elif state is GoalState.MISSED:
        was = f" (was due {fmt.day(g.due_date)})" if g.due_date else ""
        status = f"Missed{was}: to re-plan"
    else:
        status = state.label + (f", due {fmt.day(g.due_date)}" if g.due_date else "")
    per_unit = ""
    if g.value_per_unit_minor is not None:
        per_unit = fmt.money(g.value_per_unit_minor, currency)
    return GoalFigure(
        goal=g,
        state=state,
        progress=progress,
        change_pct=change,
        delivered_minor=delivered,
        gap_minor=gap,
        recurrence=recurs,
        name=name,
        baseline_text=fmt.quantity(g.baseline, g.unit),
        current_text=fmt.quantity(g.current, g.unit),
        target_text=fmt.quantity(g.target, g.unit),
        progress_text=fmt.percent(progress),
        delivered_text=fmt.money(delivered, currency) + (a_year if delivered is not None else ""),
        gap_text=fmt.money(gap, currency) + (a_year if gap is not None else ""),
        delivered_compact=fmt.money(delivered, currency, compact=True),
        gap_compact=fmt.money(gap, currency, compact=True),
        value_per_unit_text=per_unit,
        counted_text=recurs.counted_text if recurs is not None else "",
        headline=_goal_headline(g, state, change),
        status_text=status,
    )


# --------------------------------------------------------------------------- voice


@dataclass(frozen=True, slots=True)
class QuarterVoice:
    label: str
    """``Q4 2026``."""
    end: date
    """The quarter's last day: where its point sits on a date axis."""
    nps: int | None
    nps_answers: int
    csat: int | None
    """% of CSAT answers scoring 4 or 5."""
    csat_answers: int

    @property
    def nps_text(self) -> str:
        return fmt.signed(self.nps)

    @property
    def csat_text(self) -> str:
        return fmt.percent(self.csat)

    @property
    def nps_point(self) -> str:
        """The NPS as a chart labels it: ``+100 (1 answer)`` for a small sample."""
        return _with_count(self.nps_text, self.nps_answers)

    @property
    def csat_point(self) -> str:
        return _with_count(self.csat_text, self.csat_answers)

    @property
    def nps_small(self) -> bool:
        return 0 < self.nps_answers < SMALL_SAMPLE

    @property
    def csat_small(self) -> bool:
        return 0 < self.csat_answers < SMALL_SAMPLE


def _with_count(text: str, answers: int) -> str:
    if 0 < answers < SMALL_SAMPLE:
        return f"{text} ({fmt.plural(answers, 'answer')})"
    return text


def nps_of(scores: Sequence[int]) -> int | None:
    """% promoters (9-10) minus % detractors (0-6), rounded once."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return fmt.round_int((promoters - detractors) * 100 / len(scores))


def csat_of(scores: Sequence[int]) -> int | None:
    if not scores:
        return None
    return fmt.round_int(sum(1 for s in scores if s >= 4) * 100 / len(scores))


def _quarter_end(day: date) -> date:
    q = (day.month - 1) // 3
    first_next = date(day.year + (q == 3), (q + 1) % 4 * 3 + 1, 1)
    return first_next - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class VoiceFigures:
    quarters: tuple[QuarterVoice, ...]
    """Quarters with answers, oldest first (the chart's points)."""
    themes: tuple[tuple[str, int], ...]
    quotes: tuple[tuple[date, str], ...]
    """The customer's own words, newest first."""

    @property
    def latest(self) -> QuarterVoice | None:
        return self.quarters[-1] if self.quarters else None

    def latest_with(self, kind: SurveyKind) -> tuple[QuarterVoice | None, QuarterVoice | None]:
        """(latest quarter with answers of ``kind``, the one before it)."""
        chosen = [
            q for q in self.quarters if (q.nps if kind is SurveyKind.NPS else q.csat) is not None
        ]
        return (chosen[-1] if chosen else None, chosen[-2] if len(chosen) > 1 else None)


def voice_figures(facts: AccountFacts, until: date) -> VoiceFigures:
    first = _quarter_end(until)
    for _ in range(VOICE_QUARTERS - 1):
        first = _quarter_end(first - timedelta(days=92))
    since = _quarter_end(first - timedelta(days=92))
    chosen = sorted(
        (r for r in facts.responses if since < r.responded_on <= until),
        key=lambda r: r.responded_on,
    )
    by_quarter: dict[date, list[int]] = {}
    csat_by: dict[date, list[int]] = {}
    for r in chosen:
        end = _quarter_end(r.responded_on)
        target = by_quarter if r.kind is SurveyKind.NPS else csat_by
        target.setdefault(end, []).append(r.score)
    quarters = []
    for end in sorted(set(by_quarter) | set(csat_by)):
        nps, csat = by_quarter.get(end, []), csat_by.get(end, [])
        quarters.append(
            QuarterVoice(
                f"Q{(end.month - 1) // 3 + 1} {end.year}",
                end,
                nps_of(nps),
                len(nps),
                csat_of(csat),
                len(csat),
            )
        )
    themes = Counter(t.strip() for r in chosen for t in r.themes if t.strip())
    quotes = tuple(
        (r.responded_on, r.comment.strip())
        for r in sorted(chosen, key=lambda r: r.responded_on, reverse=True)
        if r.comment.strip()
    )
    return VoiceFigures(
        tuple(quarters),
        tuple(sorted(themes.items(), key=lambda kv: (-kv[1], kv[0].casefold()))),
        quotes,
    )


# --------------------------------------------------------------------------- our health score


@dataclass(frozen=True, slots=True)
class FactorFigure:
    key: str
    label: str
    points_now: int
    """Points it adds to the (computed) score now; the factors add up to the score."""
    change: int | None
    """Points gained or lost since the earlier snapshot; the changes add up to the score's."""


@dataclass(frozen=True, slots=True)
class HealthFigures:
    """Our health score: internal copy only."""

    now: int
    band: HealthBand
    on: date
    then: int | None
    then_on: date | None
    computed: int | None
    """The computed score when it was overridden by hand."""
    override_reason: str
    trend: tuple[tuple[date, int], ...]
    factors: tuple[FactorFigure, ...]
    red_below: float
    green_from: float

    @property
    def change(self) -> int | None:
        return None if self.then is None else self.now - self.then

    @property
    def headline(self) -> str:
        text = f"Health {self.now} ({self.band.label.lower()})"
        if self.then is None or self.then_on is None:
            return text
        delta = self.now - self.then
        since = f"since {fmt.day(self.then_on)}"
        if delta == 0:
            return f"{text}, unchanged {since}"
        way = "up" if delta > 0 else "down"
        return f"{text}, {way} {fmt.plural(abs(delta), 'point')} {since} ({self.then})"


def _computed(snap: SnapshotView) -> float:
    return snap.computed_score if snap.computed_score is not None else snap.score


def _factor_points(factors: Sequence[FactorResult], total: float) -> dict[str, int]:
    parts = fmt.parts_of(total, [f.contribution for f in factors])
    return {f.key: int(p) for f, p in zip(factors, parts, strict=True)}


def health_figures(facts: AccountFacts, then_day: date, until: date) -> HealthFigures | None:
    now = facts.snapshot_on(until)
    if now is None:
        return None
    then = facts.snapshot_on(then_day)
    if then is not None and then.taken_on >= now.taken_on:
        then = None
    now_points = _factor_points(now.factors, _computed(now)) if now.factors else {}
    then_points = _factor_points(then.factors, _computed(then)) if then and then.factors else {}
    factors = tuple(
        FactorFigure(
            f.key,
            f.label,
            now_points[f.key],
            (now_points[f.key] - then_points.get(f.key, 0)) if then_points else None,
        )
        for f in now.factors
    )
    since = until - timedelta(days=2 * 366)
    trend = tuple(
        (s.taken_on, fmt.round_int(s.score))
        for s in facts.snapshots
        if since <= s.taken_on <= until
    )
    return HealthFigures(
        now=fmt.round_int(now.score),
        band=now.band,
        on=now.taken_on,
        then=None if then is None else fmt.round_int(then.score),
        then_on=None if then is None else then.taken_on,
        computed=fmt.round_int(_computed(now)) if now.overridden else None,
        override_reason=now.override_reason,
        trend=trend,
        factors=factors,
        red_below=facts.red_below,
        green_from=facts.green_from,
    )


# --------------------------------------------------------------------------- the whole set


@dataclass(frozen=True, slots=True)
class UseCaseFigure:
    title: str
    status_label: str
    adoption: int
    adoption_text: str
    go_live: date | None
    value_text: str
    value_minor: int | None


@dataclass(frozen=True, slots=True)
class PlannedAction:
    action: ActionView
    owner: str
    side: str
    """"Your team" (the customer's), "Our team", or "" when nobody owns it yet."""
    due_text: str
    status_text: str


@dataclass(frozen=True, slots=True)
class QbrFigures:
    """Every figure of one QBR (see the module's docstring)."""

    storyline: Storyline
    currency: str
    meeting_date: date
    goals: tuple[GoalFigure, ...]
    use_cases: tuple[UseCaseFigure, ...]
    adoption: int | None
    """Average adoption % of the use cases in use."""
    in_use: int
    live: int
    voice: VoiceFigures
    health: HealthFigures | None
    """None in the customer copy (the facts carry no snapshots)."""
    delivered_minor: int | None
    """What the valued goals' progress is worth (a year of it for per-period KPIs)."""
    gap_minor: int | None
    value_yearly: bool
    """Some valued goal is measured per period, so the totals are counted over a year."""
    value_rule: str
    """How the value is computed (the value slide's footnote)."""
    value_leads: bool
    """The value delivered is large next to the ARR (:data:`VALUE_LEADS_SHARE`): it leads the
    story; else the outcomes achieved lead and the figure says what it covers."""
    use_case_value_minor: int | None
    arr_then: int
    arr_now: int
    reference_date: date
    commitments_made: int
    commitments_done: int
    commitments_open: int
    plan: tuple[PlannedAction, ...]
    horizon: date
    next_review: date
    renewal_days: int | None
    last_interaction: date | None
    days_since_interaction: int | None
    days_since_start: int | None
    time_to_value_days: int | None
    first_value_on: date | None

    # ----------------------------------------------------------------- texts
    def money(self, minor: int | None, *, compact: bool = False) -> str:
        return fmt.money(minor, self.currency, compact=compact)

    @property
    def a_year(self) -> str:
        """`` a year`` after a total counted over a year, else nothing."""
        return YEAR_SUFFIX if self.value_yearly else ""

    @property
    def delivered_text(self) -> str:
        """``$36.7K a year`` (compact, for titles and summaries)."""
        return self.money(self.delivered_minor, compact=True) + self.a_year

    @property
    def gap_text(self) -> str:
        return self.money(self.gap_minor, compact=True) + self.a_year

    @property
    def delivered_amount(self) -> str:
        """``$36.7K`` alone (a tile, whose label says "a year")."""
        return self.money(self.delivered_minor, compact=True)

    @property
    def gap_amount(self) -> str:
        return self.money(self.gap_minor, compact=True)

    @property
    def delivered_full(self) -> str:
        """``$36,720 a year`` (a table's total, the notes)."""
        return self.money(self.delivered_minor) + self.a_year

    @property
    def gap_full(self) -> str:
        return self.money(self.gap_minor) + self.a_year

    @property
    def valued_goals(self) -> tuple[GoalFigure, ...]:
        return tuple(g for g in self.goals if g.valued)

    @property
    def value_scope(self) -> str:
        """What the value figure covers: ``from the 2 goals with a value set`` (some goals
        have no worth per unit, so they are not in it), ``from all 3 goals``, ``from its
        one goal``; empty without a valued goal."""
        valued = len(self.valued_goals)
        if not valued:
            return ""
        if valued == len(self.goals):
            return "from its one goal" if valued == 1 else f"from all {fmt.count(valued)} goals"
        if valued == 1:
            return "from the one goal with a value set"
        return f"from the {fmt.count(valued)} goals with a value set"

    @property
    def adoption_text(self) -> str:
        return fmt.percent(self.adoption)

    def goal_counts(self) -> Counter[GoalState]:
        return Counter(g.state for g in self.goals)

    @property
    def lead_goal(self) -> GoalFigure | None:
        """The goal the goals slide leads with: the open goal that moved most (worth most when
        valued), else any measurable open one, else the latest achieved."""
        open_goals = [g for g in self.goals if g.state is not GoalState.ACHIEVED]
        measurable = [g for g in open_goals if g.progress is not None and not g.missed]
        moved = [g for g in measurable if g.progress]
        valued = [g for g in moved if g.delivered_minor]
        for pool in (valued, moved, measurable):
            if pool:
                return max(pool, key=lambda g: (g.delivered_minor or 0, g.progress or 0))
        achieved = [g for g in self.goals if g.state is GoalState.ACHIEVED]
        if achieved:
            return max(achieved, key=lambda g: g.goal.achieved_on or date.min)
        return open_goals[0] if open_goals else None


def _owner(action: ActionView) -> str:
    return action.owner or "Owner to agree"


YOUR_TEAM = "Your team"
OUR_TEAM = "Our team"


def _side(action: ActionView) -> str:
    if action.owner_side is Side.CUSTOMER:
        return YOUR_TEAM
    if action.owner_side is Side.INTERNAL:
        return OUR_TEAM
    return ""


def action_status_text(action: ActionView, today: date, meeting: date | None = None) -> str:
    """``Open``, ``Done 3 Nov 2026``; ``Open, overdue`` only when its due date is before
    ``today`` (the book's today, not the meeting's day); ``Open, due before the meeting`` when
    it falls between the two."""
    if action.status is ActionStatus.DONE:
        return f"Done {fmt.day(action.completed_on)}".strip()
    if action.status.is_open and action.due_date is not None:
        if action.due_date < today:
            return f"{action.status.label}, overdue"
        if meeting is not None and action.due_date < meeting:
            return f"{action.status.label}, due before the meeting"
    return action.status.label


def planned_actions(inputs: QbrInputs) -> tuple[PlannedAction, ...]:
    """The mutual action plan: open actions due by the end of next quarter (or overdue, or
    undated), owners on both sides. Our own sales actions are not part of it."""
    facts = inputs.facts
    horizon = inputs.meeting_date + timedelta(days=NEXT_QUARTER_DAYS)
    chosen = [
        a
        for a in facts.actions
        if a.status.is_open
        and a.kind is not ActionType.OPPORTUNITY
        and (a.due_date is None or a.due_date <= horizon)
    ]
    chosen.sort(key=lambda a: (a.due_date is None, a.due_date or date.max, a.title))
    return tuple(
        PlannedAction(
            a,
            _owner(a),
            _side(a),
            fmt.day(a.due_date, "Date to agree"),
            action_status_text(a, facts.as_of, inputs.meeting_date),
        )
        for a in chosen
    )


def _in_use(status: UseCaseStatus) -> bool:
    return status in (UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK)


def first_value(facts: AccountFacts) -> date | None:
    """The first goal achieved or use case live on or after the contract start."""
    start = facts.account.contract_start
    days = [g.achieved_on for g in facts.goals if g.achieved_on is not None]
    days += [
        u.go_live
        for u in facts.use_cases
        if u.go_live is not None and u.status in (UseCaseStatus.LIVE, UseCaseStatus.RETIRED)
    ]
    days = [d for d in days if d <= facts.as_of and (start is None or d >= start)]
    return min(days) if days else None


def now_day(inputs: QbrInputs) -> date:
    """The day the QBR's "now" figures are read on (ARR, health)."""
    return min(inputs.period_end, max(inputs.meeting_date, inputs.facts.as_of))


def value_leads(delivered_minor: int | None, arr_minor: int) -> bool:
    """Whether the value delivered leads the story: some value, and at least
    :data:`VALUE_LEADS_SHARE` of the ARR (or no ARR known to weigh it against)."""
    if not delivered_minor:
        return False
    return arr_minor <= 0 or delivered_minor >= VALUE_LEADS_SHARE * arr_minor


def compute(
    inputs: QbrInputs, story: Storyline | None = None, *, arr_minor: int | None = None
) -> QbrFigures:
    """The figures of a QBR, from its (already filtered) inputs. ``story``: the storyline
    decided on the full facts (the customer copy's facts no longer tell it); ``arr_minor``:
    the account's ARR from the full facts (the customer copy's carry no revenue), which the
    value delivered is weighed against (never shown)."""
    facts = inputs.facts
    currency = facts.account.currency
    meeting = inputs.meeting_date
    chosen_story = story or storyline(facts, meeting)
    ended = chosen_story is Storyline.CHURNED
    goals = tuple(goal_figure(g, meeting, currency, ended=ended) for g in facts.goals)
    use_cases = tuple(
        UseCaseFigure(
            u.title,
            u.status.label,
            u.adoption_pct,
            fmt.percent(u.adoption_pct),
            u.go_live,
            u.value_realised,
            u.value_minor,
        )
        for u in facts.use_cases
    )
    in_use = [u for u in facts.use_cases if _in_use(u.status)]
    adoption = fmt.round_int(sum(u.adoption_pct for u in in_use) / len(in_use)) if in_use else None
    valued = [g for g in goals if g.valued]
    delivered = sum(g.delivered_minor or 0 for g in valued) if valued else None
    gap = sum(g.gap_minor or 0 for g in valued) if valued else None
    uc_values = [u.value_minor for u in facts.use_cases if u.value_minor]
    prev = inputs.previous
    reference = prev.meeting_date if prev is not None else inputs.period_start
    today = now_day(inputs)
    promised = [a for a in facts.actions if prev is not None and a.qbr_id == prev.id]
    renewal = facts.account.renewal_date
    start = facts.account.contract_start
    first = first_value(facts)
    last = facts.last_interaction
    return QbrFigures(
        storyline=chosen_story,
        currency=currency,
        meeting_date=meeting,
        goals=goals,
        use_cases=use_cases,
        adoption=adoption,
        in_use=len(in_use),
        live=sum(1 for u in in_use if u.status is UseCaseStatus.LIVE),
        voice=voice_figures(facts, inputs.period_end),
        health=health_figures(facts, reference, today),
        delivered_minor=delivered,
        gap_minor=gap,
        value_yearly=any(g.yearly for g in valued),
        value_rule=worth.how_counted(g.goal.unit for g in valued),
        value_leads=value_leads(
            delivered, arr_minor if arr_minor is not None else facts.arr_on(today)
        ),
        use_case_value_minor=sum(uc_values) if uc_values else None,
        arr_then=facts.arr_on(reference),
        arr_now=facts.arr_on(today),
        reference_date=reference,
        commitments_made=len(promised),
        commitments_done=sum(1 for a in promised if a.status is ActionStatus.DONE),
        commitments_open=sum(1 for a in promised if a.status.is_open),
        plan=planned_actions(inputs),
        horizon=meeting + timedelta(days=NEXT_QUARTER_DAYS),
        next_review=meeting + timedelta(days=NEXT_QUARTER_DAYS),
        renewal_days=(renewal - meeting).days
        if renewal is not None and renewal >= meeting
        else None,
        last_interaction=last,
        days_since_interaction=(meeting - last).days if last is not None else None,
        days_since_start=(meeting - start).days if start is not None and start <= meeting else None,
        time_to_value_days=(first - start).days
        if first is not None and start is not None
        else None,
        first_value_on=first,
    )


def open_opportunities(facts: AccountFacts) -> list[OpportunityView]:
    return [o for o in facts.opportunities if o.status is OpportunityStatus.OPEN]


def customers(people: Sequence[PersonView]) -> list[PersonView]:
    return [p for p in people if p.side is Side.CUSTOMER]


def open_risks(facts: AccountFacts) -> list[RiskView]:
    order = {s: i for i, s in enumerate(reversed(list(Severity)))}
    chosen = [r for r in facts.risks if r.status in (RiskStatus.OPEN, RiskStatus.MITIGATING)]
    return sorted(chosen, key=lambda r: (order[r.severity], r.title))
