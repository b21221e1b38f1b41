"""The UI holds a narrow handle to the book: it passes the book to services and otherwise asks
it only what :class:`planner.services.handle.BookHandle` offers (no ``read()``/``write()``, no
engine, no settings behind the services' back)."""

from __future__ import annotations

import ast
from pathlib import Path

import ui
from planner.services.handle import HANDLE_MEMBERS, BookHandle

UI = Path(ui.__file__).parent


def _is_book(node: ast.expr) -> bool:
    """``book``, ``self.book``, ``ctx.book``, ``self.ctx.book``..."""
    if isinstance(node, ast.Name):
        return node.id == "book"
    if isinstance(node, ast.Attribute):
        return node.attr == "book"
    return False


def book_attributes(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_book(node.value):
            found.add(node.attr)
    return found


def test_the_checker_sees_what_it_must() -> None:
    seen = book_attributes(
        "with ctx.book.read() as s: pass\n"
        "self.book.engine.dispose()\n"
        "x = self.ctx.book.setting('base_currency')\n"
        "y = book.path.name\n"
    )
    assert seen == {"read", "engine", "setting", "path"}


def test_ui_asks_a_book_only_what_the_handle_offers() -> None:
    offenders: dict[str, set[str]] = {}
    for path in sorted(UI.rglob("*.py")):
        extra = book_attributes(path.read_text(encoding="utf-8")) - HANDLE_MEMBERS
        if extra:
            offenders[str(path.relative_to(UI.parent))] = extra
    assert offenders == {}


def test_the_handle_names_match_the_protocol() -> None:
    members = {
        name
        for name in vars(BookHandle)
        if not name.startswith("_") and name not in {"mro"} and not name.startswith("__")
    }
    assert members == HANDLE_MEMBERS
