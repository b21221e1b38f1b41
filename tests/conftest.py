"""Fixtures shared by every test: temporary books, a demo book, the pinned clock, and the
guard that fails a test which opens a modal dialog.

The clock is pinned here and only here: every book a test opens (in this process or in a
child process, through ``ACCOUNT_PLANNER_TODAY``) believes today is :data:`TODAY`, whatever the
machine's date. A test that needs another day moves the ``clock`` fixture.

Qt settings (offscreen platform, pytest-qt's API) are set once in pyproject/Makefile, never
halfway down a test module. Each test gets its own copy of a book in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from planner.domain.clock import TODAY_ENV, FixedClock
from planner.services import books, demo
from planner.services.books import Book

TODAY = date(2026, 11, 23)
"""The day every test runs on (a Monday)."""
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Pin the calendar for the whole run, child processes included."""
    os.environ[TODAY_ENV] = TODAY.isoformat()


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """The test's clock, on :data:`TODAY`; the ``book`` fixture runs on it (``clock.set(day)``
    moves it)."""
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
    return FixedClock(TODAY)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default book and app data go to a temporary folder, never the real user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ACCOUNT_PLANNER_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def book(tmp_path: Path, clock: FixedClock) -> Iterator[Book]:
    """A new, empty book on the test's clock."""
    opened = books.create_book(tmp_path / "test.aspbook", clock=clock)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 40-account demo book per test session (copied, never used directly)."""
    path = tmp_path_factory.mktemp("demo") / "demo.aspbook"
    demo.generate_demo(path, accounts=40, seed=7, today=TODAY)
    return path


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.aspbook"
    shutil.copyfile(demo_master, target)
    return target


@pytest.fixture
def demo_book(demo_path: Path, clock: FixedClock) -> Iterator[Book]:
    opened = books.open_book(demo_path, clock=clock)
    yield opened
    opened.close()
