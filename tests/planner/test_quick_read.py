"""``planner accounts`` reads a book in the current format with the standard library alone
(planner.store.quick_read), and says and prints exactly what opening the book the full way
(SQLAlchemy) does: the same rows and bytes for every option, the same refusals, and the full way
for anything it is not sure of."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.domain.clock import FixedClock
from planner.services import accounts, books
from planner.services.portfolio import portfolio, portfolio_of_file
from planner.store import checking, layout, migrations, quick_read
from planner.store import models as m
from tests.conftest import FIXTURES, TODAY

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def quick_reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for every quick read, whether it read the book (False: it left it to the full
    way)."""
    seen: list[bool] = []
    real = quick_read.read

    def spy(path: Path, work: Any) -> Any:
        found = real(path, work)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(quick_read, "read", spy)
    return seen


def _full_way_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick_read, "read", lambda _path, _work: None)


def _run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def archived_demo(demo_path: Path, clock: FixedClock) -> Path:
    """The demo with one account archived (so ``--include-archived`` shows a difference)."""
    with books.open_book(demo_path, clock=clock) as opened:
        first = portfolio(opened)[0]
        accounts.set_archived(opened, first.id, archived=True)
    return demo_path


def test_the_schema_digest_is_that_of_a_new_book() -> None:
    digest = layout.schema_digest(checking.expected_schema())
    assert digest == layout.SCHEMA_DIGEST, (
        f"The models' schema changed: set SCHEMA_DIGEST in planner/store/layout.py to {digest!r} "
        "(until then planner accounts reads every book the slow way)."
    )


OPTIONS = [
    (fmt, *extra)
    for fmt in ("table", "csv", "json")
    for extra in ((), ("--include-archived",), ("--as-of", "2027-03-01"), ("--as-of", "2026-01-01"))
]


@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_the_quick_read_prints_what_the_full_way_prints(
    archived_demo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_reads: list[bool],
    options: tuple[str, ...],
) -> None:
    fmt, *extra = options
    quick = _run(capsys, "accounts", archived_demo, "--format", fmt, *extra)
    assert quick_reads == [True]
    _full_way_only(monkeypatch)
    full = _run(capsys, "accounts", archived_demo, "--format", fmt, *extra)
    assert quick == full
    assert quick[0] == 0
    if fmt == "json":
        rows = json.loads(quick[1])
        assert len(rows) == (40 if "--include-archived" in extra else 39)


def test_the_rows_are_the_books_rows(demo_path: Path, quick_reads: list[bool]) -> None:
    """Each row's account fields are what the models read (the decoding of stored values)."""
    rows = portfolio_of_file(demo_path, include_archived=True)
    assert quick_reads == [True]
    with books.open_book(demo_path, read_only=True) as opened:
        assert rows == portfolio(opened, include_archived=True)
        with opened.read() as session:
            for row in rows:
                account = session.get(m.Account, row.id)
                assert account is not None
                assert (row.name, row.tier, row.stage, row.renewal_date, row.strategic) == (
                    account.name,
                    account.tier,
                    account.lifecycle_stage,
                    account.renewal_date,
                    account.strategic,
                )
                assert (row.archived, row.crm_id, row.arr_minor) == (
                    account.archived,
                    account.crm_id,
                    account.arr_minor,
                )
    assert any(r.health_band is not None and r.last_interaction is not None for r in rows)


def test_planner_accounts_loads_no_sqlalchemy(demo_path: Path) -> None:
    probe = (
        "import json, sys\n"
        "from planner.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    for options in ((), ("--format", "json", "--include-archived", "--as-of", "2027-01-01")):
        out = subprocess.run(
            [sys.executable, "-c", probe, "accounts", str(demo_path), *options],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            timeout=120,
        )
        found = json.loads(out.stdout.strip().splitlines()[-1])
        assert found["code"] == 0
        assert not [name for name in found["modules"] if name.startswith("sqlalchemy")]
        assert "planner.store.models" not in found["modules"]


def _foreign_database(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()


def _altered(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER spy AFTER UPDATE ON accounts BEGIN SELECT 1; END")
    conn.close()


def _bad_value(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(
        "UPDATE accounts SET tier = 'galactic' WHERE rowid = (SELECT min(rowid) FROM accounts)"
    )
    conn.commit()
    conn.close()


BAD_BOOKS = {
    "empty": (lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    "text": (
        lambda p: p.write_bytes(b"name,arr\nAcme,5\n"),
        "is not an Account Success Planner book",
    ),
    "foreign database": (_foreign_database, "made by another program"),
    "missing": (lambda p: p.unlink(), "There is no file at"),
    "newer format": (_newer, "saved by a newer version"),
    "older format": (
        lambda p: shutil.copyfile(FIXTURES / "books" / "v1.aspbook", p),
        "must be upgraded before it can be opened",
    ),
    "changed by another program": (_altered, "was changed by another program"),
    "unreadable value": (_bad_value, "is damaged there"),
}


@pytest.mark.parametrize("case", sorted(BAD_BOOKS))
def test_refusals_are_those_of_opening_the_book(
    demo_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_reads: list[bool],
    case: str,
) -> None:
    make, words = BAD_BOOKS[case]
    make(demo_path)
    quick = _run(capsys, "accounts", demo_path)
    assert quick_reads in ([], [False])  # refused before reading, or left to the full way
    _full_way_only(monkeypatch)
    full = _run(capsys, "accounts", demo_path)
    assert quick == full
    code, out, err = quick
    assert words in err
    assert "Traceback" not in out + err
    assert code == 1
    assert out == ""


@pytest.fixture
def writer(demo_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of writing the book (its change not committed yet)."""
    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE accounts SET name = 'Zeta Renamed' WHERE rowid = 1")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_a_book_being_written_is_read_as_it_was(
    demo_path: Path, writer: sqlite3.Connection, quick_reads: list[bool]
) -> None:
    rows = portfolio_of_file(demo_path)
    assert quick_reads == [True]
    assert len(rows) == 40
    assert "Zeta Renamed" not in {r.name for r in rows}
    writer.execute("COMMIT")
    writer.execute("BEGIN")  # for the fixture's ROLLBACK
    assert "Zeta Renamed" in {r.name for r in portfolio_of_file(demo_path)}


def test_the_day_is_the_books_clock_unless_given(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, quick_reads: list[bool]
) -> None:
    today = portfolio_of_file(demo_path)
    given = portfolio_of_file(demo_path, today=TODAY.replace(year=2027))
    assert quick_reads == [True, True]
    with books.open_book(demo_path, read_only=True) as opened:
        assert today == portfolio(opened)
        assert given == portfolio(opened, today=TODAY.replace(year=2027))
    assert today != given
