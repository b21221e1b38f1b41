"""Needs attention: the items of :mod:`planner.domain.attention` for a whole book, with the
CSM's snoozes and dismissals, and the thresholds as book settings.

The facts come from a fixed number of set-based queries whatever the size of the book (the
accounts, the last interaction per account, customer contacts, plans and when they were last
touched, goals past due, QBR dates near renewals, the two latest health snapshots, overdue
actions). Archived and churned accounts are left out.

Snoozing or dismissing stores an ``attention_states`` row with the item's fingerprint (see the
domain module): it hides the item only while its cause stays the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from planner.domain import attention as at
from planner.domain import errors
from planner.domain.agenda import fmt_date
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    InteractionType,
    LifecycleStage,
    PlanStatus,
    QbrStatus,
    StakeholderRole,
)
from planner.reports.agenda_text import md_escape
from planner.reports.files import write_bytes
from planner.store import models as m
from planner.store.book import Book
from planner.store.models import guid_bytes, guid_text

AttentionKind = at.AttentionKind
ItemStatus = at.ItemStatus
Thresholds = at.Thresholds
_OPEN_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """An item as the app and the command line show it."""

    key: str
    kind: AttentionKind
    account_id: str
    account_name: str
    owner: str
    subject_id: str
    title: str
    why: str
    since: date
    action: str
    """What to do, in a few words ("Log an interaction")."""
    tab: str
    """The account workspace tab where it is done."""
    fingerprint: str
    status: ItemStatus
    snoozed_until: date | None = None
    reason: str = ""
    """Why it was dismissed."""

    def as_contract(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind.value,
            "kind_label": self.kind.label,
            "account_id": self.account_id,
            "account": self.account_name,
            "owner": self.owner,
            "title": self.title,
            "why": self.why,
            "since": self.since.isoformat(),
            "action": self.action,
            "tab": self.tab,
            "status": self.status.value,
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class AttentionList:
    today: date
    items: tuple[AttentionItem, ...]
    """Open items (and hidden ones too when asked for), most urgent first."""
    hidden: int
    """Snoozed or dismissed items whose cause has not changed."""
    thresholds: Thresholds
    counts: dict[str, int] = field(default_factory=dict)
    """Open items per kind (value)."""

    @property
    def open_items(self) -> tuple[AttentionItem, ...]:
        return tuple(i for i in self.items if i.status is ItemStatus.OPEN)


@dataclass(frozen=True, slots=True)
class StateChange:
    """What a snooze, dismissal or restore replaced (for undo)."""

    key: str
    before: at.ItemState | None
    after: at.ItemState | None


# --------------------------------------------------------------------------- settings


def get_thresholds(book: Book) -> Thresholds:
    """The book's attention thresholds (defaults where none is set)."""
    with book.read() as session:
        return _thresholds(session)


def _thresholds(session: Session) -> Thresholds:
    rows = session.execute(
        select(m.Setting.key, m.Setting.value).where(m.Setting.key.startswith(at.SETTING_PREFIX))
    ).all()
    return Thresholds.from_settings({str(k): v for k, v in rows})


def set_thresholds(book: Book, **changes: int) -> Thresholds:
    """Change some thresholds (``no_interaction_days=30``...); validated, one transaction."""
    with book.write() as session:
        chosen = _thresholds(session).with_changes(**changes)
        for key, value in chosen.as_settings().items():
            row = session.scalars(select(m.Setting).where(m.Setting.key == key)).first()
            if row is None:
                session.add(m.Setting(key=key, value=value))
            elif row.value != value:
                row.value = value
        return chosen


# --------------------------------------------------------------------------- the list


def needs_attention(
    book: Book, *, include_hidden: bool = False, account_id: str | None = None
) -> AttentionList:
    """Every item of the book (or of one account), most urgent first."""
    today = book.clock.today()
    with book.read() as session:
        limits = _thresholds(session)
        facts = _facts(session, today, limits, account_id)
        states = _states(session, account_id)
    items: list[AttentionItem] = []
    hidden = 0
    counts: dict[str, int] = defaultdict(int)
    for item in at.sort_items(i for f in facts for i in at.items_for(f, today, limits)):
        state = states.get(item.key)
        status = state.status_for(item, today) if state else ItemStatus.OPEN
        if status is not ItemStatus.OPEN:
            hidden += 1
            if not include_hidden:
                continue
        else:
            counts[item.kind.value] += 1
        items.append(_dto(item, status, state))
    return AttentionList(today, tuple(items), hidden, limits, dict(counts))


def attention_count(book: Book) -> int:
    """How many open items the book has (the Portfolio's figure)."""
    return len(needs_attention(book).items)


def _dto(item: at.Item, status: ItemStatus, state: at.ItemState | None) -> AttentionItem:
    live = state if state is not None and status is not ItemStatus.OPEN else None
    return AttentionItem(
        key=item.key,
        kind=item.kind,
        account_id=item.account_id,
        account_name=item.account_name,
        owner=item.owner,
        subject_id=item.subject_id,
        title=item.title,
        why=item.why,
        since=item.since,
        action=item.action,
        tab=item.tab,
        fingerprint=item.fingerprint,
        status=status,
        snoozed_until=live.snoozed_until if live else None,
        reason=live.reason if live and live.dismissed else "",
    )


# --------------------------------------------------------------------------- snooze / dismiss


def snooze(book: Book, key: str, until: date) -> StateChange:
    """Hide an item until ``until`` (it comes back that day, or when its cause changes)."""
    at.check_snooze(until, book.clock.today())
    return _decide(book, key, snoozed_until=until, dismissed=False, reason="")


def dismiss(book: Book, key: str, reason: str) -> StateChange:
    """Hide an item for good, with a reason (it comes back only when its cause changes)."""
    return _decide(book, key, snoozed_until=None, dismissed=True, reason=at.check_reason(reason))


def restore(book: Book, key: str) -> StateChange:
    """Show a snoozed or dismissed item again."""
    with book.write() as session:
        before = _state_of(session, key)
        if before is None:
            raise errors.NotFoundError("That item is not snoozed or dismissed.")
        session.execute(delete(m.AttentionState).where(m.AttentionState.item_key == key))
    return StateChange(key, before, None)


def put_state(book: Book, key: str, state: at.ItemState | None) -> None:
    """Set an item's decision exactly (undo and redo of the three above)."""
    with book.write() as session:
        _write_state(session, key, state)


def _decide(
    book: Book, key: str, *, snoozed_until: date | None, dismissed: bool, reason: str
) -> StateChange:
    account_id = _account_of(key)
    current = [
        i
        for i in needs_attention(book, include_hidden=True, account_id=account_id).items
        if i.key == key
    ]
    if not current:
        raise errors.NotFoundError(
            "That item no longer needs attention (its cause was dealt with). Refresh the list."
        )
    item = current[0]
    after = at.ItemState(
        key, item.account_id, item.kind.value, item.fingerprint, snoozed_until, dismissed, reason
    )
    with book.write() as session:
        before = _state_of(session, key)
        _write_state(session, key, after)
    return StateChange(key, before, after)


def _account_of(key: str) -> str | None:
    kind, _, subject = key.partition(":")
    try:
        parsed = AttentionKind(kind)
    except ValueError:
        raise errors.NotFoundError(f"{key[:80]!r} is not an attention item.") from None
    account_level = {
        AttentionKind.NO_INTERACTION,
        AttentionKind.STALE_SENTIMENT,
        AttentionKind.RENEWAL_WITHOUT_QBR,
        AttentionKind.HEALTH_DROP,
        AttentionKind.OVERDUE_ACTIONS,
    }
    return subject if parsed in account_level else None


def _state_of(session: Session, key: str) -> at.ItemState | None:
    row = session.scalars(select(m.AttentionState).where(m.AttentionState.item_key == key)).first()
    return None if row is None else _state_dto(row)


def _state_dto(row: m.AttentionState) -> at.ItemState:
    return at.ItemState(
        row.item_key,
        row.account_id,
        row.kind,
        row.fingerprint,
        row.snoozed_until,
        row.dismissed,
        row.reason,
    )


def _write_state(session: Session, key: str, state: at.ItemState | None) -> None:
    row = session.scalars(select(m.AttentionState).where(m.AttentionState.item_key == key)).first()
    if state is None:
        if row is not None:
            session.delete(row)
        return
    if session.get(m.Account, state.account_id) is None:
        raise errors.NotFoundError("The account of that item no longer exists.")
    if row is None:
        row = m.AttentionState(item_key=key, account_id=state.account_id)
        session.add(row)
    row.kind = state.kind
    row.fingerprint = state.fingerprint
    row.snoozed_until = state.snoozed_until
    row.dismissed = state.dismissed
    row.reason = state.reason


def _states(session: Session, account_id: str | None) -> dict[str, at.ItemState]:
    stmt = select(m.AttentionState)
    if account_id is not None:
        stmt = stmt.where(m.AttentionState.account_id == account_id)
    return {row.item_key: _state_dto(row) for row in session.scalars(stmt)}


# --------------------------------------------------------------------------- the Monday digest


def digest_markdown(book: Book) -> str:
    """The open items as a Monday e-mail in Markdown: grouped by kind, most urgent first, every
    name and text escaped so it prints literally in a mail client."""
    listed = needs_attention(book)
    today = listed.today
    monday = today - timedelta(days=today.weekday())
    out = [f"# Needs attention: week of {md_escape(fmt_date(monday))}", ""]
    items = listed.items
    hidden = f" ({listed.hidden} snoozed or dismissed not shown)" if listed.hidden else ""
    out.append(
        f"{md_escape(book.name)}: **{len(items)}** "
        f"{'item needs' if len(items) == 1 else 'items need'} you as of "
        f"{md_escape(fmt_date(today))}{hidden}."
    )
    if not items:
        out += ["", "Nothing needs attention this week."]
    for kind in AttentionKind:
        group = [i for i in items if i.kind is kind]
        if not group:
            continue
        out += ["", f"## {md_escape(kind.label)} ({len(group)})", ""]
        for item in sorted(group, key=lambda i: (i.account_name.casefold(), i.since)):
            out.append(
                f"- **{md_escape(item.account_name)}**: {md_escape(item.title)}. "
                f"{md_escape(item.why)} *Next: {md_escape(item.action)}.*"
            )
    limits = listed.thresholds
    out += [
        "",
        "---",
        "",
        f"*Limits: no interaction for {limits.no_interaction_days} days, sentiment "
        f"{limits.sentiment_days} days, plans {limits.plan_days} days, renewals within "
        f"{limits.renewal_days} days, health drops of {limits.health_drop_points} "
        "points.*",
        "",
    ]
    return "\n".join(out)


def write_digest(book: Book, out: Path) -> Path:
    """Write :func:`digest_markdown` to ``out`` (UTF-8, whole or not at all)."""
    return write_bytes(Path(out), digest_markdown(book).encode("utf-8"))


# --------------------------------------------------------------------------- facts


def _day_of(moment: datetime | None) -> date:
    return (moment or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC).date()


def _from_millis(value: int | None) -> datetime | None:
    return None if value is None else m.EPOCH + timedelta(milliseconds=int(value))


def _iso(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _raw(session: Session, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """Rows of plain SQL, without per-value type processing (for the largest reads)."""
    return list(session.connection().exec_driver_sql(sql, params).fetchall())


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _facts(
    session: Session, today: date, limits: Thresholds, account_id: str | None
) -> list[at.AccountFacts]:
    accounts_stmt = select(
        m.Account.id,
        m.Account.name,
        m.Account.owner,
        m.Account.created_at,
        m.Account.renewal_date,
    ).where(m.Account.archived.is_(False), m.Account.lifecycle_stage != LifecycleStage.CHURNED)
    if account_id is not None:
        accounts_stmt = accounts_stmt.where(m.Account.id == account_id)
    base: dict[str, tuple[str, str, date, date | None]] = {
        r[0]: (r[1], r[2], _day_of(r[3]), r[4]) for r in session.execute(accounts_stmt)
    }
    if not base:
        return []
    only: list[Any] = [] if account_id is None else [account_id]

    def mine(column: Any) -> list[Any]:
        return [column.in_(only)] if only else []

    # last interaction per account (the index on (account_id, occurred_on) serves the max)
    last = dict(
        session.execute(
            select(m.Interaction.account_id, func.max(m.Interaction.occurred_on))
            .where(*mine(m.Interaction.account_id))
            .group_by(m.Interaction.account_id)
        ).all()
    )
    touches: dict[str, at.Touch] = {}
    stale_ids = [
        a for a, d in last.items() if a in base and (today - d).days >= limits.no_interaction_days
    ]
    for chunk in _chunks(stale_ids):
        for acc, day, kind, subject in session.execute(
            select(
                m.Interaction.account_id,
                m.Interaction.occurred_on,
                m.Interaction.type,
                m.Interaction.subject,
            )
            .where(m.Interaction.account_id.in_(chunk))
            .order_by(m.Interaction.occurred_on, m.Interaction.created_at)
        ):
            if day == last[acc]:
                touches[acc] = at.Touch(day, InteractionType(kind).label.lower(), subject)
    for acc, day in last.items():
        touches.setdefault(acc, at.Touch(day, "", ""))

    # customer contacts: champions and sponsors (present or not), and those whose sentiment may
    # be out of date (raw SQL: this is the largest table read here)
    cutoff = (today - timedelta(days=limits.sentiment_days)).isoformat()
    contacts: dict[str, list[at.Contact]] = defaultdict(list)
    one = [guid_bytes(a) for a in only]
    rows = _raw(
        session,
        "SELECT id, account_id, name, role, sentiment_on, created_at, left_company, left_on "
        "FROM stakeholders WHERE side = 'customer' AND (role IN (?, ?) OR (left_company = 0 "
        "AND (sentiment_on IS NULL OR sentiment_on <= ?))) "
        + ("AND account_id = ?" if one else ""),
        (StakeholderRole.CHAMPION.value, StakeholderRole.EXECUTIVE_SPONSOR.value, cutoff, *one),
    )
    for sid, acc, name, role, sentiment_on, created, left, left_on in rows:
        person = at.Contact(
            guid_text(sid),
            name,
            StakeholderRole(role),
            _iso(sentiment_on),
            _day_of(_from_millis(created)),
            bool(left),
            _iso(left_on),
        )
        contacts[guid_text(acc)].append(person)

    # plans and when they were last touched (plan, goals, measurements)
    goal_touch = dict(
        session.execute(
            select(m.Goal.plan_id, func.max(m.Goal.updated_at)).group_by(m.Goal.plan_id)
        ).all()
    )
    measured = dict(
        session.execute(
            select(m.Goal.plan_id, func.max(m.GoalMeasurement.created_at))
            .join(m.GoalMeasurement, m.GoalMeasurement.goal_id == m.Goal.id)
            .group_by(m.Goal.plan_id)
        ).all()
    )
    plans: dict[str, list[at.PlanFact]] = defaultdict(list)
    for pid, acc, title, plan_state, updated in session.execute(
        select(
            m.SuccessPlan.id,
            m.SuccessPlan.account_id,
            m.SuccessPlan.title,
            m.SuccessPlan.status,
            m.SuccessPlan.updated_at,
        ).where(m.SuccessPlan.status != PlanStatus.COMPLETED, *mine(m.SuccessPlan.account_id))
    ):
        moments = [t for t in (updated, goal_touch.get(pid), measured.get(pid)) if t is not None]
        plans[acc].append(at.PlanFact(pid, title, PlanStatus(plan_state), _day_of(max(moments))))

    # goals past due
    goals: dict[str, list[at.GoalFact]] = defaultdict(list)
    for gid, title, due, status, acc, plan_status in session.execute(
        select(
            m.Goal.id,
            m.Goal.title,
            m.Goal.due_date,
            m.Goal.status,
            m.SuccessPlan.account_id,
            m.SuccessPlan.status,
        )
        .join(m.SuccessPlan, m.SuccessPlan.id == m.Goal.plan_id)
        .where(
            m.Goal.due_date < today,
            m.Goal.status.not_in([GoalStatus.ACHIEVED, GoalStatus.MISSED]),
            m.SuccessPlan.status != PlanStatus.COMPLETED,
            *mine(m.SuccessPlan.account_id),
        )
    ):
        goals[acc].append(at.GoalFact(gid, title, due, GoalStatus(status), PlanStatus(plan_status)))

    # QBR dates of accounts renewing soon
    horizon = today + timedelta(days=limits.renewal_days)
    renewing = [a for a, v in base.items() if v[3] is not None and today <= v[3] <= horizon]
    qbr_dates: dict[str, list[date]] = defaultdict(list)
    for chunk in _chunks(renewing):
        for acc, day in session.execute(
            select(m.Qbr.account_id, m.Qbr.meeting_date).where(
                m.Qbr.account_id.in_(chunk), m.Qbr.status != QbrStatus.CANCELLED
            )
        ):
            qbr_dates[acc].append(day)

    # the two latest health snapshots per account (an index seek per account)
    health: dict[str, list[at.Snapshot]] = defaultdict(list)
    for acc, hid, taken, score in _raw(
        session,
        "SELECT a.id, h.id, h.taken_on, h.score FROM accounts a JOIN health_snapshots h "  # noqa: S608
        "ON h.id IN (SELECT h2.id FROM health_snapshots h2 WHERE h2.account_id = a.id "
        "ORDER BY h2.taken_on DESC, h2.created_at DESC LIMIT 2) WHERE a.archived = 0 "
        + ("AND a.id = ? " if one else "")
        + "ORDER BY a.id, h.taken_on DESC, h.created_at DESC",
        tuple(one),
    ):
        taken_on = _iso(taken)
        if taken_on is not None:
            health[guid_text(acc)].append(at.Snapshot(guid_text(hid), taken_on, float(score)))

    # overdue actions, not snoozed
    overdue: dict[str, list[at.ActionFact]] = defaultdict(list)
    for aid, acc, title, due in session.execute(
        select(
            m.ActionItem.id, m.ActionItem.account_id, m.ActionItem.title, m.ActionItem.due_date
        ).where(
            m.ActionItem.status.in_(_OPEN_ACTIONS),
            m.ActionItem.due_date < today,
            or_(m.ActionItem.snoozed_until.is_(None), m.ActionItem.snoozed_until <= today),
            *mine(m.ActionItem.account_id),
        )
    ):
        if due is not None:
            overdue[acc].append(at.ActionFact(aid, title, due))

    return [
        at.AccountFacts(
            acc,
            name,
            owner,
            added_on,
            renewal_date,
            last_touch=touches.get(acc),
            contacts=tuple(contacts.get(acc, ())),
            plans=tuple(plans.get(acc, ())),
            goals=tuple(goals.get(acc, ())),
            qbr_dates=tuple(qbr_dates.get(acc, ())),
            health=tuple(health.get(acc, ())),
            overdue_actions=tuple(overdue.get(acc, ())),
        )
        for acc, (name, owner, added_on, renewal_date) in base.items()
    ]


__all__ = [
    "AttentionItem",
    "AttentionKind",
    "AttentionList",
    "ItemStatus",
    "StateChange",
    "Thresholds",
    "attention_count",
    "digest_markdown",
    "dismiss",
    "get_thresholds",
    "needs_attention",
    "put_state",
    "restore",
    "set_thresholds",
    "snooze",
    "write_digest",
]
