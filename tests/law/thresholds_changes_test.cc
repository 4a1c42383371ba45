// Tests of rule sets built from the shipped threshold table plus administrators' changes
// (ThresholdRuleSet::WithChanges): the engine uses them as it uses the table, versions and digests
// move with every change, and a change that would break the table is refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/law/thresholds.h"
#include "tests/law/threshold_test_facts.h"

namespace casebridge::law {
namespace {

using threshold_test::kNew;
using threshold_test::Ymd;

const ThresholdRuleSet& Shipped() { return ThresholdRuleSet::Default(); }

// The shipped rule `id` as an administrator would change it: the version one higher.
ThresholdRule Changed(const std::string& id) {
  const ThresholdRule* rule = Shipped().Find(id);
  EXPECT_NE(rule, nullptr) << id;
  ThresholdRule out = *rule;
  out.version += 1;
  return out;
}

std::optional<ThresholdRuleSet> With(std::vector<ThresholdRule> changed, std::string* error) {
  return ThresholdRuleSet::WithChanges(Shipped(), changed, error);
}

AssessmentOutcome OutcomeOf(const ThresholdAssessment& a, Offence offence) {
  for (const OffenceAssessment& o : a.offences) {
    if (o.offence == offence) return o.outcome;
  }
  return AssessmentOutcome::kUnspecified;
}

// 假冒注册商标 on goods after 2025-04-26 with 非法经营数额 6万: 刑法 213 is met by
// 213-2025-goods-business (法释〔2025〕5号, 5万) and by nothing else.
CaseFacts Business60k() {
  CaseFacts f = threshold_test::Trademark(kNew);
  f.amounts.illegal_business_amount_fen = 6'000'000;
  return f;
}

TEST(ThresholdChangesTest, ShippedRowsAreVerifiedExactlyWhenEnabledAndDescribed) {
  for (const ThresholdRule& rule : Shipped().rules()) {
    EXPECT_EQ(rule.source_verified, rule.enabled) << rule.id;
    EXPECT_FALSE(rule.description.empty()) << rule.id;
  }
  EXPECT_EQ(Shipped().Find("213-2004-marks-gains")->description,
            "假冒两种以上注册商标，违法所得数额在 20,000.00 元以上");
  EXPECT_EQ(Shipped().Find("140-unsold")->description,
            "尚未销售的货值金额在 150,000.00 元以上（未遂）");
  EXPECT_EQ(Shipped().Find("217-2007-copies")->description, "侵权复制品数量在 500 张（份）以上");
}

TEST(ThresholdChangesTest, NoChangesIsTheShippedSet) {
  auto same = With({}, nullptr);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->version(), Shipped().version());
  EXPECT_EQ(same->digest(), Shipped().digest());
}

// Disabling the rule a case meets takes it out of every assessment, and the set's version and
// digest say that the set changed.
TEST(ThresholdChangesTest, DisablingTheDecisiveRuleChangesTheOutcome) {
  ASSERT_EQ(OutcomeOf(Assess(Shipped(), Business60k()), Offence::kArt213), AssessmentOutcome::kMet);
  ThresholdRule off = Changed("213-2025-goods-business");
  off.enabled = false;
  off.note = "disabled pending a check of 法释〔2025〕5号";
  std::string error;
  auto set = With({off}, &error);
  ASSERT_TRUE(set.has_value()) << error;
  EXPECT_EQ(set->version(), Shipped().version() + 1);
  EXPECT_NE(set->digest(), Shipped().digest());
  EXPECT_EQ(set->Find("213-2025-goods-business")->version, 2);
  ThresholdAssessment a = Assess(*set, Business60k());
  EXPECT_NE(OutcomeOf(a, Offence::kArt213), AssessmentOutcome::kMet);
  EXPECT_NE(OutcomeOf(a, Offence::kArt213), AssessmentOutcome::kNear);
  EXPECT_EQ(a.rule_set_version, set->version());
  EXPECT_EQ(a.rule_set_digest, set->digest());
}

// A corrected number is used at once: 6万 against 7万 is 857‰, near (≥ 80 %).
TEST(ThresholdChangesTest, ACorrectedAmountIsUsed) {
  ThresholdRule raised = Changed("213-2025-goods-business");
  raised.amount_fen = 7'000'000;
  raised.note = "corrected after checking the official text";
  auto set = With({raised}, nullptr);
  ASSERT_TRUE(set.has_value());
  ThresholdAssessment a = Assess(*set, Business60k());
  ASSERT_EQ(OutcomeOf(a, Offence::kArt213), AssessmentOutcome::kNear);
  for (const OffenceAssessment& o : a.offences) {
    if (o.offence != Offence::kArt213) continue;
    EXPECT_EQ(o.decisive_rule, "213-2025-goods-business");
    EXPECT_EQ(o.rule_version, 2);
    EXPECT_EQ(o.threshold, 7'000'000);
  }
}

// An unverified rule (219 from 2025-04-26, shipped disabled) once enabled takes part.
TEST(ThresholdChangesTest, EnablingAShippedDisabledRule) {
  CaseFacts f = threshold_test::TradeSecret(kNew);
  f.amounts.illegal_gains_fen = 30'000'000;
  f.amounts.right_holder_loss_fen = 30'000'000;
  ASSERT_NE(OutcomeOf(Assess(Shipped(), f), Offence::kArt219), AssessmentOutcome::kMet);
  std::vector<ThresholdRule> on;
  for (const char* id : {"219-2025-gains", "219-2025-loss"}) {
    ThresholdRule rule = Changed(id);
    rule.enabled = true;
    rule.source_verified = true;
    rule.note = "checked against the official text of 法释〔2025〕5号";
    on.push_back(rule);
  }
  auto set = With(on, nullptr);
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(set->version(), Shipped().version() + 2);
  EXPECT_EQ(OutcomeOf(Assess(*set, f), Offence::kArt219), AssessmentOutcome::kMet);
}

TEST(ThresholdChangesTest, DifferentChangesGiveDifferentDigests) {
  ThresholdRule a = Changed("213-2025-goods-business");
  a.note = "one";
  ThresholdRule b = a;
  b.note = "two";
  auto one = With({a}, nullptr);
  auto two = With({b}, nullptr);
  ASSERT_TRUE(one.has_value() && two.has_value());
  EXPECT_EQ(one->version(), two->version());
  EXPECT_NE(one->digest(), two->digest());
}

TEST(ThresholdChangesTest, ChangesThatWouldBreakTheTableAreRefused) {
  auto reject = [](ThresholdRule rule, std::string_view why) {
    std::string error;
    EXPECT_FALSE(With({rule}, &error).has_value()) << rule.id;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  };
  ThresholdRule unknown = Changed("213-2025-goods-business");
  unknown.id = "213-2099-made-up";
  reject(unknown, "no rule");
  ThresholdRule same_version = Changed("213-2025-goods-business");
  same_version.version -= 1;
  reject(same_version, "raise the version");
  ThresholdRule metric = Changed("213-2025-goods-business");
  metric.metric = Metric::kSalesAmount;
  reject(metric, "cannot change");
  ThresholdRule zero = Changed("213-2025-goods-business");
  zero.amount_fen = 0;
  reject(zero, "threshold must be");
  ThresholdRule count = Changed("213-2025-goods-business");
  count.count = 5;
  reject(count, "money metrics need amount_fen");
  ThresholdRule repeated = Changed("213-2025-goods-business");
  repeated.conditions.push_back(RuleCondition::kOnGoods);
  reject(repeated, "repeated condition");
  ThresholdRule backwards = Changed("213-2025-goods-business");
  backwards.effective_to = Ymd(2025, 1, 1);
  reject(backwards, "effective_to before effective_from");
  ThresholdRule silent = Changed("213-2025-goods-business");
  silent.enabled = false;
  silent.note.clear();
  reject(silent, "needs a note");
  // 214's 2004 number running past 2025-04-26 would be in force beside 214-2025-sales.
  ThresholdRule overlap = Changed("214-2004-sales");
  overlap.effective_to = Ymd(2025, 5, 1);
  reject(overlap, "same threshold in force on the same day");
  std::string error;
  EXPECT_FALSE(With({Changed("214-2004-sales"), Changed("214-2004-sales")}, &error));
  EXPECT_NE(error.find("changed twice"), std::string::npos) << error;
}

}  // namespace
}  // namespace casebridge::law
