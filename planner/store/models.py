"""The book's schema: SQLAlchemy 2 typed models, documented here once.

A book is one SQLite file (``PRAGMA application_id`` = :data:`APPLICATION_ID`,
``PRAGMA user_version`` = the schema version in :mod:`planner.store.migrations`).

Conventions shared by every table
---------------------------------
* ``id``: a UUID (text, 36 characters), the row's identity for life, also across copies of a
  book carried to other machines (merge matches rows by id).
* ``created_at`` / ``updated_at``: UTC timestamps (ISO-8601 text ending in ``Z``).
* ``rev``: the id of the *edit session* that last wrote the row (see ``edit_sessions``). Two
  copies of a book share the edit sessions they had when they were split, so a merge can tell a
  row changed on one side from a row changed on both.
* Money: ``*_minor`` integer minor units plus a ``currency`` ISO 4217 code. Never a float.
* Dates are ``DATE`` text ``YYYY-MM-DD``; enumerations are their stable string value with a
  CHECK constraint.
* Foreign keys are enforced. Children of an account are deleted with it (``ON DELETE
  CASCADE``); optional links (goal owner, action's goal, reports-to) become NULL when the
  target goes (``ON DELETE SET NULL``).

Tables
------
settings              book-wide settings, one row per ``key`` with a JSON ``value``
                      (book id, base currency, gross margin, FX rates, ...).
edit_sessions         one row per session that wrote to the book: ``started_at``, ``host``,
                      ``app_version``. Never deleted (merge history).
tombstones            one row per deleted row: ``id`` of the deleted row, ``table_name``,
                      ``deleted_at``, ``rev``. Lets a deletion travel with a merge.
accounts              a customer company: name, CRM id (unique when set), tier, industry, region,
                      employee count, lifecycle stage, ARR (``arr_minor`` + ``currency``; kept
                      equal to the sum of its revenue events), contract start, renewal date, CSM
                      owner, strategic flag, notes, archived flag, and the CSM's own sentiment
                      (-2..+2) with a note and the date it was set.
stage_changes         lifecycle history of an account: stage and the date it was entered.
success_plans         an account's plan: title, period, status, desired outcomes, internal notes.
goals                 a measurable outcome of a plan: category, KPI name/unit, baseline, current,
                      target, due date, status (+ date achieved), priority, owner (a stakeholder
                      or an internal name), customer-visible flag, value per unit of the KPI.
goal_measurements     the history of a goal's KPI: date, value, note (format 2).
risks                 a challenge or risk of an account: category, severity, likelihood,
                      mitigation, status, raised/resolved dates, owner, internal-only flag.
stakeholders          a person on the customer or internal side: job title, contact, role,
                      influence 1-5, sentiment -2..+2 (+ date), reports-to (org chart), last
                      contact date, left-company flag and date, internal notes.
stakeholder_sentiments the sentiment history of a stakeholder (date, value, note).
use_cases             how the customer applies the product: problem, desired outcome, products,
                      status, adoption %, go-live date, value realised (text + amount).
action_items          a task with an owner and a date, optionally linked to a goal, a risk or a
                      QBR: status, priority, type, completed date, snoozed-until.
interactions          the timeline: date, type, subject, summary, sentiment, and the source id
                      of one captured from a file (format 2).
interaction_attendees which stakeholders were at an interaction.
health_models         versioned health-score settings: factor weights and band thresholds.
health_snapshots      an account's health on a date: per-factor values (JSON), computed score,
                      optional manual override with its reason, band, model version.
survey_responses      NPS (0-10) or CSAT (1-5) answers with a comment and theme tags.
opportunities         upsell / cross-sell: product, amount (ARR delta), stage, expected close,
                      status, closed date.
revenue_events        what moves ARR: new, expansion, contraction, churn, renewal, with a signed
                      ARR delta in the account's currency.
qbrs                  one business review: meeting date, period covered, length, status,
                      objectives, decisions, asks (format 2), internal notes, generated files.
qbr_agenda_items      ordered agenda of a QBR: section, title, minutes, owner, notes, talking
                      points (JSON list of strings).
qbr_attendees         which stakeholders attend a QBR.
attention_states      "needs attention" items the CSM snoozed (until a date) or dismissed (with a
                      reason), with the fingerprint of the cause they were set for (format 2).
plan_templates        plan templates saved in the book: name, description and the template
                      document (the same JSON as a template file) (format 2).
forecast_overrides    manual forecast categories of a renewal, with the reason; never updated,
                      so the rows are the override's history (format 2).

The search index (``search_index``, ``search_docs`` and their triggers, format 2) is not a
model: see :mod:`planner.store.search_index`.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from planner.domain import enums as e
from planner.domain.clock import system_now

# Defined where reading a book needs no SQLAlchemy; still importable from here.
from planner.store.layout import APPLICATION_ID as APPLICATION_ID  # noqa: PLC0414
from planner.store.layout import guid_bytes as guid_bytes  # noqa: PLC0414
from planner.store.layout import guid_text as guid_text  # noqa: PLC0414

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A new record's id: a time-ordered UUID (the version 7 layout: 48 bits of Unix
    milliseconds, then 74 random bits). Records made one after another get neighbouring ids,
    so inserts land together in the book's indexes instead of all over them (with random ids,
    a big book's inserts slow down once its indexes no longer fit in memory)."""
    millis = f"{int(system_now().timestamp() * 1000) & _MILLIS_MASK:012x}"
    rand = os.urandom(10).hex()
    variant = "89ab"[int(rand[3], 16) & 3]
    return f"{millis[:8]}-{millis[8:]}-7{rand[:3]}-{variant}{rand[4:7]}-{rand[7:19]}"


_MILLIS_MASK = (1 << 48) - 1


def to_millis(moment: datetime) -> datetime:
    """``moment`` cut to the millisecond (the precision timestamps are stored with)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    """The machine's instant, to the millisecond: only a column default for rows written
    outside a book's unit of work. Inside one, use :func:`stamp_time`."""
    return to_millis(system_now())


def session_today(session: Session) -> date:
    """The book clock's calendar day for a unit of work (set by ``Book.read``/``Book.write``)."""
    day = session.info.get("today")
    if not isinstance(day, date):
        raise TypeError("This session was not opened by a book, so it has no clock.")
    return day


def stamp_time(session: Session) -> datetime:
    """The instant a write unit of work stamps its rows with (the book clock's ``now``)."""
    now = session.info.get("now")
    return now if isinstance(now, datetime) else utcnow()


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime stored as integer milliseconds since 1970-01-01 UTC.

    Readable in SQL with ``datetime(updated_at / 1000, 'unixepoch')``.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        delta = value.astimezone(UTC) - EPOCH
        return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        return EPOCH + timedelta(milliseconds=value)


class GUID(TypeDecorator[str]):
    """A UUID: ``str`` in Python, 16 bytes in the file (less than half the size of text).

    A string that is not a UUID is stored as its UTF-8 bytes, so it simply matches nothing.
    """

    impl = LargeBinary(16)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:  # noqa: ARG002
        if value is None:
            return None
        return guid_bytes(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:  # noqa: ARG002
        if value is None:
            return None
        return guid_text(value)


def enum_type(enum_cls: type[StrEnum]) -> SAEnum:
    """Store an enum by its stable value, with a CHECK constraint naming the enum."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        name=enum_cls.__name__.lower(),
    )


def label(text: str, **extra: Any) -> dict[str, Any]:
    """Column ``info``: the field's label for messages, plus bounds (``min``/``max``)."""
    return {"label": text, **extra}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Tracked:
    """Identity, timestamps and edit-session stamp carried by every row."""

    id: Mapped[str] = mapped_column(GUID(), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rev: Mapped[str | None] = mapped_column(GUID(), default=None, index=True)


def account_fk(*, index: bool = True) -> Mapped[str]:
    """The owning account. ``index=False`` where a composite index starts with account_id."""
    return mapped_column(
        GUID(),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        index=index,
        info=label("Account"),
    )


# --------------------------------------------------------------------------- book bookkeeping


class Setting(Tracked, Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), unique=True, info=label("Setting"))
    value: Mapped[Any] = mapped_column(JSON, info=label("Value"))


class EditSession(Base):
    __tablename__ = "edit_sessions"
    id: Mapped[str] = mapped_column(GUID(), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    host: Mapped[str] = mapped_column(String(255), default="")
    app_version: Mapped[str] = mapped_column(String(32), default="")


class Tombstone(Base):
    __tablename__ = "tombstones"
    id: Mapped[str] = mapped_column(GUID(), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rev: Mapped[str | None] = mapped_column(GUID())


# --------------------------------------------------------------------------- accounts


class Account(Tracked, Base):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(200), info=label("Name"))
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True, info=label("CRM id"))
    tier: Mapped[e.Tier] = mapped_column(enum_type(e.Tier), default=e.Tier.MID_MARKET)
    industry: Mapped[str] = mapped_column(String(80), default="", info=label("Industry"))
    region: Mapped[str] = mapped_column(String(80), default="", info=label("Region"))
    employee_count: Mapped[int | None] = mapped_column(
        Integer, info=label("Employee count", min=0, max=10_000_000)
    )
    lifecycle_stage: Mapped[e.LifecycleStage] = mapped_column(
        enum_type(e.LifecycleStage), default=e.LifecycleStage.ONBOARDING
    )
    arr_minor: Mapped[int] = mapped_column(Integer, default=0, info=label("ARR"))
    currency: Mapped[str] = mapped_column(String(3), default="USD", info=label("Currency"))
    contract_start: Mapped[date | None] = mapped_column(Date, info=label("Contract start"))
    renewal_date: Mapped[date | None] = mapped_column(Date, info=label("Renewal date"))
    owner: Mapped[str] = mapped_column(String(120), default="", info=label("CSM owner"))
    strategic: Mapped[bool] = mapped_column(Boolean, default=False, info=label("Strategic"))
    notes: Mapped[str] = mapped_column(Text, default="", info=label("Notes"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False, info=label("Archived"))
    website: Mapped[str] = mapped_column(String(255), default="", info=label("Website"))
    csm_sentiment: Mapped[int | None] = mapped_column(
        Integer, info=label("CSM sentiment", min=-2, max=2)
    )
    csm_sentiment_note: Mapped[str] = mapped_column(
        Text, default="", info=label("CSM sentiment note")
    )
    csm_sentiment_on: Mapped[date | None] = mapped_column(Date, info=label("CSM sentiment date"))

    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_accounts_name", "name"),
        Index("ix_accounts_renewal_date", "renewal_date"),
    )


class StageChange(Tracked, Base):
    __tablename__ = "stage_changes"
    account_id: Mapped[str] = account_fk()
    stage: Mapped[e.LifecycleStage] = mapped_column(enum_type(e.LifecycleStage))
    changed_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    note: Mapped[str] = mapped_column(Text, default="", info=label("Note"))

    account: Mapped[Account] = relationship(back_populates="stage_changes")


# --------------------------------------------------------------------------- plans


class SuccessPlan(Tracked, Base):
    __tablename__ = "success_plans"
    account_id: Mapped[str] = account_fk()
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    period_start: Mapped[date | None] = mapped_column(Date, info=label("Period start"))
    period_end: Mapped[date | None] = mapped_column(Date, info=label("Period end"))
    status: Mapped[e.PlanStatus] = mapped_column(
        enum_type(e.PlanStatus), default=e.PlanStatus.DRAFT
    )
    desired_outcomes: Mapped[str] = mapped_column(Text, default="", info=label("Desired outcomes"))
    internal_notes: Mapped[str] = mapped_column(Text, default="", info=label("Internal notes"))


class Goal(Tracked, Base):
    __tablename__ = "goals"
    plan_id: Mapped[str] = mapped_column(
        GUID(),
        ForeignKey("success_plans.id", ondelete="CASCADE"),
        index=True,
        info=label("Plan"),
    )
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    description: Mapped[str] = mapped_column(Text, default="", info=label("Description"))
    category: Mapped[e.GoalCategory] = mapped_column(
        enum_type(e.GoalCategory), default=e.GoalCategory.ADOPTION
    )
    kpi_name: Mapped[str] = mapped_column(String(120), default="", info=label("KPI"))
    unit: Mapped[str] = mapped_column(String(40), default="", info=label("Unit"))
    baseline: Mapped[float | None] = mapped_column(Float, info=label("Baseline"))
    current: Mapped[float | None] = mapped_column(Float, info=label("Current value"))
    target: Mapped[float | None] = mapped_column(Float, info=label("Target"))
    due_date: Mapped[date | None] = mapped_column(Date, info=label("Due date"))
    status: Mapped[e.GoalStatus] = mapped_column(
        enum_type(e.GoalStatus), default=e.GoalStatus.NOT_STARTED
    )
    achieved_on: Mapped[date | None] = mapped_column(Date, info=label("Achieved on"))
    priority: Mapped[e.Priority] = mapped_column(enum_type(e.Priority), default=e.Priority.MEDIUM)
    owner_stakeholder_id: Mapped[str | None] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="SET NULL"),
        index=True,
        info=label("Owner"),
    )
    owner_name: Mapped[str] = mapped_column(String(120), default="", info=label("Owner"))
    customer_visible: Mapped[bool] = mapped_column(
        Boolean, default=True, info=label("Customer-visible")
    )
    value_per_unit_minor: Mapped[int | None] = mapped_column(Integer, info=label("Value per unit"))
    """What one unit of the KPI is worth to the customer, in minor units of the account's
    currency (an hour saved = 6,500 cents): turns progress into money on the value slide.
    Checked by the goal service (0 or more, in words that speak of money, not minor units)."""


class GoalMeasurement(Tracked, Base):
    __tablename__ = "goal_measurements"
    goal_id: Mapped[str] = mapped_column(
        GUID(), ForeignKey("goals.id", ondelete="CASCADE"), index=True, info=label("Goal")
    )
    measured_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    value: Mapped[float] = mapped_column(Float, info=label("Value"))
    note: Mapped[str] = mapped_column(Text, default="", info=label("Note"))


class Risk(Tracked, Base):
    __tablename__ = "risks"
    account_id: Mapped[str] = account_fk()
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    description: Mapped[str] = mapped_column(Text, default="", info=label("Description"))
    category: Mapped[e.RiskCategory] = mapped_column(
        enum_type(e.RiskCategory), default=e.RiskCategory.ADOPTION
    )
    severity: Mapped[e.Severity] = mapped_column(enum_type(e.Severity), default=e.Severity.MEDIUM)
    likelihood: Mapped[e.Likelihood] = mapped_column(
        enum_type(e.Likelihood), default=e.Likelihood.POSSIBLE
    )
    mitigation: Mapped[str] = mapped_column(Text, default="", info=label("Mitigation"))
    status: Mapped[e.RiskStatus] = mapped_column(enum_type(e.RiskStatus), default=e.RiskStatus.OPEN)
    raised_on: Mapped[date | None] = mapped_column(Date, info=label("Raised on"))
    resolved_on: Mapped[date | None] = mapped_column(Date, info=label("Resolved on"))
    owner_name: Mapped[str] = mapped_column(String(120), default="", info=label("Owner"))
    internal: Mapped[bool] = mapped_column(Boolean, default=False, info=label("Internal only"))


# --------------------------------------------------------------------------- people


class Stakeholder(Tracked, Base):
    __tablename__ = "stakeholders"
    account_id: Mapped[str] = account_fk()
    name: Mapped[str] = mapped_column(String(200), info=label("Name"))
    job_title: Mapped[str] = mapped_column(String(200), default="", info=label("Job title"))
    email: Mapped[str] = mapped_column(String(254), default="", info=label("Email"))
    phone: Mapped[str] = mapped_column(String(40), default="", info=label("Phone"))
    side: Mapped[e.Side] = mapped_column(enum_type(e.Side), default=e.Side.CUSTOMER)
    role: Mapped[e.StakeholderRole] = mapped_column(
        enum_type(e.StakeholderRole), default=e.StakeholderRole.END_USER
    )
    influence: Mapped[int] = mapped_column(
        Integer, default=3, info=label("Influence", min=1, max=5)
    )
    sentiment: Mapped[int] = mapped_column(
        Integer, default=0, info=label("Sentiment", min=-2, max=2)
    )
    sentiment_on: Mapped[date | None] = mapped_column(Date, info=label("Sentiment date"))
    reports_to_id: Mapped[str | None] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="SET NULL"),
        index=True,
        info=label("Reports to"),
    )
    last_contact: Mapped[date | None] = mapped_column(Date, info=label("Last contact"))
    left_company: Mapped[bool] = mapped_column(Boolean, default=False, info=label("Left company"))
    left_on: Mapped[date | None] = mapped_column(Date, info=label("Left on"))
    notes: Mapped[str] = mapped_column(Text, default="", info=label("Notes"))
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True, info=label("CRM id"))


class StakeholderSentiment(Tracked, Base):
    __tablename__ = "stakeholder_sentiments"
    stakeholder_id: Mapped[str] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="CASCADE"),
        index=True,
        info=label("Stakeholder"),
    )
    recorded_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    sentiment: Mapped[int] = mapped_column(Integer, info=label("Sentiment", min=-2, max=2))
    note: Mapped[str] = mapped_column(Text, default="", info=label("Note"))


# --------------------------------------------------------------------------- adoption and work


class UseCase(Tracked, Base):
    __tablename__ = "use_cases"
    account_id: Mapped[str] = account_fk()
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    problem: Mapped[str] = mapped_column(Text, default="", info=label("Problem"))
    desired_outcome: Mapped[str] = mapped_column(Text, default="", info=label("Desired outcome"))
    products: Mapped[str] = mapped_column(String(400), default="", info=label("Products"))
    status: Mapped[e.UseCaseStatus] = mapped_column(
        enum_type(e.UseCaseStatus), default=e.UseCaseStatus.PLANNED
    )
    adoption_pct: Mapped[int] = mapped_column(
        Integer, default=0, info=label("Adoption %", min=0, max=100)
    )
    go_live: Mapped[date | None] = mapped_column(Date, info=label("Go-live date"))
    value_realised: Mapped[str] = mapped_column(Text, default="", info=label("Value realised"))
    value_minor: Mapped[int | None] = mapped_column(
        Integer, info=label("Value amount", min=0, max=10**15)
    )


class ActionItem(Tracked, Base):
    __tablename__ = "action_items"
    account_id: Mapped[str] = account_fk()
    goal_id: Mapped[str | None] = mapped_column(
        GUID(), ForeignKey("goals.id", ondelete="SET NULL"), index=True, info=label("Goal")
    )
    risk_id: Mapped[str | None] = mapped_column(
        GUID(), ForeignKey("risks.id", ondelete="SET NULL"), index=True, info=label("Risk")
    )
    qbr_id: Mapped[str | None] = mapped_column(
        GUID(), ForeignKey("qbrs.id", ondelete="SET NULL"), index=True, info=label("QBR")
    )
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    description: Mapped[str] = mapped_column(Text, default="", info=label("Description"))
    owner_name: Mapped[str] = mapped_column(String(120), default="", info=label("Owner"))
    owner_stakeholder_id: Mapped[str | None] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="SET NULL"),
        index=True,
        info=label("Owner"),
    )
    due_date: Mapped[date | None] = mapped_column(Date, info=label("Due date"))
    status: Mapped[e.ActionStatus] = mapped_column(
        enum_type(e.ActionStatus), default=e.ActionStatus.OPEN
    )
    priority: Mapped[e.Priority] = mapped_column(enum_type(e.Priority), default=e.Priority.MEDIUM)
    type: Mapped[e.ActionType] = mapped_column(
        enum_type(e.ActionType), default=e.ActionType.FOLLOW_UP
    )
    completed_on: Mapped[date | None] = mapped_column(Date, info=label("Completed on"))
    snoozed_until: Mapped[date | None] = mapped_column(Date, info=label("Snoozed until"))
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True, info=label("CRM id"))

    __table_args__ = (Index("ix_action_items_status_due", "status", "due_date"),)


class Interaction(Tracked, Base):
    __tablename__ = "interactions"
    account_id: Mapped[str] = account_fk(index=False)
    occurred_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    type: Mapped[e.InteractionType] = mapped_column(
        enum_type(e.InteractionType), default=e.InteractionType.CALL
    )
    subject: Mapped[str] = mapped_column(String(2000), info=label("Subject"))
    summary: Mapped[str] = mapped_column(Text, default="", info=label("Summary"))
    sentiment: Mapped[int | None] = mapped_column(Integer, info=label("Sentiment", min=-2, max=2))
    external_id: Mapped[str | None] = mapped_column(String(998), info=label("Source id"))
    """Where a captured interaction came from (an invite's UID, a message's Message-ID), so
    logging the same file twice updates one interaction instead of adding another."""

    __table_args__ = (
        Index("ix_interactions_account_date", "account_id", "occurred_on"),
        Index("ix_interactions_external_id", "external_id", unique=True),
    )


class InteractionAttendee(Tracked, Base):
    __tablename__ = "interaction_attendees"
    interaction_id: Mapped[str] = mapped_column(  # indexed by the unique pair below
        GUID(), ForeignKey("interactions.id", ondelete="CASCADE"), info=label("Interaction")
    )
    stakeholder_id: Mapped[str] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="CASCADE"),
        index=True,
        info=label("Attendee"),
    )
    __table_args__ = (UniqueConstraint("interaction_id", "stakeholder_id"),)


# --------------------------------------------------------------------------- health


class HealthModel(Tracked, Base):
    __tablename__ = "health_models"
    version: Mapped[int] = mapped_column(Integer, unique=True, info=label("Version", min=1))
    weights: Mapped[dict[str, float]] = mapped_column(JSON, info=label("Weights"))
    red_below: Mapped[int] = mapped_column(
        Integer, default=40, info=label("Red below", min=1, max=99)
    )
    green_from: Mapped[int] = mapped_column(
        Integer, default=70, info=label("Green from", min=1, max=100)
    )
    note: Mapped[str] = mapped_column(Text, default="", info=label("Note"))


class HealthSnapshot(Tracked, Base):
    __tablename__ = "health_snapshots"
    account_id: Mapped[str] = account_fk(index=False)
    taken_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    factors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, info=label("Factors"))
    computed_score: Mapped[float] = mapped_column(
        Float, info=label("Computed score", min=0, max=100)
    )
    override_score: Mapped[float | None] = mapped_column(
        Float, info=label("Override score", min=0, max=100)
    )
    override_reason: Mapped[str] = mapped_column(Text, default="", info=label("Override reason"))
    score: Mapped[float] = mapped_column(Float, info=label("Score", min=0, max=100))
    band: Mapped[e.HealthBand] = mapped_column(enum_type(e.HealthBand))
    model_version: Mapped[int] = mapped_column(Integer, info=label("Model version", min=1))

    __table_args__ = (Index("ix_health_snapshots_account_date", "account_id", "taken_on"),)


# --------------------------------------------------------------------------- voice and revenue


class SurveyResponse(Tracked, Base):
    __tablename__ = "survey_responses"
    account_id: Mapped[str] = account_fk()
    stakeholder_id: Mapped[str | None] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="SET NULL"),
        index=True,
        info=label("Respondent"),
    )
    responded_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    kind: Mapped[e.SurveyKind] = mapped_column(enum_type(e.SurveyKind))
    score: Mapped[int] = mapped_column(Integer, info=label("Score"))  # range depends on kind
    comment: Mapped[str] = mapped_column(Text, default="", info=label("Comment"))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list, info=label("Themes"))
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True, info=label("CRM id"))


class Opportunity(Tracked, Base):
    __tablename__ = "opportunities"
    account_id: Mapped[str] = account_fk()
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    kind: Mapped[e.OpportunityKind] = mapped_column(
        enum_type(e.OpportunityKind), default=e.OpportunityKind.UPSELL
    )
    product: Mapped[str] = mapped_column(String(200), default="", info=label("Product"))
    amount_minor: Mapped[int] = mapped_column(
        Integer, default=0, info=label("Amount", min=0, max=10**15)
    )
    currency: Mapped[str] = mapped_column(String(3), default="USD", info=label("Currency"))
    stage: Mapped[e.OpportunityStage] = mapped_column(
        enum_type(e.OpportunityStage), default=e.OpportunityStage.IDENTIFIED
    )
    expected_close: Mapped[date | None] = mapped_column(Date, info=label("Expected close"))
    status: Mapped[e.OpportunityStatus] = mapped_column(
        enum_type(e.OpportunityStatus), default=e.OpportunityStatus.OPEN
    )
    closed_on: Mapped[date | None] = mapped_column(Date, info=label("Closed on"))
    notes: Mapped[str] = mapped_column(Text, default="", info=label("Notes"))


class RevenueEvent(Tracked, Base):
    __tablename__ = "revenue_events"
    account_id: Mapped[str] = account_fk(index=False)
    occurred_on: Mapped[date] = mapped_column(Date, info=label("Date"))
    kind: Mapped[e.RevenueKind] = mapped_column(enum_type(e.RevenueKind))
    arr_delta_minor: Mapped[int] = mapped_column(
        Integer, info=label("ARR change", min=-(10**15), max=10**15)
    )
    currency: Mapped[str] = mapped_column(String(3), default="USD", info=label("Currency"))
    note: Mapped[str] = mapped_column(Text, default="", info=label("Note"))
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True, info=label("CRM id"))

    __table_args__ = (Index("ix_revenue_events_account_date", "account_id", "occurred_on"),)


# --------------------------------------------------------------------------- QBRs


class Qbr(Tracked, Base):
    __tablename__ = "qbrs"
    account_id: Mapped[str] = account_fk()
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    meeting_date: Mapped[date] = mapped_column(Date, info=label("Meeting date"))
    period_start: Mapped[date | None] = mapped_column(Date, info=label("Period start"))
    period_end: Mapped[date | None] = mapped_column(Date, info=label("Period end"))
    length_minutes: Mapped[int] = mapped_column(
        Integer, default=60, info=label("Length (minutes)", min=10, max=480)
    )
    status: Mapped[e.QbrStatus] = mapped_column(enum_type(e.QbrStatus), default=e.QbrStatus.PLANNED)
    objectives: Mapped[str] = mapped_column(Text, default="", info=label("Objectives"))
    decisions: Mapped[str] = mapped_column(Text, default="", info=label("Decisions"))
    asks: Mapped[str] = mapped_column(Text, default="", info=label("Asks"))
    """What we ask of the customer or want decided at the meeting (one per line)."""
    notes: Mapped[str] = mapped_column(Text, default="", info=label("Internal notes"))
    generated_files: Mapped[list[str]] = mapped_column(
        JSON, default=list, info=label("Generated files")
    )


class QbrAgendaItem(Tracked, Base):
    __tablename__ = "qbr_agenda_items"
    qbr_id: Mapped[str] = mapped_column(
        GUID(), ForeignKey("qbrs.id", ondelete="CASCADE"), index=True, info=label("QBR")
    )
    position: Mapped[int] = mapped_column(Integer, default=0, info=label("Position", min=0))
    section: Mapped[str] = mapped_column(String(40), default="", info=label("Section"))
    title: Mapped[str] = mapped_column(String(2000), info=label("Title"))
    minutes: Mapped[int] = mapped_column(Integer, default=5, info=label("Minutes", min=0, max=480))
    owner: Mapped[str] = mapped_column(String(120), default="", info=label("Owner"))
    notes: Mapped[str] = mapped_column(Text, default="", info=label("Notes"))
    talking_points: Mapped[list[str]] = mapped_column(
        JSON, default=list, info=label("Talking points")
    )


class QbrAttendee(Tracked, Base):
    __tablename__ = "qbr_attendees"
    qbr_id: Mapped[str] = mapped_column(  # indexed by the unique pair below
        GUID(), ForeignKey("qbrs.id", ondelete="CASCADE"), info=label("QBR")
    )
    stakeholder_id: Mapped[str] = mapped_column(
        GUID(),
        ForeignKey("stakeholders.id", ondelete="CASCADE"),
        index=True,
        info=label("Attendee"),
    )
    __table_args__ = (UniqueConstraint("qbr_id", "stakeholder_id"),)


# --------------------------------------------------------------------------- working the book


class AttentionState(Tracked, Base):
    """A "needs attention" item snoozed or dismissed. It applies while ``fingerprint`` is the
    item's current cause; when the cause changes, the item shows again."""

    __tablename__ = "attention_states"
    account_id: Mapped[str] = account_fk()
    item_key: Mapped[str] = mapped_column(String(200), unique=True, info=label("Item"))
    kind: Mapped[str] = mapped_column(String(32), info=label("Kind"))
    fingerprint: Mapped[str] = mapped_column(String(200), info=label("Cause"))
    snoozed_until: Mapped[date | None] = mapped_column(Date, info=label("Snoozed until"))
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, info=label("Dismissed"))
    reason: Mapped[str] = mapped_column(Text, default="", info=label("Reason"))


class PlanTemplate(Tracked, Base):
    __tablename__ = "plan_templates"
    name: Mapped[str] = mapped_column(String(120), unique=True, info=label("Name"))
    description: Mapped[str] = mapped_column(Text, default="", info=label("Description"))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, info=label("Template"))


class ForecastOverride(Tracked, Base):
    """A manual forecast category for one renewal of an account (``category`` None: the
    override was cleared). Rows are only added, so they are the override's history."""

    __tablename__ = "forecast_overrides"
    account_id: Mapped[str] = account_fk(index=False)
    renewal_date: Mapped[date] = mapped_column(Date, info=label("Renewal date"))
    category: Mapped[e.ForecastCategory | None] = mapped_column(
        enum_type(e.ForecastCategory), info=label("Forecast")
    )
    reason: Mapped[str] = mapped_column(Text, default="", info=label("Reason"))
    set_on: Mapped[date] = mapped_column(Date, info=label("Date"))

    __table_args__ = (Index("ix_forecast_overrides_account_renewal", "account_id", "renewal_date"),)


#: Tables whose rows carry ``Tracked`` columns, in an order where parents come before children.
DATA_TABLES: tuple[str, ...] = tuple(
    t.name for t in Base.metadata.sorted_tables if "rev" in t.c and t.name != "edit_sessions"
)
