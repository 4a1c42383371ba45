-- Referrals (移送) to public security, their statutory clocks, documents and event feed
-- (DESIGN.md "Event feeds"). The whole Referral, as GetReferral's FULL view returns it, is kept in
-- `body`; the other columns are what filters, scope checks and the deadline sweeper need.
CREATE TABLE referrals (
  id text PRIMARY KEY,
  case_file_id text NOT NULL,           -- caseFiles/{case_file_id}
  agency_id text NOT NULL,              -- organisations/{agency_id}, the referring agency
  region_code char(6) NOT NULL,         -- the agency's GB/T 2260 code, for region scope
  state smallint NOT NULL,              -- casebridge.v1.Referral.State
  police_ids text[] NOT NULL,           -- every police organisation that holds or held it
  current_police_id text NOT NULL,      -- '' before transfer
  referral_number text NOT NULL,        -- 移送书编号, '' before transfer
  create_time timestamptz NOT NULL,
  update_time timestamptz NOT NULL,
  version bigint NOT NULL,
  body bytea NOT NULL
);
CREATE INDEX referrals_agency ON referrals (agency_id, create_time DESC, id);
CREATE INDEX referrals_region ON referrals (region_code bpchar_pattern_ops, create_time DESC);
CREATE INDEX referrals_police ON referrals USING gin (police_ids);
CREATE INDEX referrals_case ON referrals (case_file_id);
-- One live referral per case: a new one only after the last reached a final state.
CREATE UNIQUE INDEX referrals_one_live_per_case ON referrals (case_file_id)
  WHERE state NOT IN (4, 17, 18);  -- REFUSED, CLOSED_ADMINISTRATIVELY, WITHDRAWN

-- The statutory clocks of every referral, as in the referral body, for listing across referrals
-- and for the sweeper (open clocks by due time).
CREATE TABLE referral_deadlines (
  referral_id text NOT NULL REFERENCES referrals (id),
  deadline_id text NOT NULL,
  kind smallint NOT NULL,                 -- casebridge.v1.Deadline.Kind
  state smallint NOT NULL,                -- casebridge.v1.StatutoryClock.State
  responsible_organisation_id text NOT NULL,
  agency_id text NOT NULL,
  region_code char(6) NOT NULL,
  due_time timestamptz NOT NULL,
  body bytea NOT NULL,                    -- casebridge.v1.Deadline, as in the referral
  PRIMARY KEY (referral_id, deadline_id)
);
CREATE INDEX referral_deadlines_open ON referral_deadlines (due_time) WHERE state = 1;
CREATE INDEX referral_deadlines_responsible ON referral_deadlines (responsible_organisation_id, due_time);
CREATE INDEX referral_deadlines_region ON referral_deadlines (region_code bpchar_pattern_ops, due_time);

-- Documents' bytes, never changed or deleted; their metadata lives in the referral body.
CREATE TABLE referral_document_contents (
  referral_id text NOT NULL REFERENCES referrals (id),
  document_id text NOT NULL,
  sha256_hex char(64) NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (referral_id, document_id)
);

-- Numbers of the documents the system issues (移送书, 回执), per organisation, kind and year.
CREATE TABLE document_numbers (
  organisation_id text NOT NULL,
  kind text NOT NULL,                   -- 'referral_letter', 'receipt'
  year int NOT NULL,
  last_number int NOT NULL,
  PRIMARY KEY (organisation_id, kind, year)
);

-- The outbox, numbered from its head row as intake's case feed is (commit order, no gaps seen).
CREATE TABLE referral_event_head (
  id int PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL
);
INSERT INTO referral_event_head VALUES (1, 0);

CREATE TABLE referral_events (
  sequence bigint PRIMARY KEY,
  audit_sequence bigint NOT NULL,
  referral_id text NOT NULL,
  agency_id text NOT NULL,
  region_code char(6) NOT NULL,
  police_ids text[] NOT NULL,
  event_time timestamptz NOT NULL DEFAULT now(),
  event bytea NOT NULL                  -- casebridge.v1.ReferralEvent without sequence and time
);
CREATE INDEX referral_events_region ON referral_events (region_code bpchar_pattern_ops, sequence);

-- How far the referral stages have been reported to intake (RecordReferralStatus), so a restart
-- resumes where it stopped and every stage reaches the case.
CREATE TABLE intake_status_cursor (
  id int PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL
);
INSERT INTO intake_status_cursor VALUES (1, 0);
