"""One count, one period: wherever a count or a period is shown (a Portfolio tile, My Work, the
stakeholder list and its map, the QBR builder and its exports), it is computed once and reads the
same. Service level; the widgets showing them are in tests/ui/test_one_format.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.domain import formatting as fmt
from planner.domain.coverage import PeopleCount
from planner.domain.enums import LifecycleStage
from planner.domain.health import health_text
from planner.services import actions, chart_data, dashboard, portfolio, qbr_export, stakeholders
from planner.services.books import Book
from planner.services.edits import UndoList
from planner.services.qbr_session import QbrSession
from tests.conftest import TODAY
from tests.planner.test_cli import run
from tests.planner.test_qbr_data import MEETING, PREVIOUS, build_account


def snooze_two(book: Book) -> list[str]:
    """Snooze the first two open actions of the book; their ids."""
    items = actions.my_work(book, today=TODAY)
    chosen = [i.action.id for i in items[:2]]
    for action_id in chosen:
        actions.snooze(book, action_id, days=5)
    return chosen


def test_the_portfolio_and_my_work_count_open_actions_the_same_way(demo_book: Book) -> None:
    before = actions.open_count(demo_book, today=TODAY)
    snoozed = snooze_two(demo_book)
    count = actions.open_count(demo_book, today=TODAY)
    tiles = dashboard.dashboard(demo_book, today=TODAY).tiles
    listed = actions.my_work(demo_book, today=TODAY)
    everything = actions.my_work(demo_book, today=TODAY, include_snoozed=True)
    assert count.snoozed == before.snoozed + len(snoozed) == before.snoozed + 2
    assert count.open == before.open
    assert (tiles.open_actions, tiles.snoozed_actions) == (count.open, count.snoozed)
    assert len(everything) == count.open
    assert len(listed) == count.awake == count.open - count.snoozed  # hidden, and said
    assert count.snoozed_text() == f"{count.snoozed} snoozed"
    # When their snooze ends they are listed again; the total stays.
    later = actions.open_count(demo_book, today=TODAY + timedelta(days=5))
    assert later.open == count.open
    assert later.snoozed < count.snoozed


def test_the_stakeholder_list_and_map_count_people_once(book: Book) -> None:
    built = build_account(book)
    people = stakeholders.list_stakeholders(book, built.account_id)
    listed = PeopleCount.of((p.side, p.left_company) for p in people)
    mapped = chart_data.stakeholder_map_data(book, built.account_id).count
    assert mapped == listed
    assert listed.total == len(people)
    assert listed.on_map == len(chart_data.stakeholder_map_data(book, built.account_id).people)
    assert (listed.customer, listed.left, listed.ours) == (3, 1, 1)
    assert listed.list_text() == "5 people: 3 at the customer, 1 left, 1 on our side"
    assert mapped.map_text() == (
        "3 at the customer; hollow: 1 left the company \u00b7 1 on our side is not on the map"
    )


def test_a_churned_account_shows_churned_not_a_band(demo_book: Book) -> None:
    rows = portfolio.portfolio(demo_book, today=TODAY)
    churned = [r for r in rows if r.stage is LifecycleStage.CHURNED]
    assert churned, "the demo book has churned accounts"
    scored = next(r for r in churned if r.health_score is not None)
    assert health_text(scored.health_score, scored.health_band, churned=True) == "Churned"
    assert health_text(42.4, scored.health_band) == f"42 \u00b7 {scored.health_band.label}"
    assert health_text(None, None) == "No score"


def test_the_cli_account_list_shows_churned_and_dates_as_the_app_does(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "accounts", demo_path)
    assert code == 0
    churned = [line for line in out.splitlines() if " Churned " in line]
    assert churned
    assert all("Yellow" not in line and "Green" not in line for line in churned)
    assert "-11-" not in out  # no ISO dates in the table: 23 Nov 2026, as on screen


def test_the_qbr_period_is_one_period_shown_the_same_everywhere(book: Book) -> None:
    """The planned QBR has no saved period: it covers the day after the last QBR held to the
    meeting, in the heading, in the period fields (session.period) and in every export."""
    built = build_account(book)
    session = QbrSession(book, UndoList(), built.account_id)
    session.load()
    session.select(built.qbr_id)
    start, end = session.period()
    assert (start, end) == (PREVIOUS + timedelta(days=1), MEETING)
    assert f"period covered: {fmt.period(start, end)}" in session.summary()
    for internal in (False, True):
        report = qbr_export.report_for(book, qbr_id=built.qbr_id, internal=internal, today=TODAY)
        assert (report.period_start, report.period_end) == (start, end)
        assert report.period_text == fmt.period(start, end)
    # A saved period wins everywhere alike.
    assert session.set_period(date(2026, 9, 15), MEETING)
    start, end = session.period()
    assert start == date(2026, 9, 15)
    assert fmt.period(start, end) in session.summary()
    report = qbr_export.report_for(book, qbr_id=built.qbr_id, today=TODAY)
    assert (report.period_start, report.period_end) == (start, end)
