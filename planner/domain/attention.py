"""Needs attention: what in the book needs the CSM, and why, in words with the dates.

Eight rules, each over plain facts (:class:`AccountFacts`), with thresholds that are book
settings (:class:`Thresholds`):

==========================  =====================================================================
no interaction              no interaction for ``no_interaction_days`` (45) days (counted from
                            the last one, or from when the account was added)
sentiment out of date       customer contacts still there whose sentiment was not updated for
                            ``sentiment_days`` (30) days (one item per account)
plan not touched            a plan not completed whose plan, goals and measurements have not
                            changed for ``plan_days`` (60) days
renewal without a QBR       a renewal within ``renewal_days`` (120) days with no QBR held or
                            planned from ``qbr_lookback_days`` (90) days ago up to the renewal
goal past due               a goal of a plan not completed, past its due date, neither achieved
                            nor marked missed
champion or sponsor left    a champion or executive sponsor who left, with no other one there
health dropped              the latest health snapshot ``health_drop_points`` (10) or more points
                            below the one before (scores as shown, whole numbers)
overdue actions             open actions past due and not snoozed (one item per account)
==========================  =====================================================================

Every item has a stable ``key`` (rule and record) and a ``fingerprint`` of its cause (the dates
and records that made it). A snooze or a dismissal is stored with the fingerprint it was made
for (:class:`ItemState`); when the cause changes (a new last interaction date, another overdue
action, a newer health snapshot), the fingerprint changes and the item shows again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

from planner.domain import errors
from planner.domain.enums import GoalStatus, LabelledEnum, PlanStatus, StakeholderRole
from planner.domain.formatting import day as fmt_date
from planner.domain.text import shorten


class AttentionKind(LabelledEnum):
    """The rules, in the order items are listed (most urgent first)."""

    CHAMPION_LEFT = "champion_left"
    HEALTH_DROP = "health_drop"
    RENEWAL_WITHOUT_QBR = "renewal_without_qbr"
    OVERDUE_ACTIONS = "overdue_actions"
    GOAL_OVERDUE = "goal_overdue"
    NO_INTERACTION = "no_interaction"
    STALE_SENTIMENT = "stale_sentiment"
    STALE_PLAN = "stale_plan"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AttentionKind.CHAMPION_LEFT: "Champion or sponsor left",
    AttentionKind.HEALTH_DROP: "Health dropped",
    AttentionKind.RENEWAL_WITHOUT_QBR: "Renewal without a QBR",
    AttentionKind.OVERDUE_ACTIONS: "Overdue actions",
    AttentionKind.GOAL_OVERDUE: "Goal past due",
    AttentionKind.NO_INTERACTION: "No recent interaction",
    AttentionKind.STALE_SENTIMENT: "Sentiment out of date",
    AttentionKind.STALE_PLAN: "Plan not touched",
}

#: What to do about each kind, and the account workspace tab where it is done.
ACTIONS: dict[AttentionKind, tuple[str, str]] = {
    AttentionKind.CHAMPION_LEFT: ("Find a new contact", "stakeholders"),
    AttentionKind.HEALTH_DROP: ("See what moved it", "health"),
    AttentionKind.RENEWAL_WITHOUT_QBR: ("Plan a QBR", "qbr"),
    AttentionKind.OVERDUE_ACTIONS: ("Work the actions", "actions"),
    AttentionKind.GOAL_OVERDUE: ("Update the goal", "plan"),
    AttentionKind.NO_INTERACTION: ("Log an interaction", "timeline"),
    AttentionKind.STALE_SENTIMENT: ("Update sentiment", "stakeholders"),
    AttentionKind.STALE_PLAN: ("Review the plan", "plan"),
}


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The limits the rules use; book settings ``attention.<field>``."""

    no_interaction_days: int = 45
    sentiment_days: int = 30
    plan_days: int = 60
    renewal_days: int = 120
    qbr_lookback_days: int = 90
    health_drop_points: int = 10

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            low, high = LIMITS[f.name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise errors.ValidationError(
                    f"attention.{f.name}",
                    f"{LABELS[f.name]} must be a whole number from {low} to {high} "
                    f"(got {str(value)[:20]!r}).",
                )

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> Thresholds:
        """From the book's settings; a missing or unusable value falls back to the default."""
        chosen: dict[str, int] = {}
        for f in fields(cls):
            value = values.get(SETTING_PREFIX + f.name)
            low, high = LIMITS[f.name]
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                chosen[f.name] = value
        return cls(**chosen)

    def with_changes(self, **changes: object) -> Thresholds:
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            name = sorted(unknown)[0]
            raise errors.ValidationError(name, f"{name!r} is not an attention setting.")
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_settings(self) -> dict[str, int]:
        return {SETTING_PREFIX + f.name: getattr(self, f.name) for f in fields(self)}


SETTING_PREFIX = "attention."
LIMITS: dict[str, tuple[int, int]] = {
    "no_interaction_days": (1, 3650),
    "sentiment_days": (1, 3650),
    "plan_days": (1, 3650),
    "renewal_days": (1, 3650),
    "qbr_lookback_days": (1, 3650),
    "health_drop_points": (1, 100),
}
LABELS: dict[str, str] = {
    "no_interaction_days": "Days without an interaction",
    "sentiment_days": "Days before sentiment is out of date",
    "plan_days": "Days before a plan is not touched",
    "renewal_days": "Days before a renewal to want a QBR",
    "qbr_lookback_days": "Days back a QBR still counts",
    "health_drop_points": "Health drop in points",
}


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Contact:
    """A customer stakeholder."""

    id: str
    name: str
    role: StakeholderRole
    sentiment_on: date | None
    added_on: date
    left_company: bool
    left_on: date | None


@dataclass(frozen=True, slots=True)
class PlanFact:
    id: str
    title: str
    status: PlanStatus
    last_touched: date
    """The newest change to the plan, its goals or their measurements."""


@dataclass(frozen=True, slots=True)
class GoalFact:
    id: str
    title: str
    due_date: date | None
    status: GoalStatus
    plan_status: PlanStatus


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: str
    taken_on: date
    score: float


@dataclass(frozen=True, slots=True)
class ActionFact:
    id: str
    title: str
    due_date: date


@dataclass(frozen=True, slots=True)
class Touch:
    """The last interaction."""

    day: date
    kind: str
    subject: str


@dataclass(frozen=True, slots=True)
class AccountFacts:
    id: str
    name: str
    owner: str
    added_on: date
    renewal_date: date | None = None
    last_touch: Touch | None = None
    contacts: tuple[Contact, ...] = ()
    plans: tuple[PlanFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    qbr_dates: tuple[date, ...] = ()
    """Meeting dates of QBRs held or planned (not cancelled)."""
    health: tuple[Snapshot, ...] = ()
    """The latest snapshots, newest first (two are enough)."""
    overdue_actions: tuple[ActionFact, ...] = ()
    """Open actions past due and not snoozed."""


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class Item:
    kind: AttentionKind
    account_id: str
    account_name: str
    owner: str
    subject_id: str
    """The record the item is about (the account, a plan, a goal, a stakeholder)."""
    title: str
    why: str
    since: date
    """When the cause began (the last interaction, the due date...)."""
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.subject_id}"

    @property
    def action(self) -> str:
        return ACTIONS[self.kind][0]

    @property
    def tab(self) -> str:
        return ACTIONS[self.kind][1]


def fingerprint(*parts: object) -> str:
    """A short, stable digest of the cause (so a stored one never grows)."""
    text = "|".join(p.isoformat() if isinstance(p, date) else str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _in(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _names(people: Sequence[str], limit: int = 3) -> str:
    shown = list(people[:limit])
    more = len(people) - len(shown)
    if more:
        shown.append(f"{more} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _quote(text: str) -> str:
    return f"“{shorten(text, 60)}”"


def items_for(account: AccountFacts, today: date, limits: Thresholds) -> list[Item]:
    """Every rule applied to one account."""
    found: list[Item] = []

    def add(
        kind: AttentionKind, subject: str, title: str, why: str, since: date, *cause: object
    ) -> None:
        found.append(
            Item(
                kind,
                account.id,
                account.name,
                account.owner,
                subject,
                title,
                why,
                since,
                fingerprint(kind.value, subject, *cause),
            )
        )

    # no interaction
    touch = account.last_touch
    basis = touch.day if touch else account.added_on
    gap = (today - basis).days
    if gap >= limits.no_interaction_days:
        if touch:
            why = (
                f"The last interaction was on {fmt_date(touch.day)} ({_ago(gap)}): "
                f"{touch.kind} {_quote(touch.subject)}. The limit is "
                f"{limits.no_interaction_days} days."
            )
        else:
            why = (
                f"No interaction has been logged since the account was added on "
                f"{fmt_date(account.added_on)} ({_ago(gap)})."
            )
        add(
            AttentionKind.NO_INTERACTION,
            account.id,
            f"No interaction for {gap} days",
            why,
            basis,
            basis,
        )

    # sentiment out of date
    present = [c for c in account.contacts if not c.left_company]
    stale = sorted(
        (
            c
            for c in present
            if (today - (c.sentiment_on or c.added_on)).days >= limits.sentiment_days
        ),
        key=lambda c: (c.sentiment_on or c.added_on, c.name.casefold()),
    )
    if stale:
        described = [
            f"{c.name} (last on {fmt_date(c.sentiment_on)})"
            if c.sentiment_on
            else f"{c.name} (never; added {fmt_date(c.added_on)})"
            for c in stale
        ]
        who = "1 contact" if len(stale) == 1 else f"{len(stale)} contacts"
        add(
            AttentionKind.STALE_SENTIMENT,
            account.id,
            f"Sentiment out of date for {who}",
            f"Not updated for {limits.sentiment_days} days or more: {_names(described)}.",
            stale[0].sentiment_on or stale[0].added_on,
            *sorted(f"{c.id}@{c.sentiment_on}" for c in stale),
        )

    # plan not touched
    for plan in account.plans:
        idle = (today - plan.last_touched).days
        if plan.status is not PlanStatus.COMPLETED and idle >= limits.plan_days:
            add(
                AttentionKind.STALE_PLAN,
                plan.id,
                f"Plan not touched for {idle} days",
                f"{_quote(plan.title)} ({plan.status.label.lower()}) last changed on "
                f"{fmt_date(plan.last_touched)} ({_ago(idle)}), counting its goals. The limit "
                f"is {limits.plan_days} days.",
                plan.last_touched,
                plan.last_touched,
            )

    # renewal without a QBR
    renewal = account.renewal_date
    if renewal is not None and 0 <= (renewal - today).days <= limits.renewal_days:
        window_start = date.fromordinal(today.toordinal() - limits.qbr_lookback_days)
        if not any(window_start <= d <= renewal for d in account.qbr_dates):
            earlier = [d for d in account.qbr_dates if d < window_start]
            last = (
                f"The last QBR was on {fmt_date(max(earlier))}."
                if earlier
                else "There has been no QBR with this account."
            )
            add(
                AttentionKind.RENEWAL_WITHOUT_QBR,
                account.id,
                f"Renews {_in((renewal - today).days)} with no QBR",
                f"The renewal is on {fmt_date(renewal)} and no QBR was held since "
                f"{fmt_date(window_start)} or is planned before it. {last}",
                renewal,
                renewal,
                max(earlier) if earlier else "",
            )

    # goal past due
    for goal in account.goals:
        if (
            goal.due_date is not None
            and goal.due_date < today
            and goal.status not in (GoalStatus.ACHIEVED, GoalStatus.MISSED)
            and goal.plan_status is not PlanStatus.COMPLETED
        ):
            late = (today - goal.due_date).days
            add(
                AttentionKind.GOAL_OVERDUE,
                goal.id,
                f"Goal past due: {shorten(goal.title, 60)}",
                f"It was due on {fmt_date(goal.due_date)} ({_ago(late)}) and is "
                f"{goal.status.label.lower()}, not achieved. Mark it achieved or missed, or "
                "give it a new date.",
                goal.due_date,
                goal.due_date,
                goal.status.value,
            )

    # champion or sponsor left
    for role in (StakeholderRole.CHAMPION, StakeholderRole.EXECUTIVE_SPONSOR):
        if any(c.role is role for c in present):
            continue
        for person in (c for c in account.contacts if c.role is role and c.left_company):
            when = (
                f"left on {fmt_date(person.left_on)}"
                if person.left_on
                else "left the company (date not recorded)"
            )
            add(
                AttentionKind.CHAMPION_LEFT,
                person.id,
                f"{role.label} left: {person.name}",
                f"{person.name}, the {role.label.lower()}, {when}, and no other "
                f"{role.label.lower()} is there. Find a new one.",
                person.left_on or account.added_on,
                person.left_on or "",
                role.value,
            )

    # health dropped
    if len(account.health) >= 2:
        latest, previous = account.health[0], account.health[1]
        now_score, before_score = round(latest.score), round(previous.score)
        drop = before_score - now_score
        if drop >= limits.health_drop_points:
            add(
                AttentionKind.HEALTH_DROP,
                account.id,
                f"Health fell {drop} points ({before_score} → {now_score})",
                f"From {before_score} on {fmt_date(previous.taken_on)} to {now_score} on "
                f"{fmt_date(latest.taken_on)}.",
                latest.taken_on,
                latest.id,
            )

    # overdue actions
    overdue = sorted(account.overdue_actions, key=lambda a: (a.due_date, a.title.casefold()))
    if overdue:
        oldest = overdue[0]
        late = (today - oldest.due_date).days
        count = "1 overdue action" if len(overdue) == 1 else f"{len(overdue)} overdue actions"
        add(
            AttentionKind.OVERDUE_ACTIONS,
            account.id,
            count.capitalize(),
            f"The oldest, {_quote(oldest.title)}, was due on {fmt_date(oldest.due_date)} "
            f"({_ago(late)}).",
            oldest.due_date,
            *sorted(a.id for a in overdue),
        )
    return found


_ORDER = {kind: n for n, kind in enumerate(AttentionKind)}


def sort_items(items: Iterable[Item]) -> list[Item]:
    """Most urgent kind first, then the oldest cause, then by account."""
    return sorted(
        items, key=lambda i: (_ORDER[i.kind], i.since, i.account_name.casefold(), i.title)
    )


# --------------------------------------------------------------------------- snooze / dismiss


class ItemStatus(LabelledEnum):
    OPEN = "open"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class ItemState:
    """What the CSM decided about an item, for the cause it had then."""

    key: str
    account_id: str
    kind: str
    fingerprint: str
    snoozed_until: date | None
    dismissed: bool
    reason: str

    def status_for(self, item: Item, today: date) -> ItemStatus:
        """The item's status under this decision (open when its cause has changed)."""
        if self.fingerprint != item.fingerprint:
            return ItemStatus.OPEN
        if self.dismissed:
            return ItemStatus.DISMISSED
        if self.snoozed_until is not None and self.snoozed_until > today:
            return ItemStatus.SNOOZED
        return ItemStatus.OPEN


MAX_REASON = 500


def check_snooze(until: date, today: date) -> None:
    if until <= today:
        raise errors.ValidationError(
            "snoozed_until",
            f"Snooze until a day after today ({fmt_date(today)}); "
            f"{fmt_date(until)} is not in the future.",
        )
    if (until - today).days > 3660:
        raise errors.ValidationError("snoozed_until", "Snooze for at most ten years.")


def check_reason(reason: str) -> str:
    cleaned = " ".join(reason.replace("\x00", " ").split())
    if not cleaned:
        raise errors.ValidationError(
            "reason", "Say why you dismiss it (for example: the customer is on holiday)."
        )
    if len(cleaned) > MAX_REASON:
        raise errors.ValidationError(
            "reason", f"Keep the reason under {MAX_REASON} characters ({len(cleaned):,} now)."
        )
    return cleaned
