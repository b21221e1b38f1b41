"""The demo book: realistic shape, internal consistency, determinism."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from planner.domain import errors
from planner.domain.enums import LifecycleStage, Side, Tier
from planner.services import accounts, books, demo, plans, portfolio, qbrs, stakeholders
from planner.services.books import Book
from planner.store import models as m
from planner.store import search_index
from tests.conftest import TODAY
from tests.planner.test_migrations import schema

ENTITY_TABLES = [t for t in m.DATA_TABLES if t not in ("settings", "tombstones")]


def test_demo_has_the_promised_shape(demo_book: Book) -> None:
    rows = portfolio.portfolio(demo_book, today=TODAY)
    assert len(rows) == 40
    assert len({r.name for r in rows}) == 40
    assert {r.tier for r in rows} == set(Tier)
    stages = Counter(r.stage for r in rows)
    assert stages[LifecycleStage.CHURNED] >= 1
    assert stages[LifecycleStage.ONBOARDING] >= 1
    assert len(stages) >= 5
    assert sum(r.overdue_actions for r in rows) > 0
    assert {r.health_band for r in rows if r.health_band} == set(books_bands())
    for row in rows:
        plan = plans.current_plan(demo_book, row.id)
        assert plan is not None
        assert 3 <= len(plans.list_goals(demo_book, plan.id)) <= 6
        people = stakeholders.list_stakeholders(demo_book, row.id)
        customers = [p for p in people if p.side is Side.CUSTOMER]
        assert 4 <= len(customers) <= 12
        assert any(p.reports_to_id for p in customers)  # an org chart
        held = [q for q in qbrs.list_qbrs(demo_book, row.id) if q.status.value == "held"]
        account = accounts.get_account(demo_book, row.id)
        assert account.contract_start is not None
        if account.contract_start < TODAY - timedelta(days=150):
            # quarterly for the largest accounts, yearly for the smallest, over two years
            assert 1 <= len(held) <= 9
        elif account.contract_start > TODAY - timedelta(days=90):
            assert not held  # the first QBR comes after onboarding
    assert not any(r.name.startswith("Account ") for r in rows)


def books_bands() -> set[object]:
    from planner.domain.enums import HealthBand

    return set(HealthBand)


def test_arr_equals_the_sum_of_revenue_events(demo_book: Book) -> None:
    with demo_book.read() as session:
        mismatched = session.execute(
            select(m.Account.name)
            .outerjoin(m.RevenueEvent, m.RevenueEvent.account_id == m.Account.id)
            .group_by(m.Account.id)
            .having(
                func.coalesce(func.sum(m.RevenueEvent.arr_delta_minor), 0) != m.Account.arr_minor
            )
        ).all()
    assert mismatched == []


def test_churned_accounts_have_no_arr_and_a_churn_event(demo_book: Book) -> None:
    for row in portfolio.portfolio(demo_book, today=TODAY):
        if row.stage is LifecycleStage.CHURNED:
            assert row.arr_minor == 0
        else:
            assert row.arr_minor > 0


def test_health_history_covers_eight_quarters_and_two_models(demo_book: Book) -> None:
    with demo_book.read() as session:
        dates = session.scalars(select(m.HealthSnapshot.taken_on).distinct()).all()
        versions = set(session.scalars(select(m.HealthSnapshot.model_version)).all())
        overrides = session.scalar(
            select(func.count()).where(m.HealthSnapshot.override_score.is_not(None))
        )
    assert len(dates) == 9
    assert versions == {1, 2}
    assert overrides
    assert overrides >= 1


def test_demo_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.aspbook", tmp_path / "b.aspbook"
    demo.generate_demo(first, accounts=6, seed=11, today=TODAY)
    demo.generate_demo(second, accounts=6, seed=11, today=TODAY)
    other = tmp_path / "c.aspbook"
    demo.generate_demo(other, accounts=6, seed=12, today=TODAY)

    def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
        with books.open_book(path, read_only=True) as opened, opened.read() as session:
            return {
                t: sorted(session.execute(text(f"SELECT * FROM {t}")).all(), key=repr)
                for t in ENTITY_TABLES
            }

    assert dump(first) == dump(second)
    assert dump(first)["accounts"] != dump(other)["accounts"]


def test_demo_refuses_to_overwrite_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "demo.aspbook"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(errors.ConflictError, match="already exists"):
        demo.generate_demo(path, accounts=2)
    assert path.read_text(encoding="utf-8") == "keep me"
    demo.generate_demo(path, accounts=2, replace=True, today=TODAY)
    assert books.check_book(path).accounts == 2

    def cancel(done: int, total: int) -> bool:
        return False

    target = tmp_path / "cancelled.aspbook"
    with pytest.raises(errors.PlannerError, match="cancelled"):
        demo.generate_demo(target, accounts=3, progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.aspbook"]


def test_demo_scales(tmp_path: Path) -> None:
    result = demo.generate_demo(tmp_path / "big.aspbook", accounts=450, today=TODAY)
    assert result.accounts == 450
    with books.open_book(result.path, read_only=True) as opened:
        rows = portfolio.portfolio(opened, today=TODAY)
        assert len(rows) == 450
        assert len({r.name for r in rows}) == 450
        assert accounts.find_account(opened, rows[10].name).id == rows[10].id


def test_demo_argument_validation(tmp_path: Path) -> None:
    with pytest.raises(errors.ValidationError, match="1 to 1,000,000"):
        demo.generate_demo(tmp_path / "x.aspbook", accounts=0)


def test_demo_action_plans_name_the_customer_owner(demo_book: Book) -> None:
    """The customer copy's mutual action plan shows the customer's own people, on "Your
    team", beside ours: in most accounts with a plan, both sides hold an action."""
    from planner.reports.qbr_report import build_qbr_report
    from planner.services.qbr_facts import qbr_inputs

    both = one_sided = 0
    for row in portfolio.portfolio(demo_book, today=TODAY):
        if row.stage is LifecycleStage.CHURNED:
            continue
        inputs = qbr_inputs(demo_book, row.id, meeting_date=TODAY, as_of=TODAY)
        plan = build_qbr_report(inputs).figures.plan
        if not plan:
            continue
        customer_names = {
            p.name
            for p in stakeholders.list_stakeholders(demo_book, row.id)
            if p.side is Side.CUSTOMER
        }
        theirs = [p for p in plan if p.side == "Your team"]
        for p in theirs:
            assert p.owner in customer_names, (row.name, p.action.title, p.owner)
        assert all(p.side in ("Your team", "Our team") for p in plan), row.name
        if theirs and len(theirs) < len(plan):
            both += 1
        else:
            one_sided += 1
    assert both >= one_sided, (both, one_sided)


def test_a_demo_book_is_indexed_like_any_book(tmp_path: Path) -> None:
    """Its indexes and search triggers, made once after the bulk load, are exactly a new
    book's; its search index is in step with its records; the book checks clean."""
    path = tmp_path / "demo.aspbook"
    demo.generate_demo(path, accounts=12, today=TODAY)
    fresh = tmp_path / "fresh.aspbook"
    books.create_book(fresh).close()
    assert schema(path) == schema(fresh)
    with books.open_book(path, read_only=True) as book, book.read() as session:
        status = search_index.status(search_index.session_executor(session))
        assert status.in_step, status.problems
        assert status.records > 0
    books.check_book(path)
