"""The JSON archive: exporting a book and importing the archive into a new book reproduces it
exactly (every row of every table), and a broken archive is refused without leaving a file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain import errors
from planner.services import accounts, books, plans, search
from planner.services.interchange import export
from planner.store import migrations, search_index


def every_row(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as SQLite stores it (bytes, integers, text); not the search
    index, which is derived from them (its layout depends on the order rows were written)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if r[0] not in search_index.OBJECTS
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        conn.close()


def header(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )
    finally:
        conn.close()


def test_archive_reproduces_the_book_exactly(demo_path: Path, tmp_path: Path) -> None:
    archive = tmp_path / "demo.json"
    with books.open_book(demo_path, read_only=True) as book:
        result = export.export_archive(book, archive)
    assert result.total_rows > 5000
    copy = tmp_path / "copy.aspbook"
    imported = export.import_archive(archive, copy)
    assert imported.rows == {k: v for k, v in result.rows.items() if v}
    original, rebuilt = every_row(demo_path), every_row(copy)
    assert original.keys() == rebuilt.keys()
    for table in original:
        assert rebuilt[table] == original[table], table
    assert header(copy) == header(demo_path)
    books.check_book(copy)
    with books.open_book(copy, read_only=True) as rebuilt_book:
        assert search.index_status(rebuilt_book).in_step
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "copy.aspbook",
        "demo.aspbook",
        "demo.json",
    ]


def test_archive_layout_is_versioned_and_line_per_row(book: books.Book, tmp_path: Path) -> None:
    accounts.create_account(book, name="Acme", arr_minor=12_345, notes="two\nlines")
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    data = json.loads(archive.read_text(encoding="utf-8"))
    assert data["format"] == "account-success-planner/archive"
    assert data["format_version"] == export.ARCHIVE_VERSION
    assert data["schema_version"] == migrations.SCHEMA_VERSION
    assert data["book_id"] == book.setting("book_id")
    [row] = data["tables"]["accounts"]["rows"]
    columns = data["tables"]["accounts"]["columns"]
    assert dict(zip(columns, row, strict=True))["arr_minor"] == 12_345
    lines = archive.read_text(encoding="utf-8").splitlines()
    assert len(lines) > sum(len(t["rows"]) for t in data["tables"].values())


def test_a_reformatted_archive_still_imports(book: books.Book, tmp_path: Path) -> None:
    acct = accounts.create_account(book, name="Acme")
    plans.create_plan(book, acct.id, title="Plan", period_start=date(2026, 1, 1))
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(
        json.dumps(json.loads(archive.read_text(encoding="utf-8")), indent=4), encoding="utf-8"
    )
    export.import_archive(pretty, tmp_path / "copy.aspbook")
    assert every_row(tmp_path / "copy.aspbook") == every_row(book.path)


def test_an_archive_of_format_2_imports_as_it_is(book: books.Book, tmp_path: Path) -> None:
    """Format 3 only added indexes: an archive written by the previous version holds the same
    rows and is imported, not refused."""
    accounts.create_account(book, name="Acme", crm_id="001")
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    older = tmp_path / "older.json"
    older.write_text(
        archive.read_text(encoding="utf-8").replace(
            f'"schema_version": {migrations.SCHEMA_VERSION}', '"schema_version": 2', 1
        ),
        encoding="utf-8",
    )
    export.import_archive(older, tmp_path / "copy.aspbook")
    assert every_row(tmp_path / "copy.aspbook") == every_row(book.path)
    older.write_text(
        older.read_text(encoding="utf-8").replace('"schema_version": 2', '"schema_version": 1', 1),
        encoding="utf-8",
    )
    with pytest.raises(errors.ValidationError, match="older format 1"):
        export.import_archive(older, tmp_path / "copy1.aspbook")


@pytest.mark.parametrize(
    ("mangle", "words"),
    [
        (lambda text: text[: len(text) // 2], "cut short"),
        (lambda text: text.replace('"format_version": 1', '"format_version": 99'), "newer version"),
        (
            lambda text: text.replace(
                f'"schema_version": {migrations.SCHEMA_VERSION}', '"schema_version": 99'
            ),
            "newer version",
        ),
        (lambda text: text.replace('"accounts": {', '"planets": {'), "does not know"),
        (lambda _text: "Account Name,ARR\nAcme,1\n", "not an Account Success Planner archive"),
        (
            lambda text: text.replace('"account-success-planner/archive"', '"other"'),
            "does not say it is one",
        ),
    ],
)
def test_broken_archives_are_refused_and_leave_nothing(
    book: books.Book, tmp_path: Path, mangle: Any, words: str
) -> None:
    accounts.create_account(book, name="Acme")
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    archive.write_text(mangle(archive.read_text(encoding="utf-8")), encoding="utf-8")
    target = tmp_path / "copy.aspbook"
    with pytest.raises(errors.PlannerError, match=words):
        export.import_archive(archive, target)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_archive_only_fills_an_empty_book(book: books.Book, tmp_path: Path) -> None:
    accounts.create_account(book, name="Acme")
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    with pytest.raises(errors.ConflictError, match="already holds records"):
        export.import_archive(archive, book.path)
    empty = tmp_path / "empty.aspbook"
    books.create_book(empty).close()
    export.import_archive(archive, empty)
    assert every_row(empty) == every_row(book.path)


def test_cli_new_then_import_archive(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "demo.json"
    assert main(["export", str(demo_path), "--format", "json", "--out", str(archive)]) == 0
    target = tmp_path / "new.aspbook"
    assert main(["new", str(target)]) == 0
    assert main(["import-archive", str(target), str(archive)]) == 0
    assert "Rebuilt" in capsys.readouterr().out
    assert every_row(target) == every_row(demo_path)
    assert main(["import-archive", str(target), str(archive)]) == 1
    assert "already holds records" in capsys.readouterr().err
    # the rebuilt book is a true copy: merging it back changes nothing
    assert main(["merge", str(demo_path), str(target)]) == 0
    assert "Nothing to merge" in capsys.readouterr().out


CURRENCIES = st.sampled_from(["USD", "EUR", "JPY", "KWD", "CLP", "BHD"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**15),
            CURRENCIES,
            st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=40,
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_money_dates_and_text_round_trip_through_json(
    rows: list[tuple[int, str, date, str]],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="planner-json-"))
    try:
        with books.create_book(folder / "a.aspbook") as book:
            for i, (arr, currency, day, notes) in enumerate(rows):
                accounts.create_account(
                    book,
                    name=f"A{i}",
                    arr_minor=arr,
                    currency=currency,
                    renewal_date=day,
                    notes=notes,
                )
            export.export_archive(book, folder / "a.json")
        export.import_archive(folder / "a.json", folder / "b.aspbook")
        assert every_row(folder / "b.aspbook") == every_row(folder / "a.aspbook")
        with books.open_book(folder / "b.aspbook", read_only=True) as copy:
            got = sorted(
                (a.name, a.arr_minor, a.currency, a.renewal_date)
                for a in accounts.list_accounts(copy)
            )
        assert got == sorted((f"A{i}", arr, cur, day) for i, (arr, cur, day, _n) in enumerate(rows))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
