"""``planner`` imports only what the command it runs needs: ``--version`` and ``--help`` import
no command module and no SQLAlchemy, a command imports its own modules only (the table
``planner.cli.COMMANDS`` says which), and that table matches what the modules register."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import COMMANDS, MODULE_NAMES, build_parser, command_module, main

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from planner.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _run(*argv: str) -> tuple[int, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return int(data["code"]), list(data["modules"])


def _registered() -> dict[str, list[str]]:
    """Command name -> the modules that register it, from the modules themselves."""
    found: dict[str, list[str]] = {}
    for name in MODULE_NAMES:
        sub = argparse.ArgumentParser().add_subparsers()
        command_module(name).register(sub)
        for command in sub.choices:
            found.setdefault(command, []).append(name)
    return found


def test_the_table_names_every_command_and_its_modules() -> None:
    assert {name: list(modules) for name, (modules, _) in COMMANDS.items()} == _registered()


def test_the_table_gives_each_command_the_help_it_registers() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help for action in sub._choices_actions}
    assert {name: text for name, (_, text) in COMMANDS.items()} == helps


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_command(argv: list[str]) -> None:
    code, modules = _run(*argv)
    assert code == 0
    assert not [m for m in modules if m.startswith("planner.cli.commands_")]
    assert "sqlalchemy" not in modules
    assert "planner.services.books" not in modules


def test_a_command_imports_only_its_own_modules(tmp_path: Path) -> None:
    code, modules = _run("accounts", str(tmp_path / "missing.aspbook"))
    assert code == 1  # no such book: said in words
    assert [m for m in modules if m.startswith("planner.cli.commands_")] == [
        "planner.cli.commands_accounts"
    ]
    assert "planner.services.demo" not in modules


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    for name, (_, help_text) in COMMANDS.items():
        assert name in shown
        assert help_text.split()[0] in shown


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "invalid choice: 'no-such-command'" in capsys.readouterr().err


def test_a_command_that_extends_another_still_gets_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "add", "--help"]) == 0
    assert "--from-template" in capsys.readouterr().out
