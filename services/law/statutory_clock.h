// Statutory clocks (法定期限): when a period counted under a policy ends, and where a clock stands.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "services/law/calendar.h"

namespace casebridge::law {

// Mirrors casebridge.v1.CountingPolicy (types.proto), same numbers.
enum class CountingPolicy {
  kUnspecified = 0,
  // 日历日: the start day is not counted; due at 24:00 Asia/Shanghai of the last day, after the
  // last-day rule below (刑事诉讼法 art. 105, STATUTES.md §1).
  kCalendarDays = 1,
  // 工作日: only working days count (调休 make-up days included); the start day is not counted.
  kWorkingDays = 2,
  // 小时: elapsed hours from the start instant, to the second.
  kHours = 3,
};

// Which last days of a calendar-day period move to the next working day. 刑事诉讼法 art. 105 says
// 节假日; STATUTES.md §1 and types.proto read it as statutory holidays, which is the default. Some
// practice reads 节假日 as including ordinary weekends (公休日), so configuration may choose that.
enum class LastDayRule {
  kRollOverStatutoryHolidays = 0,  // a day the holiday notices list as off
  kRollOverAnyDayOff = 1,          // also an ordinary Saturday or Sunday
};

// Mirrors casebridge.v1.StatutoryClock.Nature.
enum class ClockNature {
  kUnspecified = 0,
  kDuty = 1,    // 义务期限: missing it is a breach
  kWindow = 2,  // 权利期限: letting it pass forfeits an option, no breach
};

// Mirrors casebridge.v1.StatutoryClock.State.
enum class ClockState {
  kUnspecified = 0,
  kOpen = 1,
  kMet = 2,
  kMissed = 3,
  kLapsed = 4,
  kCancelled = 5,  // set by the act that made the clock moot, never by time
};

// A period and how it is counted: what configuration sets per clock.
struct CountingRule {
  int period = 0;  // in the policy's unit: days or hours
  CountingPolicy policy = CountingPolicy::kUnspecified;
  LastDayRule last_day = LastDayRule::kRollOverStatutoryHolidays;  // calendar days only
};

// Longest period accepted: ten years, in days or hours. Longer is a configuration error, and it
// bounds the working-day walk.
inline constexpr int kMaxPeriodDays = 3660;
inline constexpr int kMaxPeriodHours = kMaxPeriodDays * 24;

// Whether `rule` can be counted: a known policy and a period of 1 up to the maximum.
bool IsValidCountingRule(const CountingRule& rule);

// When a period ends.
struct Due {
  // The act is in time when recorded before this instant: 24:00 Asia/Shanghai of due_date for day
  // counts, start + period exactly for hours.
  std::chrono::system_clock::time_point due_time;
  // The last day of a day count, after roll-over; unset for hours.
  std::optional<std::chrono::year_month_day> due_date;
  // True when a day the count depends on lies in a year without a published holiday notice: the
  // due date may move once the notice is out.
  bool provisional = false;
};

// The end of a period of `rule` that starts at `start`; nullopt when the rule is not valid.
std::optional<Due> ComputeDue(std::chrono::system_clock::time_point start, const CountingRule& rule,
                              const WorkingCalendar& calendar);

// Whether an act recorded at `act_time` is within a clock due at `due_time` (the due instant
// itself is already late).
inline bool InTime(std::chrono::system_clock::time_point act_time,
                   std::chrono::system_clock::time_point due_time) {
  return act_time < due_time;
}

// Where a clock that was not cancelled stands at `now`: open before the due time while the act is
// not done; met when the act was done in time; after that, missed for a duty and lapsed for a
// window (a window used late stays lapsed: the option was gone).
ClockState ClockStateAt(ClockNature nature, std::chrono::system_clock::time_point due_time,
                        std::optional<std::chrono::system_clock::time_point> completion_time,
                        std::chrono::system_clock::time_point now);

// How `rule` counts, for a clock's policy_source, e.g.
// "3日（日历日，不计起算日，期满日为法定节假日的 顺延至其后第一个工作日） / 3 calendar days (start
// day not counted; a last day on a statutory holiday moves to the next working day)".
std::string DescribeCountingRule(const CountingRule& rule);

}  // namespace casebridge::law
