"""The book's settings, read with their defaults and changed in one checked transaction.

Book > Settings... and ``planner settings BOOK [--set KEY=VALUE ...]`` both use this module.
Every setting has a key and is written as text (``fx.EUR=1.08``), so the command line and the
dialog give the same values the same checks and the same messages:

===========================  ==============================================================
``name``                     the book's name (empty: the file's name)
``base_currency``            the currency totals and metrics are given in (``USD``)
``fx.<CODE>``                exchange rate: how many units of the base currency one unit of
                             ``<CODE>`` is worth (``fx.EUR=1.08``); empty removes the rate
``gross_margin``             percent above 0 and at most 100, for CLV (``80``)
``fiscal_year_start``        the month the fiscal year starts, 1-12 (``1``: January)
``attention.<limit>``        the staleness and Needs Attention limits, whole days or points
                             (``attention.no_interaction_days=45``)
===========================  ==============================================================

A change is one transaction on the ``settings`` table, so every page that shows money or
metrics hears it and reloads (the book's change signal). :func:`update` returns the settings
before and after; :func:`restore` puts a whole set back (undo and redo in the app).

Changing the base currency keeps the rates true: when the book has a rate for the new base
currency, every rate is worked out again against it (EUR base with ``fx.USD=0.925`` from USD
base with ``fx.EUR=1.08``); when it has none, the rates must be given again in the same change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import attention as at
from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.attention import Thresholds
from planner.domain.money import is_currency_code
from planner.store import models as m
from planner.store.book import Book

MONTHS = fmt.MONTH_NAMES
MAX_NAME = 120
FX_PREFIX = "fx."
STALENESS = ("no_interaction_days", "sentiment_days", "plan_days")
"""The attention limits that say when an account's facts are out of date (DOMAIN.md)."""

# Where each setting is stored (the settings table's keys, shared with older code).
_STORED = {
    "name": "book_name",
    "base_currency": "base_currency",
    "gross_margin": "gross_margin_pct",
    "fiscal_year_start": "fiscal_year_start_month",
}
_FX_STORED = "fx_rates"

LABELS: dict[str, str] = {
    "name": "Book name",
    "base_currency": "Base currency",
    "gross_margin": "Gross margin (%)",
    "fiscal_year_start": "Fiscal year starts in (month 1-12)",
    **{at.SETTING_PREFIX + k: v for k, v in at.LABELS.items()},
}
"""Every fixed key (``fx.<CODE>`` keys come and go with the rates) and its label."""


@dataclass(frozen=True, slots=True)
class BookSettings:
    name: str
    """The book's name (the file's name unless one was given)."""
    named: bool
    """Whether ``name`` was given (False: it is the file's name)."""
    file_name: str
    """The name of the book's file, without its extension (the name when none is given)."""
    base_currency: str
    fx_rates: tuple[tuple[str, Decimal], ...]
    """(currency, base units per unit), by currency code."""
    gross_margin: Decimal
    fiscal_year_start: int
    thresholds: Thresholds

    def rate(self, currency: str) -> Decimal | None:
        return dict(self.fx_rates).get(currency)

    def values(self) -> dict[str, str]:
        """Every setting as ``KEY -> text`` (what ``--set KEY=VALUE`` takes)."""
        out = {
            "name": self.name,
            "base_currency": self.base_currency,
            **{FX_PREFIX + c: rate_text(r) for c, r in self.fx_rates},
            "gross_margin": rate_text(self.gross_margin),
            "fiscal_year_start": str(self.fiscal_year_start),
        }
        out.update({k: str(v) for k, v in self.thresholds.as_settings().items()})
        return out

    def as_json(self) -> dict[str, Any]:
        """The settings for ``planner settings --json`` (rates as text: exact decimals)."""
        return {
            "name": self.name,
            "base_currency": self.base_currency,
            "fx": {c: rate_text(r) for c, r in self.fx_rates},
            "gross_margin": rate_text(self.gross_margin),
            "fiscal_year_start": self.fiscal_year_start,
            "attention": {
                f.name: getattr(self.thresholds, f.name) for f in fields(self.thresholds)
            },
        }


@dataclass(frozen=True, slots=True)
class SettingsChange:
    before: BookSettings
    after: BookSettings
    changed: tuple[str, ...]
    """The keys whose value changed (``fx.EUR``...), in the order they are shown; empty when
    nothing did (and nothing was written)."""


def rate_text(value: Decimal) -> str:
    """A rate or percentage as plain decimal text: ``1.08``, ``80``, ``0.0067``."""
    return f"{value.normalize():f}"


# --------------------------------------------------------------------------- reading


def get(book: Book) -> BookSettings:
    """The book's settings, defaults where none is stored."""
    with book.read() as session:
        return read(session, book.name)


def read(session: Session, file_name: str) -> BookSettings:
    """The settings as stored in ``session``'s book (``file_name``: the default name)."""
    stored: dict[str, Any] = dict(session.execute(select(m.Setting.key, m.Setting.value)).all())
    return _from_stored(stored, file_name)


def _from_stored(stored: Mapping[str, Any], file_name: str) -> BookSettings:
    name = stored.get(_STORED["name"])
    named = isinstance(name, str) and bool(name.strip())
    base = stored.get(_STORED["base_currency"])
    base = base if isinstance(base, str) and is_currency_code(base) else "USD"
    raw_rates = stored.get(_FX_STORED)
    rates: dict[str, Decimal] = {}
    if isinstance(raw_rates, dict):
        for code, text in raw_rates.items():
            rate = _decimal(text)
            if is_currency_code(str(code)) and rate is not None and rate > 0 and code != base:
                rates[str(code)] = rate
    margin = _decimal(stored.get(_STORED["gross_margin"], 80))
    month = stored.get(_STORED["fiscal_year_start"], 1)
    return BookSettings(
        name=str(name).strip() if named else file_name,
        named=named,
        file_name=file_name,
        base_currency=base,
        fx_rates=tuple(sorted(rates.items())),
        gross_margin=margin if margin is not None and 0 < margin <= 100 else Decimal(80),
        fiscal_year_start=month if isinstance(month, int) and 1 <= month <= 12 else 1,
        thresholds=Thresholds.from_settings({str(k): v for k, v in stored.items()}),
    )


def account_currencies(book: Book) -> list[str]:
    """The currencies of the book's accounts (archived ones left out), by code."""
    with book.read() as session:
        found = session.scalars(
            select(m.Account.currency).where(m.Account.archived.is_(False)).distinct()
        ).all()
    return sorted(set(found))


def parse_rate(text: str) -> Decimal | None:
    """A rate or percentage typed as text (``1.08``, ``80 %``), or None when it is not one."""
    return _decimal(text)


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().removesuffix("%").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --------------------------------------------------------------------------- checking


def _unknown(key: str, settings: BookSettings) -> errors.ValidationError:
    fixed = [k for k in LABELS if not k.startswith(at.SETTING_PREFIX)]
    return errors.ValidationError(
        key,
        f"There is no book setting called {key!r}. Use one of: {', '.join(fixed)}, "
        f"fx.<CURRENCY> (for example fx.EUR=1.08), or "
        f"{', '.join(at.SETTING_PREFIX + f.name for f in fields(settings.thresholds))}.",
    )


def _currency(key: str, text: str) -> str:
    code = text.strip().upper()
    if not is_currency_code(code):
        raise errors.ValidationError(
            key,
            f"{text.strip()[:20]!r} is not a currency code. Use three letters, like USD or EUR.",
        )
    return code


def _rate(key: str, currency: str, base: str, text: str) -> Decimal:
    rate = _decimal(text)
    if rate is None or rate <= 0:
        raise errors.ValidationError(
            key,
            f"The rate for {currency} must be a positive number: how many {base} one "
            f"{currency} is worth, like 1.08 (got {text.strip()[:20]!r}).",
        )
    if rate > Decimal("1e9") or rate < Decimal("1e-9"):
        raise errors.ValidationError(
            key, f"The rate for {currency} ({text.strip()[:20]}) is out of range; check it."
        )
    return rate


def _margin(text: str) -> Decimal:
    value = _decimal(text)
    if value is None or not 0 < value <= 100:
        raise errors.ValidationError(
            "gross_margin",
            f"Gross margin is a percentage above 0 and at most 100, like 80 (got "
            f"{text.strip()[:20]!r}).",
        )
    return value


def _month(text: str) -> int:
    raw = text.strip()
    month = next((i for i, name in enumerate(MONTHS, 1) if name.casefold() == raw.casefold()), 0)
    if not month and raw.isdigit():
        month = int(raw)
    if not 1 <= month <= 12:
        raise errors.ValidationError(
            "fiscal_year_start",
            f"The fiscal year start is a month from 1 (January) to 12 (December) (got "
            f"{raw[:20]!r}).",
        )
    return month


def _name(text: str) -> str:
    name = " ".join(text.split())
    if len(name) > MAX_NAME:
        raise errors.ValidationError(
            "name",
            f"The book name can be at most {MAX_NAME} characters (this one has {len(name)}).",
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise errors.ValidationError("name", "The book name must be plain text on one line.")
    return name


def _threshold(key: str, text: str) -> int:
    raw = text.strip()
    field = key.removeprefix(at.SETTING_PREFIX)
    low, high = at.LIMITS[field]
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise errors.ValidationError(
            key,
            f"{at.LABELS[field]} must be a whole number from {low} to {high} (got {raw[:20]!r}).",
        )
    return int(raw)


def _tidy(rate: Decimal) -> Decimal:
    """A worked-out rate to six significant digits (``0.925926``)."""
    with localcontext() as context:
        context.prec = 6
        return (+rate).normalize()


def apply(settings: BookSettings, changes: Mapping[str, str]) -> BookSettings:
    """``settings`` with ``changes`` (``KEY -> text``) checked and applied, written nowhere.

    Raises :class:`~planner.domain.errors.ValidationError` naming the first key that is wrong.
    """
    threshold_keys = {at.SETTING_PREFIX + f.name for f in fields(settings.thresholds)}
    clean: dict[str, str] = {}
    for key, value in changes.items():
        k = key.strip()
        if k.lower().startswith(FX_PREFIX):
            k = FX_PREFIX + k[len(FX_PREFIX) :].upper()
        elif k.lower() in LABELS:
            k = k.lower()
        else:
            raise _unknown(k, settings)
        clean[k] = str(value)

    name, named = settings.name, settings.named
    if "name" in clean:
        name = _name(clean["name"])
        named = bool(name) and name != settings.file_name
        name = name if named else settings.file_name
    old_base = settings.base_currency
    base = old_base
    if "base_currency" in clean:
        base = _currency("base_currency", clean["base_currency"])
    rates = dict(settings.fx_rates)
    given = {k.removeprefix(FX_PREFIX) for k in clean if k.startswith(FX_PREFIX)}
    if base != old_base and rates:
        pivot = rates.pop(base, None)
        if pivot is not None:
            rates = {c: _tidy(r / pivot) for c, r in rates.items()}
            rates[old_base] = _tidy(1 / pivot)
        else:
            left = sorted(set(rates) - given)
            if left:
                raise errors.ValidationError(
                    "base_currency",
                    f"The exchange rates are against {old_base}. To make {base} the base "
                    f"currency, first add a rate for {base} (fx.{base}=...) so they can be "
                    f"worked out again, or give {', '.join(f'fx.{c}' for c in left)} against "
                    f"{base} in the same change.",
                )
            rates = {}
    for currency in sorted(given):
        key = FX_PREFIX + currency
        code = _currency(key, currency)
        text = clean[key]
        if code == base:
            if text.strip():
                raise errors.ValidationError(
                    key, f"{code} is the base currency: it needs no exchange rate."
                )
            continue
        if not text.strip():
            rates.pop(code, None)
        else:
            rates[code] = _rate(key, code, base, text)
    margin = _margin(clean["gross_margin"]) if "gross_margin" in clean else settings.gross_margin
    month = (
        _month(clean["fiscal_year_start"])
        if "fiscal_year_start" in clean
        else (settings.fiscal_year_start)
    )
    limits = {
        k.removeprefix(at.SETTING_PREFIX): _threshold(k, v)
        for k, v in clean.items()
        if k in threshold_keys
    }
    return BookSettings(
        name=name,
        named=named,
        file_name=settings.file_name,
        base_currency=base,
        fx_rates=tuple(sorted(rates.items())),
        gross_margin=margin,
        fiscal_year_start=month,
        thresholds=settings.thresholds.with_changes(**limits),
    )


def changed_keys(before: BookSettings, after: BookSettings) -> tuple[str, ...]:
    old, new = before.values(), after.values()
    return tuple(k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k))


# --------------------------------------------------------------------------- writing


def update(book: Book, changes: Mapping[str, str]) -> SettingsChange:
    """Check ``changes`` (``KEY -> text``: ``{"fx.EUR": "1.08"}``) and write them in one
    transaction. Nothing is written when any is wrong, or when nothing changes."""
    with book.write() as session:
        before = read(session, book.name)
        after = apply(before, changes)
        changed = changed_keys(before, after)
        if changed:
            _write(session, after)
        return SettingsChange(before, after, changed)


def restore(book: Book, settings: BookSettings) -> SettingsChange:
    """Put ``settings`` back as a whole (undo and redo of :func:`update`)."""
    with book.write() as session:
        before = read(session, book.name)
        changed = changed_keys(before, settings)
        if changed:
            _write(session, settings)
        return SettingsChange(before, settings, changed)


def _stored_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _write(session: Session, settings: BookSettings) -> None:
    wanted: dict[str, Any] = {
        _STORED["name"]: settings.name if settings.named else None,
        _STORED["base_currency"]: settings.base_currency,
        _FX_STORED: {c: rate_text(r) for c, r in settings.fx_rates},
        _STORED["gross_margin"]: _stored_number(settings.gross_margin),
        _STORED["fiscal_year_start"]: settings.fiscal_year_start,
        **settings.thresholds.as_settings(),
    }
    rows = {
        row.key: row
        for row in session.scalars(select(m.Setting).where(m.Setting.key.in_(list(wanted))))
    }
    for key, value in wanted.items():
        row = rows.get(key)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(m.Setting(key=key, value=value))
        elif row.value != value:
            row.value = value


# --------------------------------------------------------------------------- words


def rates_used(
    settings: BookSettings, currencies: Iterable[str]
) -> tuple[tuple[str, Decimal], ...]:
    """The rates that convert ``currencies`` to the base currency."""
    wanted = set(currencies)
    return tuple((c, r) for c, r in settings.fx_rates if c in wanted)


def describe(settings: BookSettings) -> list[tuple[str, str, str]]:
    """(key, label, value as shown) for every setting, in order (the CLI's listing)."""
    rows: list[tuple[str, str, str]] = []
    base = settings.base_currency
    for key, value in settings.values().items():
        if key.startswith(FX_PREFIX):
            currency = key.removeprefix(FX_PREFIX)
            shown = fmt.exchange_rate(currency, Decimal(value), base)
            rows.append((key, f"Rate for {currency}", shown))
        elif key == "name":
            shown = value if settings.named else f"{value} (the file's name)"
            rows.append((key, LABELS[key], shown))
        elif key == "fiscal_year_start":
            rows.append((key, LABELS[key], f"{value} ({MONTHS[int(value) - 1]})"))
        elif key == "gross_margin":
            rows.append((key, LABELS[key], f"{value} %"))
        else:
            rows.append((key, LABELS[key], value))
    return rows
