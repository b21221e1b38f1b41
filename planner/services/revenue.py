"""Expansion opportunities and the revenue events that move an account's ARR.

Every write to revenue events recomputes the account's ARR as the sum of its events, in the
same transaction, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import OpportunityKind, OpportunityStage, OpportunityStatus, RevenueKind
from planner.services._crud import Entity, Values, create_in, get_obj, list_in, update_in
from planner.services._crud import create as _create
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.services._crud import update as _update
from planner.services.accounts import recompute_arr
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class Opportunity:
    id: str
    account_id: str
    title: str
    kind: OpportunityKind
    product: str
    amount_minor: int
    currency: str
    stage: OpportunityStage
    expected_close: date | None
    status: OpportunityStatus
    closed_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RevenueEvent:
    id: str
    account_id: str
    occurred_on: date
    kind: RevenueKind
    arr_delta_minor: int
    currency: str
    note: str
    crm_id: str | None
    created_at: datetime
    updated_at: datetime


def _account_currency(session: Session, account_id: str) -> str:
    currency = session.scalar(select(m.Account.currency).where(m.Account.id == account_id))
    if currency is None:
        raise errors.ValidationError("account_id", "The account no longer exists.")
    return currency


def _check_opportunity(session: Session, values: Values, _before: Values | None) -> None:
    values["currency"] = _account_currency(session, values["account_id"])
    status = values["status"]
    if status is not OpportunityStatus.OPEN:
        values["stage"] = OpportunityStage.CLOSED
        if values.get("closed_on") is None:
            values["closed_on"] = m.session_today(session)
    else:
        values["closed_on"] = None
        if values["stage"] is OpportunityStage.CLOSED:
            values["stage"] = OpportunityStage.NEGOTIATION


_SIGN_RULES = {
    RevenueKind.NEW: (1, "A new-business event must add ARR (a positive amount)."),
    RevenueKind.EXPANSION: (1, "An expansion must add ARR (a positive amount)."),
    RevenueKind.CONTRACTION: (-1, "A contraction must reduce ARR (a negative amount)."),
    RevenueKind.CHURN: (-1, "A churn must remove ARR (a negative amount, or zero)."),
}


def _check_event(session: Session, values: Values, _before: Values | None) -> None:
    currency = _account_currency(session, values["account_id"])
    if values.get("currency") != currency:
        values["currency"] = currency
    rule = _SIGN_RULES.get(values["kind"])
    delta = values["arr_delta_minor"]
    if rule is not None:
        sign, message = rule
        strict = values["kind"] is not RevenueKind.CHURN
        if delta * sign < 0 or (strict and delta == 0):
            raise errors.ValidationError("arr_delta_minor", message)


OPPORTUNITY = Entity(m.Opportunity, Opportunity, "opportunity", _check_opportunity)
REVENUE_EVENT = Entity(m.RevenueEvent, RevenueEvent, "revenue event", _check_event)


# --------------------------------------------------------------------------- opportunities


def create_opportunity(book: Book, account_id: str, **values: Any) -> Opportunity:
    return _create(book, OPPORTUNITY, {"account_id": account_id, **values})


def update_opportunity(book: Book, opportunity_id: str, **changes: Any) -> Opportunity:
    return _update(book, OPPORTUNITY, opportunity_id, changes)


def delete_opportunity(book: Book, opportunity_id: str) -> DeletedRows:
    return _delete(book, OPPORTUNITY, opportunity_id)


def get_opportunity(book: Book, opportunity_id: str) -> Opportunity:
    return _get(book, OPPORTUNITY, opportunity_id)


def list_opportunities(book: Book, account_id: str) -> list[Opportunity]:
    with book.read() as session:
        return list_in(
            session,
            OPPORTUNITY,
            m.Opportunity.account_id == account_id,
            order_by=[m.Opportunity.status, m.Opportunity.expected_close, m.Opportunity.title],
        )


# --------------------------------------------------------------------------- revenue events


def create_event(book: Book, account_id: str, **values: Any) -> RevenueEvent:
    """Record an ARR change; the account's ARR is recomputed from all its events."""
    with book.write() as session:
        obj = create_in(session, REVENUE_EVENT, {"account_id": account_id, **values})
        _guard_negative_arr(session, account_id)
        return REVENUE_EVENT.from_obj(obj)


def update_event(book: Book, event_id: str, **changes: Any) -> RevenueEvent:
    with book.write() as session:
        obj = update_in(session, REVENUE_EVENT, event_id, changes)
        _guard_negative_arr(session, obj.account_id)
        return REVENUE_EVENT.from_obj(obj)


def delete_event(book: Book, event_id: str) -> DeletedRows:
    with book.write() as session:
        account_id = get_obj(session, REVENUE_EVENT, event_id).account_id
        deleted = rows.delete_rows(session, "revenue_events", [event_id])
        _guard_negative_arr(session, account_id)
        return deleted


def _guard_negative_arr(session: Session, account_id: str) -> None:
    total = session.scalar(
        select(func.coalesce(func.sum(m.RevenueEvent.arr_delta_minor), 0)).where(
            m.RevenueEvent.account_id == account_id
        )
    )
    if total is not None and total < 0:
        raise errors.ValidationError(
            "arr_delta_minor",
            "That change would take the account's ARR below zero. Check the amount.",
        )
    recompute_arr(session, account_id)


def get_event(book: Book, event_id: str) -> RevenueEvent:
    return _get(book, REVENUE_EVENT, event_id)


def list_events(book: Book, account_id: str) -> list[RevenueEvent]:
    """The account's revenue events, oldest first."""
    with book.read() as session:
        return list_in(
            session,
            REVENUE_EVENT,
            m.RevenueEvent.account_id == account_id,
            order_by=[m.RevenueEvent.occurred_on, m.RevenueEvent.created_at],
        )


def arr_on(book: Book, account_id: str, day: date) -> int:
    """The account's ARR at the end of ``day``, from its revenue events."""
    with book.read() as session:
        total = session.scalar(
            select(func.coalesce(func.sum(m.RevenueEvent.arr_delta_minor), 0)).where(
                m.RevenueEvent.account_id == account_id, m.RevenueEvent.occurred_on <= day
            )
        )
    return int(total or 0)
