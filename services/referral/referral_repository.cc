#include "services/referral/referral_repository.h"

#include "services/core/row_values.h"

namespace casebridge::referral {
namespace {

constexpr char kReferralColumns[] =
    "id, case_file_id, agency_id, region_code, state, array_to_string(police_ids, ','),"
    " current_police_id, referral_number, (extract(epoch FROM create_time) * 1000000)::bigint,"
    " (extract(epoch FROM update_time) * 1000000)::bigint, version, body";

constexpr char kDeadlineColumns[] =
    "referral_id, deadline_id, kind, state, responsible_organisation_id, agency_id, region_code,"
    " (extract(epoch FROM due_time) * 1000000)::bigint, body,"
    " (extract(epoch FROM completion_time) * 1000000)::bigint";

ReferralRow ReadReferral(const pqxx::row& r) {
  ReferralRow row;
  row.id = r[0].as<std::string>();
  row.case_file_id = r[1].as<std::string>();
  row.agency_id = r[2].as<std::string>();
  row.region_code = r[3].as<std::string>();
  row.state = r[4].as<int>();
  row.police_ids = core::SplitTextArray(r[5].as<std::string>());
  row.current_police_id = r[6].as<std::string>();
  row.referral_number = r[7].as<std::string>();
  row.create_micros = r[8].as<int64_t>();
  row.update_micros = r[9].as<int64_t>();
  row.version = r[10].as<int64_t>();
  row.body = pqxx::binarystring(r[11]).str();
  return row;
}

DeadlineRow ReadDeadline(const pqxx::row& r) {
  DeadlineRow row;
  row.referral_id = r[0].as<std::string>();
  row.deadline_id = r[1].as<std::string>();
  row.kind = r[2].as<int>();
  row.state = r[3].as<int>();
  row.responsible_organisation_id = r[4].as<std::string>();
  row.agency_id = r[5].as<std::string>();
  row.region_code = r[6].as<std::string>();
  row.due_micros = r[7].as<int64_t>();
  row.body = pqxx::binarystring(r[8]).str();
  if (!r[9].is_null()) row.completion_micros = r[9].as<int64_t>();
  return row;
}

std::string Micros(const std::string& param) {
  return "timestamptz 'epoch' + " + param + "::bigint * interval '1 microsecond'";
}

// The part every one-statement write shares after the change to referrals: the audit record
// ($1-$7), the event ($8, with the referral's id/agency/region/police from $9-$12) numbered from
// the event head, the request log row ($13-$17), and the notification, which PostgreSQL delivers
// only on commit.
constexpr char kChangeTail[] =
    ", event_head_step AS (UPDATE referral_event_head SET last_sequence = last_sequence + 1"
    "   WHERE id = 1 RETURNING last_sequence)"
    ", event_row AS (INSERT INTO referral_events (sequence, audit_sequence, referral_id,"
    "   agency_id, region_code, police_ids, event) SELECT last_sequence, sequence, $9, $10, $11,"
    "   $12::text[], $8 FROM event_head_step, audit_row RETURNING sequence)"
    ", request_row AS (INSERT INTO request_log (caller, method, request_id, request_digest,"
    "   response) VALUES ($13, $14, $15, $16, $17))"
    " SELECT sequence, pg_notify('referral_events', sequence::text) FROM event_row";

}  // namespace

int64_t ReferralRepository::InsertReferral(pqxx::transaction_base& tx, const ReferralRow& row,
                                           const ChangeRecord& c) {
  const std::string sql =
      "WITH " + core::AuditAppendCtes(1) +
      ", referral_row AS (INSERT INTO referrals (id, case_file_id, agency_id, region_code, state,"
      "   police_ids, current_police_id, referral_number, create_time, update_time, version, body)"
      "   VALUES ($9, $18, $10, $11, $19, $12::text[], $20, $21, " +
      Micros("$22") + ", " + Micros("$23") + ", $24, $25))" + kChangeTail;
  pqxx::result r = tx.exec_params(
      sql, pqxx::binarystring(c.audit.payload), c.audit.entry.actor_user,
      c.audit.entry.actor_organisation, c.audit.entry.action, c.audit.entry.target, c.audit.micros,
      c.audit.entry.state_digest_hex, pqxx::binarystring(c.event), row.id, row.agency_id,
      row.region_code, core::TextArrayLiteral(row.police_ids), c.request.caller, c.request.method,
      c.request.request_id, pqxx::binarystring(c.request.request_digest),
      pqxx::binarystring(c.response), row.case_file_id, row.state, row.current_police_id,
      row.referral_number, row.create_micros, row.update_micros, row.version,
      pqxx::binarystring(row.body));
  return r[0][0].as<int64_t>();
}

std::optional<int64_t> ReferralRepository::ReplaceReferral(pqxx::transaction_base& tx,
                                                           const ReferralRow& row,
                                                           int64_t expected_version,
                                                           const ChangeRecord& c) {
  // The version check runs first, in its own statement holding the row lock: a stale etag must
  // write nothing, not even an audit record.
  pqxx::result locked =
      tx.exec_params("SELECT 1 FROM referrals WHERE id = $1 AND version = $2 FOR UPDATE", row.id,
                     expected_version);
  if (locked.empty()) return std::nullopt;
  const std::string sql =
      "WITH " + core::AuditAppendCtes(1) +
      ", referral_row AS (UPDATE referrals SET state = $18, police_ids = $12::text[],"
      "   current_police_id = $19, referral_number = $20, update_time = " +
      Micros("$21") + ", version = $22, body = $23 WHERE id = $9)" + kChangeTail;
  pqxx::result r = tx.exec_params(
      sql, pqxx::binarystring(c.audit.payload), c.audit.entry.actor_user,
      c.audit.entry.actor_organisation, c.audit.entry.action, c.audit.entry.target, c.audit.micros,
      c.audit.entry.state_digest_hex, pqxx::binarystring(c.event), row.id, row.agency_id,
      row.region_code, core::TextArrayLiteral(row.police_ids), c.request.caller, c.request.method,
      c.request.request_id, pqxx::binarystring(c.request.request_digest),
      pqxx::binarystring(c.response), row.state, row.current_police_id, row.referral_number,
      row.update_micros, row.version, pqxx::binarystring(row.body));
  return r[0][0].as<int64_t>();
}

void ReferralRepository::UpsertDeadlines(pqxx::transaction_base& tx,
                                         const std::vector<DeadlineRow>& rows) {
  for (const DeadlineRow& d : rows) {
    tx.exec_params(
        "INSERT INTO referral_deadlines (referral_id, deadline_id, kind, state,"
        " responsible_organisation_id, agency_id, region_code, due_time, body, completion_time)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, " +
            Micros("$8") + ", $9, " + Micros("NULLIF($10, '')") +
            ") ON CONFLICT (referral_id, deadline_id) DO UPDATE SET state = EXCLUDED.state,"
            " due_time = EXCLUDED.due_time, body = EXCLUDED.body,"
            " completion_time = EXCLUDED.completion_time",
        d.referral_id, d.deadline_id, d.kind, d.state, d.responsible_organisation_id, d.agency_id,
        d.region_code, d.due_micros, pqxx::binarystring(d.body),
        d.completion_micros ? std::to_string(*d.completion_micros) : std::string());
  }
}

std::optional<ReferralRow> ReferralRepository::FindReferral(pqxx::transaction_base& tx,
                                                            const std::string& id) {
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kReferralColumns + " FROM referrals WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  return ReadReferral(r[0]);
}

std::vector<ReferralRow> ReferralRepository::ListReferrals(pqxx::transaction_base& tx,
                                                           const ReferralQuery& q, int limit) {
  std::string where = "true";
  auto add = [&where](const std::string& condition) { where += " AND " + condition; };
  if (!q.agency_id.empty()) add("agency_id = " + tx.quote(q.agency_id));
  if (!q.police_id.empty()) add("police_ids @> ARRAY[" + tx.quote(q.police_id) + "]");
  if (!q.region_prefix.empty()) add("region_code LIKE " + tx.quote(q.region_prefix + "%"));
  if (q.state) add("state = " + std::to_string(*q.state));
  if (!q.case_file_id.empty()) add("case_file_id = " + tx.quote(q.case_file_id));
  if (!q.filter_agency_id.empty()) add("agency_id = " + tx.quote(q.filter_agency_id));
  if (!q.filter_police_id.empty()) add("police_ids @> ARRAY[" + tx.quote(q.filter_police_id) + "]");
  if (!q.filter_region.empty()) add("region_code LIKE " + tx.quote(q.filter_region + "%"));
  if (q.created_from_micros) {
    add("create_time >= " + Micros(std::to_string(*q.created_from_micros)));
  }
  if (q.created_to_micros) add("create_time <= " + Micros(std::to_string(*q.created_to_micros)));
  if (q.overdue) {
    // 3 is StatutoryClock.STATE_MISSED.
    add("EXISTS (SELECT 1 FROM referral_deadlines d WHERE d.referral_id = referrals.id"
        " AND d.state = 3)");
  }
  if (!q.after_id.empty()) {
    add("(create_time, id) < (" + Micros(tx.quote(q.after_create_micros)) + ", " +
        tx.quote(q.after_id) + ")");
  }
  pqxx::result r =
      tx.exec(std::string("SELECT ") + kReferralColumns + " FROM referrals WHERE " + where +
              " ORDER BY create_time DESC, id DESC LIMIT " + std::to_string(limit));
  std::vector<ReferralRow> out;
  for (const auto& row : r) out.push_back(ReadReferral(row));
  return out;
}

std::vector<DeadlineRow> ReferralRepository::ListDeadlines(pqxx::transaction_base& tx,
                                                           const DeadlineQuery& q, int limit) {
  std::string where = "true";
  auto add = [&where](const std::string& condition) { where += " AND " + condition; };
  if (!q.referral_id.empty()) add("referral_id = " + tx.quote(q.referral_id));
  if (!q.agency_id.empty()) add("agency_id = " + tx.quote(q.agency_id));
  if (!q.police_id.empty()) {
    const std::string police = tx.quote(q.police_id);
    add("(responsible_organisation_id = " + police +
        " OR referral_id IN (SELECT id FROM referrals WHERE police_ids @> ARRAY[" + police + "]))");
  }
  if (!q.region_prefix.empty()) add("region_code LIKE " + tx.quote(q.region_prefix + "%"));
  if (!q.responsible_organisation_id.empty()) {
    add("responsible_organisation_id = " + tx.quote(q.responsible_organisation_id));
  }
  if (!q.region_filter.empty()) add("region_code LIKE " + tx.quote(q.region_filter + "%"));
  if (q.state) add("state = " + std::to_string(*q.state));
  if (q.kind) add("kind = " + std::to_string(*q.kind));
  if (q.open_due_by_micros) {
    add("state = 1 AND due_time <= " + Micros(std::to_string(*q.open_due_by_micros)));
  }
  if (q.overdue) add("state = 3 AND completion_time IS NULL");
  if (!q.after_key.empty()) {
    add("(due_time, referral_id || '/' || deadline_id) > (" +
        Micros(std::to_string(q.after_due_micros)) + ", " + tx.quote(q.after_key) + ")");
  }
  pqxx::result r = tx.exec(
      std::string("SELECT ") + kDeadlineColumns + " FROM referral_deadlines WHERE " + where +
      " ORDER BY due_time, referral_id || '/' || deadline_id LIMIT " + std::to_string(limit));
  std::vector<DeadlineRow> out;
  for (const auto& row : r) out.push_back(ReadDeadline(row));
  return out;
}

std::optional<ReferralRow> ReferralRepository::LockReferral(pqxx::transaction_base& tx,
                                                            const std::string& id) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kReferralColumns +
                                      " FROM referrals WHERE id = $1 FOR UPDATE SKIP LOCKED",
                                  id);
  if (r.empty()) return std::nullopt;
  return ReadReferral(r[0]);
}

std::vector<DeadlineRow> ReferralRepository::LockDueDeadlines(pqxx::transaction_base& tx,
                                                              int64_t now_micros, int limit) {
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kDeadlineColumns +
          " FROM referral_deadlines WHERE state = 1 AND due_time <= " + Micros("$1") +
          " ORDER BY due_time LIMIT $2 FOR UPDATE SKIP LOCKED",
      now_micros, limit);
  std::vector<DeadlineRow> out;
  for (const auto& row : r) out.push_back(ReadDeadline(row));
  return out;
}

std::vector<StoredEvent> ReferralRepository::EventsAfter(pqxx::transaction_base& tx, int64_t after,
                                                         const std::string& region_prefix,
                                                         int limit) {
  pqxx::result r = tx.exec_params(
      "SELECT sequence, (extract(epoch FROM event_time) * 1000000)::bigint, event, audit_sequence"
      " FROM referral_events WHERE sequence > $1 AND region_code LIKE $2 || '%'"
      " ORDER BY sequence LIMIT $3",
      after, region_prefix, limit);
  std::vector<StoredEvent> out;
  for (const auto& row : r) {
    out.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), pqxx::binarystring(row[2]).str(),
                   row[3].as<int64_t>()});
  }
  return out;
}

void ReferralRepository::InsertDocumentContent(pqxx::transaction_base& tx,
                                               const std::string& referral_id,
                                               const std::string& document_id,
                                               const std::string& sha256_hex,
                                               const std::string& content) {
  tx.exec_params(
      "INSERT INTO referral_document_contents (referral_id, document_id, sha256_hex, content)"
      " VALUES ($1, $2, $3, $4)",
      referral_id, document_id, sha256_hex, pqxx::binarystring(content));
}

std::optional<std::string> ReferralRepository::DocumentContentSlice(pqxx::transaction_base& tx,
                                                                    const std::string& referral_id,
                                                                    const std::string& document_id,
                                                                    int64_t offset,
                                                                    int64_t length) {
  pqxx::result r = tx.exec_params(
      "SELECT substring(content FROM $3::int + 1 FOR $4::int) FROM referral_document_contents"
      " WHERE referral_id = $1 AND document_id = $2",
      referral_id, document_id, offset, length);
  if (r.empty()) return std::nullopt;
  return pqxx::binarystring(r[0][0]).str();
}

int ReferralRepository::NextDocumentNumber(pqxx::transaction_base& tx,
                                           const std::string& organisation_id,
                                           const std::string& kind, int year) {
  pqxx::result r = tx.exec_params(
      "INSERT INTO document_numbers (organisation_id, kind, year, last_number)"
      " VALUES ($1, $2, $3, 1) ON CONFLICT (organisation_id, kind, year)"
      " DO UPDATE SET last_number = document_numbers.last_number + 1 RETURNING last_number",
      organisation_id, kind, year);
  return r[0][0].as<int>();
}

std::optional<int64_t> ReferralRepository::LockIntakeStatusCursor(pqxx::transaction_base& tx) {
  pqxx::result r =
      tx.exec("SELECT last_sequence FROM intake_status_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED");
  if (r.empty()) return std::nullopt;
  return r[0][0].as<int64_t>();
}

void ReferralRepository::SetIntakeStatusCursor(pqxx::transaction_base& tx, int64_t sequence) {
  tx.exec_params("UPDATE intake_status_cursor SET last_sequence = $1 WHERE id = 1", sequence);
}

}  // namespace casebridge::referral
