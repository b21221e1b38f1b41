"""CSV export: one UTF-8 (BOM) file per table, formula injection neutralised, exact money and
dates that import back as they were."""

from __future__ import annotations

import codecs
import csv
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain.money import minor_to_text
from planner.services import accounts, books, revenue
from planner.services.interchange import csvio, export, importer
from planner.services.interchange.values import parse_money

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    '@HYPERLINK("x")',
    "<script>alert(1)</script>",
    "😀 Ünïcödé",
    "مرحبا بالعالم",
    "'=already",
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_export_writes_one_file_per_table(demo_book: books.Book, tmp_path: Path) -> None:
    result = export.export_csv(demo_book, tmp_path / "out")
    assert {p.name for p in result.files} == {f"{t}.csv" for t in export.CSV_TABLES}
    for path in result.files:
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
    rows = read_csv(tmp_path / "out" / "accounts.csv")
    assert len(rows) == result.rows["accounts"] == 40
    assert list(rows[0])[:3] == ["id", "name", "crm_id"]
    first = accounts.get_account(demo_book, rows[0]["id"])
    assert rows[0]["arr_minor"] == str(first.arr_minor)
    assert rows[0]["arr"] == minor_to_text(first.arr_minor, first.currency)
    assert rows[0]["strategic"] in {"true", "false"}
    events = read_csv(tmp_path / "out" / "revenue_events.csv")
    assert {"account_name", "account_crm_id", "arr_delta_minor", "arr_delta"} <= set(events[0])
    negative = [e for e in events if e["arr_delta_minor"].startswith("-")]
    assert negative  # contractions and churn: numbers are never neutralised
    assert all(not e["arr_delta"].startswith("'") for e in negative)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_formula_cells_are_neutralised(book: books.Book, tmp_path: Path) -> None:
    for i, name in enumerate(HOSTILE):
        accounts.create_account(book, name=name, crm_id=f"c{i}", notes=f"{name}\nsecond line")
    export.export_csv(book, tmp_path, tables=["accounts"])
    rows = {r["crm_id"]: r for r in read_csv(tmp_path / "accounts.csv")}
    for i, name in enumerate(HOSTILE):
        cell = rows[f"c{i}"]["name"]
        if name.startswith(("=", "+", "-", "@")) or name == "'=already":
            assert cell == "'" + name
        else:
            assert cell == name
        assert csvio.unescape_cell(cell) == name


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_is_escaped_reversibly(trigger: str) -> None:
    for value in (trigger, trigger + "x", "'" + trigger, "''" + trigger + "1"):
        escaped = csvio.escape_cell(value)
        assert escaped.startswith("'")
        assert not escaped.startswith(tuple(TRIGGERS))
        assert csvio.unescape_cell(escaped) == value
    assert csvio.escape_cell("plain") == "plain"
    assert csvio.escape_cell("it's") == "it's"


@settings(max_examples=50)
@given(st.text(max_size=30))
def test_escaping_is_a_bijection(value: str) -> None:
    escaped = csvio.escape_cell(value)
    assert csvio.unescape_cell(escaped) == value
    assert not escaped.startswith(tuple(TRIGGERS))


def test_csv_export_imports_back(book: books.Book, tmp_path: Path) -> None:
    for i, name in enumerate(HOSTILE):
        accounts.create_account(
            book,
            name=name,
            crm_id=f"c{i}",
            arr_minor=123_456 * (i + 1),
            currency=["USD", "JPY", "KWD", "EUR"][i % 4],
            contract_start=date(2020, 2, 29),
            renewal_date=date(2027, 1, 31),
        )
    export.export_csv(book, tmp_path / "out", tables=["accounts"])
    with books.create_book(tmp_path / "copy.aspbook") as copy:
        path = tmp_path / "out" / "accounts.csv"
        preview = importer.preview_file(path, "accounts")
        assert preview.mapping.columns["arr_minor"] == "arr_minor"
        assert "arr" not in preview.mapping.columns  # the exact column wins
        report = importer.import_csv(copy, path, preview.mapping, fmt=preview.format)
        assert report.ok
        assert report.created == len(HOSTILE)
        got = {
            (a.name, a.arr_minor, a.currency, a.contract_start, a.renewal_date)
            for a in accounts.list_accounts(copy)
        }
    want = {
        (a.name, a.arr_minor, a.currency, a.contract_start, a.renewal_date)
        for a in accounts.list_accounts(book)
    }
    assert got == want


def test_cli_export_csv(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "csv"
    assert (
        main(
            [
                "export",
                str(demo_path),
                "--format",
                "csv",
                "--out",
                str(out),
                "--tables",
                "accounts,goals",
            ]
        )
        == 0
    )
    assert "records" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["accounts.csv", "goals.csv"]
    assert (
        main(
            ["export", str(demo_path), "--format", "csv", "--out", str(out), "--tables", "planets"]
        )
        == 1
    )
    assert "Unknown tables: planets" in capsys.readouterr().err


CURRENCIES = st.sampled_from(["USD", "EUR", "JPY", "KWD", "GBP", "CHF", "BHD", "ISK"])
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@given(minor=st.integers(min_value=-(10**15), max_value=10**15), currency=CURRENCIES)
def test_money_text_round_trips_exactly(minor: int, currency: str) -> None:
    text = minor_to_text(minor, currency)
    assert parse_money(text, currency, ".") == minor
    assert parse_money(text.replace(".", ","), currency, ",") == minor


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**12), CURRENCIES, DATES, DATES),
        min_size=1,
        max_size=6,
    )
)
def test_money_and_dates_round_trip_through_csv(
    rows: list[tuple[int, str, date, date]],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="planner-rt-"))
    try:
        with books.create_book(folder / "a.aspbook") as book:
            for i, (arr, currency, day_a, day_b) in enumerate(rows):
                start, renewal = min(day_a, day_b), max(day_a, day_b)
                accounts.create_account(
                    book,
                    name=f"A{i}",
                    crm_id=str(i),
                    arr_minor=arr,
                    currency=currency,
                    contract_start=start,
                    renewal_date=renewal,
                )
            export.export_csv(book, folder / "csv", tables=["accounts", "revenue_events"])
            want = sorted(
                (a.name, a.arr_minor, a.currency, a.contract_start, a.renewal_date)
                for a in accounts.list_accounts(book)
            )
        with books.create_book(folder / "b.aspbook") as copy:
            path = folder / "csv" / "accounts.csv"
            preview = importer.preview_file(path, "accounts")
            assert importer.import_csv(copy, path, preview.mapping, fmt=preview.format).ok
            got = sorted(
                (a.name, a.arr_minor, a.currency, a.contract_start, a.renewal_date)
                for a in accounts.list_accounts(copy)
            )
            for acct in accounts.list_accounts(copy):
                assert sum(e.arr_delta_minor for e in revenue.list_events(copy, acct.id)) == (
                    acct.arr_minor
                )
        assert got == want
    finally:
        shutil.rmtree(folder, ignore_errors=True)
