"""The errors the core raises, written for the person who will read them.

Every message says what happened and, where it helps, what to do next. The UI shows
``str(error)`` as it is; the CLI prints it on stderr.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the core raises on purpose."""


class ValidationError(PlannerError):
    """One input field is wrong. ``field`` names it so a form can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(PlannerError):
    """A row asked for by id or name does not exist (any more)."""


class ConflictError(PlannerError):
    """The request contradicts what the book holds (a duplicate, or a stale edit)."""


class BookError(PlannerError):
    """The book file cannot be used. Subclasses name the reason."""

    def __init__(self, message: str, path: object = None, *, detail: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.detail = detail
        """What exactly was found, in a few words (for a message that tells it otherwise)."""


class BookMissingError(BookError):
    """No file at the path."""


class BookEmptyError(BookError):
    """A zero-byte file."""


class NotABookError(BookError):
    """Not an SQLite database at all (a text file, random bytes, a renamed CSV)."""


class ForeignDatabaseError(BookError):
    """An SQLite database made by another program."""


class BookDamagedError(BookError):
    """Ours, but its pages fail SQLite's integrity check, or a record cannot be read."""


class BookAlteredError(BookDamagedError):
    """Ours, but its schema was changed by another program (a trigger, a view, a table...)."""


class BookTooNewError(BookError):
    """Made by a newer version of the app, with a schema this version does not know."""


class BookReadOnlyError(BookError):
    """The book (or its folder, or its medium) cannot be written."""


class BookLockedError(BookError):
    """Another program or machine is writing this book right now."""


class StorageError(BookError):
    """The disk refused a write (full, removed, I/O error). The book on disk is unchanged."""
