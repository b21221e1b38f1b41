"""QBR benchmarks: one account's deck + PDF next to the floor of drawing the PDF's charts alone
(the deck's charts are native PowerPoint charts: nothing to draw), and a batch of every account
due in the year rendered across processes next to the same batch in one process."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from planner.domain.clock import default_clock
from planner.reports import deck, pdf
from planner.reports.qbr_charts import render_svg
from planner.reports.qbr_report import QbrReport
from planner.services import books
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
        due, _ = batch_plan(book, within_days=366, today=today)
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
        workers = worker_count(len(due))
        runs = iter(range(1_000))

        def batch(**kw: int) -> None:
            target = folder / f"batch-{next(runs)}"
            export_due(book, target, options, within_days=366, today=today, **kw)
            shutil.rmtree(target, ignore_errors=True)

        # The serial batch is the floor; no warm-up pair (each batch is long).
        batches = paired(batch, lambda: batch(workers=1), warmup=0)
        results.append(
            batches.result(
                f"{len(due)} accounts' decks + PDFs on {workers} processes",
                "the same batch in one process",
                goal=0.8,
                note=f"{batches.app / len(due):.2f} s an account",
            )
        )
    return results
