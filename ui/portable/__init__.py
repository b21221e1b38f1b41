"""Carrying books: opening with the lock prompt, the read-only banner, import, export, restore
and merge, as standalone dialogs the main window wires into its File menu and open flow.

* :func:`open_book_interactively`: open a book for editing, asking what to do when it is in use
  (:class:`LockPromptDialog`); returns the book (maybe read-only) or None.
* :class:`ReadOnlyBanner`: the strip that says why a book is read-only.
* :class:`DailyBackup`: the at-most-daily backup while a book is open.
* :class:`ImportWizard`, :class:`ExportDialog`, :class:`RestoreDialog`, :class:`MergeDialog`.

Everything reaches data through :mod:`planner.services`; slow work runs in a
:class:`ui.workers.Job` off the GUI thread, with progress and cancel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ui.portable.banner import ReadOnlyBanner
from ui.portable.open_flow import DailyBackup, LockPromptDialog, open_book_interactively

if TYPE_CHECKING:
    from ui.portable.export_dialog import ExportDialog
    from ui.portable.import_wizard import ImportWizard
    from ui.portable.merge_dialog import MergeDialog
    from ui.portable.restore_dialog import RestoreDialog

_DIALOGS = {
    "ExportDialog": "ui.portable.export_dialog",
    "ImportWizard": "ui.portable.import_wizard",
    "MergeDialog": "ui.portable.merge_dialog",
    "RestoreDialog": "ui.portable.restore_dialog",
}
"""Imported when first asked for: opening a book needs none of them (start-up stays light)."""


def __getattr__(name: str) -> Any:
    module = _DIALOGS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "DailyBackup",
    "ExportDialog",
    "ImportWizard",
    "LockPromptDialog",
    "MergeDialog",
    "ReadOnlyBanner",
    "RestoreDialog",
    "open_book_interactively",
]
