"""A journal left by a writer that died (``x.aspbook-journal``): never rolled into another book,
never deleted behind the user's back, recovered on request (``planner recover``), and named by
every command that meets it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import accounts, books
from planner.services.interchange import export
from tests.planner.test_reliability import HOT_JOURNAL


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def crashed_book(folder: Path, name: str = "x.aspbook") -> tuple[Path, Path]:
    """A book with one account whose writer died mid-change: the book and its hot journal."""
    path = folder / name
    with books.create_book(path) as book:
        accounts.create_account(book, name="Acme")
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(path)], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    return path, journal


def test_demo_replace_refuses_a_book_with_a_leftover_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, journal = crashed_book(tmp_path)
    before, journal_before = sha(path), sha(journal)
    code = main(["demo", str(path), "--replace", "--accounts", "3", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "x.aspbook-journal" in err
    assert "planner recover" in err
    assert sha(path) == before
    assert sha(journal) == journal_before


@pytest.mark.parametrize("how", ["new", "demo", "import-archive"])
def test_a_new_book_is_never_written_beside_a_journal_that_is_not_its_own(
    tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old book was deleted, its journal was left: a new book of the same name would have
    the old change applied to it (and be damaged). Refused, journal kept."""
    path, journal = crashed_book(tmp_path)
    archive = tmp_path / "a.json"
    with books.open_book(path) as source:  # rolls the journal back, so the archive is sound
        export.export_archive(source, archive)
    path.unlink()
    with books.create_book(path):  # make a fresh leftover journal for the deleted book
        pass
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(path)], check=True)
    path.unlink()
    journal_before = sha(journal)
    argv = {
        "new": ["new", str(path)],
        "demo": ["demo", str(path), "--accounts", "3", "--quiet"],
        "import-archive": ["import-archive", str(path), str(archive)],
    }[how]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "x.aspbook-journal" in err
    assert "unexpected" not in err
    assert not path.exists()
    assert sha(journal) == journal_before
    with pytest.raises(books.errors.ConflictError, match="journal"):
        books.create_book(path)


def test_recover_rolls_the_journal_back_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, journal = crashed_book(tmp_path)
    assert main(["recover", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Rolled back the unfinished change" in out
    assert "sound" in out
    assert not journal.exists()
    with books.open_book(path, read_only=True) as book:
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
    assert main(["recover", str(path)]) == 0
    assert "nothing to recover" in capsys.readouterr().out


def test_recover_sets_aside_the_journal_of_a_deleted_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, journal = crashed_book(tmp_path)
    path.unlink()
    content = sha(journal)
    assert main(["recover", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no book" in out
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("x.aspbook-journal.")]
    assert len(kept) == 1
    assert sha(kept[0]) == content  # set aside, not deleted
    assert not journal.exists()
    assert main(["new", str(path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("argv", [["check"], ["info"], ["accounts"], ["export", "--format", "csv"]])
def test_reading_commands_after_a_crash_name_the_command_that_recovers(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, journal = crashed_book(tmp_path)
    before = sha(path)
    extra = ["--out", str(tmp_path / "out")] if argv[0] == "export" else []
    assert main([argv[0], str(path), *argv[1:], *extra]) == 1
    err = capsys.readouterr().err
    assert f"planner recover {path}" in err
    assert "unexpected" not in err
    assert sha(path) == before
    assert journal.exists()
