// Translation between the casebridge.v1 threshold messages (rules.proto) and services/law's engine.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <optional>

#include "casebridge/v1/rules.pb.h"
#include "casebridge/v1/types.pb.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {

// Resource collection of threshold rules: `thresholdRules/{threshold_rule_id}`.
inline constexpr char kThresholdRuleCollection[] = "thresholdRules";

// casebridge.v1.Date → calendar date. An all-zero date, or one that is not a real calendar day
// (month 13, 2023-02-29, ...), is nullopt: the engine reads both as "unknown".
std::optional<std::chrono::year_month_day> DateFromProto(const v1::Date& date);
// Calendar date → casebridge.v1.Date. Only call it with a valid (`ok()`) date.
v1::Date DateToProto(std::chrono::year_month_day date);

// ThresholdFacts → the engine's facts, every field. Unknown stays unknown: an unset optional
// amount, count, mark_count or patent_count is nullopt (a set 0 stays 0); an absent or invalid
// date is nullopt; an enum number this build does not know is read as the unspecified / unknown
// value.
law::CaseFacts FactsFromProto(const v1::ThresholdFacts& facts);

// The engine's assessment → the wire message, stamped with `assess_time`. Rule ids become
// resource names (`thresholdRules/{id}`); a value or threshold goes into the amount or count arm
// of its oneof by the metric's unit, and stays unset when unknown.
// Not carried, as rules.proto has no field for them: the rule set digest, the skipped disabled
// rules and the rules enabled by option (case-wide and per offence), and the per-offence lenity
// notes (they are in the case-wide lenity_note, prefixed with the article).
v1::ThresholdAssessment AssessmentToProto(const law::ThresholdAssessment& assessment,
                                          google::protobuf::Timestamp assess_time);

// A rule of the table → the ListThresholdRules resource. The engine keeps no update_time,
// updated_by or etag: those stay unset for the service to fill in.
v1::ThresholdRule RuleToProto(const law::ThresholdRule& rule);
// The resource → the engine's rule, every field the engine keeps; the id is the last part of the
// name. An enum number this build does not know becomes the unspecified value, which the engine's
// checks (law::RuleProblem) refuse.
law::ThresholdRule RuleFromProto(const v1::ThresholdRule& rule);

// Whether the assessment calls for attention: the overall outcome is MET (must be referred) or
// NEAR (may be referred, screened for 以罚代刑).
bool IsFlagged(const v1::ThresholdAssessment& assessment);

}  // namespace casebridge::intake
