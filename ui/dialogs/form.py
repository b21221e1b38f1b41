"""A form dialog declared as fields, that shows each validation message next to its field.

The form does no business validation of its own: it turns what was typed into values (text,
numbers, dates, choices), calls ``save(values)`` (a service call recorded in the undo history),
and when the service raises ``ValidationError(field, message)`` the message appears under that
field and the field gets the focus. Only input the service cannot even receive (a number that
is not a number, an amount with too many decimals) is checked here, with the same kind of
message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import formatting as fmt
from planner.domain.errors import PlannerError, ValidationError
from ui.widgets.common import DateField, plain_label, repolish

Kind = Literal[
    "text", "multiline", "choice", "date", "int", "spin", "float", "money", "bool", "ref", "checks"
]


@dataclass(frozen=True)
class Field:
    key: str
    """The service's field name (the ``field`` of its ValidationError)."""
    label: str
    kind: Kind = "text"
    options: Sequence[tuple[Any, str]] = ()
    """(value, label) pairs for choice / ref / checks."""
    optional: bool = True
    placeholder: str = ""
    help: str = ""
    minimum: int = 0
    maximum: int = 100
    currency: str = "USD"
    aliases: tuple[str, ...] = ()
    """Other field names the service may report for this input."""
    currency_field: str = ""
    """For an amount: the field holding its currency code (else ``currency`` is used)."""


def enum_options(enum_cls: type[Enum]) -> list[tuple[Any, str]]:
    return [(m, str(getattr(m, "label", m.value))) for m in enum_cls]


SENTIMENT_OPTIONS: list[tuple[Any, str]] = [
    (2, "Very positive (+2)"),
    (1, "Positive (+1)"),
    (0, "Neutral (0)"),
    (-1, "Negative (-1)"),
    (-2, "Very negative (-2)"),
]


CHECK_ROWS = 10
"""Rows of a check list (the attendees of a meeting) shown before it scrolls."""


def _label_drop(field: QWidget, label: QLabel) -> int:
    """How far to lower a field's label so its text lines up with the field's first line."""
    if isinstance(field, QPlainTextEdit | QListView):
        return 5
    return max((field.sizeHint().height() - label.sizeHint().height()) // 2, 0)


class CheckListModel(QAbstractListModel):
    """A checkable list of (id, label) pairs, e.g. the attendees of a meeting."""

    def __init__(
        self, items: Sequence[tuple[str, str]], checked: Sequence[str] = (), parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._items = list(items)
        self._checked = set(checked)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        key, label = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if key in self._checked else Qt.CheckState.Unchecked
        return None

    def setData(  # noqa: N802
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 0
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        key = self._items[index.row()][0]
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def checked(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self._items if k in self._checked)


class _Input:
    """One field's widget, how to read it, and where its error goes."""

    def __init__(self, spec: Field, value: Any, currency: str = "") -> None:
        self.spec = spec
        self.currency = currency or spec.currency
        """The currency an amount is shown in when the dialog opens."""
        self.error = plain_label("", "error", wrap=True)
        self.error.hide()
        self.widget: QWidget = self._build(value)

    def _build(self, value: Any) -> QWidget:
        s = self.spec
        if s.kind == "multiline":
            edit = QPlainTextEdit()
            edit.setPlainText(value or "")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(72)
            edit.setMaximumHeight(120)
            edit.setPlaceholderText(s.placeholder)
            return edit
        if s.kind in {"choice", "ref"}:
            combo = QComboBox()
            options = list(s.options)
            if s.optional and s.kind == "ref":
                options = [(None, "(none)"), *options]
            for opt_value, label in options:
                combo.addItem(label, opt_value)
            found = next((i for i, (v, _) in enumerate(options) if v == value), 0)
            combo.setCurrentIndex(found)
            self._options = options
            return combo
        if s.kind == "date":
            field = DateField(optional=s.optional)
            field.set_value(value if isinstance(value, date) else None)
            return field
        if s.kind == "spin":
            spin = QSpinBox()
            spin.setRange(s.minimum, s.maximum)
            spin.setValue(int(value if value is not None else s.minimum))
            return spin
        if s.kind == "bool":
            check = QCheckBox(s.placeholder)
            check.setChecked(bool(value))
            return check
        if s.kind == "checks":
            view = QListView()
            self.checks = CheckListModel(list(s.options), list(value or ()), view)
            view.setModel(self.checks)
            view.setUniformItemSizes(True)
            shown = min(max(len(s.options), 3), CHECK_ROWS)
            view.ensurePolished()  # the style sheet's item padding counts in the row height
            height = view.sizeHintForRow(0) if s.options else 0
            height = height if height > 0 else view.fontMetrics().height() + 8
            view.setFixedHeight(shown * height + 2 * view.frameWidth() + 4)
            if not s.options:
                view.setToolTip("Add stakeholders to this account to pick them here.")
            return view
        line = QLineEdit()
        line.setPlaceholderText(s.placeholder)
        if s.kind == "money":
            # As a table shows it ($583,100); read back by the same formatter's parser.
            line.setText(fmt.money(value, self.currency) if isinstance(value, int) else "")
            if not s.placeholder:
                line.setPlaceholderText(fmt.money(123_450_000, self.currency))
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(line, 1)
            if not s.currency_field:
                row.addWidget(plain_label(s.currency, "muted"))
            self._line = line
            holder.setFocusProxy(line)
            return holder
        if s.kind in {"int", "float"}:
            line.setText(
                "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            )
        else:
            line.setText("" if value is None else str(value))
        return line

    def read(self, currency: str = "") -> Any:  # noqa: PLR0912 - one branch per field kind, mirroring the widget it built
        """The value to send to the service; raises ValidationError for unreadable input."""
        s, w = self.spec, self.widget
        currency = currency or s.currency
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return self._options[w.currentIndex()][0] if w.currentIndex() >= 0 else None
        if isinstance(w, DateField):
            if not w.raw():
                return None
            day = w.value()
            if day is None:
                raise ValidationError(
                    s.key,
                    f"{s.label}: {w.problem()}. Type it like {fmt.DAY_FORMS}, or pick it from "
                    "the calendar.",
                )
            return day
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if s.kind == "checks":
            return self.checks.checked()
        if s.kind == "money":
            text = self._line.text().strip()
            if not text:
                if s.optional:
                    return None
                raise ValidationError(s.key, f"{s.label} is required.")
            try:
                return fmt.parse_money(text, currency)
            except ValueError as exc:
                raise ValidationError(s.key, f"{s.label}: {exc}.") from exc
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        if s.kind == "int":
            if not text:
                return None
            try:
                return int(text.replace(",", "").replace(" ", ""))
            except ValueError as exc:
                raise ValidationError(
                    s.key, f"{s.label} must be a whole number, like 250."
                ) from exc
        if s.kind == "float":
            if not text:
                return None
            try:
                return float(text.replace(",", ""))
            except ValueError as exc:
                raise ValidationError(
                    s.key, f"{s.label} must be a number, like 20 or 12.5."
                ) from exc
        return w.text()

    def focus_target(self) -> QWidget:
        return self._line if self.spec.kind == "money" else self.widget

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        target = self.focus_target()
        target.setProperty("invalid", "true")
        repolish(target)

    def clear_error(self) -> None:
        self.error.hide()
        target = self.focus_target()
        if target.property("invalid") == "true":
            target.setProperty("invalid", "false")
            repolish(target)

    def set_read_only(self) -> None:
        w = self.focus_target()
        if isinstance(w, QLineEdit | QPlainTextEdit):
            w.setReadOnly(True)
        else:
            w.setEnabled(False)


class FormDialog(QDialog):
    """Edit a record; ``save(values)`` runs when the user clicks Save and returns the result.

    ``values`` has one entry per field, typed (dates as dates, amounts as minor units, choices
    as their values). ``changed()`` lists the fields the user actually changed.
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        values: Mapping[str, Any],
        save: Callable[[dict[str, Any]], Any],
        *,
        parent: QWidget | None = None,
        read_only: bool = False,
        intro: str = "",
        save_text: str = "Save",
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self._save = save
        self.result_value: Any = None
        self.initial = {f.key: values.get(f.key) for f in fields}
        self.inputs: dict[str, _Input] = {
            f.key: _Input(f, values.get(f.key), str(values.get(f.currency_field) or ""))
            for f in fields
        }
        for item in self.inputs.values():
            if isinstance(item.widget, DateField) and today is not None:
                item.widget.set_today(today)  # the calendar opens on the book's today

        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)
        if intro:
            outer.addWidget(plain_label(intro, "muted", wrap=True))
        self.banner = QFrame()
        self.banner.setObjectName("ErrorBanner")
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        self.banner_text = plain_label("", wrap=True)
        banner_layout.addWidget(self.banner_text)
        self.banner.hide()
        outer.addWidget(self.banner)

        body = QWidget()
        stack = QVBoxLayout(body)
        stack.setContentsMargins(0, 0, 6, 0)
        form = QFormLayout()
        # The form keeps its natural height (spare room goes below it), so no row is spread
        # out and a label stays level with the top of its field.
        stack.addLayout(form)
        stack.addStretch(1)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        for spec in fields:
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            inp = self.inputs[spec.key]
            column.addWidget(inp.widget)
            if spec.help:
                column.addWidget(plain_label(spec.help, "muted", wrap=True))
                inp.widget.setToolTip(spec.help)
                inp.focus_target().setToolTip(spec.help)
            column.addWidget(inp.error)
            label = QLabel(spec.label + ("" if spec.optional or spec.kind == "bool" else " *"))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(inp.focus_target())
            label.setContentsMargins(0, _label_drop(inp.widget, label), 0, 0)
            form.addRow(label, cell)
            if read_only:
                inp.set_read_only()
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)

        if read_only:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            outer.addWidget(
                plain_label("This book is open read-only, so this cannot be changed.", "muted")
            )
        else:
            buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
            self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
            self.save_button.setText(save_text)
            self.save_button.setProperty("primary", "true")
            self.save_button.setDefault(True)
            buttons.accepted.connect(self.try_save)
            buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.focus_target().setFocus()
        chrome = outer.contentsMargins().top() + outer.contentsMargins().bottom() + 90
        natural = body.sizeHint().height() + chrome + (40 if intro else 0)
        self.resize(600, min(max(natural, 240), 760))

    # ----------------------------------------------------------------- for callers and tests
    def widget(self, key: str) -> QWidget:
        """The input widget of a field (the line edit of an amount)."""
        return self.inputs[key].focus_target()

    def error_text(self, key: str) -> str:
        inp = self.inputs[key]
        return inp.error.text() if not inp.error.isHidden() else ""

    def values(self) -> dict[str, Any]:
        plain = {k: i.read() for k, i in self.inputs.items() if not i.spec.currency_field}
        for key, inp in self.inputs.items():
            if inp.spec.currency_field:
                code = plain.get(inp.spec.currency_field)
                plain[key] = inp.read(str(code).strip().upper() if code else "")
        return {key: plain[key] for key in self.inputs}

    def changed(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if v != self.initial.get(k)}

    def try_save(self) -> bool:
        for inp in self.inputs.values():
            inp.clear_error()
        self.banner.hide()
        try:
            values = self.values()
            self.result_value = self._save(values)
        except ValidationError as exc:
            self._show(exc)
            return False
        except PlannerError as exc:
            self.banner_text.setText(str(exc))
            self.banner.show()
            return False
        self.accept()
        return True

    def _show(self, exc: ValidationError) -> None:
        target = self.inputs.get(exc.field) or next(
            (i for i in self.inputs.values() if exc.field in i.spec.aliases), None
        )
        if target is None:
            self.banner_text.setText(exc.message)
            self.banner.show()
            return
        target.show_error(exc.message)
        target.focus_target().setFocus()
