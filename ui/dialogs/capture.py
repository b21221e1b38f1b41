"""Logging meetings and e-mails dropped as files (.ics invites, .eml messages).

Drop files on an account's Timeline (the account is known) or anywhere on the main window (the
people in each file tell the account; when they cannot, the dialog asks). The
:class:`CaptureDialog` reads the files off the GUI thread, shows what would be logged, asks
which account where it is unclear, offers the addresses that are not stakeholders yet as a
check list, and logs everything in one transaction, recorded in the undo history. All of the
work is done by :mod:`planner.services.capture` (the same as ``planner log``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import Side
from planner.domain.text import shorten
from planner.services import accounts
from planner.services.capture import log, person
from planner.services.capture.log import LoggedItem, LogResult
from planner.services.capture.sources import Captured
from ui.context import BookContext
from ui.dialogs.form import CheckListModel
from ui.models.table import Column, RowTableModel, fmt_date
from ui.theme import semantic_colors
from ui.widgets.common import DataTable, heading, plain_label

OUTCOME_TEXT = {
    "created": "New",
    "updated": "Update",
    "unchanged": "Logged before",
    "duplicate": "Same as above",
    "problem": "Needs account",
    "skipped": "Not logged",
}


PLAN_COLUMNS: tuple[Column[LoggedItem], ...] = (
    Column(
        "Status",
        lambda i: OUTCOME_TEXT.get(i.outcome, i.outcome),
        width=14,
        foreground=lambda i: semantic_colors().bad if i.problem else None,
    ),
    Column(
        "Date",
        lambda i: fmt_date(i.captured.occurred_on),
        sort=lambda i: i.captured.occurred_on,
        width=11,
    ),
    Column("Type", lambda i: i.captured.type.label, width=8),
    Column(
        "Subject",
        lambda i: shorten(i.captured.subject, 120),
        width=30,
        tooltip=lambda i: f"{i.captured.subject}\n\n{shorten(i.captured.summary, 400)}",
    ),
    Column("Account", lambda i: i.account_name or "?", width=18),
    Column(
        "With", lambda i: ", ".join(i.attendees), width=22, tooltip=lambda i: "\n".join(i.attendees)
    ),
)


class CaptureDialog(QDialog):
    """Shows what dropped files hold and logs it on the timeline (one undoable step)."""

    ready = Signal()
    """The files were read and the plan is shown (or they could not be read)."""
    logged = Signal(object)
    """The :class:`LogResult` of a log that changed the book."""

    def __init__(
        self,
        ctx: BookContext,
        paths: Sequence[Path],
        *,
        account_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = list(paths)
        self.account_id = account_id
        self.captured: list[Captured] = []
        self.problems: list[log.FileProblem] = []
        self.plan: LogResult | None = None
        self.log_result: LogResult | None = None
        """What the log did, once it ran."""
        self.prefs = person.preferences()
        self.choices: dict[str, QComboBox] = {}
        self._closed = False
        self._people: list[str] = []
        self._ticks: dict[str, bool] = {}
        """Ticks the person changed, by e-mail (kept when the accounts change)."""
        self.setWindowTitle("Log on the Timeline")
        self.setMinimumWidth(760)

        self.title = heading(self._title())
        self.status = plain_label("Reading the files…", "muted", wrap=True)
        self.model: RowTableModel[LoggedItem] = RowTableModel(PLAN_COLUMNS, self)
        self.table = DataTable(self.model, sort_column=1, stretch=3)
        self.table.setMinimumHeight(150)
        self.choose_label = heading("Which account?")
        self.choose_form = QFormLayout()
        self.people_label = heading("Not stakeholders yet")
        self.people_help = plain_label(
            "Tick the people to add as stakeholders of the account, so they are linked as "
            "attendees now and recognised next time.",
            "muted",
            wrap=True,
        )
        self.people_model = CheckListModel([], parent=self)
        self.people = QListView()
        self.people.setModel(self.people_model)
        self.problem_label = plain_label("", "error", wrap=True)
        self.notes_label = plain_label("", "muted", wrap=True)
        self.buttons = QDialogButtonBox()
        self.log_button = QPushButton("Log")
        self.log_button.setMinimumWidth(
            self.log_button.fontMetrics().horizontalAdvance("Log 9,999 Items") + 32
        )
        self.log_button.setDefault(True)
        self.log_button.setEnabled(False)
        self.buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.log_button.clicked.connect(self.log_now)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.choose_label)
        layout.addLayout(self.choose_form)
        layout.addWidget(self.people_label)
        layout.addWidget(self.people_help)
        layout.addWidget(self.people)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.buttons)
        for w in (
            self.choose_label,
            self.people_label,
            self.people_help,
            self.people,
            self.problem_label,
            self.notes_label,
        ):
            w.hide()
        ctx.load(self._read, self._show_read, self._read_failed)

    def _title(self) -> str:
        files = f"{len(self.paths)} file{'s' if len(self.paths) != 1 else ''}"
        if self.account_id is None:
            return f"Log {files} on the timeline"
        name = accounts.get_account(self.ctx.book, self.account_id).name
        return f"Log {files} on the timeline of {name}"

    # ----------------------------------------------------------------- reading (off thread)
    def _read(self) -> tuple[list[Captured], list[log.FileProblem], LogResult]:
        """Off the GUI thread: read the files and plan, touching no widget."""
        captured, problems = log.read_files(self.paths, tz=person.local_timezone())
        plan = log.log_captured(
            self.ctx.book,
            captured,
            account_id=self.account_id,
            my_email=self.prefs["email"],
            dry_run=True,
            problems=problems,
        )
        return captured, problems, plan

    def _plan(
        self,
        captured: list[Captured],
        problems: Sequence[log.FileProblem],
        add: set[str] | None = None,
    ) -> LogResult:
        """What logging would do (a dry run: nothing is written)."""
        return log.log_captured(
            self.ctx.book,
            captured,
            account_id=self.account_id,
            accounts=self.chosen(),
            add_unknown=self.ticked() if add is None else add,
            my_email=self.prefs["email"],
            dry_run=True,
            problems=problems,
        )

    def ticked(self) -> set[str]:
        return set(self.people_model.checked())

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _show_read(self, found: tuple[list[Captured], list[log.FileProblem], LogResult]) -> None:
        if self._closed:  # closed while the files were read
            return
        captured, problems, plan = found
        self.captured, self.problems = captured, problems
        self._build_choices(plan)
        self._show_people(plan)
        self._show(self._plan(captured, problems))
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        self.ready.emit()

    def _read_failed(self, message: str) -> None:
        if self._closed:
            return
        self.status.setText(f"The files could not be read: {message}")
        self.ready.emit()

    # ----------------------------------------------------------------- the plan
    def chosen(self) -> dict[str, str]:
        """The accounts picked for items whose account was unclear."""
        return {
            key: combo.currentData() for key, combo in self.choices.items() if combo.currentData()
        }

    def _build_choices(self, plan: LogResult) -> None:
        unclear = [i for i in plan.items if i.problem and i.account_id is None]
        if not unclear:
            return
        everyone = accounts.list_accounts(self.ctx.book)
        for item in unclear:
            combo = QComboBox()
            combo.addItem("Choose the account… (else it is not logged)", "")
            listed = set()
            for choice in item.candidates:
                combo.addItem(f"{choice.name} ({', '.join(choice.matched[:2])})", choice.account_id)
                listed.add(choice.account_id)
            if listed:
                combo.insertSeparator(combo.count())
            for account in everyone:
                if account.id not in listed:
                    combo.addItem(account.name, account.id)
            combo.currentIndexChanged.connect(self._replan)
            self.choices[item.external_id] = combo
            label = QLabel(shorten(item.captured.subject, 50))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(item.problem or "")
            self.choose_form.addRow(label, combo)
        self.choose_label.show()

    def _replan(self) -> None:
        """The accounts changed: who is unknown may change too."""
        base = self._plan(self.captured, self.problems, add=set())
        self._show_people(base)
        self._show(self._plan(self.captured, self.problems))

    def _people_ticked(self, *_: object) -> None:
        ticked = set(self.people_model.checked())
        self._ticks.update({email: email in ticked for email in self._people})
        self._show(self._plan(self.captured, self.problems))

    def _show_people(self, base: LogResult) -> None:
        """The check list of unknown addresses (from a plan that adds nobody). Customers in
        something new are ticked (unless the person unticked them); people of items logged
        before were left out then, and stay unticked."""
        unknown = sorted(base.unknown, key=lambda u: (u.name.casefold(), u.email))
        names = {i.account_id: i.account_name for i in base.items if i.account_id}
        where: dict[str, str] = {}
        for item in base.items:
            for u in item.unknown:
                where.setdefault(u.email, names.get(item.account_id or "", ""))
        self._people = [u.email for u in unknown]
        labels = [
            (u.email, f"{u.name} <{u.email}>  ·  {u.side.label.lower()}  ·  {where[u.email]}")
            for u in unknown
        ]
        fresh = {
            u.email
            for i in base.items
            if i.outcome in {"created", "updated"}
            for u in i.unknown
            if u.side is Side.CUSTOMER
        }
        ticked = [u.email for u in unknown if self._ticks.get(u.email, u.email in fresh)]
        old = self.people_model
        self.people_model = CheckListModel(labels, ticked, self)
        self.people_model.dataChanged.connect(self._people_ticked)
        self.people.setModel(self.people_model)
        old.deleteLater()
        for w in (self.people_label, self.people_help, self.people):
            w.setVisible(bool(labels))
        rows = max(min(len(labels), 6), 1)
        self.people.setFixedHeight(
            rows * self.people.sizeHintForRow(0) + 2 * self.people.frameWidth() + 4
        )

    def _show(self, plan: LogResult) -> None:
        self.plan = plan
        self.model.set_rows(plan.items)
        problems = [p.message for p in plan.problems]
        problems += [
            i.problem for i in plan.items if i.problem and i.external_id not in self.choices
        ]
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))
        notes = list(dict.fromkeys(n for i in plan.items for n in i.notes))
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        ready = [i for i in plan.items if i.problem is None]
        changing = [i for i in ready if i.outcome in {"created", "updated"} or i.added]
        if not plan.items and not plan.problems:
            self.status.setText("These files hold no meeting or e-mail to log.")
        elif changing:
            self.status.setText(self._summary(plan))
        elif ready:
            self.status.setText("Everything in these files is on the timeline already, unchanged.")
        else:
            self.status.setText("Nothing can be logged yet: see below.")
        self.log_button.setText(self._button_text(len(changing)))
        self.log_button.setEnabled(bool(changing) and not self.ctx.read_only)

    def _summary(self, plan: LogResult) -> str:
        parts = []
        for outcome, words in (
            ("created", "{} new"),
            ("updated", "{} to update"),
            ("unchanged", "{} logged before"),
            ("problem", "{} without an account (choose it below)"),
        ):
            n = plan.count(outcome)
            if n:
                parts.append(words.format(n))
        return "Found " + ", ".join(parts) + "."

    @staticmethod
    def _button_text(n: int) -> str:
        return "Log" if n == 0 else f"Log {n} Item{'s' if n != 1 else ''}"

    # ----------------------------------------------------------------- logging
    def log_now(self) -> LogResult | None:
        """Log what is shown, as one step of the undo history; close on success."""
        if self.plan is None or self.ctx.read_only:
            return None
        book = self.ctx.book
        options: dict[str, Any] = {
            "account_id": self.account_id,
            "accounts": self.chosen(),
            "add_unknown": self.ticked(),
            "my_email": self.prefs["email"],
            "skip_invalid": True,
            "problems": self.problems,
        }
        state: dict[str, log.Undone] = {}

        def undo(result: LogResult) -> None:
            state["undone"] = log.undo_log(book, result)

        def redo(result: LogResult) -> None:
            log.redo_log(book, result, state.pop("undone"))

        def do() -> LogResult | None:
            result = log.log_captured(book, self.captured, **options)
            if not result.written:
                return result
            return self.ctx.history.run(self._undo_text(result), lambda: result, undo, redo)

        result = self.ctx.attempt(self, "Log on the Timeline", do)
        if result is None:
            return None
        self.log_result = result
        if result.written:
            self.ctx.nav.status.emit(self._done_text(result))
            self.logged.emit(result)
        self.accept()
        return result

    @staticmethod
    def _undo_text(result: LogResult) -> str:
        n = result.count("created") + result.count("updated")
        return f"Log {n} item{'s' if n != 1 else ''} on the timeline"

    @staticmethod
    def _done_text(result: LogResult) -> str:
        created, updated = result.count("created"), result.count("updated")
        added = len(result.created_stakeholders)
        people = f"{added} new stakeholder{'s' if added != 1 else ''}"
        parts = [
            f"{created} new" if created else "",
            f"{updated} updated" if updated else "",
            people if added else "",
        ]
        return "Logged on the timeline: " + ", ".join(p for p in parts if p) + ". Undo with Ctrl+Z."


# --------------------------------------------------------------------------- dropping


def open_capture(
    ctx: BookContext, paths: Sequence[Path], *, account_id: str | None, parent: QWidget
) -> CaptureDialog:
    """Open the dialog for ``paths`` (window-modal, not blocking)."""
    dialog = CaptureDialog(ctx, paths, account_id=account_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
