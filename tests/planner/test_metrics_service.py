"""Metrics read from a real book: segments, currencies, churn by stage, and the empty book."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from planner.domain import errors
from planner.domain import metrics as mx
from planner.domain.enums import HealthBand, LifecycleStage, RevenueKind, Tier
from planner.services import accounts, books, health, metrics, revenue
from planner.services.books import Book
from tests.conftest import TODAY

T = TODAY  # stage changes are dated by the services with the book clock's today
YEAR = mx.Period(T - timedelta(days=364), T)


def build(book: Book) -> dict[str, str]:
    """Cohort at the start (USD cents): A 100,000 + B 110,000 (EUR 100,000 at 1.10) +
    C 30,000 + D 20,000 (archived) = 260,000. In the year: A +50,000 expansion, B -11,000
    contraction (EUR -10,000), C moved to "churned" (its 30,000 counts as churned), E new."""
    a = accounts.create_account(
        book,
        name="A",
        arr_minor=100_000,
        tier=Tier.ENTERPRISE,
        region="EMEA",
        contract_start=T - timedelta(days=500),
    )
    revenue.create_event(
        book,
        a.id,
        kind=RevenueKind.EXPANSION,
        arr_delta_minor=50_000,
        occurred_on=T - timedelta(days=100),
    )
    b = accounts.create_account(
        book,
        name="B",
        arr_minor=100_000,
        currency="EUR",
        tier=Tier.SMB,
        region="emea",
        contract_start=T - timedelta(days=450),
    )
    revenue.create_event(
        book,
        b.id,
        kind=RevenueKind.CONTRACTION,
        arr_delta_minor=-10_000,
        occurred_on=T - timedelta(days=50),
    )
    c = accounts.create_account(
        book, name="C", arr_minor=30_000, region="AMER", contract_start=T - timedelta(days=420)
    )
    accounts.update_account(book, c.id, lifecycle_stage=LifecycleStage.CHURNED)
    d = accounts.create_account(
        book, name="D", arr_minor=20_000, region="AMER", contract_start=T - timedelta(days=400)
    )
    accounts.set_archived(book, d.id, archived=True)
    e = accounts.create_account(
        book, name="E", arr_minor=10_000, region="APAC", contract_start=T - timedelta(days=30)
    )
    return {"A": a.id, "B": b.id, "C": c.id, "D": d.id, "E": e.id}


def test_missing_exchange_rate_names_the_currency(book: Book) -> None:
    build(book)
    with pytest.raises(
        errors.ValidationError, match="in EUR, but the book has no exchange rate from EUR to USD"
    ) as info:
        metrics.portfolio_metrics(book, YEAR)
    assert info.value.field == "fx_rates"


def test_metrics_from_the_book(book: Book) -> None:
    ids = build(book)
    books.set_setting(book, "fx_rates", {"EUR": "1.10"})
    health.record_snapshot(book, ids["A"], as_of=T)
    result = metrics.portfolio_metrics(book, YEAR, as_of=T)
    rv = result.revenue
    assert (rv.start_minor, rv.expansion_minor, rv.contraction_minor, rv.churned_minor) == (
        260_000,
        50_000,
        11_000,
        30_000,
    )
    assert rv.nrr == Decimal(269_000) / Decimal(260_000)
    assert rv.grr == Decimal(219_000) / Decimal(260_000)
    lg = result.logos
    assert (lg.at_start, lg.at_end, lg.new, lg.churned) == (4, 4, 1, 1)
    assert lg.churn_rate == Decimal("0.25")
    assert lg.retention_rate == Decimal("0.75")
    b = result.bridge
    assert (b.start_minor, b.new_minor, b.end_minor) == (260_000, 10_000, 279_000)
    health_bands = {s.band: s.accounts for s in result.health}
    assert health_bands[None] == 3
    assert sum(health_bands.values()) == 4
    assert result.accounts == 5
    assert result.currency == "USD"


def test_segments_filter_accounts(book: Book) -> None:
    build(book)
    books.set_setting(book, "fx_rates", {"EUR": "1.10"})
    emea = metrics.portfolio_metrics(book, YEAR, mx.Segment("region", "Emea"), as_of=T)
    assert emea.accounts == 2  # "EMEA" and "emea": case is ignored
    assert emea.revenue.nrr == Decimal(249_000) / Decimal(210_000)
    assert emea.segment == mx.Segment("region", "Emea")
    enterprise = metrics.portfolio_metrics(book, YEAR, mx.Segment("tier", "Enterprise"))
    assert enterprise.accounts == 1
    assert enterprise.revenue.nrr == Decimal("1.5")
    nobody = metrics.portfolio_metrics(book, YEAR, mx.Segment("owner", "Nobody"))
    assert nobody.accounts == 0
    assert nobody.revenue.nrr is None
    with pytest.raises(errors.ValidationError, match="is not a tier"):
        metrics.portfolio_metrics(book, YEAR, mx.Segment("tier", "gold"))
    assert metrics.segment_values(book, "region") == ["AMER", "APAC", "EMEA"]
    assert metrics.segment_values(book, "tier")[0] == "strategic"
    with pytest.raises(errors.ValidationError):
        metrics.segment_values(book, "colour")


def test_retention_by_quarter(book: Book) -> None:
    build(book)
    books.set_setting(book, "fx_rates", {"EUR": "1.10"})
    quarters = metrics.retention_by_quarter(book, quarters=4, as_of=T)
    assert [p for p, _ in quarters] == mx.quarters_ending(T, 4)
    current = quarters[-1][1]
    assert current.start_minor > 0


def test_empty_book_metrics(book: Book) -> None:
    result = metrics.portfolio_metrics(book, YEAR)
    assert result.accounts == 0
    assert result.revenue.nrr is None
    assert result.clv.value_minor is None
    assert {s.band: s.accounts for s in result.health} == {
        HealthBand.RED: 0,
        HealthBand.YELLOW: 0,
        HealthBand.GREEN: 0,
        None: 0,
    }


def test_demo_book_metrics_are_consistent(demo_book: Book) -> None:
    today = date(2026, 11, 23)
    result = metrics.portfolio_metrics(demo_book, mx.Period.year_ending(today), as_of=today)
    b = result.bridge
    assert (
        b.start_minor + b.new_minor + b.expansion_minor - b.contraction_minor - (b.churn_minor)
        == b.end_minor
    )
    rv = result.revenue
    assert rv.nrr is not None
    assert rv.grr is not None
    assert rv.grr <= rv.nrr
    assert rv.grr <= 1
    assert Decimal(rv.end_minor) / rv.start_minor == rv.nrr
    assert result.logos.at_start > 0
    assert result.nps.responses > 0
    active = sum(s.accounts for s in result.health)
    assert active == result.logos.at_end
