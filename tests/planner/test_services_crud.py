"""Create / read / update / delete of every entity, with the validation each one promises."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from planner.domain import errors
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    LifecycleStage,
    OpportunityStage,
    OpportunityStatus,
    RevenueKind,
    RiskStatus,
    StakeholderRole,
    Tier,
    UseCaseStatus,
)
from planner.services import (
    accounts,
    actions,
    changes,
    interactions,
    plans,
    qbrs,
    revenue,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services.books import Book
from tests.conftest import TODAY


@pytest.fixture
def acct(book: Book) -> accounts.Account:
    return accounts.create_account(
        book,
        name="Northwind Health Inc.",
        tier=Tier.ENTERPRISE,
        arr_minor=12_000_000,
        contract_start=date(2025, 1, 1),
        renewal_date=date(2027, 1, 1),
        owner="Priya",
    )


def expect_invalid(field: str, words: str, fn: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        fn(*args, **kwargs)
    assert caught.value.field == field
    assert words in str(caught.value)


# ------------------------------------------------------------------ accounts


def test_account_create_records_arr_and_stage(book: Book, acct: accounts.Account) -> None:
    assert acct.arr_minor == 12_000_000
    events = revenue.list_events(book, acct.id)
    assert [(e.kind, e.arr_delta_minor, e.occurred_on) for e in events] == [
        (RevenueKind.NEW, 12_000_000, date(2025, 1, 1))
    ]
    assert [s.stage for s in accounts.stage_history(book, acct.id)] == [LifecycleStage.ONBOARDING]


def test_account_validation(book: Book, acct: accounts.Account) -> None:
    expect_invalid("name", "Name is required", accounts.create_account, book, name="   ")
    expect_invalid("tier", "is not one of", accounts.create_account, book, name="X", tier="gold")
    expect_invalid(
        "renewal_date",
        "on or after the contract start",
        accounts.create_account,
        book,
        name="X",
        contract_start=date(2026, 5, 1),
        renewal_date=date(2026, 1, 1),
    )
    expect_invalid(
        "currency", "three-letter code", accounts.create_account, book, name="X", currency="dollars"
    )
    expect_invalid(
        "employee_count",
        "between 0 and",
        accounts.create_account,
        book,
        name="X",
        employee_count=-5,
    )
    expect_invalid(
        "arr_minor", "non-negative", accounts.create_account, book, name="X", arr_minor=-1
    )
    expect_invalid(
        "colour", "not a field of a account", accounts.update_account, book, acct.id, colour="red"
    )
    expect_invalid(
        "contract_start",
        "must be a date",
        accounts.update_account,
        book,
        acct.id,
        contract_start="03/04/2025",
    )
    expect_invalid("name", "too long", accounts.update_account, book, acct.id, name="x" * 201)


def test_account_crm_id_is_unique(book: Book, acct: accounts.Account) -> None:
    accounts.update_account(book, acct.id, crm_id="0015g00000ABC")
    expect_invalid(
        "crm_id",
        "already used by Northwind Health Inc.",
        accounts.create_account,
        book,
        name="Other",
        crm_id="0015g00000ABC",
    )


def test_account_update_tracks_stage_and_arr(book: Book, acct: accounts.Account) -> None:
    updated = accounts.update_account(
        book, acct.id, lifecycle_stage="Value realisation", arr_minor=15_000_000
    )
    assert updated.lifecycle_stage is LifecycleStage.VALUE_REALISATION
    assert updated.arr_minor == 15_000_000
    assert [s.stage for s in accounts.stage_history(book, acct.id)][-1] is (
        LifecycleStage.VALUE_REALISATION
    )
    last = revenue.list_events(book, acct.id)[-1]
    assert (last.kind, last.arr_delta_minor) == (RevenueKind.EXPANSION, 3_000_000)
    accounts.update_account(book, acct.id, arr_minor=10_000_000)
    last = revenue.list_events(book, acct.id)[-1]
    assert (last.kind, last.arr_delta_minor) == (RevenueKind.CONTRACTION, -5_000_000)


def test_account_currency_locked_once_revenue_exists(book: Book, acct: accounts.Account) -> None:
    expect_invalid(
        "currency", "cannot change", accounts.update_account, book, acct.id, currency="EUR"
    )


def test_account_text_is_normalised(book: Book) -> None:
    created = accounts.create_account(book, name="  Acme \n  Corp  ", notes="  line1\nline2  ")
    assert created.name == "Acme Corp"
    assert created.notes == "line1\nline2"
    expect_invalid(
        "notes", "NUL character", accounts.update_account, book, created.id, notes="bad\x00"
    )


def test_archive_and_list(book: Book, acct: accounts.Account) -> None:
    accounts.set_archived(book, acct.id, archived=True)
    assert accounts.list_accounts(book) == []
    assert [a.id for a in accounts.list_accounts(book, include_archived=True)] == [acct.id]


def test_find_account(book: Book, acct: accounts.Account) -> None:
    accounts.create_account(book, name="Northwind Logistics")
    assert accounts.find_account(book, acct.id).id == acct.id
    assert accounts.find_account(book, "Northwind Health Inc.").id == acct.id
    assert accounts.find_account(book, "northwind h").id == acct.id
    with pytest.raises(errors.NotFoundError, match="2 accounts match"):
        accounts.find_account(book, "Northwind")
    with pytest.raises(errors.NotFoundError, match="No account is called"):
        accounts.find_account(book, "100%_nothing")


def test_delete_account_and_undo(book: Book, acct: accounts.Account) -> None:
    plan = plans.create_plan(book, acct.id, title="Plan")
    plans.create_goal(book, plan.id, title="Goal")
    person = stakeholders.create_stakeholder(book, acct.id, name="Ann")
    interactions.create_interaction(
        book, acct.id, occurred_on=TODAY, subject="Call", attendees=[person.id]
    )
    deleted = accounts.delete_account(book, acct.id)
    assert deleted.count("accounts") == 1
    assert deleted.count("goals") == 1
    assert deleted.count("interaction_attendees") == 1
    with pytest.raises(errors.NotFoundError, match="no longer exists"):
        accounts.get_account(book, acct.id)
    changes.restore(book, deleted)
    assert accounts.get_account(book, acct.id).arr_minor == 12_000_000
    assert plans.list_goals(book, plan.id)[0].title == "Goal"
    assert interactions.list_interactions(book, acct.id)[0].attendee_names == ("Ann",)


# ------------------------------------------------------------------ plans, goals, risks


def test_plan_goal_risk_crud(book: Book, acct: accounts.Account) -> None:
    plan = plans.create_plan(
        book,
        acct.id,
        title="FY27 plan",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        status="active",
    )
    assert plans.current_plan(book, acct.id) == plan
    expect_invalid(
        "period_end",
        "end on or after",
        plans.update_plan,
        book,
        plan.id,
        period_end=date(2026, 1, 1),
    )
    goal = plans.create_goal(
        book,
        plan.id,
        title="Adoption",
        baseline=20.0,
        current=35,
        target=80,
        kpi_name="WAU",
        unit="%",
    )
    assert goal.progress == pytest.approx(0.25)
    goal = plans.update_goal(book, goal.id, current=80, status=GoalStatus.ACHIEVED)
    assert goal.progress == 1.0
    assert goal.achieved_on == TODAY
    goal = plans.update_goal(book, goal.id, status=GoalStatus.ON_TRACK)
    assert goal.achieved_on is None
    expect_invalid(
        "baseline", "must be a number", plans.update_goal, book, goal.id, baseline="lots"
    )
    expect_invalid("current", "finite", plans.update_goal, book, goal.id, current=float("nan"))
    risk = plans.create_risk(book, acct.id, title="Sponsor leaving", severity="high")
    assert risk.raised_on == TODAY
    risk = plans.update_risk(book, risk.id, status=RiskStatus.RESOLVED)
    assert risk.resolved_on == TODAY
    assert plans.list_risks(book, acct.id, open_only=True) == []
    deleted = plans.delete_risk(book, risk.id)
    assert plans.list_risks(book, acct.id) == []
    changes.restore(book, deleted)
    assert plans.get_risk(book, risk.id).title == "Sponsor leaving"


def test_goal_owner_must_be_of_the_same_account(book: Book, acct: accounts.Account) -> None:
    other = accounts.create_account(book, name="Other Co")
    stranger = stakeholders.create_stakeholder(book, other.id, name="Stranger")
    plan = plans.create_plan(book, acct.id, title="Plan")
    expect_invalid(
        "owner_stakeholder_id",
        "belongs to another account",
        plans.create_goal,
        book,
        plan.id,
        title="G",
        owner_stakeholder_id=stranger.id,
    )


# ------------------------------------------------------------------ stakeholders


def test_stakeholders_org_chart_and_sentiment(book: Book, acct: accounts.Account) -> None:
    boss = stakeholders.create_stakeholder(
        book, acct.id, name="Olivia Chen", role=StakeholderRole.EXECUTIVE_SPONSOR, sentiment=2
    )
    champ = stakeholders.create_stakeholder(
        book,
        acct.id,
        name="Liam Patel",
        role="champion",
        reports_to_id=boss.id,
        email="liam@northwind.example",
    )
    expect_invalid(
        "reports_to_id",
        "circle",
        stakeholders.update_stakeholder,
        book,
        boss.id,
        reports_to_id=champ.id,
    )
    expect_invalid(
        "reports_to_id",
        "themselves",
        stakeholders.update_stakeholder,
        book,
        boss.id,
        reports_to_id=boss.id,
    )
    expect_invalid(
        "email",
        "does not look like an email",
        stakeholders.update_stakeholder,
        book,
        champ.id,
        email="liam at northwind",
    )
    expect_invalid(
        "influence", "between 1 and 5", stakeholders.update_stakeholder, book, champ.id, influence=0
    )
    expect_invalid(
        "sentiment",
        "between -2 and 2",
        stakeholders.update_stakeholder,
        book,
        champ.id,
        sentiment=3,
    )
    stakeholders.add_sentiment(book, champ.id, -1, note="Upset by outage")
    history = stakeholders.sentiment_history(book, champ.id)
    assert [h.sentiment for h in history] == [0, -1]
    assert history[-1].note == "Upset by outage"
    gone = stakeholders.update_stakeholder(book, champ.id, left_company=True)
    assert gone.left_on == TODAY
    assert stakeholders.update_stakeholder(book, champ.id, left_company=False).left_on is None
    cover = stakeholders.coverage(book, acct.id)
    assert cover.has_executive_sponsor
    assert cover.positive_contacts == 1
    assert cover.single_threaded
    assert "Only 1 positive customer contact" in cover.flags
    deleted = stakeholders.delete_stakeholder(book, boss.id)
    assert stakeholders.get_stakeholder(book, champ.id).reports_to_id is None
    changes.restore(book, deleted)
    assert stakeholders.get_stakeholder(book, champ.id).reports_to_id == boss.id


# ------------------------------------------------------------------ use cases, actions


def test_use_cases(book: Book, acct: accounts.Account) -> None:
    uc = use_cases.create_use_case(book, acct.id, title="Invoice approvals", adoption_pct=40)
    expect_invalid(
        "adoption_pct",
        "between 0 and 100",
        use_cases.update_use_case,
        book,
        uc.id,
        adoption_pct=140,
    )
    uc = use_cases.update_use_case(book, uc.id, status=UseCaseStatus.LIVE)
    assert uc.go_live == TODAY
    assert [u.id for u in use_cases.list_use_cases(book, acct.id)] == [uc.id]
    use_cases.delete_use_case(book, uc.id)
    assert use_cases.list_use_cases(book, acct.id) == []


def test_actions_done_snooze_and_my_work(book: Book, acct: accounts.Account) -> None:
    overdue = actions.create_action(
        book, acct.id, title="Send recap", due_date=TODAY - timedelta(days=3)
    )
    later = actions.create_action(
        book, acct.id, title="Renewal prep", due_date=TODAY + timedelta(days=30)
    )
    assert overdue.is_overdue(TODAY)
    work = {w.action.id: w.group.value for w in actions.my_work(book)}
    assert work == {overdue.id: "overdue", later.id: "later"}
    actions.snooze(book, overdue.id, days=2)
    assert [w.action.id for w in actions.my_work(book)] == [later.id]
    assert len(actions.my_work(book, today=TODAY + timedelta(days=2))) == 2
    done = actions.mark_done(book, later.id)
    assert (done.status, done.completed_on) == (ActionStatus.DONE, TODAY)
    reopened = actions.reopen(book, later.id)
    assert reopened.completed_on is None
    expect_invalid(
        "snoozed_until",
        "after today",
        actions.snooze,
        book,
        later.id,
        until=TODAY - timedelta(days=1),
    )
    expect_invalid("title", "Title is required", actions.create_action, book, acct.id, title="")


def test_action_links_must_stay_in_the_account(book: Book, acct: accounts.Account) -> None:
    other = accounts.create_account(book, name="Other Co")
    risk = plans.create_risk(book, other.id, title="Theirs")
    expect_invalid(
        "risk_id",
        "belongs to another account",
        actions.create_action,
        book,
        acct.id,
        title="T",
        risk_id=risk.id,
    )
    plan = plans.create_plan(book, other.id, title="P")
    goal = plans.create_goal(book, plan.id, title="G")
    expect_invalid(
        "goal_id",
        "belongs to another account",
        actions.create_action,
        book,
        acct.id,
        title="T",
        goal_id=goal.id,
    )


# ------------------------------------------------------------------ timeline, voice, revenue


def test_interactions_with_attendees(book: Book, acct: accounts.Account) -> None:
    ann = stakeholders.create_stakeholder(book, acct.id, name="Ann")
    bob = stakeholders.create_stakeholder(book, acct.id, name="Bob")
    first = interactions.create_interaction(
        book,
        acct.id,
        occurred_on=date(2026, 1, 5),
        subject="Kickoff",
        type="meeting",
        sentiment=1,
        attendees=[ann.id, bob.id, ann.id],
    )
    assert first.attendee_names == ("Ann", "Bob")
    assert stakeholders.get_stakeholder(book, ann.id).last_contact == date(2026, 1, 5)
    second = interactions.create_interaction(
        book, acct.id, occurred_on=date(2026, 3, 1), subject="Check-in", type="call"
    )
    assert [i.id for i in interactions.list_interactions(book, acct.id)] == [second.id, first.id]
    updated = interactions.update_interaction(book, first.id, attendees=[bob.id])
    assert updated.attendee_names == ("Bob",)
    other = accounts.create_account(book, name="Other")
    stranger = stakeholders.create_stakeholder(book, other.id, name="Zed")
    expect_invalid(
        "attendees",
        "same account",
        interactions.update_interaction,
        book,
        first.id,
        attendees=[stranger.id],
    )
    expect_invalid(
        "sentiment",
        "between -2 and 2",
        interactions.update_interaction,
        book,
        first.id,
        sentiment=5,
    )


def test_surveys(book: Book, acct: accounts.Account) -> None:
    nps = surveys.create_response(
        book,
        acct.id,
        responded_on=TODAY,
        kind="nps",
        score=9,
        comment="Great",
        themes=["support", " ", "value"],
    )
    assert nps.themes == ["support", "value"]
    expect_invalid(
        "score",
        "CSAT score must be between 1 and 5",
        surveys.create_response,
        book,
        acct.id,
        responded_on=TODAY,
        kind="csat",
        score=0,
    )
    expect_invalid(
        "score",
        "NPS score must be between 0 and 10",
        surveys.update_response,
        book,
        nps.id,
        score=11,
    )
    assert [r.id for r in surveys.list_responses(book, acct.id, kind=surveys.SurveyKind.NPS)] == [
        nps.id
    ]


def test_opportunities(book: Book, acct: accounts.Account) -> None:
    opp = revenue.create_opportunity(
        book, acct.id, title="Add analytics", amount_minor=500_000, stage="proposal"
    )
    assert opp.currency == "USD"
    won = revenue.update_opportunity(book, opp.id, status=OpportunityStatus.WON)
    assert (won.stage, won.closed_on) == (OpportunityStage.CLOSED, TODAY)
    reopened = revenue.update_opportunity(book, opp.id, status="open")
    assert reopened.closed_on is None
    assert reopened.stage is OpportunityStage.NEGOTIATION
    expect_invalid(
        "amount_minor",
        "must be 0 or more",
        revenue.update_opportunity,
        book,
        opp.id,
        amount_minor=-1,
    )


def test_revenue_events_keep_arr_in_step(book: Book, acct: accounts.Account) -> None:
    exp = revenue.create_event(
        book, acct.id, occurred_on=date(2026, 6, 1), kind="expansion", arr_delta_minor=3_000_000
    )
    assert accounts.get_account(book, acct.id).arr_minor == 15_000_000
    assert revenue.arr_on(book, acct.id, date(2026, 5, 31)) == 12_000_000
    expect_invalid(
        "arr_delta_minor",
        "must add ARR",
        revenue.create_event,
        book,
        acct.id,
        occurred_on=TODAY,
        kind="expansion",
        arr_delta_minor=-5,
    )
    expect_invalid(
        "arr_delta_minor",
        "below zero",
        revenue.create_event,
        book,
        acct.id,
        occurred_on=TODAY,
        kind="churn",
        arr_delta_minor=-99_000_000,
    )
    deleted = revenue.delete_event(book, exp.id)
    assert accounts.get_account(book, acct.id).arr_minor == 12_000_000
    changes.restore(book, deleted)
    assert accounts.get_account(book, acct.id).arr_minor == 15_000_000
    revenue.create_event(
        book, acct.id, occurred_on=TODAY, kind="churn", arr_delta_minor=-15_000_000
    )
    assert accounts.get_account(book, acct.id).arr_minor == 0


# ------------------------------------------------------------------ QBRs


def test_qbr_agenda_crud_and_reorder(book: Book, acct: accounts.Account) -> None:
    ann = stakeholders.create_stakeholder(book, acct.id, name="Ann")
    qbr = qbrs.create_qbr(
        book, acct.id, title="Q4 review", meeting_date=date(2026, 12, 10), attendees=[ann.id]
    )
    assert qbr.attendee_ids == (ann.id,)
    first = qbrs.add_agenda_item(book, qbr.id, title="Objectives", minutes=5)
    second = qbrs.add_agenda_item(book, qbr.id, title="Goals", minutes=20)
    inserted = qbrs.add_agenda_item(book, qbr.id, title="Wins", minutes=10, position=1)
    assert [i.title for i in qbrs.list_agenda(book, qbr.id)] == ["Objectives", "Wins", "Goals"]
    qbrs.reorder_agenda(book, qbr.id, [second.id, first.id, inserted.id])
    assert [i.title for i in qbrs.list_agenda(book, qbr.id)] == ["Goals", "Objectives", "Wins"]
    with pytest.raises(errors.ConflictError, match="agenda changed"):
        qbrs.reorder_agenda(book, qbr.id, [first.id])
    qbrs.delete_agenda_item(book, second.id)
    assert [(i.position, i.title) for i in qbrs.list_agenda(book, qbr.id)] == [
        (0, "Objectives"),
        (1, "Wins"),
    ]
    expect_invalid(
        "length_minutes", "between 10 and 480", qbrs.update_qbr, book, qbr.id, length_minutes=5
    )
    commitment = actions.create_action(book, acct.id, title="Send deck", qbr_id=qbr.id)
    deleted = qbrs.delete_qbr(book, qbr.id)
    assert actions.get_action(book, commitment.id).qbr_id is None
    changes.restore(book, deleted)
    assert actions.get_action(book, commitment.id).qbr_id == qbr.id
    assert len(qbrs.list_agenda(book, qbr.id)) == 2


def test_rows_carry_identity_and_timestamps(book: Book, acct: accounts.Account) -> None:
    assert len(acct.id) == 36
    assert acct.created_at.tzinfo is not None
    before = acct.updated_at
    after = accounts.update_account(book, acct.id, owner="Marcus").updated_at
    assert after >= before
    with book.read() as session:
        from sqlalchemy import text

        revs = session.execute(text("SELECT DISTINCT rev FROM accounts")).scalars().all()
        sessions = session.execute(text("SELECT count(*) FROM edit_sessions")).scalar()
    assert len(revs) == 1
    assert sessions == 1
