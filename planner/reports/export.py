"""QBR exports as jobs: gather from the book, build the report, write the chosen formats.

The one place the CLI and the app share for "export this QBR" and "export every account with
a QBR or renewal due", so both name files, resolve agendas and report problems the same way.
Every function here is safe to run off the GUI thread (services open their own units of work;
PDFs render without widgets).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from planner.domain import errors
from planner.domain.enums import QbrStatus
from planner.reports import agenda_text, deck
from planner.reports.files import ensure_folder, safe_filename
from planner.reports.qbr_report import QbrReport, build_plan_report, build_qbr_report
from planner.services import qbrs
from planner.services.qbr_facts import gather_facts, inputs_for_qbr, qbr_inputs
from planner.store.book import Book

FORMATS: tuple[str, ...] = ("pptx", "pdf", "md", "ics")
FORMAT_LABELS = {"pptx": "Deck (.pptx)", "pdf": "Report (.pdf)", "md": "Agenda (.md)",
                 "ics": "Invite (.ics)"}  # fmt: skip
ProgressFn = Callable[[int, int], bool]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    formats: tuple[str, ...] = ("pptx", "pdf")
    template: Path | None = None
    customer_safe: bool = False
    start: time = agenda_text.DEFAULT_START
    """Start time of the meeting in the invite."""
    with_charts: bool = True

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise errors.ValidationError(
                "formats",
                f"Choose formats among {', '.join(FORMATS)}"
                + (f" ({', '.join(unknown)} is not one)." if unknown else "."),
            )


@dataclass(frozen=True, slots=True)
class ExportResult:
    account_id: str
    account_name: str
    files: tuple[Path, ...]
    qbr_id: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: tuple[ExportResult, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()
    """(account name, what went wrong) for accounts that could not be exported."""
    cancelled: bool = False
    due: int = 0

    @property
    def files(self) -> list[Path]:
        return [f for r in self.results for f in r.files]


def file_stem(report: QbrReport, *, customer_safe: bool) -> str:
    """``Acme Corp - Q4 2026 Business Review - 2026-12-03`` (+ `` - customer copy``)."""
    name = safe_filename(report.account_name, fallback="Account", limit=60)
    title = safe_filename(report.title, fallback="QBR", limit=60)
    stem = f"{name} - {title} - {report.meeting_date.isoformat()}"
    return stem + (" - customer copy" if customer_safe else "")


def report_for(
    book: Book, *, qbr_id: str | None = None, account_id: str | None = None,
    meeting_date: date | None = None, length_minutes: int | None = None,
    customer_safe: bool = False, today: date | None = None,
) -> QbrReport:  # fmt: skip
    """The report of a saved QBR, or of a meeting not saved yet (generated agenda).

    With ``account_id`` and no ``qbr_id``, a QBR of the account on ``meeting_date`` (or its
    next planned one when no date is given) is used if there is one.
    """
    day = today or book.clock.today()
    if qbr_id is None:
        if account_id is None:
            raise errors.ValidationError("account", "Choose an account or a QBR to export.")
        qbr_id = matching_qbr(book, account_id, meeting_date, day)
    if qbr_id is not None:
        inputs = inputs_for_qbr(book, qbr_id, as_of=day)
        if length_minutes is not None and length_minutes != inputs.length_minutes:
            raise errors.ValidationError(
                "length_minutes",
                f"This QBR is saved as {inputs.length_minutes} minutes; change its length in "
                "the QBR builder, or leave the length out.",
            )
        saved = qbrs.list_agenda(book, qbr_id)
        return build_qbr_report(inputs, saved or None, customer_safe=customer_safe,
                                qbr_id=qbr_id)  # fmt: skip
    assert account_id is not None
    inputs = qbr_inputs(book, account_id, meeting_date=meeting_date or day,
                        length_minutes=length_minutes or 60, as_of=day)  # fmt: skip
    return build_qbr_report(inputs, None, customer_safe=customer_safe)


def matching_qbr(book: Book, account_id: str, meeting_date: date | None, today: date) -> str | None:

    history = qbrs.list_qbrs(book, account_id)
    if meeting_date is not None:
        same_day = [q for q in history if q.meeting_date == meeting_date
                    and q.status is not QbrStatus.CANCELLED]  # fmt: skip
        return same_day[0].id if same_day else None
    upcoming = sorted((q for q in history if q.status is QbrStatus.PLANNED
                       and q.meeting_date >= today), key=lambda q: q.meeting_date)  # fmt: skip
    return upcoming[0].id if upcoming else None


def write_report(
    report: QbrReport, folder: Path, options: ExportOptions, *,
    template_data: bytes | None = None, stem: str | None = None,
) -> list[Path]:  # fmt: skip
    """Write ``report`` in every chosen format into ``folder``; return the files written."""
    folder = ensure_folder(Path(folder))
    stem = stem or file_stem(report, customer_safe=options.customer_safe)
    written: list[Path] = []
    for fmt in options.formats:
        target = folder / f"{stem}.{fmt}"
        if fmt == "pptx":
            data = template_data if template_data is not None else deck.read_template(
                options.template)  # fmt: skip
            deck.write_deck(report, target, template_data=data, with_charts=options.with_charts)
        elif fmt == "pdf":
            from planner.reports.pdf import write_qbr_pdf  # noqa: PLC0415 - loads Qt

            write_qbr_pdf(report, target, with_charts=options.with_charts)
        elif fmt == "md":
            agenda_text.write_markdown(report, target)
        elif fmt == "ics":
            agenda_text.write_invite(report, target, start=options.start)
        written.append(target)
    return written


def export_qbr(
    book: Book, folder: Path, options: ExportOptions, *, qbr_id: str | None = None,
    account_id: str | None = None, meeting_date: date | None = None,
    length_minutes: int | None = None, record: bool = False, today: date | None = None,
) -> ExportResult:  # fmt: skip
    """Export one QBR (saved, or generated for an account) in the chosen formats.

    ``record``: remember the files on the saved QBR (its "generated files").
    """
    template_data = deck.read_template(options.template) if "pptx" in options.formats else None
    report = report_for(book, qbr_id=qbr_id, account_id=account_id, meeting_date=meeting_date,
                        length_minutes=length_minutes, customer_safe=options.customer_safe,
                        today=today)  # fmt: skip
    files = write_report(report, folder, options, template_data=template_data)
    if record and report.qbr_id is not None and not book.read_only:
        qbrs.record_generated_files(book, report.qbr_id, [str(f) for f in files])
    return ExportResult(report.inputs.facts.account.id, report.account_name, tuple(files),
                        report.qbr_id)  # fmt: skip


def export_due(
    book: Book, folder: Path, options: ExportOptions, *, within_days: int, today: date,
    progress: ProgressFn | None = None, record: bool = False,
) -> BatchResult:  # fmt: skip
    """Decks and PDFs (the chosen formats) for every account with a QBR or renewal due in the
    next ``within_days`` days. Accounts with a planned QBR use it; the others get an agenda
    generated for a meeting today. One account's problem does not stop the others.

    ``progress(done, total)`` is called after each account; when it returns False the batch
    stops there (files already written stay).
    """
    due = qbrs.reviews_due(book, within_days=within_days, today=today)
    ensure_folder(Path(folder))
    template_data = deck.read_template(options.template) if "pptx" in options.formats else None
    results: list[ExportResult] = []
    failures: list[tuple[str, str]] = []
    stems: set[str] = set()
    if progress is not None and not progress(0, len(due)):
        return BatchResult(cancelled=True, due=len(due))
    for done, review in enumerate(due, 1):
        try:
            report = report_for(
                book, qbr_id=review.qbr.id if review.qbr else None,
                account_id=review.account_id, meeting_date=today if review.qbr is None else None,
                customer_safe=options.customer_safe, today=today,
            )  # fmt: skip
            stem = _unique(file_stem(report, customer_safe=options.customer_safe), stems)
            files = write_report(report, folder, options, template_data=template_data, stem=stem)
            if record and report.qbr_id is not None and not book.read_only:
                qbrs.record_generated_files(book, report.qbr_id, [str(f) for f in files])
            results.append(ExportResult(review.account_id, review.account_name, tuple(files),
                                        report.qbr_id))  # fmt: skip
        except errors.PlannerError as exc:
            failures.append((review.account_name, str(exc)))
        if progress is not None and not progress(done, len(due)):
            return BatchResult(tuple(results), tuple(failures), cancelled=True, due=len(due))
    return BatchResult(tuple(results), tuple(failures), due=len(due))


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate.casefold() in seen:
        candidate = f"{stem} ({n})"
        n += 1
    seen.add(candidate.casefold())
    return candidate


@dataclass(frozen=True, slots=True)
class PlanExport:
    path: Path
    pages: int
    warnings: Sequence[str] = field(default=())


def export_plan_pdf(
    book: Book, account_id: str, path: Path, *, customer_safe: bool = False,
    today: date | None = None, with_charts: bool = True,
) -> PlanExport:  # fmt: skip
    """The Account Success Plan document of one account as a PDF."""
    from planner.reports.pdf import write_plan_pdf  # noqa: PLC0415 - loads Qt

    day = today or book.clock.today()
    report = build_plan_report(gather_facts(book, account_id, as_of=day),
                               customer_safe=customer_safe)  # fmt: skip
    result = write_plan_pdf(report, Path(path), today=day, with_charts=with_charts)
    warnings = [] if report.facts.plan is not None else [
        "The account has no success plan yet, so the document has no goals; it shows the "
        "account's risks, people, use cases and actions."]  # fmt: skip
    return PlanExport(result.path, result.pages, tuple(warnings))
