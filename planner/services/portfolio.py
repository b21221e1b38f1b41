"""The portfolio: one row per account with what a CSM scans every morning.

The rows come from one SQL statement whatever the size of the book, defined once in
:mod:`planner.store.portfolio_query`: the Accounts page and the dashboard run it in a book's unit
of work, ``planner accounts`` through :func:`portfolio_of_file` (which reads a book in the
current format without loading SQLAlchemy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.domain.clock import default_clock
from planner.domain.enums import HealthBand, LifecycleStage, Tier
from planner.store import portfolio_query as query
from planner.store import quick_read
from planner.store.search_index import Execute, session_executor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from planner.store.book import Book

RENEWAL_WINDOW_DAYS = 90
"""Days ahead in which a renewal is "upcoming" (the dashboard, the Accounts page's preset)."""

#: The fields of ``planner accounts --format json``, in order (the CLI contract).
PORTFOLIO_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "tier",
    "stage",
    "arr_minor",
    "currency",
    "renewal_date",
    "days_to_renewal",
    "health_score",
    "health_band",
    "open_actions",
    "overdue_actions",
    "goals_achieved",
    "goals_total",
    "last_interaction",
    "owner",
)


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    id: str
    name: str
    tier: Tier
    stage: LifecycleStage
    arr_minor: int
    currency: str
    renewal_date: date | None
    days_to_renewal: int | None
    health_score: float | None
    health_band: HealthBand | None
    open_actions: int
    overdue_actions: int
    goals_achieved: int
    goals_total: int
    last_interaction: date | None
    owner: str
    industry: str = ""
    region: str = ""
    strategic: bool = False
    archived: bool = False
    crm_id: str | None = None

    def as_contract(self) -> dict[str, Any]:
        """The row as the CLI's JSON/CSV contract (enum values, ISO dates)."""
        out: dict[str, Any] = {}
        for name in PORTFOLIO_FIELDS:
            value = getattr(self, name)
            if isinstance(value, date):
                value = value.isoformat()
            elif hasattr(value, "value"):
                value = value.value
            out[name] = value
        return out


def portfolio(
    book: Book, *, today: date | None = None, include_archived: bool = False
) -> list[PortfolioRow]:
    """One :class:`PortfolioRow` per account, by name, in one SQL statement."""
    day = today or book.clock.today()
    with book.read() as session:
        return portfolio_in(session, day, include_archived=include_archived)


def portfolio_in(
    session: Session, day: date, *, include_archived: bool = False
) -> list[PortfolioRow]:
    """:func:`portfolio` inside a unit of work that is already open (the dashboard's)."""
    found = query.rows(session_executor(session), day, include_archived=include_archived)
    return [portfolio_row(row, day) for row in found]


def portfolio_of_file(
    path: Path, *, today: date | None = None, include_archived: bool = False
) -> list[PortfolioRow]:
    """:func:`portfolio` of the book at ``path``, opened read-only for this one read.

    For the command line: a book in the current format is read with the standard library
    alone (:mod:`planner.store.quick_read`: same checks, same query, same rows, without loading
    SQLAlchemy); any other book is opened as :func:`planner.services.books.open_book` does, so
    every refusal and message is the same."""

    def read(execute: Execute) -> tuple[date, list[tuple[Any, ...]]]:
        day = today or default_clock().today()  # the clock an opened book would have
        return day, query.rows(execute, day, include_archived=include_archived)

    found = quick_read.read(path, read)
    if found is not None:
        day, rows = found
        return [portfolio_row(row, day) for row in rows]
    from planner.store.book import open_book  # noqa: PLC0415 - loads SQLAlchemy: only here

    with open_book(path, read_only=True) as book:
        return portfolio(book, today=today, include_archived=include_archived)


def portfolio_row(row: Any, day: date) -> PortfolioRow:
    """A decoded row of :func:`planner.store.portfolio_query.rows` as a :class:`PortfolioRow`."""
    (
        aid,
        name,
        tier,
        stage,
        arr,
        currency,
        renewal,
        owner,
        industry,
        region,
        strategic,
        archived,
        crm_id,
        score,
        band,
        open_n,
        overdue_n,
        achieved,
        total,
        last,
    ) = row
    return PortfolioRow(
        id=aid,
        name=name,
        tier=tier,
        stage=stage,
        arr_minor=arr,
        currency=currency,
        renewal_date=renewal,
        days_to_renewal=(renewal - day).days if renewal is not None else None,
        health_score=score,
        health_band=HealthBand(band) if band else None,
        open_actions=int(open_n),
        overdue_actions=int(overdue_n),
        goals_achieved=int(achieved),
        goals_total=int(total),
        last_interaction=last,
        owner=owner,
        industry=industry,
        region=region,
        strategic=strategic,
        archived=archived,
        crm_id=crm_id,
    )
