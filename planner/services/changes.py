"""What writes changed, for those who show the book.

* :class:`Changes` is what the book tells its listeners after every commit: the tables a
  transaction wrote, or "whole book" (import, merge, restore). Subscribe with
  ``book.subscribe(listener)``; the listener is called on the thread that wrote.
* Undoing deletes: every delete service returns a :class:`DeletedRows` capture that
  :func:`restore` puts back exactly (same ids, same links), with derived values recomputed.
"""

from __future__ import annotations

from planner.services.accounts import recompute_arr
from planner.store import rows
from planner.store.book import Book
from planner.store.changes import Changes
from planner.store.rows import DeletedRows

__all__ = ["Changes", "DeletedRows", "restore"]


def restore(book: Book, deleted: DeletedRows) -> None:
    with book.write() as session:
        rows.restore_rows(session, deleted)
        if "revenue_events" in deleted.tables:
            for account_id in {r["account_id"] for t, r in deleted.rows if t == "revenue_events"}:
                recompute_arr(session, account_id)
