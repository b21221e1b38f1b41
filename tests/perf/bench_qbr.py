"""QBR benchmarks: one account's deck + PDF next to the floor of drawing the PDF's charts alone
(the deck's charts are native PowerPoint charts: nothing to draw), and a batch export rendered
across processes next to the same batch in one process.

The batch is the app's own ``export_due`` over the first ``BATCH_ACCOUNTS`` accounts due (the
soonest): a year of a 10,000-account book is thousands of accounts, about three seconds each,
and five pairs of that would take days. The row's name says how many it rendered.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from planner.domain.clock import default_clock
from planner.reports import deck, pdf
from planner.reports.qbr_charts import render_svg
from planner.reports.qbr_report import QbrReport
from planner.services import books, qbr_export, qbrs
from planner.services.qbr_export import (
    ExportOptions,
    RenderJob,
    Sender,
    batch_plan,
    export_due,
    report_for,
    worker_count,
    write_report,
)
from tests.perf.bench import Context, Result, paired

BATCH_ACCOUNTS = 12
"""Six an account on each of two processes: enough that a worker's start is shared."""
WITHIN_DAYS = 366


@contextmanager
def first_due(count: int) -> Iterator[None]:
    """``export_due`` exports only the first ``count`` accounts due (the plan is the app's,
    cut short; everything after it, reports, files and processes, is the app's own)."""
    real = qbr_export.batch_plan

    def cut(
        book: books.Book, *, within_days: int, today: date
    ) -> tuple[list[qbrs.DueReview], list[qbr_export.Skipped]]:
        due, skipped = real(book, within_days=within_days, today=today)
        return due[:count], skipped

    qbr_export.batch_plan = cut
    try:
        yield
    finally:
        qbr_export.batch_plan = real


def _charts_alone(report: QbrReport) -> None:
    """The floor: the PDF's charts, as SVG."""
    for chart in report.charts:
        render_svg(chart, width_in=pdf.CHART_WIDTH_IN, height_in=pdf.CHART_HEIGHT_IN)


def run(ctx: Context) -> list[Result]:
    pdf.ensure_gui_application()
    today = default_clock().today()  # the demo book is made for today
    results = []
    with books.open_book(ctx.book, read_only=True) as book, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        due, _ = batch_plan(book, within_days=WITHIN_DAYS, today=today)
        if not due:
            return [Result("QBR exports", 0.0, "s", note="no account with a QBR or renewal")]
        first = due[0]
        report = report_for(
            book,
            qbr_id=first.qbr.id if first.qbr else None,
            account_id=first.account_id,
            today=today,
        )
        options = ExportOptions(formats=("pptx", "pdf"), sender=Sender())
        job = RenderJob(report, report, folder, options, deck.read_template(None), "one")
        one = paired(lambda: write_report(job), lambda: _charts_alone(report))
        results.append(
            one.result(
                f"one account's deck + PDF ({len(report.slides)} slides)",
                "the PDF's charts alone",
                goal=6.0,
            )
        )
        size = min(BATCH_ACCOUNTS, len(due))
        workers = worker_count(size)
        runs = iter(range(1_000))

        def batch(**kw: int) -> None:
            target = folder / f"batch-{next(runs)}"
            made = export_due(book, target, options, within_days=WITHIN_DAYS, today=today, **kw)
            assert len(made.results) == size, (made.failures, size)
            shutil.rmtree(target, ignore_errors=True)

        # The serial batch is the floor; no warm-up pair (each batch is long).
        with first_due(size):
            batches = paired(batch, lambda: batch(workers=1), warmup=0)
        results.append(
            batches.result(
                f"QBR batch of {size} (first of {len(due):,} due) on {workers} processes",
                "the same batch in one process",
                goal=0.8,
                note=f"decks + PDFs; {batches.app / size:.2f} s an account",
            )
        )
    return results
