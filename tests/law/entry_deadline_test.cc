// Tests of the entry clock (录入时限, STATUTES.md §3): the per-region periods and the working-day
// arithmetic of the due date, across 春节 2026 and 调休 make-up Saturdays.
#include "services/law/entry_deadline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "services/law/embedded_data.h"

namespace casebridge::law {
namespace {

using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

constexpr char kHeader[] = "region_prefix,working_days,legal_basis,note\n";

EntryDue Due(year_month_day start, int days) {
  return EntryDueFrom(WorkingCalendar::Default(), start, days);
}

// Default() aborts on bad embedded data; this names the reason instead.
TEST(EntryDeadlinesTest, EmbeddedTableParses) {
  std::optional<std::string_view> csv = embedded::Find("entry_deadlines/entry_deadlines.csv");
  ASSERT_TRUE(csv.has_value());
  std::string error;
  EXPECT_TRUE(EntryDeadlines::FromCsv(*csv, &error).has_value()) << error;
}

// STATUTES.md §3: the period is set locally and the source is unverified, so the shipped table is
// the default of 7 working days for every region, with a note saying it is unverified.
TEST(EntryDeadlinesTest, ShippedDefaultIsSevenWorkingDaysMarkedUnverified) {
  const EntryDeadlines& table = EntryDeadlines::Default();
  ASSERT_EQ(table.rules().size(), 1u);
  for (std::string_view region : {"320602", "110000", "650000"}) {
    const EntryDeadlineRule& rule = table.For(region);
    EXPECT_EQ(rule.working_days, 7) << region;
    EXPECT_EQ(rule.region_prefix, "");
    EXPECT_EQ(rule.legal_basis, "中办发〔2011〕8号");
    EXPECT_NE(rule.note.find("unverified"), std::string::npos) << rule.note;
  }
}

TEST(EntryDeadlinesTest, LongestRegionPrefixWins) {
  std::string error;
  auto table = EntryDeadlines::FromCsv(std::string(kHeader) +
                                           "32,10,苏政办〔示例〕,province\n"
                                           "3206,5,通政办〔示例〕,city\n"
                                           ",8,中办发〔2011〕8号,all\n",
                                       &error);
  ASSERT_TRUE(table.has_value()) << error;
  EXPECT_EQ(table->For("320602").working_days, 5);  // 南通市崇川区: the city row
  EXPECT_EQ(table->For("320600").region_prefix, "3206");
  EXPECT_EQ(table->For("320500").working_days, 10);  // 苏州市: the province row
  EXPECT_EQ(table->For("110000").working_days, 8);   // 北京: the row for every region
}

TEST(EntryDeadlinesTest, WithoutAMatchingRowTheDefaultIsSevenWorkingDays) {
  auto table =
      EntryDeadlines::FromCsv(std::string(kHeader) + "32,10,苏政办〔示例〕,province\n", nullptr);
  ASSERT_TRUE(table.has_value());
  const EntryDeadlineRule& rule = table->For("110000");
  EXPECT_EQ(rule.working_days, EntryDeadlines::kDefaultWorkingDays);
  EXPECT_EQ(rule.working_days, 7);
  EXPECT_NE(rule.note.find("unverified"), std::string::npos);
}

TEST(EntryDeadlinesTest, MalformedTablesAreRefusedWithAReason) {
  auto reject = [](const std::string& row, std::string_view why) {
    std::string error;
    EXPECT_FALSE(EntryDeadlines::FromCsv(std::string(kHeader) + row, &error).has_value()) << row;
    EXPECT_NE(error.find(why), std::string::npos) << error;
  };
  reject("32a,7,b,n\n", "region_prefix");
  reject("3206001,7,b,n\n", "region_prefix");
  reject("32,0,b,n\n", "working_days");
  reject("32,61,b,n\n", "working_days");
  reject("32,七,b,n\n", "working_days");
  reject("32,7,,n\n", "legal_basis");
  reject("32,7,b,\n", "note");
  reject("32,7,b,n\n32,5,b,n\n", "second row");
  std::string error;
  EXPECT_FALSE(EntryDeadlines::FromCsv("prefix,days\n", &error).has_value());
}

// 2026 春节: off Sun 02-15 to Mon 02-23, make-up working days Sat 02-14 and Sat 02-28. A decision
// of Thursday 02-12 counts Fri 13, Sat 14, then (after nine days off) Tue 24 to Fri 27, and Sat 28.
TEST(EntryDueTest, SevenWorkingDaysAcrossTheSpringFestival2026) {
  EntryDue due = Due(Ymd(2026, 2, 12), 7);
  EXPECT_EQ(due.due_date, Ymd(2026, 2, 28));
  EXPECT_FALSE(due.provisional);
  // 24:00 Asia/Shanghai of 02-28 is 16:00 UTC that day.
  EXPECT_EQ(due.due_time, std::chrono::sys_days{Ymd(2026, 2, 28)} + std::chrono::hours{16});
}

// A decision taken on a day off counts from it all the same: the start day is never counted.
TEST(EntryDueTest, StartOnAHolidayCountsFromTheNextWorkingDay) {
  EXPECT_EQ(Due(Ymd(2026, 2, 16), 1).due_date, Ymd(2026, 2, 24));
  EXPECT_EQ(Due(Ymd(2026, 2, 16), 7).due_date, Ymd(2026, 3, 3));  // make-up Sat 02-28 counts
}

// 调休 make-up Saturdays count as working days: 2026-05-09 (劳动节) and 2026-10-10 (国庆节).
TEST(EntryDueTest, MakeUpWorkingSaturdaysCount) {
  // Friday 05-08 + 1: the make-up Saturday 05-09, not Monday 05-11.
  EXPECT_EQ(Due(Ymd(2026, 5, 8), 1).due_date, Ymd(2026, 5, 9));
  // Wednesday 09-30 + 7: 10-01 to 10-07 off; Thu 8, Fri 9, Sat 10 (make-up), Mon 12 to Thu 15.
  EXPECT_EQ(Due(Ymd(2026, 9, 30), 7).due_date, Ymd(2026, 10, 15));
  // Without the make-up day it would have been Friday 10-16.
  EXPECT_EQ(Due(Ymd(2026, 9, 30), 8).due_date, Ymd(2026, 10, 16));
}

TEST(EntryDueTest, InTimeMeansRecordedBeforeMidnightOfTheDueDate) {
  EntryDue due = Due(Ymd(2026, 2, 12), 7);
  EXPECT_TRUE(EnteredInTime(due, due.due_time - std::chrono::microseconds{1}));
  EXPECT_FALSE(EnteredInTime(due, due.due_time));
  // 23:59 Shanghai on the due date is in time; 00:00 the next day is late.
  EXPECT_TRUE(
      EnteredInTime(due, ShanghaiMidnightUtc(Ymd(2026, 2, 28)) + std::chrono::minutes{1439}));
  EXPECT_FALSE(EnteredInTime(due, ShanghaiMidnightUtc(Ymd(2026, 3, 1))));
}

// Past the last published holiday notice the date is computed from weekdays and may still move.
TEST(EntryDueTest, BeyondThePublishedNoticesTheDueDateIsProvisional) {
  EXPECT_TRUE(Due(Ymd(2027, 12, 29), 7).provisional);
  EXPECT_FALSE(Due(Ymd(2026, 11, 23), 7).provisional);
}

}  // namespace
}  // namespace casebridge::law
