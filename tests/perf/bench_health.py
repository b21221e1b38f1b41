"""Health, metrics and chart benchmarks.

* Recording health for every active account of the big book (on a copy: the shared book stays
  untouched), in accounts per second.
* Portfolio metrics for the 12 months to today, next to a floor: the same cohort, ARR
  retention, logo and NPS/CSAT figures written by hand in SQL against the file, checked equal
  to the app's. The app also computes renewals, CLV, time-to-value and the health
  distribution, from per-account facts read once and fed to the pure formulas of
  planner.domain.metrics; the goal (4x) allows for that extra work.
* One chart rendered to PNG by its builder, next to the same line drawn by bare matplotlib.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import time
from datetime import date, timedelta
from decimal import Decimal

from planner.domain import metrics as mx
from planner.domain.clock import default_clock
from planner.domain.enums import HealthBand
from planner.reports import charts
from planner.services import books, health, metrics
from tests.perf.bench import Context, Result, paired

# The metrics' definitions (planner.domain.metrics, planner.services.metrics) by hand: who is
# a customer when (first day, churn day, win-backs, churn by stage alone), the cohort of the
# period, its ARR movements, logo counts and survey counts. Single-currency books only.
RAW_METRICS = """
WITH
first_ev AS (SELECT account_id, min(occurred_on) d FROM revenue_events GROUP BY account_id),
last_churn AS (
    SELECT account_id, max(occurred_on) d FROM revenue_events WHERE kind = 'churn'
    GROUP BY account_id),
won_back AS (
    SELECT DISTINCT c.account_id FROM last_churn c
    JOIN revenue_events e ON e.account_id = c.account_id AND e.occurred_on > c.d
                          AND e.arr_delta_minor > 0),
stage_churn AS (
    SELECT account_id, max(changed_on) d FROM stage_changes WHERE stage = 'churned'
    GROUP BY account_id),
acc AS (
    SELECT a.id,
           CASE WHEN a.contract_start IS NULL AND f.d IS NULL
                    THEN date(a.created_at / 1000, 'unixepoch')
                WHEN a.contract_start IS NULL THEN f.d
                WHEN f.d IS NULL THEN a.contract_start
                ELSE min(a.contract_start, f.d) END AS began,
           CASE WHEN c.d IS NOT NULL AND w.account_id IS NULL THEN c.d
                WHEN a.lifecycle_stage = 'churned'
                    THEN coalesce(s.d, date(a.updated_at / 1000, 'unixepoch'))
                END AS churned,
           c.d IS NOT NULL AS has_churn_event
    FROM accounts a
    LEFT JOIN first_ev f ON f.account_id = a.id
    LEFT JOIN last_churn c ON c.account_id = a.id
    LEFT JOIN won_back w ON w.account_id = a.id
    LEFT JOIN stage_churn s ON s.account_id = a.id),
closing AS (  -- churned by stage alone: what ARR is left counts as churned that day
    SELECT acc.id AS account_id, acc.churned AS occurred_on, 'churn' AS kind,
           -sum(e.arr_delta_minor) AS arr_delta_minor
    FROM acc JOIN revenue_events e ON e.account_id = acc.id AND e.occurred_on <= acc.churned
    WHERE acc.churned IS NOT NULL AND NOT acc.has_churn_event
    GROUP BY acc.id HAVING sum(e.arr_delta_minor) > 0),
ev AS (
    SELECT account_id, occurred_on, kind, arr_delta_minor FROM revenue_events
    UNION ALL SELECT account_id, occurred_on, kind, arr_delta_minor FROM closing),
cohort AS (
    SELECT id, churned FROM acc
    WHERE began <= :opening AND (churned IS NULL OR churned > :opening)),
moves AS (
    SELECT c.id,
           coalesce(sum(CASE WHEN e.occurred_on <= :opening THEN e.arr_delta_minor END), 0)
               AS start_arr,
           coalesce(sum(CASE WHEN e.occurred_on BETWEEN :start AND :end
                             AND e.arr_delta_minor > 0 THEN e.arr_delta_minor END), 0) AS gain,
           coalesce(sum(CASE WHEN e.occurred_on BETWEEN :start AND :end
                             AND e.arr_delta_minor <= 0 AND e.kind <> 'churn'
                             THEN -e.arr_delta_minor END), 0) AS cut,
           coalesce(sum(CASE WHEN e.occurred_on BETWEEN :start AND :end
                             AND e.arr_delta_minor <= 0 AND e.kind = 'churn'
                             THEN -e.arr_delta_minor END), 0) AS lost
    FROM cohort c LEFT JOIN ev e ON e.account_id = c.id GROUP BY c.id)
SELECT
    (SELECT sum(start_arr) FROM moves),
    (SELECT sum(gain) FROM moves),
    (SELECT sum(cut) FROM moves),
    (SELECT sum(lost) FROM moves),
    (SELECT sum(min(cut + lost, max(start_arr, 0))) FROM moves),
    (SELECT count(*) FROM cohort),
    (SELECT count(*) FROM cohort WHERE churned BETWEEN :start AND :end),
    (SELECT count(*) FROM acc WHERE began <= :end AND (churned IS NULL OR churned > :end)),
    (SELECT count(*) FROM acc WHERE began BETWEEN :start AND :end
                                AND (churned IS NULL OR churned > :end)),
    (SELECT count(*) FROM survey_responses
     WHERE kind = 'nps' AND responded_on BETWEEN :start AND :end),
    (SELECT count(*) FROM survey_responses
     WHERE kind = 'nps' AND score >= 9 AND responded_on BETWEEN :start AND :end),
    (SELECT count(*) FROM survey_responses
     WHERE kind = 'nps' AND score <= 6 AND responded_on BETWEEN :start AND :end),
    (SELECT count(*) FROM survey_responses
     WHERE kind = 'csat' AND responded_on BETWEEN :start AND :end),
    (SELECT count(*) FROM survey_responses
     WHERE kind = 'csat' AND score >= 4 AND responded_on BETWEEN :start AND :end)
"""


def raw_metrics(path: str, period: mx.Period) -> tuple[int, ...]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            RAW_METRICS,
            {
                "opening": (period.start - timedelta(days=1)).isoformat(),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
        ).fetchone()
    finally:
        conn.close()
    return tuple(int(v or 0) for v in row)


def app_figures(result: mx.Metrics) -> tuple[int, ...]:
    rv, lg, n, c = result.revenue, result.logos, result.nps, result.csat
    capped = rv.start_minor - (rv.grr or Decimal(0)) * rv.start_minor
    return (
        rv.start_minor,
        rv.expansion_minor,
        rv.contraction_minor,
        rv.churned_minor,
        int(capped.to_integral_value()),
        lg.at_start,
        lg.churned,
        lg.at_end,
        lg.new,
        n.responses,
        n.promoters,
        n.detractors,
        c.responses,
        c.satisfied,
    )


def trend_data(points: int = 9) -> charts.HealthTrendData:
    start = date(2024, 12, 31)
    scores = [72.0, 68.0, 61.0, 55.0, 48.0, 52.0, 44.0, 39.0, 58.0, 63.0, 66.0, 70.0]
    return charts.HealthTrendData(
        tuple(
            charts.HealthPoint(
                start + timedelta(days=91 * i),
                scores[i % len(scores)],
                HealthBand.YELLOW,
                1 if i < 5 else 2,
                scores[i % len(scores)],
            )
            for i in range(points)
        )
    )


def bare_png(data: charts.HealthTrendData) -> bytes:
    """The same line, markers, size and resolution in plain matplotlib (no styling)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.0, 4.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([p.day for p in data.points], [p.score for p in data.points], marker="o")
    ax.set_title(data.title)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def run(ctx: Context) -> list[Result]:
    results = []
    copy = ctx.folder / "health-bench.aspbook"
    shutil.copyfile(ctx.book, copy)
    with books.open_book(copy) as book:
        began = time.perf_counter()
        recorded = health.record_snapshots(book).recorded
        seconds = time.perf_counter() - began
    copy.unlink()
    results.append(
        Result(
            f"record health, {recorded:,} active accounts",
            recorded / seconds,
            "acc/s",
            note=f"{seconds:.1f} s, batches of 500",
        )
    )

    today = default_clock().today()
    period = mx.Period.year_ending(today)
    with books.open_book(ctx.book, read_only=True) as book:
        result = metrics.portfolio_metrics(book, period, as_of=today)
        floor_figures = raw_metrics(str(ctx.book), period)
        assert app_figures(result) == floor_figures, (app_figures(result), floor_figures)
        measured = paired(
            lambda: metrics.portfolio_metrics(book, period, as_of=today),
            lambda: raw_metrics(str(ctx.book), period),
        )
    results.append(
        measured.result(
            f"portfolio metrics for a year, {result.accounts:,} accounts",
            "raw SQL, same cohort/ARR/logo/survey figures",
            goal=4.0,
        )
    )

    data = trend_data()
    chart = paired(
        lambda: charts.render_png(charts.draw_health_trend, data, dpi=100),
        lambda: bare_png(data),
        pairs=9,
    )
    results.append(
        chart.result("health trend chart to PNG (800x450)", "bare matplotlib, same line", goal=2.0)
    )
    return results
