#include "services/law/threshold_text.h"

#include <utility>

#include "services/law/holiday_json.h"

namespace casebridge::law::text {

std::string Grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Fen(std::int64_t fen) {
  std::int64_t cents = fen % 100;
  if (cents < 0) cents = -cents;
  std::string yuan = Grouped(fen / 100);
  if (fen < 0 && fen / 100 == 0) yuan = "-0";
  return yuan + "." + (cents < 10 ? "0" : "") + std::to_string(cents) + " 元";
}

std::string Quantity(Metric metric, std::int64_t value) {
  if (IsAmountMetric(metric)) return Fen(value);
  if (metric == Metric::kMarkLabelCount) return Grouped(value) + " 件";
  if (metric == Metric::kCopyCount) return Grouped(value) + " 张（份）";
  return Grouped(value);
}

std::string Percent(std::int32_t permille) {
  return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
}

std::string Date(std::chrono::sys_days day) { return IsoDate(std::chrono::year_month_day{day}); }

std::string_view ConditionText(RuleCondition condition) {
  switch (condition) {
    case RuleCondition::kTwoOrMoreMarks:
      return "假冒两种以上注册商标";
    case RuleCondition::kTwoOrMorePatents:
      return "假冒两项以上他人专利";
    case RuleCondition::kOnGoods:
      return "用于商品";
    case RuleCondition::kOnServices:
      return "用于服务";
    case RuleCondition::kPriorPenaltyWithinTwoYears:
      return "二年内因侵犯知识产权受过行政处罚后再次实施";
    case RuleCondition::kSpecialProduct:
      return "属于刑法第141条至第148条所列产品";
    case RuleCondition::kUnspecified:
      break;
  }
  return "";
}

std::string_view ConditionField(RuleCondition condition) {
  switch (condition) {
    case RuleCondition::kTwoOrMoreMarks:
      return "mark_count";
    case RuleCondition::kTwoOrMorePatents:
      return "patent_count";
    case RuleCondition::kOnGoods:
    case RuleCondition::kOnServices:
      return "goods_or_services";
    case RuleCondition::kPriorPenaltyWithinTwoYears:
      return "prior_penalty_within_two_years";
    case RuleCondition::kSpecialProduct:
      return "goods_category";
    case RuleCondition::kUnspecified:
      break;
  }
  return "";
}

std::string_view FactLabel(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"ip_right", "涉及的知识产权类型"},
      {"goods_category", "涉案商品类别"},
      {"goods_or_services", "商标用于商品或服务"},
      {"mark_relation", "商标关系（相同/近似）"},
      {"same_kind_of_goods", "是否同一种商品/服务"},
      {"with_permission", "是否经权利人许可"},
      {"for_profit", "是否以营利为目的"},
      {"mark_count", "注册商标种数"},
      {"patent_count", "专利件数"},
      {"prior_penalty_within_two_years", "二年内是否受过行政处罚"},
      {"fake_or_inferior_product", "是否属于伪劣产品"},
      {"counterfeit_drug", "是否属于假药"},
      {"toxic_or_harmful_food", "是否掺入有毒、有害的非食品原料"},
      {"amounts.sales_amount_fen", "销售金额"},
      {"amounts.illegal_business_amount_fen", "非法经营数额"},
      {"amounts.illegal_gains_fen", "违法所得数额"},
      {"amounts.unsold_goods_value_fen", "尚未销售的货值金额"},
      {"amounts.production_loss_fen", "生产损失"},
      {"amounts.right_holder_loss_fen", "权利人损失数额"},
      {"counts.mark_label_count", "注册商标标识数量"},
      {"counts.copy_count", "侵权复制品数量"},
      {"act_start_date", "违法行为开始日期"},
      {"act_end_date", "违法行为终了日期"},
  };
  for (const auto& [key, label] : kLabels) {
    if (key == path) return label;
  }
  return path;
}

std::string FactList(const std::vector<std::string>& paths) {
  std::vector<std::string> labels;
  for (const std::string& path : paths) labels.emplace_back(FactLabel(path));
  return Join(labels, "、");
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace casebridge::law::text
