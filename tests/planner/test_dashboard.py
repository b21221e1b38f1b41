"""The Portfolio page's service: hand-checked tiles and lists, and a fixed number of SQL
statements whatever the size of the book. Also the NPS / CSAT summary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from planner.domain.enums import (
    ActionStatus,
    HealthBand,
    LifecycleStage,
    Side,
    StakeholderRole,
    SurveyKind,
)
from planner.services import accounts, actions, books, dashboard, demo, stakeholders, surveys
from planner.services.books import Book
from planner.store import models as m
from tests.conftest import TODAY


def count_statements(book: Book) -> list[str]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    event.listen(book.engine, "before_cursor_execute", before)
    return seen


def snapshot(book: Book, account_id: str, score: float, band: HealthBand) -> None:
    with book.write() as session:
        session.add(
            m.HealthSnapshot(
                account_id=account_id,
                taken_on=TODAY,
                factors={},
                computed_score=score,
                score=score,
                band=band,
                model_version=1,
            )
        )


def person(book: Book, account_id: str, role: StakeholderRole, sentiment: int, **kw: Any) -> None:
    stakeholders.create_stakeholder(
        book, account_id, name=f"{role.value} {sentiment}", role=role, sentiment=sentiment, **kw
    )


def test_tiles_and_lists_by_hand(book: Book) -> None:
    acme = accounts.create_account(
        book, name="Acme", arr_minor=100_000_00, renewal_date=TODAY + timedelta(days=30)
    )
    beta = accounts.create_account(
        book,
        name="Beta",
        arr_minor=50_000_00,
        currency="EUR",
        renewal_date=TODAY + timedelta(days=91),
    )
    gone = accounts.create_account(
        book,
        name="Gone",
        arr_minor=10_000_00,
        lifecycle_stage=LifecycleStage.CHURNED,
        renewal_date=TODAY + timedelta(days=5),
    )
    hidden = accounts.create_account(book, name="Hidden", arr_minor=7_00)
    accounts.set_archived(book, hidden.id, archived=True)
    snapshot(book, acme.id, 35.0, HealthBand.RED)
    snapshot(book, beta.id, 80.0, HealthBand.GREEN)
    snapshot(book, gone.id, 10.0, HealthBand.RED)
    # Acme: sponsor and champion positive, plus one more positive contact: well covered.
    person(book, acme.id, StakeholderRole.EXECUTIVE_SPONSOR, 1)
    person(book, acme.id, StakeholderRole.CHAMPION, 2)
    person(book, acme.id, StakeholderRole.END_USER, 1)
    person(book, acme.id, StakeholderRole.END_USER, 2, side=Side.INTERNAL)
    # Beta: the champion left, no sponsor.
    person(book, beta.id, StakeholderRole.CHAMPION, 2, left_company=True)
    late = actions.create_action(book, acme.id, title="Late", due_date=TODAY - timedelta(days=3))
    actions.create_action(
        book,
        beta.id,
        title="Snoozed",
        due_date=TODAY - timedelta(days=1),
        snoozed_until=TODAY + timedelta(days=2),
    )
    actions.create_action(book, beta.id, title="Soon", due_date=TODAY + timedelta(days=1))
    actions.create_action(
        book, beta.id, title="Done", due_date=TODAY - timedelta(days=9), status=ActionStatus.DONE
    )

    board = dashboard.dashboard(book, today=TODAY)
    t = board.tiles
    assert t.accounts == 2  # churned and archived are not active
    assert t.arr_by_currency == (("USD", 100_000_00), ("EUR", 50_000_00))
    assert t.at_risk == 1
    assert t.at_risk_arr_by_currency == (("USD", 100_000_00),)
    assert t.renewals_due == 1  # Acme in 30 days; Beta in 91 is outside; Gone churned
    assert [r.account_name for r in board.renewals] == ["Acme"]
    assert board.renewals[0].days_to_renewal == 30
    assert t.open_actions == 3  # Late, Snoozed, Soon (Gone/Hidden have none; Done is closed)
    assert t.overdue_actions == 1  # the snoozed one is hidden until its day
    assert [(o.title, o.days_overdue) for o in board.overdue] == [("Late", 3)]
    assert board.overdue[0].action_id == late.id
    assert [(r.account_name, r.health_score) for r in board.at_risk] == [("Acme", 35.0)]
    assert t.single_threaded == 1
    (beta_row,) = board.single_threaded
    assert beta_row.account_name == "Beta"
    assert beta_row.flags == (
        "No executive sponsor",
        "Champion left the company",
        "No positive customer contact",
    )


def test_fixed_statement_count_at_any_size(tmp_path: Path) -> None:
    counts = []
    for n in (3, 60):
        path = tmp_path / f"d{n}.aspbook"
        demo.generate_demo(path, accounts=n, seed=3, today=TODAY)
        with books.open_book(path) as book:
            seen = count_statements(book)
            board = dashboard.dashboard(book, today=TODAY, limit=5)
            counts.append(len(seen))
            assert len(board.overdue) <= 5
    assert counts[0] == counts[1] == 5


def test_voice_summary_by_hand(book: Book) -> None:
    acme = accounts.create_account(book, name="Acme")
    for score in (10, 9, 8, 7, 6, 0):  # 2 promoters, 2 passives, 2 detractors
        surveys.create_response(book, acme.id, kind=SurveyKind.NPS, score=score, responded_on=TODAY)
    for score in (5, 4, 3, 1):  # 2 of 4 satisfied
        surveys.create_response(
            book,
            acme.id,
            kind=SurveyKind.CSAT,
            score=score,
            responded_on=TODAY - timedelta(days=400),
        )
    whole = surveys.voice_summary(book, acme.id)
    assert (whole.nps, whole.nps_responses) == (0, 6)
    assert (whole.promoters, whole.passives, whole.detractors) == (2, 2, 2)
    assert (whole.csat_pct, whole.csat_responses) == (50, 4)
    recent = surveys.voice_summary(book, acme.id, since=TODAY - timedelta(days=365))
    assert recent.csat_pct is None
    assert recent.csat_responses == 0
    surveys.create_response(book, acme.id, kind=SurveyKind.NPS, score=10, responded_on=TODAY)
    assert surveys.voice_summary(book, acme.id).nps == 14  # (3 - 2) / 7 = 14.3 %
