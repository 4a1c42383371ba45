#include "services/law/entry_deadline.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "services/law/csv.h"
#include "services/law/embedded_data.h"

namespace casebridge::law {
namespace {

constexpr std::string_view kEmbeddedPath = "entry_deadlines/entry_deadlines.csv";
constexpr std::string_view kHeader = "region_prefix,working_days,legal_basis,note";
constexpr int kMaxWorkingDays = 60;

bool IsRegionPrefix(std::string_view s) {
  return s.size() <= 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const EntryDeadlines& EntryDeadlines::Default() {
  // Never destroyed, so references stay valid during static destruction elsewhere.
  static const EntryDeadlines* const table = [] {
    std::optional<std::string_view> csv = embedded::Find(kEmbeddedPath);
    if (!csv) std::abort();
    std::optional<EntryDeadlines> parsed = FromCsv(*csv, nullptr);
    if (!parsed) std::abort();
    return new EntryDeadlines(std::move(*parsed));
  }();
  return *table;
}

std::optional<EntryDeadlines> EntryDeadlines::FromCsv(std::string_view csv, std::string* error) {
  std::vector<std::vector<std::string>> rows;
  if (!ParseCsvTable(csv, "entry_deadlines.csv", kHeader, &rows, error)) return std::nullopt;
  EntryDeadlines table;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<std::string>& f = rows[i];
    auto fail = [&](const std::string& why) {
      if (error != nullptr)
        *error = "entry_deadlines.csv line " + std::to_string(i + 2) + ": " + why;
      return std::nullopt;
    };
    EntryDeadlineRule rule{f[0], 0, f[2], f[3]};
    if (!IsRegionPrefix(rule.region_prefix)) {
      return fail("region_prefix must be empty or 1-6 digits");
    }
    auto [end, ec] = std::from_chars(f[1].data(), f[1].data() + f[1].size(), rule.working_days);
    if (ec != std::errc() || end != f[1].data() + f[1].size() || rule.working_days < 1 ||
        rule.working_days > kMaxWorkingDays) {
      return fail("working_days must be a whole number from 1 to 60");
    }
    if (rule.legal_basis.empty()) return fail("legal_basis is required");
    if (rule.note.empty()) return fail("note is required: say where the period comes from");
    for (const EntryDeadlineRule& other : table.rules_) {
      if (other.region_prefix == rule.region_prefix) {
        return fail("a second row for prefix \"" + rule.region_prefix + "\"");
      }
    }
    table.rules_.push_back(std::move(rule));
  }
  return table;
}

const EntryDeadlineRule& EntryDeadlines::For(std::string_view region_code) const {
  static const EntryDeadlineRule kBuiltIn{
      "", kDefaultWorkingDays, "中办发〔2011〕8号",
      "unverified: the period is set by local rules; 7 working days after the penalty decision or "
      "the referral is the default of STATUTES.md §3 (no row of the table matched)"};
  const EntryDeadlineRule* best = nullptr;
  for (const EntryDeadlineRule& rule : rules_) {
    if (region_code.starts_with(rule.region_prefix) &&
        (best == nullptr || rule.region_prefix.size() > best->region_prefix.size())) {
      best = &rule;
    }
  }
  return best != nullptr ? *best : kBuiltIn;
}

EntryDue EntryDueFrom(const WorkingCalendar& calendar, std::chrono::year_month_day start,
                      int working_days) {
  EntryDue due;
  due.due_date = calendar.AddWorkingDays(start, working_days);
  due.due_time = ShanghaiMidnightUtc(
      std::chrono::year_month_day{std::chrono::sys_days{due.due_date} + std::chrono::days{1}});
  due.provisional = !calendar.Covers(start) || !calendar.Covers(due.due_date);
  return due;
}

bool EnteredInTime(const EntryDue& due, std::chrono::system_clock::time_point recorded) {
  return recorded < due.due_time;
}

}  // namespace casebridge::law
