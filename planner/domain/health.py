"""Customer health: a glass-box score (DOMAIN.md "Customer health score").

The score is the weighted mean of six factor scores, each normalised to 0-100 by a rule a CSM
can read (the rules are in :data:`FACTOR_RULES`, shown in the app and in the README). A factor
with no data (no use cases yet, no survey answers, no CSM sentiment) is left out and its weight
shared among the others in proportion; the explanation says so. Scoring is pure: it takes a
:class:`HealthInputs` value, so "what-if" is simply scoring edited inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from planner.domain import formatting as fmt
from planner.domain.enums import HealthBand

ADOPTION = "adoption"
ENGAGEMENT = "engagement"
SUPPORT = "support"
VOICE = "voice"
COVERAGE = "coverage"
CSM_SENTIMENT = "csm_sentiment"

FACTORS: tuple[str, ...] = (ADOPTION, ENGAGEMENT, SUPPORT, VOICE, COVERAGE, CSM_SENTIMENT)

FACTOR_LABELS: Mapping[str, str] = {
    ADOPTION: "Product adoption",
    ENGAGEMENT: "Engagement",
    SUPPORT: "Support load",
    VOICE: "NPS / CSAT",
    COVERAGE: "Stakeholder coverage",
    CSM_SENTIMENT: "CSM sentiment",
}

FACTOR_RULES: Mapping[str, str] = {
    ADOPTION: "Average adoption % of the use cases that are live, onboarding or at risk "
    "(planned and retired ones are not counted). No such use case: no data.",
    ENGAGEMENT: "60 % recency + 40 % cadence. Recency is 100 when the last interaction was "
    "14 days ago or less, falling evenly to 0 at 90 days. Cadence is 100 at 6 or more calls, "
    "meetings or QBRs in the last 90 days, in proportion below that. No interaction ever: 0.",
    SUPPORT: "Escalations in the last 90 days: none 100, one 60, two 30, three or more 0.",
    VOICE: "NPS and CSAT answers of the last 365 days: the average NPS answer x 10, and the "
    "average CSAT answer mapped 1 -> 0 and 5 -> 100; the mean of the two that exist. "
    "No answers: no data.",
    COVERAGE: "35 for a positive executive sponsor, 35 for a positive champion who is still "
    "there, and up to 30 for positive customer contacts (10 each, up to 3).",
    CSM_SENTIMENT: "The CSM's own read, -2 to +2, mapped to 0, 25, 50, 75, 100. Not set: no data.",
}

DEFAULT_WEIGHTS: Mapping[str, float] = {
    ADOPTION: 25.0,
    ENGAGEMENT: 20.0,
    SUPPORT: 15.0,
    VOICE: 15.0,
    COVERAGE: 15.0,
    CSM_SENTIMENT: 10.0,
}
DEFAULT_RED_BELOW = 40
DEFAULT_GREEN_FROM = 70

RECENT_DAYS = 14
STALE_DAYS = 90
WINDOW_DAYS = 90
SURVEY_WINDOW_DAYS = 365
CADENCE_TARGET = 6


@dataclass(frozen=True, slots=True)
class HealthModelSettings:
    """Weights and band thresholds of one model version."""

    version: int = 1
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    red_below: int = DEFAULT_RED_BELOW
    green_from: int = DEFAULT_GREEN_FROM

    def band(self, score: float) -> HealthBand:
        if score < self.red_below:
            return HealthBand.RED
        if score < self.green_from:
            return HealthBand.YELLOW
        return HealthBand.GREEN


def validate_model(weights: Mapping[str, float], red_below: int, green_from: int) -> list[str]:
    """Plain-language problems with a proposed model (empty list when it is usable)."""
    problems = []
    unknown = set(weights) - set(FACTORS)
    if unknown:
        problems.append(f"Unknown factors: {', '.join(sorted(unknown))}.")
    for key, value in weights.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            problems.append(f"The weight of {FACTOR_LABELS.get(key, key)} must be 0 or more.")
    if sum(v for v in weights.values() if isinstance(v, int | float) and v > 0) <= 0:
        problems.append("At least one factor needs a weight above 0.")
    if not 0 < red_below < green_from <= 100:
        problems.append(
            "Bands must satisfy 0 < red below < green from <= 100 "
            f"(got red below {red_below}, green from {green_from})."
        )
    return problems


@dataclass(frozen=True, slots=True)
class HealthInputs:
    """Everything the score is computed from, for one account on one date."""

    as_of: date
    adoption_pcts: tuple[float, ...] = ()
    live_use_cases: int = 0
    days_since_interaction: int | None = None
    touchpoints_90d: int = 0
    escalations_90d: int = 0
    nps_scores: tuple[float, ...] = ()
    csat_scores: tuple[float, ...] = ()
    sponsor_positive: bool = False
    has_sponsor: bool = False
    champion_positive: bool = False
    champion_left: bool = False
    positive_contacts: int = 0
    csm_sentiment: int | None = None


@dataclass(frozen=True, slots=True)
class FactorResult:
    key: str
    label: str
    raw: str
    """The input in words, e.g. "3 use cases, average 64 % adopted"."""
    score: float | None
    """0-100, or None when there is no data for this factor."""
    weight: float
    """The weight set in the model."""
    effective_weight: float
    """Share of the total (0-1) after factors with no data are left out."""

    @property
    def contribution(self) -> float:
        """Points this factor adds to the overall score (contributions sum to the score)."""
        return 0.0 if self.score is None else self.score * self.effective_weight


@dataclass(frozen=True, slots=True)
class HealthResult:
    score: float
    band: HealthBand
    factors: tuple[FactorResult, ...]
    model_version: int

    def factor(self, key: str) -> FactorResult:
        return next(f for f in self.factors if f.key == key)


def _mean(values: tuple[float, ...]) -> float:
    return sum(values) / len(values)


def _adoption(i: HealthInputs) -> tuple[float | None, str]:
    if not i.adoption_pcts:
        return None, "No live or onboarding use cases yet"
    avg = _mean(i.adoption_pcts)
    n = len(i.adoption_pcts)
    plural = "s" if n != 1 else ""
    return (
        avg,
        f"{n} use case{plural} in use ({i.live_use_cases} live), average {avg:.0f} % adopted",
    )


def _engagement(i: HealthInputs) -> tuple[float | None, str]:
    if i.days_since_interaction is None:
        return 0.0, "No interaction recorded"
    days = max(i.days_since_interaction, 0)
    if days <= RECENT_DAYS:
        recency = 100.0
    elif days >= STALE_DAYS:
        recency = 0.0
    else:
        recency = 100.0 * (STALE_DAYS - days) / (STALE_DAYS - RECENT_DAYS)
    cadence = min(i.touchpoints_90d / CADENCE_TARGET, 1.0) * 100.0
    touch = "touchpoint" if i.touchpoints_90d == 1 else "touchpoints"
    return 0.6 * recency + 0.4 * cadence, (
        f"Last interaction {days} day{'s' if days != 1 else ''} ago; "
        f"{i.touchpoints_90d} {touch} in 90 days"
    )


_ESCALATION_SCORES = (100.0, 60.0, 30.0)


def _support(i: HealthInputs) -> tuple[float | None, str]:
    n = max(i.escalations_90d, 0)
    score = _ESCALATION_SCORES[n] if n < len(_ESCALATION_SCORES) else 0.0
    return score, f"{n} escalation{'s' if n != 1 else ''} in 90 days"


def _voice(i: HealthInputs) -> tuple[float | None, str]:
    parts: list[float] = []
    words: list[str] = []
    if i.nps_scores:
        avg = _mean(i.nps_scores)
        parts.append(avg * 10.0)
        words.append(f"NPS answers average {avg:.1f} (n={len(i.nps_scores)})")
    if i.csat_scores:
        avg = _mean(i.csat_scores)
        parts.append((avg - 1.0) / 4.0 * 100.0)
        words.append(f"CSAT average {avg:.1f} (n={len(i.csat_scores)})")
    if not parts:
        return None, "No NPS or CSAT answers in the last year"
    return sum(parts) / len(parts), "; ".join(words)


def _coverage(i: HealthInputs) -> tuple[float | None, str]:
    score = 0.0
    words = []
    if i.sponsor_positive:
        score += 35
        words.append("positive executive sponsor")
    elif i.has_sponsor:
        words.append("executive sponsor not positive")
    else:
        words.append("no executive sponsor")
    if i.champion_left:
        words.append("champion left")
    elif i.champion_positive:
        score += 35
        words.append("positive champion")
    else:
        words.append("no positive champion")
    contacts = max(i.positive_contacts, 0)
    score += min(contacts, 3) * 10
    words.append(f"{contacts} positive contact{'s' if contacts != 1 else ''}")
    return score, "; ".join(words).capitalize()


def _csm(i: HealthInputs) -> tuple[float | None, str]:
    if i.csm_sentiment is None:
        return None, "Not set"
    value = min(max(i.csm_sentiment, -2), 2)
    return (value + 2) * 25.0, f"{value:+d} on a scale of -2 to +2"


_RULES = {
    ADOPTION: _adoption,
    ENGAGEMENT: _engagement,
    SUPPORT: _support,
    VOICE: _voice,
    COVERAGE: _coverage,
    CSM_SENTIMENT: _csm,
}


def score_health(inputs: HealthInputs, model: HealthModelSettings | None = None) -> HealthResult:
    """Score one account. The result explains itself factor by factor."""
    model = model or HealthModelSettings()
    measured = {key: _RULES[key](inputs) for key in FACTORS}
    weights = {key: max(float(model.weights.get(key, 0.0)), 0.0) for key in FACTORS}
    active = sum(weights[k] for k, (score, _) in measured.items() if score is not None)
    factors = []
    for key in FACTORS:
        score, raw = measured[key]
        share = weights[key] / active if score is not None and active > 0 else 0.0
        factors.append(FactorResult(key, FACTOR_LABELS[key], raw, score, weights[key], share))
    total = sum(f.contribution for f in factors)
    total = round(min(max(total, 0.0), 100.0), 1)
    return HealthResult(total, model.band(total), tuple(factors), model.version)


@dataclass(frozen=True, slots=True)
class FactorMove:
    key: str
    label: str
    before: float | None
    after: float | None
    points: float
    """Change in this factor's contribution to the score, in score points."""


def compare(previous: HealthResult, current: HealthResult) -> list[FactorMove]:
    """What moved the score between two results, biggest move first."""
    moves = []
    for now in current.factors:
        try:
            then = previous.factor(now.key)
        except StopIteration:
            then = None
        before_contribution = then.contribution if then else 0.0
        moves.append(
            FactorMove(
                now.key,
                now.label,
                then.score if then else None,
                now.score,
                round(now.contribution - before_contribution, 1),
            )
        )
    moves.sort(key=lambda mv: abs(mv.points), reverse=True)
    return moves


# --------------------------------------------------------------------------- model checks


def model_field_problems(
    weights: Mapping[str, float], red_below: int, green_from: int
) -> dict[str, str]:
    """Problems with a proposed model, keyed by the field to show them next to.

    Keys are ``weight:<factor>``, ``weights`` (the set as a whole), ``red_below`` and
    ``green_from``. Empty when the model is usable. Same rules as :func:`validate_model`.
    """
    problems: dict[str, str] = {}
    unknown = sorted(set(weights) - set(FACTORS))
    if unknown:
        problems["weights"] = f"Unknown factors: {', '.join(unknown)}."
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems[f"weight:{key}"] = "Enter a number, 0 or more."
        elif not math.isfinite(value) or value < 0:
            problems[f"weight:{key}"] = "A weight must be 0 or more."
        elif value > 1000:
            problems[f"weight:{key}"] = "Use weights up to 1000 (they are relative shares)."
    positive = sum(
        v
        for v in weights.values()
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0
    )
    if positive <= 0 and "weights" not in problems:
        problems["weights"] = "At least one factor needs a weight above 0."
    if not 0 < red_below < 100:
        problems["red_below"] = f"Red must end between 1 and 99 (you entered {red_below})."
    if not 0 < green_from <= 100:
        problems["green_from"] = f"Green must start between 1 and 100 (you entered {green_from})."
    elif "red_below" not in problems and green_from <= red_below:
        problems["green_from"] = (
            f"Green must start above where red ends ({red_below}); yellow is the range between."
        )
    return problems


# --------------------------------------------------------------------------- what-if

#: The inputs a what-if can change, with their labels (the panel's controls follow this).
WHAT_IF_FIELDS: Mapping[str, str] = {
    "adoption_pct": "Average adoption %",
    "days_since_interaction": "Days since the last interaction",
    "touchpoints_90d": "Calls, meetings and QBRs in 90 days",
    "escalations_90d": "Escalations in 90 days",
    "nps_average": "Average NPS answer (0-10)",
    "csat_average": "Average CSAT answer (1-5)",
    "sponsor_positive": "Executive sponsor is positive",
    "champion_positive": "Champion is positive",
    "champion_left": "Champion has left",
    "positive_contacts": "Positive customer contacts",
    "csm_sentiment": "CSM sentiment (-2 to +2)",
}

_WHAT_IF_BOUNDS: Mapping[str, tuple[float, float]] = {
    "adoption_pct": (0, 100),
    "days_since_interaction": (0, 3650),
    "touchpoints_90d": (0, 1000),
    "escalations_90d": (0, 1000),
    "nps_average": (0, 10),
    "csat_average": (1, 5),
    "positive_contacts": (0, 1000),
    "csm_sentiment": (-2, 2),
}
_WHAT_IF_FLAGS = ("sponsor_positive", "champion_positive", "champion_left")


def what_if(inputs: HealthInputs, **changes: object) -> HealthInputs:  # noqa: PLR0912 - one branch per what-if input, in the order the panel lists them
    """``inputs`` with some of them changed, for scoring without saving anything.

    Keys are those of :data:`WHAT_IF_FIELDS`. ``adoption_pct`` sets every use case in use to
    that adoption (one use case if there were none); ``nps_average`` / ``csat_average`` stand
    for all the answers of the year; ``csm_sentiment`` None clears it. A positive sponsor or
    champion means one is present (and a positive champion has not left). Raises
    :class:`~planner.domain.errors.ValidationError` naming the field for a value out of range.
    """
    from planner.domain import errors  # noqa: PLC0415 - keeps this module's imports minimal

    numbers: dict[str, float] = {}
    flags: dict[str, bool] = {}
    clear_csm = False
    for key, value in changes.items():
        if key not in WHAT_IF_FIELDS:
            raise errors.ValidationError(key, f"{key!r} is not an input of the health score.")
        label = WHAT_IF_FIELDS[key]
        if key in _WHAT_IF_FLAGS:
            if not isinstance(value, bool):
                raise errors.ValidationError(key, f"{label}: choose yes or no.")
            flags[key] = value
        elif key == "csm_sentiment" and value is None:
            clear_csm = True
        elif (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise errors.ValidationError(key, f"{label} must be a number.")
        else:
            low, high = _WHAT_IF_BOUNDS[key]
            if not low <= value <= high:
                raise errors.ValidationError(
                    key, f"{label} must be between {low:g} and {high:g} (you entered {value:g})."
                )
            numbers[key] = float(value)
    result = inputs
    if "adoption_pct" in numbers:
        count = max(len(inputs.adoption_pcts), 1)
        result = replace(
            result,
            adoption_pcts=(numbers["adoption_pct"],) * count,
            live_use_cases=inputs.live_use_cases
            if inputs.adoption_pcts
            else max(inputs.live_use_cases, 1),
        )
    if "nps_average" in numbers:
        result = replace(result, nps_scores=(numbers["nps_average"],))
    if "csat_average" in numbers:
        result = replace(result, csat_scores=(numbers["csat_average"],))
    if "days_since_interaction" in numbers:
        result = replace(result, days_since_interaction=round(numbers["days_since_interaction"]))
    if "touchpoints_90d" in numbers:
        result = replace(result, touchpoints_90d=round(numbers["touchpoints_90d"]))
    if "escalations_90d" in numbers:
        result = replace(result, escalations_90d=round(numbers["escalations_90d"]))
    if "positive_contacts" in numbers:
        result = replace(result, positive_contacts=round(numbers["positive_contacts"]))
    if clear_csm:
        result = replace(result, csm_sentiment=None)
    elif "csm_sentiment" in numbers:
        result = replace(result, csm_sentiment=round(numbers["csm_sentiment"]))
    if "sponsor_positive" in flags:
        positive = flags["sponsor_positive"]
        result = replace(
            result, sponsor_positive=positive, has_sponsor=positive or result.has_sponsor
        )
    if "champion_positive" in flags:
        positive = flags["champion_positive"]
        result = replace(
            result,
            champion_positive=positive,
            champion_left=False if positive else result.champion_left,
        )
    if "champion_left" in flags:
        left = flags["champion_left"]
        result = replace(
            result,
            champion_left=left,
            champion_positive=False if left else result.champion_positive,
        )
    return result


def what_if_values(inputs: HealthInputs) -> dict[str, object]:
    """The current value of each what-if input (what the panel's controls start from)."""
    return {
        "adoption_pct": round(_mean(inputs.adoption_pcts)) if inputs.adoption_pcts else None,
        "days_since_interaction": inputs.days_since_interaction,
        "touchpoints_90d": inputs.touchpoints_90d,
        "escalations_90d": inputs.escalations_90d,
        "nps_average": round(_mean(inputs.nps_scores), 1) if inputs.nps_scores else None,
        "csat_average": round(_mean(inputs.csat_scores), 1) if inputs.csat_scores else None,
        "sponsor_positive": inputs.sponsor_positive,
        "champion_positive": inputs.champion_positive and not inputs.champion_left,
        "champion_left": inputs.champion_left,
        "positive_contacts": inputs.positive_contacts,
        "csm_sentiment": inputs.csm_sentiment,
    }


# --------------------------------------------------------------------------- stored results


def result_from_factors(
    factors: Mapping[str, Mapping[str, object]],
    score: float,
    band: HealthBand,
    model_version: int,
) -> HealthResult:
    """Rebuild the explanation of a stored snapshot from its ``factors`` JSON.

    Each entry holds ``raw``, ``score`` (None: no data), ``weight`` and ``effective_weight``,
    as written when the snapshot was recorded; factors are listed in :data:`FACTORS` order.
    """
    results = []
    for key in FACTORS:
        entry = factors.get(key)
        if entry is None:
            continue
        raw_score = entry.get("score")
        value = float(raw_score) if isinstance(raw_score, int | float) else None
        weight = entry.get("weight", 0.0)
        share = entry.get("effective_weight", 0.0)
        results.append(
            FactorResult(
                key,
                FACTOR_LABELS[key],
                str(entry.get("raw", "")),
                value,
                float(weight) if isinstance(weight, int | float) else 0.0,
                float(share) if isinstance(share, int | float) and value is not None else 0.0,
            )
        )
    return HealthResult(score, band, tuple(results), model_version)


CHURNED_TEXT = "Churned"
"""What an account that has churned shows where a live account shows its health: a score of a
customer who has left is no health, so no band is shown for it."""


def health_text(score: float | None, band: HealthBand | None, *, churned: bool = False) -> str:
    """``42 · Yellow`` for a live account, ``Churned`` for one that has churned, ``No score``
    before its first snapshot: the one way every table, panel and command shows health."""
    if churned:
        return CHURNED_TEXT
    if score is None:
        return "No score"
    whole = fmt.number(score, 0)
    return f"{whole} · {band.label}" if band else whole
