// Tests of offence elements, missing data and disabled rules in the threshold assessment.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "services/law/thresholds.h"
#include "tests/law/threshold_test_facts.h"

namespace casebridge::law {
namespace {

using namespace casebridge::law::threshold_test;  // NOLINT: fact builders

// A similar mark is an administrative matter (商标法 art. 57), never 213/214, however large.
TEST(ThresholdElementsTest, SimilarMarkIsNeverFlagged) {
  for (year_month_day act : {kOld, kNew}) {
    CaseFacts facts = Trademark(act);
    facts.mark_relation = MarkRelation::kSimilar;
    facts.amounts = {1'000'000'000, 1'000'000'000, 1'000'000'000, 0, 0, 0};
    for (Offence offence : {Offence::kArt213, Offence::kArt214}) {
      OffenceAssessment a = One(facts, offence);
      EXPECT_EQ(a.outcome, AssessmentOutcome::kNotMet);
      EXPECT_TRUE(a.decisive_rule.empty());
      EXPECT_NE(a.explanation.find("近似商标"), std::string::npos) << a.explanation;
      EXPECT_NE(a.explanation.find("商标法第57条"), std::string::npos);
    }
  }
}

// An unrecorded mark relation is INSUFFICIENT_DATA, never NOT_MET — even for a small amount.
TEST(ThresholdElementsTest, UnknownMarkRelationIsInsufficientData) {
  for (MarkRelation relation : {MarkRelation::kUnknown, MarkRelation::kUnspecified}) {
    for (std::int64_t amount : {100'000'000, 100}) {
      CaseFacts facts = Trademark(kOld);
      facts.mark_relation = relation;
      facts.amounts.illegal_business_amount_fen = amount;
      facts.amounts.sales_amount_fen = amount;
      for (Offence offence : {Offence::kArt213, Offence::kArt214}) {
        OffenceAssessment a = One(facts, offence);
        EXPECT_EQ(a.outcome, AssessmentOutcome::kInsufficientData) << a.explanation;
        EXPECT_EQ(a.missing_facts.front(), "mark_relation");
      }
    }
  }
}

// 同一种商品: refuted ⇒ NOT_MET (商标法 art. 57), unknown ⇒ INSUFFICIENT_DATA.
TEST(ThresholdElementsTest, SameKindOfGoods) {
  CaseFacts facts = Trademark(kOld);
  facts.amounts.illegal_business_amount_fen = 100'000'000;
  facts.same_kind_of_goods = FactStatus::kRefuted;
  EXPECT_EQ(One(facts, Offence::kArt213).outcome, AssessmentOutcome::kNotMet);
  facts.same_kind_of_goods = FactStatus::kUnknown;
  EXPECT_EQ(One(facts, Offence::kArt213).outcome, AssessmentOutcome::kInsufficientData);
}

// 217/218 need no permission and 以营利为目的 (STATUTES §5).
TEST(ThresholdElementsTest, CopyrightNeedsNoPermissionAndProfit) {
  CaseFacts facts = Copyright(kOld);
  facts.amounts.illegal_gains_fen = 100'000'000;
  ASSERT_EQ(One(facts, Offence::kArt217).outcome, AssessmentOutcome::kMet);
  facts.with_permission = FactStatus::kEstablished;
  EXPECT_EQ(One(facts, Offence::kArt217).outcome, AssessmentOutcome::kNotMet);
  facts.with_permission = FactStatus::kUnknown;
  OffenceAssessment unknown = One(facts, Offence::kArt218);
  EXPECT_EQ(unknown.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(unknown.missing_facts, std::vector<std::string>{"with_permission"});
  facts.with_permission = FactStatus::kRefuted;
  facts.for_profit = FactStatus::kRefuted;
  EXPECT_EQ(One(facts, Offence::kArt218).outcome, AssessmentOutcome::kNotMet);
}

// 141/144 are 行为犯: MET with no amount at all once drug/food and the harmful act are established.
TEST(ThresholdElementsTest, ActOffencesNeedNoAmount) {
  CaseFacts drug = Drug(kNew);
  drug.amounts = {};
  OffenceAssessment a = One(drug, Offence::kArt141);
  EXPECT_EQ(a.outcome, AssessmentOutcome::kMet);
  EXPECT_EQ(a.metric, Metric::kActItself);
  EXPECT_NE(a.explanation.find("刑法第141条"), std::string::npos) << a.explanation;
  drug.counterfeit_drug = FactStatus::kUnknown;
  EXPECT_EQ(One(drug, Offence::kArt141).outcome, AssessmentOutcome::kInsufficientData);
  drug.counterfeit_drug = FactStatus::kRefuted;
  EXPECT_EQ(One(drug, Offence::kArt141).outcome, AssessmentOutcome::kNotMet);
  CaseFacts food = Food(kOld);
  food.goods_category = GoodsCategory::kUnspecified;
  OffenceAssessment f = One(food, Offence::kArt144);
  EXPECT_EQ(f.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(f.missing_facts, std::vector<std::string>{"goods_category"});
}

// Unknown ≠ zero (STATUTES §5): a missing amount is INSUFFICIENT_DATA; a recorded zero is not.
TEST(ThresholdAssessTest, MissingAmountIsInsufficientData) {
  CaseFacts facts = Trademark(kOld);
  facts.amounts.sales_amount_fen.reset();
  OffenceAssessment a = One(facts, Offence::kArt214);
  EXPECT_EQ(a.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(a.missing_facts, std::vector<std::string>{"amounts.sales_amount_fen"});
  EXPECT_NE(a.explanation.find("销售金额"), std::string::npos);
  facts.amounts.sales_amount_fen = 0;
  EXPECT_EQ(One(facts, Offence::kArt214).outcome, AssessmentOutcome::kNotMet);
  facts.amounts.sales_amount_fen = -5;  // invalid counts as unknown
  EXPECT_EQ(One(facts, Offence::kArt214).outcome, AssessmentOutcome::kInsufficientData);
}

// One known metric below, another unknown: the unknown one could still meet (213: 非法经营 or
// 违法所得).
TEST(ThresholdAssessTest, OneMetricKnownAnotherMissing) {
  CaseFacts facts = Trademark(kOld);
  facts.amounts.illegal_gains_fen.reset();
  facts.amounts.illegal_business_amount_fen = 1'000'000;
  OffenceAssessment a = One(facts, Offence::kArt213);
  EXPECT_EQ(a.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(a.missing_facts, std::vector<std::string>{"amounts.illegal_gains_fen"});
  facts.amounts.illegal_business_amount_fen = 6'000'000;
  EXPECT_EQ(One(facts, Offence::kArt213).outcome, AssessmentOutcome::kMet);
}

// An unknown condition (mark_count for "two or more marks", 法释〔2004〕19号 art. 1 item 2).
TEST(ThresholdAssessTest, UnknownConditionIsMissingData) {
  CaseFacts facts = Trademark(kOld);
  facts.mark_count.reset();
  facts.amounts.illegal_business_amount_fen = 3'500'000;  // ≥ 3万 two-mark, 70 % of 5万
  OffenceAssessment a = One(facts, Offence::kArt213);
  EXPECT_EQ(a.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(a.missing_facts, std::vector<std::string>{"mark_count"});
  EXPECT_NE(a.explanation.find("如假冒两种以上注册商标"), std::string::npos) << a.explanation;
  facts.amounts.illegal_business_amount_fen = 1'000'000;  // below even 80 % of 3万
  EXPECT_EQ(One(facts, Offence::kArt213).outcome, AssessmentOutcome::kNotMet);
}

// Unverified numbers ship disabled and are skipped, listed, and usable once enabled (STATUTES §5).
TEST(ThresholdAssessTest, DisabledRulesAreSkippedUnlessEnabled) {
  CaseFacts facts = Trademark(kNew);
  facts.counts.mark_label_count = 30'000;
  ThresholdAssessment all = Assess(facts);
  const OffenceAssessment* labels = nullptr;
  for (const OffenceAssessment& a : all.offences) {
    if (a.offence == Offence::kArt215) labels = &a;
  }
  ASSERT_NE(labels, nullptr);
  EXPECT_EQ(labels->outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(labels->skipped_disabled_rules.size(), 6u);
  EXPECT_NE(labels->explanation.find("未核实"), std::string::npos) << labels->explanation;
  EXPECT_EQ(all.skipped_disabled_rules.size(), 6u);
  EXPECT_TRUE(all.rules_enabled_by_option.empty());

  AssessOptions options;
  options.enable_all_disabled_rules = true;
  ThresholdAssessment enabled = Assess(facts, options);
  EXPECT_TRUE(enabled.skipped_disabled_rules.empty());
  EXPECT_EQ(enabled.rules_enabled_by_option.size(), 6u);
  EXPECT_EQ(One(facts, Offence::kArt215, options).decisive_rule, "215-2025-labels");

  options = {};
  options.disabled_rule_ids = {"214-2025-gains", "214-2025-sales", "214-2025-unsold"};
  facts.amounts.sales_amount_fen = 9'000'000;
  OffenceAssessment withdrawn = One(facts, Offence::kArt214, options);
  EXPECT_EQ(withdrawn.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(withdrawn.skipped_disabled_rules.size(), 3u);
}

// 217 from 2025: only 违法所得 3万 is verified; a large 非法经营数额 alone does not flag it.
TEST(ThresholdAssessTest, PartlyDisabledOffenceSaysWhatWasSkipped) {
  CaseFacts facts = Copyright(kNew);
  facts.amounts.illegal_gains_fen = 1'000'000;
  facts.amounts.illegal_business_amount_fen = 100'000'000;
  OffenceAssessment a = One(facts, Offence::kArt217);
  EXPECT_EQ(a.outcome, AssessmentOutcome::kNotMet);
  EXPECT_EQ(a.skipped_disabled_rules,
            (std::vector<std::string>{"217-2025-business", "217-2025-copies"}));
  EXPECT_NE(a.explanation.find("2 条已停用"), std::string::npos) << a.explanation;
}

// The result carries the rule-set version and which offences the case touches.
TEST(ThresholdAssessTest, ResultCarriesVersionAndOverallOutcome) {
  CaseFacts facts = Trademark(kOld);
  facts.amounts.illegal_business_amount_fen = 4'000'000;
  ThresholdAssessment all = Assess(facts);
  EXPECT_EQ(all.rule_set_version, ThresholdRuleSet::Default().version());
  EXPECT_GT(all.rule_set_version, 0);
  EXPECT_EQ(all.rule_set_digest.size(), 16u);
  EXPECT_EQ(all.evaluated_act_date, kOld);
  EXPECT_EQ(all.near_ratio_permille, 800);
  std::vector<Offence> offences;
  for (const OffenceAssessment& a : all.offences) offences.push_back(a.offence);
  EXPECT_EQ(offences, (std::vector<Offence>{Offence::kArt140, Offence::kArt213, Offence::kArt214,
                                            Offence::kArt215}));
  EXPECT_EQ(all.overall_outcome, AssessmentOutcome::kNear);

  CaseFacts unknown_right = Inferior(kOld);
  unknown_right.ip_right = IpRight::kUnspecified;
  OffenceAssessment secret = One(unknown_right, Offence::kArt219);
  EXPECT_EQ(secret.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(secret.missing_facts.front(), "ip_right");
}

}  // namespace
}  // namespace casebridge::law
