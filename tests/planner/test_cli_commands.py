"""Every ``planner`` sub-command, walked from the argument parser (so a command added later is
covered without touching this file): each says whether it writes a book; each that writes is
refused, before it does anything, on a book another process holds; each that only reads still
works on it."""

from __future__ import annotations

import argparse
import hashlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.cli import build_parser, main
from planner.cli.common import Access
from planner.services import accounts, books
from tests.other_process import hold_in_other_process, release


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]
    """``("import",)``, or ``("goal", "add")`` for a command with its own sub-commands."""
    parser: argparse.ArgumentParser

    @property
    def name(self) -> str:
        return " ".join(self.words)

    @property
    def access(self) -> Access | None:
        found = self.parser.get_default("access")
        return found if isinstance(found, Access) else None


def _sub_commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def walk(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every leaf command (one that runs a handler)."""
    subs = _sub_commands(parser)
    if not subs:
        yield Command(words, parser)
        return
    for name, sub in subs.items():
        yield from walk(sub, (*words, name))


COMMANDS = list(walk(build_parser()))

#: Reading commands that must succeed (exit 0) on a book someone else is editing, with the
#: options they need beyond the required ones.
MUST_WORK_WHILE_HELD: dict[str, list[str]] = {
    "check": [],
    "info": [],
    "accounts": [],
    "export": [],
    "backup": ["--out", "{tmp}/copy.aspbook"],
    "backups": [],
    "metrics": [],
    "settings": [],
}


def test_the_walk_sees_every_command() -> None:
    names = {c.name for c in COMMANDS}
    assert {"import", "restore", "merge", "check", "info", "export", "backup"} <= names


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c.name)
def test_every_command_says_whether_it_writes(cmd: Command) -> None:
    assert cmd.access is not None, (
        f"'planner {cmd.name}' does not say whether it changes a book: register it with "
        "planner.cli.common.command(..., access=writes() or READS)"
    )
    if cmd.access.book is not None:
        dests = {a.dest for a in cmd.parser._actions}
        assert cmd.access.book in dests
        assert set(cmd.access.when) <= dests
        assert "take_over" in dests


def _value(action: argparse.Action, book: Path, tmp: Path, name: str) -> str:
    """A value argparse accepts for ``action``: the book for the book argument, a path in the
    test's folder for other paths, the first choice, or the first sample its type takes."""
    if action.choices:
        return str(next(iter(action.choices)))
    if action.dest in {"book", "into"}:
        return str(book)
    if action.type is Path:
        return str(tmp / f"{name.replace(' ', '-')}-{action.dest}")
    samples = ["2026-11-01", "1", "engagement=25", "10:00", "pptx", "x", str(book)]
    if action.type is None:
        return "x"
    for sample in samples:
        try:
            action.type(sample)  # type: ignore[misc,operator]
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue
        return sample
    raise AssertionError(f"no sample value for {action.dest} of 'planner {name}'")


def argv_for(cmd: Command, book: Path, tmp: Path, *, make_it_write: bool) -> list[str]:
    """The shortest command line argparse accepts (and, with ``make_it_write``, the options
    that make a conditionally writing command write)."""
    assert cmd.access is not None
    argv = list(cmd.words)
    wanted = set(cmd.access.when[:1]) if make_it_write else set()  # one of them suffices
    if not make_it_write:
        wanted |= set(cmd.access.unless[:1])  # the option that makes it only read
    chosen_groups = set()
    for group in cmd.parser._mutually_exclusive_groups:
        if group.required:
            chosen_groups.add(group._group_actions[0].dest)
    for action in cmd.parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            argv.append(_value(action, book, tmp, cmd.name))
            continue
        if not (action.required or action.dest in wanted or action.dest in chosen_groups):
            continue
        argv.append(action.option_strings[0])
        if action.nargs != 0:
            argv.append(_value(action, book, tmp, cmd.name))
        wanted.discard(action.dest)
    return argv


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_write_commands_are_refused_on_a_held_book_and_read_commands_still_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "Held.aspbook"
    with books.create_book(book) as opened:
        accounts.create_account(opened, name="Acme")
    holder = hold_in_other_process(book)
    refused: list[str] = []
    worked: list[str] = []
    try:
        before = sha(book)
        for cmd in COMMANDS:
            assert cmd.access is not None, cmd.name
            runs = [cmd.access.book is not None]
            if cmd.access.when or cmd.access.unless:
                runs = [True, False]  # with the options that make it write, and without
            for writing in runs:
                argv = argv_for(cmd, book, tmp_path, make_it_write=writing)
                if not writing and cmd.name in MUST_WORK_WHILE_HELD:
                    extra = MUST_WORK_WHILE_HELD[cmd.name]
                    argv += [a.replace("{tmp}", str(tmp_path)) for a in extra]
                code = main(argv)
                out, err = capsys.readouterr()
                assert "Traceback" not in err, (argv, err)
                assert "unexpected error" not in err, (argv, err)
                held_by_them = f"process {holder.pid}" in err and socket.gethostname() in err
                if writing:
                    assert code == 1, (argv, out, err)
                    assert held_by_them, (argv, err)
                    refused.append(cmd.name)
                else:
                    assert not held_by_them, (argv, err)
                    if cmd.name in MUST_WORK_WHILE_HELD:
                        assert code == 0, (argv, out, err)
                        worked.append(cmd.name)
                assert sha(book) == before, f"'planner {' '.join(argv)}' changed the held book"
    finally:
        release(holder)
    assert {"import", "restore", "merge", "demo", "new", "import-archive", "record-health"} <= set(
        refused
    )
    assert set(worked) == set(MUST_WORK_WHILE_HELD)
    assert not list(tmp_path.glob("*.lock")), "every command gave its lock back"


def test_a_stale_lock_is_taken_over_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.other_process import crash_while_holding

    book = tmp_path / "Crashed.aspbook"
    books.create_book(book).close()
    crash_while_holding(book)
    assert main(["record-health", str(book)]) == 1
    assert "--take-over" in capsys.readouterr().err
    assert main(["record-health", str(book), "--take-over", "--quiet"]) == 0
    assert not list(tmp_path.glob("*.lock"))
