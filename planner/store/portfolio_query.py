"""The portfolio query: one row per account with what a CSM scans every morning, as one SQL text.

A single statement whatever the size of the book (grouped subqueries joined to the accounts;
the latest health snapshot picked with a window function), so the Accounts page and ``planner
accounts`` cost the same number of round trips for 10 accounts or 10,000.

This is the only definition of the query. :mod:`planner.services.portfolio` runs it in a book's
unit of work (the Accounts page, the dashboard) and on a plain sqlite3 connection opened by
:mod:`planner.store.quick_read` (``planner accounts``, which so does not load SQLAlchemy); both
turn the stored values into Python values with :func:`decode`. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from planner.domain.enums import ActionStatus, GoalStatus, HealthBand, LifecycleStage, Tier
from planner.store.layout import guid_text
from planner.store.search_index import Execute

OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_ACHIEVED = f"goals.status = {_literal(GoalStatus.ACHIEVED.value)}"
_OPEN = f"action_items.status IN ({', '.join(_literal(s.value) for s in OPEN_ACTION_STATUSES)})"

#: The columns, in order: accounts.id, name, tier, lifecycle_stage, arr_minor, currency,
#: renewal_date, owner, industry, region, strategic, archived, crm_id; the latest health
#: snapshot's score and band; open and overdue actions (overdue: due before the one
#: parameter, the day as YYYY-MM-DD); goals achieved and goals in all; the last interaction.
#: Only enumeration values are written into the text; the day is a parameter.
_SELECT = f"""\
SELECT accounts.id, accounts.name, accounts.tier, accounts.lifecycle_stage, accounts.arr_minor,
       accounts.currency, accounts.renewal_date, accounts.owner, accounts.industry,
       accounts.region, accounts.strategic, accounts.archived, accounts.crm_id,
       latest.score, latest.band,
       coalesce(actions.open_actions, 0), coalesce(actions.overdue_actions, 0),
       coalesce(goal_counts.achieved, 0), coalesce(goal_counts.total, 0),
       touches.last_interaction
FROM accounts
LEFT OUTER JOIN (
    SELECT health_snapshots.account_id AS account_id, health_snapshots.score AS score,
           health_snapshots.band AS band,
           row_number() OVER (
               PARTITION BY health_snapshots.account_id
               ORDER BY health_snapshots.taken_on DESC, health_snapshots.created_at DESC
           ) AS rn
    FROM health_snapshots
) AS latest ON latest.account_id = accounts.id AND latest.rn = 1
LEFT OUTER JOIN (
    SELECT action_items.account_id AS account_id,
           sum(CASE WHEN ({_OPEN}) THEN 1 ELSE 0 END) AS open_actions,
           sum(CASE WHEN ({_OPEN} AND action_items.due_date < ?) THEN 1 ELSE 0 END)
               AS overdue_actions
    FROM action_items GROUP BY action_items.account_id
) AS actions ON actions.account_id = accounts.id
LEFT OUTER JOIN (
    SELECT success_plans.account_id AS account_id,
           sum(CASE WHEN ({_ACHIEVED}) THEN 1 ELSE 0 END) AS achieved,
           count(goals.id) AS total
    FROM success_plans JOIN goals ON goals.plan_id = success_plans.id
    GROUP BY success_plans.account_id
) AS goal_counts ON goal_counts.account_id = accounts.id
LEFT OUTER JOIN (
    SELECT interactions.account_id AS account_id,
           max(interactions.occurred_on) AS last_interaction
    FROM interactions GROUP BY interactions.account_id
) AS touches ON touches.account_id = accounts.id
"""  # noqa: S608

_ORDER = "ORDER BY accounts.name"


def statement(*, include_archived: bool = False) -> str:
    """The SELECT (one ``?`` parameter: the day, ``YYYY-MM-DD``), archived accounts left out
    unless ``include_archived``."""
    where = "" if include_archived else "WHERE accounts.archived IS 0\n"
    return _SELECT + where + _ORDER


def rows(execute: Execute, today: date, *, include_archived: bool = False) -> list[tuple[Any, ...]]:
    """The portfolio's rows as of ``today``, by name, decoded (see :func:`decode`)."""
    found = execute(statement(include_archived=include_archived), (today.isoformat(),))
    return [decode(row) for row in found]


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def decode(row: Sequence[Any]) -> tuple[Any, ...]:
    """A stored row as Python values, as the models read them: the id as UUID text, dates as
    dates, enumerations as members, flags as booleans. A value that cannot be read raises
    (``ValueError``): the book is damaged there."""
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
    return (
        guid_text(aid),
        name,
        Tier(tier),
        LifecycleStage(stage),
        arr,
        currency,
        _day(renewal),
        owner,
        industry,
        region,
        _flag(strategic),
        _flag(archived),
        crm_id,
        score,
        None if band is None else HealthBand(band),
        open_n,
        overdue_n,
        achieved,
        total,
        _day(last),
    )
