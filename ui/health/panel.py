"""The account health panel (the workspace's Health tab): the score, why it is what it is,
what moved, what-if, overrides, recording snapshots and the CSM's own sentiment.

    panel = AccountHealthPanel(ctx)
    panel.set_account(account)

It is a :class:`~ui.pages.workspace.WorkspaceTab` like every other tab: it watches the tables
an account's health is computed from and reloads when one of them changes; editing buttons are
off while the book is read-only, and a refused write is said in the tab's message line. Every
write goes through the :class:`~ui.undo.EditHistory`, so Edit > Undo reverses it.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain import health as h
from planner.domain.enums import LifecycleStage
from planner.services import accounts, changes, health
from planner.services.accounts import Account
from planner.services.changes import DeletedRows
from ui.charts.widgets import FactorContributionsChart, HealthTrendChart
from ui.context import BookContext
from ui.health.common import (
    band_colour,
    error_label,
    fit_rows,
    is_dark,
    show_error,
    table_view,
)
from ui.health.models import FactorTableModel, MovesTableModel
from ui.health.settings_dialog import HealthSettingsDialog
from ui.pages import tables
from ui.pages.workspace import WorkspaceTab
from ui.widgets.common import date_edit, plain_label
from ui.widgets.fit import FlowGrid

SENTIMENT_CHOICES = (
    (None, "Not set"),
    (-2, "-2  Very negative"),
    (-1, "-1  Negative"),
    (0, "0  Neutral"),
    (1, "+1  Positive"),
    (2, "+2  Very positive"),
)


# --------------------------------------------------------------------------- override dialog


def _uncheck_when(other: QCheckBox, on: bool) -> None:
    """A champion who left cannot be positive, and the other way round."""
    if on:
        other.setChecked(False)


class OverrideDialog(QDialog):
    """Set the score by hand. The reason is required; errors show next to their field."""

    def __init__(self, parent: QWidget | None, account_name: str, computed: float) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override Health Score")
        self.score = QDoubleSpinBox()
        self.score.setRange(0, 100)
        self.score.setDecimals(1)
        self.score.setValue(round(computed, 1))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("For example: renewal confirmed verbally by the sponsor")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.score_error = error_label()
        self.reason_error = error_label()
        form = QFormLayout()
        intro = plain_label(
            f"Set today's health of {account_name} by hand. The computed score is "
            f"{computed:.1f}; it stays on record next to yours, with your reason.",
            wrap=True,
        )
        form.addRow(intro)
        form.addRow("Score (0-100):", self.score)
        form.addRow("", self.score_error)
        form.addRow("Reason:", self.reason)
        form.addRow("", self.reason_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Override")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def show_field_error(self, field: str, message: str) -> None:
        show_error(self.score_error, message if field == "override_score" else "")
        show_error(self.reason_error, message if field != "override_score" else "")


# --------------------------------------------------------------------------- the panel


COLUMN_WIDTH = 480
"""The least width (pixels) of each of the panel's two columns before they stack."""


class AccountHealthPanel(WorkspaceTab):
    """Everything about one account's health (the account comes with :meth:`set_account`).

    ``edited(str)`` is emitted after a write made here, with its undo text.
    """

    watches = tables.HEALTH_INPUTS

    edited = Signal(str)

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.book = ctx.book
        self.history = ctx.history
        self.today = ctx.today
        self.account_name = ""
        self.explanation: health.HealthExplanation | None = None
        self.latest: health.HealthSnapshot | None = None
        self.churned = False
        self.inputs: h.HealthInputs | None = None
        self.model: h.HealthModelSettings = h.HealthModelSettings()
        self._initial: dict[str, object] = {}
        self.what_if_score: float | None = None
        self._build()
        for widget in (
            self.record_button,
            self.override_button,
            self.clear_override_button,
            self.sentiment_save,
        ):
            self.editing(widget)
        self.edited.connect(lambda text: ctx.nav.status.emit(f"{text}: saved"))

    @property
    def account_id(self) -> str | None:
        return self.account.id if self.account is not None else None

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        self.score_label = plain_label("", "title")
        font = self.score_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.score_label.setFont(font)
        self.band_label = plain_label("")
        band_font = self.band_label.font()
        band_font.setBold(True)
        band_font.setPointSizeF(band_font.pointSizeF() * 1.2)
        self.band_label.setFont(band_font)
        self.status_label = plain_label("", "muted", wrap=True)
        self.override_label = plain_label("", wrap=True)
        self.live_label = plain_label("", wrap=True)
        self.record_button = QPushButton("Record Snapshot")
        self.record_button.setToolTip("Save today's score, with every factor, to the history")
        self.override_button = QPushButton("Override…")
        self.override_button.setToolTip("Set today's score by hand, with a reason")
        self.clear_override_button = QPushButton("Clear Override")
        self.settings_button = QPushButton("Health Model…")
        self.settings_button.setToolTip("Weights of the factors and the red/yellow/green bands")
        self.record_button.clicked.connect(self.record_snapshot)
        self.override_button.clicked.connect(self.open_override)
        self.clear_override_button.clicked.connect(self.clear_override)
        self.settings_button.clicked.connect(self.open_settings)

        head_text = QVBoxLayout()
        head_text.setSpacing(2)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score_label)
        score_row.addWidget(self.band_label, 0, Qt.AlignmentFlag.AlignBottom)
        score_row.addStretch(1)
        head_text.addLayout(score_row)
        head_text.addWidget(self.status_label)
        head_text.addWidget(self.override_label)
        head_text.addWidget(self.live_label)
        buttons = QVBoxLayout()
        for button in (
            self.record_button,
            self.override_button,
            self.clear_override_button,
            self.settings_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        head = QHBoxLayout()
        head.addLayout(head_text, 1)
        head.addLayout(buttons)

        self.factors = FactorTableModel(self)
        self.factor_view = table_view()
        self.factor_view.setModel(self.factors)
        header = self.factor_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.factor_note = plain_label("", "muted", wrap=True)
        self.moves = MovesTableModel(self)
        self.moves_view = table_view()
        self.moves_view.setModel(self.moves)
        self.moves_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.moves_title = plain_label("What moved since the last snapshot", "heading")
        self.moves_summary = plain_label("", wrap=True)

        fit_rows(self.factor_view, len(h.FACTORS))
        fit_rows(self.moves_view, len(h.FACTORS))
        left = QWidget()
        why = QVBoxLayout(left)
        why.setContentsMargins(0, 0, 0, 0)
        why.addWidget(plain_label("Why this score", "heading"))
        why.addWidget(self.factor_view)
        why.addWidget(self.factor_note)
        why.addWidget(self.moves_title)
        why.addWidget(self.moves_summary)
        why.addWidget(self.moves_view)
        why.addWidget(self._build_what_if())
        why.addStretch(1)

        self.trend_chart = HealthTrendChart(self.book, None, self)
        self.factor_chart = FactorContributionsChart(self.book, None, self)
        for chart in (self.trend_chart, self.factor_chart):
            chart.setMinimumHeight(300)
        self.waterfall_box = QCheckBox("Show what moved since the last snapshot")
        self.waterfall_box.toggled.connect(self.factor_chart.set_waterfall)
        right = QWidget()
        charts_column = QVBoxLayout(right)
        charts_column.setContentsMargins(0, 0, 0, 0)
        charts_column.addWidget(self.trend_chart, 1)
        charts_column.addWidget(self.waterfall_box)
        charts_column.addWidget(self.factor_chart, 1)
        charts_column.addWidget(self._build_sentiment())

        # The explanation and the charts side by side in a wide window, one above the other
        # in a narrow one.
        self.columns = FlowGrid(COLUMN_WIDTH, max_columns=2)
        self.columns.add(left)
        self.columns.add(right)

        layout = self.page_layout()
        layout.addLayout(head)
        layout.addWidget(self.message_line())
        layout.addWidget(self.columns, 1)

    def _build_what_if(self) -> QGroupBox:
        box = QGroupBox("What if…")
        self.what_if_controls: dict[str, QWidget] = {}
        self.adoption = self._spin(0, 100, " %")
        self.days = self._spin(0, 3650, " days")
        self.touchpoints = self._spin(0, 1000)
        self.escalations = self._spin(0, 1000)
        self.nps = self._double(0, 10)
        self.csat = self._double(1, 5)
        self.contacts = self._spin(0, 1000)
        self.sponsor = QCheckBox(h.WHAT_IF_FIELDS["sponsor_positive"])
        self.champion = QCheckBox(h.WHAT_IF_FIELDS["champion_positive"])
        self.champion_left = QCheckBox(h.WHAT_IF_FIELDS["champion_left"])
        self.csm_what_if = QComboBox()
        for value, label in SENTIMENT_CHOICES:
            self.csm_what_if.addItem(label, value)
        controls: dict[str, QWidget] = {
            "adoption_pct": self.adoption,
            "days_since_interaction": self.days,
            "touchpoints_90d": self.touchpoints,
            "escalations_90d": self.escalations,
            "nps_average": self.nps,
            "csat_average": self.csat,
            "positive_contacts": self.contacts,
            "sponsor_positive": self.sponsor,
            "champion_positive": self.champion,
            "champion_left": self.champion_left,
            "csm_sentiment": self.csm_what_if,
        }
        self.what_if_controls = controls
        grid = QGridLayout()
        numeric = [
            "adoption_pct",
            "days_since_interaction",
            "touchpoints_90d",
            "escalations_90d",
            "nps_average",
            "csat_average",
            "positive_contacts",
            "csm_sentiment",
        ]
        for i, key in enumerate(numeric):
            row, col = divmod(i, 2)
            grid.addWidget(plain_label(h.WHAT_IF_FIELDS[key] + ":"), row, col * 2)
            grid.addWidget(controls[key], row, col * 2 + 1)
        flags = QHBoxLayout()
        for key in ("sponsor_positive", "champion_positive", "champion_left"):
            flags.addWidget(controls[key])
        flags.addStretch(1)
        for widget in controls.values():
            if isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.valueChanged.connect(self._update_what_if)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._update_what_if)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._update_what_if)
        self.champion.toggled.connect(partial(_uncheck_when, self.champion_left))
        self.champion_left.toggled.connect(partial(_uncheck_when, self.champion))
        self.what_if_result = plain_label("", wrap=True)
        result_font = self.what_if_result.font()
        result_font.setBold(True)
        self.what_if_result.setFont(result_font)
        self.what_if_detail = plain_label("", "muted", wrap=True)
        self.what_if_error = error_label()
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Put every input back to the account's real values")
        self.reset_button.clicked.connect(self.reset_what_if)
        bottom = QHBoxLayout()
        bottom.addWidget(self.what_if_result, 1)
        bottom.addWidget(self.reset_button)
        layout = QVBoxLayout(box)
        layout.addWidget(
            plain_label(
                "Change an input to see how the score would move. Nothing is saved.",
                "muted",
                wrap=True,
            )
        )
        layout.addLayout(grid)
        layout.addLayout(flags)
        layout.addLayout(bottom)
        layout.addWidget(self.what_if_detail)
        layout.addWidget(self.what_if_error)
        return box

    @staticmethod
    def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(True)
        spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        return spin

    @staticmethod
    def _double(low: float, high: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        return spin

    def _build_sentiment(self) -> QGroupBox:
        box = QGroupBox("CSM sentiment")
        self.sentiment_value = QComboBox()
        for value, label in SENTIMENT_CHOICES:
            self.sentiment_value.addItem(label, value)
        self.sentiment_note = QLineEdit()
        self.sentiment_note.setPlaceholderText("What is your read based on?")
        self.sentiment_note.setMaxLength(2000)
        self.sentiment_date = date_edit()
        self.sentiment_error = error_label()
        self.sentiment_status = plain_label("", "muted", wrap=True)
        self.sentiment_save = QPushButton("Save Sentiment")
        self.sentiment_save.clicked.connect(self.save_sentiment)
        form = QFormLayout()
        form.addRow(
            plain_label(
                "Your own read of the account. It is one of the health factors.", "muted", wrap=True
            )
        )
        form.addRow("Sentiment:", self.sentiment_value)
        form.addRow("Note:", self.sentiment_note)
        form.addRow("Date:", self.sentiment_date)
        form.addRow("", self.sentiment_error)
        form.addRow(self.sentiment_status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.sentiment_save)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addStretch(1)
        return box

    # ----------------------------------------------------------------- account
    def set_account(self, account: Account) -> None:
        if account.id != self.account_id:
            self.waterfall_box.setChecked(False)
        super().set_account(account)

    # ----------------------------------------------------------------- reading
    def refresh(self) -> None:
        """Read the account's health again and show it (what-if inputs are reset)."""
        aid = self.account_id
        if aid is None:
            return
        day = self.today()
        try:
            account = accounts.get_account(self.book, aid)
            self.explanation = health.explain_health(self.book, aid, today=day)
            self.latest = health.latest_snapshot(self.book, aid)
            self.inputs = health.gather_inputs(self.book, aid, day)
            self.model = health.current_model(self.book)
            sentiment = health.get_csm_sentiment(self.book, aid)
        except errors.PlannerError as exc:
            self.say(str(exc))
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.say("")
        self.account_name = account.name
        self.churned = account.lifecycle_stage is LifecycleStage.CHURNED
        self._show_summary()
        self._show_explanation()
        self._show_sentiment(sentiment)
        self.reset_what_if()
        self.trend_chart.set_account(aid)
        self.factor_chart.set_account(aid)

    def _show_summary(self) -> None:
        ex = self.explanation
        assert ex is not None
        dark = is_dark(self)
        latest = self.latest
        if self.churned:
            # A customer who has left has no health: no score, no band (h.health_text).
            self._band(None, dark=dark)
            self.score_label.setText(h.CHURNED_TEXT)
            self.band_label.setText("")
            last = (
                f" Its last snapshot, recorded {fmt.day(latest.taken_on)}, scored "
                f"{latest.score:.1f}."
                if latest is not None
                else ""
            )
            self.status_label.setText(
                f"This account has churned, so it has no health band.{last} The factors below "
                "are what today's data would give, for reference."
            )
            self.override_label.hide()
            self.live_label.hide()
            self.clear_override_button.setEnabled(False)
            return
        if latest is None:
            self.score_label.setText(f"{ex.result.score:.1f}")
            self._band(ex.result.band, dark=dark)
            self.status_label.setText(
                "Not recorded yet: this is the score computed from today's data. Record a "
                "snapshot to start the history."
            )
            self.override_label.hide()
            self.live_label.hide()
        else:
            self.score_label.setText(f"{latest.score:.1f}")
            self._band(latest.band, dark=dark)
            self.status_label.setText(
                f"Recorded {fmt.day(latest.taken_on)} with health model v{latest.model_version}."
            )
            if latest.overridden:
                self.override_label.setText(
                    f"Overridden by hand (computed {latest.computed_score:.1f}): "
                    f"{latest.override_reason}"
                )
                self.override_label.show()
            else:
                self.override_label.hide()
            change = ex.result.score - latest.computed_score
            trend = (
                "the same as the last snapshot"
                if abs(change) < 0.05
                else f"{abs(change):.1f} points {'above' if change > 0 else 'below'} the last "
                "snapshot"
            )
            self.live_label.setText(
                f"From today's data: {ex.result.score:.1f} ({ex.result.band.label}), {trend}. "
                "Not saved until you record a snapshot."
            )
            self.live_label.show()
        overridden_today = (
            latest is not None and latest.overridden and (latest.taken_on == self.today())
        )
        self.set_enabled_for_edit(self.clear_override_button, overridden_today)

    def _band(self, band: Any, *, dark: bool) -> None:
        self.band_label.setText(band.label if band is not None else "")
        colour = band_colour(band, dark=dark)
        self.band_label.setStyleSheet(f"color: {colour};")
        self.score_label.setStyleSheet(f"color: {colour};")

    def _show_explanation(self) -> None:
        ex = self.explanation
        assert ex is not None
        self.factors.set_rows(ex.result.factors)
        missing = [f.label for f in ex.result.factors if f.score is None]
        note = (
            f"The points add up to the computed score, {ex.result.score:.1f}, with health "
            f"model v{ex.model.version}."
        )
        if missing:
            note += (
                f" No data for {', '.join(missing)}: "
                f"{'its weight is' if len(missing) == 1 else 'their weights are'} shared "
                "by the other factors."
            )
        self.factor_note.setText(note + " Hover a factor to see its rule.")
        previous = ex.previous
        if previous is None:
            self.moves_title.setText("What moved since the last snapshot")
            self.moves_summary.setText("No snapshot yet to compare with.")
            self._show_moves([])
            self.waterfall_box.setEnabled(False)
            return
        self.waterfall_box.setEnabled(True)
        self.moves_title.setText(f"What moved since the snapshot of {fmt.day(previous.taken_on)}")
        change = ex.change or 0.0
        moved = [mv for mv in ex.moves if abs(mv.points) >= 0.05]
        if not moved:
            self.moves_summary.setText(
                f"Nothing moved since the snapshot of {fmt.day(previous.taken_on)}: "
                f"the score is {ex.result.score:.1f}, as it was."
            )
        else:
            top = moved[0]
            self.moves_summary.setText(
                f"The score went from {previous.computed_score:.1f} to {ex.result.score:.1f} "
                f"({change:+.1f}). {top.label} moved it most ({top.points:+.1f} points)."
            )
        self._show_moves(moved)

    def _show_moves(self, moved: list[h.FactorMove]) -> None:
        """List only the factors that moved (none: no table, the summary says so)."""
        self.moves.set_rows(moved)
        self.moves_view.setVisible(bool(moved))
        fit_rows(self.moves_view, max(len(moved), 1))

    def _show_sentiment(self, sentiment: health.CsmSentiment) -> None:
        index = self.sentiment_value.findData(sentiment.value)
        self.sentiment_value.setCurrentIndex(max(index, 0))
        self.sentiment_note.setText(sentiment.note)
        day = sentiment.on or self.today()
        self.sentiment_date.setDate(QDate(day.year, day.month, day.day))
        show_error(self.sentiment_error, "")
        if sentiment.value is None:
            self.sentiment_status.setText("Not set yet.")
        else:
            on = fmt.day(sentiment.on, "an unknown date")
            self.sentiment_status.setText(f"Last set to {sentiment.value:+d} on {on}.")

    # ----------------------------------------------------------------- what-if
    def reset_what_if(self) -> None:
        """Put every what-if input back to the account's real values."""
        if self.inputs is None:
            return
        values = h.what_if_values(self.inputs)
        self._initial = values
        for key, widget in self.what_if_controls.items():
            with QSignalBlocker(widget):
                value = values[key]
                if isinstance(widget, QSpinBox | QDoubleSpinBox):
                    self._put_number(widget, key, value)
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value), 0))
        self._update_what_if()

    def _put_number(self, widget: QSpinBox | QDoubleSpinBox, key: str, value: object) -> None:
        """Show an input's real value; with no data yet, the lowest position reads "no data"."""
        low = 1 if key == "csat_average" else 0
        known = isinstance(value, int | float) and not isinstance(value, bool)
        widget.setSpecialValueText("" if known else self._none_text(key))
        if isinstance(widget, QSpinBox):
            widget.setMinimum(low if known else low - 1)
            widget.setValue(int(value) if isinstance(value, int | float) else widget.minimum())
        else:
            widget.setMinimum(low if known else low - 0.1)
            widget.setValue(float(value) if isinstance(value, int | float) else widget.minimum())

    @staticmethod
    def _none_text(key: str) -> str:
        return {
            "adoption_pct": "No use cases",
            "days_since_interaction": "Never",
            "nps_average": "No answers",
            "csat_average": "No answers",
        }.get(key, "No data")

    def what_if_changes(self) -> dict[str, object]:
        """The inputs the user changed from the account's real values."""
        found: dict[str, object] = {}
        for key, widget in self.what_if_controls.items():
            value: object
            if isinstance(widget, QSpinBox | QDoubleSpinBox):
                if widget.specialValueText() and widget.value() == widget.minimum():
                    continue
                value = widget.value()
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            else:  # pragma: no cover - every control is one of the above
                continue
            if value != self._initial.get(key):
                found[key] = value
        return found

    def _update_what_if(self) -> None:
        if self.inputs is None:
            return
        now = h.score_health(self.inputs, self.model)
        wanted = self.what_if_changes()
        try:
            changed = h.score_health(h.what_if(self.inputs, **wanted), self.model)
        except errors.ValidationError as exc:
            show_error(self.what_if_error, str(exc))
            return
        show_error(self.what_if_error, "")
        self.what_if_score = changed.score
        if not wanted:
            self.what_if_result.setText(f"Score today: {now.score:.1f} ({now.band.label}).")
            self.what_if_detail.setText("")
            self.reset_button.setEnabled(False)
            return
        self.reset_button.setEnabled(True)
        delta = changed.score - now.score
        self.what_if_result.setText(
            f"What-if score: {changed.score:.1f} ({changed.band.label}), {delta:+.1f} points "
            f"from {now.score:.1f}."
        )
        moves = [mv for mv in h.compare(now, changed) if abs(mv.points) >= 0.05]
        self.what_if_detail.setText(
            "; ".join(f"{mv.label} {mv.points:+.1f}" for mv in moves) or "No factor moved."
        )

    # ----------------------------------------------------------------- writes
    def _fail(self, exc: errors.PlannerError) -> None:
        self.say(str(exc))

    def record_snapshot(self) -> health.HealthSnapshot | None:
        """Save today's score to the history (undo removes it)."""
        if self.account_id is None:
            return None
        aid, day, book = self.account_id, self.today(), self.book
        text = f"Record Health of {self.account_name}"
        try:
            snap = self.history.create(
                text,
                lambda: health.record_snapshot(book, aid, as_of=day),
                delete=lambda dto: health.delete_snapshot(book, dto.id),
            )
        except errors.PlannerError as exc:
            self._fail(exc)
            return None
        self.edited.emit(text)
        return snap

    def open_settings(self) -> HealthSettingsDialog:
        """Open the health model dialog (weights and bands), modal to this panel."""
        dialog = HealthSettingsDialog(self.book, self.history, self)
        dialog.open()
        return dialog

    def open_override(self) -> OverrideDialog | None:
        """Open the override dialog (modal). Returns it (tests drive it directly)."""
        if self.explanation is None:
            return None
        dialog = OverrideDialog(self, self.account_name, self.explanation.result.score)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.clicked.connect(lambda: self._submit_override(dialog))
        dialog.open()
        return dialog

    def _submit_override(self, dialog: OverrideDialog) -> None:
        reason = dialog.reason.toPlainText()
        if self.apply_override(dialog.score.value(), reason, dialog=dialog):
            dialog.accept()

    def apply_override(
        self, score: float | None, reason: str = "", *, dialog: OverrideDialog | None = None
    ) -> bool:
        """Override today's score (None clears it), through the undo history."""
        if self.account_id is None:
            return False
        aid, day, book = self.account_id, self.today(), self.book
        state: dict[str, DeletedRows] = {}

        def do() -> health.OverrideResult:
            return health.override_health(book, aid, score, reason, as_of=day)

        def undo(result: health.OverrideResult) -> None:
            if result.created:
                state["deleted"] = health.delete_snapshot(book, result.snapshot.id)
            else:
                health.set_override(
                    book, result.snapshot.id, result.previous_score, result.previous_reason
                )

        def redo(result: health.OverrideResult) -> None:
            if result.created:
                changes.restore(book, state.pop("deleted"))
            else:
                health.set_override(book, result.snapshot.id, score, reason)

        text = (
            f"Override Health of {self.account_name}"
            if score is not None
            else f"Clear Health Override of {self.account_name}"
        )
        try:
            self.history.run(text, do, undo, redo)
        except errors.ValidationError as exc:
            if dialog is not None:
                dialog.show_field_error(exc.field, str(exc))
            else:
                self._fail(exc)
            return False
        except errors.PlannerError as exc:
            if dialog is not None:
                dialog.show_field_error("override_reason", str(exc))
            self._fail(exc)
            return False
        self.edited.emit(text)
        return True

    def clear_override(self) -> bool:
        return self.apply_override(None)

    def save_sentiment(self) -> bool:
        """Save the CSM sentiment fields (undo puts the previous read back)."""
        if self.account_id is None:
            return False
        aid, book = self.account_id, self.book
        qdate = self.sentiment_date.date()
        value = self.sentiment_value.currentData()
        new = (value, self.sentiment_note.text(), date(qdate.year(), qdate.month(), qdate.day()))
        try:
            old = health.get_csm_sentiment(book, aid)
            text = f"Set CSM Sentiment of {self.account_name}"
            self.history.run(
                text,
                lambda: health.set_csm_sentiment(book, aid, *new),
                lambda _r: health.set_csm_sentiment(book, aid, old.value, old.note, old.on),
            )
        except errors.ValidationError as exc:
            show_error(self.sentiment_error, str(exc))
            return False
        except errors.PlannerError as exc:
            self._fail(exc)
            return False
        self.edited.emit(text)
        return True
