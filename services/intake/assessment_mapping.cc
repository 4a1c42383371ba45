#include "services/intake/assessment_mapping.h"

#include <cstdint>
#include <string>
#include <utility>

namespace casebridge::intake {
namespace {

// The law enums carry rules.proto's numbers (services/law/thresholds.h), so values map with a
// static_cast. Catch an enum that grows on one side only.
static_assert(static_cast<int>(law::Offence::kArt219) == v1::Offence_MAX);
static_assert(static_cast<int>(law::IpRight::kGeographicalIndication) == v1::IpRight_MAX);
static_assert(static_cast<int>(law::MarkRelation::kOther) == v1::MarkRelation_MAX);
static_assert(static_cast<int>(law::GoodsOrServices::kServices) == v1::GoodsOrServices_MAX);
static_assert(static_cast<int>(law::GoodsCategory::kOther) == v1::GoodsCategory_MAX);
static_assert(static_cast<int>(law::FactStatus::kRefuted) == v1::FactStatus_MAX);
static_assert(static_cast<int>(law::Metric::kActItself) == v1::Metric_MAX);
static_assert(static_cast<int>(law::Comparator::kActEstablished) == v1::Comparator_MAX);
static_assert(static_cast<int>(law::RuleCondition::kSpecialProduct) == v1::RuleCondition_MAX);
static_assert(static_cast<int>(law::AssessmentOutcome::kInsufficientData) ==
              v1::AssessmentOutcome_MAX);
static_assert(static_cast<int>(law::FactStatus::kUnknown) == v1::FACT_STATUS_UNSPECIFIED);

// A proto3 enum field may hold a number this build does not know (a newer client); the engine
// reads it as its zero value, which is "unspecified" or "unknown" for every enum here.
template <typename LawEnum>
LawEnum FromProtoEnum(int value, bool (*is_valid)(int)) {
  return is_valid(value) ? static_cast<LawEnum>(value) : LawEnum{};
}

std::optional<std::int64_t> Optional(bool present, std::int64_t value) {
  return present ? std::optional<std::int64_t>(value) : std::nullopt;
}

std::optional<std::int32_t> Optional32(bool present, std::int32_t value) {
  return present ? std::optional<std::int32_t>(value) : std::nullopt;
}

std::optional<std::chrono::year_month_day> OptionalDate(bool present, const v1::Date& date) {
  return present ? DateFromProto(date) : std::nullopt;
}

// Sets the date field `mutable_field()` returns, only when `date` is known: unset means unknown.
template <typename MutableField>
void SetDate(const std::optional<std::chrono::year_month_day>& date, MutableField mutable_field) {
  if (date && date->ok()) *mutable_field() = DateToProto(*date);
}

// "213-2004-business" → "thresholdRules/213-2004-business"; empty stays empty.
std::string RuleName(const std::string& id) {
  return id.empty() ? std::string() : std::string(kThresholdRuleCollection) + "/" + id;
}

v1::OffenceAssessment OffenceToProto(const law::OffenceAssessment& a) {
  v1::OffenceAssessment out;
  out.set_offence(static_cast<v1::Offence>(a.offence));
  out.set_article(a.article);
  out.set_outcome(static_cast<v1::AssessmentOutcome>(a.outcome));
  out.set_decisive_rule(RuleName(a.decisive_rule));
  out.set_rule_version(a.rule_version);
  out.set_metric(static_cast<v1::Metric>(a.metric));
  const bool amount = law::IsAmountMetric(a.metric);
  if (a.value) {
    if (amount) {
      out.set_value_amount_fen(*a.value);
    } else {
      out.set_value_count(*a.value);
    }
  }
  if (a.threshold) {
    if (amount) {
      out.set_threshold_amount_fen(*a.threshold);
    } else {
      out.set_threshold_count(*a.threshold);
    }
  }
  if (a.ratio_permille) out.set_ratio_permille(*a.ratio_permille);
  out.set_attempt(a.attempt);
  for (const std::string& path : a.missing_facts) out.add_missing_facts(path);
  out.set_explanation(a.explanation);
  for (const std::string& id : a.considered_rules) out.add_considered_rules(RuleName(id));
  return out;
}

}  // namespace

std::optional<std::chrono::year_month_day> DateFromProto(const v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return std::nullopt;
  // Range checks first: std::chrono::month / day hold only small unsigned values.
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

v1::Date DateToProto(std::chrono::year_month_day date) {
  v1::Date out;
  out.set_year(static_cast<int>(date.year()));
  out.set_month(static_cast<int>(static_cast<unsigned>(date.month())));
  out.set_day(static_cast<int>(static_cast<unsigned>(date.day())));
  return out;
}

law::CaseFacts FactsFromProto(const v1::ThresholdFacts& facts) {
  law::CaseFacts out;
  out.ip_right = FromProtoEnum<law::IpRight>(facts.ip_right(), v1::IpRight_IsValid);
  out.goods_category =
      FromProtoEnum<law::GoodsCategory>(facts.goods_category(), v1::GoodsCategory_IsValid);
  out.goods_or_services =
      FromProtoEnum<law::GoodsOrServices>(facts.goods_or_services(), v1::GoodsOrServices_IsValid);
  out.mark_relation =
      FromProtoEnum<law::MarkRelation>(facts.mark_relation(), v1::MarkRelation_IsValid);
  auto status = [](int value) {
    return FromProtoEnum<law::FactStatus>(value, v1::FactStatus_IsValid);
  };
  out.same_kind_of_goods = status(facts.same_kind_of_goods());
  out.with_permission = status(facts.with_permission());
  out.for_profit = status(facts.for_profit());
  out.mark_count = Optional32(facts.has_mark_count(), facts.mark_count());
  out.patent_count = Optional32(facts.has_patent_count(), facts.patent_count());
  out.prior_penalty_within_two_years = status(facts.prior_penalty_within_two_years());
  out.fake_or_inferior_product = status(facts.fake_or_inferior_product());
  out.counterfeit_drug = status(facts.counterfeit_drug());
  out.toxic_or_harmful_food = status(facts.toxic_or_harmful_food());

  // An absent `amounts` / `counts` message reads as the default instance: nothing present.
  const v1::ThresholdAmounts& amounts = facts.amounts();
  out.amounts.sales_amount_fen =
      Optional(amounts.has_sales_amount_fen(), amounts.sales_amount_fen());
  out.amounts.illegal_business_amount_fen =
      Optional(amounts.has_illegal_business_amount_fen(), amounts.illegal_business_amount_fen());
  out.amounts.illegal_gains_fen =
      Optional(amounts.has_illegal_gains_fen(), amounts.illegal_gains_fen());
  out.amounts.unsold_goods_value_fen =
      Optional(amounts.has_unsold_goods_value_fen(), amounts.unsold_goods_value_fen());
  out.amounts.production_loss_fen =
      Optional(amounts.has_production_loss_fen(), amounts.production_loss_fen());
  out.amounts.right_holder_loss_fen =
      Optional(amounts.has_right_holder_loss_fen(), amounts.right_holder_loss_fen());
  const v1::ThresholdCounts& counts = facts.counts();
  out.counts.mark_label_count = Optional(counts.has_mark_label_count(), counts.mark_label_count());
  out.counts.copy_count = Optional(counts.has_copy_count(), counts.copy_count());

  out.act_start_date = OptionalDate(facts.has_act_start_date(), facts.act_start_date());
  out.act_end_date = OptionalDate(facts.has_act_end_date(), facts.act_end_date());
  return out;
}

v1::ThresholdAssessment AssessmentToProto(const law::ThresholdAssessment& assessment,
                                          google::protobuf::Timestamp assess_time) {
  v1::ThresholdAssessment out;
  for (const law::OffenceAssessment& a : assessment.offences) {
    *out.add_offences() = OffenceToProto(a);
  }
  out.set_overall_outcome(static_cast<v1::AssessmentOutcome>(assessment.overall_outcome));
  out.set_rule_set_version(assessment.rule_set_version);
  SetDate(assessment.evaluated_act_date, [&out] { return out.mutable_evaluated_act_date(); });
  out.set_lenity_note(assessment.lenity_note);
  out.set_near_ratio_permille(assessment.near_ratio_permille);
  *out.mutable_assess_time() = std::move(assess_time);
  return out;
}

v1::ThresholdRule RuleToProto(const law::ThresholdRule& rule) {
  v1::ThresholdRule out;
  out.set_name(RuleName(rule.id));
  out.set_offence(static_cast<v1::Offence>(rule.offence));
  out.set_article(rule.article);
  out.set_metric(static_cast<v1::Metric>(rule.metric));
  out.set_comparator(static_cast<v1::Comparator>(rule.comparator));
  if (rule.amount_fen) {
    out.set_amount_fen(*rule.amount_fen);
  } else if (rule.count) {
    out.set_count(*rule.count);
  }
  for (law::RuleCondition condition : rule.conditions) {
    out.add_conditions(static_cast<v1::RuleCondition>(condition));
  }
  out.set_attempt(rule.attempt);
  SetDate(rule.effective_from, [&out] { return out.mutable_effective_from(); });
  SetDate(rule.effective_to, [&out] { return out.mutable_effective_to(); });
  out.set_source(rule.source);
  out.set_enabled(rule.enabled);
  out.set_note(rule.note);
  out.set_version(rule.version);
  out.set_source_verified(rule.source_verified);
  out.set_description(rule.description);
  return out;
}

law::ThresholdRule RuleFromProto(const v1::ThresholdRule& rule) {
  law::ThresholdRule out;
  const std::string prefix = std::string(kThresholdRuleCollection) + "/";
  out.id = rule.name().rfind(prefix, 0) == 0 ? rule.name().substr(prefix.size()) : rule.name();
  out.version = rule.version();
  out.offence = FromProtoEnum<law::Offence>(rule.offence(), v1::Offence_IsValid);
  out.article = rule.article();
  out.metric = FromProtoEnum<law::Metric>(rule.metric(), v1::Metric_IsValid);
  out.comparator = FromProtoEnum<law::Comparator>(rule.comparator(), v1::Comparator_IsValid);
  if (rule.threshold_case() == v1::ThresholdRule::kAmountFen) out.amount_fen = rule.amount_fen();
  if (rule.threshold_case() == v1::ThresholdRule::kCount) out.count = rule.count();
  for (int condition : rule.conditions()) {
    out.conditions.push_back(
        FromProtoEnum<law::RuleCondition>(condition, v1::RuleCondition_IsValid));
  }
  out.attempt = rule.attempt();
  out.effective_from = OptionalDate(rule.has_effective_from(), rule.effective_from());
  out.effective_to = OptionalDate(rule.has_effective_to(), rule.effective_to());
  out.enabled = rule.enabled();
  out.source = rule.source();
  out.note = rule.note();
  out.source_verified = rule.source_verified();
  out.description = rule.description();
  return out;
}

bool IsFlagged(const v1::ThresholdAssessment& assessment) {
  return assessment.overall_outcome() == v1::ASSESSMENT_OUTCOME_MET ||
         assessment.overall_outcome() == v1::ASSESSMENT_OUTCOME_NEAR;
}

}  // namespace casebridge::intake
