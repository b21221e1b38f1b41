"""Action items: tasks with an owner and a date, per account and across the book (My Work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import ActionStatus, ActionType, Priority
from planner.domain.worklist import WorkGroup, work_group
from planner.services._crud import Entity, Values, list_in, require_same_account
from planner.services._crud import create as _create
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.services._crud import update as _update
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str
    account_id: str
    goal_id: str | None
    risk_id: str | None
    qbr_id: str | None
    title: str
    description: str
    owner_name: str
    owner_stakeholder_id: str | None
    due_date: date | None
    status: ActionStatus
    priority: Priority
    type: ActionType
    completed_on: date | None
    snoozed_until: date | None
    crm_id: str | None
    created_at: datetime
    updated_at: datetime

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due_date is not None and self.due_date < today


@dataclass(frozen=True, slots=True)
class WorkItem:
    """An open action with its account, for lists that span the book."""

    action: ActionItem
    account_name: str
    group: WorkGroup


def _check_action(session: Session, values: Values, before: Values | None) -> None:
    account_id = values["account_id"]
    require_same_account(session, m.Risk, values.get("risk_id"), account_id, "risk_id")
    require_same_account(session, m.Qbr, values.get("qbr_id"), account_id, "qbr_id")
    require_same_account(
        session,
        m.Stakeholder,
        values.get("owner_stakeholder_id"),
        account_id,
        "owner_stakeholder_id",
    )
    goal_id = values.get("goal_id")
    if goal_id is not None:
        plan_account = session.scalar(
            select(m.SuccessPlan.account_id)
            .join(m.Goal, m.Goal.plan_id == m.SuccessPlan.id)
            .where(m.Goal.id == goal_id)
        )
        if plan_account != account_id:
            raise errors.ValidationError("goal_id", "The goal belongs to another account.")
    status = values["status"]
    if status is ActionStatus.DONE and values.get("completed_on") is None:
        values["completed_on"] = m.session_today(session)
    if status.is_open:
        values["completed_on"] = None
    snoozed = values.get("snoozed_until")
    changed = before is None or snoozed != before.get("snoozed_until")
    if snoozed is not None and changed and snoozed <= m.session_today(session):
        raise errors.ValidationError("snoozed_until", "Snooze until a day after today.")


ACTION = Entity(m.ActionItem, ActionItem, "action item", _check_action)


def create_action(book: Book, account_id: str, **values: Any) -> ActionItem:
    return _create(book, ACTION, {"account_id": account_id, **values})


def update_action(book: Book, action_id: str, **changes: Any) -> ActionItem:
    return _update(book, ACTION, action_id, changes)


def delete_action(book: Book, action_id: str) -> DeletedRows:
    return _delete(book, ACTION, action_id)


def get_action(book: Book, action_id: str) -> ActionItem:
    return _get(book, ACTION, action_id)


def mark_done(book: Book, action_id: str, *, on: date | None = None) -> ActionItem:
    return update_action(
        book, action_id, status=ActionStatus.DONE, completed_on=on or book.clock.today()
    )


def reopen(book: Book, action_id: str) -> ActionItem:
    return update_action(book, action_id, status=ActionStatus.OPEN)


def snooze(book: Book, action_id: str, *, days: int = 7, until: date | None = None) -> ActionItem:
    """Hide an open action from My Work until a later day (default: a week from today)."""
    if until is None:
        if days < 1:
            raise errors.ValidationError("snoozed_until", "Snooze for at least one day.")
        until = book.clock.today() + timedelta(days=days)
    return update_action(book, action_id, snoozed_until=until)


def list_actions(
    book: Book, account_id: str, *, statuses: tuple[ActionStatus, ...] | None = None
) -> list[ActionItem]:
    where: list[Any] = [m.ActionItem.account_id == account_id]
    if statuses:
        where.append(m.ActionItem.status.in_(statuses))
    with book.read() as session:
        return list_in(
            session,
            ACTION,
            *where,
            order_by=[m.ActionItem.due_date.is_(None), m.ActionItem.due_date, m.ActionItem.title],
        )


def list_goal_actions(book: Book, goal_id: str) -> list[ActionItem]:
    """The actions linked to a goal: open ones first, soonest due first."""
    with book.read() as session:
        return list_in(
            session,
            ACTION,
            m.ActionItem.goal_id == goal_id,
            order_by=[
                m.ActionItem.status.not_in(OPEN_STATUSES),
                m.ActionItem.due_date.is_(None),
                m.ActionItem.due_date,
                m.ActionItem.title,
            ],
        )


@dataclass(frozen=True, slots=True)
class OpenCount:
    """How many actions are open: the one count the Portfolio tile and My Work both show."""

    open: int
    """Open, in progress or blocked, on accounts that are not archived (snoozed included)."""
    snoozed: int
    """Of those, how many are snoozed past today (My Work hides them unless asked)."""

    @property
    def awake(self) -> int:
        """The open actions My Work lists without "Show snoozed"."""
        return self.open - self.snoozed

    def snoozed_text(self) -> str:
        """``2 snoozed`` (empty when none are)."""
        return f"{self.snoozed:,} snoozed" if self.snoozed else ""


def _open_where(owner: str | None, person: str | None) -> list[Any]:
    """The conditions of open work that My Work's list and its count share."""
    where: list[Any] = [m.ActionItem.status.in_(OPEN_STATUSES), m.Account.archived.is_(False)]
    if owner:
        where.append(m.ActionItem.owner_name == owner)
    if person and person.strip():
        who = person.strip().lower()
        nobody = (func.trim(m.ActionItem.owner_name) == "") & (
            m.ActionItem.owner_stakeholder_id.is_(None)
        )
        where.append(
            (func.lower(func.trim(m.ActionItem.owner_name)) == who)
            | (nobody & (func.lower(func.trim(m.Account.owner)) == who))
        )
    return where


def open_count_in(
    session: Session, day: date, *, owner: str | None = None, person: str | None = None
) -> OpenCount:
    """:class:`OpenCount` on ``day``, inside an open read (``owner`` and ``person`` as for
    :func:`my_work`)."""
    snoozed = m.ActionItem.snoozed_until.is_not(None) & (m.ActionItem.snoozed_until > day)
    stmt = (
        select(func.count(), func.coalesce(func.sum(case((snoozed, 1), else_=0)), 0))
        .select_from(m.ActionItem)
        .join(m.Account, m.Account.id == m.ActionItem.account_id)
        .where(*_open_where(owner, person))
    )
    total, hidden = session.execute(stmt).one()
    return OpenCount(int(total), int(hidden))


def open_count(
    book: Book, *, today: date | None = None, owner: str | None = None, person: str | None = None
) -> OpenCount:
    """How many actions are open across the book (or one person's), and how many are snoozed."""
    day = today or book.clock.today()
    with book.read() as session:
        return open_count_in(session, day, owner=owner, person=person)


def account_owners(book: Book) -> list[str]:
    """The CSMs who own the book's active accounts, by name."""
    with book.read() as session:
        names = session.scalars(
            select(func.trim(m.Account.owner)).where(m.Account.archived.is_(False)).distinct()
        ).all()
    return sorted({n for n in names if n}, key=str.casefold)


def my_work(
    book: Book,
    *,
    today: date | None = None,
    owner: str | None = None,
    include_snoozed: bool = False,
    person: str | None = None,
) -> list[WorkItem]:
    """Open actions across all active accounts, each with its group (overdue, today, ...).

    ``owner``: only the actions with exactly that owner. ``person``: a person's work, the
    actions they own and the actions nobody owns on the accounts they own (names compared
    without regard to case or surrounding spaces)."""
    day = today or book.clock.today()
    where = _open_where(owner, person)
    if not include_snoozed:
        where.append((m.ActionItem.snoozed_until.is_(None)) | (m.ActionItem.snoozed_until <= day))
    stmt = (
        ACTION.select()
        .add_columns(m.Account.name.label("account_name"))
        .join(m.Account, m.Account.id == m.ActionItem.account_id)
        .where(*where)
        .order_by(m.ActionItem.due_date.is_(None), m.ActionItem.due_date, m.Account.name)
    )
    with book.read() as session:
        result = []
        for row in session.execute(stmt).mappings():
            action = ACTION.from_row(row)
            result.append(WorkItem(action, row["account_name"], work_group(action.due_date, day)))
        return result
