// What the acts on a case's seized items, penalty decisions, closure and referral links share:
// sub-resource names and etags, and the checks of dates, times, legal bases and references.
#pragma once

#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "casebridge/v1/intake.pb.h"
#include "services/core/access_control.h"
#include "services/core/errors.h"

namespace casebridge::intake {

// The largest amount (fen) any field takes: 10^15 fen, 10 万亿元, as for threshold facts.
inline constexpr int64_t kMaxAmountFen = 1'000'000'000'000'000;

// Resource collections under a case, as in intake.proto's resource names.
inline constexpr char kSeizedItems[] = "seizedItems";
inline constexpr char kPenaltyDecisions[] = "penaltyDecisions";

struct SubResourceName {
  std::string case_name;  // caseFiles/{case_file_id}
  std::string id;
};

// "caseFiles/c1/seizedItems/s1" → {"caseFiles/c1", "s1"} for `collection` "seizedItems";
// nullopt when `name` is not of that form.
std::optional<SubResourceName> ParseSubResourceName(std::string_view name,
                                                    std::string_view collection);

// The id of a new sub-resource: `prefix` and one more than the `existing` count, e.g. "s3".
// Sub-resources are never deleted, so an id is never given twice.
std::string NextSubResourceId(std::string_view prefix, int existing);

// The etag after one more change of a sub-resource whose etag is `etag` ("1", "2", ...).
std::string NextEtag(const std::string& etag);

// Adds a violation at `path` when the caller sent no etag.
void RequireEtag(const std::string& etag, const std::string& path, core::FieldViolations& v);

// ABORTED: the sub-resource (`what`, e.g. "涉案物品 / seized item") changed since it was read.
grpc::Status StaleEtag(const std::string& what_zh, const std::string& what_en,
                       const std::string& current_etag);

// FAILED_PRECONDITION: the act is lawful in general but not in the case's present state.
grpc::Status NotNow(const std::string& message, const std::string& reason);

// NOT_FOUND for a sub-resource of a case that exists.
grpc::Status SubResourceNotFound(const std::string& name);

// Today in Asia/Shanghai, the calendar the law counts in.
std::chrono::year_month_day ShanghaiToday();

// Checks a date field that is `date` (nullptr when unset): a real calendar date with a year of
// 1990-9999; a violation when unset and `required`. Returns it when valid.
std::optional<std::chrono::year_month_day> CheckRealDate(const v1::Date* date, bool required,
                                                         const std::string& label_zh,
                                                         const std::string& label_en,
                                                         const std::string& path,
                                                         core::FieldViolations& v);
// As CheckRealDate, and not after `today`.
std::optional<std::chrono::year_month_day> CheckPastDate(
    const v1::Date* date, bool required, const std::string& label_zh, const std::string& label_en,
    std::chrono::year_month_day today, const std::string& path, core::FieldViolations& v);

// Checks an instant that is `time` (nullptr when unset) likewise: valid, after 1990, not in the
// future (a few minutes of clock difference allowed). Returns its microseconds when valid.
std::optional<int64_t> CheckPastTime(const google::protobuf::Timestamp* time, bool required,
                                     const std::string& label_zh, const std::string& label_en,
                                     const std::string& path, core::FieldViolations& v);

// Checks a list of legal bases: at least `min` and at most 50, each with its instrument named.
void CheckLegalBases(const google::protobuf::RepeatedPtrField<v1::LegalBasis>& bases, int min,
                     const std::string& path, core::FieldViolations& v);

// Checks references to documents of case `c` (caseFiles/{id}/documents/{id}): each names one of
// its documents, none twice, at most 50.
void CheckDocumentRefs(const google::protobuf::RepeatedPtrField<std::string>& refs,
                       const v1::CaseFile& c, const std::string& path, core::FieldViolations& v);
bool CaseHasDocument(const v1::CaseFile& c, const std::string& name);

// The party of `c` with `party_id`, or nullptr.
const v1::Party* FindParty(const v1::CaseFile& c, const std::string& party_id);

// Whether `name` is `<collection>/{id}` with a non-empty id without '/', e.g. referrals/r1.
bool IsNameIn(std::string_view name, std::string_view collection);

// Whether the police filed (立案) a referral of `c` that still stands (STAGE_FILED_BY_POLICE).
bool PoliceFiledReferral(const v1::CaseFile& c);
// Whether any penalty decision of `c` is in force.
bool AnyDecisionInForce(const v1::CaseFile& c);
// The case's overall threshold outcome is MET.
bool ThresholdMet(const v1::CaseFile& c);

// The caller as recorded on a sub-resource.
v1::Actor ActorOf(const core::Principal& caller);
google::protobuf::Timestamp NowTimestamp();

}  // namespace casebridge::intake
