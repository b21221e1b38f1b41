"""The shared undo mechanism and background jobs, on a real temporary book."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from planner.domain import errors
from planner.services import accounts, plans
from planner.services.books import Book
from ui.context import ChangeHub
from ui.undo import EditHistory
from ui.workers import Job


def test_create_update_delete_undo_redo(qtbot: QtBot, book: Book) -> None:
    history = EditHistory(book)
    hub = ChangeHub(book)  # the book says what each edit, undo and redo changed
    seen: set[str] = set()
    hub.changed.connect(lambda changes: seen.update(changes.tables))
    acct = history.create(
        "Add account",
        lambda: accounts.create_account(book, name="Acme"),
        delete=lambda dto: accounts.delete_account(book, dto.id),
    )
    history.update(
        "Rename account",
        lambda rid, **kw: accounts.update_account(book, rid, **kw),
        acct.id,
        {"name": "Acme Corp"},
        {"name": "Acme"},
    )
    plan = plans.create_plan(book, acct.id, title="Plan")
    goal = plans.create_goal(book, plan.id, title="Goal")
    history.delete("Delete goal", lambda: plans.delete_goal(book, goal.id))
    assert plans.list_goals(book, plan.id) == []
    history.stack.undo()
    assert plans.get_goal(book, goal.id).title == "Goal"
    history.stack.undo()
    assert accounts.get_account(book, acct.id).name == "Acme"
    history.stack.undo()
    with pytest.raises(errors.NotFoundError):
        accounts.get_account(book, acct.id)
    history.stack.redo()
    assert accounts.get_account(book, acct.id).name == "Acme"  # same id back
    history.stack.redo()
    assert accounts.get_account(book, acct.id).name == "Acme Corp"
    qtbot.waitUntil(lambda: {"accounts", "goals"} <= seen)


def test_failed_first_do_records_nothing(qtbot: QtBot, book: Book) -> None:
    history = EditHistory(book)
    with pytest.raises(errors.ValidationError):
        history.create(
            "Add",
            lambda: accounts.create_account(book, name=""),
            delete=lambda dto: accounts.delete_account(book, dto.id),
        )
    assert history.stack.count() == 0


def test_undo_that_the_book_refuses_is_reported(qtbot: QtBot, book: Book) -> None:
    history = EditHistory(book)
    acct = history.create(
        "Add account",
        lambda: accounts.create_account(book, name="Acme"),
        delete=lambda dto: accounts.delete_account(book, dto.id),
    )
    accounts.delete_account(book, acct.id)  # deleted behind the history's back
    with qtbot.waitSignal(history.failed) as blocker:
        history.stack.undo()
    assert "no longer exists" in blocker.args[0]


def test_job_reports_progress_and_result(qtbot: QtBot) -> None:
    def work(progress: object) -> int:
        for i in range(3):
            progress(i + 1, 3)  # type: ignore[operator]
        return 42

    job = Job(work)
    steps: list[tuple[int, int]] = []
    job.signals.progress.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(job.signals.finished, timeout=5000) as blocker:
        QThreadPool.globalInstance().start(job)
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: len(steps) == 3)


def test_job_cancel_and_failure(qtbot: QtBot) -> None:
    def slow(progress: object) -> None:
        for i in range(1000):
            if not progress(i, 1000):  # type: ignore[operator]
                raise errors.PlannerError("cancelled")

    job = Job(slow)
    job.cancel()
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        QThreadPool.globalInstance().start(job)

    def broken(_progress: object) -> None:
        raise errors.ValidationError("x", "That is not right.")

    failing = Job(broken)
    with qtbot.waitSignal(failing.signals.failed, timeout=5000) as blocker:
        QThreadPool.globalInstance().start(failing)
    assert blocker.args == ["That is not right."]
