"""CSV import from CRM exports: detection, mapping, validation with line numbers, all or nothing,
re-import without duplicates, the CLI contract."""

from __future__ import annotations

import codecs
import json
from importlib.resources import files
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.domain.enums import ActionStatus, Priority, StakeholderRole, SurveyKind, Tier
from planner.services import accounts, actions, books, revenue, stakeholders, surveys
from planner.services.interchange import csvio, importer, mapping
from planner.services.interchange.mapping import Mapping, auto_map

SAMPLES = Path(str(files("resources") / "samples"))


def write(path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.encode(encoding))
    return path


def run_import(book: books.Book, path: Path, kind: str, **kwargs: object) -> importer.ImportReport:
    preview = importer.preview_file(path, kind)
    chosen = kwargs.pop("mapping", preview.mapping)
    assert isinstance(chosen, Mapping)
    return importer.import_csv(book, path, chosen, fmt=preview.format, **kwargs)  # type: ignore[arg-type]


def names(book: books.Book) -> list[str]:
    return [a.name for a in accounts.list_accounts(book, include_archived=True)]


def test_every_kind_has_a_handler() -> None:
    """The importer dispatches through a table: a kind added to the fields without a handler
    (or a handler for a kind that no longer exists) fails here, not at import time."""
    assert set(importer._KIND_HANDLERS) == set(importer.f.KINDS)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-8", b"", "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("cp1252", b"", "cp1252"),
    ],
)
def test_encodings_are_detected_and_read(
    tmp_path: Path, book: books.Book, encoding: str, bom: bytes, expected: str
) -> None:
    text = "Account Name,Account ID,Industry\r\nCafé Zürich,001,Gastronomie Süd\r\nOK,002,€uro\r\n"
    path = write(tmp_path / "a.csv", text, encoding, bom)
    preview = importer.preview_file(path, "accounts")
    assert preview.format.encoding == expected
    assert preview.headers == ("Account Name", "Account ID", "Industry")
    report = run_import(book, path, "accounts")
    assert report.created == 2
    assert accounts.find_account(book, "001").name == "Café Zürich"
    assert accounts.find_account(book, "002").industry == "€uro"
    assert report.encoding == csvio.ENCODING_LABELS[expected]


def test_cp1252_detected_even_when_the_first_accent_is_deep_in_the_file(tmp_path: Path) -> None:
    rows = "".join(f"Account {i},{i}\r\n" for i in range(20_000))
    path = write(
        tmp_path / "late.csv", "Account Name,Account ID\r\n" + rows + "Müller,x\r\n", "cp1252"
    )
    assert path.stat().st_size > csvio.SNIFF_BYTES
    assert csvio.detect_encoding(path) == "cp1252"


@pytest.mark.parametrize(
    ("delimiter", "label"),
    [(";", "semicolon"), ("\t", "tab"), ("|", "vertical bar"), (",", "comma")],
)
def test_delimiters_are_detected(tmp_path: Path, delimiter: str, label: str) -> None:
    d = delimiter
    text = f'Account Name{d}Account ID{d}ARR\n"Acme, Inc."{d}001{d}"1,5"\nBeta{d}002{d}7\n'
    preview = importer.preview_file(write(tmp_path / "d.csv", text), "accounts")
    assert preview.format.delimiter == delimiter
    assert preview.format.delimiter_label == label
    assert [r.cells[0] for r in preview.rows] == ["Acme, Inc.", "Beta"]


def test_excel_sep_line(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "sep.csv", "sep=;\nAccount Name;Account ID\nAcme;001\n")
    preview = importer.preview_file(path, "accounts")
    assert preview.format.sep_line
    assert preview.format.delimiter == ";"
    assert run_import(book, path, "accounts").created == 1


def test_quoted_newlines_keep_line_numbers_right(tmp_path: Path, book: books.Book) -> None:
    text = (
        "Account Name,Account ID,Notes,Employees\n"
        '"Acme",001,"line one\nline two\nline three",10\n'
        "Beta,002,plain,lots\n"
    )
    report = run_import(book, write(tmp_path / "q.csv", text), "accounts")
    assert [(e.line, e.field) for e in report.errors] == [(5, "Employee count")]
    assert not report.written
    report = run_import(book, write(tmp_path / "q.csv", text), "accounts", skip_invalid=True)
    assert report.created == 1
    assert accounts.find_account(book, "001").notes == "line one\nline two\nline three"


def test_an_oversized_field_is_refused_on_its_line(tmp_path: Path, book: books.Book) -> None:
    """Past the csv module's cell limit the reader cannot tell where the next row starts: the
    whole file is refused with the line (it used to skip the row and read on, out of step)."""
    huge = "x" * 200_000
    text = f'Account Name,Account ID,Notes\nAcme,001,ok\nBig,002,"{huge}"\nBeta,003,ok\n'
    with pytest.raises(errors.ValidationError, match="Line 3 has a cell longer than"):
        run_import(book, write(tmp_path / "big.csv", text), "accounts", skip_invalid=True)
    assert names(book) == []


def test_a_line_too_long_to_be_csv_is_refused(tmp_path: Path, book: books.Book) -> None:
    path = tmp_path / "blob.csv"
    path.write_text(
        "Account Name,Notes\nAcme," + "y" * (csvio.MAX_LINE_CHARS + 10) + "\n", encoding="utf-8"
    )
    with pytest.raises(errors.ValidationError, match="Line 2 is longer than"):
        run_import(book, path, "accounts")
    assert names(book) == []


def test_duplicate_and_empty_headers(tmp_path: Path, book: books.Book) -> None:
    text = "Account Name,Email,,Email,Account ID\nAcme,a@x.example,?,b@x.example,001\n"
    preview = importer.preview_file(write(tmp_path / "h.csv", text), "accounts")
    assert preview.headers == ("Account Name", "Email", "Column 3", "Email (2)", "Account ID")
    assert any("appears more than once" in n for n in preview.notes)
    assert any("has no header" in n for n in preview.notes)
    assert run_import(book, tmp_path / "h.csv", "accounts").created == 1


def test_salesforce_report_footer_is_skipped(book: books.Book) -> None:
    report = run_import(book, SAMPLES / "salesforce_accounts_report.csv", "accounts")
    assert report.ok
    assert report.created == 6
    assert report.footer_lines >= 6
    assert "Grand Totals (6 records)" not in names(book)
    assert "Acme Success Inc." not in names(book)
    assert "footer" in report.summary()


def test_single_value_rows_that_are_data_are_kept(tmp_path: Path, book: books.Book) -> None:
    text = "Account Name,Industry\nAcme,\nBeta,\n\nGamma,Retail\nDelta,\n"
    report = run_import(book, write(tmp_path / "s.csv", text), "accounts")
    assert report.created == 4
    assert report.blank_lines == 1
    assert report.footer_lines == 0


# --------------------------------------------------------------------------- mapping


@pytest.mark.parametrize(
    ("headers", "kind", "expected"),
    [
        (
            [
                "Account Name",
                "Account ID",
                "Billing Country",
                "Employees",
                "Account Owner",
                "Annual Revenue",
            ],
            "accounts",
            {
                "name": "Account Name",
                "crm_id": "Account ID",
                "region": "Billing Country",
                "employee_count": "Employees",
                "owner": "Account Owner",
            },
        ),
        (
            ["Id", "Name", "NumberOfEmployees", "Industry", "CurrencyIsoCode", "ARR__c", "OwnerId"],
            "accounts",
            {
                "crm_id": "Id",
                "name": "Name",
                "employee_count": "NumberOfEmployees",
                "industry": "Industry",
                "currency": "CurrencyIsoCode",
                "arr": "ARR__c",
            },
        ),
        (
            [
                "Record ID",
                "Company name",
                "Company Domain Name",
                "Number of Employees",
                "Country/Region",
                "Company owner",
                "Lifecycle Stage",
            ],
            "companies",
            {
                "crm_id": "Record ID",
                "name": "Company name",
                "website": "Company Domain Name",
                "employee_count": "Number of Employees",
                "region": "Country/Region",
                "owner": "Company owner",
            },
        ),
        (
            [
                "Contact ID",
                "First Name",
                "Last Name",
                "Title",
                "Email",
                "Phone",
                "Account Name",
                "Account ID",
            ],
            "contacts",
            {
                "crm_id": "Contact ID",
                "first_name": "First Name",
                "last_name": "Last Name",
                "job_title": "Title",
                "email": "Email",
                "phone": "Phone",
                "account_name": "Account Name",
                "account_crm_id": "Account ID",
            },
        ),
        (
            ["Id", "AccountId", "FirstName", "LastName", "Name"],
            "stakeholders",
            {
                "crm_id": "Id",
                "account_crm_id": "AccountId",
                "first_name": "FirstName",
                "last_name": "LastName",
            },
        ),
        (
            [
                "Record ID",
                "First Name",
                "Last Name",
                "Email",
                "Associated Company",
                "Associated Company ID",
                "Job Title",
            ],
            "contacts",
            {
                "crm_id": "Record ID",
                "first_name": "First Name",
                "last_name": "Last Name",
                "email": "Email",
                "account_name": "Associated Company",
                "account_crm_id": "Associated Company ID",
                "job_title": "Job Title",
            },
        ),
        (
            [
                "Task ID",
                "Task Title",
                "Due date",
                "Task Status",
                "Priority",
                "Assigned to",
                "Associated Company",
            ],
            "tasks",
            {
                "crm_id": "Task ID",
                "title": "Task Title",
                "due_date": "Due date",
                "status": "Task Status",
                "priority": "Priority",
                "owner_name": "Assigned to",
                "account_name": "Associated Company",
            },
        ),
    ],
)
def test_crm_headers_map_automatically(
    headers: list[str], kind: str, expected: dict[str, str]
) -> None:
    assert auto_map(kind, headers).columns == expected


def test_an_nps_column_implies_the_survey_kind() -> None:
    chosen = auto_map("surveys", ["Account", "Email", "Date", "NPS"])
    assert chosen.columns["score"] == "NPS"
    assert chosen.constants == {"kind": "nps"}


def test_missing_required_mapping_is_explained(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "x.csv", "Foo,Bar\n1,2\n")
    with pytest.raises(errors.ValidationError, match="Choose the column that holds the Name"):
        run_import(book, path, "accounts")


def test_named_mappings_are_saved_in_the_book_and_as_files(
    tmp_path: Path, book: books.Book
) -> None:
    chosen = Mapping(
        "surveys",
        {"account_name": "Account", "score": "Points", "responded_on": "When"},
        {"kind": "csat"},
        "DD/MM/YYYY",
        ",",
    )
    mapping.save_mapping(book, "Survey tool", chosen)
    assert mapping.saved_mappings(book) == {"Survey tool": chosen}
    path = mapping.save_mapping_file(tmp_path / "survey.json", chosen)
    assert mapping.load_mapping_file(path) == chosen
    mapping.delete_mapping(book, "Survey tool")
    assert mapping.saved_mappings(book) == {}
    with pytest.raises(errors.ValidationError, match="unknown kind"):
        Mapping.from_json({"kind": "planets"})


# --------------------------------------------------------------------------- values


def test_ambiguous_dates_are_never_guessed(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "d.csv", "Account Name,Renewal Date\nAcme,03/04/2026\n")
    with pytest.raises(importer.FormatQuestionError) as caught:
        run_import(book, path, "accounts")
    assert caught.value.needs_date_format
    assert "03/04/2026" in str(caught.value)
    assert "line 2" in str(caught.value)
    assert names(book) == []
    for date_format, expected in (("DD/MM/YYYY", "2026-04-03"), ("MM/DD/YYYY", "2026-03-04")):
        chosen = importer.preview_file(path, "accounts").mapping
        chosen = Mapping(chosen.kind, chosen.columns, date_format=date_format)
        run_import(book, path, "accounts", mapping=chosen)
        assert str(accounts.find_account(book, "Acme").renewal_date) == expected


def test_one_unambiguous_date_settles_the_order(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "d.csv", "Account Name,Renewal Date\nA,03/04/2026\nB,25/12/2026\n")
    report = run_import(book, path, "accounts")
    assert report.date_format == "DD/MM/YYYY"
    assert any("25/12/2026" in n for n in report.notes)
    assert str(accounts.find_account(book, "A").renewal_date) == "2026-04-03"


def test_mixed_date_orders_are_a_question(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "d.csv", "Account Name,Renewal Date\nA,13/04/2026\nB,04/13/2026\n")
    with pytest.raises(importer.FormatQuestionError, match="mixes day-first and month-first"):
        run_import(book, path, "accounts")


def test_decimal_commas_are_never_guessed(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "m.csv", "Account Name;ARR\nAcme;1.234\nBeta;2.500\n")
    with pytest.raises(importer.FormatQuestionError) as caught:
        run_import(book, path, "accounts")
    assert caught.value.needs_decimal
    assert not caught.value.needs_date_format
    chosen = Mapping("accounts", {"name": "Account Name", "arr": "ARR"}, decimal=",")
    run_import(book, path, "accounts", mapping=chosen)
    assert accounts.find_account(book, "Acme").arr_minor == 123_400  # 1.234 -> 1,234.00
    chosen = Mapping("accounts", {"name": "Account Name", "arr": "ARR"}, decimal=".")
    report = run_import(book, path, "accounts", mapping=chosen)  # 1.234 dollars: too precise
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "'1.234' cannot be read: USD amounts have at most 2 decimal places.")
    ]
    assert accounts.find_account(book, "Acme").arr_minor == 123_400


def test_money_is_exact_minor_units(tmp_path: Path, book: books.Book) -> None:
    text = (
        'Account Name,ARR,Currency\nA,"1.234.567,89 €",EUR\nB,¥ 1234,JPY\n'
        'C,"(0,10)",EUR\nD,KWD 1.234,KWD\n'
    )
    path = write(tmp_path / "m.csv", text)
    chosen = Mapping(
        "accounts", {"name": "Account Name", "arr": "ARR", "currency": "Currency"}, decimal=","
    )
    report = run_import(book, path, "accounts", mapping=chosen)
    assert [(e.line, e.field) for e in report.errors] == [(4, "ARR")]  # a negative ARR
    assert "negative" in report.errors[0].message
    chosen = Mapping(
        "accounts", {"name": "Account Name", "arr": "ARR", "currency": "Currency"}, decimal="."
    )
    path = write(
        tmp_path / "n.csv",
        'Account Name,ARR,Currency\nA,"1,234,567.89",EUR\nB,1234,JPY\nD,1.234,KWD\nE,0.1,USD\n',
    )
    assert run_import(book, path, "accounts", mapping=chosen).ok
    arr = {a.name: (a.arr_minor, a.currency) for a in accounts.list_accounts(book)}
    assert arr == {
        "A": (123_456_789, "EUR"),
        "B": (1234, "JPY"),
        "D": (1234, "KWD"),
        "E": (10, "USD"),
    }


def test_enum_synonyms_and_choices(tmp_path: Path, book: books.Book) -> None:
    accounts.create_account(book, name="Acme", crm_id="001")
    text = (
        "Subject,Account ID,Status,Priority,Due Date\nA,001,Not Started,Normal,2026-12-01\n"
        "B,001,Completed,High,2026-12-02\nC,001,Waiting on someone else,Urgent,\n"
        "D,001,Maybe,Low,\n"
    )
    report = run_import(book, write(tmp_path / "t.csv", text), "actions", skip_invalid=True)
    assert [(e.line, e.field) for e in report.errors] == [(5, "Status")]
    assert "Open, In progress, Blocked, Done, Cancelled" in report.errors[0].message
    acme = accounts.find_account(book, "001")
    got = {a.title: (a.status, a.priority) for a in actions.list_actions(book, acme.id)}
    assert got == {
        "A": (ActionStatus.OPEN, Priority.MEDIUM),
        "B": (ActionStatus.DONE, Priority.HIGH),
        "C": (ActionStatus.BLOCKED, Priority.CRITICAL),
    }


# --------------------------------------------------------------------------- all or nothing


def test_all_or_nothing_with_errors_listed_by_line(tmp_path: Path, book: books.Book) -> None:
    text = (
        "Account Name,Account ID,Employees,Segment,Renewal Date,Website\n"
        "Good,001,10,SMB,2026-01-01,\n"
        "Bad employees,002,-5,SMB,,\n"
        "Bad tier,003,10,Gold,,\n"
        ",004,,,,\n"
        "Bad date,005,,,2026-02-30,\n"
        "Also good,006,,Enterprise,,\n"
    )
    path = write(tmp_path / "e.csv", text)
    before = accounts.list_accounts(book)
    report = run_import(book, path, "accounts")
    assert not report.written
    assert report.backup is None
    assert books.list_backups(book) == []  # the backup of a failed import is not kept
    assert accounts.list_accounts(book) == before
    lines = {(e.line, e.field) for e in report.errors}
    assert lines == {(3, "Employee count"), (4, "Tier"), (5, "Name"), (6, "Renewal date")}
    assert report.error_count == 4
    assert "Nothing was imported" in report.summary()
    report = run_import(book, path, "accounts", skip_invalid=True)
    assert report.written
    assert report.skipped == 4
    assert sorted(names(book)) == ["Also good", "Good"]
    assert accounts.find_account(book, "006").tier is Tier.ENTERPRISE


def test_dry_run_writes_nothing(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "a.csv", "Account Name,Account ID\nAcme,001\n")
    report = run_import(book, path, "accounts", dry_run=True)
    assert report.created == 1
    assert not report.written
    assert "nothing was written" in report.summary()
    assert names(book) == []
    assert books.list_backups(book) == []


def test_cancel_rolls_back(tmp_path: Path, book: books.Book) -> None:
    rows = "".join(f"Account {i},{i}\n" for i in range(1000))
    path = write(tmp_path / "c.csv", "Account Name,Account ID\n" + rows)
    with pytest.raises(importer.ImportCancelledError):
        run_import(book, path, "accounts", progress=lambda done, total: done < total // 3)
    assert names(book) == []
    assert books.list_backups(book) == []


def test_same_crm_id_twice_in_a_file(tmp_path: Path, book: books.Book) -> None:
    path = write(tmp_path / "a.csv", "Account Name,Account ID\nAcme,001\nAcme again,001\n")
    report = run_import(book, path, "accounts")
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "CRM id 001 already appears on line 2; each record should appear once in the file.")
    ]


# --------------------------------------------------------------------------- re-import


def test_reimport_updates_and_creates_no_duplicates(tmp_path: Path, book: books.Book) -> None:
    sample = SAMPLES / "salesforce_accounts_report.csv"
    first = run_import(book, sample, "accounts")
    assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
    again = run_import(book, sample, "accounts")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert not again.written
    changed = tmp_path / "changed.csv"
    changed.write_text(
        sample.read_text(encoding="utf-8")
        .replace('"Retail"', '"Retail & eCommerce"')
        .replace("480,000.00", "500,000.00"),
        encoding="utf-8",
    )
    third = run_import(book, changed, "accounts")
    assert (third.created, third.updated, third.unchanged) == (0, 2, 4)
    assert len(accounts.list_accounts(book)) == 6
    northwind = accounts.find_account(book, "Northwind Health")
    assert northwind.arr_minor == 50_000_000
    events = revenue.list_events(book, northwind.id)
    assert [e.arr_delta_minor for e in events] == [48_000_000, 2_000_000]  # ARR = sum of events


def test_first_import_links_accounts_made_by_hand(tmp_path: Path, book: books.Book) -> None:
    made = accounts.create_account(book, name="Acme")
    path = write(tmp_path / "a.csv", "Account Name,Account ID,Industry\nAcme,001,Retail\n")
    report = run_import(book, path, "accounts")
    assert (report.created, report.updated) == (0, 1)
    assert accounts.get_account(book, made.id).crm_id == "001"


def test_empty_cells_never_erase(tmp_path: Path, book: books.Book) -> None:
    accounts.create_account(book, name="Acme", crm_id="001", notes="Precious notes")
    path = write(tmp_path / "a.csv", "Account Name,Account ID,Notes\nAcme,001,\n")
    assert run_import(book, path, "accounts").unchanged == 1
    assert accounts.find_account(book, "001").notes == "Precious notes"


# --------------------------------------------------------------------------- other kinds


def test_stakeholders_link_by_crm_id_or_exact_name(tmp_path: Path, book: books.Book) -> None:
    acme = accounts.create_account(book, name="Acme", crm_id="001")
    beta = accounts.create_account(book, name="Beta Corp")
    accounts.create_account(book, name="Twin")
    accounts.create_account(book, name="Twin")
    text = (
        "First Name,Last Name,Email,Account ID,Account Name,Role\n"
        "Ann,Lee,ann@acme.example,001,,Champion\n"
        "Bo,Chu,bo@beta.example,,Beta Corp,sponsor\n"
        "Cy,Dee,,,beta corp,\n"
        "Di,Eve,,,Twin,\n"
        "Ed,Fox,,999,,\n"
    )
    path = write(tmp_path / "c.csv", text)
    report = run_import(book, path, "stakeholders", skip_invalid=True)
    problems = {e.line: e.message for e in report.errors}
    assert "No account has the name 'beta corp'" in problems[4]
    assert "More than one account is called 'Twin'" in problems[5]
    assert "No account has CRM id 999" in problems[6]
    [ann] = stakeholders.list_stakeholders(book, acme.id)
    assert (ann.name, ann.role) == ("Ann Lee", StakeholderRole.CHAMPION)
    [bo] = stakeholders.list_stakeholders(book, beta.id)
    assert bo.role is StakeholderRole.EXECUTIVE_SPONSOR
    again = run_import(book, path, "stakeholders", skip_invalid=True)
    assert (again.created, again.unchanged) == (0, 2)  # matched by email within the account


def test_survey_responses_and_revenue(tmp_path: Path, book: books.Book) -> None:
    acme = accounts.create_account(book, name="Acme", crm_id="001", currency="EUR")
    stakeholders.create_stakeholder(book, acme.id, name="Ann", email="ann@acme.example")
    text = (
        "Account ID,Email,Date,NPS,Comment\n001,ANN@acme.example,2026-10-01,9,Great\n"
        "001,,2026-10-02,11,Too high\n"
    )
    report = run_import(book, write(tmp_path / "s.csv", text), "surveys", skip_invalid=True)
    assert [(e.line, e.field) for e in report.errors] == [(3, "Score")]
    [resp] = surveys.list_responses(book, acme.id)
    assert (resp.kind, resp.score, resp.comment) == (SurveyKind.NPS, 9, "Great")
    assert resp.stakeholder_id is not None
    assert run_import(book, tmp_path / "s.csv", "surveys", skip_invalid=True).created == 0
    text = (
        'Account ID,Close Date,Type,Amount,Currency\n001,2026-01-01,New Business,"1,000.00",EUR\n'
        "001,2026-02-01,Downgrade,-250.50,EUR\n001,2026-03-01,Churn,900,EUR\n"
        "001,2026-03-02,Upsell,5,USD\n"
    )
    report = run_import(book, write(tmp_path / "r.csv", text), "revenue", skip_invalid=True)
    problems = {e.line: e.message for e in report.errors}
    assert "must remove ARR" in problems[4]
    assert "in USD but the account's ARR is kept in EUR" in problems[5]
    assert accounts.get_account(book, acme.id).arr_minor == 100_000 - 25_050


def test_hostile_text_is_imported_literally(tmp_path: Path, book: books.Book) -> None:
    hostile = [
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
        "😀 Ünïcödé",
        "مرحبا بالعالم",
        "+1 555",
        "-minus",
        "@at",
        "'=already quoted",
    ]
    rows = "".join(f'"{h.replace(chr(34), chr(34) * 2)}",{i}\n' for i, h in enumerate(hostile))
    run_import(book, write(tmp_path / "h.csv", "Account Name,Account ID\n" + rows), "accounts")
    assert sorted(names(book)) == sorted(
        [
            "=cmd|' /C calc'!A0",
            "<script>alert(1)</script>",
            "😀 Ünïcödé",
            "مرحبا بالعالم",
            "+1 555",
            "-minus",
            "@at",
            "=already quoted",
        ]
    )


def test_import_takes_a_backup_first(tmp_path: Path, book: books.Book) -> None:
    accounts.create_account(book, name="Before")
    report = run_import(book, write(tmp_path / "a.csv", "Account Name\nNew\n"), "accounts")
    assert report.backup is not None
    with books.open_book(report.backup, read_only=True) as old:
        assert [a.name for a in accounts.list_accounts(old)] == ["Before"]


def test_every_sample_file_imports(tmp_path: Path) -> None:
    with books.create_book(tmp_path / "s.aspbook") as book:
        assert run_import(book, SAMPLES / "salesforce_accounts_report.csv", "accounts").ok
        assert run_import(book, SAMPLES / "salesforce_contacts_dataloader.csv", "contacts").ok
        assert run_import(book, SAMPLES / "salesforce_tasks_report.csv", "tasks").ok
        nps = auto_map(
            "surveys", importer.preview_file(SAMPLES / "nps_survey_export.csv", "surveys").headers
        )
        nps = nps.with_column("responded_on", "Datum").with_column("comment", "Kommentar")
        report = run_import(book, SAMPLES / "nps_survey_export.csv", "surveys", mapping=nps)
        assert report.ok
        assert report.created == 4
        assert report.encoding == "Western (Windows-1252)"
        assert run_import(book, SAMPLES / "revenue_events.csv", "revenue").created == 3
        contoso = accounts.find_account(book, "Contoso Logistics GmbH")
        assert contoso.arr_minor == 21_050_050 - 1_250_050
        assert [s.name for s in stakeholders.list_stakeholders(book, contoso.id)] == [
            "Anke Schröder"
        ]
    with books.create_book(tmp_path / "h.aspbook") as book:
        assert run_import(book, SAMPLES / "hubspot_companies.csv", "companies").created == 3
        assert run_import(book, SAMPLES / "hubspot_contacts.csv", "contacts").created == 3


# --------------------------------------------------------------------------- memory


def _peak_while_importing(tmp_path: Path, rows: int) -> tuple[int, int]:
    import tracemalloc

    path = tmp_path / f"big-{rows}.csv"
    filler = "lorem ipsum " * 680  # ~8 KB of notes per row
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Account Name,Account ID,Notes\n")
        for i in range(rows):
            out.write(f"Account {i},{i},{filler}\n")
    with books.create_book(tmp_path / f"big-{rows}.aspbook") as book:
        preview = importer.preview_file(path, "accounts", rows=5)
        tracemalloc.start()
        try:
            report = importer.import_csv(book, path, preview.mapping, fmt=preview.format)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert report.created == rows
    return path.stat().st_size, peak


def test_large_files_stream_in_bounded_memory(tmp_path: Path) -> None:
    """Peak Python memory depends on the chunk, not on the file: doubling the file (to 12 MB)
    leaves it about the same, and far below the file's size."""
    _small_size, small_peak = _peak_while_importing(tmp_path, 750)
    big_size, big_peak = _peak_while_importing(tmp_path, 1500)
    assert big_size > 12_000_000
    assert big_peak < big_size / 3, f"peak {big_peak:,} bytes for a {big_size:,}-byte file"
    assert big_peak < small_peak * 1.3 + 1_000_000, (small_peak, big_peak)


# --------------------------------------------------------------------------- CLI


def test_cli_import_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book_path = tmp_path / "b.aspbook"
    books.create_book(book_path).close()
    bad = write(
        tmp_path / "bad.csv", "Account Name,Account ID,Employees\nGood,001,3\nBad,002,many\n"
    )
    assert main(["import", str(book_path), str(bad), "--kind", "accounts"]) == 1
    out = capsys.readouterr().out
    assert "line 3, Employee count: 'many' is not a whole number." in out
    assert "Nothing was imported" in out
    assert main(["import", str(book_path), str(bad), "--kind", "accounts", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["written"] is False
    assert data["errors"] == [
        {
            "line": 3,
            "field": "Employee count",
            "message": "'many' is not a whole number.",
            "value": "many",
        }
    ]
    assert (
        main(
            [
                "import",
                str(book_path),
                str(bad),
                "--kind",
                "accounts",
                "--skip-invalid",
                "--json",
                "--save-mapping",
                "My CRM",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["created"], data["skipped"], data["written"]) == (1, 1, True)
    ambiguous = write(
        tmp_path / "amb.csv",
        'Account Name,Account ID,Employees,Renewal Date,ARR\nGood,001,3,03/04/2026,"1,500"\n',
    )
    assert main(["import", str(book_path), str(ambiguous), "--kind", "accounts"]) == 1
    err = capsys.readouterr().err
    assert "--date-format" in err
    assert "--decimal" in err
    assert "Traceback" not in err
    argv = [
        "import",
        str(book_path),
        str(ambiguous),
        "--kind",
        "accounts",
        "--mapping",
        "My CRM",
        "--map",
        "renewal_date=Renewal Date",
        "--map",
        "arr=ARR",
        "--date-format",
        "DD/MM/YYYY",
        "--decimal",
        ".",
        "--dry-run",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Check only" in out
    assert "0 accounts would be created, 1 updated" in out
    with books.open_book(book_path, read_only=True) as book:
        assert names(book) == ["Good"]
        assert accounts.find_account(book, "Good").renewal_date is None
