"""The ``planner`` command: everything the GUI does to data, scriptable without a display.

Exit codes: 0 success, 1 bad input or a refused book (message on stderr), 2 usage error,
130 interrupted. Never a traceback (set ``PLANNER_DEBUG=1`` to see one).

A command that writes a book (declared where it is registered, see
:func:`planner.cli.common.command`) runs holding that book's lock: when the book is open in the
app or in another command, it stops before doing anything and says who has it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from planner import APP_NAME, __version__
from planner.domain.errors import BookError, BookLockedError, PlannerError

if TYPE_CHECKING:
    from planner.services.books import BookLock

#: The modules that add sub-commands (each has ``register(subparsers)``), in the order they
#: register: a later one may extend a command an earlier one made (``plan add --from-template``).
MODULE_NAMES = (
    "commands_books",
    "commands_accounts",
    "commands_health",
    "commands_qbr",
    "commands_interchange",
    "commands_entities",
    "commands_log",
    "commands_workbook",
    "commands_preferences",
    "commands_settings",
)

#: Every command: the modules that register it (in order) and its one line of help. ``planner``
#: imports only the modules of the command it runs, so ``planner --version`` and ``planner
#: --help`` import none (``tests/planner/test_cli_lazy.py`` keeps this table true).
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "demo": (("commands_books",), "create a realistic demo book"),
    "new": (("commands_books",), "create an empty book"),
    "check": (("commands_books",), "check that a book is sound"),
    "recover": (
        ("commands_books",),
        "undo the unfinished change a stopped program left in a book",
    ),
    "info": (("commands_books",), "schema version, application id and counts"),
    "accounts": (("commands_accounts",), "the portfolio: one row per account"),
    "health": (("commands_health",), "an account's health score, explained"),
    "record-health": (
        ("commands_health",),
        "record health snapshots (one account or the whole book)",
    ),
    "override-health": (
        ("commands_health",),
        "override an account's health score today, with a reason",
    ),
    "csm-sentiment": (("commands_health",), "set your own read of an account (-2 to +2)"),
    "health-model": (("commands_health",), "show or change the health model's weights and bands"),
    "metrics": (
        ("commands_health",),
        "portfolio metrics for a period (NRR, GRR, churn, renewals, NPS, ...)",
    ),
    "qbr": (("commands_qbr",), "QBR deck, PDF report, Markdown agenda and invite"),
    "plan-pdf": (("commands_qbr",), "the Account Success Plan as a PDF"),
    "import": (("commands_interchange",), "import a CRM export (CSV) into a book"),
    "export": (("commands_interchange",), "export a book as CSV files or a JSON archive"),
    "import-archive": (("commands_interchange",), "rebuild a book from a JSON archive"),
    "merge": (("commands_interchange",), "merge a copy of a book back into it"),
    "backup": (("commands_interchange",), "take a verified backup of a book"),
    "backups": (("commands_interchange",), "list a book's backups"),
    "restore": (("commands_interchange",), "restore a book from a backup"),
    "plan": (
        ("commands_entities", "commands_workbook"),
        "list, show, add, update or delete plans",
    ),
    "goal": (("commands_entities",), "list, show, add, update or delete goals"),
    "risk": (("commands_entities",), "list, show, add, update or delete risks"),
    "stakeholder": (("commands_entities",), "list, show, add, update or delete stakeholders"),
    "use-case": (("commands_entities",), "list, show, add, update or delete use cases"),
    "action": (("commands_entities",), "list, show, add, update or delete actions"),
    "interaction": (("commands_entities",), "list, show, add, update or delete interactions"),
    "survey": (("commands_entities",), "list, show, add, update or delete survey responses"),
    "opportunity": (("commands_entities",), "list, show, add, update or delete opportunities"),
    "revenue": (("commands_entities",), "list, show, add, update or delete revenue events"),
    "log": (("commands_log",), "log meetings (.ics) and e-mails (.eml) on accounts' timelines"),
    "search": (("commands_workbook",), "find any text in the book"),
    "attention": (
        ("commands_workbook",),
        "what needs you: stale accounts, renewals without a QBR, overdue work",
    ),
    "digest": (("commands_workbook",), "the Monday e-mail of what needs attention (Markdown)"),
    "templates": (
        ("commands_workbook",),
        "plan templates: list, export, import, save a plan as one",
    ),
    "forecast": (
        ("commands_workbook",),
        "renewal forecast: ARR at stake and risk-weighted, by quarter",
    ),
    "preferences": (
        ("commands_preferences",),
        "show or change your name, e-mail, time zone and company",
    ),
    "settings": (
        ("commands_settings",),
        "show or change a book's settings (currency, exchange rates, margin...)",
    ),
}


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"planner.cli.{name}")


def _parser() -> tuple[
    argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]
]:
    parser = argparse.ArgumentParser(
        prog="planner",
        description=f"{APP_NAME}: account plans, health and QBRs from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    return parser, sub


def build_parser(modules: Sequence[str] = MODULE_NAMES) -> argparse.ArgumentParser:
    """The parser with every command of ``modules`` (default: all of them) registered."""
    parser, sub = _parser()
    for name in MODULE_NAMES:
        if name in modules:
            command_module(name).register(sub)
    return parser


def _names_only_parser() -> argparse.ArgumentParser:
    """Every command's name and help from :data:`COMMANDS`, importing none of them: enough for
    ``--version``, ``--help`` and naming an unknown command."""
    parser, sub = _parser()
    for name, (_modules, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text)
    return parser


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser ``argv`` needs: with only the modules of the command it names."""
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    if named is None or named not in COMMANDS:
        return _names_only_parser()
    return build_parser(COMMANDS[named][0])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = parser_for(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    # A command was parsed, so its module (which uses common) is imported already.
    from planner.cli.common import CommandError  # noqa: PLC0415 - see COMMANDS

    try:
        with _lock_for(args):
            return int(args.handler(args))
    except (PlannerError, CommandError) as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("planner: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the promise is "never a traceback"
        if os.environ.get("PLANNER_DEBUG"):
            traceback.print_exc()
        print(
            f"planner: unexpected error ({type(exc).__name__}: {exc}). Nothing was changed "
            "after the error. Run again with PLANNER_DEBUG=1 to see details, and report it.",
            file=sys.stderr,
        )
        return 1


@contextlib.contextmanager
def _lock_for(args: argparse.Namespace) -> Iterator[None]:
    """Hold the lock of the book this command writes (if it writes one) while it runs."""
    from planner.cli.common import Access, lock_explained  # noqa: PLC0415 - see COMMANDS

    access = getattr(args, "access", None)
    path = access.writes_with(args) if isinstance(access, Access) else None
    if path is None or not path.parent.is_dir():
        yield  # reads only; or a folder that does not exist, which the command will report
        return
    from planner.services.books import hold_lock  # noqa: PLC0415 - only commands that write

    lock: BookLock | None = None
    try:
        with lock_explained():
            lock = hold_lock(path, take_over=bool(getattr(args, "take_over", False)))
    except BookLockedError:
        raise
    except BookError:
        # The lock cannot be made (a read-only folder, a name too long...): the command meets
        # the same problem when it writes, and says so in its own words.
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
