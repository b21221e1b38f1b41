"""The main window: the sidebar, the pages, the menus and the status bar.

* The menus are a table (:func:`ui.window_menus.menu_table`, built by :mod:`ui.menus`): what
  each command is called, what it runs, its shortcut, and whether it needs a (writable) book.
* The open book's life (open, create, the demo, save a copy, lock prompts, close) is
  :class:`~ui.book_lifecycle.BookLifecycle` (``window.books``); the window builds the pages when
  a book opens and drops them when it closes.
* The pages reload themselves from the book's change signal (:mod:`ui.context`); F5 asks them
  all to (whole book).

The File menu has a marked place for the data commands (import, export, back up, restore,
merge): the separator ``menus.separators["file_data"]`` they sit above.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QSize, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QCloseEvent, QResizeEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner import APP_NAME, __version__
from planner.domain.errors import PlannerError
from planner.services import book_settings, books
from planner.services.books import Book
from planner.services.changes import Changes
from ui.book_lifecycle import BookLifecycle
from ui.context import BookContext, Navigator
from ui.dialogs.book_settings import BookSettingsDialog, open_book_settings
from ui.dialogs.drops import FileDrops
from ui.dialogs.preferences import PreferencesDialog, open_preferences
from ui.menus import Menus, build_menus
from ui.pages.accounts import AccountsPage
from ui.pages.base import Page
from ui.pages.lazy import LazyPages
from ui.pages.welcome import WelcomePage
from ui.pages.workspace import AccountWorkspace, TabSpec
from ui.portable.banner import ReadOnlyBanner
from ui.settings import AppSettings
from ui.shortcuts import ShortcutsDialog
from ui.theme import ThemeMode, apply_theme, icon
from ui.widgets.common import plain_label, repolish
from ui.window_menus import PAGE_TITLES, menu_table

if TYPE_CHECKING:  # the dialogs' modules are imported when first opened (start-up stays light)
    from ui.health.record import BookHealthRecorder
    from ui.portable import ExportDialog, ImportWizard, MergeDialog, RestoreDialog
    from ui.workbook.search import SearchDialog


def versions_text() -> str:
    """The versions a support request needs: the app's and those of what it runs on."""
    from importlib import metadata  # noqa: PLC0415 - only when the About box opens

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return "\n".join(
        [
            f"Python {platform.python_version()}",
            f"Qt {qVersion()} (PySide6 {PySide6.__version__})",
            f"SQLAlchemy {version('SQLAlchemy')} (SQLite {books.sqlite_version()})",
            f"matplotlib {version('matplotlib')}",
            f"python-pptx {version('python-pptx')}",
        ]
    )


SIDEBAR_WIDTH = 196
SIDEBAR_COMPACT_WIDTH = 60
COMPACT_BELOW = 1200
"""A window narrower than this shows the sidebar as icons only, to leave the pages room."""


class MainWindow(QMainWindow):
    book_opened = Signal(object)
    """A :class:`BookContext`, after a book was opened and its pages built."""
    book_closed = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        tabs: Callable[[], list[TabSpec]] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._tabs = tabs
        self.nav = Navigator(self)
        self.pages = LazyPages()
        """The open book's pages, each built when first shown or asked for."""
        self.last_message: QMessageBox | None = None
        self._recorder: BookHealthRecorder | None = None
        self._search: SearchDialog | None = None
        self.books = BookLifecycle(
            self, settings, self.nav, show_error=self.show_error, status=self.show_status
        )
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(960, 600))
        self.undo_group = QUndoGroup(self)
        self._build_body()
        self.menus: Menus = build_menus(self.menuBar(), menu_table(self), self)

        self.welcome.demo_requested.connect(self.books.open_demo)
        self.welcome.empty_requested.connect(self.books.start_empty)
        self.welcome.open_requested.connect(self.books.choose_and_open)
        self.welcome.cancel_requested.connect(self.books.cancel_demo)
        self.books.demo_busy.connect(
            lambda busy, text: self.welcome.set_busy(busy=busy, message=text)
        )
        self.books.demo_progress.connect(self.welcome.show_progress)
        self.books.opened.connect(self._book_opened)
        self.books.closing.connect(self._book_closing)
        self.books.closed.connect(self._update_for_book)
        self.books.closed.connect(self.book_closed)
        self.books.damaged.connect(self._book_damaged)
        self.nav.open_account.connect(self.open_account)
        self.nav.show_page.connect(self.go)
        self.nav.show_accounts.connect(self.show_accounts)
        self.nav.status.connect(lambda text: self.show_status(text, 8000))
        self.file_drops = FileDrops(self, lambda: self.ctx, lambda: None)
        """Invites and e-mails dropped on the window are logged (the files tell the account)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self._update_for_book()

    def _build_body(self) -> None:
        # Sidebar
        self.sidebar = QFrame()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar_compact = False
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(2)
        app_title = plain_label(APP_NAME, wrap=True)
        app_title.setObjectName("SidebarTitle")
        side.addWidget(app_title)
        self.sidebar_title = app_title
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QToolButton] = {}
        for n, (key, title) in enumerate(PAGE_TITLES.items(), start=1):
            b = QToolButton()
            b.setText(f"  {title}")
            b.setIcon(icon(key))
            b.setIconSize(QSize(18, 18))
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setToolTip(f"{title} (Ctrl+{n})")
            b.setProperty("tip", f"{title} (Ctrl+{n})")
            b.clicked.connect(lambda _=False, k=key: self.go(k))
            self.nav_group.addButton(b)
            self.nav_buttons[key] = b
            side.addWidget(b)
        side.addStretch(1)
        self.sidebar_book = plain_label("", wrap=True)
        self.sidebar_book.setObjectName("SidebarFooter")
        side.addWidget(self.sidebar_book)

        # Read-only banner and pages
        self.read_only_banner = ReadOnlyBanner()
        self.read_only_banner.save_copy_requested.connect(self.books.save_copy)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.stack.addWidget(self.welcome)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.read_only_banner)
        rl.addWidget(self.stack, 1)
        central = QWidget()
        cl = QHBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.sidebar)
        cl.addWidget(right, 1)
        self.setCentralWidget(central)

        # Status bar
        self.path_label = plain_label("")
        self.statusBar().addPermanentWidget(self.path_label)
        self.statusBar().setSizeGripEnabled(True)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.settings.recent_books
        for path in recent:
            a = menu.addAction(f"{path.stem}    {path.parent}")
            a.triggered.connect(lambda _=False, p=path: self.books.open_path(p))
        if not recent:
            empty = menu.addAction("No recent books")
            empty.setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear Menu", self.settings.clear_recent)

    # =================================================================== the open book
    @property
    def ctx(self) -> BookContext | None:
        """The open book's context (None on the welcome page)."""
        return self.books.ctx

    def open_path(self, path: Path) -> bool:
        """Open the book at ``path`` (see :meth:`BookLifecycle.open_path`)."""
        return self.books.open_path(path)

    def set_book(self, book: Book) -> BookContext:
        """Make ``book`` the open book (closing the previous one) and build the pages."""
        return self.books.set_book(book)

    def close_book(self) -> None:
        self.books.close()
        self.settings.last_book = None

    def _book_opened(self, ctx: BookContext) -> None:
        self.undo_group.addStack(ctx.history.stack)
        self.undo_group.setActiveStack(ctx.history.stack)
        ctx.history.failed.connect(lambda message: self.show_error("Undo or redo failed", message))
        ctx.history.stack.indexChanged.connect(self._after_undo_redo)
        ctx.changes.changed.connect(self._book_changed)
        self.pages = LazyPages((*PAGE_TITLES, "workspace"), lambda key: self._build_page(ctx, key))
        self._update_for_book()
        self.go(self.settings.last_page)
        self.book_opened.emit(ctx)

    def _build_page(self, ctx: BookContext, key: str) -> Page:
        """The page ``key`` of the open book, built when it is first needed (its modules are
        imported then: the charts' matplotlib only with a page that shows charts)."""
        page: Page
        if key == "portfolio":
            from ui.pages.portfolio import PortfolioPage  # noqa: PLC0415 - see LazyPages
            from ui.workbook.forecast import ForecastPanel  # noqa: PLC0415

            page = PortfolioPage(ctx)
            page.add_panel(ForecastPanel(ctx))  # beside the renewals chart
        elif key == "accounts":
            page = AccountsPage(ctx)
        elif key == "workspace":
            from ui.pages.workspace_tabs import workspace_tabs  # noqa: PLC0415

            workspace = AccountWorkspace(ctx, (self._tabs or workspace_tabs)())
            workspace.account_missing.connect(self._account_missing)
            page = workspace
        elif key == "mywork":
            from ui.pages.mywork import MyWorkPage  # noqa: PLC0415

            page = MyWorkPage(ctx)
        elif key == "metrics":
            from ui.pages.metrics import MetricsPage  # noqa: PLC0415

            page = MetricsPage(ctx)
        elif key == "attention":
            from ui.workbook.attention import AttentionPage  # noqa: PLC0415

            page = AttentionPage(ctx)
        elif key == "forecast":
            from ui.workbook.forecast import ForecastPage  # noqa: PLC0415

            page = ForecastPage(ctx)
        else:
            raise KeyError(key)
        self.stack.addWidget(page)
        return page

    def _book_closing(self, ctx: BookContext) -> None:
        if self._search is not None:
            self._search.close()
            self._search.deleteLater()
            self._search = None
        for page in self.pages.built().values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = LazyPages()
        self.undo_group.removeStack(ctx.history.stack)

    def _book_damaged(self, message: str) -> None:
        self._update_for_book()  # the banner says it is read-only, and why
        self.show_error("The book is damaged", message)

    def _update_for_book(self) -> None:
        ctx = self.ctx
        self.menus.update(has_book=ctx is not None, writable=ctx is not None and not ctx.read_only)
        for b in self.nav_buttons.values():
            b.setEnabled(ctx is not None)
            tip = str(b.property("tip"))
            b.setToolTip(tip if ctx is not None else f"{tip}: open or create a book first")
        if ctx is None:
            self.setWindowTitle(APP_NAME)
            self.path_label.setText("No book open")
            self.sidebar_book.setText("")
            self.read_only_banner.show_for(None)
            self.stack.setCurrentWidget(self.welcome)
            self._select_nav(None)
            return
        book = ctx.book
        mode = " (read-only)" if book.read_only else ""
        self.setWindowTitle(f"{book.name}{mode} — {APP_NAME}")
        self.path_label.setText(f"{book.path}{mode}")
        self.sidebar_book.setText(f"Book: {self._book_name(book)}")
        self.sidebar_book.setToolTip(str(book.path))
        self.read_only_banner.show_for(book)

    @staticmethod
    def _book_name(book: Book) -> str:
        """The name given in Book > Settings..., else the file's."""
        try:
            return book_settings.get(book).name
        except PlannerError:
            return book.name

    def _book_changed(self, changes: Changes) -> None:
        if changes.touches(frozenset({"settings"})) and self.ctx is not None:
            self.sidebar_book.setText(f"Book: {self._book_name(self.ctx.book)}")

    # ----------------------------------------------------------------- book-wide work
    def open_book_settings(self) -> BookSettingsDialog | None:
        """Book > Settings...: name, currency and rates, margin, fiscal year, limits."""
        if self.ctx is None:
            return None
        return open_book_settings(self.ctx.book, self.ctx.history, self)

    def open_preferences(self) -> PreferencesDialog:
        """Edit > Preferences... (Ctrl+,): your name, e-mail, time zone and company."""
        dialog = open_preferences(self)
        dialog.saved.connect(lambda _prefs: self._preferences_saved())
        return dialog

    def _preferences_saved(self) -> None:
        for page in self.pages.built().values():  # a page built later reads them then
            if hasattr(page, "preferences_changed"):
                page.preferences_changed()
        self.show_status("Preferences saved.", 5000)

    def open_health_model(self) -> QDialog | None:
        if self.ctx is None:
            return None
        from ui.health.settings_dialog import open_health_settings  # noqa: PLC0415

        return open_health_settings(self.ctx.book, self.ctx.history, self)

    def record_health_for_all(self) -> BookHealthRecorder | None:
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
        from ui.health.record import BookHealthRecorder  # noqa: PLC0415

        recorder = BookHealthRecorder(ctx.book, ctx.history, self, pool=ctx.pool)
        recorder.message.connect(ctx.nav.status.emit)
        recorder.failed.connect(lambda text: self.show_error("Health was not recorded", text))
        self._recorder = recorder
        recorder.start()
        return recorder

    def search_everything(self, text: str = "") -> SearchDialog | None:
        """Go > Search Everything (Ctrl+K): one box that finds any text in the book."""
        if self.ctx is None:
            return None
        if self._search is None:
            from ui.workbook.search import SearchDialog  # noqa: PLC0415

            self._search = SearchDialog(self.ctx, self)
        self._search.start(text)
        return self._search

    def open_templates(self) -> QDialog | None:
        """Book > Plan Templates: export, import and delete plan templates."""
        if self.ctx is None:
            return None
        from ui.workbook.templates import TemplatesDialog  # noqa: PLC0415

        dialog = TemplatesDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_qbrs_due(self) -> QDialog | None:
        if self.ctx is None:
            return None
        from ui.qbr import BatchExportDialog  # noqa: PLC0415 - the deck's modules, when asked

        dialog = BatchExportDialog(self.ctx.book, self, pool=self.ctx.pool)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    # ----------------------------------------------------------------- carrying the book
    def import_data(self) -> ImportWizard | None:
        """File > Import: the CSV import wizard (accounts, contacts, actions, surveys, revenue)."""
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
        from ui.portable import ImportWizard  # noqa: PLC0415

        wizard = ImportWizard(ctx.book, self, on_error=self.show_error)
        wizard.imported.connect(self._imported)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def _imported(self, kind: str) -> None:
        # The import announced itself as a whole-book change: every page reloads from it.
        what = kind.replace("_", " ")
        self.show_status(f"Imported {what}; every page shows the new data.", 10000)

    def export_data(self) -> ExportDialog | None:
        """File > Export: CSV files per entity or a JSON archive of the whole book."""
        if self.ctx is None:
            return None
        from ui.portable import ExportDialog  # noqa: PLC0415

        dialog = ExportDialog(self.ctx.book, self)
        dialog.exported.connect(lambda where: self.show_status(f"Exported to {where}", 10000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def merge_book(self) -> MergeDialog | None:
        """File > Merge Book: preview, resolve conflicts, then bring in a copy's changes."""
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
        from ui.portable import MergeDialog  # noqa: PLC0415

        dialog = MergeDialog(ctx.book, self)
        dialog.merged.connect(lambda _result: self._book_replaced("Merged the copy's changes"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def restore_from_backup(self) -> RestoreDialog | None:
        """File > Restore from Backup: the book's backups with date and size."""
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
        from ui.portable import RestoreDialog  # noqa: PLC0415

        dialog = RestoreDialog(ctx.book, self)
        dialog.restored.connect(lambda _result: self._book_replaced("Restored the backup"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _book_replaced(self, what: str) -> None:
        """After a restore or a merge: old undo steps no longer apply. (The book announced a
        whole-book change, so every page and tab, the open account's included, reloads; an
        account that is gone sends the workspace back to the list.)"""
        ctx = self.ctx
        if ctx is None:
            return
        ctx.history.stack.clear()
        self.show_status(
            f"{what}. Undo history was cleared because the book changed as a whole.", 10000
        )

    def back_up_now(self) -> None:
        """File > Back Up Now: a verified copy in the book's backup folder."""
        ctx = self.ctx
        if ctx is None:
            return
        book = ctx.book
        self.show_status(f"Backing up {book.path.name}…", 0)
        ctx.load(
            lambda: books.backup_now(book),
            lambda saved: self.show_status(f"Backup saved to {saved}", 10000),
            lambda message: self.show_error("The backup could not be made", message),
        )

    # =================================================================== navigation
    @property
    def workspace(self) -> AccountWorkspace | None:
        page = self.pages.get("workspace")
        return page if isinstance(page, AccountWorkspace) else None

    def page(self, key: str) -> Page:
        return self.pages[key]

    def go(self, key: str) -> None:
        if self.ctx is None or key not in PAGE_TITLES:
            return
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        self._select_nav(key)
        self.settings.last_page = key

    def _select_nav(self, key: str | None) -> None:
        """Mark the sidebar's button for ``key`` (None: no page, no book)."""
        if key is not None:
            self.nav_buttons[key].setChecked(True)
            return
        # An exclusive group never unchecks its checked button: lift that while clearing.
        self.nav_group.setExclusive(False)
        for b in self.nav_buttons.values():
            b.setChecked(False)
        self.nav_group.setExclusive(True)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.set_sidebar_compact(event.size().width() < COMPACT_BELOW)

    def set_sidebar_compact(self, compact: bool) -> None:
        """Icons only (a narrow window), or icons and titles."""
        if compact == self.sidebar_compact:
            return
        self.sidebar_compact = compact
        self.sidebar.setFixedWidth(SIDEBAR_COMPACT_WIDTH if compact else SIDEBAR_WIDTH)
        self.sidebar.setProperty("compact", "true" if compact else "false")
        style = (
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if compact
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )
        for b in self.nav_buttons.values():
            b.setToolButtonStyle(style)
            repolish(b)
        self.sidebar_title.setVisible(not compact)
        self.sidebar_book.setVisible(not compact)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def open_account(self, account_id: str, tab: str = "") -> None:
        workspace = self.workspace
        if workspace is None:
            return
        if workspace.show_account(account_id, tab):
            self.stack.setCurrentWidget(workspace)
            self._select_nav("accounts")

    def _account_missing(self, message: str) -> None:
        self.go("accounts")
        self.show_status(message, 8000)

    def find_account(self) -> None:
        if self.ctx is None:
            return
        self.go("accounts")
        self.pages["accounts"].focus_search()

    def show_accounts(self, drill: str) -> None:
        """The Accounts page, filtered to a named list (a Portfolio tile's drill-down)."""
        page = self.pages.get("accounts")
        if isinstance(page, AccountsPage):
            self.go("accounts")
            page.drill(drill)

    def new_account(self) -> None:
        page = self.pages.get("accounts")
        if isinstance(page, AccountsPage):
            page.new_account()

    def delete_selected(self) -> None:
        page = self.current_page()
        if self.ctx is None or self.ctx.read_only or page is None:
            return
        if not page.delete_selected():
            self.show_status("Select a row first, then press Delete.", 5000)

    def refresh(self) -> None:
        """View > Refresh (F5): every page and tab reloads from the book."""
        if self.ctx is not None:
            self.ctx.changes.refresh_all()

    def _after_undo_redo(self, _index: int) -> None:
        stack = self.undo_group.activeStack()
        if stack is not None and stack.undoText():
            self.show_status(f"Last edit: {stack.undoText()}", 5000)

    # =================================================================== messages and dialogs
    def show_status(self, text: str, msecs: int = 0) -> None:
        """A short message in the status bar (``msecs`` 0: until the next one)."""
        self.statusBar().showMessage(text, msecs)

    def show_error(self, title: str, text: str) -> QMessageBox:
        """Tell the user what went wrong (non-blocking; the window stays usable)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box

    def show_shortcuts(self) -> QDialog:
        """Help > Keyboard Shortcuts (F1): the shortcuts, grouped."""
        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def show_about(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(f"About {APP_NAME}")
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(56, 56)))
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(logo)
        layout.addWidget(plain_label(APP_NAME, "title"))
        layout.addWidget(plain_label(f"Version {__version__}", "muted"))
        layout.addWidget(
            plain_label(
                "Offline account success plans, customer health and business reviews for "
                "Customer Success Managers. Your books stay on your computer: no server, no "
                "account, no network.",
                wrap=True,
            )
        )
        where = self.ctx.book.path if self.ctx else books.default_book_path().parent
        layout.addWidget(plain_label(f"Open book: {where}", "muted", wrap=True))
        self.about_versions = plain_label(versions_text(), "muted", wrap=True)
        self.about_versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.about_versions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(480, 380)
        dialog.open()
        return dialog

    # =================================================================== appearance and state
    def set_theme(self, mode: ThemeMode) -> None:
        self.settings.theme = mode
        self.menus.action(f"theme_{mode.value}").setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)

    def _system_scheme_changed(self, *_: object) -> None:
        if self.settings.theme is ThemeMode.SYSTEM:
            QTimer.singleShot(0, lambda: self.set_theme(ThemeMode.SYSTEM))

    def restore_window(self) -> bool:
        """Put the window back where and how it was; True if a saved geometry was applied."""
        geometry = self.settings.geometry("main")
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored:
            self.resize(1280, 800)
        state = self.settings.geometry("main_state")
        if state is not None:
            self.restoreState(state)
        return restored

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.set_geometry("main", self.saveGeometry())
        self.settings.set_geometry("main_state", self.saveState())
        last = self.ctx.book.path.resolve() if self.ctx else None
        self.books.shut_down()
        self.settings.last_book = last
        self.settings.sync()
        super().closeEvent(event)
