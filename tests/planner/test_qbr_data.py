"""A hand-built account for QBR tests (known numbers, internal markers, hostile text), and the
tests of the QBR services: gathering facts, saving agendas, commitments, reviews due.

Other QBR test modules import :func:`build_account` from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from planner.domain import errors
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalStatus,
    OpportunityKind,
    OpportunityStage,
    OpportunityStatus,
    PlanStatus,
    Priority,
    QbrStatus,
    RevenueKind,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.services import (
    accounts,
    actions,
    health,
    interactions,
    plans,
    qbrs,
    revenue,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services.books import Book
from planner.services.qbr_facts import draft_agenda, gather_facts, inputs_for_qbr, qbr_inputs
from tests.conftest import TODAY

MEETING = date(2026, 12, 3)
PREVIOUS = date(2026, 9, 1)

HOSTILE_NAME = (
    'Acme <script>alert("x")</script> & Söhne =HYPERLINK("http://evil.example","click") '
    "\U0001f680 \u05e9\u05dc\u05d5\u05dd"
)
LONG_TITLE = ("Reduce the onboarding time of every regional team by automating approvals " * 40)[
    :2000
]
RTL_TEXT = "\u05e9\u05d9\u05e4\u05d5\u05e8 \u05d4\u05d0\u05d9\u05de\u05d5\u05e5"  # Hebrew
SECRET_AMOUNT = 98_765_432  # $987,654.32: an opportunity amount, internal
SECRET_CLOSE = date(2027, 3, 17)  # its expected close date, internal: "17 Mar 2027"
LAST_TOUCH = date(2026, 6, 29)  # the last interaction: 157 days before the meeting

INTERNAL_FIELDS = (
    "account_notes",
    "csm_note",
    "plan_notes",
    "qbr_notes",
    "person_notes",
    "sentiment_note",
    "override_reason",
    "opportunity_notes",
    "internal_risk",
    "internal_mitigation",
    "hidden_goal",
    "hidden_goal_description",
    "internal_action",
    "internal_person_notes",
    "sales_action",
    "lost_deal",
)
ASKS = "Name an executive owner for the 2027 rollout\nApprove the finance pilot"
VALUE_PER_DAY = 150_000  # $1,500 per day of onboarding saved


def marker(name: str) -> str:
    """A unique token planted in one internal field."""
    return f"ZQX{name.replace('_', '')}QXZ"


@dataclass
class Built:
    account_id: str
    name: str
    qbr_id: str
    previous_qbr_id: str
    people: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)


def build_account(book: Book, *, hostile: bool = False, with_agenda: bool = True) -> Built:
    """One account with every kind of data a QBR shows, dated around ``MEETING``."""
    name = HOSTILE_NAME if hostile else "Acme & Co"
    acct = accounts.create_account(
        book,
        name=name,
        arr_minor=12_000_000,
        currency="USD",
        contract_start=date(2025, 1, 10),
        renewal_date=date(2027, 2, 15),
        owner="Dana Reyes",
        notes=marker("account_notes"),
    )
    aid = acct.id
    health.set_csm_sentiment(book, aid, 1, marker("csm_note"), on=date(2026, 11, 1))
    revenue.create_event(
        book,
        aid,
        occurred_on=date(2026, 10, 1),
        kind=RevenueKind.EXPANSION,
        arr_delta_minor=3_000_000,
        note="Second team",
    )
    people = {
        "sponsor": stakeholders.create_stakeholder(
            book,
            aid,
            name="Grace Hopper",
            job_title="Chief Operating Officer",
            email="grace@acme.example",
            role=StakeholderRole.EXECUTIVE_SPONSOR,
            sentiment=2,
            influence=5,
            notes=marker("person_notes"),
        ).id,
        "champion": stakeholders.create_stakeholder(
            book,
            aid,
            name=RTL_TEXT if hostile else "Ada Lovelace",
            job_title="Head of Operations",
            email="ada@acme.example",
            role=StakeholderRole.CHAMPION,
            sentiment=1,
            influence=4,
        ).id,
        "detractor": stakeholders.create_stakeholder(
            book,
            aid,
            name="Boris Keene",
            job_title="IT Director",
            role=StakeholderRole.DETRACTOR,
            sentiment=-2,
            influence=4,
        ).id,
        "leaver": stakeholders.create_stakeholder(
            book,
            aid,
            name="Linus Park",
            job_title="Analyst",
            role=StakeholderRole.END_USER,
            sentiment=0,
        ).id,
        "csm": stakeholders.create_stakeholder(
            book,
            aid,
            name="Dana Reyes",
            job_title="Customer Success Manager",
            email="dana@vendor.example",
            side=Side.INTERNAL,
            role=StakeholderRole.POINT_OF_CONTACT,
            sentiment=1,
            notes=marker("internal_person_notes"),
        ).id,
    }
    stakeholders.update_stakeholder(
        book, people["leaver"], left_company=True, left_on=date(2026, 10, 15)
    )
    stakeholders.add_sentiment(
        book, people["detractor"], -2, on=date(2026, 11, 2), note=marker("sentiment_note")
    )

    plan = plans.create_plan(
        book,
        aid,
        title="2026 Success Plan",
        status=PlanStatus.ACTIVE,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        desired_outcomes="Onboard new teams in days, not weeks.",
        internal_notes=marker("plan_notes"),
    )
    goals = {
        "onboarding": plans.create_goal(
            book,
            plan.id,
            title="Cut onboarding time",
            kpi_name="Days to onboard",
            unit="days",
            baseline=30.0,
            current=18.0,
            target=10.0,
            due_date=date(2027, 1, 31),
            status=GoalStatus.ON_TRACK,
            owner_stakeholder_id=people["champion"],
            value_per_unit_minor=VALUE_PER_DAY,
        ).id,
        "portal": plans.create_goal(
            book,
            plan.id,
            title="Launch the self-service portal",
            kpi_name="Portal live",
            baseline=0.0,
            current=1.0,
            target=1.0,
            status=GoalStatus.ACHIEVED,
            achieved_on=date(2026, 10, 20),
        ).id,
        "hidden": plans.create_goal(
            book,
            plan.id,
            title=f"Expand seats {marker('hidden_goal')}",
            description=marker("hidden_goal_description"),
            baseline=100.0,
            current=110.0,
            target=200.0,
            unit="seats",
            status=GoalStatus.AT_RISK,
            customer_visible=False,
        ).id,
    }
    if hostile:
        goals["long"] = plans.create_goal(
            book,
            plan.id,
            title=LONG_TITLE,
            baseline=1.0,
            current=2.0,
            target=3.0,
            status=GoalStatus.ON_TRACK,
            due_date=date(2026, 12, 20),
        ).id

    plans.create_risk(
        book,
        aid,
        title="Budget freeze next year",
        severity=Severity.HIGH,
        mitigation="Build the ROI case with the economic buyer",
        raised_on=date(2026, 9, 10),
        owner_name="Dana Reyes",
    )
    internal_risk = plans.create_risk(
        book,
        aid,
        title=f"Sponsor may leave {marker('internal_risk')}",
        mitigation=marker("internal_mitigation"),
        severity=Severity.CRITICAL,
        internal=True,
        raised_on=date(2026, 10, 1),
    )
    plans.create_risk(
        book,
        aid,
        title="Old SSO issue",
        status=RiskStatus.RESOLVED,
        raised_on=date(2026, 3, 1),
        resolved_on=date(2026, 4, 1),
    )

    use_cases.create_use_case(
        book,
        aid,
        title="Invoice approvals",
        status=UseCaseStatus.LIVE,
        adoption_pct=70,
        go_live=date(2026, 10, 5),
        value_realised="Saved 30 hours a week",
    )
    use_cases.create_use_case(
        book, aid, title="Field reporting", status=UseCaseStatus.ONBOARDING, adoption_pct=20
    )

    previous = qbrs.create_qbr(
        book,
        aid,
        title="Q3 2026 Business Review",
        meeting_date=PREVIOUS,
        status=QbrStatus.HELD,
        decisions="Pilot the portal with finance.",
        attendees=[people["sponsor"]],
    )
    done = qbrs.add_commitment(
        book,
        previous.id,
        title="Share the adoption report",
        owner_name="Dana Reyes",
        due_date=date(2026, 9, 20),
    )
    actions.mark_done(book, done.id, on=date(2026, 9, 18))
    qbrs.add_commitment(
        book,
        previous.id,
        title="Name a project lead for reporting",
        owner_stakeholder_id=people["sponsor"],
        due_date=date(2026, 10, 30),
    )
    actions.create_action(
        book,
        aid,
        title="Plan the finance rollout",
        owner_name="Dana Reyes",
        due_date=date(2026, 12, 20),
        priority=Priority.CRITICAL,
    )
    actions.create_action(
        book,
        aid,
        title=f"Send the upsell quote {marker('sales_action')}",
        owner_name="Dana Reyes",
        type=ActionType.OPPORTUNITY,
        due_date=date(2026, 12, 18),
    )
    actions.create_action(
        book,
        aid,
        title="Fix the SSO group mapping",
        status=ActionStatus.BLOCKED,
        owner_stakeholder_id=people["champion"],
        due_date=date(2026, 12, 10),
    )
    actions.create_action(
        book,
        aid,
        title=f"Retention offer {marker('internal_action')}",
        risk_id=internal_risk.id,
        due_date=date(2026, 12, 15),
    )

    for day, kind, score, comment, themes in (
        (date(2026, 10, 3), SurveyKind.NPS, 10, "The portal is a joy.", ["portal"]),
        (date(2026, 10, 9), SurveyKind.NPS, 9, "", ["onboarding"]),
        (date(2026, 10, 21), SurveyKind.NPS, 3, "Support is slow.", ["support", "onboarding"]),
        (date(2026, 11, 2), SurveyKind.CSAT, 5, "", ["support"]),
        (date(2026, 11, 4), SurveyKind.CSAT, 2, "", ["support"]),
    ):
        surveys.create_response(
            book, aid, responded_on=day, kind=kind, score=score, comment=comment, themes=themes
        )

    revenue.create_opportunity(
        book,
        aid,
        title="Analytics add-on",
        kind=OpportunityKind.CROSS_SELL,
        product="Beacon Analytics",
        amount_minor=SECRET_AMOUNT,
        stage=OpportunityStage.NEGOTIATION,
        expected_close=SECRET_CLOSE,
        notes=marker("opportunity_notes"),
    )
    revenue.create_opportunity(
        book,
        aid,
        title=f"Old deal {marker('lost_deal')}",
        amount_minor=1_000_000,
        status=OpportunityStatus.LOST,
        closed_on=date(2026, 6, 1),
    )
    revenue.create_opportunity(
        book,
        aid,
        title="Second team seats",
        amount_minor=3_000_000,
        status=OpportunityStatus.WON,
        closed_on=date(2026, 9, 28),
    )

    interactions.create_interaction(book, aid, occurred_on=LAST_TOUCH, subject="Check-in call")
    health.record_snapshot(book, aid, as_of=date(2026, 8, 31))
    health.record_snapshot(
        book,
        aid,
        as_of=date(2026, 11, 20),
        override_score=75.0,
        override_reason=marker("override_reason"),
    )

    attendees = (people["sponsor"], people["champion"], people["csm"])
    items: list[dict[str, object]] = []
    if with_agenda:
        agenda = draft_agenda(
            book, aid, meeting_date=MEETING, length_minutes=60, attendee_ids=attendees
        )
        items = [i.as_values() for i in agenda.items]
        if hostile:
            items.append(
                {
                    "section": "custom",
                    "title": LONG_TITLE,
                    "minutes": 0,
                    "notes": f"Bring {HOSTILE_NAME}",
                    "talking_points": [],
                }
            )
    saved = qbrs.create_qbr_with_agenda(
        book,
        aid,
        title="Q4 2026 Business Review",
        meeting_date=MEETING,
        length_minutes=60,
        attendees=attendees,
        notes=marker("qbr_notes"),
        objectives="Agree the 2027 rollout.",
        items=items,
        asks=ASKS,
    )
    return Built(aid, name, saved.qbr.id, previous.id, people, goals)


# --------------------------------------------------------------------------- service tests


def test_gather_facts_reads_every_kind_of_data(book: Book) -> None:
    built = build_account(book)
    facts = gather_facts(book, built.account_id, as_of=TODAY)
    assert facts.account.name == "Acme & Co"
    assert facts.account.arr_minor == 15_000_000
    assert facts.arr_on(date(2026, 9, 30)) == 12_000_000
    assert facts.arr_on(date(2026, 10, 1)) == 15_000_000
    assert {g.title for g in facts.goals} >= {"Cut onboarding time"}
    assert len(facts.snapshots) == 2
    assert facts.snapshots[-1].overridden
    assert facts.snapshots[-1].score == 75.0
    assert len(facts.responses) == 5
    owners = {a.title: (a.owner, a.owner_side) for a in facts.actions}
    assert owners["Fix the SSO group mapping"] == ("Ada Lovelace", Side.CUSTOMER)
    assert owners["Plan the finance rollout"] == ("Dana Reyes", Side.INTERNAL)
    assert facts.plan is not None
    assert facts.plan.title == "2026 Success Plan"


def test_saved_qbr_inputs_use_the_previous_held_review(book: Book) -> None:
    built = build_account(book)
    inputs = inputs_for_qbr(book, built.qbr_id, as_of=TODAY)
    assert inputs.previous is not None
    assert inputs.previous.id == built.previous_qbr_id
    assert inputs.period_start == date(2026, 9, 2)
    assert inputs.period_end == MEETING
    assert set(inputs.attendee_ids) == {
        built.people["sponsor"],
        built.people["champion"],
        built.people["csm"],
    }
    assert inputs.notes == marker("qbr_notes")


def test_qbr_inputs_refuse_bad_lengths_and_periods(book: Book) -> None:
    built = build_account(book, with_agenda=False)
    with pytest.raises(errors.ValidationError, match="10 to 480"):
        qbr_inputs(book, built.account_id, meeting_date=MEETING, length_minutes=5)
    with pytest.raises(errors.ValidationError, match="end on or after"):
        qbr_inputs(
            book,
            built.account_id,
            meeting_date=MEETING,
            period_start=date(2026, 12, 1),
            period_end=date(2026, 11, 1),
        )
    with pytest.raises(errors.NotFoundError):
        qbr_inputs(book, "00000000-0000-4000-8000-000000000000", meeting_date=MEETING)


def test_saved_agenda_matches_the_generated_one(book: Book) -> None:
    built = build_account(book)
    items = qbrs.list_agenda(book, built.qbr_id)
    assert sum(i.minutes for i in items) == 60
    assert [i.position for i in items] == list(range(len(items)))
    assert items[0].section == "objectives"
    assert items[0].talking_points
    qbr = qbrs.get_qbr(book, built.qbr_id)
    assert len(qbr.attendee_ids) == 3


def test_replace_and_swap_agenda_keep_ids(book: Book) -> None:
    built = build_account(book)
    before = qbrs.list_agenda(book, built.qbr_id)
    replaced = qbrs.replace_agenda(
        book, built.qbr_id, [{"section": "custom", "title": "Only item", "minutes": 60}]
    )
    assert [i.title for i in replaced.items] == ["Only item"]
    assert replaced.removed.count("qbr_agenda_items") == len(before)
    back = qbrs.swap_agenda(book, built.qbr_id, replaced.removed)
    assert [i.id for i in back.items] == [i.id for i in before]
    again = qbrs.swap_agenda(book, built.qbr_id, back.removed)
    assert [i.id for i in again.items] == [i.id for i in replaced.items]
    other = build_account(book, with_agenda=False)
    with pytest.raises(errors.ConflictError):
        qbrs.swap_agenda(book, other.qbr_id, again.removed)


def test_set_minutes_and_reorder(book: Book) -> None:
    built = build_account(book)
    items = qbrs.list_agenda(book, built.qbr_id)
    qbrs.set_minutes(book, built.qbr_id, {items[0].id: 12, items[1].id: 3})
    after = qbrs.list_agenda(book, built.qbr_id)
    assert (after[0].minutes, after[1].minutes) == (12, 3)
    order = [i.id for i in reversed(after)]
    assert [i.id for i in qbrs.reorder_agenda(book, built.qbr_id, order)] == order
    with pytest.raises(errors.ValidationError):
        qbrs.set_minutes(book, built.qbr_id, {items[0].id: -1})


def test_commitments_become_action_items_of_the_account(book: Book) -> None:
    built = build_account(book)
    made = qbrs.add_commitment(
        book,
        built.qbr_id,
        title="Send the rollout plan",
        owner_stakeholder_id=built.people["sponsor"],
        due_date=date(2026, 12, 17),
    )
    assert made.account_id == built.account_id
    assert made.qbr_id == built.qbr_id
    assert made.status is ActionStatus.OPEN
    assert [a.title for a in qbrs.list_commitments(book, built.qbr_id)] == ["Send the rollout plan"]
    assert made.id in {a.id for a in actions.list_actions(book, built.account_id)}
    with pytest.raises(errors.ValidationError):
        qbrs.add_commitment(book, built.qbr_id, title="")


def test_generated_files_are_remembered_once(book: Book) -> None:
    built = build_account(book)
    qbrs.record_generated_files(book, built.qbr_id, ["/tmp/a.pptx", "/tmp/a.pdf"])
    qbr = qbrs.record_generated_files(book, built.qbr_id, ["/tmp/a.pptx"])
    assert qbr.generated_files == ["/tmp/a.pdf", "/tmp/a.pptx"]


def test_reviews_due_lists_qbrs_and_renewals_in_the_window(book: Book) -> None:
    built = build_account(book)
    renewal_only = accounts.create_account(
        book, name="Renewing Soon", renewal_date=date(2026, 12, 1)
    )
    accounts.create_account(book, name="Far away", renewal_date=date(2027, 9, 1))
    due = qbrs.reviews_due(book, within_days=14, today=TODAY)
    assert [d.account_name for d in due] == ["Renewing Soon", "Acme & Co"]
    assert due[0].qbr is None
    assert due[0].renewal_date == date(2026, 12, 1)
    assert due[1].qbr is not None
    assert due[1].qbr.id == built.qbr_id
    assert "QBR on 3 Dec 2026" in due[1].reason
    soon = qbrs.reviews_due(book, within_days=8, today=TODAY)
    assert [d.account_id for d in soon] == [renewal_only.id]
    with pytest.raises(errors.ValidationError):
        qbrs.reviews_due(book, within_days=-1, today=TODAY)


def test_reviews_due_on_the_demo_book(demo_book: Book) -> None:
    due = qbrs.reviews_due(demo_book, within_days=45, today=TODAY)
    assert due
    for review in due:
        dates = [d for d in (review.meeting_date, review.renewal_date) if d]
        assert any(TODAY <= d <= date(2027, 1, 7) for d in dates)
        if review.qbr is not None:
            assert review.qbr.status is QbrStatus.PLANNED
