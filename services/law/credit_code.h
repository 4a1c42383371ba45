// 统一社会信用代码 (GB 32100-2015) validation, with its embedded 组织机构代码 (GB 11714-1997).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/identifier_text.h"
#include "services/law/region_codes.h"

namespace casebridge::law {

// The 18 characters, in order:
//   1      登记管理部门码 registration department (9 = 工商/市场监管, 5 = 民政, 1 = 机构编制, …)
//   2      机构类别码 institution category within that department (91 企业, 92 个体工商户, …)
//   3–8    登记管理机关行政区划码, GB/T 2260; 100000 for national registration authorities
//   9–17   主体标识码 = the 组织机构代码, 8 characters plus its own GB 11714 check character
//   18     校验码 over characters 1–17 (ISO 7064 MOD 31-3, weights 3^(i-1) mod 31)
// Characters are 0–9 and upper-case A–Y without I, O, S, V and Z.
//
// Errors (the code is invalid): wrong length, a character outside that set, a region part that is
// not six digits, a check character that does not match.
// Warnings only (the code stays valid):
//   - a region code absent from the 2023 list: registrations keep the code of the authority's
//     division as it was, so codes of abolished divisions (e.g. 320602) are genuine;
//   - characters 9–17 failing the GB 11714 check: the standard says they are the 组织机构代码,
//     but we found no source confirming that every issued code satisfies GB 11714 there, and the
//     18th character already guards against typing errors, so a mismatch only asks the officer
//     to compare with the licence;
//   - a department or category character missing from the GB 32100 table, which departments may
//     extend.
// Known exception to the check-character error: some codes issued in 厦门 before 2016 carry an
// 18th character that does not match (e.g. 91350203M0001QKT19, reported in hutool issue #4119 as a
// live registration). They are reported as invalid like any other mismatch; a caller that must
// record one as printed can let the officer confirm it against 国家企业信用信息公示系统 and accept
// a result whose only error is kWrongCheckCharacter.
struct CreditCodeValidation {
  bool valid = false;  // no errors; there may still be warnings
  // Trimmed, full-width characters made half-width, letters upper-cased. Set even when invalid.
  std::string normalized;
  std::vector<IdentifierProblem> problems;  // length first, then by position

  // The parts below are filled when the normalized code has 18 characters, as far as the
  // characters they depend on are of the code's character set.
  char registration_department = '\0';  // character 1
  char institution_category = '\0';     // character 2
  // GB 32100 names, e.g. "工商（市场监管）" and "企业"; empty when not in the table.
  std::string registration_department_name;
  std::string institution_category_name;
  std::string region_code;        // characters 3–8, whether or not they are digits
  std::optional<Region> region;   // set when the region code is known (100000 included)
  std::string organization_code;  // characters 9–17
  // Whether characters 9–17 pass GB 11714; nullopt when they hold characters outside the set.
  std::optional<bool> organization_code_consistent;
  // The check character characters 1–17 call for; nullopt when one of them is outside the set.
  std::optional<char> expected_check_character;
};

// Validates a 统一社会信用代码 as typed or pasted by an officer. `regions` decides which region
// codes are known.
CreditCodeValidation ValidateCreditCode(std::string_view input,
                                        const RegionCatalog& regions = RegionCatalog::Default());

// The GB 32100 check character (18th) for the first 17 characters of a code; nullopt unless
// `first_seventeen` is exactly 17 characters of the code's character set.
std::optional<char> CreditCodeCheckCharacter(std::string_view first_seventeen);

// The GB 11714 check character (9th) of a 组织机构代码: with the digits 0–9 and letters A–Z valued
// 0–35, weights 3 7 9 10 5 8 4 2, C = 11 − (sum mod 11), written 'X' for 10 and '0' for 11.
// nullopt unless `first_eight` is exactly 8 digits or upper-case letters.
std::optional<char> OrganizationCodeCheckCharacter(std::string_view first_eight);

}  // namespace casebridge::law
