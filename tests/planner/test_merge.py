"""Merging a copy back: one-sided changes are taken, deletions travel, both-sided changes are
conflicts, a preview writes nothing, a backup is taken first, and merging twice changes nothing
the second time. Each hole found in the first design has its own test."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.services import accounts, books, interactions, plans, revenue, stakeholders
from planner.services.interchange import importer, merge
from planner.services.interchange.merge import FROM, INTO


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def quiet(book: books.Book, source: Path) -> None:
    """Merging again finds nothing to do, and writes nothing."""
    before = sha(book.path)
    result = merge.merge(book, source)
    assert result.plan.nothing_to_do, result.plan
    assert not result.applied
    assert sha(book.path) == before


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[books.Book, books.Book, dict[str, str]]]:
    """Book A with a little of everything, and B: a copy taken while A stays open."""
    a = books.create_book(tmp_path / "a.aspbook")
    acme = accounts.create_account(a, name="Acme", arr_minor=100_000, crm_id="001")
    beta = accounts.create_account(a, name="Beta")
    plan = plans.create_plan(a, acme.id, title="Plan")
    goal = plans.create_goal(a, plan.id, title="Adoption")
    ann = stakeholders.create_stakeholder(a, acme.id, name="Ann")
    bob = stakeholders.create_stakeholder(a, acme.id, name="Bob")
    call = interactions.create_interaction(
        a, acme.id, occurred_on=date(2026, 1, 5), subject="Kick-off", attendees=[ann.id, bob.id]
    )
    books.save_copy_as(a, tmp_path / "b.aspbook")
    b = books.open_book(tmp_path / "b.aspbook")
    ids = {
        "acme": acme.id,
        "beta": beta.id,
        "plan": plan.id,
        "goal": goal.id,
        "ann": ann.id,
        "bob": bob.id,
        "call": call.id,
    }
    yield a, b, ids
    a.close()
    b.close()


def test_one_sided_changes_travel_both_ways(
    pair: tuple[books.Book, books.Book, dict[str, str]],
) -> None:
    a, b, ids = pair
    accounts.update_account(b, ids["beta"], industry="Software")
    new = accounts.create_account(b, name="Gamma")
    plans.delete_goal(b, ids["goal"])
    accounts.update_account(a, ids["acme"], notes="A's note")
    plan = merge.preview_merge(a, b.path)
    assert not plan.conflicts
    counts = {c.table: (c.added, c.updated, c.deleted) for c in plan.changes}
    assert counts["accounts"] == (1, 1, 0)
    assert counts["goals"] == (0, 0, 1)
    result = merge.merge(a, b.path)
    assert result.applied
    assert result.backup is not None
    assert accounts.get_account(a, ids["beta"]).industry == "Software"
    assert accounts.get_account(a, new.id).name == "Gamma"
    assert plans.list_goals(a, ids["plan"]) == []
    assert accounts.get_account(a, ids["acme"]).notes == "A's note"
    quiet(a, b.path)
    merge.merge(b, a.path)
    assert accounts.get_account(b, ids["acme"]).notes == "A's note"
    quiet(b, a.path)
    quiet(a, b.path)


def test_edits_made_after_a_copy_in_the_same_session_are_not_lost(
    pair: tuple[books.Book, books.Book, dict[str, str]], tmp_path: Path
) -> None:
    """The hole in one-rev-per-session: B was copied while A stayed open; A kept editing."""
    a, b, ids = pair
    accounts.update_account(a, ids["acme"], notes="written in A after the copy")
    accounts.update_account(b, ids["beta"], owner="Consultant")
    merge.merge(a, b.path)
    assert accounts.get_account(a, ids["acme"]).notes == "written in A after the copy"
    # And if the copy changed that same record, it is a conflict, not a silent overwrite.
    accounts.update_account(b, ids["acme"], notes="written in B")
    with pytest.raises(merge.MergeConflictsError) as caught:
        merge.merge(a, b.path)
    [conflict] = caught.value.unresolved
    assert conflict.kind == merge.BOTH_CHANGED
    assert [d.field for d in conflict.differences] == ["Notes"]
    assert accounts.get_account(a, ids["acme"]).notes == "written in A after the copy"


@pytest.mark.parametrize("choice", [INTO, FROM])
def test_conflicts_are_listed_then_settled(
    pair: tuple[books.Book, books.Book, dict[str, str]], choice: str
) -> None:
    a, b, ids = pair
    accounts.update_account(a, ids["acme"], notes="mine")
    accounts.update_account(b, ids["acme"], notes="theirs")
    accounts.update_account(b, ids["beta"], region="EMEA")  # not in conflict
    before = sha(a.path)
    with pytest.raises(merge.MergeConflictsError, match="Nothing was merged") as caught:
        merge.merge(a, b.path)
    assert sha(a.path) == before
    [conflict] = caught.value.unresolved
    assert conflict.label == 'account "Acme"'
    assert (conflict.differences[0].here, conflict.differences[0].there) == ("mine", "theirs")
    merge.merge(a, b.path, choices={conflict.key: choice})
    assert accounts.get_account(a, ids["acme"]).notes == ("mine" if choice == INTO else "theirs")
    assert accounts.get_account(a, ids["beta"]).region == "EMEA"
    quiet(a, b.path)
    merge.merge(b, a.path)  # the decision travels back without a new conflict
    assert accounts.get_account(b, ids["acme"]).notes == ("mine" if choice == INTO else "theirs")
    quiet(b, a.path)
    quiet(a, b.path)


@pytest.mark.parametrize("choice", [INTO, FROM])
def test_deleted_there_but_changed_here(
    pair: tuple[books.Book, books.Book, dict[str, str]], choice: str
) -> None:
    a, b, ids = pair
    accounts.delete_account(b, ids["beta"])
    accounts.update_account(a, ids["beta"], notes="still a customer")
    plan = merge.preview_merge(a, b.path)
    [conflict] = plan.conflicts
    assert conflict.kind == merge.DELETED_THERE
    assert "Deleted in the other copy" in conflict.detail
    merge.merge(a, b.path, prefer=choice)
    alive = [x.id for x in accounts.list_accounts(a)]
    assert (ids["beta"] in alive) is (choice == INTO)
    quiet(a, b.path)
    merge.merge(b, a.path)
    assert (ids["beta"] in [x.id for x in accounts.list_accounts(b)]) is (choice == INTO)
    quiet(b, a.path)


@pytest.mark.parametrize("choice", [INTO, FROM])
def test_deleted_here_but_added_to_there(
    pair: tuple[books.Book, books.Book, dict[str, str]], choice: str
) -> None:
    """A deletion cascading over rows the other side added is weighed as a whole."""
    a, b, ids = pair
    plans.delete_plan(a, ids["plan"])
    added = plans.create_goal(b, ids["plan"], title="Added in B")
    [conflict] = merge.preview_merge(a, b.path).conflicts
    assert conflict.kind == merge.DELETED_HERE
    assert conflict.affected == 2  # the existing goal and the new one
    merge.merge(a, b.path, prefer=choice)
    titles = {p.title for p in plans.list_plans(a, ids["acme"])}
    if choice == FROM:
        assert titles == {"Plan"}
        assert {g.id for g in plans.list_goals(a, ids["plan"])} == {ids["goal"], added.id}
    else:
        assert titles == set()
    books.check_book(a.path)
    quiet(a, b.path)
    merge.merge(b, a.path)
    assert {p.title for p in plans.list_plans(b, ids["acme"])} == titles
    quiet(b, a.path)


def test_deletions_without_tombstones_still_travel(
    pair: tuple[books.Book, books.Book, dict[str, str]],
) -> None:
    """Removing an attendee deletes a link row directly (no tombstone); it must not come back."""
    a, b, ids = pair
    interactions.update_interaction(b, ids["call"], attendees=[ids["ann"]])
    merge.merge(a, b.path)
    assert interactions.get_interaction(a, ids["call"]).attendee_ids == (ids["ann"],)
    merge.merge(b, a.path)
    assert interactions.get_interaction(b, ids["call"]).attendee_ids == (ids["ann"],)
    quiet(a, b.path)


def test_revenue_here_and_account_edit_there_do_not_conflict(
    pair: tuple[books.Book, books.Book, dict[str, str]],
) -> None:
    """ARR is derived from revenue events: a new event is not an edit of the account."""
    a, b, ids = pair
    revenue.create_event(
        a, ids["acme"], occurred_on=date(2026, 2, 1), kind="expansion", arr_delta_minor=50_000
    )
    revenue.create_event(
        b, ids["acme"], occurred_on=date(2026, 3, 1), kind="expansion", arr_delta_minor=7_000
    )
    accounts.update_account(b, ids["acme"], industry="Retail")
    result = merge.merge(a, b.path)
    assert not result.plan.conflicts
    acme = accounts.get_account(a, ids["acme"])
    assert (acme.industry, acme.arr_minor) == ("Retail", 157_000)
    merge.merge(b, a.path)
    assert accounts.get_account(b, ids["acme"]).arr_minor == 157_000
    quiet(a, b.path)
    quiet(b, a.path)


def test_the_same_crm_export_imported_in_both_copies(tmp_path: Path) -> None:
    """Records created independently with the same CRM id are one record: no duplicate, no
    doubled ARR, and what hangs off the copy's record lands on this book's."""
    csv_file = tmp_path / "crm.csv"
    csv_file.write_text(
        "Account ID,Account Name,ARR\n001,Acme,1000\n002,Beta,500\n", encoding="utf-8"
    )
    with books.create_book(tmp_path / "a.aspbook") as a:
        books.save_copy_as(a, tmp_path / "b.aspbook")
        with books.open_book(tmp_path / "b.aspbook") as b:
            mapping = importer.preview_file(csv_file, "accounts").mapping
            importer.import_csv(a, csv_file, mapping)
            importer.import_csv(b, csv_file, mapping)
            acme_b = accounts.find_account(b, "001")
            stakeholders.create_stakeholder(b, acme_b.id, name="Jo")
            merge.merge(a, b.path)
            acme_a = accounts.find_account(a, "001")
            assert acme_a.id != acme_b.id
            assert len(accounts.list_accounts(a)) == 2
            assert acme_a.arr_minor == 100_000
            assert len(revenue.list_events(a, acme_a.id)) == 1
            assert [s.name for s in stakeholders.list_stakeholders(a, acme_a.id)] == ["Jo"]
            quiet(a, b.path)
            merge.merge(b, a.path)
            quiet(b, a.path)
            assert accounts.find_account(b, "001").arr_minor == 100_000


def test_preview_and_dry_run_write_nothing(
    pair: tuple[books.Book, books.Book, dict[str, str]],
) -> None:
    a, b, ids = pair
    accounts.update_account(b, ids["beta"], industry="Software")
    before = sha(a.path)
    listing = sorted(p.name for p in a.path.parent.iterdir())
    assert merge.preview_merge(a, b.path).changes
    result = merge.merge(a, b.path, dry_run=True)
    assert not result.applied
    assert sha(a.path) == before
    assert sorted(p.name for p in a.path.parent.iterdir()) == listing


def test_a_backup_is_taken_first(pair: tuple[books.Book, books.Book, dict[str, str]]) -> None:
    a, b, ids = pair
    accounts.update_account(b, ids["beta"], industry="Software")
    result = merge.merge(a, b.path)
    assert result.backup is not None
    assert "before-merge" in result.backup.name
    with books.open_book(result.backup, read_only=True) as old:
        assert accounts.get_account(old, ids["beta"]).industry == ""


def test_other_books_and_itself_are_refused(
    pair: tuple[books.Book, books.Book, dict[str, str]], tmp_path: Path
) -> None:
    a, _b, _ids = pair
    with pytest.raises(errors.ConflictError, match="itself"):
        merge.merge(a, a.path)
    other = tmp_path / "other.aspbook"
    books.create_book(other).close()
    with pytest.raises(errors.ConflictError, match="different book"):
        merge.merge(a, other)
    text_file = tmp_path / "notes.aspbook"
    text_file.write_text("hello", encoding="utf-8")
    with pytest.raises(errors.NotABookError):
        merge.merge(a, text_file)


def test_three_copies(tmp_path: Path) -> None:
    """Changes relayed through a third copy are recognised, not reported as conflicts."""
    with books.create_book(tmp_path / "a.aspbook") as a:
        acct = accounts.create_account(a, name="Acme")
        for name in ("b", "c"):
            books.save_copy_as(a, tmp_path / f"{name}.aspbook")
    with books.open_book(tmp_path / "b.aspbook") as b:
        accounts.update_account(b, acct.id, notes="from B")
    with books.open_book(tmp_path / "c.aspbook") as c:
        merge.merge(c, tmp_path / "b.aspbook")  # C learns B's edit
        accounts.update_account(c, acct.id, owner="C's owner")
    with books.open_book(tmp_path / "a.aspbook") as a:
        merge.merge(a, tmp_path / "c.aspbook")
        merge.merge(a, tmp_path / "b.aspbook")  # B's edit already came through C
        got = accounts.get_account(a, acct.id)
        assert (got.notes, got.owner) == ("from B", "C's owner")
        quiet(a, tmp_path / "b.aspbook")
        quiet(a, tmp_path / "c.aspbook")


def test_cli_merge(
    pair: tuple[books.Book, books.Book, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, ids = pair
    accounts.update_account(a, ids["acme"], notes="mine")
    accounts.update_account(b, ids["acme"], notes="theirs")
    accounts.update_account(b, ids["beta"], region="EMEA")
    a_path, b_path = str(a.path), str(b.path)
    a.close()
    b.close()
    assert main(["merge", a_path, b_path, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Conflicts:" in out
    assert "Notes: here 'mine' / there 'theirs'" in out
    assert main(["merge", a_path, b_path]) == 1
    assert "Nothing was merged" in capsys.readouterr().out
    assert main(["merge", a_path, b_path, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is False
    key = data["conflicts"][0]["key"]
    assert data["unresolved"] == [key]
    assert main(["merge", a_path, b_path, "--choose", f"{key}=from", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is True
    assert data["changes"]["accounts"] == {"added": 0, "updated": 1, "deleted": 0}
    assert main(["merge", a_path, b_path]) == 0
    assert "Nothing to merge" in capsys.readouterr().out
    with books.open_book(Path(a_path), read_only=True) as merged:
        assert accounts.get_account(merged, ids["acme"]).notes == "theirs"


def test_the_preview_plan_is_reused_while_neither_book_changes(
    pair: tuple[books.Book, books.Book, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preview, then merge: the plan is computed once (it took three passes over both books)."""
    a, b, ids = pair
    accounts.update_account(b, ids["beta"], industry="Software")
    planned: list[int] = []
    original = merge._Planner.plan

    def counting(self: merge._Planner) -> None:
        planned.append(1)
        original(self)

    monkeypatch.setattr(merge._Planner, "plan", counting)
    preview = merge.preview_merge(a, b.path)
    assert len(planned) == 1
    result = merge.merge(a, b.path)
    assert result.applied
    assert result.plan.changes == preview.changes
    assert len(planned) == 1
    assert accounts.get_account(a, ids["beta"]).industry == "Software"


def test_a_change_after_the_preview_is_planned_again(
    pair: tuple[books.Book, books.Book, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write to either book after the preview makes the merge plan afresh: nothing it did
    not see is lost or overwritten."""
    a, b, ids = pair
    accounts.update_account(b, ids["beta"], industry="Software")
    merge.preview_merge(a, b.path)
    accounts.update_account(b, ids["acme"], region="EMEA")  # the copy changes again
    accounts.update_account(a, ids["beta"], owner="Dana")  # and so does this book
    result = merge.merge(a, b.path, prefer=INTO)
    assert result.applied
    assert accounts.get_account(a, ids["acme"]).region == "EMEA"
    assert accounts.get_account(a, ids["beta"]).owner == "Dana"
    assert result.plan.conflicts  # both changed Beta since the split
