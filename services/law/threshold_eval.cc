#include "services/law/threshold_eval.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "services/law/threshold_elements.h"
#include "services/law/threshold_text.h"

namespace casebridge::law::threshold_internal {

void AddUnique(std::vector<std::string>* list, std::string_view item) {
  if (std::find(list->begin(), list->end(), item) == list->end()) list->emplace_back(item);
}

namespace {

// A value the officer recorded, or nullopt when it is unknown or out of range.
std::optional<std::int64_t> Known(const std::optional<std::int64_t>& value) {
  if (value && *value >= 0 && *value <= kMaxValue) return value;
  return std::nullopt;
}

// The case's value for `metric`; the fact paths it lacks go to *missing.
std::optional<std::int64_t> MetricValue(Metric metric, const CaseFacts& facts,
                                        std::vector<std::string>* missing) {
  auto read = [missing](const std::optional<std::int64_t>& v, std::string_view path) {
    std::optional<std::int64_t> known = Known(v);
    if (!known) AddUnique(missing, path);
    return known;
  };
  const ThresholdAmounts& a = facts.amounts;
  switch (metric) {
    case Metric::kSalesAmount:
      return read(a.sales_amount_fen, "amounts.sales_amount_fen");
    case Metric::kIllegalBusinessAmount:
      return read(a.illegal_business_amount_fen, "amounts.illegal_business_amount_fen");
    case Metric::kIllegalGains:
      return read(a.illegal_gains_fen, "amounts.illegal_gains_fen");
    case Metric::kUnsoldGoodsValue:
      return read(a.unsold_goods_value_fen, "amounts.unsold_goods_value_fen");
    case Metric::kTripleSalesPlusUnsoldValue: {
      std::optional<std::int64_t> sold = read(a.sales_amount_fen, "amounts.sales_amount_fen");
      std::optional<std::int64_t> unsold =
          read(a.unsold_goods_value_fen, "amounts.unsold_goods_value_fen");
      if (!sold || !unsold) return std::nullopt;
      return 3 * *sold + *unsold;  // ≤ 4 × 10^15, no overflow
    }
    case Metric::kProductionLoss:
      return read(a.production_loss_fen, "amounts.production_loss_fen");
    case Metric::kRightHolderLoss:
      return read(a.right_holder_loss_fen, "amounts.right_holder_loss_fen");
    case Metric::kMarkLabelCount:
      return read(facts.counts.mark_label_count, "counts.mark_label_count");
    case Metric::kCopyCount:
      return read(facts.counts.copy_count, "counts.copy_count");
    case Metric::kActItself:
    case Metric::kUnspecified:
      break;
  }
  return std::nullopt;
}

FactStatus ConditionStatus(RuleCondition condition, const CaseFacts& facts) {
  auto at_least_two = [](const std::optional<std::int32_t>& n) {
    if (!n) return FactStatus::kUnknown;
    return *n >= 2 ? FactStatus::kEstablished : FactStatus::kRefuted;
  };
  auto is = [&facts](GoodsOrServices want) {
    if (facts.goods_or_services == GoodsOrServices::kUnspecified) return FactStatus::kUnknown;
    return facts.goods_or_services == want ? FactStatus::kEstablished : FactStatus::kRefuted;
  };
  switch (condition) {
    case RuleCondition::kTwoOrMoreMarks:
      return at_least_two(facts.mark_count);
    case RuleCondition::kTwoOrMorePatents:
      return at_least_two(facts.patent_count);
    case RuleCondition::kOnGoods:
      return is(GoodsOrServices::kGoods);
    case RuleCondition::kOnServices:
      return is(GoodsOrServices::kServices);
    case RuleCondition::kPriorPenaltyWithinTwoYears:
      return facts.prior_penalty_within_two_years;
    case RuleCondition::kSpecialProduct:
      if (facts.goods_category == GoodsCategory::kUnspecified) return FactStatus::kUnknown;
      return IsSpecialProduct(facts.goods_category) ? FactStatus::kEstablished
                                                    : FactStatus::kRefuted;
    case RuleCondition::kUnspecified:
      break;
  }
  return FactStatus::kUnknown;
}

// One rule against the facts.
enum class RuleResult { kNotApplicable, kMet, kNear, kNotMet, kUnknown };

struct RuleEval {
  const ThresholdRule* rule = nullptr;
  RuleResult result = RuleResult::kUnknown;
  std::optional<std::int64_t> value;
  std::optional<std::int32_t> ratio_permille;
  // For kUnknown with the value known: the result if the unknown conditions hold.
  std::optional<RuleResult> would_be;
  std::vector<RuleCondition> held, unknown;
  std::vector<std::string> missing;
};

RuleEval EvaluateRule(const ThresholdRule& rule, const CaseFacts& facts, int near_permille) {
  RuleEval e;
  e.rule = &rule;
  for (RuleCondition condition : rule.conditions) {
    FactStatus status = ConditionStatus(condition, facts);
    if (status == FactStatus::kRefuted) {
      e.result = RuleResult::kNotApplicable;
      return e;
    }
    if (status == FactStatus::kEstablished) {
      e.held.push_back(condition);
    } else {
      e.unknown.push_back(condition);
      AddUnique(&e.missing, text::ConditionField(condition));
    }
  }
  if (rule.metric == Metric::kActItself) {
    e.result = e.unknown.empty() ? RuleResult::kMet : RuleResult::kUnknown;
    return e;
  }
  e.value = MetricValue(rule.metric, facts, &e.missing);
  const std::int64_t threshold = rule.threshold().value_or(1);
  if (!e.value) {
    e.result = RuleResult::kUnknown;
    return e;
  }
  const std::int64_t value = *e.value;
  // Integers only: value and threshold are ≤ 4 × 10^15, so × 1000 stays inside int64.
  e.ratio_permille = static_cast<std::int32_t>(std::min<std::int64_t>(
      value * 1000 / threshold, std::int64_t{std::numeric_limits<std::int32_t>::max()}));
  bool met = rule.comparator == Comparator::kMoreThan ? value > threshold : value >= threshold;
  RuleResult result = met ? RuleResult::kMet
                      : value * 1000 >= threshold * std::int64_t{near_permille}
                          ? RuleResult::kNear
                          : RuleResult::kNotMet;
  if (e.unknown.empty()) {
    e.result = result;
  } else {
    e.result = RuleResult::kUnknown;
    e.would_be = result;
  }
  return e;
}

// "假冒两种以上注册商标，非法经营数额 32,000.00 元 ≥ 追诉标准 30,000.00 元（法释〔2004〕19号
// 第1条第2项）".
std::string RuleText(const RuleEval& e) {
  const ThresholdRule& rule = *e.rule;
  std::string out;
  for (RuleCondition c : e.held) out += std::string(text::ConditionText(c)) + "，";
  if (!e.unknown.empty()) {
    std::vector<std::string> conditions;
    for (RuleCondition c : e.unknown) conditions.emplace_back(text::ConditionText(c));
    bool not_met = e.would_be && *e.would_be == RuleResult::kNotMet;
    out += (not_met ? "即使" : "如") + text::Join(conditions, "且") + "，";
  }
  const std::string source = "（" + rule.source + "）";
  if (rule.metric == Metric::kActItself) return out + "行为本身即构成犯罪，不以数额为要件" + source;
  const std::string metric(MetricName(rule.metric));
  const std::string threshold = text::Quantity(rule.metric, rule.threshold().value_or(0));
  if (!e.value) return out + metric + "未查明，无法与追诉标准 " + threshold + " 比较" + source;
  const std::string value = text::Quantity(rule.metric, *e.value);
  const std::string attempt = rule.attempt ? "（未遂）" : "";
  const bool strict = rule.comparator == Comparator::kMoreThan;
  RuleResult result = e.would_be.value_or(e.result);
  if (result == RuleResult::kMet) {
    return out + metric + " " + value + (strict ? " > " : " ≥ ") + "追诉标准 " + threshold +
           attempt + source;
  }
  const std::string percent = text::Percent(e.ratio_permille.value_or(0));
  if (result == RuleResult::kNear) {
    return out + metric + " " + value + "，为追诉标准 " + threshold + attempt + "的 " + percent +
           "，接近但未达到" + source;
  }
  return out + metric + " " + value + (strict ? " ≤ " : " < ") + "追诉标准 " + threshold + attempt +
         "（" + percent + "）" + source;
}

void Decide(const RuleEval& e, OffenceAssessment* a) {
  a->decisive_rule = e.rule->id;
  a->rule_version = e.rule->version;
  a->metric = e.rule->metric;
  a->value = e.value;
  a->threshold = e.rule->threshold();
  a->ratio_permille = e.ratio_permille;
  a->attempt = e.rule->attempt;
}

}  // namespace

OffenceAssessment EvaluateVersion(const std::vector<const ThresholdRule*>& active,
                                  size_t skipped_count, const CaseFacts& facts, int near_permille) {
  OffenceAssessment a;
  const std::string skipped_note = skipped_count == 0 ? ""
                                                      : "；另有 " + std::to_string(skipped_count) +
                                                            " 条已停用（未核实）的规则未参与评估";
  if (active.empty()) {
    a.outcome = AssessmentOutcome::kInsufficientData;
    a.explanation = "数据不足：该时期没有可用的追诉标准规则" + skipped_note;
    return a;
  }
  std::vector<RuleEval> evals;
  for (const ThresholdRule* rule : active) {
    evals.push_back(EvaluateRule(*rule, facts, near_permille));
    a.considered_rules.push_back(rule->id);
  }
  auto best = [&evals](auto pick) {
    const RuleEval* found = nullptr;
    for (const RuleEval& e : evals) {
      if (pick(e) && (found == nullptr ||
                      e.ratio_permille.value_or(-1) > found->ratio_permille.value_or(-1))) {
        found = &e;
      }
    }
    return found;
  };
  // MET: the first rule met in table order (the data lists completed offences before attempts).
  auto met = std::find_if(evals.begin(), evals.end(),
                          [](const RuleEval& e) { return e.result == RuleResult::kMet; });
  if (met != evals.end()) {
    Decide(*met, &a);
    a.outcome = AssessmentOutcome::kMet;
    a.explanation = "达到追诉标准：" + RuleText(*met);
    return a;
  }
  // Rules that could still be met or near once the missing facts are known.
  std::vector<const RuleEval*> open;
  for (const RuleEval& e : evals) {
    if (e.result == RuleResult::kUnknown && e.would_be != RuleResult::kNotMet) {
      open.push_back(&e);
      for (const std::string& path : e.missing) AddUnique(&a.missing_facts, path);
    }
  }
  if (const RuleEval* near =
          best([](const RuleEval& e) { return e.result == RuleResult::kNear; })) {
    Decide(*near, &a);
    a.outcome = AssessmentOutcome::kNear;
    a.explanation = "接近追诉标准：" + RuleText(*near);
    if (!open.empty()) a.explanation += "；尚需查明" + text::FactList(a.missing_facts);
    return a;
  }
  if (!open.empty()) {
    const RuleEval* decisive = open.front();
    for (const RuleEval* e : open) {
      if (e->would_be == RuleResult::kMet && decisive->would_be != RuleResult::kMet) decisive = e;
    }
    Decide(*decisive, &a);
    a.outcome = AssessmentOutcome::kInsufficientData;
    a.explanation = "数据不足：需查明" + text::FactList(a.missing_facts) + "（" +
                    RuleText(*decisive) + "）" + skipped_note;
    return a;
  }
  a.outcome = AssessmentOutcome::kNotMet;
  if (const RuleEval* nearest = best([](const RuleEval& e) {
        return e.result == RuleResult::kNotMet || e.would_be == RuleResult::kNotMet;
      })) {
    Decide(*nearest, &a);
    a.explanation = "未达到追诉标准：" + RuleText(*nearest) + skipped_note;
  } else {
    a.explanation = "未达到追诉标准：各项追诉标准的适用条件均不满足" + skipped_note;
  }
  return a;
}

}  // namespace casebridge::law::threshold_internal
