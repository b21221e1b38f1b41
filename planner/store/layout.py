"""How a book is laid out in its file, readable with the standard library alone (no SQLAlchemy).

The application id in the file's header, how ids are stored (16 bytes for a UUID), and the
schema's objects with their SQL text folded for comparison. :mod:`planner.store.models` and
:mod:`planner.store.checking` use these; so does :mod:`planner.store.quick_read`, which reads a
book for the command line without loading SQLAlchemy (it costs most of a short command's time).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

APPLICATION_ID = 0x41535042  # "ASPB": Account Success Planner Book

SCHEMA_DIGEST = "66a028e2c0ec6a40"
""":func:`schema_digest` of a new book of this version (``tests/planner/test_quick_read.py``
keeps it true: change the models or add a migration, and that test names the new value). A
book whose schema has any other digest is read the full way, which checks it in detail."""


def guid_bytes(value: str) -> bytes:
    """The 16 stored bytes of a UUID string (any other string: its UTF-8 bytes)."""
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
        try:
            return bytes.fromhex(value.replace("-", ""))
        except ValueError:
            pass
    return str(value).encode()


def guid_text(value: bytes) -> str:
    """The canonical UUID string of 16 stored bytes."""
    if len(value) != 16:
        return value.decode(errors="replace")
    h = value.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def fold_sql(sql: str | None) -> str:
    """SQL with white space, identifier quotes and case folded (string literals kept)."""
    if not sql:
        return ""
    out: list[str] = []
    for part in re.split(r"('(?:[^']|'')*')", sql):
        if part.startswith("'") and part.endswith("'") and len(part) > 1:
            out.append(part)
            continue
        text = re.sub(r'["`\[\]]', "", part).lower()
        text = re.sub(r"\s+", " ", text)
        out.append(re.sub(r"\s*([(),])\s*", r"\1", text))
    return "".join(out).strip()


def schema_objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(type, name) -> folded SQL of every object in the database (SQLite's own excepted)."""
    return {
        (kind, name): fold_sql(sql)
        for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
        if not name.startswith("sqlite_")
    }


def schema_digest(objects: dict[tuple[str, str], str]) -> str:
    """A short fingerprint of a schema (from :func:`schema_objects`)."""
    text = "\n".join(f"{kind} {name} {sql}" for (kind, name), sql in sorted(objects.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
