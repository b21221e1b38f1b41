"""Agenda generation (planner.domain.agenda): pure, over hand-made views with known numbers."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain import agenda as ag
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    HealthBand,
    OpportunityStatus,
    RevenueKind,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.domain.health import FactorResult

MEETING = date(2026, 12, 3)
PREV = ag.PreviousQbr("prev", "Q3 2026 Business Review", date(2026, 9, 1), "Pilot the portal.")


def snapshot(day: date, score: float, adoption: float, engagement: float) -> ag.SnapshotView:
    factors = (
        FactorResult("adoption", "Product adoption", f"{adoption:.0f}% adopted", adoption, 25, 0.5),
        FactorResult("engagement", "Engagement", "calls", engagement, 25, 0.5),
    )
    return ag.SnapshotView(
        day,
        score,
        HealthBand.YELLOW if score < 70 else HealthBand.GREEN,
        factors,
        computed_score=score,
    )


def facts(**changes: object) -> ag.AccountFacts:
    base = ag.AccountFacts(
        account=ag.AccountView(
            "acc", "Acme", "USD", 15_000_000, "Dana Reyes", renewal_date=date(2027, 2, 15)
        ),
        as_of=date(2026, 11, 23),
        goals=(
            ag.GoalView(
                "g1",
                "Cut onboarding time",
                GoalStatus.ON_TRACK,
                unit="days",
                baseline=30,
                current=18,
                target=10,
                due_date=date(2027, 1, 31),
            ),
            ag.GoalView(
                "g2",
                "Launch the portal",
                GoalStatus.ACHIEVED,
                baseline=0,
                current=1,
                target=1,
                achieved_on=date(2026, 10, 20),
            ),
            ag.GoalView("g3", "Hidden expansion", GoalStatus.AT_RISK, customer_visible=False),
        ),
        risks=(
            ag.RiskView("r1", "Budget freeze", Severity.HIGH, mitigation="ROI case"),
            ag.RiskView("r2", "Sponsor may leave", Severity.CRITICAL, internal=True),
            ag.RiskView("r3", "Old issue", Severity.LOW, status=RiskStatus.RESOLVED),
        ),
        people=(
            ag.PersonView(
                "p1",
                "Grace",
                "COO",
                role=StakeholderRole.EXECUTIVE_SPONSOR,
                sentiment=2,
                joined_on=date(2025, 1, 1),
            ),
            ag.PersonView("p2", "Nia", "Analyst", joined_on=date(2026, 10, 2)),
            ag.PersonView(
                "p3",
                "Linus",
                "Analyst",
                joined_on=date(2025, 1, 1),
                left_company=True,
                left_on=date(2026, 10, 15),
            ),
            ag.PersonView("p4", "Dana Reyes", "CSM", side=Side.INTERNAL),
        ),
        use_cases=(
            ag.UseCaseView("u1", "Invoices", UseCaseStatus.LIVE, 70, go_live=date(2026, 10, 5)),
            ag.UseCaseView("u2", "Reporting", UseCaseStatus.ONBOARDING, 20),
        ),
        actions=(
            ag.ActionView(
                "a1",
                "Share report",
                ActionStatus.DONE,
                "Dana Reyes",
                qbr_id="prev",
                completed_on=date(2026, 9, 18),
            ),
            ag.ActionView(
                "a2",
                "Name a lead",
                ActionStatus.OPEN,
                "Grace",
                Side.CUSTOMER,
                due_date=date(2026, 10, 30),
                qbr_id="prev",
            ),
            ag.ActionView(
                "a3",
                "Fix SSO",
                ActionStatus.BLOCKED,
                "Nia",
                Side.CUSTOMER,
                due_date=date(2026, 12, 10),
            ),
            ag.ActionView("a4", "Retention offer", ActionStatus.OPEN, risk_id="r2"),
        ),
        responses=(
            ag.SurveyView(date(2026, 10, 3), SurveyKind.NPS, 10, "Great", ("portal",)),
            ag.SurveyView(date(2026, 10, 9), SurveyKind.NPS, 9, "", ("onboarding",)),
            ag.SurveyView(date(2026, 10, 10), SurveyKind.NPS, 7, "", ()),
            ag.SurveyView(date(2026, 10, 21), SurveyKind.NPS, 3, "Slow", ("support",)),
            ag.SurveyView(date(2026, 11, 2), SurveyKind.CSAT, 5, "", ("support",)),
            ag.SurveyView(date(2026, 11, 4), SurveyKind.CSAT, 2, "", ()),
        ),
        opportunities=(
            ag.OpportunityView("o1", "Analytics", OpportunityStatus.OPEN, amount_minor=5_000_000),
            ag.OpportunityView(
                "o2",
                "Seats",
                OpportunityStatus.WON,
                closed_on=date(2026, 9, 28),
                amount_minor=3_000_000,
            ),
        ),
        revenue=(
            ag.RevenueView(date(2025, 1, 10), RevenueKind.NEW, 12_000_000),
            ag.RevenueView(date(2026, 10, 1), RevenueKind.EXPANSION, 3_000_000),
        ),
        snapshots=(
            snapshot(date(2026, 8, 31), 60, 40, 80),
            snapshot(date(2026, 11, 20), 72, 64, 80),
        ),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def inputs(f: ag.AccountFacts | None = None, **changes: object) -> ag.QbrInputs:
    start, end = ag.default_period(MEETING, PREV)
    base = ag.QbrInputs(
        f or facts(),
        MEETING,
        start,
        end,
        60,
        "Q4 2026 Business Review",
        previous=PREV,
        attendee_ids=("p1", "p4"),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- time boxes


def test_allocate_minutes_hand_worked() -> None:
    assert ag.allocate_minutes([5, 10, 10], 30) == [6, 12, 12]
    assert ag.allocate_minutes([1, 1, 1], 10) == [4, 3, 3]  # ties go to the earlier item
    assert ag.allocate_minutes([5, 10, 10, 10, 8, 5, 5, 5, 2], 60) == [5, 10, 10, 10, 8, 5, 5, 5, 2]
    assert ag.allocate_minutes([], 60) == []
    assert ag.allocate_minutes([0, 0], 11) == [6, 5]
    assert ag.allocate_minutes([100, 1, 1], 10) == [8, 1, 1]  # the minimum comes from the largest


@given(
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=15),
    st.integers(min_value=10, max_value=480),
)
def test_allocate_minutes_always_adds_up(weights: list[int], total: int) -> None:
    shares = ag.allocate_minutes(weights, total)
    assert sum(shares) == total
    assert len(shares) == len(weights)
    if total >= len(weights):
        assert min(shares) >= 1


def test_refit_keeps_proportions() -> None:
    assert ag.refit_minutes([10, 20, 30], 30) == [5, 10, 15]
    assert sum(ag.refit_minutes([0, 0, 7], 45)) == 45


# --------------------------------------------------------------------------- period


def test_default_period_since_last_qbr_else_last_three_months() -> None:
    assert ag.default_period(MEETING, PREV) == (date(2026, 9, 2), MEETING)
    assert ag.default_period(MEETING, None) == (date(2026, 9, 3), MEETING)
    assert ag.default_period(date(2026, 5, 31), None) == (date(2026, 2, 28), date(2026, 5, 31))
    assert ag.default_period(date(2026, 1, 15), None)[0] == date(2025, 10, 15)


# --------------------------------------------------------------------------- since last


def test_since_last_compares_with_the_previous_review() -> None:
    s = ag.since_last(inputs())
    assert s.reference_date == date(2026, 9, 1)
    assert s.health_then is not None
    assert s.health_then.score == 60
    assert s.health_now is not None
    assert s.health_now.score == 72
    assert (s.arr_then, s.arr_now) == (12_000_000, 15_000_000)
    assert [g.title for g in s.goals_achieved] == ["Launch the portal"]
    assert [p.name for p in s.joined] == ["Nia"]
    assert [p.name for p in s.left] == ["Linus"]
    assert [a.title for a in s.commitments_done] == ["Share report"]
    assert [a.title for a in s.commitments_open] == ["Name a lead"]
    table = s.table()
    cells = {row[0]: row[1:] for row in table.rows}
    assert cells["ARR"] == ("$120,000", "$150,000")
    assert cells["Health score"] == ("60 (yellow)", "72 (green)")
    assert cells["Commitments from that review"] == ("2 made", "1 done, 1 open")


# --------------------------------------------------------------------------- sections


def test_agenda_totals_the_meeting_length_and_follows_the_domain_order() -> None:
    for length in (10, 30, 45, 60, 90, 480):
        agenda = ag.generate_agenda(inputs(length_minutes=length))
        assert sum(i.minutes for i in agenda.items) == length
    agenda = ag.generate_agenda(inputs())
    keys = [i.section for i in agenda.items]
    assert keys == list(ag.SECTION_KEYS)
    assert all(i.owner == "Dana Reyes" for i in agenda.items)


def test_talking_points_come_from_the_data() -> None:
    agenda = ag.generate_agenda(inputs())
    points = {i.section: "\n".join(i.talking_points) for i in agenda.items}
    assert "Last review: Q3 2026 Business Review on 1 Sep 2026." in points["since_last"]
    assert "Done: Share report" in points["since_last"]
    assert "Name a lead (Grace, due 30 Oct 2026)" in points["since_last"]
    assert "goal achieved: Launch the portal" in points["since_last"]
    assert "use case live: Invoices" in points["since_last"]
    assert "expansion won: Seats ($30,000)" in points["since_last"]  # whole dollars: no cents
    assert "ARR grew from $120,000 to $150,000" in points["since_last"]
    assert "Health 72 (green), up 12 points since 31 Aug 2026 (60)." in points["health"]
    # adoption 40 -> 64 at half the weight: +12 points of the score
    assert "What moved it: Product adoption +12 points" in points["health"]
    # 30 -> 18 days is 40 % less, 12 of the 20 days to the target: 60 % of the way
    assert (
        "Cut onboarding time: down 40% toward the 10 days target (60% of the way); on track, "
        "due 31 Jan 2027." in points["goals"]
    )
    assert "Budget freeze (high severity, open): ROI case" in points["risks"]
    assert "Old issue" not in points["risks"]
    # NPS of 10, 9, 7, 3: 2 promoters, 1 detractor of 4 answers = +25; CSAT 5, 2: 50 %.
    assert "NPS +25 in Q4 2026 (4 answers)." in points["voice"]
    assert "CSAT 50% satisfied (4 or 5 out of 5) in Q4 2026 (2 answers)." in points["voice"]
    assert "Themes: support (2); onboarding (1); portal (1)" in points["voice"]
    assert "Analytics (upsell; identified, $50,000 ARR)" in points["roadmap"]
    assert "Fix SSO (Nia, due 10 Dec 2026)" in points["next_quarter"]
    assert "Blocked: Fix SSO (Nia)." in points["next_steps"]
    assert "Renewal on 15 Feb 2027, 74 days after this meeting" in points["next_steps"]
    assert "From Acme: Grace (COO)" in points["objectives"]
    assert "From our team: Dana Reyes (CSM)" in points["objectives"]


def test_empty_sections_are_left_out_and_named() -> None:
    bare = ag.AccountFacts(
        account=ag.AccountView("acc", "New Co", "EUR", 0, "Sam"), as_of=date(2026, 11, 23)
    )
    agenda = ag.generate_agenda(inputs(bare, previous=None))
    keys = [i.section for i in agenda.items]
    assert keys == ["objectives", "since_last", "next_quarter", "next_steps"]
    assert sum(i.minutes for i in agenda.items) == 60
    assert set(agenda.omitted) == {
        ag.SECTION_TITLES[k] for k in ("health", "goals", "risks", "voice", "roadmap")
    }
    opening = "\n".join(agenda.items[0].talking_points)
    assert "Not on the agenda" in opening
    assert "Risks and mitigations (no open risks)" in opening
    since = "\n".join(agenda.items[1].talking_points)
    assert "first business review" in since
    assert "No goals achieved, use cases gone live or expansions won" in since
    nxt = "\n".join(agenda.items[2].talking_points)
    assert "No open goals are due next quarter" in nxt


def test_voice_names_the_quarter_of_its_figure() -> None:
    """The figure is the latest quarter's (the chart's last point), named, with the one
    before it: the period's own answers are not blended in under another label."""
    older = facts(
        responses=(
            ag.SurveyView(date(2026, 3, 1), SurveyKind.NPS, 10),
            ag.SurveyView(date(2025, 11, 1), SurveyKind.NPS, 3),
        )
    )
    agenda = ag.generate_agenda(inputs(older))
    voice = next(i for i in agenda.items if i.section == "voice")
    assert voice.talking_points[0] == (
        "NPS +100 in Q1 2026 (1 answer); \u2212100 (1 answer) in Q4 2025."  # both small samples
    )


def test_customer_safe_facts_drop_everything_internal() -> None:
    safe = ag.with_customer_safe(
        facts(
            account=ag.AccountView(
                "acc",
                "Acme",
                "USD",
                1,
                "Dana",
                notes="n",
                csm_sentiment=2,
                csm_sentiment_note="csm",
            ),
        )
    )
    assert safe.customer_safe
    assert [g.id for g in safe.goals] == ["g1", "g2"]
    assert [r.id for r in safe.risks] == ["r1", "r3"]
    assert "a4" not in {a.id for a in safe.actions}
    assert all(p.sentiment is None and p.role is None for p in safe.people)
    assert all(
        o.amount_minor is None and o.stage is None and o.expected_close is None
        for o in safe.opportunities
    )
    assert safe.snapshots == ()
    assert safe.revenue == ()
    assert all(a.priority is None for a in safe.actions)
    assert safe.account.notes == safe.account.csm_sentiment_note == ""
    assert safe.account.csm_sentiment is None
    agenda = ag.generate_agenda(inputs(safe))
    text = "\n".join(p for i in agenda.items for p in i.talking_points)
    assert "Sponsor may leave" not in text
    assert "Hidden expansion" not in text
    assert "$50,000" not in text
    assert "Retention offer" not in text
    tables = [t for s in agenda.sections for t in s.tables]
    assert all("Role" not in t.headers and "ARR" not in t.headers[-1:] for t in tables)
    charts = {c for s in agenda.sections for c in s.charts}
    assert ag.STAKEHOLDER_MAP not in charts
    assert ag.FACTOR_CONTRIBUTIONS not in charts
    assert ag.HEALTH_TREND not in charts  # the health score is ours, not the customer's


def test_table_rows_must_match_columns() -> None:
    with pytest.raises(ValueError, match="one cell per column"):
        ag.Table("x", (ag.Column("a"),), (("1", "2"),))


def test_formatting_helpers() -> None:
    assert ag.fmt_date(date(2026, 12, 3)) == "3 Dec 2026"
    assert ag.fmt_number(18.0, "days") == "18 days"  # the one formatter's quantity
    assert ag.fmt_number(52.4, "%") == "52.4%"
    assert ag.fmt_number(1234.5) == "1,234.5"
    assert ag.fmt_number(None) == ag.EN_DASH
    assert ag.fmt_pct(0.6) == "60%"
    assert ag.fmt_period(date(2026, 9, 2), MEETING) == "2 Sep 2026 \u2013 3 Dec 2026"
