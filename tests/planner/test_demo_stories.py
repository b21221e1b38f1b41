"""The demo book's stories hold together: for each archetype, the facts agree.

The session's 40-account demo (seed 7, on TODAY) is read back through the store; what each
account was meant to be comes from :func:`planner.services.demo.cast_book`, which deals the
archetypes without building a book. A test here fails when a thriving account misses its
goals, a won opportunity has no revenue, a goal's status contradicts its measurements, an
escalation leaves no trace in the support factor, a churned account ends on a high, or the
text repeats itself.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from planner.domain import health as h
from planner.domain import metrics as mx
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalStatus,
    HealthBand,
    InteractionType,
    LifecycleStage,
    OpportunityStatus,
    PlanStatus,
    QbrStatus,
    RevenueKind,
    Side,
    SurveyKind,
    UseCaseStatus,
)
from planner.domain.progress import goal_progress
from planner.services import books, demo, metrics
from planner.services.books import Book
from planner.services.demo import phrases
from planner.services.demo.account import tell
from planner.services.demo.build import quarter_ends
from planner.services.demo.rows import Rows, random_id
from planner.services.health import gather_inputs_in
from planner.store import models as m
from tests.conftest import TODAY

HEALTHY = ("thriving", "expanding")
DECLINING = ("at_risk", "churning", "churned")


@dataclass
class Account:
    """One account of the demo, with everything its story wrote."""

    row: m.Account
    archetype: str
    plans: list[m.SuccessPlan] = field(default_factory=list)
    goals: list[m.Goal] = field(default_factory=list)
    measurements: dict[str, list[m.GoalMeasurement]] = field(default_factory=dict)
    snapshots: list[m.HealthSnapshot] = field(default_factory=list)
    interactions: list[m.Interaction] = field(default_factory=list)
    attendees: dict[str, set[str]] = field(default_factory=dict)
    opportunities: list[m.Opportunity] = field(default_factory=list)
    revenue: list[m.RevenueEvent] = field(default_factory=list)
    use_cases: list[m.UseCase] = field(default_factory=list)
    people: list[m.Stakeholder] = field(default_factory=list)
    qbrs: list[m.Qbr] = field(default_factory=list)
    actions: list[m.ActionItem] = field(default_factory=list)
    surveys: list[m.SurveyResponse] = field(default_factory=list)

    def current_goals(self) -> list[m.Goal]:
        newest = max(self.plans, key=lambda p: p.period_start or date.min)
        return [g for g in self.goals if g.plan_id == newest.id]

    def latest(self) -> m.HealthSnapshot:
        return max(self.snapshots, key=lambda s: s.taken_on)


@pytest.fixture(scope="module")
def accounts(demo_master: Path) -> dict[str, Account]:
    """Every account of the session's demo book, by name."""
    kinds = {s.name: s.archetype for s in demo.cast_book(40, 7, TODAY)}
    with books.open_book(demo_master, read_only=True) as book, book.read() as session:
        found = {a.id: Account(a, kinds[a.name]) for a in session.scalars(select(m.Account)).all()}

        def each(model: Any, attribute: str, key: Any = None) -> None:
            for row in session.scalars(select(model)).all():
                owner = found.get(key(row) if key else row.account_id)
                if owner is not None:
                    getattr(owner, attribute).append(row)

        plan_owner = {p.id: p.account_id for p in session.scalars(select(m.SuccessPlan))}
        each(m.SuccessPlan, "plans")
        each(m.Goal, "goals", lambda g: plan_owner[g.plan_id])
        each(m.HealthSnapshot, "snapshots")
        each(m.Interaction, "interactions")
        each(m.Opportunity, "opportunities")
        each(m.RevenueEvent, "revenue")
        each(m.UseCase, "use_cases")
        each(m.Stakeholder, "people")
        each(m.Qbr, "qbrs")
        each(m.ActionItem, "actions")
        each(m.SurveyResponse, "surveys")
        goal_owner = {g.id: found[plan_owner[g.plan_id]] for g in session.scalars(select(m.Goal))}
        for point in session.scalars(select(m.GoalMeasurement)).all():
            goal_owner[point.goal_id].measurements.setdefault(point.goal_id, []).append(point)
        interaction_owner = {
            i.id: found[i.account_id] for i in session.scalars(select(m.Interaction))
        }
        for link in session.scalars(select(m.InteractionAttendee)).all():
            owner = interaction_owner[link.interaction_id]
            owner.attendees.setdefault(link.interaction_id, set()).add(link.stakeholder_id)
        session.expunge_all()
    for account in found.values():
        for points in account.measurements.values():
            points.sort(key=lambda p: p.measured_on)
    return {a.row.name: a for a in found.values()}


def of(accounts: dict[str, Account], *archetypes: str) -> list[Account]:
    return [a for a in accounts.values() if a.archetype in archetypes]


# --------------------------------------------------------------------------- the cast


def test_every_archetype_is_dealt_in_proportion(accounts: dict[str, Account]) -> None:
    counts = Counter(a.archetype for a in accounts.values())
    assert counts == {kind: 2 * n for kind, n in demo.cast.DECK.items()}
    sketches = demo.cast_book(40, 7, TODAY)
    assert len({s.country.code for s in sketches}) >= 12  # companies from many countries
    assert len({s.industry.name for s in sketches}) >= 8


def test_cast_is_cheap_and_deterministic() -> None:
    first = demo.cast_book(60, 3, TODAY)
    assert first == demo.cast_book(60, 3, TODAY)
    assert [s.name for s in first] != [s.name for s in demo.cast_book(60, 4, TODAY)]
    assert len({s.name for s in demo.cast_book(3000, 3, TODAY)}) == 3000


# --------------------------------------------------------------------------- health


def test_health_bands_follow_the_archetype(accounts: dict[str, Account]) -> None:
    for account in of(accounts, *HEALTHY):
        assert account.latest().band is HealthBand.GREEN, account.row.name
    for account in of(accounts, "steady", "new"):
        assert account.latest().band is not HealthBand.RED, account.row.name
    for account in of(accounts, "at_risk", "churning", "churned"):
        assert account.latest().band is not HealthBand.GREEN, account.row.name
    churning = [a.latest().score for a in of(accounts, "churning")]
    thriving = [a.latest().score for a in of(accounts, "thriving")]
    assert max(churning) < min(thriving) - 30


def test_churned_accounts_end_in_decline(accounts: dict[str, Account]) -> None:
    for account in of(accounts, "churned"):
        row = account.row
        churn = [e for e in account.revenue if e.kind is RevenueKind.CHURN]
        assert len(churn) == 1, row.name
        day = churn[0].occurred_on
        assert row.arr_minor == 0
        assert churn[0].arr_delta_minor == -sum(
            e.arr_delta_minor for e in account.revenue if e.occurred_on <= day and e is not churn[0]
        )
        assert row.lifecycle_stage is LifecycleStage.CHURNED
        assert row.renewal_date == day
        assert churn[0].note.startswith("Did not renew: ")
        assert all(p.status is PlanStatus.COMPLETED for p in account.plans)
        assert all(u.status is UseCaseStatus.RETIRED for u in account.use_cases)
        # its last months show why: escalations, a worse score than a year before, nothing after
        scores = sorted(account.snapshots, key=lambda s: s.taken_on)
        year_before = [s.score for s in scores if day - timedelta(days=400) <= s.taken_on]
        assert scores[-1].score <= max(year_before) - 5, row.name
        last_months = [
            i for i in account.interactions if day - timedelta(days=200) <= i.occurred_on
        ]
        assert any(i.type is InteractionType.ESCALATION for i in last_months), row.name
        assert max(i.occurred_on for i in account.interactions) <= day
        assert all(s.taken_on <= day for s in account.snapshots)


def test_escalations_match_the_support_factor(accounts: dict[str, Account]) -> None:
    for account in accounts.values():
        snap = account.latest()
        escalations = [
            i.occurred_on for i in account.interactions if i.type is InteractionType.ESCALATION
        ]
        recent = [d for d in escalations if snap.taken_on - timedelta(days=90) < d <= snap.taken_on]
        expected = {0: 100.0, 1: 60.0, 2: 30.0}.get(len(recent), 0.0)
        assert snap.factors["support"]["score"] == expected, account.row.name
        if account.archetype in ("at_risk", "churning"):
            assert recent, f"{account.row.name}: a decline without a recent escalation"
        elif account.archetype != "churned":
            assert not recent, f"{account.row.name}: {account.archetype} with a recent escalation"


def test_escalations_are_followed_by_recovery_or_decline(accounts: dict[str, Account]) -> None:
    for account in accounts.values():
        escalations = [i for i in account.interactions if i.type is InteractionType.ESCALATION]
        for escalation in escalations:
            raised_by = account.attendees[escalation.id]
            after = [
                i
                for i in account.interactions
                if escalation.occurred_on
                < i.occurred_on
                <= escalation.occurred_on + timedelta(days=30)
                and raised_by & account.attendees.get(i.id, set())
            ]
            if escalation.occurred_on <= TODAY - timedelta(days=5):
                assert after, (
                    f"{account.row.name}: escalation on {escalation.occurred_on} left alone"
                )
            if account.archetype in (*HEALTHY, "steady"):
                # recovery: a ticket survey after it that is not a complaint
                answers = [
                    s.score
                    for s in account.surveys
                    if s.kind is SurveyKind.CSAT
                    and s.stakeholder_id in raised_by
                    and escalation.occurred_on
                    < s.responded_on
                    <= escalation.occurred_on + timedelta(days=40)
                ]
                assert answers, account.row.name
                assert min(answers) >= 3, account.row.name
        if account.archetype in DECLINING:
            ends = min(TODAY, account.row.renewal_date or TODAY)
            assert any(ends - timedelta(days=200) <= e.occurred_on for e in escalations)


# --------------------------------------------------------------------------- goals


def test_goal_outcomes_agree_with_health(accounts: dict[str, Account]) -> None:
    def achieved_share(group: list[Account]) -> float:
        resolved = [
            g
            for a in group
            for g in a.goals
            if g.status in (GoalStatus.ACHIEVED, GoalStatus.MISSED)
        ]
        return sum(g.status is GoalStatus.ACHIEVED for g in resolved) / len(resolved)

    healthy = achieved_share(of(accounts, *HEALTHY))
    steady = achieved_share(of(accounts, "steady"))
    declining = achieved_share(of(accounts, *DECLINING))
    assert healthy >= 0.7  # thriving accounts mostly achieve their goals
    assert declining <= 0.5  # accounts in decline slip
    assert healthy > steady > declining
    for account in of(accounts, "at_risk", "churning"):
        slipping = [
            g
            for g in account.current_goals()
            if g.status in (GoalStatus.AT_RISK, GoalStatus.OFF_TRACK, GoalStatus.MISSED)
        ]
        assert slipping, account.row.name
    for account in of(accounts, *HEALTHY):
        behind = [g for g in account.current_goals() if g.status is GoalStatus.OFF_TRACK]
        assert len(behind) <= 1, account.row.name


def test_goal_statuses_agree_with_their_measurements(accounts: dict[str, Account]) -> None:
    for account in accounts.values():
        plans = {p.id: p for p in account.plans}
        for goal in account.goals:
            points = account.measurements[goal.id]
            plan = plans[goal.plan_id]
            assert points[0].value == goal.baseline, goal.title
            assert points[-1].value == goal.current, goal.title
            assert plan.period_start is not None
            assert plan.period_start <= points[0].measured_on
            assert points[-1].measured_on <= TODAY
            reached = [
                p.measured_on
                for p in points
                if (goal_progress(goal.baseline, p.value, goal.target) or 0) >= 1
            ]
            if goal.status is GoalStatus.ACHIEVED:
                assert reached, goal.title
                assert goal.achieved_on == reached[0], goal.title
            else:
                assert not reached, f"{goal.title} reached its target but is {goal.status}"
                assert goal.achieved_on is None
            if goal.status is GoalStatus.MISSED:
                assert goal.due_date is not None
                assert goal.due_date < TODAY
            if goal.status in (GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.OFF_TRACK):
                assert goal.due_date is not None
                assert goal.due_date >= TODAY
                assert plan.status is PlanStatus.ACTIVE


def test_goals_speak_the_industry_and_money(accounts: dict[str, Account]) -> None:
    goals = [g for a in accounts.values() for g in a.goals]
    hospital = {g.kpi_name for a in of_industry(accounts, "Healthcare") for g in a.goals}
    haulier = {g.kpi_name for a in of_industry(accounts, "Logistics") for g in a.goals}
    assert hospital
    assert haulier
    assert not hospital & haulier
    for goal in goals:
        assert goal.kpi_name
        assert goal.unit
        if goal.unit.startswith("hours/"):
            assert goal.value_per_unit_minor, goal.title
    priced = [g for g in goals if g.value_per_unit_minor]
    assert len(priced) >= len(goals) // 5


def of_industry(accounts: dict[str, Account], industry: str) -> list[Account]:
    return [a for a in accounts.values() if a.row.industry == industry]


def test_time_to_value_is_weeks_to_a_few_months(
    accounts: dict[str, Account], demo_book: Book
) -> None:
    days = []
    for account in accounts.values():
        firsts = [
            u.go_live
            for u in account.use_cases
            if u.go_live
            and u.status in (UseCaseStatus.LIVE, UseCaseStatus.AT_RISK, UseCaseStatus.RETIRED)
        ]
        firsts += [g.achieved_on for g in account.goals if g.achieved_on]
        if not firsts:
            assert account.archetype == "new", account.row.name
            continue
        start = account.row.contract_start
        assert start is not None
        days.append((min(d for d in firsts if d) - start).days)
    assert min(days) >= 14
    assert max(days) <= 120
    book_figure = metrics.portfolio_metrics(
        demo_book, mx.Period(TODAY - timedelta(days=5 * 365), TODAY), as_of=TODAY
    ).ttv
    assert book_figure.median_days is not None
    assert 21 <= book_figure.median_days <= 84


# --------------------------------------------------------------------------- money


def test_won_opportunities_are_the_expansion_events(accounts: dict[str, Account]) -> None:
    wins = 0
    for account in accounts.values():
        won = sorted(
            (o.closed_on, o.amount_minor)
            for o in account.opportunities
            if o.status is OpportunityStatus.WON
        )
        expansions = sorted(
            (e.occurred_on, e.arr_delta_minor)
            for e in account.revenue
            if e.kind is RevenueKind.EXPANSION
        )
        assert won == expansions, account.row.name
        wins += len(won)
        assert account.row.arr_minor == sum(e.arr_delta_minor for e in account.revenue)
        if account.archetype == "expanding":
            assert any(d >= TODAY - timedelta(days=365) for d, _ in won), account.row.name
    assert wins >= 6


# --------------------------------------------------------------------------- people


def test_people_change_roles_leave_and_cool_off(demo_book: Book) -> None:
    with demo_book.read() as session:
        notes = [n for n in session.scalars(select(m.StakeholderSentiment.note)) if n]
        people = session.scalars(
            select(m.Stakeholder).where(m.Stakeholder.side == Side.CUSTOMER)
        ).all()
        history = Counter(session.scalars(select(m.StakeholderSentiment.stakeholder_id)))
        starts = dict(session.execute(select(m.Account.id, m.Account.contract_start)).all())
    assert any(n.startswith("Promoted to") for n in notes)
    assert any("Cooler" in n or "Frustrated" in n or "Questions the value" in n for n in notes)
    left = [p for p in people if p.left_company]
    assert left
    assert all(p.left_on is not None for p in left)
    newcomers = [p for p in people if p.created_at.date() > starts[p.account_id]]
    assert newcomers
    assert sum(history[p.id] >= 2 for p in people) >= len(people) * 0.6
    assert len({p.name.split()[0] for p in people}) >= 100  # many countries' names


def test_qbr_decisions_come_back_as_actions(accounts: dict[str, Account]) -> None:
    held = planned = 0
    for account in accounts.values():
        for qbr in account.qbrs:
            mine = [a for a in account.actions if a.qbr_id == qbr.id]
            if qbr.status is QbrStatus.HELD:
                held += 1
                assert qbr.decisions, account.row.name
                assert mine, f"{account.row.name}: {qbr.title} decided nothing"
                assert all(a.created_at.date() == qbr.meeting_date for a in mine)
                if account.archetype in HEALTHY and qbr.meeting_date < TODAY - timedelta(days=120):
                    assert all(
                        a.status in (ActionStatus.DONE, ActionStatus.CANCELLED) for a in mine
                    )
            else:
                planned += 1
                assert qbr.meeting_date > TODAY
                assert len([line for line in qbr.asks.splitlines() if line.strip()]) >= 2
    assert held >= 40
    assert planned >= 5


def test_action_plans_are_mutual(accounts: dict[str, Account]) -> None:
    """Open actions are shared: a realistic part is owned by the customer's people (their
    side of a QBR decision, the topics for the next review, onboarding steps)."""
    open_actions = [
        (account, a)
        for account in accounts.values()
        for a in account.actions
        if a.status.is_open and a.type is not ActionType.OPPORTUNITY
    ]
    theirs = [(account, a) for account, a in open_actions if a.owner_stakeholder_id]
    assert len(theirs) >= 0.3 * len(open_actions), (len(theirs), len(open_actions))
    promised = [(account, a) for account, a in open_actions if a.qbr_id]
    promised_theirs = [a for _, a in promised if a.owner_stakeholder_id]
    assert len(promised_theirs) >= 0.4 * len(promised), (len(promised_theirs), len(promised))
    for account, action in theirs:
        owner = next(p for p in account.people if p.id == action.owner_stakeholder_id)
        assert owner.side is Side.CUSTOMER, (account.row.name, action.title)
        assert not action.owner_name
    with_plan = [
        account
        for account in accounts.values()
        if any(a.status.is_open and a.type is not ActionType.OPPORTUNITY for a in account.actions)
    ]
    one_sided = [
        account.row.name
        for account in with_plan
        if not any(a.status.is_open and a.owner_stakeholder_id for a in account.actions)
    ]
    assert len(one_sided) <= len(with_plan) // 2, one_sided


# --------------------------------------------------------------------------- words


def test_survey_comments_match_their_scores(accounts: dict[str, Account]) -> None:
    complaints = [re.escape(text.split("{")[0][:25]) for text, _ in phrases.NPS_DETRACTOR]
    complaint = re.compile("|".join(c for c in complaints if c))
    for account in accounts.values():
        for answer in account.surveys:
            assert answer.comment, account.row.name
            if answer.kind is not SurveyKind.NPS:
                continue
            if answer.score <= 6:
                assert complaint.search(answer.comment), answer.comment
            else:
                assert not complaint.search(answer.comment), answer.comment
    nps = [s.score for a in of(accounts, *HEALTHY) for s in a.surveys if s.kind is SurveyKind.NPS]
    low = [
        s.score
        for a in of(accounts, "churning")
        for s in a.surveys
        if s.kind is SurveyKind.NPS and s.responded_on > TODAY - timedelta(days=120)
    ]
    assert statistics.mean(nps) >= 8.5
    assert statistics.mean(low) <= 6.5


def test_text_is_varied(accounts: dict[str, Account]) -> None:
    def distinct(values: list[str]) -> float:
        return len(set(values)) / len(values)

    summaries = [i.summary for a in accounts.values() for i in a.interactions]
    titles = [g.title for a in accounts.values() for g in a.goals]
    comments = [s.comment for a in accounts.values() for s in a.surveys]
    assert distinct(summaries) >= 0.6
    assert distinct(titles) >= 0.4
    assert distinct(comments) >= 0.5
    outcomes = [p.desired_outcomes for a in accounts.values() for p in a.plans]
    assert distinct(outcomes) >= 0.9
    notes = [a.row.notes for a in accounts.values()]
    assert distinct(notes) == 1.0


def test_text_has_no_filler_or_holes(accounts: dict[str, Account]) -> None:
    texts: list[str] = []
    for account in accounts.values():
        texts.append(account.row.notes)
        texts.append(account.row.csm_sentiment_note)
        texts += [i.subject for i in account.interactions] + [
            i.summary for i in account.interactions
        ]
        texts += [g.title for g in account.goals] + [g.description for g in account.goals]
        texts += [s.comment for s in account.surveys]
        texts += [q.decisions for q in account.qbrs] + [q.asks for q in account.qbrs]
        texts += [a.title for a in account.actions]
        texts += [p.desired_outcomes for p in account.plans]
        texts += [o.notes for o in account.opportunities] + [e.note for e in account.revenue]
        assert "Industry:" not in account.row.notes
    for text in texts:
        assert "{" not in text, text
        assert "}" not in text, text
        assert "  " not in text, text
        assert " ." not in text, text
        if text:
            assert not text[0].islower(), text


# --------------------------------------------------------------------------- scoring


def test_health_history_is_scored_from_what_the_book_holds(tmp_path: Path) -> None:
    """The generator scores each story's facts without a query; they are the inputs the
    app reads from the book."""
    path = tmp_path / "small.aspbook"
    demo.generate_demo(path, accounts=21, seed=3, today=TODAY)
    days = [*quarter_ends(TODAY, 8), TODAY]
    with books.open_book(path, read_only=True) as book, book.read() as session:
        ids = {a.name: a.id for a in session.scalars(select(m.Account))}
        for sketch in demo.cast_book(21, 3, TODAY):
            rng = random.Random(0)
            told = tell(sketch, Rows(rng, random_id(rng), TODAY), TODAY)
            account_id = ids[sketch.name]
            for day in days:
                if day < sketch.start:
                    continue
                read = gather_inputs_in(session, [account_id], day)[account_id]
                assert in_order(told.health.inputs(day)) == in_order(read), (sketch.name, day)


def in_order(inputs: h.HealthInputs) -> h.HealthInputs:
    """The same inputs with survey scores sorted (their order does not change a score)."""
    return replace(
        inputs,
        nps_scores=tuple(sorted(inputs.nps_scores)),
        csat_scores=tuple(sorted(inputs.csat_scores)),
    )


def test_snapshots_are_stored_as_scored(accounts: dict[str, Account]) -> None:
    by_day: dict[date, list[m.HealthSnapshot]] = defaultdict(list)
    for account in accounts.values():
        for snap in account.snapshots:
            by_day[snap.taken_on].append(snap)
            if snap.override_score is None:
                assert snap.score == snap.computed_score
            else:
                assert account.archetype == "at_risk"
                assert snap.override_reason
    assert len(by_day) == 9
