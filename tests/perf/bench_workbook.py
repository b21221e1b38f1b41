"""Working the book: search (goal: under 50 ms per query on a 10,000-account book, against the
bare FTS5 query as floor), the whole book's Needs attention list, and the renewal forecast."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from planner.domain.search import fts_query, parse_query
from planner.services import attention, books, forecast, search
from tests.perf.bench import Context, Result, median_time, paired

SEARCH_GOAL_MS = 50.0


def _queries(book: books.Book) -> list[str]:
    """Typical searches: an account's name, a person's name, a word, a part of a word, a
    phrase, two words, and a word that is everywhere."""
    with book.read() as session:
        conn = session.connection()
        account = conn.exec_driver_sql("SELECT name FROM accounts LIMIT 1 OFFSET 77").scalar()
        person = conn.exec_driver_sql("SELECT name FROM stakeholders LIMIT 1 OFFSET 501").scalar()
    return [
        str(account),
        str(person),
        "escalation",
        "integ",
        '"data sync"',
        "renewal risk",
        "the",
    ]


def _bare(path: str, text: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT 50",
            (fts_query(parse_query(text)),),
        ).fetchall()
        return len(rows)
    finally:
        conn.close()


def run(ctx: Context) -> list[Result]:
    results = []
    with books.open_book(ctx.book, read_only=True) as book:
        for text in _queries(book):
            found = search.search(book, text)
            measured = paired(
                lambda t=text: search.search(book, t),
                lambda t=text: _bare(str(ctx.book), t),
                pairs=7,
            )
            ms = measured.app * 1000
            verdict = "meets" if ms < SEARCH_GOAL_MS else "MISSES"
            row = measured.result(
                f"search {text[:28]!r} ({found.matches:,}{'+' if found.capped else ''})",
                "bare FTS5 query",
                goal=2.0,
                note=f"{ms:.1f} ms, goal < {SEARCH_GOAL_MS:g} ms: {verdict}",
            )
            results.append(replace(row, value=ms, unit="ms", floor=measured.floor * 1000))
        listed = attention.needs_attention(book)
        results.append(
            Result(
                f"needs attention, whole book ({len(listed.items):,} items)",
                median_time(lambda: attention.needs_attention(book), repeat=3),
                "s",
            )
        )
        made = forecast.forecast(book)
        results.append(
            Result(
                f"renewal forecast, 4 quarters ({len(made.rows):,} renewals)",
                median_time(lambda: forecast.forecast(book), repeat=3),
                "s",
            )
        )
    return results
