"""Light and dark appearance: the palette, the style sheet, and semantic colours.

The app uses Qt's Fusion style with a palette of its own, light or dark. "System" follows the
desktop's colour scheme (``QStyleHints.colorScheme``) and switches live when the desktop does.
Semantic colours (good / warning / bad / muted, row tints) are derived from whichever palette is
in force, so models and delegates never hard-code a colour that is unreadable in dark mode::

    colors = semantic_colors(QGuiApplication.palette())
    colors.bad  # a red that reads well on this palette's base colour
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from planner.domain.enums import HealthBand


class ThemeMode(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "Follow the System", "light": "Light", "dark": "Dark"}[self.value]


@dataclass(frozen=True, slots=True)
class SemanticColors:
    dark: bool
    accent: QColor
    good: QColor
    warning: QColor
    bad: QColor
    muted: QColor
    bad_tint: QColor
    warning_tint: QColor
    good_tint: QColor
    tile: QColor
    border: QColor
    sidebar: QColor

    def band(self, band: HealthBand | None) -> QColor:
        if band is HealthBand.GREEN:
            return self.good
        if band is HealthBand.YELLOW:
            return self.warning
        if band is HealthBand.RED:
            return self.bad
        return self.muted


_LIGHT = SemanticColors(
    dark=False,
    accent=QColor("#2563eb"),
    good=QColor("#15803d"),
    warning=QColor("#b45309"),
    bad=QColor("#b91c1c"),
    muted=QColor("#6b7280"),
    bad_tint=QColor("#fde8e8"),
    warning_tint=QColor("#fdf3e1"),
    good_tint=QColor("#e6f4ea"),
    tile=QColor("#ffffff"),
    border=QColor("#d9dde3"),
    sidebar=QColor("#eef1f5"),
)
_DARK = SemanticColors(
    dark=True,
    accent=QColor("#60a5fa"),
    good=QColor("#4ade80"),
    warning=QColor("#fbbf24"),
    bad=QColor("#f87171"),
    muted=QColor("#9ca3af"),
    bad_tint=QColor("#4a2326"),
    warning_tint=QColor("#46381c"),
    good_tint=QColor("#1f3d2a"),
    tile=QColor("#262a31"),
    border=QColor("#3a3f48"),
    sidebar=QColor("#1b1e23"),
)


INDICATOR_LIGHT = "#8a919c"
"""The frame of an unticked check box on the light palette."""
INDICATOR_DARK = "#8b93a0"
"""The frame of an unticked check box on the dark palette (plainly visible on its base)."""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def semantic_colors(palette: QPalette | None = None) -> SemanticColors:
    """Semantic colours for ``palette`` (default: the application's)."""
    return _DARK if is_dark(palette or QGuiApplication.palette()) else _LIGHT


def light_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#f6f7f9",
        QPalette.ColorRole.WindowText: "#1f2328",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f5f7fa",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2328",
        QPalette.ColorRole.PlaceholderText: "#8a9099",
        QPalette.ColorRole.Text: "#1f2328",
        QPalette.ColorRole.Button: "#f3f4f6",
        QPalette.ColorRole.ButtonText: "#1f2328",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2563eb",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#1d4ed8",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#eceef1",
        QPalette.ColorRole.Mid: "#c9ced6",
        QPalette.ColorRole.Dark: "#9aa1ab",
        QPalette.ColorRole.Shadow: "#6b7280",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    _disabled(p, "#a0a6ae")
    return p


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202328",
        QPalette.ColorRole.WindowText: "#e6e8eb",
        QPalette.ColorRole.Base: "#17191d",
        QPalette.ColorRole.AlternateBase: "#1d2025",
        QPalette.ColorRole.ToolTipBase: "#2b2f36",
        QPalette.ColorRole.ToolTipText: "#e6e8eb",
        QPalette.ColorRole.PlaceholderText: "#7d848e",
        QPalette.ColorRole.Text: "#e6e8eb",
        QPalette.ColorRole.Button: "#2b2f36",
        QPalette.ColorRole.ButtonText: "#e6e8eb",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#93c5fd",
        QPalette.ColorRole.Light: "#3a3f48",
        QPalette.ColorRole.Midlight: "#30343b",
        QPalette.ColorRole.Mid: "#454b55",
        QPalette.ColorRole.Dark: "#121417",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    _disabled(p, "#6b717a")
    return p


def _disabled(p: QPalette, color: str) -> None:
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))


def system_prefers_dark(app: QGuiApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: ThemeMode, app: QGuiApplication) -> bool:
    """True when ``mode`` means dark on this desktop right now."""
    if mode is ThemeMode.SYSTEM:
        return system_prefers_dark(app)
    return mode is ThemeMode.DARK


def _resource_path(name: str) -> str:
    """A bundled file's path as a style sheet's ``url()`` wants it (forward slashes)."""
    with resources.as_file(resources.files("resources").joinpath(name)) as real:
        return Path(real).as_posix()


def style_sheet(colors: SemanticColors, palette: QPalette) -> str:
    """The bundled style sheet with this palette's colours (``@name``) filled in."""
    template = resources.files("resources").joinpath("style/app.qss").read_text(encoding="utf-8")
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    values = {
        "accent": colors.accent.name(),
        "good": colors.good.name(),
        "warning": colors.warning.name(),
        "bad": colors.bad.name(),
        "muted": colors.muted.name(),
        "tile": colors.tile.name(),
        "border": colors.border.name(),
        "sidebar": colors.sidebar.name(),
        "bad_tint": colors.bad_tint.name(),
        "warning_tint": colors.warning_tint.name(),
        "good_tint": colors.good_tint.name(),
        "window": palette.color(QPalette.ColorRole.Window).name(),
        "base": palette.color(QPalette.ColorRole.Base).name(),
        "text": palette.color(QPalette.ColorRole.Text).name(),
        "highlight": palette.color(QPalette.ColorRole.Highlight).name(),
        "button": palette.color(QPalette.ColorRole.Button).name(),
        "mid": palette.color(QPalette.ColorRole.Mid).name(),
        "link": palette.color(QPalette.ColorRole.Link).name(),
        "disabled": disabled.name(),
        "indicator": INDICATOR_DARK if colors.dark else INDICATOR_LIGHT,
        "check_icon": _resource_path("icons/check.svg"),
    }
    return re.sub(r"@(\w+)\b", lambda m: values.get(m.group(1), m.group(0)), template)


def apply_theme(app: QApplication, mode: ThemeMode) -> bool:
    """Apply ``mode`` to the whole application; returns True when the result is dark."""
    dark = resolve(mode, app)
    app.setStyle("Fusion")
    palette = dark_palette() if dark else light_palette()
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(_DARK if dark else _LIGHT, palette))
    return dark


def icon(name: str) -> QIcon:
    """A bundled SVG icon by name (``resources/icons/NAME.svg``), tinted for the palette.

    Icons are drawn in a neutral grey that reads on light and dark backgrounds alike.
    """
    path = resources.files("resources").joinpath(f"icons/{name}.svg")
    with resources.as_file(path) as real:
        return QIcon(str(real))
