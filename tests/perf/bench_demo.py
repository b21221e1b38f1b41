"""Demo generation: a 1,000-account demo book against the raw ``executemany`` of the same rows
(taken from the book just made, inserted with sqlite3 into a new empty book of the same schema,
one transaction), app and floor alternating; and whether the cost stays linear from 1,000 to
the run's big book (its generation time, measured once when the run built it)."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from planner.services import books, demo
from tests.perf.bench import Context, Result, paired_values

DAY = date(2026, 11, 23)


def _floor(made: Path, target: Path) -> float:
    """Every row of ``made`` inserted into a new book at ``target`` with executemany; only the
    inserts and the commit are timed (reading the rows out is not)."""
    target.unlink(missing_ok=True)
    books.create_book(target).close()
    source = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    seconds = 0.0
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
                "AND name NOT LIKE 'sqlite%'"
            )
        ]
        conn.execute("BEGIN")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for name in tables:
            rows = source.execute(f'SELECT * FROM "{name}"').fetchall()
            if not rows:
                continue
            marks = ", ".join("?" * len(rows[0]))
            began = time.perf_counter()
            conn.executemany(f'INSERT OR REPLACE INTO "{name}" VALUES ({marks})', rows)
            seconds += time.perf_counter() - began
            del rows
        began = time.perf_counter()
        conn.execute("COMMIT")
        seconds += time.perf_counter() - began
    finally:
        conn.close()
        source.close()
    return seconds


def run(ctx: Context) -> list[Result]:
    folder = ctx.folder / "demo"
    folder.mkdir(exist_ok=True)
    accounts = min(ctx.accounts, 1_000)
    made = folder / "demo.aspbook"
    rows: list[int] = []

    def app() -> float:
        began = time.perf_counter()
        result = demo.generate_demo(made, accounts=accounts, today=DAY, replace=True)
        rows.append(result.rows)
        return time.perf_counter() - began

    app()
    measured = paired_values(app, lambda: _floor(made, folder / "floor.aspbook"))
    per_thousand = measured.app / accounts * 1000
    results = [
        measured.result(
            f"demo generation, {accounts:,} accounts ({rows[-1]:,} rows)",
            "raw executemany of the same rows",
            goal=2.0,
            note=f"{per_thousand:.1f} s per 1,000 accounts",
        )
    ]
    if ctx.generation_seconds and ctx.accounts > accounts:
        big = ctx.generation_seconds / ctx.accounts * 1000
        results.append(
            Result(
                f"demo generation, {ctx.accounts:,} accounts (this run's book)",
                ctx.generation_seconds,
                "s",
                note=f"{big:.1f} s per 1,000 accounts: {big / per_thousand:.2f}x the cost per "
                f"account at {accounts:,} (1.0 = linear)",
            )
        )
    return results
