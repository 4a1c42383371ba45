// Chinese wording of threshold assessments: amounts, counts, conditions, fact names (internal).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/thresholds.h"

namespace casebridge::law::text {

// 5200000 → "52,000.00 元".
std::string Fen(std::int64_t fen);
// 20000 → "20,000".
std::string Grouped(std::int64_t n);
// A value in `metric`'s unit: "52,000.00 元", "20,000 件", "500 张（份）".
std::string Quantity(Metric metric, std::int64_t value);
// 800 → "80.0%".
std::string Percent(std::int32_t permille);
// "YYYY-MM-DD".
std::string Date(std::chrono::sys_days day);

// "假冒两种以上注册商标", ...
std::string_view ConditionText(RuleCondition condition);
// The CaseFacts path a condition reads, e.g. "mark_count".
std::string_view ConditionField(RuleCondition condition);
// What an officer calls a CaseFacts path: "amounts.illegal_gains_fen" → "违法所得数额".
std::string_view FactLabel(std::string_view path);
// The labels of `paths`, joined with "、".
std::string FactList(const std::vector<std::string>& paths);

// Joins `parts` with `separator`.
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace casebridge::law::text
