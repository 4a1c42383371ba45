// The region-prefix rule as the caller sees it, and the role checks on a Principal.
#include "services/core/access_control.h"

#include <gtest/gtest.h>

namespace casebridge::core {
namespace {

Principal At(const std::string& region) {
  Principal p;
  p.claims.set_region_code(region);
  p.claims.add_roles(v1::ROLE_PROCURATOR);
  return p;
}

TEST(PrincipalRegionTest, CitySeesItsCountiesNotItsNeighbours) {
  Principal nantong = At("320600");
  EXPECT_TRUE(nantong.CoversRegion("320613"));  // 崇川区
  EXPECT_TRUE(nantong.CoversRegion("320681"));  // 启东市
  EXPECT_TRUE(nantong.CoversRegion("320600"));
  EXPECT_FALSE(nantong.CoversRegion("320505"));  // 苏州 虎丘区
  EXPECT_FALSE(nantong.CoversRegion("320700"));  // 连云港市
  EXPECT_FALSE(nantong.CoversRegion("320000"));  // its own province is wider than it
}

TEST(PrincipalRegionTest, ProvinceSeesItsCities) {
  Principal jiangsu = At("320000");
  EXPECT_TRUE(jiangsu.CoversRegion("320600"));
  EXPECT_TRUE(jiangsu.CoversRegion("320505"));
  EXPECT_FALSE(jiangsu.CoversRegion("330100"));  // 杭州市
}

TEST(PrincipalRegionTest, NationSeesEverything) {
  Principal nation = At("000000");
  EXPECT_TRUE(nation.CoversRegion("320613"));
  EXPECT_TRUE(nation.CoversRegion("650100"));
}

TEST(PrincipalRegionTest, CountySeesOnlyItself) {
  Principal county = At("320613");
  EXPECT_TRUE(county.CoversRegion("320613"));
  EXPECT_FALSE(county.CoversRegion("320612"));
}

TEST(PrincipalRegionTest, MalformedCodesGrantNothing) {
  EXPECT_FALSE(At("").CoversRegion("320613"));
  EXPECT_FALSE(At("32060").CoversRegion("320613"));
  EXPECT_FALSE(At("000000").CoversRegion("garbage"));
}

TEST(PrincipalRoleTest, HasAnyRole) {
  Principal p = At("320600");
  EXPECT_TRUE(p.HasRole(v1::ROLE_PROCURATOR));
  EXPECT_FALSE(p.HasRole(v1::ROLE_OFFICER));
  EXPECT_TRUE(p.HasAnyRole({v1::ROLE_OFFICER, v1::ROLE_PROCURATOR}));
  EXPECT_FALSE(p.HasAnyRole({v1::ROLE_OFFICER, v1::ROLE_AGENCY_HEAD}));
}

}  // namespace
}  // namespace casebridge::core
