// SQL of the referral service: referrals, their clocks, documents, numbers and outbox events.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/core/audit.h"
#include "services/core/request_log.h"

namespace casebridge::referral {

// One referral as stored: the searchable columns beside the serialised Referral.
struct ReferralRow {
  std::string id;
  std::string case_file_id;
  std::string agency_id;
  std::string region_code;
  int state = 0;
  std::vector<std::string> police_ids;  // every police organisation that holds or held it
  std::string current_police_id;
  std::string referral_number;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  int64_t version = 0;
  std::string body;
};

// One statutory clock as stored beside its referral.
struct DeadlineRow {
  std::string referral_id;
  std::string deadline_id;
  int kind = 0;
  int state = 0;
  std::string responsible_organisation_id;
  std::string agency_id;
  std::string region_code;
  int64_t due_micros = 0;
  std::optional<int64_t> completion_micros;  // when the awaited act was recorded
  std::string body;                          // serialised Deadline
};

// Everything an act writes besides the referral: its audit record, its event, and the response
// remembered for its request_id.
struct ChangeRecord {
  core::AuditCteParams audit;
  std::string event;  // serialised ReferralEvent without sequence and time
  core::RequestKey request;
  std::string response;
};

// Filters of ListReferrals, already validated and scoped; empty members do not filter.
struct ReferralQuery {
  // Scope: rows visible to the caller are those of `agency_id`, or held by `police_id`, or within
  // `region_prefix`; exactly one of the three is set by the service.
  std::string agency_id;
  std::string police_id;
  std::string region_prefix;
  // Filters, narrowing the scope.
  std::optional<int> state;
  std::string case_file_id;
  std::string filter_agency_id;
  std::string filter_police_id;  // current or past holder
  std::string filter_region;     // a region code prefix
  std::optional<int64_t> created_from_micros;
  std::optional<int64_t> created_to_micros;
  bool overdue = false;             // any clock MISSED
  std::string after_create_micros;  // page position: the last row's create time and id
  std::string after_id;
};

// Filters of ListDeadlines, likewise scoped.
struct DeadlineQuery {
  std::string referral_id;  // one referral, or "" for all in scope
  // Scope across referrals, one of the three set by the service: the clocks of `agency_id`'s
  // referrals; those `police_id` answers for or of referrals it holds or held; those within
  // `region_prefix`.
  std::string agency_id;
  std::string police_id;
  std::string region_prefix;
  // Filters.
  std::string responsible_organisation_id;
  std::string region_filter;  // a region code prefix
  std::optional<int> state;
  std::optional<int> kind;
  std::optional<int64_t> open_due_by_micros;  // OPEN and due at or before
  bool overdue = false;                       // MISSED and the act still not done
  int64_t after_due_micros = 0;               // page position: the last row's due time and ids
  std::string after_key;
};

// A referral document's metadata as stored; its bytes are in referral_document_contents.
struct DocumentRow {
  std::string referral_id;
  std::string document_id;
  int kind = 0;
  bool generated = false;
  int64_t ordinal = 0;  // storage order within the service, set by the database
  std::string body;     // serialised ReferralDocument
};

// Filters of ListReferralDocuments; unset members do not filter.
struct DocumentQuery {
  std::string referral_id;
  std::optional<int> kind;
  std::optional<bool> generated;
  int64_t after_ordinal = 0;  // page position
};

struct StoredEvent {
  int64_t sequence = 0;
  int64_t time_micros = 0;
  std::string event;
  int64_t audit_sequence = 0;
};

class ReferralRepository {
 public:
  // Inserts the referral with its audit record, event and request log row in one statement, and
  // notifies feed listeners on commit. Returns the event's sequence. A second live referral of
  // the same case throws pqxx::unique_violation (index referrals_one_live_per_case).
  int64_t InsertReferral(pqxx::transaction_base& tx, const ReferralRow& row,
                         const ChangeRecord& change);
  // Replaces the referral when its version is still `expected_version`, likewise in one
  // statement. nullopt when someone changed it in between (nothing written).
  std::optional<int64_t> ReplaceReferral(pqxx::transaction_base& tx, const ReferralRow& row,
                                         int64_t expected_version, const ChangeRecord& change);
  // Stores the referral's clocks as they now are (clocks are never removed).
  void UpsertDeadlines(pqxx::transaction_base& tx, const std::vector<DeadlineRow>& rows);

  std::optional<ReferralRow> FindReferral(pqxx::transaction_base& tx, const std::string& id);
  std::vector<ReferralRow> ListReferrals(pqxx::transaction_base& tx, const ReferralQuery& query,
                                         int limit);
  std::vector<DeadlineRow> ListDeadlines(pqxx::transaction_base& tx, const DeadlineQuery& query,
                                         int limit);
  // The referral locked for this transaction; nullopt when there is none or another transaction
  // holds it (the caller comes back later rather than wait while holding other locks).
  std::optional<ReferralRow> LockReferral(pqxx::transaction_base& tx, const std::string& id);
  // Open clocks due before `now`, oldest first, locked for this transaction; rows another
  // sweeper holds are skipped, so two sweepers never mark the same clock.
  std::vector<DeadlineRow> LockDueDeadlines(pqxx::transaction_base& tx, int64_t now_micros,
                                            int limit);

  // Events after `after` in sequence order within `region_prefix` ("" is everything).
  std::vector<StoredEvent> EventsAfter(pqxx::transaction_base& tx, int64_t after,
                                       const std::string& region_prefix, int limit);

  void InsertDocumentContent(pqxx::transaction_base& tx, const std::string& referral_id,
                             const std::string& document_id, const std::string& sha256_hex,
                             const std::string& content);
  // Up to `length` bytes of a stored document from `offset`; nullopt when there is none.
  std::optional<std::string> DocumentContentSlice(pqxx::transaction_base& tx,
                                                  const std::string& referral_id,
                                                  const std::string& document_id, int64_t offset,
                                                  int64_t length);

  // Stores a document's metadata; its bytes must be stored first (InsertDocumentContent).
  void InsertDocument(pqxx::transaction_base& tx, const DocumentRow& row);
  std::optional<DocumentRow> FindDocument(pqxx::transaction_base& tx,
                                          const std::string& referral_id,
                                          const std::string& document_id);
  // Oldest first.
  std::vector<DocumentRow> ListDocuments(pqxx::transaction_base& tx, const DocumentQuery& query,
                                         int limit);
  int64_t CountDocuments(pqxx::transaction_base& tx, const std::string& referral_id);

  // The next number of a document `kind` the organisation issues in `year` (1, 2, ...).
  int NextDocumentNumber(pqxx::transaction_base& tx, const std::string& organisation_id,
                         const std::string& kind, int year);

  // The intake-status cursor, locked for this transaction; nullopt when another replica holds it.
  std::optional<int64_t> LockIntakeStatusCursor(pqxx::transaction_base& tx);
  void SetIntakeStatusCursor(pqxx::transaction_base& tx, int64_t sequence);
};

}  // namespace casebridge::referral
