// Checks of what an officer enters for a 行政处罚决定, its 履行情况 and its 撤销/变更 (internal to
// intake).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "casebridge/v1/intake.pb.h"
#include "services/core/errors.h"

namespace casebridge::intake {

// Adds one violation per wrong field of `d`, a new decision of case `c`, under
// "penalty_decision.". On success `*canonical_number` is the 文号 in the law library's canonical
// form (law::ParseDecisionNumber), which is what is stored and compared.
void ValidatePenaltyDecision(const v1::PenaltyDecision& d, const v1::CaseFile& c,
                             std::chrono::year_month_day today, core::FieldViolations& v,
                             std::string* canonical_number);

// Fines and confiscated gains of `d` in fen: what the party must pay.
int64_t PayableFen(const v1::PenaltyDecision& d);

// The execution `e` of decision `d`, under "execution.".
void ValidatePenaltyExecution(const v1::PenaltyDecision::Execution& e, const v1::PenaltyDecision& d,
                              std::chrono::year_month_day today, core::FieldViolations& v);

// The revocation `r` of decision `d`, under "revocation.".
void ValidatePenaltyRevocation(const v1::PenaltyDecision::Revocation& r,
                               const v1::PenaltyDecision& d, std::chrono::year_month_day today,
                               core::FieldViolations& v);

}  // namespace casebridge::intake
