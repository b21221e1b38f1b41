"""The QBR builder's export bar: the internal-copy switch (the customer copy is the default),
the deck template, and the exports (deck, PDF report, email agenda, invite, all four, the
success plan), run off the GUI thread. What an export wrote is said on the bar, followed by
anything the user should know about it (the export's warnings)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.services.qbr_export import FORMATS
from planner.services.qbr_session import Exported, ExportWork, QbrSession
from ui.pages.base import Page
from ui.qbr.part import BuilderPart
from ui.widgets.common import plain_label
from ui.widgets.export_files import ExportedNote, ask_folder, ask_save_file
from ui.workers import Job

KINDS = {"pptx": "deck", "pdf": "pdf", "md": "agenda", "ics": "invite"}
"""The kind of each export, for the folder it remembers."""
FILTERS = {
    "pptx": "PowerPoint (*.pptx)",
    "pdf": "PDF (*.pdf)",
    "md": "Markdown (*.md)",
    "ics": "Calendar invite (*.ics)",
}


class ExportBar(BuilderPart):
    """Signals: ``exported`` (the files an export wrote), ``busy`` (True while one runs)."""

    exported = Signal(list)
    busy = Signal(bool)

    def __init__(
        self,
        session: QbrSession,
        page: Page,
        redraw: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, page, redraw, parent)
        self._jobs: set[Job] = set()
        self.internal_check = QCheckBox("Internal copy")
        self.internal_check.setToolTip(
            "Off (the default): the customer copy, outcomes only, ready to send. On: adds our "
            "health score, the stakeholder map, the pipeline and internal notes, and says "
            "INTERNAL on every slide and page. The agenda and invite stay the customer copy."
        )
        self.internal_check.toggled.connect(self._set_internal)
        self.template_label = plain_label("Template: built-in", "muted")
        self.template_button = QToolButton()
        self.template_button.setText("Template\u2026")
        self.template_button.setToolTip("Use your company's PowerPoint template (.pptx or .potx)")
        self.template_button.clicked.connect(self.choose_template)
        self.export_button = QPushButton("Export\u2026")
        menu = QMenu(self.export_button)
        menu.addAction("Deck (.pptx)\u2026", lambda: self.export_dialog("pptx"))
        menu.addAction("QBR report (.pdf)\u2026", lambda: self.export_dialog("pdf"))
        menu.addAction("Agenda for email (.md)\u2026", lambda: self.export_dialog("md"))
        menu.addAction("Meeting invite (.ics)\u2026", lambda: self.export_dialog("ics"))
        menu.addSeparator()
        menu.addAction("All four to a folder\u2026", self.export_all_dialog)
        menu.addAction("Success plan (.pdf)\u2026", self.plan_pdf_dialog)
        self.export_button.setMenu(menu)
        self.state = plain_label("", "muted", wrap=True)
        self.exported_note = ExportedNote(self, with_text=False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.internal_check)
        layout.addWidget(self.template_button)
        layout.addWidget(self.template_label)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.exported_note)
        layout.addWidget(self.export_button)

    def show_session(self) -> None:
        self.export_button.setEnabled(self.session.qbr is not None and not self._jobs)

    def _set_internal(self, on: bool) -> None:
        self.session.internal = on

    # ----------------------------------------------------------------- template
    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a PowerPoint template",
            "",
            "PowerPoint templates (*.pptx *.potx);;All files (*)",
        )
        self.set_template(Path(path) if path else None)

    def set_template(self, path: Path | None) -> None:
        """Use ``path`` for decks (None: the built-in template). Checked at once."""
        try:
            self.session.set_template(path)
        except PlannerError as exc:
            self.page.say(str(exc))
            return
        self.page.say("")
        self.template_label.setText(f"Template: {path.name}" if path else "Template: built-in")

    # ----------------------------------------------------------------- exports
    def export_dialog(self, fmt: str) -> None:
        path = ask_save_file(
            self, KINDS[fmt], "Export", f"{self.session.default_stem()}.{fmt}", FILTERS[fmt]
        )
        if path is not None:
            self.export_to(path, (fmt,))

    def export_all_dialog(self) -> None:
        folder = ask_folder(self, "qbr", "Export the deck, report, agenda and invite to")
        if folder is not None:
            self.export_to(folder / self.session.default_stem(), FORMATS)

    def plan_pdf_dialog(self) -> None:
        path = ask_save_file(
            self,
            "plan_pdf",
            "Export the success plan",
            self.session.plan_file_name(),
            "PDF (*.pdf)",
        )
        if path is not None:
            self.export_plan_to(path)

    def export_to(self, target: Path, formats: tuple[str, ...]) -> Job | None:
        """Export the chosen QBR off the GUI thread: ``target`` names the files (its suffix
        is replaced by each format's). Returns the running job."""
        if self.session.qbr is None:
            return None
        try:
            work = self.session.export_work(target, formats)
        except PlannerError as exc:
            self.page.say(str(exc))
            return None
        return self._run(work, "Exporting\u2026")

    def export_plan_to(self, path: Path) -> Job | None:
        try:
            work = self.session.plan_pdf_work(path)
        except PlannerError as exc:
            self.page.say(str(exc))
            return None
        return self._run(work, "Writing the success plan\u2026")

    def _run(self, work: ExportWork, text: str) -> Job:
        from planner.reports.pdf import ensure_gui_application  # noqa: PLC0415

        ensure_gui_application()  # fonts are registered on the GUI thread
        job = Job(work)
        self._jobs.add(job)
        self.export_button.setEnabled(False)
        self.exported_note.set_files([])
        self.state.setText(text)
        self.busy.emit(True)  # noqa: FBT003 - a signal's argument

        def finished(outcome: object) -> None:
            self._jobs.discard(job)
            self.show_session()
            done = outcome if isinstance(outcome, Exported) else Exported(())
            paths = list(done.files)
            saved = "Saved " + ", ".join(Path(p).name for p in paths) if paths else ""
            if saved and done.warnings:
                saved += "."
            self.state.setText(" ".join([saved, *done.warnings]).strip())
            self.exported_note.set_files(paths)
            self.busy.emit(False)  # noqa: FBT003 - a signal's argument
            self.exported.emit(paths)
            self.page.ctx.nav.status.emit(
                f"Exported {len(paths)} file{'s' if len(paths) != 1 else ''}."
            )

        def failed(message: str) -> None:
            self._jobs.discard(job)
            self.show_session()
            self.state.setText("")
            self.busy.emit(False)  # noqa: FBT003 - a signal's argument
            self.page.say(f"The export did not finish: {message}")

        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        job.signals.cancelled.connect(lambda: failed("it was cancelled."))
        self.page.ctx.pool.start(job)
        return job
