"""The customer-safe profile: a unique marker planted in every internal field must appear in no
customer-safe output (deck XML, PDF text, Markdown, invite), while the full profile shows them
(so the test can fail)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from planner.reports.export import ExportOptions, export_plan_pdf, export_qbr
from planner.services.books import Book
from tests.planner.test_qbr_data import INTERNAL_FIELDS, TODAY, build_account, marker

SAFE_NEVER = (
    *(marker(f) for f in INTERNAL_FIELDS),
    "987,654", "987654",  # the opportunity amount
    "Detractor", "Sentiment", "Stakeholder map", "Stakeholder coverage", "CSM sentiment",
    "Very positive", "Very negative",
)  # fmt: skip


def everything_in(path: Path) -> str:
    """All the text a file carries, however it is stored."""
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                             if n.endswith((".xml", ".rels")))  # fmt: skip
    if path.suffix == ".pdf":
        reader = PdfReader(str(path))
        text = " ".join(p.extract_text() or "" for p in reader.pages)
        meta = reader.metadata or {}
        return " ".join(text.split()) + " " + " ".join(str(v) for v in meta.values())
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ics":
        raw = raw.replace("\r\n ", "").replace("\n ", "")  # unfold folded lines
    return raw.replace("\\", "")  # Markdown escapes


def export_all(book: Book, qbr_id: str, account_id: str, folder: Path, *, safe: bool) -> str:
    options = ExportOptions(formats=("pptx", "pdf", "md", "ics"), customer_safe=safe)
    result = export_qbr(book, folder, options, qbr_id=qbr_id, today=TODAY)
    plan = export_plan_pdf(book, account_id, folder / "plan.pdf", customer_safe=safe,
                           today=TODAY)  # fmt: skip
    assert len(result.files) == 4
    return "\n".join(everything_in(p) for p in (*result.files, plan.path))


def test_customer_safe_outputs_carry_nothing_internal(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    safe = export_all(book, built.qbr_id, built.account_id, tmp_path / "safe", safe=True)
    leaks = [token for token in SAFE_NEVER if token in safe]
    assert leaks == []
    # What the customer may see is still there.
    for shown in ("Cut onboarding time", "Budget freeze next year", "Analytics add-on",
                  "Grace Hopper", "Invoice approvals", "Share the adoption report"):  # fmt: skip
        assert shown in safe, shown
    assert "customer copy" in safe.lower()


def test_full_profile_shows_the_internal_fields(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    full = export_all(book, built.qbr_id, built.account_id, tmp_path / "full", safe=False)
    shown_in_full = (
        "account_notes", "csm_note", "plan_notes", "qbr_notes", "override_reason",
        "internal_risk", "internal_mitigation", "hidden_goal", "internal_action",
    )  # fmt: skip
    for field in shown_in_full:
        assert marker(field) in full, field
    assert "$987,654.32" in full
    assert "Detractor" in full
