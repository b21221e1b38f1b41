"""Every committed fixture book (one per past schema version) opens, migrates, and ends up with
exactly the schema of a freshly created book, its data intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.domain import errors
from planner.services import books, portfolio
from planner.store import backups, migrations
from planner.store.fileformat import read_header

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "books").glob("v*.aspbook"))


def schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(
            (kind, name, " ".join((sql or "").split()))
            for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
        )
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_past_version() -> None:
    """Version 1 and every version before the current one has a real book made by it."""
    versions = {int(p.stem.removeprefix("v")) for p in FIXTURES}
    assert set(range(1, max(migrations.SCHEMA_VERSION, 2))) <= versions


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_opens_and_migrates(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    before = read_header(copy).user_version
    with books.open_book(copy) as opened:
        rows = portfolio.portfolio(opened)
        assert rows
        assert all(r.name for r in rows)
    assert read_header(copy).user_version == migrations.SCHEMA_VERSION
    fresh = tmp_path / "fresh.aspbook"
    books.create_book(fresh).close()
    assert schema(copy) == schema(fresh)
    if before < migrations.SCHEMA_VERSION:
        assert backups.list_backups(copy), "a backup is taken before migrating"
    books.check_book(copy)


def test_a_failing_step_rolls_back_and_leaves_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    step = migrations.Step(2, "broken step", broken)
    monkeypatch.setattr(migrations, "STEPS", (step,))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(errors.StorageError, match="could not be upgraded"):
        books.open_book(path)
    assert read_header(path).user_version == 1
    assert "half_done" not in {name for _, name, _ in schema(path)}
    assert [b.reason for b in backups.list_backups(path)] == ["before-upgrade-v1"]


def test_a_step_that_breaks_links_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    def orphan(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO stage_changes (id, account_id, stage, changed_on, note, created_at, "
            "updated_at) VALUES (randomblob(16), randomblob(16), 'onboarding', '2026-01-01', '', "
            "0, 0)"
        )

    monkeypatch.setattr(migrations, "STEPS", (migrations.Step(2, "orphan", orphan),))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(errors.BookDamagedError, match="broken links"):
        migrations.upgrade(path)
    assert read_header(path).user_version == 1
