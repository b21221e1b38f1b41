"""Portable-book benchmarks: CSV import throughput and memory, the JSON archive (merge: see
``bench_merge``).

Every timed row alternates the app and its floor (``paired``: the ratio is the median of five
paired ratios). Floors: raw ``sqlite3`` inserting the same parsed rows (CSV import); raw JSON
to ``sqlite3`` (then the book's own indexes and search index, built once after the load as the
app builds them: without them the file is not the same, usable book) and raw ``sqlite3`` to JSON
over the same rows and bytes (archive import and export, on a book of at most
:data:`ARCHIVE_ACCOUNTS` accounts, so that five pairs fit the section's time). Memory is the
peak resident size (``VmHWM``, the child's own) of a child process that imports a large CSV,
compared with one that imports a tiny file (the difference is what the import itself costs,
and must not grow with the file).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

from planner.services import books, demo
from planner.services.interchange import export, importer
from planner.store import search_index
from tests.perf.bench import Context, Result, paired, paired_values, run_python

MEMORY_CHILD = """
import json, sys
from pathlib import Path
from planner.services import books
from planner.services.interchange import importer
from tests.perf.bench import peak_rss_mb
path, book = Path(sys.argv[1]), Path(sys.argv[2])
with books.create_book(book) as opened:
    preview = importer.preview_file(path, "accounts", rows=5)
    report = importer.import_csv(opened, path, preview.mapping, fmt=preview.format)
print(json.dumps({"rows": report.created, "peak_mb": peak_rss_mb()}))
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


def _child_peak_mb(csv_path: Path, book: Path) -> tuple[int, float]:
    data = json.loads(run_python(MEMORY_CHILD, str(csv_path), str(book)).splitlines()[-1])
    return int(data["rows"]), float(data["peak_mb"])


def _fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)
    return path


# --------------------------------------------------------------------------- archive floors


def _raw_export(book: Path, out: Path) -> float:
    """Every row of every table of the book read with sqlite3 and written as JSON lines (ids as
    text, as the archive has them): the least an archive export can do."""
    began = time.perf_counter()
    conn = sqlite3.connect(f"file:{book}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
                "AND name NOT LIKE 'sqlite%'"
            )
        ]
        with out.open("w", encoding="utf-8") as handle:
            for name in tables:
                for row in conn.execute(f'SELECT * FROM "{name}"'):
                    values = [
                        _uuid_text(v) if type(v) is bytes and len(v) == 16 else v for v in row
                    ]
                    handle.write(json.dumps(values, ensure_ascii=False) + ",\n")
    finally:
        conn.close()
    return time.perf_counter() - began


def _uuid_text(value: bytes) -> str:
    """``str(uuid.UUID(bytes=value))``, the quick way."""
    h = value.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _raw_import(archive: Path, book: Path, target: Path) -> float:
    """The archive's rows parsed with ``json`` and inserted with sqlite3 executemany into the
    book's tables (same DDL), in one transaction; then what makes the file the same, usable
    book (as the app does after its load): the book's indexes built once, and its search
    index (same DDL) filled in one set-based pass."""
    source = sqlite3.connect(f"file:{book}?mode=ro", uri=True)
    ddl = [
        r[0]
        for r in source.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
            "AND sql IS NOT NULL"
        )
    ]
    indexes = [
        r[0]
        for r in source.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name NOT LIKE '%search%' "
            "AND sql IS NOT NULL"
        )
    ]
    source.close()
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    for statement in ddl:
        conn.execute(statement)
    began = time.perf_counter()
    with archive.open(encoding="utf-8") as handle:
        data = json.load(handle)
    conn.execute("BEGIN")
    for name, table in data["tables"].items():
        columns = table["columns"]
        sql = (
            f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        )
        conn.executemany(
            sql,
            (
                [json.dumps(v) if isinstance(v, dict | list) else v for v in r]
                for r in table["rows"]
            ),
        )
    for statement in (*indexes, *search_index.TABLES_DDL):
        conn.execute(statement)
    search_index.rebuild(search_index.connection_executor(conn))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - began
    conn.close()
    return seconds


# --------------------------------------------------------------------------- run


def run(ctx: Context) -> list[Result]:
    folder = ctx.folder / "portable"
    folder.mkdir(exist_ok=True)
    return [
        *_csv_rows(ctx, folder),
        _memory_row(folder),
        *_archive_rows(ctx, folder),
    ]


def _csv_rows(ctx: Context, folder: Path) -> list[Result]:
    rows = min(ctx.accounts, 10_000)
    csv_path = folder / "accounts.csv"
    _write_accounts_csv(csv_path, rows)
    preview = importer.preview_file(csv_path, "accounts")
    target = folder / "import.aspbook"

    def app() -> float:
        with books.create_book(_fresh(target)) as book:
            began = time.perf_counter()
            report = importer.import_csv(book, csv_path, preview.mapping, fmt=preview.format)
            seconds = time.perf_counter() - began
        assert report.created == rows, report.summary()
        return seconds

    app()  # warm-up
    _raw_floor(rows, folder)
    measured = paired_values(app, lambda: _raw_floor(rows, folder))
    with books.open_book(target) as book:
        began = time.perf_counter()
        again = importer.import_csv(book, csv_path, preview.mapping, fmt=preview.format)
        reimport = time.perf_counter() - began
        assert again.unchanged == rows
    first = measured.result(
        f"CSV import, {rows:,} new accounts",
        "raw sqlite3 insert of the same rows",
        goal=4.0,
        note=f"{rows / measured.app:,.0f} rows/s",
    )
    again_row = Result(
        f"CSV re-import, {rows:,} unchanged accounts",
        reimport,
        "s",
        note=f"{rows / reimport:,.0f} rows/s",
    )
    return [first, again_row]


def _memory_row(folder: Path) -> Result:
    big = folder / "big.csv"
    _write_accounts_csv(big, 20_000, notes=2_500)
    tiny = folder / "tiny.csv"
    _write_accounts_csv(tiny, 50, notes=2_500)
    _, base = _child_peak_mb(tiny, _fresh(folder / "tiny.aspbook"))
    big_rows, peak = _child_peak_mb(big, _fresh(folder / "big.aspbook"))
    size = big.stat().st_size / 1_048_576
    return Result(
        f"CSV import memory, {size:.0f} MB file",
        peak - base,
        "MB",
        size,
        "the file's size",
        goal=0.25,
        note=f"{big_rows:,} rows; the child's own peak (VmHWM) {peak:.0f} MB vs {base:.0f} MB "
        "for a tiny file",
    )


ARCHIVE_ACCOUNTS = 1_000
"""The archive rows run on a book of at most this many accounts (made in the section when the
bench book is bigger): on a 10,000-account book one export or rebuild takes minutes, and five
pairs of each would not fit the section's time."""


def _archive_book(ctx: Context, folder: Path) -> tuple[Path, int]:
    """The book the archive rows use, and its number of accounts."""
    if ctx.accounts <= ARCHIVE_ACCOUNTS:
        return ctx.book, ctx.accounts
    made = _fresh(folder / "archive-source.aspbook")
    demo.generate_demo(made, accounts=ARCHIVE_ACCOUNTS)
    return made, ARCHIVE_ACCOUNTS


def _archive_rows(ctx: Context, folder: Path) -> list[Result]:
    source, size = _archive_book(ctx, folder)
    archive = folder / "book.json"
    with books.open_book(source, read_only=True) as book:
        exported = export.export_archive(book, archive)  # also the warm-up: the book is read
        _raw_export(source, folder / "raw.json")
        measured = paired(
            lambda: export.export_archive(book, archive),
            lambda: _raw_export(source, folder / "raw.json"),
            warmup=0,
        )
    rows = [
        measured.result(
            f"JSON archive export, {size:,}-account book ({exported.total_rows:,} records)",
            "raw sqlite3 -> JSON, same rows",
            goal=1.1,
        )
    ]
    target = folder / "rebuilt.aspbook"

    def app() -> float:
        began = time.perf_counter()
        export.import_archive(archive, _fresh(target))
        return time.perf_counter() - began

    app()
    imported = paired_values(app, lambda: _raw_import(archive, source, folder / "raw.db"))
    rows.append(
        imported.result(
            f"JSON archive import (rebuild the book), {size:,}-account book",
            "raw JSON -> sqlite3, same rows, then the same indexes and search index",
            goal=1.3,
        )
    )
    return rows
