"""Accounts: the customer companies of a book, their lifecycle history and ARR.

An account's ARR is the sum of its revenue events. Creating an account with an ARR records a
``new`` revenue event; editing the ARR later records an expansion or contraction dated today,
so portfolio metrics (NRR, GRR) always agree with what the account page shows. Changing the
lifecycle stage appends to the stage history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import LifecycleStage, RevenueKind, Tier
from planner.services._crud import Entity, Values, create_in, get_obj, list_in, update_in
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str
    crm_id: str | None
    tier: Tier
    industry: str
    region: str
    employee_count: int | None
    lifecycle_stage: LifecycleStage
    arr_minor: int
    currency: str
    contract_start: date | None
    renewal_date: date | None
    owner: str
    strategic: bool
    notes: str
    archived: bool
    website: str
    csm_sentiment: int | None
    csm_sentiment_note: str
    csm_sentiment_on: date | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StageChange:
    id: str
    account_id: str
    stage: LifecycleStage
    changed_on: date
    note: str


def _check_account(session: Session, values: Values, before: Values | None) -> None:
    start, renewal = values.get("contract_start"), values.get("renewal_date")
    if start and renewal and renewal < start:
        raise errors.ValidationError(
            "renewal_date", "The renewal date must be on or after the contract start."
        )
    if values.get("arr_minor", 0) < 0:
        raise errors.ValidationError("arr_minor", "ARR cannot be negative.")
    crm_id = values.get("crm_id")
    if crm_id:
        clash = session.scalar(
            select(m.Account.name).where(m.Account.crm_id == crm_id, m.Account.id != values["id"])
        )
        if clash is not None:
            raise errors.ValidationError(
                "crm_id", f"CRM id {crm_id} is already used by {clash}. CRM ids must be unique."
            )
    if before and before["currency"] != values["currency"]:
        has_revenue = session.scalar(
            select(func.count()).where(m.RevenueEvent.account_id == values["id"])
        )
        if has_revenue:
            raise errors.ValidationError(
                "currency",
                "The currency cannot change once revenue is recorded in it. Record a churn "
                "and a new account in the other currency instead.",
            )
    if values.get("csm_sentiment") is not None and not values.get("csm_sentiment_on"):
        values["csm_sentiment_on"] = m.session_today(session)


ACCOUNT = Entity(m.Account, Account, "account", _check_account)
STAGE_CHANGE = Entity(m.StageChange, StageChange, "stage change")


def create_account(book: Book, **values: Any) -> Account:
    """Create an account. ``arr_minor`` (if given) is recorded as a ``new`` revenue event."""
    arr = values.pop("arr_minor", 0) or 0
    if isinstance(arr, bool) or not isinstance(arr, int) or arr < 0:
        raise errors.ValidationError("arr_minor", "ARR must be a whole, non-negative amount.")
    with book.write() as session:
        account = create_in(session, ACCOUNT, values)
        start = account.contract_start or m.session_today(session)
        session.add(
            m.StageChange(account_id=account.id, stage=account.lifecycle_stage, changed_on=start)
        )
        if arr:
            session.add(
                m.RevenueEvent(
                    account_id=account.id,
                    occurred_on=start,
                    kind=RevenueKind.NEW,
                    arr_delta_minor=arr,
                    currency=account.currency,
                    note="Initial ARR",
                )
            )
            account.arr_minor = arr
        session.flush()
        return ACCOUNT.from_obj(account)


def update_account(book: Book, account_id: str, **changes: Any) -> Account:
    """Edit an account. A new stage is added to the history; an ARR edit is recorded as a
    revenue event dated today."""
    new_arr = changes.pop("arr_minor", None)
    with book.write() as session:
        before = get_obj(session, ACCOUNT, account_id)
        old_stage = before.lifecycle_stage
        account = update_in(session, ACCOUNT, account_id, changes)
        today = m.session_today(session)
        if account.lifecycle_stage != old_stage:
            session.add(
                m.StageChange(
                    account_id=account.id, stage=account.lifecycle_stage, changed_on=today
                )
            )
        if new_arr is not None:
            _record_arr_edit(session, account, new_arr, today)
        session.flush()
        return ACCOUNT.from_obj(account)


def _record_arr_edit(session: Session, account: m.Account, new_arr: Any, today: date) -> None:
    if isinstance(new_arr, bool) or not isinstance(new_arr, int) or new_arr < 0:
        raise errors.ValidationError("arr_minor", "ARR must be a whole, non-negative amount.")
    delta = new_arr - account.arr_minor
    if not delta:
        return
    session.add(
        m.RevenueEvent(
            account_id=account.id,
            occurred_on=today,
            kind=RevenueKind.EXPANSION if delta > 0 else RevenueKind.CONTRACTION,
            arr_delta_minor=delta,
            currency=account.currency,
            note="ARR edited on the account",
        )
    )
    account.arr_minor = new_arr


def recompute_arr(session: Session, account_id: str) -> int:
    """Set the account's ARR to the sum of its revenue events (never below zero)."""
    total = session.scalar(
        select(func.coalesce(func.sum(m.RevenueEvent.arr_delta_minor), 0)).where(
            m.RevenueEvent.account_id == account_id
        )
    )
    account = session.get(m.Account, account_id)
    if account is not None:
        account.arr_minor = max(int(total or 0), 0)
        return account.arr_minor
    return 0


def set_archived(book: Book, account_id: str, *, archived: bool) -> Account:
    return update_account(book, account_id, archived=archived)


def get_account(book: Book, account_id: str) -> Account:
    return _get(book, ACCOUNT, account_id)


def list_accounts(book: Book, *, include_archived: bool = False) -> list[Account]:
    where = [] if include_archived else [m.Account.archived.is_(False)]
    with book.read() as session:
        return list_in(session, ACCOUNT, *where, order_by=[m.Account.name])


def find_account(book: Book, name_or_id: str) -> Account:
    """The account with this id, CRM id or name (exact, then unique case-insensitive prefix)."""
    key = name_or_id.strip()
    if not key:
        raise errors.ValidationError("account", "Give an account name or id.")
    with book.read() as session:
        found = list_in(
            session,
            ACCOUNT,
            or_(m.Account.id == key, m.Account.crm_id == key, m.Account.name == key),
        )
        if len(found) == 1:
            return found[0]
        if not found:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found = list_in(
                session,
                ACCOUNT,
                m.Account.name.ilike(escaped + "%", escape="\\"),
                order_by=[m.Account.name],
            )
            if len(found) == 1:
                return found[0]
    if not found:
        raise errors.NotFoundError(
            f"No account is called {key!r}. Check the spelling, or list them with "
            "'planner accounts BOOK'."
        )
    names = ", ".join(a.name for a in found[:5])
    raise errors.NotFoundError(
        f"{len(found)} accounts match {key!r} ({names}{', ...' if len(found) > 5 else ''}). "
        "Use the full name or the id."
    )


def stage_history(book: Book, account_id: str) -> list[StageChange]:
    with book.read() as session:
        return list_in(
            session,
            STAGE_CHANGE,
            m.StageChange.account_id == account_id,
            order_by=[m.StageChange.changed_on, m.StageChange.created_at],
        )


def delete_account(book: Book, account_id: str) -> DeletedRows:
    """Delete an account and everything in it; the result can be passed to ``restore``."""
    return _delete(book, ACCOUNT, account_id)
