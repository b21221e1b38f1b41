"""The desktop app (PySide6). Reaches data only through planner.services."""

from planner.reports.qt_none import keep_none_alive

keep_none_alive()  # PySide6 on Python 3.11 would use None up, a call at a time
