"""``planner log``: put meetings (.ics invites) and e-mails (.eml messages) on the timeline.

Each file is read with bounded memory (sizes are checked before parsing), its people are
matched to stakeholders, and everything is written in one transaction, or nothing when a file
could not be read or an account cannot be told (unless ``--skip-invalid``). Logging the same
invite or message again updates the interaction it made.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.commands_entities import verb
from planner.cli.common import CommandError, book_argument, open_for_cli, print_json
from planner.domain.text import shorten
from planner.services import accounts
from planner.services.capture import log, person

OUTCOME_WORDS = {
    "created": "new",
    "updated": "updated",
    "unchanged": "unchanged",
    "duplicate": "duplicate",
    "skipped": "skipped",
    "problem": "problem",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = verb(
        sub,
        "log",
        writes=True,
        unless=("dry_run",),
        help="log meetings (.ics) and e-mails (.eml) on accounts' timelines",
        description="Log the meetings in calendar invites (.ics) and the messages in saved "
        "e-mails (.eml) as interactions: the date, subject and text come from the file "
        "(quoted replies and signatures cut), and the people in it are matched to "
        "stakeholders by e-mail address, which also tells the account. The same invite or "
        "message logged again updates its interaction. Outlook .msg files cannot be read: "
        "save the mail as .eml. Nothing is written when a file cannot be read or its account "
        "cannot be told (unless --skip-invalid).",
    )
    book_argument(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".ics or .eml files")
    p.add_argument(
        "--account",
        default=None,
        metavar="NAME_OR_ID",
        help="log everything on this account (else the people in each file tell it)",
    )
    p.add_argument(
        "--add-unknown",
        action="store_true",
        help="add the addresses that are not stakeholders yet as new stakeholders",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be logged; write nothing"
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="log what can be logged and skip files and items with a problem",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_log)


def cmd_log(args: argparse.Namespace) -> int:
    prefs = person.preferences()
    captured, problems = log.read_files(args.files, tz=person.local_timezone())
    options: dict[str, Any] = {
        "add_unknown": args.add_unknown,
        "my_email": prefs["email"],
        "dry_run": args.dry_run,
        "skip_invalid": args.skip_invalid,
        "problems": problems,
    }
    with open_for_cli(args.book, read_only=args.dry_run, take_over=args.take_over) as book:
        if args.account:
            options["account_id"] = accounts.find_account(book, args.account).id
        if not captured and not problems:
            raise CommandError("No files to log.")
        result = log.log_captured(book, captured, **options)
    if args.json:
        print_json(result_json(result))
    else:
        _print_result(result, args)
    return 0 if result.ok or (args.skip_invalid and result.written) else 1


def result_json(result: log.LogResult) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "written": result.written,
        "items": [
            {
                "file": item.source,
                "outcome": item.outcome,
                "interaction_id": item.interaction_id,
                "external_id": item.external_id,
                "type": item.captured.type,
                "occurred_on": item.captured.occurred_on,
                "subject": item.captured.subject,
                "summary": item.captured.summary,
                "account_id": item.account_id,
                "account_name": item.account_name or None,
                "attendees": list(item.attendees),
                "added_stakeholders": list(item.added),
                "unknown": [
                    {"email": u.email, "name": u.name, "side": u.side} for u in item.unknown
                ],
                "candidates": [
                    {"account_id": c.account_id, "name": c.name, "matched": list(c.matched)}
                    for c in item.candidates
                ],
                "problem": item.problem,
                "notes": list(item.notes),
            }
            for item in result.items
        ],
        "problems": [{"file": p.file, "message": p.message} for p in result.problems],
        "counts": {
            outcome: result.count(outcome)
            for outcome in ("created", "updated", "unchanged", "duplicate", "skipped", "problem")
        },
    }


def _print_result(result: log.LogResult, args: argparse.Namespace) -> None:
    verb = "Would log" if result.dry_run else "Logged" if result.written else "Read"
    done = [i for i in result.items if i.problem is None]
    counts = ", ".join(
        f"{result.count(o)} {OUTCOME_WORDS[o]}"
        for o in ("created", "updated", "unchanged", "duplicate")
        if result.count(o)
    )
    if done:
        print(
            f"{verb} {len(done)} item{'s' if len(done) != 1 else ''}"
            + (f": {counts}." if counts else ".")
        )
    for item in done:
        who = f" with {', '.join(item.attendees)}" if item.attendees else ""
        print(
            f"  {OUTCOME_WORDS[item.outcome]:<9}  {item.captured.occurred_on.isoformat()}  "
            f"{item.captured.type.label:<7}  {shorten(item.captured.subject, 50)}  "
            f"({item.account_name}){who}"
        )
        for email in item.added:
            print(f"             + new stakeholder {email}")
    notes = [n for i in result.items for n in i.notes]
    if notes:
        print("Notes:")
        for note in dict.fromkeys(notes):
            print(f"  {note}")
    if result.unknown:
        print("Not stakeholders yet (add them with --add-unknown):")
        for u in result.unknown:
            print(f"  {u.email}  {u.name}  ({u.side.label})")
    item_problems = [i.problem for i in result.items if i.problem]
    if result.problems or item_problems:
        print("Problems:", file=sys.stderr)
        for p in result.problems:
            print(f"  {p.message}", file=sys.stderr)
        for text in item_problems:
            print(f"  {text}", file=sys.stderr)
        if any(i.candidates or (i.problem and i.account_id is None) for i in result.items):
            print("  Use --account NAME_OR_ID to choose the account.", file=sys.stderr)
    if result.dry_run:
        print("Dry run: nothing was written.")
    elif not result.written and (result.problems or item_problems) and not args.skip_invalid:
        print(
            "Nothing was written. Fix the problems, or run again with --skip-invalid.",
            file=sys.stderr,
        )
    elif not result.written:
        print("Nothing needed changing.")
