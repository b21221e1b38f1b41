"""Book settings: read with defaults, checked and written in one transaction (the service), and
``planner settings BOOK [--json] [--set KEY=VALUE ...]`` (the command); Portfolio totals and
Metrics converted with the book's rates, saying which they used."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain import errors
from planner.domain import metrics as mx
from planner.services import (
    accounts,
    attention,
    book_settings,
    books,
    dashboard,
    metrics,
)
from planner.services.books import Book
from planner.store.changes import Changes
from tests.conftest import TODAY


def test_defaults_of_a_new_book(book: Book) -> None:
    s = book_settings.get(book)
    assert s.name == "test"  # the file's name
    assert not s.named
    assert s.base_currency == "USD"
    assert s.fx_rates == ()
    assert s.gross_margin == 80
    assert s.fiscal_year_start == 1
    assert s.thresholds.no_interaction_days == 45
    assert s.thresholds.sentiment_days == 30
    assert s.thresholds.plan_days == 60


def test_a_change_is_checked_written_at_once_and_heard(book: Book) -> None:
    heard: list[Changes] = []
    book.subscribe(heard.append)
    change = book_settings.update(
        book,
        {
            "name": "  Acme   portfolio ",
            "fx.eur": "1.08",
            "gross_margin": "72.5%",
            "fiscal_year_start": "February",
            "attention.no_interaction_days": "30",
        },
    )
    assert change.changed == (
        "name",
        "fx.EUR",
        "gross_margin",
        "fiscal_year_start",
        "attention.no_interaction_days",
    )
    assert len(heard) == 1  # one transaction
    assert heard[0].tables == frozenset({"settings"})
    s = book_settings.get(book)
    assert (s.name, s.named) == ("Acme portfolio", True)
    assert s.rate("EUR") == Decimal("1.08")
    assert s.gross_margin == Decimal("72.5")
    assert s.fiscal_year_start == 2
    # The settings other parts of the app read are the same values.
    assert attention.get_thresholds(book).no_interaction_days == 30
    assert books.get_settings(book)["fx_rates"] == {"EUR": "1.08"}
    assert books.get_settings(book)["gross_margin_pct"] == 72.5
    # The same values again change nothing and write nothing.
    again = book_settings.update(book, {"fx.EUR": "1.080", "name": "Acme portfolio"})
    assert again.changed == ()
    assert len(heard) == 1
    # An empty rate removes it; an empty name gives the file's name back.
    book_settings.update(book, {"fx.EUR": "", "name": ""})
    s = book_settings.get(book)
    assert s.fx_rates == ()
    assert (s.name, s.named) == ("test", False)
    assert "book_name" not in books.get_settings(book)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"colour": "red"}, "colour", "There is no book setting called 'colour'"),
        ({"base_currency": "dollars"}, "base_currency", "is not a currency code"),
        ({"fx.EURO": "1.1"}, "fx.EURO", "is not a currency code"),
        ({"fx.EUR": "-1"}, "fx.EUR", "must be a positive number: how many USD one EUR"),
        ({"fx.EUR": "abc"}, "fx.EUR", "must be a positive number"),
        ({"fx.EUR": "0"}, "fx.EUR", "must be a positive number"),
        ({"fx.USD": "1.2"}, "fx.USD", "USD is the base currency"),
        ({"gross_margin": "0"}, "gross_margin", "above 0 and at most 100"),
        ({"gross_margin": "101"}, "gross_margin", "above 0 and at most 100"),
        ({"fiscal_year_start": "13"}, "fiscal_year_start", "from 1 (January) to 12"),
        ({"fiscal_year_start": "Smarch"}, "fiscal_year_start", "from 1 (January) to 12"),
        ({"attention.plan_days": "0"}, "attention.plan_days", "whole number from 1 to 3650"),
        ({"attention.plan_days": "2.5"}, "attention.plan_days", "whole number"),
        ({"name": "x" * 121}, "name", "at most 120 characters"),
    ],
)
def test_wrong_values_are_refused_by_name_and_nothing_is_written(
    book: Book, changes: dict[str, str], field: str, words: str
) -> None:
    before = books.get_settings(book)
    with pytest.raises(errors.ValidationError, match=re.escape(words)) as info:
        book_settings.update(book, {"gross_margin": "70", **changes})
    assert info.value.field == field
    assert books.get_settings(book) == before  # the good change beside it was not written


def test_changing_the_base_currency_works_the_rates_out_again(book: Book) -> None:
    book_settings.update(book, {"fx.EUR": "1.08", "fx.GBP": "1.25"})
    change = book_settings.update(book, {"base_currency": "eur"})
    assert change.after.base_currency == "EUR"
    # 1 USD = 1/1.08 EUR; 1 GBP = 1.25/1.08 EUR (six significant digits).
    assert change.after.fx_rates == (("GBP", Decimal("1.15741")), ("USD", Decimal("0.925926")))
    # Without a rate for the new base, the rates cannot be kept true: say so.
    with pytest.raises(errors.ValidationError, match="first add a rate for JPY") as info:
        book_settings.update(book, {"base_currency": "JPY"})
    assert info.value.field == "base_currency"
    # ... unless every rate is given against the new base in the same change.
    book_settings.update(book, {"base_currency": "JPY", "fx.GBP": "190", "fx.USD": "150"})
    assert book_settings.get(book).fx_rates == (("GBP", Decimal(190)), ("USD", Decimal(150)))


def test_restore_puts_a_whole_set_back(book: Book) -> None:
    change = book_settings.update(book, {"fx.EUR": "1.08", "base_currency": "GBP"})
    assert change.after.base_currency == "GBP"
    book_settings.restore(book, change.before)
    assert book_settings.get(book) == change.before
    book_settings.restore(book, change.after)
    assert book_settings.get(book) == change.after


def eur_book(book: Book) -> None:
    accounts.create_account(
        book, name="Acme", arr_minor=100_000_00, renewal_date=TODAY + timedelta(days=30)
    )
    accounts.create_account(
        book,
        name="Beta",
        arr_minor=50_000_00,
        currency="EUR",
        renewal_date=TODAY + timedelta(days=40),
    )


def test_portfolio_totals_convert_with_the_rate_they_name(book: Book) -> None:
    eur_book(book)
    t = dashboard.dashboard(book, today=TODAY).tiles
    assert t.arr_total is None  # no rate yet
    assert t.missing_rates == ("EUR",)
    book_settings.update(book, {"fx.EUR": "1.08", "fx.GBP": "1.25"})
    t = dashboard.dashboard(book, today=TODAY).tiles
    # 100,000 USD + 50,000 EUR x 1.08 = 154,000 USD
    assert t.arr_total == 154_000_00
    assert t.renewals_arr_total == 154_000_00
    assert t.rates_used == (("EUR", Decimal("1.08")),)  # GBP is not used by any account
    assert t.missing_rates == ()


def test_metrics_say_which_rate_they_used(book: Book) -> None:
    eur_book(book)
    period = mx.Period(TODAY - timedelta(days=90), TODAY)
    with pytest.raises(errors.ValidationError, match=r"Add one in Book > Settings… \(or planner"):
        metrics.portfolio_metrics(book, period)
    book_settings.update(book, {"fx.EUR": "1.08"})
    figures = metrics.portfolio_metrics(book, period)
    assert figures.rates_used == (("EUR", Decimal("1.08")),)


# --------------------------------------------------------------------------- the command


def test_cli_shows_and_changes_settings(book: Book, capsys: pytest.CaptureFixture[str]) -> None:
    path = book.path
    book.close()
    assert main(["settings", str(path)]) == 0
    out = capsys.readouterr().out
    assert "base_currency" in out
    assert "test (the file's name)" in out
    assert "1 (January)" in out

    assert main(["settings", str(path), "--set", "fx.EUR=1.08", "--set", "gross_margin=75"]) == 0
    out = capsys.readouterr().out
    assert "Changed fx.EUR, gross_margin in test.aspbook." in out
    assert "EUR at 1.08 $ per €" in out

    assert main(["settings", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fx"] == {"EUR": "1.08"}
    assert data["gross_margin"] == "75"
    assert data["attention"]["plan_days"] == 60

    assert main(["settings", str(path), "--set", "gross_margin=75"]) == 0
    assert "Nothing changed" in capsys.readouterr().out


def test_cli_refuses_a_wrong_value_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.aspbook"
    books.create_book(path).close()
    code = main(["settings", str(path), "--set", "fx.EUR=1.1", "--set", "fx.GBP=-2"])
    assert code == 1
    err = capsys.readouterr().err
    assert "The rate for GBP must be a positive number" in err
    assert "Nothing was changed." in err
    assert main(["settings", str(path), "--set", "nonsense"]) == 2
    assert "write a setting as KEY=VALUE" in capsys.readouterr().err
    with books.open_book(path, read_only=True) as opened:
        assert book_settings.get(opened).fx_rates == ()


def test_cli_metrics_say_the_rate_they_used(book: Book, capsys: pytest.CaptureFixture[str]) -> None:
    eur_book(book)
    book_settings.update(book, {"fx.EUR": "1.08"})
    path = book.path
    book.close()
    argv = ["metrics", str(path), "--from", "2026-01-01", "--to", "2026-11-23"]
    assert main(argv) == 0
    assert "money in USD; EUR at 1.08 $ per €)" in capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exchange_rates"] == {"EUR": "1.08"}
