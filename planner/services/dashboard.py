"""The Portfolio page's figures and work lists, for any size of book in five SQL statements.

:func:`dashboard` returns the tiles (total ARR, accounts, at risk, renewals in the next 90
days, open and overdue actions) and the lists a CSM acts on: renewals due soon, overdue
actions, at-risk accounts and single-threaded accounts (DOMAIN.md "Coverage risk"). The five
statements are: the portfolio query, the overdue actions, the customer stakeholder coverage
per account (grouped in SQL), the book's settings, and the open and snoozed actions
(:func:`planner.services.actions.open_count_in`, the count My Work shows too). A book of 10
accounts and one of 10,000 cost the same number of round trips. Totals are given per currency
and, with the book's exchange rates, in the base currency (saying which rates they used).

"Active" accounts are those not archived and not churned: churned customers are not renewals,
risks or coverage gaps any more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from planner.domain.coverage import Coverage
from planner.domain.enums import (
    ActionStatus,
    HealthBand,
    LifecycleStage,
    Priority,
    Side,
    StakeholderRole,
)
from planner.domain.metrics import to_base
from planner.services import actions, book_settings
from planner.services.book_settings import rate_text
from planner.services.portfolio import RENEWAL_WINDOW_DAYS, PortfolioRow, portfolio_in
from planner.store import models as m
from planner.store.book import Book

LIST_LIMIT = 50
_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


@dataclass(frozen=True, slots=True)
class Tiles:
    accounts: int
    """Active accounts (not archived, not churned)."""
    arr_by_currency: tuple[tuple[str, int], ...]
    """Total ARR of active accounts per currency, the base currency first."""
    base_currency: str
    at_risk: int
    at_risk_arr_by_currency: tuple[tuple[str, int], ...]
    renewals_due: int
    renewals_arr_by_currency: tuple[tuple[str, int], ...]
    open_actions: int
    """Open actions on accounts not archived, snoozed ones included (:func:`actions.open_count`)."""
    overdue_actions: int
    single_threaded: int
    snoozed_actions: int = 0
    """Of the open actions, how many are snoozed (My Work hides them unless asked)."""
    arr_total: int | None = None
    """Total ARR of active accounts in the base currency (None: a rate is missing)."""
    at_risk_arr_total: int | None = None
    renewals_arr_total: int | None = None
    rates_used: tuple[tuple[str, Decimal], ...] = ()
    """The exchange rates the totals used (currency, base units per unit)."""
    missing_rates: tuple[str, ...] = ()
    """Currencies of active accounts with no rate to the base currency (no totals then)."""
    book_name: str = ""


@dataclass(frozen=True, slots=True)
class RenewalDue:
    account_id: str
    account_name: str
    renewal_date: date
    days_to_renewal: int
    arr_minor: int
    currency: str
    health_score: float | None
    health_band: HealthBand | None
    owner: str


@dataclass(frozen=True, slots=True)
class OverdueAction:
    action_id: str
    account_id: str
    account_name: str
    title: str
    due_date: date
    days_overdue: int
    owner_name: str
    priority: Priority
    status: ActionStatus


@dataclass(frozen=True, slots=True)
class AtRiskAccount:
    account_id: str
    account_name: str
    health_score: float | None
    health_band: HealthBand | None
    arr_minor: int
    currency: str
    renewal_date: date | None
    overdue_actions: int
    owner: str


@dataclass(frozen=True, slots=True)
class SingleThreaded:
    account_id: str
    account_name: str
    arr_minor: int
    currency: str
    flags: tuple[str, ...]
    """Plain reasons, e.g. "No executive sponsor" (see :class:`Coverage`)."""
    positive_contacts: int
    owner: str


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: date
    tiles: Tiles
    renewals: tuple[RenewalDue, ...]
    """Renewals within the window, soonest first (at most ``limit``)."""
    overdue: tuple[OverdueAction, ...]
    """Open actions past due and not snoozed, oldest first (at most ``limit``)."""
    at_risk: tuple[AtRiskAccount, ...]
    """Accounts whose latest health is red, lowest score first (at most ``limit``)."""
    single_threaded: tuple[SingleThreaded, ...]
    """Single-threaded accounts, largest ARR first (at most ``limit``)."""


def _is_active(row: PortfolioRow) -> bool:
    return not row.archived and row.stage is not LifecycleStage.CHURNED


def _sum_by_currency(rows: list[PortfolioRow], base: str) -> tuple[tuple[str, int], ...]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row.currency] += row.arr_minor
    ordered = sorted(totals.items(), key=lambda kv: (kv[0] != base, -kv[1], kv[0]))
    return tuple(ordered) if ordered else ((base, 0),)


def _total(
    amounts: tuple[tuple[str, int], ...], settings: book_settings.BookSettings
) -> int | None:
    """The amounts in the base currency, or None when one has no rate."""
    rates = {c: rate_text(r) for c, r in settings.fx_rates}
    if any(c != settings.base_currency and c not in rates for c, _ in amounts):
        return None
    return sum(to_base(minor, c, settings.base_currency, rates) for c, minor in amounts)


def dashboard(
    book: Book,
    *,
    today: date | None = None,
    renewal_days: int = RENEWAL_WINDOW_DAYS,
    limit: int = LIST_LIMIT,
) -> Dashboard:
    """The Portfolio page in one read transaction of five statements."""
    day = today or book.clock.today()
    horizon = day + timedelta(days=renewal_days)
    overdue_stmt = (
        select(
            m.ActionItem.id,
            m.ActionItem.account_id,
            m.Account.name,
            m.ActionItem.title,
            m.ActionItem.due_date,
            m.ActionItem.owner_name,
            m.ActionItem.priority,
            m.ActionItem.status,
        )
        .join(m.Account, m.Account.id == m.ActionItem.account_id)
        .where(
            m.ActionItem.status.in_(_OPEN),
            m.ActionItem.due_date < day,
            or_(m.ActionItem.snoozed_until.is_(None), m.ActionItem.snoozed_until <= day),
            m.Account.archived.is_(False),
        )
        .order_by(m.ActionItem.due_date, m.Account.name, m.ActionItem.title)
    )
    present = m.Stakeholder.left_company.is_(False)
    sponsor = m.Stakeholder.role == StakeholderRole.EXECUTIVE_SPONSOR
    champion = m.Stakeholder.role == StakeholderRole.CHAMPION
    coverage_stmt = (
        select(
            m.Stakeholder.account_id,
            func.max(case((and_(sponsor, present), 1), else_=0)),
            func.max(case((and_(champion, present), 1), else_=0)),
            func.sum(case((champion, 1), else_=0)),
            func.sum(case((and_(champion, present), 1), else_=0)),
            func.sum(case((and_(present, m.Stakeholder.sentiment > 0), 1), else_=0)),
            func.sum(case((present, 1), else_=0)),
        )
        .where(m.Stakeholder.side == Side.CUSTOMER)
        .group_by(m.Stakeholder.account_id)
    )
    with book.read() as session:
        portfolio = portfolio_in(session, day)
        overdue_rows = session.execute(overdue_stmt).all()
        coverage_rows = {row[0]: row[1:] for row in session.execute(coverage_stmt).all()}
        settings = book_settings.read(session, book.name)
        open_now = actions.open_count_in(session, day)
    base_currency = settings.base_currency

    active = [r for r in portfolio if _is_active(r)]
    renewals = sorted(
        (r for r in active if r.renewal_date is not None and day <= r.renewal_date <= horizon),
        key=lambda r: (r.renewal_date, r.name.casefold()),
    )
    red = sorted(
        (r for r in active if r.health_band is HealthBand.RED),
        key=lambda r: (r.health_score if r.health_score is not None else 0.0, r.name.casefold()),
    )
    threads: list[tuple[PortfolioRow, Coverage]] = []
    for row in active:
        sp, ch, champions, champions_present, positive, contacts = coverage_rows.get(
            row.id, (0, 0, 0, 0, 0, 0)
        )
        cov = Coverage(
            has_executive_sponsor=bool(sp),
            has_champion=bool(ch),
            champion_left=bool(champions) and not champions_present,
            positive_contacts=int(positive or 0),
            customer_contacts=int(contacts or 0),
        )
        if cov.single_threaded:
            threads.append((row, cov))
    threads.sort(key=lambda rc: (-rc[0].arr_minor, rc[0].name.casefold()))
    overdue = [
        OverdueAction(
            action_id=aid,
            account_id=acc,
            account_name=name,
            title=title,
            due_date=due,
            days_overdue=(day - due).days,
            owner_name=owner,
            priority=priority,
            status=status,
        )
        for aid, acc, name, title, due, owner, priority, status in overdue_rows
        if due is not None  # the WHERE clause already excludes undated actions
    ]
    by_currency = _sum_by_currency(active, base_currency)
    at_risk_by = _sum_by_currency(red, base_currency)
    renewals_by = _sum_by_currency(renewals, base_currency)
    currencies = {c for c, _ in by_currency} - {base_currency}
    tiles = Tiles(
        accounts=len(active),
        arr_by_currency=by_currency,
        base_currency=base_currency,
        at_risk=len(red),
        at_risk_arr_by_currency=at_risk_by,
        renewals_due=len(renewals),
        renewals_arr_by_currency=renewals_by,
        open_actions=open_now.open,
        snoozed_actions=open_now.snoozed,
        overdue_actions=len(overdue),
        single_threaded=len(threads),
        arr_total=_total(by_currency, settings),
        at_risk_arr_total=_total(at_risk_by, settings),
        renewals_arr_total=_total(renewals_by, settings),
        rates_used=book_settings.rates_used(settings, currencies),
        missing_rates=tuple(sorted(c for c in currencies if settings.rate(c) is None)),
        book_name=settings.name,
    )
    return Dashboard(
        today=day,
        tiles=tiles,
        renewals=tuple(
            RenewalDue(
                account_id=r.id,
                account_name=r.name,
                renewal_date=r.renewal_date,
                days_to_renewal=(r.renewal_date - day).days,
                arr_minor=r.arr_minor,
                currency=r.currency,
                health_score=r.health_score,
                health_band=r.health_band,
                owner=r.owner,
            )
            for r in renewals[:limit]
            if r.renewal_date is not None
        ),
        overdue=tuple(overdue[:limit]),
        at_risk=tuple(
            AtRiskAccount(
                account_id=r.id,
                account_name=r.name,
                health_score=r.health_score,
                health_band=r.health_band,
                arr_minor=r.arr_minor,
                currency=r.currency,
                renewal_date=r.renewal_date,
                overdue_actions=r.overdue_actions,
                owner=r.owner,
            )
            for r in red[:limit]
        ),
        single_threaded=tuple(
            SingleThreaded(
                account_id=r.id,
                account_name=r.name,
                arr_minor=r.arr_minor,
                currency=r.currency,
                flags=tuple(cov.flags),
                positive_contacts=cov.positive_contacts,
                owner=r.owner,
            )
            for r, cov in threads[:limit]
        ),
    )
