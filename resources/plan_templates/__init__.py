"""The plan templates shipped with the app (JSON; see planner.domain.plan_template)."""
