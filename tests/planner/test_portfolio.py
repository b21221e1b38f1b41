"""The portfolio query: hand-checked values, and a fixed number of SQL statements."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from planner.domain.enums import ActionStatus, GoalStatus, HealthBand
from planner.services import accounts, actions, books, demo, health, interactions, plans
from planner.services.books import Book
from planner.services.portfolio import PORTFOLIO_FIELDS, portfolio
from tests.conftest import TODAY


def count_statements(book: Book) -> list[str]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    event.listen(book.engine, "before_cursor_execute", before)
    return seen


def test_values_by_hand(book: Book) -> None:
    acme = accounts.create_account(
        book,
        name="Acme",
        arr_minor=5_000_000,
        renewal_date=TODAY + timedelta(days=45),
        owner="Priya",
    )
    accounts.create_account(book, name="Zenith")
    plan = plans.create_plan(book, acme.id, title="Plan")
    plans.create_goal(book, plan.id, title="A", status=GoalStatus.ACHIEVED)
    plans.create_goal(book, plan.id, title="B")
    plans.create_goal(book, plan.id, title="C")
    actions.create_action(book, acme.id, title="late", due_date=TODAY - timedelta(days=1))
    actions.create_action(book, acme.id, title="soon", due_date=TODAY + timedelta(days=1))
    actions.create_action(
        book, acme.id, title="done", due_date=TODAY - timedelta(days=9), status=ActionStatus.DONE
    )
    interactions.create_interaction(book, acme.id, occurred_on=date(2026, 11, 2), subject="a")
    interactions.create_interaction(book, acme.id, occurred_on=date(2026, 10, 2), subject="b")
    health.record_health(book, [acme.id], as_of=date(2026, 10, 1))
    health.record_health(book, [acme.id], as_of=date(2026, 11, 20))
    latest = health.latest_snapshot(book, acme.id)
    assert latest is not None
    rows = {r.name: r for r in portfolio(book, today=TODAY)}
    a = rows["Acme"]
    assert (a.arr_minor, a.currency, a.owner) == (5_000_000, "USD", "Priya")
    assert (a.renewal_date, a.days_to_renewal) == (TODAY + timedelta(days=45), 45)
    assert (a.open_actions, a.overdue_actions) == (2, 1)
    assert (a.goals_achieved, a.goals_total) == (1, 3)
    assert a.last_interaction == date(2026, 11, 2)
    assert a.health_score == latest.score
    assert a.health_band is latest.band
    z = rows["Zenith"]
    assert (z.health_score, z.health_band, z.days_to_renewal, z.last_interaction) == (
        None,
        None,
        None,
        None,
    )
    assert (z.open_actions, z.goals_total) == (0, 0)
    assert list(a.as_contract()) == list(PORTFOLIO_FIELDS)
    assert a.as_contract()["health_band"] in {b.value for b in HealthBand}


def test_archived_accounts_are_left_out(book: Book) -> None:
    acme = accounts.create_account(book, name="Acme")
    accounts.set_archived(book, acme.id, archived=True)
    assert portfolio(book) == []
    assert [r.name for r in portfolio(book, include_archived=True)] == ["Acme"]


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sizes")
    small, large = folder / "small.aspbook", folder / "large.aspbook"
    demo.generate_demo(small, accounts=3, today=TODAY)
    demo.generate_demo(large, accounts=120, today=TODAY)
    return small, large


def test_statement_count_does_not_grow_with_the_book(
    small_and_large: tuple[Path, Path], tmp_path: Path
) -> None:
    counts = []
    for source in small_and_large:
        path = tmp_path / source.name
        shutil.copyfile(source, path)
        with books.open_book(path) as opened:
            seen = count_statements(opened)
            rows = portfolio(opened, today=TODAY)
            counts.append((len(rows), len(seen)))
    (small_rows, small_sql), (large_rows, large_sql) = counts
    assert small_rows < large_rows
    assert small_sql == large_sql == 1
