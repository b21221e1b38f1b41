"""Who "me" is and which time zone is "local": the person's preferences (name, e-mail, time
zone), read through :mod:`planner.services.preferences` when it is installed, else from the
same small JSON file in the user's config folder."""

from __future__ import annotations

import importlib
import json
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

APP_DIR = "account-success-planner"
PREFERENCES_FILE = "preferences.json"
MAX_BYTES = 64 * 1024


def _from_module() -> dict[str, Any] | None:
    try:
        module = importlib.import_module("planner.services.preferences")
    except ModuleNotFoundError as exc:
        if exc.name != "planner.services.preferences":
            raise
        return None
    prefs = module.load()
    return {key: getattr(prefs, key, "") for key in ("name", "email", "timezone")}


def _from_file() -> dict[str, Any]:
    import platformdirs  # noqa: PLC0415 - keeps CLI start-up light

    path = Path(platformdirs.user_config_dir(APP_DIR, appauthor=False)) / PREFERENCES_FILE
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def preferences() -> dict[str, str]:
    """``{"name", "email", "timezone"}`` as the person set them (missing ones empty)."""
    found = _from_module()
    if found is None:
        found = _from_file()
    return {key: str(found.get(key) or "") for key in ("name", "email", "timezone")}


def my_name() -> str:
    return preferences()["name"].strip()


def local_timezone() -> tzinfo | None:
    """The person's time zone, or None for the machine's own."""
    name = preferences()["timezone"].strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
