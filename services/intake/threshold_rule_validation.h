// Checks of the threshold rule RPCs' requests (UpdateThresholdRule, EnableThresholdRule,
// DisableThresholdRule, ListThresholdRules' filter), every wrong field named in Chinese and
// English.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "casebridge/v1/intake.pb.h"
#include "services/core/errors.h"

namespace casebridge::intake {

// The ThresholdRule fields UpdateThresholdRule changes (intake.proto).
inline const std::vector<std::string> kUpdatableRuleFields = {
    "amount_fen",   "count",  "conditions",      "attempt", "effective_from",
    "effective_to", "source", "source_verified", "note",    "description"};

// Whether `name` is thresholdRules/{id} with an id of a-z, 0-9 and '-'.
bool IsThresholdRuleName(const std::string& name);

// Adds a violation per wrong field of `request` for the stored rule `current` (whose metric decides
// between amount_fen and count): request_id, name, etag, the mask (at least one updatable path,
// and always `note`: every change says why), and each masked value — a threshold in the metric's
// unit from 1 to 10^15, known conditions without repeats (none on an act rule), real dates in
// order, a source, a note, a description.
void ValidateRuleUpdate(const v1::UpdateThresholdRuleRequest& request,
                        const v1::ThresholdRule& current, core::FieldViolations& v);

// The same for EnableThresholdRule and DisableThresholdRule: request_id, name, etag and the note.
void ValidateRuleToggle(const std::string& request_id, const std::string& name,
                        const std::string& etag, const std::string& note, core::FieldViolations& v);

// ListThresholdRules' filter, parsed: each member set filters.
struct RuleFilter {
  std::optional<int> offence;
  std::optional<bool> enabled;
  std::optional<bool> source_verified;
  std::optional<std::chrono::year_month_day> effective_on;
};

// Parses `filter` (terms joined by " AND "), adding a violation on `filter` per term it cannot use.
RuleFilter ParseRuleFilter(const std::string& filter, core::FieldViolations& v);

// Whether `rule` passes `filter`.
bool RuleMatches(const v1::ThresholdRule& rule, const RuleFilter& filter);

}  // namespace casebridge::intake
