# ruff: noqa: S608 - SQL here is built only from table and column names of our own schema;
# every value is a bound parameter.
"""Merging a copy of a book back into it: version vectors by edit session.

A consultant takes a copy of the book to the client and brings it back weeks later; both sides
changed. ``merge(into, from)`` brings FROM's changes into INTO, row by row, matched by id.

How a change is told from a non-change
--------------------------------------
Every write transaction has a *dot*, ``(edit session, n)``, stamped on the rows it wrote as
their ``rev`` (see :mod:`planner.store.book`). A book's ``edit_sessions`` table records, per
session, the highest transaction it has seen: its *version vector*. A book **knows** a dot when
its vector covers it. Two copies of a book share the vector they had when they were split;
after a merge, INTO's vector covers FROM's (it learns FROM's sessions).

For a row present in both books with different content (derived columns such as an account's
ARR, and ``updated_at``/``rev``, are not compared):

* FROM's ``rev`` is known to INTO: INTO has already seen FROM's version, so INTO's is newer.
* INTO's ``rev`` is known to FROM: FROM's version is newer and is taken, ``rev`` included.
* neither: the row changed on both sides since they diverged: a **conflict** for a person.

For a row on one side only:

* it has a unique twin on the other side (the same CRM id, the same setting key, the same
  attendee pair): the two are one record; compared as above, and FROM's links are redirected
  to INTO's row.
* the other side has a tombstone for it, or has already seen this very version (its ``rev``
  is known there) and no longer has it: it was **deleted** there. The deletion is applied,
  unless the surviving side changed the row *or anything under it* (rows that ``ON DELETE
  CASCADE`` would remove) since the deleting side saw it: then it is a conflict ("deleted
  here, changed there"). A tombstone whose deleting transaction is known to the surviving side
  means that side saw the deletion and brought the row back: the row is kept (or restored).
* otherwise it is new and is taken.

Conflicts are resolved by choosing a side per conflict (``"into"`` keeps this book's version,
``"from"`` takes the other's), or for all at once (``prefer``). The chosen version keeps its own
``rev`` (a fresh one would make later merges with third copies report conflicts that are not
there); a row kept against a deletion that left no tombstone is re-stamped, so the next merge
does not see the deletion again. Merging the same copy twice changes nothing the second time.

Holes found in the first design, and what closes them
-----------------------------------------------------
* One ``rev`` per edit session let a copy taken *during* a session (Save a Copy As with the
  book still open, a sync client) "know" edits made after it: a later merge dropped them
  silently. Dots (session, transaction) fix this without a schema change.
* Deletions that leave no tombstone (links removed by code that deletes directly) came back on
  every merge; version-vector knowledge recognises them.
* A deletion cascading over rows the other side had added (a goal added there under a plan
  deleted here) lost those rows, or broke links; the whole subtree is now weighed.
* The same CRM record created independently in both copies (both imported the same CRM
  export) collided on the unique CRM id; unique twins are matched.
* ARR stamped the account on every revenue change, so a revenue event on one side and an
  edit of the account on the other looked like a conflict; derived columns do not re-stamp
  rows and are recomputed after the merge.

Everything happens in one transaction on INTO, with FROM attached read-only (one consistent
snapshot of each); a verified backup of INTO is taken first; a preview computes the same
plan and rolls back.
"""

from __future__ import annotations

import contextlib
import copy
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, UniqueConstraint, text
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.text import shorten
from planner.services import books
from planner.services.accounts import recompute_arr
from planner.store import backups, migrations, rows
from planner.store import models as m
from planner.store.book import Book, Rollback
from planner.store.changes import DERIVED_COLUMNS, mark_whole_book
from planner.store.fileformat import check_schema, quick_check, read_book_id, read_header

INTO, FROM = "into", "from"
BOTH_CHANGED = "both_changed"
DELETED_HERE = "deleted_here"
"""INTO deleted the row; FROM changed it (or added under it)."""
DELETED_THERE = "deleted_there"
"""FROM deleted the row; INTO changed it (or added under it)."""
META = frozenset({"id", "created_at", "updated_at", "rev"})
ProgressFn = Callable[[int, int], bool]

#: Tables merged row by row (every table with ``rev``), parents before children.
MERGED_TABLES: tuple[str, ...] = tuple(
    t.name
    for t in m.Base.metadata.sorted_tables
    if "rev" in t.c and t.name not in {"tombstones", "edit_sessions"}
)
TABLE_LABELS = {
    "settings": ("setting", "settings"),
    "accounts": ("account", "accounts"),
    "health_models": ("health model", "health models"),
    "health_snapshots": ("health snapshot", "health snapshots"),
    "interactions": ("interaction", "interactions"),
    "opportunities": ("opportunity", "opportunities"),
    "qbrs": ("QBR", "QBRs"),
    "revenue_events": ("revenue event", "revenue events"),
    "risks": ("risk", "risks"),
    "stage_changes": ("stage change", "stage changes"),
    "stakeholders": ("stakeholder", "stakeholders"),
    "success_plans": ("success plan", "success plans"),
    "use_cases": ("use case", "use cases"),
    "goals": ("goal", "goals"),
    "interaction_attendees": ("attendee", "attendees"),
    "qbr_agenda_items": ("agenda item", "agenda items"),
    "qbr_attendees": ("QBR attendee", "QBR attendees"),
    "stakeholder_sentiments": ("sentiment entry", "sentiment entries"),
    "survey_responses": ("survey response", "survey responses"),
    "action_items": ("action item", "action items"),
}
_TITLE_COLUMNS = ("name", "title", "subject", "key", "section")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class FieldDifference:
    field: str
    here: str
    there: str


@dataclass(frozen=True, slots=True)
class Conflict:
    key: str
    """``table:id``: what a choice refers to."""
    table: str
    row_id: str
    kind: str
    label: str
    """``account "Acme Corp"``."""
    detail: str
    """What happened on each side, in words."""
    differences: tuple[FieldDifference, ...] = ()
    affected: int = 0
    """Rows under it that go with the choice (added or changed under a deleted record)."""


@dataclass(frozen=True, slots=True)
class TableChanges:
    table: str
    label: str
    added: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.deleted

    def describe(self) -> str:
        """``3 added, 1 updated``."""
        return ", ".join(p for p in _counts(self) if p)


@dataclass(frozen=True, slots=True)
class MergePlan:
    into: Path
    source: Path
    changes: tuple[TableChanges, ...]
    conflicts: tuple[Conflict, ...]
    new_sessions: int
    """Edit sessions of FROM that INTO will learn."""

    @property
    def nothing_to_do(self) -> bool:
        """No record would change and nothing needs a choice (the sessions FROM has that INTO
        lacks are only learned together with a real change)."""
        return not self.changes and not self.conflicts

    def summary(self, *, settled: bool = False) -> str:
        """What the merge changes; ``settled`` once the conflicts have been decided."""
        if self.nothing_to_do:
            return (
                f"Nothing to merge: {self.into.name} already has everything in {self.source.name}."
            )
        parts = [f"{c.label}: {c.describe()}" for c in self.changes]
        text_ = "; ".join(parts) if parts else "no record changes"
        if self.conflicts:
            n = len(self.conflicts)
            state = "settled as you chose" if settled else "to decide"
            text_ += f". {n} conflict{'s' if n != 1 else ''} {state}"
        return text_ + "."


def _counts(c: TableChanges) -> tuple[str, str, str]:
    return (
        f"{c.added} added" if c.added else "",
        f"{c.updated} updated" if c.updated else "",
        f"{c.deleted} deleted" if c.deleted else "",
    )


@dataclass(frozen=True, slots=True)
class MergeResult:
    plan: MergePlan
    applied: bool
    backup: Path | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    seconds: float = 0.0


class MergeConflictsError(errors.PlannerError):
    """Conflicts need a choice; nothing was merged."""

    def __init__(self, plan: MergePlan, unresolved: list[Conflict]) -> None:
        n = len(unresolved)
        super().__init__(
            f"{n} record{'s were' if n != 1 else ' was'} changed in both books (or deleted in "
            "one and changed in the other). Choose which version to keep for each, or keep "
            "one side for all. Nothing was merged."
        )
        self.plan = plan
        self.unresolved = tuple(unresolved)


# --------------------------------------------------------------------------- knowledge


class _Knowledge:
    """A book's version vector: session prefix -> highest transaction seen."""

    def __init__(self, ids: Iterable[bytes]) -> None:
        self.highest: dict[bytes, int] = {}
        self.exact: set[bytes] = set()
        for raw in ids:
            self.add(raw)

    def add(self, raw: bytes) -> None:
        if len(raw) == 16:
            prefix, number = raw[:12], int.from_bytes(raw[12:], "big")
            if number > self.highest.get(prefix, -1):
                self.highest[prefix] = number
        else:
            self.exact.add(raw)

    def knows(self, rev: bytes | None) -> bool:
        if rev is None:
            return True  # written before revs existed: part of the shared history
        if len(rev) == 16:
            return self.highest.get(rev[:12], -1) >= int.from_bytes(rev[12:], "big")
        return rev in self.exact


# --------------------------------------------------------------------------- the plan


@dataclass
class _Ops:
    inserts: dict[str, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[str, list[tuple[bytes, bytes]]] = field(default_factory=lambda: defaultdict(list))
    """table -> (INTO id, FROM id)."""
    deletes: dict[str, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    conflicts: list[Conflict] = field(default_factory=list)
    subtree: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)
    """conflict key -> the rows that go with it (FROM side for DELETED_HERE, INTO side for
    DELETED_THERE)."""
    inferred: set[str] = field(default_factory=set)
    """conflict keys whose deletion left no tombstone (kept rows must be re-stamped)."""
    remap: dict[tuple[str, bytes], bytes] = field(default_factory=dict)
    """(table, FROM id) -> INTO id, for unique twins."""
    deleted_here: set[tuple[str, bytes]] = field(default_factory=set)
    """Rows INTO deleted (tombstone or knowledge) that stay deleted."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _columns(name: str) -> list[str]:
    return [c.name for c in _table(name).columns]


def _compared(name: str) -> list[str]:
    derived = DERIVED_COLUMNS.get(name, frozenset())
    return [c for c in _columns(name) if c not in META and c not in derived]


def _fks(name: str) -> list[tuple[str, str, str | None]]:
    """(column, parent table, ondelete) of each foreign key of ``name``."""
    return [(fk.parent.name, fk.column.table.name, fk.ondelete) for fk in _table(name).foreign_keys]


def _uniques(name: str) -> list[tuple[str, ...]]:
    return [
        tuple(c.name for c in k.columns)
        for k in _table(name).constraints
        if isinstance(k, UniqueConstraint)
    ]


def _children(name: str) -> list[tuple[str, str]]:
    """(child table, column) for every ON DELETE CASCADE foreign key pointing at ``name``."""
    return [
        (t.name, fk.parent.name)
        for t in m.Base.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table.name == name and fk.ondelete == "CASCADE"
    ]


def _fetch(
    session: Session, schema: str, table: str, ids: list[bytes]
) -> dict[bytes, dict[str, Any]]:
    out: dict[bytes, dict[str, Any]] = {}
    cols = _columns(table)
    select_list = ", ".join(_q(c) for c in cols)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        sql = f"SELECT {select_list} FROM {schema}.{_q(table)} WHERE id IN ({marks})"
        params = {f"i{n}": v for n, v in enumerate(chunk)}
        for row in session.execute(text(sql), params):
            values = dict(zip(cols, row, strict=True))
            out[values["id"]] = values
    return out


def _fetch_revs(
    session: Session, schema: str, table: str, ids: list[bytes]
) -> dict[bytes, bytes | None]:
    out: dict[bytes, bytes | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        sql = f"SELECT id, rev FROM {schema}.{_q(table)} WHERE id IN ({marks})"
        params = {f"i{n}": v for n, v in enumerate(chunk)}
        out.update((i, r) for i, r in session.execute(text(sql), params))
    return out


def _subtree(
    session: Session, schema: str, table: str, root: bytes
) -> list[tuple[str, bytes, bytes | None]]:
    """(table, id, rev) of ``root`` and every row ON DELETE CASCADE would remove with it."""
    found: list[tuple[str, bytes, bytes | None]] = []
    seen: set[tuple[str, bytes]] = set()
    frontier: list[tuple[str, list[bytes]]] = [(table, [root])]
    first = session.execute(
        text(f"SELECT rev FROM {schema}.{_q(table)} WHERE id = :i"),
        {"i": root},
    ).first()
    found.append((table, root, first[0] if first else None))
    seen.add((table, root))
    while frontier:
        parent, ids = frontier.pop()
        for child, column in _children(parent):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(f":i{n}" for n in range(len(chunk)))
                sql = f"SELECT id, rev FROM {schema}.{_q(child)} WHERE {_q(column)} IN ({marks})"
                fresh = []
                for cid, rev in session.execute(
                    text(sql), {f"i{n}": v for n, v in enumerate(chunk)}
                ):
                    if (child, cid) not in seen:
                        seen.add((child, cid))
                        found.append((child, cid, rev))
                        fresh.append(cid)
                if fresh:
                    frontier.append((child, fresh))
    return found


class _Planner:
    def __init__(self, session: Session, into: Path, source: Path) -> None:
        self.s = session
        self.into = into
        self.source = source
        self.k_into = _Knowledge(
            r[0] for r in session.execute(text("SELECT id FROM main.edit_sessions"))
        )
        self.k_from = _Knowledge(
            r[0] for r in session.execute(text("SELECT id FROM src.edit_sessions"))
        )
        self.ops = _Ops()
        self.tomb_into = self._tombstones("main")
        self.tomb_from = self._tombstones("src")

    def _tombstones(self, schema: str) -> dict[bytes, bytes | None]:
        return dict(self.s.execute(text(f"SELECT id, rev FROM {schema}.tombstones")).all())

    # ----------------------------------------------------------------- remapping
    def remapped(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        """FROM values with links redirected to INTO's twins."""
        if not self.ops.remap:
            return values
        out = dict(values)
        for column, parent, _ondelete in _fks(table):
            value = out.get(column)
            if value is not None and (parent, value) in self.ops.remap:
                out[column] = self.ops.remap[(parent, value)]
        return out

    # ----------------------------------------------------------------- per table
    def plan(self) -> None:
        for table in MERGED_TABLES:
            only_from = self._absent("src", "main", table)
            only_into = self._absent("main", "src", table)
            self._twins(table, only_from)
            self._both(table)
            self._only_from(table, only_from)
            self._only_into(table, only_into)
        self._assign_subtrees()

    # ----------------------------------------------------------------- what to look at
    def _absent(self, schema: str, other: str, table: str) -> list[tuple[bytes, bytes | None]]:
        """(id, rev) of the rows of ``schema`` that ``other`` does not have. The scan reads
        only the id index of each side (a few percent of the file), never the rows."""
        sql = (
            f"SELECT a.id FROM {schema}.{_q(table)} a WHERE NOT EXISTS "
            f"(SELECT 1 FROM {other}.{_q(table)} b WHERE b.id = a.id)"
        )
        ids = [r[0] for r in self.s.execute(text(sql))]
        if not ids:
            return []
        revs = _fetch_revs(self.s, schema, table, ids)
        return [(i, revs.get(i)) for i in ids]

    def _unknown(self, schema: str, table: str) -> list[bytes]:
        """Ids of the rows of ``schema`` whose version the other book has not seen (their
        ``rev`` lies outside the other's version vector): everything either side changed since
        they were split. Read through the ``rev`` index, so the cost follows the changes."""
        own, other = (self.k_into, self.k_from) if schema == "main" else (self.k_from, self.k_into)
        ranges = [
            (
                prefix + (other.highest.get(prefix, -1) + 1).to_bytes(4, "big"),
                prefix + number.to_bytes(4, "big"),
            )
            for prefix, number in own.highest.items()
            if other.highest.get(prefix, -1) < number
        ]
        exact = [raw for raw in own.exact if raw not in other.exact]
        found: list[bytes] = []
        sql = text(f"SELECT id FROM {schema}.{_q(table)} WHERE rev BETWEEN :lo AND :hi")
        for low, high in ranges:
            found.extend(r[0] for r in self.s.execute(sql, {"lo": low, "hi": high}))
        same = text(f"SELECT id FROM {schema}.{_q(table)} WHERE rev = :r")
        for raw in exact:
            found.extend(r[0] for r in self.s.execute(same, {"r": raw}))
        return found

    def _twins(self, table: str, only_from: list[tuple[bytes, bytes | None]]) -> None:
        uniques = _uniques(table)
        if not uniques or not only_from:
            return
        fetched = _fetch(self.s, "src", table, [i for i, _r in only_from])
        for row_id, _rev in only_from:
            there = self.remapped(table, fetched[row_id])
            for key in uniques:
                if any(there[c] is None for c in key):
                    continue
                where = " AND ".join(f"x.{_q(c)} = :{c}" for c in key)
                match = self.s.execute(
                    text(
                        f"SELECT x.id FROM main.{_q(table)} x WHERE {where} AND NOT EXISTS "
                        f"(SELECT 1 FROM src.{_q(table)} y WHERE y.id = x.id)"
                    ),
                    {c: there[c] for c in key},
                ).first()
                if match is None:
                    continue
                into_id = match[0]
                self.ops.remap[(table, there["id"])] = into_id
                here = _fetch(self.s, "main", table, [into_id])[into_id]
                self._compare(table, here, there, twin=True)
                break

    def _both(self, table: str) -> None:
        """Rows both books have that differ. A row can differ only if one side wrote it since
        the split, i.e. its ``rev`` there is unknown to the other book (a version both have
        seen is one version, whichever rows it was written to); so only those are compared."""
        if not _compared(table):
            return
        ids = list(dict.fromkeys([*self._unknown("main", table), *self._unknown("src", table)]))
        if not ids:
            return
        here_rows = _fetch(self.s, "main", table, ids)
        there_rows = _fetch(self.s, "src", table, ids)
        for row_id in ids:
            if row_id in here_rows and row_id in there_rows:
                self._compare(table, here_rows[row_id], self.remapped(table, there_rows[row_id]))

    def _compare(
        self, table: str, here: dict[str, Any], there: dict[str, Any], *, twin: bool = False
    ) -> None:
        compared = _compared(table)
        diff = [c for c in compared if here[c] != there[c]]
        if not diff:
            return
        into_rev, from_rev = here["rev"], there["rev"]
        set_null = {c for c, _p, o in _fks(table) if o == "SET NULL"}
        if into_rev == from_rev and set(diff) <= set_null:
            return  # a link cleared by ON DELETE SET NULL on one side: not an edit
        into_known = self.k_from.knows(into_rev)
        from_known = self.k_into.knows(from_rev)
        if from_known and not into_known:
            return
        if into_known and not from_known:
            self.ops.updates[table].append((here["id"], there["id"]))
            return
        label = self.describe(table, here, "main")
        same = " and ".join(_field_label(table, c) for c in _uniques(table)[0]) if twin else ""
        what = f"The same record (same {same})" if twin else "It"
        self.ops.conflicts.append(
            Conflict(
                key=_key(table, here["id"]),
                table=table,
                row_id=_id_text(here["id"]),
                kind=BOTH_CHANGED,
                label=label,
                detail=f"{what} was changed in both books since they were split.",
                differences=tuple(
                    FieldDifference(_field_label(table, c), _show(here[c]), _show(there[c]))
                    for c in diff
                ),
            )
        )
        if twin:
            self.ops.subtree[_key(table, here["id"])] = [(table, there["id"])]

    def _only_from(self, table: str, found: list[tuple[bytes, bytes | None]]) -> None:
        twins = {k[1] for k in self.ops.remap if k[0] == table}
        linked = self._equivalents(table, [r[0] for r in found if r[0] not in twins])
        for row_id, rev in found:
            if row_id in twins or row_id in linked:
                continue
            tomb = row_id in self.tomb_into
            if (
                tomb
                and self.k_from.knows(self.tomb_into[row_id])
                and self.tomb_into[row_id] is not None
            ):
                self.ops.inserts[table].append(row_id)  # FROM saw the deletion and restored it
                continue
            if tomb or (rev is not None and self.k_into.knows(rev)):
                subtree = _subtree(self.s, "src", table, row_id)
                changed = [(t, i) for t, i, r in subtree if not self.k_into.knows(r)]
                if not changed:
                    self.ops.deleted_here.add((table, row_id))
                    continue
                self._deletion_conflict(
                    table, row_id, DELETED_HERE, subtree, changed, inferred=not tomb
                )
                continue
            self.ops.inserts[table].append(row_id)

    def _equivalents(self, table: str, ids: list[bytes]) -> set[bytes]:
        """FROM rows under a twin that repeat a fact INTO already has under its twin (the
        initial revenue event of an account both copies imported): matched, not duplicated."""
        remapped_parents = {k[0] for k in self.ops.remap}
        if not ids or not any(p in remapped_parents for _c, p, _o in _fks(table)):
            return set()
        compared = _compared(table)
        matched: set[bytes] = set()
        values = _fetch(self.s, "src", table, ids)
        where = " AND ".join(f"x.{_q(c)} IS :{c}" for c in compared)
        absent = f"NOT EXISTS (SELECT 1 FROM src.{_q(table)} y WHERE y.id = x.id)"
        sql = f"SELECT x.id FROM main.{_q(table)} x WHERE {where} AND {absent} LIMIT 1"
        for row_id in ids:
            original = values[row_id]
            row = self.remapped(table, original)
            if row == original:
                continue  # no link to a twin: an ordinary new row
            twin = self.s.execute(text(sql), {c: row[c] for c in compared}).first()
            if twin is not None:
                self.ops.remap[(table, row_id)] = twin[0]
                matched.add(row_id)
        return matched

    def _only_into(self, table: str, found: list[tuple[bytes, bytes | None]]) -> None:
        twins = {v for k, v in self.ops.remap.items() if k[0] == table}
        for row_id, rev in found:
            if row_id in twins:
                continue
            tomb = row_id in self.tomb_from
            if (
                tomb
                and self.tomb_from[row_id] is not None
                and self.k_into.knows(self.tomb_from[row_id])
            ):
                continue  # INTO saw that deletion and kept (or restored) the row
            if tomb or (rev is not None and self.k_from.knows(rev)):
                subtree = _subtree(self.s, "main", table, row_id)
                changed = [(t, i) for t, i, r in subtree if not self.k_from.knows(r)]
                if not changed:
                    self.ops.deletes[table].append(row_id)
                    continue
                self._deletion_conflict(
                    table, row_id, DELETED_THERE, subtree, changed, inferred=not tomb
                )

    def _deletion_conflict(
        self,
        table: str,
        row_id: bytes,
        kind: str,
        subtree: list[tuple[str, bytes, bytes | None]],
        changed: list[tuple[str, bytes]],
        *,
        inferred: bool,
    ) -> None:
        schema = "src" if kind == DELETED_HERE else "main"
        row = _fetch(self.s, schema, table, [row_id]).get(row_id, {"id": row_id})
        label = self.describe(table, row, schema)
        root_changed = (table, row_id) in changed
        others = len(changed) - (1 if root_changed else 0)
        under = (
            f" ({others} record{'s' if others != 1 else ''} under it added or changed)"
            if others
            else ""
        )
        if kind == DELETED_HERE:
            detail = (
                "Deleted in this book, but "
                + ("changed" if root_changed else "kept")
                + f" in the other copy{under}."
            )
        else:
            detail = (
                "Deleted in the other copy, but "
                + ("changed" if root_changed else "kept")
                + f" in this book{under}."
            )
        key = _key(table, row_id)
        self.ops.conflicts.append(
            Conflict(key, table, _id_text(row_id), kind, label, detail, affected=len(subtree) - 1)
        )
        self.ops.subtree[key] = [(t, i) for t, i, _r in subtree]
        if inferred:
            self.ops.inferred.add(key)

    def _assign_subtrees(self) -> None:
        """Rows under a conflicting deletion go with the conflict's choice, not on their own."""
        owned: set[tuple[str, bytes]] = set()
        for conflict in self.ops.conflicts:
            if conflict.kind != BOTH_CHANGED:
                owned.update(self.ops.subtree[conflict.key][1:])
        if owned:
            for table in list(self.ops.inserts):
                self.ops.inserts[table] = [
                    i for i in self.ops.inserts[table] if (table, i) not in owned
                ]
            for table in list(self.ops.deletes):
                self.ops.deletes[table] = [
                    i for i in self.ops.deletes[table] if (table, i) not in owned
                ]
            self.ops.conflicts = [
                c
                for c in self.ops.conflicts
                if c.kind == BOTH_CHANGED or (c.table, _id_bytes(c.row_id)) not in owned
            ]
        # A new row whose parent INTO deleted (and keeps deleted) cannot come in on its own.
        for table in MERGED_TABLES:
            cascade = [(c, p) for c, p, o in _fks(table) if o == "CASCADE"]
            if not cascade or not self.ops.inserts.get(table):
                continue
            values = _fetch(self.s, "src", table, self.ops.inserts[table])
            keep = []
            for row_id in self.ops.inserts[table]:
                row = self.remapped(table, values[row_id])
                if any((p, row[c]) in self.ops.deleted_here for c, p in cascade):
                    self.ops.deleted_here.add((table, row_id))
                    continue
                keep.append(row_id)
            self.ops.inserts[table] = keep

    # ----------------------------------------------------------------- words
    def describe(self, table: str, row: dict[str, Any], schema: str) -> str:
        noun = TABLE_LABELS.get(table, (table, table))[0]
        title = next((row[c] for c in _TITLE_COLUMNS if row.get(c)), None)
        if title is None and table == "stakeholder_sentiments":
            title = str(row.get("recorded_on", ""))
        context = ""
        account = row.get("account_id")
        if account is not None and table != "accounts":
            name = self.s.execute(
                text(f"SELECT name FROM {schema}.accounts WHERE id = :i"), {"i": account}
            ).scalar()
            if name:
                context = f" ({name})"
        shown = f' "{shorten(str(title), 60)}"' if title else ""
        return f"{noun}{shown}{context}"

    # ----------------------------------------------------------------- counts
    def changes(self) -> tuple[TableChanges, ...]:
        out = []
        for table in MERGED_TABLES:
            added = len(self.ops.inserts.get(table, ()))
            updated = len(self.ops.updates.get(table, ()))
            deleted = len(self.ops.deletes.get(table, ()))
            if added or updated or deleted:
                label = TABLE_LABELS.get(table, (table, table))[1]
                out.append(
                    TableChanges(table, label[:1].upper() + label[1:], added, updated, deleted)
                )
        return tuple(out)

    def new_sessions(self) -> int:
        return sum(
            1
            for prefix, number in self.k_from.highest.items()
            if self.k_into.highest.get(prefix, -1) < number
        ) + len(self.k_from.exact - self.k_into.exact)


def _key(table: str, row_id: bytes) -> str:
    return f"{table}:{_id_text(row_id)}"


def _id_text(raw: bytes) -> str:
    return m.guid_text(raw)


def _id_bytes(textual: str) -> bytes:
    return m.guid_bytes(textual)


def _field_label(table: str, column: str) -> str:
    col = _table(table).c[column]
    return str(col.info.get("label", column.replace("_", " ").capitalize()))


def _show(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bytes):
        return _id_text(value) if len(value) == 16 else value.decode(errors="replace")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return shorten(str(value), 120)


# --------------------------------------------------------------------------- applying


class _Applier:
    def __init__(self, planner: _Planner, choices: Mapping[str, str]) -> None:
        self.p = planner
        self.s = planner.s
        self.choices = choices
        self.arr_accounts: set[bytes] = set()
        self.rev = _id_bytes(self.s.info["rev"])
        self._pending_ids: dict[str, set[bytes]] = {}

    def run(self) -> None:
        self.s.execute(text("PRAGMA defer_foreign_keys = ON"))
        ops = self.p.ops
        inserts = {t: list(v) for t, v in ops.inserts.items()}
        updates = {t: list(v) for t, v in ops.updates.items()}
        deletes = {t: list(v) for t, v in ops.deletes.items()}
        restamp: list[tuple[str, bytes]] = []
        for conflict in ops.conflicts:
            choice = self.choices[conflict.key]
            rid = _id_bytes(conflict.row_id)
            if conflict.kind == BOTH_CHANGED:
                if choice == FROM:
                    twin = ops.subtree.get(conflict.key)
                    updates.setdefault(conflict.table, []).append(
                        (rid, twin[0][1] if twin else rid)
                    )
            elif conflict.kind == DELETED_HERE:
                if choice == FROM:
                    for table, row_id in ops.subtree[conflict.key]:
                        inserts.setdefault(table, []).append(row_id)
            elif choice == FROM:
                deletes.setdefault(conflict.table, []).append(rid)
            else:
                restamp.extend(
                    (t, i) for t, i in ops.subtree[conflict.key] if conflict.key in ops.inferred
                )
        for table in MERGED_TABLES:
            for into_id, from_id in updates.get(table, ()):
                self._update(table, into_id, from_id)
            self._insert(table, inserts.get(table, []))
        for table in MERGED_TABLES:
            for row_id in deletes.get(table, ()):
                self._delete(table, row_id)
        for table, row_id in restamp:
            self.s.execute(
                text(f"UPDATE main.{_q(table)} SET rev = :r WHERE id = :i"),
                {"r": self.rev, "i": row_id},
            )
        self._learn()
        for account in self.arr_accounts:
            recompute_arr(self.s, _id_text(account))
        self.s.flush()
        broken = self.s.execute(text("PRAGMA main.foreign_key_check")).all()
        if broken:
            raise errors.ConflictError(
                f"The merge would leave {len(broken)} broken links ({broken[0][0]}); nothing was "
                "merged. Please report this."
            )

    def _row_for_into(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        row = self.p.remapped(table, values)
        for column, parent, ondelete in _fks(table):
            target = row.get(column)
            if target is None or ondelete != "SET NULL":
                continue
            exists = self.s.execute(
                text(f"SELECT 1 FROM main.{_q(parent)} WHERE id = :i"), {"i": target}
            ).first()
            if exists is None and not self._pending(parent, target):
                row[column] = None  # as ON DELETE SET NULL would have done
        return row

    def _pending(self, table: str, row_id: bytes) -> bool:
        return row_id in self._pending_ids.get(table, set())

    def _insert(self, table: str, ids: list[bytes]) -> None:
        if not ids:
            return
        self._pending_ids = {table: set(ids)}
        values = _fetch(self.s, "src", table, list(dict.fromkeys(ids)))
        cols = _columns(table)
        sql = (
            f"INSERT OR IGNORE INTO main.{_q(table)} ({', '.join(_q(c) for c in cols)}) "
            f"VALUES ({', '.join(':' + c for c in cols)})"
        )
        for row_id in dict.fromkeys(ids):
            row = values.get(row_id)
            if row is None:
                continue
            self.s.execute(text(sql), self._row_for_into(table, row))
            self.s.execute(text("DELETE FROM main.tombstones WHERE id = :i"), {"i": row_id})
            self._note_arr(table, row)
        self._pending_ids = {}

    def _update(self, table: str, into_id: bytes, from_id: bytes) -> None:
        there = _fetch(self.s, "src", table, [from_id]).get(from_id)
        if there is None:
            return
        row = self._row_for_into(table, there)
        cols = [c for c in _columns(table) if c not in {"id", "created_at"}]
        sets = ", ".join(f"{_q(c)} = :{c}" for c in cols)
        self.s.execute(
            text(f"UPDATE main.{_q(table)} SET {sets} WHERE id = :__id"),
            {**{c: row[c] for c in cols}, "__id": into_id},
        )
        self._note_arr(table, {**row, "id": into_id})

    def _delete(self, table: str, row_id: bytes) -> None:
        exists = self.s.execute(
            text(f"SELECT account_id FROM main.{_q(table)} WHERE id = :i")
            if table == "revenue_events"
            else text(f"SELECT id FROM main.{_q(table)} WHERE id = :i"),
            {"i": row_id},
        ).first()
        if exists is None:
            return  # already gone with its parent
        if table == "revenue_events":
            self.arr_accounts.add(exists[0])
        rows.delete_rows(self.s, table, [_id_text(row_id)])

    def _note_arr(self, table: str, row: dict[str, Any]) -> None:
        if table == "revenue_events":
            self.arr_accounts.add(row["account_id"])
        elif table == "accounts":
            self.arr_accounts.add(row["id"])

    def _learn(self) -> None:
        """INTO learns FROM's edit sessions (highest transaction per session) and tombstones."""
        for sid, started, host, version in self.s.execute(
            text("SELECT id, started_at, host, app_version FROM src.edit_sessions")
        ).all():
            if self.p.k_into.knows(sid):
                continue
            if len(sid) == 16:
                low, high = sid[:12] + bytes(4), sid[:12] + b"\xff" * 4
                self.s.execute(
                    text("DELETE FROM main.edit_sessions WHERE id BETWEEN :l AND :h"),
                    {"l": low, "h": high},
                )
            self.s.execute(
                text(
                    "INSERT OR REPLACE INTO main.edit_sessions (id, started_at, host, "
                    "app_version) VALUES (:i, :s, :h, :v)"
                ),
                {"i": sid, "s": started, "h": host, "v": version},
            )
        for tid, tname, deleted_at, rev in self.s.execute(
            text("SELECT id, table_name, deleted_at, rev FROM src.tombstones")
        ).all():
            if tname not in m.Base.metadata.tables:
                continue
            live = self.s.execute(
                text(f"SELECT 1 FROM main.{_q(tname)} WHERE id = :i"), {"i": tid}
            ).first()
            if live is None:
                self.s.execute(
                    text(
                        "INSERT OR IGNORE INTO main.tombstones (id, table_name, "
                        "deleted_at, rev) VALUES (:i, :t, :d, :r)"
                    ),
                    {"i": tid, "t": tname, "d": deleted_at, "r": rev},
                )


# --------------------------------------------------------------------------- entry points


@contextlib.contextmanager
def _prepared_source(book: Book, source: Path) -> Iterator[Path]:
    """Check FROM is a sound copy of the same book; upgrade a copy of it if it is older."""
    source = Path(source)
    if source.resolve() == book.path.resolve():
        raise errors.ConflictError("Choose another file: a book cannot be merged with itself.")
    header = read_header(source)
    state = (source.resolve(), _file_state(source))
    with _PLANS_LOCK:
        checked = state in _SOUND
    if not checked:  # a preview checked it, and it has not changed since: not read again
        quick_check(source)
        check_schema(source, header.user_version)
        with _PLANS_LOCK:
            _SOUND.clear()
            _SOUND.add(state)
    ours = books.get_settings(book).get("book_id")
    theirs = read_book_id(source)
    if ours and theirs and ours != theirs:
        raise errors.ConflictError(
            f"{source.name} is a different book, not a copy of {book.path.name}, so they cannot "
            "be merged. To bring records across, export them as CSV from one and import them "
            "into the other."
        )
    if header.user_version == migrations.SCHEMA_VERSION:
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="planner-merge-") as tmp:
        copy = Path(tmp) / source.name
        backups.copy_book(source, copy)
        migrations.upgrade(copy)
        yield copy


# A plan is computed once per state of the two books: the preview's plan is reused by the merge
# that follows it (and by a second preview) while neither file changed. A file's state is its
# SQLite change counter (bumped by every commit; books use the rollback journal), its size, and
# the version vector read inside the transaction; a source file also by its modification time.
_PLANS: dict[tuple[Path, Path], tuple[tuple[object, ...], _Ops]] = {}
_PLANS_LOCK = threading.Lock()
_PLANS_KEPT = 4
_SOUND: set[tuple[Path, tuple[int, ...]]] = set()
"""The copy last found sound (quick_check and schema), with its file state then."""


def _file_state(path: Path) -> tuple[int, ...]:
    with path.open("rb") as handle:
        head = handle.read(100)
    stat = path.stat()
    return (
        int.from_bytes(head[24:28], "big"),
        int.from_bytes(head[92:96], "big"),
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )


def _state(session: Session, book: Book, source: Path) -> tuple[object, ...]:
    own = _id_bytes(session.info["rev"])
    into_vector = sorted(
        r[0] for r in session.execute(text("SELECT id FROM main.edit_sessions")) if r[0] != own
    )
    from_vector = sorted(r[0] for r in session.execute(text("SELECT id FROM src.edit_sessions")))
    into_file = _file_state(book.path)[:3]  # a rolled-back preview may touch its time, not these
    return into_file, _file_state(source), tuple(into_vector), tuple(from_vector)


def _plan_in(session: Session, book: Book, source: Path) -> _Planner:
    planner = _Planner(session, book.path, source)
    key = (book.path.resolve(), source.resolve())
    state = _state(session, book, source)
    with _PLANS_LOCK:
        cached = _PLANS.get(key)
    if cached is not None and cached[0] == state:
        planner.ops = copy.deepcopy(cached[1])
        return planner
    planner.plan()
    with _PLANS_LOCK:
        _PLANS.pop(key, None)
        while len(_PLANS) >= _PLANS_KEPT:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = (state, copy.deepcopy(planner.ops))
    return planner


def _as_plan(planner: _Planner) -> MergePlan:
    return MergePlan(
        planner.into,
        planner.source,
        planner.changes(),
        tuple(planner.ops.conflicts),
        planner.new_sessions(),
    )


def preview_merge(book: Book, source: Path) -> MergePlan:
    """What merging ``source`` into ``book`` would change, and the conflicts; writes nothing."""
    book.ensure_writable()
    found: list[MergePlan] = []
    with _prepared_source(book, source) as prepared:
        try:
            with book.write_attached({"src": prepared}) as session:
                found.append(_as_plan(_plan_in(session, book, Path(source))))
                _roll_back()
        except Rollback:
            pass
    return found[0]


def _roll_back() -> None:
    raise Rollback


def merge(
    book: Book,
    source: Path,
    *,
    choices: Mapping[str, str] | None = None,
    prefer: str | None = None,
    dry_run: bool = False,
) -> MergeResult:
    """Merge the copy at ``source`` into ``book``.

    Each conflict is settled by ``choices[conflict.key]`` (``"into"`` or ``"from"``), else by
    ``prefer``; if any is left open, :class:`MergeConflictsError` lists them and nothing is
    written. With ``dry_run`` the plan is returned and nothing is written. A backup of the book
    is taken before anything changes.
    """
    began = time.perf_counter()
    if prefer not in (None, INTO, FROM):
        raise errors.ValidationError("prefer", "Prefer 'into' (this book) or 'from' (the copy).")
    plan = preview_merge(book, source)
    decided = _decide(plan, choices or {}, prefer)
    if dry_run or plan.nothing_to_do:
        return MergeResult(
            plan, applied=False, choices=decided, seconds=time.perf_counter() - began
        )
    backup = books.auto_backup(book, reason="before-merge")
    with (
        _prepared_source(book, source) as prepared,
        book.write_attached({"src": prepared}) as session,
    ):
        mark_whole_book(session)
        planner = _plan_in(session, book, Path(source))
        final = _as_plan(planner)
        decided = _decide(final, {**decided, **(choices or {})}, prefer)
        _Applier(planner, decided).run()
    return MergeResult(
        final, applied=True, backup=backup, choices=decided, seconds=time.perf_counter() - began
    )


def _decide(plan: MergePlan, choices: Mapping[str, str], prefer: str | None) -> dict[str, str]:
    decided: dict[str, str] = {}
    open_: list[Conflict] = []
    for conflict in plan.conflicts:
        choice = choices.get(conflict.key, prefer)
        if choice not in (INTO, FROM):
            open_.append(conflict)
        else:
            decided[conflict.key] = choice
    if open_:
        raise MergeConflictsError(plan, open_)
    return decided


__all__ = [
    "BOTH_CHANGED",
    "DELETED_HERE",
    "DELETED_THERE",
    "FROM",
    "INTO",
    "Conflict",
    "FieldDifference",
    "MergeConflictsError",
    "MergePlan",
    "MergeResult",
    "TableChanges",
    "merge",
    "preview_merge",
]
