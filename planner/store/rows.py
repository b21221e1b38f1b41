"""Generic, schema-driven row operations: delete with everything that hangs off a row, and put
it all back.

A delete first captures, from the metadata's foreign keys, every row that ``ON DELETE
CASCADE`` will remove and every link that ``ON DELETE SET NULL`` will clear; it then deletes
and writes a tombstone per removed row (so deletions travel with a merge). The capture is a
plain value (:class:`DeletedRows`) that :func:`restore_rows` re-inserts exactly, links
included: this is what makes deletes undoable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from planner.store.changes import stamp
from planner.store.models import Base, Tombstone, stamp_time


@dataclass(frozen=True)
class DeletedRows:
    """Everything one delete removed or unlinked, in parent-before-child order."""

    table: str
    root_id: str
    rows: tuple[tuple[str, dict[str, Any]], ...]
    unlinked: tuple[tuple[str, str, str, str], ...] = field(default=())
    """(table, row id, column, former value) for links set to NULL by the delete."""

    @property
    def tables(self) -> frozenset[str]:
        return frozenset({t for t, _ in self.rows} | {t for t, *_ in self.unlinked})

    def count(self, table: str) -> int:
        return sum(1 for t, _ in self.rows if t == table)


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _children(parent: Table) -> list[tuple[Table, str, str | None]]:
    """(child table, fk column, ondelete) for every foreign key pointing at ``parent``."""
    return [
        (child, fk.parent.name, fk.ondelete)
        for child in Base.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is parent
    ]


def capture(session: Session, table_name: str, ids: list[str]) -> DeletedRows:
    """What deleting ``ids`` from ``table_name`` would remove and unlink."""
    rows: list[tuple[str, dict[str, Any]]] = []
    unlinked: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def visit(tbl: Table, row_ids: list[str]) -> None:
        if not row_ids:
            return
        fetched = session.execute(select(tbl).where(tbl.c.id.in_(row_ids))).mappings().all()
        fresh = [dict(r) for r in fetched if (tbl.name, r["id"]) not in seen]
        for r in fresh:
            seen.add((tbl.name, r["id"]))
            rows.append((tbl.name, r))
        fresh_ids = [r["id"] for r in fresh]
        for child, column, ondelete in _children(tbl):
            if ondelete == "CASCADE":
                child_ids = list(
                    session.scalars(select(child.c.id).where(child.c[column].in_(fresh_ids)))
                )
                visit(child, child_ids)
            elif ondelete == "SET NULL":
                for rid, value in session.execute(
                    select(child.c.id, child.c[column]).where(child.c[column].in_(fresh_ids))
                ):
                    unlinked.append((child.name, rid, column, value))

    visit(table(table_name), list(ids))
    deleted = {(t, r["id"]) for t, r in rows}
    # Links from rows that are themselves deleted come back with those rows.
    unlinked = [u for u in unlinked if (u[0], u[1]) not in deleted]
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    rows.sort(key=lambda item: order[item[0]])
    return DeletedRows(table_name, ids[0] if ids else "", tuple(rows), tuple(unlinked))


def delete_rows(session: Session, table_name: str, ids: list[str]) -> DeletedRows:
    """Delete ``ids`` (and what cascades from them), leaving tombstones; return the capture."""
    captured = capture(session, table_name, ids)
    rev = session.info.get("rev")
    now = stamp_time(session)
    session.execute(delete(table(table_name)).where(table(table_name).c.id.in_(ids)))
    if captured.rows:
        tombstones = [
            {"id": r["id"], "table_name": t, "deleted_at": now, "rev": rev}
            for t, r in captured.rows
        ]
        session.execute(insert(Tombstone).prefix_with("OR REPLACE"), tombstones)
    return captured


def restore_rows(session: Session, deleted: DeletedRows) -> None:
    """Put back what :func:`delete_rows` removed, with the same ids and links."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tname, row in deleted.rows:
        by_table[tname].append({**row, **stamp(session)})
    # Self-references (reports-to) may point at rows later in the list: insert unlinked, then
    # set them; foreign keys are checked per statement.
    deferred: list[tuple[str, str, str, Any]] = []
    for tbl in Base.metadata.sorted_tables:
        batch = by_table.get(tbl.name)
        if not batch:
            continue
        self_refs = [fk.parent.name for fk in tbl.foreign_keys if fk.column.table is tbl]
        for row in batch:
            for column in self_refs:
                if row.get(column) is not None:
                    deferred.append((tbl.name, row["id"], column, row[column]))
                    row[column] = None
        session.execute(insert(tbl), batch)
    for tname, rid, column, value in [*deferred, *deleted.unlinked]:
        tbl = table(tname)
        session.execute(
            update(tbl).where(tbl.c.id == rid).values({column: value, **stamp(session)})
        )
    ids = [row["id"] for _, row in deleted.rows]
    if ids:
        session.execute(delete(Tombstone).where(Tombstone.id.in_(ids)))
