"""Exports: one CSV per table, and the versioned JSON archive of the whole book.

CSV (for spreadsheets and other tools): UTF-8 with a byte-order mark so Excel reads accents
right, one file per table, every column, money as integer minor units (``arr_minor``) with the
amount in major units beside it (``arr``), dates ``YYYY-MM-DD``, timestamps ISO-8601 UTC. Rows
that belong to an account also carry ``account_name`` and ``account_crm_id``. Every text cell
that starts with ``= + - @``, a tab or a carriage return is neutralised with a leading
apostrophe (reversibly: importing the file gives the original text back).

The JSON archive (for moving a whole book, exactly)::

    {"format": "account-success-planner/archive", "format_version": 1, "schema_version": 1,
     "app_version": "0.1.0", "exported_at": "...", "book_id": "...", "tables": {
    "settings": {"columns": ["id", "created_at", ...], "rows": [
    ["3f0e...", "2026-11-23T09:15:00.123Z", ...],
    ...
    ]},
    ...
    }}

Every table is included (settings, edit sessions and tombstones too), so
:func:`import_archive` into a new book reproduces the original row for row, and the copy can
later be merged with the original. The archive is written one row per line and read back the
same way, in bounded memory; an archive reformatted by another tool is still read (whole).
Files are written under a temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, String, Table, func, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from planner import __version__
from planner.domain import errors
from planner.domain.money import minor_to_text
from planner.services.interchange.csvio import escape_cell
from planner.store import bulk, migrations, placing, search_index
from planner.store import lock as locks
from planner.store import models as m
from planner.store.book import Book, building_engine, stamp_as_book
from planner.store.durable import replacing
from planner.store.fileformat import read_header

ARCHIVE_FORMAT = "account-success-planner/archive"
ARCHIVE_VERSION = 1
ProgressFn = Callable[[int, int], bool]

#: Tables exported as CSV (the book's records; not its bookkeeping).
CSV_TABLES: tuple[str, ...] = tuple(
    t.name
    for t in m.Base.metadata.sorted_tables
    if t.name not in {"settings", "edit_sessions", "tombstones"}
)
_MAJOR_NAMES = {"arr_minor": "arr", "amount_minor": "amount", "arr_delta_minor": "arr_delta"}


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    files: tuple[Path, ...]
    rows: dict[str, int]
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class ExportCancelledError(errors.PlannerError):
    """The user cancelled; no file was left behind."""


def _tables() -> list[Table]:
    return list(m.Base.metadata.sorted_tables)


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _count(book: Book, names: Iterable[str]) -> dict[str, int]:
    with book.read() as session:
        return {
            n: int(session.scalar(select(func.count()).select_from(_table(n))) or 0) for n in names
        }


def _iso_ms(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _parse_iso_ms(text_value: str) -> datetime:
    return datetime.fromisoformat(text_value.replace("Z", "+00:00")).astimezone(UTC)


# --------------------------------------------------------------------------- CSV


def export_csv(
    book: Book,
    folder: Path,
    *,
    tables: Iterable[str] | None = None,
    progress: ProgressFn | None = None,
) -> ExportResult:
    """Write ``<table>.csv`` for each table (default: every record table) into ``folder``."""
    began = time.perf_counter()
    folder = Path(folder)
    names = list(tables) if tables is not None else list(CSV_TABLES)
    unknown = [n for n in names if n not in CSV_TABLES]
    if unknown:
        raise errors.ValidationError(
            "tables", f"Unknown tables: {', '.join(unknown)}. Choose from {', '.join(CSV_TABLES)}."
        )
    if folder.exists() and not folder.is_dir():
        raise errors.ValidationError("out", f"{folder} is a file; give a folder for CSV files.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.StorageError(
            f"The folder {folder} could not be created ({exc.strerror or exc})."
        ) from exc
    counts = _count(book, names)
    total = sum(counts.values()) or 1
    done = 0
    files: list[Path] = []
    for name in names:
        target = folder / f"{name}.csv"
        try:
            with (
                replacing(target) as tmp,
                tmp.open("w", encoding="utf-8-sig", newline="") as handle,
            ):
                writer = csv.writer(handle, lineterminator="\r\n")
                for row in _csv_rows(book, _table(name)):
                    writer.writerow(row)
                    done += 1
                    if progress is not None and done % 500 == 0 and not progress(done, total):
                        raise ExportCancelledError("The export was cancelled.")
        except OSError as exc:
            raise _storage(exc, target) from exc
        files.append(target)
    if progress is not None:
        progress(total, total)
    return ExportResult(folder, tuple(files), counts, time.perf_counter() - began)


def _storage(exc: OSError, target: Path) -> errors.StorageError:
    return errors.StorageError(
        f"{target.name} could not be written ({exc.strerror or exc}). Check there is space and "
        "that the folder can be written; files already there were left as they were.",
        target,
    )


def _csv_rows(book: Book, table: Table) -> Iterator[list[str]]:
    """The header, then one list of cells per row."""
    own = [c for c in table.columns if c.name not in {"id", "created_at", "updated_at", "rev"}]
    columns = [table.c.id, *own, table.c.created_at, table.c.updated_at, table.c.rev]
    has_account = "account_id" in table.c
    extras = [c.name for c in columns if c.name in _MAJOR_NAMES and "currency" in table.c]
    header: list[str] = []
    for column in columns:
        header.append(column.name)
        if column.name in extras:
            header.append(_MAJOR_NAMES[column.name])
    if has_account:
        header += ["account_name", "account_crm_id"]
    yield header
    stmt = select(table)
    if has_account:
        stmt = stmt.add_columns(
            m.Account.name.label("__account_name"), m.Account.crm_id.label("__account_crm")
        ).outerjoin(m.Account, m.Account.id == table.c.account_id)
    stmt = stmt.order_by(*[c for c in (table.c.get("created_at"), table.c.id) if c is not None])
    with book.read() as session:
        for row in session.execute(stmt.execution_options(yield_per=1000)).mappings():
            cells: list[str] = []
            for column in columns:
                value = row[column]
                cells.append(_csv_cell(column, value))
                if column.name in extras:
                    cells.append(
                        minor_to_text(int(value), str(row[table.c.currency]))
                        if value is not None
                        else ""
                    )
            if has_account:
                cells.append(escape_cell(row["__account_name"] or ""))
                cells.append(escape_cell(row["__account_crm"] or ""))
            yield cells


def _csv_cell(column: Column[Any], value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return _iso_ms(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(column.type, JSON):
        return escape_cell(json.dumps(value, ensure_ascii=False))
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return escape_cell(str(value))


# --------------------------------------------------------------------------- archive: values


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return _iso_ms(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _reader(column: Column[Any]) -> Callable[[Any], Any]:
    """A stored value (not None) of ``column`` as the archive writes it: what
    :func:`_encode` makes of the value the column's type reads, without making that value."""
    ctype = column.type
    if isinstance(ctype, m.GUID):
        return m.guid_text if column.primary_key else _guid_text_memo()
    if isinstance(ctype, m.UTCDateTime):
        return _moment_text
    if isinstance(ctype, Boolean):
        return bool
    if isinstance(ctype, JSON):
        return _json_value
    if isinstance(ctype, Date):
        return lambda v: date.fromisoformat(v).isoformat()
    return _as_is


def _json_value(stored: Any) -> Any:
    """JSON text as its value; a bare number (SQLite keeps JSON ``5`` as the number) as is."""
    return json.loads(stored) if isinstance(stored, str | bytes) else stored


def _guid_text_memo() -> Callable[[bytes], str]:
    """:func:`models.guid_text` remembering what it made (links repeat); bounded."""
    made: dict[bytes, str] = {}

    def text_of(value: bytes) -> str:
        found = made.get(value)
        if found is None:
            found = m.guid_text(value)
            if len(made) >= _MEMO_LIMIT:
                made.clear()
            made[value] = found
        return found

    return text_of


@functools.lru_cache(maxsize=65_536)
def _moment_text(millis: int) -> str:
    """``_iso_ms`` of a stored timestamp, by arithmetic (one date formatted per day)."""
    day, rest = divmod(millis, _DAY_MS)
    if not _DAY_FIRST <= day <= _DAY_LAST:
        return _iso_ms(m.EPOCH + timedelta(milliseconds=millis))
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, ms = divmod(rest, 1000)
    return f"{_day_text(day)}T{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}Z"


@functools.lru_cache(maxsize=4096)
def _day_text(day: int) -> str:
    return date.fromordinal(_EPOCH_ORDINAL + day).isoformat()


@functools.lru_cache(maxsize=4096)
def _day_number(text_value: str) -> int:
    return date.fromisoformat(text_value).toordinal() - _EPOCH_ORDINAL


_DAY_MS = 86_400_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_FIRST = date(1000, 1, 1).toordinal() - _EPOCH_ORDINAL
_DAY_LAST = date(9999, 12, 31).toordinal() - _EPOCH_ORDINAL
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _as_is(value: Any) -> Any:
    return value


_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_MAX_JSON_DEPTH = 100


def _decode(column: Column[Any], value: Any) -> Any:
    """A value of the archive as the column keeps it; TypeError (with words) when it cannot
    be one."""
    if value is None:
        return None
    ctype = column.type
    if isinstance(ctype, m.UTCDateTime):
        return _parse_iso_ms(str(value))
    if isinstance(ctype, Date):
        return date.fromisoformat(str(value))
    if isinstance(ctype, SAEnum):
        if value not in ctype.enums:
            raise TypeError(f"{_shown(value)} is not one of {', '.join(ctype.enums)}")
        return str(value)
    if isinstance(ctype, Boolean):
        if not isinstance(value, bool):
            raise TypeError(f"{_shown(value)} is not true or false")
        return value
    if isinstance(ctype, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{_shown(value)} is not a whole number")
        if not _INT_MIN <= value <= _INT_MAX:
            raise TypeError(f"{_shown(value)} is too large for a book to hold")
        return value
    if isinstance(ctype, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{_shown(value)} is not a number")
        if not math.isfinite(value):
            raise TypeError(f"{_shown(value)} is not a number a book can hold")
        return float(value)
    if isinstance(ctype, JSON):
        if _depth(value) > _MAX_JSON_DEPTH:
            raise TypeError(f"a value is nested more than {_MAX_JSON_DEPTH} levels deep")
        return value
    if not isinstance(value, str):
        raise TypeError(f"{_shown(value)} is not text")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, list | dict):
            deepest = max(deepest, level)
            if deepest > _MAX_JSON_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


# --------------------------------------------------------------------------- archive: export


def export_archive(book: Book, path: Path, *, progress: ProgressFn | None = None) -> ExportResult:
    """Write the whole book to a JSON archive at ``path`` (atomically)."""
    began = time.perf_counter()
    path = Path(path)
    tables = _tables()
    counts = _count(book, [t.name for t in tables])
    total = sum(counts.values()) or 1
    done = 0
    header = {
        "format": ARCHIVE_FORMAT,
        "format_version": ARCHIVE_VERSION,
        "schema_version": migrations.SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": _iso_ms(book.clock.now()),
        "book_id": str(book.setting("book_id", "")),
        "book_name": book.name,
    }
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    try:
        with replacing(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
            out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {\n')
            for t_index, table in enumerate(tables):
                columns = list(table.columns)
                out.write(
                    f'{json.dumps(table.name)}: {{"columns": '
                    f'{json.dumps([c.name for c in columns])}, "rows": [\n'
                )
                first = True
                readers = [_reader(c) for c in columns]
                names = ", ".join(f'"{c.name}"' for c in columns)
                lines: list[str] = []
                with book.read() as session:
                    cursor = bulk.driver(session).execute(
                        f'SELECT {names} FROM "{table.name}" ORDER BY id'  # noqa: S608 - our names
                    )
                    for row in cursor:
                        encoded = [
                            None if v is None else f(v) for f, v in zip(readers, row, strict=True)
                        ]
                        lines.append(dumps(encoded))
                        done += 1
                        if done % 500 == 0:
                            out.write(("" if first else ",\n") + ",\n".join(lines))
                            lines, first = [], False
                            if progress is not None and not progress(done, total):
                                raise ExportCancelledError("The export was cancelled.")
                if lines:
                    out.write(("" if first else ",\n") + ",\n".join(lines))
                    first = False
                out.write(
                    ("" if first else "\n")
                    + "]}"
                    + ("," if t_index < len(tables) - 1 else "")
                    + "\n"
                )
            out.write("}}\n")
    except OSError as exc:
        raise _storage(exc, path) from exc
    if progress is not None:
        progress(total, total)
    return ExportResult(path, (path,), counts, time.perf_counter() - began)


# --------------------------------------------------------------------------- archive: reading

_TABLE_LINE = re.compile(r'^("[a-z_]+"): \{"columns": (\[.*\]), "rows": \[$')
_END_LINES = {"]},", "]}"}


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    path: Path
    format_version: int
    schema_version: int
    app_version: str
    exported_at: str
    book_id: str
    book_name: str


def _bad_archive(path: Path, detail: str) -> errors.ValidationError:
    return errors.ValidationError(
        "archive", f"{path.name} is not an Account Success Planner archive ({detail})."
    )


def _check_header(path: Path, head: Any) -> ArchiveInfo:
    if not isinstance(head, dict) or head.get("format") != ARCHIVE_FORMAT:
        raise _bad_archive(path, "it does not say it is one")
    version = head.get("format_version")
    if not isinstance(version, int) or version > ARCHIVE_VERSION:
        raise errors.ValidationError(
            "archive",
            f"{path.name} was written by a newer version of the app (archive format "
            f"{version}); update the app to read it.",
        )
    schema = head.get("schema_version")
    if not isinstance(schema, int) or schema > migrations.SCHEMA_VERSION:
        raise errors.ValidationError(
            "archive",
            f"{path.name} holds a book from a newer version of the app (format "
            f"{schema}); update the app to read it.",
        )
    if schema < ROWS_SAME_SINCE:
        raise errors.ValidationError(
            "archive",
            f"{path.name} holds a book in the older format {schema}; open it with "
            "the version that wrote it and save a new archive.",
        )
    return ArchiveInfo(
        path,
        version,
        schema,
        str(head.get("app_version", "")),
        str(head.get("exported_at", "")),
        str(head.get("book_id", "")),
        str(head.get("book_name", "")),
    )


#: The oldest book format whose archives hold exactly the rows of the current one (format 3 only
#: added indexes), so they can be imported as they are.
ROWS_SAME_SINCE = 2


_COMPRESSED = {
    b"\x1f\x8b": "compressed (gzip): uncompress it (gunzip) and import the .json file inside",
    b"PK\x03\x04": "a ZIP file: unzip it and import the .json file inside",
    b"BZh": "compressed (bzip2): uncompress it and import the .json file inside",
    b"\xfd7zXZ": "compressed (xz): uncompress it and import the .json file inside",
}


def _check_file(path: Path) -> None:
    """Refuse what is not a plain, readable, uncompressed file (before reading any text)."""
    kind = placing.kind_of(path)
    if kind is not None:
        raise placing.not_a_file_error(path, kind)
    try:
        with path.open("rb") as raw:
            head = raw.read(8)
    except FileNotFoundError:
        raise errors.NotFoundError(f"There is no archive at {path}.") from None
    except OSError as exc:
        raise errors.ValidationError(
            "archive", f"{path.name} could not be read ({exc.strerror or exc})."
        ) from exc
    for magic, what in _COMPRESSED.items():
        if head.startswith(magic):
            raise errors.ValidationError("archive", f"{path.name} is {what}.")


def read_archive(path: Path) -> tuple[ArchiveInfo, Iterator[tuple[str, list[str], list[Any]]]]:
    """The archive's header and its rows as (table, columns, values), streaming when the file
    has the layout this app writes (otherwise read whole)."""
    path = Path(path)
    _check_file(path)
    handle = path.open("r", encoding="utf-8-sig")
    try:
        first = handle.readline().rstrip("\n")
    except UnicodeDecodeError as exc:
        handle.close()
        raise _bad_archive(path, "it is not UTF-8 text") from exc
    suffix = ', "tables": {'
    if first.startswith('{"format"') and first.endswith(suffix):
        try:
            info = _check_header(path, json.loads(first[: -len(suffix)] + "}"))
        except ValueError as exc:
            handle.close()
            raise _bad_archive(path, "its first line is not JSON") from exc
        except BaseException:
            handle.close()
            raise
        if not _ends_whole(path):
            handle.close()
            raise _bad_archive(path, "it ends too early (was it cut short?)")
        return info, _stream_rows(path, handle)
    try:
        handle.seek(0)
        data = json.load(handle)
    except RecursionError as exc:
        raise _bad_archive(path, "it is nested too deeply to be an archive") from exc
    except UnicodeDecodeError as exc:
        raise _bad_archive(path, "it is not UTF-8 text") from exc
    except ValueError as exc:
        raise _bad_archive(path, f"it is not valid JSON: {exc}") from exc
    finally:
        handle.close()
    info = _check_header(path, data)
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise _bad_archive(path, "it has no tables")

    def rows() -> Iterator[tuple[str, list[str], list[Any]]]:
        for name, body in tables.items():
            if not isinstance(body, dict):
                raise _bad_archive(path, f"table {name!r} is malformed")
            columns, values = body.get("columns"), body.get("rows")
            if not isinstance(columns, list) or not isinstance(values, list):
                raise _bad_archive(path, f"table {name!r} is malformed")
            for value in values:
                yield str(name), columns, value

    return info, rows()


def _ends_whole(path: Path) -> bool:
    with path.open("rb") as raw:
        raw.seek(max(path.stat().st_size - 16, 0))
        return raw.read().rstrip().endswith(b"}}")


def _stream_rows(path: Path, handle: Any) -> Iterator[tuple[str, list[str], list[Any]]]:
    try:
        yield from _stream_lines(path, handle)
    except UnicodeDecodeError as exc:
        raise _bad_archive(path, "it is not UTF-8 text") from exc
    finally:
        handle.close()


def _stream_lines(path: Path, handle: Any) -> Iterator[tuple[str, list[str], list[Any]]]:
    table: str | None = None
    columns: list[str] = []
    for number, raw in enumerate(handle, start=2):
        line = raw.rstrip("\n")
        if table is None:
            if line == "}}":
                return
            match = _TABLE_LINE.match(line)
            if not match:
                raise _bad_archive(path, f"line {number} is not a table header")
            table, columns = json.loads(match.group(1)), json.loads(match.group(2))
            continue
        if line in _END_LINES:
            table = None
            continue
        try:
            values = _row_value(line.removesuffix(","))
        except RecursionError as exc:
            raise _bad_archive(path, f"line {number} is nested too deeply") from exc
        except ValueError as exc:
            raise _bad_archive(path, f"line {number} is not JSON") from exc
        yield table, columns, values
    raise _bad_archive(path, "it ends too early (was it cut short?)")


_SCAN = json.JSONDecoder().raw_decode


def _row_value(line: str) -> Any:
    """``json.loads(line)``, without its wrapping when the line is one value and nothing else
    (as archives write them); any other line goes to ``json.loads`` for its verdict."""
    try:
        value, end = _SCAN(line)
    except (ValueError, RecursionError):
        return json.loads(line)
    return value if end == len(line) else json.loads(line)


# --------------------------------------------------------------------------- archive: import


@dataclass(frozen=True, slots=True)
class ArchiveImportResult:
    book: Path
    archive: ArchiveInfo
    rows: dict[str, int]
    seconds: float


def _empty_book(path: Path) -> bool:

    read_header(path)
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        for name in CSV_TABLES:
            if conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone():  # noqa: S608 - known names
                return False
        return conn.execute("SELECT 1 FROM tombstones LIMIT 1").fetchone() is None
    finally:
        conn.close()


def import_archive(
    archive: Path, target: Path, *, take_over: bool = False, progress: ProgressFn | None = None
) -> ArchiveImportResult:
    """Make the book at ``target`` an exact copy of the book in ``archive``.

    ``target`` must not exist, or be an empty book (as ``planner new`` makes). The new book is
    built beside it under a temporary name, checked, synced and renamed into place.
    """
    began = time.perf_counter()
    archive, target = Path(archive), Path(target)
    placing.check_target(target, replace=True)
    held: locks.BookLock | None = None
    if target.exists():
        if not _empty_book(target):
            raise errors.ConflictError(
                f"{target.name} already holds records. An archive can only be imported into a "
                "new or empty book; to combine two copies of a book, use merge."
            )
        held = locks.BookLock.acquire(target, take_over=take_over, heartbeat=False)
    try:
        with placing.new_book_file(target, replace=True) as tmp:
            info, rows = read_archive(archive)
            counts = _build_from(tmp, archive, rows, progress)
    finally:
        if held is not None:
            held.release()
    return ArchiveImportResult(target, info, counts, time.perf_counter() - began)


def _build_from(
    tmp: Path,
    archive: Path,
    rows: Iterator[tuple[str, list[str], list[Any]]],
    progress: ProgressFn | None,
) -> dict[str, int]:
    """Build the book in one transaction: tables first, rows decoded straight to the form the
    file stores and inserted with ``executemany``, then the indexes that are not unique (built
    once from sorted keys rather than row by row) and the search index (every record indexed
    once, not marked row by row by its triggers), links checked.

    SQLite wrote the file in that one transaction with ``synchronous=FULL``; the placing step
    syncs it and renames it in. It is not read back with ``integrity_check`` (that would only
    re-read what SQLite just wrote, at about the cost of the whole import)."""
    tmp.unlink(missing_ok=True)
    engine = building_engine(tmp)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            m.Base.metadata.create_all(conn)
            raw = bulk.driver(conn)
            raw.execute(f"PRAGMA cache_size = -{_BUILD_CACHE_KIB}")
            raw.execute("PRAGMA defer_foreign_keys = ON")
            later = bulk.secondary_indexes(raw)
            for name, _sql in later:
                raw.execute(f'DROP INDEX "{name}"')
            marking = bulk.triggers(raw)
            for name, _sql in marking:
                raw.execute(f'DROP TRIGGER "{name}"')
            batch: list[tuple[Any, ...]] = []
            current: str | None = None
            store: _Store | None = None
            for name, columns, values in rows:
                if name != current:
                    _flush_checked(archive, conn, store, batch)
                    batch, current = [], name
                    _check_columns(archive, name, columns)
                    store = _Store(name, columns)
                assert store is not None
                batch.append(store.row(archive, values, counts.get(name, 0)))
                counts[name] = counts.get(name, 0) + 1
                if len(batch) >= 5000:
                    _flush_checked(archive, conn, store, batch)
                    batch = []
                    if progress is not None and not progress(sum(counts.values()), 0):
                        raise ExportCancelledError("The import was cancelled; nothing was written.")
            _flush_checked(archive, conn, store, batch)
            for _name, sql in (*later, *marking):
                raw.execute(sql)
            search_index.rebuild(search_index.connection_executor(raw))
            raw.execute("PRAGMA cache_size = -2000")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise _bad_archive(archive, f"{len(broken)} records point at records it lacks")
            stamp_as_book(conn)
    finally:
        engine.dispose()
    return counts


_BUILD_CACHE_KIB = 131_072
"""Page cache while an archive is loaded (128 MB): a big book's indexes stay in memory."""


class _Store:
    """How the rows of one table of an archive become stored rows: each value checked as
    :func:`_decode` does, then turned into the stored form by the column's own type. Columns
    the archive lacks (one written before they existed) take their defaults."""

    def __init__(self, name: str, columns: list[str]) -> None:
        table = _table(name)
        self.name = name
        self.columns = columns
        given = set(columns)
        missing = [c for c in table.columns if c.name not in given]
        self.names = (*columns, *(c.name for c in missing))
        procs = dict(zip(*bulk.processors(name), strict=True))
        self.steps = [_storer(table.c[c], procs[c]) for c in columns]
        defaults = [(_default(c), procs[c.name]) for c in missing]
        self.defaults = tuple(d if d is None or p is None else p(d) for d, p in defaults)

    def row(self, archive: Path, values: Any, index: int) -> tuple[Any, ...]:
        if not isinstance(values, list) or len(values) != len(self.columns):
            raise _bad_archive(
                archive, f"row {index + 1} of {self.name!r} has the wrong number of values"
            )
        try:
            out = [None if v is None else f(v) for f, v in zip(self.steps, values, strict=True)]
        except (TypeError, ValueError) as exc:
            raise _bad_archive(
                archive, f"row {index + 1} of {self.name!r} is damaged ({exc})"
            ) from exc
        return (*out, *self.defaults)


def _storer(column: Column[Any], proc: bulk.Processor) -> Callable[[Any], Any]:
    """One archive value (not None) of ``column`` as the file stores it, checked as
    :func:`_decode` checks it (TypeError or ValueError, with words, when it cannot be one).

    Each kind of column has a fast path for the values archives hold (the same result as
    :func:`_decode` then ``proc``); anything else goes through :func:`_decode` itself, so what
    is refused, and the words it is refused with, do not change."""
    ctype = column.type
    if isinstance(ctype, m.GUID):
        return _store_guid if column.primary_key else _guid_memo()
    if isinstance(ctype, m.UTCDateTime):
        return _store_moment
    if isinstance(ctype, Date):
        return _store_day
    if isinstance(ctype, String) and not isinstance(ctype, SAEnum):
        return _store_text

    def slow(value: Any) -> Any:
        decoded = _decode(column, value)
        return decoded if proc is None else proc(decoded)

    if isinstance(ctype, SAEnum):
        stored = {e: slow(e) for e in ctype.enums}
        return lambda v: stored[v] if type(v) is str and v in stored else slow(v)
    if isinstance(ctype, Boolean):
        truth = {flag: slow(flag) for flag in (True, False)}
        return lambda v: truth[v] if v is True or v is False else slow(v)
    if isinstance(ctype, Integer) and proc is None:
        return lambda v: v if type(v) is int and _INT_MIN <= v <= _INT_MAX else slow(v)
    if isinstance(ctype, JSON):
        return lambda v: proc(v) if proc is not None and _flat_texts(v) else slow(v)
    return slow


def _flat_texts(value: Any) -> bool:
    """A list of texts (or an empty object): nested one level, so :func:`_decode` has
    nothing to refuse."""
    if type(value) is list:
        return all(type(item) is str for item in value)
    return type(value) is dict and not value


def _guid_memo() -> Callable[[Any], bytes]:
    """:func:`_store_guid` remembering what it made (links repeat: every action of an
    account holds the account's id); bounded."""
    made: dict[str, bytes] = {}

    def store(value: Any) -> bytes:
        found = made.get(value) if type(value) is str else None
        if found is None:
            found = _store_guid(value)
            if len(made) >= _MEMO_LIMIT:
                made.clear()
            made[value] = found
        return found

    return store


_MEMO_LIMIT = 65_536


def _store_guid(value: Any) -> bytes:
    if type(value) is str:
        if (
            len(value) == 36
            and value[8] == "-"
            and value[13] == "-"
            and value[18] == "-"
            and value[23] == "-"
        ):
            try:
                return bytes.fromhex(value.replace("-", ""))
            except ValueError:
                pass
        return m.guid_bytes(value)
    if not isinstance(value, str):
        raise TypeError(f"{_shown(value)} is not text")
    return m.guid_bytes(value)


def _store_moment(value: Any) -> int:
    if type(value) is str:
        return _moment_number(value)
    return _moment_number.__wrapped__(str(value))


@functools.lru_cache(maxsize=_MEMO_LIMIT)
def _moment_number(text_: str) -> int:
    """A timestamp of an archive as stored milliseconds (remembered: the rows one write made
    share their stamps)."""
    if len(text_) == 24 and _MOMENT.fullmatch(text_):  # as archives write them: by arithmetic
        hours, minutes, seconds = int(text_[11:13]), int(text_[14:16]), int(text_[17:19])
        if hours < 24 and minutes < 60 and seconds < 60:
            return (
                _day_number(text_[:10]) * _DAY_MS
                + ((hours * 60 + minutes) * 60 + seconds) * 1000
                + int(text_[20:23])
            )
    delta = _parse_iso_ms(text_) - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def _store_day(value: Any) -> str:
    if type(value) is str:
        return _day_stored(value)
    return date.fromisoformat(str(value)).isoformat()


@functools.lru_cache(maxsize=4096)
def _day_stored(text_: str) -> str:
    return date.fromisoformat(text_).isoformat()


def _store_text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{_shown(value)} is not text")
    return value


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _default(column: Column[Any]) -> Any:
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def _check_columns(archive: Path, name: str, columns: list[str]) -> None:
    if name not in m.Base.metadata.tables:
        raise _bad_archive(archive, f"it has a table {name!r} this version does not know")
    known = set(_table(name).c.keys())
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise _bad_archive(archive, f"table {name!r} has unknown columns {unknown}")


def _flush_checked(
    archive: Path, conn: Connection, store: _Store | None, batch: list[tuple[Any, ...]]
) -> None:
    """Insert a batch; a record the book's rules refuse makes the archive refused, in words."""
    if store is None or not batch:
        return
    name = store.name
    try:
        bulk.insert_stored(conn, name, batch, store.names)
    except IntegrityError as exc:
        text_ = str(exc.orig).lower()
        if "unique" in text_ and text_.rstrip().endswith(".id"):
            detail = f"two records of {name!r} have the same id"
        elif "unique" in text_:
            detail = f"two records of {name!r} share a value that must be unique ({exc.orig})"
        elif "not null" in text_:
            detail = f"a record of {name!r} lacks a value that must be set ({exc.orig})"
        else:
            detail = f"a record of {name!r} breaks the book's rules ({exc.orig})"
        raise _bad_archive(archive, detail) from exc
