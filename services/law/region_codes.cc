#include "services/law/region_codes.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "services/law/csv.h"
#include "services/law/embedded_data.h"

namespace casebridge::law {
namespace {

constexpr std::string_view kNationCode = "000000";
constexpr std::string_view kNationName = "全国";

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint32_t DigitsValue(std::string_view s) {
  std::uint32_t value = 0;
  for (char c : s) value = value * 10 + static_cast<std::uint32_t>(c - '0');
  return value;
}

void SetError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

// The region tables: a strict CSV table (csv.h) whose second column, the name, is never empty.
bool ParseCsv(std::string_view text, std::string_view file_name, std::string_view header,
              std::vector<std::vector<std::string>>* rows, std::string* error) {
  if (!ParseCsvTable(text, file_name, header, rows, error)) return false;
  for (size_t i = 0; i < rows->size(); ++i) {
    if ((*rows)[i][1].empty()) {
      SetError(error, std::string(file_name) + " line " + std::to_string(i + 2) + ": empty name");
      return false;
    }
  }
  return true;
}

bool IsCodeOfLength(std::string_view code, size_t length) {
  return code.size() == length && AllDigits(code);
}

}  // namespace

const RegionCatalog& RegionCatalog::Default() {
  // Never destroyed, so lookups stay valid during static destruction elsewhere.
  static const RegionCatalog* const catalog = [] {
    std::optional<std::string_view> provinces = embedded::Find("regions/provinces.csv");
    std::optional<std::string_view> cities = embedded::Find("regions/cities.csv");
    std::optional<std::string_view> areas = embedded::Find("regions/areas.csv");
    // The data is compiled in and checked by tests, so failing here is a broken build, not an input
    // error a caller could handle.
    if (!provinces || !cities || !areas) std::abort();
    std::optional<RegionCatalog> parsed = FromCsv(*provinces, *cities, *areas, nullptr);
    if (!parsed) std::abort();
    return new RegionCatalog(std::move(*parsed));
  }();
  return *catalog;
}

std::optional<RegionCatalog> RegionCatalog::FromCsv(std::string_view provinces_csv,
                                                    std::string_view cities_csv,
                                                    std::string_view areas_csv,
                                                    std::string* error) {
  std::vector<std::vector<std::string>> rows;
  RegionCatalog catalog;
  std::vector<Entry>& entries = catalog.entries_;

  if (!ParseCsv(provinces_csv, "provinces.csv", "code,name", &rows, error)) return std::nullopt;
  for (const std::vector<std::string>& row : rows) {
    if (!IsCodeOfLength(row[0], 2) || row[0] == "00") {
      SetError(error, "provinces.csv: bad province code \"" + row[0] + "\"");
      return std::nullopt;
    }
    entries.push_back({DigitsValue(row[0]) * 10000, row[1], RegionLevel::kProvince});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.code < b.code; });

  if (!ParseCsv(cities_csv, "cities.csv", "code,name,provinceCode", &rows, error)) {
    return std::nullopt;
  }
  std::vector<Entry> cities;
  for (const std::vector<std::string>& row : rows) {
    const std::string& code = row[0];
    if (!IsCodeOfLength(code, 4) || code.ends_with("00") || code.substr(0, 2) != row[2] ||
        catalog.Find(DigitsValue(row[2]) * 10000) == nullptr) {
      SetError(error, "cities.csv: bad city code \"" + code + "\" in province \"" + row[2] + "\"");
      return std::nullopt;
    }
    cities.push_back({DigitsValue(code) * 100, row[1], RegionLevel::kCity});
  }
  entries.insert(entries.end(), cities.begin(), cities.end());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.code < b.code; });

  if (!ParseCsv(areas_csv, "areas.csv", "code,name,cityCode,provinceCode", &rows, error)) {
    return std::nullopt;
  }
  std::vector<Entry> counties;
  for (const std::vector<std::string>& row : rows) {
    const std::string& code = row[0];
    const Entry* city =
        IsCodeOfLength(code, 6) ? catalog.Find(DigitsValue(code) / 100 * 100) : nullptr;
    if (city == nullptr || city->level != RegionLevel::kCity || code.substr(0, 4) != row[2] ||
        code.substr(0, 2) != row[3]) {
      SetError(error, "areas.csv: bad county code \"" + code + "\" in city \"" + row[2] + "\"");
      return std::nullopt;
    }
    if (code.ends_with("00")) {
      // Cities without counties (东莞市 441900, 中山市, 儋州市) are listed again as their own
      // area; that row adds nothing, but a different name would mean the files disagree.
      if (city->name != row[1]) {
        SetError(error, "areas.csv: \"" + code + "\" is named differently from its city");
        return std::nullopt;
      }
      continue;
    }
    counties.push_back({DigitsValue(code), row[1], RegionLevel::kCounty});
  }
  entries.insert(entries.end(), counties.begin(), counties.end());
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.code < b.code; });

  auto duplicate =
      std::adjacent_find(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return a.code == b.code; });
  if (duplicate != entries.end()) {
    SetError(error, "duplicate region code " + std::to_string(duplicate->code));
    return std::nullopt;
  }
  return catalog;
}

bool RegionCatalog::IsWellFormed(std::string_view code) { return IsCodeOfLength(code, 6); }

const RegionCatalog::Entry* RegionCatalog::Find(std::uint32_t code) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), code,
                             [](const Entry& e, std::uint32_t c) { return e.code < c; });
  if (it == entries_.end() || it->code != code) return nullptr;
  return &*it;
}

std::optional<Region> RegionCatalog::Lookup(std::string_view code) const {
  if (!IsWellFormed(code)) return std::nullopt;
  if (code == kNationCode) {
    return Region{std::string(kNationCode), std::string(kNationName), "", "", RegionLevel::kNation};
  }
  std::uint32_t value = DigitsValue(code);
  const Entry* entry = Find(value);
  if (entry == nullptr) return std::nullopt;
  Region region{std::string(code), entry->name, "", "", entry->level};
  // FromCsv refuses any city or county without its parents, so the parents are always there.
  if (entry->level == RegionLevel::kCounty) region.city_name = Find(value / 100 * 100)->name;
  if (entry->level == RegionLevel::kCity) region.city_name = entry->name;
  if (entry->level != RegionLevel::kProvince) {
    region.province_name = Find(value / 10000 * 10000)->name;
  }
  return region;
}

bool RegionCatalog::IsKnown(std::string_view code) const {
  if (!IsWellFormed(code)) return false;
  return code == kNationCode || Find(DigitsValue(code)) != nullptr;
}

std::optional<std::string> RegionPrefix(std::string_view code) {
  if (!RegionCatalog::IsWellFormed(code)) return std::nullopt;
  while (code.ends_with("00")) code.remove_suffix(2);
  return std::string(code);
}

bool RegionCovers(std::string_view viewer_region, std::string_view target_region) {
  std::optional<std::string> prefix = RegionPrefix(viewer_region);
  if (!prefix || !RegionCatalog::IsWellFormed(target_region)) return false;
  return target_region.starts_with(*prefix);
}

}  // namespace casebridge::law
