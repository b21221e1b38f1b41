"""File > Import...: bring a CRM export (CSV) into the open book, step by step.

1. **File**: what to import (accounts, contacts, tasks, surveys, revenue) and from which file.
2. **Format**: the encoding and delimiter detected (changeable), and a preview of the rows.
3. **Columns**: which column fills which field, filled in from the headers; editable; can be
   saved in the book under a name and picked again next time.
4. **Check**: every row is checked (a dry run of the real import, off the GUI thread); problems
   are listed with their line numbers; when dates such as 03/04/2025 or numbers such as 1,234
   could be read two ways and the file does not settle it, the page asks.
5. **Import**: one transaction, with progress and Cancel; then a summary of what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planner.domain.errors import PlannerError
from planner.services.books import Book
from planner.services.interchange import csvio, importer
from planner.services.interchange import fields as f
from planner.services.interchange import mapping as mappings
from planner.services.interchange.mapping import Mapping
from planner.services.interchange.values import ORDER_FORMATS
from ui.models.table import Column, RowTableModel
from ui.portable.common import ErrorSink, Runner, megabytes, reserve_lines, show_error
from ui.widgets.common import DataTable, plain_label, set_plain

NOT_IMPORTED = "— not imported —"
COLUMN, CONSTANT = "column:", "constant:"
"""How a field's choice is kept in its combo box: ``column:<header>`` or ``constant:<value>``."""
AUTO = "Suggested from the headers"


def _cell(index: int) -> Callable[[csvio.CsvRow], str]:
    return lambda row: row.cells[index]


class ImportWizard(QWizard):
    """The import wizard for ``book``. ``imported`` tells the main window what changed
    (the kind's key, e.g. "accounts") so pages can refresh."""

    imported = Signal(str)

    def __init__(
        self,
        book: Book,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        kind: str = "accounts",
        on_error: ErrorSink | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.on_error = on_error or (lambda title, message: show_error(self, title, message))
        self.setWindowTitle("Import from a CRM export")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOptions(
            self.options()
            | QWizard.WizardOption.NoBackButtonOnLastPage
            | QWizard.WizardOption.NoCancelButtonOnLastPage
        )
        self.preview: importer.ImportPreview | None = None
        self.mapping: Mapping | None = None
        self.report: importer.ImportReport | None = None
        self.file_page = FilePage(self, path, kind)
        self.format_page = FormatPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (
            self.file_page,
            self.format_page,
            self.mapping_page,
            self.check_page,
            self.import_page,
        ):
            self.addPage(page)
        self.resize(900, 640)

    @property
    def kind(self) -> str:
        return self.file_page.kind()

    @property
    def path(self) -> Path:
        return Path(self.file_page.path_edit.text().strip())

    def fmt(self) -> csvio.CsvFormat:
        assert self.preview is not None
        return self.preview.format

    def reject(self) -> None:
        if self.import_page.runner.running or self.check_page.runner.running:
            self.import_page.runner.cancel()
            self.check_page.runner.cancel()
            return  # closes once the work has stopped and rolled back
        super().reject()


# --------------------------------------------------------------------------- 1. file


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard, path: Path | None, kind: str) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("What do you want to import?")
        self.setSubTitle(
            "Choose the kind of records and the CSV file exported from your CRM "
            "(Salesforce, HubSpot) or a spreadsheet."
        )
        form = QFormLayout(self)
        self.kind_box = QComboBox()
        for spec in f.KINDS.values():
            self.kind_box.addItem(spec.label, spec.key)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(f.kind(kind).key), 0))
        self.description = plain_label("", wrap=True)
        self.path_edit = QLineEdit(str(path) if path else "")
        self.path_edit.setPlaceholderText("A .csv file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.status = plain_label("", "muted", wrap=True)
        form.addRow("Records:", self.kind_box)
        form.addRow("", self.description)
        form.addRow("File:", row)
        form.addRow("", self.status)
        self.kind_box.currentIndexChanged.connect(self._changed)
        self.path_edit.textChanged.connect(self._changed)
        self._changed()

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def _browse(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a CSV export", start, "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _changed(self) -> None:
        set_plain(self.description, f.kind(self.kind()).description)
        path = Path(self.path_edit.text().strip())
        if self.path_edit.text().strip() and path.is_file():
            set_plain(self.status, f"{path.name}, {megabytes(path.stat().st_size)}")
        elif self.path_edit.text().strip():
            set_plain(self.status, "There is no file there.")
        else:
            set_plain(self.status, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        text = self.path_edit.text().strip()
        return bool(text) and Path(text).is_file()

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self.w.preview = importer.preview_file(self.w.path, self.kind())
        except PlannerError as exc:
            self.w.on_error("This file cannot be imported", str(exc))
            return False
        self.w.mapping = self.w.preview.mapping
        return True


# --------------------------------------------------------------------------- 2. format


class FormatPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("How the file is written")
        self.setSubTitle(
            "Detected from the file. If the preview looks garbled, choose another "
            "encoding or delimiter."
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.encoding = QComboBox()
        for key, text in csvio.ENCODING_LABELS.items():
            self.encoding.addItem(text, key)
        self.delimiter = QComboBox()
        for key in csvio.DELIMITERS:
            self.delimiter.addItem(csvio.DELIMITER_NAMES[key].capitalize(), key)
        form.addRow("Encoding:", self.encoding)
        form.addRow("Delimiter:", self.delimiter)
        layout.addLayout(form)
        self.notes = plain_label("", "muted", wrap=True)
        layout.addWidget(self.notes)
        self.model: RowTableModel[csvio.CsvRow] = RowTableModel([])
        self.table = DataTable(self.model, empty="No rows to show.")
        layout.addWidget(self.table, 1)
        self.encoding.currentIndexChanged.connect(self._reread)
        self.delimiter.currentIndexChanged.connect(self._reread)
        self._loading = False

    def initializePage(self) -> None:  # noqa: N802
        preview = self.w.preview
        assert preview is not None
        self._loading = True
        self.encoding.setCurrentIndex(max(self.encoding.findData(preview.format.encoding), 0))
        self.delimiter.setCurrentIndex(max(self.delimiter.findData(preview.format.delimiter), 0))
        self._loading = False
        self._show(preview)

    def _reread(self) -> None:
        if self._loading or self.w.preview is None:
            return
        try:
            preview = importer.preview_file(
                self.w.path,
                self.w.kind,
                encoding=str(self.encoding.currentData()),
                delimiter=str(self.delimiter.currentData()),
            )
        except PlannerError as exc:
            set_plain(self.notes, str(exc))
            return
        self.w.preview = preview
        self.w.mapping = preview.mapping
        self._show(preview)

    def _show(self, preview: importer.ImportPreview) -> None:
        columns: list[Column[csvio.CsvRow]] = [
            Column("Line", lambda r: str(r.line), sort=lambda r: r.line, width=5)
        ]
        for i, header in enumerate(preview.headers):
            columns.append(Column(header, _cell(i), width=14))
        self.model = RowTableModel(columns)
        self.model.set_rows(preview.rows)
        layout = self.layout()
        assert layout is not None
        old = self.table
        self.table = DataTable(self.model, empty="No rows to show.")
        layout.replaceWidget(old, self.table)
        old.deleteLater()
        size = megabytes(preview.size)
        notes = [
            f"{len(preview.headers)} columns; the header is on line {preview.header_line}; "
            f"showing the first {len(preview.rows)} rows of {size}."
        ]
        notes.extend(preview.notes)
        set_plain(self.notes, "\n".join(notes))


# --------------------------------------------------------------------------- 3. columns


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Which column fills which field")
        self.setSubTitle(
            "Filled in from the headers. Change any of them; fields left out are "
            "not imported (and never erase what the book holds)."
        )
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.saved = QComboBox()
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.save_button = QPushButton("Save Mapping As…")
        self.save_button.clicked.connect(self._save)
        top.addWidget(plain_label("Mapping:"))
        top.addWidget(self.saved, 1)
        top.addWidget(self.save_button)
        layout.addLayout(top)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        layout.addWidget(self.scroll_area, 1)
        self.problems = plain_label("", "error", wrap=True)
        layout.addWidget(self.problems)
        self.boxes: dict[str, QComboBox] = {}
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802
        self._filling = True
        self.saved.clear()
        self.saved.addItem(AUTO, None)
        for name, saved in mappings.saved_mappings(self.w.book).items():
            if saved.kind == self.w.kind:
                self.saved.addItem(name, name)
        self._filling = False
        self._build(self.w.mapping or Mapping(self.w.kind))

    def _build(self, current: Mapping) -> None:
        preview = self.w.preview
        assert preview is not None
        spec = f.kind(self.w.kind)
        holder = QWidget()
        form = QFormLayout(holder)
        self.boxes = {}
        required = {k for need in spec.needs for k in need}
        samples = {
            h: next((r.cells[i] for r in preview.rows if r.cells[i].strip()), "")
            for i, h in enumerate(preview.headers)
        }
        for target in spec.fields:
            box = QComboBox()
            box.addItem(NOT_IMPORTED, None)
            for header in preview.headers:
                sample = samples.get(header, "")
                shown = f"{header}   (e.g. {sample[:30]})" if sample else header
                box.addItem(shown, COLUMN + header)
            if target.enum is not None:
                for member in target.enum:
                    box.addItem(f"Every row: {member.label}", CONSTANT + member.value)
            chosen = current.columns.get(target.key)
            if chosen is not None:
                box.setCurrentIndex(max(box.findData(COLUMN + chosen), 0))
            elif target.key in current.constants:
                value = target.parse_enum(current.constants[target.key]).value
                box.setCurrentIndex(max(box.findData(CONSTANT + value), 0))
            box.currentIndexChanged.connect(self._changed)
            label = target.label + (" *" if target.key in required else "")
            if target.help:
                box.setToolTip(target.help[:1].upper() + target.help[1:] + ".")
            form.addRow(label + ":", box)
            self.boxes[target.key] = box
        self.scroll_area.setWidget(holder)
        self._changed()

    def current(self) -> Mapping:
        base = self.w.mapping or Mapping(self.w.kind)
        columns: dict[str, str] = {}
        constants: dict[str, str] = {}
        for key, box in self.boxes.items():
            data = str(box.currentData() or "")
            if data.startswith(COLUMN):
                columns[key] = data.removeprefix(COLUMN)
            elif data.startswith(CONSTANT):
                constants[key] = data.removeprefix(CONSTANT)
        return Mapping(self.w.kind, columns, constants, base.date_format, base.decimal)

    def _changed(self) -> None:
        if self._filling:
            return
        self.w.mapping = self.current()
        assert self.w.preview is not None
        found = mappings.problems(self.w.mapping, self.w.preview.headers)
        set_plain(self.problems, "\n".join(found))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.boxes) and not self.problems.text()

    def _use_saved(self) -> None:
        if self._filling:
            return
        name = self.saved.currentData()
        if name is None:
            assert self.w.preview is not None
            self._build(self.w.preview.mapping)
            return
        saved = mappings.saved_mappings(self.w.book).get(str(name))
        if saved is not None:
            self.w.mapping = saved
            self._build(saved)

    def _save(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Save mapping", "Name for this mapping (e.g. 'Salesforce accounts report'):"
        )
        if not ok or not name.strip():
            return
        try:
            mappings.save_mapping(self.w.book, name, self.current())
        except PlannerError as exc:
            self.w.on_error("The mapping was not saved", str(exc))
            return
        self._filling = True
        if self.saved.findData(" ".join(name.split())) < 0:
            self.saved.addItem(" ".join(name.split()), " ".join(name.split()))
        self.saved.setCurrentIndex(self.saved.findData(" ".join(name.split())))
        self._filling = False


# --------------------------------------------------------------------------- 4. check

ERROR_COLUMNS: tuple[Column[importer.RowError], ...] = (
    Column("Line", lambda e: str(e.line), sort=lambda e: e.line, width=6),
    Column("Field", lambda e: e.field, width=16),
    Column("Problem", lambda e: e.message, width=60, tooltip=lambda e: e.message),
    Column("Value", lambda e: e.value, width=16),
)


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Check every row")
        self.setSubTitle(
            "Nothing is written yet. Every row is read and checked exactly as the "
            "import will do it."
        )
        layout = QVBoxLayout(self)
        self.questions = QWidget()
        qform = QFormLayout(self.questions)
        self.date_question = plain_label("", wrap=True)
        self.date_choice = QComboBox()
        self.date_choice.addItem("Choose how the dates are written…", None)
        for order in ("dmy", "mdy"):
            label = {
                "dmy": "Day first: DD/MM/YYYY (31/12/2025)",
                "mdy": "Month first: MM/DD/YYYY (12/31/2025)",
            }[order]
            self.date_choice.addItem(label, ORDER_FORMATS[order])
        self.decimal_question = plain_label("", wrap=True)
        self.decimal_choice = QComboBox()
        self.decimal_choice.addItem("Choose the decimal separator…", None)
        self.decimal_choice.addItem("Decimal point: 1,234.50", ".")
        self.decimal_choice.addItem("Decimal comma: 1.234,50", ",")
        self.match_question = plain_label("", wrap=True)
        self.match_choice = QComboBox()
        self.match_choice.addItem("Choose what these rows are…", None)
        self.match_choice.addItem("The same companies: update the accounts in the book", "name")
        self.match_choice.addItem("Different companies: create new accounts", "crm-id")
        qform.addRow(self.date_question)
        qform.addRow("Dates:", self.date_choice)
        qform.addRow(self.decimal_question)
        qform.addRow("Amounts:", self.decimal_choice)
        qform.addRow(self.match_question)
        qform.addRow("Accounts:", self.match_choice)
        self.question_form = qform
        self.questions.hide()
        layout.addWidget(self.questions)
        self.summary = reserve_lines(plain_label("", wrap=True), 3)
        layout.addWidget(self.summary)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.errors: RowTableModel[importer.RowError] = RowTableModel(ERROR_COLUMNS)
        self.table = DataTable(self.errors, stretch=2, empty="No problems found.")
        layout.addWidget(self.table, 1)
        self.skip = QCheckBox("Import the rows without problems and skip the others")
        self.skip.toggled.connect(lambda _on: self.completeChanged.emit())
        layout.addWidget(self.skip)
        self.runner = Runner(self, self.bar)
        self.runner.busy.connect(lambda _busy: self.completeChanged.emit())
        self.date_choice.currentIndexChanged.connect(self._answered)
        self.decimal_choice.currentIndexChanged.connect(self._answered)
        self.match_choice.currentIndexChanged.connect(self._answered)
        self.report: importer.ImportReport | None = None
        self.asking_date = self.asking_decimal = self.asking_match = False

    def initializePage(self) -> None:  # noqa: N802
        self.report = None
        self.asking_date = self.asking_decimal = self.asking_match = False
        self.questions.hide()
        self.errors.set_rows([])
        self.skip.setChecked(False)
        self.skip.hide()
        self._run()

    def _answered(self) -> None:
        mapping = self.w.mapping
        assert mapping is not None
        date_format = self.date_choice.currentData() or mapping.date_format
        decimal = self.decimal_choice.currentData() or mapping.decimal
        match = self.match_choice.currentData() or mapping.match
        self.w.mapping = replace(mapping, date_format=date_format, decimal=decimal, match=match)
        if (
            (self.asking_date and not self.date_choice.currentData())
            or (self.asking_decimal and not self.decimal_choice.currentData())
            or (self.asking_match and not self.match_choice.currentData())
        ):
            return  # wait for every answer
        self._run()

    def _run(self) -> None:
        if self.runner.running:
            return
        mapping = self.w.mapping
        assert mapping is not None
        book, path, fmt = self.w.book, self.w.path, self.w.fmt()
        self.report = None
        set_plain(self.summary, "Checking every row…")

        def work(progress: Any) -> object:
            try:
                return importer.import_csv(
                    book, path, mapping, fmt=fmt, dry_run=True, progress=progress
                )
            except (importer.FormatQuestionError, importer.LikelyMatchesError) as question:
                return question  # a question for the person, not a failure

        self.runner.start(
            work,
            done=self._checked,
            failed=self._failed,
            cancelled=lambda: set_plain(self.summary, "The check was cancelled."),
        )
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        set_plain(self.summary, message)
        self.completeChanged.emit()

    def _checked(self, result: Any) -> None:
        if isinstance(result, importer.FormatQuestionError):
            self.ask(result)
            return
        if isinstance(result, importer.LikelyMatchesError):
            self.ask_match(result)
            return
        assert isinstance(result, importer.ImportReport)
        self.report = result
        notes = "\n".join(result.notes)
        set_plain(self.summary, result.summary() + (f"\n{notes}" if notes else ""))
        self.errors.set_rows(result.errors)
        self.skip.setVisible(result.error_count > 0)
        self.completeChanged.emit()

    def ask(self, error: importer.FormatQuestionError) -> None:
        """Show the date-order and decimal questions the file leaves open."""
        self.asking_date = self.asking_date or error.needs_date_format
        self.asking_decimal = self.asking_decimal or error.needs_decimal
        self._show_questions()
        if error.needs_date_format:
            set_plain(self.date_question, error.findings.date_message())
        if error.needs_decimal:
            set_plain(self.decimal_question, error.findings.decimal_message())
        set_plain(self.summary, "Answer the question above, and the check runs again.")
        self.completeChanged.emit()

    def ask_match(self, error: importer.LikelyMatchesError) -> None:
        """Ask whether rows named like accounts the book has under another CRM id are the same
        companies (update them) or different ones (new accounts)."""
        self.asking_match = True
        self._show_questions()
        set_plain(self.match_question, str(error).removesuffix(" Nothing was imported."))
        set_plain(self.summary, "Answer the question above, and the check runs again.")
        self.completeChanged.emit()

    def _show_questions(self) -> None:
        self.questions.show()
        for rows, asking in (
            ((0, 1), self.asking_date),
            ((2, 3), self.asking_decimal),
            ((4, 5), self.asking_match),
        ):
            for row in rows:
                self.question_form.setRowVisible(row, asking)

    def isComplete(self) -> bool:  # noqa: N802
        if self.runner.running or self.report is None:
            return False
        return self.report.error_count == 0 or self.skip.isChecked()


# --------------------------------------------------------------------------- 5. import


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Import")
        self.setSubTitle(
            "Written in one go: either everything arrives, or nothing does. A "
            "backup of the book is taken first."
        )
        layout = QVBoxLayout(self)
        self.summary = reserve_lines(plain_label("", wrap=True), 3)
        layout.addWidget(self.summary)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.runner = Runner(self, self.bar)
        self.cancel = QPushButton("Cancel Import")
        self.cancel.clicked.connect(self.runner.cancel)
        layout.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        self.errors: RowTableModel[importer.RowError] = RowTableModel(ERROR_COLUMNS)
        self.table = DataTable(self.errors, stretch=2, empty="No rows were skipped.")
        layout.addWidget(self.table, 1)
        self.runner.busy.connect(self._busy)
        self.done = False

    def initializePage(self) -> None:  # noqa: N802
        self.done = False
        mapping = self.w.mapping
        assert mapping is not None
        book, path, fmt = self.w.book, self.w.path, self.w.fmt()
        skip = self.w.check_page.skip.isChecked()
        set_plain(self.summary, "Importing…")

        def work(progress: Any) -> importer.ImportReport:
            return importer.import_csv(
                book, path, mapping, fmt=fmt, skip_invalid=skip, progress=progress
            )

        self.runner.start(work, done=self._finished, failed=self._failed, cancelled=self._cancelled)

    def _busy(self, busy: bool) -> None:
        self.cancel.setVisible(busy)
        self.completeChanged.emit()

    def _finished(self, result: Any) -> None:
        assert isinstance(result, importer.ImportReport)
        self.w.report = result
        self.done = True
        text = result.summary()
        if result.backup:
            text += f"\nThe book as it was before the import is kept in {result.backup}."
        set_plain(self.summary, text)
        self.errors.set_rows(result.errors)
        if result.written:
            self.w.imported.emit(f.kind(result.kind).key)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.done = True
        set_plain(self.summary, f"Nothing was imported. {message}")
        self.completeChanged.emit()

    def _cancelled(self) -> None:
        self.done = True
        set_plain(
            self.summary, "The import was cancelled. Nothing was imported; the book is as it was."
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.done
