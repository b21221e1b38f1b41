"""QBR agenda generation: DOMAIN.md "A QBR agenda", drawn only from the book's data.

Pure logic over plain frozen data classes (the *views* below, filled by
``planner.services.qbr_facts``). Nothing here reads a book, and nothing is invented: every
talking point and every table row comes from a value in the inputs. A section with nothing to
say is left out of the agenda, and the opening item says which sections were left out and why.

The nine sections, in order (their keys are stored in ``qbr_agenda_items.section``):

    objectives, since_last, health, goals, risks, voice, roadmap, next_quarter, next_steps

Time boxes are shared out of the meeting length by weight with the largest-remainder method,
so they always add up to the length exactly (:func:`allocate_minutes`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.domain import formatting as fmt
from planner.domain import qbr_figures as qf
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalCategory,
    GoalStatus,
    HealthBand,
    LifecycleStage,
    Likelihood,
    OpportunityKind,
    OpportunityStage,
    OpportunityStatus,
    PlanStatus,
    Priority,
    RevenueKind,
    RiskCategory,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.domain.health import FactorResult, HealthResult
from planner.domain.progress import goal_progress

# --------------------------------------------------------------------------- sections

OBJECTIVES = "objectives"
SINCE_LAST = "since_last"
HEALTH = "health"
GOALS = "goals"
RISKS = "risks"
VOICE = "voice"
ROADMAP = "roadmap"
NEXT_QUARTER = "next_quarter"
NEXT_STEPS = "next_steps"
CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    title: str
    weight: int
    """Relative share of the meeting (before content adjustments)."""


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(OBJECTIVES, "Objectives and attendees", 5),
    SectionSpec(SINCE_LAST, "Since our last review: commitments and wins", 10),
    SectionSpec(HEALTH, "Adoption and usage", 10),
    SectionSpec(GOALS, "Goals: progress against target", 10),
    SectionSpec(RISKS, "Risks and mitigations", 8),
    SectionSpec(VOICE, "Voice of the customer", 5),
    SectionSpec(ROADMAP, "Roadmap and expansion", 5),
    SectionSpec(NEXT_QUARTER, "Next quarter: goals and mutual action plan", 5),
    SectionSpec(NEXT_STEPS, "Open questions and next steps", 2),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
SECTION_TITLES: dict[str, str] = {s.key: s.title for s in SECTIONS}
ALWAYS_KEPT = frozenset({OBJECTIVES, NEXT_QUARTER, NEXT_STEPS})

#: The chart each section shows, by the name of its builder in ``planner.reports.charts``.
HEALTH_TREND = "health_trend"
FACTOR_CONTRIBUTIONS = "factor_contributions"
GOAL_PROGRESS = "goal_progress"
ARR_HISTORY = "arr_history"
STAKEHOLDER_MAP = "stakeholder_map"
VOICE_TREND = "voice_trend"

NEXT_QUARTER_DAYS = 91
RENEWAL_HORIZON_DAYS = 180
EN_DASH = "\u2013"
MINUS = "\u2212"
MAX_POINT_ITEMS = 8
"""Lists longer than this in a talking point are cut with "and N more"."""


# --------------------------------------------------------------------------- inputs: views


@dataclass(frozen=True, slots=True)
class AccountView:
    id: str
    name: str
    currency: str
    arr_minor: int
    owner: str
    tier_label: str = ""
    industry: str = ""
    region: str = ""
    lifecycle_stage: LifecycleStage = LifecycleStage.ADOPTION
    contract_start: date | None = None
    renewal_date: date | None = None
    notes: str = ""
    """Internal."""
    csm_sentiment: int | None = None
    """Internal."""
    csm_sentiment_note: str = ""
    """Internal."""


@dataclass(frozen=True, slots=True)
class PlanView:
    title: str
    period_start: date | None
    period_end: date | None
    status: PlanStatus
    desired_outcomes: str
    internal_notes: str = ""
    """Internal."""


@dataclass(frozen=True, slots=True)
class PersonView:
    id: str
    name: str
    job_title: str = ""
    email: str = ""
    side: Side = Side.CUSTOMER
    role: StakeholderRole | None = StakeholderRole.END_USER
    """None when hidden (customer-safe)."""
    influence: int | None = 3
    """None when hidden (customer-safe)."""
    sentiment: int | None = 0
    """Internal: None when hidden."""
    joined_on: date | None = None
    left_company: bool = False
    left_on: date | None = None
    reports_to_id: str | None = None
    notes: str = ""
    """Internal."""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.job_title})" if self.job_title else self.name


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    title: str
    status: GoalStatus
    description: str = ""
    category: GoalCategory = GoalCategory.ADOPTION
    kpi_name: str = ""
    unit: str = ""
    baseline: float | None = None
    current: float | None = None
    target: float | None = None
    due_date: date | None = None
    achieved_on: date | None = None
    owner: str = ""
    priority: Priority = Priority.MEDIUM
    customer_visible: bool = True
    value_per_unit_minor: int | None = None
    """Minor units of the account's currency one KPI unit is worth to the customer."""
    measurements: tuple[tuple[date, float], ...] = ()
    """(day, value) measured over time, oldest first."""

    @property
    def progress(self) -> float | None:
        return goal_progress(self.baseline, self.current, self.target)

    @property
    def is_closed(self) -> bool:
        return self.status in (GoalStatus.ACHIEVED, GoalStatus.MISSED)


@dataclass(frozen=True, slots=True)
class RiskView:
    id: str
    title: str
    severity: Severity = Severity.MEDIUM
    status: RiskStatus = RiskStatus.OPEN
    description: str = ""
    category: RiskCategory = RiskCategory.ADOPTION
    likelihood: Likelihood = Likelihood.POSSIBLE
    mitigation: str = ""
    raised_on: date | None = None
    resolved_on: date | None = None
    owner: str = ""
    internal: bool = False

    @property
    def is_open(self) -> bool:
        return self.status in (RiskStatus.OPEN, RiskStatus.MITIGATING)


@dataclass(frozen=True, slots=True)
class ActionView:
    id: str
    title: str
    status: ActionStatus
    owner: str = ""
    owner_side: Side | None = None
    """CUSTOMER when a stakeholder owns it, INTERNAL for our team, None when unknown."""
    due_date: date | None = None
    completed_on: date | None = None
    priority: Priority | None = Priority.MEDIUM
    """None when hidden (customer copy)."""
    qbr_id: str | None = None
    goal_id: str | None = None
    risk_id: str | None = None
    created_on: date | None = None
    kind: ActionType = ActionType.FOLLOW_UP
    """Opportunity actions are ours (internal)."""


@dataclass(frozen=True, slots=True)
class UseCaseView:
    id: str
    title: str
    status: UseCaseStatus
    adoption_pct: int = 0
    products: str = ""
    go_live: date | None = None
    value_realised: str = ""
    value_minor: int | None = None


@dataclass(frozen=True, slots=True)
class SurveyView:
    responded_on: date
    kind: SurveyKind
    score: int
    comment: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpportunityView:
    id: str
    title: str
    status: OpportunityStatus
    kind: OpportunityKind = OpportunityKind.UPSELL
    product: str = ""
    amount_minor: int | None = 0
    """None when hidden (customer copy)."""
    stage: OpportunityStage | None = OpportunityStage.IDENTIFIED
    """None when hidden (customer copy)."""
    expected_close: date | None = None
    closed_on: date | None = None
    notes: str = ""
    """Internal."""


@dataclass(frozen=True, slots=True)
class RevenueView:
    occurred_on: date
    kind: RevenueKind
    arr_delta_minor: int


@dataclass(frozen=True, slots=True)
class SnapshotView:
    taken_on: date
    score: float
    band: HealthBand
    factors: tuple[FactorResult, ...] = ()
    computed_score: float | None = None
    overridden: bool = False
    override_reason: str = ""
    """Internal."""
    model_version: int = 1


@dataclass(frozen=True, slots=True)
class PreviousQbr:
    id: str
    title: str
    meeting_date: date
    decisions: str = ""


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """Everything about one account that QBRs and the success plan document show."""

    account: AccountView
    as_of: date
    plan: PlanView | None = None
    goals: tuple[GoalView, ...] = ()
    risks: tuple[RiskView, ...] = ()
    people: tuple[PersonView, ...] = ()
    use_cases: tuple[UseCaseView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    responses: tuple[SurveyView, ...] = ()
    opportunities: tuple[OpportunityView, ...] = ()
    revenue: tuple[RevenueView, ...] = ()
    snapshots: tuple[SnapshotView, ...] = ()
    """Oldest first."""
    red_below: float = 40
    green_from: float = 70
    """Band thresholds of the health model in force."""
    customer_safe: bool = False
    last_interaction: date | None = None
    """The latest interaction on or before ``as_of``."""
    churned_on: date | None = None
    """When the account churned (its churn revenue event or its move to the churned stage)."""

    def arr_on(self, day: date) -> int:
        return max(sum(e.arr_delta_minor for e in self.revenue if e.occurred_on <= day), 0)

    def snapshot_on(self, day: date) -> SnapshotView | None:
        """The latest snapshot taken on or before ``day``."""
        found = None
        for snap in self.snapshots:
            if snap.taken_on <= day:
                found = snap
        return found

    def person(self, person_id: str | None) -> PersonView | None:
        return next((p for p in self.people if p.id == person_id), None)


@dataclass(frozen=True, slots=True)
class QbrInputs:
    facts: AccountFacts
    meeting_date: date
    period_start: date
    period_end: date
    length_minutes: int = 60
    title: str = ""
    objectives: str = ""
    notes: str = ""
    """Internal notes of the QBR."""
    previous: PreviousQbr | None = None
    attendee_ids: tuple[str, ...] = ()
    asks: str = ""
    """What we ask of the customer or want decided today, one per line."""

    @property
    def attendees(self) -> tuple[PersonView, ...]:
        chosen = set(self.attendee_ids)
        return tuple(p for p in self.facts.people if p.id in chosen)


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    weight: float = 1.0
    """Relative width."""
    numeric: bool = False
    """Right-aligned."""
    detail: bool = False
    """A detail a crowded slide may leave to the speaker notes (a card keeps the others)."""


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError("every row must have one cell per column")

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True, slots=True)
class Metric:
    """A key figure shown large on a slide: "72" / "Health (green)" / "up 8 since 2 Sep"."""

    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SectionContent:
    key: str
    title: str
    points: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    metrics: tuple[Metric, ...] = ()
    charts: tuple[str, ...] = ()
    weight: int = 5
    empty_reason: str = ""
    """Why the section has nothing to say (then it is left out, unless always kept)."""
    headline: tuple[str, ...] = ()
    """The few points a slide shows (the rest are the presenter's talking points)."""

    @property
    def slide_points(self) -> tuple[str, ...]:
        return self.headline or self.points

    @property
    def is_empty(self) -> bool:
        return bool(self.empty_reason)


@dataclass(frozen=True, slots=True)
class DraftItem:
    section: str
    title: str
    minutes: int
    owner: str
    talking_points: tuple[str, ...]

    def as_values(self) -> dict[str, object]:
        """Field values for ``planner.services.qbrs`` (an agenda item)."""
        return {
            "section": self.section,
            "title": self.title,
            "minutes": self.minutes,
            "owner": self.owner,
            "talking_points": list(self.talking_points),
        }


@dataclass(frozen=True, slots=True)
class SinceLast:
    """The comparison with the previous QBR (or with the start of the period)."""

    reference_date: date
    previous: PreviousQbr | None
    health_then: SnapshotView | None
    health_now: SnapshotView | None
    arr_then: int
    arr_now: int
    currency: str
    goals_achieved: tuple[GoalView, ...]
    joined: tuple[PersonView, ...]
    left: tuple[PersonView, ...]
    commitments_done: tuple[ActionView, ...]
    commitments_open: tuple[ActionView, ...]
    commitments_cancelled: tuple[ActionView, ...]

    @property
    def reference_label(self) -> str:
        if self.previous is not None:
            return f"at our last review ({fmt_date(self.previous.meeting_date)})"
        return f"at the start of the period ({fmt_date(self.reference_date)})"

    def table(self) -> Table:
        then_label = fmt_date(self.reference_date)
        rows: list[tuple[str, str, str]] = []
        if self.health_now is not None or self.health_then is not None:
            rows.append(
                ("Health score", _score_text(self.health_then), _score_text(self.health_now))
            )
        rows.append(
            ("ARR", fmt.money(self.arr_then, self.currency), fmt.money(self.arr_now, self.currency))
        )
        rows.append(("Goals achieved since", "", str(len(self.goals_achieved))))
        rows.append(("Stakeholders who joined", "", _names(self.joined) or "None"))
        rows.append(("Stakeholders who left", "", _names(self.left) or "None"))
        if self.previous is not None:
            total = (
                len(self.commitments_done)
                + len(self.commitments_open)
                + len(self.commitments_cancelled)
            )
            rows.append(
                (
                    "Commitments from that review",
                    f"{total} made",
                    f"{len(self.commitments_done)} done, {len(self.commitments_open)} open"
                    + (
                        f", {len(self.commitments_cancelled)} dropped"
                        if self.commitments_cancelled
                        else ""
                    ),
                )
            )
        return Table(
            "Since our last review",
            (
                Column("Measure", 1.4),
                Column(f"Then ({then_label})", 1.0),
                Column(
                    f"Now ({fmt_date(self.health_now.taken_on) if self.health_now else 'today'})",
                    1.6,
                ),
            ),
            tuple(rows),
        )


@dataclass(frozen=True, slots=True)
class Agenda:
    inputs: QbrInputs
    sections: tuple[SectionContent, ...]
    """Every section, including the empty ones (see ``omitted``)."""
    items: tuple[DraftItem, ...]
    since_last: SinceLast
    omitted: tuple[str, ...] = field(default=())
    """Titles of the sections left out because the book has nothing for them."""

    def section(self, key: str) -> SectionContent | None:
        return next((s for s in self.sections if s.key == key), None)


# --------------------------------------------------------------------------- formatting


# The one formatter (planner.domain.formatting), under the names agenda code and the QBR
# builder have always used.
fmt_date = fmt.day
fmt_period = fmt.period
fmt_pct = fmt.share


def fmt_number(value: float | None, unit: str = "") -> str:
    """A measured value with its unit (``18 days``, ``52.4%``): :func:`fmt.quantity`."""
    return fmt.quantity(value, unit)


def _score_text(snap: SnapshotView | None) -> str:
    if snap is None:
        return "No score"
    return f"{fmt.round_int(snap.score)} ({snap.band.label.lower()})"


def _names(people: Iterable[PersonView]) -> str:
    return ", ".join(p.name for p in people)


def _cut(items: Sequence[str], limit: int = MAX_POINT_ITEMS) -> str:
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} more")
    return "; ".join(shown)


_plural = fmt.plural


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- period


def default_period(meeting_date: date, previous: PreviousQbr | None) -> tuple[date, date]:
    """Since the last QBR (the day after it), else the three months before the meeting."""
    end = meeting_date
    if previous is not None and previous.meeting_date < meeting_date:
        return previous.meeting_date + timedelta(days=1), end
    return _months_before(meeting_date, 3), end


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    for dd in (day.day, 30, 29, 28):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- time boxes


def allocate_minutes(weights: Sequence[float], total: int, *, minimum: int = 1) -> list[int]:
    """Share ``total`` minutes by ``weights`` (largest remainder); the result sums to ``total``.

    Every item gets at least ``minimum`` minutes when the total allows it (the minutes come
    from the largest items). Ties in remainders go to the earlier item.

    >>> allocate_minutes([5, 10, 10], 30)
    [6, 12, 12]
    """
    n = len(weights)
    if n == 0:
        return []
    if total < 0:
        raise ValueError("the meeting length cannot be negative")
    positive = [max(float(w), 0.0) for w in weights]
    if not sum(positive):
        positive = [1.0] * n
    weight_sum = sum(positive)
    exact = [total * w / weight_sum for w in positive]
    shares = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    floor_each = min(minimum, total // n)
    for i in range(n):
        while shares[i] < floor_each:
            donor = max(range(n), key=lambda j: (shares[j], -j))
            shares[donor] -= 1
            shares[i] += 1
    return shares


def refit_minutes(minutes: Sequence[int], total: int) -> list[int]:
    """Scale existing time boxes so they add up to ``total`` (keeping their proportions)."""
    return allocate_minutes([max(m, 1) for m in minutes], total)


# --------------------------------------------------------------------------- since last


def since_last(inputs: QbrInputs) -> SinceLast:
    facts = inputs.facts
    prev = inputs.previous
    ref = prev.meeting_date if prev is not None else inputs.period_start
    now_day = min(inputs.period_end, max(inputs.meeting_date, facts.as_of))
    achieved = tuple(
        g
        for g in facts.goals
        if g.status is GoalStatus.ACHIEVED
        and g.achieved_on is not None
        and ref < g.achieved_on <= now_day
    )
    customers = [p for p in facts.people if p.side is Side.CUSTOMER]
    joined = tuple(
        p
        for p in customers
        if p.joined_on is not None and ref < p.joined_on <= now_day and not p.left_company
    )
    left = tuple(
        p
        for p in customers
        if p.left_company and p.left_on is not None and ref < p.left_on <= now_day
    )
    promised = [a for a in facts.actions if prev is not None and a.qbr_id == prev.id]
    return SinceLast(
        reference_date=ref,
        previous=prev,
        health_then=facts.snapshot_on(ref),
        health_now=facts.snapshot_on(now_day),
        arr_then=facts.arr_on(ref),
        arr_now=facts.arr_on(now_day),
        currency=facts.account.currency,
        goals_achieved=achieved,
        joined=joined,
        left=left,
        commitments_done=tuple(a for a in promised if a.status is ActionStatus.DONE),
        commitments_open=tuple(a for a in promised if a.status.is_open),
        commitments_cancelled=tuple(a for a in promised if a.status is ActionStatus.CANCELLED),
    )


# --------------------------------------------------------------------------- sections


def _in_period(day: date | None, inputs: QbrInputs) -> bool:
    return day is not None and inputs.period_start <= day <= inputs.period_end


def _owner_text(action: ActionView) -> str:
    return action.owner or "Owner to agree"


def _action_status(action: ActionView, inputs: QbrInputs) -> str:
    return qf.action_status_text(action, inputs.facts.as_of, inputs.meeting_date)


def _objectives(inputs: QbrInputs, omitted: Sequence[str]) -> SectionContent:
    facts = inputs.facts
    points = []
    if inputs.objectives.strip():
        points.append(f"Purpose: {inputs.objectives.strip()}")
    else:
        points.append(
            f"Purpose: review {fmt_period(inputs.period_start, inputs.period_end)} together "
            "and agree the priorities for the next quarter."
        )
    attendees = inputs.attendees
    customers = [p for p in attendees if p.side is Side.CUSTOMER]
    ours = [p for p in attendees if p.side is Side.INTERNAL]
    if customers:
        points.append(f"From {facts.account.name}: {_cut([p.label for p in customers])}")
    if ours:
        points.append(f"From our team: {_cut([p.label for p in ours])}")
    if not attendees:
        points.append("Attendees: none chosen yet.")
    if facts.plan is not None and facts.plan.desired_outcomes.strip():
        points.append(f"Desired outcomes ({facts.plan.title}): {facts.plan.desired_outcomes}")
    if omitted:
        points.append(
            "Not on the agenda, because the book has nothing for them this period: "
            + "; ".join(omitted)
            + "."
        )
    tables: tuple[Table, ...] = ()
    if attendees:
        ordered = sorted(attendees, key=lambda p: (p.side is not Side.CUSTOMER, p.name))
        rows: tuple[tuple[str, ...], ...] = tuple(
            (p.name, p.job_title, "Customer" if p.side is Side.CUSTOMER else "Our team")
            for p in ordered
        )
        columns = [Column("Name", 1.2), Column("Job title", 1.4), Column("Side", 0.7)]
        if not facts.customer_safe:
            rows = tuple(
                (*row, p.role.label if p.role is not None and p.side is Side.CUSTOMER else "")
                for row, p in zip(rows, ordered, strict=True)
            )
            columns.append(Column("Role", 0.9))
        tables = (Table("Attendees", tuple(columns), rows),)
    charts = (STAKEHOLDER_MAP,) if not facts.customer_safe and facts.people else ()
    headline = [p for p in points if p.startswith(("Purpose:", "Desired outcomes"))]
    return SectionContent(
        OBJECTIVES,
        SECTION_TITLES[OBJECTIVES],
        tuple(points),
        tables,
        charts=charts,
        weight=5,
        headline=tuple(headline),
    )


def _since_last(inputs: QbrInputs, comparison: SinceLast, figures: qf.QbrFigures) -> SectionContent:
    facts = inputs.facts
    points: list[str] = []
    tables: list[Table] = [comparison.table()]
    prev = comparison.previous
    if prev is not None:
        points.append(f"Last review: {prev.title} on {fmt_date(prev.meeting_date)}.")
        if prev.decisions.strip():
            points.append(f"What we decided then: {prev.decisions.strip()}")
        promised = [
            *comparison.commitments_done,
            *comparison.commitments_open,
            *comparison.commitments_cancelled,
        ]
        if promised:
            points.append(
                f"Commitments made then: {len(promised)}; "
                f"{len(comparison.commitments_done)} done, "
                f"{len(comparison.commitments_open)} still open."
            )
            if comparison.commitments_done:
                points.append("Done: " + _cut([a.title for a in comparison.commitments_done]))
            if comparison.commitments_open:
                points.append(
                    "Still open: "
                    + _cut(
                        [
                            f"{a.title} ({_owner_text(a)}"
                            + (f", due {fmt_date(a.due_date)}" if a.due_date else "")
                            + ")"
                            for a in comparison.commitments_open
                        ]
                    )
                )
            tables.append(
                Table(
                    f"Commitments from {prev.title}",
                    (
                        Column("Commitment", 2.6),
                        Column("Owner", 1.1),
                        Column("Due", 0.8),
                        Column("Status", 0.9),
                    ),
                    tuple(
                        (a.title, _owner_text(a), fmt_date(a.due_date), _action_status(a, inputs))
                        for a in promised
                    ),
                )
            )
        else:
            points.append("No commitments were recorded at that review.")
    else:
        points.append(
            f"This is our first business review in the book; the period covered is "
            f"{fmt_period(inputs.period_start, inputs.period_end)}."
        )
    wins = _wins(inputs)
    if wins:
        points.append("Wins in the period: " + _cut([w[1] for w in wins]))
        tables.append(
            Table(
                "Wins in the period",
                (Column("Win", 2.8), Column("What", 1.0), Column("Date", 0.8)),
                tuple((title, kind, fmt_date(day)) for kind, _point, title, day in wins),
            )
        )
    else:
        points.append("No goals achieved, use cases gone live or expansions won in the period.")
    if comparison.arr_now != comparison.arr_then:
        verb = "grew" if comparison.arr_now > comparison.arr_then else "went down"
        points.append(
            f"ARR {verb} from {fmt.money(comparison.arr_then, comparison.currency)} to "
            f"{fmt.money(comparison.arr_now, comparison.currency)} "
            f"{comparison.reference_label.replace('at ', 'since ', 1)}."
        )
    if comparison.joined:
        points.append("New faces: " + _cut([p.label for p in comparison.joined]))
    if comparison.left:
        points.append("Left the company: " + _cut([p.label for p in comparison.left]))
    charts = (ARR_HISTORY,) if len(facts.revenue) > 0 else ()
    skip = ("Done: ", "Still open: ", "What we decided then: ")
    headline = tuple(p for p in points if not p.startswith(skip))
    return SectionContent(
        SINCE_LAST,
        section_title(SINCE_LAST, figures.storyline),
        tuple(points),
        tuple(tables),
        charts=charts,
        weight=10,
        headline=headline,
    )


def _wins(inputs: QbrInputs) -> list[tuple[str, str, str, date]]:
    """(kind, talking-point text, title, date) of goals achieved, use cases live, expansion won."""
    facts = inputs.facts
    wins: list[tuple[str, str, str, date]] = [
        ("Goal achieved", f"goal achieved: {g.title}", g.title, g.achieved_on)
        for g in facts.goals
        if g.status is GoalStatus.ACHIEVED and g.achieved_on and _in_period(g.achieved_on, inputs)
    ]
    wins.extend(
        ("Use case live", f"use case live: {u.title}", u.title, u.go_live)
        for u in facts.use_cases
        if u.status is UseCaseStatus.LIVE and u.go_live and _in_period(u.go_live, inputs)
    )
    for o in facts.opportunities:  # (the customer copy keeps won ones, without amounts)
        if o.status is OpportunityStatus.WON and o.closed_on and _in_period(o.closed_on, inputs):
            amount = (
                f" ({fmt.money(o.amount_minor, facts.account.currency)})" if o.amount_minor else ""
            )
            wins.append(
                ("Expansion won", f"expansion won: {o.title}{amount}", o.title, o.closed_on)
            )
    wins.sort(key=lambda w: w[3])
    return wins


def _as_result(snap: SnapshotView) -> HealthResult:
    return HealthResult(
        snap.score,
        snap.band,
        tuple(
            FactorResult(f.key, f.label, f.raw, f.score, f.weight, f.effective_weight)
            for f in snap.factors
        ),
        snap.model_version,
    )


def _health(inputs: QbrInputs, figures: qf.QbrFigures) -> SectionContent:
    """Adoption and usage (and, in the internal copy, our health score and what moved it)."""
    facts = inputs.facts
    title = section_title(HEALTH, figures.storyline)
    health = figures.health
    in_use = [
        u
        for u in facts.use_cases
        if u.status in (UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK)
    ]
    if health is None and not in_use and not facts.use_cases:
        return SectionContent(HEALTH, title, weight=10, empty_reason="no use cases recorded")
    points: list[str] = []
    metrics: list[Metric] = []
    tables: list[Table] = []
    charts: list[str] = []
    if figures.storyline is qf.Storyline.NEW and figures.days_since_start is not None:
        text = f"Day {fmt.count(figures.days_since_start)} since the contract started"
        if figures.time_to_value_days is not None and figures.first_value_on is not None:
            text += (
                f"; first value after {fmt.days(figures.time_to_value_days)} "
                f"({fmt.day(figures.first_value_on)})."
            )
        else:
            text += "; no goal achieved or use case live yet."
        points.append(text)
    if in_use:
        points.append(
            f"Adoption: {_plural(len(in_use), 'use case')} in use ({figures.live} live), "
            f"average {figures.adoption_text} adopted."
        )
        metrics.append(
            Metric(
                figures.adoption_text,
                "Average adoption",
                f"{_plural(len(in_use), 'use case')} in use",
            )
        )
        low = sorted((u for u in in_use if u.adoption_pct < 40), key=lambda u: u.adoption_pct)
        if low:
            points.append(
                "Lowest adoption: "
                + _cut([f"{u.title} ({fmt.percent(u.adoption_pct)})" for u in low], 3)
            )
    if health is not None:
        points.append(health.headline + ".")
        metrics.insert(
            0,
            Metric(
                str(health.now),
                f"Health score ({health.band.label.lower()})",
                f"on {fmt.day(health.on)}",
            ),
        )
        if health.computed is not None:
            note = f"The score was adjusted by hand from {health.computed}"
            if health.override_reason:
                note += f": {health.override_reason}"
            points.append(note + ("" if note.endswith(".") else "."))
        moves = [f for f in health.factors if f.change]
        if moves:
            ranked = sorted(moves, key=lambda f: -abs(f.change or 0))
            points.append(
                "What moved it: "
                + _cut([f"{f.label} {fmt.signed(f.change)} points" for f in ranked], 4)
            )
        charts.append(HEALTH_TREND)
        if health.factors:
            charts.append(FACTOR_CONTRIBUTIONS)
    if facts.use_cases:
        tables.append(
            Table(
                "Use cases",
                (
                    Column("Use case", 2.2),
                    Column("Status", 0.8),
                    Column("Adoption", 0.7, numeric=True),
                    Column("Go-live", 0.8),
                    Column("Value realised", 1.8),
                ),
                tuple(
                    (
                        u.title,
                        u.status.label,
                        fmt.percent(u.adoption_pct),
                        fmt.day(u.go_live),
                        u.value_realised,
                    )
                    for u in facts.use_cases
                ),
            )
        )
    return SectionContent(
        HEALTH, title, tuple(points), tuple(tables), tuple(metrics), tuple(charts), weight=10
    )


def _goal_values(g: GoalView) -> tuple[str, str, str]:
    return (
        fmt.quantity(g.baseline, g.unit),
        fmt.quantity(g.current, g.unit),
        fmt.quantity(g.target, g.unit),
    )


def _goals(figures: qf.QbrFigures) -> SectionContent:
    title = section_title(GOALS, figures.storyline)
    goals = figures.goals
    if not goals:
        return SectionContent(GOALS, title, weight=10, empty_reason="no goals in the success plan")
    counts = figures.goal_counts()
    summary = ", ".join(f"{counts[s]} {s.label.lower()}" for s in qf.GoalState if counts[s])
    points = [f"{_plural(len(goals), 'goal')}: {summary}."]
    for g in goals:
        text = g.headline
        if g.progress is not None and g.state is not qf.GoalState.ACHIEVED:
            text += f" ({g.progress_text} of the way)"
        if g.state is not qf.GoalState.ACHIEVED:
            text += f"; {_lower_first(g.status_text)}"
        points.append(text + ".")
    if figures.delivered_minor:
        points.append(
            f"Value of the progress so far: {figures.delivered_full} {figures.value_scope}"
            + (
                f"; reaching every target adds {figures.gap_full}."
                if figures.gap_minor
                else "; every valued target is met."
            )
        )
    elif figures.gap_minor and figures.storyline is not qf.Storyline.CHURNED:
        points.append(f"Reaching the targets is worth up to {figures.gap_full}.")
    rows = tuple(
        (
            g.goal.title,
            g.baseline_text,
            g.current_text,
            g.target_text,
            g.progress_text,
            g.status_text,
            fmt.day(g.goal.due_date),
        )
        for g in goals
    )
    table = Table(
        "Goals against target",
        (
            Column("Goal", 2.4),
            Column("Baseline", 0.7, numeric=True),
            Column("Now", 0.7, numeric=True),
            Column("Target", 0.7, numeric=True),
            Column("Progress", 0.7, numeric=True),
            Column("Status", 1.0),
            Column("Due", 0.8),
        ),
        rows,
    )
    weight = 8 + min(max(len(goals) - 3, 0), 6)
    return SectionContent(
        GOALS,
        title,
        tuple(points),
        (table,),
        charts=(GOAL_PROGRESS,),
        weight=weight,
        headline=(points[0],),
    )


def _risks(inputs: QbrInputs, figures: qf.QbrFigures) -> SectionContent:
    title = section_title(RISKS, figures.storyline)
    open_risks = qf.open_risks(inputs.facts)
    if figures.storyline is qf.Storyline.CHURNED:
        return _lessons(inputs, figures, title)
    if not open_risks:
        return SectionContent(RISKS, title, weight=8, empty_reason="no open risks")
    points = [f"{_plural(len(open_risks), 'open risk')}."]
    for r in open_risks:
        text = f"{r.title} ({r.severity.label.lower()} severity, {r.status.label.lower()})"
        text += f": {r.mitigation}" if r.mitigation.strip() else ": no mitigation recorded yet"
        points.append(text)
    table = Table(
        "Open risks and mitigations",
        (
            Column("Risk", 1.8),
            Column("Severity", 0.7),
            Column("Status", 0.8),
            Column("Mitigation", 2.4),
            Column("Owner", 0.9),
        ),
        tuple(
            (r.title, r.severity.label, r.status.label, r.mitigation, r.owner) for r in open_risks
        ),
    )
    weight = 4 + min(2 * len(open_risks), 8)
    if figures.storyline is qf.Storyline.AT_RISK:
        weight += 4
    return SectionContent(
        RISKS, title, tuple(points), (table,), weight=weight, headline=(points[0],)
    )


def _lessons(inputs: QbrInputs, figures: qf.QbrFigures, title: str) -> SectionContent:
    """Churned accounts: what we learned (missed goals, risks met, feedback themes)."""
    missed = [g for g in figures.goals if g.missed]
    risks = list(inputs.facts.risks)
    themes = figures.voice.themes
    points: list[str] = []
    points.extend(f"Missed: {g.headline}." for g in missed[:MAX_POINT_ITEMS])
    points.extend(
        f"Risk: {r.title}" + (f" (what we tried: {r.mitigation})" if r.mitigation.strip() else "")
        for r in risks[:MAX_POINT_ITEMS]
    )
    if themes:
        points.append("Themes in your feedback: " + _cut([f"{t} ({c})" for t, c in themes], 6))
    if not points:
        return SectionContent(
            RISKS, title, weight=6, empty_reason="no missed goals, risks or feedback recorded"
        )
    return SectionContent(RISKS, title, tuple(points), weight=8, headline=tuple(points[:2]))


def _voice(figures: qf.QbrFigures) -> SectionContent:
    title = section_title(VOICE, figures.storyline)
    voice = figures.voice
    if not voice.quarters:
        return SectionContent(
            VOICE,
            title,
            weight=5,
            empty_reason="no NPS or CSAT answers in the last eighteen months",
        )
    points = []
    metrics = []
    nps, nps_before = voice.latest_with(SurveyKind.NPS)
    if nps is not None:
        text = f"NPS {nps.nps_text} in {nps.label} ({_plural(nps.nps_answers, 'answer')})"
        if nps_before is not None:
            text += f"; {nps_before.nps_point} in {nps_before.label}"
        points.append(text + ".")
        metrics.append(
            Metric(nps.nps_text, f"NPS, {nps.label}", _plural(nps.nps_answers, "answer"))
        )
    csat, csat_before = voice.latest_with(SurveyKind.CSAT)
    if csat is not None:
        text = (
            f"CSAT {csat.csat_text} satisfied (4 or 5 out of 5) in {csat.label} "
            f"({_plural(csat.csat_answers, 'answer')})"
        )
        if csat_before is not None:
            text += f"; {csat_before.csat_point} in {csat_before.label}"
        points.append(text + ".")
        metrics.append(
            Metric(
                csat.csat_text,
                f"CSAT satisfied, {csat.label}",
                _plural(csat.csat_answers, "answer"),
            )
        )
    if voice.themes:
        points.append("Themes: " + _cut([f"{t} ({c})" for t, c in voice.themes], 6))
    points.extend(
        f"In their words ({fmt.day(day)}): \u201c{text}\u201d" for day, text in voice.quotes[:2]
    )
    tables: tuple[Table, ...] = ()
    if voice.themes:
        tables = (
            Table(
                "Themes in the feedback",
                (Column("Theme", 2.0), Column("Mentions", 0.7, numeric=True)),
                tuple((t, fmt.count(c)) for t, c in voice.themes),
            ),
        )
    quotes = [p for p in points if p.startswith("In their words")]
    headline = tuple(p for p in points if p not in quotes) + tuple(quotes[:1])
    return SectionContent(
        VOICE,
        title,
        tuple(points),
        tables,
        tuple(metrics),
        charts=(VOICE_TREND,),
        weight=5,
        headline=headline,
    )


def _roadmap(inputs: QbrInputs, figures: qf.QbrFigures) -> SectionContent:
    facts = inputs.facts
    title = section_title(ROADMAP, figures.storyline)
    if figures.storyline in (qf.Storyline.AT_RISK, qf.Storyline.CHURNED):
        return SectionContent(
            ROADMAP, title, weight=5, empty_reason="no expansion talk in this review"
        )
    open_opps = qf.open_opportunities(facts)
    if not open_opps:
        return SectionContent(
            ROADMAP, title, weight=5, empty_reason="no open expansion opportunities"
        )
    points = [f"{_plural(len(open_opps), 'open opportunity', 'open opportunities')}."]
    for o in open_opps:
        text = f"{o.title} ({o.kind.label.lower()}"
        if o.product:
            text += f", {o.product}"
        if o.stage is not None:
            text += f"; {o.stage.label.lower()}"
        if o.expected_close:
            text += f", expected {fmt.day(o.expected_close)}"
        if o.amount_minor:
            text += f", {fmt.money(o.amount_minor, facts.account.currency)} ARR"
        points.append(text + ")")
    columns = [Column("Opportunity", 2.0), Column("Kind", 0.8), Column("Product", 1.2)]
    internal = not facts.customer_safe
    if internal:
        columns += [Column("Stage", 0.8), Column("Expected", 0.8), Column("ARR", 0.8, numeric=True)]
    rows = []
    for o in open_opps:
        row = [o.title, o.kind.label, o.product]
        if internal:
            row += [
                o.stage.label if o.stage else "",
                fmt.day(o.expected_close),
                fmt.money(o.amount_minor or 0, facts.account.currency),
            ]
        rows.append(tuple(row))
    table = Table("Open opportunities", tuple(columns), tuple(rows))
    weight = 3 + min(2 * len(open_opps), 6)
    return SectionContent(
        ROADMAP, title, tuple(points), (table,), weight=weight, headline=(points[0],)
    )


def proposed_goals(inputs: QbrInputs) -> list[GoalView]:
    """Goals to carry into next quarter: open ones due by its end, undated, in trouble, or
    missed (shown as missed, to re-plan with a new date: never dropped). A goal not started
    yet and due later is not next quarter's (a new account's goals are all not started)."""
    horizon = inputs.meeting_date + timedelta(days=NEXT_QUARTER_DAYS)
    trouble = (GoalStatus.AT_RISK, GoalStatus.OFF_TRACK)
    chosen = [
        g
        for g in inputs.facts.goals
        if g.status is GoalStatus.MISSED
        or (
            not g.is_closed and (g.due_date is None or g.due_date <= horizon or g.status in trouble)
        )
    ]
    return sorted(chosen, key=lambda g: (g.due_date is None, g.due_date or date.max, g.title))


def action_plan(inputs: QbrInputs) -> list[ActionView]:
    """The mutual action plan's actions (see :func:`planner.domain.qbr_figures.planned_actions`)."""
    return [p.action for p in qf.planned_actions(inputs)]


def _next_quarter(inputs: QbrInputs, figures: qf.QbrFigures) -> SectionContent:
    title = section_title(NEXT_QUARTER, figures.storyline)
    if figures.storyline is qf.Storyline.CHURNED:
        return SectionContent(NEXT_QUARTER, title, weight=5, empty_reason="the account has churned")
    goals = proposed_goals(inputs)
    by_id = {g.goal.id: g for g in figures.goals}
    plan = figures.plan
    points = [f"Next quarter runs to about {fmt.day(figures.horizon)}."]
    tables: list[Table] = []
    if goals:
        points.append(
            "Goals: "
            + _cut(
                [
                    f"{g.title} ({_lower_first(by_id[g.id].status_text)})"
                    if g.id in by_id
                    else g.title
                    for g in goals
                ]
            )
        )
        tables.append(
            Table(
                "Goals for next quarter",
                (
                    Column("Goal", 2.4),
                    Column("Now", 0.7, numeric=True),
                    Column("Target", 0.7, numeric=True),
                    Column("Status", 1.4),
                    Column("Owner", 1.0),
                ),
                tuple(
                    (
                        g.title,
                        by_id[g.id].current_text,
                        by_id[g.id].target_text,
                        by_id[g.id].status_text,
                        g.owner,
                    )
                    for g in goals
                    if g.id in by_id
                ),
            )
        )
    else:
        points.append("No open goals are due next quarter: agree new goals together.")
    if plan:
        points.append(
            "Mutual action plan: "
            + _cut(
                [
                    f"{p.action.title} ({p.owner}"
                    + (
                        f", due {p.due_text})"
                        if p.action.due_date
                        else f", {_lower_first(p.due_text)})"
                    )
                    for p in plan
                ]
            )
        )
        tables.append(
            Table(
                "Mutual action plan",
                (
                    Column("Action", 2.4),
                    Column("Owner", 1.1),
                    Column("Side", 0.9),
                    Column("Due", 0.8),
                    Column("Status", 0.9),
                ),
                tuple((p.action.title, p.owner, p.side, p.due_text, p.status_text) for p in plan),
            )
        )
    else:
        points.append("No open actions yet: agree owners and dates for the next steps.")
    weight = 5 + min(len(goals) + len(plan), 6) // 2
    headline = tuple(p for p in points if not p.startswith(("Goals:", "Mutual action")))
    return SectionContent(
        NEXT_QUARTER, title, tuple(points), tuple(tables), weight=weight, headline=headline
    )


def asks_of(inputs: QbrInputs) -> tuple[str, ...]:
    """The QBR's asks, one per non-empty line."""
    return tuple(
        line.strip(" \t-\u2022") for line in inputs.asks.splitlines() if line.strip(" \t-\u2022")
    )


def _next_steps(inputs: QbrInputs, figures: qf.QbrFigures) -> SectionContent:
    facts = inputs.facts
    title = section_title(NEXT_STEPS, figures.storyline)
    points = [f"We ask: {ask}" for ask in asks_of(inputs)]
    if figures.storyline is qf.Storyline.CHURNED:
        owner = facts.account.owner
        points.append(
            "Thank you for working with us" + (f"; {owner} stays your contact." if owner else ".")
        )
        points.append(
            "Tell us what would bring you back; we will keep you informed of the "
            "improvements you asked for."
        )
        return SectionContent(NEXT_STEPS, title, tuple(points), weight=4)
    blocked = [a for a in facts.actions if a.status is ActionStatus.BLOCKED]
    points.extend(
        f"Blocked: {a.title} ({_owner_text(a)}). What do we need to unblock it?"
        for a in blocked[:MAX_POINT_ITEMS]
    )
    no_target = [g for g in facts.goals if not g.is_closed and g.target is None]
    points.extend(
        f"Agree a measurable target for \u201c{g.title}\u201d (none recorded yet)."
        for g in no_target[:MAX_POINT_ITEMS]
    )
    if figures.renewal_days is not None and figures.renewal_days <= RENEWAL_HORIZON_DAYS:
        points.append(
            f"Renewal on {fmt.day(facts.account.renewal_date)}, "
            f"{fmt.days(figures.renewal_days)} after this meeting: agree the renewal timeline "
            "and who signs."
        )
    points.append(f"Agree the date of our next review (around {fmt.day(figures.next_review)}).")
    points.append("Confirm owners and due dates of everything agreed today.")
    return SectionContent(NEXT_STEPS, title, tuple(points), weight=4)


# --------------------------------------------------------------------------- the agenda

_TITLES: dict[qf.Storyline, dict[str, str]] = {
    qf.Storyline.AT_RISK: {RISKS: "Path to green: risks and mitigations"},
    qf.Storyline.NEW: {HEALTH: "Onboarding progress and time to value"},
    qf.Storyline.CHURNED: {
        SINCE_LAST: "What we achieved together",
        HEALTH: "Adoption at the end",
        GOALS: "Goals: where we ended",
        RISKS: "What we learned",
        VOICE: "Your feedback",
        NEXT_STEPS: "The door stays open",
    },
}
_ORDER: dict[qf.Storyline, tuple[str, ...]] = {
    qf.Storyline.AT_RISK: (
        OBJECTIVES,
        RISKS,
        SINCE_LAST,
        HEALTH,
        GOALS,
        VOICE,
        ROADMAP,
        NEXT_QUARTER,
        NEXT_STEPS,
    ),
}
_KEPT: dict[qf.Storyline, frozenset[str]] = {
    qf.Storyline.CHURNED: frozenset({OBJECTIVES, SINCE_LAST, NEXT_STEPS}),
    qf.Storyline.AT_RISK: ALWAYS_KEPT | {RISKS},
}


def section_title(key: str, story: qf.Storyline) -> str:
    """The section's title in this storyline (an exit review's sections read differently)."""
    return _TITLES.get(story, {}).get(key, SECTION_TITLES.get(key, key))


def build_sections(
    inputs: QbrInputs, story: qf.Storyline | None = None
) -> tuple[tuple[SectionContent, ...], SinceLast]:
    """Every section's content (empty ones included), in the storyline's order, and the
    since-last comparison. ``story``: the storyline decided on the full facts."""
    figures = qf.compute(inputs, story)
    comparison = since_last(inputs)
    by_key = {
        SINCE_LAST: _since_last(inputs, comparison, figures),
        HEALTH: _health(inputs, figures),
        GOALS: _goals(figures),
        RISKS: _risks(inputs, figures),
        VOICE: _voice(figures),
        ROADMAP: _roadmap(inputs, figures),
        NEXT_QUARTER: _next_quarter(inputs, figures),
        NEXT_STEPS: _next_steps(inputs, figures),
    }
    kept = _KEPT.get(figures.storyline, ALWAYS_KEPT)
    order = _ORDER.get(figures.storyline, SECTION_KEYS)
    middle = [by_key[k] for k in order if k != OBJECTIVES]
    omitted = [f"{s.title} ({s.empty_reason})" for s in middle if s.is_empty and s.key not in kept]
    first = _objectives(inputs, omitted)
    return (first, *middle), comparison


def generate_agenda(inputs: QbrInputs, story: qf.Storyline | None = None) -> Agenda:
    """The agenda for a QBR: the sections with something to say, time-boxed to its length."""
    if inputs.period_end < inputs.period_start:
        raise ValueError("the period must end on or after its start")
    sections, comparison = build_sections(inputs, story)
    figures_story = story or qf.storyline(inputs.facts, inputs.meeting_date)
    kept_keys = _KEPT.get(figures_story, ALWAYS_KEPT)
    kept = [s for s in sections if not s.is_empty or s.key in kept_keys]
    minutes = allocate_minutes([s.weight for s in kept], inputs.length_minutes)
    owner = inputs.facts.account.owner
    items = tuple(
        DraftItem(s.key, s.title, mins, owner, s.points)
        for s, mins in zip(kept, minutes, strict=True)
    )
    omitted = tuple(s.title for s in sections if s.is_empty and s.key not in kept_keys)
    return Agenda(inputs, sections, items, comparison, omitted)


def with_customer_safe(facts: AccountFacts) -> AccountFacts:
    """The facts as the customer may see them (see ``planner.reports.customer_safe``).

    The customer copy shows outcomes: goals shared with the customer, adoption, value, usage
    and the customer's own feedback. It leaves out our health score (snapshots, factors,
    overrides), every sentiment and the roles and influence built on them, internal notes,
    risks marked internal and goals not shared, our pipeline (stages, amounts, close dates,
    lost deals) and revenue, our sales actions, and action priorities.
    """
    hidden_goals = {g.id for g in facts.goals if not g.customer_visible}
    hidden_risks = {r.id for r in facts.risks if r.internal}
    account = dataclasses.replace(
        facts.account, notes="", csm_sentiment=None, csm_sentiment_note=""
    )
    plan = dataclasses.replace(facts.plan, internal_notes="") if facts.plan else None
    people = tuple(
        dataclasses.replace(p, sentiment=None, notes="", role=None, influence=None)
        for p in facts.people
    )
    actions = tuple(
        dataclasses.replace(a, priority=None)
        for a in facts.actions
        if a.goal_id not in hidden_goals
        and a.risk_id not in hidden_risks
        and a.kind is not ActionType.OPPORTUNITY
    )
    opportunities = tuple(
        dataclasses.replace(o, amount_minor=None, notes="", stage=None, expected_close=None)
        for o in facts.opportunities
        if o.status is not OpportunityStatus.LOST
    )
    return dataclasses.replace(
        facts,
        account=account,
        plan=plan,
        goals=tuple(g for g in facts.goals if g.customer_visible),
        risks=tuple(r for r in facts.risks if not r.internal),
        people=people,
        actions=actions,
        opportunities=opportunities,
        revenue=(),
        snapshots=(),
        customer_safe=True,
    )
