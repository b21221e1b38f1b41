"""Quarterly Business Reviews: the meeting, its attendees and its ordered agenda."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.enums import ActionType, LifecycleStage, Priority, QbrStatus
from planner.services._crud import Entity, Values, create_in, get_obj, list_in, update_in
from planner.services._crud import delete as _delete
from planner.services._crud import update as _update
from planner.services.actions import ACTION, ActionItem
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
    asks: str = ""
    """What we ask of the customer or want decided at the meeting, one per line (shown on the
    executive summary and the asks slide of the deck)."""


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
            session,
            AGENDA_ITEM,
            m.QbrAgendaItem.qbr_id == qbr_id,
            order_by=[m.QbrAgendaItem.position, m.QbrAgendaItem.created_at],
        )


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
            session,
            AGENDA_ITEM,
            m.QbrAgendaItem.qbr_id == qbr_id,
            order_by=[m.QbrAgendaItem.position],
        )


def _renumber(session: Session, qbr_id: str) -> None:
    ordered = session.scalars(
        select(m.QbrAgendaItem)
        .where(m.QbrAgendaItem.qbr_id == qbr_id)
        .order_by(m.QbrAgendaItem.position, m.QbrAgendaItem.created_at)
    )
    for position, item in enumerate(ordered):
        item.position = position


# --------------------------------------------------------------------------- whole agendas


@dataclass(frozen=True, slots=True)
class QbrWithAgenda:
    qbr: Qbr
    items: list[AgendaItem]


@dataclass(frozen=True, slots=True)
class AgendaReplaced:
    """The new agenda, and what it replaced (pass ``removed`` to :func:`swap_agenda` to undo)."""

    items: list[AgendaItem]
    removed: DeletedRows


def _ordered_items(session: Session, qbr_id: str) -> list[AgendaItem]:
    return list_in(
        session,
        AGENDA_ITEM,
        m.QbrAgendaItem.qbr_id == qbr_id,
        order_by=[m.QbrAgendaItem.position, m.QbrAgendaItem.created_at],
    )


def _add_items(session: Session, qbr_id: str, items: Sequence[Mapping[str, Any]]) -> None:
    for position, values in enumerate(items):
        clean = {k: v for k, v in values.items() if k not in {"position", "qbr_id", "id"}}
        create_in(session, AGENDA_ITEM, {**clean, "qbr_id": qbr_id, "position": position})


def create_qbr_with_agenda(
    book: Book,
    account_id: str,
    *,
    items: Sequence[Mapping[str, Any]] = (),
    attendees: Iterable[str] = (),
    **values: Any,
) -> QbrWithAgenda:
    """Save a new QBR with its attendees and agenda in one unit of work."""
    with book.write() as session:
        obj = create_in(session, QBR, {"account_id": account_id, **values})
        _set_attendees(session, obj, attendees)
        _add_items(session, obj.id, items)
        return QbrWithAgenda(_dto(session, obj), _ordered_items(session, obj.id))


def replace_agenda(book: Book, qbr_id: str, items: Sequence[Mapping[str, Any]]) -> AgendaReplaced:
    """Put a new agenda in place of the QBR's current one (e.g. after generating again)."""
    with book.write() as session:
        get_obj(session, QBR, qbr_id)
        old_ids = list(
            session.scalars(select(m.QbrAgendaItem.id).where(m.QbrAgendaItem.qbr_id == qbr_id))
        )
        removed = rows.delete_rows(session, "qbr_agenda_items", old_ids)
        _add_items(session, qbr_id, items)
        return AgendaReplaced(_ordered_items(session, qbr_id), removed)


def swap_agenda(book: Book, qbr_id: str, restore: DeletedRows) -> AgendaReplaced:
    """Remove the QBR's current agenda and put back an earlier one (same ids): undo/redo of
    :func:`replace_agenda`."""
    with book.write() as session:
        get_obj(session, QBR, qbr_id)
        if any(t != "qbr_agenda_items" or r.get("qbr_id") != qbr_id for t, r in restore.rows):
            raise errors.ConflictError("Those agenda items belong to another QBR.")
        current = list(
            session.scalars(select(m.QbrAgendaItem.id).where(m.QbrAgendaItem.qbr_id == qbr_id))
        )
        removed = rows.delete_rows(session, "qbr_agenda_items", current)
        rows.restore_rows(session, restore)
        return AgendaReplaced(_ordered_items(session, qbr_id), removed)


def set_minutes(book: Book, qbr_id: str, minutes: Mapping[str, int]) -> list[AgendaItem]:
    """Change the time boxes of several items at once (e.g. to fit the meeting length)."""
    with book.write() as session:
        for item_id, value in minutes.items():
            item = get_obj(session, AGENDA_ITEM, item_id)
            if item.qbr_id != qbr_id:
                raise errors.ConflictError("That agenda item belongs to another QBR.")
            update_in(session, AGENDA_ITEM, item_id, {"minutes": value})
        return _ordered_items(session, qbr_id)


# --------------------------------------------------------------------------- commitments


def add_commitment(
    book: Book,
    qbr_id: str,
    *,
    title: str,
    owner_name: str = "",
    owner_stakeholder_id: str | None = None,
    due_date: date | None = None,
    priority: Priority = Priority.MEDIUM,
) -> ActionItem:
    """A commitment agreed in the meeting: an action item of the account linked to the QBR."""
    with book.write() as session:
        qbr = get_obj(session, QBR, qbr_id)
        obj = create_in(
            session,
            ACTION,
            {
                "account_id": qbr.account_id,
                "qbr_id": qbr_id,
                "title": title,
                "owner_name": owner_name,
                "owner_stakeholder_id": owner_stakeholder_id,
                "due_date": due_date,
                "priority": priority,
                "type": ActionType.FOLLOW_UP,
            },
        )
        return ACTION.from_obj(obj)


def list_commitments(book: Book, qbr_id: str) -> list[ActionItem]:
    """The action items agreed at this QBR, by due date."""
    with book.read() as session:
        return list_in(
            session,
            ACTION,
            m.ActionItem.qbr_id == qbr_id,
            order_by=[
                m.ActionItem.due_date.is_(None),
                m.ActionItem.due_date,
                m.ActionItem.created_at,
            ],
        )


def record_generated_files(book: Book, qbr_id: str, paths: Iterable[str]) -> Qbr:
    """Remember files exported for this QBR (newest last, no duplicates, at most 50)."""
    with book.write() as session:
        obj = get_obj(session, QBR, qbr_id)
        known = [p for p in (obj.generated_files or []) if p not in set(paths)]
        obj.generated_files = [*known, *dict.fromkeys(paths)][-50:]
        session.flush()
        return _dto(session, obj)


# --------------------------------------------------------------------------- due reviews


@dataclass(frozen=True, slots=True)
class DueReview:
    """An account with a QBR or a renewal in the coming days (for batch exports)."""

    account_id: str
    account_name: str
    qbr: Qbr | None
    """The planned QBR in the window, if there is one."""
    renewal_date: date | None

    @property
    def meeting_date(self) -> date | None:
        return self.qbr.meeting_date if self.qbr is not None else None

    @property
    def reason(self) -> str:
        parts = []
        if self.qbr is not None:
            parts.append(f"QBR on {fmt.day(self.qbr.meeting_date)}")
        if self.renewal_date is not None:
            parts.append(f"renewal on {fmt.day(self.renewal_date)}")
        return " and ".join(parts)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An account a batch export leaves out, and why."""

    account_id: str
    account_name: str
    reason: str


def batch_candidates(
    book: Book, *, within_days: int, today: date
) -> tuple[list[DueReview], list[LeftOut]]:
    """The reviews a batch exports, and the accounts it leaves out with the reason.

    Churned accounts are left out unless a QBR (their exit review) is planned in the window;
    archived accounts are left out. Both are listed, never dropped silently."""
    due = reviews_due(book, within_days=within_days, today=today)
    with book.read() as session:
        rows = session.execute(
            select(m.Account.id, m.Account.name, m.Account.lifecycle_stage, m.Account.archived)
            .where(
                (m.Account.archived.is_(True))
                | (m.Account.lifecycle_stage == LifecycleStage.CHURNED)
            )
            .order_by(m.Account.name)
        ).all()
    churned = {
        aid for aid, _n, stage, archived in rows if stage is LifecycleStage.CHURNED and not archived
    }
    kept = [d for d in due if d.account_id not in churned or d.qbr is not None]
    left = []
    for aid, name, _stage, archived in rows:
        if archived:
            left.append(LeftOut(aid, name, "archived (unarchive it to export its QBR)"))
        elif not any(d.account_id == aid for d in kept):
            left.append(
                LeftOut(
                    aid,
                    name,
                    "churned: no QBR is planned; plan its exit review (or export it on its own "
                    "with --account) to include it",
                )
            )
    return kept, left


def reviews_due(book: Book, *, within_days: int, today: date) -> list[DueReview]:
    """Active accounts with a planned QBR or a renewal from ``today`` to ``today + within_days``.

    A renewal is listed only when it falls in the window; a QBR only when it is planned (not
    held or cancelled). Ordered by the earlier of the two dates, then by name.
    """
    if within_days < 0 or within_days > 3660:
        raise errors.ValidationError("within_days", "Choose 0 to 3,660 days.")
    end = today + timedelta(days=within_days)
    with book.read() as session:
        accounts = {
            aid: (name, renewal)
            for aid, name, renewal in session.execute(
                select(m.Account.id, m.Account.name, m.Account.renewal_date).where(
                    m.Account.archived.is_(False)
                )
            )
        }
        planned = list_in(
            session,
            QBR,
            m.Qbr.status == QbrStatus.PLANNED,
            m.Qbr.meeting_date >= today,
            m.Qbr.meeting_date <= end,
            order_by=[m.Qbr.meeting_date],
        )
        first_qbr: dict[str, Qbr] = {}
        for q in planned:
            if q.account_id in accounts and q.account_id not in first_qbr:
                first_qbr[q.account_id] = dataclasses.replace(
                    q, attendee_ids=_attendees(session, q.id)
                )
    due = []
    for aid, (name, renewal) in accounts.items():
        renewal_due = renewal if renewal is not None and today <= renewal <= end else None
        qbr = first_qbr.get(aid)
        if qbr is None and renewal_due is None:
            continue
        due.append(DueReview(aid, name, qbr, renewal_due))
    due.sort(key=lambda d: (min(x for x in (d.meeting_date, d.renewal_date) if x), d.account_name))
    return due
