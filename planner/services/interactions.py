"""The timeline: calls, meetings, emails, QBRs, escalations and notes, with their attendees."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.enums import ActionType, InteractionType
from planner.services._crud import Entity, create_in, get_obj, list_in, update_in
from planner.services._crud import delete as _delete
from planner.services.actions import ACTION, ActionItem
from planner.store import models as m
from planner.store import rows
from planner.store.book import Book
from planner.store.rows import DeletedRows


@dataclass(frozen=True, slots=True)
class Interaction:
    id: str
    account_id: str
    occurred_on: date
    type: InteractionType
    subject: str
    summary: str
    sentiment: int | None
    created_at: datetime
    updated_at: datetime
    attendee_ids: tuple[str, ...] = ()
    attendee_names: tuple[str, ...] = ()
    external_id: str | None = None
    """The invite's UID or the message's Message-ID it was captured from (None if typed)."""


INTERACTION = Entity(m.Interaction, Interaction, "interaction")


def set_attendees(
    session: Session, interaction: m.Interaction, stakeholder_ids: Iterable[str]
) -> None:
    """Make the interaction's attendees exactly ``stakeholder_ids`` (same account only)."""
    wanted = list(dict.fromkeys(stakeholder_ids))
    if wanted:
        found = dict(
            session.execute(
                select(m.Stakeholder.id, m.Stakeholder.account_id).where(
                    m.Stakeholder.id.in_(wanted)
                )
            ).all()
        )
        for sid in wanted:
            if sid not in found:
                raise errors.ValidationError("attendees", "One of the attendees no longer exists.")
            if found[sid] != interaction.account_id:
                raise errors.ValidationError(
                    "attendees", "Attendees must be stakeholders of the same account."
                )
    current = set(
        session.scalars(
            select(m.InteractionAttendee.stakeholder_id).where(
                m.InteractionAttendee.interaction_id == interaction.id
            )
        )
    )
    gone = current - set(wanted)
    if gone:
        session.execute(
            delete(m.InteractionAttendee).where(
                m.InteractionAttendee.interaction_id == interaction.id,
                m.InteractionAttendee.stakeholder_id.in_(gone),
            )
        )
    for sid in wanted:
        if sid not in current:
            session.add(m.InteractionAttendee(interaction_id=interaction.id, stakeholder_id=sid))
    session.flush()


def with_attendees(session: Session, items: list[Interaction]) -> list[Interaction]:
    """``items`` with their attendees filled in (one query for all of them)."""
    if not items:
        return items
    ids = [i.id for i in items]
    people: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for iid, sid, name in session.execute(
        select(m.InteractionAttendee.interaction_id, m.Stakeholder.id, m.Stakeholder.name)
        .join(m.Stakeholder, m.Stakeholder.id == m.InteractionAttendee.stakeholder_id)
        .where(m.InteractionAttendee.interaction_id.in_(ids))
        .order_by(m.Stakeholder.name)
    ):
        people[iid].append((sid, name))
    return [
        dataclasses.replace(
            i,
            attendee_ids=tuple(p[0] for p in people[i.id]),
            attendee_names=tuple(p[1] for p in people[i.id]),
        )
        for i in items
    ]


def create_interaction(
    book: Book, account_id: str, *, attendees: Iterable[str] = (), **values: Any
) -> Interaction:
    with book.write() as session:
        obj = create_in(session, INTERACTION, {"account_id": account_id, **values})
        set_attendees(session, obj, attendees)
        touch_last_contact(session, obj)
        return with_attendees(session, [INTERACTION.from_obj(obj)])[0]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An action to create with a logged interaction (its next step)."""

    title: str
    owner_name: str = ""
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class Logged:
    """What :func:`log_interaction` wrote: the interaction and its follow-up action, if any."""

    interaction: Interaction
    action: ActionItem | None = None

    @property
    def id(self) -> str:
        return self.interaction.id


_FOLLOW_UP_FIELDS = {
    "title": "follow_up_title",
    "owner_name": "follow_up_owner",
    "due_date": "follow_up_due",
}


def log_interaction(
    book: Book,
    account_id: str,
    *,
    attendees: Iterable[str] = (),
    follow_up: FollowUp | None = None,
    **values: Any,
) -> Logged:
    """Log an interaction and, with ``follow_up``, its follow-up action (for the same account,
    of type follow-up), in one transaction: both are written or neither.

    A follow-up's errors name the fields ``follow_up_title``, ``follow_up_owner`` and
    ``follow_up_due``."""
    with book.write() as session:
        obj = create_in(session, INTERACTION, {"account_id": account_id, **values})
        set_attendees(session, obj, attendees)
        touch_last_contact(session, obj)
        action = None
        if follow_up is not None and not follow_up.title.strip():
            raise errors.ValidationError(
                "follow_up_title",
                "Say what the follow-up action is, e.g. Send the pricing deck.",
            )
        if follow_up is not None:
            when = f"{obj.type.label.lower()} on {fmt.day(obj.occurred_on)}"
            try:
                made = create_in(
                    session,
                    ACTION,
                    {
                        "account_id": account_id,
                        "title": follow_up.title.strip(),
                        "owner_name": follow_up.owner_name.strip(),
                        "due_date": follow_up.due_date,
                        "type": ActionType.FOLLOW_UP,
                        "description": f"Follow-up of the {when}: {obj.subject}",
                    },
                )
            except errors.ValidationError as exc:
                field = _FOLLOW_UP_FIELDS.get(exc.field, exc.field)
                raise errors.ValidationError(field, f"Follow-up: {exc.message}") from None
            action = ACTION.from_obj(made)
        logged = with_attendees(session, [INTERACTION.from_obj(obj)])[0]
        return Logged(logged, action)


def unlog_interaction(book: Book, logged: Logged) -> DeletedRows:
    """Undo :func:`log_interaction`: delete the interaction and its follow-up action in one
    transaction; the capture puts both back (``changes.restore``)."""
    with book.write() as session:
        get_obj(session, INTERACTION, logged.interaction.id)
        found: list[DeletedRows] = []
        if logged.action is not None and session.get(m.ActionItem, logged.action.id) is not None:
            found.append(rows.delete_rows(session, "action_items", [logged.action.id]))
        found.append(rows.delete_rows(session, "interactions", [logged.interaction.id]))
        return DeletedRows(
            "interactions",
            logged.interaction.id,
            tuple(r for d in found for r in d.rows),
            tuple(u for d in found for u in d.unlinked),
        )


def update_interaction(
    book: Book, interaction_id: str, *, attendees: Iterable[str] | None = None, **changes: Any
) -> Interaction:
    with book.write() as session:
        obj = update_in(session, INTERACTION, interaction_id, changes)
        if attendees is not None:
            set_attendees(session, obj, attendees)
            touch_last_contact(session, obj)
        return with_attendees(session, [INTERACTION.from_obj(obj)])[0]


def touch_last_contact(session: Session, interaction: m.Interaction) -> None:
    """Attendees' last-contact date moves forward to this interaction's date (a meeting still
    to come is not a contact yet)."""
    if interaction.occurred_on > m.session_today(session):
        return
    for person in session.scalars(
        select(m.Stakeholder)
        .join(m.InteractionAttendee, m.InteractionAttendee.stakeholder_id == m.Stakeholder.id)
        .where(m.InteractionAttendee.interaction_id == interaction.id)
    ):
        if person.last_contact is None or person.last_contact < interaction.occurred_on:
            person.last_contact = interaction.occurred_on


def delete_interaction(book: Book, interaction_id: str) -> DeletedRows:
    return _delete(book, INTERACTION, interaction_id)


def get_interaction(book: Book, interaction_id: str) -> Interaction:
    with book.read() as session:
        obj = get_obj(session, INTERACTION, interaction_id)
        return with_attendees(session, [INTERACTION.from_obj(obj)])[0]


def list_interactions(
    book: Book, account_id: str, *, since: date | None = None, until: date | None = None
) -> list[Interaction]:
    """The account's timeline, newest first."""
    where: list[Any] = [m.Interaction.account_id == account_id]
    if since is not None:
        where.append(m.Interaction.occurred_on >= since)
    if until is not None:
        where.append(m.Interaction.occurred_on <= until)
    with book.read() as session:
        items = list_in(
            session,
            INTERACTION,
            *where,
            order_by=[m.Interaction.occurred_on.desc(), m.Interaction.created_at.desc()],
        )
        return with_attendees(session, items)
