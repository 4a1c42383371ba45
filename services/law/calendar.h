// The Asia/Shanghai working-day calendar: weekends, statutory holidays, 调休 make-up days.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

// Working days as the State Council's annual holiday notices define them: a date is a working day
// if the notice lists it as a make-up working day, or if it is unlisted and falls Monday to Friday.
// Dates are calendar dates in Asia/Shanghai; an invalid one such as February 30 counts as the date
// std::chrono::sys_days maps it to.
class WorkingCalendar {
 public:
  // The calendar built from the embedded copy of services/law/data/holidays.
  static const WorkingCalendar& Default();

  // Builds a calendar from holiday-cn year files (see holiday_json.h); nullopt with a reason in
  // *error (may be null) if a file is malformed, or two files give the same year or the same date.
  static std::optional<WorkingCalendar> FromHolidayJson(
      std::span<const std::string_view> year_files, std::string* error);

  bool IsWorkingDay(std::chrono::year_month_day date) const;

  // Whether the notices make `date` a day off: the statutory holiday itself and the rest days
  // joined to it, weekend days inside the break included. Ordinary weekends are not listed.
  bool IsStatutoryHoliday(std::chrono::year_month_day date) const;

  // The n-th working day after `start`, which is not counted itself (so n == 0 returns `start`
  // even on a day off). A negative n counts back to the |n|-th working day before `start`.
  std::chrono::year_month_day AddWorkingDays(std::chrono::year_month_day start, int n) const;

  // `date` if it is a working day, else the first working day after it: where a period's last day
  // is a holiday the period ends on the next working day (刑事诉讼法 art. 105).
  std::chrono::year_month_day NextWorkingDayOnOrAfter(std::chrono::year_month_day date) const;

  // Whether `date`'s year has a published holiday notice in the data. Outside it the calendar
  // still answers, from weekdays alone, and a deadline computed there may later move: callers
  // should mark such results as provisional.
  bool Covers(std::chrono::year_month_day date) const;

 private:
  struct ListedDay {
    std::chrono::sys_days day;
    bool off_day;
  };

  const ListedDay* Find(std::chrono::sys_days day) const;
  bool IsWorkingDay(std::chrono::sys_days day) const;

  std::vector<ListedDay> listed_;   // sorted by day, unique
  std::vector<int> covered_years_;  // sorted
};

// The calendar date in Asia/Shanghai at `time`. China has kept UTC+8 without daylight saving
// since 1992, so a fixed offset is exact for every date this system records.
std::chrono::year_month_day ShanghaiDate(std::chrono::system_clock::time_point time);

// The instant at which `date` begins in Asia/Shanghai (16:00 UTC the day before).
std::chrono::system_clock::time_point ShanghaiMidnightUtc(std::chrono::year_month_day date);

}  // namespace casebridge::law
