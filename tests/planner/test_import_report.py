"""A CSV with bad rows is reported exactly as before the import was made quicker: the same
problems, in the same order, with the same words and values, the same counts and summary, and
only what was written is claimed (nothing at all when rows fail and they are not skipped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.services import accounts, books
from planner.services.interchange import importer

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
