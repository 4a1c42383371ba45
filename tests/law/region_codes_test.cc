// Tests of the GB/T 2260 region catalogue and the region-scope prefix rule of DESIGN.md.
#include "services/law/region_codes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/law/embedded_data.h"

namespace casebridge::law {
namespace {

const RegionCatalog& Catalog() { return RegionCatalog::Default(); }

// Default() aborts on bad embedded data; this test names the reason instead.
TEST(RegionCatalogTest, EmbeddedDataParses) {
  std::optional<std::string_view> provinces = embedded::Find("regions/provinces.csv");
  std::optional<std::string_view> cities = embedded::Find("regions/cities.csv");
  std::optional<std::string_view> areas = embedded::Find("regions/areas.csv");
  ASSERT_TRUE(provinces && cities && areas);
  std::string error;
  EXPECT_TRUE(RegionCatalog::FromCsv(*provinces, *cities, *areas, &error).has_value()) << error;
}

TEST(RegionCatalogTest, CityIsKnownWithItsProvince) {
  std::optional<Region> region = Catalog().Lookup("320600");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(region->code, "320600");
  EXPECT_EQ(region->name, "南通市");
  EXPECT_EQ(region->level, RegionLevel::kCity);
  EXPECT_EQ(region->city_name, "南通市");
  EXPECT_EQ(region->province_name, "江苏省");
  EXPECT_TRUE(Catalog().IsKnown("320600"));
}

TEST(RegionCatalogTest, CountyIsKnownWithItsCityAndProvince) {
  // 崇川区 has been 320613 since the 2020 merger with 港闸区; the 2023 list has no 320602.
  std::optional<Region> region = Catalog().Lookup("320613");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(region->name, "崇川区");
  EXPECT_EQ(region->level, RegionLevel::kCounty);
  EXPECT_EQ(region->city_name, "南通市");
  EXPECT_EQ(region->province_name, "江苏省");
}

TEST(RegionCatalogTest, AbolishedCodeIsWellFormedButUnknown) {
  // 320602 (the old 崇川区) still appears on pre-2020 records: it must stay a valid code that the
  // scope rule handles, while the 2023 catalogue no longer lists it.
  EXPECT_TRUE(RegionCatalog::IsWellFormed("320602"));
  EXPECT_FALSE(Catalog().IsKnown("320602"));
  EXPECT_FALSE(Catalog().Lookup("320602").has_value());
  EXPECT_TRUE(RegionCovers("320600", "320602"));
}

TEST(RegionCatalogTest, CountyLevelUnitDirectlyUnderProvince) {
  std::optional<Region> region = Catalog().Lookup("429004");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(region->name, "仙桃市");
  EXPECT_EQ(region->level, RegionLevel::kCounty);
  EXPECT_EQ(region->city_name, "省直辖县级行政区划");
  EXPECT_EQ(region->province_name, "湖北省");

  std::optional<Region> group = Catalog().Lookup("429000");
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->level, RegionLevel::kCity);
  EXPECT_EQ(group->name, "省直辖县级行政区划");
}

TEST(RegionCatalogTest, MunicipalityDistrictSitsUnderTheShiXiaQuPlaceholder) {
  std::optional<Region> region = Catalog().Lookup("110101");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(region->name, "东城区");
  EXPECT_EQ(region->city_name, "市辖区");
  EXPECT_EQ(region->province_name, "北京市");
  std::optional<Region> placeholder = Catalog().Lookup("110100");
  ASSERT_TRUE(placeholder.has_value());
  EXPECT_EQ(placeholder->level, RegionLevel::kCity);
  EXPECT_EQ(placeholder->name, "市辖区");
}

TEST(RegionCatalogTest, CityWithoutCountiesIsACity) {
  // areas.csv lists 441900 东莞市 a second time as its own area; the city entry wins.
  std::optional<Region> region = Catalog().Lookup("441900");
  ASSERT_TRUE(region.has_value());
  EXPECT_EQ(region->name, "东莞市");
  EXPECT_EQ(region->level, RegionLevel::kCity);
  EXPECT_EQ(region->province_name, "广东省");
}

TEST(RegionCatalogTest, ProvinceAndNation) {
  std::optional<Region> province = Catalog().Lookup("320000");
  ASSERT_TRUE(province.has_value());
  EXPECT_EQ(province->name, "江苏省");
  EXPECT_EQ(province->level, RegionLevel::kProvince);
  EXPECT_EQ(province->city_name, "");
  EXPECT_EQ(province->province_name, "");

  std::optional<Region> nation = Catalog().Lookup("000000");
  ASSERT_TRUE(nation.has_value());
  EXPECT_EQ(nation->level, RegionLevel::kNation);
  EXPECT_EQ(nation->name, "全国");
  EXPECT_TRUE(Catalog().IsKnown("000000"));
}

TEST(RegionCatalogTest, UnknownCode) {
  EXPECT_TRUE(RegionCatalog::IsWellFormed("999999"));
  EXPECT_FALSE(Catalog().IsKnown("999999"));
  EXPECT_FALSE(Catalog().Lookup("999999").has_value());
  // A real province with a city number it does not have.
  EXPECT_FALSE(Catalog().IsKnown("329900"));
}

TEST(RegionCatalogTest, MalformedCodes) {
  const std::vector<std::string> codes = {"",
                                          "32060",
                                          "3206000",
                                          "32060a",
                                          " 320600",
                                          "320600 ",
                                          "-32060",
                                          "32 600",
                                          "３２０６００" /* full-width digits */,
                                          std::string("3206\0"
                                                      "0",
                                                      6)};
  for (const std::string& code : codes) {
    SCOPED_TRACE(code);
    EXPECT_FALSE(RegionCatalog::IsWellFormed(code));
    EXPECT_FALSE(Catalog().IsKnown(code));
    EXPECT_FALSE(Catalog().Lookup(code).has_value());
    EXPECT_FALSE(RegionPrefix(code).has_value());
  }
}

TEST(RegionPrefixTest, DropsTrailingZeroPairs) {
  EXPECT_EQ(RegionPrefix("320600"), "3206");
  EXPECT_EQ(RegionPrefix("320000"), "32");
  EXPECT_EQ(RegionPrefix("000000"), "");
  EXPECT_EQ(RegionPrefix("320602"), "320602");
  EXPECT_EQ(RegionPrefix("429004"), "429004");
  // Only whole pairs count: a county numbered x0 keeps its last digit.
  EXPECT_EQ(RegionPrefix("320610"), "320610");
  EXPECT_EQ(RegionPrefix("320060"), "320060");
}

TEST(RegionCoversTest, CitySeesItsCountiesNotItsNeighbours) {
  EXPECT_TRUE(RegionCovers("320600", "320600"));
  EXPECT_TRUE(RegionCovers("320600", "320602"));
  EXPECT_TRUE(RegionCovers("320600", "320613"));
  EXPECT_TRUE(RegionCovers("320600", "320685"));
  EXPECT_FALSE(RegionCovers("320600", "320500"));
  EXPECT_FALSE(RegionCovers("320600", "320505"));
  EXPECT_FALSE(RegionCovers("320600", "320700"));
  EXPECT_FALSE(RegionCovers("320600", "320703"));
  // Nor upwards: a city does not see its province's own cases.
  EXPECT_FALSE(RegionCovers("320600", "320000"));
}

TEST(RegionCoversTest, ProvinceSeesItsCitiesAndCounties) {
  EXPECT_TRUE(RegionCovers("320000", "320000"));
  EXPECT_TRUE(RegionCovers("320000", "320600"));
  EXPECT_TRUE(RegionCovers("320000", "320602"));
  EXPECT_TRUE(RegionCovers("320000", "320703"));
  EXPECT_TRUE(RegionCovers("420000", "429004"));
  EXPECT_FALSE(RegionCovers("320000", "330100"));
  EXPECT_FALSE(RegionCovers("320000", "000000"));
}

TEST(RegionCoversTest, NationSeesEverything) {
  for (const char* target :
       {"000000", "320000", "320600", "320602", "429004", "110101", "999999"}) {
    EXPECT_TRUE(RegionCovers("000000", target)) << target;
  }
}

TEST(RegionCoversTest, CountySeesOnlyItself) {
  EXPECT_TRUE(RegionCovers("320602", "320602"));
  EXPECT_FALSE(RegionCovers("320602", "320600"));
  EXPECT_FALSE(RegionCovers("320602", "320613"));
  EXPECT_FALSE(RegionCovers("320602", "320000"));
  EXPECT_FALSE(RegionCovers("429004", "429005"));
}

TEST(RegionCoversTest, MalformedCodesGrantNothing) {
  EXPECT_FALSE(RegionCovers("", "320602"));
  EXPECT_FALSE(RegionCovers("32", "320602"));
  EXPECT_FALSE(RegionCovers("3206", "320602"));
  EXPECT_FALSE(RegionCovers("000000", ""));
  EXPECT_FALSE(RegionCovers("000000", "32"));
  EXPECT_FALSE(RegionCovers("320600", "3206021"));
}

constexpr std::string_view kProvinces = "code,name\n32,\"江苏省\"\n";
constexpr std::string_view kCities = "code,name,provinceCode\n3206,\"南通市\",32\n";
constexpr std::string_view kAreas =
    "code,name,cityCode,provinceCode\n320613,\"崇川区\",3206,32\n320614,\"海门区\",3206,32";

TEST(RegionCatalogFromCsvTest, BuildsFromTheDataSetShape) {
  std::string error;
  std::optional<RegionCatalog> catalog =
      RegionCatalog::FromCsv(kProvinces, kCities, kAreas, &error);
  ASSERT_TRUE(catalog.has_value()) << error;
  EXPECT_TRUE(catalog->IsKnown("320614"));
  EXPECT_FALSE(catalog->IsKnown("320612"));
  EXPECT_EQ(catalog->Lookup("320613")->city_name, "南通市");
}

TEST(RegionCatalogFromCsvTest, QuotedFieldsFollowRfc4180) {
  std::string error;
  std::optional<RegionCatalog> catalog = RegionCatalog::FromCsv(
      kProvinces, "code,name,provinceCode\r\n3206,\"南通, \"\"市\"\"\",32\r\n", kAreas, &error);
  ASSERT_TRUE(catalog.has_value()) << error;
  EXPECT_EQ(catalog->Lookup("320600")->name, "南通, \"市\"");
}

TEST(RegionCatalogFromCsvTest, RejectsDeviations) {
  struct Case {
    std::string_view provinces, cities, areas, why;
  };
  const Case cases[] = {
      {"code,name,extra\n32,\"江苏省\",x\n", kCities, kAreas, "unexpected header"},
      {"code,name\n32,\"江苏省\n", kCities, kAreas, "unterminated quote"},
      {"code,name\n32,\"江苏省\"x\n", kCities, kAreas, "text after a closing quote"},
      {"code,name\n32\n", kCities, kAreas, "missing field"},
      {"code,name\n32,\n", kCities, kAreas, "empty name"},
      {"code,name\n3a,\"江苏省\"\n", kCities, kAreas, "non-digit code"},
      {"code,name\n32,\"江苏省\"\n32,\"又一省\"\n", kCities, kAreas, "duplicate province"},
      {kProvinces, "code,name,provinceCode\n3306,\"南通市\",33\n", kAreas, "unknown province"},
      {kProvinces, "code,name,provinceCode\n3206,\"南通市\",31\n", kAreas, "code/parent mismatch"},
      {kProvinces, "code,name,provinceCode\n3200,\"假市\",32\n", kAreas,
       "city numbered as its province"},
      {kProvinces, kCities, "code,name,cityCode,provinceCode\n320713,\"X区\",3207,32\n",
       "unknown city"},
      {kProvinces, kCities, "code,name,cityCode,provinceCode\n320001,\"X区\",3200,32\n",
       "a province posing as a city"},
      {kProvinces, kCities, "code,name,cityCode,provinceCode\n320600,\"别名\",3206,32\n",
       "area repeating its city under another name"},
      {kProvinces, kCities, "", "empty file"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(RegionCatalog::FromCsv(c.provinces, c.cities, c.areas, &error).has_value())
        << c.why;
    EXPECT_FALSE(error.empty()) << c.why;
  }
}

}  // namespace
}  // namespace casebridge::law
