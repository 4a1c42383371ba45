// Criminal prosecution thresholds (立案追诉标准, STATUTES.md §5): versioned rules, case facts,
// assessment.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

// Every enum below mirrors the casebridge.v1 enum of the same name in
// proto/casebridge/v1/rules.proto and carries the same numbers, so the service maps between them
// with a static_cast.

// 罪名: the offences administrative IP and counterfeit cases are screened against.
enum class Offence {
  kUnspecified = 0,
  kArt140 = 1,   // 生产、销售伪劣产品罪
  kArt141 = 2,   // 生产、销售、提供假药罪 (行为犯)
  kArt144 = 3,   // 生产、销售有毒、有害食品罪 (行为犯)
  kArt147 = 4,   // 生产、销售伪劣农药、兽药、化肥、种子罪
  kArt149 = 5,   // products of 141-148 punished under 140 when 销售金额 ≥ 5万
  kArt213 = 6,   // 假冒注册商标罪
  kArt214 = 7,   // 销售假冒注册商标的商品罪
  kArt215 = 8,   // 非法制造、销售非法制造的注册商标标识罪
  kArt216 = 9,   // 假冒专利罪
  kArt217 = 10,  // 侵犯著作权罪
  kArt218 = 11,  // 销售侵权复制品罪
  kArt219 = 12,  // 侵犯商业秘密罪
};

// 涉及的知识产权. kUnspecified is unknown: the IP offences are then INSUFFICIENT_DATA.
enum class IpRight {
  kUnspecified = 0,
  kNone = 1,  // pure product-quality case
  kTrademark = 2,
  kPatent = 3,
  kCopyright = 4,
  kTradeSecret = 5,
  kPlantVariety = 6,            // no offence of its own; fake seeds fall under 147
  kGeographicalIndication = 7,  // assessed like a trademark (collective / certification mark)
};

// 商标关系. Only kIdentical can make 213/214 apply (商标法 art. 57 covers the rest).
enum class MarkRelation {
  kUnspecified = 0,  // treated as unknown
  kIdentical = 1,    // 相同商标 (法释〔2020〕10号 art. 1)
  kSimilar = 2,      // 近似商标: never 213/214, however large the amount
  kUnknown = 3,      // 尚未查明
  kOther = 4,        // e.g. 反向假冒: not 213/214
};

// 商品或服务 (213 has a services threshold from 2025-04-26).
enum class GoodsOrServices { kUnspecified = 0, kGoods = 1, kServices = 2 };

// 涉案商品类别: decides which product offences can apply.
enum class GoodsCategory {
  kUnspecified = 0,
  kFood = 1,                   // 143/144
  kDrug = 2,                   // 141/142
  kMedicalDevice = 3,          // 145
  kCosmetic = 4,               // 148
  kPesticide = 5,              // 147
  kVeterinaryDrug = 6,         // 147
  kFertiliser = 7,             // 147
  kSeed = 8,                   // 147
  kSafetyCriticalProduct = 9,  // 146
  kApparelAndAccessories = 10,
  kElectronics = 11,
  kAutoParts = 12,
  kBuildingMaterials = 13,
  kTobacco = 14,
  kAlcohol = 15,
  kPublicationsAndMedia = 16,
  kSoftware = 17,
  kTrademarkLabels = 18,
  kOther = 19,
};

// 事实认定: unknown is the default, and is never read as "absent".
enum class FactStatus { kUnknown = 0, kEstablished = 1, kRefuted = 2 };

// 数额与数量指标: what a rule compares.
enum class Metric {
  kUnspecified = 0,
  kSalesAmount = 1,                 // 销售金额, fen
  kIllegalBusinessAmount = 2,       // 非法经营数额, fen
  kIllegalGains = 3,                // 违法所得数额, fen
  kUnsoldGoodsValue = 4,            // 尚未销售的货值金额, fen
  kTripleSalesPlusUnsoldValue = 5,  // 3 × 销售金额 + 尚未销售货值, fen
  kProductionLoss = 6,              // 生产损失, fen
  kRightHolderLoss = 7,             // 权利人(直接经济)损失, fen
  kMarkLabelCount = 8,              // 注册商标标识数量, 件
  kCopyCount = 9,                   // 侵权复制品数量, 张(份)
  kActItself = 10,                  // 行为犯: nothing compared
};

enum class Comparator {
  kUnspecified = 0,
  kAtLeast = 1,         // ≥ ("以上" includes the number, 刑法 art. 99)
  kMoreThan = 2,        // > ("超过")
  kActEstablished = 3,  // kActItself only
};

// Extra conditions of a rule; all must hold. The offence's own elements are checked separately.
enum class RuleCondition {
  kUnspecified = 0,
  kTwoOrMoreMarks = 1,    // mark_count ≥ 2
  kTwoOrMorePatents = 2,  // patent_count ≥ 2
  kOnGoods = 3,
  kOnServices = 4,
  kPriorPenaltyWithinTwoYears = 5,  // 二年内受过行政处罚后再次实施 (法释〔2025〕5号)
  kSpecialProduct = 6,              // goods of 刑法 141-148 (for 149)
};

enum class AssessmentOutcome {
  kUnspecified = 0,
  kMet = 1,               // 达到追诉标准
  kNear = 2,              // 接近: ≥ the near ratio (80 %) of a threshold but below it
  kNotMet = 3,            // 未达到, or an element of the offence is refuted
  kInsufficientData = 4,  // an element, amount or condition a rule needs is unknown
};

// Money metrics are in fen; the others are counts (or nothing, for kActItself).
bool IsAmountMetric(Metric metric);
// "刑法第二百一十三条"; empty for kUnspecified.
std::string_view OffenceArticle(Offence offence);
// "假冒注册商标罪"; empty for kUnspecified.
std::string_view OffenceName(Offence offence);
// "非法经营数额"; empty for kUnspecified.
std::string_view MetricName(Metric metric);
// "达到追诉标准", "接近追诉标准", "未达到追诉标准", "数据不足".
std::string_view OutcomeName(AssessmentOutcome outcome);

// 涉案数额 in fen. nullopt is unknown, which is not zero; negative values count as unknown.
struct ThresholdAmounts {
  std::optional<std::int64_t> sales_amount_fen;
  std::optional<std::int64_t> illegal_business_amount_fen;  // 法释〔2004〕19号 art. 12
  std::optional<std::int64_t> illegal_gains_fen;
  std::optional<std::int64_t> unsold_goods_value_fen;
  std::optional<std::int64_t> production_loss_fen;    // 147
  std::optional<std::int64_t> right_holder_loss_fen;  // 216, 219
};

// 涉案数量. nullopt is unknown.
struct ThresholdCounts {
  std::optional<std::int64_t> mark_label_count;  // 件 (215)
  std::optional<std::int64_t> copy_count;        // 张(份) (217, 218)
};

// Everything the rules read: the ThresholdFacts message of rules.proto.
struct CaseFacts {
  IpRight ip_right = IpRight::kUnspecified;
  GoodsCategory goods_category = GoodsCategory::kUnspecified;
  GoodsOrServices goods_or_services = GoodsOrServices::kUnspecified;
  MarkRelation mark_relation = MarkRelation::kUnspecified;
  FactStatus same_kind_of_goods = FactStatus::kUnknown;  // 同一种商品/服务 (213, 214)
  FactStatus with_permission = FactStatus::kUnknown;     // 217/218 need kRefuted
  FactStatus for_profit = FactStatus::kUnknown;          // 217/218 need kEstablished
  std::optional<std::int32_t> mark_count;                // 注册商标种数
  std::optional<std::int32_t> patent_count;              // 专利件数
  FactStatus prior_penalty_within_two_years = FactStatus::kUnknown;
  FactStatus fake_or_inferior_product = FactStatus::kUnknown;  // 140, 147, 149
  FactStatus counterfeit_drug = FactStatus::kUnknown;          // 141
  FactStatus toxic_or_harmful_food = FactStatus::kUnknown;     // 144
  ThresholdAmounts amounts;
  ThresholdCounts counts;
  // Asia/Shanghai dates of the act, never of the filing. A single act has end == start; an unset
  // end with a set start is an ongoing act.
  std::optional<std::chrono::year_month_day> act_start_date;
  std::optional<std::chrono::year_month_day> act_end_date;
};

// One versioned threshold: a row of services/law/data/thresholds/thresholds.csv.
struct ThresholdRule {
  std::string id;            // e.g. "213-2004-business"
  std::int64_t version = 0;  // incremented on every change of the row
  Offence offence = Offence::kUnspecified;
  std::string article;  // "刑法第二百一十三条"
  Metric metric = Metric::kUnspecified;
  Comparator comparator = Comparator::kUnspecified;
  std::optional<std::int64_t> amount_fen;  // money metrics
  std::optional<std::int64_t> count;       // count metrics
  std::vector<RuleCondition> conditions;   // all must hold
  bool attempt = false;                    // 未遂: meeting it makes the offence an attempt
  std::optional<std::chrono::year_month_day> effective_from;  // inclusive; unset: no lower bound
  std::optional<std::chrono::year_month_day> effective_to;    // inclusive; unset: in force
  bool enabled = false;                                       // unverified numbers ship disabled
  std::string source;  // "法释〔2004〕19号 第1条第1项"
  std::string note;    // why disabled, what is unverified
  // Whether the number was checked against the official text. A shipped row is verified exactly
  // when it is enabled (unverified numbers ship disabled); administrators may say otherwise.
  bool source_verified = false;
  // The rule in words; DescribeRule(*this) for the shipped rows.
  std::string description;

  // The threshold in the metric's unit; nullopt for kActItself.
  std::optional<std::int64_t> threshold() const { return amount_fen ? amount_fen : count; }
  // Whether an act on `day` falls in [effective_from, effective_to].
  bool InForceOn(std::chrono::sys_days day) const;
};

// The whole rule table, validated. Immutable once built.
class ThresholdRuleSet {
 public:
  // The embedded services/law/data/thresholds/thresholds.csv; aborts if it does not parse (the
  // data is compiled in and tested, so that is a broken build).
  static const ThresholdRuleSet& Default();

  // Parses and validates a thresholds.csv text (format: services/law/data/thresholds/README.md);
  // nullopt with a reason in *error (may be null) on any malformed row, duplicate id, unknown
  // token, or two rows for the same offence, metric, conditions and attempt flag in force on the
  // same day.
  static std::optional<ThresholdRuleSet> FromCsv(std::string_view csv, std::string* error);

  // `base` with some of its rules replaced, e.g. the shipped table with administrators' changes.
  // Each replacement keeps the id, offence, article, metric and comparator of the rule it replaces,
  // has a higher version, and passes the checks of a CSV row (RuleProblem); the whole set passes
  // the overlap check of FromCsv. nullopt with a reason in *error (may be null) otherwise. The
  // version is again the sum of all rule versions, so it goes up with every change; the digest
  // covers `base`'s digest and every replacement. No replacements give `base` itself.
  static std::optional<ThresholdRuleSet> WithChanges(const ThresholdRuleSet& base,
                                                     std::span<const ThresholdRule> changed,
                                                     std::string* error);

  std::span<const ThresholdRule> rules() const { return rules_; }
  const ThresholdRule* Find(std::string_view id) const;

  // The sum of all rule versions: goes up whenever a rule is added or its version is bumped.
  std::int64_t version() const { return version_; }
  // 16 hex digits (FNV-1a 64) of the CSV bytes: identifies the exact table.
  const std::string& digest() const { return digest_; }

 private:
  std::vector<ThresholdRule> rules_;  // file order
  std::int64_t version_ = 0;
  std::string digest_;
};

// What is wrong with `rule` as a row of the table, "" when nothing: the checks of FromCsv that do
// not concern parsing (article of the offence, threshold for the metric's unit in [1, 10^15],
// conditions, date order, source, a note on a disabled rule).
std::string RuleProblem(const ThresholdRule& rule);

// The rule in words, e.g. "假冒两种以上注册商标，违法所得数额在 20,000.00 元以上".
std::string DescribeRule(const ThresholdRule& rule);

struct AssessOptions {
  // Use every disabled rule, e.g. to preview unverified numbers.
  bool enable_all_disabled_rules = false;
  // Disabled rules to use anyway (an administrator verified them).
  std::vector<std::string> enabled_rule_ids;
  // Enabled rules to leave out (an administrator withdrew them); wins over the two above.
  std::vector<std::string> disabled_rule_ids;
  // NEAR boundary in per mille; clamped to [0, 1000]. Compared in integers: value * 1000 ≥
  // threshold * near_ratio_permille (at 800 that is value * 5 ≥ threshold * 4).
  int near_ratio_permille = 800;
  // The day an ongoing act (start set, end unset) is taken to run until, normally today in
  // Asia/Shanghai; unset: it runs past every rule change.
  std::optional<std::chrono::year_month_day> ongoing_until;
};

// The result for one offence (OffenceAssessment in rules.proto).
struct OffenceAssessment {
  Offence offence = Offence::kUnspecified;
  std::string article;
  AssessmentOutcome outcome = AssessmentOutcome::kUnspecified;
  // The rule that decided: for MET the rule met, for NEAR / NOT_MET the nearest rule, for
  // INSUFFICIENT_DATA the rule that lacks data; empty when an element or the act date decided.
  std::string decisive_rule;
  std::int64_t rule_version = 0;
  Metric metric = Metric::kUnspecified;
  std::optional<std::int64_t> value;  // the case's value for `metric`, in its unit
  std::optional<std::int64_t> threshold;
  std::optional<std::int32_t> ratio_permille;  // value / threshold, rounded down
  bool attempt = false;
  std::vector<std::string> missing_facts;  // CaseFacts paths, e.g. "amounts.illegal_gains_fen"
  std::string explanation;  // one line of Chinese for the officer, with metric and source
  std::string lenity_note;  // 从旧兼从轻: the versions compared; empty when only one applied
  std::vector<std::string> considered_rules;  // ids of every rule evaluated
  // Rules in force for the act but not used: disabled in the data or by the options.
  std::vector<std::string> skipped_disabled_rules;
};

// The whole case (ThresholdAssessment in rules.proto).
struct ThresholdAssessment {
  // One entry per offence whose subject matter the case touches, in Offence order.
  std::vector<OffenceAssessment> offences;
  // MET if any offence is met, else NEAR, else INSUFFICIENT_DATA, else NOT_MET.
  AssessmentOutcome overall_outcome = AssessmentOutcome::kUnspecified;
  std::int64_t rule_set_version = 0;
  std::string rule_set_digest;
  // act_end_date, or act_start_date for an ongoing act; unset when no valid date is known.
  std::optional<std::chrono::year_month_day> evaluated_act_date;
  std::string lenity_note;  // per offence, joined; empty when no offence compared versions
  int near_ratio_permille = 800;
  std::vector<std::string> skipped_disabled_rules;   // sorted, unique
  std::vector<std::string> rules_enabled_by_option;  // disabled rules the options turned on
};

// Assesses `facts` against `rules`. Pure: no clock, no I/O.
ThresholdAssessment Assess(const ThresholdRuleSet& rules, const CaseFacts& facts,
                           const AssessOptions& options = {});
// Same, against ThresholdRuleSet::Default().
ThresholdAssessment Assess(const CaseFacts& facts, const AssessOptions& options = {});

}  // namespace casebridge::law
