"""Core benchmarks: demo generation throughput, and the portfolio query against raw sqlite3."""

from __future__ import annotations

import sqlite3
from datetime import date

from planner.domain.clock import default_clock
from planner.services import books, portfolio
from tests.perf.bench import Context, Result, median_time

# The same rows as planner.services.portfolio, written by hand against the file.
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


def raw_rows(path: str, today: date) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(RAW_PORTFOLIO, {"today": today.isoformat()}).fetchall()
    finally:
        conn.close()


def run(ctx: Context) -> list[Result]:
    results = []
    if ctx.generation_seconds:
        results.append(
            Result("demo generation throughput", ctx.accounts / ctx.generation_seconds,
                   "acc/s", note=f"{ctx.accounts:,} accounts in {ctx.generation_seconds:.1f} s")
        )  # fmt: skip
    today = default_clock().today()
    with books.open_book(ctx.book, read_only=True) as book:
        app_rows = portfolio.portfolio(book, today=today)
        floor_rows = raw_rows(str(ctx.book), today)
        assert len(app_rows) == len(floor_rows), "the floor must compute the same rows"
        app = median_time(lambda: portfolio.portfolio(book, today=today))
    floor = median_time(lambda: raw_rows(str(ctx.book), today))
    results.append(
        Result(f"portfolio query, {len(app_rows):,} accounts", app, "s", floor,
               "raw sqlite3, same rows", goal=2.0)
    )  # fmt: skip
    return results
