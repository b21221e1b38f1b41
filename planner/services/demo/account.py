"""Tell one account's story, in order, and write the account itself.

The order matters: people first (everything else needs someone to talk to), then the
escalations (they shape the mood), use cases and goals, money, risks and QBRs, the timeline
and surveys, and last the people's sentiment history (which reads the whole story) and the
account row with its lifecycle stages and the CSM's own notes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain import health as h
from planner.domain.agenda import fmt_date
from planner.domain.enums import (
    GoalStatus,
    InteractionType,
    LifecycleStage,
    StakeholderRole,
    SurveyKind,
    Tier,
    UseCaseStatus,
)
from planner.services.demo.cast import (
    AT_RISK,
    CHURNED,
    CHURNING,
    EXPANDING,
    NEW,
    STEADY,
    THRIVING,
    AccountSketch,
)
from planner.services.demo.commerce import churn_reason, plan_commerce
from planner.services.demo.dice import pick, roll
from planner.services.demo.meetings import hold_qbrs, other_actions, raise_risks
from planner.services.demo.outcomes import plan_goals, plan_use_cases
from planner.services.demo.people import cast_people, finish_people, month_year
from planner.services.demo.rows import Rows, millis
from planner.services.demo.story import Story, lower_first, new_story
from planner.services.demo.timeline import plan_escalations, write_timeline

S = LifecycleStage


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """What an account's health is scored from, kept from its story so the history of its
    score needs no query: the same inputs :func:`planner.services.health.gather_inputs_in`
    reads from the book (a test holds the two equal)."""

    contacts: tuple[date, ...]
    """Days of every interaction, sorted."""
    touchpoints: tuple[date, ...]
    """Days of calls, meetings and QBRs, sorted."""
    escalations: tuple[date, ...]
    answers: tuple[tuple[date, SurveyKind, int], ...]
    """Survey answers, sorted by day."""
    adoption: tuple[float, ...]
    live_use_cases: int
    people: tuple[tuple[StakeholderRole, int, bool], ...]
    """Customer stakeholders: role, sentiment, left the company."""
    csm_sentiment: int | None

    def inputs(self, as_of: date) -> h.HealthInputs:
        window = as_of - timedelta(days=h.WINDOW_DAYS)
        year = as_of - timedelta(days=h.SURVEY_WINDOW_DAYS)
        last = bisect_right(self.contacts, as_of)
        days = (as_of - self.contacts[last - 1]).days if last else None
        touches = bisect_right(self.touchpoints, as_of) - bisect_right(self.touchpoints, window)
        escalated = bisect_right(self.escalations, as_of) - bisect_right(self.escalations, window)
        answered = [(kind, score) for day, kind, score in self.answers if year < day <= as_of]
        present = [p for p in self.people if not p[2]]
        champions = [p for p in self.people if p[0] is StakeholderRole.CHAMPION]
        return h.HealthInputs(
            as_of=as_of,
            adoption_pcts=self.adoption,
            live_use_cases=self.live_use_cases,
            days_since_interaction=days,
            touchpoints_90d=touches,
            escalations_90d=escalated,
            nps_scores=tuple(s for kind, s in answered if kind is SurveyKind.NPS),
            csat_scores=tuple(s for kind, s in answered if kind is SurveyKind.CSAT),
            has_sponsor=any(p[0] is StakeholderRole.EXECUTIVE_SPONSOR for p in present),
            sponsor_positive=any(
                p[0] is StakeholderRole.EXECUTIVE_SPONSOR and p[1] > 0 for p in present
            ),
            champion_positive=any(p[0] is StakeholderRole.CHAMPION and p[1] > 0 for p in present),
            champion_left=bool(champions) and all(p[2] for p in champions),
            positive_contacts=sum(1 for p in present if p[1] > 0),
            csm_sentiment=self.csm_sentiment,
        )


@dataclass(frozen=True, slots=True)
class Told:
    """What the health snapshots need to know about an account after its story is told."""

    account_id: bytes
    start: date
    churn_on: date | None
    archetype: str
    override_reason: str
    health: HealthFacts


def tell(sketch: AccountSketch, rows: Rows, today: date) -> Told:
    story = new_story(sketch, rows, today)
    cast_people(story)
    plan_escalations(story)
    plan_use_cases(story)
    plan_goals(story)
    plan_commerce(story)
    risks = raise_risks(story)
    hold_qbrs(story, risks)
    other_actions(story, risks)
    write_timeline(story)
    finish_people(story)
    _account(story)
    reason = ""
    if sketch.archetype == AT_RISK:
        boss = story.boss(today)
        reason = (
            f"{boss.first} confirmed on {fmt_date(today - timedelta(days=5))} that the renewal "
            "budget is approved; usage data lags the new rollout."
        )
    return Told(
        story.account_id,
        sketch.start,
        sketch.churn_on,
        sketch.archetype,
        reason,
        _health_facts(story),
    )


_TOUCHPOINTS = frozenset({InteractionType.CALL, InteractionType.MEETING, InteractionType.QBR})
_IN_USE = frozenset({UseCaseStatus.LIVE, UseCaseStatus.ONBOARDING, UseCaseStatus.AT_RISK})


def _health_facts(story: Story) -> HealthFacts:
    timeline = [(row["occurred_on"], row["type"]) for row, _ in story.interactions]
    answers = sorted(story.answers, key=lambda answer: answer[0])
    cases = [u.row for u in story.use_cases if u.row["status"] in _IN_USE]
    return HealthFacts(
        contacts=tuple(sorted(day for day, _ in timeline)),
        touchpoints=tuple(sorted(day for day, kind in timeline if kind in _TOUCHPOINTS)),
        escalations=tuple(
            sorted(day for day, kind in timeline if kind is InteractionType.ESCALATION)
        ),
        answers=tuple(answers),
        adoption=tuple(row["adoption_pct"] for row in cases),
        live_use_cases=sum(1 for row in cases if row["status"] is UseCaseStatus.LIVE),
        people=tuple(
            (x.role, x.row["sentiment"], bool(x.row["left_company"])) for x in story.people
        ),
        csm_sentiment=story.csm_sentiment,
    )


def _account(story: Story) -> None:
    sketch = story.sketch
    rng = story.rng
    today = story.today
    stages = _stages(story)
    csm = story.csm_sentiment = pick(rng, story.arc.csm)
    said_on = sketch.churn_on or today - timedelta(days=roll(rng, 2, 40))
    row = story.rows.add(
        "accounts",
        sketch.start,
        id=story.account_id,
        name=sketch.name,
        crm_id=f"001{sketch.index:012d}",
        tier=sketch.tier,
        industry=sketch.industry.name,
        region=sketch.country.region,
        employee_count=sketch.employees,
        lifecycle_stage=stages[-1][0],
        arr_minor=story.arr,
        currency="USD",
        contract_start=sketch.start,
        renewal_date=sketch.renewal,
        owner=sketch.owner,
        strategic=sketch.tier is Tier.STRATEGIC or rng.random() < 0.08,
        notes=_notes(story),
        archived=False,
        website=f"https://www.{sketch.domain}",
        csm_sentiment=csm,
        csm_sentiment_note=_csm_note(story, csm, said_on),
        csm_sentiment_on=said_on,
    )
    row["updated_at"] = millis(min(today, story.end) - timedelta(days=roll(rng, 1, 60)), 16)
    for stage, day, note in stages:
        story.rows.add(
            "stage_changes",
            day,
            account_id=story.account_id,
            stage=stage,
            changed_on=day,
            note=note,
        )


def _stages(story: Story) -> list[tuple[LifecycleStage, date, str]]:
    """The lifecycle journey, each stage entered on the day its milestone happened."""
    sketch = story.sketch
    today = story.today
    stages: list[tuple[LifecycleStage, date, str]] = [
        (S.ONBOARDING, sketch.start, "Contract signed.")
    ]
    live = [
        u
        for u in story.use_cases
        if u.go_live is not None and u.go_live <= story.end and u.go_live <= today
    ]
    if live:
        first = live[0]
        stages.append(
            (S.ADOPTION, first.go_live or sketch.start, f"{first.title} live at the {first.site}.")
        )
        achieved = [
            g for g in story.goals if g.achieved_on is not None and g.achieved_on > stages[-1][1]
        ]
        results = stages[-1][1] + timedelta(days=roll(story.rng, 120, 200))
        trouble = story.trigger or today
        if achieved and sketch.archetype != NEW:
            goal = min(achieved, key=lambda g: g.achieved_on or sketch.start)
            if goal.achieved_on is not None and goal.achieved_on <= results:
                stages.append(
                    (S.VALUE_REALISATION, goal.achieved_on, f"First goal met: {goal.row['title']}.")
                )
        if (
            stages[-1][0] is S.ADOPTION
            and results < min(today, trouble)
            and first.row["adoption_pct"] >= 30
        ):
            stages.append(
                (S.VALUE_REALISATION, results, f"{first.title} used daily at the {first.site}.")
            )
    won = [o for o in story.opportunities if o.won and o.closed is not None]
    if won and won[0].closed is not None and won[0].closed > stages[-1][1]:
        stages.append((S.EXPANSION, won[0].closed, f"Expansion signed: {won[0].title}."))
    if sketch.archetype == THRIVING and story.rng.random() < 0.6:
        day = max(stages[-1][1] + timedelta(days=120), today - timedelta(days=200))
        if day < today:
            stages.append((S.ADVOCACY, story.workday(day), "Agreed to be a reference."))
    window = sketch.renewal - timedelta(days=90)
    if sketch.archetype in (STEADY, AT_RISK, CHURNING) and stages[-1][1] < window <= today:
        stages.append((S.RENEWAL, window, f"Renewal due on {fmt_date(sketch.renewal)}."))
    if sketch.churn_on is not None:
        stages.append((S.CHURNED, sketch.churn_on, f"Did not renew: {churn_reason(story)}."))
    clean: list[tuple[LifecycleStage, date, str]] = []
    for stage, entered, note in stages:
        day = clean[-1][1] + timedelta(days=1) if clean and entered <= clean[-1][1] else entered
        if day <= today:
            clean.append((stage, day, note))
    return clean


def _footprint(story: Story) -> str:
    employees = story.sketch.employees
    parts = []
    for singular, plural, per in story.sketch.industry.footprint:
        count = max(1, round(employees / per))
        parts.append(f"{count:,} {singular if count == 1 else plural}")
    country = story.sketch.country.name
    where = (
        f"the {country}"
        if country.startswith(("United", "Netherlands", "Philippines"))
        else country
    )
    return f"{parts[0]} and {parts[1]} in {where}"


def _notes(story: Story) -> str:
    """The CSM's notes on the account: who they are, what they bought, where it stands."""
    sketch = story.sketch
    today = min(story.today, story.end)
    live = [u for u in story.use_cases if u.live]
    first = story.use_cases[0] if story.use_cases else None
    bought = (
        f"Signed in {month_year(sketch.start)} for {lower_first(first.title)}"
        if first
        else f"Signed in {month_year(sketch.start)}"
    )
    if len(live) > 1:
        bought += f"; also runs {', '.join(lower_first(u.title) for u in live[1:])}"
    contact = story.contact(today)
    boss = story.boss(today)
    site = pick(story.rng, story.sites)
    now = {
        THRIVING: f"{contact.name} presents our results internally and is happy to be a reference.",
        EXPANDING: f"Expanding to the {site}; {boss.first} wants every site on Beacon by next "
        "year.",
        STEADY: f"Renews quietly; {boss.first} is hard to get time with, {contact.first} runs "
        "the day to day.",
        NEW: f"Onboarding with {contact.first}; next milestone is the go-live at the {site}.",
        CHURNED: f"Left on {fmt_date(sketch.churn_on)}: {churn_reason(story)}.",
    }.get(sketch.archetype)
    if now is None:
        now = f"{_cause_sentence(story)} Renewal on {fmt_date(sketch.renewal)}."
    return f"{_footprint(story)}. {bought}. {now}"


def _cause_sentence(story: Story) -> str:
    trigger = story.trigger or story.today
    when = month_year(trigger)
    gone = next((x for x in story.people if x.left is not None), None)
    boss = story.boss(story.today)
    return {
        "champion_left": f"Since {gone.name if gone else 'our champion'} left in {when}, "
        "nobody owns the rollout.",
        "new_sponsor": f"{boss.name} took over as sponsor in {when} and is reviewing every tool.",
        "outages": f"Repeated incidents since {when} have cost us their confidence.",
        "budget": f"Their software budget was cut in {when}; every tool must prove savings.",
        "competitor": f"{story.competitor} has been pitching to {boss.first} since {when}.",
        "low_adoption": f"Adoption stalled at the second site in {when}.",
        "merger": f"Acquired in {when}; the new parent runs {story.competitor}.",
    }.get(story.cause or "", "Usage is falling.")


def _csm_note(story: Story, csm: int, day: date) -> str:
    contact = story.contact(day)
    boss = story.boss(day)
    if story.sketch.churn_on is not None:
        return f"Lost: {churn_reason(story)}."
    if csm >= 2:
        return f"{contact.first} and {boss.first} both speak up for us."
    if csm == 1:
        achieved = [g for g in story.goals if g.row["status"] is GoalStatus.ACHIEVED]
        if story.sketch.archetype == NEW:
            return f"Good start; {contact.first} is keen and the team turns up to training."
        return (
            f"Good relationship with {contact.first}; {len(achieved)} goals met so far, "
            f"{boss.first} is less involved."
        )
    if csm <= -2:
        return f"Expect to lose it at renewal: {churn_reason(story)}."
    worries = {
        "champion_left": "nobody owns the rollout since our champion left",
        "new_sponsor": f"{boss.first} has not bought in yet",
        "outages": "they have lost trust after the incidents",
        "budget": f"{story.buyer(day).first} has to cut costs before the renewal",
        "competitor": f"{story.competitor} is in the account",
        "low_adoption": "usage is too low to defend the renewal",
        "merger": f"the new parent may standardise on {story.competitor}",
    }
    return f"Worried: {worries.get(story.cause or '', 'usage is falling')}."
