"""Merge benchmarks: the same 300-change merge of a copy into a book (100 accounts edited in the
book, 200 in the copy, 100 of them the same accounts: conflicts, settled by taking the copy's),
on the run's big book and on a 1,000-account book, each next to its floor: SQLite's backup API
making a verified copy of the same book (app and floor alternating, ``paired``).

The two sizes say whether merge cost grows with the changes or with the book: the last row is
the big book's merge time over the 1,000-account book's. The merge takes a backup of the book
before it writes (that part does grow with the book: it is what the floor measures alone).
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from planner.services import accounts, books, demo
from planner.services.interchange import merge
from planner.store import backups
from tests.perf.bench import Context, Paired, Result, paired_values

SMALL_ACCOUNTS = 1_000
BOOK_EDITS = 100
COPY_EDITS = 200
"""Every other account from the first: the book's 100 are among the copy's 200."""


@dataclass(frozen=True)
class Measured:
    accounts: int
    times: Paired
    conflicts: int
    preview: float


def _fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)
    return path


def _account_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM accounts").fetchone()[0])
    finally:
        conn.close()


def _edited_pair(book_path: Path, folder: Path) -> tuple[Path, Path]:
    """Two copies of ``book_path``: the book (100 accounts edited) and the copy (200)."""
    base, source = folder / "into.aspbook", folder / "from.aspbook"
    shutil.copyfile(book_path, _fresh(base))
    shutil.copyfile(book_path, _fresh(source))
    for path, note, edits in ((base, "office", BOOK_EDITS), (source, "client", COPY_EDITS)):
        with books.open_book(path) as book:
            for acct in accounts.list_accounts(book)[: edits * 2 : 2]:
                accounts.update_account(book, acct.id, notes=f"edited at the {note}")
    return base, source


def measure(book_path: Path, folder: Path) -> Measured:
    """The merge (preview + backup + apply) of the edited copy, paired with a verified copy."""
    folder.mkdir(parents=True, exist_ok=True)
    base, source = _edited_pair(book_path, folder)
    size = _account_count(base)
    into = folder / "work.aspbook"
    previews: list[float] = []
    conflicts: list[int] = []

    def app() -> float:
        shutil.copyfile(base, _fresh(into))
        # The same copy again: forget the last run's plan and check (they would be reused).
        merge._PLANS.clear()
        merge._SOUND.clear()
        with books.open_book(into) as book:
            began = time.perf_counter()
            plan = merge.preview_merge(book, source)
            previews.append(time.perf_counter() - began)
            conflicts.append(len(plan.conflicts))
            result = merge.merge(book, source, prefer=merge.FROM)
            seconds = time.perf_counter() - began
        assert result.applied
        return seconds

    def floor() -> float:
        target = _fresh(folder / "copy.aspbook")
        began = time.perf_counter()
        backups.copy_book(base, target)
        return time.perf_counter() - began

    times = paired_values(app, floor)
    for path in (into, folder / "copy.aspbook", base, source):
        _fresh(path)
    return Measured(size, times, conflicts[0], sorted(previews)[len(previews) // 2])


def _row(measured: Measured) -> Result:
    return measured.times.result(
        f"merge, {BOOK_EDITS + COPY_EDITS} changes, {measured.accounts:,}-account book "
        "(preview + backup + apply)",
        "verified backup copy of the book",
        goal=3.0,
        note=f"{measured.conflicts} conflicts; the preview alone {measured.preview:.2f} s, "
        "its plan reused",
    )


def run(ctx: Context) -> list[Result]:
    folder = ctx.folder / "merge"
    big = measure(ctx.book, folder / "big")
    results = [_row(big)]
    if big.accounts <= SMALL_ACCOUNTS:
        return results
    small_book = folder / "small.aspbook"
    demo.generate_demo(small_book, accounts=SMALL_ACCOUNTS)
    small = measure(small_book, folder / "small")
    small_book.unlink()
    results.append(_row(small))
    results.append(
        Result(
            f"merge time, {big.accounts:,} over {small.accounts:,} accounts, same 300 changes",
            big.times.app / small.times.app,
            "x",
            note=f"{big.times.app:.2f} s vs {small.times.app:.2f} s (1.0: the changes set the "
            f"cost, {big.accounts / small.accounts:.0f}: the book does); the backup copy alone "
            f"{big.times.floor / small.times.floor:.1f}x",
        )
    )
    return results
