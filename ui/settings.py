"""What the app remembers between runs, kept in QSettings.

The settings object is injected (never created deep inside a widget), so tests pass one backed
by a temporary INI file and never touch the real user's settings:

    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ui.theme import ThemeMode

MAX_RECENT = 8
PAGES = ("portfolio", "accounts", "mywork")


def user_settings() -> QSettings:
    """The real user's settings (an INI file in the platform's config folder)."""
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        "account-success-planner",
        "Account Success Planner",
    )


class AppSettings:
    def __init__(self, store: QSettings) -> None:
        self.store = store

    # ------------------------------------------------------------------ books
    @property
    def last_book(self) -> Path | None:
        value = self.store.value("books/last", "")
        return Path(str(value)) if value else None

    @last_book.setter
    def last_book(self, path: Path | None) -> None:
        self.store.setValue("books/last", str(path) if path else "")

    @property
    def recent_books(self) -> list[Path]:
        value = self.store.value("books/recent", [])
        items: list[object] = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [Path(str(v)) for v in items if v][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        resolved = Path(path).resolve()
        items = [p for p in self.recent_books if p.resolve() != resolved]
        self.store.setValue("books/recent", [str(p) for p in [resolved, *items][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        resolved = Path(path).resolve()
        items = [str(p) for p in self.recent_books if p.resolve() != resolved]
        self.store.setValue("books/recent", items)

    def clear_recent(self) -> None:
        self.store.setValue("books/recent", [])

    # ------------------------------------------------------------------ window
    def geometry(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def splitter(self, key: str) -> QByteArray | None:
        value = self.store.value(f"splitters/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_splitter(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"splitters/{key}", value)

    @property
    def last_page(self) -> str:
        value = str(self.store.value("window/last_page", "portfolio"))
        return value if value in PAGES else "portfolio"

    @last_page.setter
    def last_page(self, page: str) -> None:
        if page in PAGES:
            self.store.setValue("window/last_page", page)

    # ------------------------------------------------------------------ exports
    def export_folder(self, kind: str) -> Path | None:
        """The folder the last export of ``kind`` (deck, pdf, csv...) went to."""
        value = self.store.value(f"exports/{kind}", "")
        return Path(str(value)) if value else None

    def set_export_folder(self, kind: str, folder: Path) -> None:
        self.store.setValue(f"exports/{kind}", str(folder))

    @property
    def theme(self) -> ThemeMode:
        try:
            return ThemeMode(str(self.store.value("appearance/theme", "system")))
        except ValueError:
            return ThemeMode.SYSTEM

    @theme.setter
    def theme(self, mode: ThemeMode) -> None:
        self.store.setValue("appearance/theme", mode.value)

    def sync(self) -> None:
        self.store.sync()
