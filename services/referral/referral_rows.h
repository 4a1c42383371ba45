// From a Referral to the rows the repository stores, and the shared pieces of every referral act.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "casebridge/v1/referral.pb.h"
#include "services/core/access_control.h"
#include "services/core/row_values.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// The searchable columns of `r` beside its deterministic serialisation.
ReferralRow ToRow(const v1::Referral& r, int64_t create_micros, int64_t update_micros);

// The clocks of `r` that `changed` names (Deadline.name), as rows.
std::vector<DeadlineRow> DeadlineRows(const v1::Referral& r,
                                      const std::vector<std::string>& changed);

// The audit record, event and remembered response of one act on a referral.
ChangeRecord MakeChange(const core::Principal& caller, const std::string& action,
                        v1::ReferralEvent::Type type, const v1::Referral& snapshot,
                        const std::vector<v1::Deadline>& deadline_changes,
                        const core::RequestKey& request, const google::protobuf::Message& response,
                        const std::string& subject);

// `r` as the view asks: BASIC leaves out the snapshotted case (its digest stays).
v1::Referral InView(const v1::Referral& r, v1::ReferralView view);

// "referrals/abc" -> "abc"; "" when not a referral name.
std::string ReferralIdFromName(const std::string& name);
// "caseFiles/abc" -> "abc"; "" when not a case name.
std::string CaseIdFromName(const std::string& name);
// "organisations/nt-amr" -> "nt-amr"; "" when not an organisation name.
std::string OrganisationId(const std::string& name);

// The caller as an Actor of the referral.
v1::Actor ActorOf(const core::Principal& caller);

using core::NowMicros;

}  // namespace casebridge::referral
