"""Health from a small hand-built book: inputs, explanation, snapshots, overrides, models."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain import errors
from planner.domain import health as h
from planner.domain.enums import (
    HealthBand,
    InteractionType,
    LifecycleStage,
    StakeholderRole,
    SurveyKind,
    UseCaseStatus,
)
from planner.services import accounts, changes, health, interactions, stakeholders, surveys
from planner.services import use_cases as uc
from planner.services.books import Book
from tests.conftest import TODAY as DAY


def days_ago(n: int) -> date:
    return DAY - timedelta(days=n)


def build_acme(book: Book) -> tuple[str, str]:
    """The hand-worked example of tests/planner/test_health_domain.py, as real rows.

    adoption 70 (60 % live + 80 % onboarding); engagement 50 (last touch 52 days ago, 3
    meetings in 90 days); support 60 (1 escalation); voice 77.5 (NPS 9, 7; CSAT 5, 3);
    coverage 55 (positive sponsor, champion not positive, 2 positive contacts); CSM +1 (75).
    Score: 0.25*70 + 0.20*50 + 0.15*60 + 0.15*77.5 + 0.15*55 + 0.10*75 = 63.875 -> 63.9.
    Returns (account id, id of the live use case).
    """
    acme = accounts.create_account(
        book, name="Acme", arr_minor=1_000_000, contract_start=date(2025, 1, 1)
    )
    health.set_csm_sentiment(book, acme.id, 1, "Good momentum", days_ago(3))
    live = uc.create_use_case(
        book,
        acme.id,
        title="Invoices",
        status=UseCaseStatus.LIVE,
        adoption_pct=60,
        go_live=date(2026, 3, 1),
    )
    uc.create_use_case(
        book, acme.id, title="Reporting", status=UseCaseStatus.ONBOARDING, adoption_pct=80
    )
    uc.create_use_case(book, acme.id, title="Later", status=UseCaseStatus.PLANNED, adoption_pct=0)
    for n in (52, 60, 70):
        interactions.create_interaction(
            book, acme.id, occurred_on=days_ago(n), subject="Sync", type=InteractionType.MEETING
        )
    interactions.create_interaction(
        book, acme.id, occurred_on=days_ago(80), subject="Outage", type=InteractionType.ESCALATION
    )
    interactions.create_interaction(
        book, acme.id, occurred_on=days_ago(200), subject="Old", type=InteractionType.ESCALATION
    )  # outside 90 days
    for kind, score in (
        (SurveyKind.NPS, 9),
        (SurveyKind.NPS, 7),
        (SurveyKind.CSAT, 5),
        (SurveyKind.CSAT, 3),
    ):
        surveys.create_response(book, acme.id, kind=kind, score=score, responded_on=days_ago(40))
    surveys.create_response(
        book, acme.id, kind=SurveyKind.NPS, score=0, responded_on=days_ago(400)
    )  # a year ago: not counted
    people = (
        ("Sam", StakeholderRole.EXECUTIVE_SPONSOR, 1),
        ("Cy", StakeholderRole.CHAMPION, 0),
        ("Eve", StakeholderRole.END_USER, 2),
        ("Dee", StakeholderRole.DETRACTOR, -1),
    )
    for name, role, sentiment in people:
        stakeholders.create_stakeholder(book, acme.id, name=name, role=role, sentiment=sentiment)
    return acme.id, live.id


def test_inputs_and_explanation_from_the_book(book: Book) -> None:
    aid, _ = build_acme(book)
    ex = _live(book, aid)
    scores = {f.key: f.score for f in ex.result.factors}
    assert scores == {
        "adoption": 70.0,
        "engagement": 50.0,
        "support": 60.0,
        "voice": 77.5,
        "coverage": 55.0,
        "csm_sentiment": 75.0,
    }
    assert ex.result.score == 63.9
    assert ex.band is HealthBand.YELLOW
    assert ex.live
    assert sum(f.contribution for f in ex.result.factors) == pytest.approx(63.875)
    raw = {f.key: f.raw for f in ex.result.factors}
    assert raw["adoption"] == "2 use cases in use (1 live), average 70 % adopted"
    assert raw["engagement"] == "Last interaction 52 days ago; 3 touchpoints in 90 days"
    assert raw["support"] == "1 escalation in 90 days"
    assert (
        raw["coverage"] == "Positive executive sponsor; no positive champion; 2 positive contacts"
    )
    assert ex.previous is None
    assert ex.moves == ()


def _live(book: Book, account_id: str) -> health.HealthExplanation:
    """Explain as of DAY, computed live (no snapshot taken on or before DAY yet)."""
    ex = health.explain_health(book, account_id, DAY)
    assert ex.live
    return ex


def test_snapshot_then_what_moved(book: Book) -> None:
    aid, live_id = build_acme(book)
    first = health.record_snapshot(book, aid, as_of=DAY)
    assert (first.computed_score, first.score, first.band, first.model_version) == (
        63.9,
        63.9,
        HealthBand.YELLOW,
        1,
    )
    assert first.factors["adoption"] == {
        "raw": "2 use cases in use (1 live), average 70 % adopted",
        "score": 70.0,
        "weight": 25.0,
        "effective_weight": 0.25,
    }
    uc.update_use_case(book, live_id, adoption_pct=100)  # adoption 70 -> 90: +5.0 points
    ex = health.explain_health(book, aid, today=DAY)  # live, against the latest snapshot
    assert ex.live
    assert ex.previous == first
    assert ex.result.score == 68.9
    assert ex.change == 5.0
    top = ex.moves[0]
    assert (top.key, top.before, top.after, top.points) == ("adoption", 70.0, 90.0, 5.0)
    assert all(mv.points == 0 for mv in ex.moves[1:])
    second = health.record_snapshot(book, aid, as_of=DAY)
    on_day = health.explain_health(book, aid, DAY)  # the snapshot in force on DAY: the last
    assert not on_day.live
    assert on_day.snapshot == second
    assert on_day.previous == first
    assert on_day.result.score == 68.9
    assert sum(f.contribution for f in on_day.result.factors) == pytest.approx(68.875, abs=1e-4)
    assert on_day.moves[0].key == "adoption"
    before = health.explain_health(book, aid, days_ago(1))  # nothing recorded by then: live
    assert before.live
    assert before.snapshot is None
    later = health.explain_health(book, aid, DAY + timedelta(days=30))
    assert later.snapshot == second


def test_override_needs_a_reason_and_moves_the_band(book: Book) -> None:
    aid, _ = build_acme(book)
    with pytest.raises(errors.ValidationError) as info:
        health.override_health(book, aid, 80, "   ", as_of=DAY)
    assert info.value.field == "override_reason"
    with pytest.raises(errors.ValidationError) as info:
        health.override_health(book, aid, 120, "typo", as_of=DAY)
    assert info.value.field == "override_score"
    assert health.list_snapshots(book, aid) == []
    made = health.override_health(book, aid, 80, "Renewal signed early", as_of=DAY)
    assert made.created
    snap = made.snapshot
    assert (snap.score, snap.computed_score, snap.band, snap.overridden) == (
        80.0,
        63.9,
        HealthBand.GREEN,
        True,
    )
    assert snap.override_reason == "Renewal signed early"
    again = health.override_health(book, aid, 30, "Sponsor resigned", as_of=DAY)
    assert not again.created
    assert again.snapshot.id == snap.id
    assert (again.previous_score, again.previous_reason) == (80.0, "Renewal signed early")
    assert again.snapshot.band is HealthBand.RED
    cleared = health.override_health(book, aid, None, as_of=DAY).snapshot
    assert (cleared.score, cleared.band, cleared.override_score, cleared.override_reason) == (
        63.9,
        HealthBand.YELLOW,
        None,
        "",
    )
    explained = health.explain_health(book, aid, DAY)
    assert explained.override_score is None
    health.set_override(book, snap.id, 75, "Verbal commitment")
    explained = health.explain_health(book, aid, DAY)
    assert (explained.score, explained.override_score, explained.result.score) == (75.0, 75.0, 63.9)
    assert explained.override_reason == "Verbal commitment"


def test_model_versions_weights_and_bands(book: Book) -> None:
    aid, _ = build_acme(book)
    assert [v.version for v in health.list_models(book)] == [1]
    assert health.list_models(book)[0].created_at is None  # built-in defaults
    health.record_snapshot(book, aid, as_of=days_ago(1))
    with pytest.raises(errors.ValidationError) as info:
        health.save_model(book, {**h.DEFAULT_WEIGHTS, "support": -5}, 40, 70)
    assert info.value.field == "weight:support"
    with pytest.raises(errors.ValidationError) as info:
        health.save_model(book, h.DEFAULT_WEIGHTS, 60, 50)
    assert info.value.field == "green_from"
    assert health.save_model(book, h.DEFAULT_WEIGHTS, 40, 70).created is False
    change = health.save_model(book, {"adoption": 50, "engagement": 50}, 30, 60, "Usage first")
    assert change.created
    assert change.model.version == 2  # version 1 (the defaults the snapshot used) kept on record
    versions = health.list_models(book)
    assert [(v.version, v.red_below, v.green_from) for v in versions] == [(1, 40, 70), (2, 30, 60)]
    assert versions[1].weights["voice"] == 0.0
    # adoption 70 and engagement 50 only, half each: 60.0, green from 60
    snap = health.record_snapshot(book, aid, as_of=DAY)
    assert (snap.computed_score, snap.band, snap.model_version) == (60.0, HealthBand.GREEN, 2)
    with pytest.raises(errors.ConflictError, match="scored with health model version 2"):
        health.delete_model_version(book, 2)
    health.delete_snapshot(book, snap.id)
    deleted = health.delete_model_version(book, 2)
    assert health.current_model(book).version == 1
    changes.restore(book, deleted)
    assert health.current_model(book).version == 2


def test_first_change_on_a_fresh_book_is_version_2(book: Book) -> None:
    change = health.save_model(book, h.DEFAULT_WEIGHTS, 35, 75)
    assert change.model.version == 2  # the built-in defaults are version 1
    versions = health.list_models(book)
    assert [(v.version, v.red_below) for v in versions] == [(1, 40), (2, 35)]
    assert versions[0].created_at is not None  # now on record


def test_record_whole_book_with_cancel_and_undo(book: Book) -> None:
    ids = [accounts.create_account(book, name=n).id for n in ("A", "B", "C")]
    gone = accounts.create_account(book, name="Gone", lifecycle_stage=LifecycleStage.CHURNED)
    shelved = accounts.create_account(book, name="Shelved")
    accounts.set_archived(book, shelved.id, archived=True)
    seen: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    result = health.record_snapshots(book, as_of=DAY, progress=stop_after_first, batch=1)
    assert (result.recorded, result.total, result.cancelled) == (1, 3, True)
    assert seen == [(1, 3)]
    full = health.record_snapshots(book, as_of=DAY, progress=lambda d, t: True, batch=2)
    assert (full.recorded, full.total, full.cancelled) == (3, 3, False)
    assert len(full.snapshot_ids) == 3
    recorded = {health.get_snapshot(book, sid).account_id for sid in full.snapshot_ids}
    assert recorded == set(ids)
    assert health.list_snapshots(book, gone.id) == []
    deleted = health.delete_snapshots(book, full.snapshot_ids)
    assert deleted.count("health_snapshots") == 3
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 1  # the cancelled run's
    changes.restore(book, deleted)
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 4
    assert health.record_health(book, [gone.id], as_of=DAY) == 1  # explicit ids are recorded
    with pytest.raises(errors.NotFoundError):
        health.record_snapshots(book, ["00000000-0000-4000-8000-000000000000"])


def test_csm_sentiment_and_what_if(book: Book) -> None:
    aid, _ = build_acme(book)
    with pytest.raises(errors.ValidationError) as info:
        health.set_csm_sentiment(book, aid, 3, "too happy")
    assert info.value.field == "csm_sentiment"
    set_ = health.set_csm_sentiment(book, aid, 2, "Reference-ready", days_ago(1))
    assert (set_.value, set_.note, set_.on) == (2, "Reference-ready", days_ago(1))
    assert health.get_csm_sentiment(book, aid) == set_
    # CSM 100: 63.875 + 0.10 * 25 = 66.375
    assert health.current_health(book, aid, DAY).score == 66.4
    cleared = health.set_csm_sentiment(book, aid, None, "ignored")
    assert (cleared.value, cleared.note, cleared.on) == (None, "", None)
    ex = health.explain_health(book, aid, DAY)
    assert ex.result.factor("csm_sentiment").score is None
    health.set_csm_sentiment(book, aid, 1, "Good momentum", days_ago(3))
    now, changed = health.what_if(book, aid, DAY, adoption_pct=80, champion_positive=True)
    assert now.score == 63.9
    # adoption 70 -> 80: +2.5; coverage 55 -> 90 (+35 champion): +5.25 -> 71.625
    assert changed.score == 71.6
    assert changed.band is HealthBand.GREEN
    assert health.list_snapshots(book, aid) == []  # nothing was saved
    with pytest.raises(errors.ValidationError) as info:
        health.what_if(book, aid, DAY, adoption_pct=130)
    assert info.value.field == "adoption_pct"
