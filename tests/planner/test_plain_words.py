"""Plain words for every failure: each case here used to reach the user as a raw Python error, a
hang, or a wrong reason. Each now ends with a message that says what happened and what to do,
exit 1 (2 for a usage error), and nothing changed."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.services import accounts, books
from planner.services.interchange import export
from tests.other_process import child_env
from tests.planner.test_reliability_support import (
    ROOT,
    run_in_small_tmpfs,
    run_with_file_size_limit,
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(argv: list[str | Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    err = captured.err
    assert "unexpected error" not in err, err
    assert "Traceback" not in err, err
    return code, captured.out + err


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        accounts.create_account(book, name="Acme")
    return target


# --------------------------------------------------------------------------- archives


@pytest.fixture
def archive(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "acme.json"
    with books.open_book(path, read_only=True) as book:
        export.export_archive(book, out)
    return out


def _rows_of(archive: Path, table: str) -> tuple[list[str], list[int]]:
    lines = archive.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f'"{table}": '))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("]}"))
    return lines, list(range(start + 1, end))


def _edit_row(archive: Path, table: str, column: str, value: object) -> None:
    lines, rows = _rows_of(archive, table)
    columns = json.loads(lines[rows[0] - 1].split('"columns": ', 1)[1].split(', "rows"')[0])
    row = json.loads(lines[rows[0]].removesuffix(","))
    row[columns.index(column)] = value
    lines[rows[0]] = json.dumps(row) + ("," if lines[rows[0]].endswith(",") else "")
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _duplicate_row(archive: Path, table: str) -> None:
    lines, rows = _rows_of(archive, table)
    first = lines[rows[0]].removesuffix(",")
    lines[rows[-1]] = lines[rows[-1]].removesuffix(",") + ",\n" + first
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("mangle", "words"),
    [
        (lambda a: a.write_bytes(gzip.compress(a.read_bytes())), "compressed"),
        (lambda a: _duplicate_row(a, "accounts"), "same id"),
        (lambda a: _edit_row(a, "accounts", "tier", "platinum"), "'platinum'"),
        (lambda a: _edit_row(a, "accounts", "arr_minor", 2**70), "too large"),
        (lambda a: _edit_row(a, "accounts", "arr_minor", float("nan")), "not a whole number"),
        (
            lambda a: _edit_row(a, "settings", "value", json.loads("[" * 200 + "]" * 200)),
            "nested",
        ),
    ],
    ids=["gzip", "duplicate id", "unknown enum value", "2**70", "NaN", "deep JSON row"],
)
def test_a_bad_archive_is_refused_in_words(
    archive: Path, tmp_path: Path, mangle: object, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(mangle)
    mangle(archive)
    target = tmp_path / "rebuilt.aspbook"
    code, said = run(["import-archive", target, archive], capsys)
    assert code == 1
    assert words in said
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_json_nested_100000_deep_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, said = run(["import-archive", tmp_path / "rebuilt.aspbook", deep], capsys)
    assert code == 1
    assert "nested" in said


# --------------------------------------------------------------------------- files and names


def test_a_pipe_named_like_a_book_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opening a FIFO for reading waits for a writer forever: never open what is not a file."""
    fifo = tmp_path / "pipe.aspbook"
    os.mkfifo(fifo)
    for argv in (["check", fifo], ["info", fifo], ["backup", fifo, "--out", tmp_path / "b"]):
        code, said = run(argv, capsys)
        assert code == 1
        assert "named pipe" in said
    csv_fifo = tmp_path / "pipe.csv"
    os.mkfifo(csv_fifo)
    book = tmp_path / "book.aspbook"
    books.create_book(book).close()
    code, said = run(["import", book, csv_fifo, "--kind", "accounts"], capsys)
    assert code == 1
    assert "named pipe" in said
    code, said = run(["import-archive", tmp_path / "new.aspbook", csv_fifo], capsys)
    assert code == 1
    assert "named pipe" in said


def test_a_flipped_write_version_byte_is_damage_not_read_only(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(path.read_bytes())
    data[18] ^= 0x04
    path.write_bytes(bytes(data))
    code, said = run(["check", path], capsys)
    assert code == 1
    assert "header" in said
    assert "damaged" in said
    assert "read-only" not in said


def test_a_name_too_long_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = tmp_path / ("n" * 240 + ".aspbook")
    code, said = run(["new", long_name], capsys)
    assert code == 1
    assert "too long" in said
    assert not list(tmp_path.iterdir())


def test_a_205_character_name_takes_its_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its backups' names (book name + time + reason) are longer than a file system allows
    unless shortened: they used to fail as "the backups folder cannot be written"."""
    book = tmp_path / ("Ä" * 10 + "b" * 195 + ".aspbook")
    assert main(["new", str(book)]) == 0
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("Account Name\nAcme\n", encoding="utf-8")
    code, said = run(["import", book, csv_file, "--kind", "accounts"], capsys)
    assert code == 0, said
    code, said = run(["backup", book], capsys)
    assert code == 0, said
    reasons = sorted(b.reason for b in books.list_backups(book))
    assert reasons == ["before-import", "manual"]


def test_a_book_deep_in_folders_takes_its_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite opens paths of at most 512 bytes: backups of a book deep in folders go where
    their names fit (shorter names, or the data folder), not to "cannot be written"."""
    folder = tmp_path
    while len(str(folder).encode()) < 380:
        folder = folder / ("f" * 40)
    folder.mkdir(parents=True)
    book = folder / ("b" * 60 + ".aspbook")
    assert main(["new", str(book)]) == 0
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("Account Name\nAcme\n", encoding="utf-8")
    code, said = run(["import", book, csv_file, "--kind", "accounts"], capsys)
    assert code == 0, said
    assert [b.reason for b in books.list_backups(book)] == ["before-import"]
    too_deep = folder / ("g" * 120) / ("b" * 60 + ".aspbook")
    too_deep.parent.mkdir()
    code, said = run(["new", too_deep], capsys)
    assert code == 1
    assert "too long" in said


def test_a_date_past_the_calendar_is_a_usage_error(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = run(
        ["qbr", path, "--account", "Acme", "--out", tmp_path / "out", "--date", "9999-12-31"],
        capsys,
    )
    assert code == 2
    assert "too far" in said


# --------------------------------------------------------------------------- disk full

MAKE = """
    import contextlib, io, json
    from planner.cli import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main({argv!r})
    print(json.dumps({{"code": code, "err": err.getvalue()}}))
"""


def _argv(how: str, target: Path, archive: Path) -> list[str]:
    return {
        "new": ["new", str(target)],
        "demo": ["demo", str(target), "--accounts", "300", "--quiet"],
        "import-archive": ["import-archive", str(target), str(archive)],
    }[how]


@pytest.mark.parametrize("how", ["new", "demo", "import-archive"])
def test_a_full_disk_while_making_a_book_is_said_in_words(
    tmp_path: Path, how: str, path: Path
) -> None:
    big = tmp_path / "big.json"
    with books.create_book(tmp_path / "big.aspbook") as book:
        for i in range(300):
            accounts.create_account(book, name=f"Account {i}", notes="x" * 2000)
        export.export_archive(book, big)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    target = mnt / "new.aspbook"
    filler = f"head -c {150 * 1024} /dev/zero > '{mnt}/filler'"
    code = MAKE.format(argv=_argv(how, target, big))
    result = run_in_small_tmpfs(mnt, 400, filler, code)
    assert result["code"] == 1, result
    assert "The disk is full, so new.aspbook was not created" in result["err"], result
    assert "unexpected" not in result["err"]


@pytest.mark.parametrize("how", ["new", "demo", "import-archive"])
def test_a_file_size_limit_while_making_a_book_is_said_in_words(
    tmp_path: Path, how: str, path: Path
) -> None:
    big = tmp_path / "big.json"
    with books.create_book(tmp_path / "big.aspbook") as book:
        for i in range(300):
            accounts.create_account(book, name=f"Account {i}", notes="x" * 2000)
        export.export_archive(book, big)
    target = tmp_path / "new.aspbook"
    result = run_with_file_size_limit(150_000, MAKE.format(argv=_argv(how, target, big)))
    assert result["code"] == 1, result
    assert "new.aspbook" in result["err"], result
    assert "was not created" in result["err"], result
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".new")]


# --------------------------------------------------------------------------- restore


def test_restoring_a_backup_of_a_different_book_needs_force(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "Other.aspbook"
    with books.create_book(other) as book:
        accounts.create_account(book, name="Someone else")
    before = sha(path)
    code, said = run(["restore", path, other], capsys)
    assert code == 1
    assert "different book" in said
    assert "--force" in said
    assert sha(path) == before
    code, said = run(["restore", path, other, "--force"], capsys)
    assert code == 0, said
    with books.open_book(path, read_only=True) as book:
        assert [a.name for a in accounts.list_accounts(book)] == ["Someone else"]


def test_restoring_over_a_file_that_is_not_a_book_needs_force(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.aspbook"
    notes.write_text("my notes, not a book\n", encoding="utf-8")
    code, said = run(["restore", notes, path], capsys)
    assert code == 1
    assert "not an Account Success Planner book" in said
    assert "--force" in said
    assert notes.read_text(encoding="utf-8") == "my notes, not a book\n"
    code, said = run(["restore", notes, path, "--force"], capsys)
    assert code == 0, said


def test_restoring_a_backup_of_the_same_book_needs_no_force(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = books.backup_now(path)
    code, said = run(["restore", path, backup], capsys)
    assert code == 0, said


# --------------------------------------------------------------------------- killed demo


def test_a_killed_demo_leaves_nothing_behind_for_long(tmp_path: Path) -> None:
    target = tmp_path / "big.aspbook"
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner.cli", "demo", str(target), "--accounts", "5000", "--quiet"],
        env=child_env(),
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not [p for p in tmp_path.iterdir() if p.name.startswith(".big")]:
            assert proc.poll() is None, "the demo finished before it could be stopped"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".big")]
    assert not target.exists()
    assert main(["demo", str(tmp_path / "small.aspbook"), "--accounts", "2", "--quiet"]) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".big")]
    shutil.rmtree(tmp_path / "small.aspbook.backups", ignore_errors=True)


def test_errors_are_classes_with_words() -> None:
    assert issubclass(errors.BookAlteredError, errors.BookDamagedError)
