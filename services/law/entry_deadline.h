// 录入时限 (STATUTES.md §3): the per-region entry periods and the due date and time they give.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/calendar.h"

namespace casebridge::law {

// One row of an entry deadline table: the regions whose GB/T 2260 code starts with
// `region_prefix` enter their cases within `working_days` working days.
struct EntryDeadlineRule {
  std::string region_prefix;  // 1-6 digits; "" for every region
  int working_days = 0;       // 1-60
  std::string legal_basis;    // the instrument that sets the period, e.g. "中办发〔2011〕8号"
  std::string note;           // where the number comes from and whether it was verified
};

// The entry periods by region (format: services/law/data/entry_deadlines/README.md).
// 中办发〔2011〕8号 requires entry "within the prescribed time" and leaves the period to local
// rules, whose texts are not verified: every number is configuration with its note, never code.
class EntryDeadlines {
 public:
  // When no row matches a region: 7 working days after the penalty decision or the referral, the
  // default of STATUTES.md §3.
  static constexpr int kDefaultWorkingDays = 7;

  // The embedded services/law/data/entry_deadlines/entry_deadlines.csv; aborts if it does not
  // parse (it is compiled in and tested, so that is a broken build).
  static const EntryDeadlines& Default();

  // Parses and validates a table; nullopt with a reason in *error (may be null) on a malformed
  // row, a prefix that is not 1-6 digits, a period outside 1-60, a missing legal basis or note, or
  // two rows for the same prefix.
  static std::optional<EntryDeadlines> FromCsv(std::string_view csv, std::string* error);

  // The row whose prefix is the longest one `region_code` starts with; without one, the built-in
  // default (kDefaultWorkingDays, with its note).
  const EntryDeadlineRule& For(std::string_view region_code) const;

  std::span<const EntryDeadlineRule> rules() const { return rules_; }

 private:
  std::vector<EntryDeadlineRule> rules_;  // file order
};

// Where an entry period started from `start` ends: the start day is not counted, only working
// days count (statutory holidays out, 调休 make-up days in), and the entry is due at 24:00
// Asia/Shanghai of the last working day.
struct EntryDue {
  std::chrono::year_month_day due_date;
  std::chrono::system_clock::time_point due_time;  // 24:00 Asia/Shanghai of due_date
  // The period runs into a year without a published holiday notice, so the date may still move.
  bool provisional = false;
};

EntryDue EntryDueFrom(const WorkingCalendar& calendar, std::chrono::year_month_day start,
                      int working_days);

// Whether an entry recorded at `recorded` was in time: before the due instant.
bool EnteredInTime(const EntryDue& due, std::chrono::system_clock::time_point recorded);

}  // namespace casebridge::law
