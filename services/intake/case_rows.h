// From a CaseFile to the row the repository stores, and the shared pieces of every case change.
#pragma once

#include <string>

#include "casebridge/v1/intake.pb.h"
#include "services/core/access_control.h"
#include "services/core/row_values.h"
#include "services/intake/intake_repository.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {

// The searchable columns of `c` beside its deterministic serialisation.
CaseRow ToRow(const v1::CaseFile& c, int64_t create_micros, int64_t update_micros, bool imported);

// Re-runs the threshold engine on the case's facts under `rules` (the rule set in force) and stores
// the result and the flag on it. Returns true when any outcome changed.
bool Reassess(v1::CaseFile& c, const law::ThresholdRuleSet& rules, int64_t now_micros);

// The audit record, event and remembered response of one act on a case.
ChangeRecord MakeChange(const core::Principal& caller, const std::string& action,
                        v1::CaseEvent::Type type, const v1::CaseFile& snapshot,
                        const core::RequestKey& request, const google::protobuf::Message& response,
                        const google::protobuf::FieldMask* changed_fields, bool assessment_changed,
                        const std::string& subject);

// "caseFiles/abc" -> "abc"; "" when not a case name.
std::string CaseIdFromName(const std::string& name);
// "organisations/nt-amr" -> "nt-amr".
std::string OrganisationId(const std::string& name);

using core::NowMicros;

}  // namespace casebridge::intake
