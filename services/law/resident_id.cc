#include "services/law/resident_id.h"

#include <array>
#include <cstddef>
#include <utility>

namespace casebridge::law {
namespace {

constexpr size_t kLength = 18;
constexpr size_t kLegacyLength = 15;
constexpr std::array<int, 17> kCheckWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacterByRemainder = "10X98765432";
constexpr int kEarliestBirthYear = 1900;

// The 港澳台居民居住证 (2018) numbers follow GB 11643 with these address codes, which GB/T 2260
// does not list.
struct ResidencePermitRegion {
  std::string_view code;
  std::string_view name;
};
constexpr ResidencePermitRegion kResidencePermitRegions[] = {
    {"810000", "香港特别行政区（港澳台居民居住证）"},
    {"820000", "澳门特别行政区（港澳台居民居住证）"},
    {"830000", "台湾地区（港澳台居民居住证）"},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

void AddProblem(std::vector<IdentifierProblem>* problems, IdentifierIssue issue,
                ProblemSeverity severity, std::string message) {
  problems->push_back({issue, severity, std::move(message)});
}

std::string Normalize(std::string_view input) {
  std::string text(TrimAsciiWhitespace(ToHalfWidth(input)));
  for (char& c : text) {
    if (c == 'x') c = 'X';
  }
  return text;
}

std::optional<Region> LookupRegion(const RegionCatalog& regions, const std::string& code) {
  for (const ResidencePermitRegion& permit_region : kResidencePermitRegions) {
    if (permit_region.code == code) {
      return Region{code, std::string(permit_region.name), "", "", RegionLevel::kProvince};
    }
  }
  return regions.Lookup(code);
}

// Reports every character that cannot stand where it is; true if there was none.
bool CheckCharacters(const std::vector<std::string_view>& characters,
                     std::vector<IdentifierProblem>* problems) {
  bool all_valid = true;
  for (size_t i = 0; i < characters.size(); ++i) {
    std::string_view character = characters[i];
    bool is_last_of_eighteen = characters.size() == kLength && i + 1 == kLength;
    if (character.size() == 1 &&
        (IsDigit(character[0]) || (is_last_of_eighteen && character[0] == 'X'))) {
      continue;
    }
    all_valid = false;
    std::string where = std::to_string(i + 1);
    AddProblem(problems, IdentifierIssue::kInvalidCharacter, ProblemSeverity::kError,
               is_last_of_eighteen
                   ? "第 18 位“" + std::string(character) + "”应为数字或 X / character 18 '" +
                         std::string(character) + "' must be a digit or X"
                   : "第 " + where + " 位“" + std::string(character) + "”应为数字 / character " +
                         where + " '" + std::string(character) + "' must be a digit");
  }
  return all_valid;
}

// Checks the date of birth at `digits` (YYYYMMDD) and records it; `where` names its characters.
void CheckBirthDate(std::string_view digits, std::chrono::year_month_day today,
                    std::string_view where_zh, std::string_view where_en,
                    ResidentIdValidation* result) {
  std::chrono::year_month_day date{
      std::chrono::year{DigitsValue(digits.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(DigitsValue(digits.substr(4, 2)))},
      std::chrono::day{static_cast<unsigned>(DigitsValue(digits.substr(6, 2)))}};
  if (!date.ok()) {
    AddProblem(&result->problems, IdentifierIssue::kInvalidBirthDate, ProblemSeverity::kError,
               std::string(where_zh) + "的出生日期不是真实存在的日期（如 2 月 30 日）/ " +
                   std::string(where_en) + " are not a real date of birth (such as February 30)");
    return;
  }
  result->birth_date = date;
  if (date > today) {
    AddProblem(&result->problems, IdentifierIssue::kBirthDateInFuture, ProblemSeverity::kError,
               std::string(where_zh) + "的出生日期晚于今天 / the date of birth in " +
                   std::string(where_en) + " is after today");
  } else if (date.year() < std::chrono::year{kEarliestBirthYear}) {
    AddProblem(&result->problems, IdentifierIssue::kBirthDateTooEarly, ProblemSeverity::kError,
               std::string(where_zh) + "的出生日期早于 1900 年 / the date of birth in " +
                   std::string(where_en) + " is before 1900");
  }
}

}  // namespace

std::optional<char> ResidentIdCheckCharacter(std::string_view first_seventeen) {
  if (first_seventeen.size() != kCheckWeights.size() || !AllDigits(first_seventeen)) {
    return std::nullopt;
  }
  int sum = 0;
  for (size_t i = 0; i < first_seventeen.size(); ++i) {
    sum += (first_seventeen[i] - '0') * kCheckWeights[i];
  }
  return kCheckCharacterByRemainder[sum % 11];
}

std::optional<std::string> ConvertLegacyResidentId(std::string_view fifteen_digits) {
  std::string legacy = Normalize(fifteen_digits);
  if (legacy.size() != kLegacyLength || !AllDigits(legacy)) return std::nullopt;
  std::string body = legacy.substr(0, 6) + "19" + legacy.substr(6);
  return body + *ResidentIdCheckCharacter(body);
}

ResidentIdValidation ValidateResidentId(std::string_view input, std::chrono::year_month_day today,
                                        const RegionCatalog& regions) {
  ResidentIdValidation result;
  result.normalized = Normalize(input);
  if (result.normalized.empty()) {
    AddProblem(&result.problems, IdentifierIssue::kEmpty, ProblemSeverity::kError,
               "公民身份号码为空 / the ID number is empty");
    return result;
  }
  std::vector<std::string_view> characters = SplitUtf8Characters(result.normalized);
  if (characters.size() != kLength && characters.size() != kLegacyLength) {
    AddProblem(&result.problems, IdentifierIssue::kWrongLength, ProblemSeverity::kError,
               "公民身份号码应为 18 位（旧号码 15 位），实际为 " +
                   std::to_string(characters.size()) +
                   " 位 / an ID number has 18 characters (15 in the legacy form), this one has " +
                   std::to_string(characters.size()));
    return result;
  }
  bool all_valid = CheckCharacters(characters, &result.problems);
  const std::string& number = result.normalized;
  result.legacy_fifteen_digit = characters.size() == kLegacyLength;
  if (!all_valid && number.size() != characters.size()) {
    result.valid = false;  // multi-byte characters: positions below would not line up
    return result;
  }

  std::string_view region_code = std::string_view(number).substr(0, 6);
  if (AllDigits(region_code)) {
    result.region_code = std::string(region_code);
    result.region = LookupRegion(regions, result.region_code);
    if (!result.region.has_value()) {
      AddProblem(
          &result.problems, IdentifierIssue::kUnknownRegion, ProblemSeverity::kWarning,
          "第 1–6 位地址码不在 2023 年行政区划代码表中（可能是已撤销区划的旧代码），请与证件"
          "核对 / the region code (characters 1–6) is not in the 2023 list (it may belong to "
          "an abolished division); please compare with the ID card");
    }
  }

  std::string birth_digits =
      result.legacy_fifteen_digit ? "19" + number.substr(6, 6) : number.substr(6, 8);
  if (AllDigits(birth_digits)) {
    if (result.legacy_fifteen_digit) {
      CheckBirthDate(birth_digits, today, "第 7–12 位", "characters 7–12", &result);
    } else {
      CheckBirthDate(birth_digits, today, "第 7–14 位", "characters 7–14", &result);
    }
  }

  char sex_digit = number[result.legacy_fifteen_digit ? 14 : 16];
  if (IsDigit(sex_digit)) result.sex = (sex_digit - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;

  if (!result.legacy_fifteen_digit) {
    result.expected_check_character = ResidentIdCheckCharacter(number.substr(0, 17));
    if (result.expected_check_character && *result.expected_check_character != number[17]) {
      AddProblem(&result.problems, IdentifierIssue::kWrongCheckCharacter, ProblemSeverity::kError,
                 std::string("第 18 位校验码应为 ") + *result.expected_check_character +
                     "，请核对号码中是否有输错的数字 / the check character (character 18) should "
                     "be " +
                     *result.expected_check_character + "; please look for a mistyped digit");
    }
  }

  result.valid = !HasErrors(result.problems);
  if (!result.valid) return result;
  if (result.legacy_fifteen_digit) {
    result.eighteen_digit_form = *ConvertLegacyResidentId(number);
    AddProblem(&result.problems, IdentifierIssue::kLegacyForm, ProblemSeverity::kWarning,
               "这是 15 位旧号码，已按 GB 11643-1999 转换为 18 位号码，请尽量录入证件上的 18 位号码"
               " / this is a legacy 15-digit number, converted to its 18-digit form under "
               "GB 11643-1999; enter the 18-digit number from the ID card where possible");
  } else {
    result.eighteen_digit_form = number;
  }
  return result;
}

std::string MaskResidentId(std::string_view id_number) {
  std::string text(TrimAsciiWhitespace(ToHalfWidth(id_number)));
  std::vector<std::string_view> characters = SplitUtf8Characters(text);
  if (characters.size() <= 2) return std::string(characters.size(), '*');
  std::string masked(characters.front());
  masked.append(characters.size() - 2, '*');
  masked.append(characters.back());
  return masked;
}

}  // namespace casebridge::law
