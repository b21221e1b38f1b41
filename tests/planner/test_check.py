"""``planner check`` finds every kind of damage a read could trip on, and no read ends in
"unexpected error"; a schema changed by another program (a trigger, a view, a table...) is
refused before anything runs."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.services import accounts, books, stakeholders


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        acme = accounts.create_account(book, name="Acme", renewal_date=None)
        stakeholders.create_stakeholder(book, acme.id, name="Bob Stone")
    return target


def tamper(path: Path, *statements: str) -> None:
    """Change the book behind the app's back (as another program, or flipped bits, could)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --------------------------------------------------------------------------- check


def test_a_sound_book_is_sound(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = check(path, capsys)
    assert code == 0
    assert "sound" in said


def test_check_finds_a_check_constraint_violation(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's integrity_check skips CHECK constraints on a read-only connection."""
    tamper(path, "UPDATE stakeholders SET side = 'customeb'")
    before = sha(path)
    code, said = check(path, capsys)
    assert code == 1
    assert "stakeholders" in said
    assert "side" in said
    assert "Bob Stone" in said or "record" in said
    assert sha(path) == before


def test_check_finds_broken_links_and_names_the_record(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(path, "UPDATE stakeholders SET account_id = randomblob(16)")
    code, said = check(path, capsys)
    assert code == 1
    assert "stakeholders" in said
    assert "accounts" in said
    assert "link" in said


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE accounts SET renewal_date = '2026-13-45'", ("accounts", "renewal date")),
        ("UPDATE settings SET value = '{\"broken' WHERE key = 'fx_rates'", ("settings", "value")),
        ("UPDATE accounts SET employee_count = 'many'", ("accounts", "employee")),
        ("UPDATE accounts SET created_at = 99999999999999999", ("accounts", "created")),
        ("UPDATE accounts SET notes = CAST(x'41c328' AS TEXT)", ("accounts", "notes")),
    ],
    ids=["bad date", "bad JSON", "text in a number", "timestamp out of range", "not UTF-8"],
)
def test_check_finds_values_that_cannot_be_read(
    path: Path, statement: str, words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(path, statement)
    code, said = check(path, capsys)
    assert code == 1, said
    for word in words:
        assert word in said.lower() or word in said


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE accounts SET renewal_date = '2026-13-45'", "renewal date"),
        ("UPDATE accounts SET name = CAST(x'41c328' AS TEXT)", "name"),
    ],
    ids=["bad date", "not UTF-8"],
)
def test_a_read_that_meets_a_damaged_record_names_it(
    path: Path, statement: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Never "unexpected error": the table and the record, and what to do."""
    tamper(path, statement)
    for argv in (
        ["accounts", str(path)],
        ["export", str(path), "--format", "json", "--out", str(path.with_suffix(".json"))],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 1
        assert "unexpected" not in err
        assert "accounts" in err
        assert "Acme" in err or "record" in err
        assert f"planner check {path}" in err
        assert "backup" in err
    with (
        books.open_book(path, read_only=True) as book,
        pytest.raises(errors.BookDamagedError, match=words),
    ):
        accounts.list_accounts(book)


def test_a_long_list_of_damage_is_summed_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Many.aspbook"
    with books.create_book(path) as book:
        for i in range(40):
            accounts.create_account(book, name=f"Account {i}")
    tamper(path, "UPDATE accounts SET renewal_date = 'soon'")
    code, said = check(path, capsys)
    assert code == 1
    assert len(said.splitlines()) <= 6
    assert "and 37 more problems" in said


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "CREATE TRIGGER wipe AFTER INSERT ON accounts BEGIN DELETE FROM interactions; END",
            "trigger 'wipe'",
        ),
        ("CREATE VIEW everyone AS SELECT name FROM stakeholders", "view 'everyone'"),
        ("CREATE TABLE extra (x)", "table 'extra'"),
        ("CREATE INDEX ix_notes ON accounts (notes)", "index 'ix_notes'"),
        ("DROP INDEX ix_goals_plan_id", "index 'ix_goals_plan_id' is missing"),
    ],
    ids=["trigger", "view", "table", "index", "missing index"],
)
def test_a_schema_changed_by_another_program_is_refused(
    path: Path, statement: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(path, statement)
    before = sha(path)
    with pytest.raises(errors.BookAlteredError, match=words) as caught:
        books.open_book(path)
    assert "another program" in str(caught.value)
    with pytest.raises(errors.BookAlteredError):
        books.open_book(path, read_only=True)
    code, said = check(path, capsys)
    assert code == 1
    assert words in said
    assert sha(path) == before


def test_a_table_whose_definition_was_changed_is_refused(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (side IN', 'CHECK (1 OR side IN') "
            "WHERE name = 'stakeholders'"
        )
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(errors.BookAlteredError, match="table 'stakeholders'"):
        books.open_book(path)


def test_the_schema_is_compared_with_white_space_and_quotes_folded(path: Path) -> None:
    """Books migrated from format 1 store the frozen DDL with other white space; a tool that
    quotes identifiers writes the same schema with quotes. Both are the same schema."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(replace(sql, 'side VARCHAR', "
            "'\"side\"   VARCHAR'), ', ', ',\n  ') WHERE name = 'stakeholders'"
        )
        conn.commit()
    finally:
        conn.close()
    with books.open_book(path) as book:
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
