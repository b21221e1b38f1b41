"""The QBR builder's commitments: what was agreed in the meeting, each an action item of the
account linked to the QBR, with an owner (one of us or the customer's people) and a due date."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agenda as ag
from planner.services.actions import ActionItem
from planner.services.qbr_session import OwnerChoice, QbrSession
from ui.pages.base import Page
from ui.qbr.models import CommitmentModel
from ui.qbr.part import BuilderPart, from_qdate, to_qdate
from ui.widgets.common import date_edit, plain_label


class CommitmentsPanel(BuilderPart):
    def __init__(
        self,
        session: QbrSession,
        page: Page,
        redraw: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, page, redraw, parent)
        self.model = CommitmentModel(session.person_name, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.title = QLineEdit()
        self.title.setPlaceholderText("What was agreed, e.g. \u201cShare the rollout plan\u201d")
        self.title.returnPressed.connect(self.add)
        self.owner = QComboBox()
        self.due = date_edit()
        self.add_button = QPushButton("Add commitment")
        self.add_button.clicked.connect(self.add)
        self.done_button = QPushButton("Mark done")
        self.done_button.clicked.connect(self.mark_done)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove)
        for widget in (self.title, self.add_button, self.done_button, self.remove_button):
            page.editing(widget)
        form = QHBoxLayout()
        form.addWidget(self.title, 3)
        form.addWidget(self.owner, 2)
        form.addWidget(self.due)
        form.addWidget(self.add_button)
        tail = QHBoxLayout()
        tail.addWidget(
            plain_label(
                "Each commitment becomes an action item of the account, linked to this QBR.",
                "muted",
                wrap=True,
            ),
            1,
        )
        tail.addWidget(self.done_button)
        tail.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addLayout(tail)

    # ----------------------------------------------------------------- showing
    def show_session(self) -> None:
        self.model.set_rows(self.session.commitments)
        if self.session.qbr is None:
            return
        chosen = self.owner.currentText()
        self.owner.clear()
        for choice in self.session.owner_choices():
            self.owner.addItem(choice.label, choice)
        self.owner.setCurrentIndex(max(self.owner.findText(chosen), 0))
        self.due.setDate(to_qdate(self.session.default_due()))

    def current(self) -> ActionItem | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # ----------------------------------------------------------------- editing
    def add(self) -> None:
        if self.session.qbr is None or self.read_only:
            return
        title, due = self.title.text(), from_qdate(self.due.date())
        owner = self.owner.currentData()
        who = owner if isinstance(owner, OwnerChoice) else None
        made = self.edit(lambda: self.session.add_commitment(title, who, due))
        if made is not None:
            self.title.clear()
            self.page.ctx.nav.status.emit(
                f"Commitment added to the account's actions, due {ag.fmt_date(due)}."
            )

    def mark_done(self) -> None:
        action = self.current()
        if action is not None:
            self.edit(lambda: self.session.mark_commitment_done(action.id))

    def remove(self) -> None:
        action = self.current()
        if action is not None:
            self.edit(lambda: self.session.remove_commitment(action.id))
