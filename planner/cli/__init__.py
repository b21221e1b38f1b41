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
import os
import sys
import traceback
from collections.abc import Iterator, Sequence

from planner import APP_NAME, __version__
from planner.cli import commands_books
from planner.cli.common import Access, CommandError, lock_explained
from planner.domain.errors import BookError, BookLockedError, PlannerError
from planner.services.books import BookLock, hold_lock

#: Modules that add sub-commands; each has ``register(subparsers)``.
COMMAND_MODULES = [commands_books]


def _optional_modules() -> None:
    """Areas added by later work register themselves here when present."""
    import importlib  # noqa: PLC0415

    for name in (
        "commands_health",
        "commands_qbr",
        "commands_interchange",
        "commands_entities",
        "commands_log",
        "commands_workbook",
        "commands_preferences",
        "commands_settings",
    ):
        try:
            module = importlib.import_module(f"planner.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"planner.cli.{name}":
                raise
            continue
        if module not in COMMAND_MODULES:
            COMMAND_MODULES.append(module)


def build_parser() -> argparse.ArgumentParser:
    _optional_modules()
    parser = argparse.ArgumentParser(
        prog="planner",
        description=f"{APP_NAME}: account plans, health and QBRs from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
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
    access = getattr(args, "access", None)
    path = access.writes_with(args) if isinstance(access, Access) else None
    if path is None or not path.parent.is_dir():
        yield  # reads only; or a folder that does not exist, which the command will report
        return
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
