"""Before Qt starts, a desktop without the X11 libraries Qt needs gets one apt command."""

from __future__ import annotations

import ctypes

from ui import preflight


def test_x11_desktop_missing_xcb_cursor_is_told_the_apt_command() -> None:
    environ = {"DISPLAY": ":0"}
    message = preflight.check(environ, loads=lambda name: name != "libxcb-cursor.so.0")
    assert "sudo apt install libxcb-cursor0\n" in message
    assert "cannot open its window" in message


def test_every_missing_package_is_in_one_command() -> None:
    message = preflight.check({"QT_QPA_PLATFORM": "xcb"}, loads=lambda _name: False)
    assert "sudo apt install " + " ".join(preflight.XCB_LIBRARIES.values()) in message


def test_nothing_to_say_when_all_load_or_qt_is_not_on_x11() -> None:
    assert preflight.check({"DISPLAY": ":0"}, loads=lambda _name: True) == ""
    nothing = lambda _name: False  # noqa: E731
    assert preflight.check({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, nothing) == ""
    assert preflight.check({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, nothing) == ""
    assert preflight.check({}, nothing) == ""
    assert not preflight.uses_xcb({"DISPLAY": ":0"}, platform="darwin")


def test_the_real_loader_finds_a_library_that_exists_and_not_one_that_does_not() -> None:
    assert preflight._loads("libc.so.6")
    assert not preflight._loads("libno-such-library-for-planner.so.9")
    ctypes.CDLL("libc.so.6")  # the probe itself is what the app uses


def test_app_main_stops_with_the_advice_before_qt_starts(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from ui import app

    monkeypatch.setattr(preflight, "check", lambda *a, **k: "install these")
    assert app.main([]) == 1
    assert "install these" in capsys.readouterr().err
