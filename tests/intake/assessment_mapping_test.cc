// Tests of the intake translation layer, end to end through services/law's threshold engine.
#include "services/intake/assessment_mapping.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/law/thresholds.h"

namespace casebridge::intake {
namespace {

using google::protobuf::util::TimeUtil;
using std::chrono::year_month_day;

v1::Date MakeDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

year_month_day Ymd(int year, unsigned month, unsigned day) {
  return year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

google::protobuf::Timestamp AssessTime() {
  return TimeUtil::SecondsToTimestamp(1'719'737'400);  // 2024-06-30T08:50:00Z
}

// 假冒注册商标: an identical mark on the same kind of goods, one mark, no prior penalty, the act
// from 2024-03-01 to 2024-06-30 (法释〔2004〕19号 thresholds), no amounts yet.
v1::ThresholdFacts TrademarkFacts() {
  v1::ThresholdFacts facts;
  facts.set_ip_right(v1::IP_RIGHT_TRADEMARK);
  facts.set_goods_category(v1::GOODS_CATEGORY_APPAREL_AND_ACCESSORIES);
  facts.set_goods_or_services(v1::GOODS_OR_SERVICES_GOODS);
  facts.set_mark_relation(v1::MARK_RELATION_IDENTICAL);
  facts.set_same_kind_of_goods(v1::FACT_STATUS_ESTABLISHED);
  facts.set_mark_count(1);
  facts.set_prior_penalty_within_two_years(v1::FACT_STATUS_REFUTED);
  facts.set_fake_or_inferior_product(v1::FACT_STATUS_REFUTED);
  *facts.mutable_act_start_date() = MakeDate(2024, 3, 1);
  *facts.mutable_act_end_date() = MakeDate(2024, 6, 30);
  return facts;
}

v1::ThresholdAssessment AssessProto(const v1::ThresholdFacts& facts,
                                    const law::AssessOptions& options = {}) {
  return AssessmentToProto(law::Assess(FactsFromProto(facts), options), AssessTime());
}

const v1::OffenceAssessment* FindOffence(const v1::ThresholdAssessment& assessment,
                                         v1::Offence offence) {
  for (const v1::OffenceAssessment& a : assessment.offences()) {
    if (a.offence() == offence) return &a;
  }
  return nullptr;
}

std::string Name(std::string_view id) { return "thresholdRules/" + std::string(id); }

// Every field the engine provides arrives on the wire unchanged.
void ExpectSameAssessment(const law::ThresholdAssessment& want,
                          const v1::ThresholdAssessment& got) {
  EXPECT_EQ(static_cast<int>(got.overall_outcome()), static_cast<int>(want.overall_outcome));
  EXPECT_EQ(got.rule_set_version(), want.rule_set_version);
  EXPECT_EQ(got.lenity_note(), want.lenity_note);
  EXPECT_EQ(got.near_ratio_permille(), want.near_ratio_permille);
  EXPECT_EQ(got.has_evaluated_act_date(), want.evaluated_act_date.has_value());
  if (want.evaluated_act_date) {
    EXPECT_EQ(DateFromProto(got.evaluated_act_date()), want.evaluated_act_date);
  }
  EXPECT_EQ(got.assess_time(), AssessTime());
  ASSERT_EQ(got.offences_size(), static_cast<int>(want.offences.size()));
  for (size_t i = 0; i < want.offences.size(); ++i) {
    const law::OffenceAssessment& w = want.offences[i];
    const v1::OffenceAssessment& g = got.offences(static_cast<int>(i));
    SCOPED_TRACE(w.article);
    EXPECT_EQ(static_cast<int>(g.offence()), static_cast<int>(w.offence));
    EXPECT_EQ(g.article(), w.article);
    EXPECT_EQ(static_cast<int>(g.outcome()), static_cast<int>(w.outcome));
    EXPECT_EQ(g.decisive_rule(), w.decisive_rule.empty() ? "" : Name(w.decisive_rule));
    EXPECT_EQ(g.rule_version(), w.rule_version);
    EXPECT_EQ(static_cast<int>(g.metric()), static_cast<int>(w.metric));
    const bool amount = law::IsAmountMetric(w.metric);
    if (w.value) {
      ASSERT_EQ(g.value_case(), amount ? v1::OffenceAssessment::kValueAmountFen
                                       : v1::OffenceAssessment::kValueCount);
      EXPECT_EQ(amount ? g.value_amount_fen() : g.value_count(), *w.value);
    } else {
      EXPECT_EQ(g.value_case(), v1::OffenceAssessment::VALUE_NOT_SET);
    }
    if (w.threshold) {
      ASSERT_EQ(g.threshold_case(), amount ? v1::OffenceAssessment::kThresholdAmountFen
                                           : v1::OffenceAssessment::kThresholdCount);
      EXPECT_EQ(amount ? g.threshold_amount_fen() : g.threshold_count(), *w.threshold);
    } else {
      EXPECT_EQ(g.threshold_case(), v1::OffenceAssessment::THRESHOLD_NOT_SET);
    }
    EXPECT_EQ(g.has_ratio_permille(), w.ratio_permille.has_value());
    if (w.ratio_permille) {
      EXPECT_EQ(g.ratio_permille(), *w.ratio_permille);
    }
    EXPECT_EQ(g.attempt(), w.attempt);
    EXPECT_EQ(std::vector<std::string>(g.missing_facts().begin(), g.missing_facts().end()),
              w.missing_facts);
    EXPECT_EQ(g.explanation(), w.explanation);
    std::vector<std::string> considered;
    for (const std::string& id : w.considered_rules) considered.push_back(Name(id));
    EXPECT_EQ(std::vector<std::string>(g.considered_rules().begin(), g.considered_rules().end()),
              considered);
  }
}

// The 213 case of the brief: identical mark, 非法经营数额 exactly 5万 → MET under "以上".
TEST(AssessmentMappingTest, Trademark213IdenticalMarkBusinessAmountAtThresholdIsMet) {
  v1::ThresholdFacts facts = TrademarkFacts();
  facts.mutable_amounts()->set_illegal_business_amount_fen(5'000'000);

  const v1::ThresholdAssessment assessment = AssessProto(facts);

  EXPECT_EQ(assessment.overall_outcome(), v1::ASSESSMENT_OUTCOME_MET);
  EXPECT_TRUE(IsFlagged(assessment));
  const v1::OffenceAssessment* a =
      FindOffence(assessment, v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->article(), "刑法第二百一十三条");
  EXPECT_EQ(a->outcome(), v1::ASSESSMENT_OUTCOME_MET);
  EXPECT_EQ(a->decisive_rule(), "thresholdRules/213-2004-business");
  EXPECT_EQ(a->rule_version(), 1);
  EXPECT_EQ(a->metric(), v1::METRIC_ILLEGAL_BUSINESS_AMOUNT);
  EXPECT_EQ(a->value_case(), v1::OffenceAssessment::kValueAmountFen);
  EXPECT_EQ(a->value_amount_fen(), 5'000'000);
  EXPECT_EQ(a->threshold_case(), v1::OffenceAssessment::kThresholdAmountFen);
  EXPECT_EQ(a->threshold_amount_fen(), 5'000'000);
  ASSERT_TRUE(a->has_ratio_permille());
  EXPECT_EQ(a->ratio_permille(), 1000);
  EXPECT_FALSE(a->attempt());
  EXPECT_TRUE(a->missing_facts().empty());
  EXPECT_EQ(a->explanation(),
            "达到追诉标准：非法经营数额 50,000.00 元 ≥ 追诉标准 50,000.00 元（法释〔2004〕19号 "
            "第1条第1项）");
  EXPECT_NE(std::find(a->considered_rules().begin(), a->considered_rules().end(),
                      "thresholdRules/213-2004-gains"),
            a->considered_rules().end());

  EXPECT_EQ(assessment.rule_set_version(), law::ThresholdRuleSet::Default().version());
  EXPECT_EQ(assessment.evaluated_act_date().year(), 2024);
  EXPECT_EQ(assessment.evaluated_act_date().month(), 6);
  EXPECT_EQ(assessment.evaluated_act_date().day(), 30);
  EXPECT_EQ(assessment.near_ratio_permille(), 800);
  EXPECT_EQ(assessment.assess_time(), AssessTime());
  // The act predates 法释〔2025〕5号: the older version applies (从旧兼从轻), and the note says so.
  EXPECT_NE(assessment.lenity_note().find("刑法第二百一十三条：从旧兼从轻"), std::string::npos)
      << assessment.lenity_note();
}

// Just below: 4万 of a 5万 threshold is 80 %, NEAR, still flagged.
TEST(AssessmentMappingTest, Trademark213AtEightyPercentIsNearAndFlagged) {
  v1::ThresholdFacts facts = TrademarkFacts();
  facts.mutable_amounts()->set_illegal_business_amount_fen(4'000'000);
  facts.mutable_amounts()->set_illegal_gains_fen(0);

  const v1::ThresholdAssessment assessment = AssessProto(facts);

  EXPECT_EQ(assessment.overall_outcome(), v1::ASSESSMENT_OUTCOME_NEAR);
  EXPECT_TRUE(IsFlagged(assessment));
  const v1::OffenceAssessment* a =
      FindOffence(assessment, v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->outcome(), v1::ASSESSMENT_OUTCOME_NEAR);
  EXPECT_EQ(a->decisive_rule(), "thresholdRules/213-2004-business");
  EXPECT_EQ(a->value_amount_fen(), 4'000'000);
  EXPECT_EQ(a->ratio_permille(), 800);
}

// Unset amounts are unknown, not zero: INSUFFICIENT_DATA with the missing facts named, never
// NOT_MET, and nothing invented for value or ratio.
TEST(AssessmentMappingTest, UnknownAmountsStayUnknown) {
  const v1::ThresholdFacts facts = TrademarkFacts();
  const law::CaseFacts engine_facts = FactsFromProto(facts);
  EXPECT_FALSE(engine_facts.amounts.sales_amount_fen.has_value());
  EXPECT_FALSE(engine_facts.amounts.illegal_business_amount_fen.has_value());
  EXPECT_FALSE(engine_facts.amounts.illegal_gains_fen.has_value());
  EXPECT_FALSE(engine_facts.amounts.unsold_goods_value_fen.has_value());
  EXPECT_FALSE(engine_facts.amounts.production_loss_fen.has_value());
  EXPECT_FALSE(engine_facts.amounts.right_holder_loss_fen.has_value());
  EXPECT_FALSE(engine_facts.counts.mark_label_count.has_value());
  EXPECT_FALSE(engine_facts.counts.copy_count.has_value());
  EXPECT_FALSE(engine_facts.patent_count.has_value());

  const v1::ThresholdAssessment assessment = AssessProto(facts);

  EXPECT_EQ(assessment.overall_outcome(), v1::ASSESSMENT_OUTCOME_INSUFFICIENT_DATA);
  EXPECT_FALSE(IsFlagged(assessment));
  const v1::OffenceAssessment* a =
      FindOffence(assessment, v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->outcome(), v1::ASSESSMENT_OUTCOME_INSUFFICIENT_DATA);
  std::vector<std::string> missing(a->missing_facts().begin(), a->missing_facts().end());
  EXPECT_NE(std::find(missing.begin(), missing.end(), "amounts.illegal_business_amount_fen"),
            missing.end());
  EXPECT_NE(std::find(missing.begin(), missing.end(), "amounts.illegal_gains_fen"), missing.end());
  EXPECT_EQ(a->value_case(), v1::OffenceAssessment::VALUE_NOT_SET);
  EXPECT_FALSE(a->has_ratio_permille());
  EXPECT_NE(a->explanation().find("数据不足"), std::string::npos);
}

// A set 0 is a known amount, distinct from unset.
TEST(AssessmentMappingTest, ZeroAmountIsKnown) {
  v1::ThresholdFacts facts = TrademarkFacts();
  facts.mutable_amounts()->set_illegal_business_amount_fen(0);
  facts.mutable_counts()->set_copy_count(0);
  facts.set_patent_count(0);

  const law::CaseFacts engine_facts = FactsFromProto(facts);

  EXPECT_EQ(engine_facts.amounts.illegal_business_amount_fen, 0);
  EXPECT_FALSE(engine_facts.amounts.illegal_gains_fen.has_value());
  EXPECT_EQ(engine_facts.counts.copy_count, 0);
  EXPECT_EQ(engine_facts.patent_count, 0);
}

// 近似商标: not 213/214 however large the amount (STATUTES.md §5), so not flagged; the same facts
// with an identical mark are.
TEST(AssessmentMappingTest, SimilarMarkIsNotFlagged) {
  v1::ThresholdFacts facts = TrademarkFacts();
  facts.set_mark_relation(v1::MARK_RELATION_SIMILAR);
  facts.mutable_amounts()->set_sales_amount_fen(100'000'000);  // 100万, 20 × the 214 threshold

  const v1::ThresholdAssessment assessment = AssessProto(facts);

  EXPECT_FALSE(IsFlagged(assessment));
  for (v1::Offence offence : {v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK,
                              v1::OFFENCE_ART214_SELLING_COUNTERFEIT_TRADEMARK_GOODS}) {
    const v1::OffenceAssessment* a = FindOffence(assessment, offence);
    ASSERT_NE(a, nullptr) << v1::Offence_Name(offence);
    EXPECT_EQ(a->outcome(), v1::ASSESSMENT_OUTCOME_NOT_MET);
    EXPECT_TRUE(a->decisive_rule().empty());
    EXPECT_EQ(a->value_case(), v1::OffenceAssessment::VALUE_NOT_SET);
    EXPECT_NE(a->explanation().find("近似商标"), std::string::npos) << a->explanation();
  }

  facts.set_mark_relation(v1::MARK_RELATION_IDENTICAL);
  const v1::ThresholdAssessment identical = AssessProto(facts);
  EXPECT_TRUE(IsFlagged(identical));
  const v1::OffenceAssessment* a =
      FindOffence(identical, v1::OFFENCE_ART214_SELLING_COUNTERFEIT_TRADEMARK_GOODS);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->outcome(), v1::ASSESSMENT_OUTCOME_MET);
  EXPECT_EQ(a->decisive_rule(), "thresholdRules/214-2004-sales");
}

// A similar-mark clothing case with 非法经营数额 100万 is flagged under nothing: not 213/214
// (近似商标), and not 215, which is only about the 标识 themselves (goods category
// TRADEMARK_LABELS) of a registered mark — the goods' 非法经营数额 is never compared against it.
TEST(AssessmentMappingTest, SimilarMarkWithLargeBusinessAmountIsNotFlagged) {
  v1::ThresholdFacts facts = TrademarkFacts();
  facts.set_mark_relation(v1::MARK_RELATION_SIMILAR);
  facts.mutable_amounts()->set_illegal_business_amount_fen(100'000'000);
  facts.mutable_amounts()->set_illegal_gains_fen(50'000'000);

  const v1::ThresholdAssessment assessment = AssessProto(facts);
  EXPECT_FALSE(IsFlagged(assessment));
  EXPECT_EQ(FindOffence(assessment, v1::OFFENCE_ART215_ILLEGAL_TRADEMARK_LABELS), nullptr);
}

// The proto carries every field the engine computes, for MET, NEAR, NOT_MET, INSUFFICIENT_DATA,
// count metrics, act-itself offences, attempts, both rule versions and the lenity note.
TEST(AssessmentMappingTest, CarriesEveryEngineField) {
  std::vector<v1::ThresholdFacts> cases;
  cases.push_back(TrademarkFacts());
  {
    v1::ThresholdFacts f = TrademarkFacts();
    f.mutable_amounts()->set_illegal_business_amount_fen(5'000'000);
    cases.push_back(f);
  }
  {  // 215: labels counted in 件.
    v1::ThresholdFacts f = TrademarkFacts();
    f.set_goods_category(v1::GOODS_CATEGORY_TRADEMARK_LABELS);
    f.mutable_counts()->set_mark_label_count(19'000);
    cases.push_back(f);
  }
  {  // 141: the act itself.
    v1::ThresholdFacts f;
    f.set_ip_right(v1::IP_RIGHT_NONE);
    f.set_goods_category(v1::GOODS_CATEGORY_DRUG);
    f.set_counterfeit_drug(v1::FACT_STATUS_ESTABLISHED);
    cases.push_back(f);
  }
  {  // 140 attempt: unsold 货值 only.
    v1::ThresholdFacts f;
    f.set_ip_right(v1::IP_RIGHT_NONE);
    f.set_goods_category(v1::GOODS_CATEGORY_ELECTRONICS);
    f.set_fake_or_inferior_product(v1::FACT_STATUS_ESTABLISHED);
    f.mutable_amounts()->set_sales_amount_fen(0);
    f.mutable_amounts()->set_unsold_goods_value_fen(20'000'000);
    cases.push_back(f);
  }
  {  // 213 on services across 2025-04-26: two versions compared (从旧兼从轻).
    v1::ThresholdFacts f = TrademarkFacts();
    f.set_goods_or_services(v1::GOODS_OR_SERVICES_SERVICES);
    f.mutable_amounts()->set_illegal_gains_fen(4'000'000);
    *f.mutable_act_start_date() = MakeDate(2025, 1, 1);
    *f.mutable_act_end_date() = MakeDate(2025, 6, 1);
    cases.push_back(f);
  }
  {  // No dates, similar mark.
    v1::ThresholdFacts f = TrademarkFacts();
    f.set_mark_relation(v1::MARK_RELATION_SIMILAR);
    f.clear_act_start_date();
    f.clear_act_end_date();
    cases.push_back(f);
  }
  cases.push_back(v1::ThresholdFacts());

  law::AssessOptions options;
  options.near_ratio_permille = 900;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const law::CaseFacts facts = FactsFromProto(cases[i]);
    ExpectSameAssessment(law::Assess(facts), AssessmentToProto(law::Assess(facts), AssessTime()));
    ExpectSameAssessment(law::Assess(facts, options),
                         AssessmentToProto(law::Assess(facts, options), AssessTime()));
  }
  // The services case did compare versions, so the lenity note is exercised.
  EXPECT_FALSE(AssessProto(cases[5]).lenity_note().empty());
}

// missing_facts are paths of ThresholdFacts fields, so a client can point at the field.
TEST(AssessmentMappingTest, MissingFactsNameThresholdFactsFields) {
  v1::ThresholdFacts unknown_trademark;
  unknown_trademark.set_ip_right(v1::IP_RIGHT_TRADEMARK);
  v1::ThresholdFacts unknown_goods;
  unknown_goods.set_ip_right(v1::IP_RIGHT_NONE);
  v1::ThresholdFacts unknown_copyright;
  unknown_copyright.set_ip_right(v1::IP_RIGHT_COPYRIGHT);
  v1::ThresholdFacts unknown_patent;
  unknown_patent.set_ip_right(v1::IP_RIGHT_PATENT);
  v1::ThresholdFacts unknown_labels = TrademarkFacts();
  unknown_labels.set_goods_category(v1::GOODS_CATEGORY_TRADEMARK_LABELS);
  unknown_labels.clear_mark_count();
  int checked = 0;
  for (const v1::ThresholdFacts& facts : {v1::ThresholdFacts(), unknown_trademark, unknown_goods,
                                          unknown_copyright, unknown_patent, unknown_labels}) {
    const v1::ThresholdAssessment assessment = AssessProto(facts);
    for (const v1::OffenceAssessment& a : assessment.offences()) {
      for (const std::string& path : a.missing_facts()) {
        const google::protobuf::Descriptor* message = v1::ThresholdFacts::descriptor();
        const google::protobuf::FieldDescriptor* field = nullptr;
        std::string_view rest = path;
        while (message != nullptr) {
          const size_t dot = rest.find('.');
          field = message->FindFieldByName(std::string(rest.substr(0, dot)));
          if (field == nullptr || dot == std::string_view::npos) break;
          message = field->message_type();
          rest.remove_prefix(dot + 1);
        }
        EXPECT_NE(field, nullptr) << path;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10);
}

TEST(AssessmentMappingTest, FactsFromProtoMapsEveryField) {
  v1::ThresholdFacts facts;
  facts.set_ip_right(v1::IP_RIGHT_GEOGRAPHICAL_INDICATION);
  facts.set_goods_category(v1::GOODS_CATEGORY_ALCOHOL);
  facts.set_goods_or_services(v1::GOODS_OR_SERVICES_SERVICES);
  facts.set_mark_relation(v1::MARK_RELATION_OTHER);
  facts.set_same_kind_of_goods(v1::FACT_STATUS_REFUTED);
  facts.set_with_permission(v1::FACT_STATUS_ESTABLISHED);
  facts.set_for_profit(v1::FACT_STATUS_REFUTED);
  facts.set_mark_count(3);
  facts.set_patent_count(2);
  facts.set_prior_penalty_within_two_years(v1::FACT_STATUS_ESTABLISHED);
  facts.set_fake_or_inferior_product(v1::FACT_STATUS_ESTABLISHED);
  facts.set_counterfeit_drug(v1::FACT_STATUS_REFUTED);
  facts.set_toxic_or_harmful_food(v1::FACT_STATUS_ESTABLISHED);
  v1::ThresholdAmounts* amounts = facts.mutable_amounts();
  amounts->set_sales_amount_fen(101);
  amounts->set_illegal_business_amount_fen(102);
  amounts->set_illegal_gains_fen(103);
  amounts->set_unsold_goods_value_fen(104);
  amounts->set_production_loss_fen(105);
  amounts->set_right_holder_loss_fen(106);
  facts.mutable_counts()->set_mark_label_count(201);
  facts.mutable_counts()->set_copy_count(202);
  *facts.mutable_act_start_date() = MakeDate(2020, 9, 14);
  *facts.mutable_act_end_date() = MakeDate(2025, 4, 26);

  const law::CaseFacts out = FactsFromProto(facts);

  EXPECT_EQ(out.ip_right, law::IpRight::kGeographicalIndication);
  EXPECT_EQ(out.goods_category, law::GoodsCategory::kAlcohol);
  EXPECT_EQ(out.goods_or_services, law::GoodsOrServices::kServices);
  EXPECT_EQ(out.mark_relation, law::MarkRelation::kOther);
  EXPECT_EQ(out.same_kind_of_goods, law::FactStatus::kRefuted);
  EXPECT_EQ(out.with_permission, law::FactStatus::kEstablished);
  EXPECT_EQ(out.for_profit, law::FactStatus::kRefuted);
  EXPECT_EQ(out.mark_count, 3);
  EXPECT_EQ(out.patent_count, 2);
  EXPECT_EQ(out.prior_penalty_within_two_years, law::FactStatus::kEstablished);
  EXPECT_EQ(out.fake_or_inferior_product, law::FactStatus::kEstablished);
  EXPECT_EQ(out.counterfeit_drug, law::FactStatus::kRefuted);
  EXPECT_EQ(out.toxic_or_harmful_food, law::FactStatus::kEstablished);
  EXPECT_EQ(out.amounts.sales_amount_fen, 101);
  EXPECT_EQ(out.amounts.illegal_business_amount_fen, 102);
  EXPECT_EQ(out.amounts.illegal_gains_fen, 103);
  EXPECT_EQ(out.amounts.unsold_goods_value_fen, 104);
  EXPECT_EQ(out.amounts.production_loss_fen, 105);
  EXPECT_EQ(out.amounts.right_holder_loss_fen, 106);
  EXPECT_EQ(out.counts.mark_label_count, 201);
  EXPECT_EQ(out.counts.copy_count, 202);
  EXPECT_EQ(out.act_start_date, Ymd(2020, 9, 14));
  EXPECT_EQ(out.act_end_date, Ymd(2025, 4, 26));
}

TEST(AssessmentMappingTest, EmptyFactsAreAllUnknown) {
  const law::CaseFacts out = FactsFromProto(v1::ThresholdFacts());
  EXPECT_EQ(out.ip_right, law::IpRight::kUnspecified);
  EXPECT_EQ(out.mark_relation, law::MarkRelation::kUnspecified);
  EXPECT_EQ(out.for_profit, law::FactStatus::kUnknown);
  EXPECT_FALSE(out.mark_count.has_value());
  EXPECT_FALSE(out.patent_count.has_value());
  EXPECT_FALSE(out.act_start_date.has_value());
  EXPECT_FALSE(out.act_end_date.has_value());
}

// A newer client may send an enum number this build does not know: it reads as unknown.
TEST(AssessmentMappingTest, UnknownEnumNumbersReadAsUnknown) {
  v1::ThresholdFacts facts;
  facts.set_ip_right(static_cast<v1::IpRight>(42));
  facts.set_goods_category(static_cast<v1::GoodsCategory>(-1));
  facts.set_mark_relation(static_cast<v1::MarkRelation>(99));
  facts.set_for_profit(static_cast<v1::FactStatus>(7));

  const law::CaseFacts out = FactsFromProto(facts);

  EXPECT_EQ(out.ip_right, law::IpRight::kUnspecified);
  EXPECT_EQ(out.goods_category, law::GoodsCategory::kUnspecified);
  EXPECT_EQ(out.mark_relation, law::MarkRelation::kUnspecified);
  EXPECT_EQ(out.for_profit, law::FactStatus::kUnknown);
}

TEST(AssessmentMappingTest, DatesRoundTrip) {
  for (const year_month_day& day :
       {Ymd(2024, 2, 29), Ymd(1900, 1, 1), Ymd(2025, 4, 25), Ymd(2025, 4, 26), Ymd(9999, 12, 31)}) {
    const v1::Date proto = DateToProto(day);
    EXPECT_EQ(DateFromProto(proto), day);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        DateToProto(*DateFromProto(proto)), proto));
  }
  EXPECT_EQ(DateToProto(Ymd(2024, 6, 30)).year(), 2024);
  EXPECT_EQ(DateToProto(Ymd(2024, 6, 30)).month(), 6);
  EXPECT_EQ(DateToProto(Ymd(2024, 6, 30)).day(), 30);
}

TEST(AssessmentMappingTest, ZeroOrInvalidDatesAreUnknown) {
  EXPECT_FALSE(DateFromProto(v1::Date()).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(2023, 2, 29)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(2024, 13, 1)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(2024, 0, 10)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(2024, 6, 0)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(2024, -1, 300)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(0, 6, 30)).has_value());
  EXPECT_FALSE(DateFromProto(MakeDate(100000, 6, 30)).has_value());

  v1::ThresholdFacts facts = TrademarkFacts();
  *facts.mutable_act_start_date() = v1::Date();  // present but zero
  facts.clear_act_end_date();                    // absent
  const law::CaseFacts out = FactsFromProto(facts);
  EXPECT_FALSE(out.act_start_date.has_value());
  EXPECT_FALSE(out.act_end_date.has_value());
  // No act date known: evaluated_act_date stays unset on the wire.
  EXPECT_FALSE(AssessProto(facts).has_evaluated_act_date());
}

// The date the rules were chosen by: the end of the act, or its start while it is ongoing.
TEST(AssessmentMappingTest, EvaluatedActDateFollowsTheAct) {
  v1::ThresholdFacts facts = TrademarkFacts();
  const v1::ThresholdAssessment ended = AssessProto(facts);
  EXPECT_EQ(DateFromProto(ended.evaluated_act_date()), Ymd(2024, 6, 30));

  facts.clear_act_end_date();
  const v1::ThresholdAssessment ongoing = AssessProto(facts);
  EXPECT_EQ(DateFromProto(ongoing.evaluated_act_date()), Ymd(2024, 3, 1));
}

TEST(AssessmentMappingTest, RuleToProtoMapsEveryField) {
  const law::ThresholdRuleSet& rules = law::ThresholdRuleSet::Default();

  const law::ThresholdRule* marks = rules.Find("213-2025-marks-gains");
  ASSERT_NE(marks, nullptr);
  const v1::ThresholdRule proto = RuleToProto(*marks);
  EXPECT_EQ(proto.name(), "thresholdRules/213-2025-marks-gains");
  EXPECT_EQ(proto.offence(), v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  EXPECT_EQ(proto.article(), "刑法第二百一十三条");
  EXPECT_EQ(proto.metric(), v1::METRIC_ILLEGAL_GAINS);
  EXPECT_EQ(proto.comparator(), v1::COMPARATOR_AT_LEAST);
  EXPECT_EQ(proto.threshold_case(), v1::ThresholdRule::kAmountFen);
  EXPECT_EQ(proto.amount_fen(), 2'000'000);
  ASSERT_EQ(proto.conditions_size(), 2);
  EXPECT_EQ(proto.conditions(0), v1::RULE_CONDITION_ON_GOODS);
  EXPECT_EQ(proto.conditions(1), v1::RULE_CONDITION_TWO_OR_MORE_MARKS);
  EXPECT_FALSE(proto.attempt());
  EXPECT_EQ(DateFromProto(proto.effective_from()), Ymd(2025, 4, 26));
  EXPECT_FALSE(proto.has_effective_to());
  EXPECT_EQ(proto.source(), "法释〔2025〕5号");
  EXPECT_TRUE(proto.enabled());
  EXPECT_EQ(proto.note(), marks->note);
  EXPECT_EQ(proto.version(), 1);

  const v1::ThresholdRule labels = RuleToProto(*rules.Find("215-2004-labels"));
  EXPECT_EQ(labels.metric(), v1::METRIC_MARK_LABEL_COUNT);
  EXPECT_EQ(labels.threshold_case(), v1::ThresholdRule::kCount);
  EXPECT_EQ(labels.count(), 20'000);
  EXPECT_FALSE(labels.has_effective_from());
  EXPECT_EQ(DateFromProto(labels.effective_to()), Ymd(2025, 4, 25));

  const v1::ThresholdRule act = RuleToProto(*rules.Find("141-act"));
  EXPECT_EQ(act.metric(), v1::METRIC_ACT_ITSELF);
  EXPECT_EQ(act.comparator(), v1::COMPARATOR_ACT_ESTABLISHED);
  EXPECT_EQ(act.threshold_case(), v1::ThresholdRule::THRESHOLD_NOT_SET);

  const v1::ThresholdRule attempt = RuleToProto(*rules.Find("140-unsold"));
  EXPECT_TRUE(attempt.attempt());

  const v1::ThresholdRule disabled = RuleToProto(*rules.Find("215-2025-labels"));
  EXPECT_FALSE(disabled.enabled());
  EXPECT_NE(disabled.note().find("unverified"), std::string::npos);

  // Every shipped rule maps, with its threshold in the arm its metric's unit calls for.
  for (const law::ThresholdRule& rule : rules.rules()) {
    const v1::ThresholdRule p = RuleToProto(rule);
    EXPECT_EQ(p.name(), "thresholdRules/" + rule.id);
    EXPECT_EQ(static_cast<int>(p.metric()), static_cast<int>(rule.metric));
    EXPECT_EQ(p.conditions_size(), static_cast<int>(rule.conditions.size()));
    if (rule.metric == law::Metric::kActItself) {
      EXPECT_EQ(p.threshold_case(), v1::ThresholdRule::THRESHOLD_NOT_SET) << rule.id;
    } else {
      EXPECT_EQ(p.threshold_case(), law::IsAmountMetric(rule.metric) ? v1::ThresholdRule::kAmountFen
                                                                     : v1::ThresholdRule::kCount)
          << rule.id;
    }
  }
}

TEST(AssessmentMappingTest, IsFlaggedForMetAndNearOnly) {
  v1::ThresholdAssessment assessment;
  const std::vector<std::pair<v1::AssessmentOutcome, bool>> cases = {
      {v1::ASSESSMENT_OUTCOME_MET, true},
      {v1::ASSESSMENT_OUTCOME_NEAR, true},
      {v1::ASSESSMENT_OUTCOME_NOT_MET, false},
      {v1::ASSESSMENT_OUTCOME_INSUFFICIENT_DATA, false},
      {v1::ASSESSMENT_OUTCOME_UNSPECIFIED, false},
  };
  for (const auto& [outcome, flagged] : cases) {
    assessment.set_overall_outcome(outcome);
    EXPECT_EQ(IsFlagged(assessment), flagged) << v1::AssessmentOutcome_Name(outcome);
  }
}

}  // namespace
}  // namespace casebridge::intake
