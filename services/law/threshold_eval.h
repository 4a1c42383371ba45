// Evaluation of one version of an offence's threshold rules against the facts (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/thresholds.h"

namespace casebridge::law::threshold_internal {

// The largest amount (fen) or count accepted, 10^15 (10万亿元): any real case fits, and value ×
// 1000 in the integer NEAR comparison cannot overflow int64 (3 × sales + unsold ≤ 4 × 10^15).
inline constexpr std::int64_t kMaxValue = 1'000'000'000'000'000;

// The outcome under `active`, the rules in force and enabled for one version of an offence's
// thresholds: MET if any rule is met (the first in table order decides), else NEAR (highest
// ratio), else INSUFFICIENT_DATA if a rule lacking a fact could still be met or near, else NOT_MET
// (nearest rule). No rules at all is INSUFFICIENT_DATA. `skipped_count` disabled rules are
// mentioned in the explanation. Fills everything but offence, article and skipped rules.
OffenceAssessment EvaluateVersion(const std::vector<const ThresholdRule*>& active,
                                  std::size_t skipped_count, const CaseFacts& facts,
                                  int near_permille);

// Appends `item` unless `list` already holds it.
void AddUnique(std::vector<std::string>* list, std::string_view item);

}  // namespace casebridge::law::threshold_internal
