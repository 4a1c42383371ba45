// Tests of the rule book (the shipped threshold table with administrators' stored changes) and of
// the checks of the threshold rule RPCs' requests, without a database.
#include "services/intake/threshold_rule_book.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "services/intake/assessment_mapping.h"
#include "services/intake/threshold_rule_validation.h"

namespace casebridge::intake {
namespace {

const law::ThresholdRuleSet& Shipped() { return law::ThresholdRuleSet::Default(); }

// A stored change of shipped rule `id`: `edit` applied to the rule as shipped, `fields` set.
RuleOverrideRow Override(const std::string& id, int64_t changes, std::vector<std::string> fields,
                         const std::function<void(v1::ThresholdRule&)>& edit) {
  v1::ThresholdRule rule = RuleToProto(*Shipped().Find(id));
  edit(rule);
  rule.mutable_updated_by()->set_user("users/admin");
  *rule.mutable_update_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1'780'000'000);
  RuleOverrideRow row;
  row.rule_id = id;
  row.changes = changes;
  row.fields = std::move(fields);
  row.body = rule.SerializeAsString();
  return row;
}

std::set<std::string> Fields(const core::FieldViolations& v) {
  std::set<std::string> out;
  for (const auto& [field, why] : v.items()) out.insert(field);
  return out;
}

// The service stores administrators' changes as the resource and hands them back to the engine:
// every shipped rule survives the round trip field for field.
TEST(RuleBookTest, RuleFromProtoUndoesRuleToProto) {
  for (const law::ThresholdRule& rule : law::ThresholdRuleSet::Default().rules()) {
    const law::ThresholdRule back = RuleFromProto(RuleToProto(rule));
    EXPECT_EQ(back.id, rule.id);
    EXPECT_EQ(back.version, rule.version);
    EXPECT_EQ(back.offence, rule.offence);
    EXPECT_EQ(back.article, rule.article);
    EXPECT_EQ(back.metric, rule.metric);
    EXPECT_EQ(back.comparator, rule.comparator);
    EXPECT_EQ(back.amount_fen, rule.amount_fen) << rule.id;
    EXPECT_EQ(back.count, rule.count) << rule.id;
    EXPECT_EQ(back.conditions, rule.conditions) << rule.id;
    EXPECT_EQ(back.attempt, rule.attempt);
    EXPECT_EQ(back.effective_from, rule.effective_from) << rule.id;
    EXPECT_EQ(back.effective_to, rule.effective_to) << rule.id;
    EXPECT_EQ(back.enabled, rule.enabled);
    EXPECT_EQ(back.source, rule.source);
    EXPECT_EQ(back.note, rule.note);
    EXPECT_EQ(back.source_verified, rule.source_verified);
    EXPECT_EQ(back.description, rule.description);
    EXPECT_EQ(law::RuleProblem(back), "") << rule.id;
  }
  // A number this build does not know reads as unspecified, which the engine's checks refuse.
  v1::ThresholdRule odd = RuleToProto(*law::ThresholdRuleSet::Default().Find("141-act"));
  odd.set_metric(static_cast<v1::Metric>(99));
  EXPECT_NE(law::RuleProblem(RuleFromProto(odd)), "");
}

TEST(RuleBookTest, WithoutChangesItIsTheShippedTable) {
  auto book = BuildRuleBook({}, 0, nullptr);
  EXPECT_EQ(book->version(), Shipped().version());
  EXPECT_EQ(book->set.digest(), Shipped().digest());
  ASSERT_EQ(book->rules.size(), Shipped().rules().size());
  for (size_t i = 0; i < book->rules.size(); ++i) {
    const law::ThresholdRule& shipped = Shipped().rules()[i];
    EXPECT_EQ(book->rules[i].name(), "thresholdRules/" + shipped.id);
    EXPECT_EQ(book->rules[i].etag(), std::to_string(shipped.version));
    EXPECT_FALSE(book->rules[i].has_updated_by());
  }
  EXPECT_NE(book->Find("thresholdRules/140-sales"), nullptr);
  EXPECT_EQ(book->Find("thresholdRules/none"), nullptr);
}

TEST(RuleBookTest, AChangeTakesEffectWithItsVersionWhoAndWhen) {
  auto book = BuildRuleBook({Override("213-2025-goods-business", 1, {"enabled", "note"},
                                      [](v1::ThresholdRule& r) {
                                        r.set_enabled(false);
                                        r.set_note("待核对");
                                      })},
                            1, nullptr);
  const v1::ThresholdRule* rule = book->Find("thresholdRules/213-2025-goods-business");
  ASSERT_NE(rule, nullptr);
  EXPECT_FALSE(rule->enabled());
  EXPECT_EQ(rule->note(), "待核对");
  EXPECT_EQ(rule->amount_fen(), 5'000'000);
  EXPECT_EQ(rule->version(), 2);
  EXPECT_EQ(rule->etag(), "2");
  EXPECT_EQ(rule->updated_by().user(), "users/admin");
  EXPECT_TRUE(rule->has_update_time());
  EXPECT_EQ(book->version(), Shipped().version() + 1);
  EXPECT_NE(book->set.digest(), Shipped().digest());
  EXPECT_FALSE(book->set.Find("213-2025-goods-business")->enabled);
}

// Only the fields administrators set are taken from the change: the rest follows the shipped row
// (so a later release's correction of another field still arrives). The description follows the
// numbers unless it was written by hand.
TEST(RuleBookTest, OnlyTheFieldsSetAreTakenAndTheDescriptionFollows) {
  auto book = BuildRuleBook({Override("216-2025-gains", 2, {"amount_fen", "note"},
                                      [](v1::ThresholdRule& r) {
                                        r.set_amount_fen(8'000'000);
                                        r.set_note("核对后更正");
                                        r.set_source("不应被采用");
                                      }),
                             Override("216-2025-loss", 1, {"description", "note"},
                                      [](v1::ThresholdRule& r) {
                                        r.set_description("给权利人造成直接经济损失在三十万元以上");
                                        r.set_note("表述");
                                      })},
                            3, nullptr);
  const v1::ThresholdRule* gains = book->Find("thresholdRules/216-2025-gains");
  EXPECT_EQ(gains->amount_fen(), 8'000'000);
  EXPECT_EQ(gains->source(), "法释〔2025〕5号");
  EXPECT_EQ(gains->description(), "违法所得数额在 80,000.00 元以上");
  EXPECT_EQ(gains->version(), 3);
  EXPECT_EQ(book->Find("thresholdRules/216-2025-loss")->description(),
            "给权利人造成直接经济损失在三十万元以上");
  EXPECT_EQ(book->version(), Shipped().version() + 3);
}

// An end date set by a change and then cleared again: the rule is open-ended.
TEST(RuleBookTest, AClearedDateIsCleared) {
  auto book = BuildRuleBook({Override("213-2004-business", 1, {"effective_to", "note"},
                                      [](v1::ThresholdRule& r) {
                                        r.clear_effective_to();
                                        r.set_note("继续适用");
                                      })},
                            1, nullptr);
  EXPECT_FALSE(book->Find("thresholdRules/213-2004-business")->has_effective_to());
  EXPECT_FALSE(book->set.Find("213-2004-business")->effective_to.has_value());
}

// A stored change the shipped table no longer accepts is left out and named; the others stand.
TEST(RuleBookTest, AChangeThatNoLongerFitsIsLeftOut) {
  std::vector<RejectedOverride> rejected;
  RuleOverrideRow gone =
      Override("140-sales", 1, {"note"}, [](v1::ThresholdRule& r) { r.set_note("x"); });
  gone.rule_id = "140-removed";
  auto book = BuildRuleBook(
      {gone,
       Override("214-2004-sales", 1, {"effective_to", "note"},
                [](v1::ThresholdRule& r) {
                  *r.mutable_effective_to() = DateToProto(std::chrono::year{2025} / 5 / 1);
                  r.set_note("延长");
                }),
       Override("216-2025-gains", 1, {"note"}, [](v1::ThresholdRule& r) { r.set_note("说明"); })},
      3, &rejected);
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].rule_id, "140-removed");
  EXPECT_EQ(rejected[1].rule_id, "214-2004-sales");
  EXPECT_NE(rejected[1].reason.find("same threshold in force on the same day"), std::string::npos)
      << rejected[1].reason;
  EXPECT_EQ(book->Find("thresholdRules/216-2025-gains")->note(), "说明");
  EXPECT_EQ(book->Find("thresholdRules/214-2004-sales")->version(), 1);
  EXPECT_EQ(book->version(), Shipped().version() + 1);
}

TEST(RuleRequestTest, UpdateChecksTheUnitOfTheRule) {
  v1::UpdateThresholdRuleRequest request;
  request.set_request_id("r1");
  *request.mutable_threshold_rule() = RuleToProto(*Shipped().Find("141-act"));
  request.mutable_threshold_rule()->set_etag("1");
  request.mutable_threshold_rule()->set_amount_fen(100);
  request.mutable_threshold_rule()->add_conditions(v1::RULE_CONDITION_ON_GOODS);
  request.mutable_threshold_rule()->set_note("更正");
  for (const char* path : {"amount_fen", "conditions", "note"}) {
    request.mutable_update_mask()->add_paths(path);
  }
  core::FieldViolations v;
  ValidateRuleUpdate(request, RuleToProto(*Shipped().Find("141-act")), v);
  EXPECT_EQ(Fields(v),
            (std::set<std::string>{"threshold_rule.amount_fen", "threshold_rule.conditions"}));

  // A correct change of a money rule passes.
  request.mutable_threshold_rule()->CopyFrom(RuleToProto(*Shipped().Find("216-2025-gains")));
  request.mutable_threshold_rule()->set_etag("1");
  request.mutable_threshold_rule()->set_amount_fen(8'000'000);
  request.mutable_threshold_rule()->set_note("核对后更正");
  request.mutable_update_mask()->clear_paths();
  request.mutable_update_mask()->add_paths("amount_fen");
  request.mutable_update_mask()->add_paths("note");
  core::FieldViolations ok;
  ValidateRuleUpdate(request, RuleToProto(*Shipped().Find("216-2025-gains")), ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus().error_message();
}

TEST(RuleRequestTest, FilterTermsAndTheirMistakes) {
  core::FieldViolations v;
  RuleFilter f = ParseRuleFilter(
      "offence=ART213_COUNTERFEITING_REGISTERED_TRADEMARK AND enabled=false AND "
      "source_verified=true AND effective_on=2025-05-01",
      v);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(f.offence, v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  EXPECT_EQ(f.enabled, false);
  EXPECT_EQ(f.source_verified, true);
  EXPECT_EQ(f.effective_on, std::chrono::year{2025} / 5 / 1);
  v1::ThresholdRule rule = RuleToProto(*Shipped().Find("213-2004-business"));
  rule.set_enabled(false);
  rule.set_source_verified(true);
  EXPECT_FALSE(RuleMatches(rule, f));  // in force until 2025-04-25 only
  *rule.mutable_effective_to() = DateToProto(std::chrono::year{2025} / 12 / 31);
  EXPECT_TRUE(RuleMatches(rule, f));

  core::FieldViolations bad;
  ParseRuleFilter("offence=ART999 AND enabled=yes AND effective_on=2025-02-30 AND x=y AND junk",
                  bad);
  EXPECT_EQ(bad.size(), 5u);
  EXPECT_EQ(Fields(bad), std::set<std::string>{"filter"});
}

}  // namespace
}  // namespace casebridge::intake
