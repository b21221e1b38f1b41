"""Exports as jobs: file names per copy, the batch across processes (progress, cancel, one
account's problem does not stop the others), and the accounts a batch leaves out, with why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from planner.domain import errors
from planner.domain.enums import LifecycleStage, QbrStatus
from planner.services import accounts, qbr_export, qbrs
from planner.services.books import Book
from planner.services.qbr_export import ExportOptions, Sender
from tests.planner.test_qbr_data import TODAY, build_account

OPTIONS = ExportOptions(formats=("pptx", "md"), sender=Sender(timezone="UTC"))


def _due_accounts(book: Book, n: int) -> list[str]:
    ids = []
    for i in range(n):
        acct = accounts.create_account(
            book,
            name=f"Due {i}",
            arr_minor=1_000_000,
            renewal_date=date(2026, 12, 10 + i),
            contract_start=date(2025, 1, 1),
            lifecycle_stage=LifecycleStage.ADOPTION,
        )
        ids.append(acct.id)
    return ids


def test_batch_runs_in_worker_processes_and_reports_progress(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    _due_accounts(book, 3)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    result = qbr_export.export_due(
        book, tmp_path, OPTIONS, within_days=30, today=TODAY, progress=progress, workers=2
    )
    assert result.due == 3
    assert not result.cancelled
    assert not result.failures
    assert sorted(r.account_name for r in result.results) == ["Due 0", "Due 1", "Due 2"]
    assert len(result.files) == 6
    assert all(f.exists() for f in result.files)
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert done[-1] == 3
    assert not list(tmp_path.glob(".*.part"))


def test_cancel_stops_before_the_next_accounts(
    qapp: QApplication, book: Book, tmp_path: Path
) -> None:
    _due_accounts(book, 4)

    def progress(done: int, total: int) -> bool:
        return done < 1

    result = qbr_export.export_due(
        book, tmp_path, OPTIONS, within_days=30, today=TODAY, progress=progress, workers=1
    )
    assert result.cancelled
    assert len(result.results) == 1
    assert len(list(tmp_path.glob("*.pptx"))) == 1  # what was written stays, nothing half


def test_one_accounts_problem_does_not_stop_the_others(
    qapp: QApplication, book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _due_accounts(book, 3)
    write = qbr_export.write_report

    def flaky(job: qbr_export.RenderJob) -> qbr_export.Rendered:
        if job.report.account_name == "Due 1":
            raise errors.StorageError("The disk is full.", None)
        return write(job)

    monkeypatch.setattr(qbr_export, "write_report", flaky)
    result = qbr_export.export_due(book, tmp_path, OPTIONS, within_days=30, today=TODAY, workers=1)
    assert [r.account_name for r in result.results] == ["Due 0", "Due 2"]
    assert result.failures == (("Due 1", "The disk is full."),)


def test_churned_and_archived_accounts_are_named_with_the_reason(book: Book) -> None:
    churned = accounts.create_account(
        book,
        name="Gone Ltd",
        renewal_date=date(2026, 12, 1),
        lifecycle_stage=LifecycleStage.CHURNED,
    )
    leaving = accounts.create_account(
        book, name="Leaving Ltd", lifecycle_stage=LifecycleStage.CHURNED
    )
    qbrs.create_qbr(
        book,
        leaving.id,
        title="Exit review",
        meeting_date=date(2026, 12, 5),
        status=QbrStatus.PLANNED,
    )
    shelved = accounts.create_account(book, name="Shelved Ltd", renewal_date=date(2026, 12, 2))
    accounts.update_account(book, shelved.id, archived=True)
    due, skipped = qbr_export.batch_plan(book, within_days=30, today=TODAY)
    assert [d.account_name for d in due] == ["Leaving Ltd"]  # its exit review is planned
    reasons = {s.account_name: s.reason for s in skipped}
    assert reasons["Gone Ltd"].startswith("churned: no QBR is planned")
    assert reasons["Shelved Ltd"].startswith("archived")
    assert churned.id not in {d.account_id for d in due}


def test_file_names_say_which_copy(book: Book) -> None:
    built = build_account(book)
    customer = qbr_export.report_for(book, qbr_id=built.qbr_id, today=TODAY)
    internal = qbr_export.report_for(book, qbr_id=built.qbr_id, internal=True, today=TODAY)
    assert qbr_export.file_stem(customer) == "Acme & Co - Q4 2026 Business Review - 2026-12-03"
    assert qbr_export.file_stem(internal).endswith("2026-12-03-internal")


def test_reports_travel_to_worker_processes(book: Book) -> None:
    """A render job is plain data: it pickles, so a worker process can take it."""
    import pickle

    built = build_account(book)
    report, customer = qbr_export.report_pair(
        book,
        ExportOptions(formats=("pptx", "md"), internal=True),
        qbr_id=built.qbr_id,
        today=TODAY,
    )
    job = qbr_export.RenderJob(report, customer, Path(), OPTIONS, None, "x")
    again = pickle.loads(pickle.dumps(job))
    assert again.report.slides == report.slides
    assert not again.customer.internal


def test_customer_copy_with_agenda_notes_warns_to_read_the_speaker_notes(
    book: Book, tmp_path: Path
) -> None:
    built = build_account(book)
    options = ExportOptions(formats=("pptx",), sender=Sender(timezone="UTC"))
    quiet = qbr_export.export_qbr(book, tmp_path / "a", options, qbr_id=built.qbr_id, today=TODAY)
    assert not [w for w in quiet.warnings if "speaker notes" in w]
    goals = next(i for i in qbrs.list_agenda(book, built.qbr_id) if i.section == "goals")
    qbrs.update_agenda_item(book, goals.id, notes="Grace is sceptical about the portal numbers")
    noted = qbr_export.export_qbr(book, tmp_path / "b", options, qbr_id=built.qbr_id, today=TODAY)
    warning = next(w for w in noted.warnings if "speaker notes" in w)
    assert warning.startswith("The customer copy's speaker notes include your notes on 1 ")
    assert goals.title in warning
    internal = qbr_export.export_qbr(
        book,
        tmp_path / "c",
        ExportOptions(formats=("pptx",), internal=True, sender=Sender(timezone="UTC")),
        qbr_id=built.qbr_id,
        today=TODAY,
    )
    assert not [w for w in internal.warnings if "speaker notes" in w]
