"""Timeline: calls, meetings, emails, escalations and notes, newest first, with a reading pane;
log a new one with its attendees and how it went, or drop .ics invites and .eml e-mails on it
(or pick them with Log from Files…) to log them from the files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from planner.domain.enums import InteractionType
from planner.services import interactions
from planner.services.interactions import Interaction
from ui.context import BookContext
from ui.dialogs.capture import CaptureDialog, open_capture
from ui.dialogs.drops import FileDrops
from ui.dialogs.editors import interaction_dialog
from ui.dialogs.form import FormDialog
from ui.models.columns import INTERACTION_COLUMNS, sentiment_text
from ui.models.table import fmt_date
from ui.pages import tables
from ui.pages.section import CrudSection
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import save_splitter

ANY = "any"


class TimelineTab(WorkspaceTab):
    watches = tables.INTERACTIONS | tables.PEOPLE

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.log_buttons: dict[InteractionType, QPushButton] = {}
        for kind, text in (
            (InteractionType.MEETING, "Log Meeting…"),
            (InteractionType.EMAIL, "Log Email…"),
            (InteractionType.NOTE, "Add Note…"),
        ):
            button = QPushButton(text)
            self.editing(button)
            button.clicked.connect(lambda _=False, k=kind: self.log(k))
            self.log_buttons[kind] = button
        self.files_button = QPushButton("Log from Files…")
        self.files_button.setToolTip(
            "Log meetings from calendar invites (.ics) and e-mails saved as .eml; you can also "
            "drop the files on the timeline"
        )
        self.editing(self.files_button)
        self.files_button.clicked.connect(self.choose_files)
        self.type_filter = QComboBox()
        self.type_filter.addItem("All types", ANY)
        for kind in InteractionType:
            self.type_filter.addItem(kind.label, kind)
        self.section = CrudSection(
            self,
            "Timeline",
            INTERACTION_COLUMNS,
            kind="interaction",
            new_dialog=lambda: self._new(InteractionType.CALL),
            edit_dialog=self._edit,
            name_of=lambda i: i.subject,
            add_text="Log Call…",
            sort_column=0,
            descending=True,
            stretch=2,
            extra_buttons=[self.type_filter, *self.log_buttons.values(), self.files_button],
            empty="Nothing on the timeline yet. Log calls, meetings, emails and notes to keep "
            "the memory of the relationship, or drop meeting invites (.ics) and saved "
            "e-mails (.eml) here.",
        )
        self.reader = QPlainTextEdit()
        self.reader.setReadOnly(True)
        self.reader.setPlaceholderText("Select an entry to read it here.")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.section)
        self.splitter.addWidget(self.reader)
        self.splitter.setSizes([460, 180])
        self.splitter.setChildrenCollapsible(False)
        save_splitter(ctx.settings, "timeline", self.splitter)
        layout = self.page_layout(spacing=8)
        layout.addLayout(self.panel_area)
        layout.addWidget(self.splitter, 1)
        self.section.selected.connect(self._show)
        self.type_filter.currentIndexChanged.connect(self._filter)
        self.drops = FileDrops(self, lambda: self.ctx, self._account_id)

    def refresh(self) -> None:
        if self.account is None:
            return
        rows = interactions.list_interactions(self.ctx.book, self.account.id)
        self.section.set_rows(rows)
        self._filter()
        last = rows[0].occurred_on if rows else None
        self.section.summary.setText(f"{len(rows)} entries · last {fmt_date(last)}" if last else "")
        self._show(self.section.current())
        self.load_panels()

    def _filter(self) -> None:
        kind = self.type_filter.currentData()
        self.section.table.proxy.set_predicate(None if kind == ANY else lambda i: i.type == kind)

    def _show(self, item: Interaction | None) -> None:
        if item is None:
            self.reader.setPlainText("")
            return
        lines = [f"{item.type.label} on {fmt_date(item.occurred_on)}: {item.subject}"]
        if item.attendee_names:
            lines.append("With " + ", ".join(item.attendee_names))
        if item.sentiment is not None:
            lines.append("How it went: " + sentiment_text(item.sentiment))
        lines.append("")
        lines.append(item.summary or "(no notes)")
        self.reader.setPlainText("\n".join(lines))

    def log(self, kind: InteractionType) -> FormDialog | None:
        if self.account is None or self.ctx.read_only:
            return None
        return self.section.open_new(self._new(kind))

    def _new(self, kind: InteractionType) -> FormDialog | None:
        if self.account is None:
            return None
        return interaction_dialog(self.ctx, self.account.id, None, self, kind=kind)

    def _edit(self, item: Interaction) -> FormDialog:
        assert self.account is not None
        return interaction_dialog(self.ctx, self.account.id, item, self)

    def delete_selected(self) -> bool:
        return self.section.delete_selected()

    def choose_files(self) -> CaptureDialog | None:
        """Pick .ics / .eml files and log them on this account's timeline."""
        if self.account is None or self.ctx.read_only:
            return None
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Log Meetings and E-mails",
            "",
            "Invites and e-mails (*.ics *.eml *.msg);;All files (*)",
        )
        if not names:
            return None
        paths = [Path(n) for n in names]
        return open_capture(self.ctx, paths, account_id=self.account.id, parent=self)

    def _account_id(self) -> str | None:
        return self.account.id if self.account is not None else None
