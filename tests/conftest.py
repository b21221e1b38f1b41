"""Fixtures shared by every test: temporary books, a demo book, a fixed 'today'.

Qt settings (offscreen platform, pytest-qt's API) are set once in pyproject/Makefile, never
halfway down a test module. Each test gets its own copy of a book in ``tmp_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from planner.services import books, demo
from planner.services.books import Book

TODAY = date(2026, 11, 23)
FIXTURES = Path(__file__).parent / "fixtures"


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
def book(tmp_path: Path) -> Iterator[Book]:
    """A new, empty book."""
    opened = books.create_book(tmp_path / "test.aspbook")
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
def demo_book(demo_path: Path) -> Iterator[Book]:
    opened = books.open_book(demo_path)
    yield opened
    opened.close()
