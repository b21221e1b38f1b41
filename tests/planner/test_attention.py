"""Needs attention: each rule on hand-built facts and hand-built books, its boundary, the words
and dates it gives, snoozing and dismissing (and the item coming back when its cause changes),
the thresholds as book settings, and the Monday digest."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.domain import attention as at
from planner.domain import errors
from planner.domain.clock import FixedClock
from planner.domain.enums import (
    GoalStatus,
    InteractionType,
    LifecycleStage,
    PlanStatus,
    QbrStatus,
    StakeholderRole,
)
from planner.services import (
    accounts,
    actions,
    attention,
    health,
    interactions,
    plans,
    qbrs,
    stakeholders,
)
from planner.services.books import Book
from tests.conftest import TODAY

K = at.AttentionKind
LIMITS = at.Thresholds()


def facts(**kw: object) -> at.AccountFacts:
    values: dict[str, object] = {
        "id": "a1",
        "name": "Acme",
        "owner": "Priya",
        "added_on": TODAY - timedelta(days=10),
    }
    values.update(kw)
    return at.AccountFacts(**values)  # type: ignore[arg-type]


def kinds(found: list[at.Item]) -> list[at.AttentionKind]:
    return [i.kind for i in found]


def day(n: int) -> date:
    """``n`` days before TODAY."""
    return TODAY - timedelta(days=n)


# ------------------------------------------------------------------ the rules, on facts


def test_no_interaction_counts_from_the_last_one_or_from_when_added() -> None:
    touch = at.Touch(day(44), "call", "Weekly check-in")
    assert at.items_for(facts(last_touch=touch), TODAY, LIMITS) == []
    [item] = at.items_for(
        facts(
            last_touch=at.Touch(day(45), "call", "Weekly"),
        ),
        TODAY,
        LIMITS,
    )
    assert item.kind is K.NO_INTERACTION
    assert item.title == "No interaction for 45 days"
    assert "9 Oct 2026" in item.why
    assert "45 days ago" in item.why
    assert item.tab == "timeline"
    [never] = at.items_for(facts(added_on=day(60)), TODAY, LIMITS)
    assert "since the account was added on 24 Sep 2026" in never.why


def test_stale_sentiment_lists_people_with_their_dates() -> None:
    fresh = at.Contact(
        "s1", "Ann", StakeholderRole.CHAMPION, day(29), day(100), left_company=False, left_on=None
    )
    stale = at.Contact(
        "s2", "Bo", StakeholderRole.END_USER, day(30), day(100), left_company=False, left_on=None
    )
    never = at.Contact(
        "s3", "Cy", StakeholderRole.END_USER, None, day(40), left_company=False, left_on=None
    )
    gone = at.Contact(
        "s4",
        "Di",
        StakeholderRole.END_USER,
        day(300),
        day(400),
        left_company=True,
        left_on=day(200),
    )
    found = at.items_for(facts(contacts=(fresh, stale, never, gone)), TODAY, LIMITS)
    [item] = [i for i in found if i.kind is K.STALE_SENTIMENT]
    assert item.title == "Sentiment out of date for 2 contacts"
    assert "Cy (never; added 14 Oct 2026)" in item.why
    assert "Bo (last on 24 Oct 2026)" in item.why
    assert "Ann" not in item.why
    assert "Di" not in item.why


def test_plan_not_touched_and_goal_past_due() -> None:
    plan = at.PlanFact("p1", "Grow usage", PlanStatus.ACTIVE, day(60))
    done = at.PlanFact("p2", "Old plan", PlanStatus.COMPLETED, day(400))
    young = at.PlanFact("p3", "New plan", PlanStatus.DRAFT, day(59))
    late = at.GoalFact("g1", "Cut tickets", day(1), GoalStatus.ON_TRACK, PlanStatus.ACTIVE)
    missed = at.GoalFact("g2", "Missed one", day(9), GoalStatus.MISSED, PlanStatus.ACTIVE)
    due_today = at.GoalFact("g3", "Due today", TODAY, GoalStatus.AT_RISK, PlanStatus.ACTIVE)
    found = at.items_for(
        facts(plans=(plan, done, young), goals=(late, missed, due_today)), TODAY, LIMITS
    )
    assert sorted((i.kind, i.subject_id) for i in found) == sorted(
        [(K.STALE_PLAN, "p1"), (K.GOAL_OVERDUE, "g1")]
    )
    goal = next(i for i in found if i.kind is K.GOAL_OVERDUE)
    assert "due on 22 Nov 2026 (yesterday)" in goal.why
    assert "on track" in goal.why


def test_renewal_without_a_qbr_in_the_last_quarter() -> None:
    renewal = TODAY + timedelta(days=120)
    [item] = at.items_for(facts(renewal_date=renewal, qbr_dates=(day(91),)), TODAY, LIMITS)
    assert item.kind is K.RENEWAL_WITHOUT_QBR
    assert "renewal is on 23 Mar 2027" in item.why
    assert "The last QBR was on 24 Aug 2026" in item.why
    assert at.items_for(facts(renewal_date=renewal, qbr_dates=(day(90),)), TODAY, LIMITS) == []
    planned = (TODAY + timedelta(days=30),)
    assert at.items_for(facts(renewal_date=renewal, qbr_dates=planned), TODAY, LIMITS) == []
    later = TODAY + timedelta(days=121)
    assert at.items_for(facts(renewal_date=later), TODAY, LIMITS) == []


def test_champion_left_only_without_another_one() -> None:
    left = at.Contact(
        "s1", "Ann", StakeholderRole.CHAMPION, None, day(300), left_company=True, left_on=day(20)
    )
    other = at.Contact(
        "s2", "Bo", StakeholderRole.CHAMPION, TODAY, day(10), left_company=False, left_on=None
    )
    [item] = [
        i for i in at.items_for(facts(contacts=(left,)), TODAY, LIMITS) if i.kind is K.CHAMPION_LEFT
    ]
    assert item.title == "Champion left: Ann"
    assert "left on 3 Nov 2026" in item.why
    found = at.items_for(facts(contacts=(left, other)), TODAY, LIMITS)
    assert K.CHAMPION_LEFT not in kinds(found)


def test_health_drop_uses_the_scores_as_shown() -> None:
    def snaps(before: float, now: float) -> tuple[at.Snapshot, ...]:
        return (at.Snapshot("h2", day(1), now), at.Snapshot("h1", day(60), before))

    [item] = at.items_for(facts(health=snaps(72.4, 62.4)), TODAY, LIMITS)
    assert item.title == "Health fell 10 points (72 → 62)"
    assert item.why == "From 72 on 24 Sep 2026 to 62 on 22 Nov 2026."
    assert at.items_for(facts(health=snaps(72.4, 62.6)), TODAY, LIMITS) == []  # 72 → 63
    assert at.items_for(facts(health=snaps(50, 70)), TODAY, LIMITS) == []


def test_overdue_actions_one_item_per_account() -> None:
    acts = (at.ActionFact("x1", "Send pricing", day(53)), at.ActionFact("x2", "Call", day(2)))
    [item] = at.items_for(facts(overdue_actions=acts), TODAY, LIMITS)
    assert item.title == "2 overdue actions"
    assert "“Send pricing”, was due on 1 Oct 2026 (53 days ago)" in item.why


def test_fingerprints_follow_the_cause_and_states_honour_them() -> None:
    one = at.items_for(facts(last_touch=at.Touch(day(50), "call", "x")), TODAY, LIMITS)[0]
    same = at.items_for(facts(last_touch=at.Touch(day(50), "email", "y")), TODAY, LIMITS)[0]
    other = at.items_for(facts(last_touch=at.Touch(day(46), "call", "x")), TODAY, LIMITS)[0]
    assert one.fingerprint == same.fingerprint != other.fingerprint
    assert one.key == other.key == "no_interaction:a1"
    snoozed = at.ItemState(
        one.key,
        "a1",
        "no_interaction",
        one.fingerprint,
        TODAY + timedelta(1),
        dismissed=False,
        reason="",
    )
    assert snoozed.status_for(one, TODAY) is at.ItemStatus.SNOOZED
    assert snoozed.status_for(one, TODAY + timedelta(1)) is at.ItemStatus.OPEN
    assert snoozed.status_for(other, TODAY) is at.ItemStatus.OPEN
    gone = at.ItemState(
        one.key, "a1", "no_interaction", one.fingerprint, None, dismissed=True, reason="Holiday"
    )
    assert gone.status_for(one, TODAY + timedelta(days=999)) is at.ItemStatus.DISMISSED


def test_thresholds_are_validated_and_bad_settings_fall_back() -> None:
    with pytest.raises(errors.ValidationError, match="from 1 to 3650"):
        at.Thresholds(no_interaction_days=0)
    with pytest.raises(errors.ValidationError, match="not an attention setting"):
        LIMITS.with_changes(colour=3)
    read = at.Thresholds.from_settings(
        {"attention.plan_days": 30, "attention.sentiment_days": "x", "attention.renewal_days": True}
    )
    assert (read.plan_days, read.sentiment_days, read.renewal_days) == (30, 30, 120)


# ------------------------------------------------------------------ on a hand-built book


@pytest.fixture
def acme(book: Book) -> accounts.Account:
    return accounts.create_account(
        book, name="Acme *Corp* <b>", owner="Priya", renewal_date=date(2027, 4, 30)
    )


def test_every_rule_from_real_records(
    book: Book, clock: FixedClock, acme: accounts.Account
) -> None:
    champion = stakeholders.create_stakeholder(
        book, acme.id, name="Ann Lee", role=StakeholderRole.CHAMPION, sentiment=1
    )
    stakeholders.create_stakeholder(book, acme.id, name="Bo Chen", role=StakeholderRole.END_USER)
    plan = plans.create_plan(book, acme.id, title="Grow usage", status=PlanStatus.ACTIVE)
    plans.create_goal(book, plan.id, title="Cut tickets", due_date=date(2027, 1, 5))
    interactions.create_interaction(
        book, acme.id, occurred_on=TODAY, subject="Kick-off", type=InteractionType.MEETING
    )
    actions.create_action(book, acme.id, title="Send pricing", due_date=date(2026, 12, 20))
    health.record_snapshot(book, acme.id, as_of=TODAY, override_score=80, override_reason="ok")
    assert attention.needs_attention(book).items == ()

    clock.set(date(2027, 1, 10))  # 48 days on
    health.record_snapshot(book, acme.id, override_score=65, override_reason="usage fell")
    stakeholders.update_stakeholder(book, champion.id, left_company=True)
    listed = attention.needs_attention(book)
    by_kind = {i.kind: i for i in listed.items}
    assert set(by_kind) == {
        K.CHAMPION_LEFT,
        K.HEALTH_DROP,
        K.RENEWAL_WITHOUT_QBR,
        K.OVERDUE_ACTIONS,
        K.GOAL_OVERDUE,
        K.NO_INTERACTION,
        K.STALE_SENTIMENT,
    }
    assert [i.kind for i in listed.items] == sorted(by_kind, key=list(K).index)
    assert by_kind[K.CHAMPION_LEFT].why.startswith("Ann Lee, the champion, left on 10 Jan 2027")
    assert by_kind[K.HEALTH_DROP].title == "Health fell 15 points (80 → 65)"
    assert "renewal is on 30 Apr 2027" in by_kind[K.RENEWAL_WITHOUT_QBR].why
    assert "no QBR with this account" in by_kind[K.RENEWAL_WITHOUT_QBR].why
    assert "last interaction was on 23 Nov 2026 (48 days ago): meeting “Kick-off”" in (
        by_kind[K.NO_INTERACTION].why
    )
    assert "Bo Chen (last on 23 Nov 2026)" in by_kind[K.STALE_SENTIMENT].why
    assert all(i.account_name == "Acme *Corp* <b>" for i in listed.items)
    assert listed.counts == {k.value: 1 for k in by_kind}

    clock.set(date(2027, 1, 30))  # the plan is now 68 days untouched
    assert K.STALE_PLAN in {i.kind for i in attention.needs_attention(book).items}
    qbrs.create_qbr(
        book, acme.id, title="Renewal QBR", meeting_date=date(2027, 2, 3), status=QbrStatus.PLANNED
    )
    assert K.RENEWAL_WITHOUT_QBR not in {i.kind for i in attention.needs_attention(book).items}


def test_archived_and_churned_accounts_are_left_out(book: Book, clock: FixedClock) -> None:
    kept = accounts.create_account(book, name="Kept")
    archived = accounts.create_account(book, name="Archived")
    churned = accounts.create_account(book, name="Churned")
    accounts.set_archived(book, archived.id, archived=True)
    accounts.update_account(book, churned.id, lifecycle_stage=LifecycleStage.CHURNED)
    clock.set(TODAY + timedelta(days=60))
    assert {i.account_name for i in attention.needs_attention(book).items} == {kept.name}


def test_snooze_dismiss_restore_and_the_cause_changing(
    book: Book, clock: FixedClock, acme: accounts.Account
) -> None:
    actions.create_action(book, acme.id, title="Send pricing", due_date=TODAY - timedelta(days=3))
    [item] = attention.needs_attention(book).items
    assert item.kind is K.OVERDUE_ACTIONS

    change = attention.snooze(book, item.key, TODAY + timedelta(days=7))
    assert change.before is None
    assert attention.needs_attention(book).items == ()
    hidden = attention.needs_attention(book, include_hidden=True)
    assert hidden.hidden == 1
    assert hidden.items[0].status is at.ItemStatus.SNOOZED
    assert hidden.items[0].snoozed_until == TODAY + timedelta(days=7)
    clock.set(TODAY + timedelta(days=7))
    assert [i.key for i in attention.needs_attention(book).items] == [item.key]  # back on the day

    attention.dismiss(book, item.key, "  Customer on holiday until March  ")
    assert attention.needs_attention(book).items == ()
    shown = attention.needs_attention(book, include_hidden=True).items[0]
    assert shown.reason == "Customer on holiday until March"
    clock.set(TODAY + timedelta(days=300))
    later = {i.kind for i in attention.needs_attention(book).items}
    assert K.OVERDUE_ACTIONS not in later  # dismissed stays dismissed...

    actions.create_action(
        book, acme.id, title="Book the QBR", due_date=clock.today() - timedelta(1)
    )
    [back] = [i for i in attention.needs_attention(book).items if i.kind is K.OVERDUE_ACTIONS]
    assert back.title == "2 overdue actions"  # ...until its cause changes

    change = attention.dismiss(book, back.key, "Handled by the partner")
    undo = attention.restore(book, back.key)
    assert undo.before == change.after
    assert back.key in {i.key for i in attention.needs_attention(book).items}
    attention.put_state(book, back.key, change.after)  # redo
    assert back.key not in {i.key for i in attention.needs_attention(book).items}


def test_bad_snoozes_and_reasons_are_refused(book: Book, acme: accounts.Account) -> None:
    actions.create_action(book, acme.id, title="Send pricing", due_date=TODAY - timedelta(days=3))
    [item] = attention.needs_attention(book).items
    with pytest.raises(errors.ValidationError, match="after today"):
        attention.snooze(book, item.key, TODAY)
    with pytest.raises(errors.ValidationError, match="Say why"):
        attention.dismiss(book, item.key, "   ")
    with pytest.raises(errors.ValidationError, match="under 500"):
        attention.dismiss(book, item.key, "x" * 501)
    with pytest.raises(errors.NotFoundError, match="not an attention item"):
        attention.dismiss(book, "bogus", "why")
    with pytest.raises(errors.NotFoundError, match="no longer needs attention"):
        attention.dismiss(book, f"goal_overdue:{acme.id}", "why")
    with pytest.raises(errors.NotFoundError, match="not snoozed"):
        attention.restore(book, item.key)


def test_thresholds_are_book_settings(
    book: Book, clock: FixedClock, acme: accounts.Account
) -> None:
    interactions.create_interaction(
        book, acme.id, occurred_on=TODAY - timedelta(days=20), subject="Call"
    )
    assert attention.needs_attention(book).items == ()
    chosen = attention.set_thresholds(book, no_interaction_days=20)
    assert chosen.no_interaction_days == 20
    assert attention.get_thresholds(book) == chosen
    assert [i.kind for i in attention.needs_attention(book).items] == [K.NO_INTERACTION]
    from planner.services import books

    assert books.get_settings(book)["attention.no_interaction_days"] == 20
    with pytest.raises(errors.ValidationError):
        attention.set_thresholds(book, health_drop_points=101)
    assert attention.get_thresholds(book).health_drop_points == 10


def test_digest_is_escaped_markdown_with_dates(
    book: Book, acme: accounts.Account, tmp_path: Path
) -> None:
    actions.create_action(
        book, acme.id, title="=cmd|' /C calc'!A0 <script>", due_date=TODAY - timedelta(days=3)
    )
    out = attention.write_digest(book, tmp_path / "monday.md")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Needs attention: week of 23 Nov 2026\n")
    assert "## Overdue actions (1)" in text
    assert r"**Acme \*Corp\* \<b\>**" in text
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert "20 Nov 2026 (3 days ago)" in text
    empty = attention.digest_markdown(book).replace("Overdue", "")
    assert "Nothing needs attention" not in empty
