"""The book's tables, grouped as pages name them in their ``watches`` declarations.

A page reloads when a committed write touched one of the tables it watches (see
:mod:`ui.context`). The names are the book's table names; ``tests/ui/test_change_flow.py``
checks every declaration against the schema, so a typo cannot silently stop a page reloading.
"""

from __future__ import annotations

SETTINGS = frozenset({"settings"})
"""Base currency, exchange rates, gross margin: they change how money and metrics read."""

ACCOUNTS = frozenset({"accounts", "stage_changes"})

PLANS = frozenset({"success_plans", "goals", "goal_measurements", "risks"})

PEOPLE = frozenset({"stakeholders", "stakeholder_sentiments"})

ACTIONS = frozenset({"action_items"})

INTERACTIONS = frozenset({"interactions", "interaction_attendees"})

SURVEYS = frozenset({"survey_responses"})

USE_CASES = frozenset({"use_cases"})

REVENUE = frozenset({"opportunities", "revenue_events"})

QBRS = frozenset({"qbrs", "qbr_agenda_items", "qbr_attendees"})

HEALTH_SCORES = frozenset({"health_models", "health_snapshots"})

ATTENTION = frozenset({"attention_states"})
"""The Needs Attention items the user snoozed or dismissed."""

FORECASTS = frozenset({"forecast_overrides"})
"""Forecast categories set by hand."""

TEMPLATES = frozenset({"plan_templates"})

HEALTH_INPUTS = ACCOUNTS | PEOPLE | INTERACTIONS | SURVEYS | USE_CASES | HEALTH_SCORES
"""Everything an account's health score is computed from, and its recorded history."""

NEEDS_ATTENTION = (
    ACCOUNTS | INTERACTIONS | PEOPLE | PLANS | QBRS | HEALTH_SCORES | ACTIONS | ATTENTION | SETTINGS
)
"""Everything the Needs Attention list is worked out from (its limits are settings)."""

RENEWAL_FORECAST = ACCOUNTS | HEALTH_SCORES | PLANS | PEOPLE | REVENUE | FORECASTS | SETTINGS
"""Everything the renewal forecast is worked out from (risks, sentiment, health, overrides;
its weights are settings)."""

EVERYTHING = (
    SETTINGS
    | ACCOUNTS
    | PLANS
    | PEOPLE
    | ACTIONS
    | INTERACTIONS
    | SURVEYS
    | USE_CASES
    | REVENUE
    | QBRS
    | HEALTH_SCORES
    | ATTENTION
    | FORECASTS
    | TEMPLATES
)
"""Every table that holds the user's data."""
