"""The main window: menus, the sidebar, the pages, the status bar; it owns the open book.

Opening a book makes a :class:`~ui.context.BookContext` (book + undo history + settings +
navigator) and builds the pages on it; closing drops them. A book that cannot be opened is
refused with the core's own message and the book already open stays open.

All menus are built in :meth:`MainWindow._build_menus`. The File menu has a marked place for the
data commands (import, export, back up, restore, merge): :attr:`MainWindow.file_data_anchor`
is the separator they go above.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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
from planner.services import books, demo
from planner.services.books import BOOK_SUFFIX, Book
from ui.context import BookContext, Navigator
from ui.dialogs.capture import FileDrops
from ui.health.record import BookHealthRecorder
from ui.health.settings_dialog import open_health_settings
from ui.models.table import Column, RowTableModel
from ui.pages.accounts import AccountsPage
from ui.pages.base import Page
from ui.pages.metrics import MetricsPage
from ui.pages.mywork import MyWorkPage
from ui.pages.portfolio import PortfolioPage
from ui.pages.welcome import WelcomePage
from ui.pages.workspace import AccountWorkspace, TabSpec
from ui.pages.workspace_tabs import workspace_tabs
from ui.portable import (
    DailyBackup,
    ExportDialog,
    ImportWizard,
    MergeDialog,
    ReadOnlyBanner,
    RestoreDialog,
    open_book_interactively,
)
from ui.portable.open_flow import ask_about_lock
from ui.qbr import BatchExportDialog
from ui.settings import AppSettings
from ui.theme import ThemeMode, apply_theme, icon
from ui.undo import EditHistory
from ui.widgets.common import DataTable, plain_label
from ui.workers import Job

DEMO_BOOK_NAME = f"Demo accounts{BOOK_SUFFIX}"
BOOK_FILTER = f"Account Success Planner books (*{BOOK_SUFFIX});;All files (*)"

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "New account"),
    ("Ctrl+F", "Find an account (search the Accounts page)"),
    ("Ctrl+Z", "Undo the last edit"),
    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
    ("Delete", "Delete the selected row (undo with Ctrl+Z)"),
    ("Ctrl+1", "Go to Portfolio"),
    ("Ctrl+2", "Go to Accounts"),
    ("Ctrl+3", "Go to My Work"),
    ("Ctrl+4", "Go to Metrics"),
    ("Enter / double-click", "Open the selected account, or edit the selected row"),
    ("F5", "Refresh"),
    ("Ctrl+O", "Open a book"),
    ("Ctrl+Shift+N", "New book"),
    ("Ctrl+Shift+S", "Save a copy of the book"),
    ("Ctrl+I", "Import accounts, contacts and more from a CRM export (CSV)"),
    ("Ctrl+E", "Export the book as CSV files or a JSON archive"),
    ("Ctrl+W", "Close the book"),
    ("Ctrl+Q", "Quit"),
)

PAGE_TITLES = {"portfolio": "Portfolio", "accounts": "Accounts", "mywork": "My Work",
               "metrics": "Metrics"}  # fmt: skip


def versions_text() -> str:
    """The versions a support request needs: the app's and those of what it runs on."""
    from importlib import metadata  # noqa: PLC0415 - only when the About box opens

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return "\n".join([
        f"Python {platform.python_version()}",
        f"Qt {qVersion()} (PySide6 {PySide6.__version__})",
        f"SQLAlchemy {version('SQLAlchemy')} (SQLite {books.sqlite_version()})",
        f"matplotlib {version('matplotlib')}",
        f"python-pptx {version('python-pptx')}",
    ])  # fmt: skip


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class MainWindow(QMainWindow):
    book_opened = Signal(object)
    """A :class:`BookContext`, after a book was opened and its pages built."""
    book_closed = Signal()

    def __init__(
        self,
        settings: AppSettings,
        *,
        tabs: Callable[[], list[TabSpec]] = workspace_tabs,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._tabs = tabs
        self.ctx: BookContext | None = None
        self.nav = Navigator(self)
        self.pages: dict[str, Page] = {}
        self.last_message: QMessageBox | None = None
        self._demo_job: Job | None = None
        self._recorder: BookHealthRecorder | None = None
        self._daily_backup: DailyBackup | None = None
        self.daily_backup_delay_ms = DailyBackup.FIRST_CHECK_MS
        """How long after opening a book its daily backup is checked (tests shorten it)."""
        self.ask_about_lock = ask_about_lock
        """Asks what to do with a book someone else has open (replaced in tests)."""
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(960, 600))
        self.undo_group = QUndoGroup(self)

        # Sidebar
        self.sidebar = QFrame()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setFixedWidth(196)
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(2)
        app_title = plain_label(APP_NAME)
        app_title.setObjectName("SidebarTitle")
        app_title.setWordWrap(True)
        side.addWidget(app_title)
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
        self.read_only_banner.save_copy_requested.connect(self.save_copy)
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
        self.path_label = QLabel()
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.path_label)
        self.statusBar().setSizeGripEnabled(True)

        self._build_menus()
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.empty_requested.connect(self.start_empty)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.cancel_requested.connect(self._cancel_demo)
        self.nav.open_account.connect(self.open_account)
        self.nav.show_page.connect(self.go)
        self.nav.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.file_drops = FileDrops(self, lambda: self.ctx, lambda: None)
        """Invites and e-mails dropped on the window are logged (the files tell the account)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self._update_for_book()

    # =================================================================== menus
    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], Any], shortcut: str | QKeySequence = "",
        *, tip: str = "",
    ) -> QAction:  # fmt: skip
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        # File
        file_menu = bar.addMenu("&File")
        self.act_new_book = self._action(file_menu, "New Book…", self.new_book, "Ctrl+Shift+N",
                                         tip="Create an empty book file")  # fmt: skip
        self.act_open = self._action(file_menu, "Open…", self.choose_and_open, "Ctrl+O",
                                     tip="Open a book file")  # fmt: skip
        self.recent_menu = file_menu.addMenu("Open Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.act_save_copy = self._action(
            file_menu, "Save a Copy As…", self.save_copy, "Ctrl+Shift+S",
            tip="Write a verified copy of this book elsewhere",
        )  # fmt: skip
        file_menu.addSeparator()
        self.act_import = self._action(
            file_menu, "Import…", self.import_data, "Ctrl+I",
            tip="Add or update accounts, contacts, actions, surveys or revenue from a CSV file",
        )  # fmt: skip
        self.act_export = self._action(
            file_menu, "Export…", self.export_data, "Ctrl+E",
            tip="CSV files for Excel, or a JSON archive of the whole book",
        )  # fmt: skip
        self.act_merge = self._action(
            file_menu, "Merge Book…", self.merge_book,
            tip="Bring in the changes made in a copy of this book",
        )  # fmt: skip
        file_menu.addSeparator()
        self.act_backup = self._action(
            file_menu, "Back Up Now", self.back_up_now,
            tip="Save a verified backup of the book in its backup folder",
        )  # fmt: skip
        self.act_restore = self._action(
            file_menu, "Restore from Backup…", self.restore_from_backup,
            tip="Put the book back as it was in one of its backups",
        )  # fmt: skip
        self.file_data_anchor = file_menu.addSeparator()
        """Import / export / back up / restore / merge entries are just above this."""
        self.act_close = self._action(file_menu, "Close Book", self.close_book, "Ctrl+W")
        self.act_quit = self._action(file_menu, "Quit", self.close, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu = file_menu

        # Edit
        edit_menu = bar.addMenu("&Edit")
        self.act_undo = self.undo_group.createUndoAction(self, "Undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.undo_group.createRedoAction(self, "Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        self.act_new_account = self._action(edit_menu, "New Account…", self.new_account,
                                            "Ctrl+N")  # fmt: skip
        self.act_delete = self._action(edit_menu, "Delete", self.delete_selected,
                                       QKeySequence(Qt.Key.Key_Delete),
                                       tip="Delete the selected row; undo with Ctrl+Z")  # fmt: skip
        self.edit_menu = edit_menu

        # View
        view_menu = bar.addMenu("&View")
        self.act_refresh = self._action(view_menu, "Refresh", self.refresh, "F5")
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("Appearance")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[ThemeMode, QAction] = {}
        for mode in ThemeMode:
            a = QAction(mode.label, self, checkable=True)
            a.setChecked(mode is self.settings.theme)
            a.triggered.connect(lambda _=False, m=mode: self.set_theme(m))
            self.theme_group.addAction(a)
            theme_menu.addAction(a)
            self.theme_actions[mode] = a
        self.view_menu = view_menu

        # Go
        go_menu = bar.addMenu("&Go")
        self.go_actions: dict[str, QAction] = {}
        for n, (key, title) in enumerate(PAGE_TITLES.items(), start=1):
            self.go_actions[key] = self._action(go_menu, title, lambda k=key: self.go(k),
                                                f"Ctrl+{n}")  # fmt: skip
        go_menu.addSeparator()
        self.act_find = self._action(go_menu, "Find Account…", self.find_account, "Ctrl+F")
        self.go_menu = go_menu

        # Book: work on the whole book
        book_menu = bar.addMenu("&Book")
        self.act_health_model = self._action(
            book_menu, "Health Model…", self.open_health_model,
            tip="Weights of the health factors and the red/yellow/green bands",
        )  # fmt: skip
        self.act_record_health = self._action(
            book_menu, "Record Health for All Accounts…", self.record_health_for_all,
            tip="Score every active account now and save a snapshot of each",
        )  # fmt: skip
        book_menu.addSeparator()
        self.act_batch_qbr = self._action(
            book_menu, "Export QBRs Due Soon…", self.export_qbrs_due,
            tip="Decks and PDFs for every account with a QBR or renewal in the next days",
        )  # fmt: skip
        self.book_menu = book_menu

        # Help
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Keyboard Shortcuts", self.show_shortcuts, "F1")
        about = self._action(help_menu, f"About {APP_NAME}", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu = help_menu

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_books
        for path in recent:
            a = self.recent_menu.addAction(f"{path.stem}    {path.parent}")
            a.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            empty = self.recent_menu.addAction("No recent books")
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self.settings.clear_recent)

    # =================================================================== books
    def open_path(self, path: Path) -> bool:
        """Open the book at ``path`` for editing (with its lock), or read-only when it must be.

        When someone else has the book open, the user is told who and chooses: read-only,
        take over a stale lock, or cancel. On refusal, say why and keep the open book.
        """
        path = Path(path)
        if self.ctx is not None and _same_file(self.ctx.book.path, path):
            self.statusBar().showMessage(f"{path.name} is already open.", 5000)
            return True
        book = open_book_interactively(self, path, ask=self.ask_about_lock,
                                       on_error=self.show_error)  # fmt: skip
        if book is None:
            if not path.exists():
                self.settings.remove_recent(path)
            return False
        self.set_book(book)
        return True

    def set_book(self, book: Book) -> BookContext:
        """Make ``book`` the open book (closing the previous one) and build the pages."""
        self._close_current()
        history = EditHistory(book, self)
        self.undo_group.addStack(history.stack)
        self.undo_group.setActiveStack(history.stack)
        ctx = BookContext(book, history, self.settings, self.nav)
        self.ctx = ctx
        history.failed.connect(lambda message: self.show_error("Undo or redo failed", message))
        history.stack.indexChanged.connect(self._after_undo_redo)
        self.pages = {
            "portfolio": PortfolioPage(ctx),
            "accounts": AccountsPage(ctx),
            "workspace": AccountWorkspace(ctx, self._tabs()),
            "mywork": MyWorkPage(ctx),
            "metrics": MetricsPage(ctx),
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        workspace = self.workspace
        assert workspace is not None
        workspace.account_missing.connect(self._account_missing)
        self.settings.last_book = book.path.resolve()
        self.settings.add_recent(book.path)
        self._update_for_book()
        self.go(self.settings.last_page)
        self.statusBar().showMessage(f"Opened {book.path.name}", 5000)
        if not book.read_only:
            self._daily_backup = DailyBackup(book, self, first_check_ms=self.daily_backup_delay_ms)
            self._daily_backup.taken.connect(
                lambda saved: self.statusBar().showMessage(
                    f"Today's backup of {book.path.name} is in {Path(saved).parent}", 8000
                )
            )
            self._daily_backup.failed.connect(lambda text: self.statusBar().showMessage(text))
        self.book_opened.emit(ctx)
        return ctx

    def _close_current(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        if self._daily_backup is not None:
            self._daily_backup.stop()
            if self._daily_backup.runner.running:  # let a backup in progress finish first
                QThreadPool.globalInstance().waitForDone(30_000)
            self._daily_backup.deleteLater()
            self._daily_backup = None
        ctx.wait_for_jobs()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        self.undo_group.removeStack(ctx.history.stack)
        ctx.history.deleteLater()
        ctx.book.close()
        self.ctx = None
        self.book_closed.emit()

    def close_book(self) -> None:
        self._close_current()
        self.settings.last_book = None
        self._update_for_book()

    def _update_for_book(self) -> None:
        ctx = self.ctx
        has_book = ctx is not None
        writable = has_book and not (ctx.read_only if ctx else True)
        for a in (self.act_save_copy, self.act_close, self.act_refresh, self.act_find,
                  *self.go_actions.values()):  # fmt: skip
            a.setEnabled(has_book)
        for a in (self.act_health_model, self.act_batch_qbr, self.act_export, self.act_backup):
            a.setEnabled(has_book)
        for a in (self.act_new_account, self.act_delete, self.act_record_health, self.act_import,
                  self.act_merge, self.act_restore):  # fmt: skip
            a.setEnabled(writable)
        for b in self.nav_buttons.values():
            b.setEnabled(has_book)
        if ctx is None:
            self.setWindowTitle(APP_NAME)
            self.path_label.setText("No book open")
            self.sidebar_book.setText("")
            self.read_only_banner.show_for(None)
            self.stack.setCurrentWidget(self.welcome)
            for b in self.nav_buttons.values():
                b.setChecked(False)
            return
        book = ctx.book
        mode = " (read-only)" if book.read_only else ""
        self.setWindowTitle(f"{book.name}{mode} — {APP_NAME}")
        self.path_label.setText(f"{book.path}{mode}")
        self.sidebar_book.setText(f"Book: {book.name}")
        self.sidebar_book.setToolTip(str(book.path))
        self.read_only_banner.show_for(book)

    # ----------------------------------------------------------------- book-wide work
    def open_health_model(self) -> QDialog | None:
        if self.ctx is None:
            return None
        return open_health_settings(self.ctx.book, self.ctx.history, self)

    def record_health_for_all(self) -> BookHealthRecorder | None:
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
        recorder = BookHealthRecorder(ctx.book, ctx.history, self,
                                      pool=ctx.pool)  # fmt: skip
        recorder.message.connect(ctx.nav.status.emit)
        recorder.failed.connect(lambda text: self.show_error("Health was not recorded", text))
        self._recorder = recorder
        recorder.start()
        return recorder

    def export_qbrs_due(self) -> QDialog | None:
        if self.ctx is None:
            return None
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
        wizard = ImportWizard(ctx.book, self, on_error=self.show_error)
        wizard.imported.connect(self._imported)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def _imported(self, kind: str) -> None:
        self.refresh()
        what = kind.replace("_", " ")
        self.statusBar().showMessage(f"Imported {what}; every page shows the new data.", 10000)

    def export_data(self) -> ExportDialog | None:
        """File > Export: CSV files per entity or a JSON archive of the whole book."""
        if self.ctx is None:
            return None
        dialog = ExportDialog(self.ctx.book, self)
        dialog.exported.connect(
            lambda where: self.statusBar().showMessage(f"Exported to {where}", 10000)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def merge_book(self) -> MergeDialog | None:
        """File > Merge Book: preview, resolve conflicts, then bring in a copy's changes."""
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return None
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
        dialog = RestoreDialog(ctx.book, self)
        dialog.restored.connect(lambda _result: self._book_replaced("Restored the backup"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _book_replaced(self, what: str) -> None:
        """After a restore or a merge: old undo steps no longer apply; show the new data."""
        ctx = self.ctx
        if ctx is None:
            return
        ctx.history.stack.clear()
        self.refresh()
        workspace = self.workspace
        if workspace is not None and self.stack.currentWidget() is workspace:
            self.go("accounts")
        self.statusBar().showMessage(
            f"{what}. Undo history was cleared because the book changed as a whole.", 10000
        )

    def back_up_now(self) -> None:
        """File > Back Up Now: a verified copy in the book's backup folder."""
        ctx = self.ctx
        if ctx is None:
            return
        book = ctx.book
        self.statusBar().showMessage(f"Backing up {book.path.name}…")
        ctx.load(
            lambda: books.backup_now(book),
            lambda saved: self.statusBar().showMessage(f"Backup saved to {saved}", 10000),
            lambda message: self.show_error("The backup could not be made", message),
        )

    # ----------------------------------------------------------------- welcome choices
    def choose_and_open(self) -> None:
        start = str(self.ctx.book.path.parent if self.ctx else books.default_book_path().parent)
        name, _ = QFileDialog.getOpenFileName(self, "Open a book", start, BOOK_FILTER)
        if name:
            self.open_path(Path(name))

    def new_book(self) -> None:
        start = str(books.default_book_path().parent / f"New book{BOOK_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self, "New book", start, BOOK_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix != BOOK_SUFFIX:
            path = path.with_name(path.name + BOOK_SUFFIX)
        try:
            book = books.create_book(path, lock=True)
        except PlannerError as exc:
            self.show_error("The book could not be created", str(exc))
            return
        self.set_book(book)

    def start_empty(self) -> bool:
        path = books.default_book_path()
        if path.exists():
            return self.open_path(path)
        try:
            book = books.create_book(path, lock=True)
        except PlannerError as exc:
            self.show_error("The book could not be created", str(exc))
            return False
        self.set_book(book)
        return True

    def demo_path(self) -> Path:
        return books.default_book_path().parent / DEMO_BOOK_NAME

    def open_demo(self) -> Job | None:
        """Open the demo book, generating it first (with progress) if it does not exist."""
        path = self.demo_path()
        if path.exists():
            self.open_path(path)
            return None
        self.welcome.set_busy(busy=True, message="Creating the demo book…")
        job = Job(lambda progress: demo.generate_demo(path, accounts=40, progress=progress))
        self._demo_job = job
        job.signals.progress.connect(self.welcome.show_progress)
        job.signals.finished.connect(lambda _result: self._demo_ready(path))
        job.signals.failed.connect(self._demo_failed)
        job.signals.cancelled.connect(
            lambda: self.welcome.set_busy(busy=False, message="Cancelled.")
        )
        QThreadPool.globalInstance().start(job)
        return job

    def _demo_ready(self, path: Path) -> None:
        self._demo_job = None
        self.welcome.set_busy(busy=False)
        self.open_path(path)

    def _demo_failed(self, message: str) -> None:
        self._demo_job = None
        self.welcome.set_busy(busy=False)
        self.show_error("The demo book could not be created", message)

    def _cancel_demo(self) -> None:
        if self._demo_job is not None:
            self._demo_job.cancel()

    def save_copy(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        start = str(ctx.book.path.with_name(f"{ctx.book.name} copy{BOOK_SUFFIX}"))
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy as", start, BOOK_FILTER)
        if not name:
            return
        target = Path(name)
        if target.suffix != BOOK_SUFFIX:
            target = target.with_name(target.name + BOOK_SUFFIX)
        self.statusBar().showMessage(f"Saving a copy to {target}…")
        book = ctx.book
        ctx.load(
            lambda: books.save_copy_as(book, target),
            lambda saved: self.statusBar().showMessage(f"Saved a copy to {saved}", 8000),
            lambda message: self.show_error("The copy could not be saved", message),
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
        self.nav_buttons[key].setChecked(True)
        self.settings.last_page = key

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def open_account(self, account_id: str, tab: str = "") -> None:
        workspace = self.workspace
        if workspace is None:
            return
        if workspace.show_account(account_id, tab):
            self.stack.setCurrentWidget(workspace)
            self.nav_buttons["accounts"].setChecked(True)

    def _account_missing(self, message: str) -> None:
        self.go("accounts")
        self.statusBar().showMessage(message, 8000)

    def find_account(self) -> None:
        if self.ctx is None:
            return
        self.go("accounts")
        self.pages["accounts"].focus_search()

    def new_account(self) -> None:
        page = self.pages.get("accounts")
        if isinstance(page, AccountsPage):
            page.new_account()

    def delete_selected(self) -> None:
        page = self.current_page()
        if self.ctx is None or self.ctx.read_only or page is None:
            return
        if not page.delete_selected():
            self.statusBar().showMessage("Select a row first, then press Delete.", 5000)

    def refresh(self) -> None:
        for page in self.pages.values():
            page.mark_dirty()

    def _after_undo_redo(self, _index: int) -> None:
        stack = self.undo_group.activeStack()
        if stack is not None and stack.undoText():
            self.statusBar().showMessage(f"Last edit: {stack.undoText()}", 5000)

    # =================================================================== messages and dialogs
    def show_error(self, title: str, text: str) -> QMessageBox:
        """Tell the user what went wrong (non-blocking; the window stays usable)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self)  # fmt: skip
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box

    def show_shortcuts(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle("Keyboard shortcuts")
        model: RowTableModel[tuple[str, str]] = RowTableModel(
            (Column("Keys", lambda r: r[0], width=22), Column("What it does", lambda r: r[1])),
            dialog,
        )
        model.set_rows(SHORTCUTS)
        table = DataTable(model, sort_column=-1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(560, 480)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
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
        layout.addWidget(plain_label(
            "Offline account success plans, customer health and business reviews for "
            "Customer Success Managers. Your books stay on your computer: no server, no "
            "account, no network.", wrap=True))  # fmt: skip
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
        self.theme_actions[mode].setChecked(True)
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
        self._close_current()
        self.settings.last_book = last
        self.settings.sync()
        if self._demo_job is not None:
            self._demo_job.cancel()
        super().closeEvent(event)
