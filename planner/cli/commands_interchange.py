"""Portable-book commands: ``import``, ``export``, ``import-archive``, ``merge``, ``backup``,
``backups``, ``restore``.

Commands that change a book take its lock first: when the book is open elsewhere they stop
and say who has it (``--take-over`` breaks a lock that is stale, never a live one). Commands
that only read (``export``, ``backup``, ``backups``) need no lock.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from planner.cli.common import (
    READS,
    CommandError,
    book_argument,
    command,
    lock_explained,
    open_for_cli,
    print_json,
    writes,
)
from planner.domain import errors
from planner.services import books
from planner.services.interchange import csvio, export, importer, mapping, merge
from planner.services.interchange import fields as f
from planner.services.interchange.values import CellValueError, parse_date_format

_KIND_CHOICES = sorted({*f.KINDS, *f.KIND_ALIASES})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "import",
        access=writes(),
        handler=cmd_import,
        help="import a CRM export (CSV) into a book",
        description="Import accounts, stakeholders, action items, survey responses or revenue "
        "events from a CSV export (Salesforce reports or Data Loader, HubSpot, a spreadsheet). "
        "Every row is checked; the import is written in one go, or not at all. Importing the "
        "same file again updates the same records (matched by CRM id) and creates no "
        "duplicates. Dates like 03/04/2025 and numbers like 1,234 are never guessed: pass "
        "--date-format or --decimal when the file does not settle them.",
    )
    book_argument(p)
    p.add_argument("file", type=Path, metavar="FILE", help="the CSV file")
    p.add_argument(
        "--kind",
        required=True,
        choices=_KIND_CHOICES,
        metavar="KIND",
        help="accounts (companies), stakeholders (contacts), actions (tasks), "
        "surveys (NPS/CSAT) or revenue",
    )
    p.add_argument(
        "--mapping",
        default="auto",
        metavar="auto|NAME|FILE",
        help="which column fills which field: 'auto' from the headers (default), "
        "a mapping saved in the book under NAME, or a JSON mapping FILE",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map one field to a column (repeatable; overrides the mapping)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="give every row this value when no column is mapped (e.g. kind=nps)",
    )
    p.add_argument(
        "--date-format",
        metavar="F",
        help="how the file writes dates: DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, "
        "YYYY-MM-DD, YYYY/MM/DD or D MMM YYYY (needed when dates like 03/04/2025 "
        "are not settled by the file)",
    )
    p.add_argument(
        "--match",
        choices=("name", "crm-id"),
        help="accounts whose name is already in the book under another CRM id: "
        "'name' updates those accounts (the same companies from another CRM), "
        "'crm-id' creates new ones",
    )
    p.add_argument("--decimal", choices=(",", "."), help="the decimal separator of amounts")
    p.add_argument("--encoding", choices=csvio.ENCODINGS, help="override the detected encoding")
    p.add_argument(
        "--delimiter", choices=(",", ";", "tab", "|"), help="override the detected delimiter"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but write nothing"
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the good rows and skip rows with problems (listed)",
    )
    p.add_argument(
        "--save-mapping", metavar="NAME", help="save the mapping used in the book under NAME"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = command(
        sub,
        "export",
        access=READS,
        handler=cmd_export,
        help="export a book as CSV files or a JSON archive",
        description="CSV: one UTF-8 file (with byte-order mark, so Excel reads it right) per "
        "table into the folder PATH; cells that could run as spreadsheet formulas are "
        "neutralised. JSON: the whole book in one versioned archive file PATH, from which "
        "'planner import-archive' rebuilds it exactly.",
    )
    book_argument(p)
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument(
        "--out", type=Path, required=True, metavar="PATH", help="a folder (csv) or a file (json)"
    )
    p.add_argument(
        "--tables",
        metavar="T1,T2",
        help=f"csv only: these tables (default: all of {', '.join(export.CSV_TABLES)})",
    )

    p = command(
        sub,
        "import-archive",
        access=writes(),
        handler=cmd_import_archive,
        help="rebuild a book from a JSON archive",
        description="Make BOOK an exact copy of the book in ARCHIVE (made by 'planner export "
        "--format json'). BOOK must not exist yet, or be empty (as 'planner new' makes it).",
    )
    book_argument(p, help_text="the book to fill (new, or empty)")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")

    p = command(
        sub,
        "merge",
        access=writes("into"),
        handler=cmd_merge,
        help="merge a copy of a book back into it",
        description="Bring the changes made in the copy FROM into the book INTO. Records "
        "changed on one side only are taken; deletions travel; records changed on both sides "
        "are conflicts: by default the merge stops and lists them (nothing written); "
        "--prefer into|from settles them all. A backup of INTO is taken first. Merging the "
        "same copy twice changes nothing the second time.",
    )
    p.add_argument("into", type=Path, metavar="INTO", help="the book to merge into")
    p.add_argument("source", type=Path, metavar="FROM", help="the copy to merge from")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--prefer",
        choices=(merge.INTO, merge.FROM),
        help="settle every conflict by keeping INTO's or FROM's version",
    )
    p.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="KEY=into|from",
        help="settle one conflict (KEY as listed, e.g. accounts:1f0e...=from)",
    )
    p.add_argument("--json", action="store_true", help="print the plan and result as JSON")

    p = command(
        sub,
        "backup",
        access=READS,
        handler=cmd_backup,
        help="take a verified backup of a book",
        description="Copy the book with SQLite's backup API, verify the copy and write it "
        "atomically: to --out, or into the book's backup folder (<book>.backups/).",
    )
    book_argument(p)
    p.add_argument("--out", type=Path, metavar="FILE", help="where to write the backup")

    p = command(sub, "backups", access=READS, handler=cmd_backups, help="list a book's backups")
    book_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(
        sub,
        "restore",
        access=writes(),
        handler=cmd_restore,
        help="restore a book from a backup",
        description="Replace BOOK's contents with BACKUP, which must be a sound book of ours. "
        "The state being replaced is backed up first (reason 'before-restore'). A backup of a "
        "different book, or a BOOK that is not a book of ours, needs --force.",
    )
    book_argument(p)
    p.add_argument("backup", type=Path, metavar="BACKUP")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore even a backup of a different book, or over a file that is not a book",
    )


# --------------------------------------------------------------------------- import


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"{what} {item!r} must look like FIELD=VALUE.")
        out[key.strip()] = value.strip()
    return out


def _mapping_for(
    args: argparse.Namespace, book: books.Book, headers: tuple[str, ...], kind: str
) -> mapping.Mapping:
    choice = args.mapping
    if choice == "auto":
        chosen = mapping.auto_map(kind, headers)
    elif Path(choice).suffix.lower() == ".json" or Path(choice).is_file():
        chosen = mapping.load_mapping_file(Path(choice))
    else:
        saved = mapping.saved_mappings(book)
        if choice not in saved:
            names = ", ".join(saved) or "none saved yet"
            raise CommandError(f"There is no saved mapping called {choice!r} (saved: {names}).")
        chosen = saved[choice]
    if chosen.kind != kind:
        raise CommandError(f"The mapping is for {chosen.kind}, not {kind}.")
    spec = f.kind(kind)
    for key, column in _pairs(args.map, "--map").items():
        if key not in spec.keys:
            raise CommandError(f"{key!r} is not a field of {kind}; fields: {', '.join(spec.keys)}.")
        chosen = chosen.with_column(key, column or None)
    for key, value in _pairs(args.set, "--set").items():
        if key not in spec.keys:
            raise CommandError(f"{key!r} is not a field of {kind}; fields: {', '.join(spec.keys)}.")
        chosen = chosen.with_constant(key, value or None)
    if args.date_format:
        try:
            parse_date_format(args.date_format)
        except CellValueError as exc:
            raise CommandError(str(exc)) from None
        chosen = replace(chosen, date_format=args.date_format.upper())
    if args.decimal:
        chosen = replace(chosen, decimal=args.decimal)
    if args.match:
        chosen = chosen.with_match(args.match)
    return chosen


def _progress_printer(label: str) -> Any:
    shown = [-1]

    def progress(done: int, total: int) -> bool:
        if total >= 20_000_000:
            tenth = done * 10 // total
            if tenth > shown[0]:
                shown[0] = tenth
                print(f"  {label}: {tenth * 10}%", file=sys.stderr)
        return True

    return progress


def cmd_import(args: argparse.Namespace) -> int:
    kind = f.kind(args.kind).key
    delimiter = "\t" if args.delimiter == "tab" else args.delimiter
    preview = importer.preview_file(
        args.file, kind, encoding=args.encoding, delimiter=delimiter, rows=1
    )
    book = open_for_cli(args.book, take_over=args.take_over)
    try:
        chosen = _mapping_for(args, book, preview.headers, kind)
        try:
            report = importer.import_csv(
                book,
                args.file,
                chosen,
                fmt=preview.format,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                progress=_progress_printer("reading"),
            )
        except importer.FormatQuestionError as exc:
            flags = []
            if exc.needs_date_format:
                flags.append("--date-format DD/MM/YYYY (or MM/DD/YYYY)")
            if exc.needs_decimal:
                flags.append("--decimal , (or --decimal .)")
            raise CommandError(f"{exc} Run again with {' and '.join(flags)}.") from None
        except importer.LikelyMatchesError as exc:
            raise CommandError(
                f"{exc} Run again with --match name (the same companies: update them) or "
                "--match crm-id (different companies: create new accounts)."
            ) from None
        except errors.ValidationError as exc:
            if exc.field == "mapping":
                raise CommandError(
                    f"{exc.message} Headers in the file: {', '.join(preview.headers)}. Use "
                    "--map FIELD=COLUMN or --mapping FILE."
                ) from None
            raise
        if args.save_mapping and report.written:
            mapping.save_mapping(book, args.save_mapping, chosen)
    finally:
        book.close()
    _print_import(args, report, chosen)
    return 1 if report.error_count and not args.skip_invalid else 0


def _print_import(
    args: argparse.Namespace, report: importer.ImportReport, chosen: mapping.Mapping
) -> None:
    if args.json:
        print_json(
            {
                "kind": report.kind,
                "file": str(report.path),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": report.skipped,
                "rows": report.rows,
                "written": report.written,
                "dry_run": report.dry_run,
                "error_count": report.error_count,
                "errors": [
                    {"line": e.line, "field": e.field, "message": e.message, "value": e.value}
                    for e in report.errors
                ],
                "blank_lines": report.blank_lines,
                "footer_lines": report.footer_lines,
                "encoding": report.encoding,
                "delimiter": report.delimiter,
                "date_format": report.date_format,
                "decimal": report.decimal,
                "backup": str(report.backup) if report.backup else None,
                "mapping": chosen.to_json(),
                "notes": list(report.notes),
            }
        )
        return
    fmt = f"Read {report.path.name}: {report.encoding}, {report.delimiter}-separated"
    if report.date_format:
        fmt += f"; dates {report.date_format}"
    if report.decimal:
        fmt += f"; decimal {'point' if report.decimal == '.' else 'comma'}"
    print(fmt + ".")
    for note in report.notes:
        print(f"  {note}")
    print(report.summary())
    if report.errors:
        print(f"Problems ({report.error_count:,}):")
        for error in report.errors:
            print(f"  {error}" + (f"  [{error.value}]" if error.value else ""))
        if report.error_count > len(report.errors):
            print(f"  ... and {report.error_count - len(report.errors):,} more.")
    if report.backup:
        print(f"A backup of the book from before the import: {report.backup}")


# --------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    with open_for_cli(args.book, read_only=True) as book:
        if args.format == "json":
            if args.tables:
                raise CommandError("--tables applies to CSV exports only.")
            if args.out.is_dir():
                raise CommandError(f"{args.out} is a folder; give the archive's file name.")
            result = export.export_archive(book, args.out)
        else:
            tables = [t.strip() for t in args.tables.split(",")] if args.tables else None
            result = export.export_csv(book, args.out, tables=tables)
    print(
        f"Exported {result.total_rows:,} records to {result.path} "
        f"({len(result.files)} file{'s' if len(result.files) != 1 else ''})."
    )
    return 0


def cmd_import_archive(args: argparse.Namespace) -> int:
    with lock_explained():
        result = export.import_archive(args.archive, args.book, take_over=args.take_over)
    print(
        f"Rebuilt {result.book} from {args.archive.name}: {sum(result.rows.values()):,} "
        f"records (archive of {result.archive.book_name or 'a book'}, exported "
        f"{result.archive.exported_at})."
    )
    return 0


# --------------------------------------------------------------------------- merge


def _conflict_json(c: merge.Conflict) -> dict[str, Any]:
    return {
        "key": c.key,
        "table": c.table,
        "id": c.row_id,
        "kind": c.kind,
        "label": c.label,
        "detail": c.detail,
        "affected": c.affected,
        "differences": [{"field": d.field, "into": d.here, "from": d.there} for d in c.differences],
    }


def _plan_json(plan: merge.MergePlan) -> dict[str, Any]:
    return {
        "into": str(plan.into),
        "from": str(plan.source),
        "nothing_to_do": plan.nothing_to_do,
        "changes": {
            c.table: {"added": c.added, "updated": c.updated, "deleted": c.deleted}
            for c in plan.changes
        },
        "conflicts": [_conflict_json(c) for c in plan.conflicts],
    }


def _print_plan(plan: merge.MergePlan, *, settled: bool = False) -> None:
    print(plan.summary(settled=settled))
    for change in plan.changes:
        print(f"  {change.label:<22} {change.describe()}")
    if plan.conflicts:
        print("Conflicts:")
        for conflict in plan.conflicts:
            print(f"  {conflict.key}\n    {conflict.label}: {conflict.detail}")
            for d in conflict.differences:
                print(f"      {d.field}: here {d.here!r} / there {d.there!r}")


def cmd_merge(args: argparse.Namespace) -> int:
    choices = _pairs(args.choose, "--choose")
    bad = [v for v in choices.values() if v not in (merge.INTO, merge.FROM)]
    if bad:
        raise CommandError("Each --choose must end in =into or =from.")
    book = open_for_cli(args.into, take_over=args.take_over)
    try:
        try:
            result = merge.merge(
                book, args.source, choices=choices, prefer=args.prefer, dry_run=args.dry_run
            )
        except merge.MergeConflictsError as exc:
            if args.json:
                print_json(
                    {
                        **_plan_json(exc.plan),
                        "applied": False,
                        "unresolved": [c.key for c in exc.unresolved],
                    }
                )
            else:
                _print_plan(exc.plan)
                print(f"\n{exc} Use --prefer into|from, or --choose KEY=into|from for each.")
            if args.dry_run:
                return 0
            return 1
    finally:
        book.close()
    if args.json:
        print_json(
            {
                **_plan_json(result.plan),
                "applied": result.applied,
                "backup": str(result.backup) if result.backup else None,
                "choices": dict(result.choices),
            }
        )
        return 0
    _print_plan(result.plan, settled=result.applied)
    if result.applied:
        print(
            f"Merged {args.source.name} into {args.into.name}. Backup from before the merge: "
            f"{result.backup}"
        )
    elif args.dry_run and not result.plan.nothing_to_do:
        print("Dry run: nothing was written.")
    return 0


# --------------------------------------------------------------------------- backups


def cmd_backup(args: argparse.Namespace) -> int:
    target = books.backup_now(args.book, args.out)
    print(
        f"Backed up {args.book} to {target} ({target.stat().st_size / 1_048_576:.1f} MB, verified)."
    )
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    if not args.book.exists():
        raise errors.BookMissingError(f"There is no book at {args.book}.", args.book)
    found = books.list_backups(args.book)
    if args.json:
        print_json(
            [
                {
                    "path": str(b.path),
                    "taken_at": b.taken_at.isoformat(),
                    "size": b.size,
                    "reason": b.reason,
                }
                for b in found
            ]
        )
        return 0
    if not found:
        print(f"{args.book.name} has no backups yet.")
        return 0
    for b in found:
        print(
            f"{books.format_when(b.taken_at):<24} {b.size / 1_048_576:>7.1f} MB  "
            f"{b.reason_label:<24} {b.path}"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    try:
        with lock_explained():
            result = books.restore_backup_file(
                args.book, args.backup, take_over=args.take_over, force=args.force
            )
    except books.RestoreNeedsConfirmationError as exc:
        raise CommandError(f"{exc} Run again with --force to restore it anyway.") from None
    print(f"Restored {args.book.name} from {args.backup.name}.")
    if result.safety_backup:
        print(f"The state it replaced was kept as {result.safety_backup}.")
    return 0
