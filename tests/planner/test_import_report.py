"""A CSV with bad rows is reported exactly as before the import was made quicker: the same
problems, in the same order, with the same words and values, the same counts and summary, and
only what was written is claimed (nothing at all when rows fail and they are not skipped)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from planner.services import accounts, books, search
from planner.services.interchange import importer
from planner.store import bulk, search_index

CSV = (
    "Account Name,Account ID,Industry,Employees,ARR,Renewal Date,Contract Start,Tier,Strategic\n"
    'Acme,A1,Retail,12,"1,200.50",2027-01-05,2026-01-05,Enterprise,yes\n'
    "Bad Date,A2,Retail,12,100,2027-02-30,,Enterprise,no\n"
    "Bad Date Again,A3,Retail,12,100,2027-02-30,,Enterprise,no\n"
    "Bad Tier,A4,Retail,12,100,2027-01-05,,Platinum,no\n"
    "Bad Tier Again,A5,Retail,12,100,2027-01-05,,Platinum,no\n"
    "Twice,A1,Retail,12,100,2027-01-05,,Enterprise,no\n"
    "Negative,A6,Retail,12,-100,2027-01-05,,Enterprise,no\n"
    "Too Precise,A7,Retail,12,100.505,2027-01-05,,Enterprise,no\n"
    ",A8,Retail,12,100,2027-01-05,,Enterprise,no\n"
    "Backwards,A9,Retail,12,100,2026-01-05,2027-01-05,Enterprise,no\n"
    "Many Staff,A10,Retail,lots,abc,2027-01-05,,Enterprise,maybe\n"
    "Many Staff Again,A11,Retail,lots,abc,2027-01-05,,Enterprise,maybe\n"
    'Existing,A12,Retail,"1,250","2,000",2027-01-05,,SMB,\n'
    "Good Two,A13,Retail,5,0,2027-03-05,,,\n"
    "  Spaced   Name ,A14,Retail,-3,100,2027-01-05,,Enterprise,no\n"
)

PROBLEMS = [
    (3, "Renewal date", "'2027-02-30' is not a real date.", "2027-02-30"),
    (4, "Renewal date", "'2027-02-30' is not a real date.", "2027-02-30"),
    (
        5,
        "Tier",
        "'Platinum' is not a tier; use one of: Strategic, Enterprise, Mid-market, SMB.",
        "Platinum",
    ),
    (
        6,
        "Tier",
        "'Platinum' is not a tier; use one of: Strategic, Enterprise, Mid-market, SMB.",
        "Platinum",
    ),
    (12, "Employee count", "'lots' is not a whole number.", "lots"),
    (12, "ARR", "'abc' cannot be read: the amount is empty.", "abc"),
    (12, "Strategic", "'maybe' is not yes or no (use true/false, yes/no or 1/0).", "maybe"),
    (13, "Employee count", "'lots' is not a whole number.", "lots"),
    (13, "ARR", "'abc' cannot be read: the amount is empty.", "abc"),
    (13, "Strategic", "'maybe' is not yes or no (use true/false, yes/no or 1/0).", "maybe"),
    (
        7,
        "CRM id",
        "CRM id A1 already appears on line 2; each record should appear once in the file.",
        "A1",
    ),
    (8, "ARR", "ARR cannot be negative.", "-100"),
    (9, "ARR", "'100.505' cannot be read: USD amounts have at most 2 decimal places.", "100.505"),
    (10, "Name", "No account has CRM id A8, and a new account needs a name.", ""),
    (11, "Renewal date", "The renewal date must be on or after the contract start.", "2026-01-05"),
    (16, "Employee count", "Employee count must be between 0 and 10000000 (you entered -3).", "-3"),
]

REPORTS = {
    False: (
        "Nothing was imported: 16 problems must be fixed first (or choose to skip the rows with "
        "problems).",
        (2, 1, 0, 0, 15),
        ["Existing"],
    ),
    True: (
        "2 accounts were created, 1 updated, 0 already up to date; 12 rows with problems skipped.",
        (2, 1, 0, 12, 15),
        ["Acme", "Existing", "Good Two"],
    ),
}


WHOLE = importer.CHUNK_ROWS


@pytest.mark.parametrize("chunk", [WHOLE, 2])
@pytest.mark.parametrize("skip", [False, True])
def test_bad_rows_are_reported_as_before(
    book: books.Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, skip: bool, chunk: int
) -> None:
    if chunk != WHOLE:
        monkeypatch.setattr(importer, "CHUNK_ROWS", chunk)  # what is remembered crosses chunks
    accounts.create_account(book, name="Existing")
    path = tmp_path / "bad.csv"
    path.write_text(CSV, encoding="utf-8")
    preview = importer.preview_file(path, "accounts")
    report = importer.import_csv(book, path, preview.mapping, fmt=preview.format, skip_invalid=skip)
    summary, counts, names = REPORTS[skip]
    found = [(e.line, e.field, e.message, e.value) for e in report.errors]
    if chunk == WHOLE:
        assert found == PROBLEMS
    else:  # each chunk lists its unreadable cells, then its refused rows
        assert sorted(found) == sorted(PROBLEMS)
    assert report.error_count == len(PROBLEMS)
    assert report.summary() == summary
    assert (report.created, report.updated, report.unchanged, report.skipped, report.rows) == counts
    assert report.written is skip
    assert sorted(a.name for a in accounts.list_accounts(book, include_archived=True)) == names


def _accounts_csv(path: Path, rows: int, first: int = 0) -> Path:
    lines = ["Account Name,Account ID,ARR"]
    lines += [f"Company {i},C{i},{i * 10}" for i in range(first, first + rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _marks(book: books.Book) -> list[tuple[int, str, int]]:
    conn = sqlite3.connect(f"file:{book.path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT d.docid, a.name, d.pending FROM search_docs d JOIN accounts a "
            "ON a.id = d.row_id ORDER BY a.rowid"
        ).fetchall()
    finally:
        conn.close()


def _trigger_sql(book: books.Book) -> str | None:
    conn = sqlite3.connect(f"file:{book.path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'search_accounts_ins'"
        ).fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


def test_new_records_are_marked_for_search_as_the_trigger_marks_them(
    book: books.Book, tmp_path: Path
) -> None:
    trigger = _trigger_sql(book)
    accounts.create_account(book, name="Before")
    few = importer.preview_file(_accounts_csv(tmp_path / "few.csv", 3), "accounts")
    importer.import_csv(book, few.path, few.mapping, fmt=few.format)  # the trigger, row by row
    many = importer.preview_file(_accounts_csv(tmp_path / "many.csv", 120, first=3), "accounts")
    importer.import_csv(book, many.path, many.mapping, fmt=many.format)  # marked together
    accounts.create_account(book, name="After")
    low, _high = search_index.docid_range("account")
    marks = _marks(book)
    assert [docid for docid, _name, _pending in marks] == list(range(low, low + 125))
    assert [name for _docid, name, _pending in marks] == [
        "Before",
        *(f"Company {i}" for i in range(123)),
        "After",
    ]
    assert {pending for _docid, _name, pending in marks} == {0}
    assert _trigger_sql(book) == trigger
    assert search.index_status(book).in_step
    assert "Company 77" in {h.account_name for h in search.search(book, "C77").hits}


def test_a_chunk_the_book_refuses_leaves_the_trigger_in_place(
    book: books.Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trigger = _trigger_sql(book)
    real = bulk.insert_stored
    refused: list[int] = []

    def refuse_once(conn: Any, table: str, rows: Any, *args: Any, **kwargs: Any) -> int:
        if table == "accounts" and len(rows) > 1 and not refused:
            refused.append(len(rows))
            raise DBAPIError("INSERT", None, sqlite3.IntegrityError("refused for the test"))
        return real(conn, table, rows, *args, **kwargs)

    monkeypatch.setattr(bulk, "insert_stored", refuse_once)
    preview = importer.preview_file(_accounts_csv(tmp_path / "many.csv", 80), "accounts")
    report = importer.import_csv(book, preview.path, preview.mapping, fmt=preview.format)
    assert refused == [80]
    assert report.created == 80
    assert report.written
    assert _trigger_sql(book) == trigger
    assert search.index_status(book).in_step
    low, _high = search_index.docid_range("account")
    assert [docid for docid, _n, _p in _marks(book)] == list(range(low, low + 80))
