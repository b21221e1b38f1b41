"""The ``planner`` command's contract: sub-commands, JSON fields, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.services.portfolio import PORTFOLIO_FIELDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_check_info_accounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "demo.aspbook"
    code, out, _ = run(capsys, "demo", book, "--accounts", "12", "--as-of", "2026-11-23")
    assert code == 0
    assert "12 accounts" in out
    code, out, _ = run(capsys, "check", book)
    assert code == 0
    assert out.count("\n") == 1
    assert "sound" in out
    code, out, _ = run(capsys, "info", book, "--json")
    info = json.loads(out)
    assert info["schema_version"] == info["app_schema_version"] >= 1
    assert info["application_id"] == 0x41535042
    assert info["counts"]["accounts"] == 12
    code, out, _ = run(capsys, "accounts", book, "--format", "json", "--as-of", "2026-11-23")
    rows = json.loads(out)
    assert len(rows) == 12
    assert all(list(r) == list(PORTFOLIO_FIELDS) for r in rows)
    assert all(isinstance(r["arr_minor"], int) for r in rows)
    code, out, _ = run(capsys, "accounts", book, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in parsed] == [r["name"] for r in rows]
    code, out, _ = run(capsys, "accounts", book)
    assert code == 0
    assert "12 accounts" in out


def test_new_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "empty.aspbook"
    assert run(capsys, "new", book, "--currency", "eur")[0] == 0
    code, out, _ = run(capsys, "info", book, "--json")
    assert json.loads(out)["base_currency"] == "EUR"
    code, _, err = run(capsys, "new", book)
    assert code == 1
    assert "already exists" in err
    code, _, err = run(capsys, "new", tmp_path / "x.aspbook", "--currency", "dollars")
    assert code == 1
    assert "currency code" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"hello", "not an Account Success Planner book")],
)
def test_bad_books_exit_1_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    path = tmp_path / "bad.aspbook"
    path.write_bytes(content)
    for command in ("check", "info", "accounts"):
        code, out, err = run(capsys, command, path)
        assert code == 1
        assert words in err
        assert "Traceback" not in err + out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "accounts")[0] == 2
    assert run(capsys, "nonsense")[0] == 2
    assert run(capsys, "accounts", tmp_path / "x", "--format", "xml")[0] == 2
    code, _, err = run(capsys, "demo", tmp_path / "y", "--as-of", "31/31/2026")
    assert code == 2
    assert "not a date" in err


def test_missing_book(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "accounts", tmp_path / "missing.aspbook")
    assert code == 1
    assert "There is no file at" in err


def test_unexpected_errors_are_words_not_tracebacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.services import books

    def boom(_path: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(books, "check_book", boom)
    code, _, err = run(capsys, "check", tmp_path / "x.aspbook")
    assert code == 1
    assert "unexpected error (RuntimeError: boom)" in err
    assert "Traceback" not in err


def test_hostile_names_are_neutralised_in_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.services import accounts, books

    path = tmp_path / "b.aspbook"
    with books.create_book(path) as opened:
        accounts.create_account(opened, name='=HYPERLINK("http://evil","x")')
        accounts.create_account(opened, name="+cmd|' /C calc'!A0")
    _, out, _ = run(capsys, "accounts", path, "--format", "csv")
    names = [r["name"] for r in csv.DictReader(io.StringIO(out))]
    assert all(n.startswith("'") for n in names)
    _code, out, _ = run(capsys, "accounts", path, "--format", "json")
    assert {r["name"] for r in json.loads(out)} == {
        '=HYPERLINK("http://evil","x")',
        "+cmd|' /C calc'!A0",
    }
