"""Archive values: the quick way each column's values are stored when a book is rebuilt from an
archive gives what the careful way (check the value, then turn it into the stored form) gives,
and refuses what it refuses with the same words; an archive of a rebuilt book is the archive
it was rebuilt from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.domain import errors
from planner.domain.enums import RevenueKind, SurveyKind
from planner.services import accounts, books, revenue, surveys
from planner.services.interchange import export
from planner.store import bulk
from planner.store import models as m

ODD_VALUES: list[Any] = [
    "",
    "x",
    "nps",
    "NPS",
    "0190a3f4-1b2c-7d8e-9f01-23456789abcd",
    "0190a3f4-1b2c-7d8e-9f01-23456789abcZ",
    "0190a3f41b2c7d8e9f0123456789abcd",
    "2026-11-23",
    "2026-11-23T09:15:00.123Z",
    "2026-11-23T25:15:00.123Z",
    "2026-11-23T09:15:00+01:00",
    "2026-02-30",
    0,
    1,
    -(2**63),
    2**63,
    2**63 - 1,
    1.5,
    float("inf"),
    True,
    False,
    None,
    [],
    ["a", "b"],
    ["a", 1],
    [["deep"]],
    {},
    {"a": 1},
    {"a": [1, {"b": 2}]},
    [[[[[[]]]]]],
]


def careful(column: Any, proc: bulk.Processor, value: Any) -> Any:
    decoded = export._decode(column, value)
    return decoded if proc is None else proc(decoded)


def outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        return "stored", fn(value)
    except (TypeError, ValueError) as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("table", [t.name for t in m.Base.metadata.sorted_tables])
def test_every_column_stores_and_refuses_as_the_careful_way(table: str) -> None:
    _names, procs = bulk.processors(table)
    columns = m.Base.metadata.tables[table].columns
    for column, proc in zip(columns, procs, strict=True):
        quick = export._storer(column, proc)
        for value in [*ODD_VALUES, *ODD_VALUES]:  # twice: what is remembered is the same
            if value is None:
                continue  # None never reaches a column's storer
            expected = outcome(lambda v, c=column, p=proc: careful(c, p, v), value)
            assert outcome(quick, value) == expected, (table, column.name, value)


def test_a_deeply_nested_json_value_is_refused_in_words() -> None:
    column = m.Base.metadata.tables["survey_responses"].c.themes
    proc = dict(zip(*bulk.processors("survey_responses"), strict=True))["themes"]
    deep: Any = "x"
    for _ in range(150):
        deep = [deep]
    assert outcome(export._storer(column, proc), deep) == outcome(
        lambda v: careful(column, proc, v), deep
    )
    assert "nested more than" in outcome(export._storer(column, proc), deep)[1]


def _filled(book: books.Book) -> None:
    acme = accounts.create_account(
        book, name="Acme Müller", crm_id="A-1", arr_minor=120_000_00, strategic=True
    )
    accounts.create_account(book, name="Globex", notes="=1+1 and\nnew lines")
    revenue.create_event(
        book,
        acme.id,
        kind=RevenueKind.EXPANSION,
        arr_delta_minor=5_000_00,
        occurred_on=date(2026, 11, 1),
    )
    surveys.create_response(
        book,
        acme.id,
        kind=SurveyKind.NPS,
        score=9,
        themes=["price", "ux"],
        responded_on=date(2026, 11, 2),
    )


def test_archive_of_a_rebuilt_book_is_the_archive_it_was_rebuilt_from(
    book: books.Book, tmp_path: Path
) -> None:
    _filled(book)
    first = tmp_path / "first.json"
    export.export_archive(book, first)
    copy = tmp_path / "copy.aspbook"
    export.import_archive(first, copy)
    second = tmp_path / "second.json"
    with books.open_book(copy, read_only=True) as rebuilt:
        export.export_archive(rebuilt, second)
    one, two = (p.read_text(encoding="utf-8").splitlines() for p in (first, second))
    head_one, head_two = (
        json.loads(one[0][: -len(', "tables": {')] + "}"),
        json.loads(two[0][: -len(', "tables": {')] + "}"),
    )
    head_one.pop("exported_at"), head_two.pop("exported_at")
    head_one.pop("book_name"), head_two.pop("book_name")
    assert head_one == head_two
    assert one[1:] == two[1:]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("lifecycle_stage", "sleeping"),
        ("strategic", "yes"),
        ("employee_count", "12"),
        ("employee_count", 2**64),
        ("created_at", "soon"),
        ("renewal_date", "2026-02-30"),
        ("id", 7),
        ("name", 7),
    ],
)
def test_a_damaged_value_is_refused_in_the_same_words(
    book: books.Book, tmp_path: Path, column: str, value: Any
) -> None:
    accounts.create_account(book, name="Acme")
    archive = tmp_path / "a.json"
    export.export_archive(book, archive)
    lines = archive.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('"accounts": {'))
    columns = json.loads(lines[at].split('"columns": ', 1)[1].split(', "rows"', 1)[0])
    row = json.loads(lines[at + 1].removesuffix(","))
    row[columns.index(column)] = value
    lines[at + 1] = json.dumps(row) + ("," if lines[at + 1].endswith(",") else "")
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = m.Base.metadata.tables["accounts"]
    proc = dict(zip(*bulk.processors("accounts"), strict=True))[column]
    kind, words = outcome(lambda v: careful(table.c[column], proc, v), value)
    assert kind != "stored"
    target = tmp_path / "copy.aspbook"
    with pytest.raises(errors.ValidationError) as refused:
        export.import_archive(archive, target)
    assert f"row 1 of 'accounts' is damaged ({words})" in str(refused.value)
    assert not target.exists()


@pytest.mark.parametrize("table", ["accounts", "stage_changes", "survey_responses"])
def test_stored_rows_are_the_same_whether_or_not_every_column_is_given(table: str) -> None:
    names, procs = bulk.processors(table)
    columns = m.Base.metadata.tables[table].columns
    samples = {
        "GUID": "0190a3f4-1b2c-7d8e-9f01-23456789abcd",
        "UTCDateTime": export._parse_iso_ms("2026-11-23T09:15:00.123Z"),
        "Date": date(2026, 11, 23),
        "Boolean": True,
        "Integer": 7,
        "JSON": ["a"],
    }
    full = {}
    for column in columns:
        kind = type(column.type).__name__
        if kind == "Enum":
            full[column.name] = column.type.enums[0]
        else:
            full[column.name] = samples.get(kind, "text")
    partial = {k: v for k, v in full.items() if k not in {"notes", "comment", "crm_id"}}
    rows = [full, {**full, "__extra": 1}, partial, full]
    stored = bulk.stored_rows(table, rows)
    assert stored[0] == stored[1] == stored[3]
    for row, got in zip(rows, stored, strict=True):
        expected = []
        for name, proc in zip(names, procs, strict=True):
            value = row.get(name)
            if name not in row:
                default = bulk._defaults(table)[names.index(name)]
                value = default() if callable(default) else default
            expected.append(value if proc is None else proc(value))
        assert got == tuple(expected)


@pytest.mark.parametrize(
    "line",
    [
        '["a", 1, null, true, {"b": [2.5]}]',
        ' ["a"]',
        '["a"] ',
        '["a"] ["b"]',
        '["a"',
        "\ufeff[1]",
        "",
        "1, 2",
        '"text"',
        "[" * 5000 + "]" * 5000,
        "NaN",
    ],
)
def test_an_archive_line_reads_as_json_loads_reads_it(line: str) -> None:
    def read(fn: Any) -> tuple[str, Any]:
        try:
            return "value", fn(line)
        except (ValueError, RecursionError) as exc:
            return type(exc).__name__, str(exc)

    assert read(export._row_value) == read(json.loads)
