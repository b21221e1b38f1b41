"""Book commands: ``demo``, ``new``, ``check``, ``recover``, ``info``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import (
    READS,
    book_argument,
    command,
    iso_date,
    open_for_cli,
    print_json,
    writes,
)
from planner.domain.money import is_currency_code
from planner.services import books


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "demo",
        access=writes(),
        handler=cmd_demo,
        help="create a realistic demo book",
        description="Create a realistic, deterministic demo book: accounts across tiers, "
        "industries and lifecycle stages, with plans, goals, stakeholders, timelines, health "
        "history, surveys, revenue and past QBRs.",
    )
    book_argument(p, help_text="the book file to create (e.g. demo.aspbook)")
    p.add_argument(
        "--accounts",
        type=int,
        default=40,
        metavar="N",
        help="number of accounts (default 40; 10000 or more for load tests)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=7,
        metavar="S",
        help="random seed: the same seed and date give the same book (default 7)",
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="pretend today is this date (default: today)",
    )
    p.add_argument("--replace", action="store_true", help="replace BOOK if it exists")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")

    p = command(sub, "new", access=writes(), handler=cmd_new, help="create an empty book")
    book_argument(p, help_text="the book file to create")
    p.add_argument("--currency", default="USD", help="base currency (ISO code, default USD)")

    p = command(
        sub,
        "check",
        access=writes(when=("repair_index",)),
        handler=cmd_check,
        help="check that a book is sound",
        description="Check a book without changing it. Exit 0 and a one-line summary when it "
        "is sound; exit 1 and the reason otherwise.",
    )
    book_argument(p)
    p.add_argument(
        "--repair-index",
        action="store_true",
        help="also check the search index and rebuild it if it is out of step (writes the book)",
    )

    p = command(
        sub,
        "recover",
        access=writes(),
        handler=cmd_recover,
        help="undo the unfinished change a stopped program left in a book",
        description="When a program stopped while saving BOOK, the file BOOK-journal beside it "
        "holds the book as it was before that change. Roll it back into BOOK (as opening the "
        "book in the app does), then check the book. Nothing else is changed, and a journal "
        "is never deleted: when BOOK itself is gone, its journal is kept under another name "
        "so a new book can be made at that path.",
    )
    book_argument(p)

    p = command(
        sub,
        "info",
        access=READS,
        handler=cmd_info,
        help="schema version, application id and counts",
    )
    book_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")


def cmd_demo(args: argparse.Namespace) -> int:
    last_shown = [0]

    def progress(done: int, total: int) -> bool:
        if not args.quiet and total >= 1000 and done - last_shown[0] >= total // 10:
            last_shown[0] = done
            print(f"  {done:,} of {total:,} accounts...", file=sys.stderr)
        return True

    from planner.services import demo  # noqa: PLC0415 - only this command needs it

    result = demo.generate_demo(
        args.book,
        accounts=args.accounts,
        seed=args.seed,
        today=args.as_of,
        replace=args.replace,
        progress=progress,
    )
    if not args.quiet:
        print(
            f"Created {result.path} with {result.accounts:,} accounts ({result.rows:,} records) "
            f"in {result.seconds:.1f} s ({result.accounts_per_second:,.0f} accounts/s)."
        )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    currency = args.currency.upper()
    if not is_currency_code(currency):
        print(f"planner: {args.currency!r} is not a currency code such as USD.", file=sys.stderr)
        return 1
    books.create_book(Path(args.book), currency=currency).close()
    print(f"Created an empty book at {args.book}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    result = books.check_book(args.book)
    print(result.summary)
    if args.repair_index:
        from planner.services import search  # noqa: PLC0415 - only this option needs it

        with open_for_cli(args.book) as book:
            print(search.repair_index(book).summary)
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    result = books.recover_book(args.book)
    if result.book_missing:
        print(
            f"There is no book at {args.book}, so its leftover journal could not be rolled "
            f"back into it. It was kept as {result.set_aside} (nothing was deleted); a new book "
            "can now be made at that path."
        )
        return 0
    if result.rolled_back:
        print(
            f"Rolled back the unfinished change left in {args.book} by a program that stopped "
            "while saving."
        )
    elif result.set_aside is not None:
        print(
            f"The journal beside {args.book} was not an unfinished change of it (SQLite did "
            f"not use it); it was kept as {result.set_aside}."
        )
    else:
        print(f"{args.book} has nothing to recover (no leftover journal).")
    print(books.check_book(args.book).summary)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        info = books.book_info(book)
    if args.json:
        print_json(
            {
                "path": str(info.path),
                "schema_version": info.schema_version,
                "app_schema_version": info.app_schema_version,
                "application_id": info.application_id,
                "book_id": info.book_id,
                "base_currency": info.base_currency,
                "counts": info.counts,
            }
        )
        return 0
    print(f"Book:            {info.path}")
    print(f"Format version:  {info.schema_version} (this app writes {info.app_schema_version})")
    print(f"Application id:  {info.application_id:#010x}")
    print(f"Base currency:   {info.base_currency}")
    width = max(len(label) for label in books.COUNTED.values())
    for table, label in books.COUNTED.items():
        print(f"  {label[0].upper() + label[1:]:<{width}}  {info.counts[table]:>9,}")
    return 0
