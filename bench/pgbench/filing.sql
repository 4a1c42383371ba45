-- The database work of ONE CreateCaseFile, as the intake service sends it: the ceiling of the
-- filing benchmark (docs/benchmarks.md, run by bench/filing.sh with -M extended, like libpqxx's
-- exec_params, and connected as the intake service's own role, so it competes for the same audit
-- and event head rows and the same indexes).
--
-- One filing runs on one pooled connection, each statement committing on its own
-- (core::InOneStatement, no BEGIN/COMMIT):
--   the request_id replay lookup (core::ReplayPriorResponse)
--   ONE statement writing the audit record (core::AuditAppendCtes), the case, its event numbered
--   from case_event_head, the request log row, and the feed notification, delivered on commit
--   (IntakeRepository::InsertCase)
--
-- Kept in step with the service by bench/lib/sample_filing.py: bench/filing.sh files a case, logs
-- the service's statements and stops when they differ from these (whitespace aside). Parameter $j
-- of statement i is the variable :si_j, given with -D from that logged filing, so every value
-- (the 2 KB case body, the event, the response, the digests) is a real one. The ones that must
-- differ per filing are set from uid, unique per run (-D run=...), client and transaction.
\set n :n + 1
\set uid :run * 1000000000000 + :client_id * 1000000000 + :n
\set s1_3 :uid
\set s2_5 :uid
\set s2_9 :uid
\set s2_14 :uid
\set s2_17 :uid
SELECT request_digest, response FROM request_log WHERE caller = :s1_1 AND method = :s1_2
  AND request_id = :s1_3;
WITH audit_head_step AS (
  UPDATE audit_head SET previous_hash = last_hash, last_sequence = last_sequence + 1,
    last_hash = sha256(last_hash || int8send(last_sequence + 1) || :s2_1::bytea)
  WHERE id = 1 RETURNING last_sequence, previous_hash, last_hash),
 audit_row AS (
  INSERT INTO audit_log (sequence, actor_user, actor_organisation, action, target,
    record_time, state_digest, previous_hash, record_hash)
  SELECT last_sequence, :s2_2, :s2_3, :s2_4, :s2_5,
    timestamptz 'epoch' + :s2_6::bigint * interval '1 microsecond', :s2_7,
    previous_hash, last_hash FROM audit_head_step RETURNING sequence),
 case_row AS (INSERT INTO case_files (id, agency_id, region_code, case_number, state,
   register_date, flagged, overall_outcome, ip_right, party_names, credit_codes, id_numbers,
   imported, create_time, update_time, version, body, rule_set_version) VALUES (:s2_9, :s2_10,
   :s2_11, :s2_17, :s2_18, nullif(:s2_19, '')::date, :s2_20, :s2_21, :s2_22, :s2_23,
   :s2_24::text[], :s2_25::text[], :s2_26,
   timestamptz 'epoch' + :s2_27::bigint * interval '1 microsecond',
   timestamptz 'epoch' + :s2_28::bigint * interval '1 microsecond', :s2_29, :s2_30, :s2_31)),
 event_head_step AS (UPDATE case_event_head SET last_sequence = last_sequence + 1
   WHERE id = 1 RETURNING last_sequence),
 event_row AS (INSERT INTO case_events (sequence, audit_sequence, case_file_id, agency_id,
   region_code, event) SELECT last_sequence, sequence, :s2_9, :s2_10, :s2_11, :s2_8
   FROM event_head_step, audit_row RETURNING sequence),
 request_row AS (INSERT INTO request_log (caller, method, request_id, request_digest, response)
   SELECT :s2_12, :s2_13, :s2_14, :s2_15, :s2_16 WHERE :s2_14 <> '')
SELECT sequence, pg_notify('intake_case_events', sequence::text) FROM event_row;
