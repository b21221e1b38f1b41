"""``planner preferences``: read or change your own preferences (not a book's settings)."""

from __future__ import annotations

import argparse

from planner.cli.common import READS, CommandError, command, print_json
from planner.services import preferences


def setting_argument(text: str) -> tuple[str, str]:
    """argparse type for ``name=value``."""
    key, sep, value = text.partition("=")
    key = key.strip().lower()
    if not sep or not key:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write a setting as name=value, e.g. timezone=Europe/Berlin"
        )
    if key not in preferences.FIELDS:
        raise argparse.ArgumentTypeError(
            f"{key!r} is not a preference; choose among {', '.join(preferences.FIELDS)}"
        )
    return key, value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = command(
        sub,
        "preferences",
        access=READS,  # your preferences file, not a book
        help="show or change your name, e-mail, time zone and company",
        description="Your own preferences, kept in your configuration folder (not in a book): "
        "your name and e-mail are the organiser of the meeting invites the app writes, the time "
        "zone is used for the times in them (empty: this computer's), the company name is "
        "printed in the footer of PDF reports. Without --set, shows them.",
    )
    p.add_argument(
        "--set",
        dest="settings",
        type=setting_argument,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one preference (repeat for several); an empty value clears it",
    )
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(handler=cmd_preferences)


def cmd_preferences(args: argparse.Namespace) -> int:
    path = preferences.preferences_path()
    if args.settings:
        changes = dict(args.settings)
        try:
            prefs = preferences.update(changes, path)
        except preferences.PreferencesError as exc:
            raise CommandError(str(exc)) from None
    else:
        prefs = preferences.load(path)
    if args.json:
        print_json(
            {
                "name": prefs.name,
                "email": prefs.email,
                "timezone": prefs.timezone,
                "effective_timezone": prefs.effective_timezone(),
                "company": prefs.company,
                "file": str(path),
            }
        )
        return 0
    width = max(len(label) for label in preferences.LABELS.values())
    for field in preferences.FIELDS:
        value = getattr(prefs, field)
        if field == "timezone" and not value:
            value = f"(this computer's: {prefs.effective_timezone()})"
        print(f"{preferences.LABELS[field]:<{width}}  {value or '(not set)'}")
    print(f"{'File':<{width}}  {path}")
    return 0
