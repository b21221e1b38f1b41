"""The QBR builder (the workspace's QBRs tab): one account's business reviews, from the agenda
to the exported deck.

Left, the account's QBRs (newest first), "New QBR", "Delete" and the batch export. Right, the
chosen QBR in three tabs: the agenda (:mod:`ui.qbr.agenda_editor`), the meeting and its
attendees (:mod:`ui.qbr.meeting_form`) and the commitments agreed in it
(:mod:`ui.qbr.commitments`); below, the exports (:mod:`ui.qbr.export_bar`). Every piece is a
view over one :class:`~planner.services.qbr_session.QbrSession`, which holds what is shown and
makes every edit (through the undo history, so Ctrl+Z undoes it).

Like every workspace tab, the builder declares the tables it watches and reloads the session
when one of them changed (an undo, an import, a restore...), when it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agenda as ag
from planner.domain.errors import PlannerError
from planner.services.qbr_session import QbrSession
from planner.services.qbrs import Qbr
from ui.context import BookContext
from ui.pages import tables
from ui.pages.workspace import WorkspaceTab
from ui.qbr.agenda_editor import AgendaEditor
from ui.qbr.commitments import CommitmentsPanel
from ui.qbr.export_bar import ExportBar
from ui.qbr.meeting_form import MeetingForm
from ui.qbr.models import QbrListModel
from ui.widgets.common import plain_label


class QbrBuilder(WorkspaceTab):
    """The QBRs of the workspace's account: ``session`` holds them, the pieces show them."""

    watches = tables.QBRS | tables.ACTIONS | tables.PEOPLE | tables.ACCOUNTS

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.session = QbrSession(ctx.book, ctx.history)
        self._showing = False

        self.list_model = QbrListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSpacing(2)
        self.list_view.setWordWrap(True)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.selectionModel().currentChanged.connect(self._on_pick)
        self.new_button = QPushButton("New QBR")
        self.new_button.setToolTip(
            "Plan a new business review with an agenda generated from this account's data"
        )
        self.new_button.clicked.connect(self.new_qbr)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the chosen QBR (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self.delete_qbr)
        self.batch_button = QPushButton("Batch export\u2026")
        self.batch_button.setToolTip(
            "Decks and PDFs for every account with a QBR or renewal coming up"
        )
        self.batch_button.clicked.connect(self.open_batch_dialog)
        for button in (self.new_button, self.delete_button):
            self.editing(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(plain_label("Business reviews", "heading"))
        left_layout.addWidget(self.list_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.batch_button)

        self.heading = plain_label("", "title")
        self.subheading = plain_label("", "muted", wrap=True)
        self.empty_hint = plain_label(
            "No business review yet. Choose \u201cNew QBR\u201d to plan one: the agenda is "
            "generated from this account's goals, health, risks, feedback and actions.",
            "muted",
            wrap=True,
        )
        self.agenda = AgendaEditor(self.session, self, self.show_session)
        self.meeting = MeetingForm(self.session, self, self.show_session)
        self.commitments = CommitmentsPanel(self.session, self, self.show_session)
        self.exports = ExportBar(self.session, self, self.show_session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, "Agenda")
        self.tabs.addTab(self.meeting, "Meeting and attendees")
        self.tabs.addTab(self.commitments, "Commitments")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.subheading)
        right_layout.addWidget(self.empty_hint)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.message_line())
        right_layout.addWidget(self.exports)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 900])
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(200)
        layout = self.page_layout(margins=8)
        layout.addWidget(splitter, 1)
        self.show_session()

    @property
    def qbr(self) -> Qbr | None:
        """The chosen QBR."""
        return self.session.qbr

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Read the account's QBRs and people again, and show the chosen QBR (or the next
        planned one, or the newest)."""
        if self.account is None:
            return
        try:
            self.session.load(self.account.id)
        except PlannerError as exc:
            self.say(str(exc))
            return
        self.show_session()

    def show_session(self) -> None:
        """Show every piece from the session (no reading from the book)."""
        session, qbr = self.session, self.session.qbr
        self._showing = True
        try:
            self.list_model.set_rows(session.history)
            row = self.list_model.row_of(qbr.id if qbr else None)
            if row >= 0:
                self.list_view.setCurrentIndex(self.list_model.index(row))
        finally:
            self._showing = False
        self.tabs.setVisible(qbr is not None)
        self.empty_hint.setVisible(qbr is None)
        self.set_enabled_for_edit(self.delete_button, qbr is not None)
        self.heading.setText(qbr.title if qbr else "QBRs")
        self.subheading.setText(session.summary() if qbr else "")
        self.agenda.show_session()
        self.meeting.show_session()
        self.commitments.show_session()
        self.exports.show_session()

    def _on_pick(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._showing:
            return
        picked = self.list_model.row_at(current.row())
        self.session.select(picked.id if picked else None)
        self.show_session()

    def select_qbr(self, qbr_id: str) -> None:
        row = self.list_model.row_of(qbr_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row))

    # ----------------------------------------------------------------- QBRs
    def new_qbr(self) -> Qbr | None:
        """Plan a new QBR with a generated agenda (undoable)."""
        made = self.attempt(self.session.new_qbr)
        self.show_session()
        if made is not None:
            self.ctx.nav.status.emit(
                f"Planned {made.title} for {ag.fmt_date(made.meeting_date)}. Choose the "
                "attendees, then generate the agenda again to include them."
            )
        return made

    def delete_qbr(self) -> None:
        if self.session.qbr is not None:
            self.attempt(self.session.delete_qbr)
            self.show_session()

    def open_batch_dialog(self) -> None:
        from ui.qbr.batch import BatchExportDialog  # noqa: PLC0415

        dialog = BatchExportDialog(self.ctx.book, self, pool=self.ctx.pool)
        dialog.set_template(self.session.template)
        dialog.internal_radio.setChecked(self.session.internal)
        dialog.open()
