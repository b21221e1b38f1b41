"""The selected stakeholder's sentiment history: each change, from what to what, and its note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from planner.domain import formatting as fmt
from planner.domain.errors import PlannerError
from planner.services import stakeholders
from planner.services.stakeholders import SentimentEntry, Stakeholder
from ui.context import BookContext
from ui.models.columns import sentiment_color, sentiment_text
from ui.models.table import Column, RowTableModel
from ui.widgets.common import DataTable, heading, plain_label
from ui.widgets.fit import fit_rows


@dataclass(frozen=True, slots=True)
class SentimentMove:
    """One reading of a person's sentiment, with the one before it (None: the first)."""

    id: str
    day: date
    before: int | None
    after: int
    note: str
    order: int


def moves(history: list[SentimentEntry]) -> list[SentimentMove]:
    """The history (oldest first) as moves from the reading before."""
    found = []
    before: int | None = None
    for n, entry in enumerate(history):
        found.append(
            SentimentMove(entry.id, entry.recorded_on, before, entry.sentiment, entry.note, n)
        )
        before = entry.sentiment
    return found


def _change(move: SentimentMove) -> str:
    if move.before is None:
        return f"First recorded: {sentiment_text(move.after)}"
    if move.before == move.after:
        return f"Unchanged: {sentiment_text(move.after)}"
    return f"{sentiment_text(move.before)} → {sentiment_text(move.after)}"


MOVE_COLUMNS: tuple[Column[SentimentMove], ...] = (
    Column("Date", lambda m: fmt.day(m.day), sort=lambda m: (m.day, m.order), width=12),
    Column(
        "Change",
        _change,
        sort=lambda m: (m.day, m.order),
        foreground=lambda m: sentiment_color(
            None if m.before is None else (m.after > m.before) - (m.after < m.before)
        ),
        width=34,
        min_width=16,
    ),
    Column("Note", lambda m: " ".join(m.note.split()), tooltip=lambda m: m.note, width=40),
)


class SentimentHistory(QWidget):
    """Heading, a line of summary and the table of the person's sentiment changes."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person: Stakeholder | None = None
        self.title = heading("Sentiment history")
        self.summary = plain_label(
            "Select a person to see how their sentiment moved.", "muted", wrap=True
        )
        self.model: RowTableModel[SentimentMove] = RowTableModel(MOVE_COLUMNS, self)
        self.table = DataTable(
            self.model,
            sort_column=0,
            sort_order=Qt.SortOrder.DescendingOrder,
            stretch=2,
            empty="No sentiment recorded yet.",
        )
        self.table.setAccessibleName("Sentiment history of the selected person")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        fit_rows(self.table, 0, least=3, most=6)

    def show_person(self, person: Stakeholder | None) -> None:
        self.person = person
        if person is None:
            self.title.setText("Sentiment history")
            self.summary.setText("Select a person to see how their sentiment moved.")
            self.model.set_rows([])
            return
        try:
            history = stakeholders.sentiment_history(self.ctx.book, person.id)
        except PlannerError:
            self.show_person(None)
            return
        rows = moves(history)
        self.title.setText(f"Sentiment history of {person.name}")
        changes = sum(1 for r in rows if r.before is not None and r.before != r.after)
        since = f" since {fmt.day(rows[0].day)}" if rows else ""
        self.summary.setText(
            f"Now {sentiment_text(person.sentiment)}; {fmt.plural(changes, 'change')}{since}. "
            "Edit the person to record a new sentiment with a note."
        )
        self.model.set_rows(rows)
        fit_rows(self.table, len(rows), least=3, most=6)
