"""Portfolio formulas (DOMAIN.md "What is computed") checked with hand-worked numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.domain import errors
from planner.domain import metrics as mx
from planner.domain.enums import HealthBand, RevenueKind, SurveyKind

NEW, EXP, CON, CHURN, REN = (
    RevenueKind.NEW,
    RevenueKind.EXPANSION,
    RevenueKind.CONTRACTION,
    RevenueKind.CHURN,
    RevenueKind.RENEWAL,
)
YEAR = mx.Period(date(2026, 1, 1), date(2026, 12, 31))
USD = 100  # minor units per dollar


def ev(day: str, kind: RevenueKind, dollars: int) -> mx.RevenueFact:
    return mx.RevenueFact(date.fromisoformat(day), kind, dollars * USD)


def account(
    aid: str, began: str, *events: mx.RevenueFact, churned: str | None = None, **extra: object
) -> mx.AccountFacts:
    return mx.AccountFacts(
        id=aid,
        began_on=date.fromisoformat(began),
        churned_on=date.fromisoformat(churned) if churned else None,
        events=events,
        **extra,  # type: ignore[arg-type]
    )


def worked_book() -> list[mx.AccountFacts]:
    """DOMAIN.md's worked check, plus one new account and one that came and went in 2026.

    Cohort (active on 2025-12-31): A 600,000 + B 330,000 + C 70,000 = 1,000,000.
    2026: A +150,000 expansion; B -30,000 contraction; C -70,000 churn.
    Outside the cohort: D new +50,000 (still active); E new +10,000 then churned.
    """
    return [
        account("A", "2025-01-01", ev("2025-01-01", NEW, 600_000), ev("2026-03-01", EXP, 150_000)),
        account("B", "2025-02-01", ev("2025-02-01", NEW, 330_000), ev("2026-05-01", CON, -30_000)),
        account(
            "C",
            "2025-03-01",
            ev("2025-03-01", NEW, 70_000),
            ev("2026-06-30", CHURN, -70_000),
            churned="2026-06-30",
        ),
        account("D", "2026-04-01", ev("2026-04-01", NEW, 50_000)),
        account(
            "E",
            "2026-02-01",
            ev("2026-02-01", NEW, 10_000),
            ev("2026-08-01", CHURN, -10_000),
            churned="2026-08-01",
        ),
    ]


def test_domain_worked_check_nrr_105_grr_90() -> None:
    rv = mx.revenue_retention(worked_book(), YEAR)
    assert rv.start_minor == 1_000_000 * USD
    assert (rv.expansion_minor, rv.contraction_minor, rv.churned_minor) == (
        150_000 * USD,
        30_000 * USD,
        70_000 * USD,
    )
    assert rv.nrr == Decimal("1.05")
    assert rv.grr == Decimal("0.9")
    assert rv.end_minor == 1_050_000 * USD  # NRR is exactly cohort end / cohort start
    assert mx.pct(rv.nrr) == "105.0 %"
    assert mx.pct(rv.grr) == "90.0 %"


def test_logos_with_accounts_new_or_churned_inside_the_period() -> None:
    lg = mx.logos(worked_book(), YEAR)
    assert (lg.at_start, lg.at_end, lg.new, lg.churned, lg.new_and_churned) == (3, 3, 1, 1, 1)
    assert lg.churn_rate == Decimal(1) / Decimal(3)  # C of A, B, C; E is not in the cohort
    assert lg.retention_rate == Decimal(2) / Decimal(3)  # (3 at end - 1 new) / 3


def test_arr_bridge_reconciles_all_of_the_arr() -> None:
    b = mx.arr_bridge(worked_book(), YEAR)
    assert (
        b.start_minor,
        b.new_minor,
        b.expansion_minor,
        b.contraction_minor,
        b.churn_minor,
        b.end_minor,
    ) == tuple(x * USD for x in (1_000_000, 60_000, 150_000, 30_000, 80_000, 1_100_000))
    assert (
        b.start_minor + b.new_minor + b.expansion_minor - b.contraction_minor - (b.churn_minor)
        == b.end_minor
    )


def test_grr_never_counts_more_than_an_account_had() -> None:
    """Expand then lose everything: the loss is capped at the starting ARR (GRR 0, not < 0),
    while NRR stays the exact end / start."""
    books = [
        account(
            "A",
            "2025-01-01",
            ev("2025-01-01", NEW, 100),
            ev("2026-02-01", EXP, 50),
            ev("2026-06-01", CHURN, -150),
            churned="2026-06-01",
        )
    ]
    rv = mx.revenue_retention(books, YEAR)
    assert rv.grr == Decimal(0)
    assert rv.nrr == Decimal(0)
    assert rv.churned_minor == 150 * USD


def test_zero_starting_arr_gives_na_not_a_division_error() -> None:
    books = [account("A", "2025-01-01"), account("B", "2026-03-01", ev("2026-03-01", NEW, 10))]
    rv = mx.revenue_retention(books, YEAR)
    assert rv.start_minor == 0
    assert rv.grr is None
    assert rv.nrr is None
    assert mx.pct(rv.nrr) == "n/a"
    assert mx.logos(books, YEAR).at_start == 1  # A is a customer, just without ARR


def test_renewal_rate_by_count_and_by_arr() -> None:
    as_of = date(2026, 11, 23)
    books = [
        # renewed flat: due 600, kept 600
        account(
            "A",
            "2025-01-01",
            ev("2025-01-01", NEW, 600),
            ev("2026-01-01", REN, 0),
            renewal_date=date(2027, 1, 1),
        ),
        # renewed with a cut the same day: due 330, kept 300
        account(
            "B",
            "2025-02-01",
            ev("2025-02-01", NEW, 330),
            ev("2026-02-01", REN, 0),
            ev("2026-02-01", CON, -30),
            renewal_date=date(2027, 2, 1),
        ),
        # renewed with an uplift: due 100, kept 100 (the uplift is expansion)
        account(
            "U",
            "2025-03-01",
            ev("2025-03-01", NEW, 100),
            ev("2026-03-01", REN, 20),
            renewal_date=date(2027, 3, 1),
        ),
        # lost: due 70
        account(
            "C",
            "2025-06-30",
            ev("2025-06-30", NEW, 70),
            ev("2026-06-30", CHURN, -70),
            churned="2026-06-30",
        ),
        # came due, nothing recorded yet: open, due 20
        account("F", "2025-09-15", ev("2025-09-15", NEW, 20), renewal_date=date(2026, 9, 15)),
        # due after as_of: not yet due
        account("G", "2025-12-15", ev("2025-12-15", NEW, 40), renewal_date=date(2026, 12, 15)),
    ]
    rn = mx.renewals(books, YEAR, as_of)
    assert (rn.renewed, rn.lost, rn.open, rn.due) == (3, 1, 1, 5)
    assert rn.due_minor == (600 + 330 + 100 + 70 + 20) * USD
    assert rn.renewed_minor == (600 + 300 + 100) * USD
    assert rn.rate_by_count == Decimal("0.6")
    assert rn.rate_by_arr == Decimal(1000) / Decimal(1120)
    empty = mx.renewals([], YEAR, as_of)
    assert empty.rate_by_count is None
    assert empty.rate_by_arr is None


def test_clv_hand_worked_and_zero_churn_is_na() -> None:
    # Active at the end: A 750,000 + B 300,000 + D 50,000 -> average 366,666.67;
    # annual logo churn (the year to 2026-12-31) 1/3; 366,666.67 x 0.80 / (1/3) = 880,000.
    value = mx.clv(worked_book(), YEAR, Decimal(80))
    assert value.annual_churn == Decimal(1) / Decimal(3)
    assert value.average_arr_minor == 36_666_667
    assert value.value_minor == 880_000 * USD
    assert value.note == ""
    steady = [a for a in worked_book() if a.id in {"A", "B"}]
    none = mx.clv(steady, YEAR, Decimal(80))
    assert none.value_minor is None
    assert none.annual_churn == 0
    assert "n/a" in none.note
    assert "no limit" in none.note
    line = next(x for x in mx.describe(_metrics(steady)) if x.key == "clv")
    assert line.value == "n/a"


def test_clv_uses_the_year_ending_at_the_period_end() -> None:
    """A quarter's CLV still divides by a 12-month churn rate (not a quarter's)."""
    q4 = mx.Period(date(2026, 10, 1), date(2026, 12, 31))
    assert mx.clv(worked_book(), q4, Decimal(80)).annual_churn == Decimal(1) / Decimal(3)


def test_nps_and_csat_with_response_counts() -> None:
    def nps(day: str, score: int) -> mx.SurveyFact:
        return mx.SurveyFact(date.fromisoformat(day), SurveyKind.NPS, score)

    def csat(day: str, score: int) -> mx.SurveyFact:
        return mx.SurveyFact(date.fromisoformat(day), SurveyKind.CSAT, score)

    answers = [nps("2026-02-01", s) for s in (10, 10, 9, 7, 6)] + [
        nps("2025-12-31", 0),  # outside the period
        *(csat("2026-03-01", s) for s in (5, 4, 3, 2, 5)),
    ]
    n = mx.nps(answers, YEAR)
    assert (n.promoters, n.passives, n.detractors, n.responses) == (3, 1, 1, 5)
    assert n.score == Decimal(40)  # 60 % - 20 %
    c = mx.csat(answers, YEAR)
    assert (c.satisfied, c.responses) == (3, 5)
    assert c.score == Decimal(60)
    balanced = mx.nps([nps("2026-01-05", s) for s in (10, 9, 9, 8, 7, 6, 0, 3)], YEAR)
    assert balanced.score == 0
    assert mx.nps([], YEAR).score is None
    assert mx.csat([], YEAR).score is None


def test_median_time_to_value() -> None:
    books = [
        account(
            "A", "2025-01-01", contract_start=date(2025, 1, 1), first_value_on=date(2026, 2, 15)
        ),  # 410 days
        account(
            "B", "2025-02-01", contract_start=date(2025, 2, 1), first_value_on=date(2026, 3, 3)
        ),  # 395 days
        account("D", "2026-04-01", first_value_on=date(2026, 4, 21)),  # 20 days (no contract)
        account("Early", "2025-05-01", first_value_on=date(2024, 12, 1)),  # outside the period
        account("W", "2026-06-01"),  # still waiting
    ]
    ttv = mx.time_to_value(books, YEAR)
    assert ttv.median_days == 395
    assert ttv.accounts == 3
    assert ttv.waiting == 1  # W; Early reached value before the period began
    assert mx.median([10, 21]) == Decimal("15.5")
    assert mx.median([]) is None
    before_start = [
        account("X", "2026-05-01", contract_start=date(2026, 5, 1), first_value_on=date(2026, 4, 1))
    ]
    assert mx.time_to_value(before_start, YEAR).median_days == 0


def test_health_distribution_counts_active_accounts_by_band() -> None:
    books = [
        account("R", "2025-01-01", ev("2025-01-01", NEW, 10), health_band=HealthBand.RED),
        account("G1", "2025-01-01", ev("2025-01-01", NEW, 20), health_band=HealthBand.GREEN),
        account("G2", "2025-01-01", ev("2025-01-01", NEW, 30), health_band=HealthBand.GREEN),
        account("N", "2025-01-01", ev("2025-01-01", NEW, 5)),
        account("Gone", "2025-01-01", churned="2026-02-01", health_band=HealthBand.RED),
    ]
    shares = {s.band: (s.accounts, s.arr_minor) for s in mx.health_distribution(books, YEAR)}
    assert shares == {
        HealthBand.RED: (1, 10 * USD),
        HealthBand.YELLOW: (0, 0),
        HealthBand.GREEN: (2, 50 * USD),
        None: (1, 5 * USD),
    }


def _metrics(books: list[mx.AccountFacts]) -> mx.Metrics:
    return mx.compute_metrics(books, [], YEAR, as_of=date(2026, 11, 23), currency="USD")


def test_empty_book_gives_na_everywhere_and_no_error() -> None:
    result = _metrics([])
    assert result.accounts == 0
    assert result.logos.churn_rate is None
    assert result.logos.retention_rate is None
    assert result.revenue.nrr is None
    assert result.renewals.rate_by_count is None
    assert result.clv.value_minor is None
    assert result.nps.score is None
    assert result.ttv.median_days is None
    lines = {x.key: x for x in mx.describe(result)}
    assert lines["nrr"].value == "n/a"
    assert "no ARR" in lines["nrr"].explanation
    assert lines["nps"].explanation == "n/a: no NPS answers in the period."
    assert mx.as_json(result)["revenue"] == {  # type: ignore[comparison-overlap]
        "start_arr_minor": 0,
        "expansion_minor": 0,
        "contraction_minor": 0,
        "churned_minor": 0,
        "end_arr_minor": 0,
        "grr_pct": None,
        "nrr_pct": None,
    }


def test_describe_and_json_of_the_worked_book() -> None:
    result = _metrics(worked_book())
    lines = {x.key: x for x in mx.describe(result)}
    assert lines["nrr"].value == "105.0 %"
    assert "$150,000 expansion" in lines["nrr"].explanation
    assert lines["logo_churn"].value == "33.3 %"
    assert "1 account both began and churned" in lines["logo_churn"].explanation
    data = mx.as_json(result)
    assert data["revenue"]["nrr_pct"] == 105.0  # type: ignore[index]
    assert data["revenue"]["grr_pct"] == 90.0  # type: ignore[index]
    assert data["clv"]["value_minor"] == 88_000_000  # type: ignore[index]


def test_currency_conversion_to_the_base_currency() -> None:
    assert mx.to_base(10_000, "EUR", "USD", {"EUR": "1.08"}) == 10_800
    assert mx.to_base(1_000, "JPY", "USD", {"JPY": "0.0067"}) == 670  # 1,000 yen = $6.70
    assert mx.to_base(12_345, "USD", "USD", {}) == 12_345
    assert mx.to_base(1, "EUR", "USD", {"EUR": "0.5"}) == 0  # half a cent rounds half-even
    assert mx.to_base(3, "EUR", "USD", {"EUR": "0.5"}) == 2
    with pytest.raises(errors.ValidationError, match="no exchange rate from GBP to USD") as info:
        mx.to_base(100, "GBP", "USD", {"EUR": "1.08"})
    assert info.value.field == "fx_rates"
    with pytest.raises(errors.ValidationError, match="not a positive number"):
        mx.to_base(100, "EUR", "USD", {"EUR": "abc"})
    with pytest.raises(errors.ValidationError, match="not a positive number"):
        mx.to_base(100, "EUR", "USD", {"EUR": "-1"})


def test_periods_and_segments() -> None:
    with pytest.raises(errors.ValidationError, match="backwards"):
        mx.Period(date(2026, 2, 1), date(2026, 1, 1))
    q = mx.Period.quarter(2026, 4)
    assert (q.start, q.end, q.days, q.quarter_label) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        92,
        "Q4 2026",
    )
    assert mx.Period.quarter(2026, 1).end == date(2026, 3, 31)
    leap = mx.Period.year_ending(date(2024, 2, 29))
    assert (leap.start, leap.end) == (date(2023, 3, 1), date(2024, 2, 29))
    assert mx.Period.year_ending(date(2026, 11, 30)).start == date(2025, 12, 1)
    quarters = mx.quarters_ending(date(2026, 2, 10), 3)
    assert [p.quarter_label for p in quarters] == ["Q3 2025", "Q4 2025", "Q1 2026"]
    assert YEAR.quarter_label == YEAR.label
    seg = mx.Segment.parse(" Tier = enterprise ")
    assert (seg.field, seg.value, seg.label) == ("tier", "enterprise", "Tier: enterprise")
    with pytest.raises(errors.ValidationError, match="FIELD=VALUE"):
        mx.Segment.parse("enterprise")
    with pytest.raises(errors.ValidationError, match="cannot be used as a segment"):
        mx.Segment.parse("colour=blue")
    with pytest.raises(errors.ValidationError, match="Give a value"):
        mx.Segment.parse("region=")
