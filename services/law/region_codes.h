// GB/T 2260 division codes (2023 list) and the region-scope prefix rule of DESIGN.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

enum class RegionLevel {
  kNation,    // 000000: the whole country, used for national organisations
  kProvince,  // PP0000
  // PPCC00, including the placeholders xx01 市辖区 and xx90 省直辖县级行政区划
  kCity,
  kCounty,  // PPCCDD
};

struct Region {
  std::string code;  // six digits
  std::string name;
  // The GB/T 2260 names of the enclosing city and province, exactly as listed: for a district of a
  // municipality the city is the placeholder 市辖区, for 429004 仙桃市 it is 省直辖县级行政区划.
  // A city carries its own name here; a province has no city; the nation has neither.
  std::string city_name;
  std::string province_name;
  RegionLevel level = RegionLevel::kNation;
};

// The division codes in force in the 2023 list. Codes of abolished divisions (e.g. 320602, the old
// 崇川区 merged into 320613 in 2020) still appear on old records: callers must treat "not known" as
// a warning on such records, never as a reason to reject them.
class RegionCatalog {
 public:
  // The catalogue built from the embedded copy of services/law/data/regions.
  static const RegionCatalog& Default();

  // Builds a catalogue from the three CSV files of the china-division data set; nullopt with a
  // reason in *error (may be null) if any of them departs from that exact shape.
  static std::optional<RegionCatalog> FromCsv(std::string_view provinces_csv,
                                              std::string_view cities_csv,
                                              std::string_view areas_csv, std::string* error);

  // Six ASCII digits. Says nothing about whether the code exists.
  static bool IsWellFormed(std::string_view code);

  // The division named by a six-digit code, or nullopt if the code is malformed or not listed.
  std::optional<Region> Lookup(std::string_view code) const;
  bool IsKnown(std::string_view code) const;

 private:
  struct Entry {
    std::uint32_t code;  // the six-digit code as a number, the sort key
    std::string name;
    RegionLevel level;
  };

  const Entry* Find(std::uint32_t code) const;

  std::vector<Entry> entries_;  // sorted by code, unique
};

// The code prefix that a region's scope covers: trailing "00" pairs are dropped, so 320600 →
// "3206", 320000 → "32", 320602 → "320602", and 000000 → "" (everything). nullopt for a malformed
// code, because an empty prefix would grant nationwide scope to garbage.
std::optional<std::string> RegionPrefix(std::string_view code);

// Whether an organisation at `viewer_region` may see what happens at `target_region`: true iff both
// are well-formed and the target starts with the viewer's prefix. Purely syntactic, so abolished
// codes on old cases stay inside the scope of the province and city they belonged to.
bool RegionCovers(std::string_view viewer_region, std::string_view target_region);

}  // namespace casebridge::law
