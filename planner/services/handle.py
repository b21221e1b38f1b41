"""The narrow handle the desktop app holds of an open book.

The app passes the open book to services and otherwise needs only these few things of it: its
file, its name, whether (and why) it is read-only, its clock, to hear what changed, to run the
check its opening deferred (a book closed cleanly is shown first, then checked), and to close
it. It never opens a unit of work itself (``read()``/``write()`` belong to services);
settings are read and written through :mod:`planner.services.books`.
``tests/ui/test_book_handle.py`` checks that ``ui/`` asks nothing else of a book.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planner.domain.clock import Clock
from planner.store.changes import Changes

if TYPE_CHECKING:
    from planner.store.book import Book

ChangeListener = Callable[[Changes], None]


class BookHandle(Protocol):
    """What the UI may ask of an open book (the store's ``Book`` is one)."""

    @property
    def path(self) -> Path: ...

    @property
    def name(self) -> str: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def read_only_reason(self) -> str: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def closed(self) -> bool: ...

    @property
    def check_pending(self) -> bool: ...

    def verify(self) -> None:
        """Run the check deferred at open (writes wait for it); raise what it found."""
        ...

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Hear the :class:`Changes` of every commit (on the thread that wrote)."""
        ...

    def close(self) -> None: ...


#: The names the UI may use on a book (checked by the tests).
HANDLE_MEMBERS = frozenset(
    {
        "path",
        "name",
        "read_only",
        "read_only_reason",
        "clock",
        "closed",
        "check_pending",
        "verify",
        "subscribe",
        "close",
    }
)


if TYPE_CHECKING:  # the type checker proves the store's book is such a handle

    def _a_book_is_a_handle(book: Book) -> BookHandle:
        return book
