"""Plan templates in the app: New Plan offers them, a plan saves as one, and Book > Plan
Templates exports, imports and deletes them.

* :class:`NewPlanDialog` lists "Blank plan" and every template with a preview (the desired
  outcomes, goals with their target rules and due days, risks, actions) and a start date;
  Create makes the plan, its goals, risks and actions in one undoable step.
* :class:`SaveTemplateDialog` shows what saving the plan as a template would keep (dates made
  relative, names of the customer and its people replaced) before saving it in the book.
* :class:`TemplatesDialog` shares templates as files with the rest of a team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain import formatting as fmt
from planner.domain import plan_template as pt
from planner.domain.errors import PlannerError
from planner.services import changes, plan_templates
from planner.services.changes import DeletedRows
from planner.services.plan_templates import PlanFromTemplate, TemplateInfo
from planner.services.plans import SuccessPlan
from ui.context import BookContext
from ui.models.table import Column, RowTableModel
from ui.widgets.common import DataTable, DateField, plain_label
from ui.widgets.export_files import ExportedWindow, ask_save_file, show_exported
from ui.workbook.common import record

TEMPLATE_FILTER = "Plan templates (*.json);;All files (*)"


def describe(t: pt.PlanTemplate) -> str:
    """A template in plain words, for previews."""
    lines = [t.title, f"{t.length_days} days from its start, {t.status.label.lower()}", ""]
    if t.desired_outcomes:
        lines += ["Desired outcomes", t.desired_outcomes, ""]
    if t.goals:
        lines.append(f"Goals ({len(t.goals)})")
        for g in t.goals:
            target = f", target {g.target.describe(g.unit)}" if g.target else ""
            kpi = f" ({g.kpi_name}{target})" if g.kpi_name or target else ""
            due = f", due on day {g.due_day}" if g.due_day is not None else ""
            lines.append(f"  • {g.title}{kpi}{due}")
        lines.append("")
    if t.risks:
        lines.append(f"Risks ({len(t.risks)})")
        lines += [f"  • {r.title} ({r.severity.label.lower()})" for r in t.risks]
        lines.append("")
    if t.actions:
        lines.append(f"Actions ({len(t.actions)})")
        for a in t.actions:
            due = f"day {a.due_day}: " if a.due_day is not None else ""
            lines.append(f"  • {due}{a.title}")
    return "\n".join(lines).strip()


@dataclass(frozen=True, slots=True)
class Choice:
    """A row of the New Plan list: a template, or the blank plan (``info`` None)."""

    name: str
    source: str
    summary: str
    info: TemplateInfo | None


CHOICE_COLUMNS: tuple[Column[Choice], ...] = (
    Column(
        "Start from",
        lambda c: c.name,
        sort=lambda c: (c.info is not None, c.name.casefold()),
        width=24,
        bold=lambda c: c.info is None,
    ),
    Column("Holds", lambda c: c.summary, width=38),
    Column("From", lambda c: c.source, width=9),
)


def _choices(ctx: BookContext) -> list[Choice]:
    found = [Choice("Blank plan", "", "Goals and risks of your own", None)]
    for info in plan_templates.list_templates(ctx.book):
        source = "built in" if info.built_in else "this book"
        found.append(Choice(info.name, source, info.summary, info))
    return found


def _preview() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setMinimumWidth(320)
    return box


class NewPlanDialog(QDialog):
    """New Plan: blank or from a template, starting on a date."""

    created = Signal(object)
    """The :class:`PlanFromTemplate` made."""

    def __init__(
        self,
        ctx: BookContext,
        account_id: str,
        parent: QWidget | None = None,
        *,
        blank: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account_id = account_id
        self.blank = blank
        self.made: PlanFromTemplate | None = None
        self.setWindowTitle("New success plan")
        self.model: RowTableModel[Choice] = RowTableModel(CHOICE_COLUMNS, self)
        self.table = DataTable(self.model, sort_column=0, stretch=1)
        self.preview = _preview()
        self.start = DateField(self, optional=False, today=ctx.today)
        self.start.set_value(ctx.today())
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create Plan", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.create_plan)
        self.buttons.rejected.connect(self.reject)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([500, 380])
        form = QFormLayout()
        form.addRow("Plan starts on", self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Start from a template to get goals with targets, the usual risks and dated "
                "actions; change anything afterwards.",
                "muted",
                wrap=True,
            )
        )
        layout.addWidget(split, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        self.model.set_rows(_choices(ctx))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        self.table.activated.connect(lambda _i: self.create_plan())
        self.table.selectRow(0)
        self._chosen()

    def choice(self) -> Choice | None:
        row = self.table.current_row()
        return row if isinstance(row, Choice) else None

    def choose(self, name: str) -> bool:
        """Select the template called ``name`` (or "Blank plan")."""
        for r in range(self.table.proxy.rowCount()):
            if self.table.proxy.row_at(r).name.casefold() == name.casefold():
                self.table.selectRow(r)
                return True
        return False

    def _chosen(self) -> None:
        choice = self.choice()
        self.start.setEnabled(choice is not None and choice.info is not None)
        if choice is None or choice.info is None:
            self.preview.setPlainText(
                "An empty plan: you write its title, period and desired outcomes, then add "
                "goals and risks."
            )
            self.create_button.setText("Continue…")
            return
        t = choice.info.template
        text = describe(t)
        if choice.info.description:
            text = f"{choice.info.description}\n\n{text}"
        self.preview.setPlainText(text)
        self.create_button.setText("Create Plan")

    def create_plan(self) -> None:
        choice = self.choice()
        if choice is None:
            return
        if choice.info is None:
            self.accept()
            if self.blank is not None:
                self.blank()
            return
        start = self.start.value()
        if start is None:
            why = self.start.problem() or "The start date is empty"
            self.error.setText(
                f"{why}. Type it like {fmt.DAY_FORMS}, or pick it from the calendar."
            )
            self.error.show()
            return
        name, book, account = choice.info.name, self.ctx.book, self.account_id
        captured: dict[str, tuple[DeletedRows, ...]] = {}

        def undo(made: PlanFromTemplate) -> None:
            captured["rows"] = plan_templates.remove_plan_from_template(book, made)

        def redo(_made: PlanFromTemplate) -> None:
            for rows in captured.pop("rows", ()):
                changes.restore(book, rows)

        try:
            self.made = record(
                self.ctx,
                f"New plan from the template {name}",
                lambda: plan_templates.create_plan_from_template(book, account, name, start=start),
                undo,
                redo,
            )
        except PlannerError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.ctx.nav.status.emit(
            f"Created “{self.made.plan.title}” from the template {name}: "
            f"{len(self.made.goals)} goals, {len(self.made.risks)} risks and "
            f"{len(self.made.actions)} actions. Undo with Ctrl+Z."
        )
        self.created.emit(self.made)
        self.accept()


class SaveTemplateDialog(QDialog):
    """Save Plan as Template: name it, see what it keeps, save it in the book."""

    saved = Signal(object)

    def __init__(self, ctx: BookContext, plan: SuccessPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.info: TemplateInfo | None = None
        self.setWindowTitle("Save plan as template")
        self.name = QLineEdit()
        self.name.setMaxLength(pt.NAME_LIMIT)
        self.name.setPlaceholderText("e.g. Healthcare onboarding")
        self.description = QLineEdit()
        self.description.setPlaceholderText("What the template is for, and when to use it")
        self.replace = QCheckBox("Replace the template of that name in this book")
        self.replace.hide()
        self.preview = _preview()
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("What it is for", self.description)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "The template keeps the plan's goals (targets as they are), the account's open "
                "risks and the actions of its goals, with dates counted from the plan's start. "
                "The customer's name, its people's names, e-mail addresses and its website are "
                "replaced; owners are left out.",
                "muted",
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(plain_label("What it will hold", "heading"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.replace)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self._show_preview()

    def _show_preview(self) -> None:
        try:
            t = plan_templates.template_from_plan(
                self.ctx.book, self.plan.id, name="Preview", description=self.description.text()
            )
        except PlannerError as exc:
            self.preview.setPlainText(str(exc))
            return
        self.preview.setPlainText(describe(t))

    def save(self) -> None:
        book, plan_id = self.ctx.book, self.plan.id
        name, description = self.name.text(), self.description.text()
        replace = self.replace.isChecked()

        def undo(info: TemplateInfo) -> None:
            plan_templates.delete_template(book, info.name)

        try:
            self.info = record(
                self.ctx,
                f"Save the template {name.strip()}",
                lambda: plan_templates.save_plan_as_template(
                    book, plan_id, name=name, description=description, replace=replace
                ),
                undo,
            )
        except PlannerError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.replace.setVisible("already has a template" in str(exc))
            return
        self.ctx.nav.status.emit(f"Saved the template {self.info.name}; New Plan offers it.")
        self.saved.emit(self.info)
        self.accept()


class TemplatesDialog(QDialog):
    """Book > Plan Templates: every template, with export, import and delete."""

    changed = Signal()

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Plan templates")
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path
        """Asks where to export (replaced in tests)."""
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path
        """Asks which file to import (replaced in tests)."""
        self.model: RowTableModel[Choice] = RowTableModel(CHOICE_COLUMNS, self)
        self.table = DataTable(self.model, sort_column=0, stretch=1)
        self.preview = _preview()
        self.message = plain_label("", "muted", wrap=True)
        self.exported: ExportedWindow | None = None
        """The window offering to open the last template exported."""
        self.export_button = QPushButton("Export…")
        self.import_button = QPushButton("Import…")
        self.delete_button = QPushButton("Delete")
        self.import_button.setEnabled(not ctx.read_only)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([500, 380])
        row = QHBoxLayout()
        for b in (self.export_button, self.import_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Built-in templates come with the app; the others are saved in this book and "
                "travel with it. Export a template to share it; import one a colleague sent.",
                "muted",
                wrap=True,
            )
        )
        layout.addWidget(split, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(900, 560)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        self.export_button.clicked.connect(self.export_selected)
        self.import_button.clicked.connect(self.import_file)
        self.delete_button.clicked.connect(self.delete_selected)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([c for c in _choices(self.ctx) if c.info is not None])
        if self.table.proxy.rowCount():
            self.table.selectRow(0)
        self._chosen()

    def selected(self) -> TemplateInfo | None:
        row = self.table.current_row()
        return row.info if isinstance(row, Choice) else None

    def select(self, name: str) -> bool:
        for r in range(self.table.proxy.rowCount()):
            if self.table.proxy.row_at(r).name == name:
                self.table.selectRow(r)
                return True
        return False

    def _chosen(self) -> None:
        info = self.selected()
        self.export_button.setEnabled(info is not None)
        self.delete_button.setEnabled(
            info is not None and not info.built_in and not self.ctx.read_only
        )
        self.preview.setPlainText(
            "" if info is None else f"{info.description}\n\n{describe(info.template)}".strip()
        )

    def _ask_save_path(self, name: str) -> Path | None:
        return ask_save_file(
            self, "template", "Export plan template", f"{name}.json", TEMPLATE_FILTER
        )

    def _ask_open_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import plan template", "", TEMPLATE_FILTER)
        return Path(chosen) if chosen else None

    def export_selected(self) -> Path | None:
        info = self.selected()
        if info is None:
            return None
        target = self.ask_save_path(info.name)
        if target is None:
            return None
        try:
            written = plan_templates.export_template(self.ctx.book, info.name, target)
        except PlannerError as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(f"Exported {info.name} to {written}.")
        self.exported = show_exported(self, [written], "Plan template exported")
        return written

    def import_file(self) -> TemplateInfo | None:
        if self.ctx.read_only:
            return None
        source = self.ask_open_path()
        if source is None:
            return None
        book = self.ctx.book

        def undo(info: TemplateInfo) -> None:
            plan_templates.delete_template(book, info.name)

        try:
            info = record(
                self.ctx,
                f"Import the template {source.name}",
                lambda: plan_templates.import_template(book, source),
                undo,
            )
        except PlannerError as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(f"Imported {info.name}; New Plan offers it.")
        self.reload()
        self.select(info.name)
        self.changed.emit()
        return info

    def delete_selected(self) -> None:
        info = self.selected()
        if info is None or info.built_in or self.ctx.read_only:
            return
        book = self.ctx.book
        state: dict[str, DeletedRows] = {}

        def do() -> DeletedRows:
            state["rows"] = plan_templates.delete_template(book, info.name)
            return state["rows"]

        try:
            record(
                self.ctx,
                f"Delete the template {info.name}",
                do,
                lambda _d: changes.restore(book, state["rows"]),
                lambda _d: do(),
            )
        except PlannerError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Deleted {info.name}. Undo with Ctrl+Z.")
        self.reload()
        self.changed.emit()
