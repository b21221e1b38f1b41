"""Who "me" is and which time zone is "local", from the person's preferences (name, e-mail,
time zone).

They are read through :mod:`planner.services.preferences` when it is installed; until then,
from the same small JSON file it keeps (``$ACCOUNT_PLANNER_HOME/preferences.json``, else
``preferences.json`` in the user's configuration folder). A missing or broken file means
"not set": capturing never fails because of it.
"""

from __future__ import annotations

import importlib
import json
import os
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain.errors import PlannerError

APP_FOLDER = "account-success-planner"
FILE_NAME = "preferences.json"
MAX_BYTES = 64 * 1024
FIELDS = ("name", "email", "timezone")


def preferences_file() -> Path:
    """Where the preferences live (the same place :mod:`planner.services.preferences` uses)."""
    override = os.environ.get("ACCOUNT_PLANNER_HOME")
    if override:
        return Path(override) / FILE_NAME
    import platformdirs  # noqa: PLC0415 - keeps CLI start-up light

    return Path(platformdirs.user_config_dir(APP_FOLDER, appauthor=False)) / FILE_NAME


def _from_module() -> dict[str, Any] | None:
    try:
        module = importlib.import_module("planner.services.preferences")
    except ModuleNotFoundError as exc:
        if exc.name != "planner.services.preferences":
            raise
        return None
    try:
        prefs = module.load()
    except PlannerError:
        return {}
    return {key: getattr(prefs, key, "") for key in FIELDS}


def _from_file() -> dict[str, Any]:
    path = preferences_file()
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
    return {key: str(found.get(key) or "").strip() for key in FIELDS}


def my_name() -> str:
    return preferences()["name"]


def local_timezone() -> tzinfo | None:
    """The person's time zone, or None for the computer's own."""
    name = preferences()["timezone"]
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
