"""The plain data each chart draws: frozen dataclasses that services fill
(:mod:`planner.services.chart_data`) and the drawers in :mod:`planner.reports.charts` read.

They live in the domain layer so services can build them without depending on the drawing
code (matplotlib), and screens, decks and PDFs share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.coverage import PeopleCount
from planner.domain.enums import GoalStatus, HealthBand, RevenueKind, StakeholderRole
from planner.domain.progress import goal_progress


@dataclass(frozen=True, slots=True)
class HealthPoint:
    day: date
    score: float
    """The score in force (the override when there is one)."""
    band: HealthBand
    model_version: int
    computed_score: float
    overridden: bool = False
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class HealthTrendData:
    points: tuple[HealthPoint, ...]
    red_below: float = 40
    green_from: float = 70
    title: str = "Health trend"


@dataclass(frozen=True, slots=True)
class FactorBar:
    key: str
    label: str
    contribution: float
    """Points this factor adds to the score (0 when it has no data)."""
    score: float | None
    """The factor's own 0-100 score, None when it has no data."""
    share: float
    """Its effective weight, 0-1."""
    previous_contribution: float | None = None


@dataclass(frozen=True, slots=True)
class FactorContributionsData:
    factors: tuple[FactorBar, ...]
    score: float
    """The computed score (the sum of the contributions)."""
    previous_score: float | None = None
    """The previous snapshot's computed score (needed for the waterfall)."""
    waterfall: bool = False
    override_score: float | None = None
    title: str = ""
    """Empty: "What makes up the score" (bars) or "What moved the score" (waterfall)."""


@dataclass(frozen=True, slots=True)
class GoalBar:
    title: str
    baseline: float | None
    current: float | None
    target: float | None
    unit: str = ""
    status: GoalStatus | None = None
    previous: float | None = None
    """The reading before the newest one (None: fewer than two readings)."""
    previous_on: date | None = None
    readings: int = 0
    """How many readings the goal's history holds."""

    @property
    def progress(self) -> float | None:
        return goal_progress(self.baseline, self.current, self.target)

    @property
    def previous_progress(self) -> float | None:
        """Where the previous reading stood on the way to target (None: no previous reading
        or not measurable)."""
        if self.previous is None:
            return None
        return goal_progress(self.baseline, self.previous, self.target)


@dataclass(frozen=True, slots=True)
class GoalProgressData:
    goals: tuple[GoalBar, ...]
    title: str = "Goal progress"


@dataclass(frozen=True, slots=True)
class GoalReading:
    day: date
    value: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class GoalTrendData:
    """One goal's readings over time, against its baseline and target."""

    readings: tuple[GoalReading, ...]
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    title: str = "Progress over time"


@dataclass(frozen=True, slots=True)
class StakeholderDot:
    name: str
    role: StakeholderRole
    influence: int
    """1-5."""
    sentiment: int
    """-2..+2."""
    left_company: bool = False
    job_title: str = ""
    was: int | None = None
    """Their sentiment at the start of the map's look-back (None: it has not moved since)."""


SENTIMENT_LOOKBACK_DAYS = 90
"""The stakeholder map shows where each person moved from over this many days."""


@dataclass(frozen=True, slots=True)
class StakeholderMapData:
    people: tuple[StakeholderDot, ...]
    title: str = "Stakeholder map"
    ours: int = 0
    """People on our side: in the stakeholder list, not on the map (said in the subtitle)."""

    @property
    def count(self) -> PeopleCount:
        """The same count the stakeholder list shows."""
        left = sum(1 for p in self.people if p.left_company)
        return PeopleCount(customer=len(self.people) - left, left=left, ours=self.ours)


@dataclass(frozen=True, slots=True)
class VoicePoint:
    label: str
    """The period, e.g. "Q3 2026"."""
    nps: float | None
    """-100..100, None without NPS answers in the period."""
    nps_responses: int
    csat_pct: float | None
    """% of CSAT answers scoring 4 or 5, None without answers."""
    csat_responses: int


@dataclass(frozen=True, slots=True)
class VoiceTrendData:
    points: tuple[VoicePoint, ...]
    title: str = "Voice of the customer"


@dataclass(frozen=True, slots=True)
class ArrStep:
    day: date
    arr_minor: int
    """ARR after this event."""
    kind: RevenueKind
    delta_minor: int


@dataclass(frozen=True, slots=True)
class ArrHistoryData:
    steps: tuple[ArrStep, ...]
    currency: str
    until: date | None = None
    """Draw the last level on to this day (usually today)."""
    title: str = "ARR history"


@dataclass(frozen=True, slots=True)
class BandCount:
    band: HealthBand | None
    """None: accounts with no health snapshot yet."""
    accounts: int
    arr_minor: int


@dataclass(frozen=True, slots=True)
class HealthDistributionData:
    bands: tuple[BandCount, ...]
    currency: str
    title: str = "Health distribution"


@dataclass(frozen=True, slots=True)
class ArrBridgeData:
    start_minor: int
    new_minor: int
    expansion_minor: int
    contraction_minor: int
    """A loss, given as a positive amount."""
    churn_minor: int
    """A loss, given as a positive amount."""
    end_minor: int
    currency: str
    period_label: str = ""
    title: str = "ARR bridge"


@dataclass(frozen=True, slots=True)
class RenewalMonth:
    month: date
    """The first day of the month."""
    green_minor: int = 0
    yellow_minor: int = 0
    red_minor: int = 0
    unscored_minor: int = 0
    accounts: int = 0

    @property
    def total_minor(self) -> int:
        return self.green_minor + self.yellow_minor + self.red_minor + self.unscored_minor


@dataclass(frozen=True, slots=True)
class RenewalsByMonthData:
    months: tuple[RenewalMonth, ...]
    currency: str
    title: str = "Renewals in the next 12 months"


@dataclass(frozen=True, slots=True)
class RetentionPoint:
    label: str
    nrr_pct: float | None
    grr_pct: float | None


@dataclass(frozen=True, slots=True)
class RetentionTrendData:
    points: tuple[RetentionPoint, ...]
    title: str = "Net and gross revenue retention"
