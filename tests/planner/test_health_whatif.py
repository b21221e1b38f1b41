"""What-if scoring, stored explanations and model checks (pure domain, hand-worked)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import errors
from planner.domain import health as h
from planner.domain.enums import HealthBand

DAY = date(2026, 11, 23)
BASE = h.HealthInputs(
    as_of=DAY,
    adoption_pcts=(60, 80),
    live_use_cases=2,
    days_since_interaction=52,
    touchpoints_90d=3,
    escalations_90d=1,
    nps_scores=(9, 7),
    csat_scores=(5, 3),
    sponsor_positive=True,
    has_sponsor=True,
    champion_positive=False,
    positive_contacts=2,
    csm_sentiment=1,
)  # scores 63.875 -> 63.9 (see test_health_domain.py)


def test_what_if_adoption_reaches_80() -> None:
    changed = h.what_if(BASE, adoption_pct=80)
    assert changed.adoption_pcts == (80.0, 80.0)
    assert BASE.adoption_pcts == (60, 80)  # the original is untouched
    # adoption 70 -> 80 at 25 %: +2.5 -> 66.375
    assert h.score_health(changed).score == 66.4


def test_what_if_champion_positive_and_then_leaving() -> None:
    positive = h.what_if(BASE, champion_positive=True)
    assert h.score_health(positive).factor("coverage").score == 90.0  # 35 + 35 + 20
    assert h.score_health(positive).score == 69.1  # 63.875 + 0.15 * 35
    left = h.what_if(positive, champion_left=True)
    assert (left.champion_left, left.champion_positive) == (True, False)
    assert (
        h.score_health(left).factor("coverage").raw.endswith("champion left; 2 positive contacts")
    )
    back = h.what_if(left, champion_positive=True)
    assert (back.champion_left, back.champion_positive) == (False, True)


def test_what_if_every_input() -> None:
    changed = h.what_if(
        BASE,
        days_since_interaction=10,
        touchpoints_90d=6,
        escalations_90d=0,
        nps_average=10,
        csat_average=5,
        sponsor_positive=False,
        positive_contacts=0,
        csm_sentiment=-2,
    )
    result = h.score_health(changed)
    scores = {f.key: f.score for f in result.factors}
    assert scores == {
        "adoption": 70.0,
        "engagement": 100.0,
        "support": 100.0,
        "voice": 100.0,
        "coverage": 0.0,
        "csm_sentiment": 0.0,
    }
    # 0.25*70 + 0.20*100 + 0.15*100 + 0.15*100 + 0 + 0 = 67.5
    assert result.score == 67.5
    cleared = h.what_if(BASE, csm_sentiment=None)
    assert h.score_health(cleared).factor("csm_sentiment").score is None


def test_what_if_on_an_account_with_no_use_cases_adds_one() -> None:
    bare = h.HealthInputs(as_of=DAY, days_since_interaction=5, touchpoints_90d=6)
    changed = h.what_if(bare, adoption_pct=50)
    assert changed.adoption_pcts == (50.0,)
    assert h.score_health(changed).factor("adoption").score == 50.0
    assert h.score_health(h.what_if(bare, sponsor_positive=True)).factor("coverage").score == 35


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("adoption_pct", 101),
        ("adoption_pct", -1),
        ("nps_average", 11),
        ("csat_average", 0),
        ("csm_sentiment", 3),
        ("days_since_interaction", -5),
        ("escalations_90d", "two"),
        ("champion_positive", 1),
        ("luck", 5),
        ("adoption_pct", float("nan")),
    ],
)
def test_what_if_refuses_values_out_of_range(field: str, value: object) -> None:
    with pytest.raises(errors.ValidationError) as info:
        h.what_if(BASE, **{field: value})
    assert info.value.field == field


def test_what_if_values_are_the_controls_starting_point() -> None:
    values = h.what_if_values(BASE)
    assert values == {
        "adoption_pct": 70,
        "days_since_interaction": 52,
        "touchpoints_90d": 3,
        "escalations_90d": 1,
        "nps_average": 8.0,
        "csat_average": 4.0,
        "sponsor_positive": True,
        "champion_positive": False,
        "champion_left": False,
        "positive_contacts": 2,
        "csm_sentiment": 1,
    }
    assert set(values) == set(h.WHAT_IF_FIELDS)
    assert (
        h.score_health(
            h.what_if(
                BASE,
                **{
                    k: v
                    for k, v in values.items()
                    if k in {"days_since_interaction", "touchpoints_90d", "escalations_90d"}
                },
            )
        ).score
        == 63.9
    )


def test_stored_factors_rebuild_the_same_explanation() -> None:
    result = h.score_health(BASE)
    stored = {
        f.key: {
            "raw": f.raw,
            "score": f.score,
            "weight": f.weight,
            "effective_weight": f.effective_weight,
        }
        for f in result.factors
    }
    rebuilt = h.result_from_factors(stored, result.score, result.band, 2)
    assert rebuilt.factors == result.factors
    assert rebuilt.model_version == 2
    partial = h.score_health(h.HealthInputs(as_of=DAY, days_since_interaction=3))
    stored = {
        f.key: {
            "raw": f.raw,
            "score": f.score,
            "weight": f.weight,
            "effective_weight": f.effective_weight,
        }
        for f in partial.factors
    }
    again = h.result_from_factors(stored, partial.score, partial.band, 1)
    assert sum(f.contribution for f in again.factors) == pytest.approx(partial.score, abs=0.05)
    assert again.factor("voice").score is None
    assert again.factor("voice").contribution == 0.0


def test_model_problems_are_keyed_by_field() -> None:
    assert h.model_field_problems(h.DEFAULT_WEIGHTS, 40, 70) == {}
    problems = h.model_field_problems({**h.DEFAULT_WEIGHTS, "voice": -1}, 40, 70)
    assert set(problems) == {"weight:voice"}
    assert h.model_field_problems(dict.fromkeys(h.FACTORS, 0.0), 40, 70) == {
        "weights": "At least one factor needs a weight above 0."
    }
    assert set(h.model_field_problems(h.DEFAULT_WEIGHTS, 0, 70)) == {"red_below"}
    assert set(h.model_field_problems(h.DEFAULT_WEIGHTS, 50, 50)) == {"green_from"}
    assert set(h.model_field_problems(h.DEFAULT_WEIGHTS, 40, 101)) == {"green_from"}
    assert set(h.model_field_problems({"luck": 1.0, "voice": 1.0}, 40, 70)) == {"weights"}
    assert set(h.model_field_problems({"voice": 5000.0}, 40, 70)) == {"weight:voice"}
    model = h.HealthModelSettings(3, {"voice": 1.0}, 30, 60)
    assert h.score_health(BASE, model).score == 77.5  # only voice counts
    assert h.score_health(BASE, model).band is HealthBand.GREEN
