"""The book's full-text index (SQLite FTS5), kept current by the write path.

Objects (all part of format 2; :data:`DDL` makes them, ``schema_v2.CREATED`` holds the same
text frozen):

``search_index``
    an FTS5 table ``(title, body)`` with ``tokenize='unicode61 remove_diacritics 2'``: accents
    and case folded, so "muller" finds "Müller". Its rowid is ``search_docs.docid``. FTS5
    keeps it in five shadow tables that also appear in ``sqlite_master``:
    ``search_index_data``, ``search_index_idx``, ``search_index_content``,
    ``search_index_docsize`` and ``search_index_config``.
``search_docs``
    one row per indexed record: ``docid`` (the index's rowid, numbered per kind: see
    :data:`KIND_SPAN`), ``kind`` (see :data:`DOCS`),
    ``row_id`` (the record's id, unique), ``account_id`` (the account it belongs to) and
    ``pending`` (1 while the index does not reflect the record yet); indexes
    ``ix_search_docs_row_id`` (unique) and ``ix_search_docs_pending`` (partial, pending rows).
``search_<table>_ins`` / ``_upd`` / ``_del``
    a trigger per indexed table and event that marks the record pending (on update only when
    an indexed text column changes).

Why the triggers only *mark*: every connection runs with ``PRAGMA trusted_schema=OFF`` (see
:mod:`planner.store.book`), under which SQLite refuses to touch a virtual table from a trigger
("unsafe use of virtual table"). So the triggers write the ordinary ``search_docs`` table, which
catches every write path (ORM, bulk SQL, cascading deletes, undo, import, merge, restore), and
:func:`flush` brings the index up to date from the pending rows, in set-based SQL inside the
same transaction, just before it commits (``Book`` runs it before every write commits;
:func:`planner.store.book.stamp_as_book` runs it when a book file is built).

:func:`rebuild` drops and rebuilds the whole index from the records (format 2 upgrade,
``planner check --repair-index``); :func:`status` tells whether the index is in step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Execute = Callable[[str, tuple[Any, ...]], Sequence[Sequence[Any]]]
"""Runs one SQL statement with qmark parameters and returns its rows (for statements without
rows, an empty list). Adapters exist for a SQLAlchemy session and a sqlite3 connection."""

TOKENIZE = "unicode61 remove_diacritics 2"


@dataclass(frozen=True, slots=True)
class Doc:
    """How the records of one table become documents of the index."""

    kind: str
    table: str
    title: str
    """SQL expression over ``t`` (the record) for the document's title."""
    body: tuple[str, ...]
    """Text columns of ``t`` joined (non-empty ones, one per line) into the document's body."""
    account: str = "t.account_id"
    """SQL expression for the owning account (``join`` may bring in ``p``)."""
    join: str = ""
    watched: tuple[str, ...] = ()
    """Columns whose change re-indexes the record (default: the title column and ``body``)."""

    @property
    def title_columns(self) -> tuple[str, ...]:
        return (self.title.removeprefix("t."),) if self.title.startswith("t.") else ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.watched or (*self.title_columns, *self.body)

    def body_sql(self) -> str:
        parts = [
            f"CASE WHEN coalesce(t.{c}, '') = '' THEN '' ELSE t.{c} || char(10) END"
            for c in self.body
        ]
        return " || ".join(parts) if parts else "''"


#: Every indexed kind of record, in the order results are grouped.
DOCS: tuple[Doc, ...] = (
    Doc(
        "account",
        "accounts",
        "t.name",
        ("crm_id", "industry", "region", "owner", "website", "notes"),
        account="t.id",
    ),
    Doc("plan", "success_plans", "t.title", ("desired_outcomes", "internal_notes")),
    Doc(
        "goal",
        "goals",
        "t.title",
        ("description", "kpi_name", "unit", "owner_name"),
        account="p.account_id",
        join="JOIN success_plans p ON p.id = t.plan_id",
    ),
    Doc("risk", "risks", "t.title", ("description", "mitigation", "owner_name")),
    Doc("stakeholder", "stakeholders", "t.name", ("job_title", "email", "notes")),
    Doc("interaction", "interactions", "t.subject", ("summary",)),
    Doc("action", "action_items", "t.title", ("description", "owner_name")),
    Doc(
        "use_case",
        "use_cases",
        "t.title",
        ("problem", "desired_outcome", "products", "value_realised"),
    ),
    Doc(
        "survey",
        "survey_responses",
        "CASE t.kind WHEN 'nps' THEN 'NPS ' ELSE 'CSAT ' END || t.score",
        ("comment",),
        watched=("kind", "score", "comment"),
    ),
    Doc("qbr", "qbrs", "t.title", ("objectives", "decisions", "asks", "notes")),
    Doc("opportunity", "opportunities", "t.title", ("product", "notes")),
)

DOC_BY_KIND: dict[str, Doc] = {d.kind: d for d in DOCS}


KIND_SPAN = 1 << 40
"""Each kind's documents are numbered in their own range: kind number n (its place in
:data:`DOCS`, from 1) owns docids ``n * KIND_SPAN + 1`` up to ``(n + 1) * KIND_SPAN - 1``. A
search for one kind is then a rowid range, which FTS5 seeks natively."""


def docid_range(kind: str) -> tuple[int, int]:
    """The first and last docid of ``kind``."""
    number = next(i for i, d in enumerate(DOCS, start=1) if d.kind == kind)
    return number * KIND_SPAN + 1, (number + 1) * KIND_SPAN - 1


def _trigger_ddl(doc: Doc) -> tuple[str, str, str]:
    low, high = docid_range(doc.kind)
    mark = (
        f"INSERT INTO search_docs (docid, kind, row_id, pending) "  # noqa: S608 - fixed SQL
        f"SELECT coalesce(max(docid), {low - 1}) + 1, '{doc.kind}', new.id, 1 FROM search_docs "
        f"WHERE docid BETWEEN {low} AND {high} "
        "ON CONFLICT (row_id) DO UPDATE SET pending = 1"
    )
    name = f"search_{doc.table}"
    return (
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {doc.table} BEGIN {mark}; END",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {', '.join(doc.columns)} ON {doc.table} "
        f"BEGIN {mark}; END",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {doc.table} "  # noqa: S608 - fixed SQL
        "BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END",
    )


TABLES_DDL: tuple[str, ...] = (
    f"CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize='{TOKENIZE}')",
    """\
CREATE TABLE search_docs (
    docid INTEGER NOT NULL,
    kind VARCHAR(32) NOT NULL,
    row_id BLOB NOT NULL,
    account_id BLOB,
    pending INTEGER NOT NULL,
    CONSTRAINT pk_search_docs PRIMARY KEY (docid)
)""",
    "CREATE UNIQUE INDEX ix_search_docs_row_id ON search_docs (row_id)",
    "CREATE INDEX ix_search_docs_pending ON search_docs (kind) WHERE pending = 1",
)

#: The tables :func:`flush` and :func:`rebuild` write (FTS5 writes its shadow tables itself).
TABLES = frozenset({"search_index", "search_docs"})

#: Every statement that makes the index, in order (tables, indexes, then triggers).
DDL: tuple[str, ...] = TABLES_DDL + tuple(s for doc in DOCS for s in _trigger_ddl(doc))

#: Names of the objects above as they appear in ``sqlite_master`` (with FTS5's shadow tables).
OBJECTS: dict[str, str] = {
    "search_index": "table",
    **{f"search_index_{s}": "table" for s in ("data", "idx", "content", "docsize", "config")},
    "search_docs": "table",
    "ix_search_docs_row_id": "index",
    "ix_search_docs_pending": "index",
    **{f"search_{d.table}_{e}": "trigger" for d in DOCS for e in ("ins", "upd", "del")},
}


# --------------------------------------------------------------------------- executing


def session_executor(session: Any) -> Execute:
    """An :data:`Execute` running in a SQLAlchemy session's transaction."""
    conn = session.connection()

    def run(sql: str, params: tuple[Any, ...] = ()) -> Sequence[Sequence[Any]]:
        result = conn.exec_driver_sql(sql, params)
        return list(result.fetchall()) if result.returns_rows else []

    return run


def connection_executor(conn: Any) -> Execute:
    """An :data:`Execute` on a sqlite3 connection (or a SQLAlchemy Connection)."""
    if hasattr(conn, "exec_driver_sql"):

        def run_sa(sql: str, params: tuple[Any, ...] = ()) -> Sequence[Sequence[Any]]:
            result = conn.exec_driver_sql(sql, params)
            return list(result.fetchall()) if result.returns_rows else []

        return run_sa

    def run(sql: str, params: tuple[Any, ...] = ()) -> Sequence[Sequence[Any]]:
        return list(conn.execute(sql, params).fetchall())

    return run


# --------------------------------------------------------------------------- keeping it current


def create(execute: Execute) -> None:
    """Make the index's tables, indexes and triggers (a new, empty book)."""
    for statement in DDL:
        execute(statement, ())


def flush(execute: Execute) -> int:
    """Bring the index up to date with every pending record; return how many were pending.

    Set-based: one statement removes the pending documents from the index, then per kind one
    re-inserts those whose record still exists and one links them to their account; what is
    left pending had its record deleted and is forgotten.
    """
    counts = execute("SELECT kind, count(*) FROM search_docs WHERE pending = 1 GROUP BY kind", ())
    if not counts:
        return 0
    kinds = [str(kind) for kind, _ in counts]
    pending = sum(int(n) for _, n in counts)
    execute(
        "DELETE FROM search_index WHERE rowid IN (SELECT docid FROM search_docs WHERE pending = 1)",
        (),
    )
    for kind in kinds:
        doc = DOC_BY_KIND.get(kind)
        if doc is None:  # not a kind of this version: nothing to index it from
            continue
        execute(
            f"INSERT INTO search_index (rowid, title, body) "  # noqa: S608 - fixed SQL from DOCS
            f"SELECT d.docid, coalesce({doc.title}, ''), {doc.body_sql()} "
            f"FROM search_docs d JOIN {doc.table} t ON t.id = d.row_id {doc.join} "
            f"WHERE d.pending = 1 AND d.kind = ?",
            (kind,),
        )
        execute(
            f"UPDATE search_docs SET pending = 0, account_id = src.account_id "  # noqa: S608
            f"FROM (SELECT t.id AS id, {doc.account} AS account_id FROM search_docs d "
            f"JOIN {doc.table} t ON t.id = d.row_id {doc.join} "
            f"WHERE d.pending = 1 AND d.kind = ?) AS src "
            f"WHERE search_docs.row_id = src.id",
            (kind,),
        )
    execute("DELETE FROM search_docs WHERE pending = 1", ())  # their records are gone
    return pending


DOC_BY_TABLE: dict[str, Doc] = {d.table: d for d in DOCS}


def insert_marked(
    execute: Execute, table: str, ids: Sequence[bytes], insert: Callable[[], object]
) -> None:
    """Run ``insert`` (which writes the records ``ids`` of ``table``, stored form, in that
    order, inside the caller's transaction) with the table's insert trigger set aside, then
    mark those records pending in one statement, exactly as the trigger marks them row by row:
    each the next docid of its kind, in the order written.

    Only inside a transaction (or savepoint) of the caller's: should ``insert`` fail, rolling
    that back brings the trigger back with everything else (SQLite's schema changes are part
    of the transaction)."""
    doc = DOC_BY_TABLE.get(table)
    name = f"search_{table}_ins"
    found = execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
    if doc is None or not found or not ids:
        insert()
        return
    execute(f'DROP TRIGGER "{name}"', ())
    insert()
    low, high = docid_range(doc.kind)
    for start in range(0, len(ids), 500):
        part = tuple(ids[start : start + 500])
        marks = ", ".join("?" * len(part))
        execute(
            "INSERT INTO search_docs (docid, kind, row_id, pending) "  # noqa: S608 - fixed SQL
            f"SELECT (SELECT coalesce(max(docid), {low - 1}) FROM search_docs "
            f"WHERE docid BETWEEN {low} AND {high}) + row_number() OVER (ORDER BY t.rowid), "
            f"'{doc.kind}', t.id, 1 FROM {doc.table} t WHERE t.id IN ({marks}) "
            "ORDER BY t.rowid ON CONFLICT (row_id) DO UPDATE SET pending = 1",
            part,
        )
    execute(str(found[0][0]), ())


def rebuild(execute: Execute) -> int:
    """Throw the index away and index every record again; return the number of documents."""
    execute("DELETE FROM search_index", ())
    execute("DELETE FROM search_docs", ())
    for doc in DOCS:
        low, _high = docid_range(doc.kind)
        execute(
            f"INSERT INTO search_docs (docid, kind, row_id, pending) "  # noqa: S608 - fixed SQL
            f"SELECT {low - 1} + row_number() OVER (ORDER BY t.rowid), '{doc.kind}', t.id, 1 "
            f"FROM {doc.table} t",
            (),
        )
    count = flush(execute)
    execute("INSERT INTO search_index (search_index) VALUES ('optimize')", ())
    return count


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class Status:
    """Whether the index reflects the records."""

    documents: int
    records: int
    pending: int
    stale: int
    """Documents whose text differs from their record's, or whose record is gone, or that
    the index lacks or holds without a record."""
    damaged: str = ""
    """FTS5's own integrity-check message, when it failed."""

    @property
    def in_step(self) -> bool:
        return (
            self.documents == self.records
            and not self.pending
            and not self.stale
            and not self.damaged
        )

    @property
    def problems(self) -> list[str]:
        found = []
        if self.pending:
            found.append(f"{self.pending:,} changed records are not indexed yet")
        if self.documents != self.records:
            found.append(
                f"the index holds {self.documents:,} documents for {self.records:,} records"
            )
        if self.stale:
            found.append(f"{self.stale:,} documents differ from their records")
        if self.damaged:
            found.append(f"the index itself is damaged ({self.damaged})")
        return found


def status(execute: Execute, *, deep: bool = True, integrity: bool = False) -> Status:
    """Compare the index with the records. ``deep`` compares every document's text (a full
    scan); ``integrity`` also runs FTS5's integrity-check (needs a writable connection)."""
    documents = int(execute("SELECT count(*) FROM search_docs", ())[0][0])
    orphans = (
        int(
            execute(
                "SELECT count(*) FROM search_index s WHERE NOT EXISTS "
                "(SELECT 1 FROM search_docs d WHERE d.docid = s.rowid)",
                (),
            )[0][0]
        )
        if deep
        else 0
    )
    pending = int(execute("SELECT count(*) FROM search_docs WHERE pending = 1", ())[0][0])
    records = 0
    stale = 0
    for doc in DOCS:
        records += int(execute(f"SELECT count(*) FROM {doc.table}", ())[0][0])  # noqa: S608
        if deep:
            stale += int(
                execute(
                    f"SELECT count(*) FROM search_docs d "  # noqa: S608 - fixed SQL from DOCS
                    f"LEFT JOIN {doc.table} t ON t.id = d.row_id {doc.join} "
                    f"LEFT JOIN search_index s ON s.rowid = d.docid "
                    f"WHERE d.kind = ? AND d.pending = 0 AND (t.id IS NULL OR s.rowid IS NULL "
                    f"OR s.title IS NOT coalesce({doc.title}, '') OR s.body IS NOT "
                    f"({doc.body_sql()}) OR d.account_id IS NOT {doc.account})",
                    (doc.kind,),
                )[0][0]
            )
    damaged = ""
    if integrity:
        try:
            execute(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)", ()
            )
        except Exception as exc:  # noqa: BLE001 - any failure here means "damaged"
            damaged = str(exc)
    stale += orphans
    return Status(documents, records, pending, stale, damaged)
