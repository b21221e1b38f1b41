"""QBR commands: ``qbr`` (deck, PDF, Markdown agenda, invite) and ``plan-pdf``."""

from __future__ import annotations

import argparse
import sys
from datetime import date, time
from pathlib import Path

from planner.cli.common import (
    READS,
    CommandError,
    book_argument,
    command,
    iso_date,
    open_for_cli,
    writes,
)
from planner.domain import formatting as fmt
from planner.services import accounts, qbrs
from planner.services import qbr_export as export
from planner.services.books import Book
from planner.services.qbr_facts import draft_agenda, quarter_title


def formats_argument(text: str) -> tuple[str, ...]:
    """argparse type for ``pptx,pdf,md,ics``."""
    chosen = tuple(dict.fromkeys(p.strip().lower().lstrip(".") for p in text.split(",")))
    chosen = tuple(c for c in chosen if c)
    unknown = [c for c in chosen if c not in export.FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose one or more of {','.join(export.FORMATS)} (comma-separated)"
        )
    return chosen


def length_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from exc
    if not 10 <= value <= 480:
        raise argparse.ArgumentTypeError(f"a meeting lasts 10 to 480 minutes (got {value})")
    return value


def days_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from exc
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError(f"choose 0 to 3660 days (got {value})")
    return value


def time_argument(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 14:30") from exc


def jobs_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from exc
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"choose 1 to 64 processes (got {value})")
    return value


def _copy_arguments(p: argparse.ArgumentParser) -> None:
    copy = p.add_mutually_exclusive_group()
    copy.add_argument(
        "--internal",
        action="store_true",
        help="the internal copy: adds the health score, stakeholder map, pipeline and internal "
        "notes, says INTERNAL on every slide and page, file names end in -internal (the agenda "
        "and invite stay the customer copy)",
    )
    copy.add_argument(
        "--customer-safe",
        action="store_true",
        help="the customer copy (the default): outcomes only, nothing internal",
    )


def _warn(warnings: object) -> None:
    for warning in dict.fromkeys(warnings):  # type: ignore[call-overload]
        print(f"planner: note: {warning}", file=sys.stderr)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "qbr",
        access=writes(when=("save",)),
        help="QBR deck, PDF report, Markdown agenda and invite",
        description="Export a Quarterly Business Review for one account (--account), or for "
        "every account with a planned QBR or a renewal in the next N days (--due-within). "
        "A QBR saved in the book (on --date, else the next planned one) is exported with its "
        "agenda; otherwise an agenda is generated from the book's data.",
    )
    book_argument(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--account", metavar="NAME_OR_ID", help="account name, id or CRM id")
    which.add_argument(
        "--due-within",
        type=days_argument,
        metavar="N",
        help="every account with a QBR or renewal in the next N days",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for the files (created if needed)",
    )
    p.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="meeting date (default: the next planned QBR, else today)",
    )
    p.add_argument(
        "--length",
        type=length_argument,
        metavar="MIN",
        help="length in minutes of a generated agenda (default 60)",
    )
    p.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="your PowerPoint template (.pptx or .potx); default: built-in",
    )
    _copy_arguments(p)
    p.add_argument(
        "--format",
        type=formats_argument,
        default=("pptx", "pdf", "md", "ics"),
        metavar="LIST",
        help="any of pptx,pdf,md,ics (default: all four)",
    )
    p.add_argument(
        "--start",
        type=time_argument,
        default=time(10, 0),
        metavar="HH:MM",
        help="start time written in the invite (default 10:00)",
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="pretend today is this date (for due QBRs and 'now' figures)",
    )
    p.add_argument(
        "--save",
        action="store_true",
        help="save a generated agenda in the book as a planned QBR, and remember "
        "the exported files on the QBR",
    )
    p.add_argument(
        "--jobs",
        type=jobs_argument,
        metavar="N",
        help="with --due-within: render N accounts at a time (default: one per processor core)",
    )
    p.set_defaults(handler=cmd_qbr)

    p = command(
        sub,
        "plan-pdf",
        access=READS,
        help="the Account Success Plan as a PDF",
        description="Write one account's success plan (goals, risks, stakeholders, use cases, "
        "actions) as a PDF document.",
    )
    book_argument(p)
    p.add_argument("--account", required=True, metavar="NAME_OR_ID", help="account name or id")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the PDF to write")
    _copy_arguments(p)
    p.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="pretend today is this")
    p.set_defaults(handler=cmd_plan_pdf)


def cmd_qbr(args: argparse.Namespace) -> int:
    options = export.ExportOptions(
        formats=args.format, template=args.template, internal=args.internal, start=args.start
    )
    if args.template is not None and "pptx" not in args.format:
        print("planner: note: --template is only used for decks (pptx).", file=sys.stderr)
    with open_for_cli(args.book, read_only=not args.save) as book:
        today: date = args.as_of or book.clock.today()
        if args.jobs is not None and args.due_within is None:
            raise CommandError("--jobs applies to a batch (--due-within).")
        if args.due_within is not None:
            if args.date or args.length:
                raise CommandError("--date and --length apply to one account (--account).")
            return _batch(book, args, options, today)
        account = accounts.find_account(book, args.account)
        qbr_id = None
        if args.save:
            qbr_id = _save_generated(book, account.id, args.date, args.length, today)
        result = export.export_qbr(
            book,
            args.out,
            options,
            qbr_id=qbr_id,
            account_id=account.id,
            meeting_date=args.date,
            length_minutes=None if qbr_id else args.length,
            record=args.save,
            today=today,
        )
    _warn(result.warnings)
    for path in result.files:
        print(path)
    return 0


def _save_generated(
    book: Book,
    account_id: str,
    meeting_date: date | None,
    length: int | None,
    today: date,
) -> str | None:
    """With --save: the QBR to export, saving a generated one when the account has none."""
    existing = export.matching_qbr(book, account_id, meeting_date, today)
    if existing is not None:
        return existing
    day = meeting_date or today
    agenda = draft_agenda(book, account_id, meeting_date=day, length_minutes=length or 60)
    saved = qbrs.create_qbr_with_agenda(
        book,
        account_id,
        title=quarter_title(day),
        meeting_date=day,
        length_minutes=length or 60,
        period_start=agenda.inputs.period_start,
        period_end=agenda.inputs.period_end,
        items=[i.as_values() for i in agenda.items],
    )
    print(f"Saved a planned QBR for {fmt.day(day)} in the book.", file=sys.stderr)
    return saved.qbr.id


def _batch(book: Book, args: argparse.Namespace, options: export.ExportOptions, today: date) -> int:
    reported = [0]

    def progress(done: int, total: int) -> bool:
        if total and done > reported[0]:
            reported[0] = done
            print(f"  {done} of {total} accounts...", file=sys.stderr)
        return True

    result = export.export_due(
        book,
        args.out,
        options,
        within_days=args.due_within,
        today=today,
        progress=progress,
        record=args.save,
        workers=args.jobs,
    )
    for skipped in result.skipped:
        print(f"planner: skipped {skipped.account_name}: {skipped.reason}", file=sys.stderr)
    if not result.due:
        print(f"No account has a planned QBR or a renewal in the next {args.due_within} days.")
        return 0
    _warn(result.warnings)
    for path in result.files:
        print(path)
    for name, message in result.failures:
        print(f"planner: {name}: {message}", file=sys.stderr)
    done = len(result.results)
    print(
        f"Exported {done} of {result.due} accounts"
        + (f"; skipped {len(result.skipped)} (listed above)." if result.skipped else "."),
        file=sys.stderr,
    )
    return 1 if result.failures else 0


def cmd_plan_pdf(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf") if not out.is_dir() else out / "plan.pdf"
    with open_for_cli(args.book, read_only=True) as book:
        today: date = args.as_of or book.clock.today()
        account = accounts.find_account(book, args.account)
        result = export.export_plan_pdf(book, account.id, out, internal=args.internal, today=today)
    _warn(result.warnings)
    print(f"{result.path} ({result.pages} page{'s' if result.pages != 1 else ''})")
    return 0
