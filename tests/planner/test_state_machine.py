"""A Hypothesis state machine of edits, copies (Save a Copy As and plain file copies taken while
the book is open), re-opens, JSON export/import and merges, checked step by step against an
in-memory model.

The model is deliberately *not* the implementation's idea: it knows nothing of edit sessions.
Every version of a row carries its full causal history (the set of edit ids it descends from),
and a merge keeps the version that descends from the other, or reports a conflict, settling it
the way the merge was told to. The implementation decides with per-session version vectors
instead; the test proves the two always agree: same rows, same contents, same conflicts.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from planner.services import accounts, books, stakeholders
from planner.services.interchange import export, merge

_vids = itertools.count(1)


@dataclass(frozen=True)
class Version:
    content: tuple[object, ...] | None
    """None for a deleted row."""
    vid: int
    history: frozenset[int]

    @property
    def live(self) -> bool:
        return self.content is not None

    def knows(self, other: Version) -> bool:
        return other.vid in self.history


@dataclass
class Replica:
    path: Path
    book: books.Book
    accounts: dict[str, Version] = field(default_factory=dict)
    people: dict[str, Version] = field(default_factory=dict)
    """stakeholder id -> version with content (account_id, name)."""

    def copy_model(self, path: Path, book: books.Book) -> Replica:
        return Replica(path, book, dict(self.accounts), dict(self.people))


def _new(content: tuple[object, ...] | None, before: Version | None = None) -> Version:
    vid = next(_vids)
    history = (before.history if before else frozenset()) | {vid}
    return Version(content, vid, history)


def _union(keep: Version, other: Version | None) -> Version:
    if other is None:
        return keep
    return Version(keep.content, keep.vid, keep.history | other.history)


def _children(replica: Replica, account: str) -> dict[str, Version]:
    return {
        i: v for i, v in replica.people.items() if v.live and v.content and v.content[0] == account
    }


def _same(mine: Version, theirs: Version) -> bool:
    """The same version, the same content, or deleted on both sides: nothing to decide."""
    return mine.vid == theirs.vid or mine.content == theirs.content


def model_merge(into: Replica, source: Replica, prefer: str) -> set[str]:
    """Merge ``source`` into ``into`` (the model); return the conflicting row ids."""
    conflicts: set[str] = set()
    owned: set[str] = set()  # stakeholders settled with their account
    accounts_after = dict(into.accounts)
    people_after = dict(into.people)

    for aid in sorted(set(into.accounts) | set(source.accounts)):
        mine, theirs = into.accounts.get(aid), source.accounts.get(aid)
        if theirs is None:
            continue
        if mine is None:
            accounts_after[aid] = theirs
            continue
        if _same(mine, theirs) or (mine.knows(theirs) and (mine.live or not theirs.live)):
            accounts_after[aid] = _union(mine, theirs)
            continue
        if mine.live and theirs.live:
            if theirs.knows(mine):
                accounts_after[aid] = _union(theirs, mine)
            else:
                conflicts.add(aid)
                chosen, other = (mine, theirs) if prefer == merge.INTO else (theirs, mine)
                accounts_after[aid] = _union(chosen, other)
            continue
        # One side deleted the account, the other has it: weigh the whole subtree.
        deleted_here = not mine.live
        survivor, deleter = (source, into) if deleted_here else (into, source)
        alive, dead = survivor.accounts[aid], deleter.accounts[aid]
        subtree = _children(survivor, aid)
        unknown = [
            i
            for i, v in subtree.items()
            if not (deleter.people.get(i) and deleter.people[i].knows(v))
        ]
        if dead.knows(alive) and not unknown:
            keep_alive = False  # the deletion saw everything there is: it wins
        elif alive.knows(dead):
            keep_alive = True  # the survivor saw the deletion and kept (or restored) it
        else:
            conflicts.add(aid)
            keep_alive = (prefer == merge.FROM) if deleted_here else (prefer == merge.INTO)
        owned.update(subtree)
        if keep_alive:
            accounts_after[aid] = _union(alive, dead)
            for pid, person in subtree.items():
                people_after[pid] = _union(person, deleter.people.get(pid))
        elif deleted_here:
            accounts_after[aid] = _union(dead, alive)
            for pid, person in subtree.items():
                people_after[pid] = _union(into.people.get(pid) or _new(None, person), person)
        else:
            accounts_after[aid] = _union(_new(None, alive), dead)
            for pid, person in subtree.items():
                people_after[pid] = _union(_new(None, person), deleter.people.get(pid))

    for pid in sorted(set(into.people) | set(source.people)):
        if pid in owned:
            continue
        mine, theirs = into.people.get(pid), source.people.get(pid)
        if theirs is None:
            continue
        if mine is None:
            parent = theirs.content[0] if theirs.content else None
            if (
                theirs.live
                and parent is not None
                and not (accounts_after.get(str(parent)) and accounts_after[str(parent)].live)
            ):
                continue  # its account stays deleted here
            people_after[pid] = theirs
            continue
        if _same(mine, theirs) or mine.knows(theirs):
            people_after[pid] = _union(mine, theirs)
        elif theirs.knows(mine):
            people_after[pid] = _union(theirs, mine)
        else:
            conflicts.add(pid)
            chosen = mine if prefer == merge.INTO else theirs
            other = theirs if chosen is mine else mine
            if not chosen.live and other.live:
                chosen = _new(None, other)  # deleted by the merge's own transaction
            people_after[pid] = _union(chosen, other)
    into.accounts, into.people = accounts_after, people_after
    return conflicts


R = st.integers(0, 20)


class PortableBooks(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="planner-sm-"))
        self.all: list[Replica] = []
        self.counter = itertools.count()

    def teardown(self) -> None:
        for replica in self.all:
            replica.book.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _path(self) -> Path:
        return self.folder / f"r{next(self.counter)}.aspbook"

    def _pick(self, index: int) -> Replica:
        return self.all[index % len(self.all)]

    @initialize()
    def a_book_and_two_copies(self) -> None:
        path = self._path()
        origin = Replica(path, books.create_book(path))
        self.all.append(origin)
        for name in ("Acme", "Beta"):
            made = accounts.create_account(origin.book, name=name)
            origin.accounts[made.id] = _new((name, ""))
        person = stakeholders.create_stakeholder(origin.book, made.id, name="Ann")
        origin.people[person.id] = _new((made.id, "Ann"))
        self.copy_file_while_open(0)
        self.save_copy_as(0)

    # ----------------------------------------------------------------- edits
    @rule(r=R, name=st.sampled_from(["Acme", "Beta", "Gamma"]))
    def add_account(self, r: int, name: str) -> None:
        replica = self._pick(r)
        made = accounts.create_account(replica.book, name=name)
        replica.accounts[made.id] = _new((name, ""))

    def _live(self, table: dict[str, Version], pick: int) -> str | None:
        alive = sorted(i for i, v in table.items() if v.live)
        return alive[pick % len(alive)] if alive else None

    @rule(r=R, pick=st.integers(0, 5))
    def edit_account(self, r: int, pick: int) -> None:
        replica = self._pick(r)
        aid = self._live(replica.accounts, pick)
        if aid is None:
            return
        notes = f"note {next(self.counter)}"
        accounts.update_account(replica.book, aid, notes=notes)
        old = replica.accounts[aid]
        assert old.content is not None
        replica.accounts[aid] = _new((old.content[0], notes), old)

    @rule(r=R, pick=st.integers(0, 5))
    def delete_account(self, r: int, pick: int) -> None:
        replica = self._pick(r)
        aid = self._live(replica.accounts, pick)
        if aid is None:
            return
        accounts.delete_account(replica.book, aid)
        deletion = next(_vids)
        for pid, person in _children(replica, aid).items():
            replica.people[pid] = Version(None, deletion, person.history | {deletion})
        old = replica.accounts[aid]
        replica.accounts[aid] = Version(None, deletion, old.history | {deletion})

    @rule(r=R, pick=st.integers(0, 5), name=st.sampled_from(["Ann", "Bo", "Cy"]))
    def add_person(self, r: int, pick: int, name: str) -> None:
        replica = self._pick(r)
        aid = self._live(replica.accounts, pick)
        if aid is None:
            return
        made = stakeholders.create_stakeholder(replica.book, aid, name=name)
        replica.people[made.id] = _new((aid, name))

    @rule(r=R, pick=st.integers(0, 5))
    def rename_person(self, r: int, pick: int) -> None:
        replica = self._pick(r)
        pid = self._live(replica.people, pick)
        if pid is None:
            return
        name = f"P{next(self.counter)}"
        stakeholders.update_stakeholder(replica.book, pid, name=name)
        old = replica.people[pid]
        assert old.content is not None
        replica.people[pid] = _new((old.content[0], name), old)

    @rule(r=R, pick=st.integers(0, 5))
    def delete_person(self, r: int, pick: int) -> None:
        replica = self._pick(r)
        pid = self._live(replica.people, pick)
        if pid is None:
            return
        stakeholders.delete_stakeholder(replica.book, pid)
        replica.people[pid] = _new(None, replica.people[pid])

    @rule(a=R, b=R, pick=st.integers(0, 5))
    def edit_in_two_copies(self, a: int, b: int, pick: int) -> None:
        """Both sides edit the same record (a conflict once merged)."""
        self.edit_account(a, pick)
        self.edit_account(b, pick)

    @rule(a=R, b=R, pick=st.integers(0, 5))
    def delete_here_add_there(self, a: int, b: int, pick: int) -> None:
        """One side deletes an account while the other adds someone to it."""
        self.delete_account(a, pick)
        self.add_person(b, pick, "Dee")

    # ----------------------------------------------------------------- files
    @precondition(lambda self: len(self.all) < 5)
    @rule(r=R)
    def copy_file_while_open(self, r: int) -> None:
        """A user or a sync client copies the file at an idle moment; editing goes on."""
        source = self._pick(r)
        path = self._path()
        shutil.copyfile(source.path, path)
        self.all.append(source.copy_model(path, books.open_book(path)))

    @precondition(lambda self: len(self.all) < 5)
    @rule(r=R)
    def save_copy_as(self, r: int) -> None:
        source = self._pick(r)
        path = self._path()
        books.save_copy_as(source.book, path)
        self.all.append(source.copy_model(path, books.open_book(path)))

    @precondition(lambda self: len(self.all) < 5)
    @rule(r=R)
    def export_then_import_archive(self, r: int) -> None:
        source = self._pick(r)
        archive = self.folder / f"a{next(self.counter)}.json"
        export.export_archive(source.book, archive)
        path = self._path()
        export.import_archive(archive, path)
        self.all.append(source.copy_model(path, books.open_book(path)))

    @rule(r=R)
    def reopen(self, r: int) -> None:
        replica = self._pick(r)
        replica.book.close()
        replica.book = books.open_book(replica.path)

    @rule(a=R, b=R, prefer=st.sampled_from([merge.INTO, merge.FROM]))
    def merge_copies(self, a: int, b: int, prefer: str) -> None:
        into, source = self._pick(a), self._pick(b)
        if into is source:
            return
        expected = model_merge(into, source, prefer)
        plan = merge.preview_merge(into.book, source.path)
        got = {c.row_id for c in plan.conflicts}
        assert {c.table for c in plan.conflicts} <= {"accounts", "stakeholders"}
        if got:
            with pytest.raises(merge.MergeConflictsError):
                merge.merge(into.book, source.path)  # stops and lists them
        merge.merge(into.book, source.path, prefer=prefer)
        assert got == expected
        event("merge with conflicts" if got else "merge without conflicts")
        again = merge.preview_merge(into.book, source.path)
        assert again.nothing_to_do, again

    # ----------------------------------------------------------------- the model holds
    @invariant()
    def books_match_the_model(self) -> None:
        for r in self.all:
            want_accounts = {i: v.content for i, v in r.accounts.items() if v.live}
            got_accounts = {
                a.id: (a.name, a.notes)
                for a in accounts.list_accounts(r.book, include_archived=True)
            }
            assert got_accounts == want_accounts
            want_people = {i: v.content for i, v in r.people.items() if v.live}
            got_people = {
                p.id: (p.account_id, p.name)
                for aid in got_accounts
                for p in stakeholders.list_stakeholders(r.book, aid)
            }
            assert got_people == want_people


PortableBooks.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=16,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestPortableBooks = PortableBooks.TestCase
