"""Every kind of record of an account, described once for scripting.

The ``planner ENTITY VERB`` commands (plan, goal, risk, stakeholder, use-case, action,
interaction, survey, opportunity, revenue) are generated from the :class:`RecordKind` table
below, which ties each command noun to its service :class:`~planner.services._crud.Entity` and
its create / update / delete / get functions. Nothing here re-implements validation: values
typed as text are turned into Python values by :func:`parse_value` (dates ISO, money as an
exact decimal in the account's currency, enums by value or label, yes/no), and the services
then apply the same checks as the GUI's forms.

Lists (:func:`list_records`) span one account or the whole book, with the filters a CSM
scripts (status, due before, owner, a date range), each record carrying its account's name and
currency.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Column, Date, Float, Integer, func
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import JSON

from planner.domain import errors
from planner.domain.enums import LabelledEnum, RiskStatus
from planner.domain.money import exponent, parse_amount
from planner.services import (
    actions,
    interactions,
    plans,
    revenue,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services._crud import READ_ONLY_FIELDS, Entity, field_label
from planner.store import models as m
from planner.store.book import Book
from planner.store.rows import DeletedRows

Values = dict[str, Any]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record as the command line sees it."""

    name: str
    """The command noun: ``goal``, ``use-case``..."""
    entity: Entity[Any, Any]
    create: Callable[[Book, str, Values], Any]
    """``create(book, parent_id, values)``: the parent is the account (the plan for goals)."""
    update: Callable[[Book, str, Values], Any]
    delete: Callable[[Book, str], DeletedRows]
    get: Callable[[Book, str], Any]
    label_field: str
    """The field that names a record in messages (title, subject, name...)."""
    order: tuple[tuple[str, bool], ...]
    """Natural order within an account: (field, descending)."""
    parent_field: str = "account_id"
    derived: frozenset[str] = frozenset()
    """Fields the service sets by itself (shown, never given)."""
    references: Mapping[str, str] = field(default_factory=dict)
    """Fields holding another record's id -> the kind they point at (``stakeholder``...)."""
    date_field: str | None = None
    """The date ``--since`` / ``--until`` filter on."""
    due_field: str | None = None
    """The date ``--due-before`` filters on."""
    owner_field: str | None = None
    """The name ``--owner`` filters on."""
    status_groups: Mapping[str, tuple[StrEnum, ...]] = field(default_factory=dict)
    """Words a status filter accepts for several statuses at once (``open`` for actions)."""
    list_fields: Sequence[str] = ()
    """Extra, non-column fields that are set as a list (an interaction's ``attendee_ids``)."""

    @property
    def noun(self) -> str:
        return self.entity.noun

    @property
    def fields(self) -> tuple[str, ...]:
        """Fields a command may set, in the order of the JSON output."""
        skip = READ_ONLY_FIELDS | self.derived | {"account_id"}
        names = [f for f in self.entity.dto_fields if f not in skip]
        return (*names, *self.list_fields)

    def column(self, name: str) -> Column[Any] | None:
        return self.entity.columns.get(name)

    def status_enum(self) -> type[StrEnum] | None:
        column = self.column("status")
        if column is None or not isinstance(column.type, SAEnum):
            return None
        return column.type.enum_class  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Record:
    """A record with the account it belongs to."""

    item: Any
    """The service's DTO."""
    account_id: str
    account_name: str
    currency: str


@dataclass(frozen=True, slots=True)
class RecordQuery:
    account_id: str | None = None
    statuses: tuple[StrEnum, ...] = ()
    due_before: date | None = None
    owner: str | None = None
    since: date | None = None
    until: date | None = None
    include_archived: bool = False


# --------------------------------------------------------------------------- the kinds


def _interaction_create(book: Book, account_id: str, values: Values) -> Any:
    people = values.pop("attendee_ids", ())
    return interactions.create_interaction(book, account_id, attendees=people, **values)


def _interaction_update(book: Book, row_id: str, values: Values) -> Any:
    people = values.pop("attendee_ids", None)
    return interactions.update_interaction(book, row_id, attendees=people, **values)


def _call(fn: Callable[..., Any]) -> Callable[[Book, str, Values], Any]:
    return lambda book, key, values: fn(book, key, **values)


_STAKEHOLDER_REF = {"owner_stakeholder_id": "stakeholder"}

KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (
        RecordKind(
            "plan",
            plans.PLAN,
            _call(plans.create_plan),
            _call(plans.update_plan),
            plans.delete_plan,
            plans.get_plan,
            "title",
            order=(("period_start", True), ("created_at", True)),
        ),
        RecordKind(
            "goal",
            plans.GOAL,
            _call(plans.create_goal),
            _call(plans.update_goal),
            plans.delete_goal,
            plans.get_goal,
            "title",
            order=(("due_date", False), ("title", False)),
            parent_field="plan_id",
            references={"plan_id": "plan", **_STAKEHOLDER_REF},
            due_field="due_date",
            owner_field="owner_name",
        ),
        RecordKind(
            "risk",
            plans.RISK,
            _call(plans.create_risk),
            _call(plans.update_risk),
            plans.delete_risk,
            plans.get_risk,
            "title",
            order=(("raised_on", True), ("title", False)),
            date_field="raised_on",
            owner_field="owner_name",
            status_groups={"unresolved": (RiskStatus.OPEN, RiskStatus.MITIGATING)},
        ),
        RecordKind(
            "stakeholder",
            stakeholders.STAKEHOLDER,
            _call(stakeholders.create_stakeholder),
            _call(stakeholders.update_stakeholder),
            stakeholders.delete_stakeholder,
            stakeholders.get_stakeholder,
            "name",
            order=(("side", False), ("influence", True), ("name", False)),
            references={"reports_to_id": "stakeholder"},
        ),
        RecordKind(
            "use-case",
            use_cases.USE_CASE,
            _call(use_cases.create_use_case),
            _call(use_cases.update_use_case),
            use_cases.delete_use_case,
            use_cases.get_use_case,
            "title",
            order=(("go_live", False), ("title", False)),
        ),
        RecordKind(
            "action",
            actions.ACTION,
            _call(actions.create_action),
            _call(actions.update_action),
            actions.delete_action,
            actions.get_action,
            "title",
            order=(("due_date", False), ("title", False)),
            references={"goal_id": "goal", "risk_id": "risk", "qbr_id": "qbr", **_STAKEHOLDER_REF},
            due_field="due_date",
            owner_field="owner_name",
            status_groups={"open": actions.OPEN_STATUSES},
        ),
        RecordKind(
            "interaction",
            interactions.INTERACTION,
            _interaction_create,
            _interaction_update,
            interactions.delete_interaction,
            interactions.get_interaction,
            "subject",
            order=(("occurred_on", True), ("created_at", True)),
            derived=frozenset({"external_id"}),
            references={"attendee_ids": "stakeholder"},
            date_field="occurred_on",
            list_fields=("attendee_ids",),
        ),
        RecordKind(
            "survey",
            surveys.RESPONSE,
            _call(surveys.create_response),
            _call(surveys.update_response),
            surveys.delete_response,
            surveys.get_response,
            "kind",
            order=(("responded_on", True), ("created_at", True)),
            references={"stakeholder_id": "stakeholder"},
            date_field="responded_on",
        ),
        RecordKind(
            "opportunity",
            revenue.OPPORTUNITY,
            _call(revenue.create_opportunity),
            _call(revenue.update_opportunity),
            revenue.delete_opportunity,
            revenue.get_opportunity,
            "title",
            order=(("status", False), ("expected_close", False), ("title", False)),
            derived=frozenset({"currency"}),
            due_field="expected_close",
        ),
        RecordKind(
            "revenue",
            revenue.REVENUE_EVENT,
            _call(revenue.create_event),
            _call(revenue.update_event),
            revenue.delete_event,
            revenue.get_event,
            "kind",
            order=(("occurred_on", False), ("created_at", False)),
            derived=frozenset({"currency"}),
            date_field="occurred_on",
        ),
    )
}
"""Every kind, by command noun, in the order the commands are listed."""


# --------------------------------------------------------------------------- typed parsing

_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off"}


def is_money(name: str) -> bool:
    return name.endswith("_minor")


def money_option(name: str) -> str:
    """The field a decimal amount is given for: ``amount_minor`` -> ``amount``."""
    return name.removesuffix("_minor")


def enum_values(enum_cls: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum_cls)


def parse_enum(enum_cls: type[StrEnum], text: str, field_name: str, label: str) -> StrEnum:
    """A member by value, label or name (``at-risk``, ``At risk``, ``at_risk``)."""
    if issubclass(enum_cls, LabelledEnum):
        try:
            return enum_cls.parse(text)
        except ValueError:
            pass
    else:  # pragma: no cover - every enum of the domain is a LabelledEnum
        for member in enum_cls:
            if text.strip().casefold() == member.value:
                return member
    raise errors.ValidationError(
        field_name, f"{label}: {text[:40]!r} is not one of: {enum_values(enum_cls)}."
    )


def parse_value(kind: RecordKind, name: str, text: str, *, currency: str) -> Any:  # noqa: PLR0912 - one branch per field kind, the parser the CLI and forms share
    """Turn the text given for field ``name`` into the value the service expects.

    An empty text clears an optional field. Money (``*_minor``) given as a decimal amount in
    ``currency`` becomes exact minor units (``"1250.50"`` USD -> 125050); never a float.
    Range and cross-field rules are left to the service.
    """
    if name in kind.list_fields:
        return [part.strip() for part in text.split(",") if part.strip()]
    column = kind.column(name)
    if column is None:
        raise errors.ValidationError(name, f"{name!r} is not a field of a {kind.noun}.")
    label = field_label(column)
    ctype = column.type
    stripped = text.strip()
    if not stripped and not isinstance(ctype, SAEnum) and _is_plain_text(column):
        return text
    if not stripped:
        return None
    if isinstance(ctype, SAEnum):
        assert ctype.enum_class is not None
        return parse_enum(ctype.enum_class, stripped, name, label)  # type: ignore[arg-type]
    if isinstance(ctype, Boolean):
        word = stripped.casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise errors.ValidationError(name, f"{label} must be yes or no (got {stripped[:20]!r}).")
    if isinstance(ctype, Date):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            raise errors.ValidationError(
                name, f"{label} must be a date like 2026-03-31 (got {stripped[:40]!r})."
            ) from None
    if isinstance(ctype, Integer) and is_money(name):
        try:
            return parse_amount(stripped, currency)
        except ValueError as exc:
            raise errors.ValidationError(
                name,
                f"{label}: {exc}. Give an amount in {currency} such as {_example(currency)}.",
            ) from None
    if isinstance(ctype, Integer):
        try:
            return int(stripped)
        except ValueError:
            raise errors.ValidationError(
                name, f"{label} must be a whole number (got {stripped[:40]!r})."
            ) from None
    if isinstance(ctype, Float):
        try:
            number = float(Decimal(stripped))
        except (InvalidOperation, ValueError):
            raise errors.ValidationError(
                name, f"{label} must be a number (got {stripped[:40]!r})."
            ) from None
        if not math.isfinite(number):
            raise errors.ValidationError(name, f"{label} must be a finite number.")
        return number
    if isinstance(ctype, JSON):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def describe_field(kind: RecordKind, name: str) -> tuple[str, str]:
    """(metavar, help) of the option that sets field ``name``."""
    if name in kind.list_fields:
        return "ID,...", "stakeholders (ids, emails or names), comma-separated; '' for none"
    column = kind.column(name)
    assert column is not None
    label = field_label(column)
    ctype = column.type
    target = kind.references.get(name)
    if target == "stakeholder":
        return "ID|EMAIL|NAME", f"{label}: a stakeholder of the account ('' to clear)"
    if target in {"plan", "goal", "risk"}:
        return "ID|TITLE", f"{label}: a {target} of the account by id or exact title"
    if target is not None:
        return "ID", f"{label} (an id; '' to clear)"
    if isinstance(ctype, SAEnum):
        assert ctype.enum_class is not None
        return "VALUE", f"{label}: one of {enum_values(ctype.enum_class)}"  # type: ignore[arg-type]
    if isinstance(ctype, Boolean):
        return "yes|no", label
    if isinstance(ctype, Date):
        return "YYYY-MM-DD", f"{label}" + ("" if not column.nullable else " ('' to clear)")
    if isinstance(ctype, Integer):
        low, high = column.info.get("min"), column.info.get("max")
        bounds = f" ({low} to {high})" if low is not None and high is not None else ""
        return "N", f"{label}, a whole number{bounds}"
    if isinstance(ctype, Float):
        return "X", f"{label}, a number" + ("" if not column.nullable else " ('' to clear)")
    if isinstance(ctype, JSON):
        return "A,B", f"{label}, comma-separated"
    return "TEXT", _TEXT_HELP.get(name, label)


_TEXT_HELP = {
    "owner_name": "Owner, by name (when the owner is not a stakeholder of the account)",
    "kpi_name": "KPI: what is measured",
}


def parse_minor(kind: RecordKind, name: str, text: str) -> int:
    """Money given directly in minor units (as the JSON output shows it): a whole number."""
    column = kind.column(name)
    label = field_label(column) if column is not None else name
    try:
        return int(text.strip())
    except ValueError:
        raise errors.ValidationError(
            name, f"{label} in minor units must be a whole number (got {text.strip()[:40]!r})."
        ) from None


def _example(currency: str) -> str:
    places = exponent(currency)
    return "1250" if places == 0 else "1250." + "5".ljust(places, "0")


def _is_plain_text(column: Column[Any]) -> bool:
    return not isinstance(column.type, SAEnum | Boolean | Date | Integer | Float | JSON)


# --------------------------------------------------------------------------- references


def resolve_reference(book: Book, kind: RecordKind, name: str, key: str, account_id: str) -> str:
    """The id a reference field should hold: ``key`` is an id, or (within the account) a
    stakeholder's email or name, a plan's, goal's or risk's exact title."""
    target = kind.references.get(name)
    text = key.strip()
    if target is None or not text:
        return text
    if target == "qbr":
        return text
    other = KINDS[target]
    found = list_records(book, other, RecordQuery(account_id=account_id))
    by_id = [r for r in found if r.item.id == text]
    if by_id:
        return text
    folded = text.casefold()
    matches = [
        r
        for r in found
        if str(getattr(r.item, other.label_field)).casefold() == folded
        or (target == "stakeholder" and r.item.email.casefold() == folded)
    ]
    if len(matches) == 1:
        return str(matches[0].item.id)
    what = other.noun
    if not matches:
        raise errors.ValidationError(
            name, f"No {what} of this account has the id, name or email {text[:60]!r}."
        )
    ids = ", ".join(r.item.id for r in matches[:5])
    raise errors.ValidationError(
        name,
        f"{len(matches)} {what}s of this account are called {text[:60]!r}; give the id "
        f"instead ({ids}).",
    )


# --------------------------------------------------------------------------- reading


def list_records(book: Book, kind: RecordKind, query: RecordQuery) -> list[Record]:
    """Records of one account (or of every account, archived ones only when asked), sorted by
    account name then the kind's natural order."""
    model: Any = kind.entity.model
    stmt = kind.entity.select().add_columns(
        m.Account.id.label("_account_id"),
        m.Account.name.label("_account_name"),
        m.Account.currency.label("_account_currency"),
    )
    if kind.parent_field == "plan_id":
        stmt = stmt.join(m.SuccessPlan, m.SuccessPlan.id == model.plan_id).join(
            m.Account, m.Account.id == m.SuccessPlan.account_id
        )
    else:
        stmt = stmt.join(m.Account, m.Account.id == model.account_id)
    if query.account_id is not None:
        stmt = stmt.where(m.Account.id == query.account_id)
    elif not query.include_archived:
        stmt = stmt.where(m.Account.archived.is_(False))
    if query.statuses:
        stmt = stmt.where(model.status.in_(query.statuses))
    if query.due_before is not None and kind.due_field:
        due = getattr(model, kind.due_field)
        stmt = stmt.where(due.is_not(None), due < query.due_before)
    if query.owner is not None and kind.owner_field:
        stmt = stmt.where(func.lower(getattr(model, kind.owner_field)) == query.owner.lower())
    if kind.date_field:
        when = getattr(model, kind.date_field)
        if query.since is not None:
            stmt = stmt.where(when >= query.since)
        if query.until is not None:
            stmt = stmt.where(when <= query.until)
    order: list[Any] = [m.Account.name, m.Account.id]
    for name, descending in kind.order:
        column = getattr(model, name)
        order.append(column.desc() if descending else column.is_(None))
        if not descending:
            order.append(column)
    stmt = stmt.order_by(*order)
    with book.read() as session:
        rows = session.execute(stmt).mappings().all()
        items = [kind.entity.from_row(r) for r in rows]
        if kind.name == "interaction":
            items = interactions.with_attendees(session, items)
    return [
        Record(item, r["_account_id"], r["_account_name"], r["_account_currency"])
        for item, r in zip(items, rows, strict=True)
    ]


def get_record(book: Book, kind: RecordKind, row_id: str) -> Record:
    """One record (as its service returns it) with its account."""
    item = kind.get(book, row_id.strip())
    with book.read() as session:
        account_id = getattr(item, "account_id", None)
        if account_id is None:  # a goal: its account is its plan's
            account_id = session.get(m.SuccessPlan, item.plan_id).account_id  # type: ignore[union-attr]
        account = session.get(m.Account, account_id)
        assert account is not None
        return Record(item, account.id, account.name, account.currency)
