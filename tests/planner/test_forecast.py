"""Renewal forecast: the category matrix, weights, currency conversion with the rate used (and
accounts without one listed, not dropped), totals by month and quarter, overrides with history,
last quarter's forecast as it stood then, and one account's forecast for its QBR."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import errors
from planner.domain import forecast as fc
from planner.domain.coverage import Coverage
from planner.domain.enums import (
    ForecastCategory,
    HealthBand,
    LifecycleStage,
    RevenueKind,
    Severity,
    StakeholderRole,
)
from planner.services import accounts, books, forecast, health, plans, revenue, stakeholders
from planner.services.books import Book

C = ForecastCategory
SOUND = Coverage(
    has_executive_sponsor=True,
    has_champion=True,
    champion_left=False,
    positive_contacts=2,
    customer_contacts=2,
)
THIN = Coverage(
    has_executive_sponsor=False,
    has_champion=True,
    champion_left=False,
    positive_contacts=1,
    customer_contacts=1,
)


def facts(
    band: HealthBand | None,
    *,
    score: float = 80,
    previous: float | None = None,
    risks: tuple[str, ...] = (),
    coverage: Coverage = SOUND,
) -> fc.RenewalFacts:
    return fc.RenewalFacts(
        account_id="a",
        account_name="Acme",
        owner="",
        currency="USD",
        arr_minor=100_000,
        renewal_date=date(2027, 1, 15),
        health_score=score if band else None,
        health_band=band,
        health_on=date(2026, 11, 1),
        previous_score=previous,
        previous_on=date(2026, 8, 1) if previous is not None else None,
        high_risks=risks,
        coverage=coverage,
    )


# ------------------------------------------------------------------ the rules


@pytest.mark.parametrize(
    ("band", "warnings", "expected"),
    [
        (HealthBand.GREEN, 0, C.COMMIT),
        (HealthBand.GREEN, 1, C.LIKELY),
        (HealthBand.GREEN, 2, C.AT_RISK),
        (HealthBand.GREEN, 3, C.AT_RISK),
        (HealthBand.YELLOW, 0, C.LIKELY),
        (HealthBand.YELLOW, 1, C.LIKELY),
        (HealthBand.YELLOW, 2, C.AT_RISK),
        (HealthBand.RED, 0, C.AT_RISK),
        (HealthBand.RED, 1, C.CHURN_EXPECTED),
        (None, 0, C.LIKELY),
        (None, 2, C.AT_RISK),
    ],
)
def test_category_matrix(band: HealthBand | None, warnings: int, expected: C) -> None:
    kw: dict[str, object] = {}
    if warnings >= 1:
        kw["risks"] = ("Budget cut",)
    if warnings >= 2:
        kw["coverage"] = THIN
    if warnings >= 3:
        kw["previous"] = 90.0
    assert fc.assess(facts(band, **kw)).category is expected  # type: ignore[arg-type]


def test_reasons_say_why_in_words() -> None:
    a = fc.assess(
        facts(HealthBand.GREEN, score=72.4, previous=77.5, risks=("Budget cut",), coverage=THIN)
    )
    assert a.reasons == (
        "Health 72 (green) on 1 Nov 2026",
        "Health falling: down 6 points from 78 on 1 Aug 2026",
        "1 open high risk: Budget cut",
        "Single-threaded: no executive sponsor, only 1 positive customer contact",
    )
    assert a.category is C.AT_RISK
    assert fc.assess(facts(HealthBand.GREEN, score=72.6, previous=77.4)).category is C.COMMIT
    assert fc.assess(facts(None)).reasons[0] == "No health recorded (counted as yellow)"


def test_an_override_wins_and_says_so() -> None:
    f = fc.RenewalFacts(
        account_id="a",
        account_name="Acme",
        owner="",
        currency="USD",
        arr_minor=1,
        renewal_date=date(2027, 1, 15),
        health_score=20,
        health_band=HealthBand.RED,
        high_risks=("x",),
        override=fc.Override(C.LIKELY, "CFO gave a verbal yes", date(2026, 11, 20)),
    )
    a = fc.assess(f)
    assert (a.derived, a.category, a.overridden) == (C.CHURN_EXPECTED, C.LIKELY, True)
    assert a.reasons[-1] == "Set to likely by hand on 20 Nov 2026: CFO gave a verbal yes"


def test_weights_are_checked() -> None:
    assert fc.Weights().of(C.LIKELY) == 80
    with pytest.raises(errors.ValidationError, match="from 0 to 100"):
        fc.Weights(likely=120)
    with pytest.raises(errors.ValidationError, match="must not rise"):
        fc.Weights(at_risk=90)
    assert fc.Weights.from_settings({"forecast.weight_likely": 70}).likely == 70
    assert fc.Weights.from_settings({"forecast.weight_at_risk": 99}) == fc.Weights()


def test_conversion_names_the_rate_or_the_problem() -> None:
    rates = {"EUR": "1.08", "GBP": "zero"}
    assert fc.convert(100_00, "USD", "USD", rates) == fc.Conversion(100_00, None)
    assert fc.convert(100_00, "EUR", "USD", rates) == fc.Conversion(108_00, "1.08")
    assert fc.convert(100_000, "JPY", "USD", rates).problem == "no exchange rate from JPY to USD"
    assert fc.convert(100_00, "GBP", "USD", rates).problem.startswith("the rate for GBP")
    assert fc.convert(1000, "JPY", "USD", {"JPY": "0.0067"}) == fc.Conversion(670, "0.0067")


def test_weighted_rounds_half_even_once() -> None:
    assert fc.weighted(12_345, 80) == 9_876
    assert fc.weighted(5, 50) == 2
    assert fc.weighted(15, 50) == 8
    assert fc.weighted(100_00, 0) == 0


# ------------------------------------------------------------------ on a hand-built book


def make(
    book: Book, name: str, renewal: date, arr: int, currency: str = "USD", **kw: object
) -> str:
    return accounts.create_account(
        book,
        name=name,
        renewal_date=renewal,
        arr_minor=arr,
        currency=currency,
        contract_start=date(2025, 1, 1),
        **kw,
    ).id


@pytest.fixture
def filled(book: Book) -> dict[str, str]:
    books.set_setting(book, "fx_rates", {"EUR": "1.10"})
    ids = {
        "green": make(book, "Green Co", date(2026, 12, 15), 100_000_00),
        "euro": make(book, "Euro GmbH", date(2027, 1, 20), 50_000_00, "EUR"),
        "yen": make(book, "Yen KK", date(2027, 2, 10), 9_000_000, "JPY"),
        "past": make(book, "Late Ltd", date(2026, 11, 2), 10_000_00),
        "far": make(book, "Far Inc", date(2028, 1, 1), 10_000_00),
    }
    archived = make(book, "Gone Co", date(2026, 12, 1), 10_000_00)
    accounts.set_archived(book, archived, archived=True)
    for key in ("green", "past"):
        health.record_snapshot(book, ids[key], override_score=85, override_reason="set")
    for role in (StakeholderRole.EXECUTIVE_SPONSOR, StakeholderRole.CHAMPION):
        for key in ("green", "past"):
            stakeholders.create_stakeholder(
                book, ids[key], name=f"{role.label} {key}", role=role, sentiment=2
            )
    return ids


def test_rows_totals_and_buckets(book: Book, filled: dict[str, str]) -> None:
    f = forecast.forecast(book)
    assert (f.start, f.end) == (date(2026, 10, 1), date(2027, 9, 30))
    rows = {r.account_name: r for r in f.rows}
    assert set(rows) == {"Late Ltd", "Green Co", "Euro GmbH", "Yen KK"}
    assert [r.account_name for r in f.rows] == ["Late Ltd", "Green Co", "Euro GmbH", "Yen KK"]
    green = rows["Green Co"]
    assert (green.category, green.weight_pct, green.weighted_minor) == (C.COMMIT, 100, 100_000_00)
    euro = rows["Euro GmbH"]  # no health, thin coverage: yellow with one warning
    assert euro.category is C.LIKELY
    assert (euro.arr_base_minor, euro.fx_rate, euro.weighted_minor) == (
        55_000_00,
        "1.10",
        44_000_00,
    )
    yen = rows["Yen KK"]
    assert not yen.converted
    assert yen.arr_base_minor is None
    assert yen.conversion_problem == "no exchange rate from JPY to USD"
    assert rows["Late Ltd"].past_due
    assert f.not_converted == ("JPY",)
    assert f.rates_used == {"EUR": "1.10"}
    converted = [r for r in f.rows if r.converted]
    assert f.arr_at_stake_minor == sum(r.arr_base_minor or 0 for r in converted) == 165_000_00
    assert f.weighted_arr_minor == sum(r.weighted_minor or 0 for r in converted) == 154_000_00
    q4, q1 = f.by_quarter[0], f.by_quarter[1]
    assert (q4.label, q4.renewals, q4.arr_at_stake_minor) == ("Q4 2026", 2, 110_000_00)
    assert (q1.label, q1.renewals, q1.not_converted, q1.arr_at_stake_minor) == (
        "Q1 2027",
        2,
        1,
        55_000_00,
    )
    assert q1.by_category == {"commit": 0, "likely": 55_000_00, "at_risk": 0, "churn_expected": 0}
    months = {b.label: b for b in f.months}
    assert len(f.months) == 12
    assert months["Dec 2026"].weighted_arr_minor == 100_000_00
    assert months["Jan 2027"].weighted_arr_minor == 44_000_00
    assert sum(b.weighted_arr_minor for b in f.months) == f.weighted_arr_minor
    contract = f.as_contract()
    assert contract["arr_at_stake_minor"] == 165_000_00
    assert contract["weighted_arr_minor"] == 154_000_00
    assert contract["fx"] == {
        "base_currency": "USD",
        "rates_used": {"EUR": "1.10"},
        "not_converted_currencies": ["JPY"],
    }
    yen_row = next(r for r in contract["rows"] if r["account"] == "Yen KK")
    assert yen_row["converted"] is False
    assert yen_row["arr_at_stake_minor"] is None
    assert yen_row["arr_minor"] == 9_000_000


def test_weights_are_book_settings(book: Book, filled: dict[str, str]) -> None:
    forecast.set_weights(book, likely=50)
    assert forecast.get_weights(book).likely == 50
    f = forecast.forecast(book)
    assert next(r for r in f.rows if r.account_name == "Euro GmbH").weighted_minor == 27_500_00
    with pytest.raises(errors.ValidationError):
        forecast.set_weights(book, commit=40)
    assert forecast.get_weights(book).commit == 100


def test_quarters_must_be_sensible(book: Book) -> None:
    with pytest.raises(errors.ValidationError, match="1 to 12"):
        forecast.forecast(book, quarters=0)
    assert forecast.forecast(book, quarters=1).end == date(2026, 12, 31)


def test_override_with_history(book: Book, filled: dict[str, str]) -> None:
    green = filled["green"]
    with pytest.raises(errors.ValidationError, match="Say why"):
        forecast.set_override(book, green, "at risk", "  ")
    with pytest.raises(errors.ValidationError, match="not a forecast category"):
        forecast.set_override(book, green, "maybe", "why")
    first = forecast.set_override(book, green, "at risk", "Sponsor leaving in January")
    row = next(r for r in forecast.forecast(book).rows if r.account_id == green)
    assert (row.category, row.derived, row.overridden) == (C.AT_RISK, C.COMMIT, True)
    assert row.weighted_minor == 40_000_00
    assert "Sponsor leaving in January" in row.reasons[-1]
    forecast.clear_override(book, green, "New sponsor named")
    row = next(r for r in forecast.forecast(book).rows if r.account_id == green)
    assert (row.category, row.overridden) == (C.COMMIT, False)
    history = forecast.override_history(book, green)
    assert [(h.category, h.reason) for h in history] == [
        (None, "New sponsor named"),
        (C.AT_RISK, "Sponsor leaving in January"),
    ]
    with pytest.raises(errors.ValidationError, match="not set by hand"):
        forecast.clear_override(book, green)
    # undo of the clearing brings the override back
    forecast.delete_override_entry(book, history[0].id)
    assert forecast.forecast_for_account(book, green).category is C.AT_RISK  # type: ignore[union-attr]
    # an override belongs to one renewal: a new renewal date starts from the derived category
    accounts.update_account(book, green, renewal_date=date(2027, 12, 15))
    assert forecast.forecast_for_account(book, green).overridden is False  # type: ignore[union-attr]
    assert first.renewal_date == date(2026, 12, 15)


def test_override_needs_a_renewal(book: Book) -> None:
    acme = accounts.create_account(book, name="Acme")
    with pytest.raises(errors.ValidationError, match="no renewal date"):
        forecast.set_override(book, acme.id, C.COMMIT, "why")
    assert forecast.forecast_for_account(book, acme.id) is None


def test_account_forecast_for_the_qbr(book: Book, filled: dict[str, str]) -> None:
    euro = forecast.forecast_for_account(book, filled["euro"])
    assert euro is not None
    assert euro.summary == "Likely (80 %): €40,000 of €50,000 ARR renewing on 20 Jan 2027"
    assert (euro.arr_base_minor, euro.weighted_base_minor, euro.fx_rate) == (
        55_000_00,
        44_000_00,
        "1.10",
    )
    yen = forecast.forecast_for_account(book, filled["yen"])
    assert yen is not None
    assert (yen.arr_base_minor, yen.weighted_base_minor) == (None, None)
    accounts.update_account(book, filled["euro"], lifecycle_stage=LifecycleStage.CHURNED)
    assert forecast.forecast_for_account(book, filled["euro"]) is None


def test_this_quarter_against_last_quarter_as_it_stood(book: Book, clock: object) -> None:
    renewed = make(book, "Renewed Co", date(2026, 8, 15), 100_000_00)
    churned = make(book, "Churned Co", date(2026, 9, 10), 40_000_00)
    pending = make(book, "Pending Co", date(2026, 9, 20), 20_000_00)
    # what was known on 1 July: Renewed was red with a high risk, the others had no health
    health.record_snapshot(
        book, renewed, as_of=date(2026, 6, 15), override_score=30, override_reason="bad spring"
    )
    risk = plans.create_risk(
        book, renewed, title="Budget", severity=Severity.HIGH, raised_on=date(2026, 6, 1)
    )
    # later: it recovered, the risk was resolved, and it renewed; another churned
    health.record_snapshot(
        book, renewed, as_of=date(2026, 8, 1), override_score=90, override_reason="recovered"
    )
    plans.update_risk(book, risk.id, status="resolved", resolved_on=date(2026, 7, 20))
    revenue.create_event(
        book,
        renewed,
        occurred_on=date(2026, 8, 15),
        kind=RevenueKind.RENEWAL,
        arr_delta_minor=10_000_00,
    )
    accounts.update_account(book, renewed, renewal_date=date(2027, 8, 15))
    revenue.create_event(
        book,
        churned,
        occurred_on=date(2026, 9, 10),
        kind=RevenueKind.CHURN,
        arr_delta_minor=-40_000_00,
    )
    accounts.update_account(book, churned, lifecycle_stage=LifecycleStage.CHURNED)
    del pending

    f = forecast.forecast(book)
    c = f.comparison
    assert c.last_quarter.label == "Q3 2026"
    assert c.last_quarter_as_of == date(2026, 7, 1)
    assert c.last_quarter.renewals == 3
    assert c.last_quarter.arr_at_stake_minor == 160_000_00
    # on 1 July Renewed Co was red with an open high risk: churn expected (weight 0);
    # the other two had no health: likely (80 %)
    assert c.last_quarter.by_category["churn_expected"] == 100_000_00
    assert c.last_quarter.weighted_arr_minor == 48_000_00
    outcome = c.last_quarter_outcome
    assert (outcome.renewed, outcome.renewed_minor) == (1, 110_000_00)
    assert (outcome.churned, outcome.churned_minor) == (1, 40_000_00)
    assert outcome.undecided == 1
    assert c.this_quarter.label == "Q4 2026"
    renewed_now = forecast.forecast_for_account(book, renewed)
    assert renewed_now is not None
    assert renewed_now.category is C.LIKELY  # green now, but single-threaded
