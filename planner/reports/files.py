"""Writing export files safely: whole or not at all, with errors a person can act on."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from planner.domain import errors

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_filename(text: str, *, fallback: str = "export", limit: int = 80) -> str:
    """A file name made from ``text`` that every desktop system accepts.

    Characters that are not allowed in file names (``<>:"/\\|?*`` and control characters) are
    replaced by spaces; leading/trailing dots and spaces are dropped; Windows' reserved names
    get an underscore; the result is cut to ``limit`` characters.
    """
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = _UNSAFE.sub(" ", cleaned)
    cleaned = " ".join(cleaned.split()).strip(" .")
    if len(cleaned) > limit:
        cleaned = cleaned[:limit].rstrip(" .")
    if not cleaned:
        cleaned = fallback
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def ensure_folder(folder: Path) -> Path:
    """Create ``folder`` if needed and check it can be written, or raise a plain error."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise errors.ValidationError(
            "out", f"{folder} is a file, not a folder. Choose a folder for the exports."
        ) from exc
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    if not folder.is_dir():
        raise errors.ValidationError(
            "out", f"{folder} is a file, not a folder. Choose a folder for the exports."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise errors.ValidationError(
            "out", f"You cannot write to {folder}. Choose another folder for the exports."
        )
    return folder


def _write_error(path: Path, exc: OSError) -> errors.PlannerError:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return errors.ValidationError(
            "out", f"You cannot write to {path}. Choose another folder, or check its permissions."
        )
    if exc.errno == errno.ENOSPC:
        return errors.StorageError(
            f"The disk is full, so {path.name} could not be written. Free some space and try "
            "again.",
            path,
        )
    return errors.StorageError(
        f"{path.name} could not be written ({exc.strerror or exc}). Nothing was left half "
        "written; try again or choose another folder.",
        path,
    )


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A new, empty file beside ``path`` (permissions as any new file: the umask applies)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise _write_error(path.parent, exc) from exc
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write a file through ``write(handle)`` into a temporary file beside ``path``, then
    rename it into place: the target is either the complete new file or untouched."""
    path = Path(path)
    ensure_folder(path.parent)
    if path.is_dir():
        raise errors.ValidationError("out", f"{path} is a folder. Give a file name to write.")
    with _temporary_beside(path) as tmp:
        try:
            with tmp.open("wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(path)
        except OSError as exc:
            raise _write_error(path, exc) from exc
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write_atomically(path, write)
