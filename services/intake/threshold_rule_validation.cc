#include "services/intake/threshold_rule_validation.h"

#include <algorithm>
#include <regex>
#include <set>

#include "services/core/paging.h"
#include "services/core/request_log.h"
#include "services/intake/assessment_mapping.h"
#include "services/intake/party_validation.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {
namespace {

using core::FieldViolations;
using validation::CheckText;
using validation::TextRule;

constexpr int64_t kMaxThreshold = 1'000'000'000'000'000;  // 10^15, as services/law accepts
constexpr TextRule kNote{"说明", "note", 2000, true, false};
constexpr TextRule kSource{"出处", "source", 500, true};
constexpr TextRule kDescription{"规则表述", "description", 500, true};

bool InMask(const google::protobuf::FieldMask& mask, const std::string& path) {
  return std::find(mask.paths().begin(), mask.paths().end(), path) != mask.paths().end();
}

void CheckThreshold(bool masked, bool present, int64_t value, bool wanted,
                    const std::string& wrong_unit, const std::string& path, FieldViolations& v) {
  if (!masked) return;
  if (!wanted) {
    v.Add(path, wrong_unit);
  } else if (!present || value < 1 || value > kMaxThreshold) {
    v.Add(path, "须为 1 至 10^15 的整数 / must be a whole number from 1 to 10^15");
  }
}

// A masked date: unset clears it; set, it must be a real date from 1979 (刑法) to 9999.
std::optional<std::chrono::year_month_day> CheckRuleDate(bool masked, bool present,
                                                         const v1::Date& date,
                                                         const std::string& path,
                                                         FieldViolations& v, bool* ok) {
  *ok = true;
  if (!masked || !present) return std::nullopt;
  auto parsed = DateFromProto(date);
  if (!parsed || date.year() < 1979) {
    v.Add(path, "日期无效 / not a valid date (1979-9999)");
    *ok = false;
  }
  return parsed;
}

void CheckRequestBasics(const std::string& request_id, const std::string& name,
                        const std::string& name_path, const std::string& etag,
                        const std::string& etag_path, FieldViolations& v) {
  if (auto problem = core::CheckRequestId(request_id); !problem.empty()) {
    v.Add("request_id", problem);
  }
  if (!IsThresholdRuleName(name)) {
    v.Add(name_path, "格式应为 thresholdRules/{id} / expected thresholdRules/{id}");
  }
  if (etag.empty()) {
    v.Add(etag_path,
          "须提供读取时的 etag，以免覆盖他人的修改 / the etag you read is required, so nobody's "
          "change is overwritten");
  }
}

}  // namespace

bool IsThresholdRuleName(const std::string& name) {
  const std::string prefix = std::string(kThresholdRuleCollection) + "/";
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size() || name.size() > 100) {
    return false;
  }
  return std::all_of(
      name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
      [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

void ValidateRuleUpdate(const v1::UpdateThresholdRuleRequest& request,
                        const v1::ThresholdRule& current, FieldViolations& v) {
  const v1::ThresholdRule& rule = request.threshold_rule();
  const google::protobuf::FieldMask& mask = request.update_mask();
  CheckRequestBasics(request.request_id(), rule.name(), "threshold_rule.name", rule.etag(),
                     "threshold_rule.etag", v);
  if (mask.paths().empty()) {
    v.Add("update_mask", "须列出要修改的字段 / list the fields to change");
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    if (std::find(kUpdatableRuleFields.begin(), kUpdatableRuleFields.end(), path) ==
        kUpdatableRuleFields.end()) {
      v.Add("update_mask.paths[" + std::to_string(i) + "]",
            "不能修改 " + path +
                "；可改 amount_fen、count、conditions、attempt、effective_from、effective_to、"
                "source、source_verified、note、description / " +
                path + " cannot be changed here");
    }
  }
  if (!InMask(mask, "note")) {
    v.Add("threshold_rule.note",
          "每次修改都须在 note 中说明理由以及核对的正式文本，并列入 update_mask / every change "
          "says in note why and against which official text; list note in update_mask");
  } else {
    CheckText(rule.note(), kNote, "threshold_rule.note", v);
  }

  // Without the stored rule (a wrong or unknown name) its unit is unknown: nothing to compare to.
  const bool known = current.metric() != v1::METRIC_UNSPECIFIED;
  const auto metric = static_cast<law::Metric>(current.metric());
  const bool act = metric == law::Metric::kActItself;
  const bool money = law::IsAmountMetric(metric);
  CheckThreshold(known && InMask(mask, "amount_fen"),
                 rule.threshold_case() == v1::ThresholdRule::kAmountFen, rule.amount_fen(), money,
                 act ? "行为犯规则没有数额 / an act rule has no threshold"
                     : "本规则比较数量，请改 count / this rule compares a count: change count",
                 "threshold_rule.amount_fen", v);
  CheckThreshold(known && InMask(mask, "count"), rule.threshold_case() == v1::ThresholdRule::kCount,
                 rule.count(), !act && !money,
                 act ? "行为犯规则没有数额 / an act rule has no threshold"
                     : "本规则比较金额（分），请改 amount_fen / this rule compares an amount in "
                       "fen: change amount_fen",
                 "threshold_rule.count", v);

  if (InMask(mask, "conditions")) {
    std::set<int> seen;
    bool bad = false;
    for (int condition : rule.conditions()) {
      bad |= condition == v1::RULE_CONDITION_UNSPECIFIED || !v1::RuleCondition_IsValid(condition) ||
             !seen.insert(condition).second;
    }
    if (bad) {
      v.Add("threshold_rule.conditions",
            "适用条件须为已知条件且不能重复 / conditions must be known ones, each at most once");
    } else if (act && rule.conditions_size() > 0) {
      v.Add("threshold_rule.conditions",
            "行为犯规则没有适用条件 / an act rule takes no conditions");
    }
  }

  bool from_ok = true, to_ok = true;
  const bool from_masked = InMask(mask, "effective_from");
  const bool to_masked = InMask(mask, "effective_to");
  auto from = CheckRuleDate(from_masked, rule.has_effective_from(), rule.effective_from(),
                            "threshold_rule.effective_from", v, &from_ok);
  auto to = CheckRuleDate(to_masked, rule.has_effective_to(), rule.effective_to(),
                          "threshold_rule.effective_to", v, &to_ok);
  if (!from_masked && current.has_effective_from()) from = DateFromProto(current.effective_from());
  if (!to_masked && current.has_effective_to()) to = DateFromProto(current.effective_to());
  if (from_ok && to_ok && from && to && std::chrono::sys_days{*to} < std::chrono::sys_days{*from} &&
      (from_masked || to_masked)) {
    v.Add(to_masked ? "threshold_rule.effective_to" : "threshold_rule.effective_from",
          "适用期间的终止日期不能早于起始日期 / effective_to cannot be before effective_from");
  }
  if (InMask(mask, "source")) CheckText(rule.source(), kSource, "threshold_rule.source", v);
  if (InMask(mask, "description")) {
    CheckText(rule.description(), kDescription, "threshold_rule.description", v);
  }
}

void ValidateRuleToggle(const std::string& request_id, const std::string& name,
                        const std::string& etag, const std::string& note, FieldViolations& v) {
  CheckRequestBasics(request_id, name, "name", etag, "etag", v);
  CheckText(note, kNote, "note", v);
}

RuleFilter ParseRuleFilter(const std::string& filter, FieldViolations& v) {
  static const std::regex kTerm(R"(^\s*([a-z_]+)\s*=\s*(\S+)\s*$)");
  RuleFilter out;
  for (const std::string& term : core::FilterTerms(filter)) {
    std::smatch m;
    if (!std::regex_match(term, m, kTerm)) {
      v.Add("filter",
            "无法理解 '" + term +
                "'，可用 offence=、enabled=、source_verified=、"
                "effective_on=，用 AND 连接 / cannot read '" +
                term + "'; use offence=, enabled=, source_verified=, effective_on= joined by AND");
      continue;
    }
    const std::string key = m[1], value = m[2];
    auto flag = [&](std::optional<bool>* target) {
      if (value != "true" && value != "false") {
        v.Add("filter", key + ": 须为 true 或 false / must be true or false");
      }
      *target = value == "true";
    };
    if (key == "offence") {
      v1::Offence offence;
      if (v1::Offence_Parse("OFFENCE_" + value, &offence) || v1::Offence_Parse(value, &offence)) {
        out.offence = offence;
      } else {
        v.Add("filter", "offence: 未知罪名 / unknown offence '" + value +
                            "', e.g. ART213_COUNTERFEITING_REGISTERED_TRADEMARK");
      }
    } else if (key == "enabled") {
      flag(&out.enabled);
    } else if (key == "source_verified") {
      flag(&out.source_verified);
    } else if (key == "effective_on") {
      std::smatch d;
      static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
      v1::Date date;
      if (std::regex_match(value, d, kDate)) {
        date.set_year(std::stoi(d[1]));
        date.set_month(std::stoi(d[2]));
        date.set_day(std::stoi(d[3]));
      }
      out.effective_on = DateFromProto(date);
      if (!out.effective_on) {
        v.Add("filter", "effective_on: 日期格式为 YYYY-MM-DD / dates are YYYY-MM-DD");
      }
    } else {
      v.Add("filter", key +
                          ": 不支持的筛选字段 / unknown filter field; use offence, enabled, "
                          "source_verified or effective_on");
    }
  }
  return out;
}

bool RuleMatches(const v1::ThresholdRule& rule, const RuleFilter& filter) {
  if (filter.offence && rule.offence() != *filter.offence) return false;
  if (filter.enabled && rule.enabled() != *filter.enabled) return false;
  if (filter.source_verified && rule.source_verified() != *filter.source_verified) return false;
  if (filter.effective_on) {
    const std::chrono::sys_days day{*filter.effective_on};
    auto from = rule.has_effective_from() ? DateFromProto(rule.effective_from()) : std::nullopt;
    auto to = rule.has_effective_to() ? DateFromProto(rule.effective_to()) : std::nullopt;
    if (from && day < std::chrono::sys_days{*from}) return false;
    if (to && day > std::chrono::sys_days{*to}) return false;
  }
  return true;
}

}  // namespace casebridge::intake
