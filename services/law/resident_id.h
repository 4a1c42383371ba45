// 公民身份号码 (GB 11643-1999) validation, legacy 15-digit conversion, and masking.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/identifier_text.h"
#include "services/law/region_codes.h"

namespace casebridge::law {

enum class Sex { kMale, kFemale };

// The 18 characters, in order:
//   1–6    地址码: GB/T 2260 code of the county where the person's household was registered
//   7–14   出生日期码 YYYYMMDD
//   15–17  顺序码; the 17th digit is odd for men and even for women
//   18     校验码, ISO 7064 MOD 11-2 over characters 1–17, 'X' standing for 10
// The 15-digit form of before 1999 has a six-digit YYMMDD date (always 19YY) and no check digit;
// it is accepted with a kLegacyForm warning and converted to 18 digits.
//
// Errors: wrong length, a non-digit (other than a final X), a date of birth that is not a real
// date, lies after `today` or before 1900, a check character that does not match.
// Warning only: a region code absent from the 2023 list. People keep the number they were given,
// so codes of divisions abolished since are common on valid cards. The codes 810000, 820000 and
// 830000 of the 港澳台居民居住证 are known.
//
// Messages never repeat the digits of the number, since they may reach logs and error responses;
// the officer sees the number they typed beside them.
struct ResidentIdValidation {
  bool valid = false;  // no errors; there may still be warnings
  bool legacy_fifteen_digit = false;
  // Trimmed, full-width characters made half-width, 'x' made 'X'. Set even when invalid.
  std::string normalized;
  std::vector<IdentifierProblem> problems;  // length first, then by position

  // The parts below are filled as far as the characters they depend on are digits.
  std::string region_code;                                // characters 1–6
  std::optional<Region> region;                           // set when the code is known
  std::optional<std::chrono::year_month_day> birth_date;  // set when it is a real date
  std::optional<Sex> sex;
  // 18-digit numbers: the check character characters 1–17 call for.
  std::optional<char> expected_check_character;
  // Set when valid: the number itself, or the 18-digit form of a legacy number.
  std::string eighteen_digit_form;
};

// Validates a 公民身份号码 as typed or pasted by an officer. `today` is the current date in
// Asia/Shanghai, supplied by the caller (this library never reads a clock); `regions` decides
// which address codes are known.
ResidentIdValidation ValidateResidentId(std::string_view input, std::chrono::year_month_day today,
                                        const RegionCatalog& regions = RegionCatalog::Default());

// The GB 11643 check character for the first 17 digits: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4
// 2, the weighted sum mod 11 indexing "10X98765432". nullopt unless exactly 17 ASCII digits.
std::optional<char> ResidentIdCheckCharacter(std::string_view first_seventeen);

// The 18-digit form of a legacy 15-digit number: "19" inserted before the YYMMDD birth date and
// the check character appended. Input is trimmed and made half-width first; nullopt unless it is
// then 15 ASCII digits. The date is not checked here: ValidateResidentId does that.
std::optional<std::string> ConvertLegacyResidentId(std::string_view fifteen_digits);

// Keeps the first and last character and replaces every other one with '*', after trimming and
// making the input half-width
// ("11010519491231002X" → "1****************X"); two characters or fewer become all stars.
//
// Why so little is kept: 市场监管总局令第45号 art. 6 forbids publishing ID numbers, so disclosure
// drops the number entirely; this mask is for the places where one still shows up, such as free
// text being redacted, lists and logs. The usual "first 6, last 4" display keeps the county of
// household registration and the sex digit, which with a name narrows a person down; the first
// digit (a broad region of the country) and the check character say nothing about the person,
// while the mask still shows that a number was there and how long it was.
std::string MaskResidentId(std::string_view id_number);

}  // namespace casebridge::law
