"""Helpers for the reliability tests: running code where permissions and disk limits are real.

Tests run as root in CI, where ``chmod`` does not stop writes. Three ways keep them honest:

* :func:`run_unprivileged` runs a Python snippet in a child where file permissions apply:
  directly when we are not root; as root with every capability dropped (``setpriv
  --bounding-set -all``: root without CAP_DAC_OVERRIDE is held to the owner's permission bits,
  so a 0444 file or a 0555 folder really is read-only, and the child can still read the
  virtualenv and the test's temporary files), else inside a new *user namespace* (``unshare
  --user``). CI runs as root, so these tests run there too.
* :func:`run_on_read_only_mount` bind-mounts a folder read-only in a private mount namespace
  (``unshare --mount``): a read-only medium, even for root.
* :func:`run_in_small_tmpfs` mounts a tiny tmpfs (a real "disk full", ENOSPC);
  :func:`run_with_file_size_limit` uses RLIMIT_FSIZE instead, which works everywhere.

Every helper runs a separate interpreter and returns its result; the snippets print JSON.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNSHARE = shutil.which("unshare")
SETPRIV = shutil.which("setpriv")
DROP_CAPABILITIES = ["--bounding-set", "-all", "--inh-caps", "-all", "--ambient-caps", "-all"]
MOUNT = shutil.which("mount")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run(argv: list[str], code: str, *, timeout: float = 60) -> dict[str, Any]:
    result = subprocess.run(
        [*argv, sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        cwd=ROOT,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise AssertionError(
            f"child failed ({result.returncode}):\nstdout:\n{result.stdout}\nstderr:\n"
            f"{result.stderr}"
        )
    return json.loads(lines[-1])  # type: ignore[no-any-return]


@functools.cache
def _user_namespace_works() -> bool:
    if UNSHARE is None:
        return False
    folder = Path(tempfile.mkdtemp(prefix="planner-ns-"))
    try:
        probe = folder / "probe"
        probe.write_text("x", encoding="utf-8")
        probe.chmod(0o444)
        result = subprocess.run(
            [UNSHARE, "--user", "sh", "-c", f"echo y >> '{probe}'"],
            capture_output=True,
            text=True,
            check=False,
        )
        denied = result.returncode != 0 and probe.read_text(encoding="utf-8") == "x"
        ok = subprocess.run(
            [UNSHARE, "--user", sys.executable, "-c", "import planner"],
            capture_output=True,
            env=_env(),
            cwd=ROOT,
            check=False,
        )
        return denied and ok.returncode == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def permissions_apply_here() -> bool:
    return os.geteuid() != 0


def run_unprivileged(code: str) -> dict[str, Any]:
    """Run ``code`` where file permissions are enforced (see the module docstring)."""
    if permissions_apply_here():
        return _run([], code)
    if SETPRIV is not None:
        return _run([SETPRIV, *DROP_CAPABILITIES], code)
    if _user_namespace_works():
        assert UNSHARE is not None
        return _run([UNSHARE, "--user"], code)
    pytest.fail("running as root without setpriv or user namespaces: install util-linux")


@functools.cache
def _mounts_work() -> bool:
    if UNSHARE is None or MOUNT is None:
        return False
    folder = Path(tempfile.mkdtemp(prefix="planner-mnt-"))
    try:
        bind = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"
        script = f"{bind} && ! touch '{folder}/x' 2>/dev/null"
        result = subprocess.run(
            [UNSHARE, "--mount", "--propagation", "private", "sh", "-c", script],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_on_read_only_mount(folder: Path, code: str) -> dict[str, Any]:
    """Run ``code`` with ``folder`` bind-mounted read-only (a read-only medium)."""
    if not _mounts_work():
        pytest.skip("mounting is not permitted here (no CAP_SYS_ADMIN)")
    assert UNSHARE is not None
    script = (
        f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && "
        'exec "$0" "$@"'
    )
    return _run([UNSHARE, "--mount", "--propagation", "private", "sh", "-c", script], code)


def run_in_small_tmpfs(folder: Path, size_kib: int, setup: str, code: str) -> dict[str, Any]:
    """Mount a ``size_kib`` tmpfs on ``folder``, run the ``setup`` shell commands, then ``code``."""
    if not _mounts_work():
        pytest.skip("mounting is not permitted here (no CAP_SYS_ADMIN)")
    assert UNSHARE is not None
    mount = f"mount -t tmpfs -o size={size_kib}k tmpfs '{folder}'"
    script = f'{mount} && {setup} && exec "$0" "$@"'
    return _run([UNSHARE, "--mount", "--propagation", "private", "sh", "-c", script], code)


def run_with_file_size_limit(limit: int, code: str) -> dict[str, Any]:
    """Run ``code`` unable to write any file beyond ``limit`` bytes (RLIMIT_FSIZE)."""
    prelude = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
    )
    return _run([], prelude + textwrap.dedent(code))
