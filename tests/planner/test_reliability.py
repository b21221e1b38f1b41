"""RELIABILITY.md "How to prove it": kill a writer at random points, interrupt Save a Copy As,
fill the disk, make the file, the folder and the drive read-only.

Killing: a helper process imports the app once, then forks a fresh writer per round (cheap, and
single-threaded when it forks). The writer edits a book as fast as it can and acknowledges each
committed change in a side file; a timer in the writer calls ``os._exit`` at a random moment,
wherever the writer is (inside SQLite's commit, between two writes, while taking the lock...).
The book must then open, pass ``integrity_check``, hold every acknowledged change, and at most
the one change that was being committed, whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.domain import errors
from planner.services import accounts, books, revenue
from planner.store import backups
from tests.other_process import child_env
from tests.planner.test_reliability_support import (
    ROOT,
    run_in_small_tmpfs,
    run_on_read_only_mount,
    run_unprivileged,
    run_with_file_size_limit,
)

ZYGOTE = r'''
import json, os, random, sys, threading
from pathlib import Path
from planner.services import accounts, books
from planner.store import backups

def op(i):
    """The i-th change of the sequence: deterministic, so the test can replay it."""
    if i % 4 == 2:
        return ("update", f"K{i - 2}", f"notes {i}")
    if i % 4 == 3:
        return ("delete", f"K{i - 2}")
    return ("create", f"K{i}", (i + 1) * 100)

def arm(job):
    """Die at the chosen point: after a random delay, or inside the next commit."""
    if job.get("in_commit"):
        from sqlalchemy import event
        from sqlalchemy.orm import Session
        event.listen(Session, "before_commit", lambda _s: os._exit(0))
    else:
        threading.Timer(job["delay"], lambda: os._exit(0)).start()

def write(job):
    if job["mode"] == "save-as":
        threading.Timer(job["delay"], lambda: os._exit(0)).start()
        book = books.open_book(job["book"], read_only=True)
        while True:
            backups.copy_book(Path(job["book"]), Path(job["target"]))
    book = books.open_book(job["book"], lock=True, take_over=True)
    acks = os.open(job["acks"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    i = job["start"]
    while True:
        kind, *args = op(i)
        try:
            if kind == "create":
                accounts.create_account(book, name=f"Account {args[0]}", crm_id=args[0],
                                        arr_minor=args[1])
            elif kind == "update":
                accounts.update_account(book, accounts.find_account(book, args[0]).id,
                                        notes=args[1])
            else:
                accounts.delete_account(book, accounts.find_account(book, args[0]).id)
        except Exception as exc:  # a bug: report it instead of dying silently
            os.write(acks, (json.dumps({"error": repr(exc), "i": i}) + "\n").encode())
            os._exit(3)
        os.write(acks, (json.dumps({"i": i}) + "\n").encode())
        if i == job["start"]:  # armed after the first acknowledged change: every round
            arm(job)           # makes progress, however busy the machine is
        i += 1

for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            write(job)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"status": status}), flush=True)
'''


class Zygote:
    """A long-lived helper that forks one killed writer per round."""

    def __init__(self) -> None:
        env = child_env()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )

    def run(self, **job: Any) -> int:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return int(json.loads(self.proc.stdout.readline())["status"])

    def close(self) -> None:
        self.proc.communicate(timeout=30)


@pytest.fixture
def zygote() -> Iterator[Zygote]:
    helper = Zygote()
    yield helper
    helper.close()


def model_after(ops: int) -> dict[str, tuple[str, int]]:
    """Accounts (crm id -> notes, ARR) after the first ``ops`` changes of the sequence."""
    state: dict[str, tuple[str, int]] = {}
    for i in range(ops):
        if i % 4 == 2:
            state[f"K{i - 2}"] = (f"notes {i}", state[f"K{i - 2}"][1])
        elif i % 4 == 3:
            del state[f"K{i - 2}"]
        else:
            state[f"K{i}"] = ("", (i + 1) * 100)
    return state


def book_state(path: Path) -> dict[str, tuple[str, int]]:
    with books.open_book(path, read_only=True) as book:
        found = {}
        for acct in accounts.list_accounts(book, include_archived=True):
            events = revenue.list_events(book, acct.id)
            assert sum(e.arr_delta_minor for e in events) == acct.arr_minor  # no half change
            assert len(accounts.stage_history(book, acct.id)) == 1
            assert acct.crm_id is not None
            found[acct.crm_id] = (acct.notes, acct.arr_minor)
        return found


def test_killing_the_writer_at_random_points_loses_nothing(zygote: Zygote, tmp_path: Path) -> None:
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    acks = tmp_path / "acks.jsonl"
    rng = random.Random(1234)
    done = 0
    kills_mid_write = 0
    # 24 rounds. Each writer is armed only after its first change is acknowledged, so every
    # round makes progress whatever the machine's load; every fourth round dies inside a
    # commit (its journal is left hot), the others after a random delay.
    for round_no in range(24):
        status = zygote.run(
            mode="write",
            book=str(path),
            acks=str(acks),
            start=done,
            delay=rng.uniform(0.002, 0.15),
            in_commit=round_no % 4 == 3,
        )
        assert os.WIFEXITED(status), acks.read_text()
        assert os.WEXITSTATUS(status) == 0, acks.read_text()
        acked = [json.loads(line) for line in acks.read_text().splitlines()]
        assert not [a for a in acked if "error" in a], acked
        confirmed = acked[-1]["i"] + 1 if acked else 0
        if path.with_name(path.name + "-journal").exists():
            kills_mid_write += 1  # killed inside a commit: the journal is hot
        # Opening recovers a leftover journal; the stale lock does not stand in the way.
        with books.open_book(path) as book:
            assert not book.read_only
        books.check_book(path)
        state = book_state(path)
        if state == model_after(confirmed):
            done = confirmed
        else:  # the kill came after the commit but before the acknowledgement
            assert state == model_after(confirmed + 1)
            done = confirmed + 1
        acks.write_text("".join(json.dumps({"i": i}) + "\n" for i in range(done)))
    assert done >= 24  # at least one change per round
    assert kills_mid_write >= 6  # the in-commit rounds left a hot journal to recover
    lock_state = books.lock_state(path)
    assert lock_state is None or lock_state.stale


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_as_killed_at_random_points_never_leaves_half_a_file(
    zygote: Zygote, tmp_path: Path, demo_master: Path
) -> None:
    source = tmp_path / "demo.aspbook"
    shutil.copyfile(demo_master, source)
    target = tmp_path / "copy.aspbook"
    target.write_bytes(b"the previous contents of the target")
    original = sha(target)
    source_state = sha(source)
    rng = random.Random(99)
    replaced = kept = 0
    for _round in range(10):
        zygote.run(
            mode="save-as", book=str(source), target=str(target), delay=rng.uniform(0.001, 0.25)
        )
        if sha(target) == original:
            kept += 1
        else:
            replaced += 1
            books.check_book(target)  # a complete, sound book: never half of one
            with books.open_book(target, read_only=True) as copy:
                assert len(accounts.list_accounts(copy, include_archived=True)) == 40
            target.write_bytes(b"the previous contents of the target")
    assert sha(source) == source_state
    assert kept + replaced == 10
    # Temporary files of killed copies are removed by the next copy into that folder.
    backups.copy_book(source, tmp_path / "final.aspbook")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_save_as_failing_before_the_rename_leaves_the_target_as_it_was(
    book: books.Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.create_account(book, name="Acme")
    target = tmp_path / "existing.aspbook"
    target.write_bytes(b"precious bytes")
    real_replace = Path.replace

    def interrupted(self: Path, other: Any) -> Path:
        if Path(other) == target:
            raise OSError(5, "Input/output error")
        return real_replace(self, other)

    monkeypatch.setattr(Path, "replace", interrupted)
    with pytest.raises(errors.StorageError, match="Nothing was written"):
        books.save_copy_as(book, target)
    assert target.read_bytes() == b"precious bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.aspbook", "test.aspbook"]


# --------------------------------------------------------------------------- disk full

FILL = """
    import json
    from pathlib import Path
    from planner.domain import errors
    from planner.services import accounts, books
    book = books.open_book(Path({book!r}))
    made, error = 0, None
    for i in range(500):
        try:
            accounts.create_account(book, name=f"Filler {{i}}", notes="x" * 40_000)
            made += 1
        except errors.PlannerError as exc:
            error = (type(exc).__name__, str(exc))
            break
    book.close()
    print(json.dumps({{"made": made, "error": error}}))
"""

COPY = """
    import json
    from pathlib import Path
    from planner.domain import errors
    from planner.services import books
    with books.open_book(Path({book!r}), read_only=True) as book:
        try:
            books.save_copy_as(book, Path({target!r}))
            copy_error = None
        except errors.PlannerError as exc:
            copy_error = (type(exc).__name__, str(exc))
    print(json.dumps({{"copy_error": copy_error}}))
"""


def _check_after_disk_full(path: Path, result: dict[str, Any]) -> None:
    assert result["error"] is not None, "the disk never filled up"
    kind, message = result["error"]
    assert kind == "StorageError"
    assert path.name in message
    assert "disk is full" in message or "reported an error" in message
    assert "not saved" in message or "was not saved" in message
    books.check_book(path)
    with books.open_book(path, read_only=True) as book:
        assert len(accounts.list_accounts(book)) == result["made"]  # nothing lost, no half


def _check_copy_refused(result: dict[str, Any], target: Path) -> None:
    copy_kind, copy_message = result["copy_error"]
    assert copy_kind == "StorageError"
    assert "disk is full" in copy_message or "reported an error" in copy_message
    assert "Nothing" in copy_message or "unchanged" in copy_message
    assert target.read_bytes() == b"old target"
    assert not [p for p in target.parent.iterdir() if ".partial" in p.name]


def test_disk_full_with_a_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    target = tmp_path / "copy.aspbook"
    target.write_bytes(b"old target")
    limit = path.stat().st_size + 600_000
    result = run_with_file_size_limit(limit, FILL.format(book=str(path)))
    _check_after_disk_full(path, result)
    assert result["made"] > 3
    # A copy larger than what may be written: refused, the old target kept, no stray file.
    small = run_with_file_size_limit(
        path.stat().st_size // 2, COPY.format(book=str(path), target=str(target))
    )
    _check_copy_refused(small, target)


def test_disk_full_on_a_small_tmpfs(tmp_path: Path) -> None:
    """A real ENOSPC: a 1 MB tmpfs in a private mount namespace (skipped where mounting is not
    allowed; the file-size-limit test above covers those machines)."""
    stage = tmp_path / "stage"
    stage.mkdir()
    books.create_book(stage / "book.aspbook").close()
    (stage / "copy.aspbook").write_bytes(b"old target")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    book, target, after = mnt / "book.aspbook", mnt / "copy.aspbook", tmp_path / "after"
    code = f"""
import json, shutil, subprocess, sys
from pathlib import Path
run = lambda code: json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                              capture_output=True, text=True).stdout.splitlines()[-1])
filled = run({textwrap.dedent(FILL).format(book=str(book))!r})
copied = run({textwrap.dedent(COPY).format(book=str(book), target=str(target))!r})
shutil.copytree({str(mnt)!r}, {str(after)!r})
print(json.dumps({{**filled, **copied}}))
"""
    result = run_in_small_tmpfs(mnt, 1024, f"cp '{stage}'/* '{mnt}'/", code)
    assert "disk is full" in result["error"][1]  # a real ENOSPC reads as a full disk
    _check_after_disk_full(after / "book.aspbook", result)
    # The copy needs more room than is left: refused, the old target kept, no stray file.
    _check_copy_refused(result, after / "copy.aspbook")


# --------------------------------------------------------------------------- read-only


READ_ONLY_PROBE = """
    import json
    from pathlib import Path
    from planner.domain import errors
    from planner.services import accounts, books
    book = books.open_book(Path({book!r}), lock=True)
    try:
        accounts.create_account(book, name="Nope")
        refused = None
    except errors.PlannerError as exc:
        refused = str(exc)
    try:
        books.save_copy_as(book, Path({target!r}))
        copy_refused = None
    except errors.PlannerError as exc:
        copy_refused = str(exc)
    print(json.dumps({{"read_only": book.read_only, "reason": book.read_only_reason,
                       "refused": refused, "copy_refused": copy_refused,
                       "names": [a.name for a in accounts.list_accounts(book)]}}))
"""


def test_book_on_a_read_only_drive(tmp_path: Path) -> None:
    medium = tmp_path / "stick"
    medium.mkdir()
    path = medium / "book.aspbook"
    with books.create_book(path) as book:
        accounts.create_account(book, name="Acme")
    before = sha(path)
    result = run_on_read_only_mount(
        medium, READ_ONLY_PROBE.format(book=str(path), target=str(medium / "copy.aspbook"))
    )
    assert result["read_only"]
    assert "the drive it is on is read-only" in result["reason"]
    assert "cannot be changed" in result["refused"]
    assert "cannot be written" in result["copy_refused"]
    assert result["names"] == ["Acme"]
    assert sha(path) == before
    assert sorted(p.name for p in medium.iterdir()) == ["book.aspbook"]


def test_save_as_into_a_read_only_folder(tmp_path: Path) -> None:
    path = tmp_path / "book.aspbook"
    with books.create_book(path) as book:
        accounts.create_account(book, name="Acme")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "copy.aspbook").write_bytes(b"old")
    locked.chmod(0o555)
    try:
        result = run_unprivileged(f"""
            import json
            from pathlib import Path
            from planner.domain import errors
            from planner.services import books
            with books.open_book(Path({str(path)!r})) as book:
                try:
                    books.save_copy_as(book, Path({str(locked / "copy.aspbook")!r}))
                    refused = None
                except errors.PlannerError as exc:
                    refused = [type(exc).__name__, str(exc)]
            print(json.dumps({{"refused": refused}}))
        """)
    finally:
        locked.chmod(0o755)
    kind, message = result["refused"]
    assert kind == "BookReadOnlyError"
    assert "cannot be written" in message
    assert "Choose a folder you can write to" in message
    assert sorted(p.name for p in locked.iterdir()) == ["copy.aspbook"]
    assert (locked / "copy.aspbook").read_bytes() == b"old"


HOT_JOURNAL = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # spill to the file mid-transaction: the journal is hot
conn.execute("BEGIN")
conn.execute("CREATE TABLE scratch (x BLOB)")
conn.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 4000) "
             "INSERT INTO scratch SELECT randomblob(600) FROM c")
os._exit(0)  # the writer dies mid-change
"""


def test_hot_journal_on_a_read_only_drive_is_explained(tmp_path: Path) -> None:
    """A book whose writer died mid-change, carried on a read-only medium: refused in words,
    and where it can be written, recovered whole."""
    medium = tmp_path / "stick"
    medium.mkdir()
    path = medium / "book.aspbook"
    with books.create_book(path) as book:
        accounts.create_account(book, name="Acme")
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(path)], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    before = sha(path)
    result = run_on_read_only_mount(
        medium,
        f"""
        import json
        from pathlib import Path
        from planner.domain import errors
        from planner.services import books
        try:
            books.open_book(Path({str(path)!r}))
            print(json.dumps({{"error": None}}))
        except errors.BookError as exc:
            print(json.dumps({{"error": [type(exc).__name__, str(exc)]}}))
    """,
    )
    assert result["error"][0] == "BookReadOnlyError"
    assert "unfinished change" in result["error"][1]
    assert "opened once where it can be written" in result["error"][1]
    assert sha(path) == before
    assert journal.exists()  # never deleted: SQLite recovers it where it can write
    with books.open_book(path) as book:  # writable again: rolled back, nothing half-done
        assert [a.name for a in accounts.list_accounts(book)] == ["Acme"]
    assert not journal.exists()
    books.check_book(path)


# --------------------------------------------------------------------------- import, disk full

IMPORT_UNTIL_FULL = """
    import contextlib, io, json
    from planner.cli import main
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["import", {book!r}, {csv!r}, "--kind", "accounts", "--json"{extra}])
    print(json.dumps({{"code": code, "err": err.getvalue(), "out": out.getvalue()}}))
"""


def _accounts_csv(folder: Path) -> Path:
    csv_file = folder / "accounts.csv"
    lines = ["Account Name,Account ID,Description"]
    lines += [f"Company {i},A{i:05d},{'x' * 400}" for i in range(3500)]
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return csv_file


def _check_nothing_imported(result: dict[str, Any], path: Path, before: str) -> None:
    assert result["code"] == 1, result
    err = result["err"]
    assert "nothing was imported" in err, err
    assert "problems must be fixed" not in err + result["out"]
    assert '"written": true' not in result["out"]
    assert sha(path) == before
    books.check_book(path)
    with books.open_book(path, read_only=True) as book:
        assert accounts.list_accounts(book) == []
    assert not books.list_backups(path), "the backup of an import that wrote nothing is dropped"


@pytest.mark.parametrize("skip_invalid", [True, False], ids=["skip-invalid", "all-or-nothing"])
def test_a_file_size_limit_during_an_import_ends_it_with_the_real_cause(
    tmp_path: Path, skip_invalid: bool
) -> None:
    """SQLite gives up the whole transaction when a write fails (here RLIMIT_FSIZE, which
    SQLite reports as an I/O error): the import must stop there, say so, exit 1 and claim
    nothing, with or without --skip-invalid (which used to carry on row by row outside any
    transaction and report thousands of accounts created, and "written": true)."""
    path = tmp_path / "book.aspbook"
    books.create_book(path).close()
    csv_file = _accounts_csv(tmp_path)
    before = sha(path)
    limit = path.stat().st_size + 300_000
    extra = ', "--skip-invalid"' if skip_invalid else ""
    result = run_with_file_size_limit(
        limit, IMPORT_UNTIL_FULL.format(book=str(path), csv=str(csv_file), extra=extra)
    )
    assert "disk is full" in result["err"] or "reported an error" in result["err"], result
    _check_nothing_imported(result, path, before)


@pytest.mark.parametrize("skip_invalid", [True, False], ids=["skip-invalid", "all-or-nothing"])
def test_a_full_disk_during_an_import_ends_it_with_the_real_cause(
    tmp_path: Path, skip_invalid: bool
) -> None:
    """The same on a real full disk (a 1 MB tmpfs): "The disk is full: nothing was imported"."""
    stage = tmp_path / "stage"
    stage.mkdir()
    books.create_book(stage / "book.aspbook").close()
    before = sha(stage / "book.aspbook")
    csv_file = _accounts_csv(tmp_path)
    mnt, after = tmp_path / "mnt", tmp_path / "after"
    mnt.mkdir()
    extra = ', "--skip-invalid"' if skip_invalid else ""
    run_import = textwrap.dedent(IMPORT_UNTIL_FULL).format(
        book=str(mnt / "book.aspbook"), csv=str(csv_file), extra=extra
    )
    code = f"""
import json, shutil, subprocess, sys
from pathlib import Path
result = json.loads(subprocess.run([sys.executable, "-c", {run_import!r}], check=True,
                    capture_output=True, text=True).stdout.splitlines()[-1])
shutil.copytree({str(mnt)!r}, {str(after)!r})
print(json.dumps(result))
"""
    # Room for the empty book and its backup before the import (about 550 KB each since
    # format 3 indexes every table's revisions), not for the 1.4 MB the import would add.
    result = run_in_small_tmpfs(mnt, 1536, f"cp '{stage}'/* '{mnt}'/", code)
    assert "The disk is full: nothing was imported" in result["err"], result
    _check_nothing_imported(result, after / "book.aspbook", before)
