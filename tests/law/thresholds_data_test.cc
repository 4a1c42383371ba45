// Tests of the threshold rule table (services/law/data/thresholds) and its CSV validation.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/csv.h"
#include "services/law/embedded_data.h"
#include "services/law/thresholds.h"

namespace casebridge::law {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

constexpr std::string_view kHeader =
    "rule_id,version,offence,article,metric,comparator,amount_fen,count,conditions,attempt,"
    "effective_from,effective_to,enabled,source,note\n";
constexpr std::string_view kGoodRow =
    "214-2004-sales,1,214,刑法第二百一十四条,sales_amount,at_least,5000000,,,false,,2025-04-25,"
    "true,法释〔2004〕19号 第2条,\n";

// Default() aborts on bad embedded data; this test names the reason instead.
TEST(ThresholdDataTest, EmbeddedDataParses) {
  std::optional<std::string_view> csv = embedded::Find("thresholds/thresholds.csv");
  ASSERT_TRUE(csv.has_value());
  std::string error;
  std::optional<ThresholdRuleSet> set = ThresholdRuleSet::FromCsv(*csv, &error);
  ASSERT_TRUE(set.has_value()) << error;
  EXPECT_EQ(set->digest(), ThresholdRuleSet::Default().digest());
}

// STATUTES §5 covers every offence in both periods: some rule (maybe disabled) is in force on
// 2025-04-25 and on 2025-04-26 for each of them.
TEST(ThresholdDataTest, EveryOffenceHasRulesInBothPeriods) {
  const ThresholdRuleSet& set = ThresholdRuleSet::Default();
  for (int o = 1; o <= 12; ++o) {
    for (year_month_day day : {Ymd(2025, 4, 25), Ymd(2025, 4, 26), Ymd(2019, 1, 1)}) {
      bool found = false;
      for (const ThresholdRule& rule : set.rules()) {
        found = found || (rule.offence == Offence{o} && rule.InForceOn(sys_days{day}));
      }
      EXPECT_TRUE(found) << "offence " << o;
    }
  }
}

// Numbers marked *unverified* in STATUTES §5 ship disabled with their note, and only those.
TEST(ThresholdDataTest, UnverifiedRulesShipDisabledWithANote) {
  int disabled = 0;
  for (const ThresholdRule& rule : ThresholdRuleSet::Default().rules()) {
    bool unverified = rule.note.find("unverified") != std::string::npos;
    EXPECT_EQ(rule.enabled, !unverified) << rule.id;
    disabled += rule.enabled ? 0 : 1;
    EXPECT_FALSE(rule.source.empty()) << rule.id;
  }
  // 215 ×6, 216 ×5, 217 非法经营 and 复制品, 219 ×2 from 2025-04-26.
  EXPECT_EQ(disabled, 15);
}

// Spot checks of the table in fen (5万元 = 5000000) and the dates of STATUTES §5.
TEST(ThresholdDataTest, NumbersAndDatesMatchTheStatutesTable) {
  const ThresholdRuleSet& set = ThresholdRuleSet::Default();
  struct Expect {
    std::string_view id;
    std::int64_t threshold;
  };
  for (Expect e : std::vector<Expect>{{"140-triple", 15'000'000},
                                      {"147-loss", 2'000'000},
                                      {"213-2004-marks-gains", 2'000'000},
                                      {"213-2025-services-gains", 5'000'000},
                                      {"215-2004-labels", 20'000},
                                      {"216-2004-loss", 50'000'000},
                                      {"217-2007-copies", 500},
                                      {"218-2025-copies", 1'000},
                                      {"219-2004-loss", 50'000'000},
                                      {"219-2020-gains", 30'000'000}}) {
    const ThresholdRule* rule = set.Find(e.id);
    ASSERT_NE(rule, nullptr) << e.id;
    EXPECT_EQ(rule->threshold(), e.threshold) << e.id;
  }
  const ThresholdRule* act = set.Find("141-act");
  ASSERT_NE(act, nullptr);
  EXPECT_EQ(act->metric, Metric::kActItself);
  EXPECT_FALSE(act->threshold().has_value());
  EXPECT_TRUE(set.Find("140-unsold")->attempt);
  EXPECT_EQ(set.Find("219-2004-loss")->effective_to, Ymd(2020, 9, 13));
  EXPECT_EQ(set.Find("219-2020-loss")->effective_from, Ymd(2020, 9, 14));
  EXPECT_EQ(set.Find("213-2004-business")->effective_to, Ymd(2025, 4, 25));
  EXPECT_EQ(set.Find("213-2025-goods-gains")->effective_from, Ymd(2025, 4, 26));
  EXPECT_EQ(set.Find("213-2025-repeat-gains")->conditions,
            (std::vector<RuleCondition>{RuleCondition::kOnGoods,
                                        RuleCondition::kPriorPenaltyWithinTwoYears}));
}

TEST(ThresholdDataTest, VersionIsTheSumOfRuleVersions) {
  std::string csv = std::string(kHeader) + std::string(kGoodRow);
  std::optional<ThresholdRuleSet> one = ThresholdRuleSet::FromCsv(csv, nullptr);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->version(), 1);
  std::string bumped = csv;
  bumped.replace(bumped.find(",1,214,"), 7, ",2,214,");
  std::optional<ThresholdRuleSet> two = ThresholdRuleSet::FromCsv(bumped, nullptr);
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->version(), 2);
  EXPECT_NE(one->digest(), two->digest());
}

// Malformed tables are refused with a reason, never half-loaded.
TEST(ThresholdDataTest, FromCsvRejectsBadRows) {
  auto reject = [](std::string_view row, std::string_view why) {
    std::string error;
    std::string csv = std::string(kHeader) + std::string(row);
    EXPECT_FALSE(ThresholdRuleSet::FromCsv(csv, &error).has_value()) << row;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  };
  reject("x,1,214,刑法第二百一十四条,sales_amount,at_least,5000000,,,false,,,true,s\n",
         "expected 15 fields");
  reject("a,1,999,刑法第二百一十四条,sales_amount,at_least,5000000,,,false,,,true,s,\n",
         "unknown offence");
  reject("a,1,214,刑法第二百一十三条,sales_amount,at_least,5000000,,,false,,,true,s,\n",
         "article must be");
  reject("a,1,214,刑法第二百一十四条,sales,at_least,5000000,,,false,,,true,s,\n", "unknown metric");
  reject("a,1,215,刑法第二百一十五条,mark_label_count,at_least,20000,,,false,,,true,s,\n",
         "count metrics need count");
  reject("a,1,214,刑法第二百一十四条,sales_amount,at_least,5万,,,false,,,true,s,\n",
         "threshold must be an integer");
  reject("a,1,214,刑法第二百一十四条,sales_amount,at_least,5000000,,goods|,false,,,true,s,\n",
         "unknown condition");
  reject("a,1,214,刑法第二百一十四条,sales_amount,at_least,5000000,,,false,2025-02-30,,true,s,\n",
         "dates must be");
  reject("a,1,214,刑法第二百一十四条,sales_amount,at_least,5000000,,,false,,,false,s,\n",
         "needs a note");
  reject("a,1,141,刑法第一百四十一条,act_itself,at_least,,,,false,,,true,s,\n", "act_itself");
  reject(std::string(kGoodRow) + std::string(kGoodRow), "duplicate rule_id");
  reject(
      std::string(kGoodRow) +
          "b,1,214,刑法第二百一十四条,sales_amount,at_least,4000000,,,false,2025-01-01,,true,s,\n",
      "same threshold in force on the same day");
  std::string error;
  EXPECT_FALSE(ThresholdRuleSet::FromCsv("rule_id,version\n", &error).has_value());
  EXPECT_NE(error.find("header"), std::string::npos) << error;
}

// RFC 4180 quoting: commas and "" inside a quoted field; a byte-order mark before the header.
TEST(ThresholdDataTest, CsvQuotingAndBom) {
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(
      ParseCsvTable("\xEF\xBB\xBF"
                    "a,b\r\n\"x, \"\"y\"\"\",z\r\n",
                    "t.csv", "a,b", &rows, &error))
      << error;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"x, \"y\"", "z"}));
  EXPECT_FALSE(ParseCsvTable("a,b\n\"x,z\n", "t.csv", "a,b", &rows, &error));
  EXPECT_NE(error.find("t.csv line 2"), std::string::npos) << error;
  EXPECT_FALSE(ParseCsvTable("a,b\n\nx,y\n", "t.csv", "a,b", &rows, &error));
}

// A test rule set built from CSV text drives the same engine (FromCsv is the factory for tests).
TEST(ThresholdDataTest, CustomRuleSetDrivesAssess) {
  std::string csv = std::string(kHeader) + std::string(kGoodRow);
  std::optional<ThresholdRuleSet> set = ThresholdRuleSet::FromCsv(csv, nullptr);
  ASSERT_TRUE(set.has_value());
  CaseFacts facts;
  facts.ip_right = IpRight::kTrademark;
  facts.mark_relation = MarkRelation::kIdentical;
  facts.same_kind_of_goods = FactStatus::kEstablished;
  facts.amounts.sales_amount_fen = 5'200'000;
  facts.act_start_date = facts.act_end_date = Ymd(2024, 1, 1);
  ThresholdAssessment result = Assess(*set, facts);
  bool found = false;
  for (const OffenceAssessment& a : result.offences) {
    if (a.offence != Offence::kArt214) continue;
    found = true;
    EXPECT_EQ(a.outcome, AssessmentOutcome::kMet);
    EXPECT_EQ(
        a.explanation,
        "达到追诉标准：销售金额 52,000.00 元 ≥ 追诉标准 50,000.00 元（法释〔2004〕19号 第2条）");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(result.rule_set_version, 1);
}

}  // namespace
}  // namespace casebridge::law
