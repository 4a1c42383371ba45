// The threshold rule table: names, tokens of thresholds.csv, parsing and validation.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "services/law/csv.h"
#include "services/law/embedded_data.h"
#include "services/law/holiday_json.h"
#include "services/law/threshold_eval.h"
#include "services/law/threshold_text.h"
#include "services/law/thresholds.h"

namespace casebridge::law {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::string_view kEmbeddedPath = "thresholds/thresholds.csv";
constexpr std::string_view kHeader =
    "rule_id,version,offence,article,metric,comparator,amount_fen,count,conditions,attempt,"
    "effective_from,effective_to,enabled,source,note";
using threshold_internal::kMaxValue;

struct OffenceInfo {
  Offence offence;
  std::string_view token;
  std::string_view article;
  std::string_view name;
};

constexpr OffenceInfo kOffences[] = {
    {Offence::kArt140, "140", "刑法第一百四十条", "生产、销售伪劣产品罪"},
    {Offence::kArt141, "141", "刑法第一百四十一条", "生产、销售、提供假药罪"},
    {Offence::kArt144, "144", "刑法第一百四十四条", "生产、销售有毒、有害食品罪"},
    {Offence::kArt147, "147", "刑法第一百四十七条", "生产、销售伪劣农药、兽药、化肥、种子罪"},
    {Offence::kArt149, "149", "刑法第一百四十九条", "生产、销售伪劣产品罪（刑法第一百四十九条）"},
    {Offence::kArt213, "213", "刑法第二百一十三条", "假冒注册商标罪"},
    {Offence::kArt214, "214", "刑法第二百一十四条", "销售假冒注册商标的商品罪"},
    {Offence::kArt215, "215", "刑法第二百一十五条", "非法制造、销售非法制造的注册商标标识罪"},
    {Offence::kArt216, "216", "刑法第二百一十六条", "假冒专利罪"},
    {Offence::kArt217, "217", "刑法第二百一十七条", "侵犯著作权罪"},
    {Offence::kArt218, "218", "刑法第二百一十八条", "销售侵权复制品罪"},
    {Offence::kArt219, "219", "刑法第二百一十九条", "侵犯商业秘密罪"},
};

struct MetricInfo {
  Metric metric;
  std::string_view token;
  std::string_view name;
  bool amount;
};

constexpr MetricInfo kMetrics[] = {
    {Metric::kSalesAmount, "sales_amount", "销售金额", true},
    {Metric::kIllegalBusinessAmount, "illegal_business_amount", "非法经营数额", true},
    {Metric::kIllegalGains, "illegal_gains", "违法所得数额", true},
    {Metric::kUnsoldGoodsValue, "unsold_goods_value", "尚未销售的货值金额", true},
    {Metric::kTripleSalesPlusUnsoldValue, "triple_sales_plus_unsold_value",
     "已销售金额×3＋尚未销售的货值金额", true},
    {Metric::kProductionLoss, "production_loss", "生产损失", true},
    {Metric::kRightHolderLoss, "right_holder_loss", "权利人损失数额", true},
    {Metric::kMarkLabelCount, "mark_label_count", "注册商标标识数量", false},
    {Metric::kCopyCount, "copy_count", "侵权复制品数量", false},
    {Metric::kActItself, "act_itself", "行为本身", false},
};

constexpr std::pair<Comparator, std::string_view> kComparators[] = {
    {Comparator::kAtLeast, "at_least"},
    {Comparator::kMoreThan, "more_than"},
    {Comparator::kActEstablished, "act_established"},
};

constexpr std::pair<RuleCondition, std::string_view> kConditions[] = {
    {RuleCondition::kTwoOrMoreMarks, "two_or_more_marks"},
    {RuleCondition::kTwoOrMorePatents, "two_or_more_patents"},
    {RuleCondition::kOnGoods, "goods"},
    {RuleCondition::kOnServices, "services"},
    {RuleCondition::kPriorPenaltyWithinTwoYears, "prior_penalty_within_two_years"},
    {RuleCondition::kSpecialProduct, "special_product"},
};

const OffenceInfo* FindOffence(Offence offence) {
  for (const OffenceInfo& info : kOffences) {
    if (info.offence == offence) return &info;
  }
  return nullptr;
}

const MetricInfo* FindMetric(Metric metric) {
  for (const MetricInfo& info : kMetrics) {
    if (info.metric == metric) return &info;
  }
  return nullptr;
}

template <typename Table, typename Out>
bool Lookup(const Table& table, std::string_view token, Out* out) {
  for (const auto& entry : table) {
    if (entry.second == token) {
      *out = entry.first;
      return true;
    }
  }
  return false;
}

bool ParseInt(std::string_view s, std::int64_t* out) {
  if (s.empty() || s.front() == '+' || s.front() == '-') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseBool(std::string_view s, bool* out) {
  if (s != "true" && s != "false") return false;
  *out = s == "true";
  return true;
}

// "YYYY-MM-DD" or "" (unset).
bool ParseDate(std::string_view s, std::optional<year_month_day>* out) {
  out->reset();
  if (s.empty()) return true;
  std::int64_t y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ParseInt(s.substr(0, 4), &y) ||
      !ParseInt(s.substr(5, 2), &m) || !ParseInt(s.substr(8, 2), &d)) {
    return false;
  }
  year_month_day date{std::chrono::year{static_cast<int>(y)},
                      std::chrono::month{static_cast<unsigned>(m)},
                      std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return false;
  *out = date;
  return true;
}

bool IsRuleId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Parses one CSV record into *rule; a reason in *why otherwise.
bool ParseRule(const std::vector<std::string>& f, ThresholdRule* rule, std::string* why) {
  auto bad = [why](std::string message) {
    *why = std::move(message);
    return false;
  };
  rule->id = f[0];
  if (!ParseInt(f[1], &rule->version)) return bad("version must be a positive integer");
  const OffenceInfo* offence = nullptr;
  for (const OffenceInfo& info : kOffences) {
    if (info.token == f[2]) offence = &info;
  }
  if (offence == nullptr) return bad("unknown offence \"" + f[2] + "\"");
  rule->offence = offence->offence;
  rule->article = f[3];
  const MetricInfo* metric = nullptr;
  for (const MetricInfo& info : kMetrics) {
    if (info.token == f[4]) metric = &info;
  }
  if (metric == nullptr) return bad("unknown metric \"" + f[4] + "\"");
  rule->metric = metric->metric;
  if (!Lookup(kComparators, f[5], &rule->comparator)) {
    return bad("unknown comparator \"" + f[5] + "\"");
  }
  for (int column : {6, 7}) {
    std::optional<std::int64_t>& target = column == 6 ? rule->amount_fen : rule->count;
    target.reset();
    if (f[column].empty()) continue;
    std::int64_t value = 0;
    if (!ParseInt(f[column], &value)) return bad("threshold must be an integer in [1, 10^15]");
    target = value;
  }
  rule->conditions.clear();
  for (std::string_view rest = f[8]; !f[8].empty();) {
    size_t bar = rest.find('|');
    std::string_view token = rest.substr(0, bar);
    RuleCondition condition{};
    if (!Lookup(kConditions, token, &condition)) {
      return bad("unknown condition \"" + std::string(token) + "\"");
    }
    rule->conditions.push_back(condition);
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  if (!ParseBool(f[9], &rule->attempt)) return bad("attempt must be true or false");
  if (!ParseDate(f[10], &rule->effective_from) || !ParseDate(f[11], &rule->effective_to)) {
    return bad("dates must be YYYY-MM-DD or empty");
  }
  if (!ParseBool(f[12], &rule->enabled)) return bad("enabled must be true or false");
  rule->source = f[13];
  rule->note = f[14];
  rule->source_verified = rule->enabled;
  rule->description = DescribeRule(*rule);
  std::string problem = RuleProblem(*rule);
  return problem.empty() || bad(std::move(problem));
}

bool SameKind(const ThresholdRule& a, const ThresholdRule& b) {
  if (a.offence != b.offence || a.metric != b.metric || a.attempt != b.attempt) return false;
  std::vector<RuleCondition> ca = a.conditions, cb = b.conditions;
  std::sort(ca.begin(), ca.end());
  std::sort(cb.begin(), cb.end());
  return ca == cb;
}

bool Overlap(const ThresholdRule& a, const ThresholdRule& b) {
  auto before = [](const std::optional<year_month_day>& to,
                   const std::optional<year_month_day>& from) {
    return to && from && sys_days{*to} < sys_days{*from};
  };
  return !before(a.effective_to, b.effective_from) && !before(b.effective_to, a.effective_from);
}

std::string Fnv1a64Hex(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kHex[hash & 0xf];
  return out;
}

// Every field of `rule`, length-prefixed so no two rules share a text: what a rule set's digest
// covers for a replaced rule.
std::string CanonicalText(const ThresholdRule& rule) {
  std::string out;
  auto add = [&out](std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
  };
  auto number = [&add](std::optional<std::int64_t> n) { add(n ? std::to_string(*n) : ""); };
  auto date = [&add](const std::optional<year_month_day>& d) { add(d ? IsoDate(*d) : ""); };
  add(rule.id);
  number(rule.version);
  number(static_cast<std::int64_t>(rule.offence));
  add(rule.article);
  number(static_cast<std::int64_t>(rule.metric));
  number(static_cast<std::int64_t>(rule.comparator));
  number(rule.amount_fen);
  number(rule.count);
  std::string conditions;
  for (RuleCondition c : rule.conditions) conditions += std::to_string(static_cast<int>(c)) + "|";
  add(conditions);
  add(rule.attempt ? "1" : "0");
  date(rule.effective_from);
  date(rule.effective_to);
  add(rule.enabled ? "1" : "0");
  add(rule.source);
  add(rule.note);
  add(rule.source_verified ? "1" : "0");
  add(rule.description);
  return out;
}

}  // namespace

bool IsAmountMetric(Metric metric) {
  const MetricInfo* info = FindMetric(metric);
  return info != nullptr && info->amount;
}

std::string_view OffenceArticle(Offence offence) {
  const OffenceInfo* info = FindOffence(offence);
  return info == nullptr ? std::string_view() : info->article;
}

std::string_view OffenceName(Offence offence) {
  const OffenceInfo* info = FindOffence(offence);
  return info == nullptr ? std::string_view() : info->name;
}

std::string_view MetricName(Metric metric) {
  const MetricInfo* info = FindMetric(metric);
  return info == nullptr ? std::string_view() : info->name;
}

std::string_view OutcomeName(AssessmentOutcome outcome) {
  switch (outcome) {
    case AssessmentOutcome::kMet:
      return "达到追诉标准";
    case AssessmentOutcome::kNear:
      return "接近追诉标准";
    case AssessmentOutcome::kNotMet:
      return "未达到追诉标准";
    case AssessmentOutcome::kInsufficientData:
      return "数据不足";
    case AssessmentOutcome::kUnspecified:
      break;
  }
  return "未评估";
}

std::string RuleProblem(const ThresholdRule& rule) {
  if (!IsRuleId(rule.id)) return "rule_id must be [a-z0-9-]+";
  if (rule.version < 1) return "version must be a positive integer";
  const OffenceInfo* offence = FindOffence(rule.offence);
  if (offence == nullptr) return "unknown offence";
  if (rule.article != offence->article) return "article must be " + std::string(offence->article);
  const MetricInfo* metric = FindMetric(rule.metric);
  if (metric == nullptr) return "unknown metric";
  if (rule.comparator == Comparator::kUnspecified ||
      static_cast<int>(rule.comparator) > static_cast<int>(Comparator::kActEstablished)) {
    return "unknown comparator";
  }
  const bool act = rule.metric == Metric::kActItself;
  if (act != (rule.comparator == Comparator::kActEstablished)) {
    return "act_itself goes with act_established and only with it";
  }
  for (const std::optional<std::int64_t>& value : {rule.amount_fen, rule.count}) {
    if (value && (*value < 1 || *value > kMaxValue)) {
      return "threshold must be an integer in [1, 10^15]";
    }
  }
  const bool want_amount = !act && metric->amount;
  const bool want_count = !act && !metric->amount;
  if (rule.amount_fen.has_value() != want_amount || rule.count.has_value() != want_count) {
    return "money metrics need amount_fen, count metrics need count, act_itself neither";
  }
  for (size_t i = 0; i < rule.conditions.size(); ++i) {
    bool known = false;
    for (const auto& [condition, token] : kConditions) known |= condition == rule.conditions[i];
    if (!known) return "unknown condition";
    for (size_t j = 0; j < i; ++j) {
      if (rule.conditions[j] == rule.conditions[i]) return "repeated condition";
    }
  }
  if (act && !rule.conditions.empty()) return "act_itself rules take no conditions";
  if (rule.effective_from && rule.effective_to &&
      sys_days{*rule.effective_to} < sys_days{*rule.effective_from}) {
    return "effective_to before effective_from";
  }
  if (rule.source.empty()) return "source is required";
  if (!rule.enabled && rule.note.empty()) return "a disabled rule needs a note saying why";
  return "";
}

std::string DescribeRule(const ThresholdRule& rule) {
  if (rule.metric == Metric::kActItself) return "实施即构成犯罪（行为犯），不以数额为要件";
  std::vector<std::string> parts;
  for (RuleCondition condition : rule.conditions) {
    parts.emplace_back(text::ConditionText(condition));
  }
  const std::optional<std::int64_t> threshold = rule.threshold();
  const std::string quantity = threshold ? text::Quantity(rule.metric, *threshold) : "";
  parts.push_back(std::string(MetricName(rule.metric)) + (rule.comparator == Comparator::kMoreThan
                                                              ? "超过 " + quantity
                                                              : "在 " + quantity + "以上"));
  return text::Join(parts, "，") + (rule.attempt ? "（未遂）" : "");
}

bool ThresholdRule::InForceOn(sys_days day) const {
  if (effective_from && day < sys_days{*effective_from}) return false;
  if (effective_to && day > sys_days{*effective_to}) return false;
  return true;
}

const ThresholdRuleSet& ThresholdRuleSet::Default() {
  // Never destroyed, so references stay valid during static destruction elsewhere.
  static const ThresholdRuleSet* const set = [] {
    std::optional<std::string_view> csv = embedded::Find(kEmbeddedPath);
    if (!csv) std::abort();
    std::optional<ThresholdRuleSet> parsed = FromCsv(*csv, nullptr);
    if (!parsed) std::abort();
    return new ThresholdRuleSet(std::move(*parsed));
  }();
  return *set;
}

std::optional<ThresholdRuleSet> ThresholdRuleSet::FromCsv(std::string_view csv,
                                                          std::string* error) {
  auto fail = [error](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  std::vector<std::vector<std::string>> rows;
  if (!ParseCsvTable(csv, "thresholds.csv", kHeader, &rows, error)) return std::nullopt;
  ThresholdRuleSet set;
  for (size_t i = 0; i < rows.size(); ++i) {
    ThresholdRule rule;
    std::string why;
    if (!ParseRule(rows[i], &rule, &why)) {
      return fail("thresholds.csv line " + std::to_string(i + 2) + ": " + why);
    }
    for (const ThresholdRule& other : set.rules_) {
      if (other.id == rule.id) return fail("thresholds.csv: duplicate rule_id " + rule.id);
      if (SameKind(other, rule) && Overlap(other, rule)) {
        return fail("thresholds.csv: " + other.id + " and " + rule.id +
                    " are the same threshold in force on the same day");
      }
    }
    set.version_ += rule.version;
    set.rules_.push_back(std::move(rule));
  }
  if (set.rules_.empty()) return fail("thresholds.csv: no rules");
  set.digest_ = Fnv1a64Hex(csv);
  return set;
}

std::optional<ThresholdRuleSet> ThresholdRuleSet::WithChanges(
    const ThresholdRuleSet& base, std::span<const ThresholdRule> changed, std::string* error) {
  auto fail = [error](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  ThresholdRuleSet set = base;
  if (changed.empty()) return set;
  std::vector<const ThresholdRule*> sorted;
  for (const ThresholdRule& rule : changed) sorted.push_back(&rule);
  std::sort(sorted.begin(), sorted.end(),
            [](const ThresholdRule* a, const ThresholdRule* b) { return a->id < b->id; });
  std::string digest_input = base.digest_;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const ThresholdRule& rule = *sorted[i];
    if (i > 0 && sorted[i - 1]->id == rule.id) return fail("rule " + rule.id + " changed twice");
    auto it = std::find_if(set.rules_.begin(), set.rules_.end(),
                           [&rule](const ThresholdRule& r) { return r.id == rule.id; });
    if (it == set.rules_.end()) return fail("no rule " + rule.id + " to change");
    if (rule.offence != it->offence || rule.article != it->article || rule.metric != it->metric ||
        rule.comparator != it->comparator) {
      return fail(rule.id + ": offence, article, metric and comparator cannot change");
    }
    if (rule.version <= it->version) return fail(rule.id + ": a change must raise the version");
    if (std::string problem = RuleProblem(rule); !problem.empty()) {
      return fail(rule.id + ": " + problem);
    }
    set.version_ += rule.version - it->version;
    *it = rule;
    digest_input += "\n" + CanonicalText(rule);
  }
  for (size_t i = 0; i < set.rules_.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (SameKind(set.rules_[j], set.rules_[i]) && Overlap(set.rules_[j], set.rules_[i])) {
        return fail(set.rules_[j].id + " and " + set.rules_[i].id +
                    " are the same threshold in force on the same day");
      }
    }
  }
  set.digest_ = Fnv1a64Hex(digest_input);
  return set;
}

const ThresholdRule* ThresholdRuleSet::Find(std::string_view id) const {
  for (const ThresholdRule& rule : rules_) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace casebridge::law
