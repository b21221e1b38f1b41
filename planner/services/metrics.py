"""Portfolio metrics from the book, for any period and segment (the formulas are pure, in
:mod:`planner.domain.metrics`; this module only reads the facts they need).

The facts of a selection are read with a fixed number of statements (no query per account):
the accounts, their revenue events, churned stage changes, first value dates, survey answers
and the band of each account's latest snapshot on a given day. Money is converted to the book's
base currency with the ``fx_rates`` setting; a currency without a rate is an error that names it.

An account counts as churned from its last ``churn`` revenue event, or, when it was only moved
to the churned lifecycle stage, from that day; the ARR it still shows then is counted as churned
that day, so ARR metrics agree with logo churn. Archived accounts are included (their history
is part of the book's history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, LargeBinary, Select, String, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import metrics as mx
from planner.domain.enums import HealthBand, LifecycleStage, RevenueKind, Tier, UseCaseStatus
from planner.store import models as m
from planner.store.book import Book
from planner.store.models import EPOCH, guid_text

_LIVE_ONCE = (UseCaseStatus.LIVE, UseCaseStatus.AT_RISK, UseCaseStatus.RETIRED)


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """Who an account is, next to its facts (for charts and lists)."""

    id: str
    name: str
    currency: str


@dataclass(frozen=True, slots=True)
class BookFacts:
    """Everything the metrics of a selection are computed from (money in base currency)."""

    currency: str
    gross_margin_pct: Decimal
    accounts: tuple[mx.AccountFacts, ...]
    answers: tuple[mx.SurveyFact, ...]
    """The answers of the period asked for, grouped by kind and score (empty otherwise)."""
    info: dict[str, AccountInfo]
    segment: mx.Segment | None
    bands_on: date
    rates_used: tuple[tuple[str, Decimal], ...] = ()
    """The exchange rates that converted money to ``currency`` (currency, base per unit)."""


def _segment_condition(segment: mx.Segment | None) -> list[Any]:
    if segment is None:
        return []
    if segment.field == "tier":
        try:
            tier = Tier.parse(segment.value)
        except ValueError as exc:
            choices = ", ".join(t.value for t in Tier)
            raise errors.ValidationError(
                "segment", f"{segment.value!r} is not a tier. Use one of: {choices}."
            ) from exc
        return [m.Account.tier == tier]
    column = getattr(m.Account, segment.field)
    return [func.lower(column) == segment.value.strip().lower()]


def selected_accounts(segment: mx.Segment | None) -> Select[str]:
    """The ids of the accounts in ``segment``, as a subquery for ``IN (...)``."""
    return select(m.Account.id).where(*_segment_condition(segment))


def _settings(session: Session) -> tuple[str, Decimal, dict[str, object]]:
    values: dict[str, Any] = dict(
        session.execute(
            select(m.Setting.key, m.Setting.value).where(
                m.Setting.key.in_(("base_currency", "gross_margin_pct", "fx_rates"))
            )
        ).all()
    )
    base = str(values.get("base_currency") or "USD")
    margin = values.get("gross_margin_pct", 80)
    rates = values.get("fx_rates") or {}
    return base, Decimal(str(margin)), dict(rates) if isinstance(rates, dict) else {}


def _within(column: Any, segment: mx.Segment | None) -> list[Any]:
    """``column IN (the segment's accounts)``, or nothing for the whole book."""
    return [] if segment is None else [column.in_(selected_accounts(segment))]


def _raw_id(column: Any) -> Any:
    """An id column read as its stored 16 bytes (no per-row conversion)."""
    return type_coerce(column, LargeBinary)


def _raw(column: Any) -> Any:
    """A date or enum column read as its stored text (ISO date, enum value)."""
    return type_coerce(column, String)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _utc_day(millis: int) -> date:
    return (EPOCH + timedelta(milliseconds=millis)).date()


def facts_in(
    session: Session,
    segment: mx.Segment | None,
    bands_on: date,
    answers_in: mx.Period | None = None,
) -> BookFacts:
    """The facts of every account in ``segment`` (archived ones too: history is history),
    with the band of each account's latest snapshot on ``bands_on`` and, when ``answers_in``
    is given, the survey answers of that period (grouped by kind and score).

    Columns are read as stored (id bytes, ISO dates, enum values, integer timestamps) and
    converted here: at 10,000 accounts that is several times faster than the ORM's per-value
    type processing, and this read is what every portfolio figure waits for.
    """
    base, margin, rates = _settings(session)
    rows = session.execute(
        select(
            _raw_id(m.Account.id),
            m.Account.name,
            m.Account.currency,
            _raw(m.Account.contract_start),
            _raw(m.Account.renewal_date),
            _raw(m.Account.lifecycle_stage),
            type_coerce(m.Account.created_at, Integer),
            type_coerce(m.Account.updated_at, Integer),
        ).where(*_segment_condition(segment))
    ).all()
    missing = sorted({r[2] for r in rows} - {base} - set(rates))
    if missing:
        names = " and ".join(missing) if len(missing) <= 2 else ", ".join(missing)
        raise errors.ValidationError(
            "fx_rates",
            f"Some accounts are in {names}, but the book has no exchange rate from "
            f"{'them' if len(missing) > 1 else missing[0]} to {base}. Add "
            f"{'them' if len(missing) > 1 else 'one'} in Book > Settings… (or planner settings "
            f"BOOK --set fx.{missing[0]}=1.08, which means 1 {missing[0]} is worth 1.08 "
            f"{base}), then try again.",
        )
    converted = {r[2] for r in rows} - {base}
    events: dict[bytes, list[mx.RevenueFact]] = defaultdict(list)
    kinds = {k.value: k for k in RevenueKind}
    parse = date.fromisoformat
    for aid, day, kind, delta, currency in session.execute(
        select(
            _raw_id(m.RevenueEvent.account_id),
            _raw(m.RevenueEvent.occurred_on),
            _raw(m.RevenueEvent.kind),
            m.RevenueEvent.arr_delta_minor,
            m.RevenueEvent.currency,
        ).where(*_within(m.RevenueEvent.account_id, segment))
    ):
        if currency == base:
            amount = delta
        else:
            amount = mx.to_base(delta, currency, base, rates)
            converted.add(currency)
        events[aid].append(mx.RevenueFact(parse(day), kinds[kind], amount))

    def per_account(stmt: Any) -> dict[bytes, date]:
        return {aid: parse(day) for aid, day in session.execute(stmt) if day is not None}

    churn_stage = per_account(
        select(_raw_id(m.StageChange.account_id), _raw(func.max(m.StageChange.changed_on)))
        .where(
            m.StageChange.stage == LifecycleStage.CHURNED,
            *_within(m.StageChange.account_id, segment),
        )
        .group_by(m.StageChange.account_id)
    )
    goal_value = per_account(
        select(_raw_id(m.SuccessPlan.account_id), _raw(func.min(m.Goal.achieved_on)))
        .join(m.Goal, m.Goal.plan_id == m.SuccessPlan.id)
        .where(m.Goal.achieved_on.is_not(None), *_within(m.SuccessPlan.account_id, segment))
        .group_by(m.SuccessPlan.account_id)
    )
    live_value = per_account(
        select(_raw_id(m.UseCase.account_id), _raw(func.min(m.UseCase.go_live)))
        .where(
            m.UseCase.go_live.is_not(None),
            m.UseCase.status.in_(_LIVE_ONCE),
            *_within(m.UseCase.account_id, segment),
        )
        .group_by(m.UseCase.account_id)
    )
    bands = _bands_by_bytes(session, segment, bands_on)
    answers: tuple[mx.SurveyFact, ...] = ()
    if answers_in is not None:
        grouped = session.execute(
            select(m.SurveyResponse.kind, m.SurveyResponse.score, func.count())
            .where(
                m.SurveyResponse.responded_on >= answers_in.start,
                m.SurveyResponse.responded_on <= answers_in.end,
                *_within(m.SurveyResponse.account_id, segment),
            )
            .group_by(m.SurveyResponse.kind, m.SurveyResponse.score)
        )
        answers = tuple(
            mx.SurveyFact(answers_in.start, kind, score, count) for kind, score, count in grouped
        )
    stages = {s.value: s for s in LifecycleStage}
    facts = []
    info = {}
    for raw_id, name, currency, start, renewal, stage, created, updated in rows:
        aid = guid_text(raw_id)
        mine = tuple(sorted(events.get(raw_id, ()), key=_on_day))
        churned_on = _churned_on(mine, stages[stage], churn_stage.get(raw_id), updated)
        mine = _close_churned(mine, churned_on)
        firsts = [d for d in (goal_value.get(raw_id), live_value.get(raw_id)) if d is not None]
        contract_start = _day(start)
        facts.append(
            mx.AccountFacts(
                id=aid,
                began_on=_began_on(mine, contract_start, created),
                churned_on=churned_on,
                events=mine,
                renewal_date=_day(renewal),
                contract_start=contract_start,
                first_value_on=min(firsts) if firsts else None,
                health_band=bands.get(raw_id),
            )
        )
        info[aid] = AccountInfo(aid, name, currency)
    used = tuple((c, mx.parse_rate(c, rates[c])) for c in sorted(converted) if c in rates)
    return BookFacts(base, margin, tuple(facts), answers, info, segment, bands_on, used)


def _on_day(event: mx.RevenueFact) -> date:
    return event.day


def _began_on(events: Sequence[mx.RevenueFact], start: date | None, created_ms: int) -> date:
    """First day as a customer: the earlier of the contract start and the first revenue
    event; an account with neither began when it was added to the book."""
    days = [d for d in (start, events[0].day if events else None) if d is not None]
    return min(days) if days else _utc_day(created_ms)


def _churned_on(
    events: Sequence[mx.RevenueFact],
    stage: LifecycleStage,
    churn_stage_on: date | None,
    updated_ms: int,
) -> date | None:
    """The day the account churned: its last churn event (unless ARR came back after it, a
    win-back), else the day it entered the churned stage, for an account marked churned."""
    churns = [e.day for e in events if e.kind is RevenueKind.CHURN]
    if churns:
        last = churns[-1]
        won_back = any(e.day > last and e.amount_minor > 0 for e in events)
        if not won_back:
            return last
    if stage is LifecycleStage.CHURNED:
        return churn_stage_on or _utc_day(updated_ms)
    return None


def _close_churned(
    events: tuple[mx.RevenueFact, ...], churned_on: date | None
) -> tuple[mx.RevenueFact, ...]:
    """An account marked churned without a churn revenue event still shows ARR; count what is
    left as churned on the day it churned, so ARR metrics agree with logo churn."""
    if churned_on is None or any(e.kind is RevenueKind.CHURN for e in events):
        return events
    left = sum(e.amount_minor for e in events if e.day <= churned_on)
    if left <= 0:
        return events
    closing = mx.RevenueFact(churned_on, RevenueKind.CHURN, -left)
    return tuple(sorted((*events, closing), key=lambda e: e.day))


def _bands_by_bytes(
    session: Session, segment: mx.Segment | None, day: date
) -> dict[bytes, HealthBand]:
    last_day = (
        select(
            m.HealthSnapshot.account_id.label("account_id"),
            func.max(m.HealthSnapshot.taken_on).label("taken_on"),
        )
        .where(m.HealthSnapshot.taken_on <= day, *_within(m.HealthSnapshot.account_id, segment))
        .group_by(m.HealthSnapshot.account_id)
    ).subquery()
    stmt = select(
        _raw_id(m.HealthSnapshot.account_id),
        _raw(m.HealthSnapshot.band),
        type_coerce(m.HealthSnapshot.created_at, Integer),
    ).join(
        last_day,
        and_(
            last_day.c.account_id == m.HealthSnapshot.account_id,
            last_day.c.taken_on == m.HealthSnapshot.taken_on,
        ),
    )
    found: dict[bytes, tuple[int, str]] = {}
    for aid, band, created in session.execute(stmt):
        if aid not in found or created >= found[aid][0]:
            found[aid] = (created, band)
    names = {b.value: b for b in HealthBand}
    return {aid: names[band] for aid, (_created, band) in found.items()}


def bands_on_day(session: Session, segment: mx.Segment | None, day: date) -> dict[str, HealthBand]:
    """The band of each account's latest snapshot taken on or before ``day`` (the latest
    recorded, when one day has several)."""
    return {guid_text(aid): band for aid, band in _bands_by_bytes(session, segment, day).items()}


def book_facts(
    book: Book,
    segment: mx.Segment | None = None,
    *,
    bands_on: date | None = None,
    answers_in: mx.Period | None = None,
) -> BookFacts:
    day = bands_on or book.clock.today()
    with book.read() as session:
        return facts_in(session, segment, day, answers_in)


def portfolio_metrics(
    book: Book,
    period: mx.Period,
    segment: mx.Segment | None = None,
    *,
    as_of: date | None = None,
) -> mx.Metrics:
    """Every portfolio figure for ``period`` (renewals come due only up to ``as_of``)."""
    today = as_of or book.clock.today()
    facts = book_facts(book, segment, bands_on=period.end, answers_in=period)
    figures = mx.compute_metrics(
        facts.accounts,
        facts.answers,
        period,
        as_of=today,
        currency=facts.currency,
        gross_margin_pct=facts.gross_margin_pct,
        segment=segment,
    )
    return replace(figures, rates_used=facts.rates_used)


def retention_by_quarter(
    book: Book,
    *,
    quarters: int = 8,
    segment: mx.Segment | None = None,
    as_of: date | None = None,
) -> list[tuple[mx.Period, mx.RevenueRetention]]:
    """NRR and GRR of each of the last ``quarters`` calendar quarters (the current one last)."""
    today = as_of or book.clock.today()
    facts = book_facts(book, segment, bands_on=today)
    return [
        (period, mx.revenue_retention(facts.accounts, period))
        for period in mx.quarters_ending(today, quarters)
    ]


def segment_values(book: Book, field_name: str) -> list[str]:
    """The values a segment field takes in the book (for a filter's choices), sorted."""
    if field_name not in mx.SEGMENT_FIELDS:
        raise errors.ValidationError("segment", f"{field_name!r} is not a segment field.")
    if field_name == "tier":
        return [t.value for t in Tier]
    column = getattr(m.Account, field_name)
    with book.read() as session:
        found = session.scalars(
            select(column).where(and_(column.is_not(None), column != "")).distinct()
        )
        unique: dict[str, str] = {}
        for value in sorted((str(v) for v in found), key=lambda v: (v.casefold(), v)):
            unique.setdefault(value.casefold(), value)
        return list(unique.values())
