"""``planner settings BOOK``: show or change the book's settings (name, base currency, exchange
rates, gross margin, fiscal year start, staleness limits). The app's Book > Settings... changes
the same values with the same checks."""

from __future__ import annotations

import argparse

from planner.cli.common import (
    CommandError,
    book_argument,
    command,
    open_for_cli,
    print_json,
    print_table,
    writes,
)
from planner.domain import errors
from planner.services import book_settings


def setting_argument(text: str) -> tuple[str, str]:
    """argparse type for ``KEY=VALUE`` (the value may be empty: ``fx.EUR=`` removes a rate)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r}: write a setting as KEY=VALUE, for example fx.EUR=1.08"
        )
    return key.strip(), value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "settings",
        access=writes(when=("settings",)),
        help="show or change a book's settings (currency, exchange rates, margin...)",
        description="The book's settings: name, base_currency, fx.<CURRENCY> (how many units "
        "of the base currency one unit is worth: fx.EUR=1.08; empty removes the rate), "
        "gross_margin (percent), fiscal_year_start (month 1-12) and the staleness and Needs "
        "Attention limits (attention.no_interaction_days=45...). Without --set, shows them. "
        "The app changes the same values in Book > Settings....",
    )
    book_argument(p)
    p.add_argument(
        "--set",
        dest="settings",
        type=setting_argument,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one setting (repeat for several; all are checked, then written together)",
    )
    p.add_argument("--json", action="store_true", help="print the settings as JSON")
    p.set_defaults(handler=cmd_settings)


def cmd_settings(args: argparse.Namespace) -> int:
    changing = bool(args.settings)
    book = open_for_cli(args.book, read_only=not changing, take_over=args.take_over)
    try:
        if changing:
            try:
                change = book_settings.update(book, dict(args.settings))
            except errors.ValidationError as exc:
                raise CommandError(f"{exc} Nothing was changed.") from None
            current = change.after
        else:
            current = book_settings.get(book)
    finally:
        book.close()
    if args.json:
        print_json(current.as_json())
        return 0
    if changing:
        if change.changed:
            print(f"Changed {', '.join(change.changed)} in {args.book.name}.")
        else:
            print(f"Nothing changed: {args.book.name} already has these settings.")
    rows = [(key, label, value) for key, label, value in book_settings.describe(current)]
    print_table(rows, ("Key", "Setting", "Value"), widths={0: 34, 1: 40, 2: 60})
    return 0
