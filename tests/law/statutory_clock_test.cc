// Tests of statutory clock arithmetic against the 2026 holiday notice (services/law/data/holidays).
#include "services/law/statutory_clock.h"

#include <gtest/gtest.h>

#include <chrono>

namespace casebridge::law {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::system_clock;
using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// An instant given as Asia/Shanghai wall time.
system_clock::time_point Cst(year_month_day date, int h = 0, int min = 0, int s = 0) {
  return ShanghaiMidnightUtc(date) + hours{h} + minutes{min} + seconds{s};
}

// 24:00 Asia/Shanghai at the end of `date`.
system_clock::time_point EndOf(year_month_day date) {
  return ShanghaiMidnightUtc(year_month_day{std::chrono::sys_days{date} + std::chrono::days{1}});
}

// 310号's default: 3 calendar days, start day not counted, statutory holidays roll over.
constexpr CountingRule kThreeDays{.period = 3,
                                  .policy = CountingPolicy::kCalendarDays,
                                  .last_day = LastDayRule::kRollOverStatutoryHolidays};
constexpr CountingRule kThreeDaysAnyDayOff{.period = 3,
                                           .policy = CountingPolicy::kCalendarDays,
                                           .last_day = LastDayRule::kRollOverAnyDayOff};
constexpr CountingRule kThreeWorkingDays{.period = 3,
                                         .policy = CountingPolicy::kWorkingDays,
                                         .last_day = LastDayRule::kRollOverStatutoryHolidays};
constexpr CountingRule kTwentyFourHours{.period = 24,
                                        .policy = CountingPolicy::kHours,
                                        .last_day = LastDayRule::kRollOverStatutoryHolidays};

Due MustCompute(system_clock::time_point start, const CountingRule& rule) {
  std::optional<Due> due = ComputeDue(start, rule, WorkingCalendar::Default());
  EXPECT_TRUE(due.has_value());
  return due.value_or(Due{});
}

year_month_day DueDate(system_clock::time_point start, const CountingRule& rule) {
  return MustCompute(start, rule).due_date.value_or(Ymd(1970, 1, 1));
}

// 2026 春节: off Sun 02-15 to Mon 02-23, make-up working Saturdays 02-14 and 02-28.
TEST(StatutoryClockTest, ThreeDaysOverSpringFestival2026) {
  // A report on Friday 02-13: the third day, Monday 02-16, is a holiday; due Tuesday 02-24.
  Due due = MustCompute(Cst(Ymd(2026, 2, 13), 10), kThreeDays);
  EXPECT_EQ(due.due_date, Ymd(2026, 2, 24));
  EXPECT_EQ(due.due_time, EndOf(Ymd(2026, 2, 24)));
  EXPECT_EQ(due.due_time, system_clock::time_point{std::chrono::sys_days{Ymd(2026, 2, 24)}} +
                              hours{16});  // 24:00 CST is 16:00 UTC
  EXPECT_FALSE(due.provisional);
  // The third day a Sunday inside the break: listed as off, so it rolls over too.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 12), 9), kThreeDays), Ymd(2026, 2, 24));
  // Started on the holiday itself: still counted from the next day, and rolled over.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 20), 9), kThreeDays), Ymd(2026, 2, 24));
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 21), 9), kThreeDays), Ymd(2026, 2, 24));
  // The third day the make-up Saturday before the break: a working day, nothing rolls.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 11), 9), kThreeDays), Ymd(2026, 2, 14));
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 11), 9), kThreeDaysAnyDayOff), Ymd(2026, 2, 14));
  // Counted in working days: Fri 13, make-up Sat 14, then Tue 24.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 12), 9), kThreeWorkingDays), Ymd(2026, 2, 24));
}

TEST(StatutoryClockTest, ThreeDaysOverMakeUpWorkingSaturday) {
  // Working days from Thursday 02-26: Fri 27, make-up Sat 28, Mon 03-02.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 26), 15), kThreeWorkingDays), Ymd(2026, 3, 2));
  // The same weekday a week later, over an ordinary Saturday: Fri 06, Mon 09, Tue 10.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 3, 5), 15), kThreeWorkingDays), Ymd(2026, 3, 10));
  // Calendar days ending on the make-up Saturday: due that day even when any day off rolls over.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 25), 15), kThreeDays), Ymd(2026, 2, 28));
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 25), 15), kThreeDaysAnyDayOff), Ymd(2026, 2, 28));
  // Ending on an ordinary Saturday: not a statutory holiday, so the default keeps it; the
  // any-day-off reading moves it to Monday.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 3, 4), 15), kThreeDays), Ymd(2026, 3, 7));
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 3, 4), 15), kThreeDaysAnyDayOff), Ymd(2026, 3, 9));
  // 国庆 2026 make-up Sunday 09-20: a working day under either reading.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 9, 17), 15), kThreeDaysAnyDayOff), Ymd(2026, 9, 20));
}

TEST(StatutoryClockTest, StartDayIsNotCounted) {
  // Any time on Tuesday 03-10 gives the same due instant: 24:00 on Friday 03-13.
  EXPECT_EQ(MustCompute(Cst(Ymd(2026, 3, 10)), kThreeDays).due_time, EndOf(Ymd(2026, 3, 13)));
  EXPECT_EQ(MustCompute(Cst(Ymd(2026, 3, 10), 23, 59, 59), kThreeDays).due_time,
            EndOf(Ymd(2026, 3, 13)));
  // One second before Tuesday began, it was Monday: a day earlier.
  EXPECT_EQ(MustCompute(Cst(Ymd(2026, 3, 10)) - seconds{1}, kThreeDays).due_date, Ymd(2026, 3, 12));
  // The day is Shanghai's: 16:00 UTC on Monday is already Tuesday.
  const auto monday_16_utc =
      system_clock::time_point{std::chrono::sys_days{Ymd(2026, 3, 9)}} + hours{16};
  EXPECT_EQ(MustCompute(monday_16_utc, kThreeDays).due_date, Ymd(2026, 3, 13));
  EXPECT_EQ(MustCompute(monday_16_utc - seconds{1}, kThreeDays).due_date, Ymd(2026, 3, 12));
  // One day is the whole next day.
  constexpr CountingRule one_day{.period = 1,
                                 .policy = CountingPolicy::kCalendarDays,
                                 .last_day = LastDayRule::kRollOverStatutoryHolidays};
  EXPECT_EQ(MustCompute(Cst(Ymd(2026, 3, 10), 8), one_day).due_time, EndOf(Ymd(2026, 3, 11)));
}

TEST(StatutoryClockTest, TwentyFourHoursToTheSecond) {
  const auto start = system_clock::time_point{std::chrono::sys_days{Ymd(2026, 2, 13)}} + hours{9} +
                     minutes{30} + seconds{15} + milliseconds{250};
  Due due = MustCompute(start, kTwentyFourHours);
  EXPECT_EQ(due.due_time - start, seconds{86400});
  EXPECT_EQ(due.due_time, start + hours{24});
  EXPECT_FALSE(due.due_date.has_value());
  EXPECT_FALSE(due.provisional);
  EXPECT_TRUE(InTime(due.due_time - seconds{1}, due.due_time));
  EXPECT_TRUE(InTime(due.due_time - milliseconds{1}, due.due_time));
  EXPECT_FALSE(InTime(due.due_time, due.due_time));
  // Hours ignore holidays and the years the data covers.
  const auto in_break = Cst(Ymd(2026, 2, 15), 18, 5, 7);
  EXPECT_EQ(MustCompute(in_break, kTwentyFourHours).due_time, Cst(Ymd(2026, 2, 16), 18, 5, 7));
  EXPECT_FALSE(MustCompute(Cst(Ymd(2027, 5, 1), 8), kTwentyFourHours).provisional);
}

TEST(StatutoryClockTest, LastDayOnHolidayRollsOver) {
  // 国庆 2026 (10-01 to 10-07): the third day, Tuesday 10-06, rolls to Thursday 10-08.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 10, 3), 11), kThreeDays), Ymd(2026, 10, 8));
  // 劳动节 (05-01 to 05-05): Saturday 05-02 rolls to Wednesday 05-06.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 4, 29), 11), kThreeDays), Ymd(2026, 5, 6));
  // 清明 (04-04 to 04-06): Sunday 04-05 rolls to Tuesday 04-07.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 4, 2), 11), kThreeDays), Ymd(2026, 4, 7));
  // 端午 (06-19 to 06-21): Saturday 06-20 rolls to Monday 06-22.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 6, 17), 11), kThreeDays), Ymd(2026, 6, 22));
  // An ordinary Sunday is no statutory holiday: the default keeps it.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 26), 11), kThreeDays), Ymd(2026, 3, 1));
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 26), 11), kThreeDaysAnyDayOff), Ymd(2026, 3, 2));
}

TEST(StatutoryClockTest, WorkingDayCounts) {
  // Started on a holiday: the first working day after it is day 1.
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 15), 10), kThreeWorkingDays), Ymd(2026, 2, 26));
  // 20 working days (市场监管总局令第45号 art. 9) from Friday 02-06 across the break.
  constexpr CountingRule twenty{.period = 20,
                                .policy = CountingPolicy::kWorkingDays,
                                .last_day = LastDayRule::kRollOverStatutoryHolidays};
  EXPECT_EQ(DueDate(Cst(Ymd(2026, 2, 6), 10), twenty), Ymd(2026, 3, 12));
  // One working day from the eve of 劳动节: Wednesday 05-06.
  constexpr CountingRule one{.period = 1,
                             .policy = CountingPolicy::kWorkingDays,
                             .last_day = LastDayRule::kRollOverStatutoryHolidays};
  EXPECT_EQ(MustCompute(Cst(Ymd(2026, 4, 30), 17), one).due_time, EndOf(Ymd(2026, 5, 6)));
}

TEST(StatutoryClockTest, ProvisionalOutsideCoveredYears) {
  // 2027 has no notice in the data yet.
  Due into_2027 = MustCompute(Cst(Ymd(2026, 12, 30), 10), kThreeDays);
  EXPECT_EQ(into_2027.due_date, Ymd(2027, 1, 2));
  EXPECT_TRUE(into_2027.provisional);
  EXPECT_TRUE(MustCompute(Cst(Ymd(2026, 12, 30), 10), kThreeDaysAnyDayOff).provisional);
  EXPECT_FALSE(MustCompute(Cst(Ymd(2026, 12, 20), 10), kThreeDays).provisional);
  // Working days walking into 2027 depend on its (unknown) holidays; ending in 2026 they do not.
  EXPECT_TRUE(MustCompute(Cst(Ymd(2026, 12, 29), 10), kThreeWorkingDays).provisional);
  constexpr CountingRule two{.period = 2,
                             .policy = CountingPolicy::kWorkingDays,
                             .last_day = LastDayRule::kRollOverStatutoryHolidays};
  EXPECT_FALSE(MustCompute(Cst(Ymd(2026, 12, 29), 10), two).provisional);
  // Before the data begins (2014).
  EXPECT_TRUE(MustCompute(Cst(Ymd(2013, 6, 1), 10), kThreeDays).provisional);
  EXPECT_FALSE(MustCompute(Cst(Ymd(2014, 6, 1), 10), kThreeDays).provisional);
}

TEST(StatutoryClockTest, InvalidRulesAreRefused) {
  const auto start = Cst(Ymd(2026, 3, 10));
  for (CountingRule rule : {
           CountingRule{.period = 0,
          .policy = CountingPolicy::kCalendarDays,
          .last_day = LastDayRule::kRollOverStatutoryHolidays},
           CountingRule{.period = -3,
           .policy = CountingPolicy::kWorkingDays,
           .last_day = LastDayRule::kRollOverStatutoryHolidays},
           CountingRule{.period = 3,
           .policy = CountingPolicy::kUnspecified,
           .last_day = LastDayRule::kRollOverStatutoryHolidays},
           CountingRule{.period = kMaxPeriodDays + 1,
           .policy = CountingPolicy::kWorkingDays,
           .last_day = LastDayRule::kRollOverStatutoryHolidays},
           CountingRule{.period = kMaxPeriodHours + 1,
           .policy = CountingPolicy::kHours,
           .last_day = LastDayRule::kRollOverStatutoryHolidays},
       }) {
    EXPECT_FALSE(IsValidCountingRule(rule)) << rule.period;
    EXPECT_FALSE(ComputeDue(start, rule, WorkingCalendar::Default()).has_value()) << rule.period;
  }
  CountingRule longest{.period = kMaxPeriodDays,
                       .policy = CountingPolicy::kWorkingDays,
                       .last_day = LastDayRule::kRollOverStatutoryHolidays};
  EXPECT_TRUE(ComputeDue(start, longest, WorkingCalendar::Default()).has_value());
}

TEST(StatutoryClockTest, ClockStateAtAnInstant) {
  const auto due = EndOf(Ymd(2026, 2, 24));
  const auto before = due - seconds{1};
  // Not done: open until the due instant, then missed (duty) or lapsed (window).
  EXPECT_EQ(ClockStateAt(ClockNature::kDuty, due, std::nullopt, before), ClockState::kOpen);
  EXPECT_EQ(ClockStateAt(ClockNature::kDuty, due, std::nullopt, due), ClockState::kMissed);
  EXPECT_EQ(ClockStateAt(ClockNature::kWindow, due, std::nullopt, before), ClockState::kOpen);
  EXPECT_EQ(ClockStateAt(ClockNature::kWindow, due, std::nullopt, due), ClockState::kLapsed);
  // Done one second before: met, whenever asked.
  EXPECT_EQ(ClockStateAt(ClockNature::kDuty, due, before, due + hours{48}), ClockState::kMet);
  EXPECT_EQ(ClockStateAt(ClockNature::kWindow, due, before, before), ClockState::kMet);
  // Done at the due instant: late.
  EXPECT_EQ(ClockStateAt(ClockNature::kDuty, due, due, due + hours{1}), ClockState::kMissed);
  EXPECT_EQ(ClockStateAt(ClockNature::kWindow, due, due, due + hours{1}), ClockState::kLapsed);
}

TEST(StatutoryClockTest, DescribesTheRule) {
  EXPECT_EQ(
      DescribeCountingRule(kThreeDays),
      "3日（日历日，不计起算日，期满日为法定节假日的顺延至其后第一个工作日） / 3 calendar days "
      "(start day not counted; a last day on a statutory holiday moves to the next working "
      "day)");
  EXPECT_EQ(DescribeCountingRule(kTwentyFourHours),
            "24小时（自起算时刻起连续计算） / 24 hours (counted from the start instant)");
  EXPECT_EQ(DescribeCountingRule(kThreeWorkingDays),
            "3个工作日（不计起算日） / 3 working days (start day not counted)");
  EXPECT_NE(DescribeCountingRule(kThreeDaysAnyDayOff).find("休息日"), std::string::npos);
}

}  // namespace
}  // namespace casebridge::law
