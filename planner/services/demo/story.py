"""One account's story: what happens to it, when, and how it reads.

An account's archetype fixes the shape of its last two years: how the relationship feels over
time (:meth:`Story.mood`, a curve from about -2 to +2), what goes wrong and when (the
*trigger* and its *cause* for accounts in decline), which incidents get escalated, how fast
the first use case goes live. Everything written afterwards reads from that one story: a
survey answered in a bad month scores low and says why, a QBR held after an outage decides
on a root-cause report and that report appears as an action, a goal of a thriving account is
measured month by month until it is met.

The modules beside this one write the rows: :mod:`.people` (stakeholders and how they feel),
:mod:`.outcomes` (use cases, plans, goals and their measurements), :mod:`.commerce` (revenue
and opportunities), :mod:`.meetings` (QBRs, actions, risks), :mod:`.timeline` (interactions
and surveys). :func:`tell` runs them in order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from planner.domain import formatting as fmt
from planner.domain.agenda import fmt_date, fmt_number
from planner.domain.enums import StakeholderRole, SurveyKind
from planner.services.demo import phrases as p
from planner.services.demo.cast import (
    AT_RISK,
    CHURNED,
    CHURNING,
    EXPANDING,
    NEW,
    STEADY,
    THRIVING,
    AccountSketch,
    anniversary,
)
from planner.services.demo.dice import pick, roll
from planner.services.demo.industries import Incident
from planner.services.demo.names import (
    ACCOUNT_EXECUTIVES,
    CS_LEADER,
    PRODUCT_MANAGERS,
    SOLUTION_ENGINEERS,
    SUPPORT_LEADS,
)
from planner.services.demo.rows import Row, Rows

HISTORY_DAYS = 730
"""Two years of history (interactions, surveys, QBRs) before today."""
DECLINING = frozenset({AT_RISK, CHURNING, CHURNED})
HEALTHY = frozenset({THRIVING, EXPANDING})
MONTHS = fmt.MONTH_NAMES
CAUSES = {
    "champion_left": 3,
    "new_sponsor": 2,
    "outages": 2,
    "budget": 2,
    "competitor": 1,
    "low_adoption": 2,
    "merger": 1,
}


@dataclass(frozen=True, slots=True)
class Arc:
    """How an archetype behaves."""

    curve: tuple[tuple[str, float], ...]
    """Mood at named moments: ``start``, ``settled`` (five months in), ``trigger``, ``end``."""
    ttv_weeks: tuple[int, int]
    adoption: tuple[int, int]
    touches: float
    """Calls and meetings a month when things go well."""
    achieve: float
    """Chance that a goal is met."""
    csm: tuple[int, ...]
    """The CSM's own read today (one of these)."""
    routine_escalations: tuple[int, int]
    """Escalations that are resolved and forgotten (none in the last 120 days)."""


ARCS: dict[str, Arc] = {
    THRIVING: Arc(
        curve=(("start", 0.5), ("settled", 1.2), ("end", 1.6)),
        ttv_weeks=(3, 8),
        adoption=(80, 95),
        touches=1.0,
        achieve=0.9,
        csm=(2,),
        routine_escalations=(1, 1),
    ),
    EXPANDING: Arc(
        curve=(("start", 0.5), ("settled", 1.0), ("end", 1.5)),
        ttv_weeks=(4, 9),
        adoption=(74, 92),
        touches=1.1,
        achieve=0.85,
        csm=(2, 2, 1),
        routine_escalations=(0, 1),
    ),
    STEADY: Arc(
        curve=(("start", 0.4), ("settled", 0.8), ("end", 0.6)),
        ttv_weeks=(5, 12),
        adoption=(45, 72),
        touches=0.8,
        achieve=0.6,
        csm=(0, 1, 1),
        routine_escalations=(1, 2),
    ),
    NEW: Arc(
        curve=(("start", 0.9), ("end", 1.1)),
        ttv_weeks=(5, 10),
        adoption=(20, 50),
        touches=2.5,
        achieve=0.6,
        csm=(1,),
        routine_escalations=(0, 0),
    ),
    AT_RISK: Arc(
        curve=(("start", 0.5), ("settled", 0.9), ("trigger", 0.8), ("end", -0.8)),
        ttv_weeks=(7, 14),
        adoption=(25, 45),
        touches=0.8,
        achieve=0.25,
        csm=(-1,),
        routine_escalations=(0, 1),
    ),
    CHURNING: Arc(
        curve=(("start", 0.4), ("settled", 0.7), ("trigger", 0.5), ("end", -1.4)),
        ttv_weeks=(8, 16),
        adoption=(12, 32),
        touches=0.7,
        achieve=0.15,
        csm=(-2,),
        routine_escalations=(0, 1),
    ),
    CHURNED: Arc(
        curve=(("start", 0.4), ("settled", 0.7), ("trigger", 0.2), ("end", -1.6)),
        ttv_weeks=(8, 16),
        adoption=(10, 30),
        touches=0.7,
        achieve=0.15,
        csm=(-2,),
        routine_escalations=(0, 1),
    ),
}


@dataclass(eq=False)
class Person:
    """A stakeholder and what happens to them."""

    row: Row
    name: str
    first: str
    role: StakeholderRole
    title: str
    joined: date
    left: date | None = None
    bias: float = 0.0
    """How much warmer (or cooler) than the account's mood this person is."""
    promoted_on: date | None = None
    events: list[tuple[date, str, float]] = field(default_factory=list)
    """(day, note, change in warmth from that day on)."""

    def present(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day < self.left)

    def warmth(self, day: date) -> float:
        return self.bias + sum(shift for when, _, shift in self.events if when <= day)


@dataclass
class Escalation:
    day: date
    incident: Incident
    raised_by: Person
    resolved_on: date | None
    repeat: bool
    """The second (or later) escalation of the same trouble."""
    decline: bool
    """Part of the account's decline, not a one-off."""


@dataclass
class UseCasePlan:
    row: Row
    title: str
    site: str
    users: str
    goal_key: str
    go_live: date | None
    """When it went (or is planned to go) live; None when not yet planned."""
    live: bool


@dataclass
class GoalPlan:
    row: Row
    kind_key: str
    kpi: str
    unit: str
    baseline: float
    target: float
    start: date
    due: date
    series: list[tuple[date, float]]
    achieved_on: date | None
    plan_current: bool

    def value_on(self, day: date) -> float | None:
        value = None
        for when, measured in self.series:
            if when > day:
                break
            value = measured
        return value


@dataclass
class Opportunity:
    row: Row
    title: str
    created: date
    closed: date | None
    won: bool
    amount: int


@dataclass
class Story:
    sketch: AccountSketch
    rng: random.Random
    rows: Rows
    today: date
    account_id: bytes
    start: date
    end: date
    since: date
    """First day of the history told (two years ago, or the contract start)."""
    trigger: date | None = None
    cause: str | None = None
    competitor: str = ""
    points: list[tuple[date, float]] = field(default_factory=list)
    dips: list[tuple[date, float, int]] = field(default_factory=list)
    sites: tuple[str, ...] = ()
    people: list[Person] = field(default_factory=list)
    internal: list[Row] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    use_cases: list[UseCasePlan] = field(default_factory=list)
    goals: list[GoalPlan] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    renewals: list[date] = field(default_factory=list)
    """Anniversaries renewed (before today, before a churn)."""
    contraction_on: date | None = None
    reason: str = ""
    """Why the account is leaving or shrinking (accounts in decline)."""
    csm_sentiment: int | None = None
    answers: list[tuple[date, SurveyKind, int]] = field(default_factory=list)
    """Every survey answer (day, kind, score), for the health history."""
    arr: int = 0
    """ARR today (the sum of its revenue events)."""
    interactions: list[tuple[Row, tuple[Person, ...]]] = field(default_factory=list)
    qbr_days: list[date] = field(default_factory=list)
    constants: dict[str, str] = field(default_factory=dict)
    """The words that never change in this account's story (its CSM, its competitor...)."""
    moods: dict[date, float] = field(default_factory=dict)
    decks: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    """Per situation, the templates not said yet in this round (an account goes through all
    of them, in a shuffled order, before it repeats one)."""
    goal_on: dict[tuple[date, int], GoalPlan | None] = field(default_factory=dict)
    contact_on: dict[tuple[date, int], Person] = field(default_factory=dict)
    decided: set[str] = field(default_factory=set)
    """Decisions already taken at a QBR (a case study is agreed once)."""
    ae: str = ""
    se: str = ""
    support: str = ""
    pm: str = ""

    # ----------------------------------------------------------------- shape of the story
    @property
    def archetype(self) -> str:
        return self.sketch.archetype

    @property
    def arc(self) -> Arc:
        return ARCS[self.sketch.archetype]

    @property
    def declining(self) -> bool:
        return self.sketch.archetype in DECLINING

    @property
    def dark_from(self) -> date | None:
        """From this day the customer stops answering: a churned account's last months, a
        churning account's last weeks."""
        if self.sketch.archetype == CHURNED:
            return self.end - timedelta(days=110)
        if self.sketch.archetype == CHURNING:
            return self.today - timedelta(days=50)
        return None

    def dark(self, day: date) -> bool:
        dark_from = self.dark_from
        return dark_from is not None and day >= dark_from

    def mood(self, day: date) -> float:
        """How the relationship feels on ``day``: -2 (hostile) .. +2 (delighted)."""
        mood = self.moods.get(day)
        if mood is None:
            mood = self.moods[day] = self._mood(day)
        return mood

    def _mood(self, day: date) -> float:
        points = self.points
        if day <= points[0][0]:
            value = points[0][1]
        elif day >= points[-1][0]:
            value = points[-1][1]
        else:
            value = points[-1][1]
            for (d0, v0), (d1, v1) in pairwise(points):
                if d0 <= day <= d1:
                    span = (d1 - d0).days or 1
                    value = v0 + (v1 - v0) * (day - d0).days / span
                    break
        for center, depth, width in self.dips:
            distance = (day - center).days
            if -3 <= distance <= width:
                value -= depth * (1 - max(distance, 0) / width)
        return value

    def tone(self, day: date) -> str:
        mood = self.mood(day)
        return "good" if mood >= 0.75 else "mixed" if mood >= -0.1 else "bad"

    # ----------------------------------------------------------------- dates
    def between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def workday(self, day: date) -> date:
        """The nearest weekday: Saturday goes back to Friday, Sunday on to Monday (or back to
        Friday when Monday is past the end of the story: it never moves a day past today, or
        past a churned account's last day)."""
        weekday = day.weekday()
        if weekday == 5:
            return day - timedelta(days=1)
        if weekday == 6:
            monday = day + timedelta(days=1)
            return monday if monday <= self.end or day > self.end else day - timedelta(days=2)
        return day

    # ----------------------------------------------------------------- people
    def present(self, day: date) -> list[Person]:
        return [person for person in self.people if person.present(day)]

    def role(self, role: StakeholderRole, day: date) -> Person | None:
        found = [x for x in self.people if x.role is role and x.present(day)]
        return found[-1] if found else None

    def contact(self, day: date) -> Person:
        """The person the CSM talks to on ``day``: the champion, else the point of contact,
        else whoever is there."""
        key = (day, len(self.people))
        if key not in self.contact_on:
            self.contact_on[key] = self._contact(day)
        return self.contact_on[key]

    def _contact(self, day: date) -> Person:
        for role in (
            StakeholderRole.CHAMPION,
            StakeholderRole.POINT_OF_CONTACT,
            StakeholderRole.DECISION_MAKER,
            StakeholderRole.EXECUTIVE_SPONSOR,
        ):
            person = self.role(role, day)
            if person is not None:
                return person
        here = self.present(day)
        return here[0] if here else self.people[0]

    def boss(self, day: date) -> Person:
        return (
            self.role(StakeholderRole.EXECUTIVE_SPONSOR, day)
            or self.role(StakeholderRole.ECONOMIC_BUYER, day)
            or self.contact(day)
        )

    def buyer(self, day: date) -> Person:
        return self.role(StakeholderRole.ECONOMIC_BUYER, day) or self.boss(day)

    # ----------------------------------------------------------------- words
    def say(self, templates: tuple[str, ...], day: date, **slots: Any) -> str:
        """One of ``templates``, filled in for this account on ``day``.

        Templates that quote a KPI are left out before the account measured one, and an
        account goes through all of a situation's templates before it repeats one."""
        if "kpi" not in slots and _quotes_kpi(templates) and self.primary_goal(day) is None:
            templates = _without_kpi(templates)
        deck = self.decks.get(templates)
        if not deck:
            deck = list(templates)
            self.rng.shuffle(deck)
            self.decks[templates] = deck
        choice = deck.pop()
        text = choice.format_map(Slots(self, day, slots))
        return sentence_case(text) if _needs_case(choice) else text

    def primary_goal(self, day: date) -> GoalPlan | None:
        """The goal the CSM talks about on ``day``: one measured by then (None before the
        first measurement)."""
        key = (day, len(self.goals))
        if key not in self.goal_on:
            self.goal_on[key] = self._primary_goal(day)
        return self.goal_on[key]

    def _primary_goal(self, day: date) -> GoalPlan | None:
        measured = [g for g in self.goals if g.series and g.series[0][0] <= day]
        if not measured:
            return None
        running = [g for g in measured if g.series[-1][0] >= day - timedelta(days=45)]
        moving = [g for g in running if g.value_on(day) != g.baseline] or running
        if moving:
            return moving[(day.toordinal() // 40) % len(moving)]
        return measured[-1]

    def use_case_on(self, day: date) -> UseCasePlan | None:
        live = [u for u in self.use_cases if u.go_live is not None and u.go_live <= day]
        if live:
            return live[-1]
        return self.use_cases[0] if self.use_cases else None


_QUOTES_KPI = re.compile(r"\{(kpi|value|target)\}")
_KPI_FREE: dict[tuple[str, ...], tuple[str, ...]] = {}


def _quotes_kpi(templates: tuple[str, ...]) -> bool:
    return _without_kpi(templates) != templates


def _without_kpi(templates: tuple[str, ...]) -> tuple[str, ...]:
    """The templates that quote no KPI (all of them when every one does)."""
    if templates not in _KPI_FREE:
        plain = tuple(t for t in templates if not _QUOTES_KPI.search(t))
        _KPI_FREE[templates] = plain or templates
    return _KPI_FREE[templates]


class Slots(dict[str, Any]):
    """The words a template may use, worked out only when the template asks for them."""

    def __init__(self, story: Story, day: date, given: dict[str, Any]) -> None:
        super().__init__(story.constants)
        self.update(given)
        self.story = story
        self.day = day

    def __missing__(self, key: str) -> str:
        resolve = _RESOLVERS.get(key)
        if resolve is None:
            raise KeyError(key)
        value = resolve(self.story, self.day)
        self[key] = value
        return value


def _contact_word(field_name: str) -> Callable[[Story, date], str]:
    return lambda story, day: str(getattr(story.contact(day), field_name))


def _boss_word(field_name: str) -> Callable[[Story, date], str]:
    return lambda story, day: str(getattr(story.boss(day), field_name))


def _buyer_word(field_name: str) -> Callable[[Story, date], str]:
    return lambda story, day: str(getattr(story.buyer(day), field_name))


def _it_first(story: Story, day: date) -> str:
    return (story.role(StakeholderRole.DECISION_MAKER, day) or story.contact(day)).first


def _case_word(which: str) -> Callable[[Story, date], str]:
    def word(story: Story, day: date) -> str:
        case = story.use_case_on(day)
        if case is None:
            return {"uc": "the rollout", "uc_title": "The rollout"}.get(
                which, story.sketch.industry.teams[0]
            )
        return {"uc": lower_first(case.title), "uc_title": case.title}.get(which, case.users)

    return word


def _goal_word(which: str) -> Callable[[Story, date], str]:
    def word(story: Story, day: date) -> str:
        goal = story.primary_goal(day)
        if goal is None:
            return {"kpi": "usage", "value": "unchanged", "target": "plan"}[which]
        if which == "kpi":
            return lower_first(goal.kpi)
        if which == "target":
            return fmt_number(goal.target, goal.unit)
        value = goal.value_on(day)
        return fmt_number(goal.baseline if value is None else value, goal.unit)

    return word


_RESOLVERS: dict[str, Callable[[Story, date], str]] = {
    "first": _contact_word("first"),
    "person": _contact_word("name"),
    "title": _contact_word("title"),
    "sponsor": _boss_word("name"),
    "sponsor_first": _boss_word("first"),
    "sponsor_title": _boss_word("title"),
    "buyer": _buyer_word("name"),
    "buyer_first": _buyer_word("first"),
    "it_first": _it_first,
    "uc": _case_word("uc"),
    "uc_title": _case_word("uc_title"),
    "users": _case_word("users"),
    "kpi": _goal_word("kpi"),
    "value": _goal_word("value"),
    "target": _goal_word("target"),
    "year": lambda _story, day: str((day + timedelta(days=60)).year),
    "team": lambda story, _day: pick(story.rng, story.sketch.industry.teams),
    "site": lambda story, _day: pick(story.rng, story.sites),
    "product": lambda story, _day: pick(story.rng, _products(story)),
    "feature": lambda story, _day: pick(story.rng, p.FEATURES),
    "month": lambda story, day: MONTHS[(day + timedelta(days=roll(story.rng, 20, 60))).month - 1],
    "date": lambda story, day: fmt_date(
        story.workday(day + timedelta(days=roll(story.rng, 10, 30)))
    ),
    "trouble": lambda story, day: p.TROUBLE.get(
        story.cause or "", "adoption at the {site}"
    ).format_map(Slots(story, day, {})),
    "n": lambda story, _day: str(roll(story.rng, 6, 24)),
    "weeks": lambda story, _day: str(roll(story.rng, 3, 8)),
}


def _products(story: Story) -> list[str]:
    names: list[str] = []
    for case in story.use_cases:
        for product in str(case.row["products"]).split(", "):
            if product not in names:
                names.append(product)
    return names or ["Beacon"]


def lower_first(text: str) -> str:
    """``Nurse rostering`` -> ``nurse rostering``; ``OEE dashboard`` stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_SLOT_STARTS = re.compile(r"(?:^|[.!?] )\{")
_CASE_NEEDED: dict[str, bool] = {}


def _needs_case(template: str) -> bool:
    """Whether a sentence of ``template`` starts with a slot (only those need capitals)."""
    needed = _CASE_NEEDED.get(template)
    if needed is None:
        needed = _CASE_NEEDED[template] = bool(_SLOT_STARTS.search(template))
    return needed


_ABBREVIATIONS = frozenset({"Inc", "Ltd", "Corp", "Co", "Lda", "Ltda", "Bhd", "Pte", "Pty", "St"})
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?] ))([^\W\d_])")


def sentence_case(text: str) -> str:
    """Capitalise the first letter of each sentence (after ``. ``, ``! ``, ``? ``), but not
    after an abbreviation such as ``N.V.`` or ``Inc.`` inside a company name."""

    def upper(match: re.Match[str]) -> str:
        start = match.start()
        if start >= 2 and text[start - 2] == ".":
            word = text[: start - 2].rsplit(" ", 1)[-1]
            if "." in word or word[-1:].isupper() or word in _ABBREVIATIONS:
                return match.group(1)
        return match.group(1).upper()

    return _SENTENCE_START.sub(upper, text)


def new_story(sketch: AccountSketch, rows: Rows, today: date) -> Story:
    """The frame of an account's story: its dates, its trigger and cause, and its mood."""
    rng = random.Random(sketch.seed)
    since = max(sketch.start, today - timedelta(days=HISTORY_DAYS))
    story = Story(
        sketch=sketch,
        rng=rng,
        rows=rows,
        today=today,
        account_id=rows.uid(),
        start=sketch.start,
        end=sketch.end,
        since=since,
    )
    industry = sketch.industry
    story.sites = tuple(rng.sample(industry.sites, min(len(industry.sites), roll(rng, 2, 4))))
    story.competitor = pick(rng, industry.competitors)
    story.ae = pick(rng, ACCOUNT_EXECUTIVES)
    story.se = pick(rng, SOLUTION_ENGINEERS)
    story.support = pick(rng, SUPPORT_LEADS)
    story.pm = pick(rng, PRODUCT_MANAGERS)
    story.constants = {
        "csm": sketch.owner.split()[0],
        "ae": story.ae,
        "se": story.se,
        "support": story.support,
        "pm": story.pm,
        "leader": CS_LEADER,
        "industry": industry.name.lower(),
        "company": sketch.name,
        "competitor": story.competitor,
        "opp_hint": "expansion talk" if sketch.archetype in HEALTHY else "renewal",
    }
    years = 1
    while anniversary(sketch.start, years) < min(today, sketch.end):
        story.renewals.append(anniversary(sketch.start, years))
        years += 1
    if story.declining:
        story.cause = rng.choices(list(CAUSES), list(CAUSES.values()))[0]
        lead = {AT_RISK: (120, 270), CHURNING: (200, 360), CHURNED: (240, 360)}[sketch.archetype]
        story.trigger = max(
            sketch.start + timedelta(days=150),
            story.end - timedelta(days=roll(rng, *lead)),
        )
    moments = {
        "start": sketch.start,
        "settled": sketch.start + timedelta(days=150),
        "trigger": story.trigger,
        "end": story.end,
    }
    points: list[tuple[date, float]] = []
    for name, value in story.arc.curve:
        day = moments[name]
        if day is None or (points and day <= points[-1][0]):
            continue
        if name == "settled" and story.trigger is not None and day >= story.trigger:
            continue
        points.append((day, value + rng.uniform(-0.15, 0.15)))
    story.points = points
    return story
