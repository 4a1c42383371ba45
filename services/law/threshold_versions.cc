#include "services/law/threshold_versions.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/law/threshold_eval.h"
#include "services/law/threshold_text.h"

namespace casebridge::law::threshold_internal {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

bool Valid(const std::optional<year_month_day>& d) { return d && d->ok(); }

// One version of an offence's thresholds: the rules in force between two change days.
struct Version {
  std::string label;  // "2020-09-14至2025-04-25", "2025-04-26起", "2020-09-13及以前"
  OffenceAssessment result;
  // Whether the outcome stands: MET, or NEAR / NOT_MET with no disabled rule skipped.
  bool reliable = false;
};

std::string Label(const std::vector<sys_days>& bounds, size_t index) {
  std::optional<sys_days> from, to;
  if (index > 0) from = bounds[index - 1];
  if (index < bounds.size()) to = bounds[index] - days{1};
  if (from && to) return text::Date(*from) + "至" + text::Date(*to);
  if (from) return text::Date(*from) + "起";
  if (to) return text::Date(*to) + "及以前";
  return "";
}

int Severity(AssessmentOutcome outcome) {
  return outcome == AssessmentOutcome::kNotMet ? 0 : outcome == AssessmentOutcome::kNear ? 1 : 2;
}

std::string Summary(const Version& v) {
  std::string s = v.label + "：" + std::string(OutcomeName(v.result.outcome));
  if (!v.reliable && v.result.outcome != AssessmentOutcome::kInsufficientData) {
    s += "（部分规则未核实）";
  }
  return s;
}

bool Active(const ThresholdRule& rule, const AssessOptions& options) {
  auto listed = [&rule](const std::vector<std::string>& ids) {
    return std::find(ids.begin(), ids.end(), rule.id) != ids.end();
  };
  if (listed(options.disabled_rule_ids)) return false;
  return rule.enabled || options.enable_all_disabled_rules || listed(options.enabled_rule_ids);
}

// Every version of `offence`'s rules, in date order; *bounds gets the days they change on.
std::vector<Version> AllVersions(const ThresholdRuleSet& rules, Offence offence,
                                 const CaseFacts& facts, const AssessOptions& options,
                                 int near_permille, std::vector<sys_days>* bounds) {
  bounds->clear();
  for (const ThresholdRule& rule : rules.rules()) {
    if (rule.offence != offence) continue;
    if (rule.effective_from) bounds->push_back(sys_days{*rule.effective_from});
    if (rule.effective_to) bounds->push_back(sys_days{*rule.effective_to} + days{1});
  }
  std::sort(bounds->begin(), bounds->end());
  bounds->erase(std::unique(bounds->begin(), bounds->end()), bounds->end());
  std::vector<Version> versions;
  for (size_t i = 0; i <= bounds->size(); ++i) {
    // A change day starts a version; the first version is everything before the first change.
    sys_days day = i > 0             ? (*bounds)[i - 1]
                   : bounds->empty() ? sys_days{}
                                     : bounds->front() - days{1};
    std::vector<const ThresholdRule*> active;
    std::vector<std::string> skipped;
    for (const ThresholdRule& rule : rules.rules()) {
      if (rule.offence != offence || !rule.InForceOn(day)) continue;
      if (Active(rule, options)) {
        active.push_back(&rule);
      } else {
        skipped.push_back(rule.id);
      }
    }
    Version v;
    v.label = Label(*bounds, i);
    v.result = EvaluateVersion(active, skipped.size(), facts, near_permille);
    v.result.skipped_disabled_rules = skipped;
    AssessmentOutcome o = v.result.outcome;
    v.reliable = o == AssessmentOutcome::kMet ||
                 (o != AssessmentOutcome::kInsufficientData && skipped.empty());
    versions.push_back(std::move(v));
  }
  return versions;
}

// The outcome for an act in versions [a, b], with later versions as possible mitigation.
struct Choice {
  size_t index = 0;           // the version whose result applies
  bool undetermined = false;  // act-time versions disagree and one of them cannot be evaluated
  AssessmentOutcome outcome() const {
    return undetermined ? AssessmentOutcome::kInsufficientData : o;
  }
  AssessmentOutcome o = AssessmentOutcome::kUnspecified;
};

Choice Lenient(const std::vector<Version>& v, size_t a, size_t b) {
  auto last = [&](auto pred) -> std::optional<size_t> {
    for (size_t i = b + 1; i-- > a;) {
      if (pred(v[i])) return i;
    }
    return std::nullopt;
  };
  std::optional<size_t> pick = last([](const Version& x) {
    return x.reliable && x.result.outcome == AssessmentOutcome::kNotMet;
  });
  bool open = false;
  if (!pick) {
    pick = last([](const Version& x) { return !x.reliable; });
    open = pick.has_value();
  }
  if (!pick) {
    pick = last([](const Version& x) { return x.result.outcome == AssessmentOutcome::kNear; });
  }
  if (!pick) pick = b;
  for (size_t i = b + 1; i < v.size(); ++i) {
    if (!v[i].reliable) continue;
    int severity = Severity(v[i].result.outcome);
    if (open ? severity == 0 : severity < Severity(v[*pick].result.outcome)) {
      pick = i;
      open = false;
    }
  }
  return Choice{*pick, open && b > a, v[*pick].result.outcome};
}

// The assessment for `choice`, with the versions compared named in the lenity note.
OffenceAssessment Describe(const std::vector<Version>& v, size_t a, size_t b,
                           const Choice& choice) {
  OffenceAssessment out = v[choice.index].result;
  std::vector<std::string> compared, others;
  for (size_t i = a; i < v.size(); ++i) {
    for (const std::string& id : v[i].result.considered_rules) AddUnique(&out.considered_rules, id);
    for (const std::string& id : v[i].result.skipped_disabled_rules) {
      AddUnique(&out.skipped_disabled_rules, id);
    }
    std::string s = Summary(v[i]) + (i > b ? "（行为后施行）" : "");
    compared.push_back(s);
    if (i != choice.index && v[i].result.outcome != out.outcome && (i <= b || v[i].reliable)) {
      others.push_back(s);
    }
  }
  if (choice.undetermined) {
    std::vector<std::string> span;
    for (size_t i = a; i <= b; ++i) {
      span.push_back(Summary(v[i]));
      for (const std::string& path : v[i].result.missing_facts) AddUnique(&out.missing_facts, path);
    }
    out.outcome = AssessmentOutcome::kInsufficientData;
    out.decisive_rule.clear();
    out.rule_version = 0;
    out.metric = Metric::kUnspecified;
    out.value = out.threshold = std::nullopt;
    out.ratio_permille.reset();
    out.attempt = false;
    out.explanation = "数据不足：行为跨越追诉标准变更（" + text::Join(span, "；") +
                      "），部分时期的标准无法评估，尚不能确定对行为人较轻的标准";
  } else if (!others.empty()) {
    out.explanation += "（从旧兼从轻：" + text::Join(others, "；") + "，适用对行为人较轻的" +
                       v[choice.index].label + "标准）";
  }
  if (compared.size() > 1) {
    out.lenity_note = "从旧兼从轻：比较了" + text::Join(compared, "；");
    if (!choice.undetermined) out.lenity_note += "，适用" + v[choice.index].label + "标准";
  }
  return out;
}

}  // namespace

ActSpan SpanOf(const CaseFacts& facts, const AssessOptions& options) {
  ActSpan span;
  bool start = Valid(facts.act_start_date), end = Valid(facts.act_end_date);
  if (start && end && sys_days{*facts.act_end_date} < sys_days{*facts.act_start_date}) {
    return span;
  }
  if (end) span.hi = sys_days{*facts.act_end_date};
  if (!start) return span;
  span.known = true;
  span.lo = sys_days{*facts.act_start_date};
  if (!end && Valid(options.ongoing_until)) {
    span.hi = std::max(*span.lo, sys_days{*options.ongoing_until});
  }
  return span;
}

OffenceAssessment AssessVersions(const ThresholdRuleSet& rules, Offence offence,
                                 const CaseFacts& facts, const ActSpan& span,
                                 const AssessOptions& options, int near_permille) {
  std::vector<sys_days> bounds;
  std::vector<Version> v = AllVersions(rules, offence, facts, options, near_permille, &bounds);
  auto index_of = [&bounds](sys_days day) {
    return static_cast<size_t>(std::upper_bound(bounds.begin(), bounds.end(), day) -
                               bounds.begin());
  };
  const size_t last = v.size() - 1;
  if (span.known) {
    size_t a = index_of(*span.lo), b = span.hi ? index_of(*span.hi) : last;
    return Describe(v, a, b, Lenient(v, a, b));
  }
  // Unknown start: try each version the act may have begun in (up to the known end, if any).
  const size_t k = span.hi ? index_of(*span.hi) : last;
  std::vector<Choice> choices;
  std::set<AssessmentOutcome> outcomes;
  for (size_t i = 0; i <= k; ++i) {
    choices.push_back(Lenient(v, i, span.hi ? k : i));
    outcomes.insert(choices.back().outcome());
  }
  std::vector<std::string> all;
  for (const Version& version : v) all.push_back(Summary(version));
  const std::string note = "违法行为日期未查明，比较了各时期标准（" + text::Join(all, "；") + "）";
  bool flagged = !outcomes.contains(AssessmentOutcome::kNotMet) &&
                 !outcomes.contains(AssessmentOutcome::kInsufficientData);
  if (outcomes.size() > 1 && !flagged) {
    OffenceAssessment out;
    out.outcome = AssessmentOutcome::kInsufficientData;
    out.missing_facts.push_back("act_start_date");
    out.explanation =
        "数据不足：违法行为日期未查明，而各时期追诉标准的结论不同（" + text::Join(all, "；") + "）";
    out.lenity_note = note;
    for (const Version& version : v) {
      for (const std::string& id : version.result.considered_rules) {
        AddUnique(&out.considered_rules, id);
      }
      for (const std::string& id : version.result.skipped_disabled_rules) {
        AddUnique(&out.skipped_disabled_rules, id);
      }
    }
    return out;
  }
  // Every possible date gives the same outcome, or at least NEAR: the last choice giving the
  // least severe one.
  const AssessmentOutcome target =
      outcomes.size() == 1 ? *outcomes.begin() : AssessmentOutcome::kNear;
  size_t pick = choices.size() - 1;
  for (size_t i = choices.size(); i-- > 0;) {
    if (choices[i].outcome() == target) {
      pick = i;
      break;
    }
  }
  OffenceAssessment out = Describe(v, pick, span.hi ? k : pick, choices[pick]);
  if (outcomes.size() > 1)
    out.explanation += "（违法行为日期未查明，各时期标准下均至少接近追诉标准）";
  if (v.size() > 1) out.lenity_note = note;
  return out;
}

}  // namespace casebridge::law::threshold_internal
