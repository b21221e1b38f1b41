"""Search everything (Ctrl+K): one box, results grouped by kind with the matching words
highlighted; Enter opens the record's account on the tab where the record lives.

The search runs off the GUI thread as you type (a short pause first, so fast typing makes one
search); a newer search always wins over an older one still running. What is typed reaches the
book only through :func:`planner.services.search.search`, which never fails on odd input.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from planner.services import search
from planner.services.search import SearchGroup, SearchHit, SearchResults
from ui.context import BookContext
from ui.widgets.common import plain_label
from ui.workbook.common import HTML_ROLE, MarkedTextDelegate, alive, marked_html

HIT_ROLE = int(Qt.ItemDataRole.UserRole) + 21
TYPING_PAUSE_MS = 150
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class _Line:
    group: SearchGroup
    hit: SearchHit | None
    """None: the group's heading."""


class ResultsModel(QAbstractListModel):
    """Search results as a list: a heading per kind, then its hits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[_Line] = []
        self.capped = False

    def set_results(self, results: SearchResults) -> None:
        self.beginResetModel()
        self.capped = results.capped
        self.lines = [
            line
            for group in results.groups
            if group.hits
            for line in (_Line(group, None), *(_Line(group, h) for h in group.hits))
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.lines[index.row()].hit is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        hit = line.hit
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if hit is None:
                return f"{line.group.kind.plural} ({line.group.count})"
            return f"{hit.title_text} — {hit.account_name}: {hit.excerpt_text}"
        if role == Qt.ItemDataRole.ToolTipRole and hit is not None:
            return f"Opens {hit.account_name} on the {hit.kind.tab.replace('_', ' ')} tab"
        if role == HTML_ROLE:
            return self._html(line)
        return None

    def _html(self, line: _Line) -> str:
        if line.hit is None:
            plus = "+" if self.capped else ""
            return (
                f"<span style='font-weight:600'>{html.escape(line.group.kind.plural)}</span>"
                f" <span class='muted'>({line.group.count:,}{plus})</span>"
            )
        hit = line.hit
        title = marked_html(hit.title)
        where = ""
        if hit.kind.key != "account":
            archived = " (archived)" if hit.account_archived else ""
            where = f" <span class='muted'>· {html.escape(hit.account_name)}{archived}</span>"
        excerpt = marked_html(hit.excerpt)
        second = f"<br><span class='muted'>{excerpt}</span>" if excerpt else ""
        return f"<div style='margin-left:14px'>{title}{where}{second}</div>"


class SearchDialog(QDialog):
    """The search box and its results. Not modal: it stays out of the way of the window."""

    results_shown = Signal(object)
    """The :class:`SearchResults` just shown."""
    opened = Signal(object)
    """The :class:`SearchHit` the user opened."""

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Search the book")
        self.setModal(False)
        self.resize(760, 560)
        self._generation = 0
        self._shown = 0
        """The generation of the results on screen."""
        self._open_when_shown = False
        self.results: SearchResults | None = None

        self.box = QLineEdit()
        self.box.setPlaceholderText(
            'Search names, notes, goals, risks, people, interactions… ("quotes" for a phrase)'
        )
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(500)
        self.kind = QComboBox()
        self.kind.addItem("Everything", "")
        for k in search.KINDS:
            self.kind.addItem(k.plural, k.key)
        self.model = ResultsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(MarkedTextDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.status = plain_label(
            "Type a word, the start of a word, or a phrase in double quotes.", "muted", wrap=True
        )

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.search_now())
        self.box.returnPressed.connect(self.open_current)
        self.list.activated.connect(self._open_index)
        self.box.installEventFilter(self)

    # ----------------------------------------------------------------- searching
    def search_now(self) -> None:
        """Search for what is in the box now (off the GUI thread)."""
        self._timer.stop()
        self._generation += 1
        generation, text = self._generation, self.box.text()
        kind = str(self.kind.currentData() or "") or None
        book = self.ctx.book
        self.ctx.load(
            lambda: search.search(book, text, kind=kind, limit=60),
            lambda results: self._show(generation, results),
            self._failed,
        )

    def _failed(self, message: str) -> None:
        if not alive(self):
            return
        self._open_when_shown = False
        self.status.setText(f"The search could not run: {message}")

    def _show(self, generation: int, results: SearchResults) -> None:
        if generation != self._generation or not alive(self):
            return  # a newer search is on its way, or the book was closed
        self._shown = generation
        self.results = results
        self.model.set_results(results)
        self.status.setText(results.summary)
        first = self._first_hit_row()
        if first is not None:
            self.list.setCurrentIndex(self.model.index(first))
        self.results_shown.emit(results)
        if self._open_when_shown:
            self._open_when_shown = False
            self.open_current()

    def _first_hit_row(self) -> int | None:
        return next((i for i, line in enumerate(self.model.lines) if line.hit is not None), None)

    # ----------------------------------------------------------------- opening
    def current_hit(self) -> SearchHit | None:
        hit = self.list.currentIndex().data(HIT_ROLE)
        return hit if isinstance(hit, SearchHit) else None

    def open_current(self) -> None:
        """Enter: open the selected hit (the first one when none is selected)."""
        if self._timer.isActive():  # Enter before the pause ended: search first, then open
            self._open_when_shown = True
            self.search_now()
            return
        if self._shown != self._generation:  # the newest search is still running
            self._open_when_shown = True
            return
        hit = self.current_hit()
        if hit is None:
            first = self._first_hit_row()
            hit = self.model.lines[first].hit if first is not None else None
        if hit is not None:
            self.open_hit(hit)

    def _open_index(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's account on the tab where it lives, and close the search."""
        self.ctx.nav.open_account.emit(hit.account_id, hit.kind.tab)
        self.ctx.nav.status.emit(f"Opened {hit.kind.label.lower()} “{hit.title_text}”")
        self.opened.emit(hit)
        self.close()

    # ----------------------------------------------------------------- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if event.key() == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(watched, event)

    def _step(self, direction: int) -> None:
        rows = [i for i, line in enumerate(self.model.lines) if line.hit is not None]
        if not rows:
            return
        current = self.list.currentIndex().row()
        later = [r for r in rows if (r > current if direction > 0 else r < current)]
        target = (later[0] if direction > 0 else later[-1]) if later else current
        if target >= 0:
            self.list.setCurrentIndex(self.model.index(target))
            self.list.scrollTo(self.model.index(target))

    def start(self, text: str = "") -> None:
        """Show the dialog with the box focused (and ``text`` in it, searched at once)."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        if text:
            self.box.setText(text)
            self.search_now()
        else:
            self.box.selectAll()
