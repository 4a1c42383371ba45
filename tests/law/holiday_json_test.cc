// Tests of the strict holiday-cn parser and of the holiday data embedded in casebridge_law.
#include "services/law/holiday_json.h"

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

TEST(HolidayJsonTest, ParsesTheHolidayCnShape) {
  constexpr std::string_view kJson = R"({
    "$schema": "https://example/schema.json",
    "$id": "https://example/2019.json",
    "year": 2019,
    "papers": ["https://www.gov.cn/a", "https://www.gov.cn/b"],
    "days": [
        {"name": "元旦", "date": "2018-12-29", "isOffDay": false},
        {"isOffDay": true, "date": "2019-01-01", "name": "元旦"}
    ]
})";
  std::string error;
  std::optional<HolidayYear> year = ParseHolidayJson(kJson, &error);
  ASSERT_TRUE(year.has_value()) << error;
  EXPECT_EQ(year->year, 2019);
  ASSERT_EQ(year->papers.size(), 2u);
  EXPECT_EQ(year->papers[1], "https://www.gov.cn/b");
  ASSERT_EQ(year->days.size(), 2u);
  EXPECT_EQ(year->days[0].date, Ymd(2018, 12, 29));
  EXPECT_EQ(year->days[0].name, "元旦");
  EXPECT_FALSE(year->days[0].off_day);
  EXPECT_EQ(year->days[1].date, Ymd(2019, 1, 1));
  EXPECT_TRUE(year->days[1].off_day);
}

TEST(HolidayJsonTest, AcceptsAYearWithoutANoticeYet) {
  std::string error;
  std::optional<HolidayYear> year =
      ParseHolidayJson(R"({"year": 2027, "papers": [], "days": []})", &error);
  ASSERT_TRUE(year.has_value()) << error;
  EXPECT_TRUE(year->days.empty());
}

TEST(HolidayJsonTest, RejectsAnythingElse) {
  const char* const kDay = R"({"name":"春节","date":"2026-02-16","isOffDay":true})";
  const std::string cases[] = {
      "",
      "[]",
      R"({"year":2026,"papers":[]})",                        // no days
      R"({"year":2026,"papers":[],"days":[],"extra":1})",    // unknown key
      R"({"year":2026,"year":2026,"papers":[],"days":[]})",  // repeated key
      R"({"year":2026,"papers":[],"days":[]} x)",            // trailing text
      R"({"year":2026,"papers":[],"days":[],})",             // trailing comma
      R"({"year":"2026","papers":[],"days":[]})",            // year as a string
      R"({"year":-2026,"papers":[],"days":[]})",             // negative year
      R"({"year":26,"papers":[],"days":[]})",                // not a year
      R"({"year":2026,"papers":["a\"b"],"days":[]})",        // escape sequence
      R"({"year":2026,"papers":[],"days":[{"name":"春节","date":"2026-02-16"}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"春节","date":"2026-02-16","isOffDay":1}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"春节","date":"2026-2-16","isOffDay":true}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"春节","date":"2026-02-30","isOffDay":true}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"","date":"2026-02-16","isOffDay":true}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"x","date":"2026-02-16","isOffDay":true,"note":""}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"国庆","date":"2025-10-01","isOffDay":true}]})",
      R"({"year":2026,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
      std::string(R"({"year":2026,"papers":[],"days":[)") + kDay + "," + kDay + "]}",
  };
  for (const std::string& json : cases) {
    std::string error;
    EXPECT_FALSE(ParseHolidayJson(json, &error).has_value()) << json;
    EXPECT_FALSE(error.empty()) << json;
  }
}

TEST(HolidayJsonTest, EveryEmbeddedYearParses) {
  int files = 0;
  for (const embedded::File& file : embedded::Files()) {
    if (!file.path.starts_with("holidays/")) continue;
    ++files;
    std::string error;
    std::optional<HolidayYear> year = ParseHolidayJson(file.bytes, &error);
    ASSERT_TRUE(year.has_value()) << file.path << ": " << error;
    EXPECT_EQ("holidays/" + std::to_string(year->year) + ".json", file.path);
  }
  EXPECT_EQ(files, 2027 - 2014 + 1);
}

TEST(EmbeddedDataTest, HoldsTheRegionFilesVerbatim) {
  std::optional<std::string_view> provinces = embedded::Find("regions/provinces.csv");
  ASSERT_TRUE(provinces.has_value());
  EXPECT_TRUE(provinces->starts_with("code,name\n11,\"北京市\"\n"));
  std::optional<std::string_view> areas = embedded::Find("regions/areas.csv");
  ASSERT_TRUE(areas.has_value());
  EXPECT_EQ(areas->size(), 85403u);
  EXPECT_FALSE(embedded::Find("regions/missing.csv").has_value());
  // The licences stay beside the copies in the tree; they are not compiled in.
  EXPECT_FALSE(embedded::Find("regions/LICENSE").has_value());
}

TEST(HolidayJsonTest, IsoDate) {
  EXPECT_EQ(IsoDate(Ymd(2026, 2, 4)), "2026-02-04");
  EXPECT_EQ(IsoDate(Ymd(987, 12, 31)), "0987-12-31");
}

}  // namespace
}  // namespace casebridge::law
