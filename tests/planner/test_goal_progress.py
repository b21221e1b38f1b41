"""A goal's history of KPI readings: the newest reading is the goal's current value."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain import errors
from planner.services import accounts, plans
from planner.services.books import Book
from tests.conftest import TODAY


@pytest.fixture
def goal(book: Book) -> plans.Goal:
    account = accounts.create_account(book, name="Acme Analytics")
    plan = plans.create_plan(book, account.id, title="FY27 plan")
    return plans.create_goal(
        book, plan.id, title="Cut onboarding time", baseline=30.0, current=30.0, target=10.0
    )


def test_newest_reading_becomes_current(book: Book, goal: plans.Goal) -> None:
    first = plans.record_goal_progress(book, goal.id, 24, on=date(2026, 10, 1), note="Sept")
    assert (first.measured_on, first.value, first.note) == (date(2026, 10, 1), 24.0, "Sept")
    assert plans.get_goal(book, goal.id).current == 24.0
    plans.record_goal_progress(book, goal.id, 18.5)  # today
    assert plans.get_goal(book, goal.id).current == 18.5
    # an older reading fills in the history and leaves current alone
    plans.record_goal_progress(book, goal.id, 27, on=date(2026, 9, 1))
    assert plans.get_goal(book, goal.id).current == 18.5
    history = plans.list_goal_progress(book, goal.id)
    assert [(h.measured_on, h.value) for h in history] == [
        (date(2026, 9, 1), 27.0),
        (date(2026, 10, 1), 24.0),
        (TODAY, 18.5),
    ]


def test_second_reading_of_the_same_day_wins(book: Book, goal: plans.Goal) -> None:
    plans.record_goal_progress(book, goal.id, 20)
    plans.record_goal_progress(book, goal.id, 19)
    assert plans.get_goal(book, goal.id).current == 19.0
    assert [h.value for h in plans.list_goal_progress(book, goal.id)] == [20.0, 19.0]


def test_bad_readings_are_refused_and_nothing_is_written(book: Book, goal: plans.Goal) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        plans.record_goal_progress(book, goal.id, 5, on=TODAY + timedelta(days=1))
    assert caught.value.field == "measured_on"
    with pytest.raises(errors.ValidationError) as caught:
        plans.record_goal_progress(book, goal.id, float("nan"))
    assert caught.value.field == "value"
    with pytest.raises(errors.NotFoundError):
        plans.record_goal_progress(book, "00000000-0000-0000-0000-000000000000", 5)
    assert plans.list_goal_progress(book, goal.id) == []
    assert plans.get_goal(book, goal.id).current == 30.0


def test_readings_go_with_their_goal(book: Book, goal: plans.Goal) -> None:
    plans.record_goal_progress(book, goal.id, 20)
    deleted = plans.delete_goal(book, goal.id)
    assert deleted.count("goal_measurements") == 1
