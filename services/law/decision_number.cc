#include "services/law/decision_number.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <utility>

namespace casebridge::law {
namespace {

// Full-width ［］ and （） are already half-width when these are looked up.
constexpr std::string_view kOpeningBrackets[] = {"〔", "﹝", "[", "(", "【"};
constexpr std::string_view kClosingBrackets[] = {"〕", "﹞", "]", ")", "】"};
constexpr std::string_view kAgencyNameEndings[] = {"局",   "厅",     "署",   "委员会", "海关",
                                                   "政府", "办公室", "总队", "支队",   "大队"};
constexpr int kEarliestYear = 1990;

using Characters = std::vector<std::string_view>;

template <size_t N>
bool IsOneOf(std::string_view character, const std::string_view (&set)[N]) {
  return std::find(std::begin(set), std::end(set), character) != std::end(set);
}

bool IsSpace(std::string_view character) {
  return character.size() == 1 && TrimAsciiWhitespace(character).empty();
}

bool AllAsciiDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The characters [begin, end) joined, spaces dropped.
std::string JoinWithoutSpaces(const Characters& characters, size_t begin, size_t end) {
  std::string joined;
  for (size_t i = begin; i < end; ++i) {
    if (!IsSpace(characters[i])) joined.append(characters[i]);
  }
  return joined;
}

void AddError(DecisionNumberValidation* result, IdentifierIssue issue, std::string message) {
  result->problems.push_back({issue, ProblemSeverity::kError, std::move(message)});
}

struct BracketedYear {
  size_t open;   // index of the opening bracket
  size_t close;  // index of the closing bracket, or characters.size() if there is none
  std::string content;
};

// The year bracket: the first bracket pair holding only digits (and spaces), else the first
// opening bracket at all, with whatever follows it up to its closing bracket.
std::optional<BracketedYear> FindBracketedYear(const Characters& characters) {
  std::optional<BracketedYear> first;
  for (size_t open = 0; open < characters.size(); ++open) {
    if (!IsOneOf(characters[open], kOpeningBrackets)) continue;
    size_t close = open + 1;
    while (close < characters.size() && !IsOneOf(characters[close], kClosingBrackets)) ++close;
    BracketedYear candidate{open, close, JoinWithoutSpaces(characters, open + 1, close)};
    if (close < characters.size() && AllAsciiDigits(candidate.content)) return candidate;
    if (!first) first = std::move(candidate);
  }
  return first;
}

// Splits the text before the year into an agency name written out in full and the prefix.
void ReadIssuer(const Characters& characters, size_t end, DecisionNumberValidation* result) {
  std::vector<std::string> words(1);
  for (size_t i = 0; i < end; ++i) {
    if (!IsSpace(characters[i])) {
      words.back().append(characters[i]);
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  size_t prefix_start = 0;
  while (
      words.size() - prefix_start > 1 &&
      std::any_of(std::begin(kAgencyNameEndings), std::end(kAgencyNameEndings),
                  [&](std::string_view ending) { return words[prefix_start].ends_with(ending); })) {
    if (!result->issuing_agency_name.empty()) result->issuing_agency_name += ' ';
    result->issuing_agency_name += words[prefix_start++];
  }
  for (size_t i = prefix_start; i < words.size(); ++i) result->issuer_prefix += words[i];
  if (result->issuer_prefix.ends_with("字")) {
    result->issuer_prefix.resize(result->issuer_prefix.size() - std::string_view("字").size());
  }
  if (result->issuer_prefix.empty()) {
    AddError(result, IdentifierIssue::kMissingIssuerPrefix,
             "年份前缺少机关代字（如“通市监处罚”）/ the issuer prefix before the year (such as "
             "通市监处罚) is missing");
  }
}

void ReadYear(const BracketedYear& bracket, size_t character_count, int current_year,
              DecisionNumberValidation* result) {
  if (bracket.close == character_count) {
    AddError(result, IdentifierIssue::kMalformedYear,
             "年份的括号没有闭合 / the bracket around the year is not closed");
    return;
  }
  if (bracket.content.size() != 4 || !AllAsciiDigits(bracket.content)) {
    AddError(result, IdentifierIssue::kMalformedYear,
             "括号中的“" + bracket.content + "”应为四位数字年份（如〔2026〕）/ '" +
                 bracket.content +
                 "' in the brackets should be a four-digit year such as 〔2026〕");
    return;
  }
  int year = std::stoi(bracket.content);
  result->year = year;
  if (year < kEarliestYear || year > current_year + 1) {
    std::string range = std::to_string(kEarliestYear) + "–" + std::to_string(current_year + 1);
    AddError(result, IdentifierIssue::kYearOutOfRange,
             "年份 " + bracket.content + " 应在 " + range + " 之间 / the year " + bracket.content +
                 " should be within " + range);
  }
}

void ReadNumber(const Characters& characters, size_t begin, DecisionNumberValidation* result) {
  std::string rest = JoinWithoutSpaces(characters, begin, characters.size());
  if (rest.starts_with("第")) rest.erase(0, std::string_view("第").size());
  std::string trailing;
  if (size_t hao = rest.find("号"); hao != std::string::npos) {
    trailing = rest.substr(hao + std::string_view("号").size());
    rest.resize(hao);
  }
  if (rest.empty()) {
    AddError(result, IdentifierIssue::kMissingNumber,
             "年份后缺少文号序号（如“123号”）/ the serial number after the year (such as 123号) is "
             "missing");
  } else if (!AllAsciiDigits(rest)) {
    AddError(result, IdentifierIssue::kMalformedNumber,
             "文号序号“" + rest + "”只能由阿拉伯数字组成 / the serial number '" + rest +
                 "' may only contain digits");
  } else {
    result->number = rest;
  }
  if (!trailing.empty()) {
    AddError(result, IdentifierIssue::kTrailingText,
             "“号”字后还有多余内容“" + trailing + "” / there is extra text after 号: '" + trailing +
                 "'");
  }
}

}  // namespace

DecisionNumberValidation ParseDecisionNumber(std::string_view input, int current_year) {
  DecisionNumberValidation result;
  std::string text(TrimAsciiWhitespace(ToHalfWidth(input)));
  if (text.empty()) {
    AddError(&result, IdentifierIssue::kEmpty, "文号为空 / the decision number is empty");
    return result;
  }
  Characters characters = SplitUtf8Characters(text);
  std::optional<BracketedYear> bracket = FindBracketedYear(characters);
  if (!bracket) {
    AddError(
        &result, IdentifierIssue::kMissingYear,
        "没有找到括号中的年份（如〔2026〕）/ no year in brackets (such as 〔2026〕) was found");
    return result;
  }
  ReadIssuer(characters, bracket->open, &result);
  ReadYear(*bracket, characters.size(), current_year, &result);
  if (bracket->close < characters.size()) ReadNumber(characters, bracket->close + 1, &result);
  result.valid = !HasErrors(result.problems);
  if (result.valid) {
    result.canonical =
        result.issuer_prefix + "〔" + std::to_string(*result.year) + "〕" + result.number + "号";
  }
  return result;
}

}  // namespace casebridge::law
