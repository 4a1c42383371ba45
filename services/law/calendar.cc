#include "services/law/calendar.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "services/law/embedded_data.h"
#include "services/law/holiday_json.h"

namespace casebridge::law {
namespace {

constexpr std::chrono::hours kShanghaiOffset{8};

bool IsWeekday(std::chrono::sys_days day) {
  std::chrono::weekday weekday{day};
  return weekday != std::chrono::Saturday && weekday != std::chrono::Sunday;
}

}  // namespace

const WorkingCalendar& WorkingCalendar::Default() {
  // Never destroyed, so deadline code stays usable during static destruction elsewhere.
  static const WorkingCalendar* const calendar = [] {
    std::vector<std::string_view> year_files;
    for (const embedded::File& file : embedded::Files()) {
      if (file.path.starts_with("holidays/") && file.path.ends_with(".json")) {
        year_files.push_back(file.bytes);
      }
    }
    std::optional<WorkingCalendar> parsed = FromHolidayJson(year_files, nullptr);
    // The data is compiled in and checked by tests, so failing here is a broken build, not an input
    // error a caller could handle.
    if (!parsed) std::abort();
    return new WorkingCalendar(std::move(*parsed));
  }();
  return *calendar;
}

std::optional<WorkingCalendar> WorkingCalendar::FromHolidayJson(
    std::span<const std::string_view> year_files, std::string* error) {
  WorkingCalendar calendar;
  std::vector<int> years;
  for (size_t i = 0; i < year_files.size(); ++i) {
    std::string why;
    std::optional<HolidayYear> year = ParseHolidayJson(year_files[i], &why);
    if (!year) {
      if (error != nullptr) *error = "holiday file #" + std::to_string(i) + ": " + why;
      return std::nullopt;
    }
    years.push_back(year->year);
    // A year whose notice is not out yet ships as an empty file; it must not claim coverage.
    if (!year->days.empty()) calendar.covered_years_.push_back(year->year);
    for (const HolidayDay& day : year->days) {
      calendar.listed_.push_back({std::chrono::sys_days{day.date}, day.off_day});
    }
  }
  std::sort(years.begin(), years.end());
  if (auto it = std::adjacent_find(years.begin(), years.end()); it != years.end()) {
    if (error != nullptr) *error = "two holiday files for " + std::to_string(*it);
    return std::nullopt;
  }
  std::sort(calendar.covered_years_.begin(), calendar.covered_years_.end());
  std::sort(calendar.listed_.begin(), calendar.listed_.end(),
            [](const ListedDay& a, const ListedDay& b) { return a.day < b.day; });
  auto same_day = [](const ListedDay& a, const ListedDay& b) { return a.day == b.day; };
  if (auto it = std::adjacent_find(calendar.listed_.begin(), calendar.listed_.end(), same_day);
      it != calendar.listed_.end()) {
    if (error != nullptr) {
      *error = IsoDate(std::chrono::year_month_day{it->day}) + " is listed in two holiday files";
    }
    return std::nullopt;
  }
  return calendar;
}

const WorkingCalendar::ListedDay* WorkingCalendar::Find(std::chrono::sys_days day) const {
  auto it = std::lower_bound(listed_.begin(), listed_.end(), day,
                             [](const ListedDay& l, std::chrono::sys_days d) { return l.day < d; });
  if (it == listed_.end() || it->day != day) return nullptr;
  return &*it;
}

bool WorkingCalendar::IsWorkingDay(std::chrono::sys_days day) const {
  const ListedDay* listed = Find(day);
  if (listed != nullptr) return !listed->off_day;
  return IsWeekday(day);
}

bool WorkingCalendar::IsWorkingDay(std::chrono::year_month_day date) const {
  return IsWorkingDay(std::chrono::sys_days{date});
}

bool WorkingCalendar::IsStatutoryHoliday(std::chrono::year_month_day date) const {
  const ListedDay* listed = Find(std::chrono::sys_days{date});
  return listed != nullptr && listed->off_day;
}

std::chrono::year_month_day WorkingCalendar::AddWorkingDays(std::chrono::year_month_day start,
                                                            int n) const {
  std::chrono::sys_days day{start};
  const std::chrono::days step{n < 0 ? -1 : 1};
  for (int remaining = n < 0 ? -n : n; remaining > 0;) {
    day += step;
    if (IsWorkingDay(day)) --remaining;
  }
  return std::chrono::year_month_day{day};
}

std::chrono::year_month_day WorkingCalendar::NextWorkingDayOnOrAfter(
    std::chrono::year_month_day date) const {
  std::chrono::sys_days day{date};
  while (!IsWorkingDay(day)) day += std::chrono::days{1};
  return std::chrono::year_month_day{day};
}

bool WorkingCalendar::Covers(std::chrono::year_month_day date) const {
  // Normalise first so that an out-of-range day such as December 32 lands in the year it means.
  int year = static_cast<int>(std::chrono::year_month_day{std::chrono::sys_days{date}}.year());
  return std::binary_search(covered_years_.begin(), covered_years_.end(), year);
}

std::chrono::year_month_day ShanghaiDate(std::chrono::system_clock::time_point time) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(time + kShanghaiOffset)};
}

std::chrono::system_clock::time_point ShanghaiMidnightUtc(std::chrono::year_month_day date) {
  return std::chrono::sys_days{date} - kShanghaiOffset;
}

}  // namespace casebridge::law
