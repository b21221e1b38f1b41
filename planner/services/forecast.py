"""Renewal forecast for a book: every renewal in the next quarters with its category, ARR at
stake and risk-weighted ARR in the base currency, by month and quarter; this quarter against
last quarter; manual overrides with their history; and one account's forecast for its QBR.

The rules are in :mod:`planner.domain.forecast`. This module gathers the facts in a fixed
number of queries, either as they are now or as they stood on a past day (for last quarter's
forecast: health snapshots up to that day, risks open then, the people there then with their
sentiment then, ARR then, and overrides set by then).

Which renewals: accounts not archived and not churned whose renewal date falls from the first
day of this quarter to the last day of the last quarter asked for. A renewal date that has
passed (earlier this quarter) is kept and marked past due: the account neither renewed nor
churned since, and its date is worth updating.

Last quarter's renewals are those that came due then, as the renewal rate counts them: a
renewal or churn recorded in the quarter, or a renewal date in it still undecided.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import forecast as fc
from planner.domain import formatting as fmt
from planner.domain.agenda import fmt_date
from planner.domain.coverage import assess_coverage
from planner.domain.enums import (
    ForecastCategory,
    HealthBand,
    LifecycleStage,
    RevenueKind,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
)
from planner.domain.metrics import Period
from planner.domain.money import format_minor
from planner.store import models as m
from planner.store.book import Book
from planner.store.models import guid_bytes
from planner.store.rows import DeletedRows, delete_rows

Category = ForecastCategory
Weights = fc.Weights
DEFAULT_QUARTERS = 4
MAX_QUARTERS = 12
_CHUNK = 500


# --------------------------------------------------------------------------- DTOs


@dataclass(frozen=True, slots=True)
class ForecastRow:
    account_id: str
    account_name: str
    owner: str
    renewal_date: date
    days_to_renewal: int
    past_due: bool
    currency: str
    arr_minor: int
    """ARR at stake in the account's currency."""
    arr_base_minor: int | None
    """ARR at stake in the base currency (None: not converted)."""
    fx_rate: str | None
    conversion_problem: str
    category: Category
    derived: Category
    overridden: bool
    reasons: tuple[str, ...]
    weight_pct: int
    weighted_minor: int | None
    """Risk-weighted ARR in the base currency (None: not converted)."""
    health_score: float | None
    health_band: HealthBand | None

    @property
    def converted(self) -> bool:
        return self.arr_base_minor is not None

    def as_contract(self, base: str) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "account": self.account_name,
            "owner": self.owner,
            "renewal_date": self.renewal_date.isoformat(),
            "days_to_renewal": self.days_to_renewal,
            "past_due": self.past_due,
            "category": self.category.value,
            "derived_category": self.derived.value,
            "overridden": self.overridden,
            "reasons": list(self.reasons),
            "weight_pct": self.weight_pct,
            "currency": self.currency,
            "arr_minor": self.arr_minor,
            "base_currency": base,
            "converted": self.converted,
            "fx_rate": self.fx_rate,
            "not_converted_because": self.conversion_problem or None,
            "arr_at_stake_minor": self.arr_base_minor,
            "weighted_arr_minor": self.weighted_minor,
            "health_score": None if self.health_score is None else round(self.health_score),
            "health_band": self.health_band.value if self.health_band else None,
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """How last quarter's renewals turned out (base currency)."""

    renewed: int
    renewed_minor: int
    churned: int
    churned_minor: int
    undecided: int


@dataclass(frozen=True, slots=True)
class Comparison:
    this_quarter: fc.Bucket
    last_quarter: fc.Bucket
    """Last quarter's renewals as forecast on its first day."""
    last_quarter_as_of: date
    last_quarter_outcome: Outcome


@dataclass(frozen=True, slots=True)
class Forecast:
    today: date
    base_currency: str
    quarters: int
    start: date
    end: date
    weights: Weights
    rows: tuple[ForecastRow, ...]
    months: tuple[fc.Bucket, ...]
    by_quarter: tuple[fc.Bucket, ...]
    total: fc.Bucket
    rates_used: dict[str, str]
    not_converted: tuple[str, ...]
    """Currencies of renewals that could not be converted (no usable rate)."""
    comparison: Comparison

    @property
    def arr_at_stake_minor(self) -> int:
        return self.total.arr_at_stake_minor

    @property
    def weighted_arr_minor(self) -> int:
        return self.total.weighted_arr_minor

    def money(self, minor: int) -> str:
        return format_minor(minor, self.base_currency)

    def as_contract(self) -> dict[str, Any]:
        base = self.base_currency

        def bucket(b: fc.Bucket) -> dict[str, Any]:
            return {
                "label": b.label,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "renewals": b.renewals,
                "arr_at_stake_minor": b.arr_at_stake_minor,
                "weighted_arr_minor": b.weighted_arr_minor,
                "arr_by_category_minor": b.by_category,
                "not_converted": b.not_converted,
            }

        c = self.comparison
        return {
            "as_of": self.today.isoformat(),
            "base_currency": base,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "quarters": self.quarters,
            "weights_pct": {k.value: self.weights.of(k) for k in Category},
            "arr_at_stake_minor": self.arr_at_stake_minor,
            "weighted_arr_minor": self.weighted_arr_minor,
            "renewals": len(self.rows),
            "fx": {
                "base_currency": base,
                "rates_used": self.rates_used,
                "not_converted_currencies": list(self.not_converted),
            },
            "by_quarter": [bucket(b) for b in self.by_quarter],
            "by_month": [bucket(b) for b in self.months],
            "this_quarter": bucket(c.this_quarter),
            "last_quarter": {
                **bucket(c.last_quarter),
                "forecast_as_of": c.last_quarter_as_of.isoformat(),
                "renewed": c.last_quarter_outcome.renewed,
                "renewed_arr_minor": c.last_quarter_outcome.renewed_minor,
                "churned": c.last_quarter_outcome.churned,
                "churned_arr_minor": c.last_quarter_outcome.churned_minor,
                "undecided": c.last_quarter_outcome.undecided,
            },
            "rows": [r.as_contract(base) for r in self.rows],
        }


@dataclass(frozen=True, slots=True)
class OverrideEntry:
    id: str
    account_id: str
    renewal_date: date
    category: Category | None
    """None: the override was cleared."""
    reason: str
    set_on: date


@dataclass(frozen=True, slots=True)
class AccountForecast:
    """One account's forecast, for its page and the internal QBR deck."""

    account_id: str
    renewal_date: date
    days_to_renewal: int
    category: Category
    derived: Category
    overridden: bool
    reasons: tuple[str, ...]
    weight_pct: int
    currency: str
    arr_minor: int
    weighted_minor: int
    """Risk-weighted ARR in the account's currency."""
    base_currency: str
    arr_base_minor: int | None
    weighted_base_minor: int | None
    fx_rate: str | None

    @property
    def summary(self) -> str:
        """``Likely (80 %): $96,000.00 of $120,000.00 ARR renewing on 1 Mar 2027``."""
        return (
            f"{self.category.label} ({self.weight_pct} %): "
            f"{format_minor(self.weighted_minor, self.currency)} of "
            f"{format_minor(self.arr_minor, self.currency)} ARR renewing on "
            f"{fmt_date(self.renewal_date)}"
        )


# --------------------------------------------------------------------------- settings


def _settings(session: Session) -> tuple[str, dict[str, object], Weights]:
    values: dict[str, Any] = dict(
        session.execute(
            select(m.Setting.key, m.Setting.value).where(
                m.Setting.key.in_(("base_currency", "fx_rates"))
                | m.Setting.key.startswith(fc.SETTING_PREFIX)
            )
        ).all()
    )
    rates = values.get("fx_rates") or {}
    return (
        str(values.get("base_currency") or "USD"),
        dict(rates) if isinstance(rates, dict) else {},
        Weights.from_settings({str(k): v for k, v in values.items()}),
    )


def get_weights(book: Book) -> Weights:
    with book.read() as session:
        return _settings(session)[2]


def set_weights(book: Book, **changes: int) -> Weights:
    """Change category weights (``likely=75``...); validated, one transaction."""
    with book.write() as session:
        chosen = _settings(session)[2].with_changes(**changes)
        for key, value in chosen.as_settings().items():
            row = session.scalars(select(m.Setting).where(m.Setting.key == key)).first()
            if row is None:
                session.add(m.Setting(key=key, value=value))
            elif row.value != value:
                row.value = value
        return chosen


# --------------------------------------------------------------------------- the forecast


def forecast(book: Book, *, quarters: int = DEFAULT_QUARTERS) -> Forecast:
    """Every renewal from the start of this quarter through ``quarters`` quarters."""
    if isinstance(quarters, bool) or not 1 <= quarters <= MAX_QUARTERS:
        raise errors.ValidationError(
            "quarters", f"Forecast from 1 to {MAX_QUARTERS} quarters (got {quarters})."
        )
    today = book.clock.today()
    periods = fc.quarters_from(today, quarters)
    start, end = periods[0].start, periods[-1].end
    last_quarter = fc.quarter_of(start - timedelta(days=1))
    with book.read() as session:
        base, rates, weights = _settings(session)
        targets = {
            aid: (renewal, arr)
            for aid, renewal, arr in session.execute(
                select(m.Account.id, m.Account.renewal_date, m.Account.arr_minor).where(
                    _active(),
                    m.Account.renewal_date >= start,
                    m.Account.renewal_date <= end,
                )
            )
            if renewal is not None
        }
        now = _facts(session, targets, None)
        due, outcome_facts = _last_quarter(session, last_quarter)
        then = _facts(session, due, last_quarter.start)
    rows = fc.build_rows(now, today=today, base=base, rates=rates, weights=weights)
    past = fc.build_rows(then, today=last_quarter.start, base=base, rates=rates, weights=weights)
    dtos = tuple(_row(r, today) for r in rows)
    used = {r.facts.currency: r.arr_base.rate for r in rows if r.arr_base.rate is not None}
    months = tuple(fc.bucket(_month_label(p), p, rows) for q in periods for p in fc.months_in(q))
    by_quarter = tuple(fc.bucket(p.quarter_label, p, rows) for p in periods)
    return Forecast(
        today=today,
        base_currency=base,
        quarters=quarters,
        start=start,
        end=end,
        weights=weights,
        rows=dtos,
        months=months,
        by_quarter=by_quarter,
        total=fc.bucket("Total", Period(start, end), rows),
        rates_used={k: str(v) for k, v in sorted(used.items())},
        not_converted=tuple(sorted({r.facts.currency for r in rows if not r.converted})),
        comparison=Comparison(
            this_quarter=by_quarter[0],
            last_quarter=fc.bucket(last_quarter.quarter_label, last_quarter, past),
            last_quarter_as_of=last_quarter.start,
            last_quarter_outcome=_outcome(outcome_facts, base, rates),
        ),
    )


def forecast_for_account(book: Book, account_id: str) -> AccountForecast | None:
    """The account's next renewal as forecast now (None when it has no renewal date, or is
    archived or churned). For the account page and the internal QBR deck."""
    today = book.clock.today()
    with book.read() as session:
        base, rates, weights = _settings(session)
        row = session.execute(
            select(m.Account.renewal_date, m.Account.arr_minor).where(
                m.Account.id == account_id, _active()
            )
        ).first()
        if row is None or row[0] is None:
            return None
        facts = _facts(session, {account_id: (row[0], row[1])}, None)
    [built] = fc.build_rows(facts, today=today, base=base, rates=rates, weights=weights)
    f, a = built.facts, built.assessment
    return AccountForecast(
        account_id=account_id,
        renewal_date=f.renewal_date,
        days_to_renewal=(f.renewal_date - today).days,
        category=a.category,
        derived=a.derived,
        overridden=a.overridden,
        reasons=a.reasons,
        weight_pct=built.weight_pct,
        currency=f.currency,
        arr_minor=f.arr_minor,
        weighted_minor=fc.weighted(f.arr_minor, built.weight_pct),
        base_currency=base,
        arr_base_minor=built.arr_base.minor,
        weighted_base_minor=built.weighted_minor,
        fx_rate=built.arr_base.rate,
    )


def _month_label(p: Period) -> str:
    return fmt.month(p.start)


def _active() -> Any:
    return (m.Account.archived.is_(False)) & (m.Account.lifecycle_stage != LifecycleStage.CHURNED)


def _row(r: fc.Row, today: date) -> ForecastRow:
    f, a = r.facts, r.assessment
    return ForecastRow(
        account_id=f.account_id,
        account_name=f.account_name,
        owner=f.owner,
        renewal_date=f.renewal_date,
        days_to_renewal=(f.renewal_date - today).days,
        past_due=r.past_due,
        currency=f.currency,
        arr_minor=f.arr_minor,
        arr_base_minor=r.arr_base.minor,
        fx_rate=r.arr_base.rate,
        conversion_problem=r.arr_base.problem,
        category=a.category,
        derived=a.derived,
        overridden=a.overridden,
        reasons=a.reasons,
        weight_pct=r.weight_pct,
        weighted_minor=r.weighted_minor,
        health_score=f.health_score,
        health_band=f.health_band,
    )


# --------------------------------------------------------------------------- overrides


def set_override(
    book: Book, account_id: str, category: Category | str, reason: str
) -> OverrideEntry:
    """Set the category of the account's next renewal by hand, with a reason (kept in history)."""
    chosen = category if isinstance(category, Category) else _parse_category(category)
    return _add_override(book, account_id, chosen, _reason(reason, required=True))


def clear_override(book: Book, account_id: str, reason: str = "") -> OverrideEntry:
    """Go back to the derived category (the clearing is kept in history too)."""
    return _add_override(book, account_id, None, _reason(reason, required=False))


def _parse_category(text: str) -> Category:
    try:
        return Category.parse(text)  # type: ignore[return-value]
    except ValueError:
        choices = ", ".join(c.value for c in Category)
        raise errors.ValidationError(
            "category", f"{text[:40]!r} is not a forecast category; use one of: {choices}."
        ) from None


def _reason(text: str, *, required: bool) -> str:
    cleaned = " ".join(text.replace("\x00", " ").split())
    if required and not cleaned:
        raise errors.ValidationError(
            "reason",
            "Say why you set the forecast by hand (for example: verbal commit from the CFO).",
        )
    if len(cleaned) > 500:
        raise errors.ValidationError(
            "reason", f"Keep the reason under 500 characters ({len(cleaned):,} now)."
        )
    return cleaned


def _add_override(
    book: Book, account_id: str, category: Category | None, reason: str
) -> OverrideEntry:
    with book.write() as session:
        account = session.get(m.Account, account_id)
        if account is None:
            raise errors.NotFoundError("That account no longer exists. Refresh the view.")
        if account.renewal_date is None:
            raise errors.ValidationError(
                "renewal_date",
                f"{account.name} has no renewal date, so there is no renewal to forecast. "
                "Set its renewal date first.",
            )
        if (
            category is None
            and _current_override(session, account_id, account.renewal_date) is None
        ):
            raise errors.ValidationError("category", "This renewal's forecast is not set by hand.")
        row = m.ForecastOverride(
            account_id=account_id,
            renewal_date=account.renewal_date,
            category=category,
            reason=reason,
            set_on=m.session_today(session),
        )
        session.add(row)
        session.flush()
        return _entry(row)


def _current_override(
    session: Session, account_id: str, renewal: date
) -> m.ForecastOverride | None:
    row = session.scalars(
        select(m.ForecastOverride)
        .where(
            m.ForecastOverride.account_id == account_id,
            m.ForecastOverride.renewal_date == renewal,
        )
        .order_by(m.ForecastOverride.created_at.desc(), m.ForecastOverride.set_on.desc())
    ).first()
    return row if row is not None and row.category is not None else None


def _entry(row: m.ForecastOverride) -> OverrideEntry:
    return OverrideEntry(
        row.id, row.account_id, row.renewal_date, row.category, row.reason, row.set_on
    )


def override_history(book: Book, account_id: str) -> list[OverrideEntry]:
    """Every override of the account's renewals, newest first."""
    with book.read() as session:
        return [
            _entry(r)
            for r in session.scalars(
                select(m.ForecastOverride)
                .where(m.ForecastOverride.account_id == account_id)
                .order_by(m.ForecastOverride.created_at.desc())
            )
        ]


def delete_override_entry(book: Book, entry_id: str) -> DeletedRows:
    """Remove one history entry (undo of setting or clearing an override)."""
    with book.write() as session:
        if session.get(m.ForecastOverride, entry_id) is None:
            raise errors.NotFoundError("That forecast entry no longer exists.")
        return delete_rows(session, "forecast_overrides", [entry_id])


# --------------------------------------------------------------------------- facts


def _raw(session: Session, sql: str, params: tuple[Any, ...]) -> list[Any]:
    return list(session.connection().exec_driver_sql(sql, params).fetchall())


def _facts(
    session: Session, targets: Mapping[str, tuple[date, int]], as_of: date | None
) -> list[fc.RenewalFacts]:
    """The facts of each target renewal ``{account id: (renewal date, ARR)}``, now or as they
    stood on ``as_of``. Plain SQL keyed by the stored ids (a 10,000-account book has a hundred
    thousand people: converting every id would cost more than reading them)."""
    if not targets:
        return []
    key = {guid_bytes(a): a for a in targets}
    info: dict[bytes, tuple[str, str, str]] = {}
    health: dict[bytes, list[tuple[date, float, HealthBand]]] = defaultdict(list)
    risks: dict[bytes, list[str]] = defaultdict(list)
    people: dict[bytes, list[tuple[bytes, str, int, int, str | None, int]]] = defaultdict(list)
    overrides: dict[str, list[m.ForecastOverride]] = defaultdict(list)
    when = as_of.isoformat() if as_of else "9999-12-31"
    high = (Severity.HIGH.value, Severity.CRITICAL.value)
    open_ = (RiskStatus.OPEN.value, RiskStatus.MITIGATING.value)
    ids = list(key)
    for start in range(0, len(ids), _CHUNK):
        raw = tuple(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(raw))
        for aid, name, owner, currency in _raw(
            session,
            f"SELECT id, name, owner, currency FROM accounts WHERE id IN ({marks})",  # noqa: S608
            raw,
        ):
            info[bytes(aid)] = (name, owner, currency)
        for acc, taken, score, band in _raw(
            session,
            "SELECT a.id, h.taken_on, h.score, h.band FROM accounts a JOIN health_snapshots h "  # noqa: S608
            "ON h.id IN (SELECT h2.id FROM health_snapshots h2 WHERE h2.account_id = a.id "
            "AND h2.taken_on <= ? ORDER BY h2.taken_on DESC, h2.created_at DESC LIMIT 2) "
            f"WHERE a.id IN ({marks}) ORDER BY a.id, h.taken_on DESC, h.created_at DESC",
            (when, *raw),
        ):
            health[bytes(acc)].append((date.fromisoformat(taken), float(score), _BANDS[band]))
        if as_of is None:
            still_open = "status IN (?, ?)"
            when_params: tuple[Any, ...] = open_
        else:
            still_open = (
                "(raised_on IS NULL OR raised_on <= ?) AND (resolved_on IS NULL OR resolved_on > ?)"
            )
            when_params = (when, when)
        for acc, title in _raw(
            session,
            f"SELECT account_id, title FROM risks WHERE account_id IN ({marks}) "  # noqa: S608
            f"AND severity IN (?, ?) AND {still_open} ORDER BY raised_on, title",
            (*raw, *high, *when_params),
        ):
            risks[bytes(acc)].append(title)
        for sid, acc, role, sentiment, left, left_on, created in _raw(
            session,
            "SELECT id, account_id, role, sentiment, left_company, left_on, created_at "  # noqa: S608
            f"FROM stakeholders WHERE account_id IN ({marks}) AND side = 'customer'",
            raw,
        ):
            people[bytes(acc)].append((bytes(sid), role, sentiment, left, left_on, created))
        for o in session.scalars(
            select(m.ForecastOverride)
            .where(m.ForecastOverride.account_id.in_([key[r] for r in raw]))
            .order_by(m.ForecastOverride.created_at)
        ):
            overrides[o.account_id].append(o)
    past_sentiment = _sentiments_on(session, people, as_of) if as_of else {}
    out = []
    for raw_id, aid in key.items():
        if raw_id not in info:
            continue
        renewal, arr = targets[aid]
        name, owner, currency = info[raw_id]
        snaps = health.get(raw_id, [])
        latest = snaps[0] if snaps else None
        previous = snaps[1] if len(snaps) > 1 else None
        out.append(
            fc.RenewalFacts(
                account_id=aid,
                account_name=name,
                owner=owner,
                currency=currency,
                arr_minor=arr,
                renewal_date=renewal,
                health_score=latest[1] if latest else None,
                health_band=latest[2] if latest else None,
                health_on=latest[0] if latest else None,
                previous_score=previous[1] if previous else None,
                previous_on=previous[0] if previous else None,
                high_risks=tuple(risks.get(raw_id, ())),
                coverage=assess_coverage(_people_on(people.get(raw_id, []), as_of, past_sentiment)),
                override=_override_on(overrides.get(aid, []), renewal, as_of),
            )
        )
    return out


_BANDS = {b.value: b for b in HealthBand}
_ROLES = {r.value: r for r in StakeholderRole}


@dataclass(frozen=True, slots=True)
class _Person:
    side: Side
    role: StakeholderRole
    sentiment: int
    left_company: bool


def _people_on(
    rows: list[tuple[bytes, str, int, int, str | None, int]],
    as_of: date | None,
    sentiments: Mapping[bytes, int],
) -> list[_Person]:
    found = []
    limit = None
    if as_of is not None:  # created_at is stored as milliseconds since 1970 (UTC)
        limit = (as_of + timedelta(days=1) - date(1970, 1, 1)).days * 86_400_000
    for sid, role, sentiment, left, left_on, created in rows:
        if limit is None:
            found.append(_Person(Side.CUSTOMER, _ROLES[role], sentiment, bool(left)))
            continue
        if created is not None and created >= limit:
            continue  # not yet known then
        gone = bool(left) and (left_on is None or left_on <= when_text(as_of))
        found.append(_Person(Side.CUSTOMER, _ROLES[role], sentiments.get(sid, sentiment), gone))
    return found


def when_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def _sentiments_on(
    session: Session,
    people: Mapping[bytes, list[tuple[bytes, str, int, int, str | None, int]]],
    as_of: date,
) -> dict[bytes, int]:
    """Each person's sentiment on ``as_of`` (their latest history entry up to then)."""
    ids = [row[0] for rows in people.values() for row in rows]
    found: dict[bytes, int] = {}
    for start in range(0, len(ids), _CHUNK):
        raw = tuple(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(raw))
        for sid, value in _raw(
            session,
            "SELECT stakeholder_id, sentiment FROM stakeholder_sentiments "  # noqa: S608
            f"WHERE stakeholder_id IN ({marks}) AND recorded_on <= ? "
            "ORDER BY recorded_on, created_at",
            (*raw, as_of.isoformat()),
        ):
            found[bytes(sid)] = value  # the latest entry wins
    return found


def _override_on(
    rows: list[m.ForecastOverride], renewal: date, as_of: date | None
) -> fc.Override | None:
    """The override in force for this renewal (on ``as_of``: set by then, for a renewal in the
    same quarter, since a renewed account's date has moved on)."""
    if as_of is None:
        chosen = [r for r in rows if r.renewal_date == renewal]
    else:
        quarter = fc.quarter_of(renewal)
        chosen = [r for r in rows if quarter.contains(r.renewal_date) and r.set_on <= as_of]
    if not chosen or chosen[-1].category is None:
        return None
    last = chosen[-1]
    return fc.Override(last.category, last.reason, last.set_on)


@dataclass(frozen=True, slots=True)
class _Decided:
    account_id: str
    currency: str
    kind: RevenueKind | None
    minor: int


def _last_quarter(
    session: Session, quarter: Period
) -> tuple[dict[str, tuple[date, int]], list[_Decided]]:
    """Renewals that came due in ``quarter``: {account: (due day, ARR on the quarter's first
    day)}, and how each turned out (ARR in the account's currency)."""
    events: dict[str, list[tuple[date, RevenueKind, int]]] = defaultdict(list)
    for acc, day, kind, delta in session.execute(
        select(
            m.RevenueEvent.account_id,
            m.RevenueEvent.occurred_on,
            m.RevenueEvent.kind,
            m.RevenueEvent.arr_delta_minor,
        ).where(m.RevenueEvent.occurred_on <= quarter.end)
    ):
        events[acc].append((day, RevenueKind(kind), delta))
    accounts = {
        aid: (renewal, currency, stage, archived)
        for aid, renewal, currency, stage, archived in session.execute(
            select(
                m.Account.id,
                m.Account.renewal_date,
                m.Account.currency,
                m.Account.lifecycle_stage,
                m.Account.archived,
            )
        )
    }
    due: dict[str, tuple[date, int]] = {}
    decided: list[_Decided] = []
    for aid, (renewal, currency, stage, archived) in accounts.items():
        history = sorted(events.get(aid, []))
        arr_then = sum(d for day, _k, d in history if day < quarter.start)
        decisions = [
            (day, kind)
            for day, kind, _d in history
            if quarter.contains(day) and kind in (RevenueKind.RENEWAL, RevenueKind.CHURN)
        ]
        if decisions:
            day, kind = decisions[0]
            before = sum(d for e, _k, d in history if e < day)
            after = sum(d for e, _k, d in history if e <= day)
            due[aid] = (day, max(arr_then, 0))
            amount = after if kind is RevenueKind.RENEWAL else before
            decided.append(_Decided(aid, currency, kind, max(amount, 0)))
        elif (
            renewal is not None
            and quarter.contains(renewal)
            and not archived
            and stage is not LifecycleStage.CHURNED
        ):
            due[aid] = (renewal, max(arr_then, 0))
            decided.append(_Decided(aid, currency, None, 0))
    return due, decided


def _outcome(decided: list[_Decided], base: str, rates: Mapping[str, object]) -> Outcome:
    renewed = churned = undecided = renewed_minor = churned_minor = 0
    for d in decided:
        money = fc.convert(d.minor, d.currency, base, rates).minor or 0
        if d.kind is RevenueKind.RENEWAL:
            renewed += 1
            renewed_minor += money
        elif d.kind is RevenueKind.CHURN:
            churned += 1
            churned_minor += money
        else:
            undecided += 1
    return Outcome(renewed, renewed_minor, churned, churned_minor, undecided)


__all__ = [
    "AccountForecast",
    "Category",
    "Comparison",
    "Forecast",
    "ForecastRow",
    "OverrideEntry",
    "Weights",
    "clear_override",
    "delete_override_entry",
    "forecast",
    "forecast_for_account",
    "get_weights",
    "override_history",
    "set_override",
    "set_weights",
]
