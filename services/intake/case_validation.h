// Validation of what an officer enters on a CaseFile, and the normalised party keys intake
// searches.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "casebridge/v1/intake.pb.h"
#include "services/core/errors.h"

namespace casebridge::intake {

// Adds one violation per wrong field of the officer-entered part of `c` (output-only fields are
// ignored), each under `prefix`, e.g.
// "case_file.parties[0].organisation.unified_social_credit_code". A field gets at most one
// violation, naming every reason it is wrong. `today` is the current date in Asia/Shanghai: dates
// after it (立案日期, dates of the act, dates of birth in ID numbers) are rejected. Warnings of the
// identifier checks (unknown or abolished region codes, legacy 15-digit ID numbers, ...) are not
// violations.
void ValidateCaseFileContent(const v1::CaseFile& c, std::chrono::year_month_day today,
                             core::FieldViolations& v, const std::string& prefix = "case_file");

// Adds a violation "update_mask.paths[i]" for every path UpdateCaseFile does not accept: the mask
// must list at least one path, each one of case_number, handling_officers, procedure,
// register_date, parties, cause, violated_provisions, goods_description, facts, threshold_facts, or
// an existing sub-path of threshold_facts that stops at a Date (dates change as a whole), e.g.
// "threshold_facts.amounts.sales_amount_fen".
void ValidateUpdateMask(const google::protobuf::FieldMask& mask, core::FieldViolations& v);

// Search keys. Every key consists of 0-9 and A-Z only (the repository stores them in text[]
// columns as plain array literals); a filter value must go through the same function to match.

// The search form of a 统一社会信用代码: half-width, upper-case, only 0-9 and A-Z kept (so a valid
// code is unchanged). "" when nothing is left.
std::string NormalisedCreditCode(std::string_view code);

// The search form of an identity document number: half-width, upper-case, only 0-9 and A-Z kept
// (e.g. "A123456(7)" → "A1234567"); for a resident identity card a legacy 15-digit number becomes
// its 18-digit form. "" when nothing is left.
std::string NormalisedIdNumber(v1::NaturalPersonParty::IdDocumentType type,
                               std::string_view id_number);

// The normalised 统一社会信用代码 of every organisation party, without blanks or repeats, in party
// order (for the `credit_code=` filter).
std::vector<std::string> PartyCreditCodes(const v1::CaseFile& c);

// The normalised document numbers of every natural person party and of every organisation's legal
// representative (a 公民身份号码, so in 18-digit form), without blanks or repeats, in party order
// (for the `id_number=` filter).
std::vector<std::string> PartyIdNumbers(const v1::CaseFile& c);

// Every party's name (registered name or full name), made half-width and trimmed, blanks skipped,
// joined by '\n' (for the `party=` substring filter; make the query half-width too, with
// law::ToHalfWidth). Names hold no control characters here, so a match spans two names only when
// the query itself holds '\n'.
std::string PartyNamesText(const v1::CaseFile& c);

}  // namespace casebridge::intake
