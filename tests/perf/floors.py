"""What the floors share, importing nothing of the app: a floor process must not pay for it."""

from __future__ import annotations

import sqlite3

# The same rows as planner.store.portfolio_query (the app's one query text), written by hand
# against the file: the floor imports nothing of the app.
RAW_PORTFOLIO = """
WITH latest AS (
    SELECT account_id, score, band,
           row_number() OVER (PARTITION BY account_id ORDER BY taken_on DESC, created_at DESC) rn
    FROM health_snapshots),
acts AS (
    SELECT account_id,
           sum(status IN ('open', 'in_progress', 'blocked')) open_n,
           sum(status IN ('open', 'in_progress', 'blocked') AND due_date < :today) overdue_n
    FROM action_items GROUP BY account_id),
goal_counts AS (
    SELECT p.account_id, sum(g.status = 'achieved') achieved, count(g.id) total
    FROM success_plans p JOIN goals g ON g.plan_id = p.id GROUP BY p.account_id),
touches AS (
    SELECT account_id, max(occurred_on) last_interaction FROM interactions GROUP BY account_id)
SELECT a.id, a.name, a.tier, a.lifecycle_stage, a.arr_minor, a.currency, a.renewal_date,
       a.owner, a.industry, a.region, a.strategic, a.archived, a.crm_id, l.score, l.band,
       coalesce(t.open_n, 0), coalesce(t.overdue_n, 0), coalesce(g.achieved, 0),
       coalesce(g.total, 0), tc.last_interaction
FROM accounts a
LEFT JOIN latest l ON l.account_id = a.id AND l.rn = 1
LEFT JOIN acts t ON t.account_id = a.id
LEFT JOIN goal_counts g ON g.account_id = a.id
LEFT JOIN touches tc ON tc.account_id = a.id
WHERE a.archived = 0
ORDER BY a.name
"""

COLUMNS = (
    "name",
    "tier",
    "stage",
    "arr",
    "currency",
    "renewal",
    "owner",
    "industry",
    "region",
    "strategic",
    "archived",
    "crm_id",
    "score",
    "band",
    "open",
    "overdue",
    "achieved",
    "goals",
    "last",
)


def raw_rows(path: str, today: str) -> list[tuple[object, ...]]:
    """The portfolio's rows read with raw sqlite3 (``today`` as YYYY-MM-DD)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(RAW_PORTFOLIO, {"today": today}).fetchall()
    finally:
        conn.close()


# ``planner accounts BOOK`` as a floor: python, the raw query, the rows printed.
RAW_ACCOUNTS_SCRIPT = """
import sqlite3, sys
from tests.perf.floors import raw_rows
for row in raw_rows(sys.argv[1], sys.argv[2]):
    print("  ".join("" if v is None else str(v) for v in row[1:]))
"""
