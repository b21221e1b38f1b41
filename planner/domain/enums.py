"""Every closed vocabulary of the domain, as real enums.

Values are the stable strings stored in the book and written to CSV/JSON; ``label`` is what a
person reads. Order of declaration is the natural order (used for sorting and combo boxes).
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum with a human label derived from its value ("at_risk" -> "At risk")."""

    @property
    def label(self) -> str:
        return _LABEL_OVERRIDES.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Accept a value, a label or a name, ignoring case, spaces, hyphens and underscores."""
        key = _normalise(text)
        for member in cls:
            if key in {_normalise(member.value), _normalise(member.label), _normalise(member.name)}:
                return member
        raise ValueError(text)


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_LABEL_OVERRIDES = {
    "smb": "SMB",
    "mid_market": "Mid-market",
    "roi_value": "ROI / value",
    "nps": "NPS",
    "csat": "CSAT",
    "qbr": "QBR",
    "csm": "CSM",
    "upsell": "Upsell",
    "cross_sell": "Cross-sell",
}


class Tier(LabelledEnum):
    STRATEGIC = "strategic"
    ENTERPRISE = "enterprise"
    MID_MARKET = "mid_market"
    SMB = "smb"


class LifecycleStage(LabelledEnum):
    ONBOARDING = "onboarding"
    ADOPTION = "adoption"
    VALUE_REALISATION = "value_realisation"
    EXPANSION = "expansion"
    RENEWAL = "renewal"
    ADVOCACY = "advocacy"
    CHURNED = "churned"


class PlanStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"


class GoalCategory(LabelledEnum):
    ADOPTION = "adoption"
    ROI_VALUE = "roi_value"
    EXPANSION = "expansion"
    RISK_REDUCTION = "risk_reduction"
    ONBOARDING = "onboarding"


class GoalStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"
    MISSED = "missed"


class Priority(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class RiskCategory(LabelledEnum):
    ADOPTION = "adoption"
    RELATIONSHIP = "relationship"
    PRODUCT = "product"
    SUPPORT = "support"
    COMMERCIAL = "commercial"
    COMPETITION = "competition"
    ORGANISATIONAL = "organisational"
    TECHNICAL = "technical"


class Severity(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Likelihood(LabelledEnum):
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    LIKELY = "likely"
    ALMOST_CERTAIN = "almost_certain"


class RiskStatus(LabelledEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"


class Side(LabelledEnum):
    CUSTOMER = "customer"
    INTERNAL = "internal"


class StakeholderRole(LabelledEnum):
    EXECUTIVE_SPONSOR = "executive_sponsor"
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    END_USER = "end_user"
    DETRACTOR = "detractor"
    POINT_OF_CONTACT = "point_of_contact"


class UseCaseStatus(LabelledEnum):
    PLANNED = "planned"
    ONBOARDING = "onboarding"
    LIVE = "live"
    AT_RISK = "at_risk"
    RETIRED = "retired"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED}


class ActionType(LabelledEnum):
    RISK = "risk"
    OPPORTUNITY = "opportunity"
    LIFECYCLE = "lifecycle"
    FOLLOW_UP = "follow_up"


class InteractionType(LabelledEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    QBR = "qbr"
    ESCALATION = "escalation"
    NOTE = "note"


class SurveyKind(LabelledEnum):
    NPS = "nps"
    CSAT = "csat"

    @property
    def score_range(self) -> tuple[int, int]:
        return (0, 10) if self is SurveyKind.NPS else (1, 5)


class OpportunityKind(LabelledEnum):
    UPSELL = "upsell"
    CROSS_SELL = "cross_sell"


class OpportunityStage(LabelledEnum):
    IDENTIFIED = "identified"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED = "closed"


class OpportunityStatus(LabelledEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class RevenueKind(LabelledEnum):
    NEW = "new"
    EXPANSION = "expansion"
    CONTRACTION = "contraction"
    CHURN = "churn"
    RENEWAL = "renewal"


class QbrStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class HealthBand(LabelledEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class ForecastCategory(LabelledEnum):
    """How likely a renewal is, best first (see :mod:`planner.domain.forecast`)."""

    COMMIT = "commit"
    LIKELY = "likely"
    AT_RISK = "at_risk"
    CHURN_EXPECTED = "churn_expected"
