// The filter languages of ListReferrals and ListDeadlines, parsed into repository queries.
#pragma once

#include <string>

#include "services/core/errors.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// Adds ListReferrals' filter terms (referral.proto ListReferralsRequest.filter) to `q`, with a
// violation on `filter` for every term it cannot use. The terms narrow the caller's scope; they
// never widen it.
void ParseReferralFilter(const std::string& filter, ReferralQuery& q, core::FieldViolations& v);

// Adds ListDeadlines' filter terms (ListDeadlinesRequest.filter) to `q`, likewise.
void ParseDeadlineFilter(const std::string& filter, DeadlineQuery& q, core::FieldViolations& v);

}  // namespace casebridge::referral
