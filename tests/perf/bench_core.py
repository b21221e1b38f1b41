"""Core benchmarks: demo generation throughput, the portfolio query against raw sqlite3, and
the command line (`planner --version`, `planner accounts`) in new processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from planner.domain.clock import default_clock
from planner.services import books, demo, portfolio
from tests.perf import floors
from tests.perf.bench import ROOT, Context, Result, paired
from tests.perf.floors import RAW_PORTFOLIO

__all__ = ["RAW_PORTFOLIO", "raw_rows", "run"]

CLI_PAIRS = 7
SMALL_BOOK_ACCOUNTS = 40
PLANNER = "import sys; from planner.cli import main; sys.exit(main())"
"""What the ``planner`` console script runs."""


def raw_rows(path: str, today: date) -> list[tuple[object, ...]]:
    return floors.raw_rows(path, today.isoformat())


def _process(*command: str) -> None:
    """Run ``python command...`` from the repository's root, output discarded."""
    subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cli_rows(ctx: Context, today: date) -> list[Result]:
    """``planner --version`` and ``planner accounts`` on the 40-account demo, each a new
    process, against ``python -c pass`` and python running the raw query and printing it."""
    small = ctx.folder / "small.aspbook"
    demo.generate_demo(small, accounts=SMALL_BOOK_ACCOUNTS)
    version = paired(
        lambda: _process("-c", PLANNER, "--version"), lambda: _process("-c", "pass"), CLI_PAIRS
    )
    accounts = paired(
        lambda: _process("-c", PLANNER, "accounts", str(small), "--as-of", today.isoformat()),
        lambda: _process("-c", floors.RAW_ACCOUNTS_SCRIPT, str(small), today.isoformat()),
        CLI_PAIRS,
    )
    return [
        version.result("planner --version", "python -c pass", goal=5.0),
        accounts.result(
            f"planner accounts, {SMALL_BOOK_ACCOUNTS}-account demo",
            "python + the raw query, rows printed",
            goal=6.0,
        ),
    ]


def run(ctx: Context) -> list[Result]:
    results = []
    if ctx.generation_seconds:
        results.append(
            Result(
                "demo generation throughput",
                ctx.accounts / ctx.generation_seconds,
                "acc/s",
                note=f"{ctx.accounts:,} accounts in {ctx.generation_seconds:.1f} s",
            )
        )
    today = default_clock().today()
    with books.open_book(ctx.book, read_only=True) as book:
        app_rows = portfolio.portfolio(book, today=today)
        floor_rows = raw_rows(str(ctx.book), today)
        assert len(app_rows) == len(floor_rows), "the floor must compute the same rows"
        query = paired(
            lambda: portfolio.portfolio(book, today=today), lambda: raw_rows(str(ctx.book), today)
        )
    results.append(
        query.result(
            f"portfolio query, {len(app_rows):,} accounts", "raw sqlite3, same rows", goal=2.0
        )
    )
    results += cli_rows(ctx, today)
    return results
