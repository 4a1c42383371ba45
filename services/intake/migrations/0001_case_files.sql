-- Administrative cases (案件) and their event feed (DESIGN.md "Event feeds").
-- The whole CaseFile, as GetCaseFile returns it, is kept in `body`; the other columns are what
-- filters, scope checks and uniqueness need.
CREATE TABLE case_files (
  id text PRIMARY KEY,
  agency_id text NOT NULL,              -- organisations/{agency_id}
  region_code char(6) NOT NULL,         -- the agency's GB/T 2260 code, for region scope
  case_number text NOT NULL,            -- 立案编号, unique per agency
  state smallint NOT NULL,              -- casebridge.v1.CaseFile.State
  register_date date,
  flagged boolean NOT NULL,             -- assessment MET or NEAR
  overall_outcome smallint NOT NULL,    -- casebridge.v1.AssessmentOutcome
  ip_right smallint NOT NULL,           -- casebridge.v1.IpRight
  party_names text NOT NULL,            -- every party's name, one a line, for substring search
  credit_codes text[] NOT NULL,         -- normalised 统一社会信用代码 of the parties
  id_numbers text[] NOT NULL,           -- normalised 18-digit 公民身份号码 of the parties
  imported boolean NOT NULL DEFAULT false,
  create_time timestamptz NOT NULL,
  update_time timestamptz NOT NULL,
  version bigint NOT NULL,
  body bytea NOT NULL,
  CONSTRAINT case_files_case_number_unique UNIQUE (agency_id, case_number)
);
CREATE INDEX case_files_agency_date ON case_files (agency_id, register_date DESC, id);
CREATE INDEX case_files_region ON case_files (region_code bpchar_pattern_ops, register_date DESC);
CREATE INDEX case_files_party_names ON case_files USING gin (party_names public.gin_trgm_ops);
CREATE INDEX case_files_credit_codes ON case_files USING gin (credit_codes);
CREATE INDEX case_files_id_numbers ON case_files USING gin (id_numbers);

-- The outbox. Sequences come from case_event_head, whose row lock each writer holds until it
-- commits, so sequences follow commit order and no lower sequence can appear after a higher one
-- became visible. A bulk import takes a whole range in one step.
CREATE TABLE case_event_head (
  id int PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL
);
INSERT INTO case_event_head VALUES (1, 0);

CREATE TABLE case_events (
  sequence bigint PRIMARY KEY,
  audit_sequence bigint NOT NULL,       -- the audit record written in the same transaction
  case_file_id text NOT NULL,
  agency_id text NOT NULL,
  region_code char(6) NOT NULL,
  event_time timestamptz NOT NULL DEFAULT now(),
  event bytea NOT NULL                  -- casebridge.v1.CaseEvent without its sequence and time
);
CREATE INDEX case_events_region ON case_events (region_code bpchar_pattern_ops, sequence);
