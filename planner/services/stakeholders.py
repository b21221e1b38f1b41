"""Stakeholders, their sentiment history and the org chart (reports-to)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.coverage import Coverage, assess_coverage
from planner.domain.enums import Side, StakeholderRole
from planner.services._crud import Entity, Values, create_in, get_obj, list_in, update_in
from planner.services._crud import delete as _delete
from planner.services._crud import get as _get
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Stakeholder:
    id: str
    account_id: str
    name: str
    job_title: str
    email: str
    phone: str
    side: Side
    role: StakeholderRole
    influence: int
    sentiment: int
    sentiment_on: date | None
    reports_to_id: str | None
    last_contact: date | None
    left_company: bool
    left_on: date | None
    notes: str
    crm_id: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SentimentEntry:
    id: str
    stakeholder_id: str
    recorded_on: date
    sentiment: int
    note: str


def _check_stakeholder(session: Session, values: Values, before: Values | None) -> None:
    email = values.get("email") or ""
    if email and not _EMAIL.match(email):
        raise errors.ValidationError(
            "email", f"{email[:60]!r} does not look like an email address (name@company.com)."
        )
    boss_id = values.get("reports_to_id")
    if boss_id is not None:
        if boss_id == values.get("id"):
            raise errors.ValidationError("reports_to_id", "A person cannot report to themselves.")
        boss = session.get(m.Stakeholder, boss_id)
        if boss is None or boss.account_id != values["account_id"]:
            raise errors.ValidationError(
                "reports_to_id", "The manager must be a stakeholder of the same account."
            )
        seen = {values.get("id")}
        while boss is not None and boss.reports_to_id is not None:
            if boss.reports_to_id in seen:
                raise errors.ValidationError(
                    "reports_to_id",
                    f"{boss.name} already reports (directly or not) to this person; the org "
                    "chart cannot go round in a circle.",
                )
            seen.add(boss.id)
            boss = session.get(m.Stakeholder, boss.reports_to_id)
    if values.get("left_company") and values.get("left_on") is None:
        values["left_on"] = m.session_today(session)
    if not values.get("left_company"):
        values["left_on"] = None
    # A new sentiment is dated today unless a date comes with it (a new person's too).
    if before is None:
        if values.get("sentiment_on") is None:
            values["sentiment_on"] = m.session_today(session)
    elif before["sentiment"] != values["sentiment"] and values.get("sentiment_on") == before.get(
        "sentiment_on"
    ):
        values["sentiment_on"] = m.session_today(session)


STAKEHOLDER = Entity(m.Stakeholder, Stakeholder, "stakeholder", _check_stakeholder)
SENTIMENT = Entity(m.StakeholderSentiment, SentimentEntry, "sentiment entry")


def create_stakeholder(book: Book, account_id: str, **values: Any) -> Stakeholder:
    """Add a person. Their first sentiment starts the sentiment history."""
    with book.write() as session:
        return STAKEHOLDER.from_obj(create_stakeholder_in(session, account_id, values))


def create_stakeholder_in(session: Session, account_id: str, values: Values) -> m.Stakeholder:
    """:func:`create_stakeholder` inside an open unit of work."""
    person = create_in(session, STAKEHOLDER, {"account_id": account_id, **values})
    session.add(
        m.StakeholderSentiment(
            stakeholder_id=person.id,
            recorded_on=person.sentiment_on or m.session_today(session),
            sentiment=person.sentiment,
        )
    )
    return person


def update_stakeholder(
    book: Book, stakeholder_id: str, *, sentiment_note: str = "", **changes: Any
) -> Stakeholder:
    """Edit a person. A new sentiment value is appended to their history (with the note)."""
    with book.write() as session:
        old = get_obj(session, STAKEHOLDER, stakeholder_id).sentiment
        person = update_in(session, STAKEHOLDER, stakeholder_id, changes)
        if person.sentiment != old:
            session.add(
                m.StakeholderSentiment(
                    stakeholder_id=person.id,
                    recorded_on=person.sentiment_on or m.session_today(session),
                    sentiment=person.sentiment,
                    note=sentiment_note.strip()[:2000],
                )
            )
        return STAKEHOLDER.from_obj(person)


def delete_stakeholder(book: Book, stakeholder_id: str) -> DeletedRows:
    return _delete(book, STAKEHOLDER, stakeholder_id)


def get_stakeholder(book: Book, stakeholder_id: str) -> Stakeholder:
    return _get(book, STAKEHOLDER, stakeholder_id)


def list_stakeholders(book: Book, account_id: str) -> list[Stakeholder]:
    with book.read() as session:
        return list_in(
            session,
            STAKEHOLDER,
            m.Stakeholder.account_id == account_id,
            order_by=[m.Stakeholder.side, m.Stakeholder.influence.desc(), m.Stakeholder.name],
        )


def sentiment_history(book: Book, stakeholder_id: str) -> list[SentimentEntry]:
    with book.read() as session:
        return list_in(
            session,
            SENTIMENT,
            m.StakeholderSentiment.stakeholder_id == stakeholder_id,
            order_by=[m.StakeholderSentiment.recorded_on, m.StakeholderSentiment.created_at],
        )


def add_sentiment(
    book: Book, stakeholder_id: str, sentiment: int, *, on: date | None = None, note: str = ""
) -> Stakeholder:
    """Record a sentiment reading dated ``on`` (default today) with an optional note."""
    day = on or book.clock.today()
    return update_stakeholder(
        book, stakeholder_id, sentiment=sentiment, sentiment_on=day, sentiment_note=note
    )


def coverage(book: Book, account_id: str) -> Coverage:
    """Executive sponsor / champion / positive contacts, and the single-threaded verdict."""
    return assess_coverage(list_stakeholders(book, account_id))
