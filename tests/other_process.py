"""Another program using a book: a second process that holds its lock, or one that dies
holding it (a crash). Shared by the core, CLI and GUI lock tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_env() -> dict[str, str]:
    """A child's environment: the project importable, and any PYTHONPATH kept (``make
    test-other-day`` puts a helper there that every process needs)."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def child(code: str) -> subprocess.Popen[str]:
    """A separate Python process running ``code`` (dedented) with the project importable."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )


def hold_in_other_process(path: Path) -> subprocess.Popen[str]:
    """A live process holding ``path`` open for editing until :func:`release` is called."""
    proc = child(f"""
        import sys
        from planner.services import books
        book = books.open_book({str(path)!r}, lock=True)
        print("READY", flush=True)
        sys.stdin.read()
        book.close()
    """)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    proc.communicate(timeout=20)


def crash_while_holding(path: Path) -> int:
    """A process takes the lock and dies without releasing it; returns its pid."""
    proc = child(f"""
        import os
        from planner.services import books
        books.open_book({str(path)!r}, lock=True)
        print(os.getpid(), flush=True)
        os._exit(0)
    """)
    assert proc.stdout is not None
    pid = int(proc.stdout.readline())
    proc.communicate(timeout=20)
    return pid
