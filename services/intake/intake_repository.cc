#include "services/intake/intake_repository.h"

#include "services/core/row_values.h"

namespace casebridge::intake {
namespace {

constexpr char kCaseColumns[] =
    "id, agency_id, region_code, case_number, state, coalesce(register_date::text, ''), flagged,"
    " overall_outcome, ip_right, party_names, array_to_string(credit_codes, ','),"
    " array_to_string(id_numbers, ','), imported,"
    " (extract(epoch FROM create_time) * 1000000)::bigint,"
    " (extract(epoch FROM update_time) * 1000000)::bigint, version, body, rule_set_version";

CaseRow ReadCase(const pqxx::row& r) {
  CaseRow row;
  row.id = r[0].as<std::string>();
  row.agency_id = r[1].as<std::string>();
  row.region_code = r[2].as<std::string>();
  row.case_number = r[3].as<std::string>();
  row.state = r[4].as<int>();
  row.register_date = r[5].as<std::string>();
  row.flagged = r[6].as<bool>();
  row.overall_outcome = r[7].as<int>();
  row.ip_right = r[8].as<int>();
  row.party_names = r[9].as<std::string>();
  row.credit_codes = core::SplitTextArray(r[10].as<std::string>());
  row.id_numbers = core::SplitTextArray(r[11].as<std::string>());
  row.imported = r[12].as<bool>();
  row.create_micros = r[13].as<int64_t>();
  row.update_micros = r[14].as<int64_t>();
  row.version = r[15].as<int64_t>();
  row.body = pqxx::binarystring(r[16]).str();
  row.rule_set_version = r[17].as<int64_t>();
  return row;
}

// The part every one-statement write shares after the change to case_files: the audit record
// ($1-$7), the event ($8, with the case's id/agency/region from $9-$11) numbered from the event
// head, the request log row ($12-$16; none for an act of the system, whose request_id is empty),
// and the notification, which PostgreSQL delivers only on commit.
constexpr char kChangeTail[] =
    ", event_head_step AS (UPDATE case_event_head SET last_sequence = last_sequence + 1"
    "   WHERE id = 1 RETURNING last_sequence)"
    ", event_row AS (INSERT INTO case_events (sequence, audit_sequence, case_file_id, agency_id,"
    "   region_code, event) SELECT last_sequence, sequence, $9, $10, $11, $8"
    "   FROM event_head_step, audit_row RETURNING sequence)"
    ", request_row AS (INSERT INTO request_log (caller, method, request_id, request_digest, "
    "response)"
    "   SELECT $12, $13, $14, $15, $16 WHERE $14 <> '')"
    " SELECT sequence, pg_notify('intake_case_events', sequence::text) FROM event_row";

}  // namespace

int64_t IntakeRepository::InsertCase(pqxx::transaction_base& tx, const CaseRow& row,
                                     const ChangeRecord& c) {
  const std::string sql =
      "WITH " + core::AuditAppendCtes(1) +
      ", case_row AS (INSERT INTO case_files (id, agency_id, region_code, case_number, state,"
      "   register_date, flagged, overall_outcome, ip_right, party_names, credit_codes, id_numbers,"
      "   imported, create_time, update_time, version, body, rule_set_version) VALUES ($9, $10, "
      "$11,"
      "   $17, $18, nullif($19, '')::date, $20, $21, $22, $23, $24::text[], $25::text[], $26,"
      "   timestamptz 'epoch' + $27::bigint * interval '1 microsecond',"
      "   timestamptz 'epoch' + $28::bigint * interval '1 microsecond', $29, $30, $31))" +
      kChangeTail;
  pqxx::result r = tx.exec_params(
      sql, pqxx::binarystring(c.audit.payload), c.audit.entry.actor_user,
      c.audit.entry.actor_organisation, c.audit.entry.action, c.audit.entry.target, c.audit.micros,
      c.audit.entry.state_digest_hex, pqxx::binarystring(c.event), row.id, row.agency_id,
      row.region_code, c.request.caller, c.request.method, c.request.request_id,
      pqxx::binarystring(c.request.request_digest), pqxx::binarystring(c.response), row.case_number,
      row.state, row.register_date, row.flagged, row.overall_outcome, row.ip_right, row.party_names,
      core::TextArrayLiteral(row.credit_codes), core::TextArrayLiteral(row.id_numbers),
      row.imported, row.create_micros, row.update_micros, row.version, pqxx::binarystring(row.body),
      row.rule_set_version);
  return r[0][0].as<int64_t>();
}

std::optional<int64_t> IntakeRepository::ReplaceCase(pqxx::transaction_base& tx, const CaseRow& row,
                                                     int64_t expected_version,
                                                     const ChangeRecord& c) {
  // The version check runs first, in its own statement holding the row lock: a stale etag must
  // write nothing, not even an audit record.
  pqxx::result locked =
      tx.exec_params("SELECT 1 FROM case_files WHERE id = $1 AND version = $2 FOR UPDATE", row.id,
                     expected_version);
  if (locked.empty()) return std::nullopt;
  const std::string sql =
      "WITH " + core::AuditAppendCtes(1) +
      ", case_row AS (UPDATE case_files SET case_number = $17, state = $18,"
      "   register_date = nullif($19, '')::date, flagged = $20, overall_outcome = $21,"
      "   ip_right = $22, party_names = $23, credit_codes = $24::text[], id_numbers = $25::text[],"
      "   update_time = timestamptz 'epoch' + $26::bigint * interval '1 microsecond',"
      "   version = $27, body = $28, rule_set_version = $29 WHERE id = $9)" +
      kChangeTail;
  pqxx::result r = tx.exec_params(
      sql, pqxx::binarystring(c.audit.payload), c.audit.entry.actor_user,
      c.audit.entry.actor_organisation, c.audit.entry.action, c.audit.entry.target, c.audit.micros,
      c.audit.entry.state_digest_hex, pqxx::binarystring(c.event), row.id, row.agency_id,
      row.region_code, c.request.caller, c.request.method, c.request.request_id,
      pqxx::binarystring(c.request.request_digest), pqxx::binarystring(c.response), row.case_number,
      row.state, row.register_date, row.flagged, row.overall_outcome, row.ip_right, row.party_names,
      core::TextArrayLiteral(row.credit_codes), core::TextArrayLiteral(row.id_numbers),
      row.update_micros, row.version, pqxx::binarystring(row.body), row.rule_set_version);
  return r[0][0].as<int64_t>();
}

std::optional<CaseRow> IntakeRepository::FindCase(pqxx::transaction_base& tx,
                                                  const std::string& id) {
  pqxx::result r =
      tx.exec_params(std::string("SELECT ") + kCaseColumns + " FROM case_files WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  return ReadCase(r[0]);
}

std::vector<CaseRow> IntakeRepository::ListCases(pqxx::transaction_base& tx, const CaseQuery& q,
                                                 int limit) {
  std::string where = "region_code LIKE " + tx.quote(q.region_prefix + "%");
  auto add = [&where](const std::string& condition) { where += " AND " + condition; };
  if (!q.agency_id.empty()) add("agency_id = " + tx.quote(q.agency_id));
  if (q.state) add("state = " + std::to_string(*q.state));
  if (q.flagged) add(std::string("flagged = ") + (*q.flagged ? "true" : "false"));
  if (q.overall_outcome) add("overall_outcome = " + std::to_string(*q.overall_outcome));
  if (q.ip_right) add("ip_right = " + std::to_string(*q.ip_right));
  if (!q.register_from.empty()) add("register_date >= " + tx.quote(q.register_from) + "::date");
  if (!q.register_to.empty()) add("register_date <= " + tx.quote(q.register_to) + "::date");
  if (!q.party_substring.empty()) {
    add("party_names LIKE " + tx.quote("%" + tx.esc_like(q.party_substring) + "%"));
  }
  if (!q.credit_code.empty()) add("credit_codes @> ARRAY[" + tx.quote(q.credit_code) + "]");
  if (!q.id_number.empty()) add("id_numbers @> ARRAY[" + tx.quote(q.id_number) + "]");
  if (!q.case_number.empty()) add("case_number = " + tx.quote(q.case_number));
  const std::string date = "coalesce(register_date, '0001-01-01'::date)";
  if (!q.after_id.empty()) {
    add("(" + date + ", id) " + (q.ascending ? ">" : "<") + " (" + tx.quote(q.after_date) +
        "::date, " + tx.quote(q.after_id) + ")");
  }
  const std::string direction = q.ascending ? " ASC" : " DESC";
  pqxx::result r = tx.exec(std::string("SELECT ") + kCaseColumns + " FROM case_files WHERE " +
                           where + " ORDER BY " + date + direction + ", id" + direction +
                           " LIMIT " + std::to_string(limit));
  std::vector<CaseRow> out;
  for (const auto& row : r) out.push_back(ReadCase(row));
  return out;
}

std::vector<CaseRow> IntakeRepository::OpenCasesBehind(pqxx::transaction_base& tx, int64_t version,
                                                       int64_t after_version,
                                                       const std::string& after_id, int limit) {
  // Follows the partial index case_files_rule_set_behind; 5 is CaseFile.STATE_CLOSED.
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kCaseColumns +
          " FROM case_files WHERE state <> 5 AND rule_set_version < $1"
          " AND (rule_set_version, id) > ($2, $3) ORDER BY rule_set_version, id LIMIT $4"
          " FOR UPDATE SKIP LOCKED",
      version, after_version, after_id, limit);
  std::vector<CaseRow> out;
  for (const auto& row : r) out.push_back(ReadCase(row));
  return out;
}

void IntakeRepository::MarkAssessed(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
                                    int64_t version) {
  if (ids.empty()) return;
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ",") + tx.quote(id);
  tx.exec_params("UPDATE case_files SET rule_set_version = $1 WHERE id IN (" + list + ")", version);
}

std::vector<StoredEvent> IntakeRepository::EventsAfter(pqxx::transaction_base& tx, int64_t after,
                                                       const std::string& region_prefix,
                                                       const std::string& agency_id, int limit) {
  pqxx::result r = tx.exec_params(
      "SELECT sequence, (extract(epoch FROM event_time) * 1000000)::bigint, event, audit_sequence"
      " FROM case_events WHERE sequence > $1 AND region_code LIKE $2 || '%'"
      " AND ($3 = '' OR agency_id = $3) ORDER BY sequence LIMIT $4",
      after, region_prefix, agency_id, limit);
  std::vector<StoredEvent> out;
  for (const auto& row : r) {
    out.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), pqxx::binarystring(row[2]).str(),
                   row[3].as<int64_t>()});
  }
  return out;
}

// ---- Threshold rules ---------------------------------------------------------------------

int64_t IntakeRepository::LockRuleSet(pqxx::transaction_base& tx) {
  return tx.exec("SELECT changes FROM threshold_rule_set_head WHERE id = 1 FOR UPDATE")[0][0]
      .as<int64_t>();
}

int64_t IntakeRepository::RuleSetChanges(pqxx::transaction_base& tx) {
  return tx.exec("SELECT changes FROM threshold_rule_set_head WHERE id = 1")[0][0].as<int64_t>();
}

std::vector<RuleOverrideRow> IntakeRepository::RuleOverrides(pqxx::transaction_base& tx) {
  pqxx::result r = tx.exec(
      "SELECT rule_id, changes, array_to_string(fields, ','), body"
      " FROM threshold_rule_overrides ORDER BY rule_id");
  std::vector<RuleOverrideRow> out;
  for (const auto& row : r) {
    out.push_back({row[0].as<std::string>(), row[1].as<int64_t>(),
                   core::SplitTextArray(row[2].as<std::string>()),
                   pqxx::binarystring(row[3]).str()});
  }
  return out;
}

void IntakeRepository::WriteRuleChange(pqxx::transaction_base& tx, const RuleChangeRecord& c) {
  // The audit record ($1-$7), the rule as it now stands ($8-$15), its history row numbered from
  // the head ($16-$19), the request log row ($20-$24) and the notification, which PostgreSQL
  // delivers only on commit.
  const std::string sql =
      "WITH " + core::AuditAppendCtes(1) +
      ", head_step AS (UPDATE threshold_rule_set_head SET changes = changes + 1 WHERE id = 1"
      "   RETURNING changes)"
      ", rule_row AS (INSERT INTO threshold_rule_overrides (rule_id, changes, fields, body,"
      "   enabled, note, updated_by, update_time) VALUES ($8, $9, $10::text[], $11, $12, $13, $14,"
      "   timestamptz 'epoch' + $15::bigint * interval '1 microsecond')"
      "   ON CONFLICT (rule_id) DO UPDATE SET changes = EXCLUDED.changes, fields = EXCLUDED.fields,"
      "   body = EXCLUDED.body, enabled = EXCLUDED.enabled, note = EXCLUDED.note,"
      "   updated_by = EXCLUDED.updated_by, update_time = EXCLUDED.update_time)"
      ", history_row AS (INSERT INTO threshold_rule_changes (sequence, rule_id, action,"
      "   rule_version, rule_set_version, rule_set_digest, body, audit_sequence, change_time)"
      "   SELECT head_step.changes, $8, $16, $17, $18, $19, $11, audit_row.sequence,"
      "   timestamptz 'epoch' + $15::bigint * interval '1 microsecond' FROM head_step, audit_row)"
      ", request_row AS (INSERT INTO request_log (caller, method, request_id, request_digest,"
      "   response) VALUES ($20, $21, $22, $23, $24))"
      " SELECT pg_notify('" +
      std::string(kThresholdRuleChannel) + "', $18::text)";
  tx.exec_params(sql, pqxx::binarystring(c.audit.payload), c.audit.entry.actor_user,
                 c.audit.entry.actor_organisation, c.audit.entry.action, c.audit.entry.target,
                 c.audit.micros, c.audit.entry.state_digest_hex, c.rule.rule_id, c.rule.changes,
                 core::TextArrayLiteral(c.rule.fields), pqxx::binarystring(c.rule.body), c.enabled,
                 c.note, c.updated_by, c.update_micros, c.action, c.rule_version,
                 c.rule_set_version, c.rule_set_digest, c.request.caller, c.request.method,
                 c.request.request_id, pqxx::binarystring(c.request.request_digest),
                 pqxx::binarystring(c.response));
}

}  // namespace casebridge::intake
