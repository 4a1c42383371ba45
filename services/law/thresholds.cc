#include "services/law/thresholds.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "services/law/threshold_elements.h"
#include "services/law/threshold_eval.h"
#include "services/law/threshold_text.h"
#include "services/law/threshold_versions.h"

namespace casebridge::law {
namespace {

using threshold_internal::ActSpan;
using threshold_internal::AddUnique;

constexpr std::string_view kInsufficientPrefix = "数据不足：";

// Elements before amounts (STATUTES.md §5): a refuted element decides NOT_MET whatever the amount;
// an unknown one INSUFFICIENT_DATA, with what the amounts would give if it were established.
OffenceAssessment AssessOffence(const ThresholdRuleSet& rules, Offence offence,
                                const CaseFacts& facts, const ActSpan& span,
                                const AssessOptions& options, int near_permille) {
  OffenceAssessment a;
  threshold_internal::ElementCheck elements = threshold_internal::CheckElements(offence, facts);
  if (!elements.refuted.empty()) {
    a.outcome = AssessmentOutcome::kNotMet;
    a.explanation = "不符合构成要件：" + elements.refuted.front();
  } else {
    OffenceAssessment amounts =
        threshold_internal::AssessVersions(rules, offence, facts, span, options, near_permille);
    if (elements.unknown.empty()) {
      a = std::move(amounts);
    } else {
      a.outcome = AssessmentOutcome::kInsufficientData;
      a.missing_facts = elements.missing;
      for (const std::string& path : amounts.missing_facts) AddUnique(&a.missing_facts, path);
      std::string_view then = amounts.explanation;
      if (then.starts_with(kInsufficientPrefix)) then.remove_prefix(kInsufficientPrefix.size());
      a.explanation = std::string(kInsufficientPrefix) + text::Join(elements.unknown, "；") +
                      "；如构成要件成立：" + std::string(then);
      a.lenity_note = std::move(amounts.lenity_note);
      a.considered_rules = std::move(amounts.considered_rules);
      a.skipped_disabled_rules = std::move(amounts.skipped_disabled_rules);
    }
  }
  a.offence = offence;
  a.article = std::string(OffenceArticle(offence));
  std::sort(a.skipped_disabled_rules.begin(), a.skipped_disabled_rules.end());
  return a;
}

}  // namespace

ThresholdAssessment Assess(const ThresholdRuleSet& rules, const CaseFacts& facts,
                           const AssessOptions& options) {
  ThresholdAssessment result;
  result.rule_set_version = rules.version();
  result.rule_set_digest = rules.digest();
  result.near_ratio_permille = std::clamp(options.near_ratio_permille, 0, 1000);
  const ActSpan span = threshold_internal::SpanOf(facts, options);
  // act_end_date, else act_start_date (ongoing act); none when the dates contradict each other.
  if (span.known || span.hi) {
    bool end = facts.act_end_date && facts.act_end_date->ok();
    result.evaluated_act_date = end ? *facts.act_end_date : *facts.act_start_date;
  }
  std::vector<std::string> notes;
  for (Offence offence : threshold_internal::TouchedOffences(facts)) {
    OffenceAssessment a =
        AssessOffence(rules, offence, facts, span, options, result.near_ratio_permille);
    if (!a.lenity_note.empty()) notes.push_back(a.article + "：" + a.lenity_note);
    for (const std::string& id : a.skipped_disabled_rules) {
      AddUnique(&result.skipped_disabled_rules, id);
    }
    for (const std::string& id : a.considered_rules) {
      const ThresholdRule* rule = rules.Find(id);
      if (rule != nullptr && !rule->enabled) AddUnique(&result.rules_enabled_by_option, id);
    }
    result.offences.push_back(std::move(a));
  }
  result.lenity_note = text::Join(notes, "；");
  std::sort(result.skipped_disabled_rules.begin(), result.skipped_disabled_rules.end());
  std::sort(result.rules_enabled_by_option.begin(), result.rules_enabled_by_option.end());
  // The most serious result: MET, else NEAR, else INSUFFICIENT_DATA, else NOT_MET.
  result.overall_outcome = AssessmentOutcome::kNotMet;
  for (AssessmentOutcome o :
       {AssessmentOutcome::kInsufficientData, AssessmentOutcome::kNear, AssessmentOutcome::kMet}) {
    for (const OffenceAssessment& a : result.offences) {
      if (a.outcome == o) result.overall_outcome = o;
    }
  }
  return result;
}

ThresholdAssessment Assess(const CaseFacts& facts, const AssessOptions& options) {
  return Assess(ThresholdRuleSet::Default(), facts, options);
}

}  // namespace casebridge::law
