"""The one mechanism behind every service's create / read / update / delete.

An :class:`Entity` ties an ORM model to its frozen DTO and to its cross-field rules. Field
validation is read from the schema itself (column type, nullability, length, and the
``label``/``min``/``max`` in each column's ``info``), so every form and every import gets the
same checks and the same plain messages, naming the field:

    ValidationError("influence", "Influence must be between 1 and 5 (you entered 7).")

Each public function here is one unit of work (one short transaction) and returns DTOs, never
live ORM objects.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, Select, String, Text, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.enums import LabelledEnum
from planner.domain.money import is_currency_code
from planner.store import rows
from planner.store.book import Book
from planner.store.models import GUID, Base, Tracked

M = TypeVar("M", bound=Tracked)
D = TypeVar("D")

READ_ONLY_FIELDS = frozenset({"id", "created_at", "updated_at", "rev"})
TEXT_LIMIT = 50_000
Values = dict[str, Any]
Check = Callable[[Session, Values, Values | None], None]
"""Cross-field rule: (session, the row's full values after the change, values before or None).
It may adjust derived fields in the values dict (e.g. set ``completed_on``)."""


@dataclass(frozen=True)
class Entity(Generic[M, D]):
    model: type[M]
    dto: type[D]
    noun: str
    check: Check | None = None

    @property
    def table_name(self) -> str:
        return str(self.model.__table__.name)  # type: ignore[attr-defined]

    @functools.cached_property
    def columns(self) -> Mapping[str, Column[Any]]:
        return MappingProxyType({c.name: c for c in self.model.__table__.columns})  # type: ignore[attr-defined]

    @property
    def dto_fields(self) -> tuple[str, ...]:
        """DTO fields read from the row; other DTO fields (with defaults) are filled by services."""
        columns = self.columns
        return tuple(
            f.name
            for f in dataclasses.fields(self.dto)  # type: ignore[arg-type]
            if f.name in columns
        )

    def select(self) -> Select[*tuple[Any, ...]]:
        table = self.model.__table__  # type: ignore[attr-defined]
        return select(*[table.c[name] for name in self.dto_fields])

    def from_row(self, row: Mapping[Any, Any]) -> D:
        return self.dto(**{name: row[name] for name in self.dto_fields})

    def from_obj(self, obj: M) -> D:
        return self.dto(**{name: getattr(obj, name) for name in self.dto_fields})


# --------------------------------------------------------------------------- validation


def field_label(column: Column[Any]) -> str:
    return str(column.info.get("label", column.name.replace("_", " ").capitalize()))


def _fail(column: Column[Any], message: str) -> errors.ValidationError:
    return errors.ValidationError(column.name, message.format(label=field_label(column)))


def coerce(column: Column[Any], value: Any) -> Any:
    """Check one value against its column and return it in the stored type."""
    return _coercer(column)(value)


@functools.cache
def _coercer(column: Column[Any]) -> Callable[[Any], Any]:
    """:func:`coerce` for one column: which check its type takes is settled once."""
    ctype = column.type
    blank_is_none = not _is_text(ctype)
    check: Callable[[Any], Any]
    if isinstance(ctype, GUID):
        check = functools.partial(_coerce_reference, column)
    elif isinstance(ctype, SAEnum):
        check = functools.partial(_coerce_enum, column, ctype)
    elif isinstance(ctype, Boolean):
        check = functools.partial(_coerce_bool, column)
    elif isinstance(ctype, Integer):
        check = functools.partial(_coerce_number, column, integer=True)
    elif isinstance(ctype, Float):
        check = functools.partial(_coerce_number, column, integer=False)
    elif isinstance(ctype, Date):
        check = functools.partial(_coerce_date, column)
    elif isinstance(ctype, JSON):
        check = functools.partial(_coerce_json, column)
    elif isinstance(ctype, String | Text):
        check = functools.partial(_coerce_text, column)
    else:
        check = functools.partial(_unchangeable, column)

    def run(value: Any) -> Any:
        if value is None or (blank_is_none and isinstance(value, str) and not value.strip()):
            if column.nullable:
                return None
            fallback = _default(column)
            if fallback is not None:
                return fallback
            raise _fail(column, "{label} is required.")
        return check(value)

    return run


def _coerce_bool(column: Column[Any], value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(column, "{label} must be yes or no.")
    return value


def _unchangeable(column: Column[Any], _value: Any) -> Any:
    raise _fail(column, "{label} cannot be changed.")


def _is_text(ctype: Any) -> bool:
    return isinstance(ctype, String | Text) and not isinstance(ctype, SAEnum)


def _required(column: Column[Any]) -> bool:
    return column.default is None and not column.nullable


def _coerce_reference(column: Column[Any], value: Any) -> str:
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    raise _fail(column, f"{{label}}: {str(value)[:40]!r} is not a valid reference.")


def _coerce_enum(column: Column[Any], ctype: SAEnum, value: Any) -> StrEnum:
    enum_cls = ctype.enum_class
    assert enum_cls is not None
    if isinstance(value, enum_cls):
        return value  # type: ignore[return-value]
    if isinstance(value, str) and issubclass(enum_cls, LabelledEnum):
        try:
            return enum_cls.parse(value)
        except ValueError:
            pass
    choices = ", ".join(getattr(m, "label", m.value) for m in enum_cls)
    raise _fail(column, f"{{label}}: {str(value)[:40]!r} is not one of: {choices}.")


def _coerce_number(column: Column[Any], value: Any, *, integer: bool) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a whole number" if integer else "a number"
        raise _fail(column, f"{{label}} must be {kind}.")
    if integer and isinstance(value, float):
        if not value.is_integer():
            raise _fail(column, "{label} must be a whole number.")
        value = int(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(column, "{label} must be a finite number.")
    low, high = column.info.get("min"), column.info.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        raise _fail(column, _range_message(value, low, high))
    if not integer:
        return float(value)
    if abs(value) > 2**62:
        raise _fail(column, "{label} is too large.")
    return int(value)


def _range_message(value: float, low: float | None, high: float | None) -> str:
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    huge = 10**12  # bounds this large only guard storage: quoting them would not help anyone
    low = None if low is not None and low <= -huge else low
    high = None if high is not None and high >= huge else high
    if low is not None and high is not None:
        return f"{{label}} must be between {low} and {high} (you entered {shown})."
    if low is not None and value < low:
        return f"{{label}} must be {low} or more (you entered {shown})."
    if high is not None and value > high:
        return f"{{label}} must be {high} or less (you entered {shown})."
    return f"{{label}} is too {'large' if value > 0 else 'small'} (you entered {shown})."


def _coerce_date(column: Column[Any], value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return fmt.parse_day(value)
        except ValueError:
            pass
    raise _fail(column, f"{{label}} must be a date like {fmt.DAY_FORMS} (got {str(value)[:40]!r}).")


def _coerce_json(column: Column[Any], value: Any) -> Any:
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise _fail(column, "{label} must be a list of texts.")
        return [v.strip()[:500] for v in value if v.strip()]
    if isinstance(value, dict):
        return value
    raise _fail(column, "{label} must be a list.")


def _coerce_text(column: Column[Any], value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(column, "{label} must be text.")
    if "\x00" in value:
        raise _fail(column, "{label} contains a NUL character; remove it and try again.")
    single_line = isinstance(column.type, String) and not isinstance(column.type, Text)
    text = " ".join(value.split()) if single_line else value.strip()
    if not text and _required(column):
        raise _fail(column, "{label} is required.")
    if column.info.get("currency") or column.name == "currency":
        text = text.upper()
        if not is_currency_code(text):
            raise _fail(
                column,
                f"{{label}} must be a three-letter code such as USD or EUR (got {text[:20]!r}).",
            )
    length = getattr(column.type, "length", None)
    limit = length if single_line and length else TEXT_LIMIT
    if len(text) > limit:
        raise _fail(
            column, f"{{label}} is too long ({len(text):,} characters; the limit is {limit:,})."
        )
    return text


def validate(entity: Entity[Any, Any], values: Mapping[str, Any], *, creating: bool) -> Values:
    """Coerce ``values`` field by field; on create, also require the required fields."""
    columns = entity.columns
    clean: Values = {}
    for name, value in values.items():
        column = columns.get(name)
        if column is None or name in READ_ONLY_FIELDS:
            raise errors.ValidationError(name, f"{name!r} is not a field of a {entity.noun}.")
        clean[name] = coerce(column, value)
    if creating:
        for name, column in _required_columns(entity):
            if name not in clean:
                raise _fail(column, "{label} is required.")
    return clean


@functools.cache
def _required_columns(entity: Entity[Any, Any]) -> tuple[tuple[str, Column[Any]], ...]:
    """The columns a new row must be given a value for, in the table's order."""
    return tuple(
        (name, column)
        for name, column in entity.columns.items()
        if name not in READ_ONLY_FIELDS and _required(column)
    )


def require_same_account(
    session: Session, model: type[Any], row_id: str | None, account_id: str, what: str
) -> None:
    """A linked row (owner, goal, attendee) must belong to the same account."""
    if row_id is None:
        return
    linked = session.get(model, row_id)
    if linked is None:
        raise errors.ValidationError(
            what, f"The {what.replace('_id', '').replace('_', ' ')} you chose no longer exists."
        )
    if getattr(linked, "account_id", account_id) != account_id:
        raise errors.ValidationError(
            what, f"The {what.replace('_id', '').replace('_', ' ')} belongs to another account."
        )


def _row_values(obj: Tracked) -> Values:
    return {c.name: getattr(obj, c.name) for c in obj.__table__.columns}  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- units of work


def create_in(session: Session, entity: Entity[M, D], values: Mapping[str, Any]) -> M:
    """Validate and add a row inside an open unit of work; return the ORM object."""
    clean = validate(entity, values, creating=True)
    full = {name: _default(col) for name, col in entity.columns.items()}
    full.update(clean)
    if entity.check:
        entity.check(session, full, None)
    obj = entity.model(
        **{
            k: v
            for k, v in full.items()
            if k not in READ_ONLY_FIELDS and (k in clean or v is not None)
        }
    )
    session.add(obj)
    session.flush()
    return obj


def update_in(session: Session, entity: Entity[M, D], row_id: str, changes: Mapping[str, Any]) -> M:
    obj = get_obj(session, entity, row_id)
    clean = validate(entity, changes, creating=False)
    before = _row_values(obj)
    full = {**before, **clean}
    if entity.check:
        entity.check(session, full, before)
    for name, value in full.items():
        if value != before[name]:
            setattr(obj, name, value)
    session.flush()
    return obj


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is None or column.name in READ_ONLY_FIELDS:
        return None
    arg = getattr(default, "arg", None)
    if callable(arg):  # SQLAlchemy wraps zero-argument defaults (list, dict) as fn(context)
        return arg(None)
    return arg


def get_obj(session: Session, entity: Entity[M, Any], row_id: str) -> M:
    obj = session.get(entity.model, row_id)
    if obj is None:
        raise errors.NotFoundError(
            f"That {entity.noun} no longer exists (it may have been deleted). Refresh the view."
        )
    return obj


def create(book: Book, entity: Entity[M, D], values: Mapping[str, Any]) -> D:
    with book.write() as session:
        return entity.from_obj(create_in(session, entity, values))


def update(book: Book, entity: Entity[M, D], row_id: str, changes: Mapping[str, Any]) -> D:
    with book.write() as session:
        return entity.from_obj(update_in(session, entity, row_id, changes))


def get(book: Book, entity: Entity[M, D], row_id: str) -> D:
    with book.read() as session:
        return entity.from_obj(get_obj(session, entity, row_id))


def list_where(
    book: Book, entity: Entity[M, D], *where: Any, order_by: Iterable[Any] = ()
) -> list[D]:
    with book.read() as session:
        return list_in(session, entity, *where, order_by=order_by)


def list_in(
    session: Session, entity: Entity[M, D], *where: Any, order_by: Iterable[Any] = ()
) -> list[D]:
    stmt = entity.select().where(*where).order_by(*order_by)
    return [entity.from_row(r) for r in session.execute(stmt).mappings()]


def delete(book: Book, entity: Entity[M, Any], row_id: str) -> rows.DeletedRows:
    with book.write() as session:
        get_obj(session, entity, row_id)
        return rows.delete_rows(session, entity.table_name, [row_id])


def restore(book: Book, deleted: rows.DeletedRows) -> None:
    with book.write() as session:
        rows.restore_rows(session, deleted)


def model_table_names() -> list[str]:
    return [t.name for t in Base.metadata.sorted_tables]
