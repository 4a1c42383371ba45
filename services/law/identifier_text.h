// Shared by the identifier validators: problems in words an officer reads, and input clean-up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

enum class ProblemSeverity {
  kError,    // the identifier cannot be right as entered: reject it
  kWarning,  // accepted, but worth the officer's attention (e.g. an abolished region code)
};

// What went wrong, stable for callers and tests; the message carries the detail.
enum class IdentifierIssue {
  kEmpty,
  kWrongLength,
  kInvalidCharacter,     // a character the identifier's character set does not contain
  kWrongCheckCharacter,  // the final check character does not match the others
  kUnknownRegion,        // well-formed region code absent from the 2023 GB/T 2260 list
  // 统一社会信用代码 only.
  kUnknownRegistrationDepartment,  // first character not in the GB 32100 table
  kUnknownInstitutionCategory,     // second character not listed for that department
  kOrganizationCodeMismatch,       // characters 9–17 fail the GB 11714 check
  // 公民身份号码 only.
  kInvalidBirthDate,  // not a calendar date, e.g. February 30
  kBirthDateInFuture,
  kBirthDateTooEarly,  // before 1900-01-01
  kLegacyForm,         // the 15-digit form of before GB 11643-1999
  // 行政处罚决定书文号 only.
  kMissingIssuerPrefix,  // nothing before the year, so no 机关代字
  kMissingYear,
  kMalformedYear,  // the bracketed year is not four digits, or its bracket is not closed
  kYearOutOfRange,
  kMissingNumber,
  kMalformedNumber,  // the serial number has characters other than digits
  kTrailingText,     // something follows 号
};

struct IdentifierProblem {
  IdentifierIssue issue;
  ProblemSeverity severity;
  std::string message;  // Chinese, then " / ", then English
};

// Whether any problem is an error (warnings alone leave an identifier valid).
bool HasErrors(const std::vector<IdentifierProblem>& problems);

// Converts full-width ASCII variants (U+FF01–U+FF5E, e.g. "９１Ａ（") to their ASCII forms and the
// ideographic space U+3000 and no-break space U+00A0 to ' ', as Chinese input methods and copies
// from Word or web pages produce them. Everything else, invalid UTF-8 included, is copied as is.
std::string ToHalfWidth(std::string_view utf8);

// Removes leading and trailing ASCII whitespace (space, tab, CR, LF, VT, FF).
std::string_view TrimAsciiWhitespace(std::string_view text);

// ASCII letters a–z to A–Z; other bytes unchanged (so UTF-8 stays intact).
std::string ToAsciiUpper(std::string_view text);

// The text split into characters, each the bytes of one UTF-8 code point; a byte that does not
// start a valid sequence is a character of its own. Positions in messages count these.
std::vector<std::string_view> SplitUtf8Characters(std::string_view utf8);

}  // namespace casebridge::law
