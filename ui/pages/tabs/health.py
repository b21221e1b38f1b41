"""The Health tab: the account's score explained, its history, what-if and overrides."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import BookContext
from ui.health.panel import AccountHealthPanel
from ui.pages.workspace import WorkspaceTab


class HealthTab(WorkspaceTab):
    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.panel = AccountHealthPanel(ctx.book, ctx.history)
        self.panel.failed.connect(ctx.nav.status.emit)
        self.panel.edited.connect(lambda text: ctx.nav.status.emit(f"{text}: saved"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.panel)

    def refresh(self) -> None:
        if self.account is not None:
            self.panel.load(self.account)
