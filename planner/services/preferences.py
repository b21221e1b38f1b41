"""The person's own preferences: who they are (for invites they send) and their time zone.

These belong to the person, not to a book: one small JSON file in the user's configuration
folder (``preferences.json``), beside the app's window settings:

* ``$ACCOUNT_PLANNER_HOME/preferences.json`` when that variable is set (tests, portable use);
* else the platform's configuration folder (``$XDG_CONFIG_HOME/account-success-planner`` or
  ``~/.config/account-success-planner`` on Linux, the matching folders on macOS and Windows).

Fields (all optional; an empty value means "not set"):

* ``name`` and ``email``: the organiser of the meeting invites (``.ics``) the app writes;
* ``timezone``: an IANA name such as ``Europe/Berlin`` for the times in invites (empty: the
  computer's own time zone);
* ``company``: your company's name, printed in the footer of PDF reports (empty: the book's
  name).

Qt-free: the command line (``planner preferences``) and the app's Preferences dialog both use
:func:`load` and :func:`save`. Writes are atomic (a complete new file or the old one).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.domain import errors
from planner.store.durable import replacing

FILE_NAME = "preferences.json"
APP_FOLDER = "account-success-planner"
MAX_FILE_BYTES = 64 * 1024
MAX_TEXT = 120
FIELDS: tuple[str, ...] = ("name", "email", "timezone", "company")
LABELS = {
    "name": "Your name",
    "email": "Your e-mail",
    "timezone": "Time zone",
    "company": "Company",
}

_EMAIL = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[^@\s<>\"(),;:\\\[\]]+\.[^@\s<>\"(),;:\\\[\]]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class PreferencesError(errors.PlannerError):
    """The preferences file exists but cannot be read or written."""


@dataclass(frozen=True, slots=True)
class Preferences:
    name: str = ""
    email: str = ""
    timezone: str = ""
    """An IANA time zone name; empty: the computer's."""
    company: str = ""

    @property
    def organizer(self) -> tuple[str, str] | None:
        """(name, e-mail) of the person sending invites, or None without an e-mail."""
        return (self.name or self.email, self.email) if self.email else None

    def effective_timezone(self) -> str:
        """The time zone to use: the chosen one, else the computer's."""
        return self.timezone or system_timezone()


def preferences_path() -> Path:
    """Where the preferences file lives (the folder may not exist yet)."""
    override = os.environ.get("ACCOUNT_PLANNER_HOME")
    if override:
        return Path(override) / FILE_NAME
    import platformdirs  # noqa: PLC0415 - keeps CLI start-up light

    return Path(platformdirs.user_config_dir(APP_FOLDER, appauthor=False)) / FILE_NAME


# --------------------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zones() -> list[str]:
    """Every IANA time zone name this computer knows, sorted."""
    return sorted(_zones())


def is_timezone(name: str) -> bool:
    return name in _zones() or name == "UTC"


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise errors.ValidationError(field, f"{LABELS[field]} must be text.")
    text = value.strip()
    if _CONTROL.search(text):
        raise errors.ValidationError(
            field, f"{LABELS[field]} must be on one line, without control characters."
        )
    if len(text) > MAX_TEXT:
        raise errors.ValidationError(
            field, f"{LABELS[field]} can be at most {MAX_TEXT} characters (yours has {len(text)})."
        )
    return text


def validate(values: dict[str, Any]) -> Preferences:
    """Preferences from field values, each checked; raises ValidationError naming the field."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise errors.ValidationError(
            unknown[0], f"There is no preference called {unknown[0]!r}; use {', '.join(FIELDS)}."
        )
    clean = {f: _text(f, values.get(f, "")) for f in FIELDS}
    if clean["email"] and not _EMAIL.match(clean["email"]):
        raise errors.ValidationError(
            "email", f"{clean['email']!r} is not an e-mail address (like dana@example.com)."
        )
    if clean["timezone"] and not is_timezone(clean["timezone"]):
        raise errors.ValidationError(
            "timezone",
            f"{clean['timezone']!r} is not a time zone name. Use a name like Europe/Berlin or "
            "America/New_York (leave it empty to use this computer's).",
        )
    return Preferences(**clean)


# --------------------------------------------------------------------------- file


def load(path: Path | None = None) -> Preferences:
    """The saved preferences (defaults when there is no file yet).

    Raises PreferencesError when the file exists but is not a preferences file of ours."""
    path = path or preferences_path()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PreferencesError(
                f"{path} is too large to be a preferences file. Delete it to start afresh."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return Preferences()
    except OSError as exc:
        raise PreferencesError(
            f"Your preferences in {path} could not be read ({exc.strerror or exc})."
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PreferencesError(
            f"{path} is not a preferences file (not readable JSON). Fix it, or delete it and "
            "set your preferences again."
        ) from exc
    if not isinstance(data, dict):
        raise PreferencesError(f"{path} is not a preferences file (no settings in it).")
    known = {k: v for k, v in data.items() if k in FIELDS}
    try:
        return validate(known)
    except errors.ValidationError as exc:
        raise PreferencesError(f"{path} holds a setting that is not valid: {exc}") from exc


def load_or_default(path: Path | None = None) -> tuple[Preferences, str]:
    """The preferences, or the defaults and a warning when the file cannot be used (exports
    go on with defaults rather than fail)."""
    try:
        return load(path), ""
    except PreferencesError as exc:
        return Preferences(), str(exc)


def save(prefs: Preferences, path: Path | None = None) -> Path:
    """Write ``prefs`` (checked again) atomically; return the file written."""
    checked = validate(dataclasses.asdict(prefs))
    path = path or preferences_path()
    data = json.dumps(dataclasses.asdict(checked), indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            tmp.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise PreferencesError(
            f"Your preferences could not be saved in {path} ({exc.strerror or exc}). Nothing "
            "was changed."
        ) from exc
    return path


def update(changes: dict[str, str], path: Path | None = None) -> Preferences:
    """Change some fields and save; the others keep their values."""
    current = load(path)
    merged = {**dataclasses.asdict(current), **changes}
    prefs = validate(merged)
    save(prefs, path)
    return prefs


# --------------------------------------------------------------------------- system zone


def system_timezone() -> str:
    """The computer's IANA time zone name (``UTC`` when it cannot be told).

    Read from ``TZ``, else ``/etc/localtime`` (a link into the zoneinfo database), else
    ``/etc/timezone``."""
    candidates: list[str] = []
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        candidates.append(tz)
    try:
        target = str(Path("/etc/localtime").readlink())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if is_timezone(name):
            return name
    return "UTC"
