// Case-fact builders shared by the threshold assessment tests (STATUTES.md §5).
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "services/law/thresholds.h"

namespace casebridge::law::threshold_test {

using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

constexpr year_month_day kOld = Ymd(2024, 6, 1);  // until 2025-04-25: 法释〔2004〕19号 etc.
constexpr year_month_day kNew = Ymd(2025, 6, 1);  // from 2025-04-26: 法释〔2025〕5号

// Every amount and count known and zero, so only what a test sets can decide.
inline CaseFacts Base(IpRight ip, year_month_day act) {
  CaseFacts f;
  f.ip_right = ip;
  f.goods_or_services = GoodsOrServices::kGoods;
  f.amounts = {0, 0, 0, 0, 0, 0};
  f.counts = {0, 0};
  f.mark_count = 1;
  f.patent_count = 1;
  f.prior_penalty_within_two_years = FactStatus::kRefuted;
  f.act_start_date = act;
  f.act_end_date = act;
  return f;
}

// 相同商标 on the same kind of goods: the elements of 213/214 hold.
inline CaseFacts Trademark(year_month_day act) {
  CaseFacts f = Base(IpRight::kTrademark, act);
  f.mark_relation = MarkRelation::kIdentical;
  f.same_kind_of_goods = FactStatus::kEstablished;
  return f;
}
// 刑法 215: the subject is the 标识 themselves (goods category TRADEMARK_LABELS), bearing a mark
// identical to the registered one; 同一种商品 is left unknown, as 215 does not need it.
inline CaseFacts LabelCase(year_month_day act) {
  CaseFacts f = Base(IpRight::kTrademark, act);
  f.goods_category = GoodsCategory::kTrademarkLabels;
  f.mark_relation = MarkRelation::kIdentical;
  return f;
}
inline CaseFacts Patent(year_month_day act) { return Base(IpRight::kPatent, act); }
// Without permission and for profit: the elements of 217/218 hold.
inline CaseFacts Copyright(year_month_day act) {
  CaseFacts f = Base(IpRight::kCopyright, act);
  f.with_permission = FactStatus::kRefuted;
  f.for_profit = FactStatus::kEstablished;
  return f;
}
inline CaseFacts TradeSecret(year_month_day act) { return Base(IpRight::kTradeSecret, act); }
inline CaseFacts Product(year_month_day act, GoodsCategory category) {
  CaseFacts f = Base(IpRight::kNone, act);
  f.goods_category = category;
  f.fake_or_inferior_product = FactStatus::kEstablished;
  return f;
}
inline CaseFacts Inferior(year_month_day act) {
  return Product(act, GoodsCategory::kApparelAndAccessories);
}
inline CaseFacts Drug(year_month_day act) {
  CaseFacts f = Product(act, GoodsCategory::kDrug);
  f.counterfeit_drug = FactStatus::kEstablished;
  return f;
}
inline CaseFacts Food(year_month_day act) {
  CaseFacts f = Product(act, GoodsCategory::kFood);
  f.toxic_or_harmful_food = FactStatus::kEstablished;
  return f;
}
inline CaseFacts Pesticide(year_month_day act) { return Product(act, GoodsCategory::kPesticide); }
inline CaseFacts Cosmetic(year_month_day act) { return Product(act, GoodsCategory::kCosmetic); }

inline OffenceAssessment One(const CaseFacts& facts, Offence offence,
                             const AssessOptions& options = {}) {
  ThresholdAssessment all = Assess(facts, options);
  for (const OffenceAssessment& a : all.offences) {
    if (a.offence == offence) return a;
  }
  ADD_FAILURE() << "offence " << static_cast<int>(offence) << " not assessed";
  return {};
}

}  // namespace casebridge::law::threshold_test
