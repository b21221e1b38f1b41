"""A goal's history of KPI readings: the newest reading is the goal's current value."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain import errors
from planner.domain.enums import ActionStatus
from planner.reports.qbr_report import build_qbr_report
from planner.services import accounts, actions, chart_data, edits, plans, qbr_facts
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


def test_record_progress_sets_current_and_adds_a_reading_in_one_step(
    book: Book, goal: plans.Goal
) -> None:
    seen: list[frozenset[str]] = []
    unsubscribe = book.subscribe(lambda changes: seen.append(frozenset(changes.tables)))
    history = edits.UndoList()
    recorded = edits.record_progress(
        history, book, "Record progress", goal.id, 21, on=date(2026, 11, 2), note="From Looker"
    )
    unsubscribe()
    assert len(seen) == 1  # one transaction wrote both
    assert {"goals", "goal_measurements"} <= seen[0]
    assert recorded.previous_current == 30.0
    assert recorded.goal.current == 21.0
    assert plans.get_goal(book, goal.id).current == 21.0
    assert [(h.value, h.note) for h in plans.list_goal_progress(book, goal.id)] == [
        (21.0, "From Looker")
    ]
    assert history.undo() == "Record progress"  # one undo step takes back both
    assert plans.get_goal(book, goal.id).current == 30.0
    assert plans.list_goal_progress(book, goal.id) == []
    history.redo()  # the same reading comes back
    assert plans.get_goal(book, goal.id).current == 21.0
    assert [h.id for h in plans.list_goal_progress(book, goal.id)] == [recorded.measurement.id]


def test_a_refused_reading_records_no_undo_step(book: Book, goal: plans.Goal) -> None:
    history = edits.UndoList()
    with pytest.raises(errors.ValidationError) as caught:
        edits.record_progress(history, book, "Record progress", goal.id, 5, on="31/12/2026")  # type: ignore[arg-type]
    assert caught.value.field == "measured_on"
    assert history.texts == []
    assert plans.list_goal_progress(book, goal.id) == []


def test_charts_read_the_readings(book: Book, goal: plans.Goal) -> None:
    plans.record_goal_progress(book, goal.id, 24, on=date(2026, 9, 1))
    plans.record_goal_progress(book, goal.id, 18, on=date(2026, 11, 1), note="Better")
    plan = plans.get_plan(book, goal.plan_id)
    (bar,) = chart_data.goal_progress_data(book, plan.account_id).goals
    assert (bar.current, bar.previous, bar.previous_on, bar.readings) == (
        18.0,
        24.0,
        date(2026, 9, 1),
        2,
    )
    assert bar.previous_progress == pytest.approx(0.3)
    trend = chart_data.goal_trend_data(book, goal.id)
    assert [(r.day, r.value, r.note) for r in trend.readings] == [
        (date(2026, 9, 1), 24.0, ""),
        (date(2026, 11, 1), 18.0, "Better"),
    ]
    assert (trend.baseline, trend.target) == (30.0, 10.0)


def test_actions_linked_to_a_goal(book: Book, goal: plans.Goal) -> None:
    account_id = plans.get_plan(book, goal.plan_id).account_id
    done = actions.create_action(
        book, account_id, title="Kick-off", goal_id=goal.id, status=ActionStatus.DONE
    )
    later = actions.create_action(
        book, account_id, title="Train admins", goal_id=goal.id, due_date=TODAY + timedelta(9)
    )
    soon = actions.create_action(
        book, account_id, title="Share dashboard", goal_id=goal.id, due_date=TODAY
    )
    actions.create_action(book, account_id, title="Unrelated")
    linked = actions.list_goal_actions(book, goal.id)
    assert [a.id for a in linked] == [soon.id, later.id, done.id]


def test_the_qbr_reads_recorded_progress(book: Book, goal: plans.Goal) -> None:
    """Readings recorded as Record Progress does reach the QBR: the goal's facts carry them and
    the deck's goal-trend slide draws them, ending at the current value."""
    history = edits.UndoList()
    for day, value in (
        (date(2026, 7, 1), 26.0),
        (date(2026, 9, 1), 20.0),
        (date(2026, 11, 2), 14.0),
    ):
        edits.record_progress(history, book, "Record progress", goal.id, value, on=day)
    plan = plans.get_plan(book, goal.plan_id)
    plans.update_goal(book, goal.id, due_date=date(2027, 3, 31), customer_visible=True)
    inputs = qbr_facts.qbr_inputs(book, plan.account_id, meeting_date=TODAY, as_of=TODAY)
    (view,) = inputs.facts.goals
    assert view.current == 14.0
    assert view.measurements == (
        (date(2026, 7, 1), 26.0),
        (date(2026, 9, 1), 20.0),
        (date(2026, 11, 2), 14.0),
    )
    report = build_qbr_report(inputs)
    trend = next(s for s in report.main_slides if s.key == "goal_trend")
    assert trend.chart is not None
    assert trend.chart.series[0].values == (26.0, 20.0, 14.0)
    assert trend.chart.dates == (date(2026, 7, 1), date(2026, 9, 1), date(2026, 11, 2))
    # undoing the newest reading takes it out of the QBR too
    history.undo()
    inputs = qbr_facts.qbr_inputs(book, plan.account_id, meeting_date=TODAY, as_of=TODAY)
    assert inputs.facts.goals[0].current == 20.0
    assert len(inputs.facts.goals[0].measurements) == 2
