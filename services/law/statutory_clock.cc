#include "services/law/statutory_clock.h"

namespace casebridge::law {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Whether every year from `first` to `last` has a published holiday notice.
bool CoversYears(const WorkingCalendar& calendar, year_month_day first, year_month_day last) {
  for (std::chrono::year y = first.year(); y <= last.year(); ++y) {
    if (!calendar.Covers(y / std::chrono::January / 1)) return false;
  }
  return true;
}

bool RollsOver(const WorkingCalendar& calendar, LastDayRule rule, year_month_day day) {
  switch (rule) {
    case LastDayRule::kRollOverStatutoryHolidays:
      return calendar.IsStatutoryHoliday(day);
    case LastDayRule::kRollOverAnyDayOff:
      return !calendar.IsWorkingDay(day);
  }
  return false;
}

Due DayCountDue(year_month_day due_date, bool provisional) {
  return Due{
      .due_time = ShanghaiMidnightUtc(year_month_day{sys_days{due_date} + days{1}}),
      .due_date = due_date,
      .provisional = provisional,
  };
}

}  // namespace

bool IsValidCountingRule(const CountingRule& rule) {
  switch (rule.policy) {
    case CountingPolicy::kCalendarDays:
    case CountingPolicy::kWorkingDays:
      return rule.period >= 1 && rule.period <= kMaxPeriodDays;
    case CountingPolicy::kHours:
      return rule.period >= 1 && rule.period <= kMaxPeriodHours;
    case CountingPolicy::kUnspecified:
      break;
  }
  return false;
}

std::optional<Due> ComputeDue(std::chrono::system_clock::time_point start, const CountingRule& rule,
                              const WorkingCalendar& calendar) {
  if (!IsValidCountingRule(rule)) return std::nullopt;
  if (rule.policy == CountingPolicy::kHours) {
    return Due{.due_time = start + std::chrono::hours{rule.period},
               .due_date = std::nullopt,
               .provisional = false};
  }
  // The start day is not counted (刑事诉讼法 art. 105): day 1 is the day after the start's date.
  const sys_days start_day{ShanghaiDate(start)};
  const year_month_day first_counted{start_day + days{1}};
  if (rule.policy == CountingPolicy::kWorkingDays) {
    year_month_day last = calendar.AddWorkingDays(year_month_day{start_day}, rule.period);
    // Every day walked over decided whether it counted.
    return DayCountDue(last, !CoversYears(calendar, first_counted, last));
  }
  const year_month_day last{start_day + days{rule.period}};
  year_month_day due_date = last;
  if (RollsOver(calendar, rule.last_day, last)) due_date = calendar.NextWorkingDayOnOrAfter(last);
  // Only the last day and the days it rolled over decide a calendar-day count.
  return DayCountDue(due_date, !CoversYears(calendar, last, due_date));
}

ClockState ClockStateAt(ClockNature nature, std::chrono::system_clock::time_point due_time,
                        std::optional<std::chrono::system_clock::time_point> completion_time,
                        std::chrono::system_clock::time_point now) {
  if (completion_time.has_value() && InTime(*completion_time, due_time)) return ClockState::kMet;
  if (!completion_time.has_value() && InTime(now, due_time)) return ClockState::kOpen;
  return nature == ClockNature::kWindow ? ClockState::kLapsed : ClockState::kMissed;
}

std::string DescribeCountingRule(const CountingRule& rule) {
  const std::string n = std::to_string(rule.period);
  switch (rule.policy) {
    case CountingPolicy::kCalendarDays:
      if (rule.last_day == LastDayRule::kRollOverAnyDayOff) {
        return n + "日（日历日，不计起算日，期满日为节假日或者休息日的顺延至其后第一个工作日） / " +
               n +
               " calendar days (start day not counted; a last day off work moves to the next "
               "working day)";
      }
      return n + "日（日历日，不计起算日，期满日为法定节假日的顺延至其后第一个工作日） / " + n +
             " calendar days (start day not counted; a last day on a statutory holiday moves to "
             "the next working day)";
    case CountingPolicy::kWorkingDays:
      return n + "个工作日（不计起算日） / " + n + " working days (start day not counted)";
    case CountingPolicy::kHours:
      return n + "小时（自起算时刻起连续计算） / " + n + " hours (counted from the start instant)";
    case CountingPolicy::kUnspecified:
      break;
  }
  return "未设定计算方式 / no counting policy";
}

}  // namespace casebridge::law
