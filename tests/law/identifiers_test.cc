// Tests of identifier validation: 统一社会信用代码, 公民身份号码, 行政处罚决定书文号.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/credit_code.h"
#include "services/law/decision_number.h"
#include "services/law/identifier_text.h"
#include "services/law/resident_id.h"

namespace casebridge::law {
namespace {

using std::chrono::year_month_day;

constexpr year_month_day Ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

constexpr year_month_day kToday = Ymd(2026, 5, 1);
constexpr int kCurrentYear = 2026;

bool Has(const std::vector<IdentifierProblem>& problems, IdentifierIssue issue,
         ProblemSeverity severity = ProblemSeverity::kError) {
  for (const IdentifierProblem& problem : problems) {
    if (problem.issue == issue && problem.severity == severity) return true;
  }
  return false;
}

std::string Describe(const std::vector<IdentifierProblem>& problems) {
  std::string text;
  for (const IdentifierProblem& problem : problems) text += problem.message + "\n";
  return text;
}

// --- 统一社会信用代码 ---------------------------------------------------------------------------

// The widely cited example. Values (A=10 … Y=30 without I O S V Z): 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0
// 0 Y=30 4; weighted by 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 the sum is 1640, 1640 mod
// 31 = 28, 31 − 28 = 3 → '3'. Embedded 组织机构代码 M000100Y-4 (GB 11714, M=22, Y=34):
// 22·3 + 1·5 + 34·2 = 139, 139 mod 11 = 7, 11 − 7 = 4 → '4'.
constexpr std::string_view kFuzhouCode = "91350100M000100Y43";

TEST(CreditCodeTest, PublishedExampleIsValid) {
  CreditCodeValidation result = ValidateCreditCode(kFuzhouCode);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(result.problems.empty()) << Describe(result.problems);
  EXPECT_EQ(result.normalized, kFuzhouCode);
  EXPECT_EQ(result.registration_department, '9');
  EXPECT_EQ(result.registration_department_name, "工商（市场监管）");
  EXPECT_EQ(result.institution_category_name, "企业");
  EXPECT_EQ(result.region_code, "350100");
  ASSERT_TRUE(result.region.has_value());
  EXPECT_EQ(result.region->name, "福州市");
  EXPECT_EQ(result.organization_code, "M000100Y4");
  EXPECT_EQ(result.organization_code_consistent, true);
  EXPECT_EQ(result.expected_check_character, '3');
}

TEST(CreditCodeTest, CheckCharacterFunctionsMatchHandComputation) {
  EXPECT_EQ(CreditCodeCheckCharacter("91350100M000100Y4"), '3');
  EXPECT_EQ(OrganizationCodeCheckCharacter("M000100Y"), '4');
  // 事业单位 in 佛山 (issue of xbeginagain/generator): sum 1842, mod 31 = 13, 31 − 13 = 18 → 'J';
  // MB2C0754: sum 365, mod 11 = 2, 11 − 2 = 9 → '9'.
  EXPECT_EQ(CreditCodeCheckCharacter("12440600MB2C07549"), 'J');
  EXPECT_EQ(OrganizationCodeCheckCharacter("MB2C0754"), '9');
  // GB 11714's special cases: 11 − 1 = 10 → 'X' (6·2 = 12, mod 11 = 1) and 11 − 0 = 11 → '0'.
  EXPECT_EQ(OrganizationCodeCheckCharacter("00000006"), 'X');
  EXPECT_EQ(OrganizationCodeCheckCharacter("00000000"), '0');
  EXPECT_EQ(OrganizationCodeCheckCharacter("00000001"), '9');  // 2 mod 11 = 2, 11 − 2 = 9
  EXPECT_EQ(CreditCodeCheckCharacter("91350100M000100Y"), std::nullopt);   // 16 characters
  EXPECT_EQ(CreditCodeCheckCharacter("91350100M000100O4"), std::nullopt);  // O not in the set
}

TEST(CreditCodeTest, PublicInstitutionCodeIsValid) {
  CreditCodeValidation result = ValidateCreditCode("12440600MB2C07549J");
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.registration_department_name, "机构编制");
  EXPECT_EQ(result.institution_category_name, "事业单位");
  ASSERT_TRUE(result.region.has_value());
  EXPECT_EQ(result.region->name, "佛山市");
}

TEST(CreditCodeTest, EveryWrongCheckCharacterIsAnError) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (char check : kAlphabet) {
    if (check == '3') continue;
    std::string code = std::string(kFuzhouCode.substr(0, 17)) + check;
    CreditCodeValidation result = ValidateCreditCode(code);
    EXPECT_FALSE(result.valid) << code;
    ASSERT_EQ(result.problems.size(), 1u) << code << "\n" << Describe(result.problems);
    EXPECT_EQ(result.problems[0].issue, IdentifierIssue::kWrongCheckCharacter);
    EXPECT_NE(result.problems[0].message.find("第 18 位校验码应为 3"), std::string::npos);
    EXPECT_NE(result.problems[0].message.find("should be 3"), std::string::npos);
  }
}

TEST(CreditCodeTest, ReportedXiamenCodeWithMismatchedCheckIsStillAnError) {
  // hutool issue #4119 reports 91350203M0001QKT19 as a live pre-2016 厦门 registration. Sum 2279,
  // mod 31 = 16, 31 − 16 = 15 → 'F', not '9'; its 组织机构代码 part is consistent (417 mod 11 = 10
  // → 1). The only error is the check character, which is what a caller's override would test.
  CreditCodeValidation result = ValidateCreditCode("91350203M0001QKT19");
  EXPECT_FALSE(result.valid);
  ASSERT_EQ(result.problems.size(), 1u) << Describe(result.problems);
  EXPECT_EQ(result.problems[0].issue, IdentifierIssue::kWrongCheckCharacter);
  EXPECT_EQ(result.expected_check_character, 'F');
  EXPECT_EQ(result.organization_code_consistent, true);
}

TEST(CreditCodeTest, LettersIOZSVAreRejectedWherePositioned) {
  for (char letter : std::string_view("IOZSV")) {
    std::string code(kFuzhouCode);
    code[9] = letter;  // character 10, inside the 主体标识码
    CreditCodeValidation result = ValidateCreditCode(code);
    EXPECT_FALSE(result.valid) << code;
    EXPECT_TRUE(Has(result.problems, IdentifierIssue::kInvalidCharacter)) << code;
    EXPECT_NE(result.problems[0].message.find("第 10 位"), std::string::npos) << code;
    EXPECT_EQ(result.expected_check_character, std::nullopt);
  }
  CreditCodeValidation with_o = ValidateCreditCode("91350100M0OO100Y43");
  EXPECT_NE(with_o.problems[0].message.find("是否为数字 0"), std::string::npos);
}

TEST(CreditCodeTest, RegionPartMustBeDigits) {
  CreditCodeValidation result = ValidateCreditCode("9135A100M000100Y43");
  EXPECT_FALSE(result.valid);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kInvalidCharacter));
  EXPECT_NE(result.problems[0].message.find("第 5 位"), std::string::npos);
}

TEST(CreditCodeTest, AbolishedRegionIsAWarningOnly) {
  // 320602 (the old 崇川区, merged in 2020). Constructed: MA1W7J4K → GB 11714 '7', then GB 32100
  // 'M'.
  EXPECT_EQ(OrganizationCodeCheckCharacter("MA1W7J4K"), '7');
  CreditCodeValidation result = ValidateCreditCode("91320602MA1W7J4K7M");
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kUnknownRegion, ProblemSeverity::kWarning));
  EXPECT_EQ(result.region_code, "320602");
  EXPECT_FALSE(result.region.has_value());
}

TEST(CreditCodeTest, NationalRegistrationRegionIsKnown) {
  // Central bodies are registered at 100000. Constructed: 00001938 → GB 11714 '5', then GB 32100
  // '4'.
  CreditCodeValidation result = ValidateCreditCode("111000000000193854");
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(result.problems.empty()) << Describe(result.problems);
  ASSERT_TRUE(result.region.has_value());
  EXPECT_EQ(result.region->level, RegionLevel::kNation);
  EXPECT_EQ(result.institution_category_name, "机关");
}

TEST(CreditCodeTest, InconsistentOrganizationCodeIsAWarningOnly) {
  // MA1P4QRT calls for '3' under GB 11714; '4' is written, and the 18th is computed over it.
  CreditCodeValidation result = ValidateCreditCode("91320613MA1P4QRT40");
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.organization_code_consistent, false);
  ASSERT_EQ(result.problems.size(), 1u) << Describe(result.problems);
  EXPECT_EQ(result.problems[0].issue, IdentifierIssue::kOrganizationCodeMismatch);
  EXPECT_EQ(result.problems[0].severity, ProblemSeverity::kWarning);
  EXPECT_NE(result.problems[0].message.find("应为 3"), std::string::npos);
}

TEST(CreditCodeTest, IndividualBusinessAndUnknownCategory) {
  CreditCodeValidation individual = ValidateCreditCode("92320613MA1XY23B9R");
  EXPECT_TRUE(individual.valid) << Describe(individual.problems);
  EXPECT_EQ(individual.institution_category_name, "个体工商户");

  std::string unlisted =
      "9432061"
      "3MA1XY23B9";  // category 4 under 工商 is not in the table
  unlisted += *CreditCodeCheckCharacter(unlisted);
  CreditCodeValidation result = ValidateCreditCode(unlisted);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kUnknownInstitutionCategory,
                  ProblemSeverity::kWarning));
}

TEST(CreditCodeTest, FullWidthLowerCaseAndSpacesAreNormalised) {
  CreditCodeValidation result = ValidateCreditCode("\u3000９１３５０１００ｍ０００１００ｙ４３ \n");
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.normalized, kFuzhouCode);
  EXPECT_TRUE(ValidateCreditCode("91350100m000100y43").valid);
}

TEST(CreditCodeTest, WrongLengthEmptyAndForeignCharacters) {
  EXPECT_TRUE(Has(ValidateCreditCode("  ").problems, IdentifierIssue::kEmpty));
  CreditCodeValidation short_code = ValidateCreditCode("91350100M000100Y4");
  EXPECT_FALSE(short_code.valid);
  EXPECT_TRUE(Has(short_code.problems, IdentifierIssue::kWrongLength));
  EXPECT_NE(short_code.problems[0].message.find("实际为 17 位"), std::string::npos);
  CreditCodeValidation chinese = ValidateCreditCode("91350100M000100Y4号");
  EXPECT_FALSE(chinese.valid);
  EXPECT_TRUE(Has(chinese.problems, IdentifierIssue::kInvalidCharacter));
  EXPECT_NE(chinese.problems[0].message.find("第 18 位“号”"), std::string::npos);
}

// --- 公民身份号码 -------------------------------------------------------------------------------

// GB 11643-1999's own example. 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 weighted by 7 9 10 5 8 4 2 1 6 3 7
// 9 10 5 8 4 2: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2 → "10X98765432"[2]
// = 'X'.
constexpr std::string_view kStandardId = "11010519491231002X";

TEST(ResidentIdTest, StandardExampleIsValid) {
  ResidentIdValidation result = ValidateResidentId(kStandardId, kToday);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(result.problems.empty()) << Describe(result.problems);
  EXPECT_FALSE(result.legacy_fifteen_digit);
  EXPECT_EQ(result.region_code, "110105");
  ASSERT_TRUE(result.region.has_value());
  EXPECT_EQ(result.region->name, "朝阳区");
  EXPECT_EQ(result.birth_date, Ymd(1949, 12, 31));
  EXPECT_EQ(result.sex, Sex::kFemale);  // 顺序码 002: even
  EXPECT_EQ(result.eighteen_digit_form, kStandardId);
  EXPECT_EQ(ResidentIdCheckCharacter("11010519491231002"), 'X');
}

TEST(ResidentIdTest, ConstructedMaleNumber) {
  // 32060219900307123: sum mod 11 → '6'. 320602 is abolished: a warning, not a failure.
  EXPECT_EQ(ResidentIdCheckCharacter("32060219900307123"), '6');
  ResidentIdValidation result = ValidateResidentId("320602199003071236", kToday);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.sex, Sex::kMale);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kUnknownRegion, ProblemSeverity::kWarning));
  EXPECT_FALSE(result.region.has_value());
}

TEST(ResidentIdTest, EveryWrongCheckCharacterIsAnError) {
  for (char check : std::string_view("0123456789X")) {
    if (check == 'X') continue;
    std::string number = std::string(kStandardId.substr(0, 17)) + check;
    ResidentIdValidation result = ValidateResidentId(number, kToday);
    EXPECT_FALSE(result.valid) << number;
    ASSERT_EQ(result.problems.size(), 1u) << number << "\n" << Describe(result.problems);
    EXPECT_EQ(result.problems[0].issue, IdentifierIssue::kWrongCheckCharacter);
    EXPECT_NE(result.problems[0].message.find("第 18 位校验码应为 X"), std::string::npos);
    EXPECT_EQ(result.eighteen_digit_form, "");
  }
}

TEST(ResidentIdTest, LowerCaseXAndFullWidthAreNormalised) {
  EXPECT_TRUE(ValidateResidentId("11010519491231002x", kToday).valid);
  ResidentIdValidation result =
      ValidateResidentId(" １１０１０５１９４９１２３１００２ｘ\t", kToday);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.normalized, kStandardId);
}

TEST(ResidentIdTest, LegacyFifteenDigitNumberIsAcceptedAndConverted) {
  // The standard's example in its pre-1999 form: 19 inserted, check character recomputed.
  ResidentIdValidation result = ValidateResidentId("110105491231002", kToday);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(result.legacy_fifteen_digit);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kLegacyForm, ProblemSeverity::kWarning));
  EXPECT_EQ(result.birth_date, Ymd(1949, 12, 31));
  EXPECT_EQ(result.sex, Sex::kFemale);
  EXPECT_EQ(result.eighteen_digit_form, kStandardId);
  EXPECT_EQ(ConvertLegacyResidentId("110105491231002"), std::string(kStandardId));
  EXPECT_EQ(ConvertLegacyResidentId("11010549123100"), std::nullopt);
  EXPECT_EQ(ConvertLegacyResidentId("11010549123100X"), std::nullopt);
}

TEST(ResidentIdTest, LegacyNumberWithImpossibleDateIsRejected) {
  // 000229 reads as 1900-02-29; 1900 was not a leap year.
  ResidentIdValidation result = ValidateResidentId("110105000229001", kToday);
  EXPECT_FALSE(result.valid);
  EXPECT_TRUE(Has(result.problems, IdentifierIssue::kInvalidBirthDate));
  EXPECT_FALSE(Has(result.problems, IdentifierIssue::kLegacyForm, ProblemSeverity::kWarning));
}

TEST(ResidentIdTest, BirthDateMustBeRealAndNotInTheFutureNorBefore1900) {
  ResidentIdValidation february_30 = ValidateResidentId("110105199002301231", kToday);
  EXPECT_FALSE(february_30.valid);
  ASSERT_EQ(february_30.problems.size(), 1u) << Describe(february_30.problems);
  EXPECT_EQ(february_30.problems[0].issue, IdentifierIssue::kInvalidBirthDate);
  EXPECT_FALSE(february_30.birth_date.has_value());

  ResidentIdValidation tomorrow = ValidateResidentId("110105202605021233", kToday);
  EXPECT_FALSE(tomorrow.valid);
  EXPECT_TRUE(Has(tomorrow.problems, IdentifierIssue::kBirthDateInFuture));

  ResidentIdValidation born_today = ValidateResidentId("110105202605011238", kToday);
  EXPECT_TRUE(born_today.valid) << Describe(born_today.problems);

  ResidentIdValidation too_early = ValidateResidentId("110105189912311237", kToday);
  EXPECT_FALSE(too_early.valid);
  EXPECT_TRUE(Has(too_early.problems, IdentifierIssue::kBirthDateTooEarly));
}

TEST(ResidentIdTest, MessagesDoNotRepeatTheDigits) {
  ResidentIdValidation result = ValidateResidentId("110105199002301231", kToday);
  for (const IdentifierProblem& problem : result.problems) {
    EXPECT_EQ(problem.message.find("19900230"), std::string::npos) << problem.message;
  }
}

TEST(ResidentIdTest, ResidencePermitRegionsAreKnown) {
  ResidentIdValidation result = ValidateResidentId("810000199001010019", kToday);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_TRUE(result.problems.empty()) << Describe(result.problems);
  ASSERT_TRUE(result.region.has_value());
}

TEST(ResidentIdTest, BadCharactersAndLengths) {
  ResidentIdValidation letter = ValidateResidentId("1101051949123X002X", kToday);
  EXPECT_FALSE(letter.valid);
  EXPECT_TRUE(Has(letter.problems, IdentifierIssue::kInvalidCharacter));
  EXPECT_NE(letter.problems[0].message.find("第 14 位"), std::string::npos);

  EXPECT_TRUE(
      Has(ValidateResidentId("11010519491231002", kToday).problems, IdentifierIssue::kWrongLength));
  EXPECT_TRUE(Has(ValidateResidentId("", kToday).problems, IdentifierIssue::kEmpty));
  EXPECT_TRUE(Has(ValidateResidentId("11010519491231002Y", kToday).problems,
                  IdentifierIssue::kInvalidCharacter));
}

TEST(ResidentIdTest, MaskKeepsOnlyTheFirstAndLastCharacter) {
  EXPECT_EQ(MaskResidentId(kStandardId), "1****************X");
  EXPECT_EQ(MaskResidentId("110105491231002"), "1*************2");
  EXPECT_EQ(MaskResidentId(" １１０１０５１９４９１２３１００２Ｘ "), "1****************X");
  EXPECT_EQ(MaskResidentId("12"), "**");
  EXPECT_EQ(MaskResidentId(""), "");
}

// --- 行政处罚决定书文号 -------------------------------------------------------------------------

TEST(DecisionNumberTest, PlainNumberParses) {
  DecisionNumberValidation result = ParseDecisionNumber("通市监处罚〔2026〕123号", kCurrentYear);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.canonical, "通市监处罚〔2026〕123号");
  EXPECT_EQ(result.issuer_prefix, "通市监处罚");
  EXPECT_EQ(result.year, 2026);
  EXPECT_EQ(result.number, "123");
  EXPECT_EQ(result.issuing_agency_name, "");
}

TEST(DecisionNumberTest, EveryBracketStyleGivesTheSameCanonicalForm) {
  for (std::string_view text : {
           "通市监处罚〔2026〕123号",
           "通市监处罚[2026]123号",
           "通市监处罚［2026］123号",
           "通市监处罚(2026)123号",
           "通市监处罚（2026）123号",
           "通市监处罚【2026】123号",
           "通市监处罚﹝2026﹞123号",
           "通市监处罚〔2026]123号",
           "通市监处罚字〔2026〕第123号",
           "通市监处罚（２０２６）第１２３号",
           " 通 市监处罚 〔 2026 〕 第 123 号 ",
           "通市监处罚\u3000〔2026〕123",
       }) {
    DecisionNumberValidation result = ParseDecisionNumber(text, kCurrentYear);
    EXPECT_TRUE(result.valid) << text << "\n" << Describe(result.problems);
    EXPECT_EQ(result.canonical, "通市监处罚〔2026〕123号") << text;
  }
}

TEST(DecisionNumberTest, AgencyNameBeforeThePrefixIsSetAside) {
  DecisionNumberValidation result =
      ParseDecisionNumber("苏州市市场监督管理局 苏市监罚字[2026]第0045号", kCurrentYear);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.issuing_agency_name, "苏州市市场监督管理局");
  EXPECT_EQ(result.issuer_prefix, "苏市监罚");
  EXPECT_EQ(result.number, "0045");  // leading zeros kept as written
  EXPECT_EQ(result.canonical, "苏市监罚〔2026〕0045号");
}

TEST(DecisionNumberTest, LongStructuredNumberIsKeptAsWritten) {
  DecisionNumberValidation result =
      ParseDecisionNumber("沪市监虹处〔2025〕092025000123号", kCurrentYear);
  EXPECT_TRUE(result.valid) << Describe(result.problems);
  EXPECT_EQ(result.number, "092025000123");
  EXPECT_EQ(result.canonical, "沪市监虹处〔2025〕092025000123号");
}

TEST(DecisionNumberTest, YearBounds) {
  EXPECT_TRUE(ParseDecisionNumber("通市监处罚〔1990〕1号", kCurrentYear).valid);
  EXPECT_TRUE(ParseDecisionNumber("通市监处罚〔2027〕1号", kCurrentYear).valid);
  for (std::string_view text : {"通市监处罚〔1989〕1号", "通市监处罚〔2028〕1号"}) {
    DecisionNumberValidation result = ParseDecisionNumber(text, kCurrentYear);
    EXPECT_FALSE(result.valid) << text;
    EXPECT_TRUE(Has(result.problems, IdentifierIssue::kYearOutOfRange)) << text;
  }
}

TEST(DecisionNumberTest, RejectionsNameTheirReason) {
  struct Case {
    std::string_view text;
    IdentifierIssue issue;
  };
  for (const Case& c : std::vector<Case>{
           {"", IdentifierIssue::kEmpty},
           {"通市监处罚123号", IdentifierIssue::kMissingYear},
           {"通市监处罚2026年123号", IdentifierIssue::kMissingYear},
           {"通市监处罚〔26〕123号", IdentifierIssue::kMalformedYear},
           {"通市监处罚〔二〇二六〕123号", IdentifierIssue::kMalformedYear},
           {"通市监处罚〔2026 123号", IdentifierIssue::kMalformedYear},
           {"通市监处罚〔2026〕号", IdentifierIssue::kMissingNumber},
           {"通市监处罚〔2026〕第", IdentifierIssue::kMissingNumber},
           {"通市监处罚〔2026〕", IdentifierIssue::kMissingNumber},
           {"〔2026〕123号", IdentifierIssue::kMissingIssuerPrefix},
           {"字〔2026〕123号", IdentifierIssue::kMissingIssuerPrefix},
           {"通市监处罚〔2026〕12a号", IdentifierIssue::kMalformedNumber},
           {"通市监处罚〔2026〕123号之一", IdentifierIssue::kTrailingText},
       }) {
    DecisionNumberValidation result = ParseDecisionNumber(c.text, kCurrentYear);
    EXPECT_FALSE(result.valid) << c.text;
    EXPECT_EQ(result.canonical, "") << c.text;
    EXPECT_TRUE(Has(result.problems, c.issue)) << c.text << "\n" << Describe(result.problems);
  }
}

// --- shared text handling -----------------------------------------------------------------------

TEST(IdentifierTextTest, HalfWidthAndCharacterSplitting) {
  EXPECT_EQ(ToHalfWidth("ＡＢｃ１２３（）［］\u3000\u00A0〔〕"), "ABc123()[]  〔〕");
  EXPECT_EQ(ToHalfWidth("\xff\xfe"), "\xff\xfe");  // invalid UTF-8 passes through
  EXPECT_EQ(SplitUtf8Characters("a号\xff").size(), 3u);
  EXPECT_EQ(TrimAsciiWhitespace(" \t x \n"), "x");
  EXPECT_EQ(ToAsciiUpper("ab号c"), "AB号C");
}

}  // namespace
}  // namespace casebridge::law
