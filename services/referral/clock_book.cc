#include "services/referral/clock_book.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <sstream>

namespace casebridge::referral {
namespace {

using google::protobuf::util::TimeUtil;
using law::referral::ClockKind;
using law::referral::ClockSpec;

google::protobuf::Timestamp ToTimestamp(TimePoint t) {
  return TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

TimePoint ToTimePoint(const google::protobuf::Timestamp& t) {
  return TimePoint(std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(t)));
}

bool Contains(std::span<const ClockKind> kinds, ClockKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

ClockKind KindOf(const v1::Deadline& d) { return static_cast<ClockKind>(d.kind()); }

std::string ResponsibleOrganisation(const v1::Referral& r, law::referral::Party party) {
  return party == law::referral::Party::kHoldingPolice ? r.current_police() : r.agency();
}

// Satisfies `d` at `now`: met in time; else missed (a duty) or lapsed (a window).
void Complete(v1::Deadline& d, TimePoint now) {
  v1::StatutoryClock& clock = *d.mutable_clock();
  if (clock.has_completion_time()) return;
  *clock.mutable_completion_time() = ToTimestamp(now);
  if (clock.state() != v1::StatutoryClock::STATE_OPEN) return;  // marked by the sweeper already
  if (law::InTime(now, ToTimePoint(clock.due_time()))) {
    clock.set_state(v1::StatutoryClock::STATE_MET);
  } else if (clock.nature() == v1::StatutoryClock::NATURE_DUTY) {
    clock.set_state(v1::StatutoryClock::STATE_MISSED);
    clock.set_late_organisation(clock.responsible_organisation());
  } else {
    clock.set_state(v1::StatutoryClock::STATE_LAPSED);
  }
}

TimePoint LatestReceiptTime(const v1::Referral& r, TimePoint fallback) {
  return r.receipts().empty() ? fallback
                              : ToTimePoint(r.receipts(r.receipts_size() - 1).receive_time());
}

v1::Deadline Open(const v1::Referral& r, const ClockSpec& spec, const law::CountingRule& rule,
                  TimePoint start, const law::WorkingCalendar& calendar) {
  v1::Deadline d;
  d.set_name(r.name() + "/deadlines/" + std::to_string(r.deadlines_size() + 1));
  d.set_referral(r.name());
  d.set_kind(static_cast<v1::Deadline::Kind>(spec.kind));
  d.set_case_file(r.case_file());
  d.set_region_code(r.region_code());
  v1::StatutoryClock& clock = *d.mutable_clock();
  clock.mutable_legal_basis()->set_instrument(std::string(spec.instrument));
  clock.mutable_legal_basis()->set_article(std::string(spec.article));
  clock.mutable_legal_basis()->set_text(std::string(spec.text));
  clock.set_period(rule.period);
  clock.set_counting_policy(static_cast<v1::CountingPolicy>(rule.policy));
  clock.set_nature(static_cast<v1::StatutoryClock::Nature>(spec.nature));
  *clock.mutable_start_time() = ToTimestamp(start);
  // Settings are validated at start, so the rule is countable.
  const law::Due due = *law::ComputeDue(start, rule, calendar);
  *clock.mutable_due_time() = ToTimestamp(due.due_time);
  if (due.due_date) {
    clock.mutable_due_date()->set_year(static_cast<int>(due.due_date->year()));
    clock.mutable_due_date()->set_month(static_cast<unsigned>(due.due_date->month()));
    clock.mutable_due_date()->set_day(static_cast<unsigned>(due.due_date->day()));
  }
  clock.set_state(v1::StatutoryClock::STATE_OPEN);
  clock.set_responsible_organisation(ResponsibleOrganisation(r, spec.responsible));
  clock.set_policy_source(law::DescribeCountingRule(rule) +
                          (due.provisional ? "；所涉年份节假日安排尚未公布，期限可能调整 / the "
                                             "holiday notice of a year concerned is not out yet, "
                                             "so the due date may move"
                                           : ""));
  return d;
}

std::optional<law::CountingPolicy> PolicyFromText(const std::string& text) {
  if (text == "calendar_days") return law::CountingPolicy::kCalendarDays;
  if (text == "working_days") return law::CountingPolicy::kWorkingDays;
  if (text == "hours") return law::CountingPolicy::kHours;
  return std::nullopt;
}

}  // namespace

ClockSettings::ClockSettings() {
  for (const ClockSpec& spec : law::referral::ClockCatalogue())
    rules_[spec.kind] = spec.default_rule;
}

std::optional<ClockSettings> ClockSettings::Parse(const std::string& text, std::string* error) {
  ClockSettings settings;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    const auto equals = item.find('=');
    const auto kind = law::referral::ClockKindFromId(item.substr(0, equals));
    std::vector<std::string> parts;
    std::stringstream fields(equals == std::string::npos ? "" : item.substr(equals + 1));
    for (std::string part; std::getline(fields, part, ':');) parts.push_back(part);
    law::CountingRule rule;
    bool ok = kind.has_value() && (parts.size() == 2 || parts.size() == 3) && !parts[0].empty() &&
              parts[0].find_first_not_of("0123456789") == std::string::npos && parts[0].size() < 6;
    if (ok) {
      rule.period = std::stoi(parts[0]);
      const auto policy = PolicyFromText(parts[1]);
      ok = policy.has_value();
      if (ok) rule.policy = *policy;
      if (ok && parts.size() == 3) {
        ok = parts[2] == "statutory_holidays" || parts[2] == "any_day_off";
        rule.last_day = parts[2] == "any_day_off" ? law::LastDayRule::kRollOverAnyDayOff
                                                  : law::LastDayRule::kRollOverStatutoryHolidays;
      }
      ok = ok && law::IsValidCountingRule(rule);
    }
    if (!ok) {
      if (error != nullptr) {
        *error = "deadline setting \"" + item +
                 "\" is not clock=period:calendar_days|working_days|hours[:statutory_holidays|"
                 "any_day_off] with a known clock and a period of 1 to 3660 days";
      }
      return std::nullopt;
    }
    settings.rules_[*kind] = rule;
  }
  return settings;
}

const law::CountingRule& ClockSettings::RuleFor(ClockKind kind) const { return rules_.at(kind); }

std::vector<std::string> ApplyClockEffects(v1::Referral& r,
                                           const law::referral::Transition& transition,
                                           TimePoint now, const ClockSettings& settings,
                                           const law::WorkingCalendar& calendar) {
  std::vector<std::string> changed;
  for (v1::Deadline& d : *r.mutable_deadlines()) {
    v1::StatutoryClock& clock = *d.mutable_clock();
    const bool open = clock.state() == v1::StatutoryClock::STATE_OPEN;
    if (open && Contains(transition.cancels, KindOf(d))) {
      clock.set_state(v1::StatutoryClock::STATE_CANCELLED);
      clock.set_cancel_reason(std::string(law::referral::ActNameZh(transition.act)) + " / " +
                              std::string(law::referral::ActNameEn(transition.act)));
      changed.push_back(d.name());
    } else if (Contains(transition.meets, KindOf(d)) && !clock.has_completion_time() &&
               (open || clock.state() == v1::StatutoryClock::STATE_MISSED ||
                clock.state() == v1::StatutoryClock::STATE_LAPSED)) {
      Complete(d, now);
      changed.push_back(d.name());
    }
  }
  for (ClockKind kind : transition.opens) {
    const ClockSpec* spec = law::referral::FindClock(kind);
    const TimePoint start = spec->starts_at == law::referral::ClockStart::kLatestReceipt
                                ? LatestReceiptTime(r, now)
                                : now;
    v1::Deadline d = Open(r, *spec, settings.RuleFor(kind), start, calendar);
    if (Contains(transition.meets, kind)) Complete(d, now);
    changed.push_back(d.name());
    *r.add_deadlines() = std::move(d);
  }
  return changed;
}

bool MarkRunOut(v1::Referral& r, const std::string& deadline_name, TimePoint now) {
  for (v1::Deadline& d : *r.mutable_deadlines()) {
    if (d.name() != deadline_name) continue;
    v1::StatutoryClock& clock = *d.mutable_clock();
    if (clock.state() != v1::StatutoryClock::STATE_OPEN ||
        law::InTime(now, ToTimePoint(clock.due_time()))) {
      return false;
    }
    if (clock.nature() == v1::StatutoryClock::NATURE_DUTY) {
      clock.set_state(v1::StatutoryClock::STATE_MISSED);
      clock.set_late_organisation(clock.responsible_organisation());
    } else {
      clock.set_state(v1::StatutoryClock::STATE_LAPSED);
    }
    return true;
  }
  return false;
}

std::vector<ClockKind> LapsedWindows(const v1::Referral& r, TimePoint now) {
  std::vector<ClockKind> lapsed;
  for (const v1::Deadline& d : r.deadlines()) {
    const v1::StatutoryClock& clock = d.clock();
    if (clock.nature() != v1::StatutoryClock::NATURE_WINDOW) continue;
    if (clock.state() == v1::StatutoryClock::STATE_LAPSED ||
        (clock.state() == v1::StatutoryClock::STATE_OPEN &&
         !law::InTime(now, ToTimePoint(clock.due_time())))) {
      lapsed.push_back(KindOf(d));
    }
  }
  return lapsed;
}

const v1::Deadline* FindDeadline(const v1::Referral& r, const std::string& name) {
  for (const v1::Deadline& d : r.deadlines()) {
    if (d.name() == name) return &d;
  }
  return nullptr;
}

}  // namespace casebridge::referral
