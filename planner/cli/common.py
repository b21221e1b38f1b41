"""Helpers shared by the CLI's command modules: arguments, output, opening books."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from planner.domain.text import neutralise_cell, shorten
from planner.services import books


class CommandError(Exception):
    """A usage problem found after parsing (shown like any other error, exit 1)."""


def book_argument(parser: argparse.ArgumentParser, *, help_text: str = "the book file") -> None:
    parser.add_argument("book", type=Path, metavar="BOOK", help=help_text)


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from exc


@contextlib.contextmanager
def lock_explained() -> Iterator[None]:
    """Turn "the book is in use" into a CLI error naming the holder (and --take-over when the
    lock is stale)."""
    try:
        yield
    except books.BookInUseError as exc:
        hint = " Run again with --take-over to break it." if exc.stale else ""
        raise CommandError(f"{exc}{hint}") from None


def open_for_cli(path: Path, *, read_only: bool = False, take_over: bool = False) -> books.Book:
    """Open a book for a command: read-only for commands that only read it; otherwise with its
    lock (a clear error naming who holds it) and refused when the file cannot be written."""
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
