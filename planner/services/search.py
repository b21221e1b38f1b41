"""Search everything in a book: one box, any text, results grouped by kind.

The index is SQLite FTS5 (:mod:`planner.store.search_index`), kept current by the write path.
What is typed becomes a safe query (:mod:`planner.domain.search`): words match the start of
words, accents and case ignored; quoted text matches a phrase; nothing typed is ever read as
query syntax, so no input fails.

Speed on a big book: first the matching documents are listed in index order, stopping after
:data:`MAX_CANDIDATES` (FTS5 walks its lists and stops; each kind of record owns a range of
document numbers, so index order is kind order and one kind is a range). When no more than that
match, all of them are ranked by relevance (BM25, a title weighing four times the rest). When
more match, ranking them all would be slow and say little: the first ones are shown in kind
order (accounts first) and the results say the search was capped; adding a word narrows it.
Only the hits returned are read back for their text, which is marked where it matches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any

from planner.domain import errors
from planner.domain.search import Piece, Term, excerpt, fts_query, mark, parse_query
from planner.store import search_index as si
from planner.store.book import Book
from planner.store.models import guid_text

#: At most this many matching documents are ranked (the newest ones when more match).
MAX_CANDIDATES = 1000
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
_TITLE_WEIGHT, _BODY_WEIGHT = 4.0, 1.0


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    label: str
    plural: str
    tab: str
    """The account workspace tab where this kind of record lives."""


#: Every kind of record searched, in the order results are grouped.
KINDS: tuple[Kind, ...] = (
    Kind("account", "Account", "Accounts", "overview"),
    Kind("plan", "Success plan", "Success plans", "plan"),
    Kind("goal", "Goal", "Goals", "plan"),
    Kind("risk", "Risk", "Risks", "plan"),
    Kind("stakeholder", "Stakeholder", "Stakeholders", "stakeholders"),
    Kind("interaction", "Interaction", "Interactions", "timeline"),
    Kind("action", "Action", "Actions", "actions"),
    Kind("use_case", "Use case", "Use cases", "use_cases"),
    Kind("survey", "Survey response", "Survey responses", "voice"),
    Kind("qbr", "QBR", "QBRs", "qbr"),
    Kind("opportunity", "Opportunity", "Opportunities", "expansion"),
)
KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: Kind
    row_id: str
    account_id: str
    account_name: str
    account_archived: bool
    title: tuple[Piece, ...]
    """The record's title (name, subject...), matching words marked."""
    excerpt: tuple[Piece, ...]
    """Some of its other text around the first match, matching words marked."""

    @property
    def title_text(self) -> str:
        return "".join(p.text for p in self.title)

    @property
    def excerpt_text(self) -> str:
        return "".join(p.text for p in self.excerpt)

    def as_contract(self) -> dict[str, Any]:
        """The hit as ``planner search --json`` prints it."""
        return {
            "kind": self.kind.key,
            "id": self.row_id,
            "account_id": self.account_id,
            "account": self.account_name,
            "account_archived": self.account_archived,
            "title": self.title_text,
            "excerpt": self.excerpt_text,
            "matched": sorted({p.text for p in (*self.title, *self.excerpt) if p.matched}),
            "tab": self.kind.tab,
        }


@dataclass(frozen=True, slots=True)
class SearchGroup:
    kind: Kind
    count: int
    """Matches of this kind (among the first ``MAX_CANDIDATES`` when the search was capped)."""
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    text: str
    terms: tuple[Term, ...]
    groups: tuple[SearchGroup, ...]
    matches: int
    """How many documents matched (at most ``MAX_CANDIDATES``; see ``capped``)."""
    capped: bool
    """More than ``MAX_CANDIDATES`` matched: the first of them, in kind order, unranked."""

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return tuple(h for g in self.groups for h in g.hits)

    @property
    def empty_query(self) -> bool:
        return not self.terms

    @property
    def summary(self) -> str:
        """One line saying what was found, for a status line."""
        if not self.terms:
            return "Type a word, part of a word, or a phrase in double quotes."
        if not self.matches:
            return f"Nothing in this book matches {self.text.strip()!r}."
        if self.capped:
            return (
                f"More than {MAX_CANDIDATES:,} matches, so they are not ranked. Add a word "
                "to narrow the search."
            )
        shown = len(self.hits)
        more = f", showing the best {shown:,}" if shown < self.matches else ""
        return f"{self.matches:,} match{'es' if self.matches != 1 else ''}{more}."

    def as_contract(self) -> dict[str, Any]:
        return {
            "query": self.text,
            "matches": self.matches,
            "capped": self.capped,
            "counts": {g.kind.key: g.count for g in self.groups},
            "hits": [h.as_contract() for h in self.hits],
        }


def parse_kind(text: str) -> Kind:
    """A kind from its key, label or plural ("goal", "Goals", "use case")."""
    key = "".join(ch for ch in text.casefold() if ch.isalnum())
    for kind in KINDS:
        names = {kind.key, kind.label, kind.plural}
        if key in {"".join(ch for ch in n.casefold() if ch.isalnum()) for n in names}:
            return kind
    choices = ", ".join(k.key for k in KINDS)
    raise errors.ValidationError(
        "kind", f"{text[:40]!r} is not a kind of record; use one of: {choices}."
    )


def search(
    book: Book, text: str, *, kind: str | None = None, limit: int = DEFAULT_LIMIT
) -> SearchResults:
    """Find ``text`` anywhere in the book (optionally one ``kind``); the best ``limit`` hits,
    grouped by kind in :data:`KINDS` order."""
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.ValidationError("limit", f"The limit must be between 1 and {MAX_LIMIT:,}.")
    wanted = parse_kind(kind) if kind else None
    terms = parse_query(text)
    if not terms:
        return SearchResults(text, terms, (), 0, capped=False)
    match = fts_query(terms)
    where, params = "", tuple[Any, ...]((match,))
    if wanted:
        low, high = si.docid_range(wanted.key)
        where, params = "AND s.rowid BETWEEN ? AND ?", (match, low, high)
    with book.read() as session:
        # The session's own sqlite3 connection, in its transaction: rows as plain tuples.
        run = si.connection_executor(session.connection().connection.dbapi_connection)
        # Kinds own consecutive docid ranges in KINDS order, so index order is kind order.
        found = [
            int(r[0])
            for r in run(
                f"SELECT s.rowid FROM search_index s WHERE search_index MATCH ? {where} "  # noqa: S608
                "ORDER BY s.rowid LIMIT ?",
                (*params, MAX_CANDIDATES + 1),
            )
        ]
        capped = len(found) > MAX_CANDIDATES
        if capped:  # too many to rank cheaply: the first ones, in kind order
            order = found[:MAX_CANDIDATES]
        else:
            scored = run(
                f"SELECT s.rowid, bm25(search_index, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) "  # noqa: S608
                f"FROM search_index s WHERE search_index MATCH ? {where}",
                params,
            )
            ranked = sorted(((int(r[0]), float(r[1])) for r in scored), key=lambda r: (r[1], -r[0]))
            order = [docid for docid, _ in ranked]
        chosen = order[:limit]
        shown = _shown(run, chosen)
    counts = _counts(found[:MAX_CANDIDATES])
    hits: dict[str, list[SearchHit]] = {}
    for docid in chosen:
        if docid not in shown:
            continue
        kind_key, row_id, account_id, name, archived, title, body = shown[docid]
        hit = SearchHit(
            kind=KIND_BY_KEY[kind_key],
            row_id=guid_text(row_id),
            account_id=guid_text(account_id) if account_id is not None else "",
            account_name=name,
            account_archived=archived,
            title=mark(" ".join(title.split()), terms),
            excerpt=mark(excerpt(body.strip().replace("\n", " · "), terms), terms),
        )
        hits.setdefault(hit.kind.key, []).append(hit)
    groups = tuple(
        SearchGroup(k, counts[k.key], tuple(hits.get(k.key, ()))) for k in KINDS if counts[k.key]
    )
    return SearchResults(text, terms, groups, len(order), capped=capped)


def _counts(docids: list[int]) -> Counter[str]:
    """How many of ``docids`` (in index order) are of each kind: each kind is a range."""
    counts: Counter[str] = Counter()
    start = 0
    while start < len(docids):
        number = docids[start] // si.KIND_SPAN
        end = bisect_left(docids, (number + 1) * si.KIND_SPAN, start)
        counts[si.DOCS[number - 1].kind] += end - start
        start = end
    return counts


_Shown = tuple[str, bytes, bytes | None, str, bool, str, str]


def _shown(run: si.Execute, docids: list[int]) -> dict[int, _Shown]:
    """What is shown of each of ``docids``, in one query: its kind, record and account ids,
    the account's name and whether it is archived, and the indexed title and body."""
    if not docids:
        return {}
    marks = ", ".join("?" * len(docids))
    rows = run(
        "SELECT d.docid, d.kind, d.row_id, d.account_id, a.name, a.archived, s.title, s.body "  # noqa: S608
        "FROM search_docs d LEFT JOIN accounts a ON a.id = d.account_id "
        f"LEFT JOIN search_index s ON s.rowid = d.docid WHERE d.docid IN ({marks})",
        tuple(docids),
    )
    return {
        int(r[0]): (
            str(r[1]),
            bytes(r[2]),
            bytes(r[3]) if r[3] is not None else None,
            str(r[4]) if r[4] is not None else "",
            bool(r[5]) if r[4] is not None else False,
            str(r[6] or ""),
            str(r[7] or ""),
        )
        for r in rows
        if str(r[1]) in KIND_BY_KEY
    }


# --------------------------------------------------------------------------- keeping it sound


@dataclass(frozen=True, slots=True)
class IndexReport:
    before: si.Status
    after: si.Status
    rebuilt: bool

    @property
    def summary(self) -> str:
        if not self.rebuilt:
            return f"Search index: in step ({self.after.documents:,} records indexed)."
        why = "; ".join(self.before.problems) or "asked for"
        state = "now in step" if self.after.in_step else "still not in step"
        return f"Search index rebuilt ({why}): {self.after.documents:,} records indexed, {state}."


def index_status(book: Book, *, deep: bool = True) -> si.Status:
    """Whether the search index reflects the book (``deep``: compare every document's text)."""
    with book.read() as session:
        return si.status(si.session_executor(session), deep=deep)


def repair_index(book: Book, *, force: bool = False) -> IndexReport:
    """Check the search index (and FTS5's own integrity) and rebuild it when it is out of
    step, or always with ``force``; one write transaction."""
    with book.write() as session:
        run = si.session_executor(session)
        before = si.status(run, deep=True, integrity=True)
        rebuilt = force or not before.in_step
        if rebuilt:
            si.rebuild(run)
        after = si.status(run, deep=True, integrity=True) if rebuilt else before
    return IndexReport(before, after, rebuilt)
