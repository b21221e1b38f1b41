"""Health scoring rules checked with hand-worked numbers."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import health as h
from planner.domain.enums import HealthBand

DAY = date(2026, 11, 23)


def test_hand_worked_score() -> None:
    inputs = h.HealthInputs(
        as_of=DAY,
        adoption_pcts=(60, 80),  # adoption 70
        live_use_cases=2,
        days_since_interaction=52,  # recency 100*(90-52)/76 = 50 ; cadence 3/6 = 50 -> 50
        touchpoints_90d=3,
        escalations_90d=1,  # support 60
        nps_scores=(9, 7),  # 80
        csat_scores=(5, 3),  # (4-1)/4*100 = 75 -> voice 77.5
        sponsor_positive=True,
        has_sponsor=True,
        champion_positive=False,
        positive_contacts=2,  # coverage 35 + 20 = 55
        csm_sentiment=1,  # 75
    )
    result = h.score_health(inputs)
    scores = {f.key: f.score for f in result.factors}
    assert scores == {
        "adoption": 70.0,
        "engagement": 50.0,
        "support": 60.0,
        "voice": 77.5,
        "coverage": 55.0,
        "csm_sentiment": 75.0,
    }
    # 0.25*70 + 0.20*50 + 0.15*60 + 0.15*77.5 + 0.15*55 + 0.10*75 = 63.875
    assert result.score == 63.9
    assert result.band is HealthBand.YELLOW
    assert sum(f.contribution for f in result.factors) == pytest.approx(63.875)


def test_missing_data_shares_its_weight() -> None:
    inputs = h.HealthInputs(as_of=DAY, days_since_interaction=10, touchpoints_90d=6)
    result = h.score_health(inputs)
    missing = {f.key for f in result.factors if f.score is None}
    assert missing == {"adoption", "voice", "csm_sentiment"}
    present = [f for f in result.factors if f.score is not None]
    assert sum(f.effective_weight for f in present) == pytest.approx(1.0)
    # engagement 100 (w20), support 100 (w15), coverage 0 (w15): (2000+1500)/50 = 70
    assert result.score == 70.0
    assert result.band is HealthBand.GREEN


def test_bands_and_model_validation() -> None:
    model = h.HealthModelSettings(red_below=30, green_from=80)
    assert [model.band(s) for s in (29.9, 30, 79.9, 80)] == [
        HealthBand.RED,
        HealthBand.YELLOW,
        HealthBand.YELLOW,
        HealthBand.GREEN,
    ]
    assert h.validate_model(h.DEFAULT_WEIGHTS, 40, 70) == []
    assert h.validate_model({"adoption": -1}, 40, 70)
    assert h.validate_model({"adoption": 0.0}, 40, 70)
    assert h.validate_model(h.DEFAULT_WEIGHTS, 70, 40)
    assert h.validate_model({"luck": 5}, 40, 70)


def test_compare_names_what_moved() -> None:
    before = h.score_health(
        h.HealthInputs(as_of=DAY, days_since_interaction=5, touchpoints_90d=6, escalations_90d=0)
    )
    after = h.score_health(
        h.HealthInputs(as_of=DAY, days_since_interaction=5, touchpoints_90d=6, escalations_90d=3)
    )
    moves = h.compare(before, after)
    assert moves[0].key == "support"
    assert moves[0].points == pytest.approx(after.score - before.score, abs=0.11)
