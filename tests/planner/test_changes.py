"""The one change signal: every committed write tells the book's listeners which tables it
changed (ORM, Core and raw SQL alike, foreign-key cascades included), nothing is told about a
rollback, and whole-book work (import, merge, restore) says so. Rows are stamped in one place."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from planner.domain import errors
from planner.domain.enums import ActionStatus
from planner.services import accounts, actions, books, changes, plans, qbrs, stakeholders
from planner.services.books import Book
from planner.services.interchange import importer, merge
from planner.store import models as m
from planner.store.changes import Changes, mark_whole_book, stamp, tables_written


class Heard:
    """A listener that keeps what it heard, and on which thread."""

    def __init__(self, book: Book) -> None:
        self.changes: list[Changes] = []
        self.threads: list[int] = []
        self.stop = book.subscribe(self)

    def __call__(self, what: Changes) -> None:
        self.changes.append(what)
        self.threads.append(threading.get_ident())

    @property
    def tables(self) -> frozenset[str]:
        return frozenset().union(*(c.tables for c in self.changes))

    def clear(self) -> None:
        self.changes.clear()
        self.threads.clear()


@pytest.fixture
def heard(book: Book) -> Heard:
    return Heard(book)


def an_account(book: Book) -> str:
    return accounts.create_account(book, name="Acme", arr_minor=100_000, currency="USD").id


# --------------------------------------------------------------------------- hand-written writes


def test_an_orm_flush_names_its_table(book: Book, heard: Heard) -> None:
    with book.write() as session:
        session.add(m.Account(name="Orm Ltd", currency="USD"))
    assert heard.changes == [Changes(frozenset({"accounts"}))]


def test_core_insert_and_update_name_their_tables(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    heard.clear()
    with book.write() as session:
        session.execute(
            insert(m.ActionItem).values(
                id=m.new_id(), account_id=aid, title="Call", **stamp(session, created=True)
            )
        )
    assert heard.changes == [Changes(frozenset({"action_items"}))]
    heard.clear()
    with book.write() as session:
        session.execute(update(m.Account).where(m.Account.id == aid).values(owner="Sam"))
    assert heard.changes == [Changes(frozenset({"accounts"}))]


def test_raw_sql_is_seen_too(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    stakeholders.create_stakeholder(book, aid, name="Ann")
    heard.clear()
    with book.write() as session:
        session.execute(text('UPDATE "stakeholders" SET notes = :t'), {"t": "CTO"})
    with book.write() as session:
        session.connection().exec_driver_sql("update main.accounts set notes = 'x'")
    assert [c.tables for c in heard.changes] == [
        frozenset({"stakeholders"}),
        frozenset({"accounts"}),
    ]


def test_a_delete_names_what_its_cascades_reach(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    plan = plans.create_plan(book, aid, title="Plan", period_start=date(2026, 1, 1))
    plans.create_goal(book, plan.id, title="Adopt")
    actions.create_action(book, aid, title="Call")
    heard.clear()
    with book.write() as session:
        session.execute(delete(m.Account).where(m.Account.id == aid))
    tables = heard.changes[0].tables
    # deleted with the account, directly and through its plan
    assert {"accounts", "action_items", "success_plans", "goals", "goal_measurements"} <= tables
    assert {"qbrs", "qbr_agenda_items", "stakeholders", "interaction_attendees"} <= tables
    assert "settings" not in tables
    assert "edit_sessions" not in tables  # every write's own bookkeeping is not news
    with book.read() as session:
        assert session.scalar(select(m.Goal.id)) is None  # the cascade really ran


def test_a_service_delete_with_tombstones(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    item = actions.create_action(book, aid, title="Call")
    heard.clear()
    removed = actions.delete_action(book, item.id)
    assert {"action_items", "tombstones"} <= heard.tables
    heard.clear()
    changes.restore(book, removed)  # undo of a delete
    assert "action_items" in heard.tables


def test_a_rollback_tells_nothing(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    heard.clear()
    with pytest.raises(RuntimeError), book.write() as session:
        session.execute(update(m.Account).values(owner="Nobody"))
        raise RuntimeError("changed my mind")
    with pytest.raises(errors.PlannerError), book.write() as session:
        session.execute(update(m.Account).values(owner="Nobody"))
        session.execute(insert(m.ActionItem).values(id=m.new_id(), account_id="missing"))
    with pytest.raises(errors.ValidationError):
        actions.create_action(book, aid, title="")  # refused before anything is written
    assert heard.changes == []
    assert accounts.get_account(book, aid).owner == ""


def test_reads_tell_nothing_and_so_do_empty_writes(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    heard.clear()
    accounts.get_account(book, aid)
    accounts.list_accounts(book)
    with book.write():
        pass
    assert heard.changes == []


def test_listeners_hear_on_the_writing_thread_and_can_stop(book: Book, heard: Heard) -> None:
    worker = threading.Thread(target=lambda: an_account(book))
    worker.start()
    worker.join()
    assert heard.threads == [worker.ident]
    heard.stop()
    an_account(book)
    assert len(heard.changes) == 1


def test_a_failing_listener_does_not_undo_the_write(book: Book, heard: Heard) -> None:
    def broken(_what: Changes) -> None:
        raise ValueError("listener bug")

    book.subscribe(broken)
    aid = an_account(book)
    assert accounts.get_account(book, aid).name == "Acme"
    assert "accounts" in heard.tables


def test_a_unit_of_work_can_say_whole_book(book: Book, heard: Heard) -> None:
    with book.write() as session:
        mark_whole_book(session)
        session.add(m.Account(name="Orm Ltd", currency="USD"))
    assert heard.changes == [Changes(frozenset({"accounts"}), whole_book=True)]
    assert heard.changes[0].touches(frozenset({"qbrs"}))


# --------------------------------------------------------------------------- whole-book work


def test_a_csv_import_is_whole_book_and_a_dry_run_tells_nothing(
    book: Book, heard: Heard, tmp_path: Path
) -> None:
    an_account(book)
    heard.clear()
    path = tmp_path / "tasks.csv"
    path.write_text("Account Name,Subject,Due Date\nAcme,Send the plan,2026-12-01\n")
    preview = importer.preview_file(path, "actions")
    importer.import_csv(book, path, preview.mapping, fmt=preview.format, dry_run=True)
    assert heard.changes == []
    importer.import_csv(book, path, preview.mapping, fmt=preview.format)
    assert len(heard.changes) == 1
    assert heard.changes[0].whole_book
    assert "action_items" in heard.changes[0].tables


def test_merge_and_restore_are_whole_book(book: Book, heard: Heard, tmp_path: Path) -> None:
    aid = an_account(book)
    copy = books.save_copy_as(book, tmp_path / "copy.aspbook")
    with books.open_book(copy) as other:
        actions.create_action(other, aid, title="Made in the copy")
    heard.clear()
    merge.merge(book, copy)
    assert [c.whole_book for c in heard.changes] == [True]
    backup = books.backup_now(book)
    actions.create_action(book, aid, title="After the backup")
    heard.clear()
    books.restore_backup(book, backup)
    assert heard.changes == [Changes.everything()]
    titles = [a.title for a in actions.list_actions(book, aid)]
    assert titles == ["Made in the copy"]


# --------------------------------------------------------------------------- stamps


def test_every_way_of_writing_stamps_the_same(book: Book) -> None:
    aid = an_account(book)
    item = actions.create_action(book, aid, title="Call")  # ORM
    actions.update_action(book, item.id, status=ActionStatus.DONE)
    removed = actions.delete_action(book, item.id)
    changes.restore(book, removed)  # Core, from rows.restore_rows
    with book.read() as session:
        row = session.execute(
            select(m.ActionItem.rev, m.ActionItem.updated_at, m.ActionItem.created_at)
        ).one()
    assert row.rev == book.edit_session_id  # the transaction that last wrote it
    assert row.created_at <= row.updated_at


def test_a_qbr_agenda_write_names_its_tables(book: Book, heard: Heard) -> None:
    aid = an_account(book)
    qbr = qbrs.create_qbr(book, aid, title="Q4", meeting_date=date(2026, 12, 7))
    heard.clear()
    qbrs.add_agenda_item(book, qbr.id, section="custom", title="Hello", minutes=5)
    assert "qbr_agenda_items" in heard.tables


# --------------------------------------------------------------------------- the SQL reader


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ("SELECT * FROM accounts", set()),
        ("  -- a comment\n  select 1", set()),
        ("PRAGMA foreign_keys = ON", set()),
        ('INSERT INTO "risks" (id) VALUES (?)', {"risks"}),
        ("INSERT OR IGNORE INTO main.goals (id) VALUES (?)", {"goals"}),
        ("insert into temp.import_seen (key) values (?)", set()),
        ("INSERT INTO src.accounts SELECT * FROM main.accounts", set()),
        ("UPDATE OR ROLLBACK opportunities SET stage = ?", {"opportunities"}),
        ("UPDATE main.[use_cases] SET name = ?", {"use_cases"}),
        (
            "DELETE FROM qbrs WHERE id = ?",
            {"qbrs", "qbr_agenda_items", "qbr_attendees", "action_items"},
        ),
        ("DELETE FROM sqlite_stat1", set()),
        ("WITH x AS (SELECT 1) UPDATE risks SET title = 'a'", {"risks"}),
        ("CREATE TEMP TABLE import_seen (key TEXT)", set()),
    ],
)
def test_the_sql_reader(sql: str, tables: set[str]) -> None:
    assert tables_written(sql) == frozenset(tables)


def test_insert_or_replace_counts_as_a_delete_too() -> None:
    assert "interaction_attendees" in tables_written(
        "INSERT OR REPLACE INTO interactions VALUES (1)"
    )
    assert "interaction_attendees" in tables_written("REPLACE INTO interactions VALUES (1)")


def test_cascades_are_followed_whatever_the_order() -> None:
    """Every table a DELETE can reach through ON DELETE actions, found by a plain fixed point
    over the schema (a table reached first through SET NULL must still pass on a CASCADE)."""
    edges = [
        (fk.column.table.name, child.name, (fk.ondelete or "").upper())
        for child in m.Base.metadata.sorted_tables
        for fk in child.foreign_keys
    ]
    for table in m.Base.metadata.tables:
        deleted, touched = {table}, set()
        while True:
            more = {c for p, c, a in edges if p in deleted and a == "CASCADE"} - deleted
            touched |= {c for p, c, a in edges if p in deleted and a in {"CASCADE", "SET NULL"}}
            if not more:
                break
            deleted |= more
        expected = frozenset(touched | {table})
        assert tables_written(f"DELETE FROM {table} WHERE id = ?") == expected, table
