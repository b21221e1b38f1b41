"""Format 3, frozen: what step 3 creates, exactly as this version's models make it. A step's DDL
never changes once released; a later format gets a new step and a new module.

Format 3 indexes every record's ``rev`` (the edit-session transaction that last wrote it), so a
merge finds what either copy changed since they were split by reading the index ranges of the
transactions the other copy has not seen, instead of comparing every row of both books (see
:mod:`planner.services.interchange.merge`).
"""

from __future__ import annotations

#: One index on ``rev`` per table that carries it.
CREATED: tuple[str, ...] = (
    "CREATE INDEX ix_accounts_rev ON accounts (rev)",
    "CREATE INDEX ix_health_models_rev ON health_models (rev)",
    "CREATE INDEX ix_plan_templates_rev ON plan_templates (rev)",
    "CREATE INDEX ix_settings_rev ON settings (rev)",
    "CREATE INDEX ix_attention_states_rev ON attention_states (rev)",
    "CREATE INDEX ix_forecast_overrides_rev ON forecast_overrides (rev)",
    "CREATE INDEX ix_health_snapshots_rev ON health_snapshots (rev)",
    "CREATE INDEX ix_interactions_rev ON interactions (rev)",
    "CREATE INDEX ix_opportunities_rev ON opportunities (rev)",
    "CREATE INDEX ix_qbrs_rev ON qbrs (rev)",
    "CREATE INDEX ix_revenue_events_rev ON revenue_events (rev)",
    "CREATE INDEX ix_risks_rev ON risks (rev)",
    "CREATE INDEX ix_stage_changes_rev ON stage_changes (rev)",
    "CREATE INDEX ix_stakeholders_rev ON stakeholders (rev)",
    "CREATE INDEX ix_success_plans_rev ON success_plans (rev)",
    "CREATE INDEX ix_use_cases_rev ON use_cases (rev)",
    "CREATE INDEX ix_goals_rev ON goals (rev)",
    "CREATE INDEX ix_interaction_attendees_rev ON interaction_attendees (rev)",
    "CREATE INDEX ix_qbr_agenda_items_rev ON qbr_agenda_items (rev)",
    "CREATE INDEX ix_qbr_attendees_rev ON qbr_attendees (rev)",
    "CREATE INDEX ix_stakeholder_sentiments_rev ON stakeholder_sentiments (rev)",
    "CREATE INDEX ix_survey_responses_rev ON survey_responses (rev)",
    "CREATE INDEX ix_action_items_rev ON action_items (rev)",
    "CREATE INDEX ix_goal_measurements_rev ON goal_measurements (rev)",
)
