"""QBR benchmarks: one account's deck + PDF, and 20 accounts' decks in one batch, each next to
the floor of rendering the same charts alone (matplotlib's PNG and SVG output is most of the
work; everything else we add should stay a small multiple of it)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from planner.domain.clock import default_clock
from planner.reports import deck, pdf
from planner.reports.export import ExportOptions, report_for, write_report
from planner.reports.qbr_charts import chart_for
from planner.reports.qbr_report import QbrReport
from planner.services import books, qbrs
from tests.perf.bench import Context, Result, median_time


def _charts_alone(report: QbrReport) -> None:
    """The floor: the same charts, rendered as the deck (PNG) and the PDF (SVG) need them."""
    for item in report.items:
        for kind in item.charts:
            spec = chart_for(kind, report.inputs)
            if spec is None:
                continue
            spec.png(width_in=6.9 * deck.CHART_SCALE, height_in=4.6 * deck.CHART_SCALE,
                     dpi=round(deck.CHART_DPI / deck.CHART_SCALE))  # fmt: skip
            spec.svg(width_in=pdf.CHART_WIDTH_IN, height_in=pdf.CHART_HEIGHT_IN)


def run(ctx: Context) -> list[Result]:
    pdf.ensure_gui_application()
    today = default_clock().today()  # the demo book is made for today
    results = []
    with books.open_book(ctx.book, read_only=True) as book, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        due = qbrs.reviews_due(book, within_days=366, today=today)
        if not due:
            return [Result("QBR exports", 0.0, "s", note="no account with a QBR or renewal")]
        first = due[0]
        report = report_for(book, qbr_id=first.qbr.id if first.qbr else None,
                            account_id=first.account_id, today=today)  # fmt: skip
        options = ExportOptions(formats=("pptx", "pdf"))
        template = deck.read_template(None)

        def one() -> None:
            write_report(report, folder, options, template_data=template, stem="one")

        app = median_time(one, repeat=3)
        floor = median_time(lambda: _charts_alone(report), repeat=3)
        results.append(Result(f"one account's deck + PDF ({len(report.items)} items)", app, "s",
                              floor, "the same charts alone", goal=3.0))  # fmt: skip

        chosen = due[:20]
        reports = [
            report_for(book, qbr_id=d.qbr.id if d.qbr else None, account_id=d.account_id,
                       meeting_date=None if d.qbr else today, today=today)
            for d in chosen
        ]  # fmt: skip
        deck_only = ExportOptions(formats=("pptx",))
        began = time.perf_counter()
        for n, r in enumerate(reports):
            write_report(r, folder, deck_only, template_data=template, stem=f"batch-{n}")
        batch = time.perf_counter() - began
        began = time.perf_counter()
        for r in reports:
            for item in r.items:
                for kind in item.charts:
                    spec = chart_for(kind, r.inputs)
                    if spec is not None:
                        spec.png(width_in=6.9 * deck.CHART_SCALE,
                                 height_in=4.6 * deck.CHART_SCALE,
                                 dpi=round(deck.CHART_DPI / deck.CHART_SCALE))  # fmt: skip
        charts_floor = time.perf_counter() - began
        results.append(Result(f"{len(reports)} accounts' decks in one batch", batch, "s",
                              charts_floor, "their charts alone (PNG)", goal=2.0,
                              note=f"{batch / len(reports):.2f} s a deck"))  # fmt: skip
    return results
