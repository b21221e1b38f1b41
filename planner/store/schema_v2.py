"""Format 2, frozen: the tables step 2 rebuilds or creates, exactly as this version's models
make them (``python -m tests.tools.print_ddl TABLE`` prints the models' DDL). A step's DDL never
changes once released; a later format gets a new step and a new module. (White space may differ
from the models' output: schema comparisons fold it.)

Format 2 adds: a goal's value per unit, goal measurements, QBR asks, and the source id of an
interaction captured from a file.
"""

from __future__ import annotations

#: Tables rebuilt with new columns: table -> (CREATE TABLE, CREATE INDEX...).
REBUILT: dict[str, tuple[str, ...]] = {
    "goals": (
        """\
CREATE TABLE goals (
    plan_id BLOB NOT NULL,
    title VARCHAR(2000) NOT NULL,
    description TEXT NOT NULL,
    category VARCHAR(32) NOT NULL,
    kpi_name VARCHAR(120) NOT NULL,
    unit VARCHAR(40) NOT NULL,
    baseline FLOAT,
    current FLOAT,
    target FLOAT,
    due_date DATE,
    status VARCHAR(32) NOT NULL,
    achieved_on DATE,
    priority VARCHAR(32) NOT NULL,
    owner_stakeholder_id BLOB,
    owner_name VARCHAR(120) NOT NULL,
    customer_visible BOOLEAN NOT NULL,
    value_per_unit_minor INTEGER,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_goals PRIMARY KEY (id),
    CONSTRAINT fk_goals_plan_id_success_plans FOREIGN KEY(plan_id) REFERENCES success_plans (id) ON DELETE CASCADE,
    CONSTRAINT ck_goals_goalcategory CHECK (category IN ('adoption', 'roi_value', 'expansion', 'risk_reduction', 'onboarding')),
    CONSTRAINT ck_goals_goalstatus CHECK (status IN ('not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed')),
    CONSTRAINT ck_goals_priority CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT fk_goals_owner_stakeholder_id_stakeholders FOREIGN KEY(owner_stakeholder_id) REFERENCES stakeholders (id) ON DELETE SET NULL
)""",
        """\
CREATE INDEX ix_goals_owner_stakeholder_id ON goals (owner_stakeholder_id)""",
        """\
CREATE INDEX ix_goals_plan_id ON goals (plan_id)""",
    ),
    "interactions": (
        """\
CREATE TABLE interactions (
    account_id BLOB NOT NULL,
    occurred_on DATE NOT NULL,
    type VARCHAR(32) NOT NULL,
    subject VARCHAR(2000) NOT NULL,
    summary TEXT NOT NULL,
    sentiment INTEGER,
    external_id VARCHAR(998),
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_interactions PRIMARY KEY (id),
    CONSTRAINT fk_interactions_account_id_accounts FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT ck_interactions_interactiontype CHECK (type IN ('call', 'meeting', 'email', 'qbr', 'escalation', 'note'))
)""",
        """\
CREATE INDEX ix_interactions_account_date ON interactions (account_id, occurred_on)""",
        """\
CREATE UNIQUE INDEX ix_interactions_external_id ON interactions (external_id)""",
    ),
    "qbrs": (
        """\
CREATE TABLE qbrs (
    account_id BLOB NOT NULL,
    title VARCHAR(2000) NOT NULL,
    meeting_date DATE NOT NULL,
    period_start DATE,
    period_end DATE,
    length_minutes INTEGER NOT NULL,
    status VARCHAR(32) NOT NULL,
    objectives TEXT NOT NULL,
    decisions TEXT NOT NULL,
    asks TEXT NOT NULL,
    notes TEXT NOT NULL,
    generated_files JSON NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_qbrs PRIMARY KEY (id),
    CONSTRAINT fk_qbrs_account_id_accounts FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT ck_qbrs_qbrstatus CHECK (status IN ('planned', 'held', 'cancelled'))
)""",
        """\
CREATE INDEX ix_qbrs_account_id ON qbrs (account_id)""",
    ),
}

#: What new NOT NULL columns of rebuilt tables hold for existing rows (SQL expressions).
FILL: dict[str, dict[str, str]] = {"qbrs": {"asks": "''"}}

#: New tables and indexes.
CREATED: tuple[str, ...] = (
    """\
CREATE TABLE goal_measurements (
    goal_id BLOB NOT NULL,
    measured_on DATE NOT NULL,
    value FLOAT NOT NULL,
    note TEXT NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_goal_measurements PRIMARY KEY (id),
    CONSTRAINT fk_goal_measurements_goal_id_goals FOREIGN KEY(goal_id) REFERENCES goals (id) ON DELETE CASCADE
)""",
    """\
CREATE INDEX ix_goal_measurements_goal_id ON goal_measurements (goal_id)""",
)
