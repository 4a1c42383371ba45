#include "services/law/credit_code.h"

#include <array>
#include <cstddef>
#include <utility>

namespace casebridge::law {
namespace {

constexpr size_t kCreditCodeLength = 18;
constexpr std::string_view kCreditCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// 3^(i-1) mod 31 for positions 1–17 (GB 32100-2015, after ISO 7064 MOD 31-3).
constexpr std::array<int, 17> kCreditCodeWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                    29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::string_view kOrganizationCodeCharacters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::array<int, 8> kOrganizationCodeWeights = {3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kNationalRegistrationRegion = "100000";
constexpr size_t kMaxCharacterProblems = 5;

struct RegistrationDepartment {
  char code;
  std::string_view name;
};

struct InstitutionCategory {
  char department;
  char code;
  std::string_view name;
};

// GB 32100-2015 table 1 with its later additions A and N (as restated by secondary sources; the
// table is open to additions, hence warnings only for codes not in it).
constexpr RegistrationDepartment kDepartments[] = {
    {'1', "机构编制"},
    {'2', "外交"},
    {'3', "司法行政"},
    {'4', "文化"},
    {'5', "民政"},
    {'6', "旅游"},
    {'7', "宗教"},
    {'8', "工会"},
    {'9', "工商（市场监管）"},
    {'A', "中央军委改革和编制办公室"},
    {'N', "农业"},
    {'Y', "其他"},
};

constexpr InstitutionCategory kCategories[] = {
    {'1', '1', "机关"},
    {'1', '2', "事业单位"},
    {'1', '3', "中央编办直接管理机构编制的群众团体"},
    {'1', '9', "其他"},
    {'2', '1', "外国常驻新闻机构"},
    {'2', '9', "其他"},
    {'3', '1', "律师执业机构"},
    {'3', '2', "公证处"},
    {'3', '3', "基层法律服务所"},
    {'3', '4', "司法鉴定机构"},
    {'3', '5', "仲裁委员会"},
    {'3', '9', "其他"},
    {'4', '1', "外国在华文化中心"},
    {'4', '9', "其他"},
    {'5', '1', "社会团体"},
    {'5', '2', "民办非企业单位"},
    {'5', '3', "基金会"},
    {'5', '9', "其他"},
    {'6', '1', "外国旅游部门常驻代表机构"},
    {'6', '2', "港澳台地区旅游部门常驻内地（大陆）代表机构"},
    {'6', '9', "其他"},
    {'7', '1', "宗教活动场所"},
    {'7', '2', "宗教院校"},
    {'7', '9', "其他"},
    {'8', '1', "基层工会"},
    {'8', '9', "其他"},
    {'9', '1', "企业"},
    {'9', '2', "个体工商户"},
    {'9', '3', "农民专业合作社"},
    {'A', '1', "军队事业单位"},
    {'A', '9', "其他"},
    {'N', '1', "组级集体经济组织"},
    {'N', '2', "村级集体经济组织"},
    {'N', '3', "乡镇级集体经济组织"},
    {'N', '9', "其他"},
    {'Y', '1', "其他"},
};

const RegistrationDepartment* FindDepartment(char code) {
  for (const RegistrationDepartment& department : kDepartments) {
    if (department.code == code) return &department;
  }
  return nullptr;
}

const InstitutionCategory* FindCategory(char department, char code) {
  for (const InstitutionCategory& category : kCategories) {
    if (category.department == department && category.code == code) return &category;
  }
  return nullptr;
}

// The value of a character in `alphabet` (its index), or -1.
int ValueIn(std::string_view alphabet, char c) {
  size_t index = alphabet.find(c);
  return index == std::string_view::npos ? -1 : static_cast<int>(index);
}

bool IsSingleAsciiIn(std::string_view alphabet, std::string_view character) {
  return character.size() == 1 && ValueIn(alphabet, character[0]) >= 0;
}

bool IsAsciiDigit(std::string_view character) {
  return character.size() == 1 && character[0] >= '0' && character[0] <= '9';
}

void AddProblem(std::vector<IdentifierProblem>* problems, IdentifierIssue issue,
                ProblemSeverity severity, std::string message) {
  problems->push_back({issue, severity, std::move(message)});
}

// Why `character`, at 1-based `position`, cannot stand there; empty if it can.
std::string CharacterProblem(size_t position, std::string_view character) {
  std::string where = std::to_string(position);
  std::string quoted_zh = "“" + std::string(character) + "”";
  std::string quoted_en = "'" + std::string(character) + "'";
  if (position >= 3 && position <= 8) {
    if (IsAsciiDigit(character)) return "";
    return "第 " + where + " 位" + quoted_zh +
           "应为数字（第 3–8 位是登记管理机关行政区划码）/ character " + where + " " + quoted_en +
           " must be a digit (characters 3–8 are the region code)";
  }
  if (IsSingleAsciiIn(kCreditCodeCharacters, character)) return "";
  if (character.size() == 1 && std::string_view("IOSVZ").find(character[0]) != std::string::npos) {
    std::string hint_zh;
    std::string hint_en;
    if (character[0] == 'O') hint_zh = "，是否为数字 0？", hint_en = "; is it the digit 0?";
    if (character[0] == 'I') hint_zh = "，是否为数字 1？", hint_en = "; is it the digit 1?";
    return "第 " + where + " 位" + quoted_zh +
           "不会出现在统一社会信用代码中（不使用 I、O、S、V、Z" + hint_zh + "）/ character " +
           where + " " + quoted_en +
           " never occurs in a credit code (I, O, S, V and Z are not used" + hint_en + ")";
  }
  return "第 " + where + " 位" + quoted_zh + "不是数字或大写英文字母 / character " + where + " " +
         quoted_en + " is not a digit or a capital letter";
}

void CheckCharacters(const std::vector<std::string_view>& characters,
                     std::vector<IdentifierProblem>* problems) {
  size_t reported = 0;
  size_t unreported = 0;
  for (size_t i = 0; i < characters.size(); ++i) {
    std::string message = CharacterProblem(i + 1, characters[i]);
    if (message.empty()) continue;
    if (reported == kMaxCharacterProblems) {
      ++unreported;
      continue;
    }
    AddProblem(problems, IdentifierIssue::kInvalidCharacter, ProblemSeverity::kError,
               std::move(message));
    ++reported;
  }
  if (unreported > 0) {
    AddProblem(problems, IdentifierIssue::kInvalidCharacter, ProblemSeverity::kError,
               "另有 " + std::to_string(unreported) + " 个字符无效 / " +
                   std::to_string(unreported) + " more characters are invalid");
  }
}

void DescribeDepartmentAndCategory(CreditCodeValidation* result) {
  const RegistrationDepartment* department = FindDepartment(result->registration_department);
  if (department == nullptr) {
    AddProblem(&result->problems, IdentifierIssue::kUnknownRegistrationDepartment,
               ProblemSeverity::kWarning,
               std::string("第 1 位登记管理部门码“") + result->registration_department +
                   "”不在 GB 32100 代码表中，请与证照核对 / the registration department code '" +
                   result->registration_department +
                   "' (character 1) is not in the GB 32100 table; please compare with the "
                   "certificate");
    return;
  }
  result->registration_department_name = std::string(department->name);
  const InstitutionCategory* category =
      FindCategory(result->registration_department, result->institution_category);
  if (category != nullptr) {
    result->institution_category_name = std::string(category->name);
    return;
  }
  AddProblem(&result->problems, IdentifierIssue::kUnknownInstitutionCategory,
             ProblemSeverity::kWarning,
             std::string("第 2 位机构类别码“") + result->institution_category + "”不是" +
                 std::string(department->name) +
                 "部门在 GB 32100 中列出的类别，请与证照核对 / the institution category code '" +
                 result->institution_category +
                 "' (character 2) is not listed in GB 32100 for registration department '" +
                 result->registration_department + "'; please compare with the certificate");
}

void DescribeRegion(const RegionCatalog& regions, CreditCodeValidation* result) {
  if (!RegionCatalog::IsWellFormed(result->region_code)) return;  // already an error per digit
  if (result->region_code == kNationalRegistrationRegion) {
    result->region = Region{std::string(kNationalRegistrationRegion), "国家级登记管理机关", "", "",
                            RegionLevel::kNation};
    return;
  }
  result->region = regions.Lookup(result->region_code);
  if (result->region.has_value()) return;
  AddProblem(&result->problems, IdentifierIssue::kUnknownRegion, ProblemSeverity::kWarning,
             "第 3–8 位行政区划码 " + result->region_code +
                 " 不在 2023 年行政区划代码表中（可能是已撤销区划的旧代码），请与证照核对 / "
                 "the region code " +
                 result->region_code +
                 " (characters 3–8) is not in the 2023 list (it may belong to an abolished "
                 "division); please compare with the certificate");
}

void CheckOrganizationCode(CreditCodeValidation* result) {
  std::string_view code = result->organization_code;
  for (char c : code) {
    if (ValueIn(kCreditCodeCharacters, c) < 0) return;  // already an error per character
  }
  std::optional<char> expected = OrganizationCodeCheckCharacter(code.substr(0, 8));
  result->organization_code_consistent = expected == code[8];
  if (*result->organization_code_consistent) return;
  AddProblem(&result->problems, IdentifierIssue::kOrganizationCodeMismatch,
             ProblemSeverity::kWarning,
             "第 9–17 位组织机构代码 " + std::string(code) + " 的校验位按 GB 11714 应为 " +
                 *expected + "，请与证照核对 / the organization code " + std::string(code) +
                 " (characters 9–17) should end in " + *expected +
                 " under GB 11714; please compare with the certificate");
}

}  // namespace

std::optional<char> CreditCodeCheckCharacter(std::string_view first_seventeen) {
  if (first_seventeen.size() != kCreditCodeWeights.size()) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < first_seventeen.size(); ++i) {
    int value = ValueIn(kCreditCodeCharacters, first_seventeen[i]);
    if (value < 0) return std::nullopt;
    sum += value * kCreditCodeWeights[i];
  }
  return kCreditCodeCharacters[(31 - sum % 31) % 31];
}

std::optional<char> OrganizationCodeCheckCharacter(std::string_view first_eight) {
  if (first_eight.size() != kOrganizationCodeWeights.size()) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < first_eight.size(); ++i) {
    int value = ValueIn(kOrganizationCodeCharacters, first_eight[i]);
    if (value < 0) return std::nullopt;
    sum += value * kOrganizationCodeWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

CreditCodeValidation ValidateCreditCode(std::string_view input, const RegionCatalog& regions) {
  CreditCodeValidation result;
  result.normalized = ToAsciiUpper(TrimAsciiWhitespace(ToHalfWidth(input)));
  if (result.normalized.empty()) {
    AddProblem(&result.problems, IdentifierIssue::kEmpty, ProblemSeverity::kError,
               "统一社会信用代码为空 / the credit code is empty");
    return result;
  }
  std::vector<std::string_view> characters = SplitUtf8Characters(result.normalized);
  if (characters.size() != kCreditCodeLength) {
    AddProblem(&result.problems, IdentifierIssue::kWrongLength, ProblemSeverity::kError,
               "统一社会信用代码应为 18 位，实际为 " + std::to_string(characters.size()) +
                   " 位 / a credit code has 18 characters, this one has " +
                   std::to_string(characters.size()));
  }
  CheckCharacters(characters, &result.problems);
  if (characters.size() == kCreditCodeLength) {
    // Every character is one byte unless it was already reported as invalid.
    const std::string& code = result.normalized;
    if (IsSingleAsciiIn(kCreditCodeCharacters, characters[0]) &&
        IsSingleAsciiIn(kCreditCodeCharacters, characters[1])) {
      result.registration_department = characters[0][0];
      result.institution_category = characters[1][0];
      DescribeDepartmentAndCategory(&result);
    }
    if (code.size() == kCreditCodeLength) {
      result.region_code = code.substr(2, 6);
      result.organization_code = code.substr(8, 9);
      DescribeRegion(regions, &result);
      CheckOrganizationCode(&result);
      result.expected_check_character = CreditCodeCheckCharacter(code.substr(0, 17));
      if (result.expected_check_character && *result.expected_check_character != code[17]) {
        AddProblem(&result.problems, IdentifierIssue::kWrongCheckCharacter, ProblemSeverity::kError,
                   std::string("第 18 位校验码应为 ") + *result.expected_check_character +
                       "，实际为 " + code[17] + "，请核对是否有输错的字符 / the check character " +
                       "(character 18) should be " + *result.expected_check_character + ", not " +
                       code[17] + "; please look for a mistyped character");
      }
    }
  }
  result.valid = !HasErrors(result.problems);
  return result;
}

}  // namespace casebridge::law
