"""One flipped bit anywhere in a book: refused in words, or read without a crash.

SQLite pages carry no checksums, so some flips cannot be seen: they read as different data (a
letter in a name, a digit in an amount). What a flip must never do is reach the user as an
"unexpected error" or a Python exception: the book is refused with a message (not ours,
damaged, changed by another program), or ``planner check`` names the damaged record, or it is
read as (different) data. Hypothesis picks the bits; the header's are tried more often.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain.errors import PlannerError
from planner.services import accounts, books, dashboard, portfolio
from planner.services.interchange import export


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compact demo book (3 accounts with every kind of record), vacuumed so most bits are
    data rather than free space."""
    from planner.services import demo

    path = tmp_path_factory.mktemp("flips") / "small.aspbook"
    demo.generate_demo(path, accounts=3, seed=11)
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    return path


def read_everything(path: Path, out: Path) -> None:
    """What screens, exports and reports read: only errors in words may come out."""
    books.check_book(path)
    with books.open_book(path, read_only=True) as book:
        accounts.list_accounts(book, include_archived=True)
        portfolio.portfolio(book, include_archived=True)
        dashboard.dashboard(book)
        export.export_archive(book, out)


bits = st.one_of(st.integers(0, 100 * 8 - 1), st.integers(0, 10**9))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bit=bits)
def test_a_flipped_bit_is_refused_or_read_never_an_unexpected_error(
    small_book: Path, tmp_path: Path, bit: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flipped.aspbook"
    shutil.copyfile(small_book, path)
    data = bytearray(path.read_bytes())
    bit %= len(data) * 8
    data[bit // 8] ^= 1 << (bit % 8)
    path.write_bytes(bytes(data))
    with contextlib.suppress(PlannerError):  # refused, or damage found and named: in words
        read_everything(path, tmp_path / "archive.json")
    for argv in (["check"], ["info"], ["accounts"]):
        main([argv[0], str(path)])
        err = capsys.readouterr().err
        assert "unexpected error" not in err, (bit, argv, err)
        assert "Traceback" not in err, (bit, argv, err)
