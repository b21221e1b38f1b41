"""The customer copy (the default): a unique marker planted in every internal field of a
hand-built book, and every internal figure (our health score, the pipeline's stage, amount and
close date, action priorities, revenue), must appear in no customer output: not in the deck's
XML (speaker notes and the charts' embedded workbooks included), the PDFs' text, the agenda or
the invite, and not in the data handed to either chart builder (text drawn inside charts). The
internal copy shows them (so the test can fail)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from planner.reports import deck, pdf
from planner.reports.qbr_charts import Chart
from planner.services.books import Book
from planner.services.qbr_export import ExportOptions, Sender, export_plan_pdf, export_qbr
from tests.planner.test_qbr_data import INTERNAL_FIELDS, TODAY, build_account, marker

SAFE_NEVER = (
    *(marker(f) for f in INTERNAL_FIELDS),
    "987,654",
    "987654",
    "987.7K",
    "$988K",  # the opportunity's amount
    "17 Mar 2027",  # its expected close date
    "Negotiation",  # its sales stage
    "Critical",  # an action's priority (and the internal risk's severity)
    "150,000",
    "$150K",  # our ARR (revenue)
    "Detractor",
    "Sentiment",
    "sentiment",
    "Stakeholder map",
    "Influence",
    "Health",
    "health score",
    "adjusted by hand",
    "overrid",
    "Pipeline",
    "pipeline",
    "INTERNAL",
    "Renewal forecast",  # our forecast of their renewal, its weight and weighted ARR
    "Weighted ARR",
)


def _zip_text(data: bytes) -> str:
    """Every XML part of an OOXML package, and of the packages embedded in it (a native
    chart's workbook), as text."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                found.append(z.read(name).decode("utf-8", "replace"))
            elif name.endswith((".xlsx", ".xlsm", ".bin")) and name.startswith("ppt/embeddings"):
                found.append(_zip_text(z.read(name)))
    return "\n".join(found)


def everything_in(path: Path) -> str:
    """All the text a file carries, however it is stored."""
    if path.suffix == ".pptx":
        return _zip_text(path.read_bytes())
    if path.suffix == ".pdf":
        reader = PdfReader(str(path))
        text = " ".join(p.extract_text() or "" for p in reader.pages)
        meta = reader.metadata or {}
        return " ".join(text.split()) + " " + " ".join(str(v) for v in meta.values())
    raw = path.read_bytes().decode("utf-8")
    if path.suffix == ".ics":
        raw = raw.replace("\r\n ", "")  # unfold folded lines
    return raw.replace("\\", "")  # Markdown and iCalendar escapes


@pytest.fixture
def chart_spy(monkeypatch: pytest.MonkeyPatch) -> list[Chart]:
    """Every chart handed to the deck's and the PDF's chart builders."""
    seen: list[Chart] = []
    native, vector = deck.add_native_chart, pdf.render_svg

    def native_spy(slide: Any, chart: Chart, *args: Any) -> Any:
        seen.append(chart)
        return native(slide, chart, *args)

    def vector_spy(chart: Chart, **kwargs: Any) -> bytes:
        seen.append(chart)
        return vector(chart, **kwargs)

    monkeypatch.setattr(deck, "add_native_chart", native_spy)
    monkeypatch.setattr(pdf, "render_svg", vector_spy)
    return seen


def export_all(
    book: Book, qbr_id: str, account_id: str, folder: Path, *, internal: bool
) -> tuple[str, list[Path]]:
    options = ExportOptions(
        formats=("pptx", "pdf", "md", "ics"),
        internal=internal,
        sender=Sender("Dana Reyes", "dana@vendor.example", "Europe/Berlin"),
    )
    result = export_qbr(book, folder, options, qbr_id=qbr_id, today=TODAY)
    plan = export_plan_pdf(book, account_id, folder / "plan.pdf", internal=internal, today=TODAY)
    files = [*result.files, plan.path]
    return "\n".join(everything_in(p) for p in files), files


def test_customer_copy_carries_nothing_internal(
    qapp: QApplication, book: Book, tmp_path: Path, chart_spy: list[Chart]
) -> None:
    built = build_account(book)
    text, files = export_all(
        book, built.qbr_id, built.account_id, tmp_path / "safe", internal=False
    )
    assert {p.suffix for p in files} == {".pptx", ".pdf", ".md", ".ics"}
    assert not any("internal" in p.name for p in files)
    leaks = [token for token in SAFE_NEVER if token in text]
    assert leaks == []
    # ... nor in any chart, deck or PDF: the data given to the builders
    assert len(chart_spy) >= 4
    drawn = "\n".join(t for chart in chart_spy for t in chart.texts())
    assert [token for token in SAFE_NEVER if token in drawn] == []
    # What the customer may see is still there.
    for shown in (
        "Cut onboarding time",
        "Budget freeze next year",
        "Analytics add-on",
        "Grace Hopper",
        "Invoice approvals",
        "Share the adoption report",
        "Approve the finance pilot",
        "$18K",
        "Your team",  # the mutual action plan's customer side, by name
        "Agree a date to fix: Budget freeze next year",  # a shared risk with no date
        "Value = the improvement since the baseline",  # how value is counted
    ):
        assert shown in text, shown
    # The internal risk has no date either, but only the shared one is asked about.
    assert f"Agree a date to fix: {marker('internal_risk')}" not in text


def test_internal_copy_shows_the_internal_fields(
    qapp: QApplication, book: Book, tmp_path: Path, chart_spy: list[Chart]
) -> None:
    built = build_account(book)
    text, files = export_all(book, built.qbr_id, built.account_id, tmp_path / "full", internal=True)
    names = {p.suffix: p.name for p in files if p.name != "plan.pdf"}
    assert names[".pptx"].endswith("-internal.pptx")
    assert names[".pdf"].endswith("-internal.pdf")
    assert not names[".md"].endswith("-internal.md")  # the agenda stays the customer copy
    shown_internally = (
        "account_notes",
        "csm_note",
        "plan_notes",
        "qbr_notes",
        "override_reason",
        "internal_risk",
        "internal_mitigation",
        "hidden_goal",
        "internal_action",
        "person_notes",
        "internal_person_notes",
        "opportunity_notes",
    )
    for field in shown_internally:
        assert marker(field) in text, field
    for figure in ("$987,654.32", "17 Mar 2027", "Negotiation", "INTERNAL", "Renewal forecast"):
        assert figure in text, figure
    drawn = "\n".join(t for chart in chart_spy for t in chart.texts())
    assert "Grace Hopper" in drawn  # the stakeholder map's labelled points
    # The agenda and the invite of an internal export are still the customer copy.
    for path in files:
        if path.suffix in (".md", ".ics"):
            content = everything_in(path)
            assert [t for t in SAFE_NEVER if t in content] == []


def test_every_pdf_page_of_the_internal_copy_says_internal(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    _, files = export_all(book, built.qbr_id, built.account_id, tmp_path / "pages", internal=True)
    for path in files:
        if path.suffix == ".pdf":
            reader = PdfReader(str(path))
            assert len(reader.pages) >= 2
            for n, page in enumerate(reader.pages, 1):
                assert "INTERNAL" in (page.extract_text() or ""), (path.name, n)
