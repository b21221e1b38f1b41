"""The stakeholder map's "moved from": where each person's sentiment stood 90 days ago."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from planner.domain.clock import FixedClock
from planner.domain.enums import Side, StakeholderRole
from planner.services import accounts, books, chart_data, stakeholders
from planner.services.books import Book
from tests.conftest import TODAY
from tests.planner.test_cli_entities import run, run_json


def test_map_shows_where_each_person_moved_from(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")

    def person(name: str, sentiment: int, days_ago: int) -> str:
        return stakeholders.create_stakeholder(
            book,
            acct.id,
            name=name,
            role=StakeholderRole.CHAMPION,
            sentiment=sentiment,
            sentiment_on=TODAY - timedelta(days=days_ago),
        ).id

    warmed = person("Warmed", -1, 200)
    # a new person's sentiment keeps the date it came with (it was dated today before)
    assert stakeholders.sentiment_history(book, warmed)[0].recorded_on == TODAY - timedelta(200)
    stakeholders.add_sentiment(book, warmed, 0, on=TODAY - timedelta(days=120))
    stakeholders.add_sentiment(book, warmed, 2, on=TODAY - timedelta(days=10))
    new = person("New", 1, 30)  # first recorded inside the window: moved from there
    stakeholders.add_sentiment(book, new, -1, on=TODAY - timedelta(days=5))
    steady = person("Steady", 1, 300)
    back = person("Back again", 1, 200)  # moved and came back: not moved
    stakeholders.add_sentiment(book, back, -2, on=TODAY - timedelta(days=40))
    stakeholders.add_sentiment(book, back, 1, on=TODAY - timedelta(days=3))
    stakeholders.create_stakeholder(book, acct.id, name="Our AE", side=Side.INTERNAL, sentiment=2)

    data = chart_data.stakeholder_map_data(book, acct.id)
    was = {p.name: p.was for p in data.people}
    assert was == {"Warmed": 0, "New": 1, "Steady": None, "Back again": None}
    assert steady  # shown, not moved
    # the map counts the customer's people, as the list's "customer" count does
    assert len(data.people) == 4


def test_cli_lists_a_persons_sentiment_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "book.aspbook"
    with books.create_book(path, clock=clock) as book:
        acct = accounts.create_account(book, name="Acme")
        maria = stakeholders.create_stakeholder(
            book, acct.id, name="Maria", sentiment=-1, sentiment_on=TODAY - timedelta(days=60)
        )
        stakeholders.add_sentiment(book, maria.id, 2, on=TODAY - timedelta(days=3), note="Won over")
    history = run_json(capsys, "stakeholder", "sentiment", path, "--id", maria.id)
    assert history == [
        {"recorded_on": "2026-09-24", "from": None, "to": -1, "note": ""},
        {"recorded_on": "2026-11-20", "from": -1, "to": 2, "note": "Won over"},
    ]
    code, out, _ = run(capsys, "stakeholder", "sentiment", path, "--id", maria.id)
    assert code == 0
    assert "2026-11-20  -1    +2  Won over" in out
