"""Build a demo book file: cast the accounts, tell their stories in chunks, score their health.

The book is built under a temporary name beside the target and renamed in when complete.
Accounts are told in chunks of :data:`CHUNK`; each chunk's rows are written in one unit of
work. Health snapshots are not invented: every account is scored at each quarter end of the
last two years and today, from the rows just written, with the health model in force on that
day (the book's model changed three quarters ago).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from planner.domain import errors
from planner.domain import health as h
from planner.domain.clock import FixedClock, default_clock
from planner.services import books
from planner.services.demo.account import Told, tell
from planner.services.demo.cast import AT_RISK, cast_book
from planner.services.demo.rows import Rows, millis, random_id
from planner.services.health import snapshot_values
from planner.store import bulk, search_index
from planner.store import models as m
from planner.store.book import Book, create_book

ProgressCallback = Callable[[int, int], bool]
"""Called as (accounts done, total); return False to cancel."""

QUARTERS = 8
CHUNK = 200


@dataclass(frozen=True, slots=True)
class DemoResult:
    path: Path
    accounts: int
    rows: int
    seconds: float

    @property
    def accounts_per_second(self) -> float:
        return self.accounts / self.seconds if self.seconds > 0 else float("inf")


def generate_demo(
    path: Path,
    *,
    accounts: int = 40,
    seed: int = 7,
    today: date | None = None,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> DemoResult:
    """Create a demo book at ``path`` (built under a temporary name, then renamed in; see
    :func:`planner.services.books.new_book_file` for what is refused). Replacing a book: hold
    its lock (``planner demo`` does)."""
    if accounts < 1 or accounts > 1_000_000:
        raise errors.ValidationError("accounts", "The number of accounts must be 1 to 1,000,000.")
    path = Path(path)
    if path.exists() and not replace:
        raise errors.ConflictError(
            f"{path.name} already exists. Choose another file name, or replace it on purpose "
            "(planner demo BOOK --replace)."
        )
    began = time.perf_counter()
    day = today or default_clock().today()
    with books.new_book_file(path, replace=replace) as tmp:
        book = create_book(tmp, clock=FixedClock(day), temporary=True)
        try:
            total_rows = _fill(book, accounts, seed, day, progress)
        finally:
            book.close()
    return DemoResult(path, accounts, total_rows, time.perf_counter() - began)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, dtime(hour, 0), tzinfo=UTC)


def _fill(
    book: Book, accounts: int, seed: int, day: date, progress: ProgressCallback | None
) -> int:
    rng = random.Random(seed)
    rev = random_id(rng)
    rev_text = m.guid_text(rev)
    switch = day - timedelta(days=91 * 3)
    models = [
        h.HealthModelSettings(1),
        h.HealthModelSettings(2, {**h.DEFAULT_WEIGHTS, h.ENGAGEMENT: 25.0, h.SUPPORT: 10.0}),
    ]
    with book.write() as session:
        session.execute(
            insert(m.EditSession).values(
                id=rev_text, started_at=_at(day), host="demo", app_version="demo"
            )
        )
        for model, created in (
            (models[0], day - timedelta(days=91 * QUARTERS + 30)),
            (models[1], switch),
        ):
            session.execute(
                insert(m.HealthModel).values(
                    id=m.guid_text(random_id(rng)),
                    version=model.version,
                    weights=dict(model.weights),
                    red_below=model.red_below,
                    green_from=model.green_from,
                    note="Initial model"
                    if model.version == 1
                    else "More weight on engagement after the churn review",
                    created_at=_at(created),
                    updated_at=_at(created),
                    rev=rev_text,
                )
            )
    sketches = cast_book(accounts, seed, day)
    rows = Rows(rng, rev, day)
    days = [*quarter_ends(day, QUARTERS), day]
    total = 0
    with book.write() as session:
        deferred = _defer_indexing(bulk.driver(session))
    for first in range(0, accounts, CHUNK):
        rows.clear()
        told = [tell(sketch, rows, day) for sketch in sketches[first : first + CHUNK]]
        _snapshots(rows, told, days, models, switch)
        with book.write() as session:
            bulk.driver(session).execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            total += rows.write(session)
        if progress is not None and not progress(first + len(told), accounts):
            raise errors.PlannerError("Demo generation was cancelled; no book was written.")
    with book.write() as session:
        raw = bulk.driver(session)
        for statement in deferred:
            raw.execute(statement)
        search_index.rebuild(search_index.connection_executor(raw))
        raw.execute("PRAGMA cache_size = -2000")
    return total


_CACHE_KIB = 131_072
"""Page cache while a demo book is written (128 MB)."""


def _defer_indexing(raw: sqlite3.Connection) -> list[str]:
    """Drop the indexes that are not unique and the search index's triggers of the new (still
    temporary) book; return the statements that make them again once every row is in: each
    index is then built once from sorted keys, and every record indexed for search once."""
    later = [*bulk.secondary_indexes(raw), *bulk.triggers(raw)]
    for name, sql in later:
        kind = "TRIGGER" if sql.lstrip().upper().startswith("CREATE TRIGGER") else "INDEX"
        raw.execute(f'DROP {kind} "{name}"')
    return [sql for _name, sql in later]


def quarter_ends(today: date, count: int) -> list[date]:
    """The last ``count`` quarter ends before ``today``, oldest first."""
    ends = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(count):
        quarter -= 1
        if quarter < 0:
            quarter, year = 3, year - 1
        month = quarter * 3 + 3
        next_first = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(next_first - timedelta(days=1))
    return sorted(ends)


def _snapshots(
    rows: Rows,
    told: list[Told],
    days: list[date],
    models: list[h.HealthModelSettings],
    switch: date,
) -> None:
    """Score every account at each quarter end of the last two years and today, with the
    health model in force on each day, from the facts its story wrote."""
    for account in told:
        for day in days:
            if day < account.start or (account.churn_on is not None and day > account.churn_on):
                continue
            model = models[1] if day >= switch else models[0]
            values: dict[str, Any] = snapshot_values(
                "", day, h.score_health(account.health.inputs(day), model)
            )
            values["account_id"] = account.account_id
            values["rev"] = rows.rev
            del values["id"]
            snapshot = rows.add("health_snapshots", day, **values)
            snapshot["created_at"] = snapshot["updated_at"] = millis(day, 18)
    _overrides(rows, told, rows.today, models[1])


def _overrides(rows: Rows, chunk: list[Told], today: date, model: h.HealthModelSettings) -> None:
    """A few accounts at risk carry the CSM's override on today's score, with the reason."""
    reasons = {t.account_id: t.override_reason for t in chunk if t.archetype == AT_RISK}
    candidates = [
        r
        for r in rows.tables.get("health_snapshots", [])
        if r["taken_on"] == today and r["account_id"] in reasons and r["score"] < 50
    ]
    for row in candidates[: max(1, len(candidates) // 4)]:
        row["override_score"] = min(round(row["score"] + 15.0, 1), 100.0)
        row["score"] = row["override_score"]
        row["band"] = model.band(row["score"])
        row["override_reason"] = reasons[row["account_id"]]
