// Tests of offence elements, missing data and disabled rules in the threshold assessment.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

CaseFacts Clothing(year_month_day act, MarkRelation relation, std::int64_t business_fen) {
  CaseFacts f = Trademark(act);
  f.goods_category = GoodsCategory::kApparelAndAccessories;
  f.mark_relation = relation;
  f.fake_or_inferior_product = FactStatus::kRefuted;
  f.amounts.illegal_business_amount_fen = business_fen;
  return f;
}

CaseFacts Labels(year_month_day act, std::int64_t labels) {
  CaseFacts f = LabelCase(act);
  f.counts.mark_label_count = labels;
  return f;
}

template <typename Edit>
CaseFacts With(CaseFacts f, Edit edit) {
  edit(f);
  return f;
}

const OffenceAssessment* Find(const ThresholdAssessment& all, Offence offence) {
  for (const OffenceAssessment& a : all.offences) {
    if (a.offence == offence) return &a;
  }
  return nullptr;
}

// 刑法 215 is about the 标识 themselves (goods category TRADEMARK_LABELS) of a registered mark
// (法释〔2004〕19号 art. 3: identical mark, no 同一种商品): a goods case's 非法经营数额 is the
// value of the goods and never meets 215; a labels case is not assessed under 213/214. nullopt: the
// offence is not assessed at all.
TEST(ThresholdElementsTest, Art215OnlyForTheLabelsThemselves) {
  using O = AssessmentOutcome;
  struct Row {
    const char* name;
    CaseFacts facts;
    std::optional<O> art213, art214, art215;
    const char* rule215;     // decisive rule of 215 ("" for none)
    const char* missing215;  // a fact 215 must list as missing ("" for none)
    bool flagged;            // overall MET or NEAR
  };
  const Row rows[] = {
      {"clothing, identical mark, 非法经营 6万 (2004)",
       Clothing(kOld, MarkRelation::kIdentical, 6'000'000), O::kMet, O::kNotMet, std::nullopt, "",
       "", true},
      {"clothing, identical mark, 非法经营 6万 (2025)",
       Clothing(kNew, MarkRelation::kIdentical, 6'000'000), O::kMet, O::kNotMet, std::nullopt, "",
       "", true},
      {"clothing, similar mark, 非法经营 100万",
       With(Clothing(kOld, MarkRelation::kSimilar, 100'000'000),
            [](CaseFacts& f) {
              f.amounts.illegal_gains_fen = 50'000'000;
              f.amounts.sales_amount_fen = 100'000'000;
            }),
       O::kNotMet, O::kNotMet, std::nullopt, "", "", false},
      {"clothing with 3万件 labels recorded: the goods decide, 213 not met",
       With(Clothing(kOld, MarkRelation::kIdentical, 0),
            [](CaseFacts& f) { f.counts.mark_label_count = 30'000; }),
       O::kNotMet, O::kNotMet, std::nullopt, "", "", false},
      {"labels, 2.5万件", Labels(kOld, 25'000), std::nullopt, std::nullopt, O::kMet,
       "215-2004-labels", "", true},
      {"labels, 1.9万件 (95 %)", Labels(kOld, 19'000), std::nullopt, std::nullopt, O::kNear,
       "215-2004-labels", "", true},
      {"labels, 1.5万件 (75 %)", Labels(kOld, 15'000), std::nullopt, std::nullopt, O::kNotMet,
       "215-2004-labels", "", false},
      {"labels, 非法经营 6万 of the label business",
       With(Labels(kOld, 0),
            [](CaseFacts& f) { f.amounts.illegal_business_amount_fen = 6'000'000; }),
       std::nullopt, std::nullopt, O::kMet, "215-2004-business", "", true},
      {"labels, 同一种商品 refuted: not an element of 215",
       With(Labels(kOld, 25'000),
            [](CaseFacts& f) { f.same_kind_of_goods = FactStatus::kRefuted; }),
       std::nullopt, std::nullopt, O::kMet, "215-2004-labels", "", true},
      {"labels of a similar mark, 5万件",
       With(Labels(kOld, 50'000), [](CaseFacts& f) { f.mark_relation = MarkRelation::kSimilar; }),
       std::nullopt, std::nullopt, O::kNotMet, "", "", false},
      {"labels, mark relation unknown",
       With(Labels(kOld, 50'000), [](CaseFacts& f) { f.mark_relation = MarkRelation::kUnknown; }),
       std::nullopt, std::nullopt, O::kInsufficientData, "", "mark_relation", false},
      {"labels, IP right unrecorded",
       With(Labels(kOld, 50'000), [](CaseFacts& f) { f.ip_right = IpRight::kUnspecified; }),
       std::nullopt, std::nullopt, O::kInsufficientData, "", "ip_right", false},
      {"category unrecorded, identical mark, 非法经营 6万, label count unrecorded",
       With(Trademark(kOld),
            [](CaseFacts& f) {
              f.amounts.illegal_business_amount_fen = 6'000'000;
              f.counts.mark_label_count.reset();
            }),
       O::kMet, O::kNotMet, O::kInsufficientData, "", "goods_category", true},
      {"category unrecorded, 3万件 labels",
       With(Trademark(kOld), [](CaseFacts& f) { f.counts.mark_label_count = 30'000; }), O::kNotMet,
       O::kNotMet, O::kInsufficientData, "", "goods_category", false},
      {"category unrecorded, label count recorded as 0",
       With(Trademark(kOld),
            [](CaseFacts& f) { f.amounts.illegal_business_amount_fen = 6'000'000; }),
       O::kMet, O::kNotMet, std::nullopt, "", "", true},
      {"category unrecorded, similar mark, label count unrecorded",
       With(Trademark(kOld),
            [](CaseFacts& f) {
              f.mark_relation = MarkRelation::kSimilar;
              f.amounts.illegal_business_amount_fen = 100'000'000;
              f.counts.mark_label_count.reset();
            }),
       O::kNotMet, O::kNotMet, O::kNotMet, "", "", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const ThresholdAssessment all = Assess(row.facts);
    for (auto [offence, want] :
         {std::pair{Offence::kArt213, row.art213}, std::pair{Offence::kArt214, row.art214},
          std::pair{Offence::kArt215, row.art215}}) {
      const OffenceAssessment* a = Find(all, offence);
      if (!want) {
        EXPECT_EQ(a, nullptr) << OffenceArticle(offence) << " assessed: " << a->explanation;
        continue;
      }
      ASSERT_NE(a, nullptr) << OffenceArticle(offence) << " not assessed";
      EXPECT_EQ(a->outcome, *want) << a->explanation;
    }
    const bool flagged = all.overall_outcome == O::kMet || all.overall_outcome == O::kNear;
    EXPECT_EQ(flagged, row.flagged) << OutcomeName(all.overall_outcome);
    const OffenceAssessment* labels = Find(all, Offence::kArt215);
    if (labels == nullptr) continue;
    EXPECT_EQ(labels->decisive_rule, row.rule215) << labels->explanation;
    if (*row.missing215 != '\0') {
      EXPECT_NE(
          std::find(labels->missing_facts.begin(), labels->missing_facts.end(), row.missing215),
          labels->missing_facts.end())
          << labels->explanation;
    }
    if (row.facts.mark_relation == MarkRelation::kSimilar) {
      EXPECT_NE(labels->explanation.find("近似商标"), std::string::npos) << labels->explanation;
      EXPECT_NE(labels->explanation.find("商标法第57条"), std::string::npos);
    }
  }
}

// The NEAR edge of the label count: 80 % of 2万件 is NEAR, one 件 less is NOT_MET.
TEST(ThresholdElementsTest, Art215LabelCountNearEdge) {
  OffenceAssessment near = One(Labels(kOld, 16'000), Offence::kArt215);
  EXPECT_EQ(near.outcome, AssessmentOutcome::kNear) << near.explanation;
  EXPECT_EQ(near.ratio_permille, 800);
  EXPECT_EQ(near.metric, Metric::kMarkLabelCount);
  EXPECT_NE(near.explanation.find("件"), std::string::npos) << near.explanation;
  EXPECT_EQ(One(Labels(kOld, 15'999), Offence::kArt215).outcome, AssessmentOutcome::kNotMet);
  OffenceAssessment nineteen = One(Labels(kOld, 19'000), Offence::kArt215);
  EXPECT_EQ(nineteen.ratio_permille, 950);
  EXPECT_EQ(nineteen.threshold, 20'000);
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
  CaseFacts facts = LabelCase(kNew);
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
  facts = Trademark(kNew);
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
  // No 215: the category is unrecorded but the label count is a recorded 0, so labels are not the
  // subject.
  EXPECT_EQ(offences, (std::vector<Offence>{Offence::kArt140, Offence::kArt213, Offence::kArt214}));
  EXPECT_EQ(all.overall_outcome, AssessmentOutcome::kNear);

  CaseFacts unknown_right = Inferior(kOld);
  unknown_right.ip_right = IpRight::kUnspecified;
  OffenceAssessment secret = One(unknown_right, Offence::kArt219);
  EXPECT_EQ(secret.outcome, AssessmentOutcome::kInsufficientData);
  EXPECT_EQ(secret.missing_facts.front(), "ip_right");
}

}  // namespace
}  // namespace casebridge::law
