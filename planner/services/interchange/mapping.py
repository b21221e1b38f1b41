"""Column mappings: which CSV column fills which field, plus fixed values and format answers.

A mapping is filled automatically from the headers (:func:`auto_map`), can be edited, and can
be saved under a name in the book's settings (``import_mappings``) or as a JSON file that the
CLI takes (``--mapping FILE``)::

    {"format": "account-success-planner/mapping", "version": 1, "kind": "accounts",
     "columns": {"name": "Account Name", "crm_id": "Account ID"},
     "constants": {"currency": "EUR"}, "date_format": "DD/MM/YYYY", "decimal": ","}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planner.domain import errors
from planner.services import books
from planner.services.interchange import fields as f
from planner.services.interchange.values import CellValueError, parse_date_format
from planner.store.book import Book

MAPPING_FORMAT = "account-success-planner/mapping"
MAPPING_VERSION = 1
SETTING_KEY = "import_mappings"
MATCHES = (None, "name", "crm-id")


@dataclass(frozen=True)
class Mapping:
    kind: str
    columns: dict[str, str] = field(default_factory=dict)
    """field key -> CSV header."""
    constants: dict[str, str] = field(default_factory=dict)
    """field key -> the text every row gets (used when no column is mapped)."""
    date_format: str | None = None
    """``DD/MM/YYYY``, ``MM/DD/YYYY`` or ``YYYY-MM-DD`` when known."""
    decimal: str | None = None
    """``.`` or ``,`` when known."""
    match: str | None = None
    """For accounts whose name the book already has under another CRM id (the same company
    from another CRM): ``name`` updates them, ``crm-id`` creates new accounts; None until a
    person says (see :class:`planner.services.interchange.importer.LikelyMatchesError`)."""

    def with_column(self, key: str, header: str | None) -> Mapping:
        columns = dict(self.columns)
        if header:
            columns[key] = header
        else:
            columns.pop(key, None)
        return replace(self, columns=columns)

    def with_constant(self, key: str, value: str | None) -> Mapping:
        constants = dict(self.constants)
        if value:
            constants[key] = value
        else:
            constants.pop(key, None)
        return replace(self, constants=constants)

    def with_match(self, match: str | None) -> Mapping:
        if match not in MATCHES:
            raise errors.ValidationError("match", "Match accounts by 'name' or by 'crm-id'.")
        return replace(self, match=match)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MAPPING_FORMAT,
            "version": MAPPING_VERSION,
            "kind": self.kind,
            "columns": dict(self.columns),
            "constants": dict(self.constants),
            "date_format": self.date_format,
            "decimal": self.decimal,
            "match": self.match,
        }

    @classmethod
    def from_json(cls, data: Any, *, source: str = "the mapping") -> Mapping:
        if not isinstance(data, dict):
            raise errors.ValidationError("mapping", f"{source} is not a mapping (a JSON object).")
        if data.get("format", MAPPING_FORMAT) != MAPPING_FORMAT:
            raise errors.ValidationError("mapping", f"{source} is not an import mapping.")
        if int(data.get("version", 1)) > MAPPING_VERSION:
            raise errors.ValidationError(
                "mapping", f"{source} was saved by a newer version of the app; update it."
            )
        try:
            kind = f.kind(str(data.get("kind", ""))).key
        except KeyError:
            raise errors.ValidationError(
                "mapping",
                f"{source} names an unknown kind {data.get('kind')!r}; use one of "
                f"{', '.join(f.KINDS)}.",
            ) from None
        columns, constants = data.get("columns", {}), data.get("constants", {})
        if not isinstance(columns, dict) or not isinstance(constants, dict):
            raise errors.ValidationError(
                "mapping", f"{source}: columns and constants must be objects."
            )
        date_format, decimal = data.get("date_format"), data.get("decimal")
        if date_format is not None:
            try:
                parse_date_format(str(date_format))
            except CellValueError as exc:
                raise errors.ValidationError("date_format", f"{source}: {exc}") from exc
        if decimal not in (None, ".", ","):
            raise errors.ValidationError(
                "decimal", f"{source}: the decimal separator must be '.' or ','."
            )
        match = data.get("match")
        if match not in MATCHES:
            raise errors.ValidationError(
                "match", f"{source}: match accounts by 'name' or by 'crm-id'."
            )
        known = set(f.KINDS[kind].keys)
        unknown = sorted((set(columns) | set(constants)) - known)
        if unknown:
            raise errors.ValidationError(
                "mapping",
                f"{source} fills fields a {f.KINDS[kind].noun} does not have: "
                f"{', '.join(unknown)}.",
            )
        return cls(
            kind,
            {str(k): str(v) for k, v in columns.items() if v},
            {str(k): str(v) for k, v in constants.items() if v},
            str(date_format) if date_format else None,
            decimal,
            match,
        )


def auto_map(kind: str, headers: tuple[str, ...] | list[str]) -> Mapping:
    """The mapping the headers suggest (CRM header names; see :mod:`.fields`)."""
    spec = f.kind(kind)
    normalised = [(f.normalise_header(h), h) for h in headers]
    used: set[str] = set()
    columns: dict[str, str] = {}
    constants: dict[str, str] = {}
    for target in spec.fields:
        for alias in target.aliases:
            match = next((h for n, h in normalised if n == alias and h not in used), None)
            if match is not None:
                columns[target.key] = match
                used.add(match)
                for key, value in target.implies.get(alias, {}).items():
                    constants.setdefault(key, value)
                break
    for exact, shown in (("arr_minor", "arr"), ("amount_minor", "amount")):
        if exact in columns:
            columns.pop(shown, None)  # exact minor units win over the same amount for display
    parts = "first_name" in columns or "last_name" in columns
    if spec.key == "stakeholders" and "name" in columns and parts:
        # A "Name" next to first and last names is usually their join: prefer the parts.
        columns.pop("name")
    for key in list(constants):
        if key in columns:
            del constants[key]
    return Mapping(spec.key, columns, constants)


def problems(mapping: Mapping, headers: tuple[str, ...] | list[str]) -> list[str]:
    """What keeps ``mapping`` from being used with these headers, in words."""
    spec = f.kind(mapping.kind)
    found: list[str] = []
    header_set = set(headers)
    for key, header in mapping.columns.items():
        if header not in header_set:
            found.append(f"The column {header!r} (for {spec.field(key).label}) is not in the file.")
    filled = set(mapping.columns) | set(mapping.constants)
    for need in spec.needs:
        if not filled & set(need):
            labels = " or ".join(spec.field(k).label for k in need)
            found.append(f"Choose the column that holds the {labels}.")
    for key, value in mapping.constants.items():
        target = spec.field(key)
        if target.enum is not None:
            try:
                target.parse_enum(value)
            except ValueError:
                found.append(f"{value!r} is not a {target.label}; use one of {target.choices()}.")
    return found


# --------------------------------------------------------------------------- saved mappings


def saved_mappings(book: Book) -> dict[str, Mapping]:
    """The mappings saved in the book, by name."""
    raw = books.get_settings(book).get(SETTING_KEY) or {}
    out: dict[str, Mapping] = {}
    if isinstance(raw, dict):
        for name, data in raw.items():
            try:
                out[str(name)] = Mapping.from_json(data, source=f"The saved mapping {name!r}")
            except errors.ValidationError:
                continue
    return dict(sorted(out.items(), key=lambda item: item[0].casefold()))


def save_mapping(book: Book, name: str, mapping: Mapping) -> None:
    """Save ``mapping`` in the book under ``name`` (replacing one with the same name)."""
    name = " ".join(name.split())
    if not name:
        raise errors.ValidationError("name", "Give the mapping a name.")
    if len(name) > 80:
        raise errors.ValidationError("name", "Keep the mapping's name under 80 characters.")
    raw = books.get_settings(book).get(SETTING_KEY) or {}
    stored = dict(raw) if isinstance(raw, dict) else {}
    stored[name] = mapping.to_json()
    books.set_setting(book, SETTING_KEY, stored)


def delete_mapping(book: Book, name: str) -> None:
    raw = books.get_settings(book).get(SETTING_KEY) or {}
    stored = dict(raw) if isinstance(raw, dict) else {}
    if stored.pop(name, None) is None:
        raise errors.NotFoundError(f"There is no saved mapping called {name!r}.")
    books.set_setting(book, SETTING_KEY, stored)


def load_mapping_file(path: Path) -> Mapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise errors.NotFoundError(f"There is no mapping file at {path}.") from None
    except (OSError, ValueError) as exc:
        raise errors.ValidationError(
            "mapping", f"{path.name} is not a JSON mapping file ({exc})."
        ) from exc
    return Mapping.from_json(data, source=path.name)


def save_mapping_file(path: Path, mapping: Mapping) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(
        json.dumps(mapping.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    tmp.replace(path)
    return path
