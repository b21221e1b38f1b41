"""QBR exports as jobs: read the book, build the report, write the chosen formats.

The one place the CLI and the app share for "export this QBR" and "export every account with a
QBR or renewal due", so both name files, choose the copy, resolve agendas and report problems
the same way. The renderers in :mod:`planner.reports` take the report (plain data) and write
files; only this module reads the book.

* **Customer copy by default.** ``ExportOptions(internal=True)`` asks for the internal copy: its
  deck and PDF say INTERNAL on every slide and page, and their file names end in
  ``-internal``. The agenda (``.md``) and the invite (``.ics``) are always the customer copy.
* **Invites come from you**: the organiser is your name and e-mail and the time zone yours
  (:mod:`planner.services.preferences`, else this computer's zone).
* **Batches run in parallel**: :func:`export_due` reads every account's report in this
  process, then renders them in worker processes (one per core; ``forkserver`` or ``spawn``,
  never ``fork``, which is unsafe under Qt), reports progress and stops when asked. Accounts
  that are not exported are listed with the reason (churned, archived).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import Path

from planner.domain import errors
from planner.domain import qbr_figures as qf
from planner.domain.enums import QbrStatus
from planner.reports import agenda_text, deck
from planner.reports.files import ensure_folder, safe_filename
from planner.reports.qbr_report import QbrReport, build_plan_report, build_qbr_report
from planner.services import book_settings, forecast, preferences, qbrs
from planner.services.qbr_facts import gather_facts, inputs_for_qbr, qbr_inputs
from planner.store.book import Book

FORMATS: tuple[str, ...] = ("pptx", "pdf", "md", "ics")
FORMAT_LABELS = {
    "pptx": "Deck (.pptx)",
    "pdf": "Report (.pdf)",
    "md": "Agenda (.md)",
    "ics": "Invite (.ics)",
}
CUSTOMER_ONLY = frozenset({"md", "ics"})
"""Formats that are always the customer copy (they go to the customer's inbox)."""
INTERNAL_SUFFIX = "-internal"
POOL_FROM = 6
"""Batches of at least this many accounts render in worker processes (smaller ones in this
process: a worker takes seconds to start)."""
ProgressFn = Callable[[int, int], bool]


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sends the invite and where they are (from the person's preferences)."""

    name: str = ""
    email: str = ""
    timezone: str = "UTC"
    company: str = ""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    formats: tuple[str, ...] = ("pptx", "pdf")
    template: Path | None = None
    internal: bool = False
    """The internal copy (marked INTERNAL); the default is the customer copy."""
    start: time = agenda_text.DEFAULT_START
    """Start time of the meeting in the invite (in the sender's time zone)."""
    with_charts: bool = True
    sender: Sender | None = None
    """None: read from the preferences when exporting."""
    footer: str = ""
    """The book's or company's name for PDF footers (empty: filled when exporting)."""

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
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    account_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: tuple[ExportResult, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()
    """(account name, what went wrong) for accounts that could not be exported."""
    skipped: tuple[Skipped, ...] = ()
    """Accounts not exported on purpose, with the reason (churned, archived)."""
    cancelled: bool = False
    due: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def files(self) -> list[Path]:
        return [f for r in self.results for f in r.files]


def resolve_options(book: Book, options: ExportOptions) -> tuple[ExportOptions, list[str]]:
    """``options`` with the sender (from the preferences) and the footer filled in; and any
    warning about the preferences."""
    warnings: list[str] = []
    sender = options.sender
    if sender is None:
        prefs, problem = preferences.load_or_default()
        if problem:
            warnings.append(problem)
        sender = Sender(prefs.name, prefs.email, prefs.effective_timezone(), prefs.company)
    if "ics" in options.formats and not sender.email:
        warnings.append(
            "The invite has no organiser: set your name and e-mail (Edit > Preferences…, or "
            "`planner preferences --set name=... --set email=...`) so it comes from you."
        )
    footer = options.footer or sender.company or book_settings.get(book).name
    return replace(options, sender=sender, footer=footer), warnings


def file_stem(report: QbrReport, *, internal: bool | None = None) -> str:
    """``Acme Corp - Q4 2026 Business Review - 2026-12-03`` (``-internal`` for the internal
    copy)."""
    name = safe_filename(report.account_name, fallback="Account", limit=60)
    title = safe_filename(report.title, fallback="QBR", limit=60)
    stem = f"{name} - {title} - {report.meeting_date.isoformat()}"
    chosen = report.internal if internal is None else internal
    return stem + (INTERNAL_SUFFIX if chosen else "")


def report_for(
    book: Book,
    *,
    qbr_id: str | None = None,
    account_id: str | None = None,
    meeting_date: date | None = None,
    length_minutes: int | None = None,
    internal: bool = False,
    today: date | None = None,
) -> QbrReport:
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
        return build_qbr_report(
            inputs,
            saved or None,
            internal=internal,
            qbr_id=qbr_id,
            forecast=_forecast(book, inputs.facts.account.id) if internal else None,
        )
    assert account_id is not None
    inputs = qbr_inputs(
        book,
        account_id,
        meeting_date=meeting_date or day,
        length_minutes=length_minutes or 60,
        as_of=day,
    )
    return build_qbr_report(
        inputs, None, internal=internal, forecast=_forecast(book, account_id) if internal else None
    )


def _forecast(book: Book, account_id: str) -> qf.RenewalForecast | None:
    """The account's renewal forecast for the internal copy (None: no renewal to forecast)."""
    found = forecast.forecast_for_account(book, account_id)
    if found is None:
        return None
    return qf.RenewalForecast(
        category=found.category.label,
        weight_pct=found.weight_pct,
        renewal_date=found.renewal_date,
        days_to_renewal=found.days_to_renewal,
        currency=found.currency,
        arr_minor=found.arr_minor,
        weighted_minor=found.weighted_minor,
        reasons=found.reasons,
        overridden=found.overridden,
        derived=found.derived.label,
        base_currency=found.base_currency,
        weighted_base_minor=found.weighted_base_minor,
    )


def matching_qbr(book: Book, account_id: str, meeting_date: date | None, today: date) -> str | None:
    """The account's QBR on ``meeting_date`` (not cancelled), else its next planned one."""
    history = qbrs.list_qbrs(book, account_id)
    if meeting_date is not None:
        same_day = [
            q
            for q in history
            if q.meeting_date == meeting_date and q.status is not QbrStatus.CANCELLED
        ]
        return same_day[0].id if same_day else None
    upcoming = sorted(
        (q for q in history if q.status is QbrStatus.PLANNED and q.meeting_date >= today),
        key=lambda q: q.meeting_date,
    )
    return upcoming[0].id if upcoming else None


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything a worker needs to write one account's files (plain data: picklable)."""

    report: QbrReport
    customer: QbrReport
    """The customer copy (the same object as ``report`` unless ``report`` is internal)."""
    folder: Path
    options: ExportOptions
    template_data: bytes | None
    stem: str


@dataclass(frozen=True, slots=True)
class Rendered:
    files: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""


def report_pair(book: Book, options: ExportOptions, **where: object) -> tuple[QbrReport, QbrReport]:
    """(the report in the chosen copy, its customer copy) for ``report_for(**where)``."""
    chosen = report_for(book, internal=options.internal, **where)  # type: ignore[arg-type]
    if not options.internal or not set(options.formats) & CUSTOMER_ONLY:
        return chosen, chosen
    customer = report_for(book, internal=False, **where)  # type: ignore[arg-type]
    return chosen, customer


def speaker_notes_warning(report: QbrReport) -> str:
    """A customer copy whose speaker notes carry the CSM's own agenda notes: a reminder to read
    them before sending the deck (empty when there are none, or for the internal copy)."""
    if report.internal:
        return ""
    noted = [i.title for i in report.items if i.notes.strip()]
    if not noted:
        return ""
    shown = ", ".join(noted[:3]) + (f" and {len(noted) - 3} more" if len(noted) > 3 else "")
    items = "agenda item" if len(noted) == 1 else "agenda items"
    return (
        f"The customer copy's speaker notes include your notes on {len(noted)} {items} "
        f"({shown}): read them before you send the deck, or clear them in the QBR builder."
    )


def write_report(job: RenderJob) -> Rendered:
    """Write the job's report in every chosen format into its folder."""
    folder = ensure_folder(Path(job.folder))
    options = job.options
    sender = options.sender or Sender()
    written: list[Path] = []
    warnings: list[str] = []
    customer_stem = job.stem.removesuffix(INTERNAL_SUFFIX)
    for fmt_name in options.formats:
        if fmt_name == "pptx":
            data = job.template_data
            if data is None:
                data = deck.read_template(options.template)
            result = deck.write_deck(
                job.report,
                folder / f"{job.stem}.pptx",
                template_data=data,
                with_charts=options.with_charts,
            )
            warnings.extend(result.warnings)
            written.append(result.path)
            note = speaker_notes_warning(job.report)
            if note:
                warnings.append(note)
        elif fmt_name == "pdf":
            from planner.reports.pdf import write_qbr_pdf  # noqa: PLC0415 - loads Qt

            pdf = write_qbr_pdf(
                job.report,
                folder / f"{job.stem}.pdf",
                with_charts=options.with_charts,
                footer=options.footer,
            )
            written.append(pdf.path)
        elif fmt_name == "md":
            written.append(agenda_text.write_markdown(job.customer, folder / f"{customer_stem}.md"))
        elif fmt_name == "ics":
            invite = agenda_text.Invite(
                start=options.start,
                timezone=sender.timezone,
                organizer_name=sender.name,
                organizer_email=sender.email,
            )
            written.append(
                agenda_text.write_invite(job.customer, folder / f"{customer_stem}.ics", invite)
            )
    return Rendered(tuple(written), tuple(dict.fromkeys(warnings)))


def export_qbr(
    book: Book,
    folder: Path,
    options: ExportOptions,
    *,
    qbr_id: str | None = None,
    account_id: str | None = None,
    meeting_date: date | None = None,
    length_minutes: int | None = None,
    record: bool = False,
    today: date | None = None,
    stem: str | None = None,
) -> ExportResult:
    """Export one QBR (saved, or generated for an account) in the chosen formats.

    ``record``: remember the files on the saved QBR (its "generated files")."""
    options, warnings = resolve_options(book, options)
    template_data = deck.read_template(options.template) if "pptx" in options.formats else None
    report, customer = report_pair(
        book,
        options,
        qbr_id=qbr_id,
        account_id=account_id,
        meeting_date=meeting_date,
        length_minutes=length_minutes,
        today=today,
    )
    job = RenderJob(
        report, customer, Path(folder), options, template_data, stem or file_stem(report)
    )
    rendered = write_report(job)
    if record and report.qbr_id is not None and not book.read_only:
        qbrs.record_generated_files(book, report.qbr_id, [str(f) for f in rendered.files])
    return ExportResult(
        report.inputs.facts.account.id,
        report.account_name,
        rendered.files,
        report.qbr_id,
        tuple(warnings) + rendered.warnings,
    )


# --------------------------------------------------------------------------- batches


def worker_count(jobs: int) -> int:
    """One worker per core (at most one per job)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


PRELOAD = ["planner.services.qbr_export", "planner.reports.pdf", "pptx", "matplotlib.figure"]
"""Imported once in the fork server, so each worker starts with them (no Qt application is
made before a worker forks: only the libraries are loaded)."""


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one (Linux), else ``spawn`` (and in the bundled app, whose
    launchers call ``multiprocessing.freeze_support()``): never ``fork``, which copies a running
    Qt application and its threads into the child."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and not getattr(sys, "frozen", False):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _worker_setup() -> None:
    """In each worker: Qt without a display, matplotlib without a GUI."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["MPLBACKEND"] = "Agg"


def render_in_worker(job: RenderJob) -> Rendered:
    """What a worker process runs: the files, or the problem in words."""
    try:
        return write_report(job)
    except errors.PlannerError as exc:
        return Rendered(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one account's problem must not stop the batch
        return Rendered(error=f"unexpected problem ({type(exc).__name__}: {exc})")


def batch_plan(
    book: Book, *, within_days: int, today: date
) -> tuple[list[qbrs.DueReview], list[Skipped]]:
    """The reviews to export, and the accounts left out with the reason."""
    due, left_out = qbrs.batch_candidates(book, within_days=within_days, today=today)
    skipped = [Skipped(c.account_name, c.reason) for c in left_out]
    return due, skipped


def export_due(
    book: Book,
    folder: Path,
    options: ExportOptions,
    *,
    within_days: int,
    today: date,
    progress: ProgressFn | None = None,
    record: bool = False,
    workers: int | None = None,
) -> BatchResult:
    """Decks, PDFs (and the other chosen formats) for every account with a QBR or renewal due
    in the next ``within_days`` days. Accounts with a planned QBR use it; the others get an
    agenda generated for a meeting today. One account's problem does not stop the others.

    ``progress(done, total)`` is called as accounts finish (and about five times a second
    while they render); when it returns False the batch stops: accounts not started are
    dropped, the ones rendering finish, and files already written stay.
    """
    due, skipped = batch_plan(book, within_days=within_days, today=today)
    ensure_folder(Path(folder))
    options, warnings = resolve_options(book, options)
    total = len(due)

    def ask(done: int) -> bool:
        return progress is None or progress(done, total)

    if not ask(0):
        return BatchResult(
            skipped=tuple(skipped), cancelled=True, due=total, warnings=tuple(warnings)
        )
    template_data = deck.read_template(options.template) if "pptx" in options.formats else None
    failures: list[tuple[str, str]] = []
    jobs: list[tuple[qbrs.DueReview, RenderJob]] = []
    stems: set[str] = set()
    for review in due:
        try:
            report, customer = report_pair(
                book,
                options,
                qbr_id=review.qbr.id if review.qbr else None,
                account_id=review.account_id,
                meeting_date=today if review.qbr is None else None,
                today=today,
            )
        except errors.PlannerError as exc:
            failures.append((review.account_name, str(exc)))
            continue
        stem = _unique(file_stem(report), stems)
        jobs.append(
            (review, RenderJob(report, customer, Path(folder), options, template_data, stem))
        )
        if not ask(0):
            return BatchResult(
                failures=tuple(failures),
                skipped=tuple(skipped),
                cancelled=True,
                due=total,
                warnings=tuple(warnings),
            )
    results: list[ExportResult] = []
    done = len(failures)
    cancelled = False

    def finish(review: qbrs.DueReview, job: RenderJob, rendered: Rendered) -> None:
        if rendered.error:
            failures.append((review.account_name, rendered.error))
            return
        report = job.report
        if record and report.qbr_id is not None and not book.read_only:
            qbrs.record_generated_files(book, report.qbr_id, [str(f) for f in rendered.files])
        warnings.extend(w for w in rendered.warnings if w not in warnings)
        results.append(
            ExportResult(
                review.account_id,
                review.account_name,
                rendered.files,
                report.qbr_id,
                rendered.warnings,
            )
        )

    count = workers
    if count is None:  # starting a process costs about as much as rendering three accounts
        count = worker_count(len(jobs)) if len(jobs) >= POOL_FROM else 1
    if count <= 1 or len(jobs) <= 1:
        for review, job in jobs:
            finish(review, job, render_in_worker(job))
            done += 1
            if not ask(done):
                cancelled = done < total
                break
    else:
        cancelled, done = _run_pool(jobs, count, finish, ask, done)
    order = {d.account_id: n for n, d in enumerate(due)}
    results.sort(key=lambda r: order.get(r.account_id, 0))
    return BatchResult(
        tuple(results), tuple(failures), tuple(skipped), cancelled, total, tuple(warnings)
    )


def _run_pool(
    jobs: Sequence[tuple[qbrs.DueReview, RenderJob]],
    count: int,
    finish: Callable[[qbrs.DueReview, RenderJob, Rendered], None],
    ask: Callable[[int], bool],
    done: int,
) -> tuple[bool, int]:
    """Render ``jobs`` on ``count`` worker processes; returns (cancelled, accounts done)."""
    executor = cf.ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=_worker_setup
    )
    cancelled = False
    try:
        pending = {executor.submit(render_in_worker, job): (review, job) for review, job in jobs}
        while pending:
            finished, _ = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                review, job = pending.pop(future)
                try:
                    rendered = future.result()
                except cf.CancelledError:
                    continue
                except Exception as exc:  # noqa: BLE001 - a worker that died: say which account
                    rendered = Rendered(error=f"the export process stopped ({exc})")
                finish(review, job, rendered)
                done += 1
            if not ask(done) and pending:
                cancelled = True
                for future in pending:
                    future.cancel()
                break
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return cancelled, done


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate.casefold() in seen:
        candidate = f"{stem} ({n})"
        n += 1
    seen.add(candidate.casefold())
    return candidate


# --------------------------------------------------------------------------- success plan


@dataclass(frozen=True, slots=True)
class PlanExport:
    path: Path
    pages: int
    warnings: Sequence[str] = field(default=())


def export_plan_pdf(
    book: Book,
    account_id: str,
    path: Path,
    *,
    internal: bool = False,
    today: date | None = None,
    with_charts: bool = True,
) -> PlanExport:
    """The Account Success Plan document of one account as a PDF (the customer copy unless
    ``internal``)."""
    from planner.reports.pdf import write_plan_pdf  # noqa: PLC0415 - loads Qt

    day = today or book.clock.today()
    options, warnings = resolve_options(book, ExportOptions(formats=("pdf",)))
    report = build_plan_report(gather_facts(book, account_id, as_of=day), internal=internal)
    result = write_plan_pdf(
        report, Path(path), today=day, with_charts=with_charts, footer=options.footer
    )
    if report.facts.plan is None:
        warnings.append(
            "The account has no success plan yet, so the document has no goals; it shows the "
            "account's risks, people, use cases and actions."
        )
    return PlanExport(result.path, result.pages, tuple(warnings))
