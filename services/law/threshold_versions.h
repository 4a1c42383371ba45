// The versions of an offence's thresholds over time, and 从旧兼从轻 between them (internal).
#pragma once

#include <chrono>
#include <optional>

#include "services/law/thresholds.h"

namespace casebridge::law::threshold_internal {

// The dates of the act: a known start (the end may be open for an ongoing act), or an unknown
// start with an optional known end.
struct ActSpan {
  bool known = false;
  std::optional<std::chrono::sys_days> lo, hi;  // hi unset: open
};

// The span of `facts`; contradictory dates (end before start) count as unknown.
ActSpan SpanOf(const CaseFacts& facts, const AssessOptions& options);

// Assesses `offence`'s amounts under every version of its rules the act can fall under, and picks
// the outcome by 从旧兼从轻 (STATUTES.md §5; 刑法 art. 12; 两高《关于适用刑事司法解释时间效力问题的
// 规定》 art. 3):
// - act-time versions (every version the span touches) all apply: the least severe outcome wins,
//   but a version that cannot be evaluated (missing data, or a NEAR / NOT_MET that skipped disabled
//   rules) leaves it undetermined unless another is reliably NOT_MET;
// - later versions apply only where they are reliably more lenient;
// - an unknown start date: each possible act-time version is tried, and an outcome stands only if
//   they agree (or all are at least NEAR); otherwise INSUFFICIENT_DATA with "act_start_date".
// Elements are not checked here. Fills everything but offence and article.
OffenceAssessment AssessVersions(const ThresholdRuleSet& rules, Offence offence,
                                 const CaseFacts& facts, const ActSpan& span,
                                 const AssessOptions& options, int near_permille);

}  // namespace casebridge::law::threshold_internal
