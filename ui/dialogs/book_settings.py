"""Book > Settings...: the book's name, base currency, exchange rates, gross margin, fiscal year
start and staleness limits, in one dialog.

Every value is checked as you type by the same service the command line uses
(:func:`planner.services.book_settings.apply`); a problem is shown next to the field that has
it and OK stays disabled until there is none. OK writes every change in one transaction,
through the undo history (Edit > Undo puts the settings back as they were).

The exchange rates are an editable table (:class:`RatesModel`): a currency and how many units
of the base currency one unit of it is worth.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain import attention as at
from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.money import COMMON_CURRENCIES
from planner.services import book_settings
from planner.services.book_settings import FX_PREFIX, MONTHS, BookSettings, SettingsChange
from planner.services.books import Book
from ui.health.common import error_label, show_error
from ui.undo import EditHistory
from ui.widgets.common import plain_label

Index = QModelIndex | QPersistentModelIndex
RATE_COLUMNS = ("Currency", "Rate", "Means")


def _tidy(text: str) -> str:
    """A number as the settings write it (``1.080`` is ``1.08``); other text as typed."""
    value = book_settings.parse_rate(text)
    return book_settings.rate_text(value) if value is not None and value > 0 else text


class RatesModel(QAbstractTableModel):
    """Rows of (currency, rate text), editable; the third column says what the rate means."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = [list(r) for r in rows]
        self.base = "USD"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(RATE_COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return RATE_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        currency, rate = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return currency
            if index.column() == 1:
                return rate
            return self.meaning(currency, rate)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() < 2:
            return f"How many {self.base} one unit of the currency is worth, like 1.08"
        return None

    def meaning(self, currency: str, rate: str) -> str:
        value = book_settings.parse_rate(rate)
        if not currency or value is None or value <= 0:
            return ""
        return fmt.exchange_rate(currency.strip().upper(), value, self.base)

    def setData(self, index: Index, value: Any, role: int = 0) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() > 1:
            return False
        text = str(value).strip()
        self.rows[index.row()][index.column()] = text.upper() if index.column() == 0 else text
        self.dataChanged.emit(index, self.index(index.row(), 2))
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() < 2 else base

    def add(self, currency: str = "", rate: str = "") -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append([currency, rate])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def set_base(self, base: str) -> None:
        if base == self.base:
            return
        self.base = base
        if self.rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.rows) - 1, 2))

    def rates(self) -> dict[str, str]:
        """Currency -> rate text of the rows with a currency (the last row of one wins)."""
        return {c: r for c, r in self.rows if c}


class BookSettingsDialog(QDialog):
    """Change the book's settings; ``result_change`` holds what OK wrote."""

    def __init__(self, book: Book, history: EditHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Book Settings")
        self.book = book
        self.history = history
        self.current: BookSettings = book_settings.get(book)
        self.result_change: SettingsChange | None = None
        self.errors: dict[str, QLabel] = {}
        s = self.current

        self.name = QLineEdit(s.name if s.named else "")
        self.name.setPlaceholderText(f"{s.file_name} (the file's name)")
        self.name.setMaxLength(book_settings.MAX_NAME)
        self.base = QComboBox()
        self.base.setEditable(True)
        self.base.addItems(list(dict.fromkeys([s.base_currency, *COMMON_CURRENCIES])))
        self.base.setCurrentText(s.base_currency)
        self.base.setToolTip("Totals and metrics are given in this currency")
        self.margin = QLineEdit(book_settings.rate_text(s.gross_margin))
        self.margin.setToolTip("Used for customer lifetime value; above 0 and at most 100")
        self.margin.setMaximumWidth(90)
        self.fiscal = QComboBox()
        self.fiscal.addItems(list(MONTHS))
        self.fiscal.setCurrentIndex(s.fiscal_year_start - 1)
        self.fiscal.setToolTip("Year to date and Last year on the Metrics page follow it")

        book_box = QGroupBox("Book")
        form = QFormLayout(book_box)
        for key, label, widget in (
            ("name", "Name:", self.name),
            ("base_currency", "Base currency:", self.base),
            ("gross_margin", "Gross margin (%):", self.margin),
            ("fiscal_year_start", "Fiscal year starts in:", self.fiscal),
        ):
            self.errors[key] = error_label()
            line = QHBoxLayout()
            line.addWidget(widget)
            line.addWidget(self.errors[key], 1)
            form.addRow(label, line)
        form.addRow(
            plain_label(
                "Totals and metrics are given in the base currency. The gross margin is used "
                "for customer lifetime value. The fiscal year sets Year to date and Last year "
                "on the Metrics page.",
                "muted",
                wrap=True,
            )
        )

        rates_box = QGroupBox("Exchange rates")
        self.rates = RatesModel([(c, book_settings.rate_text(r)) for c, r in s.fx_rates], self)
        self.rates.set_base(s.base_currency)
        self.rates_view = QTableView()
        self.rates_view.setModel(self.rates)
        self.rates_view.verticalHeader().hide()
        self.rates_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rates_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.rates_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 110)
        header.setStretchLastSection(True)
        self.rates_view.setMinimumHeight(120)
        self.add_rate = QPushButton("Add Rate")
        self.remove_rate = QPushButton("Remove")
        self.add_rate.clicked.connect(self.add_rate_row)
        self.remove_rate.clicked.connect(self.remove_selected_rate)
        self.rates_hint = plain_label("", "muted", wrap=True)
        self.errors["fx"] = error_label()
        rate_buttons = QHBoxLayout()
        rate_buttons.addWidget(self.add_rate)
        rate_buttons.addWidget(self.remove_rate)
        rate_buttons.addStretch(1)
        rates_layout = QVBoxLayout(rates_box)
        rates_layout.addWidget(self.rates_hint)
        rates_layout.addWidget(self.rates_view, 1)
        rates_layout.addLayout(rate_buttons)
        rates_layout.addWidget(self.errors["fx"])

        limits_box = QGroupBox("Staleness and Needs Attention")
        grid = QGridLayout(limits_box)
        self.limits: dict[str, QSpinBox] = {}
        for row, f in enumerate(fields(s.thresholds)):
            low, high = at.LIMITS[f.name]
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setValue(getattr(s.thresholds, f.name))
            spin.setAccessibleName(at.LABELS[f.name])
            key = at.SETTING_PREFIX + f.name
            self.limits[key] = spin
            grid.addWidget(plain_label(at.LABELS[f.name] + ":"), row // 2, (row % 2) * 2)
            grid.addWidget(spin, row // 2, (row % 2) * 2 + 1)
            spin.valueChanged.connect(self._validate)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.summary = plain_label("", wrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(book_box, 1)
        top.addWidget(rates_box, 1)
        layout.addLayout(top, 1)
        layout.addWidget(limits_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self.name.textChanged.connect(self._validate)
        self.base.currentTextChanged.connect(self._validate)
        self.margin.textChanged.connect(self._validate)
        self.fiscal.currentIndexChanged.connect(self._validate)
        self.rates.dataChanged.connect(self._validate)
        self.rates.rowsInserted.connect(self._validate)
        self.rates.rowsRemoved.connect(self._validate)
        self.missing = book_settings.account_currencies(book)
        self.resize(860, 520)
        self._validate()

    # ----------------------------------------------------------------- values
    def changes(self) -> dict[str, str]:
        """What the form changes, as ``KEY -> text`` (only the keys whose text differs)."""
        now = self.current.values()
        wanted: dict[str, str] = {
            "name": " ".join(self.name.text().split()),
            "base_currency": self.base.currentText().strip().upper(),
            "gross_margin": _tidy(self.margin.text().strip()),
            "fiscal_year_start": str(self.fiscal.currentIndex() + 1),
            **{k: str(spin.value()) for k, spin in self.limits.items()},
        }
        if not self.current.named and not wanted["name"]:
            wanted["name"] = now["name"]
        rates = self.rates.rates()
        for key in now:
            if key.startswith(FX_PREFIX) and key.removeprefix(FX_PREFIX) not in rates:
                wanted[key] = ""
        wanted.update({FX_PREFIX + c: _tidy(r) for c, r in rates.items()})
        return {k: v for k, v in wanted.items() if now.get(k, "") != v}

    def add_rate_row(self) -> None:
        row = self.rates.add()
        index = self.rates.index(row, 0)
        self.rates_view.setCurrentIndex(index)
        self.rates_view.edit(index)

    def remove_selected_rate(self) -> None:
        index = self.rates_view.currentIndex()
        if index.isValid():
            self.rates.remove(index.row())

    def _validate(self, *_: object) -> str:
        """Check the form; show the problem next to its field. Returns the problem, if any."""
        for label in self.errors.values():
            show_error(label, "")
        base = self.base.currentText().strip().upper() or self.current.base_currency
        self.rates.set_base(base)
        changes = self.changes()
        found = self._table_problem()
        if found is None:
            try:
                book_settings.apply(self.current, changes)
            except errors.ValidationError as exc:
                found = exc
        problem = str(found) if found is not None else ""
        if found is not None:
            key = "fx" if found.field.startswith(FX_PREFIX) else found.field
            show_error(self.errors.get(key, self.errors["fx"]), problem)
        missing = [c for c in self.missing if c != base and c not in self.rates.rates()]
        hint = (
            f"How many {base} one unit of each currency is worth (EUR 1.08: one euro is "
            f"1.08 {base})."
        )
        if missing:
            hint += (
                f" Accounts in {', '.join(missing)} have no rate yet: totals and metrics "
                "cannot count them until they do."
            )
        self.rates_hint.setText(hint)
        if self.book.read_only:
            self.summary.setText(
                "This book is open read-only: its settings can be read, not changed."
            )
        elif problem:
            self.summary.setText("Correct the field marked in red to save.")
        elif not changes:
            self.summary.setText("No changes yet.")
        else:
            self.summary.setText(
                f"OK saves {fmt.plural(len(changes), 'change')}; undo with Ctrl+Z."
            )
        self.ok_button.setEnabled(not problem and bool(changes) and not self.book.read_only)
        return problem

    def _table_problem(self) -> errors.ValidationError | None:
        """A row of the rates table with a currency and no rate, or the other way round."""
        for currency, rate in self.rates.rows:
            if currency and not rate.strip():
                return errors.ValidationError(
                    FX_PREFIX + currency, f"Give the rate for {currency}, or remove its row."
                )
            if not currency and rate.strip():
                return errors.ValidationError("fx", "Give each rate its currency, like EUR.")
        return None

    # ----------------------------------------------------------------- saving
    def save(self) -> bool:
        """Write the changes through the undo history; keep the dialog open on errors."""
        if self._validate():
            return False
        changes, book = self.changes(), self.book
        if not changes:
            self.accept()
            return True
        try:
            change = self.history.run(
                "Change book settings",
                lambda: book_settings.update(book, changes),
                lambda done: book_settings.restore(book, done.before),
                lambda done: book_settings.restore(book, done.after),
            )
        except errors.ValidationError as exc:
            key = "fx" if exc.field.startswith(FX_PREFIX) else exc.field
            show_error(self.errors.get(key, self.errors["fx"]), str(exc))
            return False
        except errors.PlannerError as exc:
            self.summary.setText(str(exc))
            return False
        self.result_change = change
        self.accept()
        return True


def open_book_settings(
    book: Book, history: EditHistory, parent: QWidget | None = None
) -> BookSettingsDialog:
    """Open the dialog window-modal (Book > Settings...)."""
    dialog = BookSettingsDialog(book, history, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
