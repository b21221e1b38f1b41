"""Importing CRM exports: preview, format questions, and the all-or-nothing import.

The steps a wizard (or the ``planner import`` command) goes through:

1. :func:`preview_file`: the encoding and delimiter detected, the headers, the first rows and
   the mapping the headers suggest.
2. :func:`analyse_formats`: reads every mapped date and number cell once (streaming) and says
   whether the file itself settles the date order and the decimal separator, or whether a
   person has to answer (``03/04/2025``, ``1,234``). Nothing is guessed: :func:`import_csv`
   raises :class:`FormatQuestionError` until the answer is given or the file proves it.
3. :func:`import_csv`: every row is read, checked by the same rules as the forms, and written
   in **one transaction**. Each row runs in its own savepoint, so one bad row does not hide
   the next one's problems; at the end, if any row failed (and ``skip_invalid`` is off), or on
   a dry run or a cancel, the whole transaction is rolled back and nothing is written. A
   verified backup is taken first (and removed again when nothing was written).

Rows are matched to what the book already has by CRM id (then by the natural keys described
for each kind in :mod:`.fields`), so importing the same file twice creates no duplicates: the
second time every row is "unchanged". Empty cells never erase what the book holds.

Memory stays bounded whatever the file size: rows stream from disk, the session is flushed
and emptied every few hundred rows, at most :data:`MAX_ERRORS` errors are kept (all are
counted), and the CRM ids already seen in the file are kept in a temporary table on disk.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain.enums import RevenueKind, SurveyKind
from planner.services import books
from planner.services._crud import Entity, validate
from planner.services.accounts import ACCOUNT
from planner.services.actions import ACTION
from planner.services.interchange import csvio
from planner.services.interchange import fields as f
from planner.services.interchange.mapping import Mapping, auto_map, problems
from planner.services.interchange.values import (
    DMY,
    MDY,
    ORDER_FORMATS,
    CellValueError,
    check_amount,
    date_evidence,
    decimal_evidence,
    integer_evidence,
    parse_bool,
    parse_date,
    parse_date_format,
    parse_int,
    parse_minor,
    parse_money,
)
from planner.services.revenue import REVENUE_EVENT
from planner.services.stakeholders import STAKEHOLDER
from planner.services.surveys import RESPONSE
from planner.store import bulk, search_index
from planner.store import models as m
from planner.store.book import Book, Rollback
from planner.store.changes import mark_whole_book, stamp
from planner.store.models import new_id
from planner.store.placing import storage_cause

MAX_ERRORS = 1000
PROGRESS_EVERY = 200
ProgressFn = Callable[[int, int], bool]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ImportPreview:
    path: Path
    size: int
    format: csvio.CsvFormat
    headers: tuple[str, ...]
    rows: tuple[csvio.CsvRow, ...]
    header_line: int
    notes: tuple[str, ...]
    mapping: Mapping
    """The mapping the headers suggest."""


@dataclass(frozen=True, slots=True)
class Example:
    line: int
    column: str
    value: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.value}"


@dataclass(frozen=True, slots=True)
class FormatFindings:
    """What the file says about its date order and decimal separator."""

    date_order: str | None = None
    """``dmy`` or ``mdy`` when some date can only be read that way; None otherwise."""
    dates_ambiguous: tuple[Example, ...] = ()
    """Dates that read differently day-first and month-first (a few examples)."""
    date_proof: Example | None = None
    date_conflict: tuple[Example, ...] = ()
    """A day-first-only and a month-first-only date, when the file has both."""
    decimal: str | None = None
    numbers_ambiguous: tuple[Example, ...] = ()
    decimal_proof: Example | None = None
    decimal_conflict: tuple[Example, ...] = ()

    @property
    def date_needs_answer(self) -> bool:
        return bool(self.date_conflict) or (bool(self.dates_ambiguous) and not self.date_order)

    @property
    def decimal_needs_answer(self) -> bool:
        return bool(self.decimal_conflict) or (bool(self.numbers_ambiguous) and not self.decimal)

    def date_message(self) -> str:
        if self.date_conflict:
            a, b = self.date_conflict
            return (
                f"The file mixes day-first and month-first dates ({a} can only be day-first; "
                f"{b} can only be month-first). Say which one the file uses; dates written "
                "the other way will be listed as errors."
            )
        example = self.dates_ambiguous[0]
        return (
            f"Dates such as {example.value} (line {example.line}, {example.column}) could be "
            "day-first or month-first, and no date in the file settles it. Say which: "
            "DD/MM/YYYY or MM/DD/YYYY."
        )

    def decimal_message(self) -> str:
        if self.decimal_conflict:
            a, b = self.decimal_conflict
            return (
                f"The file mixes decimal points and decimal commas ({a}; {b}). Say which one "
                "it uses; numbers written the other way will be listed as errors."
            )
        example = self.numbers_ambiguous[0]
        return (
            f"Numbers such as {example.value} (line {example.line}, {example.column}) could "
            "use a decimal point (1,234.50) or a decimal comma (1.234,50), and no number in "
            "the file settles it. Say which."
        )


class FormatQuestionError(errors.PlannerError):
    """The file's dates or numbers cannot be read without an answer from a person."""

    def __init__(self, findings: FormatFindings, *, dates: bool, decimal: bool) -> None:
        parts = []
        if dates:
            parts.append(findings.date_message())
        if decimal:
            parts.append(findings.decimal_message())
        super().__init__(" ".join(parts) + " Nothing was imported.")
        self.findings = findings
        self.needs_date_format = dates
        self.needs_decimal = decimal


@dataclass(frozen=True, slots=True)
class LikelyMatch:
    line: int
    name: str
    crm_in_file: str
    crm_in_book: str

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.name!r} is {self.crm_in_book} in the book, "
            f"{self.crm_in_file} in the file"
        )


class LikelyMatchesError(errors.PlannerError):
    """Rows name accounts the book has under another CRM id: the same companies from another
    CRM, or different companies with the same name? Only a person can say."""

    def __init__(self, examples: list[LikelyMatch], count: int) -> None:
        shown = "; ".join(str(e) for e in examples[:3])
        more = f"; and {count - 3:,} more" if count > 3 else ""
        if count == 1:
            head = "One row names an account the book already has under another CRM id"
            ask = (
                "Say whether it is the same company (match by name: the book's account is "
                "updated) or a different one (match by CRM id: a new account is created)."
            )
        else:
            head = f"{count:,} rows name accounts the book already has under other CRM ids"
            ask = (
                "Say whether they are the same companies (match by name: the book's accounts "
                "are updated) or different ones (match by CRM id: new accounts are created)."
            )
        super().__init__(f"{head} ({shown}{more}). {ask} Nothing was imported.")
        self.examples = tuple(examples)
        self.count = count


class ImportCancelledError(errors.PlannerError):
    """The user cancelled; the import was rolled back."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    field: str
    """The field's label (empty when the problem is the whole row)."""
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportReport:
    kind: str
    path: Path
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Rows with errors left out (only with ``skip_invalid``)."""
    rows: int = 0
    blank_lines: int = 0
    footer_lines: int = 0
    errors: tuple[RowError, ...] = ()
    error_count: int = 0
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False
    backup: Path | None = None
    date_format: str | None = None
    decimal: str | None = None
    encoding: str = ""
    delimiter: str = ""
    seconds: float = 0.0
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        """One paragraph for people."""
        noun = f.kind(self.kind).noun
        problems = f"{self.error_count:,} problem{'s' if self.error_count != 1 else ''}"
        skipped = f"{self.skipped:,} row{'s' if self.skipped != 1 else ''} with problems"
        counts = (
            f"{self.created:,} {noun}{'s' if self.created != 1 else ''} {{verb}} created, "
            f"{self.updated:,} updated, {self.unchanged:,} already up to date"
        )
        was = "was" if self.created == 1 else "were"
        if self.dry_run:
            head = "Check only, nothing was written: " + counts.format(verb="would be")
            if self.error_count and self.skip_invalid:
                head += f"; {skipped} would be skipped"
            elif self.error_count:
                head += f"; {problems} to fix first (or skip those rows)"
            head += "."
        elif self.written:
            head = counts.format(verb=was) + (f"; {skipped} skipped." if self.skipped else ".")
        elif self.error_count and not self.skip_invalid:
            head = (
                f"Nothing was imported: {problems} must be fixed first (or choose to skip the "
                "rows with problems)."
            )
        else:
            head = f"Nothing to import: all {self.unchanged:,} rows are already up to date" + (
                f"; {skipped} skipped." if self.skipped else "."
            )
        extra = []
        if self.footer_lines:
            extra.append(f"{self.footer_lines} report footer lines were ignored")
        if self.blank_lines:
            extra.append(f"{self.blank_lines} blank lines were ignored")
        return head + (" " + "; ".join(extra).capitalize() + "." if extra else "")


# --------------------------------------------------------------------------- steps 1 and 2


def preview_file(
    path: Path,
    kind: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    rows: int = 50,
) -> ImportPreview:
    """The detected format, headers, first rows and suggested mapping of a CSV file."""
    path = Path(path)
    fmt = csvio.detect_format(path, encoding=encoding)
    if delimiter:
        fmt = replace(fmt, delimiter=delimiter)
    reader, shown = csvio.preview(path, fmt, rows=rows)
    return ImportPreview(
        path=path,
        size=reader.size,
        format=fmt,
        headers=reader.header,
        rows=tuple(shown),
        header_line=reader.header_line,
        notes=(*fmt.notes, *reader.renamed_headers),
        mapping=auto_map(kind, reader.header),
    )


def _typed_columns(mapping: Mapping, types: frozenset[str]) -> dict[str, str]:
    """header -> field key, for mapped fields of these types."""
    spec = f.kind(mapping.kind)
    return {
        header: key
        for key, header in mapping.columns.items()
        if spec.field(key).value_type in types
    }


def analyse_formats(
    path: Path,
    fmt: csvio.CsvFormat,
    mapping: Mapping,
    *,
    progress: ProgressFn | None = None,
) -> FormatFindings:
    """Read every mapped date and number cell and report what settles (or not) their format."""
    dates = _typed_columns(mapping, frozenset({f.DATE}))
    numbers = _typed_columns(mapping, f.NUMERIC_TYPES)
    whole = set(_typed_columns(mapping, frozenset({f.INTEGER})))
    if not dates and not numbers:
        return FormatFindings()
    ambiguous_dates: list[Example] = []
    ambiguous_numbers: list[Example] = []
    date_proofs: dict[str, Example] = {}
    decimal_proofs: dict[str, Example] = {}
    elsewhere: dict[str, Example] = {}  # proofs in columns the import does not read
    with csvio.CsvReader(path, fmt) as reader:
        index = {h: i for i, h in enumerate(reader.header)}
        date_cols = [(index[h], h) for h in dates if h in index]
        number_cols = [(index[h], h, h in whole) for h in numbers if h in index]
        used = {i for i, _ in date_cols} | {i for i, _, _ in number_cols}
        other_cols = [(i, h) for i, h in enumerate(reader.header) if i not in used]
        date_of = _remembering(date_evidence)  # a file repeats its dates
        for count, row in enumerate(reader, start=1):
            for i, header in date_cols:
                value = row.cells[i].strip()
                if not value:
                    continue
                verdict = date_of(value)
                if verdict in {DMY, MDY} and verdict not in date_proofs:
                    date_proofs[verdict] = Example(row.line, header, value)
                elif verdict == "either" and len(ambiguous_dates) < 3:
                    ambiguous_dates.append(Example(row.line, header, value))
            for i, header, integers in number_cols:
                value = row.cells[i].strip()
                if not value:
                    continue
                verdict = integer_evidence(value) if integers else decimal_evidence(value)
                if verdict in {".", ","} and verdict not in decimal_proofs:
                    decimal_proofs[verdict] = Example(row.line, header, value)
                elif verdict == "either" and len(ambiguous_numbers) < 3:
                    ambiguous_numbers.append(Example(row.line, header, value))
            if len(elsewhere) < 2 and ambiguous_numbers and not decimal_proofs:
                for i, header in other_cols:
                    value = row.cells[i].strip()
                    if value and ("," in value or "." in value):
                        verdict = decimal_evidence(value)
                        if verdict in {".", ","} and verdict not in elsewhere:
                            elsewhere[verdict] = Example(row.line, header, value)
            if count % PROGRESS_EVERY == 0:
                _report(progress, reader, "The check was cancelled.")
    if not decimal_proofs and len(elsewhere) == 1:
        decimal_proofs.update(elsewhere)  # an amount anywhere in the file settles it
    date_conflict = tuple(date_proofs[k] for k in (DMY, MDY)) if len(date_proofs) == 2 else ()
    dec_conflict = tuple(decimal_proofs[k] for k in (".", ",")) if len(decimal_proofs) == 2 else ()
    date_order = next(iter(date_proofs)) if len(date_proofs) == 1 else None
    decimal = next(iter(decimal_proofs)) if len(decimal_proofs) == 1 else None
    return FormatFindings(
        date_order=date_order,
        dates_ambiguous=tuple(ambiguous_dates),
        date_proof=date_proofs.get(date_order) if date_order else None,
        date_conflict=date_conflict,
        decimal=decimal,
        numbers_ambiguous=tuple(ambiguous_numbers),
        decimal_proof=decimal_proofs.get(decimal) if decimal else None,
        decimal_conflict=dec_conflict,
    )


def resolve_formats(
    path: Path, fmt: csvio.CsvFormat, mapping: Mapping, *, progress: ProgressFn | None = None
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The date order and decimal separator to read the file with, and notes on how they were
    settled. Raises :class:`FormatQuestionError` when only a person can answer."""
    order = parse_date_format(mapping.date_format) if mapping.date_format else None
    decimal = mapping.decimal
    notes: list[str] = []
    has_dates = bool(_typed_columns(mapping, frozenset({f.DATE})))
    has_numbers = bool(_typed_columns(mapping, f.NUMERIC_TYPES))
    if (order is None and has_dates) or (decimal is None and has_numbers):
        found = analyse_formats(path, fmt, mapping, progress=progress)
        ask_dates = order is None and found.date_needs_answer
        ask_decimal = decimal is None and found.decimal_needs_answer
        if ask_dates or ask_decimal:
            raise FormatQuestionError(found, dates=ask_dates, decimal=ask_decimal)
        if order is None and found.date_order:
            order = found.date_order
            notes.append(
                f"Dates were read as {ORDER_FORMATS[order]}: {found.date_proof} can "
                "only be read that way."
            )
        if decimal is None and found.decimal:
            decimal = found.decimal
            word = "point" if decimal == "." else "comma"
            notes.append(
                f"Numbers were read with a decimal {word}: {found.decimal_proof} can "
                "only be read that way."
            )
    return order, decimal, tuple(notes)


# --------------------------------------------------------------------------- step 3


def import_csv(  # noqa: PLR0915 - the import's steps in order (read, map, check, preview, write) with their messages
    book: Book,
    path: Path,
    mapping: Mapping,
    *,
    fmt: csvio.CsvFormat | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import the CSV at ``path`` into ``book`` in one transaction (or not at all).

    Returns a report of what was (or, on a dry run or with errors, would have been) created,
    updated and left unchanged, with every problem and its line number. Raises
    :class:`FormatQuestionError` when the date order or decimal separator must be chosen,
    :class:`ImportCancelledError` when ``progress`` returns False (nothing written), and a
    ``ValidationError`` when the mapping cannot be used with this file.
    """
    began = time.perf_counter()
    path = Path(path)
    spec = f.kind(mapping.kind)
    fmt = fmt or csvio.detect_format(path)
    with csvio.CsvReader(path, fmt) as probe:
        headers = probe.header
    found = problems(mapping, headers)
    if found:
        raise errors.ValidationError("mapping", " ".join(found))
    order, decimal, notes = resolve_formats(path, fmt, mapping, progress=progress)
    if not dry_run:
        book.ensure_writable()
    backup = None if dry_run else books.auto_backup(book, reason="before-import")
    counts = _Counts()
    written = False
    question: LikelyMatchesError | None = None
    reader = csvio.CsvReader(path, fmt)
    try:
        with book.write() as session:
            mark_whole_book(session)
            engine = _Importer(session, spec, mapping, reader.header, order, decimal, path.name)
            chunk: list[csvio.CsvRow] = []
            chars = 0
            for row in reader:
                chunk.append(row)
                chars += sum(len(c) for c in row.cells)
                if len(chunk) >= CHUNK_ROWS or chars >= CHUNK_CHARS:
                    engine.run_chunk(chunk, counts)
                    chunk, chars = [], 0
                    _report(progress, reader, "The import was cancelled; nothing was imported.")
            engine.run_chunk(chunk, counts)
            engine.close()
            if engine.likely_count and mapping.match is None:
                question = LikelyMatchesError(engine.likely, engine.likely_count)
                _finish_or_roll_back(keep=False)
            for problem in reader.problems:
                counts.add_error(RowError(problem.line, "", problem.message))
            counts.error_total += reader.problem_count - len(reader.problems)
            counts.skipped += reader.problem_count
            failed = bool(counts.error_total) and not skip_invalid
            _finish_or_roll_back(
                keep=not (dry_run or failed) and bool(counts.created or counts.updated)
            )
            written = True
    except Rollback:
        pass
    except errors.BookError as exc:
        _discard(backup)
        raise _nothing_imported(exc, path) from exc
    except BaseException:
        _discard(backup)
        raise
    finally:
        reader.close()
    if not written:
        _discard(backup)
        backup = None
    if question is not None:
        raise question
    if progress is not None:
        progress(reader.size, reader.size)
    if not skip_invalid:
        counts.skipped = 0
    return ImportReport(
        kind=spec.key,
        path=path,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        skipped=counts.skipped,
        rows=counts.rows,
        blank_lines=reader.blank_lines,
        footer_lines=reader.footer_lines,
        errors=tuple(counts.errors),
        error_count=counts.error_total,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        written=written,
        backup=backup,
        date_format=ORDER_FORMATS.get(order) if order else None,
        decimal=decimal,
        encoding=fmt.encoding_label,
        delimiter=fmt.delimiter_label,
        seconds=time.perf_counter() - began,
        notes=(*fmt.notes, *notes, *reader.renamed_headers),
    )


def _nothing_imported(exc: errors.BookError, path: Path) -> errors.BookError:
    """The book could not take the import (the disk filled, the drive failed...): say that
    nothing was imported, and why."""
    cause = storage_cause(exc)
    what = f"nothing was imported from {path.name}, and the book is as it was before"
    if cause == "full":
        text = (
            f"The disk is full: {what}. Free some space (or move the book to another "
            "drive) and import again."
        )
    elif cause == "io":
        text = (
            f"The drive holding the book reported an error (was it removed?): {what}. "
            "Reconnect it and import again."
        )
    elif cause == "read-only":
        text = (
            f"The book cannot be written (the file, its folder or the drive is read-only): {what}."
        )
    else:
        text = f"{exc} Nothing was imported from {path.name}."
    return type(exc)(text, exc.path)


def _report(progress: ProgressFn | None, reader: csvio.CsvReader, cancelled: str) -> None:
    if progress is not None and not progress(reader.bytes_read, reader.size):
        raise ImportCancelledError(cancelled)


def _finish_or_roll_back(*, keep: bool) -> None:
    if not keep:
        raise Rollback


def _discard(backup: Path | None) -> None:
    if backup is not None:
        with contextlib.suppress(OSError):
            backup.unlink()


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_total: int = 0

    def add_error(self, error: RowError) -> None:
        self.error_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)

    def absorb(self, other: _Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.rows += other.rows
        for error in other.errors:
            self.add_error(error)
        self.error_total += other.error_total - len(other.errors)


CHUNK_ROWS = 500
CHUNK_CHARS = 1_000_000
"""A chunk ends after this many rows or characters, whichever comes first: memory stays
bounded however wide the rows are."""
_ACCOUNT_FIELDS = (
    "crm_id",
    "name",
    "tier",
    "industry",
    "region",
    "employee_count",
    "lifecycle_stage",
    "currency",
    "contract_start",
    "renewal_date",
    "owner",
    "strategic",
    "website",
    "notes",
    "archived",
)
_STAKEHOLDER_FIELDS = (
    "crm_id",
    "name",
    "job_title",
    "email",
    "phone",
    "side",
    "role",
    "influence",
    "sentiment",
    "last_contact",
    "left_company",
    "notes",
)
_ACTION_FIELDS = (
    "crm_id",
    "title",
    "description",
    "owner_name",
    "due_date",
    "status",
    "priority",
    "type",
    "completed_on",
)
_SURVEY_FIELDS = ("crm_id", "responded_on", "kind", "score", "comment", "themes")
_REVENUE_FIELDS = ("crm_id", "occurred_on", "kind", "note")
_LABELS = {
    "arr_minor": "ARR",
    "arr_delta_minor": "ARR change",
    "account_id": "Account",
    "stakeholder_id": "Respondent",
    "reports_to_id": "Reports to",
}


class _RowFailedError(Exception):
    def __init__(self, problems: list[RowError]) -> None:
        super().__init__(problems[0].message if problems else "row failed")
        self.problems = problems


@dataclass
class _Parsed:
    row: csvio.CsvRow
    values: dict[str, Any]
    raw: dict[str, str]


def _column_default_maker(column: Any) -> tuple[Any, Callable[[Any], Any] | None]:
    """(a column's default, or None and the function that makes it afresh for each row):
    SQLAlchemy wraps zero-argument defaults (list, dict) as fn(context)."""
    default = column.default
    arg = getattr(default, "arg", None) if default is not None else None
    if callable(arg):
        return None, arg
    return arg, None


def _remembering(verdict: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """``verdict`` remembering what it said of each text (bounded)."""
    said: dict[str, str | None] = {}

    def remembered(value: str) -> str | None:
        if value not in said:
            if len(said) >= _MEMO_LIMIT:
                said.clear()
            said[value] = verdict(value)
        return said[value]

    return remembered


def _same_text(value: str) -> str:
    return value


_MEMO_LIMIT = 4096
"""Cell texts remembered per column (then forgotten, so memory stays bounded)."""
_MARK_TOGETHER = 50
"""New records of a chunk from which they are marked for the search index in one statement
rather than by the index's trigger, row by row."""


def _chunks(items: list[Any], size: int = 400) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Importer:
    """Imports rows chunk by chunk inside the import's transaction.

    For each chunk: every row is read and checked in Python; what the book already has is
    fetched with one query per kind of key; new rows are inserted with one statement per table;
    updates are applied row by row. The chunk runs in a savepoint: should the database refuse
    something the checks did not foresee, the chunk is rolled back and replayed row by row to
    name the lines at fault.
    """

    def __init__(
        self,
        session: Session,
        spec: f.Kind,
        mapping: Mapping,
        header: tuple[str, ...],
        order: str | None,
        decimal: str | None,
        source: str,
    ) -> None:
        self.s = session
        self.today = m.session_today(session)
        self.spec = spec
        self.kind = _KIND_HANDLERS[spec.key]
        self.entity = self.kind.entity
        self.order = order
        self.decimal = decimal
        self.source = source
        self.base_currency = str(
            session.scalar(select(m.Setting.value).where(m.Setting.key == "base_currency")) or "USD"
        )
        index = {h: i for i, h in enumerate(header)}
        self.columns = [
            (spec.field(k), index[h], self._converter(spec.field(k)))
            for k, h in mapping.columns.items()
        ]
        self.constants = [
            (spec.field(k), v, self._converter(spec.field(k)))
            for k, v in mapping.constants.items()
            if k not in mapping.columns
        ]
        self.created_stamp = stamp(session, created=True)
        """Every row of a unit of work has the same stamps (its clock's instant, its rev)."""
        self.defaults = [
            (name, *_column_default_maker(col))
            for name, col in self.entity.columns.items()
            if name not in _META
        ]
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.accounts: dict[tuple[str, str], tuple[str, str] | str] = {}
        self.arr_sums: dict[str, int] = {}
        self.arr_touched: set[str] = set()
        self.seen: dict[str, int] = {}
        self.session_seen_count = 0
        self.pending: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.found: dict[str, dict[Any, dict[str, Any]]] = {}
        self.match = mapping.match
        self.likely: list[LikelyMatch] = []
        self.likely_count = 0
        self.s.execute(text("DROP TABLE IF EXISTS temp.import_seen"))
        self.s.execute(text("CREATE TEMP TABLE import_seen (key TEXT PRIMARY KEY, line INTEGER)"))

    def close(self) -> None:
        self.s.execute(text("DROP TABLE IF EXISTS temp.import_seen"))

    # ----------------------------------------------------------------- chunks
    def run_chunk(self, rows: list[csvio.CsvRow], counts: _Counts) -> None:
        if not rows:
            return
        local = _Counts()
        sums = dict(self.arr_sums)
        try:
            with self.s.begin_nested():
                self._process(rows, local)
        except DBAPIError as exc:
            if self._transaction_lost(exc):
                raise  # the whole import ends here: nothing of it is in the book any more
            self.arr_sums = sums
            self._reset()
            local = _Counts()
            for row in rows:  # the slow path: find the rows the database refuses
                single = _Counts()
                sums = dict(self.arr_sums)
                try:
                    with self.s.begin_nested():
                        self._process([row], single)
                except DBAPIError as exc:
                    if self._transaction_lost(exc):
                        raise
                    self.arr_sums = sums
                    self._reset()
                    single = _Counts(rows=1, skipped=1)
                    single.add_error(RowError(row.line, "", _db_message(exc)))
                local.absorb(single)
        counts.absorb(local)

    def _transaction_lost(self, exc: DBAPIError) -> bool:
        """Whether SQLite gave up the whole transaction (disk full, I/O error, damage, out of
        memory, interrupted...), not just the statement: then no row can be retried, because
        nothing done so far is still there."""
        name = str(getattr(exc.orig, "sqlite_errorname", ""))
        if name.startswith(_LOST):
            return True
        raw = self.s.connection().connection.driver_connection
        return not bool(getattr(raw, "in_transaction", True))

    def _reset(self) -> None:
        self.buffers = {}
        self.pending = {}
        self.found = {}
        self.arr_touched = set()

    def _process(self, rows: list[csvio.CsvRow], counts: _Counts) -> None:
        parsed: list[_Parsed] = []
        for row in rows:
            counts.rows += 1
            try:
                values, raw = self.parse(row)
            except _RowFailedError as exc:
                for problem in exc.problems:
                    counts.add_error(problem)
                counts.skipped += 1
                continue
            parsed.append(_Parsed(row, values, raw))
        self._remember_keys(parsed)
        self._prefetch(parsed)
        for item in parsed:
            try:
                outcome = self.kind.row(self, item)
            except errors.ValidationError as exc:
                counts.add_error(
                    RowError(
                        item.row.line,
                        self._label(exc.field),
                        exc.message,
                        item.raw.get(exc.field, "")[:80],
                    )
                )
                counts.skipped += 1
                continue
            except (errors.ConflictError, errors.NotFoundError) as exc:
                counts.add_error(RowError(item.row.line, "", str(exc)))
                counts.skipped += 1
                continue
            setattr(counts, outcome, getattr(counts, outcome) + 1)
        self._flush()
        self._recompute_arr()
        self.pending = {}
        self.found = {}

    def _flush(self) -> None:
        """Insert the chunk's new rows, table by table, in stored form with one
        ``executemany`` each (inside the import's transaction and the chunk's savepoint)."""
        conn = self.s.connection()
        execute = search_index.session_executor(self.s)
        for table in m.Base.metadata.sorted_tables:
            rows = self.buffers.pop(table.name, None)
            if not rows:
                continue
            stored = bulk.stored_rows(table.name, rows)
            if len(stored) < _MARK_TOGETHER:
                bulk.insert_stored(conn, table.name, stored)
                continue
            # The search index's trigger would mark the new records one by one: mark them
            # together instead (the same marks), inside this chunk's savepoint.
            at = bulk.processors(table.name)[0].index("id")
            search_index.insert_marked(
                execute,
                table.name,
                [r[at] for r in stored],
                functools.partial(bulk.insert_stored, conn, table.name, stored),
            )
        self.buffers = {}

    def _insert(self, table: str, values: dict[str, Any], row_id: str = "") -> dict[str, Any]:
        row = {"id": row_id or new_id(), **self.created_stamp, **values}
        self.buffers.setdefault(table, []).append(row)
        return row

    def _update(self, table: str, row_id: str, changes: dict[str, Any]) -> None:
        t = m.Base.metadata.tables[table]
        self.s.execute(update(t).where(t.c.id == row_id).values(**changes, **stamp(self.s)))

    # ----------------------------------------------------------------- reading a row
    def parse(self, row: csvio.CsvRow) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        problems: list[RowError] = []
        cells = row.cells
        for target, cell, convert in [
            *((t, cells[i], c) for t, i, c in self.columns),
            *self.constants,
        ]:
            # Only a cell that starts with an apostrophe can be an escaped one.
            value = (csvio.unescape_cell(cell) if cell[:1] == "'" else cell).strip()
            if not value:
                continue
            raw[target.key] = value
            try:
                values[target.key] = convert(value)
            except CellValueError as exc:
                problems.append(RowError(row.line, target.label, str(exc), value[:80]))
        if problems:
            raise _RowFailedError(problems)
        return values, raw

    def _converter(self, target: f.TargetField) -> Callable[[str], Any]:
        """:meth:`_convert` for one field, remembering what each cell text gave (a file repeats
        its dates, industries, stages...): a value, or the words it was refused with. Lists
        (a new one per row) are read every time; memory stays bounded."""
        if target.value_type == f.TEXT:
            return _same_text
        if target.value_type == f.LIST:
            return lambda value: self._convert(target, value)
        memo: dict[str, tuple[bool, Any]] = {}

        def convert(value: str) -> Any:
            known = memo.get(value)
            if known is None:
                try:
                    known = (True, self._convert(target, value))
                except CellValueError as exc:
                    known = (False, str(exc))
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                memo[value] = known
            if known[0]:
                return known[1]
            raise CellValueError(known[1])

        return convert

    def _convert(self, target: f.TargetField, value: str) -> Any:
        kind = target.value_type
        if kind == f.TEXT:
            return value
        if kind == f.DATE:
            return parse_date(value, self.order)
        if kind == f.INTEGER:
            return parse_int(value, self.decimal)
        if kind == f.MINOR:
            return parse_minor(value)
        if kind == f.MONEY:
            check_amount(value, self.decimal)
            return value  # read for real once the row's currency is known
        if kind == f.BOOL:
            return parse_bool(value)
        if kind == f.LIST:
            parts = value.replace(";", ",").split(",")
            return [p.strip() for p in parts if p.strip()]
        if kind == f.ENUM:
            try:
                return target.parse_enum(value)
            except ValueError:
                raise CellValueError(
                    f"{value[:40]!r} is not a {target.label.split(' (')[0].lower()}; use one "
                    f"of: {target.choices()}."
                ) from None
        raise CellValueError(f"{target.label} cannot be imported.")  # pragma: no cover

    def _money(self, values: dict[str, Any], key: str, minor_key: str, currency: str) -> int | None:
        if minor_key in values:
            return int(values[minor_key])
        if key not in values:
            return None
        try:
            return parse_money(values[key], currency, self.decimal)
        except CellValueError as exc:
            raise errors.ValidationError(key, str(exc)) from exc

    def _label(self, key: str) -> str:
        try:
            return self.spec.field(key).label
        except KeyError:
            return _LABELS.get(key, key.replace("_", " ").capitalize())

    # ----------------------------------------------------------------- keys seen in the file
    def _remember_keys(self, parsed: list[_Parsed]) -> None:
        """Refuse a CRM id that appeared earlier in the file (kept in a temporary table)."""
        keys = [p.values["crm_id"] for p in parsed if p.values.get("crm_id")]
        earlier: dict[str, int] = {}
        conn = self.s.connection()
        for part in _chunks(list(dict.fromkeys(keys))):
            marks = ", ".join("?" * len(part))
            earlier.update(
                (str(k), int(n))
                for k, n in conn.exec_driver_sql(
                    f"SELECT key, line FROM temp.import_seen WHERE key IN ({marks})",  # noqa: S608
                    tuple(part),
                )
            )
        fresh: list[tuple[str, int]] = []
        for item in parsed:
            key = item.values.get("crm_id")
            if not key:
                continue
            if key in earlier:
                item.values["__duplicate_of"] = earlier[key]
                continue
            earlier[key] = item.row.line
            fresh.append((key, item.row.line))
        if fresh:
            conn.exec_driver_sql("INSERT INTO temp.import_seen (key, line) VALUES (?, ?)", fresh)

    def _not_twice(self, item: _Parsed) -> None:
        line = item.values.get("__duplicate_of")
        if line is not None:
            raise errors.ValidationError(
                "crm_id",
                f"CRM id {item.values['crm_id']} already appears on line {line}; each "
                "record should appear once in the file.",
            )

    # ----------------------------------------------------------------- what the book has
    def _rows_where(
        self, table: str, column: str, keys: Iterable[Any], *extra: Any
    ) -> list[dict[str, Any]]:
        t = m.Base.metadata.tables[table]
        out: list[dict[str, Any]] = []
        for part in _chunks(list(dict.fromkeys(keys))):
            if part:
                stmt = select(t).where(t.c[column].in_(part), *extra)
                out.extend(dict(r) for r in self.s.execute(stmt).mappings())
        return out

    def _prefetch(self, parsed: list[_Parsed]) -> None:
        """Fetch what the book already has for this chunk: by CRM id for every kind, then the
        kind's own natural keys (its handler's ``prefetch``)."""
        table = self.entity.table_name
        crms = [p.values["crm_id"] for p in parsed if p.values.get("crm_id")]
        self.found["crm"] = {r["crm_id"]: r for r in self._rows_where(table, "crm_id", crms)}
        self.kind.prefetch(self, parsed)

    def _prefetch_accounts(self, parsed: list[_Parsed]) -> None:
        names = [" ".join(p.values["name"].split()) for p in parsed if p.values.get("name")]
        by_name: dict[Any, dict[str, Any]] = {}
        for r in self._rows_where("accounts", "name", names, m.Account.crm_id.is_(None)):
            by_name[r["name"]] = {} if r["name"] in by_name else r  # {}: more than one
        self.found["name"] = by_name
        # Accounts of the same name under another CRM id: the same company from another CRM?
        likely: dict[Any, dict[str, Any]] = {}
        folded = [_fold(n) for n in names if n]
        accounts = m.Base.metadata.tables["accounts"]
        for part in _chunks(list(dict.fromkeys(folded))):
            stmt = select(accounts).where(
                func.lower(accounts.c.name).in_(part), accounts.c.crm_id.is_not(None)
            )
            for found in self.s.execute(stmt).mappings():
                key = _fold(found["name"])
                likely[key] = {} if key in likely else dict(found)
        self.found["likely"] = likely

    def _account_ids(self, parsed: list[_Parsed]) -> list[str]:
        """Resolve each row's account; the ids found."""
        self._resolve_accounts(parsed)
        return [p.values["__account"][0] for p in parsed if "__account" in p.values]

    def _prefetch_stakeholders(self, parsed: list[_Parsed]) -> None:
        account_ids = self._account_ids(parsed)
        emails = [p.values["email"].strip().lower() for p in parsed if p.values.get("email")]
        names = [self._person_name(p.values) for p in parsed]
        self.found["email"] = {
            (r["account_id"], r["email"].lower()): r
            for r in self._rows_where(
                "stakeholders",
                "account_id",
                account_ids,
                func.lower(m.Stakeholder.email).in_(emails or [""]),
            )
        }
        self.found["name"] = {
            (r["account_id"], r["name"]): r
            for r in self._rows_where(
                "stakeholders",
                "account_id",
                account_ids,
                m.Stakeholder.name.in_([n for n in names if n] or [""]),
            )
        }

    def _prefetch_actions(self, parsed: list[_Parsed]) -> None:
        account_ids = self._account_ids(parsed)
        titles = [" ".join(p.values["title"].split()) for p in parsed if p.values.get("title")]
        self.found["title"] = {
            (r["account_id"], r["title"], r["due_date"]): r
            for r in self._rows_where(
                "action_items", "account_id", account_ids, m.ActionItem.title.in_(titles or [""])
            )
        }

    def _prefetch_surveys(self, parsed: list[_Parsed]) -> None:
        account_ids = self._account_ids(parsed)
        days = [p.values["responded_on"] for p in parsed if p.values.get("responded_on")]
        self.found["same"] = {
            (r["account_id"], r["responded_on"], r["kind"], r["score"], r["comment"]): r
            for r in self._rows_where(
                "survey_responses",
                "account_id",
                account_ids,
                m.SurveyResponse.responded_on.in_(days or [date.min]),
            )
        }
        self._resolve_respondents(parsed)

    def _prefetch_revenue(self, parsed: list[_Parsed]) -> None:
        account_ids = self._account_ids(parsed)
        days = [p.values["occurred_on"] for p in parsed if p.values.get("occurred_on")]
        self.found["same"] = {
            (r["account_id"], r["occurred_on"], r["kind"], r["arr_delta_minor"]): r
            for r in self._rows_where(
                "revenue_events",
                "account_id",
                account_ids,
                m.RevenueEvent.occurred_on.in_(days or [date.min]),
            )
        }
        missing = [a for a in dict.fromkeys(account_ids) if a not in self.arr_sums]
        for part in _chunks(missing):
            sums = dict(
                self.s.execute(
                    select(
                        m.RevenueEvent.account_id,
                        func.coalesce(func.sum(m.RevenueEvent.arr_delta_minor), 0),
                    )
                    .where(m.RevenueEvent.account_id.in_(part))
                    .group_by(m.RevenueEvent.account_id)
                ).all()
            )
            for account in part:
                self.arr_sums[account] = int(sums.get(account, 0))

    def _resolve_accounts(self, parsed: list[_Parsed]) -> None:
        """Give each row ``__account`` = (id, currency), or ``__account_error``."""
        wanted: dict[str, list[str]] = {"crm": [], "name": []}
        keys: list[tuple[_Parsed, tuple[str, str]]] = []
        for item in parsed:
            crm, name = item.values.get("account_crm_id"), item.values.get("account_name")
            key = ("crm", str(crm)) if crm else ("name", " ".join(str(name or "").split()))
            keys.append((item, key))
            if key[1] and key not in self.accounts:
                wanted[key[0]].append(key[1])
        if len(self.accounts) > 20_000:
            self.accounts.clear()
        for kind_, column in (("crm", "crm_id"), ("name", "name")):
            found: dict[str, list[tuple[str, str]]] = {}
            for r in self._rows_where("accounts", column, wanted[kind_]):
                found.setdefault(r[column], []).append((r["id"], r["currency"]))
            for value in wanted[kind_]:
                hits = found.get(value, [])
                if len(hits) == 1:
                    self.accounts[(kind_, value)] = hits[0]
                elif hits:
                    self.accounts[(kind_, value)] = (
                        f"More than one account is called {value!r}; use the account's CRM id "
                        "instead."
                    )
                else:
                    what = f"CRM id {value}" if kind_ == "crm" else f"the name {value!r}"
                    self.accounts[(kind_, value)] = (
                        f"No account has {what}. Import the accounts first, or check the spelling."
                    )
        for item, key in keys:
            if not key[1]:
                item.values["__account_error"] = (
                    "account_name",
                    "Give the account's CRM id or name.",
                )
                continue
            found_ = self.accounts[key]
            if isinstance(found_, str):
                field_ = "account_crm_id" if key[0] == "crm" else "account_name"
                item.values["__account_error"] = (field_, found_)
            else:
                item.values["__account"] = found_

    def _resolve_respondents(self, parsed: list[_Parsed]) -> None:
        crms = [
            p.values["stakeholder_crm_id"] for p in parsed if p.values.get("stakeholder_crm_id")
        ]
        emails = [
            p.values["stakeholder_email"].lower()
            for p in parsed
            if p.values.get("stakeholder_email")
        ]
        by_crm = {r["crm_id"]: r for r in self._rows_where("stakeholders", "crm_id", crms)}
        by_email: dict[tuple[str, str], str] = {}
        for part in _chunks(list(dict.fromkeys(emails))):
            for sid, account, email in self.s.execute(
                select(m.Stakeholder.id, m.Stakeholder.account_id, m.Stakeholder.email).where(
                    func.lower(m.Stakeholder.email).in_(part)
                )
            ):
                by_email[(account, email.lower())] = sid
        for item in parsed:
            if "__account" not in item.values:
                continue
            account = item.values["__account"][0]
            person = by_crm.get(item.values.get("stakeholder_crm_id"))
            if person is not None and person["account_id"] == account:
                item.values["__respondent"] = person["id"]
                continue
            email = str(item.values.get("stakeholder_email", "")).lower()
            if email and (account, email) in by_email:
                item.values["__respondent"] = by_email[(account, email)]

    def _account_of(self, item: _Parsed) -> tuple[str, str]:
        if "__account_error" in item.values:
            field_, message = item.values["__account_error"]
            raise errors.ValidationError(field_, message)
        account: tuple[str, str] = item.values["__account"]
        return account

    # ----------------------------------------------------------------- create or update
    def _full_values(self, wanted: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The id and validated values of a new row, with every column's default."""
        clean = validate(self.entity, wanted, creating=True)
        full = {name: made if make is None else make(None) for name, made, make in self.defaults}
        full.update(clean)
        row_id = full["id"] = new_id()
        self._check(full, None)
        del full["id"]
        return row_id, full

    def _check(self, full: dict[str, Any], before: dict[str, Any] | None) -> None:
        """The entity's cross-field rules. Uniqueness of the CRM id is already settled (nothing
        in the book has it, nor earlier in the file; the database's unique index stands
        behind both), so the rule's own per-row query is skipped."""
        if self.entity.check is None:
            return
        crm = full.get("crm_id")
        if crm is not None and (before is None or before.get("crm_id") != crm):
            full["crm_id"] = None
            try:
                self.entity.check(self.s, full, before)
            finally:
                full["crm_id"] = crm
        else:
            self.entity.check(self.s, full, before)

    def _changes(self, before: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
        """The validated changes ``wanted`` makes to a row (after its cross-field rules)."""
        clean = validate(self.entity, wanted, creating=False)
        if all(before[k] == v for k, v in clean.items()):
            return {}
        full = {**before, **clean}
        self._check(full, dict(before))
        return {k: v for k, v in full.items() if k not in _META and before.get(k) != v}

    def _match_pending(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        return self.pending.get(key)

    def _create_or_update(
        self,
        existing: dict[str, Any] | None,
        wanted: dict[str, Any],
        keys: list[tuple[Any, ...]],
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """(outcome, the row's values after, the changes) for a row of the entity's table."""
        if existing is None:
            for key in keys:
                pending = self._match_pending(key)
                if pending is not None:
                    changes = self._changes(pending, wanted)
                    pending.update(changes)
                    return ("updated" if changes else "unchanged"), pending, changes
            row_id, values = self._full_values(wanted)
            row = self._insert(self.entity.table_name, values, row_id)
            for key in keys:
                self.pending[key] = row
            return "created", row, values
        changes = self._changes(existing, wanted)
        if changes:
            self._update(self.entity.table_name, existing["id"], changes)
            existing = {**existing, **changes}
        return ("updated" if changes else "unchanged"), existing, changes

    # ----------------------------------------------------------------- kinds
    def _accounts(self, item: _Parsed) -> str:
        self._not_twice(item)
        values = item.values
        crm, name = values.get("crm_id"), values.get("name")
        existing = self.found["crm"].get(crm) if crm else None
        if existing is None and name:
            existing = self.found["name"].get(" ".join(name.split())) or None
        wanted = {k: values[k] for k in _ACCOUNT_FIELDS if k in values}
        if existing is None and crm and name:
            existing = self._likely_match(item, crm, name, wanted)
        currency = str(
            values.get("currency")
            or (existing["currency"] if existing else "")
            or self.base_currency
        ).upper()
        arr = self._money(values, "arr", "arr_minor", currency)
        if arr is not None and arr < 0:
            raise errors.ValidationError("arr", "ARR cannot be negative.")
        if existing is None and not name:
            raise errors.ValidationError(
                "name", f"No account has CRM id {crm}, and a new account needs a name."
            )
        wanted.setdefault("currency", currency)
        keys = [("crm", crm)] if crm else []
        if name:
            keys.append(("name", " ".join(name.split())))
        old_arr = existing["arr_minor"] if existing else None
        outcome, row, changes = self._create_or_update(existing, wanted, keys)
        if outcome == "created" and old_arr is None and "__arr_set" not in row:
            row["__arr_set"] = True
            self._insert(
                "stage_changes",
                {
                    "account_id": row["id"],
                    "stage": row["lifecycle_stage"],
                    "changed_on": row["contract_start"] or self.today,
                    "note": "",
                },
            )
            if arr:
                row["arr_minor"] = arr
                self._insert(
                    "revenue_events",
                    {
                        "account_id": row["id"],
                        "occurred_on": row["contract_start"] or self.today,
                        "kind": RevenueKind.NEW,
                        "arr_delta_minor": arr,
                        "currency": row["currency"],
                        "note": f"Initial ARR, imported from {self.source}",
                        "crm_id": None,
                    },
                )
            return outcome
        if "lifecycle_stage" in changes and existing is not None:
            self._insert(
                "stage_changes",
                {
                    "account_id": row["id"],
                    "stage": row["lifecycle_stage"],
                    "changed_on": self.today,
                    "note": f"Imported from {self.source}",
                },
            )
        current = row.get("arr_minor", 0) if existing is None else existing["arr_minor"]
        if arr is not None and arr != current:
            self._insert(
                "revenue_events",
                {
                    "account_id": row["id"],
                    "occurred_on": self.today,
                    "kind": RevenueKind.EXPANSION if arr > current else RevenueKind.CONTRACTION,
                    "arr_delta_minor": arr - current,
                    "currency": row["currency"],
                    "note": f"ARR updated by an import of {self.source}",
                    "crm_id": None,
                },
            )
            if existing is None:
                row["arr_minor"] = arr  # a row created earlier in this chunk
            else:
                self.arr_touched.add(row["id"])
            return "updated"
        return outcome

    def _likely_match(
        self, item: _Parsed, crm: str, name: str, wanted: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The account this row is likely to be (same name, another CRM id), per the person's
        answer: updated (``name``: its own CRM id is kept), or None (``crm-id``: a new account;
        no answer yet: counted, so the import can ask)."""
        likely = self.found["likely"].get(_fold(name))
        if likely is None:
            return None
        if self.match == "name":
            if not likely:
                raise errors.ValidationError(
                    "name",
                    f"More than one account is called {name!r}, so the row cannot be matched by "
                    "name; match by CRM id, or give those accounts different names.",
                )
            wanted.pop("crm_id", None)
            return likely
        if self.match is None:
            self.likely_count += 1
            if likely and len(self.likely) < 5:
                self.likely.append(
                    LikelyMatch(item.row.line, name, str(crm), str(likely["crm_id"]))
                )
        return None

    def _person_name(self, values: dict[str, Any]) -> str:
        name = values.get("name") or " ".join(
            p for p in (values.get("first_name"), values.get("last_name")) if p
        )
        return " ".join(str(name).split())

    def _stakeholders(self, item: _Parsed) -> str:
        self._not_twice(item)
        account_id, _currency = self._account_of(item)
        values = item.values
        name = self._person_name(values)
        if name:
            values["name"] = name
        crm, email = values.get("crm_id"), str(values.get("email") or "").strip().lower()
        existing = self.found["crm"].get(crm) if crm else None
        if existing is None and email:
            existing = self.found["email"].get((account_id, email))
        if existing is None and name:
            existing = self.found["name"].get((account_id, name))
        wanted = {k: values[k] for k in _STAKEHOLDER_FIELDS if k in values}
        wanted["account_id"] = account_id
        if existing is None and not name:
            raise errors.ValidationError("name", "A new stakeholder needs a name.")
        keys = [
            k
            for k in (
                ("crm", crm) if crm else None,
                ("email", account_id, email) if email else None,
                ("name", account_id, name),
            )
            if k
        ]
        outcome, row, changes = self._create_or_update(existing, wanted, keys)
        if outcome == "created" or "sentiment" in changes:
            self._insert(
                "stakeholder_sentiments",
                {
                    "stakeholder_id": row["id"],
                    "recorded_on": row["sentiment_on"] or self.today,
                    "sentiment": row["sentiment"],
                    "note": f"Imported from {self.source}",
                },
            )
        return outcome

    def _actions(self, item: _Parsed) -> str:
        self._not_twice(item)
        account_id, _currency = self._account_of(item)
        values = item.values
        crm = values.get("crm_id")
        title = " ".join(str(values.get("title") or "").split())
        existing = self.found["crm"].get(crm) if crm else None
        key = ("title", account_id, title, values.get("due_date"))
        if existing is None and title:
            existing = self.found["title"].get(key[1:])
        wanted = {k: values[k] for k in _ACTION_FIELDS if k in values}
        wanted["account_id"] = account_id
        keys = [k for k in (("crm", crm) if crm else None, key if title else None) if k]
        return self._create_or_update(existing, wanted, keys)[0]

    def _surveys(self, item: _Parsed) -> str:
        self._not_twice(item)
        account_id, _currency = self._account_of(item)
        values = item.values
        wanted = {k: values[k] for k in _SURVEY_FIELDS if k in values}
        wanted["account_id"] = account_id
        if "__respondent" in values:
            wanted["stakeholder_id"] = values["__respondent"]
        if "kind" not in wanted:
            raise errors.ValidationError("kind", "Say whether this is an NPS or a CSAT answer.")
        crm = values.get("crm_id")
        existing = self.found["crm"].get(crm) if crm else None
        if existing is None:
            clean = validate(self.entity, wanted, creating=True)
            same = (
                account_id,
                clean["responded_on"],
                clean["kind"],
                clean["score"],
                clean.get("comment", ""),
            )
            if same in self.found["same"] or ("same", *same) in self.pending:
                return "unchanged"
            keys = [("same", *same)] + ([("crm", crm)] if crm else [])
            return self._create_or_update(None, wanted, keys)[0]
        return self._create_or_update(existing, wanted, [])[0]

    def _revenue(self, item: _Parsed) -> str:
        self._not_twice(item)
        account_id, currency = self._account_of(item)
        values = item.values
        given = values.get("currency")
        if given and str(given).upper() != currency:
            raise errors.ValidationError(
                "currency",
                f"This amount is in {str(given).upper()} but the account's ARR is "
                f"kept in {currency}; convert it before importing.",
            )
        amount = self._money(values, "amount", "amount_minor", currency)
        wanted = {k: values[k] for k in _REVENUE_FIELDS if k in values}
        wanted.update(account_id=account_id, currency=currency)
        if amount is not None:
            wanted["arr_delta_minor"] = amount
        crm = values.get("crm_id")
        existing = self.found["crm"].get(crm) if crm else None
        before = 0
        if existing is None:
            clean = validate(self.entity, wanted, creating=True)
            same = (account_id, clean["occurred_on"], clean["kind"], clean["arr_delta_minor"])
            if same in self.found["same"] or ("same", *same) in self.pending:
                return "unchanged"
            keys = [("same", *same)] + ([("crm", crm)] if crm else [])
        else:
            before = int(existing["arr_delta_minor"])
            keys = []
        total = (
            self.arr_sums.get(account_id, 0) - before + int(wanted.get("arr_delta_minor", before))
        )
        if total < 0:
            raise errors.ValidationError(
                "amount",
                "This change would take the account's ARR below zero. Check the "
                "amount and its sign (contractions and churn are negative).",
            )
        outcome, _row, _changes = self._create_or_update(existing, wanted, keys)
        if outcome != "unchanged":
            self.arr_sums[account_id] = total
            self.arr_touched.add(account_id)
        return outcome

    def _recompute_arr(self) -> None:
        """Accounts whose revenue changed: ARR = sum of events (a derived column: the rows'
        ``rev`` is not changed)."""
        if not self.arr_touched:
            return
        events = m.Base.metadata.tables["revenue_events"]
        accounts = m.Base.metadata.tables["accounts"]
        total = (
            select(func.coalesce(func.sum(events.c.arr_delta_minor), 0))
            .where(events.c.account_id == accounts.c.id)
            .scalar_subquery()
        )
        for part in _chunks(sorted(self.arr_touched)):
            self.s.execute(
                update(accounts).where(accounts.c.id.in_(part)).values(arr_minor=func.max(total, 0))
            )
        self.arr_touched = set()


@dataclass(frozen=True, slots=True)
class _KindHandler:
    """How one kind of row is imported: the entity whose rules check it, what to fetch from
    the book for a chunk, and how one row is created or updated (returns the outcome:
    ``created``, ``updated`` or ``unchanged``)."""

    entity: Entity[Any, Any]
    prefetch: Callable[[_Importer, list[_Parsed]], None]
    row: Callable[[_Importer, _Parsed], str]


_KIND_HANDLERS: dict[str, _KindHandler] = {
    "accounts": _KindHandler(ACCOUNT, _Importer._prefetch_accounts, _Importer._accounts),
    "stakeholders": _KindHandler(
        STAKEHOLDER, _Importer._prefetch_stakeholders, _Importer._stakeholders
    ),
    "actions": _KindHandler(ACTION, _Importer._prefetch_actions, _Importer._actions),
    "surveys": _KindHandler(RESPONSE, _Importer._prefetch_surveys, _Importer._surveys),
    "revenue": _KindHandler(REVENUE_EVENT, _Importer._prefetch_revenue, _Importer._revenue),
}
"""One handler per kind of :mod:`.fields` (``tests`` check every kind has one)."""

_META = frozenset({"id", "created_at", "updated_at", "rev"})
_LOST = (
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_CORRUPT",
    "SQLITE_NOMEM",
    "SQLITE_INTERRUPT",
    "SQLITE_NOTADB",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_PROTOCOL",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
)
"""SQLite errors after which the transaction may be gone (SQLite's "abandoned transaction"
rule): an import stops at the first one instead of retrying rows."""


def _fold(name: str) -> str:
    """A name as compared for likely matches: white space and (ASCII) case folded."""
    return " ".join(name.split()).lower()


def _db_message(exc: DBAPIError) -> str:
    text_ = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "unique" in text_ and "crm_id" in text_:
        return "Another record already uses this CRM id; each CRM id can be used once."
    if "foreign key" in text_:
        return "The record it links to no longer exists."
    return f"The book refused this row ({exc.orig})."


def iter_kinds() -> Iterator[f.Kind]:
    return iter(f.KINDS.values())


def survey_kinds() -> tuple[str, ...]:
    return tuple(k.value for k in SurveyKind)
