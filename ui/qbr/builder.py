"""The QBR builder: one account's business reviews, from the agenda to the exported deck.

Left, the account's QBRs (newest first) and "New QBR". Right, the chosen QBR in three tabs:
the agenda (generated from the book, then edited: drag to reorder, add and remove items,
edit titles, minutes, leads and notes), the meeting (date, length, period, status, purpose,
internal notes, attendees) and the commitments agreed in it (they become action items). Below,
the exports (deck, PDF report, success plan PDF, email agenda, invite), run off the GUI thread.

Every edit goes through :class:`ui.undo.EditHistory`, so Ctrl+Z undoes it; the builder
reloads what it shows when the history says a table it shows changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agenda as ag
from planner.domain.enums import ActionStatus, QbrStatus, Side
from planner.domain.errors import PlannerError
from planner.services import accounts, actions, changes, qbrs, stakeholders
from planner.services import qbr_export as export
from planner.services.books import Book
from planner.services.qbr_facts import draft_agenda, quarter_title
from planner.services.qbrs import AgendaItem, Qbr
from planner.services.stakeholders import Stakeholder
from ui.qbr.models import (
    AgendaModel,
    AttendeeModel,
    CommitmentModel,
    QbrListModel,
    next_meeting_day,
)
from ui.undo import EditHistory
from ui.workers import Job

WATCHED = frozenset({"qbrs", "qbr_agenda_items", "qbr_attendees", "action_items",
                     "stakeholders", "accounts"})  # fmt: skip


def _label(text: str = "", *, wrap: bool = False, role: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    return label


def _to_qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class QbrBuilder(QWidget):
    """The QBR tab of an account's workspace.

    ``book`` and ``history`` are the open book and its undo stack; ``account_id`` the account
    shown (change it with :meth:`set_account`). ``today`` gives the user's current day (tests
    fix it). Signals: ``status`` (a short message for the status bar), ``exported`` (the files
    an export wrote), ``busy`` (True while an export runs).
    """

    status = Signal(str)
    exported = Signal(list)
    busy = Signal(bool)

    def __init__(
        self, book: Book, history: EditHistory, account_id: str, parent: QWidget | None = None,
        *, pool: QThreadPool | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.book = book
        self.history = history
        self.account_id = account_id
        self.today = book.clock.today
        self.pool = pool or QThreadPool.globalInstance()
        self.qbr: Qbr | None = None
        self.template: Path | None = None
        self._people: list[Stakeholder] = []
        self._jobs: set[Job] = set()
        self._loading = False
        self._reload_pending = False
        self._build()
        self.history.changed.connect(self._on_history_changed)
        self.history.failed.connect(self._show_error)
        self.reload()

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        self.list_model = QbrListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSpacing(2)
        self.list_view.selectionModel().currentChanged.connect(self._on_pick)
        self.new_button = QPushButton("New QBR")
        self.new_button.setToolTip("Plan a new business review with an agenda generated from "
                                   "this account's data")  # fmt: skip
        self.new_button.clicked.connect(self.new_qbr)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the chosen QBR (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self.delete_qbr)
        self.batch_button = QPushButton("Batch export\u2026")
        self.batch_button.setToolTip("Decks and PDFs for every account with a QBR or renewal "
                                     "coming up")  # fmt: skip
        self.batch_button.clicked.connect(self.open_batch_dialog)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_label("Business reviews", role="heading"))
        left_layout.addWidget(self.list_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.batch_button)

        self.heading = _label("", role="title")
        self.subheading = _label("", role="muted", wrap=True)
        self.empty_hint = _label(
            "No business review yet. Choose \u201cNew QBR\u201d to plan one: the agenda is "
            "generated from this account's goals, health, risks, feedback and actions.",
            wrap=True, role="muted",
        )  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), "Agenda")
        self.tabs.addTab(self._meeting_tab(), "Meeting and attendees")
        self.tabs.addTab(self._commitments_tab(), "Commitments")
        self.message = _label("", wrap=True, role="error")
        self.message.hide()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.subheading)
        right_layout.addWidget(self.empty_hint)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.message)
        right_layout.addLayout(self._export_bar())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def _agenda_tab(self) -> QWidget:
        self.agenda_model = AgendaModel(self._edit_item, self._reorder, self)
        self.agenda_view = QTableView()
        self.agenda_view.setModel(self.agenda_model)
        view = self.agenda_view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)  # fmt: skip
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 36), (1, 90), (2, 360), (3, 70), (4, 150)):
            view.setColumnWidth(col, width)
        view.selectionModel().currentRowChanged.connect(self._show_points)

        self.generate_button = QPushButton("Generate agenda")
        self.generate_button.setToolTip(
            "Build the agenda from the book: commitments, wins, health, goals, risks, feedback, "
            "opportunities and next steps, time-boxed to the meeting length. Replaces the "
            "current agenda (Ctrl+Z brings it back)."
        )
        self.generate_button.clicked.connect(self.generate)
        self.add_button = QToolButton()
        self.add_button.setText("Add item")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button = QToolButton()
        self.up_button.setText("Move up")
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QToolButton()
        self.down_button.setText("Move down")
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit to length")
        self.fit_button.setToolTip("Scale every time box so the agenda fills the meeting exactly")
        self.fit_button.clicked.connect(self.fit_to_length)
        self.total_label = _label("")
        bar = QHBoxLayout()
        for widget in (self.generate_button, self.add_button, self.remove_button, self.up_button,
                       self.down_button, self.fit_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.total_label)

        self.points = QPlainTextEdit()
        self.points.setReadOnly(True)
        self.points.setPlaceholderText("Talking points of the chosen item appear here.")
        self.points.setMaximumHeight(140)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(view, 1)
        layout.addWidget(_label("Talking points (from the book's data; they go in the speaker "
                                "notes)", role="muted"))  # fmt: skip
        layout.addWidget(self.points)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), view, self.remove_item,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        return tab

    def _meeting_tab(self) -> QWidget:
        self.title_edit = QLineEdit()
        self.title_edit.editingFinished.connect(
            lambda: self._set_field("title", self.title_edit.text().strip(), "Rename QBR")
        )
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.editingFinished.connect(
            lambda: self._set_field("meeting_date", _from_qdate(self.date_edit.date()),
                                    "Change the meeting date"))  # fmt: skip
        self.length_spin = QSpinBox()
        self.length_spin.setRange(10, 480)
        self.length_spin.setSingleStep(5)
        self.length_spin.setSuffix(" minutes")
        self.length_spin.editingFinished.connect(
            lambda: self._set_field("length_minutes", self.length_spin.value(),
                                    "Change the meeting length"))  # fmt: skip
        self.status_combo = QComboBox()
        for status in QbrStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.activated.connect(
            lambda _i: self._set_field("status", self.status_combo.currentData(),
                                       "Change the QBR status"))  # fmt: skip
        self.start_edit = QDateEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("d MMM yyyy")
        self.end_edit = QDateEdit()
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setDisplayFormat("d MMM yyyy")
        self.start_edit.editingFinished.connect(self._save_period)
        self.end_edit.editingFinished.connect(self._save_period)
        period = QHBoxLayout()
        period.addWidget(self.start_edit)
        period.addWidget(_label("to"))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        self.objectives_edit = QPlainTextEdit()
        self.objectives_edit.setPlaceholderText("What this meeting is for, in the customer's "
                                                "words (shown on the opening slide)")  # fmt: skip
        self.objectives_edit.setMaximumHeight(70)
        self.asks_edit = QPlainTextEdit()
        self.asks_edit.setPlaceholderText("What you ask the customer for, or want decided, one "
                                          "per line (on the executive summary and the asks "
                                          "slide)")  # fmt: skip
        self.asks_edit.setMaximumHeight(70)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Internal notes: only in the internal copy")
        self.notes_edit.setMaximumHeight(70)
        self.save_texts_button = QPushButton("Save purpose, asks and notes")
        self.save_texts_button.clicked.connect(self._save_texts)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Meeting date", self.date_edit)
        form.addRow("Length", self.length_spin)
        form.addRow("Status", self.status_combo)
        form.addRow("Period covered", period)
        form.addRow("Purpose", self.objectives_edit)
        form.addRow("Our asks", self.asks_edit)
        form.addRow("Internal notes", self.notes_edit)
        form.addRow("", self.save_texts_button)

        self.attendee_model = AttendeeModel(self._set_attendees, self)
        self.attendee_view = QListView()
        self.attendee_view.setModel(self.attendee_model)
        people = QVBoxLayout()
        people.addWidget(_label("Attendees (tick who comes)", role="heading"))
        people.addWidget(self.attendee_view, 1)
        fields = QVBoxLayout()
        fields.addLayout(form)
        fields.addStretch(1)
        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.addLayout(fields, 3)
        layout.addLayout(people, 2)
        return tab

    def _commitments_tab(self) -> QWidget:
        self.commitment_model = CommitmentModel(self._name_of, self)
        self.commitment_view = QTableView()
        self.commitment_view.setModel(self.commitment_model)
        self.commitment_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.commitment_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.commitment_view.verticalHeader().hide()
        self.commitment_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)  # fmt: skip
        self.commit_title = QLineEdit()
        self.commit_title.setPlaceholderText(
            "What was agreed, e.g. \u201cShare the rollout plan\u201d"
        )
        self.commit_title.returnPressed.connect(self.add_commitment)
        self.commit_owner = QComboBox()
        self.commit_due = QDateEdit()
        self.commit_due.setCalendarPopup(True)
        self.commit_due.setDisplayFormat("d MMM yyyy")
        self.commit_add = QPushButton("Add commitment")
        self.commit_add.clicked.connect(self.add_commitment)
        self.commit_done = QPushButton("Mark done")
        self.commit_done.clicked.connect(self.mark_commitment_done)
        self.commit_remove = QPushButton("Remove")
        self.commit_remove.clicked.connect(self.remove_commitment)
        form = QHBoxLayout()
        form.addWidget(self.commit_title, 3)
        form.addWidget(self.commit_owner, 2)
        form.addWidget(self.commit_due)
        form.addWidget(self.commit_add)
        tail = QHBoxLayout()
        tail.addWidget(_label("Each commitment becomes an action item of the account, linked to "
                              "this QBR.", role="muted", wrap=True), 1)  # fmt: skip
        tail.addWidget(self.commit_done)
        tail.addWidget(self.commit_remove)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(self.commitment_view, 1)
        layout.addLayout(tail)
        return tab

    def _export_bar(self) -> QHBoxLayout:
        self.internal_check = QCheckBox("Internal copy")
        self.internal_check.setToolTip(
            "Off (the default): the customer copy, outcomes only, ready to send. On: adds our "
            "health score, the stakeholder map, the pipeline and internal notes, and says "
            "INTERNAL on every slide and page. The agenda and invite stay the customer copy."
        )
        self.template_label = _label("Template: built-in", role="muted")
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
        self.export_state = _label("", role="muted", wrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.internal_check)
        bar.addWidget(self.template_button)
        bar.addWidget(self.template_label)
        bar.addWidget(self.export_state, 1)
        bar.addWidget(self.export_button)
        return bar

    # ----------------------------------------------------------------- loading
    def set_account(self, account_id: str) -> None:
        if account_id != self.account_id:
            self.account_id = account_id
            self.qbr = None
            self.reload()

    def reload(self) -> None:
        """Read the account's QBRs and people, and show the chosen QBR (or the newest)."""
        self._loading = True
        try:
            history = qbrs.list_qbrs(self.book, self.account_id)
            self._people = stakeholders.list_stakeholders(self.book, self.account_id)
            keep = self.qbr.id if self.qbr else None
            self.list_model.set_rows(history)
            row = self.list_model.row_of(keep)
            if row < 0 and history:
                upcoming = [q for q in history if q.status is QbrStatus.PLANNED]
                row = self.list_model.row_of((upcoming[-1] if upcoming else history[0]).id)
            self.qbr = self.list_model.row_at(row)
            if row >= 0:
                self.list_view.setCurrentIndex(self.list_model.index(row))
            self._show_qbr()
        finally:
            self._loading = False

    def _show_qbr(self) -> None:
        qbr = self.qbr
        has = qbr is not None
        read_only = self.book.read_only
        self.tabs.setVisible(has)
        self.empty_hint.setVisible(not has)
        for widget in (self.delete_button, self.export_button):
            widget.setEnabled(has)
        for widget in (self.new_button, self.delete_button, self.generate_button,
                       self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.fit_button, self.commit_add, self.commit_done, self.commit_remove,
                       self.save_texts_button):  # fmt: skip
            if read_only:
                widget.setEnabled(False)
        self.agenda_model.read_only = read_only
        self.attendee_model.read_only = read_only
        if qbr is None:
            self.heading.setText("QBRs")
            self.subheading.setText("")
            self.agenda_model.set_items([])
            self.commitment_model.set_rows([])
            self.attendee_model.set_people(self._people, ())
            return
        self.heading.setText(qbr.title)
        period = (ag.fmt_period(qbr.period_start, qbr.period_end)
                  if qbr.period_start and qbr.period_end else "since the last QBR")  # fmt: skip
        self.subheading.setText(f"{ag.fmt_date(qbr.meeting_date)} \u00b7 "
                                f"{qbr.length_minutes} minutes \u00b7 {qbr.status.label} "
                                f"\u00b7 period covered: {period}")  # fmt: skip
        self.title_edit.setText(qbr.title)
        self.date_edit.setDate(_to_qdate(qbr.meeting_date))
        self.length_spin.setValue(qbr.length_minutes)
        self.status_combo.setCurrentIndex(self.status_combo.findData(qbr.status))
        start, end = qbr.period_start, qbr.period_end
        if start is None or end is None:
            start, end = ag.default_period(qbr.meeting_date, None)
        self.start_edit.setDate(_to_qdate(qbr.period_start or start))
        self.end_edit.setDate(_to_qdate(qbr.period_end or end))
        self.objectives_edit.setPlainText(qbr.objectives)
        self.asks_edit.setPlainText(qbr.asks)
        self.notes_edit.setPlainText(qbr.notes)
        self.attendee_model.set_people(self._people, qbr.attendee_ids)
        self._load_agenda()
        self._load_commitments()

    def _load_agenda(self, select: str | None = None) -> None:
        if self.qbr is None:
            return
        current = self._current_item()
        self.agenda_model.set_items(qbrs.list_agenda(self.book, self.qbr.id))
        wanted = select or (current.id if current else None)
        row = self.agenda_model.row_of(wanted) if wanted else -1
        if row >= 0:
            self.agenda_view.selectRow(row)
        self._update_total()
        self._show_points()

    def _load_commitments(self) -> None:
        if self.qbr is None:
            return
        self.commitment_model.set_rows(qbrs.list_commitments(self.book, self.qbr.id))
        self.commit_owner.clear()
        owner = self._account_owner()
        if owner:
            self.commit_owner.addItem(f"{owner} (us)", ("name", owner))
        chosen = set(self.qbr.attendee_ids)
        for person in self._people:
            if person.id in chosen or (person.side is Side.CUSTOMER and not person.left_company):
                self.commit_owner.addItem(person.name, ("person", person.id))
        self.commit_due.setDate(_to_qdate(self.qbr.meeting_date).addDays(14))

    def _account_owner(self) -> str:
        try:
            return accounts.get_account(self.book, self.account_id).owner
        except PlannerError:
            return ""

    def _update_total(self) -> None:
        total = self.agenda_model.total_minutes
        length = self.qbr.length_minutes if self.qbr else 0
        text = f"{total} of {length} minutes"
        if total != length and self.agenda_model.rowCount():
            text += " \u2014 use \u201cFit to length\u201d to make them match"
        self.total_label.setText(text)

    def _current_item(self) -> AgendaItem | None:
        index = self.agenda_view.currentIndex()
        return self.agenda_model.item_at(index.row()) if index.isValid() else None

    def _show_points(self, *_args: object) -> None:
        item = self._current_item()
        if item is None:
            self.points.setPlainText("")
            return
        lines = [f"\u2022 {p}" for p in item.talking_points]
        if not lines and item.section in ag.SECTION_KEYS:
            lines = [
                "No talking points were saved with this item. \u201cGenerate agenda\u201d "
                "draws them from the book; exports always use the book's current data."
            ]
        elif not lines:
            lines = ["No talking points: this item was added by hand. Its notes print with it."]
        self.points.setPlainText("\n".join(lines))

    def _name_of(self, person_id: str | None) -> str:
        return next((p.name for p in self._people if p.id == person_id), "")

    def _on_pick(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        self.qbr = self.list_model.row_at(current.row())
        self._show_qbr()

    def _on_history_changed(self, entity: str) -> None:
        """An edit, undo or redo touched a table this tab shows: reload once, after the
        current event (never in the middle of a model's setData)."""
        if entity in WATCHED and not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._deferred_reload)

    def _deferred_reload(self) -> None:
        self._reload_pending = False
        self.reload()

    # ----------------------------------------------------------------- messages
    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.status.emit(text)

    def _ok(self, text: str = "") -> None:
        self.message.hide()
        if text:
            self.status.emit(text)

    def _try(self, action: Callable[[], Any]) -> Any:
        try:
            result = action()
        except PlannerError as exc:
            self._show_error(str(exc))
            return None
        self._ok()
        return result

    # ----------------------------------------------------------------- QBRs
    def new_qbr(self) -> Qbr | None:
        """Plan a new QBR with a generated agenda (undoable)."""
        day = next_meeting_day(self.today())
        length = 60

        def create() -> qbrs.QbrWithAgenda:
            agenda = draft_agenda(self.book, self.account_id, meeting_date=day,
                                  length_minutes=length)  # fmt: skip
            return qbrs.create_qbr_with_agenda(
                self.book, self.account_id, title=quarter_title(day), meeting_date=day,
                length_minutes=length, items=[i.as_values() for i in agenda.items],
            )  # fmt: skip

        made = self._try(lambda: self.history.create(
            "New QBR", create, delete=lambda r: qbrs.delete_qbr(self.book, r.qbr.id),
            entity="qbrs"))  # fmt: skip
        if made is None:
            return None
        self.qbr = made.qbr
        self.reload()
        self.status.emit(f"Planned {made.qbr.title} for {ag.fmt_date(day)}. Choose the "
                         "attendees, then generate the agenda again to include them.")  # fmt: skip
        return made.qbr  # type: ignore[no-any-return]

    def delete_qbr(self) -> None:
        if self.qbr is None:
            return
        qbr_id, title = self.qbr.id, self.qbr.title
        self.qbr = None
        self._try(lambda: self.history.delete(
            f"Delete {title}", lambda: qbrs.delete_qbr(self.book, qbr_id),
            entity="qbrs"))  # fmt: skip
        self.reload()

    def select_qbr(self, qbr_id: str) -> None:
        row = self.list_model.row_of(qbr_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row))

    # ----------------------------------------------------------------- meeting fields
    def _set_field(self, field: str, value: Any, text: str) -> None:
        if self.qbr is None or self._loading or self.book.read_only:
            return
        old = getattr(self.qbr, field)
        if old == value:
            return
        qbr_id = self.qbr.id
        self._try(lambda: self.history.update(
            text, lambda rid, **kw: qbrs.update_qbr(self.book, rid, **kw), qbr_id,
            {field: value}, {field: old}, entity="qbrs"))  # fmt: skip
        self.reload()

    def _save_period(self) -> None:
        if self.qbr is None or self._loading or self.book.read_only:
            return
        start, end = _from_qdate(self.start_edit.date()), _from_qdate(self.end_edit.date())
        old = {"period_start": self.qbr.period_start, "period_end": self.qbr.period_end}
        new = {"period_start": start, "period_end": end}
        if old == new:
            return
        qbr_id = self.qbr.id
        self._try(lambda: self.history.update(
            "Change the period covered", lambda rid, **kw: qbrs.update_qbr(self.book, rid, **kw),
            qbr_id, new, old, entity="qbrs"))  # fmt: skip
        self.reload()

    def _save_texts(self) -> None:
        if self.qbr is None:
            return
        new = {"objectives": self.objectives_edit.toPlainText().strip(),
               "asks": self.asks_edit.toPlainText().strip(),
               "notes": self.notes_edit.toPlainText().strip()}  # fmt: skip
        old = {"objectives": self.qbr.objectives, "asks": self.qbr.asks, "notes": self.qbr.notes}
        if new == old:
            return
        qbr_id = self.qbr.id
        self._try(lambda: self.history.update(
            "Change the purpose, asks and notes",
            lambda rid, **kw: qbrs.update_qbr(self.book, rid, **kw), qbr_id, new, old,
            entity="qbrs"))  # fmt: skip
        self.reload()

    def _set_attendees(self, chosen: list[str]) -> None:
        if self.qbr is None:
            return
        qbr_id, old = self.qbr.id, list(self.qbr.attendee_ids)
        self._try(lambda: self.history.run(
            "Change attendees",
            lambda: qbrs.update_qbr(self.book, qbr_id, attendees=chosen),
            lambda _r: qbrs.update_qbr(self.book, qbr_id, attendees=old),
            entity="qbr_attendees"))  # fmt: skip
        self.reload()

    # ----------------------------------------------------------------- agenda
    def generate(self) -> None:
        """Generate the agenda from the book (replacing the current one; undoable)."""
        if self.qbr is None:
            return
        qbr = self.qbr

        def make() -> list[dict[str, object]]:
            agenda = draft_agenda(
                self.book, self.account_id, meeting_date=qbr.meeting_date,
                length_minutes=qbr.length_minutes, period_start=qbr.period_start,
                period_end=qbr.period_end, attendee_ids=qbr.attendee_ids, exclude_qbr=qbr.id,
            )  # fmt: skip
            return [i.as_values() for i in agenda.items]

        values = self._try(make)
        if values is None:
            return
        state: dict[str, changes.DeletedRows] = {}

        def do() -> qbrs.AgendaReplaced:
            done = qbrs.replace_agenda(self.book, qbr.id, values)
            state["back"] = done.removed
            return done

        def undo(_r: object) -> None:
            state["forward"] = qbrs.swap_agenda(self.book, qbr.id, state["back"]).removed

        def redo(_r: object) -> None:
            state["back"] = qbrs.swap_agenda(self.book, qbr.id, state["forward"]).removed

        if self._try(lambda: self.history.run("Generate agenda", do, undo, redo,
                                              entity="qbr_agenda_items")) is not None:  # fmt: skip
            self.status.emit(f"Agenda generated: {len(values)} items, "
                             f"{qbr.length_minutes} minutes. Ctrl+Z brings back the previous "
                             "one.")  # fmt: skip
        self._load_agenda()

    def _edit_item(self, item_id: str, field: str, value: Any) -> bool:
        item = next((i for i in self.agenda_model.items if i.id == item_id), None)
        if item is None:
            return False
        names = {"title": "Rename agenda item", "minutes": "Change time box",
                 "owner": "Change lead", "notes": "Change agenda notes"}  # fmt: skip
        done = self._try(lambda: self.history.update(
            names.get(field, "Edit agenda item"),
            lambda rid, **kw: qbrs.update_agenda_item(self.book, rid, **kw), item_id,
            {field: value}, {field: getattr(item, field)}, entity="qbr_agenda_items"))  # fmt: skip
        return done is not None  # the history's change signal reloads the rows

    def _reorder(self, order: list[str]) -> None:
        if self.qbr is None:
            return
        qbr_id = self.qbr.id
        old = [i.id for i in qbrs.list_agenda(self.book, qbr_id)]
        current = self._current_item()
        self._try(lambda: self.history.run(
            "Move agenda item",
            lambda: qbrs.reorder_agenda(self.book, qbr_id, order),
            lambda _r: qbrs.reorder_agenda(self.book, qbr_id, old),
            entity="qbr_agenda_items"))  # fmt: skip
        self._load_agenda(select=current.id if current else None)

    def move_item(self, step: int) -> None:
        item = self._current_item()
        if item is None or self.qbr is None:
            return
        order = [i.id for i in qbrs.list_agenda(self.book, self.qbr.id)]
        if item.id not in order:
            return
        row = order.index(item.id)
        target = row + step
        if not 0 <= target < len(order):
            return
        order[row], order[target] = order[target], order[row]
        self._reorder(order)

    def add_item(self) -> None:
        if self.qbr is None:
            return
        qbr_id = self.qbr.id
        current = self._current_item()
        position = self.agenda_model.row_of(current.id) + 1 if current else None
        values: dict[str, Any] = {"section": ag.CUSTOM, "title": "New item", "minutes": 5,
                                  "owner": self._account_owner()}  # fmt: skip
        if position is not None:
            values["position"] = position
        made = self._try(lambda: self.history.create(
            "Add agenda item", lambda: qbrs.add_agenda_item(self.book, qbr_id, **values),
            delete=lambda dto: qbrs.delete_agenda_item(self.book, dto.id),
            entity="qbr_agenda_items"))  # fmt: skip
        self._load_agenda(select=made.id if made else None)
        if made is not None:
            row = self.agenda_model.row_of(made.id)
            self.agenda_view.edit(self.agenda_model.index(row, 2))

    def remove_item(self) -> None:
        item = self._current_item()
        if item is None or self.qbr is None:
            return
        qbr_id = self.qbr.id
        order = [i.id for i in qbrs.list_agenda(self.book, qbr_id)]
        state: dict[str, changes.DeletedRows] = {}

        def do() -> changes.DeletedRows:
            state["rows"] = qbrs.delete_agenda_item(self.book, item.id)
            return state["rows"]

        def undo(_r: object) -> None:
            changes.restore(self.book, state["rows"])
            qbrs.reorder_agenda(self.book, qbr_id, order)

        def redo(_r: object) -> None:
            state["rows"] = qbrs.delete_agenda_item(self.book, item.id)

        self._try(lambda: self.history.run(f"Remove \u201c{item.title[:40]}\u201d", do, undo,
                                           redo, entity="qbr_agenda_items"))  # fmt: skip
        self._load_agenda()

    def fit_to_length(self) -> None:
        if self.qbr is None or not self.agenda_model.rowCount():
            return
        qbr_id = self.qbr.id
        items = qbrs.list_agenda(self.book, qbr_id)  # the book's, even before a reload
        old = {i.id: i.minutes for i in items}
        new = dict(zip(old, ag.refit_minutes(list(old.values()), self.qbr.length_minutes),
                       strict=True))  # fmt: skip
        if new == old:
            return
        self._try(lambda: self.history.run(
            "Fit the agenda to the meeting length",
            lambda: qbrs.set_minutes(self.book, qbr_id, new),
            lambda _r: qbrs.set_minutes(self.book, qbr_id, old),
            entity="qbr_agenda_items"))  # fmt: skip
        self._load_agenda()

    # ----------------------------------------------------------------- commitments
    def add_commitment(self) -> None:
        if self.qbr is None:
            return
        title = " ".join(self.commit_title.text().split())
        if not title:
            self._show_error("Write what was agreed first (for example \u201cShare the rollout "
                             "plan\u201d).")  # fmt: skip
            return
        qbr_id = self.qbr.id
        kind, value = self.commit_owner.currentData() or ("name", "")
        owner: dict[str, Any] = ({"owner_stakeholder_id": value} if kind == "person"
                                 else {"owner_name": value})  # fmt: skip
        due = _from_qdate(self.commit_due.date())
        made = self._try(lambda: self.history.create(
            "Add commitment",
            lambda: qbrs.add_commitment(self.book, qbr_id, title=title, due_date=due, **owner),
            delete=lambda dto: actions.delete_action(self.book, dto.id),
            entity="action_items"))  # fmt: skip
        if made is not None:
            self.commit_title.clear()
            self.status.emit(f"Commitment added to the account's actions, due {ag.fmt_date(due)}.")
        self._load_commitments()

    def _current_commitment(self) -> Any:
        index = self.commitment_view.currentIndex()
        return self.commitment_model.row_at(index.row()) if index.isValid() else None

    def mark_commitment_done(self) -> None:
        action = self._current_commitment()
        if action is None:
            return
        self._try(lambda: self.history.update(
            "Mark commitment done", lambda rid, **kw: actions.update_action(self.book, rid, **kw),
            action.id, {"status": ActionStatus.DONE},
            {"status": action.status, "completed_on": action.completed_on},
            entity="action_items"))  # fmt: skip
        self._load_commitments()

    def remove_commitment(self) -> None:
        action = self._current_commitment()
        if action is None:
            return
        self._try(lambda: self.history.delete(
            "Remove commitment", lambda: actions.delete_action(self.book, action.id),
            entity="action_items"))  # fmt: skip
        self._load_commitments()

    # ----------------------------------------------------------------- exports
    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a PowerPoint template", "",
            "PowerPoint templates (*.pptx *.potx);;All files (*)")  # fmt: skip
        self.set_template(Path(path) if path else None)

    def set_template(self, path: Path | None) -> None:
        """Use ``path`` for decks (None: the built-in template). Checked at once."""
        if path is not None:
            from planner.reports.deck import read_template  # noqa: PLC0415

            if self._try(lambda: read_template(path)) is None:
                return
        self.template = path
        self.template_label.setText(f"Template: {path.name}" if path else "Template: built-in")

    def options(self, formats: tuple[str, ...]) -> export.ExportOptions:
        return export.ExportOptions(formats=formats, template=self.template,
                                    internal=self.internal_check.isChecked())  # fmt: skip

    def default_stem(self) -> str:
        if self.qbr is None:
            return "QBR"
        from planner.reports.files import safe_filename  # noqa: PLC0415

        name = self._account_name() or "Account"
        stem = f"{safe_filename(name, limit=60)} - {safe_filename(self.qbr.title)}"
        stem += f" - {self.qbr.meeting_date.isoformat()}"
        return stem + (export.INTERNAL_SUFFIX if self.internal_check.isChecked() else "")

    def _account_name(self) -> str:
        try:
            return accounts.get_account(self.book, self.account_id).name
        except PlannerError:
            return ""

    def export_dialog(self, fmt: str) -> None:
        filters = {"pptx": "PowerPoint (*.pptx)", "pdf": "PDF (*.pdf)",
                   "md": "Markdown (*.md)", "ics": "Calendar invite (*.ics)"}  # fmt: skip
        path, _ = QFileDialog.getSaveFileName(self, "Export", f"{self.default_stem()}.{fmt}",
                                              filters[fmt])  # fmt: skip
        if path:
            self.export_to(Path(path), (fmt,))

    def export_all_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export the deck, report, agenda and "
                                                  "invite to")  # fmt: skip
        if folder:
            self.export_to(Path(folder) / self.default_stem(), export.FORMATS)

    def plan_pdf_dialog(self) -> None:
        name = self._account_name() or "Account"
        suggested = f"{name} - Success plan.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export the success plan", suggested,
                                              "PDF (*.pdf)")  # fmt: skip
        if path:
            self.export_plan_to(Path(path))

    def export_to(self, target: Path, formats: tuple[str, ...]) -> Job | None:
        """Export the current QBR off the GUI thread: ``target`` names the files (its suffix
        is replaced by each format's). Returns the running job."""
        if self.qbr is None:
            return None
        try:
            options = self.options(formats)
        except PlannerError as exc:
            self._show_error(str(exc))
            return None
        qbr_id = self.qbr.id
        stem = target.stem if target.suffix.lower().lstrip(".") in export.FORMATS else target.name
        folder = target.parent
        book, today = self.book, self.today()
        record = not book.read_only

        def work(_progress: Callable[[int, int], bool]) -> tuple[list[str], list[str]]:
            result = export.export_qbr(book, folder, options, qbr_id=qbr_id, today=today,
                                       record=record, stem=stem)  # fmt: skip
            return [str(f) for f in result.files], list(result.warnings)

        return self._run(work, "Exporting\u2026")

    def export_plan_to(self, path: Path) -> Job | None:
        book, account_id, today = self.book, self.account_id, self.today()
        internal = self.internal_check.isChecked()

        def work(_progress: Callable[[int, int], bool]) -> tuple[list[str], list[str]]:
            result = export.export_plan_pdf(book, account_id, path, internal=internal,
                                            today=today)  # fmt: skip
            return [str(result.path)], list(result.warnings)

        return self._run(work, "Writing the success plan\u2026")

    def _run(
        self, work: Callable[[Callable[[int, int], bool]], tuple[list[str], list[str]]], text: str
    ) -> Job:
        from planner.reports.pdf import ensure_gui_application  # noqa: PLC0415

        ensure_gui_application()  # fonts are registered on the GUI thread
        job = Job(work)
        self._jobs.add(job)
        self.export_button.setEnabled(False)
        self.export_state.setText(text)
        self.busy.emit(True)  # noqa: FBT003 - a signal's argument

        def finished(outcome: object) -> None:
            self._jobs.discard(job)
            self.export_button.setEnabled(self.qbr is not None)
            files, notes = outcome if isinstance(outcome, tuple) else ([], [])
            paths = [str(f) for f in files]
            text = "Saved " + ", ".join(Path(p).name for p in paths) if paths else ""
            self.export_state.setText(" ".join([text, *notes]).strip())
            self.busy.emit(False)  # noqa: FBT003 - a signal's argument
            self.exported.emit(paths)
            self.status.emit(f"Exported {len(paths)} file{'s' if len(paths) != 1 else ''}.")

        def failed(message: str) -> None:
            self._jobs.discard(job)
            self.export_button.setEnabled(self.qbr is not None)
            self.export_state.setText("")
            self.busy.emit(False)  # noqa: FBT003 - a signal's argument
            self._show_error(f"The export did not finish: {message}")

        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        job.signals.cancelled.connect(lambda: failed("it was cancelled."))
        self.pool.start(job)
        return job

    def open_batch_dialog(self) -> None:
        from ui.qbr.batch import BatchExportDialog  # noqa: PLC0415

        dialog = BatchExportDialog(self.book, self, pool=self.pool)
        dialog.set_template(self.template)
        dialog.internal_radio.setChecked(self.internal_check.isChecked())
        dialog.exec()
