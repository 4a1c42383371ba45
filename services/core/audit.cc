#include "services/core/audit.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "services/core/digest.h"
#include "services/core/row_values.h"

namespace casebridge::core {
namespace {

void AppendField(std::string& out, std::string_view field) {
  uint32_t n = static_cast<uint32_t>(field.size());
  out += static_cast<char>(n >> 24);
  out += static_cast<char>(n >> 16);
  out += static_cast<char>(n >> 8);
  out += static_cast<char>(n);
  out += field;
}

std::string BigEndian64(int64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::string Bytes(const pqxx::field& f) { return pqxx::binarystring(f).str(); }

}  // namespace

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string StateDigest(const google::protobuf::Message& state) {
  return Sha256Hex(DeterministicBytes(state));
}

std::string AuditPayload(const AuditEntry& entry, int64_t record_time_micros) {
  std::string out;
  AppendField(out, entry.actor_user);
  AppendField(out, entry.actor_organisation);
  AppendField(out, entry.action);
  AppendField(out, entry.target);
  AppendField(out, std::to_string(record_time_micros));
  AppendField(out, entry.state_digest_hex);
  return out;
}

std::string AuditAppendCtes(int first_param) {
  auto p = [first_param](int k) { return "$" + std::to_string(first_param + k); };
  // The head row's lock orders concurrent appends and is held to commit, so audit sequences (and
  // the event sequences that reuse them) follow commit order. PostgreSQL computes the hash from the
  // head it locked, so the row and the head can never disagree.
  return "audit_head_step AS ("
         "  UPDATE audit_head SET previous_hash = last_hash, last_sequence = last_sequence + 1,"
         "    last_hash = sha256(last_hash || int8send(last_sequence + 1) || " +
         p(0) +
         "::bytea)"
         "  WHERE id = 1 RETURNING last_sequence, previous_hash, last_hash),"
         " audit_row AS ("
         "  INSERT INTO audit_log (sequence, actor_user, actor_organisation, action, target,"
         "    record_time, state_digest, previous_hash, record_hash)"
         "  SELECT last_sequence, " +
         p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) +
         ","
         "    timestamptz 'epoch' + " +
         p(5) + "::bigint * interval '1 microsecond', " + p(6) +
         ", previous_hash, last_hash FROM audit_head_step RETURNING sequence)";
}

AuditCteParams::AuditCteParams(AuditEntry e) : entry(std::move(e)), micros(NowMicros()) {
  payload = AuditPayload(entry, micros);
}

int64_t AppendAudit(pqxx::transaction_base& tx, const AuditEntry& entry) {
  const AuditCteParams a(entry);
  pqxx::result r =
      tx.exec_params("WITH " + AuditAppendCtes(1) + " SELECT sequence FROM audit_row",
                     pqxx::binarystring(a.payload), a.entry.actor_user, a.entry.actor_organisation,
                     a.entry.action, a.entry.target, a.micros, a.entry.state_digest_hex);
  return r[0][0].as<int64_t>();
}

AuditVerification VerifyAuditChain(pqxx::transaction_base& tx) {
  AuditVerification v;
  std::string previous(32, '\0');
  int64_t expected_sequence = 1;
  constexpr int kPage = 5000;
  auto fail = [&](int64_t sequence, std::string problem) {
    v.intact = false;
    v.first_bad_sequence = sequence;
    v.problem = std::move(problem);
  };
  for (;;) {
    pqxx::result rows = tx.exec_params(
        "SELECT sequence, actor_user, actor_organisation, action, target,"
        " (extract(epoch FROM record_time) * 1000000)::bigint, state_digest, previous_hash,"
        " record_hash FROM audit_log WHERE sequence >= $1 ORDER BY sequence LIMIT $2",
        expected_sequence, kPage);
    for (const auto& row : rows) {
      const int64_t sequence = row[0].as<int64_t>();
      if (sequence != expected_sequence) {
        fail(expected_sequence, "第 " + std::to_string(expected_sequence) +
                                    " 条审计记录缺失 / audit record " +
                                    std::to_string(expected_sequence) + " is missing");
        return v;
      }
      AuditEntry entry{row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                       row[4].as<std::string>(), row[6].as<std::string>()};
      const std::string stored_previous = Bytes(row[7]);
      const std::string stored_hash = Bytes(row[8]);
      if (stored_previous != previous) {
        fail(sequence, "第 " + std::to_string(sequence) +
                           " 条审计记录与前一条不衔接 / audit record " + std::to_string(sequence) +
                           " does not link to the record before it");
        return v;
      }
      const std::string computed =
          Sha256(previous + BigEndian64(sequence) + AuditPayload(entry, row[5].as<int64_t>()));
      if (computed != stored_hash) {
        fail(sequence, "第 " + std::to_string(sequence) +
                           " 条审计记录的内容已被改动 / audit record " + std::to_string(sequence) +
                           " was altered after it was written");
        return v;
      }
      previous = stored_hash;
      ++expected_sequence;
      ++v.records_checked;
    }
    if (rows.size() < static_cast<size_t>(kPage)) break;
  }
  pqxx::result head = tx.exec("SELECT last_sequence, last_hash FROM audit_head WHERE id = 1");
  if (head.empty()) {
    fail(expected_sequence, "审计链头缺失 / the audit chain head is missing");
    return v;
  }
  if (head[0][0].as<int64_t>() != v.records_checked || Bytes(head[0][1]) != previous) {
    fail(v.records_checked + 1,
         "审计链末尾的记录被删除或改动 / records at the end of the audit chain were removed or "
         "altered (head says " +
             head[0][0].as<std::string>() + " records, found " + std::to_string(v.records_checked) +
             ")");
  }
  return v;
}

}  // namespace casebridge::core
