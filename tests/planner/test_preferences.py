"""Preferences of the person: a small JSON file in the (test-isolated) configuration folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.errors import ValidationError
from planner.services import preferences


def test_defaults_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    assert preferences.load(path) == preferences.Preferences()
    saved = preferences.Preferences("Dana Reyes", "dana@vendor.example", "Europe/Berlin", "Acme")
    preferences.save(saved, path)
    assert preferences.load(path) == saved
    assert json.loads(path.read_text(encoding="utf-8"))["timezone"] == "Europe/Berlin"
    assert saved.organizer == ("Dana Reyes", "dana@vendor.example")
    assert preferences.Preferences(email="a@b.example").organizer == ("a@b.example", "a@b.example")
    assert preferences.Preferences(name="No mail").organizer is None


def test_the_file_lives_in_the_isolated_home() -> None:
    path = preferences.preferences_path()
    assert "home" in str(path)  # tests/conftest.py points ACCOUNT_PLANNER_HOME at a tmp folder
    preferences.update({"name": "Dana"})
    assert preferences.load().name == "Dana"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("email", "a@b"),
        ("email", "x<script>@a.example"),
        ("timezone", "Mars/Base"),
        ("timezone", "../../etc/passwd"),
        ("name", "two\nlines"),
        ("name", "x" * 121),
        ("company", "=cmd|' /C calc'!A0\x07"),
    ],
)
def test_bad_values_are_refused_naming_the_field(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        preferences.validate({field: value})
    assert caught.value.field == field


def test_a_file_that_is_not_ours_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    for content in (b"garbage", b"\xff\xfe\x00", b"[1, 2]", b'{"timezone": "Nowhere/Land"}'):
        path.write_bytes(content)
        with pytest.raises(preferences.PreferencesError):
            preferences.load(path)
        prefs, warning = preferences.load_or_default(path)
        assert prefs == preferences.Preferences()
        assert warning
        assert path.read_bytes() == content
    path.write_bytes(b"x" * (preferences.MAX_FILE_BYTES + 1))
    with pytest.raises(preferences.PreferencesError, match="too large"):
        preferences.load(path)


def test_unknown_keys_in_the_file_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text('{"name": "Dana", "theme": "dark"}', encoding="utf-8")
    assert preferences.load(path).name == "Dana"


def test_system_timezone_reads_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert preferences.system_timezone() == "America/New_York"
    monkeypatch.setenv("TZ", "Bogus/Zone")
    assert preferences.is_timezone(preferences.system_timezone())


def test_cli_sets_and_shows(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "preferences",
                "--set",
                "name=Dana Reyes",
                "--set",
                "email=dana@vendor.example",
                "--set",
                "timezone=Europe/Berlin",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["preferences", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["email"] == "dana@vendor.example"
    assert shown["timezone"] == "Europe/Berlin"
    assert main(["preferences", "--set", "timezone="]) == 0
    assert "this computer" in capsys.readouterr().out
    assert main(["preferences", "--set", "email=nope"]) == 1
    assert "not an e-mail address" in capsys.readouterr().err
    assert preferences.load().email == "dana@vendor.example"  # nothing changed
    assert main(["preferences", "--set", "colour=blue"]) == 2
