"""The welcome shown when no book is open: open the demo, start empty, or open a file."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme import icon
from ui.widgets.common import plain_label


class WelcomePage(QWidget):
    demo_requested = Signal()
    empty_requested = Signal()
    open_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = plain_label("Welcome to Account Success Planner", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = plain_label(
            "Plan every customer's success, keep the story of each relationship, and walk "
            "into every business review prepared. Everything stays in one file on your "
            "computer, a book. How would you like to start?",
            "subtitle",
            wrap=True,
        )
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo = self._choice(
            "Open the demo book",
            "Explore 40 realistic accounts: plans, people, health history, QBRs.",
        )
        self.empty = self._choice(
            "Start an empty book", "Begin with your own accounts, in your default book."
        )
        self.open = self._choice("Open a book…", "Choose a book file you already have.")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = plain_label("", "muted", wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = QPushButton("Cancel")
        self.cancel.hide()

        card = QFrame()
        card.setObjectName("Card")
        card.setMaximumWidth(620)
        box = QVBoxLayout(card)
        box.setContentsMargins(36, 30, 36, 30)
        box.setSpacing(12)
        box.addWidget(logo)
        box.addWidget(title)
        box.addWidget(intro)
        box.addSpacing(8)
        for b in (self.demo, self.empty, self.open):
            box.addWidget(b)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addStretch(1)
        box.addLayout(row)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card, 3)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

        self.demo.clicked.connect(self.demo_requested)
        self.empty.clicked.connect(self.empty_requested)
        self.open.clicked.connect(self.open_requested)
        self.cancel.clicked.connect(self.cancel_requested)

    @staticmethod
    def _choice(title: str, detail: str) -> QPushButton:
        button = QPushButton(f"{title}\n{detail}")
        button.setObjectName("WelcomeChoice")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setMinimumHeight(64)
        return button

    def set_busy(self, *, busy: bool, message: str = "") -> None:
        for b in (self.demo, self.empty, self.open):
            b.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.status.setText(message)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} accounts")
