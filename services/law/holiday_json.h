// Strict parser for one holiday-cn year file (services/law/data/holidays/YYYY.json).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

struct HolidayDay {
  std::chrono::year_month_day date;
  std::string name;     // e.g. 春节; the holiday a make-up working day belongs to
  bool off_day = true;  // false: a 调休 make-up working day, usually a Saturday or Sunday
};

struct HolidayYear {
  int year = 0;
  std::vector<std::string> papers;  // the State Council notices the year was compiled from
  std::vector<HolidayDay> days;     // as listed; empty until the year's notice is published
};

// Accepts exactly the holiday-cn shape
//   {"$schema": s, "$id": s, "year": n, "papers": [s...], "days": [{"name": s, "date":
//   "YYYY-MM-DD",
//    "isOffDay": b}...]}
// with keys in any order and "$schema"/"$id" optional. Anything else — unknown or repeated keys,
// string escapes, an impossible date, a date outside the file's year or the December before it —
// yields nullopt and a reason in *error (may be null), because a silently misread holiday moves
// statutory deadlines.
std::optional<HolidayYear> ParseHolidayJson(std::string_view json, std::string* error);

// "YYYY-MM-DD", the form the holiday files and error messages use.
std::string IsoDate(const std::chrono::year_month_day& date);

}  // namespace casebridge::law
