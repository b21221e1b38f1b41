"""Merge benchmarks: the same 300-change merge of a copy into a book (100 accounts edited in the
book, 200 in the copy, 100 of them the same accounts: conflicts, settled by taking the copy's),
on a 1,000-account book and on the run's big book.

On the 1,000-account book the merge (preview + backup + apply) is paired with its floor, SQLite's
backup API making a verified copy of the same book (app and floor alternating, ``paired``). On
the big book a pair takes minutes (the merge checks the copy and backs the book up, reading and
writing the whole file), so the merge runs once, and the verified copy once, each timed. The
last row is the big book's merge time over the small one's: whether merge cost grows with the
changes (1.0) or with the book.
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
    times: Paired | None
    """The paired times (app and floor alternating), when measured in pairs."""
    merged: float
    """The merge's seconds (the median of the pairs' when paired)."""
    floor: float
    """The verified copy's seconds (likewise)."""
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


def _merge_once(base: Path, source: Path, into: Path) -> tuple[float, float, int]:
    """Merge ``source`` into a fresh copy of ``base`` at ``into``: (seconds for the preview and
    the merge, seconds for the preview alone, conflicts)."""
    shutil.copyfile(base, _fresh(into))
    # The same copy again: forget the last run's plan and check (they would be reused).
    merge._PLANS.clear()
    merge._SOUND.clear()
    with books.open_book(into) as book:
        began = time.perf_counter()
        plan = merge.preview_merge(book, source)
        preview = time.perf_counter() - began
        result = merge.merge(book, source, prefer=merge.FROM)
        seconds = time.perf_counter() - began
    assert result.applied
    return seconds, preview, len(plan.conflicts)


def _verified_copy(base: Path, target: Path) -> float:
    _fresh(target)
    began = time.perf_counter()
    backups.copy_book(base, target)
    return time.perf_counter() - began


def measure(book_path: Path, folder: Path, *, pairs: bool) -> Measured:
    """The merge (preview + backup + apply) of the edited copy and a verified copy of the book:
    paired (``pairs``), or each once."""
    folder.mkdir(parents=True, exist_ok=True)
    base, source = _edited_pair(book_path, folder)
    size = _account_count(base)
    into, copy = folder / "work.aspbook", folder / "copy.aspbook"
    previews: list[float] = []
    conflicts: list[int] = []

    def app() -> float:
        seconds, preview, found = _merge_once(base, source, into)
        previews.append(preview)
        conflicts.append(found)
        return seconds

    try:
        if pairs:
            times: Paired | None = paired_values(app, lambda: _verified_copy(base, copy))
            merged, floor = times.app, times.floor
        else:
            times = None
            merged, floor = app(), _verified_copy(base, copy)
    finally:
        for path in (into, copy, base, source):
            _fresh(path)
    preview = sorted(previews)[len(previews) // 2]
    return Measured(size, times, merged, floor, conflicts[0], preview)


def _name(measured: Measured) -> str:
    return f"merge {BOOK_EDITS + COPY_EDITS} changes into a {measured.accounts:,}-account book"


def _row(measured: Measured) -> Result:
    note = (
        f"preview + backup + apply; {measured.conflicts} conflicts; the preview alone "
        f"{measured.preview:.2f} s, its plan reused"
    )
    if measured.times is not None:
        return measured.times.result(
            _name(measured), "verified backup copy of the book", goal=3.0, note=note
        )
    return Result(
        _name(measured),
        measured.merged,
        "s",
        note=f"one run (a pair takes minutes on this book); {note}; a verified backup copy "
        f"of the book alone {measured.floor:.1f} s",
    )


def run(ctx: Context) -> list[Result]:
    folder = ctx.folder / "merge"
    if _account_count(ctx.book) <= SMALL_ACCOUNTS:
        return [_row(measure(ctx.book, folder / "book", pairs=True))]
    small_book = folder / "small.aspbook"
    folder.mkdir(parents=True, exist_ok=True)
    demo.generate_demo(small_book, accounts=SMALL_ACCOUNTS)
    small = measure(small_book, folder / "small", pairs=True)
    small_book.unlink()
    big = measure(ctx.book, folder / "big", pairs=False)
    return [
        _row(small),
        _row(big),
        Result(
            f"merge time, {big.accounts:,} over {small.accounts:,} accounts, same 300 changes",
            big.merged / small.merged,
            "x",
            note=f"{big.merged:.1f} s vs {small.merged:.2f} s (1.0: the changes set the cost, "
            f"{big.accounts / small.accounts:.0f}: the book does); the verified backup copy "
            f"alone {big.floor / small.floor:.1f}x",
        ),
    ]
