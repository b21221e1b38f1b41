"""Format 2, frozen: the tables step 2 rebuilds or creates, exactly as this version's models
make them (``python -m tests.tools.print_ddl TABLE`` prints the models' DDL). A step's DDL never
changes once released; a later format gets a new step and a new module. (White space may differ
from the models' output: schema comparisons fold it.)

Format 2 adds: a goal's value per unit, goal measurements, QBR asks, the source id of an
interaction captured from a file, snoozed/dismissed attention items, plan templates saved in
the book, forecast overrides, and the full-text search index (an FTS5 table with its shadow
tables, ``search_docs`` and one trigger per indexed table and event; see
:mod:`planner.store.search_index`).
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
    # Working the book: attention states, plan templates, forecast overrides (their models),
    # then the search index and its triggers (planner.store.search_index.DDL).
    """\
CREATE TABLE attention_states (
    account_id BLOB NOT NULL,
    item_key VARCHAR(200) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    fingerprint VARCHAR(200) NOT NULL,
    snoozed_until DATE,
    dismissed BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_attention_states PRIMARY KEY (id),
    CONSTRAINT fk_attention_states_account_id_accounts FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT uq_attention_states_item_key UNIQUE (item_key)
)""",
    """\
CREATE INDEX ix_attention_states_account_id ON attention_states (account_id)""",
    """\
CREATE TABLE plan_templates (
    name VARCHAR(120) NOT NULL,
    description TEXT NOT NULL,
    content JSON NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_plan_templates PRIMARY KEY (id),
    CONSTRAINT uq_plan_templates_name UNIQUE (name)
)""",
    """\
CREATE TABLE forecast_overrides (
    account_id BLOB NOT NULL,
    renewal_date DATE NOT NULL,
    category VARCHAR(32),
    reason TEXT NOT NULL,
    set_on DATE NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    rev BLOB,
    CONSTRAINT pk_forecast_overrides PRIMARY KEY (id),
    CONSTRAINT fk_forecast_overrides_account_id_accounts FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT ck_forecast_overrides_forecastcategory CHECK (category IN ('commit', 'likely', 'at_risk', 'churn_expected'))
)""",
    """\
CREATE INDEX ix_forecast_overrides_account_renewal ON forecast_overrides (account_id, renewal_date)""",
    """\
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')""",
    """\
CREATE TABLE search_docs (
    docid INTEGER NOT NULL,
    kind VARCHAR(32) NOT NULL,
    row_id BLOB NOT NULL,
    account_id BLOB,
    pending INTEGER NOT NULL,
    CONSTRAINT pk_search_docs PRIMARY KEY (docid)
)""",
    """\
CREATE UNIQUE INDEX ix_search_docs_row_id ON search_docs (row_id)""",
    """\
CREATE INDEX ix_search_docs_pending ON search_docs (kind) WHERE pending = 1""",
    """\
CREATE TRIGGER search_accounts_ins AFTER INSERT ON accounts BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 1099511627776) + 1, 'account', new.id, 1 FROM search_docs WHERE docid BETWEEN 1099511627777 AND 2199023255551 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_accounts_upd AFTER UPDATE OF name, crm_id, industry, region, owner, website, notes ON accounts BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 1099511627776) + 1, 'account', new.id, 1 FROM search_docs WHERE docid BETWEEN 1099511627777 AND 2199023255551 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_accounts_del AFTER DELETE ON accounts BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_success_plans_ins AFTER INSERT ON success_plans BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 2199023255552) + 1, 'plan', new.id, 1 FROM search_docs WHERE docid BETWEEN 2199023255553 AND 3298534883327 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_success_plans_upd AFTER UPDATE OF title, desired_outcomes, internal_notes ON success_plans BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 2199023255552) + 1, 'plan', new.id, 1 FROM search_docs WHERE docid BETWEEN 2199023255553 AND 3298534883327 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_success_plans_del AFTER DELETE ON success_plans BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_goals_ins AFTER INSERT ON goals BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 3298534883328) + 1, 'goal', new.id, 1 FROM search_docs WHERE docid BETWEEN 3298534883329 AND 4398046511103 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_goals_upd AFTER UPDATE OF title, description, kpi_name, unit, owner_name ON goals BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 3298534883328) + 1, 'goal', new.id, 1 FROM search_docs WHERE docid BETWEEN 3298534883329 AND 4398046511103 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_goals_del AFTER DELETE ON goals BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_risks_ins AFTER INSERT ON risks BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 4398046511104) + 1, 'risk', new.id, 1 FROM search_docs WHERE docid BETWEEN 4398046511105 AND 5497558138879 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_risks_upd AFTER UPDATE OF title, description, mitigation, owner_name ON risks BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 4398046511104) + 1, 'risk', new.id, 1 FROM search_docs WHERE docid BETWEEN 4398046511105 AND 5497558138879 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_risks_del AFTER DELETE ON risks BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_stakeholders_ins AFTER INSERT ON stakeholders BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 5497558138880) + 1, 'stakeholder', new.id, 1 FROM search_docs WHERE docid BETWEEN 5497558138881 AND 6597069766655 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_stakeholders_upd AFTER UPDATE OF name, job_title, email, notes ON stakeholders BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 5497558138880) + 1, 'stakeholder', new.id, 1 FROM search_docs WHERE docid BETWEEN 5497558138881 AND 6597069766655 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_stakeholders_del AFTER DELETE ON stakeholders BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_interactions_ins AFTER INSERT ON interactions BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 6597069766656) + 1, 'interaction', new.id, 1 FROM search_docs WHERE docid BETWEEN 6597069766657 AND 7696581394431 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_interactions_upd AFTER UPDATE OF subject, summary ON interactions BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 6597069766656) + 1, 'interaction', new.id, 1 FROM search_docs WHERE docid BETWEEN 6597069766657 AND 7696581394431 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_interactions_del AFTER DELETE ON interactions BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_action_items_ins AFTER INSERT ON action_items BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 7696581394432) + 1, 'action', new.id, 1 FROM search_docs WHERE docid BETWEEN 7696581394433 AND 8796093022207 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_action_items_upd AFTER UPDATE OF title, description, owner_name ON action_items BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 7696581394432) + 1, 'action', new.id, 1 FROM search_docs WHERE docid BETWEEN 7696581394433 AND 8796093022207 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_action_items_del AFTER DELETE ON action_items BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_use_cases_ins AFTER INSERT ON use_cases BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 8796093022208) + 1, 'use_case', new.id, 1 FROM search_docs WHERE docid BETWEEN 8796093022209 AND 9895604649983 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_use_cases_upd AFTER UPDATE OF title, problem, desired_outcome, products, value_realised ON use_cases BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 8796093022208) + 1, 'use_case', new.id, 1 FROM search_docs WHERE docid BETWEEN 8796093022209 AND 9895604649983 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_use_cases_del AFTER DELETE ON use_cases BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_survey_responses_ins AFTER INSERT ON survey_responses BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 9895604649984) + 1, 'survey', new.id, 1 FROM search_docs WHERE docid BETWEEN 9895604649985 AND 10995116277759 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_survey_responses_upd AFTER UPDATE OF kind, score, comment ON survey_responses BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 9895604649984) + 1, 'survey', new.id, 1 FROM search_docs WHERE docid BETWEEN 9895604649985 AND 10995116277759 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_survey_responses_del AFTER DELETE ON survey_responses BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_qbrs_ins AFTER INSERT ON qbrs BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 10995116277760) + 1, 'qbr', new.id, 1 FROM search_docs WHERE docid BETWEEN 10995116277761 AND 12094627905535 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_qbrs_upd AFTER UPDATE OF title, objectives, decisions, asks, notes ON qbrs BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 10995116277760) + 1, 'qbr', new.id, 1 FROM search_docs WHERE docid BETWEEN 10995116277761 AND 12094627905535 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_qbrs_del AFTER DELETE ON qbrs BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
    """\
CREATE TRIGGER search_opportunities_ins AFTER INSERT ON opportunities BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 12094627905536) + 1, 'opportunity', new.id, 1 FROM search_docs WHERE docid BETWEEN 12094627905537 AND 13194139533311 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_opportunities_upd AFTER UPDATE OF title, product, notes ON opportunities BEGIN INSERT INTO search_docs (docid, kind, row_id, pending) SELECT coalesce(max(docid), 12094627905536) + 1, 'opportunity', new.id, 1 FROM search_docs WHERE docid BETWEEN 12094627905537 AND 13194139533311 ON CONFLICT (row_id) DO UPDATE SET pending = 1; END""",
    """\
CREATE TRIGGER search_opportunities_del AFTER DELETE ON opportunities BEGIN UPDATE search_docs SET pending = 1 WHERE row_id = old.id; END""",
)
