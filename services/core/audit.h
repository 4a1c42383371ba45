// The audit hash chain: every state change and every refused call leaves a linked, tamper-evident
// row.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

namespace casebridge::core {

struct AuditEntry {
  std::string actor_user;          // users/{id}, or "anonymous"
  std::string actor_organisation;  // organisations/{id}, or ""
  std::string action;              // e.g. "accounts.CreateUser", "denied:accounts.CreateUser"
  std::string target;              // resource name acted on
  std::string state_digest_hex;    // SHA-256 of the new state, "" when nothing changed
};

// Appends `entry` inside the caller's transaction in one statement, so it commits or rolls back
// with the change it records. Returns the entry's sequence number.
int64_t AppendAudit(pqxx::transaction_base& tx, const AuditEntry& entry);

// For writes that must be one round trip: the SQL of two CTEs, `audit_head_step` and `audit_row`
// (which yields column `sequence`), appending one record inside a larger statement. Its seven
// parameters start at $first_param, in the order of AuditCteParams::* below.
std::string AuditAppendCtes(int first_param);

// The parameter values for AuditAppendCtes, computed once per record.
struct AuditCteParams {
  explicit AuditCteParams(AuditEntry entry);
  std::string payload;
  AuditEntry entry;
  int64_t micros;
};

// The bytes each record's hash covers after the previous hash and the sequence: every field
// length-prefixed, so no two different records share an encoding.
std::string AuditPayload(const AuditEntry& entry, int64_t record_time_micros);

struct AuditVerification {
  bool intact = true;
  int64_t records_checked = 0;
  int64_t first_bad_sequence = 0;
  std::string problem;
};

// A message's deterministic serialisation: the same message always gives the same bytes.
std::string DeterministicBytes(const google::protobuf::Message& message);

// SHA-256 (hex) of a resource's deterministic serialisation: the "new state" an audit row names.
std::string StateDigest(const google::protobuf::Message& state);

// Re-computes every hash from the first record, checks each link and that the head matches the
// last record. Detects altered, deleted, inserted, reordered and truncated records.
AuditVerification VerifyAuditChain(pqxx::transaction_base& tx);

}  // namespace casebridge::core
