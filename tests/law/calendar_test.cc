// Tests of the Asia/Shanghai working-day calendar against the State Council holiday notices.
#include "services/law/calendar.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/embedded_data.h"

namespace casebridge::law {
namespace {

using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

const WorkingCalendar& Calendar() { return WorkingCalendar::Default(); }

// Default() aborts on bad embedded data; this test names the reason instead.
TEST(WorkingCalendarTest, EmbeddedDataParses) {
  std::vector<std::string_view> files;
  for (const embedded::File& file : embedded::Files()) {
    if (file.path.starts_with("holidays/")) files.push_back(file.bytes);
  }
  std::string error;
  EXPECT_TRUE(WorkingCalendar::FromHolidayJson(files, &error).has_value()) << error;
}

// 2026 春节 (2026.json, from the notice in its "papers"): off Sun 02-15 to Mon 02-23; make-up
// working days Sat 02-14 and Sat 02-28.
TEST(WorkingCalendarTest, SpringFestival2026) {
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2026, 2, 13)));   // Friday
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2026, 2, 14)));   // make-up Saturday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2026, 2, 15)));  // Sunday inside the break
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2026, 2, 16)));  // holiday Monday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2026, 2, 20)));  // holiday Friday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2026, 2, 23)));  // holiday Monday, last day off
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2026, 2, 24)));   // Tuesday, back to work
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2026, 2, 28)));   // make-up Saturday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2026, 3, 1)));   // ordinary Sunday
}

TEST(WorkingCalendarTest, StatutoryHolidayMeansListedAsOff) {
  EXPECT_TRUE(Calendar().IsStatutoryHoliday(Ymd(2026, 2, 16)));
  EXPECT_TRUE(Calendar().IsStatutoryHoliday(Ymd(2026, 2, 15)));   // weekend inside the break
  EXPECT_FALSE(Calendar().IsStatutoryHoliday(Ymd(2026, 2, 14)));  // make-up working day
  EXPECT_FALSE(Calendar().IsStatutoryHoliday(Ymd(2026, 3, 1)));   // ordinary weekend
  EXPECT_FALSE(Calendar().IsStatutoryHoliday(Ymd(2026, 3, 2)));   // ordinary Monday
  EXPECT_TRUE(Calendar().IsStatutoryHoliday(Ymd(2026, 10, 7)));   // 国庆节
}

TEST(WorkingCalendarTest, AddWorkingDaysAcrossTheSpringFestival) {
  // Thursday + 3: Fri 13, make-up Sat 14, then nine days off, Tue 24.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 12), 3), Ymd(2026, 2, 24));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 13), 1), Ymd(2026, 2, 14));
  // Started on a day off, the count still begins the next day.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 16), 1), Ymd(2026, 2, 24));
  // Tuesday 24 + 4 lands on the make-up Saturday, + 5 skips the ordinary Sunday.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 24), 4), Ymd(2026, 2, 28));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 24), 5), Ymd(2026, 3, 2));
  // 20 working days (市场监管总局令第45号 art. 9) from a decision on Friday 2026-02-06.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 6), 20), Ymd(2026, 3, 12));
}

TEST(WorkingCalendarTest, AddWorkingDaysAcrossAYearBoundary) {
  // 元旦 2026: Thu 01-01 to Sat 01-03 off, Sun 01-04 a make-up working day.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2025, 12, 29), 2), Ymd(2025, 12, 31));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2025, 12, 29), 3), Ymd(2026, 1, 4));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2025, 12, 31), 2), Ymd(2026, 1, 5));
  // 元旦 2019 moved a working day into 2018: Sat 2018-12-29 is listed in 2019.json.
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2018, 12, 29)));
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2018, 12, 31)));  // a Monday
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2018, 12, 28), 2), Ymd(2019, 1, 2));
}

TEST(WorkingCalendarTest, AddWorkingDaysBackwardsAndZero) {
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 24), -1), Ymd(2026, 2, 14));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 24), -2), Ymd(2026, 2, 13));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 1, 4), -1), Ymd(2025, 12, 31));
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 2, 16), 0), Ymd(2026, 2, 16));
  for (int n = 1; n <= 30; ++n) {
    year_month_day end = Calendar().AddWorkingDays(Ymd(2026, 2, 10), n);
    EXPECT_EQ(Calendar().AddWorkingDays(end, -n), Ymd(2026, 2, 10)) << n;
  }
}

TEST(WorkingCalendarTest, NextWorkingDayOnOrAfter) {
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 2, 13)), Ymd(2026, 2, 13));
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 2, 14)), Ymd(2026, 2, 14));
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 2, 15)), Ymd(2026, 2, 24));
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 2, 23)), Ymd(2026, 2, 24));
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 3, 1)), Ymd(2026, 3, 2));
  // A 3-day clock (令第310号 art. 8) from Thursday 2026-09-24 ends on Sunday 09-27, the last day of
  // 中秋节, so it runs to Monday 09-28.
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 9, 27)), Ymd(2026, 9, 28));
  EXPECT_EQ(Calendar().NextWorkingDayOnOrAfter(Ymd(2026, 10, 1)), Ymd(2026, 10, 8));
}

TEST(WorkingCalendarTest, CoveredYearsAreThoseWithANotice) {
  EXPECT_TRUE(Calendar().Covers(Ymd(2014, 1, 1)));
  EXPECT_TRUE(Calendar().Covers(Ymd(2020, 6, 15)));
  EXPECT_TRUE(Calendar().Covers(Ymd(2026, 12, 31)));
  EXPECT_FALSE(Calendar().Covers(Ymd(2013, 12, 31)));
  EXPECT_FALSE(Calendar().Covers(Ymd(2028, 1, 1)));
  // 2027.json ships with no days: the State Council has not published the 2027 notice. Flip this
  // when the data is updated.
  EXPECT_FALSE(Calendar().Covers(Ymd(2027, 2, 8)));
}

TEST(WorkingCalendarTest, FallsBackToWeekdaysOutsideTheData) {
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2013, 12, 31)));   // Tuesday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2013, 12, 28)));  // Saturday
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2028, 1, 31)));    // Monday
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2028, 1, 29)));   // Saturday
  EXPECT_FALSE(Calendar().IsStatutoryHoliday(Ymd(2028, 1, 1)));
  // Without a notice 元旦 2029 is unknown, so Friday + 1 is the Monday that will in fact be a
  // holiday: exactly why Covers() must be checked.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2028, 12, 29), 1), Ymd(2029, 1, 1));
  // Counting from covered into uncovered years goes on seamlessly.
  EXPECT_EQ(Calendar().AddWorkingDays(Ymd(2026, 12, 31), 1), Ymd(2027, 1, 1));
}

TEST(WorkingCalendarTest, EveryEmbeddedYearAgreesWithItsNotice) {
  // Spot checks, one per year, of days the notices moved.
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2014, 1, 26)));   // Sunday, 春节 make-up
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2015, 9, 3)));   // 抗战胜利70周年纪念日
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2020, 1, 31)));  // 春节 extended for COVID-19
  EXPECT_TRUE(Calendar().IsWorkingDay(Ymd(2024, 2, 4)));    // Sunday, 春节 make-up
  EXPECT_FALSE(Calendar().IsWorkingDay(Ymd(2025, 10, 8)));  // Wednesday, 国庆节/中秋节
}

TEST(ShanghaiTimeTest, DateChangesAtSixteenUtc) {
  using std::chrono::hours;
  using std::chrono::seconds;
  using std::chrono::sys_days;
  const sys_days feb16{Ymd(2026, 2, 16)};
  EXPECT_EQ(ShanghaiDate(feb16 + hours{15} + std::chrono::minutes{59} + seconds{59}),
            Ymd(2026, 2, 16));
  EXPECT_EQ(ShanghaiDate(feb16 + hours{16}), Ymd(2026, 2, 17));
  EXPECT_EQ(ShanghaiDate(feb16 - hours{8}), Ymd(2026, 2, 16));
  EXPECT_EQ(ShanghaiDate(feb16 - hours{8} - seconds{1}), Ymd(2026, 2, 15));
  // Before the epoch the floor, not truncation toward zero, must pick the day.
  EXPECT_EQ(ShanghaiDate(sys_days{Ymd(1970, 1, 1)} - hours{9}), Ymd(1969, 12, 31));
  EXPECT_EQ(ShanghaiDate(sys_days{Ymd(1970, 1, 1)} - hours{8}), Ymd(1970, 1, 1));
}

TEST(ShanghaiTimeTest, MidnightIsSixteenUtcTheDayBefore) {
  using std::chrono::hours;
  using std::chrono::sys_days;
  EXPECT_EQ(ShanghaiMidnightUtc(Ymd(2026, 2, 17)), sys_days{Ymd(2026, 2, 16)} + hours{16});
  EXPECT_EQ(ShanghaiMidnightUtc(Ymd(2026, 1, 1)), sys_days{Ymd(2025, 12, 31)} + hours{16});
  for (year_month_day d : {Ymd(2014, 1, 1), Ymd(2026, 2, 28), Ymd(2027, 12, 31)}) {
    EXPECT_EQ(ShanghaiDate(ShanghaiMidnightUtc(d)), d);
    EXPECT_EQ(ShanghaiDate(ShanghaiMidnightUtc(d) - std::chrono::nanoseconds{1}),
              year_month_day{sys_days{d} - std::chrono::days{1}});
  }
}

constexpr std::string_view kYear2030 = R"({"year": 2030, "papers": ["p"], "days": [
  {"name": "春节", "date": "2030-02-02", "isOffDay": false},
  {"name": "春节", "date": "2030-02-04", "isOffDay": true}]})";

TEST(WorkingCalendarFromJsonTest, BuildsFromYearFiles) {
  const std::vector<std::string_view> files = {kYear2030, R"({"year":2031,"papers":[],"days":[]})"};
  std::string error;
  std::optional<WorkingCalendar> calendar = WorkingCalendar::FromHolidayJson(files, &error);
  ASSERT_TRUE(calendar.has_value()) << error;
  EXPECT_TRUE(calendar->IsWorkingDay(Ymd(2030, 2, 2)));   // Saturday listed as working
  EXPECT_FALSE(calendar->IsWorkingDay(Ymd(2030, 2, 4)));  // Monday listed as off
  EXPECT_TRUE(calendar->Covers(Ymd(2030, 7, 1)));
  EXPECT_FALSE(calendar->Covers(Ymd(2031, 7, 1)));
  EXPECT_FALSE(calendar->Covers(Ymd(2026, 7, 1)));
}

TEST(WorkingCalendarFromJsonTest, RejectsConflictingFiles) {
  std::string error;
  const std::vector<std::string_view> same_year = {kYear2030, kYear2030};
  EXPECT_FALSE(WorkingCalendar::FromHolidayJson(same_year, &error).has_value());
  EXPECT_NE(error.find("2030"), std::string::npos) << error;

  // 2031.json listing a December 2030 day that 2030.json lists too.
  const std::vector<std::string_view> same_date = {
      R"({"year":2030,"papers":[],"days":[{"name":"元旦","date":"2030-12-30","isOffDay":true}]})",
      R"({"year":2031,"papers":[],"days":[{"name":"元旦","date":"2030-12-30","isOffDay":true}]})"};
  EXPECT_FALSE(WorkingCalendar::FromHolidayJson(same_date, &error).has_value());
  EXPECT_NE(error.find("2030-12-30"), std::string::npos) << error;

  const std::vector<std::string_view> malformed = {R"({"year":2030})"};
  EXPECT_FALSE(WorkingCalendar::FromHolidayJson(malformed, &error).has_value());
}

}  // namespace
}  // namespace casebridge::law
