"""PDF reports read back with pypdf: pages, text, header and footer, vector charts.

Qt renders the PDF, so these tests take pytest-qt's ``qapp`` (one QApplication for the whole
session, as the UI tests need).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from planner.reports import html, pdf
from planner.reports.qbr_report import build_plan_report
from planner.services import actions, qbrs
from planner.services.books import Book
from planner.services.qbr_export import export_plan_pdf, report_for
from planner.services.qbr_facts import gather_facts
from tests.planner.test_qbr_data import HOSTILE_NAME, LONG_TITLE, RTL_TEXT, TODAY, build_account


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_text(path: Path) -> list[str]:
    """Each page's text, with runs of white space (pypdf gives tabs, too) as one space."""
    return [flat(p.extract_text() or "") for p in PdfReader(str(path)).pages]


def test_qbr_report_pdf(qapp: QApplication, book: Book, tmp_path: Path) -> None:
    built = build_account(book)
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    result = pdf.write_qbr_pdf(report, tmp_path / "qbr.pdf", footer="Beacon Success")
    texts = pages_text(result.path)
    assert len(texts) == result.pages >= 2
    whole = flat(" ".join(texts))
    assert "Q4 2026 Business Review" in whole
    for item in qbrs.list_agenda(book, built.qbr_id):
        assert flat(item.title) in whole
    assert "Cut onboarding time" in whole
    assert "Build the ROI case with the economic buyer" in whole
    assert "Since our last review" in whole
    for n, text in enumerate(texts, 1):
        assert f"Page {n} of {len(texts)}" in text
        assert "Acme & Co" in text  # the header of every page
        assert "Beacon Success \u00b7 3 Dec 2026" in text  # the company's name, not the app's
        assert "Account Success Planner" not in text
        assert "INTERNAL" not in text  # the customer copy
    meta = PdfReader(str(result.path)).metadata
    assert meta is not None
    assert meta.title == "Q4 2026 Business Review \u2014 Acme & Co"


def test_charts_are_vectors_with_real_text(qapp: QApplication, book: Book, tmp_path: Path) -> None:
    from planner.domain.enums import SurveyKind
    from planner.services import surveys

    built = build_account(book)
    surveys.create_response(  # a second quarter of answers: the feedback is a trend chart
        book, built.account_id, responded_on=date(2026, 8, 14), kind=SurveyKind.CSAT, score=4
    )
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    path = pdf.write_qbr_pdf(report, tmp_path / "charts.pdf").path
    reader = PdfReader(str(path))
    whole = flat(" ".join(p.extract_text() or "" for p in reader.pages))
    assert "% of the way to target" in whole  # the goal chart's axis title, drawn as text
    assert "CSAT (% satisfied)" in whole  # the voice chart's legend
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image", "charts must not be bitmaps"


def test_plan_pdf_sections_and_repeated_headers(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    for n in range(130):
        actions.create_action(
            book, built.account_id, title=f"Task {n:03d} for the rollout", owner_name="Dana Reyes"
        )
    result = export_plan_pdf(
        book, built.account_id, tmp_path / "plan.pdf", today=TODAY, internal=True
    )
    texts = pages_text(result.path)
    assert result.pages == len(texts) >= 3
    whole = flat(" ".join(texts))
    for heading in (
        "2026 Success Plan",
        "At a glance",
        "Desired outcomes",
        "Goals",
        "Risks and challenges",
        "Stakeholders",
        "Use cases",
        "Action items",
        "Internal notes",
    ):
        assert heading in whole, heading
    assert "Grace Hopper" in whole
    assert "Invoice approvals" in whole
    assert "Task 129 for the rollout" in whole
    task_pages = [t for t in texts if re.search(r"Task \d{3} for the rollout", t)]
    assert len(task_pages) >= 2
    for text in task_pages:  # the header row repeats on every page of the table
        assert "Action" in text
        assert "Priority" in text


def test_plan_pdf_without_a_plan_says_so(qapp: QApplication, book: Book, tmp_path: Path) -> None:
    from planner.services import accounts

    acct = accounts.create_account(book, name="No Plan Ltd")
    result = export_plan_pdf(book, acct.id, tmp_path / "none.pdf", today=TODAY)
    assert result.warnings
    whole = flat(" ".join(pages_text(result.path)))
    assert "No Plan Ltd" in whole
    assert "None recorded." in whole


def test_hostile_text_prints_literally(qapp: QApplication, book: Book, tmp_path: Path) -> None:
    built = build_account(book, hostile=True)
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    texts = pages_text(pdf.write_qbr_pdf(report, tmp_path / "hostile.pdf").path)
    whole = flat(" ".join(texts))
    assert '<script>alert("x")</script>' in whole
    assert '=HYPERLINK("http://evil.example","click")' in whole
    assert "& Söhne" in whole
    assert re.search("[\u05d0-\u05ea]", whole), "Hebrew text is printed"
    squeezed = whole.replace(" ", "")
    assert LONG_TITLE.replace(" ", "")[:300] in squeezed
    facts = gather_facts(book, built.account_id, as_of=TODAY)
    plan_texts = pages_text(
        pdf.write_plan_pdf(build_plan_report(facts), tmp_path / "p.pdf", today=TODAY).path
    )
    assert HOSTILE_NAME.split(" \U0001f680")[0] in flat(" ".join(plan_texts))


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_page_sizes(qapp: QApplication, book: Book, size: str) -> None:
    from PySide6.QtGui import QPageSize

    built = build_account(book)
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    page = QPageSize(getattr(QPageSize.PageSizeId, size))
    data, pages = pdf.qbr_pdf_bytes(report, with_charts=False, page_size=page)
    assert data.startswith(b"%PDF")
    assert pages >= 2


def test_no_ligatures_so_search_finds_the_words(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    qbrs.update_qbr(book, built.qbr_id, objectives="Qualified financial office workflows")
    report = report_for(book, qbr_id=built.qbr_id, today=TODAY)
    whole = flat(" ".join(pages_text(pdf.write_qbr_pdf(report, tmp_path / "l.pdf").path)))
    assert "Qualified financial office workflows" in whole
    assert not {"\ufb01", "\ufb02", "\ufb03", "\ufb04"} & set(whole)


def test_no_heading_is_left_alone_at_a_page_bottom(qapp: QApplication) -> None:
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    pdf.ensure_gui_application()
    filler = "".join(f"<p>Line {n} of the body text.</p>" for n in range(27))
    doc = QTextDocument()
    doc.setHtml(
        f"<h1>Title</h1>{filler}<h2>A heading near the bottom</h2>"
        + "<p>What the heading is about, at some length. </p>" * 8
    )
    height = 800.0
    doc.setPageSize(QSizeF(500, height))
    assert pdf.orphan_headings(doc, height) == ["A heading near the bottom"]
    pdf.keep_headings_with_next(doc, height)
    assert pdf.orphan_headings(doc, height) == []


def test_reports_leave_no_heading_alone(
    qapp: QApplication, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_account(book)
    for n in range(12):
        actions.create_action(
            book, built.account_id, title=f"Step {n} of the rollout", owner_name="Dana Reyes"
        )
    checked: list[list[str]] = []
    keep = pdf.keep_headings_with_next

    def spy(doc: object, height: float, **kwargs: object) -> None:
        keep(doc, height)  # type: ignore[arg-type]
        checked.append(pdf.orphan_headings(doc, height))  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "keep_headings_with_next", spy)
    for internal in (False, True):
        report = report_for(book, qbr_id=built.qbr_id, today=TODAY, internal=internal)
        pdf.qbr_pdf_bytes(report)
    assert checked == [[], []]


def test_right_to_left_names_are_isolated() -> None:
    assert html.isolate(RTL_TEXT) == f"\u2068{RTL_TEXT}\u2069"
    assert html.isolate("Ada Lovelace") == "Ada Lovelace"
    rendered = html.environment().from_string("{{ x | iso }} owns it").render(x=RTL_TEXT)
    assert rendered == f"\u2068{RTL_TEXT}\u2069 owns it"


def test_figures_in_tables_are_never_split(qapp: QApplication) -> None:
    """A narrow numeric column widens rather than breaking "$1,234,567" over two lines."""
    from planner.domain import agenda as ag

    table = ag.Table(
        "Amounts",
        (*(ag.Column(f"M{n}", 0.2, numeric=True) for n in range(10)), ag.Column("What", 6.0)),
        ((*tuple("$1,234,567" for _ in range(10)), "A long description " * 4),),
    )
    page = (
        html.environment()
        .from_string('{% import "macros" as m %}<html><body>{{ m.data_table(t) }}</body></html>')
        .render(t=table)
    )
    frame = pdf.PageFrame("a", "b", "c")
    data, _ = pdf.render_pdf(page, [], frame, title="t")
    import io

    text = PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""
    lines = [line for line in text.split("\n") if "$" in line or "234" in line]
    assert lines
    assert all("$1,234,567" in line for line in lines), lines


def test_a_heading_followed_by_a_sub_heading_is_not_left_alone(qapp: QApplication) -> None:
    """A slide's heading, its small print, then a panel's sub-heading and table: the heading
    goes with them to the next page, not alone at the bottom of this one."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    pdf.ensure_gui_application()
    filler = "".join(f"<p>Line {n} of the body text.</p>" for n in range(27))
    doc = QTextDocument()
    doc.setHtml(
        f"<h1>Title</h1>{filler}<h2>Next quarter: 3 actions</h2><p>Next quarter</p>"
        "<h3>Who does what, by when</h3>" + "<p>An action, its owner and its date. </p>" * 8
    )
    height = 840.0
    doc.setPageSize(QSizeF(500, height))
    assert "Next quarter: 3 actions" in pdf.orphan_headings(doc, height)
    pdf.keep_headings_with_next(doc, height)
    assert pdf.orphan_headings(doc, height) == []


def test_wide_figures_leave_room_for_the_other_columns() -> None:
    """Numeric cells do not wrap: their columns are given the room their figures need, so the
    last column is not squeezed to a letter a line (the goals in detail's owners were)."""
    import re

    from planner.domain import agenda as ag
    from planner.reports.textfit import text_width

    table = ag.Table(
        "Goals in detail",
        (
            ag.Column("Goal", 2.2),
            ag.Column("Baseline", 0.7, numeric=True),
            ag.Column("Now", 0.7, numeric=True),
            ag.Column("Target", 0.7, numeric=True),
            ag.Column("Progress", 0.7, numeric=True),
            ag.Column("Status", 1.4),
            ag.Column("Owner", 0.9),
        ),
        (
            (
                "Free transport planners",
                "36 hours/week",
                "36 hours/week",
                "28 hours/week",
                "0%",
                "Not started, due 21 Oct 2027",
                "Claire Dubois",
            ),
        ),
    )
    page = (
        html.environment()
        .from_string('{% import "macros" as m %}{{ m.data_table(t) }}')
        .render(t=table)
    )
    widths = [int(w) for w in re.findall(r'<th[^>]* width="(\d+)%"', page)]
    assert len(widths) == 7
    for share, cell in zip(widths[1:4], table.rows[0][1:4], strict=True):
        assert share * html.BODY_WIDTH_PT / 100 >= text_width(cell, 8.0) + 8, (share, cell)
    assert widths[-1] * html.BODY_WIDTH_PT / 100 >= text_width("Owner", 8.0, bold=True)
