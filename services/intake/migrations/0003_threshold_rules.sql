-- Administrators' changes to the threshold rules (立案追诉标准). The rules ship in
-- services/law/data/thresholds/thresholds.csv; these tables hold only what administrators changed
-- (UpdateThresholdRule, EnableThresholdRule, DisableThresholdRule), so that a later release's table
-- and the changes combine (ThresholdRuleSet::WithChanges).

-- Serialises rule changes (each holds this row's lock until it commits) and counts them: the
-- rule-set version is the shipped table's version plus `changes`.
CREATE TABLE threshold_rule_set_head (
  id int PRIMARY KEY CHECK (id = 1),
  changes bigint NOT NULL
);
INSERT INTO threshold_rule_set_head VALUES (1, 0);

-- Each changed rule as it now stands. Its etag is its version: the shipped row's version plus
-- `changes`.
CREATE TABLE threshold_rule_overrides (
  rule_id text PRIMARY KEY,                -- thresholdRules/{rule_id}
  changes bigint NOT NULL CHECK (changes > 0),
  fields text[] NOT NULL,                  -- ThresholdRule fields administrators set; the rest
                                           -- follow the shipped row
  body bytea NOT NULL,                     -- casebridge.v1.ThresholdRule after the latest change
  enabled boolean NOT NULL,
  note text NOT NULL,                      -- 说明 of the latest change
  updated_by text NOT NULL,                -- users/{id}
  update_time timestamptz NOT NULL
);

-- Every change, oldest first, with the rule and the rule set it produced (the version history).
CREATE TABLE threshold_rule_changes (
  sequence bigint PRIMARY KEY,             -- threshold_rule_set_head.changes after the change
  rule_id text NOT NULL,
  action text NOT NULL,                    -- e.g. intake.DisableThresholdRule
  rule_version bigint NOT NULL,
  rule_set_version bigint NOT NULL,
  rule_set_digest text NOT NULL,           -- ThresholdRuleSet::digest() of the set after it
  body bytea NOT NULL,                     -- casebridge.v1.ThresholdRule after the change
  audit_sequence bigint NOT NULL,          -- the audit record written in the same statement
  change_time timestamptz NOT NULL
);
REVOKE UPDATE, DELETE, TRUNCATE ON threshold_rule_changes FROM {{runtime_role}};

-- The rule-set version each case was last assessed under. Open cases behind the current set are
-- re-assessed in batches after every change and at start, so an interrupted re-assessment resumes
-- where it stopped. Cases stored before this column existed start at 0, behind every set.
ALTER TABLE case_files ADD COLUMN rule_set_version bigint NOT NULL DEFAULT 0;
CREATE INDEX case_files_rule_set_behind ON case_files (rule_set_version, id) WHERE state <> 5;
