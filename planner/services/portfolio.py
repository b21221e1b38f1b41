"""The portfolio query: one row per account with what a CSM scans every morning.

It runs as a single SQL statement whatever the size of the book (grouped subqueries joined to
the accounts; the latest health snapshot picked with a window function), so the Accounts page
and ``planner accounts`` cost the same number of round trips for 10 accounts or 10,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select

from planner.domain.enums import ActionStatus, GoalStatus, HealthBand, LifecycleStage, Tier
from planner.store import models as m
from planner.store.book import Book

OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)

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


def portfolio_statement(today: date, *, include_archived: bool = False) -> Select[*tuple[Any, ...]]:
    """The single SELECT behind :func:`portfolio` (exposed for the benchmark and tests)."""
    latest = (
        select(
            m.HealthSnapshot.account_id.label("account_id"),
            m.HealthSnapshot.score.label("score"),
            m.HealthSnapshot.band.label("band"),
            func.row_number()
            .over(
                partition_by=m.HealthSnapshot.account_id,
                order_by=(m.HealthSnapshot.taken_on.desc(), m.HealthSnapshot.created_at.desc()),
            )
            .label("rn"),
        )
    ).subquery("latest")
    is_open = m.ActionItem.status.in_(OPEN_ACTION_STATUSES)
    actions = (
        select(
            m.ActionItem.account_id.label("account_id"),
            func.sum(case((is_open, 1), else_=0)).label("open_actions"),
            func.sum(
                case((and_(is_open, m.ActionItem.due_date < literal(today)), 1), else_=0)
            ).label("overdue_actions"),
        ).group_by(m.ActionItem.account_id)
    ).subquery("actions")
    goals = (
        select(
            m.SuccessPlan.account_id.label("account_id"),
            func.sum(case((m.Goal.status == GoalStatus.ACHIEVED, 1), else_=0)).label("achieved"),
            func.count(m.Goal.id).label("total"),
        )
        .join(m.Goal, m.Goal.plan_id == m.SuccessPlan.id)
        .group_by(m.SuccessPlan.account_id)
    ).subquery("goal_counts")
    touches = (
        select(
            m.Interaction.account_id.label("account_id"),
            func.max(m.Interaction.occurred_on).label("last_interaction"),
        ).group_by(m.Interaction.account_id)
    ).subquery("touches")
    stmt = (
        select(
            m.Account.id,
            m.Account.name,
            m.Account.tier,
            m.Account.lifecycle_stage,
            m.Account.arr_minor,
            m.Account.currency,
            m.Account.renewal_date,
            m.Account.owner,
            m.Account.industry,
            m.Account.region,
            m.Account.strategic,
            m.Account.archived,
            m.Account.crm_id,
            latest.c.score,
            latest.c.band,
            func.coalesce(actions.c.open_actions, 0),
            func.coalesce(actions.c.overdue_actions, 0),
            func.coalesce(goals.c.achieved, 0),
            func.coalesce(goals.c.total, 0),
            touches.c.last_interaction,
        )
        .outerjoin(latest, and_(latest.c.account_id == m.Account.id, latest.c.rn == 1))
        .outerjoin(actions, actions.c.account_id == m.Account.id)
        .outerjoin(goals, goals.c.account_id == m.Account.id)
        .outerjoin(touches, touches.c.account_id == m.Account.id)
        .order_by(m.Account.name)
    )
    if not include_archived:
        stmt = stmt.where(m.Account.archived.is_(False))
    return stmt


def portfolio(
    book: Book, *, today: date | None = None, include_archived: bool = False
) -> list[PortfolioRow]:
    """One :class:`PortfolioRow` per account, by name, in one SQL statement."""
    day = today or book.clock.today()
    stmt = portfolio_statement(day, include_archived=include_archived)
    with book.read() as session:
        result = session.execute(stmt).all()
    return [portfolio_row(row, day) for row in result]


def portfolio_row(row: Any, day: date) -> PortfolioRow:
    """A row of :func:`portfolio_statement` as a :class:`PortfolioRow` (same columns, in order)."""
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
