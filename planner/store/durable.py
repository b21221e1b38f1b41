"""Making writes durable: flushing a file, and the folder entry of a rename, to the disk.

A file renamed into place survives a power cut or a pulled stick only when both the file's
bytes and the folder's new entry have reached the medium.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush ``path``'s bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path, *, best_effort: bool = False) -> None:
    """Flush ``folder``'s entries (a rename into it) to the disk.

    Windows cannot open folders, so there this does nothing. With ``best_effort`` a failure
    (some network or FAT file systems refuse it) is ignored.
    """
    if os.name != "posix":  # pragma: no cover - Windows cannot open folders for fsync
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        if best_effort:
            return
        raise
    try:
        with contextlib.suppress(OSError) if best_effort else contextlib.nullcontext():
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(target: Path, *, suffix: str = ".tmp") -> Iterator[Path]:
    """Write a new ``target`` safely: the body writes the temporary path this yields (beside
    the target, hidden); when the body succeeds the file is flushed, renamed over ``target``
    and the rename flushed. Whatever happens, no temporary file (or its journal) is left, and
    on failure ``target`` is as it was."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}{suffix}")
    for stale in (tmp, tmp.with_name(tmp.name + "-journal")):  # left by a dead process, same id
        with contextlib.suppress(OSError):
            stale.unlink(missing_ok=True)
    try:
        yield tmp
        fsync_file(tmp)
        tmp.replace(target)
        fsync_dir(target.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
