"""The desktop app (PySide6). Reaches data only through planner.services."""
