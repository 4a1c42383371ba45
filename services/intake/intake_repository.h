// SQL of the intake service: cases, their outbox events, the one-statement writes, and the
// administrators' threshold rule changes.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/core/audit.h"
#include "services/core/request_log.h"

namespace casebridge::intake {

// One case as stored: the searchable columns beside the serialised CaseFile.
struct CaseRow {
  std::string id;
  std::string agency_id;
  std::string region_code;
  std::string case_number;
  int state = 0;
  std::string register_date;  // YYYY-MM-DD, or "" when unknown
  bool flagged = false;
  int overall_outcome = 0;
  int ip_right = 0;
  std::string party_names;
  std::vector<std::string> credit_codes;
  std::vector<std::string> id_numbers;
  bool imported = false;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  int64_t version = 0;
  std::string body;
  int64_t rule_set_version = 0;  // the threshold rule set the stored assessment used
};

// Everything a state change writes besides the case: its audit record, its event, and the
// response remembered for its request_id (none for acts of the system, whose request_id is "").
struct ChangeRecord {
  core::AuditCteParams audit;
  std::string event;  // serialised CaseEvent without sequence and time
  core::RequestKey request;
  std::string response;
};

// Filters of ListCaseFiles, already validated; empty members do not filter.
struct CaseQuery {
  std::string agency_id;      // exact
  std::string region_prefix;  // scope or filter; "" is everything
  std::optional<int> state;
  std::optional<bool> flagged;
  std::optional<int> overall_outcome;
  std::optional<int> ip_right;
  std::string register_from;  // YYYY-MM-DD inclusive
  std::string register_to;
  std::string party_substring;
  std::string credit_code;
  std::string id_number;
  std::string case_number;
  bool ascending = false;  // register_date order
  std::string after_date;  // page position: the last row's date and id
  std::string after_id;
};

// One threshold rule an administrator changed, as stored.
struct RuleOverrideRow {
  std::string rule_id;
  int64_t changes = 0;              // changes of this rule so far
  std::vector<std::string> fields;  // ThresholdRule fields set by administrators
  std::string body;                 // serialised casebridge.v1.ThresholdRule after the last change
};

// Everything one rule change writes: the rule as it now stands, its place in the version history,
// its audit record and the response remembered for its request_id.
struct RuleChangeRecord {
  RuleOverrideRow rule;  // after the change
  bool enabled = false;
  std::string note;
  std::string updated_by;  // users/{id}
  int64_t update_micros = 0;
  std::string action;  // e.g. "intake.DisableThresholdRule"
  int64_t rule_version = 0;
  int64_t rule_set_version = 0;
  std::string rule_set_digest;
  core::AuditCteParams audit;
  core::RequestKey request;
  std::string response;
};

struct StoredEvent {
  int64_t sequence = 0;
  int64_t time_micros = 0;
  std::string event;
  int64_t audit_sequence = 0;
};

class IntakeRepository {
 public:
  // Inserts the case with its audit record, event and request log row in one statement, and
  // notifies feed listeners on commit. Returns the event's sequence. A case number the agency
  // already used throws pqxx::unique_violation (constraint case_files_case_number_unique).
  int64_t InsertCase(pqxx::transaction_base& tx, const CaseRow& row, const ChangeRecord& change);

  // Replaces the case when its version is still `expected_version`, in one statement likewise.
  // nullopt when someone changed it in between (nothing written).
  std::optional<int64_t> ReplaceCase(pqxx::transaction_base& tx, const CaseRow& row,
                                     int64_t expected_version, const ChangeRecord& change);

  std::optional<CaseRow> FindCase(pqxx::transaction_base& tx, const std::string& id);
  std::vector<CaseRow> ListCases(pqxx::transaction_base& tx, const CaseQuery& query, int limit);

  // Stores a document's bytes beside its case, never inside the case body
  // (intake_repository_documents.cc).
  void InsertDocumentContent(pqxx::transaction_base& tx, const std::string& case_id,
                             const std::string& document_id, const std::string& sha256_hex,
                             const std::string& content);
  // Up to `length` bytes of a stored document from `offset` (0-based); nullopt when the document
  // has no stored content.
  std::optional<std::string> DocumentContentSlice(pqxx::transaction_base& tx,
                                                  const std::string& case_id,
                                                  const std::string& document_id, int64_t offset,
                                                  int64_t length);

  // Bulk import (intake_repository_import.cc). The case numbers among `numbers` the agency has
  // already used.
  std::vector<std::string> ExistingCaseNumbers(pqxx::transaction_base& tx,
                                               const std::string& agency_id,
                                               const std::vector<std::string>& numbers);
  // Takes `count` consecutive event sequences; returns the first.
  int64_t ReserveEventSequences(pqxx::transaction_base& tx, int64_t count);
  // COPYs the cases and their events (sequences first_sequence, first_sequence + 1, ...), all
  // recorded under one audit record, and notifies feed listeners on commit.
  void CopyCases(pqxx::transaction_base& tx, const std::vector<CaseRow>& rows,
                 const std::vector<std::string>& events, int64_t first_sequence,
                 int64_t audit_sequence);

  // Threshold rules. Locks the rule set against other changes until the transaction ends;
  // returns the number of changes made so far.
  int64_t LockRuleSet(pqxx::transaction_base& tx);
  // The number of changes made so far, without locking.
  int64_t RuleSetChanges(pqxx::transaction_base& tx);
  std::vector<RuleOverrideRow> RuleOverrides(pqxx::transaction_base& tx);
  // Writes one rule change, its history row, audit record and request log row in one statement
  // (after LockRuleSet) and notifies every intake replica on commit.
  void WriteRuleChange(pqxx::transaction_base& tx, const RuleChangeRecord& change);
  // Up to `limit` cases not CLOSED whose assessment used a rule set older than `version`, after
  // the (rule_set_version, id) position given, locked for this transaction; rows other
  // transactions hold are skipped (another replica or an officer is writing them).
  std::vector<CaseRow> OpenCasesBehind(pqxx::transaction_base& tx, int64_t version,
                                       int64_t after_version, const std::string& after_id,
                                       int limit);
  // Records that cases `ids` were re-assessed under `version` with nothing to change.
  void MarkAssessed(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
                    int64_t version);

  // Events after `after` in sequence order, within `region_prefix` and, when set, one agency.
  std::vector<StoredEvent> EventsAfter(pqxx::transaction_base& tx, int64_t after,
                                       const std::string& region_prefix,
                                       const std::string& agency_id, int limit);
};

// The LISTEN/NOTIFY channel of the case feed.
inline constexpr char kCaseEventChannel[] = "intake_case_events";
// The LISTEN/NOTIFY channel on which replicas hear of threshold rule changes.
inline constexpr char kThresholdRuleChannel[] = "intake_threshold_rules";

}  // namespace casebridge::intake
