"""Before Qt starts: check the system libraries Qt's X11 (xcb) platform plugin loads.

Without them Qt aborts with a long plugin message ("Could not load the Qt platform plugin
xcb...") that names no package. On Debian and Ubuntu desktops the usual gap is
``libxcb-cursor0``; we look for every library the plugin needs and print the one command that
installs what is missing. Qt-free on purpose: it runs before any Qt library is loaded.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: Shared library -> the Debian/Ubuntu package that provides it.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start on X11 here (Linux, an X display, no other platform chosen)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0]
    if chosen:
        return chosen == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def _loads(name: str) -> bool:
    candidates = [name]
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle carries its own copies
    if bundle:
        candidates.insert(0, str(Path(bundle) / name))
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The packages whose libraries cannot be loaded, in a stable order."""
    return [package for library, package in XCB_LIBRARIES.items() if not loads(library)]


def advice(packages: list[str]) -> str:
    names = " ".join(packages)
    return (
        "Account Success Planner cannot open its window: the X11 libraries Qt needs are not "
        f"installed ({', '.join(packages)}).\n"
        "Install them with:\n\n"
        f"    sudo apt install {names}\n\n"
        "then start the app again (make run). Nothing was changed."
    )


def check(environ: Mapping[str, str] = os.environ, loads: Callable[[str], bool] = _loads) -> str:
    """An explanation to print and stop with, or "" when Qt can start."""
    if not uses_xcb(environ):
        return ""
    packages = missing_packages(loads)
    return advice(packages) if packages else ""
