"""Success plans, their goals, and the account's risks (challenges)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import (
    GoalCategory,
    GoalStatus,
    Likelihood,
    PlanStatus,
    Priority,
    RiskCategory,
    RiskStatus,
    Severity,
)
from planner.domain.money import MAX_MINOR
from planner.domain.progress import goal_progress
from planner.services._crud import (
    Entity,
    Values,
    create_in,
    get_obj,
    list_in,
    require_same_account,
    update_in,
)
from planner.services._crud import create as _create
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.services._crud import update as _update
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class SuccessPlan:
    id: str
    account_id: str
    title: str
    period_start: date | None
    period_end: date | None
    status: PlanStatus
    desired_outcomes: str
    internal_notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    plan_id: str
    title: str
    description: str
    category: GoalCategory
    kpi_name: str
    unit: str
    baseline: float | None
    current: float | None
    target: float | None
    due_date: date | None
    status: GoalStatus
    achieved_on: date | None
    priority: Priority
    owner_stakeholder_id: str | None
    owner_name: str
    customer_visible: bool
    created_at: datetime
    updated_at: datetime
    value_per_unit_minor: int | None = None
    """What one unit of the KPI is worth to the customer, in minor units of the account's
    currency (None: not valued). Turns progress into money on the QBR's value slide."""

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target, 0.0-1.0 (None when not measurable)."""
        return goal_progress(self.baseline, self.current, self.target)


@dataclass(frozen=True, slots=True)
class GoalMeasurement:
    """One reading of a goal's KPI: the goal's history (its newest reading is ``current``)."""

    id: str
    goal_id: str
    measured_on: date
    value: float
    note: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Risk:
    id: str
    account_id: str
    title: str
    description: str
    category: RiskCategory
    severity: Severity
    likelihood: Likelihood
    mitigation: str
    status: RiskStatus
    raised_on: date | None
    resolved_on: date | None
    owner_name: str
    internal: bool
    created_at: datetime
    updated_at: datetime


def _check_plan(_session: Session, values: Values, _before: Values | None) -> None:
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        raise errors.ValidationError("period_end", "The plan must end on or after its start.")


def _check_goal(session: Session, values: Values, before: Values | None) -> None:
    plan = session.get(m.SuccessPlan, values["plan_id"])
    if plan is None:
        raise errors.ValidationError("plan_id", "The success plan for this goal no longer exists.")
    require_same_account(
        session,
        m.Stakeholder,
        values.get("owner_stakeholder_id"),
        plan.account_id,
        "owner_stakeholder_id",
    )
    per_unit = values.get("value_per_unit_minor")
    if per_unit is not None and not 0 <= per_unit <= MAX_MINOR:
        raise errors.ValidationError(
            "value_per_unit_minor",
            "Value per unit is what one unit of progress is worth to the customer: it cannot "
            "be negative or larger than a trillion.",
        )
    status = values["status"]
    if status is GoalStatus.ACHIEVED and values.get("achieved_on") is None:
        values["achieved_on"] = m.session_today(session)
    if (
        before is not None
        and status is not GoalStatus.ACHIEVED
        and (before["status"] is GoalStatus.ACHIEVED)
    ):
        values["achieved_on"] = None


def _check_risk(session: Session, values: Values, before: Values | None) -> None:
    raised, resolved = values.get("raised_on"), values.get("resolved_on")
    if raised and resolved and resolved < raised:
        raise errors.ValidationError(
            "resolved_on", "A risk cannot be resolved before it was raised."
        )
    if values.get("raised_on") is None:
        values["raised_on"] = m.session_today(session)
    closed = {RiskStatus.RESOLVED, RiskStatus.ACCEPTED}
    if values["status"] in closed and values.get("resolved_on") is None:
        values["resolved_on"] = m.session_today(session)
    if values["status"] not in closed and before is not None and before["status"] in closed:
        values["resolved_on"] = None


PLAN = Entity(m.SuccessPlan, SuccessPlan, "success plan", _check_plan)
GOAL = Entity(m.Goal, Goal, "goal", _check_goal)
RISK = Entity(m.Risk, Risk, "risk", _check_risk)
MEASUREMENT = Entity(m.GoalMeasurement, GoalMeasurement, "goal measurement")


# --------------------------------------------------------------------------- plans


def create_plan(book: Book, account_id: str, **values: Any) -> SuccessPlan:
    return _create(book, PLAN, {"account_id": account_id, **values})


def update_plan(book: Book, plan_id: str, **changes: Any) -> SuccessPlan:
    return _update(book, PLAN, plan_id, changes)


def delete_plan(book: Book, plan_id: str) -> DeletedRows:
    return _delete(book, PLAN, plan_id)


def get_plan(book: Book, plan_id: str) -> SuccessPlan:
    return _get(book, PLAN, plan_id)


def list_plans(book: Book, account_id: str) -> list[SuccessPlan]:
    with book.read() as session:
        return list_in(
            session,
            PLAN,
            m.SuccessPlan.account_id == account_id,
            order_by=[m.SuccessPlan.period_start.desc(), m.SuccessPlan.created_at.desc()],
        )


def current_plan(book: Book, account_id: str) -> SuccessPlan | None:
    """The account's active plan, else its newest plan, else None."""
    plans = list_plans(book, account_id)
    active = [p for p in plans if p.status is PlanStatus.ACTIVE]
    chosen = active or plans
    return chosen[0] if chosen else None


# --------------------------------------------------------------------------- goals


def create_goal(book: Book, plan_id: str, **values: Any) -> Goal:
    return _create(book, GOAL, {"plan_id": plan_id, **values})


def update_goal(book: Book, goal_id: str, **changes: Any) -> Goal:
    return _update(book, GOAL, goal_id, changes)


def delete_goal(book: Book, goal_id: str) -> DeletedRows:
    return _delete(book, GOAL, goal_id)


def get_goal(book: Book, goal_id: str) -> Goal:
    return _get(book, GOAL, goal_id)


def list_goals(book: Book, plan_id: str) -> list[Goal]:
    with book.read() as session:
        return list_in(
            session,
            GOAL,
            m.Goal.plan_id == plan_id,
            order_by=[m.Goal.due_date.is_(None), m.Goal.due_date, m.Goal.title],
        )


def list_account_goals(book: Book, account_id: str) -> list[Goal]:
    """Goals of every plan of the account."""
    with book.read() as session:
        plan_ids = select(m.SuccessPlan.id).where(m.SuccessPlan.account_id == account_id)
        return list_in(
            session,
            GOAL,
            m.Goal.plan_id.in_(plan_ids),
            order_by=[m.Goal.due_date.is_(None), m.Goal.due_date, m.Goal.title],
        )


@dataclass(frozen=True, slots=True)
class ProgressRecorded:
    """What recording a reading did, so that it can be taken back exactly."""

    measurement: GoalMeasurement
    goal: Goal
    """The goal after the reading (its ``current`` is the reading when it is the newest)."""
    previous_current: float | None
    """The goal's current value before the reading."""


def record_goal_progress(
    book: Book, goal_id: str, value: float, *, on: date | None = None, note: str = ""
) -> GoalMeasurement:
    """Record a reading of the goal's KPI dated ``on`` (default today), in one transaction.

    When it is the newest reading (no other is dated later), it also becomes the goal's
    ``current`` value; an older reading only fills in the history.
    """
    return record_progress(book, goal_id, value, on=on, note=note).measurement


def record_progress(
    book: Book, goal_id: str, value: float, *, on: date | None = None, note: str = ""
) -> ProgressRecorded:
    """:func:`record_goal_progress`, saying also what the goal's current value was before (the
    desktop app's Record Progress, undone by :func:`withdraw_progress`)."""
    with book.write() as session:
        goal = get_obj(session, GOAL, goal_id)
        previous = goal.current
        day = on or m.session_today(session)
        values = {"goal_id": goal_id, "measured_on": day, "value": value, "note": note}
        measurement = create_in(session, MEASUREMENT, values)  # a typed date is checked here
        day = measurement.measured_on
        if day > m.session_today(session):
            raise errors.ValidationError(
                "measured_on", "A measurement cannot be dated after today."
            )
        later = session.scalar(
            select(func.count()).where(
                m.GoalMeasurement.goal_id == goal_id, m.GoalMeasurement.measured_on > day
            )
        )
        if not later:
            goal = update_in(session, GOAL, goal_id, {"current": measurement.value})
        return ProgressRecorded(MEASUREMENT.from_obj(measurement), GOAL.from_obj(goal), previous)


def withdraw_progress(book: Book, recorded: ProgressRecorded) -> DeletedRows:
    """Take back a recorded reading, in one transaction: the reading goes, and the goal's
    current value is what it was before. Returns the capture :func:`reinstate_progress` puts
    back."""
    with book.write() as session:
        get_obj(session, MEASUREMENT, recorded.measurement.id)
        deleted = rows.delete_rows(session, "goal_measurements", [recorded.measurement.id])
        update_in(session, GOAL, recorded.goal.id, {"current": recorded.previous_current})
        return deleted


def reinstate_progress(book: Book, recorded: ProgressRecorded, deleted: DeletedRows) -> None:
    """Put a withdrawn reading back (same id) and make the goal's current value what the
    reading made it, in one transaction."""
    with book.write() as session:
        get_obj(session, GOAL, recorded.goal.id)
        rows.restore_rows(session, deleted)
        update_in(session, GOAL, recorded.goal.id, {"current": recorded.goal.current})


def list_goal_progress(book: Book, goal_id: str) -> list[GoalMeasurement]:
    """The goal's readings, oldest first (readings of one day in the order recorded)."""
    with book.read() as session:
        get_obj(session, GOAL, goal_id)
        return list_in(
            session,
            MEASUREMENT,
            m.GoalMeasurement.goal_id == goal_id,
            order_by=[m.GoalMeasurement.measured_on, m.GoalMeasurement.created_at],
        )


# --------------------------------------------------------------------------- risks


def create_risk(book: Book, account_id: str, **values: Any) -> Risk:
    return _create(book, RISK, {"account_id": account_id, **values})


def update_risk(book: Book, risk_id: str, **changes: Any) -> Risk:
    return _update(book, RISK, risk_id, changes)


def delete_risk(book: Book, risk_id: str) -> DeletedRows:
    return _delete(book, RISK, risk_id)


def get_risk(book: Book, risk_id: str) -> Risk:
    return _get(book, RISK, risk_id)


def list_risks(book: Book, account_id: str, *, open_only: bool = False) -> list[Risk]:
    where: list[Any] = [m.Risk.account_id == account_id]
    if open_only:
        where.append(m.Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]))
    with book.read() as session:
        return list_in(session, RISK, *where, order_by=[m.Risk.raised_on.desc(), m.Risk.title])
