"""Helpers shared by the CLI's command modules: declaring a command, arguments, output, opening
books.

Every sub-command is added with :func:`command`, which records whether it changes a book
(:func:`writes`) or only reads (:data:`READS`). Before a command that writes runs, ``planner``
takes the lock of the book it writes (``planner/cli/__init__.py``), so a book open in the app or
in another command is never changed underneath it; commands that only read need no lock. A
command added without saying which it is fails the test that walks every command
(``tests/planner/test_cli_commands.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from planner.domain import formatting as fmt
from planner.domain.text import neutralise_cell, shorten

if TYPE_CHECKING:
    from planner.services import books


class CommandError(Exception):
    """A usage problem found after parsing (shown like any other error, exit 1)."""


@dataclass(frozen=True, slots=True)
class Access:
    """What a command does to a book: which argument names the book it writes (None: it only
    reads), and, for a command that writes only when asked, the options that make it write."""

    book: str | None
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    """Options that make a writing command only read (``--dry-run`` of ``planner log``)."""

    def writes_with(self, args: argparse.Namespace) -> Path | None:
        """The book these arguments make the command write, or None."""
        if self.book is None:
            return None
        if self.when and not any(_given(getattr(args, option, None)) for option in self.when):
            return None
        if any(_given(getattr(args, option, None)) for option in self.unless):
            return None
        value = getattr(args, self.book, None)
        return Path(value) if value is not None else None


def _given(value: object) -> bool:
    """Whether an option was given: ``--red-below 0`` was; an empty ``--weight`` list was not."""
    return value is not None and value is not False and value != []


READS = Access(None)
"""A command that only reads books (it may write other files: exports, copies, PDFs)."""


def writes(book: str = "book", *, when: Sequence[str] = (), unless: Sequence[str] = ()) -> Access:
    """A command that changes, creates or replaces the book named by the argument ``book``;
    with ``when``, only when one of those options is given (``qbr --save``); with ``unless``,
    not when one of those is given (``log --dry-run``, which opens the book read-only)."""
    return Access(book, tuple(when), tuple(unless))


Handler = Callable[[argparse.Namespace], int]


def command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    access: Access,
    handler: Handler | None = None,
    **parser_options: Any,
) -> argparse.ArgumentParser:
    """Add the sub-command ``name`` (``help=``, ``description=``... go to argparse).

    ``access`` says whether it writes a book (:func:`writes`) or only reads (:data:`READS`).
    A writing command gets ``--take-over`` (break the book's lock when it is stale). Give the
    ``handler`` here or later with ``set_defaults(handler=...)``; a command with its own
    sub-commands (``planner goal add``) declares ``access`` on each of them.
    """
    parser = sub.add_parser(name, **parser_options)
    parser.set_defaults(access=access)
    if handler is not None:
        parser.set_defaults(handler=handler)
    if access.book is not None:
        parser.add_argument(
            "--take-over",
            action="store_true",
            help="break the book's lock if it is stale (left by a program that stopped)",
        )
    return parser


def book_argument(parser: argparse.ArgumentParser, *, help_text: str = "the book file") -> None:
    parser.add_argument("book", type=Path, metavar="BOOK", help=help_text)


EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def iso_date(text: str) -> date:
    """argparse type for a date: YYYY-MM-DD, or as the app shows dates (31 Mar 2027; see
    :func:`planner.domain.formatting.parse_day`), between 1900 and 2199 (dates far outside
    cannot be counted from or to: a quarter after 9999-12-31 does not exist)."""
    try:
        day = fmt.parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; type it like 2026-03-31 or 31 Mar 2026") from exc
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            f"{text} is too far from today; give a date between {fmt.day(EARLIEST)} and "
            f"{fmt.day(LATEST)}"
        )
    return day


@contextlib.contextmanager
def lock_explained() -> Iterator[None]:
    """Turn "the book is in use" into a CLI error naming the holder (and --take-over when the
    lock is stale)."""
    # Imported here, as in open_for_cli: a command that reads without opening a book
    # (``planner accounts``) does not load the whole book service and SQLAlchemy with it.
    from planner.services import books  # noqa: PLC0415

    try:
        yield
    except books.BookInUseError as exc:
        hint = " Run again with --take-over to break it." if exc.stale else ""
        raise CommandError(f"{exc}{hint}") from None


def open_for_cli(path: Path, *, read_only: bool = False, take_over: bool = False) -> books.Book:
    """Open a book for a command: read-only for commands that only read it; otherwise with its
    lock (a clear error naming who holds it) and refused when the file cannot be written."""
    from planner.services import books  # noqa: PLC0415 - see lock_explained

    if read_only:
        return books.open_book(path, read_only=True)
    with lock_explained():
        book = books.open_book(path, lock=True, take_over=take_over)
    if book.read_only:
        reason = book.read_only_reason
        book.close()
        raise CommandError(f"{reason} Nothing was changed.")
    return book


def plain(value: Any) -> Any:
    """A value as JSON/CSV wants it: enums by value, dates ISO, everything else as is."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def print_json(data: Any, out: TextIO | None = None) -> None:
    json.dump(data, out or sys.stdout, indent=2, ensure_ascii=False, default=plain)
    (out or sys.stdout).write("\n")


def write_csv(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], out: TextIO) -> None:
    """CSV with every text cell neutralised against formula injection."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        cells = []
        for name in fields:
            value = plain(row.get(name))
            if value is None:
                cells.append("")
            elif isinstance(value, str):
                cells.append(neutralise_cell(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)


def print_table(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    *,
    widths: Mapping[int, int] | None = None,
) -> None:
    """Aligned columns for people; long cells are shortened."""
    limits = widths or {}
    shown = [[shorten(str(c), limits.get(i, 40)) for i, c in enumerate(r)] for r in rows]
    sizes = [len(h) for h in headers]
    for r in shown:
        for i, cell in enumerate(r):
            sizes[i] = max(sizes[i], len(cell))
    line = "  ".join(h.ljust(sizes[i]) for i, h in enumerate(headers))
    print(line.rstrip())
    print("  ".join("-" * s for s in sizes))
    for r in shown:
        print("  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip())
