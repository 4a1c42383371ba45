// What the referral acts accept in their requests: names, texts, offences, legal bases, dates and
// lines of goods, every problem named by its field in Chinese and English.
#pragma once

#include <google/protobuf/repeated_field.h>

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casebridge/v1/referral.pb.h"
#include "services/core/errors.h"
#include "services/referral/organisation_directory.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// What a text field is called and how much it holds.
struct TextRule {
  std::string_view zh;  // "不予立案理由"
  std::string_view en;  // "reasons for declining"
  size_t max_characters;
  bool required;
  bool single_line;  // numbers and names; reasons and notes may run over lines
};

// Texts most acts share. 文号 are kept as written: paper numbers follow each organisation's style.
inline constexpr TextRule kReasons{"理由", "reasons", 4000, true, false};
inline constexpr TextRule kOptionalNote{"说明", "note", 2000, false, false};
inline constexpr TextRule kRequiredNumber{"文书编号", "document number", 100, true, true};
inline constexpr TextRule kOptionalNumber{"文书编号", "document number", 100, false, true};

// Adds a problem when `text` is missing (blank) though required, too long, or holds control
// characters it cannot hold.
void CheckText(std::string_view text, const std::string& path, const TextRule& rule,
               core::FieldViolations& v);

// `users/{id}`.
bool IsUserName(const std::string& name);

// The 专案组 of 国务院令第310号第五条: at least two distinct officers and a leader among them.
void ValidateTaskForce(const v1::Referral::TaskForce& t, const std::string& path,
                       core::FieldViolations& v);

// The snapshot of `c` as referred: the case and the SHA-256 of its deterministic serialisation.
v1::Referral::CaseSnapshot CaseSnapshotOf(const v1::CaseFile& c, int64_t now_micros);

// `organisations/{id}` in the form accounts gives organisations.
void CheckOrganisationName(const std::string& name, const std::string& path,
                           core::FieldViolations& v);

// Whether `name` (already of the right form) is an organisation of `kind`, asked of accounts'
// directory as the caller: INVALID_ARGUMENT on `path` when there is none or it is of another kind
// (`kind_zh` / `kind_en` say what it should be); UNAVAILABLE when the directory does not answer.
grpc::Status CheckOrganisationKind(OrganisationDirectory* directory,
                                   const grpc::ServerContextBase& caller, const std::string& name,
                                   v1::OrganisationKind kind, std::string_view kind_zh,
                                   std::string_view kind_en, const std::string& path);

// 罪名: at least one, each a known offence, none twice.
void CheckOffences(const google::protobuf::RepeatedField<int>& offences, const std::string& path,
                   core::FieldViolations& v);

// 法律依据: each names its instrument.
void CheckLegalBases(const google::protobuf::RepeatedPtrField<v1::LegalBasis>& bases,
                     const std::string& path, core::FieldViolations& v);

// A date that exists and is not after today in Asia/Shanghai (a judgment already given).
void CheckPastDate(const v1::Date& date, const std::string& path, core::FieldViolations& v);

// Lines of goods (HandedOverItem) as written: each names a seized item once, with a positive
// decimal quantity.
void CheckGoodsLines(const google::protobuf::RepeatedPtrField<v1::Referral::HandedOverItem>& lines,
                     const std::string& path, core::FieldViolations& v);

// Lines of goods against the case as referred: every item is in the snapshot and no line moves
// more than was seized.
void CheckGoodsAgainstSnapshot(
    const google::protobuf::RepeatedPtrField<v1::Referral::HandedOverItem>& lines,
    const v1::CaseFile& snapshot, const std::string& path, core::FieldViolations& v);

// A penalty decision of the referred case, `caseFiles/{case id}/penaltyDecisions/{id}`.
bool IsPenaltyDecisionOf(const std::string& name, const std::string& case_file);

// The referral documents a request names (`referrals/{id}/documents/{id}` of this referral): the
// form is checked as they are added, whether they are stored in the act's transaction.
class DocumentMentions {
 public:
  explicit DocumentMentions(std::string referral_name) : referral_(std::move(referral_name)) {}

  // One document field; empty is allowed (the field is optional).
  void Add(const std::string& name, const std::string& path, core::FieldViolations& v);
  // A list of documents, each once.
  void AddAll(const google::protobuf::RepeatedPtrField<std::string>& names, const std::string& path,
              core::FieldViolations& v);
  // Adds a problem for every document named that the referral does not hold.
  void CheckStored(pqxx::transaction_base& tx, ReferralRepository& repository,
                   core::FieldViolations& v) const;

 private:
  std::string referral_;
  std::vector<std::pair<std::string, std::string>> mentions_;  // path, document id
};

// FAILED_PRECONDITION for an act that the referral's `state` does not take in this form, naming
// the state; `why` is "中文 / English".
grpc::Status NotInThisState(v1::Referral::State state, const std::string& why);

}  // namespace casebridge::referral
