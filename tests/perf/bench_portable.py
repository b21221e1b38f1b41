"""Portable-book benchmarks: CSV import throughput and memory, the JSON archive, merge.

Floors are measured in the same run: raw ``sqlite3`` inserting the same rows, and SQLite's own
backup API copying the same book. Memory is the peak resident size of a child process that
imports a large CSV, compared with one that imports a tiny file (the difference is what the
import itself costs, and must not grow with the file).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

from planner.services import accounts, books
from planner.services.interchange import export, importer, merge
from planner.store import backups
from tests.perf.bench import Context, Result, median_time

ROOT = Path(__file__).resolve().parents[2]

MEMORY_CHILD = """
import json, resource, sys
from pathlib import Path
from planner.services import books
from planner.services.interchange import importer
path, book = Path(sys.argv[1]), Path(sys.argv[2])
with books.create_book(book) as opened:
    preview = importer.preview_file(path, "accounts", rows=5)
    report = importer.import_csv(opened, path, preview.mapping, fmt=preview.format)
print(json.dumps({"rows": report.created,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _write_accounts_csv(path: Path, rows: int, notes: int = 0) -> None:
    filler = "x" * notes
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Account Name,Account ID,Industry,Employees,ARR,Renewal Date,Notes\n")
        for i in range(rows):
            out.write(
                f'Account {i},{i},Retail,{i % 5000},"{i * 10:,}.50",2027-01-{i % 28 + 1:02d},'
                f"{filler}\n"
            )


def _raw_floor(rows: int, folder: Path) -> float:
    """The same three rows per account (account, stage change, revenue event) with sqlite3."""
    path = folder / "raw.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    for table in ("a", "s", "r"):
        conn.execute(f"CREATE TABLE {table} (id BLOB PRIMARY KEY, x TEXT, y INTEGER, z TEXT)")
    began = time.perf_counter()
    conn.execute("BEGIN")
    for table in ("a", "s", "r"):
        conn.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
            ((uuid.uuid4().bytes, f"Account {i}", i, "2027-01-01") for i in range(rows)),
        )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - began
    conn.close()
    return seconds


def _child_rss(csv_path: Path, book: Path) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(csv_path), str(book)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(out.stdout.splitlines()[-1])
    return int(data["rows"]), int(data["max_rss_kb"]) * 1024


def run(ctx: Context) -> list[Result]:
    folder = ctx.folder / "portable"
    folder.mkdir(exist_ok=True)
    results: list[Result] = []

    # --- import throughput
    rows = min(ctx.accounts, 10_000)
    csv_path = folder / "accounts.csv"
    _write_accounts_csv(csv_path, rows)
    with books.create_book(folder / "import.aspbook") as book:
        preview = importer.preview_file(csv_path, "accounts")
        began = time.perf_counter()
        report = importer.import_csv(book, csv_path, preview.mapping, fmt=preview.format)
        seconds = time.perf_counter() - began
        assert report.created == rows, report.summary()
        began = time.perf_counter()
        again = importer.import_csv(book, csv_path, preview.mapping, fmt=preview.format)
        reimport = time.perf_counter() - began
        assert again.unchanged == rows
    floor = _raw_floor(rows, folder)
    results.append(
        Result(
            f"CSV import, {rows:,} new accounts",
            seconds,
            "s",
            floor,
            "raw sqlite3 insert of the same rows",
            note=f"{rows / seconds:,.0f} rows/s",
        )
    )
    results.append(
        Result(
            f"CSV re-import, {rows:,} unchanged accounts",
            reimport,
            "s",
            note=f"{rows / reimport:,.0f} rows/s",
        )
    )

    # --- memory: a large file against a tiny one
    big = folder / "big.csv"
    _write_accounts_csv(big, 20_000, notes=2_500)
    tiny = folder / "tiny.csv"
    _write_accounts_csv(tiny, 50, notes=2_500)
    _, base_rss = _child_rss(tiny, folder / "tiny.aspbook")
    big_rows, big_rss = _child_rss(big, folder / "big.aspbook")
    size = big.stat().st_size
    results.append(
        Result(
            f"CSV import memory, {size / 1_048_576:.0f} MB file",
            (big_rss - base_rss) / 1_048_576,
            "MB",
            size / 1_048_576,
            "the file's size",
            goal=0.25,
            note=f"{big_rows:,} rows; peak RSS {big_rss / 1_048_576:.0f} MB vs "
            f"{base_rss / 1_048_576:.0f} MB for a tiny file",
        )
    )

    # --- the JSON archive of the big book
    copy_floor = median_time(lambda: backups.copy_book(ctx.book, folder / "copy.aspbook"), repeat=3)
    archive = folder / "book.json"
    with books.open_book(ctx.book, read_only=True) as book:
        began = time.perf_counter()
        exported = export.export_archive(book, archive)
        seconds = time.perf_counter() - began
    results.append(
        Result(
            f"JSON archive export, {exported.total_rows:,} records",
            seconds,
            "s",
            copy_floor,
            "verified backup copy of the book",
        )
    )
    target = folder / "rebuilt.aspbook"
    began = time.perf_counter()
    export.import_archive(archive, target)
    results.append(
        Result(
            "JSON archive import (rebuild the book)",
            time.perf_counter() - began,
            "s",
            copy_floor,
            "verified backup copy of the book",
        )
    )

    # --- merge: a copy with 200 changes on each side
    into, source = folder / "into.aspbook", folder / "from.aspbook"
    shutil.copyfile(ctx.book, into)
    shutil.copyfile(ctx.book, source)
    for path, note in ((into, "office"), (source, "client")):
        with books.open_book(path) as book:
            for acct in accounts.list_accounts(book)[: 200 if note == "office" else 400 : 2]:
                accounts.update_account(book, acct.id, notes=f"edited at the {note}")
    with books.open_book(into) as book:
        began = time.perf_counter()
        plan = merge.preview_merge(book, source)
        preview_seconds = time.perf_counter() - began
        began = time.perf_counter()
        result = merge.merge(book, source, prefer=merge.FROM)
        apply_seconds = time.perf_counter() - began
    results.append(
        Result(
            "merge preview, big book, 300 changes",
            preview_seconds,
            "s",
            copy_floor,
            "verified backup copy of the book",
            note=f"{len(plan.conflicts)} conflicts",
        )
    )
    results.append(
        Result(
            "merge (preview + backup + apply)",
            apply_seconds,
            "s",
            copy_floor,
            "verified backup copy of the book",
            note="applied" if result.applied else "nothing applied",
        )
    )
    return results
