"""Search everything: the query rules, every kind of record found where it lives, the index kept
current by every write path (under ``trusted_schema=OFF``), hostile input, and repair."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from planner.domain import errors
from planner.domain.enums import SurveyKind
from planner.domain.search import Piece, fts_query, mark, parse_query
from planner.services import (
    accounts,
    actions,
    books,
    changes,
    interactions,
    plans,
    qbrs,
    revenue,
    search,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services.books import Book
from planner.services.changes import Changes
from planner.services.interchange import export as archive
from planner.store import models as m
from planner.store import search_index as si
from tests.conftest import FIXTURES

HOSTILE = [
    "NEAR(",
    "*",
    '"',
    '""',
    '"unbalanced',
    "a OR",
    "OR",
    "AND NOT",
    "NOT",
    "^start",
    "col:",
    "title:x",
    "(((",
    ")",
    "'",
    "\\",
    "x\x00y",
    "-",
    "+",
    "{title}: x",
    "NEAR(a b, 2)",
    "**",
    '"*"',
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "💥",
    "\u202e",
    "a" * 5000,
    "é" * 3,
    "   ",
    "",
]


def titles(results: search.SearchResults) -> list[str]:
    return [h.title_text for h in results.hits]


@pytest.fixture
def filled(book: Book) -> dict[str, str]:
    """One record of every kind, each with a word found nowhere else."""
    acct = accounts.create_account(
        book,
        name="Müller Logistik GmbH",
        industry="Freight",
        notes="Prefers zebracorn dashboards",
        renewal_date=date(2027, 3, 1),
    )
    plan = plans.create_plan(
        book,
        acct.id,
        title="Kingfisher rollout",
        desired_outcomes="Warehouse teams escalate fewer tickets",
    )
    goal = plans.create_goal(book, plan.id, title="Cut pick errors", kpi_name="Quokka rate")
    risk = plans.create_risk(
        book, acct.id, title="Budget freeze", mitigation="Show the wombat savings report"
    )
    person = stakeholders.create_stakeholder(
        book, acct.id, name="Zoë Ångström", job_title="Head of Narwhal Ops"
    )
    touch = interactions.create_interaction(
        book,
        acct.id,
        occurred_on=date(2026, 11, 2),
        subject="Escalation review",
        summary="The integration credentials are still missing",
    )
    act = actions.create_action(book, acct.id, title="Send the ocelot pricing sheet")
    case = use_cases.create_use_case(
        book, acct.id, title="Route planning", problem="Drivers wait for platypus manifests"
    )
    answer = surveys.create_response(
        book,
        acct.id,
        responded_on=date(2026, 10, 1),
        kind=SurveyKind.NPS,
        score=4,
        comment="Axolotl exports break",
    )
    review = qbrs.create_qbr(
        book,
        acct.id,
        title="Q4 review",
        meeting_date=date(2026, 12, 1),
        decisions="Adopt the capybara workflow",
    )
    opp = revenue.create_opportunity(book, acct.id, title="Tapir add-on", product="Analytics")
    return {
        "account": acct.id,
        "plan": plan.id,
        "goal": goal.id,
        "risk": risk.id,
        "stakeholder": person.id,
        "interaction": touch.id,
        "action": act.id,
        "use_case": case.id,
        "survey": answer.id,
        "qbr": review.id,
        "opportunity": opp.id,
    }


def in_step(book: Book) -> bool:
    status = search.index_status(book)
    return status.in_step


# ------------------------------------------------------------------ the query rules


def test_every_term_is_a_quoted_string() -> None:
    assert fts_query(parse_query('escal "renewal risk" Müller')) == (
        '"escal"* AND "renewal risk" AND "Müller"*'
    )
    assert fts_query(parse_query("a OR NEAR(b")) == '"a" AND "OR" AND "NEAR"* AND "b"'
    assert parse_query("*") == parse_query('"') == parse_query("") == ()


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_input_never_fails(book: Book, filled: dict[str, str], typed: str) -> None:
    results = search.search(book, typed)
    query = fts_query(results.terms)
    # Nothing but quoted strings (with an optional prefix star) joined by AND.
    for part in filter(None, query.split(" AND ")):
        assert part.startswith('"')
        assert part.rstrip("*").endswith('"')
        assert '"' not in part.rstrip("*")[1:-1]


def test_marking_folds_accents_and_marks_whole_words() -> None:
    pieces = mark("Herr Müller escalated", parse_query("muller escal"))
    assert pieces == (
        Piece("Herr ", matched=False),
        Piece("Müller", matched=True),
        Piece(" ", matched=False),
        Piece("escalated", matched=True),
    )
    phrase = mark("renewal risk, risk renewal", parse_query('"renewal risk"'))
    assert [p.text for p in phrase if p.matched] == ["renewal", "risk"]


# ------------------------------------------------------------------ finding things


@pytest.mark.parametrize(
    ("word", "kind", "tab"),
    [
        ("zebracorn", "account", "overview"),
        ("Kingfisher", "plan", "plan"),
        ("quokka", "goal", "plan"),
        ("wombat", "risk", "plan"),
        ("narwhal", "stakeholder", "stakeholders"),
        ("credentials", "interaction", "timeline"),
        ("ocelot", "action", "actions"),
        ("platypus", "use_case", "use_cases"),
        ("axolotl", "survey", "voice"),
        ("capybara", "qbr", "qbr"),
        ("tapir", "opportunity", "expansion"),
    ],
)
def test_each_kind_is_found_where_it_lives(
    book: Book, filled: dict[str, str], word: str, kind: str, tab: str
) -> None:
    results = search.search(book, word)
    assert [(h.kind.key, h.row_id) for h in results.hits] == [(kind, filled[kind])]
    hit = results.hits[0]
    assert hit.kind.tab == tab
    assert hit.account_id == filled["account"]
    assert hit.account_name == "Müller Logistik GmbH"
    assert any(p.matched for p in (*hit.title, *hit.excerpt))


def test_accents_are_folded_both_ways(book: Book, filled: dict[str, str]) -> None:
    assert titles(search.search(book, "muller")) == ["Müller Logistik GmbH"]
    assert titles(search.search(book, "zoe angstrom")) == ["Zoë Ångström"]
    assert titles(search.search(book, "ZOË")) == ["Zoë Ångström"]


def test_words_match_prefixes_and_quotes_match_phrases(book: Book, filled: dict[str, str]) -> None:
    assert {h.kind.key for h in search.search(book, "escal").hits} == {"plan", "interaction"}
    assert titles(search.search(book, '"integration credentials"')) == ["Escalation review"]
    assert search.search(book, '"credentials integration"').hits == ()
    assert search.search(book, '"escal"').hits == ()  # a quoted word is exact
    # all words must match
    assert titles(search.search(book, "escalation credentials")) == ["Escalation review"]


def test_kind_filter_and_limit(book: Book, filled: dict[str, str]) -> None:
    assert {h.kind.key for h in search.search(book, "escal", kind="Interactions").hits} == {
        "interaction"
    }
    assert len(search.search(book, "escal", limit=1).hits) == 1
    with pytest.raises(errors.ValidationError, match="not a kind"):
        search.search(book, "escal", kind="widgets")
    with pytest.raises(errors.ValidationError, match="limit"):
        search.search(book, "escal", limit=0)


def test_results_are_grouped_in_kind_order_with_counts(book: Book, filled: dict[str, str]) -> None:
    acct = filled["account"]
    for n in range(3):
        actions.create_action(book, acct, title=f"Escalate item {n}")
    results = search.search(book, "escal")
    assert [g.kind.key for g in results.groups] == ["plan", "interaction", "action"]
    assert [g.count for g in results.groups] == [1, 1, 3]
    assert results.matches == 5
    assert not results.capped
    assert "5 matches" in results.summary


def test_too_many_matches_are_capped_not_ranked(
    book: Book, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "MAX_CANDIDATES", 2)
    for n in range(4):
        actions.create_action(book, filled["account"], title=f"Escalate item {n}")
    results = search.search(book, "escal")
    assert results.capped
    assert results.matches == 2
    assert [h.kind.key for h in results.hits] == ["plan", "interaction"]  # kind order
    assert "narrow" in results.summary


def test_title_matches_rank_before_body_matches(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")
    actions.create_action(book, acct.id, title="Call", description="mention the gazebo")
    actions.create_action(book, acct.id, title="Gazebo follow-up")
    assert titles(search.search(book, "gazebo")) == ["Gazebo follow-up", "Call"]


# ------------------------------------------------------------------ kept current


def test_edits_deletes_and_undo_keep_the_index_in_step(book: Book, filled: dict[str, str]) -> None:
    plans.update_goal(book, filled["goal"], title="Cut picking errors", kpi_name="Error rate")
    assert search.search(book, "quokka").hits == ()
    assert titles(search.search(book, "picking")) == ["Cut picking errors"]

    accounts.update_account(book, filled["account"], name="Meyer Freight AG")
    hit = search.search(book, "wombat").hits[0]
    assert hit.account_name == "Meyer Freight AG"  # the account's name is read at search time

    deleted = accounts.delete_account(book, filled["account"])  # cascades to every child
    assert search.search(book, "wombat").hits == ()
    assert search.search(book, "meyer").hits == ()
    assert in_step(book)

    changes.restore(book, deleted)  # undo brings every record back, found again
    assert titles(search.search(book, "wombat")) == ["Budget freeze"]
    assert titles(search.search(book, "picking")) == ["Cut picking errors"]
    assert in_step(book)


def test_bulk_sql_inserts_are_indexed_on_commit(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")
    with book.write() as session:
        session.execute(
            insert(m.ActionItem),
            [
                {"id": m.new_id(), "account_id": acct.id, "title": f"Bulk gryphon {n}"}
                for n in range(50)
            ],
        )
    assert search.search(book, "gryphon").matches == 50
    assert in_step(book)


def test_the_index_keeping_up_is_not_news(book: Book) -> None:
    """The flush before COMMIT writes the index's own tables; the book announces only the
    records' tables, so a page never reloads because the index followed an edit (and a repair,
    which writes the index alone, tells nothing)."""
    heard: list[Changes] = []
    book.subscribe(heard.append)
    acct = accounts.create_account(book, name="Wyvern Ltd")
    actions.create_action(book, acct.id, title="Call the wyvern")
    assert [c.tables for c in heard] == [
        frozenset({"accounts", "stage_changes"}),
        frozenset({"action_items"}),
    ]
    assert titles(search.search(book, "wyvern")) == ["Wyvern Ltd", "Call the wyvern"]
    heard.clear()
    assert search.repair_index(book, force=True).rebuilt
    assert heard == []
    assert in_step(book)


def test_a_failed_write_leaves_the_index_as_it_was(book: Book) -> None:
    acct = accounts.create_account(book, name="Acme")
    with pytest.raises(RuntimeError), book.write() as session:
        session.add(m.ActionItem(account_id=acct.id, title="Phoenix"))
        session.flush()
        raise RuntimeError
    assert search.search(book, "phoenix").hits == ()
    assert in_step(book)


def test_triggers_work_with_trusted_schema_off(book: Book) -> None:
    with book.write() as session:
        assert session.execute(text("PRAGMA trusted_schema")).scalar() == 0
        session.add(m.Account(name="Basilisk Ltd"))
    assert titles(search.search(book, "basilisk")) == ["Basilisk Ltd"]


def test_archive_round_trip_and_merge_keep_the_index(
    book: Book, filled: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "book.json"
    archive.export_archive(book, out)
    copy = tmp_path / "copy.aspbook"
    archive.import_archive(out, copy)
    with books.open_book(copy) as rebuilt:
        assert titles(search.search(rebuilt, "wombat")) == ["Budget freeze"]
        assert in_step(rebuilt)
        plans.update_risk(rebuilt, filled["risk"], title="Budget freeze lifted by the yeti")
    from planner.services.interchange import merge

    merge.merge(book, copy)
    assert titles(search.search(book, "yeti")) == ["Budget freeze lifted by the yeti"]
    assert in_step(book)


def test_an_upgraded_book_is_indexed(tmp_path: Path) -> None:
    copy = tmp_path / "v1.aspbook"
    shutil.copyfile(FIXTURES / "books" / "v1.aspbook", copy)
    with books.open_book(copy) as opened:
        first = accounts.list_accounts(opened)[0]
        status = search.index_status(opened)
        assert status.in_step
        assert status.documents > 0
        assert first.id in {h.account_id for h in search.search(opened, f'"{first.name}"').hits}


def test_a_demo_book_is_fully_indexed(demo_book: Book) -> None:
    status = search.index_status(demo_book)
    assert status.in_step
    assert status.documents == status.records > 1000


# ------------------------------------------------------------------ repair


def test_repair_rebuilds_an_index_out_of_step(book: Book, filled: dict[str, str]) -> None:
    report = search.repair_index(book)
    assert not report.rebuilt
    assert "in step" in report.summary
    book.close()
    conn = sqlite3.connect(book.path)
    conn.execute("DELETE FROM search_index WHERE rowid = (SELECT min(rowid) FROM search_index)")
    conn.execute("DROP TRIGGER search_action_items_ins")
    conn.execute(
        "INSERT INTO action_items (id, account_id, title, description, owner_name, "
        "status, priority, type, created_at, updated_at) SELECT randomblob(16), id, "
        "'Unindexed manticore', '', '', 'open', 'medium', 'follow_up', 0, 0 "
        "FROM accounts"
    )
    conn.commit()
    conn.close()
    with books.open_book(book.path) as reopened:
        status = search.index_status(reopened)
        assert not status.in_step
        assert status.problems
        report = search.repair_index(reopened)
        assert report.rebuilt
        assert report.after.in_step
        assert "rebuilt" in report.summary
        assert titles(search.search(reopened, "manticore")) == ["Unindexed manticore"]
        assert titles(search.search(reopened, "zebracorn")) == ["Müller Logistik GmbH"]


def test_index_objects_are_listed_for_the_schema_check(book: Book) -> None:
    conn = sqlite3.connect(f"file:{book.path}?mode=ro", uri=True)
    try:
        found = {
            name: kind
            for kind, name in conn.execute(
                "SELECT type, name FROM sqlite_master WHERE name LIKE 'search%' "
                "OR name LIKE 'ix_search%'"
            )
        }
    finally:
        conn.close()
    assert found == si.OBJECTS


def test_frozen_format_2_holds_the_index_ddl() -> None:
    from planner.store import schema_v2

    frozen = [" ".join(s.split()) for s in schema_v2.CREATED]
    for statement in si.DDL:
        assert " ".join(statement.split()) in frozen


def test_every_indexed_kind_has_a_label_and_a_place() -> None:
    assert [k.key for k in search.KINDS] == [d.kind for d in si.DOCS]
