"""Quarterly Business Reviews: the meeting, its attendees and its ordered agenda."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import QbrStatus
from planner.services._crud import Entity, Values, create_in, get_obj, list_in, update_in
from planner.services._crud import delete as _delete
from planner.services._crud import update as _update
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class Qbr:
    id: str
    account_id: str
    title: str
    meeting_date: date
    period_start: date | None
    period_end: date | None
    length_minutes: int
    status: QbrStatus
    objectives: str
    decisions: str
    notes: str
    generated_files: list[str]
    created_at: datetime
    updated_at: datetime
    attendee_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    qbr_id: str
    position: int
    section: str
    title: str
    minutes: int
    owner: str
    notes: str
    talking_points: list[str]


def _check_qbr(_session: Session, values: Values, _before: Values | None) -> None:
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        raise errors.ValidationError("period_end", "The period must end on or after its start.")


QBR = Entity(m.Qbr, Qbr, "QBR", _check_qbr)
AGENDA_ITEM = Entity(m.QbrAgendaItem, AgendaItem, "agenda item")


def _attendees(session: Session, qbr_id: str) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            select(m.QbrAttendee.stakeholder_id)
            .join(m.Stakeholder, m.Stakeholder.id == m.QbrAttendee.stakeholder_id)
            .where(m.QbrAttendee.qbr_id == qbr_id)
            .order_by(m.Stakeholder.name)
        )
    )


def _set_attendees(session: Session, qbr: m.Qbr, stakeholder_ids: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(stakeholder_ids))
    for sid in wanted:
        person = session.get(m.Stakeholder, sid)
        if person is None or person.account_id != qbr.account_id:
            raise errors.ValidationError(
                "attendees", "Attendees must be existing stakeholders of the same account."
            )
    session.execute(
        delete(m.QbrAttendee).where(
            m.QbrAttendee.qbr_id == qbr.id, m.QbrAttendee.stakeholder_id.not_in(wanted)
        )
    )
    have = set(
        session.scalars(select(m.QbrAttendee.stakeholder_id).where(m.QbrAttendee.qbr_id == qbr.id))
    )
    for sid in wanted:
        if sid not in have:
            session.add(m.QbrAttendee(qbr_id=qbr.id, stakeholder_id=sid))
    session.flush()


def _dto(session: Session, obj: m.Qbr) -> Qbr:
    return dataclasses.replace(QBR.from_obj(obj), attendee_ids=_attendees(session, obj.id))


def create_qbr(book: Book, account_id: str, *, attendees: Iterable[str] = (), **values: Any) -> Qbr:
    with book.write() as session:
        obj = create_in(session, QBR, {"account_id": account_id, **values})
        _set_attendees(session, obj, attendees)
        return _dto(session, obj)


def update_qbr(
    book: Book, qbr_id: str, *, attendees: Iterable[str] | None = None, **changes: Any
) -> Qbr:
    with book.write() as session:
        obj = update_in(session, QBR, qbr_id, changes)
        if attendees is not None:
            _set_attendees(session, obj, attendees)
        return _dto(session, obj)


def delete_qbr(book: Book, qbr_id: str) -> DeletedRows:
    return _delete(book, QBR, qbr_id)


def get_qbr(book: Book, qbr_id: str) -> Qbr:
    with book.read() as session:
        return _dto(session, get_obj(session, QBR, qbr_id))


def list_qbrs(book: Book, account_id: str) -> list[Qbr]:
    """The account's QBRs, newest meeting first."""
    with book.read() as session:
        items = list_in(
            session, QBR, m.Qbr.account_id == account_id, order_by=[m.Qbr.meeting_date.desc()]
        )
        return [dataclasses.replace(q, attendee_ids=_attendees(session, q.id)) for q in items]


# --------------------------------------------------------------------------- agenda


def list_agenda(book: Book, qbr_id: str) -> list[AgendaItem]:
    with book.read() as session:
        return list_in(
            session, AGENDA_ITEM, m.QbrAgendaItem.qbr_id == qbr_id,
            order_by=[m.QbrAgendaItem.position, m.QbrAgendaItem.created_at],
        )  # fmt: skip


def add_agenda_item(book: Book, qbr_id: str, **values: Any) -> AgendaItem:
    """Append an item (or insert it at ``position``, shifting the ones after it)."""
    with book.write() as session:
        get_obj(session, QBR, qbr_id)
        count = session.scalar(select(func.count()).where(m.QbrAgendaItem.qbr_id == qbr_id)) or 0
        position = values.pop("position", count)
        if not isinstance(position, int) or isinstance(position, bool):
            raise errors.ValidationError("position", "Position must be a whole number.")
        position = max(0, min(position, count))
        for item in session.scalars(
            select(m.QbrAgendaItem).where(
                m.QbrAgendaItem.qbr_id == qbr_id, m.QbrAgendaItem.position >= position
            )
        ):
            item.position += 1
        obj = create_in(session, AGENDA_ITEM, {"qbr_id": qbr_id, "position": position, **values})
        return AGENDA_ITEM.from_obj(obj)


def update_agenda_item(book: Book, item_id: str, **changes: Any) -> AgendaItem:
    return _update(book, AGENDA_ITEM, item_id, changes)


def delete_agenda_item(book: Book, item_id: str) -> DeletedRows:
    with book.write() as session:
        obj = get_obj(session, AGENDA_ITEM, item_id)
        qbr_id = obj.qbr_id
        deleted = rows.delete_rows(session, "qbr_agenda_items", [item_id])
        _renumber(session, qbr_id)
        return deleted


def reorder_agenda(book: Book, qbr_id: str, item_ids: Sequence[str]) -> list[AgendaItem]:
    """Put the agenda in the given order (every item of the QBR, each once)."""
    with book.write() as session:
        items = {
            i.id: i
            for i in session.scalars(
                select(m.QbrAgendaItem).where(m.QbrAgendaItem.qbr_id == qbr_id)
            )
        }
        if sorted(items) != sorted(item_ids):
            raise errors.ConflictError(
                "The agenda changed since it was shown. Refresh it and move the items again."
            )
        for position, item_id in enumerate(item_ids):
            items[item_id].position = position
        session.flush()
        return list_in(
            session, AGENDA_ITEM, m.QbrAgendaItem.qbr_id == qbr_id,
            order_by=[m.QbrAgendaItem.position],
        )  # fmt: skip


def _renumber(session: Session, qbr_id: str) -> None:
    ordered = session.scalars(
        select(m.QbrAgendaItem)
        .where(m.QbrAgendaItem.qbr_id == qbr_id)
        .order_by(m.QbrAgendaItem.position, m.QbrAgendaItem.created_at)
    )
    for position, item in enumerate(ordered):
        item.position = position
