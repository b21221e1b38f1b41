"""The QBR tab: the account's business reviews, the agenda builder and the exports."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import BookContext
from ui.pages.workspace import WorkspaceTab
from ui.qbr import QbrBuilder


class QbrTab(WorkspaceTab):
    """Builds the :class:`QbrBuilder` the first time an account is shown (it needs one)."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.builder: QbrBuilder | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 8, 0, 0)

    def refresh(self) -> None:
        if self.account is None:
            return
        if self.builder is None:
            self.builder = QbrBuilder(self.ctx.book, self.ctx.history, self.account.id,
                                      pool=self.ctx.pool)  # fmt: skip
            self.builder.status.connect(self.ctx.nav.status.emit)
            self._layout.addWidget(self.builder)
        else:
            self.builder.set_account(self.account.id)
