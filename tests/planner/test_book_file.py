"""RELIABILITY.md rules 1, 2, 6: ours or refused, pragmas on every connection, errors in words."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.domain import errors
from planner.services import accounts, books
from planner.store import migrations
from planner.store.book import open_book
from planner.store.fileformat import read_header
from planner.store.models import APPLICATION_ID
from tests.planner.test_reliability_support import run_unprivileged


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not a planner book')")
    conn.commit()
    conn.close()


def make_future_book(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()


def make_damaged_book(source: Path, target: Path) -> None:
    """Flip bytes inside the b-tree pages of the accounts table (not the header)."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'interactions'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(target.read_bytes())
    start = (root[0] - 1) * page_size
    for offset in range(start + 8, start + 64):  # the page header and its cell pointers
        data[offset] ^= 0xFF
    target.write_bytes(bytes(data))


CASES = {
    "zero bytes": (errors.BookEmptyError, "is empty (0 bytes)"),
    "text file": (errors.NotABookError, "not an Account Success Planner book"),
    "renamed csv": (errors.NotABookError, "use File > Import"),
    "random bytes": (errors.NotABookError, "not an Account Success Planner book"),
    "foreign sqlite": (errors.ForeignDatabaseError, "made by another program"),
    "future version": (errors.BookTooNewError, "newer version of Account Success Planner"),
    "damaged": (errors.BookDamagedError, "is damaged"),
}


@pytest.fixture
def bad_file(request: pytest.FixtureRequest, tmp_path: Path, demo_master: Path) -> Path:
    kind = request.param
    path = tmp_path / f"{kind.replace(' ', '-')}.aspbook"
    if kind == "zero bytes":
        path.write_bytes(b"")
    elif kind == "text file":
        path.write_text("Dear diary,\nthis is not a book.\n", encoding="utf-8")
    elif kind == "renamed csv":
        path.write_text("Account Name,ARR\nAcme,1000\n" * 20, encoding="utf-8")
    elif kind == "random bytes":
        path.write_bytes(os.urandom(8192))
    elif kind == "foreign sqlite":
        make_foreign_db(path)
    elif kind == "future version":
        make_future_book(demo_master, path)
    elif kind == "damaged":
        make_damaged_book(demo_master, path)
    return path


@pytest.mark.parametrize("bad_file", list(CASES), indirect=True)
@pytest.mark.parametrize("opener", ["open", "open read-only", "check"])
def test_bad_files_are_refused_and_left_unchanged(bad_file: Path, opener: str) -> None:
    kind = bad_file.stem.replace("-", " ")
    expected, words = CASES[kind]
    before = sha(bad_file)
    listing = sorted(p.name for p in bad_file.parent.iterdir())
    with pytest.raises(expected) as caught:
        if opener == "check":
            books.check_book(bad_file)
        else:
            open_book(bad_file, read_only=opener.endswith("read-only"))
    assert words in str(caught.value)
    assert bad_file.name in str(caught.value)
    assert sha(bad_file) == before
    assert sorted(p.name for p in bad_file.parent.iterdir()) == listing  # no journal, no backup


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.BookMissingError, match="There is no file at"):
        open_book(tmp_path / "nowhere.aspbook")
    assert not (tmp_path / "nowhere.aspbook").exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.NotABookError, match="is a folder"):
        open_book(tmp_path)


def test_each_refusal_has_its_own_message() -> None:
    assert len({words for _, words in CASES.values()}) == len(CASES) - 1  # csv shares text's


def test_new_book_is_ours(tmp_path: Path) -> None:
    path = tmp_path / "new.aspbook"
    books.create_book(path).close()
    header = read_header(path)
    assert header.application_id == APPLICATION_ID
    assert header.user_version == migrations.SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["new.aspbook"]  # no temp or journal left


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "exists.aspbook"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(errors.ConflictError, match="already exists"):
        books.create_book(path)
    assert path.read_text(encoding="utf-8") == "precious"


def test_pragmas_on_every_connection(book: books.Book) -> None:
    with book.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA trusted_schema")).scalar() == 0
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "delete"
    # a second, fresh connection gets them too
    raw = book.engine.raw_connection()
    try:
        assert raw.driver_connection is not None
        assert raw.driver_connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        raw.close()


def test_foreign_keys_are_enforced(book: books.Book) -> None:
    with pytest.raises(errors.ConflictError, match="linked record"), book.write() as session:
        session.execute(
            text(
                "INSERT INTO stage_changes (id, account_id, stage, changed_on, note, created_at,"
                " updated_at) VALUES (randomblob(16), randomblob(16), 'onboarding',"
                " '2026-01-01', '', 0, 0)"
            )
        )


def test_ddl_and_savepoints_are_transactional(book: books.Book) -> None:
    """Explicit BEGIN: a rolled-back transaction undoes DDL, and SAVEPOINTs work."""
    with pytest.raises(RuntimeError), book.write() as session:
        session.execute(text("CREATE TABLE scratch (x INTEGER)"))
        raise RuntimeError("roll back")
    with book.read() as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'scratch'")
            ).scalar()
            == 0
        )
    with book.write() as session:
        nested = session.begin_nested()
        session.execute(text("UPDATE settings SET value = '\"EUR\"' WHERE key = 'base_currency'"))
        nested.rollback()
    assert book.setting("base_currency") == "USD"


def test_read_only_book_refuses_writes(book: books.Book) -> None:
    book.close()
    ro = open_book(book.path, read_only=True)
    try:
        with pytest.raises(errors.BookReadOnlyError, match="open read-only"):
            accounts.create_account(ro, name="Acme")
        assert accounts.list_accounts(ro) == []
    finally:
        ro.close()


def test_read_only_file_opens_read_only(book: books.Book) -> None:
    book.close()
    book.path.chmod(0o444)
    try:
        result = run_unprivileged(f"""
            import json
            from pathlib import Path
            from planner.services import books
            ro = books.open_book(Path({str(book.path)!r}))
            print(json.dumps({{"read_only": ro.read_only, "reason": ro.read_only_reason}}))
            ro.close()
        """)
    finally:
        book.path.chmod(0o644)
    assert result["read_only"]
    assert "the file is read-only" in result["reason"]


def test_closed_book_says_so(book: books.Book) -> None:
    book.close()
    with pytest.raises(errors.BookError, match="has been closed"):
        accounts.list_accounts(book)


def test_header_of_a_truncated_header(tmp_path: Path) -> None:
    path = tmp_path / "short.aspbook"
    path.write_bytes(b"SQLite format 3\x00" + struct.pack(">H", 4096))
    with pytest.raises(errors.NotABookError):
        read_header(path)


def test_unfinished_book_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "half.aspbook"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(errors.BookDamagedError, match="unfinished"):
        open_book(path)


def test_default_book_path_is_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCOUNT_PLANNER_HOME", str(tmp_path / "home"))
    path = books.default_book_path()
    assert path.parent == tmp_path / "home"
    assert path.parent.is_dir()
    assert path.suffix == ".aspbook"


def test_disk_errors_become_words(book: books.Book) -> None:
    from sqlalchemy.exc import OperationalError

    from planner.store.book import translate_db_error

    for message, cls, words in [
        ("database or disk is full", errors.StorageError, "disk is full"),
        ("attempt to write a readonly database", errors.BookReadOnlyError, "read-only"),
        ("database is locked", errors.BookLockedError, "busy"),
        ("disk I/O error", errors.StorageError, "reported an error"),
        ("database disk image is malformed", errors.BookDamagedError, "damaged"),
    ]:
        exc = OperationalError("stmt", {}, sqlite3.OperationalError(message))
        translated = translate_db_error(exc, book.path)
        assert isinstance(translated, cls)
        assert words in str(translated)
        assert book.path.name in str(translated)


def test_many_reader_threads_share_a_book_safely(book: books.Book) -> None:
    """The GUI reads from a thread pool whose threads come and go: more threads than the
    connection pool's size must never close a connection another thread is using (this used
    to fail with "Cannot operate on a closed database", or crash)."""
    import threading

    accounts.create_account(book, name="Acme")
    threads = 12
    all_reading = threading.Barrier(threads, timeout=20)
    problems: list[BaseException] = []

    def reader() -> None:
        try:
            with book.read() as session:
                session.execute(text("SELECT count(*) FROM accounts")).scalar_one()
                all_reading.wait()  # every thread holds its connection at the same time
                assert session.execute(text("SELECT name FROM accounts")).scalar_one() == "Acme"
        except BaseException as exc:
            problems.append(exc)
            all_reading.abort()

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert problems == []
    assert accounts.list_accounts(book)[0].name == "Acme"
