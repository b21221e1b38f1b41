"""Batch export: decks and PDFs for every account with a QBR or renewal coming up.

The batch runs off the GUI thread (:class:`ui.workers.Job`), which drives worker processes
(one per core, :func:`planner.services.qbr_export.export_due`), with a progress bar and Cancel:
accounts not started are dropped, files already written stay. The customer copy is the
default; the internal copy is a choice. Accounts left out are listed with the reason, and one
account's problem is reported while the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.services import qbr_export as export
from planner.services.books import Book
from ui.widgets.common import plain_label
from ui.widgets.export_files import ask_folder, open_path
from ui.workers import Job


class BatchExportDialog(QDialog):
    """Choose a window (next N days), formats, the copy, template and folder; export them all."""

    def __init__(
        self,
        book: Book,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export QBRs due soon")
        self.book = book
        self.today = book.clock.today
        self.pool = pool or QThreadPool.globalInstance()
        self.template: Path | None = None
        self.job: Job | None = None
        self.batch_result: export.BatchResult | None = None

        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(30)
        self.days.setSuffix(" days")
        self.days.valueChanged.connect(self._preview)
        self.due_label = plain_label(wrap=True)
        self.format_checks = {fmt: QCheckBox(label) for fmt, label in export.FORMAT_LABELS.items()}
        self.format_checks["pptx"].setChecked(True)
        self.format_checks["pdf"].setChecked(True)
        formats = QHBoxLayout()
        for check in self.format_checks.values():
            formats.addWidget(check)
        self.customer_radio = QRadioButton("Customer copy: outcomes only, ready to send")
        self.internal_radio = QRadioButton(
            "Internal copy: adds our health score, pipeline and notes; marked INTERNAL"
        )
        self.customer_radio.setChecked(True)
        copies = QButtonGroup(self)
        copies.addButton(self.customer_radio)
        copies.addButton(self.internal_radio)
        copy_box = QVBoxLayout()
        copy_box.addWidget(self.customer_radio)
        copy_box.addWidget(self.internal_radio)
        copy_box.addWidget(
            plain_label("Agendas (.md) and invites (.ics) are always the customer copy.", wrap=True)
        )
        self.template_label = plain_label("Built-in template", wrap=True)
        template_button = QToolButton()
        template_button.setText("Choose\u2026")
        template_button.clicked.connect(self._choose_template)
        template = QHBoxLayout()
        template.addWidget(self.template_label, 1)
        template.addWidget(template_button)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("Folder for the files")
        folder_button = QToolButton()
        folder_button.setText("Browse\u2026")
        folder_button.clicked.connect(self._choose_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.folder, 1)
        folder.addWidget(folder_button)
        form = QFormLayout()
        form.addRow("QBR or renewal in the next", self.days)
        form.addRow("", self.due_label)
        form.addRow("Formats", formats)
        form.addRow("Copy", copy_box)
        form.addRow("Template", template)
        form.addRow("Save in", folder)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v of %m accounts")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(
            "What was exported, the accounts left out and why, and any problem appear here."
        )
        self.start_button = QPushButton("Export")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton("Open folder")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.report, 1)
        layout.addLayout(row)
        self.resize(680, 520)
        self._preview()

    # ----------------------------------------------------------------- inputs
    def _preview(self, *_args: object, reset_progress: bool = True) -> None:
        try:
            due, skipped = export.batch_plan(
                self.book, within_days=self.days.value(), today=self.today()
            )
        except PlannerError as exc:
            self.due_label.setText(str(exc))
            return
        if self.job is None and reset_progress:
            self.progress.setRange(0, max(len(due), 1))
            self.progress.setValue(0)
        if not due:
            text = "No account has a planned QBR or a renewal in that window."
        else:
            names = ", ".join(d.account_name for d in due[:4]) + (
                f" and {len(due) - 4} more" if len(due) > 4 else ""
            )
            text = f"{len(due)} account{'s' if len(due) != 1 else ''}: {names}"
        if skipped:
            text += (
                f"\n{len(skipped)} left out (churned or archived); the report below names "
                "them after the export."
            )
        self.due_label.setText(text)
        self.start_button.setEnabled(bool(due) and self.job is None)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a PowerPoint template", "", "PowerPoint templates (*.pptx *.potx)"
        )
        self.set_template(Path(path) if path else None)

    def set_template(self, path: Path | None) -> None:
        self.template = path
        self.template_label.setText(path.name if path else "Built-in template")

    def _choose_folder(self) -> None:
        folder = ask_folder(self, "batch", "Save the exports in")
        if folder is not None:
            self.folder.setText(str(folder))

    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt, check in self.format_checks.items() if check.isChecked())

    @property
    def internal(self) -> bool:
        return self.internal_radio.isChecked()

    # ----------------------------------------------------------------- running
    def start(self) -> Job | None:
        folder = self.folder.text().strip()
        if not folder:
            self.report.setPlainText("Choose a folder for the files first.")
            return None
        try:
            options = export.ExportOptions(
                formats=self.formats(), template=self.template, internal=self.internal
            )
            if "pptx" in options.formats:
                from planner.reports.deck import read_template  # noqa: PLC0415

                read_template(options.template)  # a bad template is refused before starting
        except PlannerError as exc:
            self.report.setPlainText(str(exc))
            return None
        from planner.reports.pdf import ensure_gui_application  # noqa: PLC0415

        ensure_gui_application()  # fonts registered here, for a batch rendered in this process
        book, days, today, target = self.book, self.days.value(), self.today(), Path(folder)
        outcome: list[export.BatchResult] = []

        def work(progress: Callable[[int, int], bool]) -> export.BatchResult:
            result = export.export_due(
                book,
                target,
                options,
                within_days=days,
                today=today,
                progress=progress,
                record=not book.read_only,
            )
            outcome.append(result)
            return result

        def cancelled() -> None:
            if outcome:  # the batch stopped between two accounts: show what was written
                self._on_finished(outcome[0])
            else:
                self._on_failed("The export was cancelled before it started.")

        job = Job(work)
        self.job = job
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(cancelled)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.report.setPlainText("Reading the accounts, then exporting them in parallel\u2026")
        self.pool.start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.report.appendPlainText(
                "Stopping: the accounts being written finish, the others are not started\u2026"
            )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, result: object) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        self._preview(reset_progress=False)
        if not isinstance(result, export.BatchResult):
            return
        self.batch_result = result
        self.report.setPlainText("\n".join(self.summary(result)))
        self.open_button.setEnabled(bool(result.files))

    def summary(self, result: export.BatchResult) -> list[str]:
        copy = "internal copies" if self.internal else "customer copies"
        lines = []
        if result.cancelled:
            lines.append(
                f"Cancelled: {len(result.results)} of {result.due} accounts were exported "
                f"({copy}); the files written so far are kept."
            )
        else:
            lines.append(
                f"Exported {len(result.results)} of {result.due} accounts ({copy}, "
                f"{len(result.files)} files) to {self.folder.text().strip()}."
            )
        lines += [f"Could not export {name}: {message}" for name, message in result.failures]
        if result.skipped:
            lines.append(f"Left out ({len(result.skipped)}):")
            lines += [f"  {s.account_name}: {s.reason}" for s in result.skipped]
        lines += [f"Note: {w}" for w in result.warnings]
        lines += [str(Path(f).name) for f in result.files]
        return lines

    def _on_failed(self, message: str) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        self._preview(reset_progress=False)
        self.report.setPlainText(message)

    def _open_folder(self) -> None:
        open_path(Path(self.folder.text().strip()))

    def reject(self) -> None:
        """Closing the dialog stops a running export (the accounts being written finish)."""
        if self.job is not None:
            self.job.cancel()
        super().reject()
